/*
 * column.h -- the columns of list and stat (shmctl-list(1)): one table of
 * each column's name, help text, width hint, flags and JSON type, from
 * which -o is parsed, list --help is printed, cells get their text and
 * rows are sorted.
 */
#ifndef SHMCTL_COLUMN_H
#define SHMCTL_COLUMN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "row.h"

struct strbuf;

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

/* One column: what the table, list --help and JSON need to know of it. */
struct out_coldef {
	const char *name;	/* its JSON key is the name in lowercase */
	const char *help;	/* for list --help */
	double whint;		/* libsmartcols' width hint */
	int flags;		/* SCOLS_FL_* */
	int json;		/* SCOLS_JSON_* of its JSON value */
};

const struct out_coldef *out_column_def(enum out_col);

/* How a cell's text is written. */
struct out_cell_style {
	bool exact_sizes;
	enum time_style time;
	/*
	 * Raw and pairs output leave escaping to libsmartcols, which writes
	 * unprintable bytes, blanks, quotes and backslashes as \xHH there
	 * (the convention of lsblk -r and -P); escaping here too would
	 * escape the escapes.
	 */
	bool vis;
};

/* Appends the text of row r's cell in column c; nothing for unknown. */
void out_cell_text(struct strbuf *, const struct shm_row *r, enum out_col c,
    const struct out_cell_style *);
/* The holders' pids, separated by sep (PIDS). */
void out_cell_pids(struct strbuf *, const struct shm_holders *,
    const char *sep);

#endif
