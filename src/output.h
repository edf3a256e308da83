/*
 * output.h -- everything shmctl prints about objects: the table, JSON, raw
 * and pairs output of list (libsmartcols for the text forms), stat's
 * readable block, --terse and -c FORMAT, and list -0.
 *
 * Subcommands collect one struct shm_row per object (list and gc read them
 * from the namespace directory with row_list_read) and hand the rows to
 * this module; none of them formats a table or JSON itself: a document of
 * another shape (gc's) is written with the JSON writer below.  Every name
 * is escaped here (vis(3), C style) so that no unprintable byte reaches a
 * terminal and JSON stays valid whatever bytes a name holds; only list -0
 * into a pipe or file writes names raw, for xargs -0.
 */
#ifndef SHMCTL_OUTPUT_H
#define SHMCTL_OUTPUT_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shm.h"

/*
 * What holds one object (SPEC.md, Holders), filled by the holders module
 * and only read here.  The memory belongs to whoever filled it and must
 * outlive the rows that point at it; this module never frees it.
 */
#define SHM_HOLD_FD	0x1	/* one of its descriptors refers to it */
#define SHM_HOLD_MAP	0x2	/* one of its mappings maps the object */

struct shm_holder {
	pid_t pid;
	unsigned how;		/* SHM_HOLD_FD | SHM_HOLD_MAP */
	const char *comm;	/* command name (/proc/PID/comm), or NULL */
};

struct shm_holders {
	bool checked;		/* false: nothing could be checked ("?") */
	bool complete;		/* every process could be inspected */
	size_t count;		/* entries in list; a lower bound unless
				   complete ("3+") */
	const struct shm_holder *list; /* sorted by pid; NULL if count 0 */
};

/* The type of a listed entry (list -a, the TYPE column). */
enum shm_type {
	SHM_TYPE_SHM,		/* a regular file: a shared memory object */
	SHM_TYPE_SEM,		/* a regular file named sem.*: a semaphore */
	SHM_TYPE_SYMLINK,
	SHM_TYPE_FIFO,
	SHM_TYPE_DIR,
	SHM_TYPE_SOCKET,
	SHM_TYPE_CHAR,
	SHM_TYPE_BLOCK,
	SHM_TYPE_OTHER,
};

/* One object: what list and stat print a line or a block about. */
struct shm_row {
	char *name;		/* canonical "/name", raw bytes; or the label
				   "fd N" when by_fd (owned by the row list) */
	bool by_fd;		/* reached through --fd: no name */
	enum shm_type type;
	struct pshm_stat st;
	const struct shm_holders *holders; /* NULL: not looked for */
};

/* A growing array of rows; row_list_add copies the name. */
struct row_list {
	struct shm_row *v;
	size_t n;
	size_t cap;
};

/* Appends a row for name; NULL when out of memory (errno set). */
struct shm_row *row_list_add(struct row_list *, const char *name);
void row_list_free(struct row_list *);

/* The type of a listed entry from its name (without '/') and st_mode. */
enum shm_type shm_type_of(const char *name, mode_t mode);

/*
 * Which entries of a namespace directory row_list_read makes rows of.
 * Patterns are fnmatch(3) patterns of the name, given as a NAME may be:
 * with or without the leading slash or the namespace directory.
 */
struct row_filter {
	bool sems;		/* sem.* too (glibc's semaphores) */
	bool nonregular;	/* symlinks, FIFOs, directories... too */
	char *const *patterns;	/* none: every name */
	int npatterns;
	/* If not NULL, has the last word on an entry's metadata. */
	bool (*wanted)(const struct pshm_stat *, void *arg);
	/* Told of an entry, or (name NULL) the directory, not read. */
	void (*warn)(void *arg, const char *name, int errnum);
	void *arg;
};

/*
 * Returns -1 with *bad set to a pattern that is empty once its directory
 * and slash are taken off, 0 when there is none.
 */
int row_filter_check(const struct row_filter *, const char *nspath,
    const char **bad);

/*
 * Adds a row for each entry of the namespace directory that the filter
 * lets through, looked at with fstatat(AT_SYMLINK_NOFOLLOW): never followed
 * or opened, so that a FIFO or a device under a name cannot block or be
 * touched, at one system call per entry.  An entry removed meanwhile is
 * left out; one that cannot be looked at is told to warn and left out.
 * Returns 0, or -1 when anything was told to warn.
 */
int row_list_read(struct row_list *, const struct pshm_ns *,
    const struct row_filter *);

/* The columns of list (SPEC.md), in this order in --help. */
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
/* Appends a column unless full; -1 when full. */
int out_columns_add(struct out_columns *, enum out_col);
bool out_columns_has(const struct out_columns *, enum out_col);

/*
 * Parses -o: "NAME,SIZE" replaces cols, "+COL,..." adds to what cols
 * holds (the default).  On an unknown column returns -1 with *bad set to
 * its name (a static copy).
 */
int out_columns_parse(const char *spec, struct out_columns *cols,
    const char **bad);

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
 * Prints rows in the chosen format to stdout.  Returns 0, or -1 with errno
 * set when out of memory; write errors are left to cmd_flush_stdout.
 */
int out_print_rows(const struct out_opts *, const struct shm_row *, size_t n);

/* list -0: each name followed by a NUL; escaped when escape is true. */
void out_print_names0(const struct shm_row *, size_t n, bool escape);

/* stat: the readable block (a blank line between objects is the caller's). */
void out_print_stat_block(const struct shm_row *);
/* stat --terse: the ten fields of the original library's fstat. */
void out_print_stat_terse(const struct shm_row *);
/*
 * stat -c FORMAT.  out_stat_format_check returns -1 on an unknown or
 * unfinished % directive, with *bad set to a static copy of it.
 */
int out_stat_format_check(const char *fmt, const char **bad);
void out_print_stat_format(const char *fmt, const struct shm_row *);

/*
 * A JSON document written as it goes, so that a long run (gc) shows each
 * element as soon as it is known.  Containers at the first flat levels put
 * each member on a line of its own, indented as lsblk does; deeper ones
 * stay on one line.  A key is followed by its value; the document ends
 * with a newline when its outermost container is closed.
 */
#define OUT_JSON_MAXDEPTH	8

struct out_json {
	FILE *fp;
	int depth;			/* containers open */
	int flat;			/* levels with a member a line */
	bool keyed;			/* a key was written: its value next */
	bool filled[OUT_JSON_MAXDEPTH];	/* the container has a member */
	char closer[OUT_JSON_MAXDEPTH];	/* '}' or ']' */
};

void out_json_init(struct out_json *, FILE *, int flat);
void out_json_object(struct out_json *);
void out_json_array(struct out_json *);
/* Closes the innermost container. */
void out_json_end(struct out_json *);
void out_json_key(struct out_json *, const char *key);
/*
 * A string as it is (escape names with out_escape first): quotes,
 * backslashes and any byte outside printable ASCII are escaped, so that
 * the document stays valid whatever reaches here.
 */
void out_json_string(struct out_json *, const char *);
void out_json_int(struct out_json *, intmax_t);
void out_json_uint(struct out_json *, uintmax_t);
void out_json_bool(struct out_json *, bool);
/*
 * The members of one row for the columns cols, as list --json writes
 * them, into the object being written; with "holders_complete" after them
 * when HOLDERS or PIDS is among them.
 */
void out_json_row(struct out_json *, const struct out_columns *,
    const struct shm_row *);

/* 1.5M, 4.0K, 512B: a size as list shows it (ls -h, lsblk). */
#define OUT_HUMAN_SIZE_MAX	24
const char *out_human_size(uintmax_t bytes, char *buf, size_t len);

/*
 * Writes s escaped with vis(3) (C style, octal, also backslash and
 * whitespace other than space) into buf, which holds OUT_ESCAPE_MAX(len)
 * bytes.  Returns buf.
 */
#define OUT_ESCAPE_MAX(len)	(4 * (len) + 1)
const char *out_escape(const char *s, char *buf, size_t buflen);

#endif
