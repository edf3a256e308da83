/*
 * dffmt.h -- df's report (shmctl-df(1)) as text tables (libsmartcols)
 * and as JSON ({"df": [...]}), from the sums of usage.h.
 */
#ifndef SHMCTL_DFFMT_H
#define SHMCTL_DFFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "nsfind.h"
#include "usage.h"

/* One namespace's report. */
struct df_entry {
	const char *dir;		/* the namespace directory */
	const struct usage *u;
	const struct ns_info *ns;	/* -A: which namespace, or NULL */
};

struct df_format {
	bool bytes;		/* -b: sizes in bytes, not 1.5M */
	bool color;		/* bars in colour (a terminal, no NO_COLOR) */
};

/* Returns 0, or -1 with errno set when out of memory. */
int df_print_text(const struct df_format *, const struct df_entry *,
    size_t n);
void df_print_json(const struct df_entry *, size_t n);

#endif
