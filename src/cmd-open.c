/*
 * cmd-open.c -- the whole shm_open contract, optionally around a command.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "exec.h"
#include "parse.h"

struct open_opts {
	struct pshm_open_opts oo;
	off_t size;
	bool size_given;
	bool rm;
	int target;
	const char *name;	/* canonical */
	char **command;		/* NULL: open, close and report */
};

static int
open_parse_values(struct cmd_ctx *ctx, struct open_opts *o)
{
	const char *why, *arg;

	o->oo.direction = args_has(ctx, 'w') ? PSHM_IO : PSHM_INPUT;
	o->oo.mode = 0600;
	if ((arg = args_get(ctx, OPT_IF_EXISTS)) != NULL &&
	    parse_if_exists(arg, &o->oo.if_exists, &why) != 0)
		return cmd_usage_error(ctx, "invalid --if-exists '%s': use "
		    "error, overwrite, truncate, supersede or nil", arg);
	if ((arg = args_get(ctx, OPT_IF_DOES_NOT_EXIST)) != NULL &&
	    parse_if_does_not_exist(arg, &o->oo.if_does_not_exist, &why) != 0)
		return cmd_usage_error(ctx, "invalid --if-does-not-exist "
		    "'%s': use error, create or nil", arg);
	if ((arg = args_get(ctx, 'm')) != NULL &&
	    parse_mode(arg, MODE_NEW, &o->oo.mode, &why) != 0)
		return cmd_usage_error(ctx, "invalid mode '%s': %s", arg, why);
	if ((arg = args_get(ctx, 's')) != NULL) {
		if (parse_size(arg, &o->size, &why) != 0)
			return cmd_usage_error(ctx, "invalid size '%s': %s",
			    arg, why);
		/* A read-only descriptor cannot be resized. */
		if (o->oo.direction != PSHM_IO)
			return cmd_usage_error(ctx, "-s needs --io");
		o->size_given = true;
	}
	return 0;
}

/* Splits NAME [--] [COMMAND [ARG...]]. */
static int
open_parse_operands(struct cmd_ctx *ctx, struct open_opts *o)
{
	bool dashdash = false;
	int i = 1;

	if (ctx->argc < 1)
		return cmd_usage_error(ctx, "missing NAME");
	o->name = ctx->names[0];
	if (i < ctx->argc && strcmp(ctx->argv[i], "--") == 0) {
		dashdash = true;
		i++;
	}
	o->command = i < ctx->argc ? ctx->argv + i : NULL;
	/* "open NAME -w" is an option in the wrong place, not a command. */
	if (o->command != NULL && !dashdash && o->command[0][0] == '-')
		return cmd_usage_error(ctx, "options go before NAME (put '--' "
		    "before a COMMAND starting with '-')");
	if (o->command == NULL && o->rm)
		return cmd_usage_error(ctx, "--rm needs a COMMAND");
	if (o->command == NULL && ctx->fd != -1)
		return cmd_usage_error(ctx, "--fd needs a COMMAND");
	return 0;
}

static int
open_parse(struct cmd_ctx *ctx, struct open_opts *o)
{
	memset(o, 0, sizeof *o);
	o->rm = args_has(ctx, OPT_RM);
	o->target = ctx->fd != -1 ? ctx->fd : EXEC_DEFAULT_FD;
	if (open_parse_values(ctx, o) != 0 ||
	    open_parse_operands(ctx, o) != 0)
		return EXIT_USAGE;
	return exec_check_target(ctx, o->target);
}

/*
 * Opens (creating, truncating or superseding) and sizes the object, and
 * learns what it is now.  PSHM_OK, PSHM_NIL, or PSHM_FAIL after reporting.
 */
static int
open_object(struct cmd_ctx *ctx, const struct open_opts *o, int *fdp,
    struct pshm_stat *st)
{
	struct pshm_error err;
	bool created = false;
	int rc;

	rc = pshm_open(&ctx->ns, o->name, &o->oo, fdp, &created, &err);
	if (rc == PSHM_NIL)
		return PSHM_NIL;
	if (rc == PSHM_OK &&
	    ((o->size_given && pshm_ftruncate(*fdp, o->size, &err) != 0) ||
	    pshm_fstat(*fdp, st, &err) != 0)) {
		/* Leave nothing behind that this call made. */
		if (created)
			pshm_unlink(&ctx->ns, o->name, NULL);
		rc = PSHM_FAIL;
	}
	/* Under posix-shm's rules only asking creates: say how to ask. */
	if (rc == PSHM_FAIL && err.errnum == ENOENT &&
	    o->oo.if_does_not_exist == PSHM_IFDNE_DEFAULT)
		cmd_warnx(ctx, o->name, "%s; to create it: --if-does-not-exist "
		    "create, or shmctl create", pshm_strerror(&err));
	else if (rc != PSHM_OK)
		cmd_warn_error(ctx, o->name, &err);
	return rc;
}

/*
 * --rm: unlinks NAME if it still names the object COMMAND was given.  A
 * name already gone is fine; another object under it (superseded meanwhile)
 * is not ours to remove.
 */
static int
open_remove(struct cmd_ctx *ctx, const char *name, const struct pshm_stat *ours)
{
	struct pshm_open_opts look = {
		.direction = PSHM_META,
		.if_does_not_exist = PSHM_IFDNE_NIL,
	};
	struct pshm_error err;
	struct pshm_stat now;
	WITH_OPEN_SHM(fd);

	switch (pshm_open(&ctx->ns, name, &look, &fd, NULL, &err)) {
	case PSHM_NIL:
		return 0;
	case PSHM_OK:
		if (pshm_fstat(fd, &now, &err) == 0 &&
		    (now.dev != ours->dev || now.ino != ours->ino)) {
			cmd_warnx(ctx, name, "not removed: the name now refers "
			    "to another object");
			return -1;
		}
		break;
	default:
		/* Unreadable now (chmod 0, say): it can still be unlinked. */
		break;
	}
	if (pshm_unlink(&ctx->ns, name, &err) == 0 || err.errnum == ENOENT)
		return 0;
	cmd_warn_error(ctx, name, &err);
	return -1;
}

static int
cmd_open_exec(struct cmd_ctx *ctx)
{
	struct open_opts o;
	struct pshm_stat st;
	struct exec_cmd c;
	int rc;
	WITH_OPEN_SHM(fd);

	if (open_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	rc = open_object(ctx, &o, &fd, &st);
	if (rc == PSHM_NIL)
		return EXIT_FAIL;
	if (rc != PSHM_OK)
		return o.command != NULL ? EXIT_CANCELED : EXIT_FAIL;
	if (o.command == NULL)
		return EXIT_OK;

	c = (struct exec_cmd){ o.command, &fd, o.target, o.name, st.size };
	if (!o.rm)
		return exec_replace(ctx, &c);
	rc = exec_spawn(ctx, &c);
	/* A fixture that could not be removed must not pass for clean. */
	if (open_remove(ctx, o.name, &st) != 0 && rc == EXIT_OK)
		rc = EXIT_FAIL;
	return rc;
}

static const struct cmd_option cmd_open_options[] = {
	{ 'w', "io", NULL, "open read-write (default: read-only)" },
	{ OPT_IF_EXISTS, "if-exists", "ACTION",
	    "error, overwrite (default), truncate, supersede or nil "
	    "(nil: nothing is opened or run, no message, exit 1)" },
	{ OPT_IF_DOES_NOT_EXIST, "if-does-not-exist", "ACTION",
	    "error, create or nil (default: create with --io and "
	    "--if-exists error, supersede or nil; else error)" },
	{ 'm', "mode", "MODE",
	    "permissions of a new object (default 0600); an existing one "
	    "keeps its own" },
	{ 's', "size", "SIZE", "set the size after opening (needs --io)" },
	{ OPT_FD, "fd", "N",
	    "give COMMAND the object at descriptor N (default 3; 0, 1 and 2 "
	    "are allowed, N must be below the descriptor limit)" },
	{ OPT_RM, "rm", NULL,
	    "unlink NAME when COMMAND ends, however it ends (signals are "
	    "passed on to COMMAND first); exit 1 if that fails after a "
	    "COMMAND that succeeded" },
	{ 0 }
};

const struct cmd_entry cmd_open_entry = {
	.name = "open",
	.usage = "[-w|--io] [--if-exists ACTION] [--if-does-not-exist ACTION] "
	    "[-m MODE] [-s SIZE] [--fd N] [--rm] NAME [--] [COMMAND [ARG...]]",
	.summary = "open an object as shm_open does, optionally around a "
	    "command",
	.options = cmd_open_options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CMD_COMMAND | CMD_NAMES,
	.command_at = 1,
	.exec = cmd_open_exec,
};
