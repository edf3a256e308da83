/*
 * cmd-chmod.c -- change the permissions of objects, through the descriptor.
 */
#include "config.h"

#include "cmd.h"
#include "parse.h"

static int
chmod_one(struct cmd_ctx *ctx, int fd, const char *label, void *arg)
{
	const char *spec = arg, *why;
	struct pshm_error err;
	struct pshm_stat st;
	mode_t mode;

	if (pshm_fstat(fd, &st, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	/* Symbolic modes apply to each object's own current mode. */
	if (parse_mode(spec, st.mode & 07777, &mode, &why) != 0) {
		cmd_warnx(ctx, label, "invalid mode '%s': %s", spec, why);
		return EXIT_FAIL;
	}
	if (pshm_fchmod(fd, mode, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
cmd_chmod_exec(struct cmd_ctx *ctx)
{
	const char *spec = ctx->argv[0], *why;
	mode_t mode;

	/* Check the MODE before anything is done. */
	if (parse_mode(spec, 0, &mode, &why) != 0)
		return cmd_usage_error(ctx, "invalid mode '%s': %s", spec, why);
	return cmd_each_object(ctx, chmod_one, (void *)spec);
}

static const struct cmd_option cmd_chmod_options[] = {
	{ OPT_FD, "fd", "N", "change the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_chmod_entry = {
	.name = "chmod",
	.usage = "MODE (NAME... | --fd N)",
	.summary = "change the permissions of objects",
	.options = cmd_chmod_options,
	.min_operands = 1,
	.max_operands = -1,
	.fd_min_operands = 1,
	.fd_max_operands = 1,
	/* "chmod -w NAME", as chmod(1) takes it. */
	.flags = CMD_FD | CMD_MODE | CMD_NAMES,
	.names_from = 1,
	.names_open = PSHM_META,
	.exec = cmd_chmod_exec,
};
