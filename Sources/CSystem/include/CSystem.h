#ifndef WORKBOOK_CSYSTEM_H
#define WORKBOOK_CSYSTEM_H

/// Makes the calling process a child subreaper (Linux's PR_SET_CHILD_SUBREAPER): a process orphaned below it
/// is reparented to it instead of to init, so it can still be found and ended. Returns 0, or -1 with errno.
/// A C function because Swift does not import prctl, which is variadic.
int workbook_become_subreaper(void);

#include <spawn.h>

/// Adds "change to `path`" to a spawn's file actions (glibc's posix_spawn_file_actions_addchdir_np, which Swift
/// does not see: it is declared only under _GNU_SOURCE). Returns 0 or an error number.
int workbook_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
