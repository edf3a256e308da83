/*
 * cmd-df.c -- where the memory of the namespace is: its file system, its
 * objects by kind and owner, the largest of them, and a container's
 * memory cgroup (shmctl-df(1)).  The figures are usage.c's; this file
 * only gathers what they are computed from and hands them on.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "dffmt.h"
#include "holders.h"
#include "nsdir.h"
#include "parse.h"
#include "table.h"
#include "usage.h"

#define DF_TOP_DEFAULT	5
#define DF_TOP_MAX	100000

struct df_opts {
	bool json;
	struct df_format format;
	size_t top;
	bool need_given;
	off_t need;		/* --need SIZE */
};

static int
df_parse(struct cmd_ctx *ctx, struct df_opts *o)
{
	const char *arg, *why;

	o->json = args_has(ctx, OPT_JSON);
	o->format.bytes = args_has(ctx, 'b');
	o->format.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") ==
	    NULL;
	o->top = DF_TOP_DEFAULT;
	if ((arg = args_get(ctx, OPT_TOP)) != NULL) {
		long long n = strtonum(arg, 0, DF_TOP_MAX, &why);

		if (why != NULL)
			return cmd_usage_error(ctx, "invalid count '%s' for "
			    "--top: %s", arg, why);
		o->top = (size_t)n;
	}
	if ((arg = args_get(ctx, OPT_NEED)) != NULL) {
		if (parse_size(arg, &o->need, &why) != 0)
			return cmd_usage_error(ctx, "invalid size '%s' for "
			    "--need: %s", arg, why);
		o->need_given = true;
		if (o->json || args_has(ctx, OPT_TOP))
			return cmd_usage_error(ctx, "--need only checks: it "
			    "cannot be combined with --json or --top");
	}
	return 0;
}

/*
 * The pid of a namespace given as /proc/PID/root/..., a container's as
 * its processes see it, or 0.
 */
static pid_t
df_container_pid(const struct cmd_ctx *ctx)
{
	const char *p = ctx->ns.path, *why;
	char digits[16];
	size_t n;

	if (!ctx->ns_given || strncmp(p, "/proc/", 6) != 0)
		return 0;
	p += 6;
	n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof digits || strncmp(p + n, "/root", 5) != 0 ||
	    (p[n + 5] != '/' && p[n + 5] != '\0'))
		return 0;
	snprintf(digits, sizeof digits, "%.*s", (int)n, p);
	return (pid_t)strtonum(digits, 1, INT_MAX, &why);
}

static void
df_warn(void *arg, const char *name, int errnum)
{
	const struct cmd_ctx *ctx = arg;

	cmd_warnx(ctx, name != NULL ? name : ctx->ns.path, "%s",
	    strerror(errnum));
}

/* --need: one line on stderr when SIZE does not fit. */
static int
df_need(struct cmd_ctx *ctx, const struct df_opts *o,
    const struct usage_fs *fs)
{
	char need[OUT_HUMAN_SIZE_MAX], avail[OUT_HUMAN_SIZE_MAX];

	if ((uintmax_t)o->need <= fs->avail)
		return EXIT_OK;
	cmd_warnx(ctx, ctx->ns.path, "%s (%jd bytes) needed, %s (%ju bytes) "
	    "available", out_human_size((uintmax_t)o->need, need, sizeof need),
	    (intmax_t)o->need, out_human_size(fs->avail, avail, sizeof avail),
	    fs->avail);
	return EXIT_FAIL;
}

/* Holder counts for the largest objects: one scan for all of them. */
static int
df_find_holders(struct cmd_ctx *ctx, struct usage *u, struct holders *h)
{
	int idx[u->nlargest > 0 ? u->nlargest : 1];

	for (size_t i = 0; i < u->nlargest; i++)
		if ((idx[i] = holders_want(h, &u->largest[i]->st)) < 0)
			goto fail;
	if (holders_scan(h) != 0)
		goto fail;
	for (size_t i = 0; i < u->nlargest; i++)
		u->largest[i]->holders = holders_of(h, idx[i]);
	return 0;
fail:
	cmd_warnx(ctx, NULL, "holders: %s", strerror(errno));
	return -1;
}

static int
df_report(struct cmd_ctx *ctx, const struct df_opts *o, struct usage *u,
    struct row_list *rows)
{
	struct df_entry e = { .dir = ctx->ns.path, .u = u };
	struct holders *h;
	pid_t pid;
	int rc = 0;

	usage_finish(u, rows->v, rows->n, o->top);
	if ((pid = df_container_pid(ctx)) > 0)
		usage_cgroup(u, pid);
	if ((h = holders_new()) == NULL ||
	    df_find_holders(ctx, u, h) != 0)
		rc = -1;
	else if (o->json)
		df_print_json(&e, 1);
	else if (df_print_text(&o->format, &e, 1) != 0) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		rc = -1;
	}
	holders_free(h);
	return rc;
}

static int
cmd_df_exec(struct cmd_ctx *ctx)
{
	struct row_filter filter = { .sems = true, .warn = df_warn,
	    .arg = ctx };
	struct df_opts o = { 0 };
	struct row_list rows = { 0 };
	struct usage u = { 0 };
	int rc = EXIT_OK;

	if (df_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	if (o.need_given) {
		/* A preflight: the file system alone, nothing printed. */
		if (usage_fs_read(&u.fs, &ctx->ns) != 0) {
			cmd_warnx(ctx, ctx->ns.path, "%s", strerror(errno));
			rc = EXIT_FAIL;
		} else
			rc = df_need(ctx, &o, &u.fs);
	} else if (usage_read(&u, &ctx->ns, &rows, &filter) != 0) {
		cmd_warnx(ctx, ctx->ns.path, "%s", strerror(errno));
		rc = EXIT_FAIL;
	} else if (df_report(ctx, &o, &u, &rows) != 0)
		rc = EXIT_FAIL;
	if (cmd_flush_stdout(ctx) != 0)
		rc = EXIT_FAIL;
	usage_free(&u);
	row_list_free(&rows);
	return rc;
}

static const struct cmd_option cmd_df_options[] = {
	{ 'b', "bytes", NULL, "sizes in bytes, not 1.5M" },
	{ OPT_JSON, "json", NULL, "JSON {\"df\": [...]}, sizes in bytes" },
	{ OPT_TOP, "top", "N", "the N largest objects (default 5)" },
	{ OPT_NEED, "need", "SIZE",
	    "exit 0 if SIZE bytes fit in the space available, else 1" },
	{ 0 }
};

const struct cmd_entry cmd_df_entry = {
	.name = "df",
	.usage = "[-b] [--json] [--top N] [--need SIZE]",
	.summary = "where the memory of the namespace is",
	.options = cmd_df_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_df_exec,
};
