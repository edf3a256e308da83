/*
 * cmd-anon.c -- an anonymous object for a command.
 *
 * The object is created under a random name that is unlinked at once, so
 * nothing is left in the namespace whatever becomes of COMMAND; shmctl then
 * becomes COMMAND, which holds the only reference.
 */
#include "config.h"

#include <errno.h>

#include "cmd.h"
#include "exec.h"
#include "parse.h"

static int
anon_parse(struct cmd_ctx *ctx, struct pshm_anon_opts *ao, off_t *size,
    int *target)
{
	const char *why, *arg;

	ao->direction = PSHM_IO;
	ao->mode = 0600;
	ao->attempts = PSHM_ANON_ATTEMPTS;
	*size = 0;
	if ((arg = args_get(ctx, 's')) != NULL &&
	    parse_size(arg, size, &why) != 0)
		return cmd_usage_error(ctx, "invalid size '%s': %s", arg, why);
	if ((arg = args_get(ctx, 'm')) != NULL &&
	    parse_mode(arg, MODE_NEW, &ao->mode, &why) != 0)
		return cmd_usage_error(ctx, "invalid mode '%s': %s", arg, why);
	if ((arg = args_get(ctx, OPT_ATTEMPTS)) != NULL &&
	    parse_count(arg, &ao->attempts, &why) != 0)
		return cmd_usage_error(ctx, "invalid --attempts '%s': %s", arg,
		    why);
	if (ctx->argc < 1)
		return cmd_usage_error(ctx, "missing COMMAND");
	*target = ctx->fd != -1 ? ctx->fd : EXEC_DEFAULT_FD;
	return exec_check_target(ctx, *target);
}

/* No object name to give: the namespace is what failed. */
static void
anon_report(const struct cmd_ctx *ctx, const struct pshm_anon_opts *ao,
    const struct pshm_error *err)
{
	if (err->errnum == EEXIST)
		cmd_warnx(ctx, ctx->ns.path, "no free name after %u attempts",
		    ao->attempts);
	else
		cmd_warn_error(ctx, ctx->ns.path, err);
}

static int
cmd_anon_exec(struct cmd_ctx *ctx)
{
	struct pshm_anon_opts ao = { 0 };
	struct pshm_error err;
	struct exec_cmd c;
	off_t size = 0;
	int target = EXEC_DEFAULT_FD;
	WITH_OPEN_SHM(fd);

	if (anon_parse(ctx, &ao, &size, &target) != 0)
		return EXIT_USAGE;
	if (pshm_open_anon(&ctx->ns, &ao, &fd, &err) != PSHM_OK ||
	    pshm_ftruncate(fd, size, &err) != 0) {
		anon_report(ctx, &ao, &err);
		return EXIT_CANCELED;
	}
	c = (struct exec_cmd){ ctx->argv, &fd, target, NULL, size };
	return exec_replace(ctx, &c);
}

static const struct cmd_option cmd_anon_options[] = {
	{ 's', "size", "SIZE", "size of the object (default 0)" },
	{ 'm', "mode", "MODE", "permissions of the object (default 0600)" },
	{ OPT_FD, "fd", "N",
	    "give COMMAND the object at descriptor N (default 3; 0, 1 and 2 "
	    "are allowed, N must be below the descriptor limit)" },
	{ OPT_ATTEMPTS, "attempts", "N",
	    "random names to try before giving up (default 100)" },
	{ 0 }
};

const struct cmd_entry cmd_anon_entry = {
	.name = "anon",
	.usage = "[-s SIZE] [-m MODE] [--fd N] [--attempts N] [--] COMMAND "
	    "[ARG...]",
	.summary = "run a command with a new object that has no name",
	.options = cmd_anon_options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CMD_COMMAND,
	.exec = cmd_anon_exec,
};
