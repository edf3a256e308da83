/*
 * reap.h -- removing exactly the object that was checked: the kernel's
 * lease and the removal that gc, unlink and truncate's shrink rule share
 * (shmctl-gc(1)).
 *
 * A name is never unlinked in place.  It is first renamed aside to a
 * private name in the same directory (renameat2 RENAME_NOREPLACE), the
 * object under the private name is checked, and only then is the private
 * name unlinked; a failed check puts the name back.  A name that another
 * process renames over, a FIFO or symbolic link swapped in, or an object
 * someone opens at that moment is then never removed in place of the one
 * that was checked, and a process opening the name meanwhile finds either
 * the live object or no name at all.
 */
#ifndef SHMCTL_REAP_H
#define SHMCTL_REAP_H

#include <stdbool.h>

#include "shm.h"

/*
 * Proof from the kernel that no other open file refers to an object: a
 * write lease (fcntl F_SETLEASE) is granted only when no descriptor or
 * mapping of any process, seen or not, refers to the object, and while it
 * is held another process's open(2) of the object waits for its release
 * (or fails with EWOULDBLOCK when opening O_NONBLOCK).  fd must be a
 * read-only descriptor of the object, the caller's only one.
 */
enum reap_lease_result {
	REAP_LEASED,		/* no other holder; the lease is held */
	REAP_LEASE_BUSY,	/* another open file refers to the object */
	REAP_LEASE_UNAVAILABLE,	/* no answer (errno says why) */
};

enum reap_lease_result reap_lease(int fd);
/* Whether a lease taken by reap_lease is unbroken: no one opens it. */
bool reap_lease_held(int fd);
/* Releases a lease taken by reap_lease. */
void reap_unlease(int fd);

/* The private names: the one of a removal, the one of an object kept. */
#define REAP_ASIDE_PREFIX	".shmctl-reap."
#define REAP_DISPLACED_PREFIX	".shmctl-displaced."

/*
 * Removes NAME if it is still the object expect describes and nothing
 * holds it, re-checked at the last moment: the name is opened again and
 * compared by device and inode, a lease (above) proves that no process
 * holds it and keeps new holders out, the name is renamed aside, the
 * object under the private name is compared again and the lease checked
 * unbroken, and only then is the private name unlinked.  Where no lease
 * can be had (leases disabled, the caller may not read the object, or
 * neither owns it nor has CAP_LEASE) the decision is no_lease_ok(arg)'s,
 * typically a fresh scan.
 */
enum reap_result {
	REAP_REMOVED,
	REAP_GONE,		/* the name no longer exists */
	REAP_CHANGED,		/* the name now is another object */
	REAP_IN_USE,		/* the kernel says: open or mapped */
	REAP_UNKNOWN,		/* no lease, and no_lease_ok said no */
	REAP_FAILED,		/* err says why */
};

struct reap_info {
	bool leased;		/* the kernel's lease decided */
	int lease_errno;	/* why there was no lease, when not leased */
	bool freed;		/* no other name links the object */
	/* Where a check failed and NAME had been taken meanwhile: the name
	   the object was left under ("/.shmctl-displaced.NAME"), or "". */
	char kept[NAME_MAX + 2];
};

enum reap_result reap_remove_unused(const struct pshm_ns *,
    const char *name, const struct pshm_stat *expect,
    bool (*no_lease_ok)(void *), void *arg, struct reap_info *,
    struct pshm_error *);
/* The same checks without the unlink: REAP_REMOVED means it would be. */
enum reap_result reap_check_unused(const struct pshm_ns *,
    const char *name, const struct pshm_stat *expect,
    bool (*no_lease_ok)(void *), void *arg, struct reap_info *,
    struct pshm_error *);

/*
 * Shrinking memory that another process maps kills that process with
 * SIGBUS at its next touch (shmctl-truncate(1)).  reap_shrink sets the
 * size of the object open at fd (the caller's only descriptor of it) to
 * size, below its current size, only where that cannot happen: under a
 * lease, which proves that no other process has it open or mapped and
 * keeps new openers waiting; or, where the kernel gives no lease, when a
 * scan finds no process mapping it and every process that could was
 * inspected.  Otherwise nothing is changed and why says why.
 */
enum reap_shrink_result {
	REAP_SHRUNK,
	REAP_SHRINK_MAPPED,	/* why: the processes mapping it */
	REAP_SHRINK_UNKNOWN,	/* why: whose holders could not be seen */
	REAP_SHRINK_FAILED,	/* err says why */
};

enum reap_shrink_result reap_shrink(int fd, off_t size, char *why,
    size_t whylen, struct pshm_error *);

/*
 * Plain unlink of NAME, of exactly what was verified: renamed aside,
 * checked to be a regular file, then unlinked; anything else is put back
 * and fails with PSHM_ENOTSHM.  PSHM_OK or PSHM_FAIL.
 */
int reap_unlink(const struct pshm_ns *, const char *name, struct reap_info *,
    struct pshm_error *);

#endif
