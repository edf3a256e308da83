/*
 * table.h -- the column table of list and stat (shmctl-list(1)), and rows
 * printed through it: aligned tables, raw and pairs (libsmartcols), JSON
 * and list -0.  Every name is escaped here (vis(3), C style) so that no
 * unprintable byte reaches a terminal; only list -0 into a pipe or file
 * writes names raw, for xargs -0.
 */
#ifndef SHMCTL_TABLE_H
#define SHMCTL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "row.h"

/* The columns of list, in this order in --help. */
enum out_col {
	OUT_COL_NAME,
	OUT_COL_SIZE,
	OUT_COL_ALLOC,
	OUT_COL_MODE,
	OUT_COL_PERMS,
	OUT_COL_OWNER,
	OUT_COL_GROUP,
	OUT_COL_UID,
	OUT_COL_GID,
	OUT_COL_INODE,
	OUT_COL_NLINK,
	OUT_COL_ATIME,
	OUT_COL_MTIME,
	OUT_COL_CTIME,
	OUT_COL_HOLDERS,
	OUT_COL_PIDS,
	OUT_COL_TYPE,
	OUT_COL_NAMESPACE,
	OUT_COL_SVAL,
	OUT_COL_ORIGIN,
	OUT_NCOLS
};

#define OUT_MAXCOLS	64	/* -o may repeat a column */

struct out_columns {
	enum out_col v[OUT_MAXCOLS];
	size_t n;
};

/* The column named name (case-insensitive), or -1. */
int out_column_lookup(const char *name);
const char *out_column_name(enum out_col);
/* list --help: each column with its help text. */
void out_columns_help(FILE *);
/* Appends a column unless full; -1 when full. */
int out_columns_add(struct out_columns *, enum out_col);
bool out_columns_has(const struct out_columns *, enum out_col);

/*
 * Parses -o: "NAME,SIZE" replaces cols, "+COL,..." adds to what cols
 * holds (the default).  On an unknown column returns -1 with its name at
 * *bad in spec, *badlen bytes long.
 */
int out_columns_parse(const char *spec, struct out_columns *cols,
    const char **bad, int *badlen);

/* Sorts rows by column (ties, and OUT_COL_NAME, by name, byte order). */
void out_sort_rows(struct shm_row *, size_t n, enum out_col);

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
