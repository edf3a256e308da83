/*
 * shmctl.c -- global options, the subcommand table, option parsing for every
 * subcommand from its entry, usage and --help, dispatch.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "escape.h"
#include "parse.h"
#include "suggest.h"

extern const struct cmd_entry cmd_open_entry, cmd_create_entry,
    cmd_truncate_entry, cmd_unlink_entry, cmd_chmod_entry, cmd_chown_entry,
    cmd_stat_entry, cmd_dump_entry, cmd_write_entry, cmd_anon_entry,
    cmd_list_entry, cmd_gc_entry, cmd_df_entry, cmd_watch_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_open_entry,
	&cmd_create_entry,
	&cmd_truncate_entry,
	&cmd_unlink_entry,
	&cmd_chmod_entry,
	&cmd_chown_entry,
	&cmd_stat_entry,
	&cmd_dump_entry,
	&cmd_write_entry,
	&cmd_anon_entry,
	&cmd_list_entry,
	&cmd_gc_entry,
	&cmd_df_entry,
	&cmd_watch_entry,
	NULL
};

void
cmd_warnx(const struct cmd_ctx *ctx, const char *name, const char *fmt, ...)
{
	char label[OUT_ESCAPE_MAX(NAME_MAX + 2)];
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", PACKAGE);
	if (ctx != NULL && ctx->entry != NULL)
		fprintf(stderr, "%s: ", ctx->entry->name);
	/* A name may hold any byte: one escaped line, whatever it is. */
	if (name != NULL)
		fprintf(stderr, "%s: ", strlen(name) <= NAME_MAX + 1 ?
		    out_escape(name, label, sizeof label) : "?");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cmd_warn_error(const struct cmd_ctx *ctx, const char *name,
    const struct pshm_error *err)
{
	const char *why = pshm_strerror(err);

	/* An open's failure speaks for itself; a later step says which. */
	if (err->op == NULL || strcmp(err->op, "open") == 0 ||
	    err->errnum == PSHM_ENOTSHM)
		cmd_warnx(ctx, name, "%s", why);
	else
		cmd_warnx(ctx, name, "%s: %s", err->op, why);
}

int
cmd_usage_error(const struct cmd_ctx *ctx, const char *fmt, ...)
{
	char msg[1024], line[OUT_ESCAPE_MAX(sizeof msg)];
	va_list ap;

	/* The message quotes what was given: escape it to one line. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", PACKAGE);
	if (ctx != NULL && ctx->entry != NULL)
		fprintf(stderr, "%s: ", ctx->entry->name);
	fputs(out_escape(msg, line, sizeof line), stderr);
	if (ctx != NULL && ctx->entry != NULL)
		fprintf(stderr, " (see '%s %s --help')\n", PACKAGE,
		    ctx->entry->name);
	else
		fprintf(stderr, " (see '%s --help')\n", PACKAGE);
	return EXIT_USAGE;
}

int
cmd_name(const struct cmd_ctx *ctx, const char *arg, char *canon, size_t len)
{
	const char *why;

	if (parse_name(arg, ctx->ns.path, canon, len, &why) == 0)
		return 0;
	cmd_usage_error(ctx, "invalid name '%s': %s", arg, why);
	return -1;
}

int
cmd_check_names(const struct cmd_ctx *ctx, int first)
{
	char canon[NAME_MAX + 2];

	for (int i = first; i < ctx->argc; i++)
		if (cmd_name(ctx, ctx->argv[i], canon, sizeof canon) != 0)
			return -1;
	return 0;
}

int
cmd_flush_stdout(const struct cmd_ctx *ctx)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE)
		cmd_warnx(ctx, NULL, "standard output: %s", strerror(errno));
	return -1;
}

const char *
cmd_fd_label(const struct cmd_ctx *ctx)
{
	static char label[32];

	snprintf(label, sizeof label, "fd %d", ctx->fd);
	return label;
}

static int
cmd_one_name(struct cmd_ctx *ctx, const char *arg, enum pshm_direction dir,
    cmd_object_fn *fn, void *fnarg)
{
	struct pshm_open_opts oo = { .direction = dir };
	struct pshm_error err;
	char name[NAME_MAX + 2];
	WITH_OPEN_SHM(fd);

	if (cmd_name(ctx, arg, name, sizeof name) != 0)
		return EXIT_USAGE;
	if (pshm_open(&ctx->ns, name, &oo, &fd, NULL, &err) != PSHM_OK) {
		cmd_warn_error(ctx, name, &err);
		return EXIT_FAIL;
	}
	return fn(ctx, fd, name, fnarg);
}

int
cmd_each_object(struct cmd_ctx *ctx, int first, enum pshm_direction dir,
    cmd_object_fn *fn, void *fnarg)
{
	struct pshm_error err;
	int rc = EXIT_OK;

	if (ctx->fd != -1) {
		if (pshm_check_fd(ctx->fd, &err) != 0) {
			cmd_warn_error(ctx, cmd_fd_label(ctx), &err);
			return EXIT_FAIL;
		}
		return fn(ctx, ctx->fd, cmd_fd_label(ctx), fnarg);
	}
	if (cmd_check_names(ctx, first) != 0)
		return EXIT_USAGE;
	for (int i = first; i < ctx->argc; i++)
		if (cmd_one_name(ctx, ctx->argv[i], dir, fn, fnarg) != EXIT_OK)
			rc = EXIT_FAIL;
	return rc;
}

/* After help or the version: output that could not be written fails. */
static int
help_status(const struct cmd_ctx *ctx)
{
	return cmd_flush_stdout(ctx) == 0 ? EXIT_OK : EXIT_FAIL;
}

static const struct cmd_entry *
cmd_find(const char *name)
{
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];

		if (strcmp(e->name, name) == 0 ||
		    (e->alias != NULL && strcmp(e->alias, name) == 0))
			return e;
	}
	return NULL;
}

/*
 * An unknown subcommand, in one line that names the nearest ones, as git
 * does ("did you mean 'list'?"); more than three as near is no guess.
 */
static int
cmd_unknown(const char *what, const char *name)
{
	const char *words[2 * 32 + 1], *near[4];
	size_t n = 0, k;

	for (int i = 0; cmd_table[i] != NULL && n + 3 <= 2 * 32; i++) {
		words[n++] = cmd_table[i]->name;
		if (cmd_table[i]->alias != NULL)
			words[n++] = cmd_table[i]->alias;
	}
	words[n++] = "help";
	k = suggest_nearest(name, words, n, near, 4);
	if (k == 1)
		return cmd_usage_error(NULL, "%sunknown subcommand '%s'; did "
		    "you mean '%s'?", what, name, near[0]);
	if (k == 2 || k == 3)
		return cmd_usage_error(NULL, "%sunknown subcommand '%s'; did "
		    "you mean '%s'%s'%s'%s%s%s?", what, name, near[0],
		    k == 2 ? " or " : ", ", near[1], k == 3 ? " or '" : "",
		    k == 3 ? near[2] : "", k == 3 ? "'" : "");
	return cmd_usage_error(NULL, "%sunknown subcommand '%s'", what, name);
}

/*
 * Prints text from column indent, wrapped at 79 columns; the first line
 * starts at column col (the caller has printed that much).
 */
static void
help_wrap(FILE *fp, const char *text, int col, int indent)
{
	const char *p = text;

	if (col > indent) {
		fputc('\n', fp);
		col = 0;
	}
	fprintf(fp, "%*s", indent - col, "");
	col = indent;
	while (*p != '\0') {
		int word = (int)strcspn(p, " ");

		if (col > indent && col + 1 + word > 79) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, (size_t)word, fp);
		col += word;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

static void
cmd_print_help(FILE *fp, const struct cmd_entry *e)
{
	char head[64];

	snprintf(head, sizeof head, "Usage: %s %s", PACKAGE, e->name);
	fputs(head, fp);
	help_wrap(fp, e->usage, (int)strlen(head), (int)strlen(head) + 1);
	fprintf(fp, "\n%s\n", e->summary);
	if (e->alias != NULL)
		fprintf(fp, "Alias: %s\n", e->alias);
	fprintf(fp, "\nOptions:\n");
	for (const struct cmd_option *o = e->options; o->id != 0; o++) {
		char left[64];
		int n = 0;

		if (o->id < 0x100)
			n = snprintf(left, sizeof left, "-%c%s", o->id,
			    o->name != NULL ? ", " : "");
		else
			n = snprintf(left, sizeof left, "    ");
		if (o->name != NULL)
			n += snprintf(left + n, sizeof left - n, "--%s",
			    o->name);
		if (o->arg != NULL)
			snprintf(left + n, sizeof left - n, " %s", o->arg);
		fprintf(fp, "  %s", left);
		help_wrap(fp, o->help, 2 + (int)strlen(left), 29);
	}
	fprintf(fp, "  %-26s %s\n", "-h, --help", "show this help and exit");
	fprintf(fp, "\nSee %s-%s(1).\n", PACKAGE, e->name);
}

static void
main_print_help(FILE *fp)
{
	fprintf(fp,
	    "Usage: %s [-d DIR] SUBCOMMAND [OPTION...] [ARG...]\n"
	    "       %s help [SUBCOMMAND]\n"
	    "       %s --version\n\n"
	    "Manage POSIX shared memory objects (shm_overview(7)).\n\n"
	    "Global options:\n"
	    "  -d, --dir DIR              work on the objects under DIR "
	    "(also SHMCTL_DIR)\n"
	    "  -h, --help                 show this help and exit\n"
	    "  -V, --version              show the version and exit\n\n"
	    "Subcommands:\n", PACKAGE, PACKAGE, PACKAGE);
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		char left[32];

		if (e->alias != NULL)
			snprintf(left, sizeof left, "%s, %s", e->name,
			    e->alias);
		else
			snprintf(left, sizeof left, "%s", e->name);
		fprintf(fp, "  %-26s %s\n", left, e->summary);
	}
	fprintf(fp, "\nRun '%s SUBCOMMAND --help' for a subcommand's options; "
	    "see %s(1).\n", PACKAGE, PACKAGE);
}

/* Builds the getopt strings of an entry. */
static void
cmd_build_getopt(const struct cmd_entry *e, char *shortopts, size_t slen,
    struct option *longopts)
{
	size_t s = 0;
	int l = 0;

	/* "+": options end at the first operand (a COMMAND follows). */
	if (e->flags & CMD_COMMAND)
		shortopts[s++] = '+';
	shortopts[s++] = ':';
	for (const struct cmd_option *o = e->options; o->id != 0; o++) {
		if (o->id < 0x100 && s + 3 < slen) {
			shortopts[s++] = (char)o->id;
			if (o->arg != NULL)
				shortopts[s++] = ':';
		}
		if (o->name != NULL)
			longopts[l++] = (struct option){ o->name,
			    o->arg != NULL ? required_argument : no_argument,
			    NULL, o->id };
	}
	shortopts[s++] = 'h';
	shortopts[s] = '\0';
	longopts[l++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[l] = (struct option){ NULL, 0, NULL, 0 };
}

static const char *
cmd_option_label(const struct cmd_entry *e, int id, char *buf, size_t len)
{
	for (const struct cmd_option *o = e->options; o->id != 0; o++)
		if (o->id == id && o->name != NULL) {
			snprintf(buf, len, "--%s", o->name);
			return buf;
		}
	snprintf(buf, len, "-%c", id);
	return buf;
}

/*
 * chmod(1): a MODE that starts with '-' ("-w", "-rx", "-s,+t") is a mode,
 * not options.  Takes the first such word out of argv (before any "--"),
 * shifting the rest down, and returns it; NULL when there is none.
 */
static char *
cmd_take_minus_mode(int *argc, char **argv)
{
	const char *why;
	mode_t mode;

	for (int i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
		char *arg = argv[i];

		if (arg[0] != '-' || strchr("rwxXst", arg[1]) == NULL ||
		    arg[1] == '\0' || parse_mode(arg, 0, &mode, &why) != 0)
			continue;
		memmove(argv + i, argv + i + 1, (size_t)(*argc - i) *
		    sizeof *argv);
		(*argc)--;
		return arg;
	}
	return NULL;
}

/*
 * Parses the subcommand's options into ctx.  Returns -1 on a usage error
 * (reported), 1 for --help (printed), 0 to go on.
 */
static int
cmd_parse(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = ctx->entry;
	char shortopts[128], label[64];
	struct option longopts[64];
	const char *why;
	char *mode = NULL;
	int ch, nops;

	if (e->flags & CMD_MODE)
		mode = cmd_take_minus_mode(&argc, argv);
	cmd_build_getopt(e, shortopts, sizeof shortopts, longopts);
	optind = 0;	/* glibc: re-read the ordering flags too */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_print_help(stdout, e);
			return 1;
		case ':':
			if (optopt == 0) {
				cmd_usage_error(ctx, "option '%s' requires an "
				    "argument", argv[optind - 1]);
				return -1;
			}
			cmd_usage_error(ctx, "option '%s' requires an argument",
			    cmd_option_label(e, optopt, label, sizeof label));
			return -1;
		case '?':
			if (optopt != 0 && optopt < 0x100)
				cmd_usage_error(ctx, "invalid option '-%c'",
				    optopt);
			else
				cmd_usage_error(ctx, "invalid option '%s'",
				    argv[optind - 1]);
			return -1;
		default:
			if (ch <= 0 || ch >= OPT_MAX)
				return -1;
			if (ctx->args.ngiven == ARGS_MAX) {
				cmd_usage_error(ctx, "too many options");
				return -1;
			}
			ctx->args.given[ctx->args.ngiven].id = ch;
			ctx->args.given[ctx->args.ngiven++].value = optarg;
			ctx->args.count[ch]++;
			ctx->args.value[ch] = optarg;
			break;
		}
	}
	/* The mode taken out goes back as the first operand. */
	if (mode != NULL)
		argv[--optind] = mode;
	ctx->argc = argc - optind;
	ctx->argv = argv + optind;

	if (args_has(ctx, OPT_FD)) {
		if (parse_fd(args_get(ctx, OPT_FD), &ctx->fd, &why) != 0) {
			cmd_usage_error(ctx, "invalid --fd '%s': %s",
			    args_get(ctx, OPT_FD), why);
			return -1;
		}
		if (!(e->flags & CMD_COMMAND)) {
			/* --fd stands in place of the NAME operands. */
			if (ctx->argc > e->fd_max_operands) {
				cmd_usage_error(ctx, "--fd and a NAME cannot "
				    "both be given");
				return -1;
			}
			if (ctx->argc < e->fd_min_operands) {
				cmd_usage_error(ctx, "missing operand");
				return -1;
			}
			return 0;
		}
	}
	nops = ctx->argc;
	if (e->flags & CMD_COMMAND)
		return 0;	/* the subcommand splits NAME from COMMAND */
	if (nops < e->min_operands) {
		cmd_usage_error(ctx, "%s", e->min_operands > 1 && nops > 0 ?
		    "missing operand" : (e->flags & CMD_FD) ?
		    "a NAME or --fd N is required" : "missing operand");
		return -1;
	}
	if (e->max_operands >= 0 && nops > e->max_operands) {
		cmd_usage_error(ctx, "too many operands");
		return -1;
	}
	return 0;
}

/* open NAME [--] COMMAND, anon [--] COMMAND: whether COMMAND was given. */
static bool
cmd_has_command(const struct cmd_ctx *ctx)
{
	int i = ctx->entry->command_at;

	if (!(ctx->entry->flags & CMD_COMMAND))
		return false;
	if (i < ctx->argc && strcmp(ctx->argv[i], "--") == 0)
		i++;
	return i < ctx->argc;
}

/*
 * A DIR that cannot be a namespace (missing, not a directory, not on a
 * memory file system, a symlink where none may be) is a usage error, one
 * that could not be opened (permissions) a failure; before a COMMAND,
 * either is 125 (shmctl(1)).
 */
static int
cmd_ns_failed(const struct cmd_ctx *ctx, const char *dir,
    const struct pshm_error *err)
{
	int e = err->errnum;

	cmd_warnx(ctx, dir, "%s", pshm_strerror(err));
	if (cmd_has_command(ctx))
		return EXIT_CANCELED;
	return e == PSHM_ENOTMEMFS || e == ENOENT || e == ENOTDIR ||
	    e == ELOOP || e == ENAMETOOLONG ? EXIT_USAGE : EXIT_FAIL;
}

static int
cmd_run(const struct cmd_entry *e, int argc, char **argv, const char *dir)
{
	static struct cmd_ctx ctx;
	struct pshm_error err;
	int rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.entry = e;
	ctx.fd = -1;
	rc = cmd_parse(&ctx, argc, argv);
	if (rc > 0)	/* --help was printed */
		return help_status(&ctx);
	if (rc != 0)
		return EXIT_USAGE;
	if (pshm_ns_open(&ctx.ns, dir, &err) != 0)
		return cmd_ns_failed(&ctx, dir != NULL ? dir : PSHM_SYSTEM_DIR,
		    &err);
	ctx.ns_given = dir != NULL;
	rc = e->exec(&ctx);
	pshm_ns_close(&ctx.ns);
	return rc;
}

/* Whether man(1) finds the page: "man -w PAGE", quietly. */
static bool
man_page_installed(const char *page)
{
	pid_t pid;
	int status, null;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return false;
	if (pid == 0) {
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
			if (null > STDERR_FILENO)
				close(null);
		}
		execlp("man", "man", "-w", page, (char *)NULL);
		_exit(EXIT_NOT_FOUND);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * "help SUBCOMMAND": the manual page for a person at a terminal, when it is
 * installed; the usage text for scripts, tests and pipes, and as a fallback.
 */
static int
main_help(int argc, char **argv)
{
	const struct cmd_entry *e;
	char page[64];

	if (argc < 2) {
		main_print_help(stdout);
		return help_status(NULL);
	}
	if (argc > 2) {
		return cmd_usage_error(NULL, "help: too many operands");
	}
	if ((e = cmd_find(argv[1])) == NULL)
		return cmd_unknown("help: ", argv[1]);
	snprintf(page, sizeof page, "%s-%s", PACKAGE, e->name);
	if (isatty(STDOUT_FILENO) && man_page_installed(page)) {
		execlp("man", "man", page, (char *)NULL);
		/* No man after all: the usage below still helps. */
	}
	cmd_print_help(stdout, e);
	return help_status(NULL);
}

/*
 * Standard input, output and error closed at startup are opened on
 * /dev/null first, so that no object ever lands on descriptor 0, 1 or 2
 * and is read or written as one.  As coreutils' stdopen does, each is
 * opened for the other direction: reading a closed input or writing a
 * closed output still fails (EBADF) instead of passing for empty.
 */
static int
open_standard_fds(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		int null;

		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* The lowest free descriptor: fd itself. */
		null = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY :
		    O_RDONLY);
		if (null != fd) {
			if (null != -1)
				close(null);
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry *e;
	const char *dir = getenv("SHMCTL_DIR");
	int ch;

	if (open_standard_fds() != 0)
		return EXIT_FAIL;
	if (dir != NULL && *dir == '\0')
		dir = NULL;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:d:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		case 'h':
			main_print_help(stdout);
			return help_status(NULL);
		case 'V':
			printf("%s %s\n", PACKAGE, PACKAGE_VERSION);
			return help_status(NULL);
		case ':':
			return cmd_usage_error(NULL, "option '%s' requires an "
			    "argument", argv[optind - 1]);
		default:
			return cmd_usage_error(NULL, "invalid option '%s'",
			    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cmd_usage_error(NULL, "missing subcommand");
	if (strcmp(argv[0], "help") == 0)
		return main_help(argc, argv);
	if ((e = cmd_find(argv[0])) == NULL)
		return cmd_unknown("", argv[0]);
	if (dir != NULL && *dir == '\0') {
		return cmd_usage_error(NULL, "--dir: empty directory name");
	}
	return cmd_run(e, argc, argv, dir);
}
