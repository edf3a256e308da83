/*
 * dffmt.c -- df's report as tables and JSON.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libsmartcols.h>

#include "dffmt.h"
#include "escape.h"
#include "json.h"
#include "row.h"
#include "strbuf.h"
#include "table.h"

/* The width of a share bar between its brackets. */
#define DF_BAR_WIDTH	20

/* The columns that show each of the largest objects. */
static const struct out_columns largest_cols = {
	.v = { OUT_COL_NAME, OUT_COL_SIZE, OUT_COL_ALLOC, OUT_COL_HOLDERS },
	.n = 4,
};

static const char *
df_size(const struct df_format *f, uintmax_t bytes, char *buf, size_t len)
{
	if (f->bytes)
		snprintf(buf, len, "%ju", bytes);
	else
		out_human_size(bytes, buf, len);
	return buf;
}

/* df(1)'s Use%: used of used + available, rounded up. */
static unsigned
df_use_percent(const struct usage_fs *fs)
{
	uintmax_t total = fs->used + fs->avail;

	if (total == 0)
		return 0;
	return (unsigned)((fs->used * 100 + total - 1) / total);
}

/* A table with the named columns, the first left-aligned, others right. */
static struct libscols_table *
df_table(const char *const *names, size_t n, bool color)
{
	struct libscols_table *tb = scols_new_table();

	if (tb == NULL)
		return NULL;
	scols_table_enable_colors(tb, color);
	for (size_t i = 0; i < n; i++)
		if (scols_table_new_column(tb, names[i], 1,
		    i == 0 || names[i][0] == '[' ? 0 : SCOLS_FL_RIGHT) ==
		    NULL) {
			scols_unref_table(tb);
			return NULL;
		}
	return tb;
}

/* Prints and frees a table; -1 when a line could not be made. */
static int
df_table_done(struct libscols_table *tb, int rc)
{
	if (rc == 0)
		scols_print_table(tb);
	scols_unref_table(tb);
	return rc;
}

static int
df_print_fs(const struct df_format *f, const struct df_entry *e)
{
	static const char *const names[] = { "DIR", "TYPE", "SIZE", "USED",
	    "AVAIL", "USE%", "INODES", "IFREE" };
	const struct usage_fs *fs = &e->u->fs;
	char cell[8][OUT_HUMAN_SIZE_MAX];
	struct libscols_table *tb;
	struct libscols_line *ln;
	int rc = 0;

	if ((tb = df_table(names, 8, false)) == NULL)
		return -1;
	df_size(f, fs->size, cell[2], sizeof cell[2]);
	df_size(f, fs->used, cell[3], sizeof cell[3]);
	df_size(f, fs->avail, cell[4], sizeof cell[4]);
	snprintf(cell[5], sizeof cell[5], "%u%%", df_use_percent(fs));
	snprintf(cell[6], sizeof cell[6], "%ju", fs->inodes);
	snprintf(cell[7], sizeof cell[7], "%ju", fs->inodes_free);
	if ((ln = scols_table_new_line(tb, NULL)) == NULL ||
	    scols_line_set_data(ln, 0, e->dir) != 0 ||
	    scols_line_set_data(ln, 1, fs->type) != 0)
		rc = -1;
	for (int i = 2; i < 8 && rc == 0; i++)
		if (scols_line_set_data(ln, i, cell[i]) != 0)
			rc = -1;
	return df_table_done(tb, rc);
}

/* "objects 14 (12M apparent, 11M allocated), semaphores 2" and so on. */
static void
df_print_counts(const struct df_format *f, const struct usage *u)
{
	char a[OUT_HUMAN_SIZE_MAX], b[OUT_HUMAN_SIZE_MAX];

	printf("objects: %zu, %s apparent, %s allocated; semaphores: %zu\n",
	    u->objects, df_size(f, u->apparent, a, sizeof a),
	    df_size(f, u->alloc, b, sizeof b), u->semaphores);
	/* A lower bound where some process could not be inspected. */
	printf("deleted but held: %zu%s, %s allocated\n", u->deleted,
	    u->deleted_complete ? "" : "+",
	    df_size(f, u->deleted_alloc, a, sizeof a));
}

static void
df_print_cgroup(const struct df_format *f, const struct usage *u)
{
	const struct cgroup_mem *cg = &u->cgroup;
	char a[OUT_HUMAN_SIZE_MAX], b[OUT_HUMAN_SIZE_MAX];
	struct strbuf sb = { 0 };

	if (!u->has_cgroup)
		return;
	sb_escaped(&sb, cg->path);
	printf("cgroup: %s", sb.p != NULL ? sb.p : "");
	if (u->container != NULL)
		printf(" (%s)", u->container);
	printf(", %s %s, shmem %s\n", cg->version == 1 ?
	    "memory.limit_in_bytes" : "memory.max",
	    !cg->has_max ? "?" : cg->unlimited ? "max" :
	    df_size(f, cg->max, a, sizeof a),
	    cg->has_shmem ? df_size(f, cg->shmem, b, sizeof b) : "?");
	sb_free(&sb);
}

/* "[#####...............]  25%": the share, to the nearest character. */
static void
df_bar(char *buf, size_t len, double share)
{
	int fill = (int)(share * DF_BAR_WIDTH / 100 + 0.5);
	char bar[DF_BAR_WIDTH + 1];

	if (fill > DF_BAR_WIDTH)
		fill = DF_BAR_WIDTH;
	if (fill == 0 && share > 0)
		fill = 1;	/* anything at all shows */
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(DF_BAR_WIDTH - fill));
	bar[DF_BAR_WIDTH] = '\0';
	snprintf(buf, len, "[%s] %3.0f%%", bar, share);
}

static const char *
df_bar_color(double share)
{
	return share >= 80 ? "red" : share >= 50 ? "yellow" : "green";
}

static int
df_owner_line(struct libscols_table *tb, const struct df_format *f,
    const struct usage *u, const struct usage_owner *o)
{
	char objects[24], ap[OUT_HUMAN_SIZE_MAX], al[OUT_HUMAN_SIZE_MAX];
	char bar[DF_BAR_WIDTH + 16];
	double share = usage_share(u, o->alloc);
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	snprintf(objects, sizeof objects, "%zu", o->objects);
	df_bar(bar, sizeof bar, share);
	if (ln == NULL ||
	    scols_line_set_data(ln, 0, row_user_name(o->uid)) != 0 ||
	    scols_line_set_data(ln, 1, objects) != 0 ||
	    scols_line_set_data(ln, 2, df_size(f, o->apparent, ap,
	    sizeof ap)) != 0 ||
	    scols_line_set_data(ln, 3, df_size(f, o->alloc, al,
	    sizeof al)) != 0 ||
	    scols_line_set_data(ln, 4, bar) != 0)
		return -1;
	if (f->color)
		scols_cell_set_color(scols_line_get_cell(ln, 4),
		    df_bar_color(share));
	return 0;
}

static int
df_print_owners(const struct df_format *f, const struct usage *u)
{
	static const char *const names[] = { "OWNER", "OBJECTS", "APPARENT",
	    "ALLOC", "[SHARE OF FILE SYSTEM]" };
	struct libscols_table *tb;
	int rc = 0;

	if (u->nowners == 0)
		return 0;
	if ((tb = df_table(names, 5, f->color)) == NULL)
		return -1;
	for (size_t i = 0; i < u->nowners && rc == 0; i++)
		rc = df_owner_line(tb, f, u, &u->owners[i]);
	putchar('\n');
	return df_table_done(tb, rc);
}

static int
df_print_largest(const struct df_format *f, const struct usage *u)
{
	struct out_opts o = { .format = OUT_TABLE, .bytes = f->bytes,
	    .cols = largest_cols };
	struct shm_row rows[u->nlargest > 0 ? u->nlargest : 1];

	if (u->nlargest == 0)
		return 0;
	for (size_t i = 0; i < u->nlargest; i++)
		rows[i] = *u->largest[i];
	putchar('\n');
	return out_print_rows(&o, rows, u->nlargest);
}

int
df_print_text(const struct df_format *f, const struct df_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct usage *u = e[i].u;

		if (i > 0)
			putchar('\n');
		if (df_print_fs(f, &e[i]) != 0)
			return -1;
		if (e[i].ns != NULL)
			printf("namespace: %s\n", e[i].ns->label);
		df_print_counts(f, u);
		df_print_cgroup(f, u);
		if (df_print_owners(f, u) != 0 || df_print_largest(f, u) != 0)
			return -1;
	}
	return 0;
}

/* --- JSON ------------------------------------------------------------ */

static void
json_key_uint(struct out_json *j, const char *key, uintmax_t v)
{
	out_json_key(j, key);
	out_json_uint(j, v);
}

static void
json_fs(struct out_json *j, const struct usage_fs *fs)
{
	out_json_key(j, "fstype");
	out_json_string(j, fs->type);
	json_key_uint(j, "fs_size", fs->size);
	json_key_uint(j, "fs_used", fs->used);
	json_key_uint(j, "fs_avail", fs->avail);
	json_key_uint(j, "fs_inodes", fs->inodes);
	json_key_uint(j, "fs_inodes_free", fs->inodes_free);
}

static void
json_owners(struct out_json *j, const struct usage *u)
{
	out_json_key(j, "owners");
	out_json_array(j);
	for (size_t i = 0; i < u->nowners; i++) {
		const struct usage_owner *o = &u->owners[i];

		out_json_object(j);
		out_json_key(j, "owner");
		out_json_string(j, row_user_name(o->uid));
		json_key_uint(j, "uid", o->uid);
		json_key_uint(j, "objects", o->objects);
		json_key_uint(j, "apparent", o->apparent);
		json_key_uint(j, "alloc", o->alloc);
		out_json_end(j);
	}
	out_json_end(j);
}

static void
json_largest(struct out_json *j, const struct usage *u)
{
	out_json_key(j, "largest");
	out_json_array(j);
	for (size_t i = 0; i < u->nlargest; i++) {
		out_json_object(j);
		out_json_row(j, &largest_cols, u->largest[i]);
		out_json_end(j);
	}
	out_json_end(j);
}

static void
json_cgroup(struct out_json *j, const struct usage *u)
{
	const struct cgroup_mem *cg = &u->cgroup;

	out_json_key(j, "cgroup");
	out_json_object(j);
	out_json_key(j, "path");
	out_json_string(j, cg->path);
	out_json_key(j, "memory_max");
	if (cg->has_max && !cg->unlimited)
		out_json_uint(j, cg->max);
	else
		out_json_null(j);	/* "max": no limit, or unknown */
	out_json_key(j, "shmem");
	if (cg->has_shmem)
		out_json_uint(j, cg->shmem);
	else
		out_json_null(j);
	out_json_key(j, "container");
	out_json_string_or_null(j, u->container);
	out_json_end(j);
}

static void
json_entry(struct out_json *j, const struct df_entry *e)
{
	const struct usage *u = e->u;

	out_json_key(j, "dir");
	out_json_string(j, e->dir);
	if (e->ns != NULL) {
		out_json_key(j, "namespace");
		out_json_namespace(j, e->ns);
	}
	json_fs(j, &u->fs);
	json_key_uint(j, "objects", u->objects);
	json_key_uint(j, "apparent", u->apparent);
	json_key_uint(j, "alloc", u->alloc);
	json_key_uint(j, "semaphores", u->semaphores);
	out_json_key(j, "deleted");
	out_json_object(j);
	json_key_uint(j, "objects", u->deleted);
	json_key_uint(j, "alloc", u->deleted_alloc);
	out_json_end(j);
	json_owners(j, u);
	json_largest(j, u);
	if (u->has_cgroup)
		json_cgroup(j, u);
}

void
df_print_json(const struct df_entry *e, size_t n)
{
	struct out_json j;

	out_json_init(&j, stdout, 3);
	out_json_object(&j);
	out_json_key(&j, "df");
	out_json_array(&j);
	for (size_t i = 0; i < n; i++) {
		out_json_object(&j);
		json_entry(&j, &e[i]);
		out_json_end(&j);
	}
	out_json_end(&j);
	out_json_end(&j);
}
