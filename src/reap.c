/*
 * reap.c -- removing an object only when nothing holds it (see reap.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "reap.h"

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

void
reap_unlease(int fd)
{
	int e = errno;

	fcntl(fd, F_SETLEASE, F_UNLCK);
	if (reap_leases > 0 && --reap_leases == 0)
		sigaction(SIGIO, &reap_sigio_saved, NULL);
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

static enum reap_result
unlink_same(const struct pshm_ns *ns, const char *name,
    const struct pshm_stat *expect, int fd, struct reap_info *info,
    struct pshm_error *err)
{
	struct pshm_stat after;

	if (!name_is(ns, name, expect->dev, expect->ino))
		return REAP_CHANGED;
	if (pshm_unlink(ns, name, err) != PSHM_OK)
		return err->errnum == ENOENT ? REAP_GONE : REAP_FAILED;
	info->freed = pshm_fstat(fd, &after, NULL) == PSHM_OK &&
	    after.nlink == 0;
	return REAP_REMOVED;
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
			rc = unlink_same(ns, name, expect, fd, info, err);
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
		return unlink_same(ns, name, expect, fd, info, err);
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
