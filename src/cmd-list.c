#include "config.h"

#include "cmd.h"

static int
cmd_list_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_list_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_list_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_list_exec,
};
