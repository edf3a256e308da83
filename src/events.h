/*
 * events.h -- what happens in a namespace directory, as a stream of events
 * (shmctl-watch(1)).
 *
 * With CAP_SYS_ADMIN the events come from fanotify(7): a mark on the
 * directory's whole file system, reporting the directory's file handle
 * and the entry's name, and the pid of the process that caused each one;
 * events of other directories are left out by comparing file handles.
 * Without it (or on a kernel or file system fanotify cannot watch this
 * way) they come from inotify(7) on the directory, and the process is
 * unknown.  Neither interface reports stores through a mapping.
 *
 * Both interfaces report write(2) and ftruncate(2) alike, as a change of
 * contents; the size the entry has when the event is read, against the
 * last size known for that name, tells a resize from a write.
 */
#ifndef SHMCTL_EVENTS_H
#define SHMCTL_EVENTS_H

#include <sys/types.h>
#include <stdbool.h>
#include <time.h>

#include "shm.h"

enum event_kind {
	EVENT_CREATE,		/* a new name */
	EVENT_DELETE,		/* a name removed */
	EVENT_RENAME,		/* a name moved to another in the directory */
	EVENT_RESIZE,		/* the size changed */
	EVENT_WRITE,		/* the contents changed, not the size */
	EVENT_ATTRIB,		/* mode, owner or times */
	EVENT_OVERFLOW,		/* the kernel's queue overflowed: lost events */
};

/* "create", "delete", ...: the word shmctl-watch(1) prints. */
const char *event_kind_name(enum event_kind);

struct event {
	enum event_kind kind;
	struct timespec time;	/* when it was read (CLOCK_REALTIME) */
	const char *name;	/* "/name", raw bytes; NULL for an overflow */
	const char *from;	/* a rename's old "/name"; else NULL */
	off_t size;		/* after the event; -1 where unknown */
	pid_t pid;		/* the process that caused it; 0 unknown */
	const char *comm;	/* its command name; NULL unknown or exited */
};

enum events_source {
	EVENTS_FANOTIFY,
	EVENTS_INOTIFY,		/* no pids */
};

struct events_error {
	int errnum;
	const char *op;		/* the call that failed */
};

struct events;

/*
 * Starts watching the namespace's directory.  When it returns, every
 * later change is reported, and the sizes of the entries already there
 * are known.  NULL on failure.
 */
struct events *events_open(const struct pshm_ns *, struct events_error *);
void events_close(struct events *);

/*
 * Where the events come from; for inotify, *why tells why fanotify could
 * not be used (EPERM: no CAP_SYS_ADMIN).
 */
enum events_source events_source(const struct events *,
    struct events_error *why);

/* The descriptor to poll(2) for POLLIN: events are waiting. */
int events_fd(const struct events *);

/*
 * Reads the events waiting, without blocking, and hands each to fn in
 * order; an event's strings live until fn returns.  A nonzero return from
 * fn stops the reading and is returned.  Returns 0 when all were handed
 * on, or -1 with err filled when reading failed.
 */
typedef int events_fn(const struct event *, void *arg);
int events_read(struct events *, events_fn *, void *arg,
    struct events_error *);

#endif
