/*
 * cmd-stat.c -- metadata of objects: a readable block, --terse, -c FORMAT,
 * --printf FORMAT or --json.  Objects are opened for their metadata only (O_PATH, no read
 * permission needed) and asked with fstat, never stat'ed by path.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "holders.h"
#include "statfmt.h"
#include "table.h"

enum stat_style { STAT_BLOCK, STAT_TERSE, STAT_FORMAT, STAT_JSON };

struct stat_opts {
	enum stat_style style;
	const char *format;	/* -c or --printf */
	bool escapes;		/* --printf */
	bool holders;
	struct row_list rows;
};

static int
stat_parse(struct cmd_ctx *ctx, struct stat_opts *o)
{
	const char *why;
	int styles;

	styles = args_has(ctx, 'c') + args_has(ctx, OPT_PRINTF) +
	    args_has(ctx, OPT_TERSE) + args_has(ctx, OPT_JSON);
	if (styles > 1)
		return cmd_usage_error(ctx, "-c, --printf, --terse and --json "
		    "cannot be combined");
	o->style = STAT_BLOCK;
	if (args_has(ctx, OPT_TERSE))
		o->style = STAT_TERSE;
	else if (args_has(ctx, OPT_JSON))
		o->style = STAT_JSON;
	else if (args_has(ctx, 'c') || args_has(ctx, OPT_PRINTF)) {
		o->style = STAT_FORMAT;
		o->escapes = args_has(ctx, OPT_PRINTF);
		o->format = args_get(ctx, o->escapes ? OPT_PRINTF : 'c');
		if (out_stat_format_check(o->format, o->escapes, &why) != 0)
			return cmd_usage_error(ctx, "%s", why);
	}
	o->holders = args_has(ctx, OPT_HOLDERS);
	if (o->holders && (o->style == STAT_TERSE || o->style == STAT_FORMAT))
		return cmd_usage_error(ctx, "--holders shows in the default "
		    "output and --json, not with -c, --printf or --terse");
	return 0;
}

/* Collects one object's row; printing waits until all are read. */
static int
stat_one(struct cmd_ctx *ctx, int fd, const char *label, void *arg)
{
	struct stat_opts *o = arg;
	struct pshm_error err;
	struct pshm_stat st;
	struct shm_row *row;

	if (pshm_fstat(fd, &st, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	row = row_list_add(&o->rows, label);
	row->by_fd = ctx->fd != -1;
	row->type = SHM_TYPE_SHM;
	row->st = st;
	if (o->style == STAT_FORMAT)	/* %w and %W */
		row_read_birth(row, fd);
	return EXIT_OK;
}

static void
stat_json_columns(const struct stat_opts *o, struct out_opts *oo)
{
	oo->format = OUT_JSON;
	for (int c = OUT_COL_NAME; c <= OUT_COL_CTIME; c++)
		out_columns_add(&oo->cols, c);
	if (o->holders) {
		out_columns_add(&oo->cols, OUT_COL_HOLDERS);
		out_columns_add(&oo->cols, OUT_COL_PIDS);
	}
}

static int
stat_print(const struct stat_opts *o)
{
	struct out_opts oo = { 0 };

	if (o->style == STAT_JSON) {
		stat_json_columns(o, &oo);
		return out_print_rows(&oo, o->rows.v, o->rows.n);
	}
	for (size_t i = 0; i < o->rows.n; i++) {
		const struct shm_row *r = &o->rows.v[i];

		switch (o->style) {
		case STAT_BLOCK:
			if (i > 0)
				putchar('\n');
			out_print_stat_block(r);
			break;
		case STAT_TERSE:
			out_print_stat_terse(r);
			break;
		case STAT_FORMAT:
			out_print_stat_format(o->format, o->escapes, r);
			break;
		case STAT_JSON:
			break;
		}
	}
	return 0;
}

static int
cmd_stat_exec(struct cmd_ctx *ctx)
{
	struct stat_opts o = { 0 };
	struct holders *h = NULL;
	int rc;

	if (stat_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	rc = cmd_each_object(ctx, stat_one, &o);
	if (rc == EXIT_USAGE) {
		row_list_free(&o.rows);
		return rc;
	}
	/* One /proc scan for all the objects; rows point into h's results. */
	if (o.holders && o.rows.n > 0) {
		h = holders_new();
		holders_scan_rows(h, o.rows.v, o.rows.n);
	}
	if (stat_print(&o) != 0) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		rc = EXIT_FAIL;
	}
	if (cmd_flush_stdout(ctx) != 0)
		rc = EXIT_FAIL;
	holders_free(h);
	row_list_free(&o.rows);
	return rc;
}

static const struct cmd_option cmd_stat_options[] = {
	{ 'c', "format", "FORMAT",
	    "as stat(1), a newline after each: %n %s %b %B %a %A %f %F %u "
	    "%U %g %G %i %h %d %D %o %r %R %t %T %x %X %y %Y %z %Z %w %W %%" },
	{ OPT_PRINTF, "printf", "FORMAT",
	    "as -c, with \\n \\t \\\\ \\NNN escapes and no newline added" },
	{ OPT_TERSE, "terse", NULL,
	    "dev ino mode nlink uid gid rdev size blksize blocks" },
	{ OPT_JSON, "json", NULL, "JSON, as list --json" },
	{ OPT_HOLDERS, "holders", NULL, "also the processes holding each" },
	{ OPT_FD, "fd", "N", "the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_stat_entry = {
	.name = "stat",
	.usage = "[--holders] [-c FORMAT | --printf FORMAT | --terse | "
	    "--json] "
	    "(NAME... | --fd N)",
	.summary = "show the metadata of objects",
	.options = cmd_stat_options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CMD_FD | CMD_NAMES,
	.names_open = PSHM_META,
	.exec = cmd_stat_exec,
};
