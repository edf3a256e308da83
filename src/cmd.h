/*
 * cmd.h -- the subcommand entries and what they share (cmd.c).
 *
 * Each cmd-*.c declares one struct cmd_entry: its name, alias, options,
 * operand counts, where its NAME operands are and how they are opened,
 * usage and the function that runs it.  cmd.c parses the options of every
 * subcommand from its entry, canonicalises its NAME operands once, and
 * prints usage and --help from it; shmctl.c holds the table and
 * dispatches.  The exec function then only asks what was given.
 */
#ifndef SHMCTL_CMD_H
#define SHMCTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "shm.h"

/* Exit statuses (shmctl(1), EXIT STATUS). */
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
	OPT_OUTPUT,
	OPT_DELETED,
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
#define CMD_NAMES	0x8	/* operands from names_from are NAMEs (with
				   CMD_COMMAND: that one, then COMMAND) */
#define CMD_NAME_LAST	0x10	/* the last operand is the NAME */

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
	int names_from;			/* CMD_NAMES: first NAME operand */
	/* How cmd_each_object opens each NAME. */
	enum pshm_direction names_open;
	void (*help)(FILE *);		/* more of --help, after the options */
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
	char fd_label[24];	/* "fd N", for messages */
	/* The NAME operands, canonical ("/name"), during exec. */
	char (*names)[NAME_MAX + 2];
	int nnames;
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
 * list's and gc's PATTERNs: an empty one is a usage error (EXIT_USAGE,
 * reported); one that names only semaphores while -a is not given gets a
 * one-line hint to use -a (shmctl-list(1), shmctl-gc(1)); else 0.
 */
struct row_filter;
int cmd_check_filter(const struct cmd_ctx *, const struct row_filter *);
/*
 * A row_filter's warn (nsdir.h) whose arg is the cmd_ctx: the entry that
 * could not be looked at (or, for NULL, the namespace) and strerror.
 */
void cmd_warn_entry(void *ctx, const char *name, int errnum);

/*
 * Parses the subcommand's options and checks its operand counts from its
 * entry.  Returns -1 on a usage error (reported), 1 for --help (printed),
 * 0 to go on.
 */
int cmd_parse(struct cmd_ctx *, int argc, char **argv);
/*
 * Once the namespace is open: canonicalises the NAME operands into
 * ctx->names (a bad one is a usage error, before anything is done), runs
 * the entry's exec function, and returns its status.
 */
int cmd_exec(struct cmd_ctx *);
void cmd_print_help(FILE *, const struct cmd_entry *);

/*
 * Flushes and checks standard output: 0, or -1 after reporting (a reader
 * that closed the pipe early is not reported: the caller exits quietly).
 */
int cmd_flush_stdout(const struct cmd_ctx *);

/*
 * Runs fn on the --fd descriptor, or on each NAME, opened as the entry's
 * names_open says; returns EXIT_OK, or EXIT_FAIL if any failed (the others
 * are still processed).  label is "/name" or "fd N".
 */
typedef int cmd_object_fn(struct cmd_ctx *, int fd, const char *label,
    void *arg);
int cmd_each_object(struct cmd_ctx *, cmd_object_fn *, void *arg);

/*
 * -A, --all-namespaces: every shm namespace of the host into nsl (the
 * host's first); 0, or -1 after saying why.
 */
struct ns_list;
int cmd_find_namespaces(struct cmd_ctx *, struct ns_list *);

#endif
