/*
 * reap.h -- removing an object only when nothing holds it: the kernel's
 * lease and the removal that gc and unlink --if-unused share.
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
/* Releases a lease taken by reap_lease. */
void reap_unlease(int fd);

/*
 * Removes NAME if it is still the object expect describes and nothing
 * holds it, re-checked at the last moment: the name is opened again and
 * compared by device and inode, a lease (above) proves that no process
 * holds it and keeps new holders out until the name is gone, and the name
 * is compared once more before the unlink.  Where no lease can be had
 * (leases disabled, the caller may not read the object, or neither owns
 * it nor has CAP_LEASE) the decision is no_lease_ok(arg)'s, typically a
 * fresh scan.
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

#endif
