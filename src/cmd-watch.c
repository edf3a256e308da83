/*
 * cmd-watch.c -- who made, resized and removed what: one line per event
 * in the namespace as it happens (shmctl-watch(1)).
 *
 * The events come from the events module; this file filters them by
 * PATTERN, prints them (a line each, or a JSON object each), flushed one
 * by one, and ends on --count, SIGINT, SIGTERM or a reader gone.
 */
#include "config.h"

#include <sys/signalfd.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "escape.h"
#include "events.h"
#include "json.h"
#include "nsdir.h"
#include "parse.h"
#include "row.h"
#include "strbuf.h"
#include "table.h"

/* What ends the watch, as events_read's callback returns it. */
enum watch_end {
	WATCH_GO_ON,
	WATCH_COUNTED,		/* --count events printed */
	WATCH_READER_GONE,	/* a closed pipe: end quietly */
	WATCH_WRITE_FAILED,	/* reported */
};

struct watch {
	struct cmd_ctx *ctx;
	bool json;
	unsigned count;		/* 0: no limit */
	unsigned printed;
	struct row_filter filter;	/* PATTERN... */
	struct strbuf time;		/* the event's, as printed */
};

static bool
watch_wanted(const struct watch *w, const struct event *e)
{
	if (e->name == NULL)
		return true;	/* an overflow concerns every name */
	return row_filter_name(&w->filter, w->ctx->ns.path, e->name + 1) ||
	    (e->from != NULL &&
	    row_filter_name(&w->filter, w->ctx->ns.path, e->from + 1));
}

static void
watch_print_line(const struct event *e, const char *time)
{
	char size[OUT_HUMAN_SIZE_MAX], pid[16];
	char comm[OUT_ESCAPE_MAX(64)], name[OUT_ESCAPE_MAX(NAME_MAX + 2)];
	char from[OUT_ESCAPE_MAX(NAME_MAX + 2)];

	if (e->kind == EVENT_OVERFLOW) {
		printf("%s  %-8s events were lost: the kernel's queue "
		    "overflowed\n", time, event_kind_name(e->kind));
		return;
	}
	snprintf(pid, sizeof pid, "%d", (int)e->pid);
	printf("%s  %-8s %7s %7s %-15s ", time, event_kind_name(e->kind),
	    e->size >= 0 ? out_human_size((uintmax_t)e->size, size,
	    sizeof size) : "-", e->pid > 0 ? pid : "-",
	    e->comm != NULL ? out_escape(e->comm, comm, sizeof comm) : "-");
	if (e->from != NULL)
		printf("%s -> ", out_escape(e->from, from, sizeof from));
	printf("%s\n", out_escape(e->name, name, sizeof name));
}

static void
watch_print_json(const struct event *e, const char *time)
{
	struct out_json j;

	out_json_init(&j, stdout, 0);
	out_json_object(&j);
	out_json_key(&j, "time");
	out_json_string(&j, time);
	out_json_key(&j, "event");
	out_json_string(&j, event_kind_name(e->kind));
	out_json_name(&j, "name", e->name);
	if (e->from != NULL)
		out_json_name(&j, "from", e->from);
	out_json_key(&j, "size");
	if (e->size >= 0)
		out_json_int(&j, e->size);
	else
		out_json_null(&j);
	out_json_key(&j, "pid");
	if (e->pid > 0)
		out_json_int(&j, e->pid);
	else
		out_json_null(&j);
	out_json_name(&j, "comm", e->comm);
	out_json_end(&j);
}

static int
watch_print(const struct event *e, void *arg)
{
	struct watch *w = arg;
	const char *time;

	if (!watch_wanted(w, e))
		return WATCH_GO_ON;
	sb_reset(&w->time);
	row_time(&w->time, &e->time, w->json ? TIME_ISO_MS : TIME_MS);
	time = w->time.p != NULL ? w->time.p : "?";
	if (w->json)
		watch_print_json(e, time);
	else
		watch_print_line(e, time);
	if (cmd_flush_stdout(w->ctx) != 0)
		return errno == EPIPE ? WATCH_READER_GONE : WATCH_WRITE_FAILED;
	if (e->kind != EVENT_OVERFLOW && w->count != 0 &&
	    ++w->printed == w->count)
		return WATCH_COUNTED;
	return WATCH_GO_ON;
}

/* Says once that pids are unknown, and why fanotify could not be used. */
static void
watch_notice(const struct watch *w, const struct events *ev)
{
	struct events_error why;

	if (events_source(ev, &why) != EVENTS_INOTIFY)
		return;
	if (why.errnum == EPERM)
		cmd_warnx(w->ctx, NULL, "pids are unknown: fanotify(7) needs "
		    "CAP_SYS_ADMIN; watching with inotify(7)");
	else
		cmd_warnx(w->ctx, NULL, "pids are unknown: fanotify(7) "
		    "cannot watch %s (%s: %s); watching with inotify(7)",
		    w->ctx->ns.path, why.op, strerror(why.errnum));
}

/*
 * Until the callback says to end, a signal asks to, or the reader of
 * standard output goes away: a pipe's write end polls as POLLERR once
 * nobody reads it, so that `| head -1` ends the watch at once, not at the
 * next event.
 */
static int
watch_loop(struct watch *w, struct events *ev, int sigfd)
{
	struct pollfd p[3] = {
		{ .fd = events_fd(ev), .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
		{ .fd = STDOUT_FILENO, .events = 0 },
	};
	struct events_error err;
	int end;

	for (;;) {
		if (poll(p, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			cmd_warnx(w->ctx, NULL, "poll: %s", strerror(errno));
			return EXIT_FAIL;
		}
		if (p[1].revents != 0 ||
		    (p[2].revents & (POLLERR | POLLHUP)) != 0)
			return EXIT_OK;
		if (p[0].revents == 0)
			continue;
		if ((end = events_read(ev, watch_print, w, &err)) == -1) {
			cmd_warnx(w->ctx, NULL, "%s: %s", err.op,
			    strerror(err.errnum));
			return EXIT_FAIL;
		}
		if (end != WATCH_GO_ON)
			return end == WATCH_WRITE_FAILED ? EXIT_FAIL : EXIT_OK;
	}
}

static int
watch_parse(struct cmd_ctx *ctx, struct watch *w)
{
	const char *why, *bad;

	w->ctx = ctx;
	w->json = args_has(ctx, OPT_JSON);
	if (args_has(ctx, OPT_COUNT) &&
	    parse_count(args_get(ctx, OPT_COUNT), &w->count, &why) != 0)
		return cmd_usage_error(ctx, "invalid --count '%s': %s",
		    args_get(ctx, OPT_COUNT), why);
	w->filter = (struct row_filter){
		.sems = true,
		.nonregular = true,
		.patterns = ctx->argv,
		.npatterns = ctx->argc,
	};
	if (row_filter_check(&w->filter, ctx->ns.path, &bad) != 0)
		return cmd_usage_error(ctx, "empty pattern '%s'", bad);
	return 0;
}

static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	struct watch w = { 0 };
	struct events_error err;
	struct events *ev;
	sigset_t stop;
	int sigfd, rc;

	if (watch_parse(ctx, &w) != 0)
		return EXIT_USAGE;
	/*
	 * SIGINT and SIGTERM are read from a descriptor: no handler.  They
	 * stay blocked to the end, so that the one that ended the watch
	 * does not kill shmctl on its way out.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	if ((sigfd = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK)) == -1) {
		cmd_warnx(ctx, NULL, "signalfd: %s", strerror(errno));
		return EXIT_FAIL;
	}
	/* A closed pipe is an EPIPE from the write, told apart there. */
	signal(SIGPIPE, SIG_IGN);
	if ((ev = events_open(&ctx->ns, &err)) == NULL) {
		cmd_warnx(ctx, ctx->ns.path, "%s: %s", err.op,
		    strerror(err.errnum));
		rc = EXIT_FAIL;
	} else {
		watch_notice(&w, ev);
		rc = watch_loop(&w, ev, sigfd);
		events_close(ev);
	}
	sb_free(&w.time);
	close(sigfd);
	return rc;
}

static const struct cmd_option cmd_watch_options[] = {
	{ OPT_JSON, "json", NULL, "one JSON object a line, ISO 8601 times" },
	{ OPT_COUNT, "count", "N", "end after N events" },
	{ 0 }
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.usage = "[--json] [--count N] [PATTERN...]",
	.summary = "print who creates, resizes and removes objects, live",
	.options = cmd_watch_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_watch_exec,
};
