/*
 * cmd-gc.c -- remove stale objects: named objects that no process holds,
 * last modified longer ago than --older-than (default 10m), owned by
 * --user, at least --min-size big, matching a PATTERN and no --exclude.
 *
 * The candidates are the regular entries of the namespace directory, read
 * by row_list_read as list reads them, never followed or opened; one /proc
 * scan finds their holders.  An object the scan shows held is kept.  One
 * it shows free is removed by reap_remove_unused (--yes), which re-opens
 * the name, confirms it is still the same object, and asks the kernel for
 * a lease that it grants only when no process has the object open or
 * mapped, seen by the scan or not; a dry run asks the same of
 * reap_check_unused where the scan could not see every process.  Where
 * no lease can be had, a fresh scan decides (in a dry run, the first), and
 * an object that a process that could not be inspected could hold is kept.
 * The rule and the dry run's decision are stale.c's, which metrics counts
 * by (shmctl-metrics(1)).
 *
 * Each object's line is written and flushed as soon as it is decided, so an
 * administrator watching a long run sees each removal as it happens.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "escape.h"
#include "holders.h"
#include "json.h"
#include "nsdir.h"
#include "parse.h"
#include "reap.h"
#include "stale.h"
#include "table.h"
#include "xmalloc.h"

struct gc_opts {
	const struct cmd_ctx *ctx;
	struct stale_rule rule;	/* --older-than, --user, --min-size */
	char *excludes[ARGS_MAX];	/* --exclude PATTERN... */
	bool json;
	bool yes;
	struct row_filter filter; /* -a: semaphores too */
};

enum gc_action {
	GC_REMOVE,		/* removed, or would be in a dry run */
	GC_KEEP,
	GC_SKIP,		/* gone before its turn */
	GC_FAIL,
};

struct gc_entry {
	const struct shm_row *row;	/* name, stat and holders */
	enum gc_action action;
	bool freed;			/* its last link went (--yes) */
};

/* Why an object was kept, skipped or failed: said as soon as decided. */
#define GC_WHY_MAX	1024

struct gc_totals {
	size_t removed;
	size_t kept;
	size_t failed;
	uintmax_t freed;	/* allocated bytes */
};

/* --- options and candidates -------------------------------------------- */

static int
gc_parse_user(struct cmd_ctx *ctx, struct gc_opts *o, const char *arg)
{
	const char *why;
	gid_t gid;

	if (strchr(arg, ':') != NULL ||
	    parse_owner(arg, &o->rule.user, &gid, &why) != 0 ||
	    o->rule.user == (uid_t)-1)
		return cmd_usage_error(ctx, "invalid --user '%s': %s", arg,
		    strchr(arg, ':') != NULL ? "a user, not a group" : why);
	o->rule.user_given = true;
	return 0;
}

/* The rule that metrics counts by too (shmctl-metrics(1)). */
static bool
gc_wanted_stat(const struct pshm_stat *st, void *arg)
{
	struct gc_opts *o = arg;

	return stale_wanted(st, &o->rule);
}

static void
gc_warn(void *arg, const char *name, int errnum)
{
	const struct gc_opts *o = arg;

	cmd_warnx(o->ctx, name != NULL ? name : o->ctx->ns.path, "%s",
	    strerror(errnum));
}

static int
gc_parse(struct cmd_ctx *ctx, struct gc_opts *o)
{
	const char *arg, *why;

	o->ctx = ctx;
	stale_rule_init(&o->rule);
	if ((arg = args_get(ctx, OPT_OLDER_THAN)) != NULL &&
	    parse_duration(arg, &o->rule.older_than, &why) != 0)
		return cmd_usage_error(ctx, "invalid duration '%s': %s", arg,
		    why);
	if (args_has(ctx, OPT_YES) && args_has(ctx, OPT_DRY_RUN))
		return cmd_usage_error(ctx, "--dry-run and --yes cannot both "
		    "be given");
	if ((arg = args_get(ctx, OPT_USER)) != NULL &&
	    gc_parse_user(ctx, o, arg) != 0)
		return EXIT_USAGE;
	if ((arg = args_get(ctx, OPT_MIN_SIZE)) != NULL) {
		if (parse_size(arg, &o->rule.min_size, &why) != 0)
			return cmd_usage_error(ctx, "invalid size '%s': %s",
			    arg, why);
		o->rule.min_size_given = true;
	}
	o->json = args_has(ctx, OPT_JSON);
	o->yes = args_has(ctx, OPT_YES);
	/* PATTERN as list takes it: with or without "/" or the directory. */
	o->filter = (struct row_filter){
		.sems = args_has(ctx, 'a'),
		.patterns = ctx->argv,
		.npatterns = ctx->argc,
		.excludes = o->excludes,
		.nexcludes = args_values(ctx, OPT_EXCLUDE, o->excludes),
		.wanted = gc_wanted_stat,
		.warn = gc_warn,
		.arg = o,
	};
	return cmd_check_filter(ctx, &o->filter);
}

/*
 * The candidates, by name, and their holders: one /proc scan for all.
 * A namespace that could not be read whole removes nothing.
 */
static int
gc_read(struct cmd_ctx *ctx, const struct gc_opts *o, struct row_list *rows,
    struct holders *h)
{
	if (row_list_read(rows, &ctx->ns, &o->filter) != 0)
		return -1;
	out_sort_rows(rows->v, rows->n, OUT_COL_NAME);
	holders_scan_rows(h, rows->v, rows->n);
	return 0;
}

/* --- deciding and removing --------------------------------------------- */

/* What decides when the kernel gives no lease (--yes): a fresh scan. */
struct gc_nolease {
	const struct pshm_stat *st;
	char *why;			/* says why not, when not */
	size_t whylen;
};

static void
gc_why_blind(const struct holders_blind *b, char *why, size_t len)
{
	char blind[512];

	snprintf(why, len, "holders cannot be ruled out: %s, and could hold "
	    "it", holders_describe_blind(b, blind, sizeof blind));
}

/* A fresh scan of this one object, just before its unlink. */
static bool
gc_rescan_says_unused(void *arg)
{
	struct gc_nolease *nl = arg;
	struct holders *h = holders_new();
	size_t idx = holders_want(h, nl->st);
	const struct shm_holders *hs;
	char desc[512];
	bool unused = false;

	holders_scan(h);
	if ((hs = holders_of(h, idx))->count > 0)
		snprintf(nl->why, nl->whylen, "in use by %s (since the scan)",
		    holders_describe(hs, desc, sizeof desc));
	else if (!hs->checked || !hs->complete)
		gc_why_blind(holders_blind(h), nl->why, nl->whylen);
	else
		unused = true;
	holders_free(h);
	return unused;
}

/* The object stayed aside: its name was taken while it was checked. */
static void
gc_why_kept(char *why, size_t whylen, const char *kept)
{
	char name[OUT_ESCAPE_MAX(NAME_MAX + 2)];
	size_t n = strlen(why);

	snprintf(why + n, whylen - n, "; another object took its name "
	    "meanwhile: the one checked is kept as %s",
	    out_escape(kept, name, sizeof name));
}

static void
gc_decide(struct cmd_ctx *ctx, const struct gc_opts *o, struct gc_entry *e,
    const struct holders *h, char *why, size_t whylen)
{
	const struct shm_row *r = e->row;
	const struct shm_holders *hs = r->holders;
	struct gc_nolease nl = { &r->st, why, whylen };
	struct reap_info info = { 0 };
	struct pshm_error err;
	char desc[512];

	e->action = GC_KEEP;
	if (hs->count > 0) {
		snprintf(why, whylen, "in use by %s",
		    holders_describe(hs, desc, sizeof desc));
		return;
	}
	/* A dry run's decision is the one metrics counts by. */
	switch (o->yes ? reap_remove_unused(&ctx->ns, r->name, &r->st,
	    gc_rescan_says_unused, &nl, &info, &err) :
	    stale_dry_check(&ctx->ns, r, &info, &err)) {
	case REAP_REMOVED:
		e->action = GC_REMOVE;
		e->freed = info.freed;
		break;
	case REAP_GONE:
		e->action = GC_SKIP;
		snprintf(why, whylen, "removed by another process "
		    "meanwhile");
		break;
	case REAP_CHANGED:
		snprintf(why, whylen, "replaced by another object "
		    "since the scan");
		break;
	case REAP_IN_USE:
		/* The kernel says so: find out who, for the message. */
		snprintf(why, whylen, "in use by %s",
		    holders_describe_now(&r->st, desc, sizeof desc));
		break;
	case REAP_UNKNOWN:
		/* A fresh scan has said why; the first scan's reason else. */
		if (!o->yes)
			gc_why_blind(holders_blind(h), why, whylen);
		break;
	case REAP_FAILED:
		e->action = GC_FAIL;
		snprintf(why, whylen, "%s", pshm_strerror(&err));
		break;
	}
	if (info.kept[0] != '\0')
		gc_why_kept(why, whylen, info.kept);
}

/*
 * In a dry run nothing is unlinked: an object's memory counts as freed
 * when every one of its links is among those that would go.
 */
static uintmax_t
gc_dry_freed(const struct gc_entry *entries, size_t nentries)
{
	const struct shm_row **v;
	uintmax_t freed;
	size_t n = 0;

	v = xcalloc(nentries + 1, sizeof *v);
	for (size_t i = 0; i < nentries; i++)
		if (entries[i].action == GC_REMOVE)
			v[n++] = entries[i].row;
	freed = stale_freed(v, n);
	free(v);
	return freed;
}

/* --- text -------------------------------------------------------------- */

/* The units of ages and durations, largest first. */
static const struct {
	int64_t secs;
	char unit;
} gc_units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };

/* "3d 2h", "15m 4s", "42s": an age in its largest unit and the next. */
static const char *
gc_age_text(int64_t age, char *buf, size_t len)
{
	size_t i = 0;
	int64_t big, next;

	if (age < 0) {
		snprintf(buf, len, "in the future");
		return buf;
	}
	while (i < 3 && age < gc_units[i].secs)
		i++;
	big = age / gc_units[i].secs;
	next = i < 3 ? age % gc_units[i].secs / gc_units[i + 1].secs : 0;
	if (next > 0)
		snprintf(buf, len, "%jd%c %jd%c ago", (intmax_t)big,
		    gc_units[i].unit, (intmax_t)next, gc_units[i + 1].unit);
	else
		snprintf(buf, len, "%jd%c ago", (intmax_t)big,
		    gc_units[i].unit);
	return buf;
}

static void
gc_print_text(const struct gc_opts *o, const struct gc_entry *e,
    const char *why)
{
	char name[OUT_ESCAPE_MAX(NAME_MAX + 2)], human[OUT_HUMAN_SIZE_MAX];
	const struct pshm_stat *st = &e->row->st;
	char age[64];

	out_escape(e->row->name, name, sizeof name);
	switch (e->action) {
	case GC_REMOVE:
		printf("%s %s: %jd bytes (%s allocated), owner %s, modified "
		    "%s, no holders\n", o->yes ? "removed" : "would remove",
		    name, (intmax_t)st->size, out_human_size(
		    row_alloc_bytes(st), human, sizeof human),
		    user_from_uid(st->uid, 0),
		    gc_age_text(stale_age(&o->rule, st), age, sizeof age));
		break;
	case GC_KEEP:
		printf("%s %s: %s\n", o->yes ? "kept" : "keep", name, why);
		break;
	case GC_SKIP:
		printf("skipped %s: %s\n", name, why);
		break;
	case GC_FAIL:
		printf("failed %s: %s\n", name, why);
		break;
	}
}

/* "10m", "1h30m", "7d": a duration as --older-than takes it. */
static const char *
gc_duration_text(int64_t secs, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < 4 && n + 1 < len; i++)
		if (secs >= gc_units[i].secs) {
			n += (size_t)snprintf(buf + n, len - n, "%jd%c",
			    (intmax_t)(secs / gc_units[i].secs),
			    gc_units[i].unit);
			secs %= gc_units[i].secs;
		}
	return buf;
}

static void
gc_print_total_text(const struct gc_opts *o, const struct gc_totals *t)
{
	char human[OUT_HUMAN_SIZE_MAX], dur[64];
	const char *s = t->removed == 1 ? "" : "s";

	out_human_size(t->freed, human, sizeof human);
	if (o->yes)
		printf("removed %zu object%s, freed %s (%ju bytes)", t->removed,
		    s, human, t->freed);
	else
		printf("dry run: would remove %zu object%s, freeing %s "
		    "(%ju bytes)", t->removed, s, human, t->freed);
	printf("; kept %zu", t->kept);
	if (t->failed > 0)
		printf("; failed %zu", t->failed);
	if (o->rule.older_than > 0)
		printf("; only objects modified %s ago or longer",
		    gc_duration_text(o->rule.older_than, dur, sizeof dur));
	else
		printf("; objects of any age (--older-than 0)");
	if (!o->yes && t->removed > 0)
		printf("; nothing was removed: run with --yes to remove them");
	putchar('\n');
}

/* --- JSON -------------------------------------------------------------- */

/*
 * {"dry_run": ..., "gc": [ an object per candidate ], "objects": ...,
 * "kept": ..., "failed": ..., "freed": ...}; a candidate's values other
 * than its action and reason are those of list --json.
 */
static void
gc_print_json_start(const struct gc_opts *o, struct out_json *j)
{
	out_json_init(j, stdout, 2);
	out_json_object(j);
	out_json_key(j, "dry_run");
	out_json_bool(j, !o->yes);
	out_json_key(j, "older_than");
	out_json_int(j, o->rule.older_than);
	out_json_key(j, "gc");
	out_json_array(j);
}

static void
gc_print_json(struct out_json *j, const struct gc_entry *e, const char *why)
{
	static const char *const actions[] = {
		[GC_REMOVE] = "remove", [GC_KEEP] = "keep",
		[GC_SKIP] = "skip", [GC_FAIL] = "fail",
	};
	static const struct out_columns name = { { OUT_COL_NAME }, 1 };
	static const struct out_columns values = { { OUT_COL_SIZE,
	    OUT_COL_ALLOC, OUT_COL_UID, OUT_COL_MTIME, OUT_COL_HOLDERS,
	    OUT_COL_PIDS }, 6 };

	out_json_object(j);
	out_json_row(j, &name, e->row);
	out_json_key(j, "action");
	out_json_string(j, actions[e->action]);
	out_json_key(j, "reason");
	out_json_string(j, e->action == GC_REMOVE ? "no holders" : why);
	out_json_row(j, &values, e->row);
	out_json_end(j);
}

static void
gc_print_total_json(struct out_json *j, const struct gc_totals *t)
{
	out_json_end(j);
	out_json_key(j, "objects");
	out_json_uint(j, t->removed);
	out_json_key(j, "kept");
	out_json_uint(j, t->kept);
	out_json_key(j, "failed");
	out_json_uint(j, t->failed);
	out_json_key(j, "freed");
	out_json_uint(j, t->freed);
	out_json_end(j);
}

/* --- the run ----------------------------------------------------------- */

static void
gc_count(struct cmd_ctx *ctx, const struct gc_entry *e, const char *why,
    struct gc_totals *t)
{
	switch (e->action) {
	case GC_REMOVE:
		t->removed++;
		if (e->freed)
			t->freed += row_alloc_bytes(&e->row->st);
		break;
	case GC_KEEP:
		t->kept++;
		break;
	case GC_FAIL:
		cmd_warnx(ctx, e->row->name, "%s", why);
		t->failed++;
		break;
	case GC_SKIP:
		break;
	}
}

static int
gc_run(struct cmd_ctx *ctx, const struct gc_opts *o, struct gc_entry *v,
    size_t n, const struct holders *h)
{
	struct gc_totals t = { 0 };
	char why[GC_WHY_MAX];
	struct out_json j;

	if (o->json)
		gc_print_json_start(o, &j);
	for (size_t i = 0; i < n; i++) {
		why[0] = '\0';
		gc_decide(ctx, o, &v[i], h, why, sizeof why);
		gc_count(ctx, &v[i], why, &t);
		if (o->json)
			gc_print_json(&j, &v[i], why);
		else
			gc_print_text(o, &v[i], why);
		/* Each line as it happens, not when gc is done. */
		if (cmd_flush_stdout(ctx) != 0)
			return EXIT_FAIL;
	}
	if (!o->yes)
		t.freed = gc_dry_freed(v, n);
	if (o->json)
		gc_print_total_json(&j, &t);
	else
		gc_print_total_text(o, &t);
	if (cmd_flush_stdout(ctx) != 0)
		return EXIT_FAIL;
	return t.failed > 0 ? EXIT_FAIL : EXIT_OK;
}

static int
cmd_gc_exec(struct cmd_ctx *ctx)
{
	struct gc_opts o = { 0 };
	struct row_list rows = { 0 };
	struct gc_entry *v = NULL;
	struct holders *h;
	int rc;

	if ((rc = gc_parse(ctx, &o)) != 0)
		return rc;
	h = holders_new();
	if (gc_read(ctx, &o, &rows, h) != 0)
		rc = EXIT_FAIL;
	else {
		v = xcalloc(rows.n + 1, sizeof *v);
		for (size_t i = 0; i < rows.n; i++)
			v[i].row = &rows.v[i];
		rc = gc_run(ctx, &o, v, rows.n, h);
	}
	free(v);
	holders_free(h);
	row_list_free(&rows);
	return rc;
}

static const struct cmd_option cmd_gc_options[] = {
	{ OPT_OLDER_THAN, "older-than", "DURATION",
	    "only objects last modified longer ago (default 10m; 0: any)" },
	{ OPT_EXCLUDE, "exclude", "PATTERN",
	    "leave out objects matching PATTERN (repeatable)" },
	{ OPT_USER, "user", "USER", "only objects owned by USER" },
	{ OPT_MIN_SIZE, "min-size", "SIZE", "only objects at least SIZE big" },
	{ 'a', "all", NULL, "semaphores (sem.*) too" },
	{ OPT_JSON, "json", NULL, "print a JSON document" },
	{ OPT_DRY_RUN, "dry-run", NULL,
	    "only say what would be removed (the default)" },
	{ OPT_YES, "yes", NULL, "remove them" },
	{ 0 }
};

const struct cmd_entry cmd_gc_entry = {
	.name = "gc",
	.usage = "[--older-than DURATION] [--user USER] [--min-size SIZE] "
	    "[--exclude PATTERN]... [-a] [--json] [--dry-run | --yes] "
	    "[PATTERN...]",
	.summary = "remove stale objects that no process holds",
	.options = cmd_gc_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_gc_exec,
};
