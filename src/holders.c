/*
 * holders.c -- which processes hold an object: the /proc scan (see
 * holders.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "holders.h"

/* PF_KTHREAD of include/linux/sched.h, in /proc/PID/stat's flags. */
#define HOLDERS_PF_KTHREAD	0x00200000UL
#define HOLDERS_CAP_SYS_PTRACE	19
/* The inode of the initial pid namespace (PROC_PID_INIT_INO). */
#define HOLDERS_INIT_PIDNS	"pid:[4026531836]"

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

struct holders {
	struct object *obj;
	size_t nobj;
	size_t capobj;
	size_t *slot;		/* the hash: object index + 1, or 0 */
	size_t nslot;		/* a power of two, >= 2 * nobj */
	char **comm;		/* the command names read */
	size_t ncomm;
	size_t capcomm;
	char *line;		/* getline's buffer for maps */
	size_t linecap;
	struct holders_blind blind;
	size_t nplain;		/* unprivileged processes not inspected */
	struct id_set blind_uids;
	struct id_set blind_gids;
	bool scanned;
};

/* How reading part of a process went. */
enum proc_read { PROC_OK, PROC_GONE, PROC_DENIED, PROC_NOMEM };

/* The process being scanned. */
struct proc {
	pid_t pid;
	int dirfd;		/* /proc/PID */
	const char *comm;	/* read at its first match */
	bool comm_read;
};

/*
 * The array v of *cap elements of size, with room for need: v itself, or
 * v moved and *cap updated; NULL when out of memory, v left as it was.
 * (Returned, not stored through a void **, which would alias the caller's
 * typed pointer.)
 */
static void *
grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;
	void *nv;

	if (need <= *cap)
		return v;
	while (ncap < need)
		ncap *= 2;
	if ((nv = reallocarray(v, ncap, size)) == NULL)
		return NULL;
	*cap = ncap;
	return nv;
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

static int
rehash(struct holders *h, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof *slot);

	if (slot == NULL)
		return -1;
	free(h->slot);
	h->slot = slot;
	h->nslot = nslot;
	for (size_t i = 0; i < h->nobj; i++)
		*slot_of(h, h->obj[i].dev, h->obj[i].ino) = i + 1;
	return 0;
}

struct holders *
holders_new(void)
{
	struct holders *h = calloc(1, sizeof *h);

	if (h == NULL)
		return NULL;
	if (rehash(h, 16) != 0) {
		free(h);
		return NULL;
	}
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
	free(h->comm);
	free(h->line);
	free(h->blind_uids.v);
	free(h->blind_gids.v);
	free(h);
}

int
holders_want(struct holders *h, const struct pshm_stat *st)
{
	size_t *s;
	struct object *o, *obj;

	if ((h->nobj + 1) * 2 > h->nslot && rehash(h, h->nslot * 2) != 0)
		return -1;
	s = slot_of(h, st->dev, st->ino);
	if (*s != 0)
		return (int)(*s - 1);
	if (h->nobj >= INT_MAX) {
		errno = ENOMEM;
		return -1;
	}
	if ((obj = grow(h->obj, &h->capobj, h->nobj + 1, sizeof *obj)) ==
	    NULL)
		return -1;
	h->obj = obj;
	o = &h->obj[h->nobj];
	memset(o, 0, sizeof *o);
	o->dev = st->dev;
	o->ino = st->ino;
	o->uid = st->uid;
	o->gid = st->gid;
	o->mode = st->mode;
	*s = ++h->nobj;
	return (int)(h->nobj - 1);
}

/* Reads a small /proc file whole into buf, NUL-terminated; -1 on error. */
static ssize_t
read_small(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0, total = 0;

	if (fd == -1)
		return -1;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	if (n == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

static enum proc_read
proc_errno(int e)
{
	if (e == ENOENT || e == ESRCH)
		return PROC_GONE;
	if (e == ENOMEM)
		return PROC_NOMEM;
	return PROC_DENIED;
}

/* The command name, read once per process and kept for the results. */
static const char *
proc_comm(struct holders *h, struct proc *p)
{
	char buf[64], *nl, *copy, **comm;

	if (p->comm_read)
		return p->comm;
	p->comm_read = true;
	if (read_small(p->dirfd, "comm", buf, sizeof buf) <= 0)
		return NULL;
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	if ((comm = grow(h->comm, &h->capcomm, h->ncomm + 1,
	    sizeof *comm)) == NULL)
		return NULL;
	h->comm = comm;
	if ((copy = strdup(buf)) == NULL)
		return NULL;
	h->comm[h->ncomm++] = copy;
	p->comm = copy;
	return copy;
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
static int
record(struct holders *h, struct proc *p, dev_t dev, ino_t ino, unsigned how)
{
	struct object *o = object_find(h, dev, ino);
	struct shm_holder *v;

	if (o == NULL)
		return 0;
	/* Processes are scanned one at a time: a repeat is the last entry. */
	if (o->n > 0 && o->v[o->n - 1].pid == p->pid) {
		o->v[o->n - 1].how |= how;
		return 0;
	}
	if ((v = grow(o->v, &o->cap, o->n + 1, sizeof *v)) == NULL)
		return -1;
	o->v = v;
	o->v[o->n++] = (struct shm_holder){
		.pid = p->pid,
		.how = how,
		.comm = proc_comm(h, p),
	};
	return 0;
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic pop
#endif

/*
 * The descriptors.  stat(2) through /proc/PID/fd/N reaches the object the
 * kernel itself refers to, whatever its name or mount namespace; the
 * cached attributes are enough for the device and inode, and asking for
 * nothing more keeps a hung network or FUSE file system from hanging us.
 */
static enum proc_read
scan_fds(struct holders *h, struct proc *p)
{
	enum proc_read rc = PROC_OK;
	struct dirent *e;
	struct statx sx;
	DIR *d;
	int fd;

	if ((fd = openat(p->dirfd, "fd", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return proc_errno(errno);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return PROC_NOMEM;
	}
	while (rc == PROC_OK && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (statx(dirfd(d), e->d_name, AT_STATX_DONT_SYNC, STATX_INO,
		    &sx) == -1) {
			/* Closed meanwhile is fine; refused is not. */
			if (errno == EACCES || errno == EPERM)
				rc = PROC_DENIED;
			continue;
		}
		if (record(h, p, makedev(sx.stx_dev_major, sx.stx_dev_minor),
		    sx.stx_ino, SHM_HOLD_FD) != 0)
			rc = PROC_NOMEM;
	}
	closedir(d);
	return rc;
}

/*
 * A line of /proc/PID/maps: "start-end perms offset maj:min inode path".
 * The device is the kernel's, in hex, as makedev() encodes st_dev.
 */
static bool
maps_line_id(const char *s, dev_t *dev, ino_t *ino)
{
	unsigned long maj, min;
	unsigned long long inode;
	char *end;

	for (int field = 0; field < 3; field++) {
		if ((s = strchr(s, ' ')) == NULL)
			return false;
		s++;
	}
	maj = strtoul(s, &end, 16);
	if (*end != ':')
		return false;
	min = strtoul(end + 1, &end, 16);
	if (*end != ' ')
		return false;
	inode = strtoull(end + 1, &end, 10);
	if (inode == 0)
		return false;	/* anonymous memory */
	*dev = makedev(maj, min);
	*ino = (ino_t)inode;
	return true;
}

static enum proc_read
scan_maps(struct holders *h, struct proc *p)
{
	enum proc_read rc = PROC_OK;
	FILE *fp;
	dev_t dev;
	ino_t ino;
	int fd;

	if ((fd = openat(p->dirfd, "maps", O_RDONLY | O_CLOEXEC)) == -1)
		return proc_errno(errno);
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return PROC_NOMEM;
	}
	errno = 0;
	while (rc == PROC_OK && getline(&h->line, &h->linecap, fp) != -1) {
		if (maps_line_id(h->line, &dev, &ino) &&
		    record(h, p, dev, ino, SHM_HOLD_MAP) != 0)
			rc = PROC_NOMEM;
	}
	if (rc == PROC_OK && ferror(fp))
		rc = proc_errno(errno);
	fclose(fp);
	return rc;
}

static int
id_add(struct id_set *set, unsigned id)
{
	unsigned *v;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i] == id)
			return 0;
	if ((v = grow(set->v, &set->cap, set->n + 1, sizeof *v)) == NULL)
		return -1;
	set->v = v;
	set->v[set->n++] = id;
	return 0;
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

/* The value after "Key:" on its line of a status file, or NULL. */
static const char *
status_field(const char *status, const char *key)
{
	size_t len = strlen(key);

	for (const char *s = status; s != NULL && *s != '\0';) {
		if (strncmp(s, key, len) == 0)
			return s + len;
		if ((s = strchr(s, '\n')) != NULL)
			s++;
	}
	return NULL;
}

/* Adds the ids of a "Uid:" / "Gid:" / "Groups:" line; -1 if missing. */
static int
status_ids(const char *status, const char *key, struct id_set *set,
    bool *nomem)
{
	const char *s = status_field(status, key);
	char *end;

	if (s == NULL)
		return -1;
	for (;;) {
		unsigned long id = strtoul(s, &end, 10);

		if (end == s)
			break;
		if (id_add(set, (unsigned)id) != 0)
			*nomem = true;
		s = end;
	}
	return 0;
}

/*
 * Whether a process could open any object: any capability (to override
 * permissions, or to become another user), or uid 0 anywhere (root gains
 * every capability again at its next execve).
 */
static bool
status_privileged(const char *status)
{
	const char *cap = status_field(status, "CapEff:");
	const char *uid = status_field(status, "Uid:");
	char *end;

	if (cap == NULL || uid == NULL || strtoull(cap, &end, 16) != 0 ||
	    end == cap)
		return true;
	for (int i = 0; i < 4; i++) {
		unsigned long id = strtoul(uid, &end, 10);

		if (end == uid || id == 0)
			return true;
		uid = end;
	}
	return false;
}

/* Kernel threads and zombies hold no objects: 1 for those, 0, or -1. */
static int
proc_holds_nothing(const struct proc *p)
{
	char buf[1024], state;
	unsigned long flags;
	const char *s;

	if (read_small(p->dirfd, "stat", buf, sizeof buf) == -1)
		return -1;
	/* The command name can hold anything, ')' too: look from the end. */
	if ((s = strrchr(buf, ')')) == NULL ||
	    sscanf(s + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
		return -1;
	return (flags & HOLDERS_PF_KTHREAD) || state == 'Z' || state == 'X';
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
static int
blind_add(struct holders *h, struct proc *p)
{
	char status[16384];
	bool privileged, nomem = false;
	int nothing = proc_holds_nothing(p);

	if (nothing == 1)
		return 0;
	if (nothing == -1 && proc_errno(errno) == PROC_GONE)
		return 0;
	if (read_small(p->dirfd, "status", status, sizeof status) == -1) {
		if (proc_errno(errno) == PROC_GONE)
			return 0;
		privileged = true;
	} else
		privileged = status_privileged(status);
	if (!privileged &&
	    (status_ids(status, "Uid:", &h->blind_uids, &nomem) != 0 ||
	    status_ids(status, "Gid:", &h->blind_gids, &nomem) != 0 ||
	    status_ids(status, "Groups:", &h->blind_gids, &nomem) != 0))
		privileged = true;
	if (nomem)
		return -1;
	blind_count(h, p->pid, privileged);
	return 0;
}

static int
scan_process(struct holders *h, int procfd, const char *name, pid_t pid)
{
	struct proc p = { .pid = pid, .comm = NULL, .comm_read = false };
	enum proc_read fds, maps;
	int rc = 0;

	if ((p.dirfd = openat(procfd, name, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		if (proc_errno(errno) != PROC_GONE)
			blind_count(h, pid, true);
		return 0;
	}
	fds = scan_fds(h, &p);
	maps = fds == PROC_GONE ? PROC_GONE : scan_maps(h, &p);
	if (fds == PROC_NOMEM || maps == PROC_NOMEM)
		rc = -1;
	else if (fds == PROC_GONE || maps == PROC_GONE)
		rc = 0;		/* it exited: it holds nothing now */
	else if (fds == PROC_DENIED || maps == PROC_DENIED)
		rc = blind_add(h, &p);
	close(p.dirfd);
	return rc;
}

/* Our own capability to see through hidepid. */
static bool
self_can_ptrace(int procfd)
{
	char status[16384];
	const char *cap;

	if (read_small(procfd, "self/status", status, sizeof status) == -1 ||
	    (cap = status_field(status, "CapEff:")) == NULL)
		return false;
	return (strtoull(cap, NULL, 16) >> HOLDERS_CAP_SYS_PTRACE) & 1;
}

/* Whether /proc's hidepid option leaves processes out of the listing. */
static bool
proc_hidepid(int procfd)
{
	char *line = NULL, *opt;
	size_t cap = 0;
	bool hides = false;
	FILE *fp;
	int fd;

	if ((fd = openat(procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC)) ==
	    -1 || (fp = fdopen(fd, "r")) == NULL) {
		if (fd != -1)
			close(fd);
		return false;
	}
	while (getline(&line, &cap, fp) != -1) {
		/* id parent dev root MOUNTPOINT ... - proc source OPTIONS */
		if (strstr(line, " /proc ") == NULL ||
		    strstr(line, " - proc ") == NULL)
			continue;
		opt = strstr(line, "hidepid=");
		/* The last /proc mount is the one on top. */
		hides = opt != NULL && (opt[8] == '2' || opt[8] == '4' ||
		    strncmp(opt + 8, "invisible", 9) == 0 ||
		    strncmp(opt + 8, "ptraceable", 10) == 0);
	}
	free(line);
	fclose(fp);
	return hides && !self_can_ptrace(procfd);
}

/*
 * Whether processes of another pid namespace are missing from /proc: this
 * /proc shows only its namespace, and only the first has every process.
 */
static bool
proc_partial_pidns(int procfd)
{
	char link[64];
	ssize_t n = readlinkat(procfd, "1/ns/pid", link, sizeof link - 1);

	if (n == -1)
		n = readlinkat(procfd, "self/ns/pid", link, sizeof link - 1);
	if (n == -1)
		return true;
	link[n] = '\0';
	return strcmp(link, HOLDERS_INIT_PIDNS) != 0;
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

int
holders_scan(struct holders *h)
{
	pid_t self = getpid();
	struct dirent *e;
	int procfd, rc = 0;
	DIR *d;

	if ((procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || (d = fdopendir(procfd)) == NULL) {
		if (procfd != -1)
			close(procfd);
		h->blind.noproc = true;
		scan_finish(h);
		return 0;
	}
	h->blind.hidden = proc_hidepid(procfd) || proc_partial_pidns(procfd);
	while (rc == 0 && h->nobj > 0 && (e = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end != '\0' || pid <= 0 || pid == self)
			continue;
		rc = scan_process(h, dirfd(d), e->d_name, (pid_t)pid);
	}
	closedir(d);
	if (rc != 0) {
		errno = ENOMEM;
		return -1;
	}
	scan_finish(h);
	return 0;
}

int
holders_scan_rows(struct holders *h, struct shm_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (holders_want(h, &rows[i].st) == -1)
			return -1;
	if (holders_scan(h) != 0)
		return -1;
	/* Every row's object is wanted: found, whatever the order. */
	for (size_t i = 0; i < n; i++)
		rows[i].holders = &object_find(h, rows[i].st.dev,
		    rows[i].st.ino)->result;
	return 0;
}

const struct shm_holders *
holders_of(const struct holders *h, int idx)
{
	static const struct shm_holders unscanned = { 0 };

	if (!h->scanned || idx < 0 || (size_t)idx >= h->nobj)
		return &unscanned;
	return &h->obj[idx].result;
}

const struct holders_blind *
holders_blind(const struct holders *h)
{
	return &h->blind;
}

/*
 * The kernel tells a lease holder that someone opens the file with SIGIO,
 * whose default action would end shmctl: ignore it while a lease is held.
 */
static struct sigaction holders_sigio_saved;
static int holders_leases;

enum holders_lease_result
holders_lease(int fd)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	int e;

	if (holders_leases++ == 0)
		sigaction(SIGIO, &ign, &holders_sigio_saved);
	if (fcntl(fd, F_SETLEASE, F_WRLCK) == 0)
		return HOLDERS_LEASED;
	e = errno;
	if (--holders_leases == 0)
		sigaction(SIGIO, &holders_sigio_saved, NULL);
	errno = e;
	return e == EAGAIN ? HOLDERS_LEASE_BUSY : HOLDERS_LEASE_UNAVAILABLE;
}

void
holders_unlease(int fd)
{
	int e = errno;

	fcntl(fd, F_SETLEASE, F_UNLCK);
	if (holders_leases > 0 && --holders_leases == 0)
		sigaction(SIGIO, &holders_sigio_saved, NULL);
	errno = e;
}

/* Whether NAME in the namespace is, without following it, this object. */
static bool
name_is(const struct pshm_ns *ns, const char *name, dev_t dev, ino_t ino)
{
	const char *entry = name[0] == '/' ? name + 1 : name;
	char path[PATH_MAX];
	struct stat st;
	int rc;

	if (ns->dirfd != -1)
		rc = fstatat(ns->dirfd, entry, &st, AT_SYMLINK_NOFOLLOW);
	else {
		snprintf(path, sizeof path, "%s/%s", PSHM_SYSTEM_DIR, entry);
		rc = fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW);
	}
	return rc == 0 && S_ISREG(st.st_mode) && st.st_dev == dev &&
	    st.st_ino == ino;
}

/*
 * Opens NAME again: the object it names now, if it is still expect.  A
 * lease needs a descriptor open for reading; without read permission the
 * object is opened for its metadata only (*metap), and cannot be leased.
 */
static enum holders_removal
reopen_same(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, int *fdp, bool *metap,
    struct pshm_error *err)
{
	struct pshm_open_opts oo = {
		.direction = PSHM_INPUT,
		.if_exists = PSHM_IFEX_OVERWRITE,
		.if_does_not_exist = PSHM_IFDNE_ERROR,
	};
	struct pshm_stat now;
	int rc;

	*metap = false;
	rc = pshm_open(ns, name, &oo, fdp, NULL, err);
	if (rc != PSHM_OK && err->errnum == EACCES) {
		oo.direction = PSHM_META;
		*metap = true;
		rc = pshm_open(ns, name, &oo, fdp, NULL, err);
	}
	if (rc != PSHM_OK) {
		if (err->errnum == ENOENT)
			return HOLDERS_GONE;
		/* Not a regular file any more: another object now. */
		return err->errnum == PSHM_ENOTSHM ? HOLDERS_CHANGED :
		    HOLDERS_FAILED;
	}
	if (pshm_fstat(*fdp, &now, err) != PSHM_OK)
		return HOLDERS_FAILED;
	if (now.dev != expect->dev || now.ino != expect->ino)
		return HOLDERS_CHANGED;
	return HOLDERS_REMOVED;	/* the same: go on */
}

static enum holders_removal
unlink_same(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, int fd, struct holders_removal_info *info,
    struct pshm_error *err)
{
	struct pshm_stat after;

	if (!name_is(ns, name, expect->dev, expect->ino))
		return HOLDERS_CHANGED;
	if (pshm_unlink(ns, name, err) != PSHM_OK)
		return err->errnum == ENOENT ? HOLDERS_GONE : HOLDERS_FAILED;
	info->freed = pshm_fstat(fd, &after, NULL) == PSHM_OK &&
	    after.nlink == 0;
	return HOLDERS_REMOVED;
}

static enum holders_removal
remove_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool dry_run, bool (*no_lease_ok)(void *),
    void *arg, struct holders_removal_info *info, struct pshm_error *err)
{
	enum holders_removal rc;
	enum holders_lease_result lease;
	bool meta;
	WITH_OPEN_SHM(fd);

	memset(info, 0, sizeof *info);
	if ((rc = reopen_same(ns, name, expect, &fd, &meta, err)) !=
	    HOLDERS_REMOVED)
		return rc;
	if (meta) {
		lease = HOLDERS_LEASE_UNAVAILABLE;
		errno = EACCES;
	} else
		lease = holders_lease(fd);
	switch (lease) {
	case HOLDERS_LEASED:
		info->leased = true;
		if (dry_run)
			rc = HOLDERS_REMOVED;
		else
			rc = unlink_same(ns, name, expect, fd, info, err);
		holders_unlease(fd);
		return rc;
	case HOLDERS_LEASE_BUSY:
		return HOLDERS_IN_USE;
	default:
		info->lease_errno = errno;
		if (!no_lease_ok(arg))
			return HOLDERS_UNKNOWN;
		if (dry_run)
			return HOLDERS_REMOVED;
		return unlink_same(ns, name, expect, fd, info, err);
	}
}

enum holders_removal
holders_remove_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool (*no_lease_ok)(void *), void *arg,
    struct holders_removal_info *info, struct pshm_error *err)
{
	return remove_unused(ns, name, expect, false, no_lease_ok, arg, info,
	    err);
}

enum holders_removal
holders_check_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool (*no_lease_ok)(void *), void *arg,
    struct holders_removal_info *info, struct pshm_error *err)
{
	return remove_unused(ns, name, expect, true, no_lease_ok, arg, info,
	    err);
}

static const char *
holder_how(unsigned how)
{
	switch (how) {
	case SHM_HOLD_FD:
		return "descriptor";
	case SHM_HOLD_MAP:
		return "mapping";
	default:
		return "descriptor and mapping";
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
		    ": " : ", ", (long)hd->pid, comm, holder_how(hd->how))) {
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
	int idx;

	if (h != NULL && (idx = holders_want(h, st)) != -1 &&
	    holders_scan(h) == 0 && (hs = holders_of(h, idx))->count > 0)
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
