#include <cblas.h>

// OpenBLAS extras: the number of threads its routines use.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
