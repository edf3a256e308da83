/*
 * cmd-unlink.c -- remove names; with --if-unused, only those of objects
 * that no process holds.  Either way only what was verified is removed
 * (reap_unlink, reap_remove_unused: renamed aside, checked, unlinked).
 *
 * --if-unused opens each object read-only to learn its device and inode,
 * scans /proc once for all of them, and removes an object only when the
 * scan found no holder and, at the moment of the unlink, the kernel
 * confirms it (see reap_remove_unused).  An object whose holders cannot
 * be ruled out is kept, and the message says why.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "escape.h"
#include "holders.h"
#include "reap.h"
#include "xmalloc.h"

struct unlink_opts {
	bool force;
	bool if_unused;
};

/* An operand of --if-unused, between the first look and the removal. */
struct unlink_target {
	char name[NAME_MAX + 2];
	struct pshm_stat st;
	bool wanted;		/* asked of the scan; else nothing to do */
	size_t idx;		/* in the scan */
};

/* Where a name was taken while its object was aside, says where it is. */
static void
unlink_say_kept(struct cmd_ctx *ctx, const char *name,
    const struct reap_info *info)
{
	char kept[OUT_ESCAPE_MAX(NAME_MAX + 2)];

	if (info->kept[0] == '\0')
		return;
	cmd_warnx(ctx, name, "another object took the name meanwhile; the "
	    "one checked is kept as %s", out_escape(info->kept, kept,
	    sizeof kept));
}

/* Removes exactly what was verified to be an object (reap_unlink). */
static int
unlink_plain(struct cmd_ctx *ctx, const char *name,
    const struct unlink_opts *o)
{
	struct reap_info info;
	struct pshm_error err;

	if (reap_unlink(&ctx->ns, name, &info, &err) == PSHM_OK)
		return EXIT_OK;
	unlink_say_kept(ctx, name, &info);
	if (o->force && err.errnum == ENOENT)
		return EXIT_OK;
	cmd_warnx(ctx, name, "%s", pshm_strerror(&err));
	return EXIT_FAIL;
}

/* Opens the object read-only for its identity; -1 when there is none. */
static int
unlink_identify(struct cmd_ctx *ctx, struct unlink_target *t,
    const struct unlink_opts *o, struct holders *h, int *rc)
{
	struct pshm_open_opts oo = {
		.direction = PSHM_META,
		.if_exists = PSHM_IFEX_OVERWRITE,
		.if_does_not_exist = PSHM_IFDNE_ERROR,
	};
	struct pshm_error err;
	WITH_OPEN_SHM(fd);

	t->wanted = false;
	if (pshm_open(&ctx->ns, t->name, &oo, &fd, NULL, &err) != PSHM_OK) {
		if (o->force && err.errnum == ENOENT)
			return -1;
		if (err.errnum == ENOENT || err.errnum == PSHM_ENOTSHM)
			cmd_warn_error(ctx, t->name, &err);
		else
			cmd_warnx(ctx, t->name, "cannot check its holders: %s; "
			    "not removed", pshm_strerror(&err));
		*rc = EXIT_FAIL;
		return -1;
	}
	if (pshm_fstat(fd, &t->st, &err) != PSHM_OK) {
		cmd_warn_error(ctx, t->name, &err);
		*rc = EXIT_FAIL;
		return -1;
	}
	t->idx = holders_want(h, &t->st);
	t->wanted = true;
	return 0;
}

/* Without a lease, the scan just made decides. */
static bool
scan_says_unused(void *arg)
{
	const struct shm_holders *hs = arg;

	return hs->checked && hs->complete && hs->count == 0;
}

static int
unlink_if_unused(struct cmd_ctx *ctx, const struct unlink_target *t,
    const struct unlink_opts *o, const struct holders *h)
{
	const struct shm_holders *hs = holders_of(h, t->idx);
	struct reap_info info;
	enum reap_result r;
	char why[512];
	struct pshm_error err;

	if (hs->count > 0) {
		cmd_warnx(ctx, t->name, "in use by %s; not removed",
		    holders_describe(hs, why, sizeof why));
		return EXIT_FAIL;
	}
	r = reap_remove_unused(&ctx->ns, t->name, &t->st, scan_says_unused,
	    (void *)hs, &info, &err);
	unlink_say_kept(ctx, t->name, &info);
	switch (r) {
	case REAP_REMOVED:
		return EXIT_OK;
	case REAP_GONE:
		if (o->force)
			return EXIT_OK;
		cmd_warnx(ctx, t->name, "removed by another process meanwhile");
		return EXIT_FAIL;
	case REAP_CHANGED:
		cmd_warnx(ctx, t->name, "replaced by another object meanwhile; "
		    "not removed");
		return EXIT_FAIL;
	case REAP_IN_USE:
		/* The kernel says so: find out who, for the message. */
		cmd_warnx(ctx, t->name, "in use by %s; not removed",
		    holders_describe_now(&t->st, why, sizeof why));
		return EXIT_FAIL;
	case REAP_UNKNOWN:
		cmd_warnx(ctx, t->name, "holders cannot be ruled out: %s; not "
		    "removed", holders_describe_blind(holders_blind(h), why,
		    sizeof why));
		return EXIT_FAIL;
	default:
		cmd_warnx(ctx, t->name, "%s", pshm_strerror(&err));
		return EXIT_FAIL;
	}
}

static int
unlink_all_if_unused(struct cmd_ctx *ctx, const struct unlink_opts *o)
{
	struct unlink_target *t;
	struct holders *h;
	int rc = EXIT_OK;

	t = xcalloc(ctx->nnames, sizeof *t);
	h = holders_new();
	for (int i = 0; i < ctx->nnames; i++) {
		memcpy(t[i].name, ctx->names[i], sizeof t[i].name);
		unlink_identify(ctx, &t[i], o, h, &rc);
	}
	holders_scan(h);
	for (int i = 0; i < ctx->nnames; i++)
		if (t[i].wanted &&
		    unlink_if_unused(ctx, &t[i], o, h) != EXIT_OK)
			rc = EXIT_FAIL;
	holders_free(h);
	free(t);
	return rc;
}

static int
cmd_unlink_exec(struct cmd_ctx *ctx)
{
	struct unlink_opts o = {
		.force = args_has(ctx, 'f'),
		.if_unused = args_has(ctx, OPT_IF_UNUSED),
	};
	int rc = EXIT_OK;

	/* As rm -f: nothing to remove is not an error. */
	if (ctx->argc == 0)
		return o.force ? EXIT_OK :
		    cmd_usage_error(ctx, "missing operand");
	if (o.if_unused)
		return unlink_all_if_unused(ctx, &o);
	for (int i = 0; i < ctx->nnames; i++)
		if (unlink_plain(ctx, ctx->names[i], &o) != EXIT_OK)
			rc = EXIT_FAIL;
	return rc;
}

static const struct cmd_option cmd_unlink_options[] = {
	{ 'f', "force", NULL, "a missing name is not an error" },
	{ OPT_IF_UNUSED, "if-unused", NULL,
	    "keep objects that a process holds open or mapped" },
	{ 0 }
};

const struct cmd_entry cmd_unlink_entry = {
	.name = "unlink",
	.alias = "rm",
	.usage = "[-f] [--if-unused] NAME...",
	.summary = "remove shared memory objects' names",
	.options = cmd_unlink_options,
	.min_operands = 0,
	.max_operands = -1,
	.flags = CMD_NAMES,
	.exec = cmd_unlink_exec,
};
