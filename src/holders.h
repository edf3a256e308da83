/*
 * holders.h -- which processes hold an object: the /proc scan.
 *
 * A process holds an object when one of its descriptors refers to it or
 * one of its mappings maps it.  The caller names the objects it asks about
 * (holders_want), then one pass over /proc (holders_scan) reads every
 * process's descriptors and mappings once and matches them by device and
 * inode number through a hash of the wanted objects, never by path: the
 * cost grows with processes + descriptors + mappings + objects.
 *
 * Processes that cannot be inspected (no permission to read their
 * /proc/PID/fd or maps, or hidden by /proc's hidepid option) make the
 * result incomplete for the objects they could hold: counts are then lower
 * bounds.  "Could hold" is decided conservatively from what /proc/PID/status
 * still shows of such a process: one with any capability or any uid 0 could
 * hold every object; any other could hold the objects owned by one of its
 * uids, the objects of one of its groups that the group may read or write,
 * and the objects that others may read or write.  A descriptor received
 * from another process (inheritance across a change of credentials,
 * SCM_RIGHTS) by a process that could not have opened the object itself is
 * beyond this rule; holders_lease() below has no such blind spot.
 */
#ifndef SHMCTL_HOLDERS_H
#define SHMCTL_HOLDERS_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "row.h"	/* struct shm_holders, struct shm_row */
#include "shm.h"

struct holders;

/* Why some processes could not be inspected, for messages. */
#define HOLDERS_SAMPLE	3

struct holders_blind {
	bool noproc;		/* /proc could not be read at all */
	bool hidden;		/* /proc hides other users' processes */
	size_t nprocs;		/* processes not inspected */
	size_t nprivileged;	/* of those, ones that could open anything */
	pid_t sample[HOLDERS_SAMPLE]; /* the first few of them */
	size_t nsample;
};

/* NULL with errno set when out of memory. */
struct holders *holders_new(void);
void holders_free(struct holders *);

/*
 * Asks about an object: its device and inode say which it is, its owner,
 * group and mode whether a process that could not be inspected could hold
 * it.  Returns the object's index (the same for the same object), or -1
 * with errno set when out of memory.
 */
int holders_want(struct holders *, const struct pshm_stat *);

/*
 * One pass over /proc for every wanted object; shmctl's own process is
 * left out.  Returns 0, or -1 with errno set when out of memory (/proc
 * that cannot be read is not an error: results then say not checked).
 */
int holders_scan(struct holders *);

/*
 * holders_want for each row, holders_scan, and each row's holders set to
 * its result (valid until holders_free): one scan for all of them.
 * Returns 0, or -1 with errno set when out of memory.
 */
int holders_scan_rows(struct holders *, struct shm_row *, size_t n);

/*
 * The holders of object idx, sorted by pid, valid until holders_free.
 * Before holders_scan: none, not checked.
 */
const struct shm_holders *holders_of(const struct holders *, int idx);

const struct holders_blind *holders_blind(const struct holders *);

/*
 * For messages: "2 processes: 812 (sleep, descriptor), 907 (mapholder,
 * mapping)", "at least 1 process: ..." when incomplete, command names
 * escaped, the list cut short with ", ..." when buf is full.
 */
const char *holders_describe(const struct shm_holders *, char *buf,
    size_t len);
/*
 * For messages about an object found in use at the last moment: a fresh
 * scan's holders as holders_describe says them, or "a process that could
 * not be inspected" when the scan sees none.
 */
const char *holders_describe_now(const struct pshm_stat *, char *buf,
    size_t len);
/*
 * For messages: "3 processes could not be inspected (1, 412, 733, ...)",
 * or why nothing could be checked.
 */
const char *holders_describe_blind(const struct holders_blind *, char *buf,
    size_t len);

/*
 * Proof from the kernel that no other open file refers to an object: a
 * write lease (fcntl F_SETLEASE) is granted only when no descriptor or
 * mapping of any process, seen or not, refers to the object, and while it
 * is held another process's open(2) of the object waits for its release
 * (or fails with EWOULDBLOCK when opening O_NONBLOCK).  fd must be a
 * read-only descriptor of the object, the caller's only one.
 */
enum holders_lease_result {
	HOLDERS_LEASED,		/* no other holder; the lease is held */
	HOLDERS_LEASE_BUSY,	/* another open file refers to the object */
	HOLDERS_LEASE_UNAVAILABLE, /* no answer (errno says why) */
};

enum holders_lease_result holders_lease(int fd);
/* Releases a lease taken by holders_lease. */
void holders_unlease(int fd);

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
enum holders_removal {
	HOLDERS_REMOVED,
	HOLDERS_GONE,		/* the name no longer exists */
	HOLDERS_CHANGED,	/* the name now is another object */
	HOLDERS_IN_USE,		/* the kernel says: open or mapped */
	HOLDERS_UNKNOWN,	/* no lease, and no_lease_ok said no */
	HOLDERS_FAILED,		/* err says why */
};

struct holders_removal_info {
	bool leased;		/* the kernel's lease decided */
	int lease_errno;	/* why there was no lease, when not leased */
	bool freed;		/* no other name links the object */
};

enum holders_removal holders_remove_unused(const struct pshm_ns *,
    const char *name, const struct pshm_stat *expect,
    bool (*no_lease_ok)(void *), void *arg, struct holders_removal_info *,
    struct pshm_error *);
/* The same checks without the unlink: HOLDERS_REMOVED means it would be. */
enum holders_removal holders_check_unused(const struct pshm_ns *,
    const char *name, const struct pshm_stat *expect,
    bool (*no_lease_ok)(void *), void *arg, struct holders_removal_info *,
    struct pshm_error *);

#endif
