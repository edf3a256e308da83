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
#include "deleted.h"
#include "dffmt.h"
#include "holders.h"
#include "nsdir.h"
#include "nsfind.h"
#include "parse.h"
#include "table.h"
#include "usage.h"
#include "xmalloc.h"

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
		if (o->json || args_has(ctx, OPT_TOP) || args_has(ctx, 'A'))
			return cmd_usage_error(ctx, "--need checks one "
			    "namespace: it cannot be combined with -A, --json "
			    "or --top");
	}
	if (args_has(ctx, 'A') && ctx->ns_given)
		return cmd_usage_error(ctx, "-A finds every namespace: it "
		    "cannot be combined with --dir");
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

/* One namespace being summed. */
struct df_target {
	const struct pshm_ns *ns;
	const struct ns_info *info; /* -A: which namespace, or NULL */
	pid_t cgroup_pid;	/* a container's process, or 0 */
	struct row_list rows;
	struct usage u;
};

/*
 * Holder counts for the largest objects of every target: one scan for
 * all of them, whose results live in h.
 */
static void
df_find_holders(struct holders *h, struct df_target *t, size_t n)
{
	size_t nwant = 0, k = 0, *idx;

	for (size_t i = 0; i < n; i++)
		nwant += t[i].u.nlargest;
	idx = xreallocarray(NULL, nwant > 0 ? nwant : 1, sizeof *idx);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i].u.nlargest; j++)
			idx[k++] = holders_want(h, &t[i].u.largest[j]->st);
	holders_scan(h);
	k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i].u.nlargest; j++)
			t[i].u.largest[j]->holders = holders_of(h, idx[k++]);
	free(idx);
}

/* Sums one namespace; -1 when its file system cannot be read. */
static int
df_sum(struct cmd_ctx *ctx, const struct df_opts *o, struct df_target *t)
{
	struct row_filter filter = { .sems = true, .warn = cmd_warn_entry,
	    .arg = ctx };

	if (usage_read(&t->u, t->ns, &t->rows, &filter) != 0) {
		cmd_warnx(ctx, t->ns->path, "%s", strerror(errno));
		return -1;
	}
	usage_finish(&t->u, t->rows.v, t->rows.n, o->top);
	if (t->cgroup_pid > 0)
		usage_cgroup(&t->u, t->cgroup_pid);
	return 0;
}

static int
df_print(struct cmd_ctx *ctx, const struct df_opts *o,
    const struct df_target *t, size_t n)
{
	struct df_entry e[n > 0 ? n : 1];
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].u.fs.type != NULL)	/* read */
			e[k++] = (struct df_entry){ .dir = t[i].ns->path,
			    .u = &t[i].u, .ns = t[i].info };
	if (o->json)
		df_print_json(e, k);
	else if (df_print_text(&o->format, e, k) != 0) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The namespaces to sum: every one of the host (-A), or the one. */
static struct df_target *
df_targets(struct cmd_ctx *ctx, struct ns_list *nsl, size_t *np)
{
	struct df_target *t;

	if (!args_has(ctx, 'A')) {
		t = xcalloc(1, sizeof *t);
		t->ns = &ctx->ns;
		t->cgroup_pid = df_container_pid(ctx);
		*np = 1;
		return t;
	}
	if (cmd_find_namespaces(ctx, nsl) != 0)
		return NULL;
	t = xcalloc(nsl->n, sizeof *t);
	for (size_t i = 0; i < nsl->n; i++) {
		t[i].ns = &nsl->v[i]->ns;
		t[i].info = nsl->v[i];
		t[i].cgroup_pid = nsl->v[i]->host ? 0 : nsl->v[i]->pid;
	}
	*np = nsl->n;
	return t;
}

static int
df_report(struct cmd_ctx *ctx, const struct df_opts *o)
{
	struct ns_list nsl = { 0 };
	struct holders *h = NULL;
	struct deleted *d;
	struct df_target *t;
	size_t n = 0;
	int rc = EXIT_OK;

	if ((t = df_targets(ctx, &nsl, &n)) == NULL)
		return EXIT_FAIL;
	for (size_t i = 0; i < n; i++)
		if (df_sum(ctx, o, &t[i]) != 0)
			rc = EXIT_FAIL;
	h = holders_new();
	d = deleted_new();
	for (size_t i = 0; i < n; i++)
		if (t[i].u.fs.type != NULL &&	/* read */
		    usage_want_deleted(&t[i].u, d, h, t[i].ns) != 0) {
			cmd_warnx(ctx, t[i].ns->path, "%s", strerror(errno));
			rc = EXIT_FAIL;
		}
	df_find_holders(h, t, n);
	for (size_t i = 0; i < n; i++)
		if (t[i].u.fs.type != NULL)
			usage_add_deleted(&t[i].u, d, h);
	if (df_print(ctx, o, t, n) != 0)
		rc = EXIT_FAIL;
	deleted_free(d);
	holders_free(h);
	for (size_t i = 0; i < n; i++) {
		usage_free(&t[i].u);
		row_list_free(&t[i].rows);
	}
	free(t);
	ns_list_free(&nsl);
	return rc;
}

static int
cmd_df_exec(struct cmd_ctx *ctx)
{
	struct df_opts o = { 0 };
	struct usage_fs fs;
	int rc;

	if (df_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	if (!o.need_given)
		rc = df_report(ctx, &o);
	else if (usage_fs_read(&fs, &ctx->ns) != 0) {
		/* A preflight: the file system alone, nothing printed. */
		cmd_warnx(ctx, ctx->ns.path, "%s", strerror(errno));
		rc = EXIT_FAIL;
	} else
		rc = df_need(ctx, &o, &fs);
	if (cmd_flush_stdout(ctx) != 0)
		rc = EXIT_FAIL;
	return rc;
}

static const struct cmd_option cmd_df_options[] = {
	{ 'A', "all-namespaces", NULL, "every namespace of the host" },
	{ 'b', "bytes", NULL, "sizes in bytes, not 1.5M" },
	{ OPT_JSON, "json", NULL, "JSON {\"df\": [...]}, sizes in bytes" },
	{ OPT_TOP, "top", "N", "the N largest objects (default 5)" },
	{ OPT_NEED, "need", "SIZE",
	    "exit 0 if SIZE bytes fit in the space available, else 1" },
	{ 0 }
};

const struct cmd_entry cmd_df_entry = {
	.name = "df",
	.usage = "[-A] [-b] [--json] [--top N] [--need SIZE]",
	.summary = "where the memory of the namespace is",
	.options = cmd_df_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_df_exec,
};
