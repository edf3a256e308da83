#include "config.h"

#include "cmd.h"

static int
cmd_chown_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_chown_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_chown_entry = {
	.name = "chown",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_chown_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_chown_exec,
};
