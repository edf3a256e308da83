/*
 * table.c -- the column table of list and stat, and rows printed through
 * it: tables, raw and pairs by libsmartcols, JSON, list -0.
 */
#include "config.h"

#include <sys/sysmacros.h>
#include <inttypes.h>
#include <libutil.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsmartcols.h>

#include "escape.h"
#include "json.h"
#include "nsfind.h"
#include "origin.h"
#include "strbuf.h"
#include "table.h"

/* --- columns --------------------------------------------------------- */

enum json_kind { JSON_STRING, JSON_NUMBER, JSON_ARRAY, JSON_OBJECT };

struct coldef {
	const char *name;
	const char *key;	/* JSON key */
	double whint;
	int flags;		/* SCOLS_FL_* */
	enum json_kind json;
};

static const struct coldef coldefs[OUT_NCOLS] = {
	[OUT_COL_NAME] = { "NAME", "name", 0.3, 0, JSON_STRING },
	[OUT_COL_SIZE] = { "SIZE", "size", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_ALLOC] = { "ALLOC", "alloc", 5, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_MODE] = { "MODE", "mode", 4, 0, JSON_STRING },
	[OUT_COL_PERMS] = { "PERMS", "perms", 10, 0, JSON_STRING },
	[OUT_COL_OWNER] = { "OWNER", "owner", 0.1, 0, JSON_STRING },
	[OUT_COL_GROUP] = { "GROUP", "group", 0.1, 0, JSON_STRING },
	[OUT_COL_UID] = { "UID", "uid", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_GID] = { "GID", "gid", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_INODE] = { "INODE", "inode", 5, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_NLINK] = { "NLINK", "nlink", 1, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_ATIME] = { "ATIME", "atime", 16, 0, JSON_STRING },
	[OUT_COL_MTIME] = { "MTIME", "mtime", 16, 0, JSON_STRING },
	[OUT_COL_CTIME] = { "CTIME", "ctime", 16, 0, JSON_STRING },
	[OUT_COL_HOLDERS] = { "HOLDERS", "holders", 3, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_PIDS] = { "PIDS", "pids", 0.1, 0, JSON_ARRAY },
	[OUT_COL_TYPE] = { "TYPE", "type", 4, 0, JSON_STRING },
	[OUT_COL_NAMESPACE] = { "NAMESPACE", "namespace", 0.2, 0,
	    JSON_OBJECT },
	[OUT_COL_SVAL] = { "SVAL", "sval", 3, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_ORIGIN] = { "ORIGIN", "origin", 0.1, 0, JSON_STRING },
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
    const char **bad)
{
	static char badname[32];
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
			snprintf(badname, sizeof badname, "%.*s", (int)len, p);
			*bad = badname;
			return -1;
		}
		if (end == NULL)
			break;
	}
	*cols = parsed;
	return 0;
}

const char *
out_human_size(uintmax_t bytes, char *buf, size_t len)
{
	/* Four characters at most, as lsblk: "1.5M", "512B". */
	if (humanize_number(buf, len < 5 ? len : 5, (int64_t)bytes, "",
	    HN_AUTOSCALE, HN_DECIMAL | HN_NOSPACE | HN_B) == -1)
		snprintf(buf, len, "%ju", bytes);
	return buf;
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

	switch (c) {
	case OUT_COL_NAME:
		sb_text(sb, r->name, cs);
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

static struct libscols_table *
table_new(const struct out_opts *o)
{
	struct libscols_table *tb;

	if ((tb = scols_new_table()) == NULL)
		return NULL;
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->format == OUT_RAW)
		scols_table_enable_raw(tb, 1);
	else if (o->format == OUT_PAIRS)
		scols_table_enable_export(tb, 1);
	for (size_t i = 0; i < o->cols.n; i++) {
		const struct coldef *cd = &coldefs[o->cols.v[i]];

		if (scols_table_new_column(tb, cd->name, cd->whint,
		    cd->flags) == NULL) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

static int
table_add_row(struct libscols_table *tb, const struct out_opts *o,
    const struct cell_style *cs, const struct shm_row *r, struct strbuf *sb)
{
	struct libscols_line *ln;

	if ((ln = scols_table_new_line(tb, NULL)) == NULL)
		return -1;
	for (size_t i = 0; i < o->cols.n; i++) {
		sb_reset(sb);
		sb_cell(sb, r, o->cols.v[i], cs);
		if (scols_line_set_data(ln, i, sb->p != NULL ? sb->p : "") != 0)
			return -1;
	}
	return 0;
}

static int
print_table(const struct out_opts *o, const struct shm_row *rows, size_t n)
{
	struct cell_style cs = {
		.exact_sizes = o->bytes,
		.time = o->format == OUT_TABLE ? TIME_SHORT : TIME_ISO,
		.vis = o->format == OUT_TABLE,
	};
	struct strbuf sb = { 0 };
	struct libscols_table *tb;
	int rc = 0;

	if ((tb = table_new(o)) == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = table_add_row(tb, o, &cs, &rows[i], &sb);
	if (rc == 0)
		scols_print_table(tb);
	sb_free(&sb);
	scols_unref_table(tb);
	return rc;
}

static void
json_holders(struct out_json *j, const struct shm_holders *h,
    enum out_col c)
{
	if (c == OUT_COL_HOLDERS) {
		if (h == NULL || !h->checked)
			out_json_null(j);
		else
			out_json_uint(j, h->count);
		return;
	}
	out_json_array(j);
	for (size_t i = 0; h != NULL && i < h->count; i++)
		out_json_int(j, h->list[i].pid);
	out_json_end(j);
}

/* A value as the table shows it, but exact, in ISO 8601 and typed. */
static void
json_cell(struct out_json *j, const struct shm_row *r, enum out_col c,
    struct strbuf *sb)
{
	static const struct cell_style cs = {
		.exact_sizes = true,
		.time = TIME_ISO,
		.vis = true,
	};
	const char *text;

	sb_reset(sb);
	sb_cell(sb, r, c, &cs);
	/* Out of memory, the cell stays empty: still a valid document. */
	text = sb->p != NULL ? sb->p : "";
	if (c == OUT_COL_ORIGIN && *text == '\0')
		out_json_null(j);	/* no program known */
	else if (coldefs[c].json != JSON_NUMBER)
		out_json_string(j, text);
	else if (*text == '\0')
		out_json_null(j);
	else
		out_json_literal(j, text);
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
json_row(struct out_json *j, const struct out_columns *cols,
    const struct shm_row *r, struct strbuf *sb)
{
	const struct shm_holders *h = r->holders;
	bool holders = false;

	for (size_t i = 0; i < cols->n; i++) {
		enum out_col c = cols->v[i];

		out_json_key(j, coldefs[c].key);
		if (c == OUT_COL_NAME && r->by_fd)
			out_json_null(j);
		else if (c == OUT_COL_NAMESPACE)
			out_json_namespace(j, r->ns);
		else if (c == OUT_COL_HOLDERS || c == OUT_COL_PIDS) {
			json_holders(j, h, c);
			holders = true;
		} else
			json_cell(j, r, c, sb);
	}
	/* Counts and lists are lower bounds unless every process was seen. */
	if (holders) {
		out_json_key(j, "holders_complete");
		out_json_bool(j, h != NULL && h->checked && h->complete);
	}
}

void
out_json_row(struct out_json *j, const struct out_columns *cols,
    const struct shm_row *r)
{
	struct strbuf sb = { 0 };

	json_row(j, cols, r, &sb);
	sb_free(&sb);
}

static int
print_json(const struct out_opts *o, const struct shm_row *rows, size_t n)
{
	struct strbuf sb = { 0 };
	struct out_json j;

	if (sb_reserve(&sb, 256) != 0)
		return -1;
	/* {"shm": [ a line per row ]}, as lsblk --json. */
	out_json_init(&j, stdout, 2);
	out_json_object(&j);
	out_json_key(&j, "shm");
	out_json_array(&j);
	for (size_t i = 0; i < n; i++) {
		out_json_object(&j);
		json_row(&j, &o->cols, &rows[i], &sb);
		out_json_end(&j);
	}
	out_json_end(&j);
	out_json_end(&j);
	sb_free(&sb);
	return 0;
}

int
out_print_rows(const struct out_opts *o, const struct shm_row *rows,
    size_t n)
{
	if (o->format == OUT_JSON)
		return print_json(o, rows, n);
	return print_table(o, rows, n);
}

void
out_print_names0(const struct shm_row *rows, size_t n, bool escape)
{
	struct strbuf sb = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (escape) {
			sb_reset(&sb);
			sb_escaped(&sb, rows[i].name);
			fputs(sb.p != NULL ? sb.p : "", stdout);
		} else
			fputs(rows[i].name, stdout);
		putchar('\0');
	}
	sb_free(&sb);
}

