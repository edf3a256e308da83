#include "config.h"

#include "cmd.h"

static int
cmd_gc_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_gc_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_gc_entry = {
	.name = "gc",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_gc_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_gc_exec,
};
