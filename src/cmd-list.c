/*
 * cmd-list.c -- what is in the namespace: one row per object.
 *
 * Entries are read by row_list_read: looked at with fstatat on the
 * namespace directory, never followed or opened, so that a FIFO or a
 * device under a name cannot block or be touched, and listing costs one
 * system call per entry.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "deleted.h"
#include "holders.h"
#include "nsdir.h"
#include "nsfind.h"
#include "table.h"

struct list_opts {
	bool names0;		/* -0 */
	bool deleted;		/* --deleted: the nameless objects */
	bool holders;		/* look holders up */
	bool svals;		/* read the semaphores' values */
	enum out_col sort;
	bool reverse;		/* --reverse */
	struct out_opts out;
	struct row_filter filter; /* -a: semaphores and non-regular entries */
};

/*
 * NAME SIZE PERMS OWNER GROUP MTIME, or with -l every metadata column;
 * --deleted: NAME SIZE ALLOC OWNER HOLDERS PIDS, the memory and who pins it.
 */
static void
list_default_columns(const struct cmd_ctx *ctx, struct out_columns *cols)
{
	static const enum out_col brief[] = { OUT_COL_NAME, OUT_COL_SIZE,
	    OUT_COL_PERMS, OUT_COL_OWNER, OUT_COL_GROUP, OUT_COL_MTIME };
	static const enum out_col deleted[] = { OUT_COL_NAME, OUT_COL_SIZE,
	    OUT_COL_ALLOC, OUT_COL_OWNER, OUT_COL_HOLDERS, OUT_COL_PIDS };
	bool lng = args_has(ctx, 'l');

	cols->n = 0;
	if (lng) {
		for (int c = OUT_COL_NAME; c <= OUT_COL_CTIME; c++)
			out_columns_add(cols, c);
	} else if (args_has(ctx, OPT_DELETED)) {
		for (size_t i = 0; i < sizeof deleted / sizeof deleted[0]; i++)
			out_columns_add(cols, deleted[i]);
	} else {
		for (size_t i = 0; i < sizeof brief / sizeof brief[0]; i++)
			out_columns_add(cols, brief[i]);
	}
	/* --deleted has its holders, --holders or not. */
	if (lng && args_has(ctx, OPT_DELETED)) {
		out_columns_add(cols, OUT_COL_HOLDERS);
		out_columns_add(cols, OUT_COL_PIDS);
	} else if (args_has(ctx, OPT_HOLDERS) && !args_has(ctx, OPT_DELETED)) {
		out_columns_add(cols, OUT_COL_HOLDERS);
		if (lng)
			out_columns_add(cols, OUT_COL_PIDS);
	}
	if (args_has(ctx, 'a'))
		out_columns_add(cols, OUT_COL_TYPE);
	if (args_has(ctx, 'A'))
		out_columns_add(cols, OUT_COL_NAMESPACE);
}

static int
list_parse_format(struct cmd_ctx *ctx, struct list_opts *o)
{
	int formats = args_has(ctx, OPT_JSON) + args_has(ctx, 'r') +
	    args_has(ctx, 'P');

	if (formats > 1)
		return cmd_usage_error(ctx, "--json, --raw and --pairs cannot "
		    "be combined");
	if (o->names0 && (formats > 0 || args_has(ctx, 'o')))
		return cmd_usage_error(ctx, "-0 prints only names: it cannot "
		    "be combined with -o, --json, --raw or --pairs");
	if (o->names0 && o->deleted)
		return cmd_usage_error(ctx, "-0 prints names to act on: "
		    "--deleted lists objects that have none");
	o->out.format = OUT_TABLE;
	if (args_has(ctx, OPT_JSON))
		o->out.format = OUT_JSON;
	else if (args_has(ctx, 'r'))
		o->out.format = OUT_RAW;
	else if (args_has(ctx, 'P'))
		o->out.format = OUT_PAIRS;
	o->out.noheadings = args_has(ctx, 'n');
	o->out.bytes = args_has(ctx, 'b');
	return 0;
}

static int
list_parse_columns(struct cmd_ctx *ctx, struct list_opts *o)
{
	const char *arg, *bad;
	int c, badlen;

	list_default_columns(ctx, &o->out.cols);
	if ((arg = args_get(ctx, 'o')) != NULL &&
	    out_columns_parse(arg, &o->out.cols, &bad, &badlen) != 0)
		return cmd_usage_error(ctx, "unknown column '%.*s'", badlen,
		    bad);
	/* -A: the host's namespace first, then as found. */
	o->sort = args_has(ctx, 'A') ? OUT_COL_NAMESPACE : OUT_COL_NAME;
	if ((arg = args_get(ctx, OPT_SORT)) != NULL) {
		if ((c = out_column_lookup(arg)) < 0)
			return cmd_usage_error(ctx, "unknown column '%s'", arg);
		o->sort = c;
	}
	o->reverse = args_has(ctx, OPT_REVERSE);
	/* A nameless semaphore cannot be reached to read its value. */
	o->svals = !o->deleted && (out_columns_has(&o->out.cols,
	    OUT_COL_SVAL) || o->sort == OUT_COL_SVAL);
	o->holders = args_has(ctx, OPT_HOLDERS) ||
	    out_columns_has(&o->out.cols, OUT_COL_HOLDERS) ||
	    out_columns_has(&o->out.cols, OUT_COL_PIDS) ||
	    o->sort == OUT_COL_HOLDERS || o->sort == OUT_COL_PIDS;
	return 0;
}

/*
 * PATTERN matches the name with or without its leading slash, and may be
 * written under the namespace directory ("/dev/shm/foo*") as a NAME can.
 */
static int
list_parse(struct cmd_ctx *ctx, struct list_opts *o)
{
	o->names0 = args_has(ctx, '0');
	o->deleted = args_has(ctx, OPT_DELETED);
	o->filter = (struct row_filter){
		.sems = args_has(ctx, 'a'),
		.nonregular = args_has(ctx, 'a'),
		.patterns = ctx->argv,
		.npatterns = ctx->argc,
		.warn = cmd_warn_entry,
		.arg = ctx,
	};
	if (list_parse_format(ctx, o) != 0 ||
	    list_parse_columns(ctx, o) != 0)
		return EXIT_USAGE;
	if (args_has(ctx, 'A') && ctx->ns_given)
		return cmd_usage_error(ctx, "-A finds every namespace: it "
		    "cannot be combined with --dir");
	return cmd_check_filter(ctx, &o->filter);
}

/*
 * One /proc scan for every listed object; rows point at the results, which
 * live until holders_free.  Says once on stderr when counts are only lower
 * bounds.
 */
static void
list_find_holders(struct cmd_ctx *ctx, struct row_list *rows,
    struct holders *h)
{
	char why[256];
	bool partial = false;

	holders_scan_rows(h, rows->v, rows->n);
	for (size_t i = 0; i < rows->n; i++)
		if (!rows->v[i].holders->complete)
			partial = true;
	if (partial)
		cmd_warnx(ctx, NULL, "holders are lower bounds: %s",
		    holders_describe_blind(holders_blind(h), why, sizeof why));
}

/*
 * --deleted: the nameless objects of every namespace read (-A) or of the
 * one, and with -a the memfds, from one /proc scan whose holders the rows
 * point at.  Says once on stderr what cannot have been seen.
 */
static int
list_read_deleted(struct cmd_ctx *ctx, const struct list_opts *o,
    struct row_list *rows, const struct ns_list *nsl, struct holders *h)
{
	struct deleted *d = deleted_new();
	const struct holders_blind *b;
	char why[256];
	int rc = 0;

	for (size_t i = 0; i < (nsl->n > 0 ? nsl->n : 1); i++) {
		const struct pshm_ns *ns = nsl->n > 0 ? &nsl->v[i]->ns :
		    &ctx->ns;

		if (deleted_want_ns(d, h, ns, nsl->n > 0 ? nsl->v[i] :
		    NULL) != 0) {
			cmd_warnx(ctx, ns->path, "%s", strerror(errno));
			rc = -1;
		}
	}
	if (args_has(ctx, 'a') && deleted_want_memfd(d, h) != 0) {
		cmd_warnx(ctx, NULL, "memfd objects: %s", strerror(errno));
		rc = -1;
	}
	holders_scan(h);
	deleted_rows(d, h, &o->filter, ctx->ns.path, rows);
	deleted_free(d);
	b = holders_blind(h);
	if (b->noproc || b->hidden || b->nprocs > 0)
		cmd_warnx(ctx, NULL, "objects held only by processes that "
		    "could not be inspected are missing, holders are lower "
		    "bounds: %s", holders_describe_blind(b, why, sizeof why));
	return rc;
}

static int
list_print(struct cmd_ctx *ctx, const struct list_opts *o,
    struct row_list *rows)
{
	out_sort_rows(rows->v, rows->n, o->sort);
	/* --reverse turns the whole order round, ties too, as ls -r. */
	for (size_t i = 0; o->reverse && i < rows->n / 2; i++) {
		struct shm_row t = rows->v[i];

		rows->v[i] = rows->v[rows->n - 1 - i];
		rows->v[rows->n - 1 - i] = t;
	}
	if (o->names0)
		out_print_names0(rows->v, rows->n, isatty(STDOUT_FILENO));
	else if (out_print_rows(&o->out, rows->v, rows->n) != 0) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The rows of every namespace of the host (-A), each pointing at its
 * namespace, or of the one namespace.
 */
static int
list_read(struct cmd_ctx *ctx, const struct list_opts *o,
    struct row_list *rows, struct ns_list *nsl, struct holders *h)
{
	int rc = 0;

	if (!args_has(ctx, 'A'))
		return o->deleted ? list_read_deleted(ctx, o, rows, nsl, h) :
		    row_list_read(rows, &ctx->ns, &o->filter);
	if (cmd_find_namespaces(ctx, nsl) != 0)
		return -1;
	if (o->deleted)
		return list_read_deleted(ctx, o, rows, nsl, h);
	for (size_t i = 0; i < nsl->n; i++) {
		size_t first = rows->n;

		if (row_list_read(rows, &nsl->v[i]->ns, &o->filter) != 0)
			rc = -1;
		for (size_t r = first; r < rows->n; r++)
			rows->v[r].ns = nsl->v[i];
	}
	return rc;
}

static int
cmd_list_exec(struct cmd_ctx *ctx)
{
	struct list_opts o = { 0 };
	struct row_list rows = { 0 };
	struct ns_list nsl = { 0 };
	struct holders *h = NULL;
	int rc;

	if (list_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	if (o.deleted || o.holders)
		h = holders_new();
	rc = list_read(ctx, &o, &rows, &nsl, h) == 0 ? EXIT_OK : EXIT_FAIL;
	if (o.svals)
		row_list_read_svals(&rows, &ctx->ns);
	/* --deleted: the rows come from the scan, with their holders. */
	if (o.holders && !o.deleted)
		list_find_holders(ctx, &rows, h);
	if (list_print(ctx, &o, &rows) != 0)
		rc = EXIT_FAIL;
	if (cmd_flush_stdout(ctx) != 0)
		rc = EXIT_FAIL;
	holders_free(h);
	row_list_free(&rows);
	ns_list_free(&nsl);
	return rc;
}

static const struct cmd_option cmd_list_options[] = {
	{ 'a', "all", NULL, "also sem.* and non-regular entries, with TYPE" },
	{ 'l', "long", NULL, "every metadata column, NAME to CTIME" },
	{ 'A', "all-namespaces", NULL,
	    "every namespace of the host, with NAMESPACE" },
	{ 'o', "output", "COLUMNS",
	    "COL,... or +COL,... to add to the default (Columns below)" },
	{ OPT_JSON, "json", NULL, "JSON {\"shm\": [...]}, ISO 8601 times" },
	{ 'r', "raw", NULL, "unaligned, \\xHH escapes, ISO 8601 times" },
	{ 'P', "pairs", NULL, "KEY=\"value\" pairs, escaped as -r" },
	{ 'n', "noheadings", NULL, "no header line" },
	{ 'b', "bytes", NULL, "sizes in bytes, not 1.5M" },
	{ OPT_HOLDERS, "holders", NULL,
	    "count holders: HOLDERS (-l: and PIDS)" },
	{ OPT_DELETED, "deleted", NULL,
	    "objects with no name left, still held (-a: memfds too)" },
	{ OPT_SORT, "sort", "COLUMN", "sort by COLUMN (default NAME)" },
	{ OPT_REVERSE, "reverse", NULL,
	    "reverse the order (-r is --raw, as in lsblk)" },
	{ '0', "null", NULL,
	    "only names, each ending in NUL (raw unless a tty)" },
	{ 0 }
};

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.alias = "ls",
	.usage = "[-a] [-l] [-A] [-o COLUMNS] [--json | -r | -P] [-n] [-b] "
	    "[--holders] [--deleted] [--sort COLUMN [--reverse]] [-0] "
	    "[PATTERN...]",
	.summary = "list the objects in the namespace",
	.options = cmd_list_options,
	.min_operands = 0,
	.max_operands = -1,
	.help = out_columns_help,
	.exec = cmd_list_exec,
};
