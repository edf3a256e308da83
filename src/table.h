/*
 * table.h -- rows printed through the column table of list and stat
 * (column.h, shmctl-list(1)): aligned tables, raw and pairs
 * (libsmartcols), JSON and list -0.  Every name is escaped here (vis(3),
 * C style) so that no unprintable byte reaches a terminal; only list -0
 * into a pipe or file writes names raw, for xargs -0.
 */
#ifndef SHMCTL_TABLE_H
#define SHMCTL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "column.h"
#include "json.h"
#include "row.h"

enum out_format {
	OUT_TABLE,		/* aligned columns with a header */
	OUT_RAW,		/* -r: space-separated, escaped */
	OUT_PAIRS,		/* -P: NAME="value" pairs */
	OUT_JSON,		/* {"shm": [ {...}, ... ]} */
};

struct out_opts {
	enum out_format format;
	bool noheadings;	/* -n */
	bool bytes;		/* -b: sizes in bytes, not 1.5M */
	struct out_columns cols;
};

/*
 * Prints rows in the chosen format to stdout.  Returns 0, or -1 when
 * libsmartcols fails (errno set); write errors are left to
 * cmd_flush_stdout.
 */
int out_print_rows(const struct out_opts *, const struct shm_row *, size_t n);

/* list -0: each name followed by a NUL; escaped when escape is true. */
void out_print_names0(const struct shm_row *, size_t n, bool escape);

/*
 * The members of one row for the columns cols, as list --json writes
 * them but for the name, escaped as in text (shmctl-gc(1)), into the
 * object being written; with "holders_complete" after them when HOLDERS or
 * PIDS is among them.
 */
void out_json_row(struct out_json *, const struct out_columns *,
    const struct shm_row *);

/*
 * A row's namespace (list -A): {"dev": "0:45", "pid": 1234, "cgroup":
 * "/...", "container": "docker ..."}, or null.
 */
struct ns_info;
void out_json_namespace(struct out_json *, const struct ns_info *);

#endif
