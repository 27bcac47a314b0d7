/* The reference for BibTeXNamesTests: libbtparse's own split of each name given as an argument (Debian
 * libbtparse-dev). Build and run: cc -o bt_split_names bt_split_names.c -lbtparse &&
 *   ./bt_split_names "Ludwig van Beethoven" … > bt_split_names.txt */
#include <btparse.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  bt_initialize();
  for (int a = 1; a < argc; a++) {
    char buf[1000]; strcpy(buf, argv[a]);
    bt_name *nm = bt_split_name(buf, "x", 1, 0);
    printf("%-40s", argv[a]);
    const char *lab[] = {"first","von","last","jr"};
    for (int p=0;p<4;p++){ printf(" %s=[", lab[p]); for(int k=0;k<nm->part_len[p];k++) printf("%s%s", k?" ":"", nm->parts[p][k]); printf("]");}
    printf("\n");
    bt_free_name(nm);
  }
}
