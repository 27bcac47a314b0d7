#ifndef WORKBOOK_CSYSTEM_H
#define WORKBOOK_CSYSTEM_H

/// Makes the calling process a child subreaper (Linux's PR_SET_CHILD_SUBREAPER): a process orphaned below it
/// is reparented to it instead of to init, so it can still be found and ended. Returns 0, or -1 with errno.
/// A C function because Swift does not import prctl, which is variadic.
int workbook_become_subreaper(void);

#endif
