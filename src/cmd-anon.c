#include "config.h"

#include "cmd.h"

static int
cmd_anon_exec(struct cmd_ctx *ctx)
{
	cmd_warnx(ctx, NULL, "placeholder");
	return EXIT_FAIL;
}

static const struct cmd_option cmd_anon_options[] = {
	{ 0 }
};

const struct cmd_entry cmd_anon_entry = {
	.name = "anon",
	.usage = "NAME...",
	.summary = "placeholder",
	.options = cmd_anon_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_anon_exec,
};
