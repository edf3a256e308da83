/*
 * column.c -- the columns of list and stat: each column's name, help text,
 * width hint, flags and JSON type in one table; -o parsing, the list
 * --help prints, a cell's text, and rows sorted by a column.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsmartcols.h>

#include "column.h"
#include "escape.h"
#include "nsfind.h"
#include "origin.h"
#include "strbuf.h"

/* --- columns --------------------------------------------------------- */

/*
 * libsmartcols 2.38 writes a string's bytes from 0x20 up as they are: DEL,
 * C1 controls (which a terminal obeys) and bytes that are not UTF-8 (which
 * make the document invalid) would go through raw; and it writes an empty
 * array as [null].  A number's text it writes as it is, so NAME and PIDS
 * are typed as numbers and their cells hold the JSON value that table.c
 * writes: the name quoted by sb_json_name, the pids as an array.
 */
#define JSON_RAW	SCOLS_JSON_NUMBER

static const struct out_coldef coldefs[OUT_NCOLS] = {
	[OUT_COL_NAME] = { "NAME", "the name, /NAME", 0.3, 0, JSON_RAW },
	[OUT_COL_SIZE] = { "SIZE", "size in bytes", 5, SCOLS_FL_RIGHT,
	    SCOLS_JSON_NUMBER },
	[OUT_COL_ALLOC] = { "ALLOC", "memory allocated to it (st_blocks x "
	    "512)", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[OUT_COL_MODE] = { "MODE", "permissions in octal", 4, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_PERMS] = { "PERMS", "permissions, as ls -l shows them", 10,
	    0, SCOLS_JSON_STRING },
	[OUT_COL_OWNER] = { "OWNER", "the owner's user name", 0.1, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_GROUP] = { "GROUP", "the group's name", 0.1, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_UID] = { "UID", "the owner's user id", 5, SCOLS_FL_RIGHT,
	    SCOLS_JSON_NUMBER },
	[OUT_COL_GID] = { "GID", "the group id", 5, SCOLS_FL_RIGHT,
	    SCOLS_JSON_NUMBER },
	[OUT_COL_INODE] = { "INODE", "inode number", 5, SCOLS_FL_RIGHT,
	    SCOLS_JSON_NUMBER },
	[OUT_COL_NLINK] = { "NLINK", "number of hard links", 1,
	    SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[OUT_COL_ATIME] = { "ATIME", "last access", 16, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_MTIME] = { "MTIME", "last modification", 16, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_CTIME] = { "CTIME", "last status change", 16, 0,
	    SCOLS_JSON_STRING },
	[OUT_COL_HOLDERS] = { "HOLDERS", "how many processes hold it open "
	    "or mapped", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[OUT_COL_PIDS] = { "PIDS", "the ids of those processes", 0.1, 0,
	    JSON_RAW },
	[OUT_COL_TYPE] = { "TYPE", "shm, sem, memfd, symlink, fifo, dir, "
	    "socket, char, block or other", 4, 0, SCOLS_JSON_STRING },
	[OUT_COL_NAMESPACE] = { "NAMESPACE", "the namespace (list -A): "
	    "device, a pid that sees it, its container", 0.2, 0, JSON_RAW },
	[OUT_COL_SVAL] = { "SVAL", "a semaphore's value (sem_getvalue(3))",
	    3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[OUT_COL_ORIGIN] = { "ORIGIN", "the program that usually makes "
	    "objects so named", 0.1, 0, SCOLS_JSON_STRING },
};

int
out_column_lookup(const char *name)
{
	for (int i = 0; i < OUT_NCOLS; i++)
		if (strcasecmp(coldefs[i].name, name) == 0)
			return i;
	return -1;
}

const char *
out_column_name(enum out_col c)
{
	return coldefs[c].name;
}

const struct out_coldef *
out_column_def(enum out_col c)
{
	return &coldefs[c];
}

void
out_columns_help(FILE *fp)
{
	int width = 0;

	for (int i = 0; i < OUT_NCOLS; i++)
		if ((int)strlen(coldefs[i].name) > width)
			width = (int)strlen(coldefs[i].name);
	fprintf(fp, "\nColumns:\n");
	for (int i = 0; i < OUT_NCOLS; i++)
		fprintf(fp, "  %-*s  %s\n", width, coldefs[i].name,
		    coldefs[i].help);
}

int
out_columns_add(struct out_columns *cols, enum out_col c)
{
	if (cols->n == OUT_MAXCOLS)
		return -1;
	cols->v[cols->n++] = c;
	return 0;
}

bool
out_columns_has(const struct out_columns *cols, enum out_col c)
{
	for (size_t i = 0; i < cols->n; i++)
		if (cols->v[i] == c)
			return true;
	return false;
}

int
out_columns_parse(const char *spec, struct out_columns *cols,
    const char **bad, int *badlen)
{
	struct out_columns parsed = { .n = 0 };
	const char *p = spec, *end;

	if (*p == '+') {
		parsed = *cols;
		p++;
	}
	for (;; p = end + 1) {
		char word[32];
		size_t len;
		int c;

		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		snprintf(word, sizeof word, "%.*s", (int)len, p);
		c = len < sizeof word ? out_column_lookup(word) : -1;
		if (c < 0 || out_columns_add(&parsed, c) != 0) {
			*bad = p;
			*badlen = (int)len;
			return -1;
		}
		if (end == NULL)
			break;
	}
	*cols = parsed;
	return 0;
}

static void
sb_size(struct strbuf *sb, uintmax_t bytes, bool exact)
{
	char buf[OUT_HUMAN_SIZE_MAX];

	if (exact)
		sb_printf(sb, "%ju", bytes);
	else
		sb_puts(sb, out_human_size(bytes, buf, sizeof buf));
}

void
out_cell_pids(struct strbuf *sb, const struct shm_holders *h, const char *sep)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->count; i++)
		sb_printf(sb, "%s%ld", i > 0 ? sep : "", (long)h->list[i].pid);
}

/* ORIGIN's text: the program, or nothing. */
static const char *
row_origin(const struct shm_row *r)
{
	const char *o = r->by_fd ? NULL : origin_of(r->name);

	return o != NULL ? o : "";
}

static void
sb_text(struct strbuf *sb, const char *s, const struct out_cell_style *cs)
{
	if (cs->vis)
		sb_escaped(sb, s);
	else
		sb_puts(sb, s);
}

void
out_cell_text(struct strbuf *sb, const struct shm_row *r, enum out_col c,
    const struct out_cell_style *cs)
{
	const struct pshm_stat *st = &r->st;
	char perms[12];

	/* A nameless object seen only through a mapping it could not follow. */
	if (r->st_unknown && c >= OUT_COL_SIZE && c <= OUT_COL_CTIME &&
	    c != OUT_COL_INODE)
		return;
	switch (c) {
	case OUT_COL_NAME:
		sb_text(sb, r->name, cs);
		/* shmctl-list(1) --deleted; a memfd never had a name. */
		if (r->deleted && r->type != SHM_TYPE_MEMFD)
			sb_puts(sb, " (deleted)");
		break;
	case OUT_COL_SIZE:
		sb_size(sb, (uintmax_t)st->size, cs->exact_sizes);
		break;
	case OUT_COL_ALLOC:
		sb_size(sb, row_alloc_bytes(st), cs->exact_sizes);
		break;
	case OUT_COL_MODE:
		sb_printf(sb, "%04o", (unsigned)(st->mode & 07777));
		break;
	case OUT_COL_PERMS:
		row_perms(st->mode, perms);
		sb_puts(sb, perms);
		break;
	case OUT_COL_OWNER:
		sb_text(sb, row_user_name(st->uid), cs);
		break;
	case OUT_COL_GROUP:
		sb_text(sb, row_group_name(st->gid), cs);
		break;
	case OUT_COL_UID:
		sb_printf(sb, "%ju", (uintmax_t)st->uid);
		break;
	case OUT_COL_GID:
		sb_printf(sb, "%ju", (uintmax_t)st->gid);
		break;
	case OUT_COL_INODE:
		sb_printf(sb, "%ju", (uintmax_t)st->ino);
		break;
	case OUT_COL_NLINK:
		sb_printf(sb, "%ju", (uintmax_t)st->nlink);
		break;
	case OUT_COL_ATIME:
		row_time(sb, &st->atim, cs->time);
		break;
	case OUT_COL_MTIME:
		row_time(sb, &st->mtim, cs->time);
		break;
	case OUT_COL_CTIME:
		row_time(sb, &st->ctim, cs->time);
		break;
	case OUT_COL_HOLDERS:
		row_holders_count(sb, r->holders);
		break;
	case OUT_COL_PIDS:
		out_cell_pids(sb, r->holders, ",");
		break;
	case OUT_COL_TYPE:
		sb_puts(sb, shm_type_name(r->type));
		break;
	case OUT_COL_NAMESPACE:
		if (r->ns != NULL)
			sb_text(sb, r->ns->label, cs);
		break;
	case OUT_COL_SVAL:
		if (r->sval_known)
			sb_printf(sb, "%d", r->sval);
		break;
	case OUT_COL_ORIGIN:
		sb_puts(sb, row_origin(r));
		break;
	case OUT_NCOLS:
		break;
	}
}

/* --- sorting --------------------------------------------------------- */

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)


static int
cmp_timespec(const struct timespec *a, const struct timespec *b)
{
	int c = CMP(a->tv_sec, b->tv_sec);

	return c != 0 ? c : CMP(a->tv_nsec, b->tv_nsec);
}

/* Unknown holders sort first, then by count. */
static int
cmp_holders(const struct shm_holders *a, const struct shm_holders *b)
{
	size_t na = a != NULL && a->checked ? a->count + 1 : 0;
	size_t nb = b != NULL && b->checked ? b->count + 1 : 0;

	return CMP(na, nb);
}

static int
cmp_first_pid(const struct shm_holders *a, const struct shm_holders *b)
{
	long pa = a != NULL && a->count > 0 ? (long)a->list[0].pid : -1;
	long pb = b != NULL && b->count > 0 ? (long)b->list[0].pid : -1;

	return CMP(pa, pb);
}

static int
cmp_column(const struct shm_row *a, const struct shm_row *b, enum out_col c)
{
	const struct pshm_stat *sa = &a->st, *sb = &b->st;

	switch (c) {
	case OUT_COL_SIZE:
		return CMP(sa->size, sb->size);
	case OUT_COL_ALLOC:
		return CMP(sa->blocks, sb->blocks);
	case OUT_COL_MODE:
		return CMP(sa->mode & 07777, sb->mode & 07777);
	case OUT_COL_PERMS:
		return CMP(sa->mode, sb->mode);
	case OUT_COL_OWNER:
		return strcmp(row_user_name(sa->uid), row_user_name(sb->uid));
	case OUT_COL_GROUP:
		return strcmp(row_group_name(sa->gid), row_group_name(sb->gid));
	case OUT_COL_UID:
		return CMP(sa->uid, sb->uid);
	case OUT_COL_GID:
		return CMP(sa->gid, sb->gid);
	case OUT_COL_INODE:
		return CMP(sa->ino, sb->ino);
	case OUT_COL_NLINK:
		return CMP(sa->nlink, sb->nlink);
	case OUT_COL_ATIME:
		return cmp_timespec(&sa->atim, &sb->atim);
	case OUT_COL_MTIME:
		return cmp_timespec(&sa->mtim, &sb->mtim);
	case OUT_COL_CTIME:
		return cmp_timespec(&sa->ctim, &sb->ctim);
	case OUT_COL_HOLDERS:
		return cmp_holders(a->holders, b->holders);
	case OUT_COL_PIDS:
		return cmp_first_pid(a->holders, b->holders);
	case OUT_COL_TYPE:
		return strcmp(shm_type_name(a->type), shm_type_name(b->type));
	case OUT_COL_NAMESPACE:
		return CMP(a->ns != NULL ? a->ns->index : 0,
		    b->ns != NULL ? b->ns->index : 0);
	case OUT_COL_SVAL:	/* unknown values first */
		return CMP(a->sval_known ? (long)a->sval : -1L,
		    b->sval_known ? (long)b->sval : -1L);
	case OUT_COL_ORIGIN:
		return strcmp(row_origin(a), row_origin(b));
	case OUT_COL_NAME:
	case OUT_NCOLS:
		break;
	}
	return 0;
}

static int
cmp_rows(const void *va, const void *vb, void *arg)
{
	const struct shm_row *a = va, *b = vb;
	enum out_col c = *(const enum out_col *)arg;
	int r = cmp_column(a, b, c);

	return r != 0 ? r : strcmp(a->name, b->name);
}

void
out_sort_rows(struct shm_row *rows, size_t n, enum out_col c)
{
	if (n < 2)	/* rows may be NULL then, which qsort_r refuses */
		return;
	qsort_r(rows, n, sizeof *rows, cmp_rows, &c);
}
