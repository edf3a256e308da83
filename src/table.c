/*
 * table.c -- rows printed through the column table (column.c): aligned
 * tables, raw and pairs by libsmartcols, list's and stat's JSON, the
 * members of a row in gc's streamed document, and list -0.
 */
#include "config.h"

#include <sys/sysmacros.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "escape.h"
#include "json.h"
#include "nsfind.h"
#include "plaintab.h"
#include "strbuf.h"
#include "table.h"

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
		const struct out_coldef *cd = out_column_def(o->cols.v[i]);

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
	static const struct out_cell_style cs = {
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
		out_cell_pids(sb, h, ", ");
		sb_puts(sb, "]");
		break;
	case OUT_COL_NAMESPACE:
		json_namespace_text(sb, r->ns);
		break;
	default:
		out_cell_text(sb, r, c, &cs);
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
	out_json_string_or_null(j, ns->has_cgroup ? ns->cgroup.path : NULL);
	out_json_key(j, "container");
	out_json_string_or_null(j, ns->container);
	out_json_end(j);
}

static void
table_cell(struct strbuf *sb, const struct out_opts *o,
    const struct out_cell_style *cs, const struct shm_row *r, enum out_col c)
{
	sb_reset(sb);
	if (o->format == OUT_JSON)
		json_text(sb, r, c);
	else
		out_cell_text(sb, r, c, cs);
}

static struct out_cell_style
cell_style_of(const struct out_opts *o)
{
	return (struct out_cell_style){
		.exact_sizes = o->bytes,
		.time = o->format == OUT_TABLE ? TIME_SHORT : TIME_ISO,
		.vis = o->format == OUT_TABLE,
	};
}

static int
table_add_row(struct libscols_table *tb, const struct out_opts *o,
    const struct table_extra *x, const struct shm_row *r, struct strbuf *sb)
{
	struct out_cell_style cs = cell_style_of(o);
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
	const char *name = out_column_name(c);
	size_t i;

	for (i = 0; name[i] != '\0' && i < 15; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	key[i] = '\0';
}

/* The members of one row in a streamed document (gc's, df's). */
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
		/* Names as list --json writes them (shmctl-list(1)). */
		if (c == OUT_COL_NAME) {
			out_json_name(j, key, r->by_fd ? NULL : r->name);
			continue;
		}
		out_json_key(j, key);
		sb_reset(&sb);
		if (c == OUT_COL_NAMESPACE) {
			out_json_namespace(j, r->ns);
			continue;
		}
		json_text(&sb, r, c);
		if (*sb_str(&sb) == '\0')
			out_json_null(j);
		else if (out_column_def(c)->json == SCOLS_JSON_STRING)
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
	struct out_cell_style cs = cell_style_of(o);
	const char *force = getenv("SHMCTL_TABLE");
	struct plaintab pt;
	bool plain = true;

	if (o->format != OUT_TABLE || isatty(STDOUT_FILENO) ||
	    (force != NULL && strcmp(force, "libsmartcols") == 0))
		return false;
	for (size_t c = 0; c < o->cols.n; c++) {
		const struct out_coldef *cd = out_column_def(o->cols.v[c]);

		if ((cd->flags & ~SCOLS_FL_RIGHT) != 0)
			return false;
		cols[c] = (struct plaintab_column){ cd->name, cd->whint,
		    (cd->flags & SCOLS_FL_RIGHT) != 0 };
	}
	plaintab_init(&pt, cols, o->cols.n);
	for (size_t i = 0; i < n && plain; i++)
		for (size_t c = 0; c < o->cols.n && plain; c++) {
			out_cell_text(plaintab_text(&pt), &rows[i],
			    o->cols.v[c], &cs);
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

