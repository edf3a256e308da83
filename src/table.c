/*
 * table.c -- the column table of list and stat, and rows printed through
 * it: tables, raw and pairs by libsmartcols, JSON, list -0.
 */
#include "config.h"

#include <sys/sysmacros.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "escape.h"
#include "json.h"
#include "nsfind.h"
#include "origin.h"
#include "plaintab.h"
#include "strbuf.h"
#include "table.h"

/* --- columns --------------------------------------------------------- */

/*
 * libsmartcols 2.38 writes a string's bytes from 0x20 up as they are: DEL,
 * C1 controls (which a terminal obeys) and bytes that are not UTF-8 (which
 * make the document invalid) would go through raw; and it writes an empty
 * array as [null].  A number's text it writes as it is, so NAME and PIDS
 * are typed as numbers and their cells hold the JSON value written here:
 * the name quoted by sb_json_name, the pids as an array.
 */
#define JSON_RAW	SCOLS_JSON_NUMBER

struct coldef {
	const char *name;	/* its JSON key is the name in lowercase */
	const char *help;	/* for list --help */
	double whint;
	int flags;		/* SCOLS_FL_* */
	int json;		/* SCOLS_JSON_* of its JSON value */
};

static const struct coldef coldefs[OUT_NCOLS] = {
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

static void
sb_pids(struct strbuf *sb, const struct shm_holders *h, const char *sep)
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

struct cell_style {
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

static void
sb_text(struct strbuf *sb, const char *s, const struct cell_style *cs)
{
	if (cs->vis)
		sb_escaped(sb, s);
	else
		sb_puts(sb, s);
}

/* The text of one cell. */
static void
sb_cell(struct strbuf *sb, const struct shm_row *r, enum out_col c,
    const struct cell_style *cs)
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
		sb_pids(sb, r->holders, ",");
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

/* --- tables: libsmartcols -------------------------------------------- */

/* What the rows need of a table beyond their columns. */
struct table_extra {
	bool name_hex;		/* JSON: some name is not UTF-8 */
	bool holders_complete;	/* JSON: with HOLDERS or PIDS */
	bool deleted;		/* JSON: list --deleted's rows */
};

static int
table_add_column(struct libscols_table *tb, const char *name, double whint,
    int flags, int json)
{
	struct libscols_column *cl;

	if ((cl = scols_table_new_column(tb, name, whint, flags)) == NULL)
		return -1;
	return scols_column_set_json_type(cl, json);
}

static struct libscols_table *
table_new(const struct out_opts *o, const struct table_extra *x)
{
	struct libscols_table *tb;
	int rc = 0;

	if ((tb = scols_new_table()) == NULL)
		return NULL;
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->format == OUT_RAW)
		scols_table_enable_raw(tb, 1);
	else if (o->format == OUT_PAIRS)
		scols_table_enable_export(tb, 1);
	else if (o->format == OUT_JSON) {
		/* {"shm": [ {...}, ... ]}, as lsblk --json */
		scols_table_enable_json(tb, 1);
		rc = scols_table_set_name(tb, "shm");
	}
	for (size_t i = 0; i < o->cols.n && rc == 0; i++) {
		const struct coldef *cd = &coldefs[o->cols.v[i]];

		rc = table_add_column(tb, cd->name, cd->whint, cd->flags,
		    cd->json);
	}
	if (rc == 0 && x->name_hex)
		rc = table_add_column(tb, "NAME_HEX", 0, 0, SCOLS_JSON_STRING);
	if (rc == 0 && x->holders_complete)
		rc = table_add_column(tb, "HOLDERS_COMPLETE", 0, 0,
		    SCOLS_JSON_BOOLEAN);
	if (rc == 0 && x->deleted)
		rc = table_add_column(tb, "DELETED", 0, 0, SCOLS_JSON_BOOLEAN);
	if (rc != 0) {
		scols_unref_table(tb);
		return NULL;
	}
	return tb;
}

/*
 * The namespace object of a row as text, by the writer that df's and gc's
 * streamed documents use; a stream that cannot be had leaves it null.
 */
static void
json_namespace_text(struct strbuf *sb, const struct ns_info *ns)
{
	struct out_json j;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	if (ns == NULL || (fp = open_memstream(&text, &len)) == NULL)
		return;
	out_json_init(&j, fp, 0);
	out_json_namespace(&j, ns);
	if (fclose(fp) == 0 && len > 0) {
		text[strcspn(text, "\n")] = '\0';
		sb_puts(sb, text);
	}
	free(text);
}

/*
 * A cell's JSON value as text: the table's text, but exact, in ISO 8601;
 * the raw columns' values written out; empty for null.
 */
static void
json_text(struct strbuf *sb, const struct shm_row *r, enum out_col c)
{
	static const struct cell_style cs = {
		.exact_sizes = true,
		.time = TIME_ISO,
		.vis = true,
	};
	const struct shm_holders *h = r->holders;

	switch (c) {
	case OUT_COL_NAME:
		if (!r->by_fd)	/* --fd: no name, null */
			sb_json_name(sb, r->name);
		break;
	case OUT_COL_HOLDERS:
		if (h != NULL && h->checked)
			sb_printf(sb, "%zu", h->count);
		break;
	case OUT_COL_PIDS:
		sb_puts(sb, "[");
		sb_pids(sb, h, ", ");
		sb_puts(sb, "]");
		break;
	case OUT_COL_NAMESPACE:
		json_namespace_text(sb, r->ns);
		break;
	default:
		sb_cell(sb, r, c, &cs);
		break;
	}
}

/* Counts and lists are lower bounds unless every process was seen. */
static bool
holders_complete(const struct shm_row *r)
{
	const struct shm_holders *h = r->holders;

	return h != NULL && h->checked && h->complete;
}

static bool
name_needs_hex(const struct shm_row *r)
{
	return !r->by_fd && !escape_is_utf8(r->name);
}

void
out_json_namespace(struct out_json *j, const struct ns_info *ns)
{
	char dev[32];

	if (ns == NULL) {
		out_json_null(j);
		return;
	}
	snprintf(dev, sizeof dev, "%u:%u", major(ns->dev), minor(ns->dev));
	out_json_object(j);
	out_json_key(j, "dev");
	out_json_string(j, dev);
	out_json_key(j, "pid");
	out_json_int(j, ns->pid);
	out_json_key(j, "cgroup");
	if (ns->has_cgroup)
		out_json_string(j, ns->cgroup.path);
	else
		out_json_null(j);
	out_json_key(j, "container");
	if (ns->container != NULL)
		out_json_string(j, ns->container);
	else
		out_json_null(j);
	out_json_end(j);
}

static void
table_cell(struct strbuf *sb, const struct out_opts *o,
    const struct cell_style *cs, const struct shm_row *r, enum out_col c)
{
	sb_reset(sb);
	if (o->format == OUT_JSON)
		json_text(sb, r, c);
	else
		sb_cell(sb, r, c, cs);
}

static struct cell_style
cell_style_of(const struct out_opts *o)
{
	return (struct cell_style){
		.exact_sizes = o->bytes,
		.time = o->format == OUT_TABLE ? TIME_SHORT : TIME_ISO,
		.vis = o->format == OUT_TABLE,
	};
}

static int
table_add_row(struct libscols_table *tb, const struct out_opts *o,
    const struct table_extra *x, const struct shm_row *r, struct strbuf *sb)
{
	struct cell_style cs = cell_style_of(o);
	struct libscols_line *ln;
	size_t i;

	if ((ln = scols_table_new_line(tb, NULL)) == NULL)
		return -1;
	for (i = 0; i < o->cols.n; i++) {
		table_cell(sb, o, &cs, r, o->cols.v[i]);
		if (scols_line_set_data(ln, i, sb_str(sb)) != 0)
			return -1;
	}
	sb_reset(sb);
	if (x->name_hex && name_needs_hex(r))
		sb_hex(sb, r->name);
	if (x->name_hex && scols_line_set_data(ln, i++, sb_str(sb)) != 0)
		return -1;
	if (x->holders_complete && scols_line_set_data(ln, i++,
	    holders_complete(r) ? "1" : "0") != 0)
		return -1;
	if (x->deleted && scols_line_set_data(ln, i, r->deleted ? "1" : "0") !=
	    0)
		return -1;
	return 0;
}

static void
table_extra_of(const struct out_opts *o, const struct shm_row *rows,
    size_t n, struct table_extra *x)
{
	memset(x, 0, sizeof *x);
	if (o->format != OUT_JSON)
		return;
	x->holders_complete = out_columns_has(&o->cols, OUT_COL_HOLDERS) ||
	    out_columns_has(&o->cols, OUT_COL_PIDS);
	if (out_columns_has(&o->cols, OUT_COL_NAME))
		for (size_t i = 0; i < n && !x->name_hex; i++)
			x->name_hex = name_needs_hex(&rows[i]);
	for (size_t i = 0; i < n && !x->deleted; i++)
		x->deleted = rows[i].deleted;
}

/* A column's JSON key, as libsmartcols makes it: its name in lowercase. */
static void
column_key(enum out_col c, char key[16])
{
	size_t i;

	for (i = 0; coldefs[c].name[i] != '\0' && i < 15; i++)
		key[i] = (char)tolower((unsigned char)coldefs[c].name[i]);
	key[i] = '\0';
}

/* The members of one row in a streamed document (gc's). */
void
out_json_row(struct out_json *j, const struct out_columns *cols,
    const struct shm_row *r)
{
	struct strbuf sb = { 0 };
	bool holders = false;
	char key[16];

	for (size_t i = 0; i < cols->n; i++) {
		enum out_col c = cols->v[i];

		column_key(c, key);
		out_json_key(j, key);
		sb_reset(&sb);
		if (c == OUT_COL_NAMESPACE) {
			out_json_namespace(j, r->ns);
			continue;
		}
		/* Names as in the lines beside them (shmctl-gc(1)). */
		if (c == OUT_COL_NAME && !r->by_fd)
			sb_escaped(&sb, r->name);
		else
			json_text(&sb, r, c);
		if (*sb_str(&sb) == '\0')
			out_json_null(j);
		else if (c == OUT_COL_NAME ||
		    coldefs[c].json == SCOLS_JSON_STRING)
			out_json_string(j, sb_str(&sb));
		else
			out_json_literal(j, sb_str(&sb));
		holders = holders || c == OUT_COL_HOLDERS || c == OUT_COL_PIDS;
	}
	if (holders) {
		out_json_key(j, "holders_complete");
		out_json_bool(j, holders_complete(r));
	}
	sb_free(&sb);
}

/*
 * A table to a stream that is no terminal, with every cell plain ASCII,
 * through plaintab: libsmartcols' output, at a cost proportional to its
 * bytes.  Returns false, having written nothing, for any other table, and
 * always under SHMCTL_TABLE=libsmartcols (to compare both writers).
 */
static bool
print_plain(const struct out_opts *o, const struct shm_row *rows, size_t n)
{
	struct plaintab_column cols[OUT_MAXCOLS];
	struct cell_style cs = cell_style_of(o);
	const char *force = getenv("SHMCTL_TABLE");
	struct plaintab pt;
	bool plain = true;

	if (o->format != OUT_TABLE || isatty(STDOUT_FILENO) ||
	    (force != NULL && strcmp(force, "libsmartcols") == 0))
		return false;
	for (size_t c = 0; c < o->cols.n; c++) {
		const struct coldef *cd = &coldefs[o->cols.v[c]];

		if ((cd->flags & ~SCOLS_FL_RIGHT) != 0)
			return false;
		cols[c] = (struct plaintab_column){ cd->name, cd->whint,
		    (cd->flags & SCOLS_FL_RIGHT) != 0 };
	}
	plaintab_init(&pt, cols, o->cols.n);
	for (size_t i = 0; i < n && plain; i++)
		for (size_t c = 0; c < o->cols.n && plain; c++) {
			sb_cell(plaintab_text(&pt), &rows[i], o->cols.v[c],
			    &cs);
			plain = plaintab_end_cell(&pt);
		}
	if (plain)
		plaintab_print(&pt, stdout, o->noheadings);
	plaintab_free(&pt);
	return plain;
}

int
out_print_rows(const struct out_opts *o, const struct shm_row *rows,
    size_t n)
{
	struct strbuf sb = { 0 };
	struct libscols_table *tb;
	struct table_extra x;
	int rc = 0;

	if (print_plain(o, rows, n))
		return 0;
	table_extra_of(o, rows, n, &x);
	if ((tb = table_new(o, &x)) == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = table_add_row(tb, o, &x, &rows[i], &sb);
	/* Write errors are cmd_flush_stdout's to report. */
	if (rc == 0)
		scols_print_table(tb);
	sb_free(&sb);
	scols_unref_table(tb);
	return rc == 0 ? 0 : -1;
}

void
out_print_names0(const struct shm_row *rows, size_t n, bool escape)
{
	struct strbuf sb = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (escape) {
			sb_reset(&sb);
			sb_escaped(&sb, rows[i].name);
			fputs(sb_str(&sb), stdout);
		} else
			fputs(rows[i].name, stdout);
		putchar('\0');
	}
	sb_free(&sb);
}

