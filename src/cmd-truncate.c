/*
 * cmd-truncate.c -- set, grow or shrink the size of objects.  Growing is
 * always allowed; shrinking only where no other process maps the object,
 * unless --force (reap_shrink).
 */
#include "config.h"

#include "cmd.h"
#include "parse.h"
#include "reap.h"

struct truncate_opts {
	off_t amount;
	enum size_rel rel;
	bool force;		/* shrink even what another process maps */
};

/* The new size for an object of the current size. */
static int
truncate_target(const struct truncate_opts *o, off_t cur, off_t *out)
{
	switch (o->rel) {
	case SIZE_GROW:
		if (o->amount > INT64_MAX - cur)
			return -1;
		*out = cur + o->amount;
		break;
	case SIZE_SHRINK:
		*out = o->amount > cur ? 0 : cur - o->amount;
		break;
	default:
		*out = o->amount;
		break;
	}
	return 0;
}

/* A shrink: only where no other process maps the object (reap_shrink). */
static int
truncate_shrink(struct cmd_ctx *ctx, int fd, const char *label, off_t size)
{
	struct pshm_error err;
	char why[1024];

	switch (reap_shrink(fd, size, why, sizeof why, &err)) {
	case REAP_SHRUNK:
		return EXIT_OK;
	case REAP_SHRINK_FAILED:
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	default:
		cmd_warnx(ctx, label, "not shrunk: %s; shrinking would kill a "
		    "process that maps it with SIGBUS (--force shrinks anyway)",
		    why);
		return EXIT_FAIL;
	}
}

static int
truncate_one(struct cmd_ctx *ctx, int fd, const char *label, void *arg)
{
	const struct truncate_opts *o = arg;
	struct pshm_error err;
	struct pshm_stat st;
	off_t size;

	if (pshm_fstat(fd, &st, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	if (truncate_target(o, st.size, &size) != 0) {
		cmd_warnx(ctx, label, "size would exceed the largest file "
		    "size");
		return EXIT_FAIL;
	}
	if (size < st.size && !o->force)
		return truncate_shrink(ctx, fd, label, size);
	if (pshm_ftruncate(fd, size, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
cmd_truncate_exec(struct cmd_ctx *ctx)
{
	struct truncate_opts o;
	const char *arg = args_get(ctx, 's'), *why;

	if (arg == NULL)
		return cmd_usage_error(ctx, "-s SIZE is required");
	if (parse_size_rel(arg, &o.amount, &o.rel, &why) != 0)
		return cmd_usage_error(ctx, "invalid size '%s': %s", arg, why);
	o.force = args_has(ctx, OPT_FORCE);
	return cmd_each_object(ctx, truncate_one, &o);
}

static const struct cmd_option cmd_truncate_options[] = {
	{ 's', "size", "[+|-]SIZE",
	    "set the size; +SIZE grows by, -SIZE shrinks by (not below 0)" },
	{ OPT_FORCE, "force", NULL,
	    "shrink even an object that another process maps" },
	{ OPT_FD, "fd", "N", "resize the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_truncate_entry = {
	.name = "truncate",
	.usage = "[--force] -s [+|-]SIZE (NAME... | --fd N)",
	.summary = "set the size of objects",
	.options = cmd_truncate_options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CMD_FD | CMD_NAMES,
	.names_open = PSHM_IO,
	.exec = cmd_truncate_exec,
};
