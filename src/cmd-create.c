/*
 * cmd-create.c -- make new objects.
 */
#include "config.h"

#include <errno.h>

#include "cmd.h"
#include "parse.h"

struct create_opts {
	off_t size;
	bool size_given;
	mode_t mode;
	bool mode_given;
	bool reserve;
	enum pshm_if_exists if_exists;
};

static int
create_parse(struct cmd_ctx *ctx, struct create_opts *o)
{
	const char *why, *arg;

	o->size = 0;
	o->mode = 0600;
	o->if_exists = PSHM_IFEX_ERROR;
	if ((arg = args_get(ctx, 's')) != NULL) {
		if (parse_size(arg, &o->size, &why) != 0)
			return cmd_usage_error(ctx, "invalid size '%s': %s",
			    arg, why);
		o->size_given = true;
	}
	if ((arg = args_get(ctx, 'm')) != NULL) {
		if (parse_mode(arg, MODE_NEW, &o->mode, &why) != 0)
			return cmd_usage_error(ctx, "invalid mode '%s': %s",
			    arg, why);
		o->mode_given = true;
	}
	if ((arg = args_get(ctx, OPT_IF_EXISTS)) != NULL) {
		if (parse_if_exists(arg, &o->if_exists, &why) != 0 ||
		    o->if_exists == PSHM_IFEX_NIL)
			return cmd_usage_error(ctx, "invalid --if-exists '%s': "
			    "use error, overwrite, truncate or supersede", arg);
	}
	o->reserve = args_has(ctx, OPT_RESERVE);
	return 0;
}

/* Sizes, re-permissions and reserves the opened object as asked. */
static int
create_finish(int fd, bool created, const struct create_opts *o,
    struct pshm_error *err)
{
	/* A new object already has its mode; an existing one gets -m. */
	if (!created && o->mode_given && pshm_fchmod(fd, o->mode, err) != 0)
		return -1;
	/* A new object is empty: sizing it to 0 would be a change to watch. */
	if ((created ? o->size > 0 : o->size_given ||
	    o->if_exists == PSHM_IFEX_TRUNCATE) &&
	    pshm_ftruncate(fd, o->size, err) != 0)
		return -1;
	if (o->reserve && pshm_reserve(fd, o->size, err) != 0)
		return -1;
	return 0;
}

static int
create_one(struct cmd_ctx *ctx, const char *name, const struct create_opts *o)
{
	struct pshm_open_opts oo = {
		.direction = PSHM_IO,
		.if_exists = o->if_exists,
		.if_does_not_exist = PSHM_IFDNE_CREATE,
		.mode = o->mode,
	};
	struct pshm_error err;
	bool created = false;
	WITH_OPEN_SHM(fd);

	if (pshm_open(&ctx->ns, name, &oo, &fd, &created, &err) != PSHM_OK) {
		cmd_warn_error(ctx, name, &err);
		return EXIT_FAIL;
	}
	if (create_finish(fd, created, o, &err) != 0) {
		cmd_warn_error(ctx, name, &err);
		/* Leave nothing behind that this call made. */
		if (created)
			pshm_unlink(&ctx->ns, name, NULL);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
cmd_create_exec(struct cmd_ctx *ctx)
{
	struct create_opts o = { 0 };
	int rc = EXIT_OK;

	if (create_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	for (int i = 0; i < ctx->nnames; i++)
		if (create_one(ctx, ctx->names[i], &o) != EXIT_OK)
			rc = EXIT_FAIL;
	return rc;
}

static const struct cmd_option cmd_create_options[] = {
	{ 's', "size", "SIZE", "size of each new object (default 0)" },
	{ 'm', "mode", "MODE", "permissions of new objects (default 0600)" },
	{ OPT_RESERVE, "reserve", NULL,
	    "allocate the memory now, failing if there is no room" },
	{ OPT_IF_EXISTS, "if-exists", "ACTION",
	    "error (default), overwrite, truncate or supersede" },
	{ 0 }
};

const struct cmd_entry cmd_create_entry = {
	.name = "create",
	.usage = "[-s SIZE] [-m MODE] [--reserve] [--if-exists ACTION] NAME...",
	.summary = "create new shared memory objects",
	.options = cmd_create_options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CMD_NAMES,
	.exec = cmd_create_exec,
};
