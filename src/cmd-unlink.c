#include "config.h"

#include "cmd.h"

static int
cmd_unlink_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_unlink_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_unlink_entry = {
	.name = "unlink",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_unlink_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_unlink_exec,
};
