/*
 * holders.c -- which processes hold an object: the /proc scan (see
 * holders.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "holders.h"
#include "proc.h"
#include "row.h"
#include "xmalloc.h"

struct object {
	dev_t dev;
	ino_t ino;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	struct shm_holder *v;
	size_t n;
	size_t cap;
	struct shm_holders result;
};

/* A set of uids or gids, sorted once the scan is done. */
struct id_set {
	unsigned *v;
	size_t n;
	size_t cap;
};

/* A device whose objects are all asked about (holders_want_device). */
struct device {
	dev_t dev;
	holders_found_fn *found;
	void *arg;
};

struct holders {
	struct object *obj;
	size_t nobj;
	size_t capobj;
	size_t *slot;		/* the hash: object index + 1, or 0 */
	size_t nslot;		/* a power of two, >= 2 * nobj */
	struct device *dev;
	size_t ndev;
	char **comm;		/* the command names read */
	size_t ncomm;
	size_t capcomm;
	struct holders_blind blind;
	size_t nplain;		/* unprivileged processes not inspected */
	struct id_set blind_uids;
	struct id_set blind_gids;
	bool scanned;
};

/* The process being scanned. */
struct proc {
	struct holders *h;
	pid_t pid;
	int dirfd;		/* /proc/PID */
	unsigned how;		/* what is being read: SHM_HOLD_FD or _MAP */
	const char *comm;	/* read at its first match */
	bool comm_read;
	long nthreads;		/* from its stat */
};

/*
 * The array v of *cap elements of size, with room for need: v itself, or
 * v moved and *cap updated.  (Returned, not stored through a void **,
 * which would alias the caller's typed pointer.)
 */
static void *
grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return v;
	while (ncap < need)
		ncap *= 2;
	v = xreallocarray(v, ncap, size);
	*cap = ncap;
	return v;
}

static size_t
key_hash(dev_t dev, ino_t ino)
{
	uint64_t x = (uint64_t)ino ^ ((uint64_t)dev * 0x9e3779b97f4a7c15ULL);

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* The slot holding (dev, ino), or the empty slot where it would go. */
static size_t *
slot_of(const struct holders *h, dev_t dev, ino_t ino)
{
	size_t mask = h->nslot - 1;

	for (size_t i = key_hash(dev, ino) & mask;; i = (i + 1) & mask) {
		size_t *s = &h->slot[i];
		const struct object *o;

		if (*s == 0)
			return s;
		o = &h->obj[*s - 1];
		if (o->dev == dev && o->ino == ino)
			return s;
	}
}

static struct object *
object_find(const struct holders *h, dev_t dev, ino_t ino)
{
	size_t *s;

	if (h->nobj == 0)
		return NULL;
	s = slot_of(h, dev, ino);
	return *s == 0 ? NULL : &h->obj[*s - 1];
}

static void
rehash(struct holders *h, size_t nslot)
{
	free(h->slot);
	h->slot = xcalloc(nslot, sizeof *h->slot);
	h->nslot = nslot;
	for (size_t i = 0; i < h->nobj; i++)
		*slot_of(h, h->obj[i].dev, h->obj[i].ino) = i + 1;
}

struct holders *
holders_new(void)
{
	struct holders *h = xcalloc(1, sizeof *h);

	rehash(h, 16);
	return h;
}

void
holders_free(struct holders *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nobj; i++)
		free(h->obj[i].v);
	for (size_t i = 0; i < h->ncomm; i++)
		free(h->comm[i]);
	free(h->obj);
	free(h->slot);
	free(h->dev);
	free(h->comm);
	free(h->blind_uids.v);
	free(h->blind_gids.v);
	free(h);
}

size_t
holders_want(struct holders *h, const struct pshm_stat *st)
{
	size_t *s;
	struct object *o;

	if ((h->nobj + 1) * 2 > h->nslot)
		rehash(h, h->nslot * 2);
	s = slot_of(h, st->dev, st->ino);
	if (*s != 0)
		return *s - 1;
	h->obj = grow(h->obj, &h->capobj, h->nobj + 1, sizeof *h->obj);
	o = &h->obj[h->nobj];
	memset(o, 0, sizeof *o);
	o->dev = st->dev;
	o->ino = st->ino;
	o->uid = st->uid;
	o->gid = st->gid;
	o->mode = st->mode;
	*s = ++h->nobj;
	return h->nobj - 1;
}

void
holders_want_device(struct holders *h, dev_t dev, holders_found_fn *found,
    void *arg)
{
	h->dev = xreallocarray(h->dev, h->ndev + 1, sizeof *h->dev);
	h->dev[h->ndev++] = (struct device){ .dev = dev, .found = found,
	    .arg = arg };
}

/* An object not wanted yet, on a device asked about: wanted if found. */
static struct object *
device_object(struct holders *h, const struct proc_ref *ref)
{
	struct pshm_stat st;
	size_t idx;

	for (size_t i = 0; i < h->ndev; i++)
		if (h->dev[i].dev == ref->dev &&
		    h->dev[i].found(ref, &st, h->dev[i].arg) &&
		    st.dev == ref->dev && st.ino == ref->ino) {
			idx = holders_want(h, &st);	/* moves h->obj */
			return &h->obj[idx];
		}
	return NULL;
}

/* The command name, read once per process and kept for the results. */
static const char *
proc_comm(struct proc *p)
{
	struct holders *h = p->h;
	char buf[64];

	if (p->comm_read)
		return p->comm;
	p->comm_read = true;
	if (!proc_read_comm(p->dirfd, buf, sizeof buf))
		return NULL;
	h->comm = grow(h->comm, &h->capcomm, h->ncomm + 1, sizeof *h->comm);
	p->comm = h->comm[h->ncomm++] = xstrdup(buf);
	return p->comm;
}

/*
 * GCC 12's analyzer loses o, found through the hash, as a place in h->obj,
 * and reports the grown array stored there as leaked; holders_free frees
 * it with the object.
 */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static void
record(const struct proc_ref *ref, void *arg)
{
	struct proc *p = arg;
	struct object *o = object_find(p->h, ref->dev, ref->ino);

	if (o == NULL && (p->h->ndev == 0 ||
	    (o = device_object(p->h, ref)) == NULL))
		return;
	/* Processes are scanned one at a time: a repeat is the last entry. */
	if (o->n > 0 && o->v[o->n - 1].pid == p->pid) {
		o->v[o->n - 1].how |= p->how;
		return;
	}
	o->v = grow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n++] = (struct shm_holder){
		.pid = p->pid,
		.how = p->how,
		.comm = proc_comm(p),
	};
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic pop
#endif

static void
id_add(unsigned id, void *arg)
{
	struct id_set *set = arg;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i] == id)
			return;
	set->v = grow(set->v, &set->cap, set->n + 1, sizeof *set->v);
	set->v[set->n++] = id;
}

static int
id_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static bool
id_has(const struct id_set *set, unsigned id)
{
	return set->n > 0 &&
	    bsearch(&id, set->v, set->n, sizeof *set->v, id_cmp) != NULL;
}

static void
blind_count(struct holders *h, pid_t pid, bool privileged)
{
	struct holders_blind *b = &h->blind;

	if (b->nsample < HOLDERS_SAMPLE)
		b->sample[b->nsample++] = pid;
	b->nprocs++;
	if (privileged)
		b->nprivileged++;
	else
		h->nplain++;
}

/*
 * A process that could not be inspected: what it could hold, from the
 * credentials /proc/PID/status still shows (all, where it shows nothing).
 */
static void
blind_add(struct holders *h, struct proc *p)
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
	    (proc_status_ids(status, "Uid:", id_add, &h->blind_uids) != 0 ||
	    proc_status_ids(status, "Gid:", id_add, &h->blind_gids) != 0 ||
	    proc_status_ids(status, "Groups:", id_add, &h->blind_gids) != 0))
		privileged = true;
	blind_count(h, p->pid, privileged);
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
scan_process(struct holders *h, int procfd, const char *name, pid_t pid)
{
	struct proc p = { .h = h, .pid = pid };
	char buf[PROC_MAPS_BUF];
	struct proc_stat ps = { .state = '?', .nthreads = 1 };
	struct thread_scan t = { .p = &p, .buf = buf, .size = sizeof buf };
	enum proc_read rc = PROC_OK;

	if ((p.dirfd = openat(procfd, name, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		if (proc_errno(errno) != PROC_GONE)
			blind_count(h, pid, true);
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
		blind_add(h, &p);
out:
	close(p.dirfd);
}

static int
holder_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct shm_holder *)a)->pid;
	pid_t y = ((const struct shm_holder *)b)->pid;

	return x < y ? -1 : x > y;
}

/* Whether a process that could not be inspected could hold o. */
static bool
blind_could_hold(const struct holders *h, const struct object *o)
{
	const struct holders_blind *b = &h->blind;

	if (b->noproc || b->hidden || b->nprivileged > 0)
		return true;
	return id_has(&h->blind_uids, o->uid) ||
	    ((o->mode & (S_IRGRP | S_IWGRP)) &&
	    id_has(&h->blind_gids, o->gid)) ||
	    ((o->mode & (S_IROTH | S_IWOTH)) && h->nplain > 0);
}

static void
scan_finish(struct holders *h)
{
	/* qsort(3) wants a valid base even for nothing to sort. */
	if (h->blind_uids.n > 1)
		qsort(h->blind_uids.v, h->blind_uids.n,
		    sizeof *h->blind_uids.v, id_cmp);
	if (h->blind_gids.n > 1)
		qsort(h->blind_gids.v, h->blind_gids.n,
		    sizeof *h->blind_gids.v, id_cmp);
	for (size_t i = 0; i < h->nobj; i++) {
		struct object *o = &h->obj[i];

		if (o->n > 1)
			qsort(o->v, o->n, sizeof *o->v, holder_cmp);
		o->result.checked = !h->blind.noproc;
		o->result.complete = !blind_could_hold(h, o);
		o->result.count = o->n;
		o->result.list = o->n > 0 ? o->v : NULL;
	}
	h->scanned = true;
}

void
holders_scan(struct holders *h)
{
	pid_t self = getpid();
	struct dirent *e;
	int procfd;
	DIR *d;

	if ((procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || (d = fdopendir(procfd)) == NULL) {
		if (procfd != -1)
			close(procfd);
		h->blind.noproc = true;
		scan_finish(h);
		return;
	}
	h->blind.hidden = proc_hidepid(procfd) || proc_partial_pidns(procfd);
	while (h->nobj > 0 || h->ndev > 0) {
		char *end;
		long pid;

		errno = 0;
		if ((e = readdir(d)) == NULL) {
			/* A listing cut short leaves processes unseen. */
			if (errno != 0)
				h->blind.noproc = true;
			break;
		}
		pid = strtol(e->d_name, &end, 10);
		if (*end == '\0' && pid > 0 && pid != self)
			scan_process(h, dirfd(d), e->d_name, (pid_t)pid);
	}
	closedir(d);
	scan_finish(h);
}

void
holders_scan_rows(struct holders *h, struct shm_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		holders_want(h, &rows[i].st);
	holders_scan(h);
	/* Every row's object is wanted: found, whatever the order. */
	for (size_t i = 0; i < n; i++)
		rows[i].holders = &object_find(h, rows[i].st.dev,
		    rows[i].st.ino)->result;
}

const struct shm_holders *
holders_of(const struct holders *h, size_t idx)
{
	static const struct shm_holders unscanned = { 0 };

	if (!h->scanned || idx >= h->nobj)
		return &unscanned;
	return &h->obj[idx].result;
}

const struct holders_blind *
holders_blind(const struct holders *h)
{
	return &h->blind;
}

const char *
holders_how(unsigned how)
{
	switch (how & (SHM_HOLD_FD | SHM_HOLD_MAP)) {
	case SHM_HOLD_FD:
		return "descriptor";
	case SHM_HOLD_MAP:
		return "mapping";
	case SHM_HOLD_FD | SHM_HOLD_MAP:
		return "descriptor, mapping";
	default:
		return "?";
	}
}

/* Appends to buf at *n, keeping room for the ", ..." of a cut list. */
static bool
describe_add(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool
describe_add(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 6 >= len)
		return false;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - 6 - *n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= len - 6 - *n) {
		buf[*n] = '\0';
		return false;
	}
	*n += (size_t)w;
	return true;
}

const char *
holders_describe(const struct shm_holders *hs, char *buf, size_t len)
{
	char comm[OUT_ESCAPE_MAX(64)];
	size_t n = 0;

	buf[0] = '\0';
	if (!describe_add(buf, len, &n, "%s%zu process%s", hs->complete ?
	    "" : "at least ", hs->count, hs->count == 1 ? "" : "es"))
		return buf;
	for (size_t i = 0; i < hs->count; i++) {
		const struct shm_holder *hd = &hs->list[i];

		out_escape(hd->comm != NULL ? hd->comm : "?", comm,
		    sizeof comm);
		if (!describe_add(buf, len, &n, "%s%ld (%s, %s)", i == 0 ?
		    ": " : ", ", (long)hd->pid, comm, holders_how(hd->how))) {
			strcpy(buf + n, ", ...");
			break;
		}
	}
	return buf;
}

const char *
holders_describe_now(const struct pshm_stat *st, char *buf, size_t len)
{
	struct holders *h = holders_new();
	const struct shm_holders *hs;
	size_t idx = holders_want(h, st);

	holders_scan(h);
	if ((hs = holders_of(h, idx))->count > 0)
		holders_describe(hs, buf, len);
	else
		snprintf(buf, len, "a process that could not be inspected");
	holders_free(h);
	return buf;
}

const char *
holders_describe_blind(const struct holders_blind *b, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (b->noproc) {
		snprintf(buf, len, "/proc could not be read");
		return buf;
	}
	if (b->hidden && !describe_add(buf, len, &n, "/proc does not show "
	    "every process (hidepid, or another pid namespace)%s",
	    b->nprocs > 0 ? "; " : ""))
		return buf;
	if (b->nprocs == 0)
		return buf;
	describe_add(buf, len, &n, "%zu process%s could not be inspected",
	    b->nprocs, b->nprocs == 1 ? "" : "es");
	for (size_t i = 0; i < b->nsample; i++)
		describe_add(buf, len, &n, "%s%ld", i == 0 ? " (pid " : ", ",
		    (long)b->sample[i]);
	if (b->nsample > 0)
		describe_add(buf, len, &n, "%s)", b->nprocs > b->nsample ?
		    ", ..." : "");
	return buf;
}
