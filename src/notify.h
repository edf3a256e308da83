/*
 * notify.h -- the kernel's notification interfaces on one directory,
 * read into changes of its names for the events module (events.h).
 *
 * fanotify(7) where it can be used: a mark on the directory's whole file
 * system, reporting the directory's file handle and the entry's name
 * (FAN_REPORT_DFID_NAME), both names of a rename (FAN_RENAME), the pid
 * and a pidfd of the process; the events of other directories are left
 * out by comparing file handles.  inotify(7) on the directory otherwise,
 * without pids, its renames paired by cookie.
 */
#ifndef SHMCTL_NOTIFY_H
#define SHMCTL_NOTIFY_H

#include <sys/types.h>

#include "events.h"

/* What happened to a name; the first four may come merged in one. */
#define CHANGE_CREATE	0x01	/* a new name */
#define CHANGE_DELETE	0x02	/* a name removed or moved out */
#define CHANGE_MODIFY	0x04	/* write(2) or ftruncate(2) */
#define CHANGE_ATTRIB	0x08	/* mode, owner, times */
#define CHANGE_RENAME	0x10	/* from -> name, both in the directory */
#define CHANGE_MOVED_IN	0x20	/* name, from another directory */
#define CHANGE_OVERFLOW	0x40	/* the kernel's queue overflowed */

/* No pidfd: the kernel does not report them (before Linux 5.15). */
#define NOTIFY_NO_PIDFD	(-3)

struct change {
	unsigned what;
	const char *name;	/* "/name"; NULL for an overflow */
	const char *from;	/* a rename's old "/name" */
	pid_t pid;		/* 0: unknown */
	int pidfd;		/* pid's, FAN_NOPIDFD once it has exited, or
				   NOTIFY_NO_PIDFD; valid while fn runs */
};

struct notify;

/* Watches the directory dirfd (not owned); NULL on failure. */
struct notify *notify_open(int dirfd, struct events_error *);
void notify_close(struct notify *);

/* Which interface; for inotify, *why says why not fanotify. */
enum events_source notify_source(const struct notify *,
    struct events_error *why);
int notify_fd(const struct notify *);

/*
 * Reads the changes waiting, without blocking, and hands each to fn in
 * order.  A nonzero return from fn stops the reading and is returned;
 * -1 with err filled when reading failed.
 */
typedef int notify_fn(const struct change *, void *arg);
int notify_read(struct notify *, notify_fn *, void *arg,
    struct events_error *err);

#endif
