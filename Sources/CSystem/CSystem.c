#define _GNU_SOURCE
#include "CSystem.h"

#include <spawn.h>

#include <sys/prctl.h>

int workbook_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int workbook_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}
