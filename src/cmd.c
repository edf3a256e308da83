/*
 * cmd.c -- what every subcommand shares: its options parsed from its entry,
 * its NAME operands canonicalised once, usage and --help printed from the
 * entry, messages in one form, and the loop over the objects it acts on.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "escape.h"
#include "nsdir.h"
#include "nsfind.h"
#include "parse.h"
#include "xmalloc.h"

/* --- messages ------------------------------------------------------- */

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

void
cmd_warn_entry(void *arg, const char *name, int errnum)
{
	const struct cmd_ctx *ctx = arg;

	cmd_warnx(ctx, name != NULL ? name : ctx->ns.path, "%s",
	    strerror(errnum));
}

int
cmd_check_filter(const struct cmd_ctx *ctx, const struct row_filter *f)
{
	const char *bad;

	if (row_filter_check(f, ctx->ns.path, &bad) != 0)
		return cmd_usage_error(ctx, "empty pattern '%s'", bad);
	if ((bad = row_filter_sem_pattern(f, ctx->ns.path)) != NULL)
		cmd_warnx(ctx, NULL, "'%s' names semaphores, which are left "
		    "out without -a", bad);
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

/* --- usage and --help ----------------------------------------------- */

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

void
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
	if (e->help != NULL)
		e->help(fp);
	fprintf(fp, "\nSee %s-%s(1).\n", PACKAGE, e->name);
}

/* --- options and operands ------------------------------------------- */

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

/* Reads the options into ctx: -1 on a usage error, 1 for --help. */
static int
cmd_parse_options(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = ctx->entry;
	char shortopts[128], label[64];
	struct option longopts[64];
	char *mode = NULL;
	int ch;

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
			cmd_usage_error(ctx, "option '%s' requires an argument",
			    optopt == 0 ? argv[optind - 1] :
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
	return 0;
}

/* --fd N in place of the NAME operands: -1 on a usage error. */
static int
cmd_parse_fd(struct cmd_ctx *ctx)
{
	const struct cmd_entry *e = ctx->entry;
	const char *why;

	if (parse_fd(args_get(ctx, OPT_FD), &ctx->fd, &why) != 0) {
		cmd_usage_error(ctx, "invalid --fd '%s': %s",
		    args_get(ctx, OPT_FD), why);
		return -1;
	}
	snprintf(ctx->fd_label, sizeof ctx->fd_label, "fd %d", ctx->fd);
	if (e->flags & CMD_COMMAND)
		return 0;
	if (ctx->argc > e->fd_max_operands) {
		cmd_usage_error(ctx, "--fd and a NAME cannot both be given");
		return -1;
	}
	if (ctx->argc < e->fd_min_operands) {
		cmd_usage_error(ctx, "missing operand");
		return -1;
	}
	return 0;
}

/* The operand counts of the entry: -1 on a usage error. */
static int
cmd_check_operands(struct cmd_ctx *ctx)
{
	const struct cmd_entry *e = ctx->entry;
	int nops = ctx->argc;

	if (e->flags & CMD_COMMAND)
		return 0;	/* the subcommand splits NAME from COMMAND */
	if (nops < e->min_operands) {
		cmd_usage_error(ctx, "%s", e->min_operands > 1 && nops > 0 ?
		    "missing operand" : (e->flags & CMD_FD) ?
		    "a NAME or --fd N is required" : "missing operand");
		return -1;
	}
	/* chmod MODE, chown OWNER: the NAMEs after them. */
	if ((e->flags & CMD_NAMES) && (e->flags & CMD_FD) &&
	    nops <= e->names_from) {
		cmd_usage_error(ctx, "a NAME or --fd N is required");
		return -1;
	}
	if (e->max_operands >= 0 && nops > e->max_operands) {
		cmd_usage_error(ctx, "too many operands");
		return -1;
	}
	return 0;
}

int
cmd_parse(struct cmd_ctx *ctx, int argc, char **argv)
{
	int rc;

	if ((rc = cmd_parse_options(ctx, argc, argv)) != 0)
		return rc;
	if (args_has(ctx, OPT_FD))
		return cmd_parse_fd(ctx);
	return cmd_check_operands(ctx);
}

/* The operands that are NAMEs, as the entry says: [*first, *end). */
static void
cmd_name_operands(const struct cmd_ctx *ctx, int *first, int *end)
{
	const struct cmd_entry *e = ctx->entry;

	*first = *end = 0;
	if (ctx->argc == 0)
		return;
	if (ctx->fd != -1 && !(e->flags & CMD_COMMAND))
		return;		/* --fd stands in place of them */
	if (e->flags & CMD_NAME_LAST) {
		*first = ctx->argc - 1;
		*end = ctx->argc;
	} else if (e->flags & CMD_NAMES) {
		*first = e->names_from;
		/* After the NAME of a command-running entry: COMMAND. */
		*end = e->flags & CMD_COMMAND ? e->names_from + 1 : ctx->argc;
		if (*end > ctx->argc)
			*end = *first = 0;
	}
}

/*
 * Canonicalises every NAME operand into ctx->names before anything is
 * done: a bad one anywhere is a usage error that changes nothing.
 */
static int
cmd_parse_names(struct cmd_ctx *ctx)
{
	const char *why;
	int first, end;

	cmd_name_operands(ctx, &first, &end);
	if (end == first)
		return 0;
	ctx->names = xcalloc((size_t)(end - first), sizeof *ctx->names);
	for (int i = first; i < end; i++) {
		const char *arg = ctx->argv[i];

		if (parse_name(arg, ctx->ns.path, ctx->names[ctx->nnames],
		    sizeof ctx->names[0], &why) != 0)
			return cmd_usage_error(ctx, "invalid name '%s': %s",
			    arg, why);
		ctx->nnames++;
	}
	return 0;
}

int
cmd_exec(struct cmd_ctx *ctx)
{
	int rc = cmd_parse_names(ctx);

	if (rc == 0)
		rc = ctx->entry->exec(ctx);
	free(ctx->names);
	ctx->names = NULL;
	ctx->nnames = 0;
	return rc;
}

/* --- the objects a subcommand acts on -------------------------------- */

static int
cmd_one_name(struct cmd_ctx *ctx, const char *name, cmd_object_fn *fn,
    void *fnarg)
{
	struct pshm_open_opts oo = { .direction = ctx->entry->names_open };
	struct pshm_error err;
	WITH_OPEN_SHM(fd);

	if (pshm_open(&ctx->ns, name, &oo, &fd, NULL, &err) != PSHM_OK) {
		cmd_warn_error(ctx, name, &err);
		return EXIT_FAIL;
	}
	return fn(ctx, fd, name, fnarg);
}

int
cmd_each_object(struct cmd_ctx *ctx, cmd_object_fn *fn, void *fnarg)
{
	struct pshm_error err;
	int rc = EXIT_OK;

	if (ctx->fd != -1) {
		if (pshm_check_fd(ctx->fd, &err) != 0) {
			cmd_warn_error(ctx, ctx->fd_label, &err);
			return EXIT_FAIL;
		}
		return fn(ctx, ctx->fd, ctx->fd_label, fnarg);
	}
	for (int i = 0; i < ctx->nnames; i++)
		if (cmd_one_name(ctx, ctx->names[i], fn, fnarg) != EXIT_OK)
			rc = EXIT_FAIL;
	return rc;
}

int
cmd_find_namespaces(struct cmd_ctx *ctx, struct ns_list *nsl)
{
	struct pshm_error err;

	if (ns_find_all(nsl, &err) == 0)
		return 0;
	cmd_warn_error(ctx, PSHM_SYSTEM_DIR, &err);
	return -1;
}
