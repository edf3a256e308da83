/*
 * holders-scan.c -- the pass over /proc behind holders_scan (holders.h):
 * every process's descriptor tables and address spaces, read once and
 * matched against the wanted objects.
 *
 * The processes are split among workers, one per online CPU that the
 * scan may use (at most SCAN_MAX_WORKERS), each taking every nth pid of
 * the listing.  A worker only reads the hash of wanted objects, which
 * nothing changes during the scan, and writes its findings into a part of
 * its own; the parts are merged, in the order of the listing, once every
 * worker is done: no lock anywhere.  Where objects are asked about by
 * device (holders_want_device), finding one adds to the hash, so that
 * scan runs in one worker.  SHMCTL_SCAN_WORKERS=N sets the number of
 * workers, for tests and benchmarks.
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holders-impl.h"
#include "xmalloc.h"

#define SCAN_MAX_WORKERS	16
/* Fewer processes than this per worker are not worth a thread. */
#define SCAN_MIN_PER_WORKER	32
/* The devices a mapping is compared with before any hash lookup. */
#define SCAN_MAX_DEVS		8

/* One finding: process pid holds object obj (an index), how. */
struct hit {
	size_t obj;
	pid_t pid;
	unsigned how;
	const char *comm;
};

/* What one worker found: merged into the struct holders at the end. */
struct part {
	struct holders *h;
	const pid_t *pids;
	size_t npids;
	size_t first;		/* pids[first], pids[first + stride], ... */
	size_t stride;
	const dev_t *devs;	/* the devices of the wanted objects */
	size_t ndevs;		/* 0: every device (too many to list) */
	int procfd;
	struct hit *hit;
	size_t nhit;
	size_t caphit;
	char **comm;
	size_t ncomm;
	size_t capcomm;
	struct holders_blind blind;
	struct blind_ids ids;
};

/* The process being scanned. */
struct proc {
	struct part *w;
	pid_t pid;
	int dirfd;		/* /proc/PID */
	unsigned how;		/* what is being read: SHM_HOLD_FD or _MAP */
	const char *comm;	/* read at its first match */
	bool comm_read;
	long nthreads;		/* from its stat */
};

/* The command name, read once per process and kept for the results. */
static const char *
proc_comm(struct proc *p)
{
	struct part *w = p->w;
	char buf[64];

	if (p->comm_read)
		return p->comm;
	p->comm_read = true;
	if (!proc_read_comm(p->dirfd, buf, sizeof buf))
		return NULL;
	w->comm = holders_grow(w->comm, &w->capcomm, w->ncomm + 1,
	    sizeof *w->comm);
	p->comm = w->comm[w->ncomm++] = xstrdup(buf);
	return p->comm;
}

/* Whether dev is one of the wanted objects' devices. */
static bool
dev_wanted(const struct part *w, dev_t dev)
{
	if (w->ndevs == 0)
		return true;
	for (size_t i = 0; i < w->ndevs; i++)
		if (w->devs[i] == dev)
			return true;
	return false;
}

static void
record(const struct proc_ref *ref, void *arg)
{
	struct proc *p = arg;
	struct part *w = p->w;
	struct object *o;
	struct hit *last;

	/* Most of what processes hold is on other file systems. */
	if (!dev_wanted(w, ref->dev))
		return;
	o = holders_object_find(w->h, ref->dev, ref->ino);
	if (o == NULL && (w->h->ndev == 0 ||
	    (o = holders_device_object(w->h, ref)) == NULL))
		return;
	/* One process at a time: a repeat is among its last findings. */
	for (size_t i = w->nhit; i > 0 && w->hit[i - 1].pid == p->pid; i--) {
		last = &w->hit[i - 1];
		if (&w->h->obj[last->obj] == o) {
			last->how |= p->how;
			return;
		}
	}
	w->hit = holders_grow(w->hit, &w->caphit, w->nhit + 1, sizeof *w->hit);
	w->hit[w->nhit++] = (struct hit){
		.obj = (size_t)(o - w->h->obj),
		.pid = p->pid,
		.how = p->how,
		.comm = proc_comm(p),
	};
}

static void
blind_count(struct part *w, pid_t pid, bool privileged)
{
	struct holders_blind *b = &w->blind;

	if (b->nsample < HOLDERS_SAMPLE)
		b->sample[b->nsample++] = pid;
	b->nprocs++;
	if (privileged)
		b->nprivileged++;
	else
		w->ids.nplain++;
}

/*
 * A process that could not be inspected: what it could hold, from the
 * credentials /proc/PID/status still shows (all, where it shows nothing).
 */
static void
blind_add(struct part *w, struct proc *p)
{
	char status[16384];
	bool privileged;
	/* A zombie leader's threads may still hold what it held. */
	int nothing = p->nthreads > 1 ? 0 : proc_holds_nothing(p->dirfd);

	if (nothing == 1)
		return;
	if (nothing == -1 && proc_errno(errno) == PROC_GONE)
		return;
	if (proc_read_small(p->dirfd, "status", status, sizeof status) ==
	    -1) {
		if (proc_errno(errno) == PROC_GONE)
			return;
		privileged = true;
	} else
		privileged = proc_status_privileged(status);
	if (!privileged &&
	    (proc_status_ids(status, "Uid:", holders_id_add,
	    &w->ids.uids) != 0 ||
	    proc_status_ids(status, "Gid:", holders_id_add,
	    &w->ids.gids) != 0 ||
	    proc_status_ids(status, "Groups:", holders_id_add,
	    &w->ids.gids) != 0))
		privileged = true;
	blind_count(w, p->pid, privileged);
}

/* The worse of two outcomes: one part not read makes it not inspected. */
static enum proc_read
worse(enum proc_read a, enum proc_read b)
{
	return a == PROC_DENIED || b == PROC_DENIED ? PROC_DENIED : PROC_OK;
}

/* One descriptor table (and, with maps, address space) under dirfd. */
static enum proc_read
scan_task(struct proc *p, int dirfd, bool maps, char *buf, size_t size)
{
	enum proc_read rc;

	p->how = SHM_HOLD_FD;
	rc = proc_each_fd(dirfd, record, p);
	if (!maps)
		return rc;
	p->how = SHM_HOLD_MAP;
	return worse(rc, proc_each_mapping(dirfd, buf, size, record, p));
}

/* What the threads of a process add to its leader's tables. */
struct thread_scan {
	struct proc *p;
	bool leader_gone;	/* a zombie leader: no tables of its own */
	bool maps_read;		/* the shared address space, once */
	enum proc_read rc;
	char *buf;
	size_t size;
};

static void
scan_thread(int taskfd, pid_t tid, void *arg)
{
	struct thread_scan *t = arg;
	bool fds = t->leader_gone || !proc_same_files(t->p->pid, tid);
	bool maps = t->leader_gone && !t->maps_read;
	enum proc_read rc = PROC_OK;

	if (fds || maps) {
		if (fds)
			rc = scan_task(t->p, taskfd, maps, t->buf, t->size);
		else {
			t->p->how = SHM_HOLD_MAP;
			rc = proc_each_mapping(taskfd, t->buf, t->size, record,
			    t->p);
		}
	}
	if (maps && rc == PROC_OK)
		t->maps_read = true;
	t->rc = worse(t->rc, rc);
}

/*
 * A process is scanned through every descriptor table and address space
 * it has: its leader's, its threads' where they differ from the leader's
 * (a thread after unshare(CLONE_FILES)), and its threads' when the leader
 * has exited.  A process that exits meanwhile holds nothing; one whose
 * files cannot be read, whatever the error, is not inspected.
 */
static void
scan_process(struct part *w, pid_t pid)
{
	struct proc p = { .w = w, .pid = pid };
	char buf[PROC_MAPS_BUF], name[24];
	struct proc_stat ps = { .state = '?', .nthreads = 1 };
	struct thread_scan t = { .p = &p, .buf = buf, .size = sizeof buf };
	enum proc_read rc = PROC_OK;

	snprintf(name, sizeof name, "%ld", (long)pid);
	if ((p.dirfd = openat(w->procfd, name, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		if (proc_errno(errno) != PROC_GONE)
			blind_count(w, pid, true);
		return;
	}
	if (proc_read_stat(p.dirfd, &ps) != 0 &&
	    proc_errno(errno) == PROC_GONE)
		goto out;
	if (ps.flags & PROC_PF_KTHREAD)
		goto out;
	t.leader_gone = ps.state == 'Z' || ps.state == 'X';
	if (!t.leader_gone)
		rc = scan_task(&p, p.dirfd, true, buf, sizeof buf);
	if (ps.nthreads > 1 || t.leader_gone) {
		if (proc_each_thread(p.dirfd, pid, scan_thread, &t) ==
		    PROC_DENIED)
			t.rc = PROC_DENIED;
		rc = worse(rc, t.rc);
	}
	p.nthreads = ps.nthreads;
	if (rc == PROC_DENIED)
		blind_add(w, &p);
out:
	close(p.dirfd);
}

static void *
scan_part(void *arg)
{
	struct part *w = arg;

	for (size_t i = w->first; i < w->npids; i += w->stride)
		scan_process(w, w->pids[i]);
	return NULL;
}

/* Every pid of the listing but our own, in its order; -1 if cut short. */
static int
list_pids(int procfd, pid_t **pids, size_t *n)
{
	pid_t self = getpid();
	size_t cap = 0;
	struct dirent *e;
	int fd, rc = 0;
	DIR *d;

	*pids = NULL;
	*n = 0;
	if ((fd = dup(procfd)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	for (;;) {
		char *end;
		long pid;

		errno = 0;
		if ((e = readdir(d)) == NULL) {
			rc = errno != 0 ? -1 : 0;
			break;
		}
		pid = strtol(e->d_name, &end, 10);
		if (*end != '\0' || pid <= 0 || pid == self)
			continue;
		*pids = holders_grow(*pids, &cap, *n + 1, sizeof **pids);
		(*pids)[(*n)++] = (pid_t)pid;
	}
	closedir(d);
	return rc;
}

/* How many workers: the CPUs this process may run on, or the test's. */
static size_t
scan_workers(const struct holders *h, size_t npids)
{
	const char *force = getenv("SHMCTL_SCAN_WORKERS");
	cpu_set_t cpus;
	long n = 1;

	if (h->ndev > 0)
		return 1;	/* finding an object adds to the hash */
	if (force != NULL && (n = strtol(force, NULL, 10)) >= 1)
		return n > SCAN_MAX_WORKERS ? SCAN_MAX_WORKERS : (size_t)n;
	if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
		n = CPU_COUNT(&cpus);
	if (n > SCAN_MAX_WORKERS)
		n = SCAN_MAX_WORKERS;
	while (n > 1 && npids / (size_t)n < SCAN_MIN_PER_WORKER)
		n--;
	return (size_t)n;
}

/* The distinct devices of the wanted objects; 0 for too many. */
static size_t
wanted_devs(const struct holders *h, dev_t *devs)
{
	size_t n = 0, i, j;

	for (i = 0; i < h->nobj + h->ndev; i++) {
		dev_t dev = i < h->nobj ? h->obj[i].dev :
		    h->dev[i - h->nobj].dev;

		for (j = 0; j < n && devs[j] != dev; j++)
			continue;
		if (j < n)
			continue;
		if (n == SCAN_MAX_DEVS)
			return 0;
		devs[n++] = dev;
	}
	return n;
}

/* A part's findings into the objects and the blind counts. */
static void
merge(struct holders *h, struct part *w)
{
	struct holders_blind *b = &h->blind;

	for (size_t i = 0; i < w->nhit; i++) {
		const struct hit *x = &w->hit[i];
		struct object *o = &h->obj[x->obj];

		o->v = holders_grow(o->v, &o->cap, o->n + 1, sizeof *o->v);
		o->v[o->n++] = (struct shm_holder){ .pid = x->pid,
		    .how = x->how, .comm = x->comm };
	}
	if (w->ncomm > 0) {
		h->comm = holders_grow(h->comm, &h->capcomm,
		    h->ncomm + w->ncomm, sizeof *h->comm);
		memcpy(h->comm + h->ncomm, w->comm,
		    w->ncomm * sizeof *w->comm);
		h->ncomm += w->ncomm;
	}
	for (size_t i = 0; i < w->blind.nsample; i++)
		if (b->nsample < HOLDERS_SAMPLE)
			b->sample[b->nsample++] = w->blind.sample[i];
	b->nprocs += w->blind.nprocs;
	b->nprivileged += w->blind.nprivileged;
	h->ids.nplain += w->ids.nplain;
	for (size_t i = 0; i < w->ids.uids.n; i++)
		holders_id_add(w->ids.uids.v[i], &h->ids.uids);
	for (size_t i = 0; i < w->ids.gids.n; i++)
		holders_id_add(w->ids.gids.v[i], &h->ids.gids);
	free(w->hit);
	free(w->comm);
	free(w->ids.uids.v);
	free(w->ids.gids.v);
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* Runs the parts, each in a thread of its own but the first. */
static void
scan_parts(struct part *w, size_t n)
{
	pthread_t tid[SCAN_MAX_WORKERS];
	bool started[SCAN_MAX_WORKERS] = { false };

	for (size_t i = 1; i < n; i++)
		started[i] = pthread_create(&tid[i], NULL, scan_part,
		    &w[i]) == 0;
	scan_part(&w[0]);
	/* A thread that could not be had: its part run here. */
	for (size_t i = 1; i < n; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			scan_part(&w[i]);
}

void
holders_scan(struct holders *h)
{
	struct part w[SCAN_MAX_WORKERS];
	dev_t devs[SCAN_MAX_DEVS];
	size_t npids, nw, ndevs;
	pid_t *pids;
	int procfd;

	if ((procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		h->blind.noproc = true;
		holders_finish(h);
		return;
	}
	h->blind.hidden = proc_hidepid(procfd) || proc_partial_pidns(procfd);
	/* A listing cut short leaves processes unseen. */
	if (list_pids(procfd, &pids, &npids) != 0)
		h->blind.noproc = true;
	if (h->nobj == 0 && h->ndev == 0)
		npids = 0;
	proc_maps_used();	/* decided once, before any worker reads */
	ndevs = h->ndev > 0 ? 0 : wanted_devs(h, devs);
	nw = scan_workers(h, npids);
	for (size_t i = 0; i < nw; i++)
		w[i] = (struct part){ .h = h, .pids = pids, .npids = npids,
		    .first = i, .stride = nw, .devs = devs, .ndevs = ndevs,
		    .procfd = procfd };
	scan_parts(w, nw);
	for (size_t i = 0; i < nw; i++)
		merge(h, &w[i]);
	/* The first pids not inspected, as one pass would have met them. */
	qsort(h->blind.sample, h->blind.nsample, sizeof *h->blind.sample,
	    pid_cmp);
	free(pids);
	close(procfd);
	holders_finish(h);
}
