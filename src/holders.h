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
 * beyond this rule; the kernel's lease (reap.h) has no such blind spot.
 */
#ifndef SHMCTL_HOLDERS_H
#define SHMCTL_HOLDERS_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "shm.h"

/*
 * What holds one object, filled by the scan below and read by the output
 * layer.  The memory belongs to the struct holders that filled it and
 * must outlive the rows that point at it.
 */
#define SHM_HOLD_FD	0x1	/* one of its descriptors refers to it */
#define SHM_HOLD_MAP	0x2	/* one of its mappings maps the object */

struct shm_holder {
	pid_t pid;
	unsigned how;		/* SHM_HOLD_FD | SHM_HOLD_MAP */
	const char *comm;	/* command name (/proc/PID/comm), or NULL */
};

struct shm_holders {
	bool checked;		/* false: nothing could be checked ("?") */
	bool complete;		/* every process could be inspected */
	size_t count;		/* entries in list; a lower bound unless
				   complete ("3+") */
	const struct shm_holder *list; /* sorted by pid; NULL if count 0 */
};

struct holders;
struct shm_row;

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

struct holders *holders_new(void);
void holders_free(struct holders *);

/*
 * Asks about an object: its device and inode say which it is, its owner,
 * group and mode whether a process that could not be inspected could hold
 * it.  Returns the object's index (the same for the same object).
 */
size_t holders_want(struct holders *, const struct pshm_stat *);

/*
 * Asks also about the objects on device dev that are not wanted by name
 * (list --deleted: every object of a file system that no name reaches).
 * found is told of each reference of a process to such an object; it
 * fills st and returns true for one to be wanted from then on, its
 * holders counted from that reference on (found is told of the first).
 * The reference is valid only during the call.
 */
struct proc_ref;
typedef bool holders_found_fn(const struct proc_ref *, struct pshm_stat *st,
    void *arg);
void holders_want_device(struct holders *, dev_t, holders_found_fn *,
    void *arg);

/*
 * One pass over /proc for every wanted object; shmctl's own process is
 * left out.  A process whose /proc files cannot be read, whatever the
 * error, is not inspected (results then say so); one that exits during
 * the scan holds nothing.
 */
void holders_scan(struct holders *);

/*
 * holders_want for each row, holders_scan, and each row's holders set to
 * its result (valid until holders_free): one scan for all of them.
 */
void holders_scan_rows(struct holders *, struct shm_row *, size_t n);

/*
 * The holders of object idx, sorted by pid, valid until holders_free.
 * Before holders_scan: none, not checked.
 */
const struct shm_holders *holders_of(const struct holders *, size_t idx);

const struct holders_blind *holders_blind(const struct holders *);

/* How a holder holds: "descriptor", "mapping", "descriptor, mapping". */
const char *holders_how(unsigned how);

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

#endif
