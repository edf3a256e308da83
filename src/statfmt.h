/*
 * statfmt.h -- stat's output forms (shmctl-stat(1)): the readable block,
 * --terse and -c FORMAT; --json is the table's.
 */
#ifndef SHMCTL_STATFMT_H
#define SHMCTL_STATFMT_H

#include "row.h"

/* stat: the readable block (a blank line between objects is the caller's). */
void out_print_stat_block(const struct shm_row *);
/* stat --terse: the ten fields of the original library's fstat. */
void out_print_stat_terse(const struct shm_row *);
/*
 * stat -c FORMAT.  out_stat_format_check returns -1 on an unknown or
 * unfinished % directive, found at *bad in fmt, *badlen bytes long.
 */
int out_stat_format_check(const char *fmt, const char **bad, int *badlen);
void out_print_stat_format(const char *fmt, const struct shm_row *);

#endif
