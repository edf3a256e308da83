#include "config.h"

#include "cmd.h"

static int
cmd_dump_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_dump_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_dump_entry = {
	.name = "dump",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_dump_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_dump_exec,
};
