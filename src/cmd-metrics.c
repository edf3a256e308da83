/*
 * cmd-metrics.c -- the state of the namespace as Prometheus gauges, for
 * node_exporter's textfile collector (shmctl-metrics(1)).
 *
 * Every figure is one that another subcommand prints: the file system's
 * and the objects' from usage.c, as df shows them, and the stale objects
 * by gc's rule and its default age (stale.c), as gc's dry run counts them
 * where the holder scan decides.  metrics only gathers them and labels
 * them: by the namespace's directory and by owner, never by object name,
 * whose series would be without number.  Where the holder scan could not
 * see every process that could hold a candidate, gc's dry run asks the
 * kernel for a lease, let go at once, and metrics does the same; an object
 * that neither can rule out is not counted stale, and
 * shmctl_holders_complete says 0.
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "deleted.h"
#include "escape.h"
#include "holders.h"
#include "nsfind.h"
#include "prom.h"
#include "stale.h"
#include "usage.h"
#include "xmalloc.h"

/* The families, in the order they are printed. */
enum metrics_family {
	M_FS_SIZE,
	M_FS_AVAIL,
	M_OBJECTS,
	M_APPARENT,
	M_ALLOCATED,
	M_SEMAPHORES,
	M_DELETED,
	M_DELETED_ALLOC,
	M_STALE,
	M_STALE_ALLOC,
	M_HOLDERS_COMPLETE,
	M_SCRAPE_DURATION,
	M_NFAMILIES
};

static const struct {
	const char *name;
	const char *help;
} metrics_families[M_NFAMILIES] = {
	[M_FS_SIZE] = { "shmctl_fs_size_bytes",
	    "Size of the namespace's file system (statvfs f_blocks)." },
	[M_FS_AVAIL] = { "shmctl_fs_avail_bytes",
	    "Bytes available in the namespace's file system (statvfs "
	    "f_bavail)." },
	[M_OBJECTS] = { "shmctl_objects",
	    "Named shared memory objects, by owner." },
	[M_APPARENT] = { "shmctl_apparent_bytes",
	    "Sum of the objects' sizes (st_size), by owner." },
	[M_ALLOCATED] = { "shmctl_allocated_bytes",
	    "Memory the objects hold (st_blocks * 512), by owner." },
	[M_SEMAPHORES] = { "shmctl_semaphores",
	    "POSIX named semaphores (sem.* entries)." },
	[M_DELETED] = { "shmctl_deleted_objects",
	    "Objects without a name that processes still hold." },
	[M_DELETED_ALLOC] = { "shmctl_deleted_allocated_bytes",
	    "Memory held by objects without a name." },
	[M_STALE] = { "shmctl_stale_objects",
	    "Objects gc would remove: unheld, unmodified for 10 minutes." },
	[M_STALE_ALLOC] = { "shmctl_stale_allocated_bytes",
	    "Memory removing the stale objects would free." },
	[M_HOLDERS_COMPLETE] = { "shmctl_holders_complete",
	    "1 if every process could be inspected for holders, else 0." },
	[M_SCRAPE_DURATION] = { "shmctl_scrape_duration_seconds",
	    "Time shmctl metrics took to gather the figures." },
};

/* One namespace being measured. */
struct metrics_target {
	const struct pshm_ns *ns;
	bool read;		/* its file system could be read */
	struct row_list rows;
	struct usage u;
	struct stale_sum stale;
};

/* The namespaces to measure: every one of the host (-A), or the one. */
static struct metrics_target *
metrics_targets(struct cmd_ctx *ctx, struct ns_list *nsl, size_t *np)
{
	size_t n = args_has(ctx, 'A') ? 0 : 1;
	struct metrics_target *t;

	if (n == 0 && cmd_find_namespaces(ctx, nsl) != 0)
		return NULL;
	n = n == 1 ? 1 : nsl->n;
	t = xcalloc(n, sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i].ns = nsl->n > 0 ? &nsl->v[i]->ns : &ctx->ns;
	*np = n;
	return t;
}

/* One scan for the rows of every namespace, whose holders it sets. */
static void
metrics_scan(struct holders *h, struct metrics_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i].rows.n; j++)
			holders_want(h, &t[i].rows.v[j].st);
	holders_scan(h);
	/* Asked again, an object wanted already gives its index. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i].rows.n; j++) {
			struct shm_row *r = &t[i].rows.v[j];

			r->holders = holders_of(h, holders_want(h, &r->st));
		}
}

/*
 * Reads every namespace, then one /proc scan for the stale candidates of
 * all of them.  Returns whether the scan inspected every process.
 */
static bool
metrics_gather(struct cmd_ctx *ctx, struct metrics_target *t, size_t n,
    int *rc)
{
	struct row_filter filter = { .sems = true, .warn = cmd_warn_entry,
	    .arg = ctx };
	struct holders *h = holders_new();
	struct deleted *d = deleted_new();
	const struct holders_blind *b;
	struct stale_rule rule;
	bool complete;

	stale_rule_init(&rule);
	for (size_t i = 0; i < n; i++) {
		if (usage_read(&t[i].u, t[i].ns, &t[i].rows, &filter) != 0) {
			cmd_warnx(ctx, t[i].ns->path, "%s", strerror(errno));
			*rc = EXIT_FAIL;
			continue;
		}
		t[i].read = true;
		usage_finish(&t[i].u, t[i].rows.v, t[i].rows.n, 0);
		/* The nameless objects, in the same scan (shmctl-df(1)). */
		if (usage_want_deleted(&t[i].u, d, h, t[i].ns) != 0) {
			cmd_warnx(ctx, t[i].ns->path, "%s", strerror(errno));
			*rc = EXIT_FAIL;
		}
	}
	metrics_scan(h, t, n);
	for (size_t i = 0; i < n; i++) {
		stale_sum(&rule, t[i].ns, t[i].rows.v, t[i].rows.n,
		    &t[i].stale);
		if (t[i].read)
			usage_add_deleted(&t[i].u, d, h);
	}
	deleted_free(d);
	b = holders_blind(h);
	complete = !b->noproc && !b->hidden && b->nprocs == 0;
	holders_free(h);
	return complete;
}

/*
 * The owner label: the user's name, or its uid where another uid of the
 * namespace has the same name, so that no two series get one label set.
 */
static const char *
metrics_owner(const struct usage *u, size_t i, char *buf, size_t len)
{
	const char *name = row_user_name(u->owners[i].uid);

	for (size_t j = 0; j < i; j++)
		if (strcmp(row_user_name(u->owners[j].uid), name) == 0) {
			snprintf(buf, len, "%ju", (uintmax_t)u->owners[i].uid);
			return buf;
		}
	snprintf(buf, len, "%s", name);
	return buf;
}

static void
metrics_add_target(struct prom *p, const size_t *fam,
    const struct metrics_target *t, bool complete)
{
	struct prom_label l[2] = { { "dir", t->ns->path }, { "owner", NULL } };
	const struct usage *u = &t->u;
	char owner[64];

	prom_add_uint(p, fam[M_FS_SIZE], l, 1, u->fs.size);
	prom_add_uint(p, fam[M_FS_AVAIL], l, 1, u->fs.avail);
	for (size_t i = 0; i < u->nowners; i++) {
		l[1].value = metrics_owner(u, i, owner, sizeof owner);
		prom_add_uint(p, fam[M_OBJECTS], l, 2, u->owners[i].objects);
		prom_add_uint(p, fam[M_APPARENT], l, 2, u->owners[i].apparent);
		prom_add_uint(p, fam[M_ALLOCATED], l, 2, u->owners[i].alloc);
	}
	prom_add_uint(p, fam[M_SEMAPHORES], l, 1, u->semaphores);
	prom_add_uint(p, fam[M_DELETED], l, 1, u->deleted);
	prom_add_uint(p, fam[M_DELETED_ALLOC], l, 1, u->deleted_alloc);
	prom_add_uint(p, fam[M_STALE], l, 1, t->stale.objects);
	prom_add_uint(p, fam[M_STALE_ALLOC], l, 1, t->stale.freed);
	prom_add_uint(p, fam[M_HOLDERS_COMPLETE], l, 1, complete ? 1 : 0);
}

static double
metrics_elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The document of every namespace that could be read. */
static struct prom *
metrics_document(const struct metrics_target *t, size_t n, bool complete,
    const struct timespec *start)
{
	struct prom *p = prom_new();
	size_t fam[M_NFAMILIES];

	for (size_t f = 0; f < M_NFAMILIES; f++)
		fam[f] = prom_gauge(p, metrics_families[f].name,
		    metrics_families[f].help);
	for (size_t i = 0; i < n; i++)
		if (t[i].read)
			metrics_add_target(p, fam, &t[i], complete);
	prom_add_double(p, fam[M_SCRAPE_DURATION], NULL, 0,
	    metrics_elapsed(start));
	return p;
}

/* "shmctl: metrics: FILE: what: reason", FILE escaped to one line. */
static void
metrics_file_error(const struct cmd_ctx *ctx, const char *path,
    const char *what, int errnum)
{
	size_t len = OUT_ESCAPE_MAX(strlen(path));
	char *label = xmalloc(len);

	cmd_warnx(ctx, NULL, "%s: %s%s%s", out_escape(path, label, len),
	    what != NULL ? what : "", what != NULL ? ": " : "",
	    strerror(errnum));
	free(label);
}

/*
 * Writes the document to a temporary file in the directory of path, then
 * renames it over path, so that a reader finds the old file or the new
 * one, whole, never a part: the textfile collector reads only names that
 * end in .prom, and the temporary one does not.  On any error the
 * temporary file is removed and path left as it was.
 */
static int
metrics_write_file(const struct cmd_ctx *ctx, const struct prom *p,
    const char *path)
{
	const char *slash = strrchr(path, '/'), *what = NULL;
	FILE *fp = NULL;
	int fd = -1, e = 0;
	char *tmp = NULL;

	/* ".NAME." and a random suffix, beside path, never over a file. */
	for (int i = 0; i < 16 && fd == -1; i++) {
		free(tmp);
		xasprintf(&tmp, "%.*s.%s.%08" PRIx32,
		    slash != NULL ? (int)(slash - path + 1) : 0, path,
		    slash != NULL ? slash + 1 : path, arc4random());
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST)
			break;
	}
	if (fd == -1) {
		e = errno;
		what = "cannot create a temporary file beside it";
	} else if ((fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
	} else if (prom_write(p, fp) != 0 || fflush(fp) != 0 ||
	    fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		e = errno;
	if (fp != NULL && fclose(fp) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) != 0)
		e = errno;
	if (e != 0) {
		if (fd != -1)
			unlink(tmp);
		metrics_file_error(ctx, path, what, e);
	}
	free(tmp);
	return e != 0 ? -1 : 0;
}

static int
metrics_parse(struct cmd_ctx *ctx)
{
	const char *out = args_get(ctx, OPT_OUTPUT);

	if (args_has(ctx, 'A') && ctx->ns_given)
		return cmd_usage_error(ctx, "-A finds every namespace: it "
		    "cannot be combined with --dir");
	if (out != NULL && (*out == '\0' || out[strlen(out) - 1] == '/'))
		return cmd_usage_error(ctx, "invalid --output '%s': a file "
		    "name is needed", out);
	return 0;
}

static int
cmd_metrics_exec(struct cmd_ctx *ctx)
{
	const char *out = args_get(ctx, OPT_OUTPUT);
	struct ns_list nsl = { 0 };
	struct metrics_target *t;
	struct timespec start;
	struct prom *p;
	size_t n = 0;
	bool complete;
	int rc = EXIT_OK;

	if (metrics_parse(ctx) != 0)
		return EXIT_USAGE;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((t = metrics_targets(ctx, &nsl, &n)) == NULL)
		return EXIT_FAIL;
	complete = metrics_gather(ctx, t, n, &rc);
	p = metrics_document(t, n, complete, &start);
	if (out != NULL) {
		if (metrics_write_file(ctx, p, out) != 0)
			rc = EXIT_FAIL;
	} else {
		prom_write(p, stdout);
		if (cmd_flush_stdout(ctx) != 0)
			rc = EXIT_FAIL;
	}
	prom_free(p);
	for (size_t i = 0; i < n; i++) {
		usage_free(&t[i].u);
		row_list_free(&t[i].rows);
	}
	free(t);
	ns_list_free(&nsl);
	return rc;
}

static const struct cmd_option cmd_metrics_options[] = {
	{ 'A', "all-namespaces", NULL, "every namespace of the host" },
	{ OPT_OUTPUT, "output", "FILE",
	    "write FILE whole (mode 0644), by a rename, not standard output" },
	{ 0 }
};

const struct cmd_entry cmd_metrics_entry = {
	.name = "metrics",
	.usage = "[-A] [--output FILE]",
	.summary = "the namespace's figures as Prometheus gauges",
	.options = cmd_metrics_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_metrics_exec,
};
