/*
 * reap.c -- removing an object only when nothing holds it (see reap.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "holders.h"
#include "reap.h"
#include "xmalloc.h"

/*
 * The kernel tells a lease holder that someone opens the file with SIGIO,
 * whose default action would end shmctl: ignore it while a lease is held.
 */
static struct sigaction reap_sigio_saved;
static int reap_leases;

enum reap_lease_result
reap_lease(int fd)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	int e;

	if (reap_leases++ == 0)
		sigaction(SIGIO, &ign, &reap_sigio_saved);
	if (fcntl(fd, F_SETLEASE, F_WRLCK) == 0)
		return REAP_LEASED;
	e = errno;
	if (--reap_leases == 0)
		sigaction(SIGIO, &reap_sigio_saved, NULL);
	errno = e;
	return e == EAGAIN ? REAP_LEASE_BUSY : REAP_LEASE_UNAVAILABLE;
}

bool
reap_lease_held(int fd)
{
	/* A lease being broken reads as the type it is broken to. */
	return fcntl(fd, F_GETLEASE) == F_WRLCK;
}

void
reap_unlease(int fd)
{
	int e = errno;

	fcntl(fd, F_SETLEASE, F_UNLCK);
	if (reap_leases > 0 && --reap_leases == 0)
		sigaction(SIGIO, &reap_sigio_saved, NULL);
	errno = e;
}

/*
 * Opens NAME again: the object it names now, if it is still expect.  A
 * lease needs a descriptor open for reading; without read permission the
 * object is opened for its metadata only (*metap), and cannot be leased.
 */
static enum reap_result
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
			return REAP_GONE;
		/* Not a regular file any more: another object now. */
		return err->errnum == PSHM_ENOTSHM ? REAP_CHANGED :
		    REAP_FAILED;
	}
	if (pshm_fstat(*fdp, &now, err) != PSHM_OK)
		return REAP_FAILED;
	if (now.dev != expect->dev || now.ino != expect->ino)
		return REAP_CHANGED;
	return REAP_REMOVED;	/* the same: go on */
}

static const char *
entry_of(const char *name)
{
	return name[0] == '/' ? name + 1 : name;
}

static enum reap_result
reap_fail(struct pshm_error *err, const char *op, int errnum)
{
	/* A sticky directory says EPERM; shm_unlink(3) says EACCES. */
	pshm_fail(err, op, errnum == EPERM ? EACCES : errnum);
	return REAP_FAILED;
}

/*
 * Renames entry to a fresh private name in the same directory: never over
 * an existing one (RENAME_NOREPLACE), so that nothing else is lost.
 */
static int
rename_aside(int dirfd, const char *entry, char *aside, size_t len)
{
	for (int i = 0; i < 16; i++) {
		snprintf(aside, len, "%s%ld.%08" PRIx32, REAP_ASIDE_PREFIX,
		    (long)getpid(), arc4random());
		if (renameat2(dirfd, entry, dirfd, aside, RENAME_NOREPLACE) ==
		    0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/*
 * Puts the name back.  Where it was taken meanwhile, the object stays
 * aside, under a name that says so where that is free: info->kept.
 */
static void
put_back(int dirfd, const char *entry, const char *aside,
    struct reap_info *info)
{
	char kept[NAME_MAX + 1];
	int i;

	if (renameat2(dirfd, aside, dirfd, entry, RENAME_NOREPLACE) == 0)
		return;
	/* ".shmctl-displaced.NAME", then with a suffix, cut to NAME_MAX. */
	for (i = 0; i < 16; i++) {
		if (i == 0)
			snprintf(kept, sizeof kept, "%s%s",
			    REAP_DISPLACED_PREFIX, entry);
		else
			snprintf(kept, sizeof kept, "%s%.*s.%08" PRIx32,
			    REAP_DISPLACED_PREFIX, NAME_MAX - 27, entry,
			    arc4random());
		if (renameat2(dirfd, aside, dirfd, kept, RENAME_NOREPLACE) ==
		    0)
			break;
	}
	if (i == 16)
		snprintf(kept, sizeof kept, "%s", aside);
	snprintf(info->kept, sizeof info->kept, "/%s", kept);
}

/*
 * How long a removal waits, the name aside and the lease held, before it
 * looks at the lease.  An open(2) that looked the name up just before the
 * rename still breaks the lease, but only when it gets there; preempted
 * between the two, it gets there when the scheduler runs it again.  So
 * the wait is REAP_GRACE_MIN_MS, and then, for as long as more tasks are
 * runnable than there are CPUs to run them (/proc/loadavg: some wait for
 * a CPU, such an opener among them perhaps), up to REAP_GRACE_MAX_MS.  An
 * opener stalled for longer than that between its lookup and its open is
 * the one the kernel gives no way to see.
 */
#define REAP_GRACE_MIN_MS	5
#define REAP_GRACE_STEP_MS	5
#define REAP_GRACE_MAX_MS	250

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* Whether some runnable task waits for a CPU; false where unknown. */
static bool
cpus_contended(long ncpu)
{
	char buf[128];
	long running;
	ssize_t n;
	char *p;
	int fd;

	if ((fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* "0.52 0.58 0.59 3/467 12345": runnable/all, us among them. */
	if ((p = strchr(buf, '/')) == NULL)
		return false;
	while (p > buf && p[-1] != ' ')
		p--;
	running = strtol(p, NULL, 10);
	return running > ncpu;
}

static void
reap_open_grace(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	sleep_ms(REAP_GRACE_MIN_MS);
	for (long waited = REAP_GRACE_MIN_MS; waited < REAP_GRACE_MAX_MS &&
	    cpus_contended(ncpu > 0 ? ncpu : 1); waited += REAP_GRACE_STEP_MS)
		sleep_ms(REAP_GRACE_STEP_MS);
}

/*
 * The removal itself: the name is renamed aside, the object under the
 * private name is checked to be expect (and, with a lease on fd, the lease
 * to be unbroken after the grace above: a break is a process opening it
 * now), and only then is the private name unlinked.  A failed check puts
 * the name back.
 */
static enum reap_result
unlink_aside(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, int fd, bool leased,
    struct reap_info *info, struct pshm_error *err)
{
	const char *entry = entry_of(name);
	enum reap_result rc;
	char aside[64];
	struct stat st;

	if (rename_aside(ns->dirfd, entry, aside, sizeof aside) != 0)
		return errno == ENOENT ? REAP_GONE :
		    reap_fail(err, "rename", errno);
	if (fstatat(ns->dirfd, aside, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? REAP_GONE :
		    reap_fail(err, "stat", errno);
	if (!S_ISREG(st.st_mode) || st.st_dev != expect->dev ||
	    st.st_ino != expect->ino)
		rc = REAP_CHANGED;
	else if (leased && (reap_open_grace(), !reap_lease_held(fd)))
		rc = REAP_IN_USE;
	else if (unlinkat(ns->dirfd, aside, 0) != 0)
		rc = reap_fail(err, "unlink", errno);
	else {
		info->freed = fstat(fd, &st) == 0 && st.st_nlink == 0;
		return REAP_REMOVED;
	}
	put_back(ns->dirfd, entry, aside, info);
	return rc;
}

static enum reap_result
remove_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool dry_run, bool (*no_lease_ok)(void *),
    void *arg, struct reap_info *info, struct pshm_error *err)
{
	enum reap_result rc;
	enum reap_lease_result lease;
	bool meta;
	WITH_OPEN_SHM(fd);

	memset(info, 0, sizeof *info);
	if ((rc = reopen_same(ns, name, expect, &fd, &meta, err)) !=
	    REAP_REMOVED)
		return rc;
	if (meta) {
		lease = REAP_LEASE_UNAVAILABLE;
		errno = EACCES;
	} else
		lease = reap_lease(fd);
	switch (lease) {
	case REAP_LEASED:
		info->leased = true;
		if (dry_run)
			rc = REAP_REMOVED;
		else
			rc = unlink_aside(ns, name, expect, fd, true, info,
			    err);
		reap_unlease(fd);
		return rc;
	case REAP_LEASE_BUSY:
		return REAP_IN_USE;
	default:
		info->lease_errno = errno;
		if (!no_lease_ok(arg))
			return REAP_UNKNOWN;
		if (dry_run)
			return REAP_REMOVED;
		return unlink_aside(ns, name, expect, fd, false, info, err);
	}
}

enum reap_result
reap_remove_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool (*no_lease_ok)(void *), void *arg,
    struct reap_info *info, struct pshm_error *err)
{
	return remove_unused(ns, name, expect, false, no_lease_ok, arg, info,
	    err);
}

enum reap_result
reap_check_unused(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, bool (*no_lease_ok)(void *), void *arg,
    struct reap_info *info, struct pshm_error *err)
{
	return remove_unused(ns, name, expect, true, no_lease_ok, arg, info,
	    err);
}

int
reap_unlink(const struct pshm_ns *ns, const char *name,
    struct reap_info *info, struct pshm_error *err)
{
	const char *entry = entry_of(name);
	char aside[64];
	struct stat st;

	memset(info, 0, sizeof *info);
	if (rename_aside(ns->dirfd, entry, aside, sizeof aside) != 0) {
		reap_fail(err, "unlink", errno);
		return PSHM_FAIL;
	}
	if (fstatat(ns->dirfd, aside, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		/* Removed by another process meanwhile: gone, as asked. */
		if (errno == ENOENT)
			return PSHM_OK;
		reap_fail(err, "unlink", errno);
	} else if (!S_ISREG(st.st_mode))
		pshm_fail(err, "unlink", PSHM_ENOTSHM);
	else if (unlinkat(ns->dirfd, aside, 0) != 0)
		reap_fail(err, "unlink", errno);
	else
		return PSHM_OK;
	put_back(ns->dirfd, entry, aside, info);
	return PSHM_FAIL;
}

/* The scan's verdict on a shrink, where the kernel gave no lease. */
static enum reap_shrink_result
shrink_scan(const struct pshm_stat *st, char *why, size_t whylen)
{
	struct holders *h = holders_new();
	size_t idx = holders_want(h, st), n = 0;
	const struct shm_holders *hs;
	struct shm_holder *maps;
	struct shm_holders mapping = { .checked = true };
	enum reap_shrink_result rc = REAP_SHRUNK;
	char desc[512];

	holders_scan(h);
	hs = holders_of(h, idx);
	maps = xcalloc(hs->count + 1, sizeof *maps);
	for (size_t i = 0; i < hs->count; i++)
		if (hs->list[i].how & SHM_HOLD_MAP)
			maps[n++] = hs->list[i];
	mapping.complete = hs->complete;
	mapping.count = n;
	mapping.list = maps;
	if (n > 0) {
		snprintf(why, whylen, "mapped by %s",
		    holders_describe(&mapping, desc, sizeof desc));
		rc = REAP_SHRINK_MAPPED;
	} else if (!hs->checked || !hs->complete) {
		snprintf(why, whylen, "holders cannot be ruled out: %s",
		    holders_describe_blind(holders_blind(h), desc,
		    sizeof desc));
		rc = REAP_SHRINK_UNKNOWN;
	}
	free(maps);
	holders_free(h);
	return rc;
}

enum reap_shrink_result
reap_shrink(int fd, off_t size, char *why, size_t whylen,
    struct pshm_error *err)
{
	enum reap_shrink_result rc;
	struct pshm_stat st;

	if (pshm_fstat(fd, &st, err) != PSHM_OK)
		return REAP_SHRINK_FAILED;
	if (reap_lease(fd) == REAP_LEASED) {
		rc = pshm_ftruncate(fd, size, err) == PSHM_OK ? REAP_SHRUNK :
		    REAP_SHRINK_FAILED;
		reap_unlease(fd);
		return rc;
	}
	if ((rc = shrink_scan(&st, why, whylen)) != REAP_SHRUNK)
		return rc;
	return pshm_ftruncate(fd, size, err) == PSHM_OK ? REAP_SHRUNK :
	    REAP_SHRINK_FAILED;
}
