/*
 * statfmt.h -- stat's output forms (shmctl-stat(1)): the readable block,
 * --terse, -c FORMAT and --printf FORMAT; --json is the table's.
 */
#ifndef SHMCTL_STATFMT_H
#define SHMCTL_STATFMT_H

#include <stdbool.h>

#include "row.h"

/* stat: the readable block (a blank line between objects is the caller's). */
void out_print_stat_block(const struct shm_row *);
/* stat --terse: the ten fields of the original library's fstat. */
void out_print_stat_terse(const struct shm_row *);
/*
 * stat -c FORMAT (escapes false: no escape is interpreted, a newline ends
 * each object) and --printf FORMAT (escapes true: backslash escapes, no
 * newline added), as coreutils' stat(1).  out_stat_format_check returns -1
 * on a directive or escape stat(1) does not have, with *why set to a
 * static message that quotes it.
 */
int out_stat_format_check(const char *fmt, bool escapes, const char **why);
void out_print_stat_format(const char *fmt, bool escapes,
    const struct shm_row *);

#endif
