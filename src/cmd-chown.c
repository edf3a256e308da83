/*
 * cmd-chown.c -- change the owner and group of objects, through the
 * descriptor.
 */
#include "config.h"

#include "cmd.h"
#include "parse.h"

struct chown_ids {
	uid_t uid;
	gid_t gid;
};

static int
chown_one(struct cmd_ctx *ctx, int fd, const char *label, void *arg)
{
	const struct chown_ids *ids = arg;
	struct pshm_error err;

	if (pshm_fchown(fd, ids->uid, ids->gid, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
cmd_chown_exec(struct cmd_ctx *ctx)
{
	const char *spec = ctx->argv[0], *why;
	struct chown_ids ids;

	if (parse_owner(spec, &ids.uid, &ids.gid, &why) != 0)
		return cmd_usage_error(ctx, "invalid owner '%s': %s", spec,
		    why);
	return cmd_each_object(ctx, chown_one, &ids);
}

static const struct cmd_option cmd_chown_options[] = {
	{ OPT_FD, "fd", "N", "change the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_chown_entry = {
	.name = "chown",
	.usage = "OWNER[:GROUP] (NAME... | --fd N)",
	.summary = "change the owner and group of objects",
	.options = cmd_chown_options,
	.min_operands = 1,
	.max_operands = -1,
	.fd_min_operands = 1,
	.fd_max_operands = 1,
	.flags = CMD_FD | CMD_NAMES,
	.names_from = 1,
	.names_open = PSHM_META,
	.exec = cmd_chown_exec,
};
