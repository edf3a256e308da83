/*
 * cmd-gc.c -- remove stale objects: named objects that no process holds,
 * last modified longer ago than --older-than, owned by --user, at least
 * --min-size big, matching a PATTERN.
 *
 * The candidates are the regular entries of the namespace directory, looked
 * at with fstatat and never followed or opened; one /proc scan finds their
 * holders.  An object the scan shows held is kept.  One it shows free is
 * checked again by holders_check_unused (a dry run) or removed by
 * holders_remove_unused (--yes), which re-opens the name, confirms it is
 * still the same object, and asks the kernel for a lease that it grants
 * only when no process has the object open or mapped, seen by the scan or
 * not.  Where no lease can be had, a fresh scan decides, and an object that
 * a process that could not be inspected could hold is kept.
 *
 * Each object's line is written and flushed as soon as it is decided, so an
 * administrator watching a long run sees each removal as it happens.
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <libutil.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "holders.h"
#include "output.h"
#include "parse.h"

struct gc_opts {
	int64_t older_than;	/* seconds; 0: any age */
	bool user_given;
	uid_t user;
	bool min_size_given;
	off_t min_size;
	bool all;		/* -a: semaphores too */
	bool json;
	bool yes;
	const char **patterns;	/* without their leading slash */
	int npatterns;
	struct timespec now;
};

enum gc_action {
	GC_REMOVE,		/* removed, or would be in a dry run */
	GC_KEEP,
	GC_SKIP,		/* gone before its turn */
	GC_FAIL,
};

struct gc_entry {
	char *name;			/* "/name" */
	struct pshm_stat st;
	int idx;			/* in the scan */
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
	size_t printed;		/* JSON elements so far */
};

/* --- options ----------------------------------------------------------- */

static int
gc_parse_user(struct cmd_ctx *ctx, struct gc_opts *o, const char *arg)
{
	const char *why;
	gid_t gid;

	if (strchr(arg, ':') != NULL ||
	    parse_owner(arg, &o->user, &gid, &why) != 0 ||
	    o->user == (uid_t)-1)
		return cmd_usage_error(ctx, "invalid --user '%s': %s", arg,
		    strchr(arg, ':') != NULL ? "a user, not a group" : why);
	o->user_given = true;
	return 0;
}

/* PATTERN as list takes it: with or without "/" or the directory. */
static int
gc_parse_patterns(struct cmd_ctx *ctx, struct gc_opts *o)
{
	size_t dirlen = strlen(ctx->ns.path);

	o->npatterns = ctx->argc;
	if ((o->patterns = calloc(ctx->argc + 1, sizeof *o->patterns)) ==
	    NULL) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		return EXIT_FAIL;
	}
	for (int i = 0; i < ctx->argc; i++) {
		const char *p = ctx->argv[i];

		if (strncmp(p, ctx->ns.path, dirlen) == 0 && p[dirlen] == '/')
			p += dirlen;
		if (*p == '/')
			p++;
		if (*p == '\0')
			return cmd_usage_error(ctx, "empty pattern '%s'",
			    ctx->argv[i]);
		o->patterns[i] = p;
	}
	return 0;
}

static int
gc_parse(struct cmd_ctx *ctx, struct gc_opts *o)
{
	const char *arg, *why;

	if ((arg = args_get(ctx, OPT_OLDER_THAN)) != NULL &&
	    parse_duration(arg, &o->older_than, &why) != 0)
		return cmd_usage_error(ctx, "invalid duration '%s': %s", arg,
		    why);
	if ((arg = args_get(ctx, OPT_USER)) != NULL &&
	    gc_parse_user(ctx, o, arg) != 0)
		return EXIT_USAGE;
	if ((arg = args_get(ctx, OPT_MIN_SIZE)) != NULL) {
		if (parse_size(arg, &o->min_size, &why) != 0)
			return cmd_usage_error(ctx, "invalid size '%s': %s",
			    arg, why);
		o->min_size_given = true;
	}
	o->all = args_has(ctx, 'a');
	o->json = args_has(ctx, OPT_JSON);
	o->yes = args_has(ctx, OPT_YES);
	clock_gettime(CLOCK_REALTIME, &o->now);
	return gc_parse_patterns(ctx, o);
}

/* --- candidates -------------------------------------------------------- */

static bool
gc_wanted_name(const struct gc_opts *o, const char *name)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	/* glibc's sem_open(3) keeps semaphores here as "sem.NAME". */
	if (!o->all && strncmp(name, "sem.", 4) == 0)
		return false;
	if (o->npatterns == 0)
		return true;
	for (int i = 0; i < o->npatterns; i++)
		if (fnmatch(o->patterns[i], name, 0) == 0)
			return true;
	return false;
}

/* Seconds since the last modification; negative when in the future. */
static int64_t
gc_age(const struct gc_opts *o, const struct pshm_stat *st)
{
	int64_t age = (int64_t)o->now.tv_sec - (int64_t)st->mtim.tv_sec;

	if (o->now.tv_nsec < st->mtim.tv_nsec)
		age--;
	return age;
}

static bool
gc_wanted_stat(const struct gc_opts *o, const struct pshm_stat *st)
{
	if (o->older_than > 0 && gc_age(o, st) < o->older_than)
		return false;
	if (o->user_given && st->uid != o->user)
		return false;
	if (o->min_size_given && st->size < o->min_size)
		return false;
	return true;
}

static void
gc_stat(const struct stat *st, struct pshm_stat *ps)
{
	ps->dev = st->st_dev;
	ps->ino = st->st_ino;
	ps->mode = st->st_mode;
	ps->nlink = st->st_nlink;
	ps->uid = st->st_uid;
	ps->gid = st->st_gid;
	ps->rdev = st->st_rdev;
	ps->size = st->st_size;
	ps->blksize = st->st_blksize;
	ps->blocks = st->st_blocks;
	ps->atim = st->st_atim;
	ps->mtim = st->st_mtim;
	ps->ctim = st->st_ctim;
}

struct gc_list {
	struct gc_entry *v;
	size_t n;
	size_t cap;
};

static struct gc_entry *
gc_list_add(struct gc_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct gc_entry *v = reallocarray(l->v, cap, sizeof *v);

		if (v == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

/* Adds the entry if it is a candidate; -1 on an error worth reporting. */
static int
gc_entry(struct cmd_ctx *ctx, const struct gc_opts *o, int dfd,
    const struct dirent *de, struct gc_list *l)
{
	struct gc_entry *e;
	struct pshm_stat ps;
	struct stat st;

	if (!gc_wanted_name(o, de->d_name))
		return 0;
	/* Never followed, never opened: only regular files are objects. */
	if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
		return 0;
	if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return 0;
		cmd_warnx(ctx, NULL, "%s/%s: %s", ctx->ns.path, de->d_name,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	gc_stat(&st, &ps);
	if (!gc_wanted_stat(o, &ps))
		return 0;
	if ((e = gc_list_add(l)) == NULL) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		return -1;
	}
	e->st = ps;
	if (asprintf(&e->name, "/%s", de->d_name) == -1) {
		e->name = NULL;
		l->n--;
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

static DIR *
gc_opendir(const struct cmd_ctx *ctx)
{
	DIR *dir;
	int fd;

	if (ctx->ns.dirfd == -1)
		fd = open(PSHM_SYSTEM_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = openat(ctx->ns.dirfd, ".", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
	if (fd == -1)
		return NULL;
	if ((dir = fdopendir(fd)) == NULL) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return dir;
}

static int
gc_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gc_entry *)a)->name,
	    ((const struct gc_entry *)b)->name);
}

static int
gc_read(struct cmd_ctx *ctx, const struct gc_opts *o, struct gc_list *l)
{
	struct dirent *de;
	int rc = 0;
	DIR *dir;

	if ((dir = gc_opendir(ctx)) == NULL) {
		cmd_warnx(ctx, NULL, "%s: %s", ctx->ns.path, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL)
			break;
		if (gc_entry(ctx, o, dirfd(dir), de, l) != 0)
			rc = -1;
	}
	if (errno != 0) {
		cmd_warnx(ctx, NULL, "%s: %s", ctx->ns.path, strerror(errno));
		rc = -1;
	}
	closedir(dir);
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, gc_entry_cmp);
	return rc;
}

/* --- deciding and removing --------------------------------------------- */

/* What decides when the kernel gives no lease. */
struct gc_nolease {
	const struct shm_holders *scan;	/* the first scan's result */
	const struct gc_entry *e;
	bool rescan;			/* --yes: scan again, now */
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
gc_rescan_says_unused(struct gc_nolease *nl)
{
	struct holders *h = holders_new();
	const struct shm_holders *hs;
	char desc[512];
	bool unused = false;
	int idx;

	if (h == NULL || (idx = holders_want(h, &nl->e->st)) == -1 ||
	    holders_scan(h) != 0)
		snprintf(nl->why, nl->whylen, "holders could not be "
		    "checked again: %s", strerror(errno));
	else if ((hs = holders_of(h, idx))->count > 0)
		snprintf(nl->why, nl->whylen, "in use by %s (since the scan)",
		    holders_describe(hs, desc, sizeof desc));
	else if (!hs->checked || !hs->complete)
		gc_why_blind(holders_blind(h), nl->why, nl->whylen);
	else
		unused = true;
	holders_free(h);
	return unused;
}

static bool
gc_no_lease_ok(void *arg)
{
	struct gc_nolease *nl = arg;

	if (nl->rescan)
		return gc_rescan_says_unused(nl);
	return nl->scan->checked && nl->scan->complete &&
	    nl->scan->count == 0;
}

static void
gc_decide(struct cmd_ctx *ctx, const struct gc_opts *o, struct gc_entry *e,
    const struct holders *h, char *why, size_t whylen)
{
	const struct shm_holders *hs = holders_of(h, e->idx);
	struct gc_nolease nl = { hs, e, o->yes, why, whylen };
	struct holders_removal_info info;
	struct pshm_error err;
	char desc[512];

	e->action = GC_KEEP;
	if (hs->count > 0) {
		snprintf(why, whylen, "in use by %s",
		    holders_describe(hs, desc, sizeof desc));
		return;
	}
	/* A dry run asks the kernel only what the scan could not tell. */
	if (!o->yes && hs->checked && hs->complete) {
		e->action = GC_REMOVE;
		return;
	}
	switch (o->yes ? holders_remove_unused(&ctx->ns, e->name, &e->st,
	    gc_no_lease_ok, &nl, &info, &err) : holders_check_unused(&ctx->ns,
	    e->name, &e->st, gc_no_lease_ok, &nl, &info, &err)) {
	case HOLDERS_REMOVED:
		e->action = GC_REMOVE;
		e->freed = info.freed;
		break;
	case HOLDERS_GONE:
		e->action = GC_SKIP;
		snprintf(why, whylen, "removed by another process "
		    "meanwhile");
		break;
	case HOLDERS_CHANGED:
		snprintf(why, whylen, "replaced by another object "
		    "since the scan");
		break;
	case HOLDERS_IN_USE:
		/* The kernel says so: find out who, for the message. */
		snprintf(why, whylen, "in use by %s",
		    holders_describe_now(&e->st, desc, sizeof desc));
		break;
	case HOLDERS_UNKNOWN:
		/* A fresh scan has said why; the first scan's reason else. */
		if (!o->yes)
			gc_why_blind(holders_blind(h), why, whylen);
		break;
	case HOLDERS_FAILED:
		e->action = GC_FAIL;
		snprintf(why, whylen, "%s", pshm_strerror(&err));
		break;
	}
}

/*
 * In a dry run nothing is unlinked: an object's memory counts as freed
 * when every one of its links is among those that would go.
 */
static int
gc_ino_cmp(const void *a, const void *b)
{
	const struct gc_entry *x = *(const struct gc_entry *const *)a;
	const struct gc_entry *y = *(const struct gc_entry *const *)b;

	if (x->st.dev != y->st.dev)
		return x->st.dev < y->st.dev ? -1 : 1;
	if (x->st.ino != y->st.ino)
		return x->st.ino < y->st.ino ? -1 : 1;
	return 0;
}

static uintmax_t
gc_dry_freed(const struct gc_list *l)
{
	const struct gc_entry **v;
	uintmax_t freed = 0;
	size_t n = 0;

	if ((v = calloc(l->n + 1, sizeof *v)) == NULL)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].action == GC_REMOVE)
			v[n++] = &l->v[i];
	if (n > 1)
		qsort(v, n, sizeof *v, gc_ino_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && gc_ino_cmp(&v[i], &v[j]) == 0; j++)
			;
		if ((nlink_t)(j - i) >= v[i]->st.nlink)
			freed += (uintmax_t)v[i]->st.blocks * 512;
	}
	free(v);
	return freed;
}

/* --- text -------------------------------------------------------------- */

static const char *
gc_human(uintmax_t bytes, char *buf, size_t len)
{
	if (humanize_number(buf, len < 5 ? len : 5, (int64_t)bytes, "",
	    HN_AUTOSCALE, HN_DECIMAL | HN_NOSPACE | HN_B) == -1)
		snprintf(buf, len, "%ju", bytes);
	return buf;
}

/* "3d 2h", "15m 4s", "42s": an age in its largest unit and the next. */
static const char *
gc_age_text(int64_t age, char *buf, size_t len)
{
	static const struct {
		int64_t secs;
		char unit;
	} units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	size_t i = 0;
	int64_t big, next;

	if (age < 0) {
		snprintf(buf, len, "in the future");
		return buf;
	}
	while (i < 3 && age < units[i].secs)
		i++;
	big = age / units[i].secs;
	next = i < 3 ? age % units[i].secs / units[i + 1].secs : 0;
	if (next > 0)
		snprintf(buf, len, "%jd%c %jd%c ago", (intmax_t)big,
		    units[i].unit, (intmax_t)next, units[i + 1].unit);
	else
		snprintf(buf, len, "%jd%c ago", (intmax_t)big, units[i].unit);
	return buf;
}

static void
gc_print_text(const struct gc_opts *o, const struct gc_entry *e,
    const char *why)
{
	char name[OUT_ESCAPE_MAX(NAME_MAX + 2)], human[16], age[64];

	out_escape(e->name, name, sizeof name);
	switch (e->action) {
	case GC_REMOVE:
		printf("%s %s: %jd bytes (%s allocated), owner %s, modified "
		    "%s, no holders\n", o->yes ? "removed" : "would remove",
		    name, (intmax_t)e->st.size, gc_human((uintmax_t)
		    e->st.blocks * 512, human, sizeof human),
		    user_from_uid(e->st.uid, 0),
		    gc_age_text(gc_age(o, &e->st), age, sizeof age));
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

static void
gc_print_total_text(const struct gc_opts *o, const struct gc_totals *t)
{
	char human[16];
	const char *s = t->removed == 1 ? "" : "s";

	gc_human(t->freed, human, sizeof human);
	if (o->yes)
		printf("removed %zu object%s, freed %s (%ju bytes)", t->removed,
		    s, human, t->freed);
	else
		printf("dry run: would remove %zu object%s, freeing %s "
		    "(%ju bytes)", t->removed, s, human, t->freed);
	printf("; kept %zu", t->kept);
	if (t->failed > 0)
		printf("; failed %zu", t->failed);
	if (!o->yes && t->removed > 0)
		printf("; nothing was removed: run with --yes to remove them");
	putchar('\n');
}

/* --- JSON -------------------------------------------------------------- */

/* A JSON string of text already escaped for display (vis). */
static void
gc_json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void
gc_json_time(const struct timespec *ts)
{
	char buf[64];
	struct tm tm;
	size_t n;

	if (localtime_r(&ts->tv_sec, &tm) == NULL) {
		printf("null");
		return;
	}
	/* ISO 8601 with the offset as +HH:MM, as list --json. */
	n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
	if (n >= 5 && n + 2 < sizeof buf) {
		memmove(buf + n - 1, buf + n - 2, 3);
		buf[n - 2] = ':';
	}
	gc_json_string(buf);
}

static void
gc_print_json(const struct gc_entry *e, const char *why,
    const struct shm_holders *hs, struct gc_totals *t)
{
	static const char *const actions[] = {
		[GC_REMOVE] = "remove", [GC_KEEP] = "keep",
		[GC_SKIP] = "skip", [GC_FAIL] = "fail",
	};
	char name[OUT_ESCAPE_MAX(NAME_MAX + 2)];

	printf("%s    {\"name\": ", t->printed++ > 0 ? ",\n" : "");
	gc_json_string(out_escape(e->name, name, sizeof name));
	printf(", \"action\": \"%s\", \"reason\": ", actions[e->action]);
	gc_json_string(e->action == GC_REMOVE ? "no holders" : why);
	printf(", \"size\": %jd, \"alloc\": %ju, \"uid\": %ju, \"mtime\": ",
	    (intmax_t)e->st.size, (uintmax_t)e->st.blocks * 512,
	    (uintmax_t)e->st.uid);
	gc_json_time(&e->st.mtim);
	if (hs->checked)
		printf(", \"holders\": %zu", hs->count);
	else
		printf(", \"holders\": null");
	printf(", \"holders_complete\": %s, \"pids\": [",
	    hs->checked && hs->complete ? "true" : "false");
	for (size_t i = 0; i < hs->count; i++)
		printf("%s%ld", i > 0 ? ", " : "", (long)hs->list[i].pid);
	printf("]}");
}

static void
gc_print_total_json(const struct gc_opts *o, const struct gc_totals *t)
{
	printf("%s  ],\n  \"objects\": %zu, \"kept\": %zu, \"failed\": %zu, "
	    "\"freed\": %ju\n}\n", t->printed > 0 ? "\n" : "", t->removed,
	    t->kept, t->failed, t->freed);
	(void)o;
}

/* --- the run ----------------------------------------------------------- */

static int
gc_run(struct cmd_ctx *ctx, const struct gc_opts *o, struct gc_list *l,
    const struct holders *h)
{
	struct gc_totals t = { 0 };
	char why[GC_WHY_MAX];
	int rc = EXIT_OK;

	if (o->json)
		printf("{\n  \"dry_run\": %s,\n  \"gc\": [\n",
		    o->yes ? "false" : "true");
	for (size_t i = 0; i < l->n; i++) {
		struct gc_entry *e = &l->v[i];

		why[0] = '\0';
		gc_decide(ctx, o, e, h, why, sizeof why);
		if (e->action == GC_REMOVE) {
			t.removed++;
			if (e->freed)
				t.freed += (uintmax_t)e->st.blocks * 512;
		} else if (e->action == GC_KEEP)
			t.kept++;
		else if (e->action == GC_FAIL) {
			cmd_warnx(ctx, e->name, "%s", why);
			t.failed++;
			rc = EXIT_FAIL;
		}
		if (o->json)
			gc_print_json(e, why, holders_of(h, e->idx), &t);
		else
			gc_print_text(o, e, why);
		/* Each line as it happens, not when gc is done. */
		if (cmd_flush_stdout(ctx) != 0)
			return EXIT_FAIL;
	}
	if (!o->yes)
		t.freed = gc_dry_freed(l);
	if (o->json)
		gc_print_total_json(o, &t);
	else
		gc_print_total_text(o, &t);
	if (cmd_flush_stdout(ctx) != 0)
		return EXIT_FAIL;
	return rc;
}

static int
gc_scan(struct cmd_ctx *ctx, struct gc_list *l, struct holders *h)
{
	for (size_t i = 0; i < l->n; i++)
		if ((l->v[i].idx = holders_want(h, &l->v[i].st)) == -1) {
			cmd_warnx(ctx, NULL, "%s", strerror(errno));
			return -1;
		}
	if (holders_scan(h) != 0) {
		cmd_warnx(ctx, NULL, "reading /proc: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int
cmd_gc_exec(struct cmd_ctx *ctx)
{
	struct gc_opts o = { 0 };
	struct gc_list l = { 0 };
	struct holders *h = NULL;
	int rc;

	if ((rc = gc_parse(ctx, &o)) != 0) {
		free(o.patterns);
		return rc;
	}
	if (gc_read(ctx, &o, &l) != 0)
		rc = EXIT_FAIL;
	else if ((h = holders_new()) == NULL) {
		cmd_warnx(ctx, NULL, "%s", strerror(errno));
		rc = EXIT_FAIL;
	} else if (gc_scan(ctx, &l, h) != 0)
		rc = EXIT_FAIL;
	else
		rc = gc_run(ctx, &o, &l, h);
	holders_free(h);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].name);
	free(l.v);
	free(o.patterns);
	return rc;
}

static const struct cmd_option cmd_gc_options[] = {
	{ OPT_OLDER_THAN, "older-than", "DURATION",
	    "only objects last modified longer ago (90, 90s, 15m, 2h, 7d)" },
	{ OPT_USER, "user", "USER", "only objects owned by USER" },
	{ OPT_MIN_SIZE, "min-size", "SIZE", "only objects at least SIZE big" },
	{ 'a', "all", NULL, "semaphores (sem.*) too" },
	{ OPT_JSON, "json", NULL, "print a JSON document" },
	{ OPT_YES, "yes", NULL,
	    "remove them (without it: only say what would be removed)" },
	{ 0 }
};

const struct cmd_entry cmd_gc_entry = {
	.name = "gc",
	.usage = "[--older-than DURATION] [--user USER] [--min-size SIZE] "
	    "[-a] [--json] [--yes] [PATTERN...]",
	.summary = "remove stale objects that no process holds",
	.options = cmd_gc_options,
	.min_operands = 0,
	.max_operands = -1,
	.exec = cmd_gc_exec,
};
