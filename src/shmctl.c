/*
 * shmctl.c -- main: global options, the subcommand table, the top-level
 * help, and dispatch to the subcommand's entry (cmd.c parses the rest).
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "suggest.h"

extern const struct cmd_entry cmd_open_entry, cmd_create_entry,
    cmd_truncate_entry, cmd_unlink_entry, cmd_chmod_entry, cmd_chown_entry,
    cmd_stat_entry, cmd_dump_entry, cmd_write_entry, cmd_anon_entry,
    cmd_list_entry, cmd_gc_entry, cmd_df_entry, cmd_watch_entry,
    cmd_metrics_entry;

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
	&cmd_metrics_entry,
	NULL
};

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
	rc = cmd_exec(&ctx);
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
