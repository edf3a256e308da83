/*
 * cmd.h -- the subcommand table.
 *
 * Each cmd-*.c declares one struct cmd_entry: its name, alias, options,
 * operand counts, usage and the function that runs it.  shmctl.c parses the
 * options of every subcommand from its entry, prints usage and --help from
 * it, and dispatches; the exec function then only asks what was given.
 */
#ifndef SHMCTL_CMD_H
#define SHMCTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "shm.h"

/* Exit statuses (SPEC.md). */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_CANCELED	125	/* shmctl failed before running COMMAND */
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

/* Ids for long options without a short form: above any char. */
enum {
	OPT_FD = 0x100,
	OPT_IF_EXISTS,
	OPT_IF_DOES_NOT_EXIST,
	OPT_RESERVE,
	OPT_RM,
	OPT_ATTEMPTS,
	OPT_HOLDERS,
	OPT_TERSE,
	OPT_JSON,
	OPT_STRING,
	OPT_FILL,
	OPT_GROW,
	OPT_CREATE,
	OPT_TRUNCATE,
	OPT_IF_UNUSED,
	OPT_SORT,
	OPT_OLDER_THAN,
	OPT_USER,
	OPT_MIN_SIZE,
	OPT_YES,
	OPT_EXCLUDE,
	OPT_DRY_RUN,
	OPT_FORCE,
	OPT_HELP,
	OPT_TOP,
	OPT_NEED,
	OPT_PRINTF,
	OPT_REVERSE,
	OPT_COUNT,
	OPT_MAX = 0x140
};

struct cmd_option {
	int id;			/* short option char, or OPT_* */
	const char *name;	/* long name, or NULL */
	const char *arg;	/* argument's name, or NULL for a flag */
	const char *help;	/* one line for --help */
};

/*
 * Parsed options: for each id, how often it was given and its last value;
 * and every option given, in order, for those that repeat (--exclude).
 */
#define ARGS_MAX	256

struct args {
	int count[OPT_MAX];
	const char *value[OPT_MAX];
	struct {
		int id;
		const char *value;
	} given[ARGS_MAX];
	int ngiven;
};

struct cmd_ctx;

#define CMD_FD		0x1	/* accepts --fd N in place of NAME operands */
#define CMD_COMMAND	0x2	/* options end at the first operand */
#define CMD_MODE	0x4	/* a MODE may start with a "-" (chmod -w) */

struct cmd_entry {
	const char *name;
	const char *alias;		/* or NULL */
	const char *usage;		/* after "shmctl NAME " */
	const char *summary;		/* one line */
	const struct cmd_option *options; /* ends with { 0 } */
	int min_operands;		/* without --fd */
	int max_operands;		/* -1: any number */
	int fd_min_operands;		/* with --fd (MODE, OWNER, FILE) */
	int fd_max_operands;
	int flags;
	int command_at;			/* CMD_COMMAND: COMMAND's operand */
	int (*exec)(struct cmd_ctx *);
};

struct cmd_ctx {
	const struct cmd_entry *entry;
	struct args args;
	int argc;		/* operands after the options */
	char **argv;
	struct pshm_ns ns;
	bool ns_given;		/* --dir or SHMCTL_DIR */
	int fd;			/* --fd N, or -1 */
};

static inline bool
args_has(const struct cmd_ctx *ctx, int id)
{
	return ctx->args.count[id] > 0;
}

static inline const char *
args_get(const struct cmd_ctx *ctx, int id)
{
	return ctx->args.value[id];
}

/*
 * The values of option id, each time it was given, in order, into v
 * (room for ARGS_MAX); returns how many.
 */
static inline int
args_values(const struct cmd_ctx *ctx, int id, char **v)
{
	int n = 0;

	for (int i = 0; i < ctx->args.ngiven; i++)
		if (ctx->args.given[i].id == id)
			v[n++] = (char *)ctx->args.given[i].value;
	return n;
}

/* The table, in shmctl.c. */
extern const struct cmd_entry *const cmd_table[];

/* "shmctl: SUBCOMMAND: /name: reason" to stderr; name may be NULL. */
void cmd_warnx(const struct cmd_ctx *, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cmd_warn_error(const struct cmd_ctx *, const char *name,
    const struct pshm_error *);
/* A usage error: the message, a hint to --help; returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Parses the i-th operand as a NAME into canon (NAME_MAX + 2 bytes).
 * On a bad name, reports it and returns -1.
 */
int cmd_name(const struct cmd_ctx *, const char *arg, char *canon, size_t len);

/* Validates every operand as a NAME before anything is done; -1: usage. */
int cmd_check_names(const struct cmd_ctx *, int first);

/*
 * Flushes and checks standard output: 0, or -1 after reporting (a reader
 * that closed the pipe early is not reported: the caller exits quietly).
 */
int cmd_flush_stdout(const struct cmd_ctx *);

/*
 * Runs fn on the --fd descriptor, or on each NAME operand from index first,
 * opened with direction; returns EXIT_OK, or EXIT_FAIL if any failed (the
 * others are still processed).  label is "/name" or "fd N".
 */
typedef int cmd_object_fn(struct cmd_ctx *, int fd, const char *label,
    void *arg);
int cmd_each_object(struct cmd_ctx *, int first, enum pshm_direction,
    cmd_object_fn *, void *arg);

/* The --fd descriptor's label for messages: "fd 3". */
const char *cmd_fd_label(const struct cmd_ctx *);

#endif
