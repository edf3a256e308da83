/*
 * events.c -- a namespace directory's changes as a stream of events (see
 * events.h): the kernel's changes of names (notify.c) with the sizes and
 * the command names that make them events.
 */
#include "config.h"

#include <sys/fanotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "notify.h"
#include "proc.h"
#include "reap.h"
#include "nsdir.h"
#include "xmalloc.h"

/* The last size seen under a name, the key of the size table. */
struct known {
	char *name;		/* "/name" */
	off_t size;
};

struct events {
	struct notify *notify;
	const struct pshm_ns *ns;
	struct known *sizes;		/* sorted by name */
	size_t nsizes;
	size_t capsizes;
	struct timespec now;		/* when the batch was read */
	pid_t comm_pid;			/* comm read for this pid, this batch */
	bool comm_known;
	char comm[64];
	events_fn *fn;
	void *arg;
};

const char *
event_kind_name(enum event_kind k)
{
	static const char *const names[] = {
		[EVENT_CREATE] = "create",
		[EVENT_DELETE] = "delete",
		[EVENT_RENAME] = "rename",
		[EVENT_RESIZE] = "resize",
		[EVENT_WRITE] = "write",
		[EVENT_ATTRIB] = "attrib",
		[EVENT_OVERFLOW] = "overflow",
	};

	return names[k];
}

/* --- the size table ---------------------------------------------------- */

/*
 * Sorted by name, for bsearch(3): a namespace holds hundreds of objects,
 * not millions, and a new name costs one memmove.
 */
static int
known_cmp(const void *a, const void *b)
{
	return strcmp(((const struct known *)a)->name,
	    ((const struct known *)b)->name);
}

/* The slot of name, or where it would go; *found says which. */
static size_t
sizes_slot(const struct events *ev, const char *name, bool *found)
{
	size_t lo = 0, hi = ev->nsizes;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, ev->sizes[mid].name);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static struct known *
sizes_find(struct events *ev, const char *name)
{
	bool found;
	size_t i = sizes_slot(ev, name, &found);

	return found ? &ev->sizes[i] : NULL;
}

static void
sizes_set(struct events *ev, const char *name, off_t size)
{
	bool found;
	size_t i = sizes_slot(ev, name, &found);

	if (!found) {
		if (ev->nsizes == ev->capsizes) {
			ev->capsizes = ev->capsizes ? 2 * ev->capsizes : 64;
			ev->sizes = xreallocarray(ev->sizes, ev->capsizes,
			    sizeof *ev->sizes);
		}
		memmove(&ev->sizes[i + 1], &ev->sizes[i],
		    (ev->nsizes - i) * sizeof *ev->sizes);
		ev->sizes[i].name = xstrdup(name);
		ev->nsizes++;
	}
	ev->sizes[i].size = size;
}

static void
sizes_remove(struct events *ev, const char *name)
{
	bool found;
	size_t i = sizes_slot(ev, name, &found);

	if (!found)
		return;
	free(ev->sizes[i].name);
	ev->nsizes--;
	memmove(&ev->sizes[i], &ev->sizes[i + 1],
	    (ev->nsizes - i) * sizeof *ev->sizes);
}

static void
sizes_clear(struct events *ev)
{
	for (size_t i = 0; i < ev->nsizes; i++)
		free(ev->sizes[i].name);
	ev->nsizes = 0;
}

static void
sizes_warn_ignored(void *arg, const char *name, int errnum)
{
	(void)arg;
	(void)name;
	(void)errnum;
}

/*
 * The sizes of every entry now there, read after the watch is in place so
 * that no change between the two is missed.  An entry that cannot be
 * looked at stays unknown: its first change is then reported as a write.
 */
static void
sizes_load(struct events *ev)
{
	struct row_filter all = { .sems = true, .nonregular = true,
	    .warn = sizes_warn_ignored };
	struct row_list rows = { 0 };

	sizes_clear(ev);
	row_list_read(&rows, ev->ns, &all);
	ev->sizes = xreallocarray(ev->sizes, rows.n + 64, sizeof *ev->sizes);
	ev->capsizes = rows.n + 64;
	for (size_t i = 0; i < rows.n; i++)
		ev->sizes[i] = (struct known){ xstrdup(rows.v[i].name),
		    rows.v[i].st.size };
	ev->nsizes = rows.n;
	qsort(ev->sizes, ev->nsizes, sizeof *ev->sizes, known_cmp);
	row_list_free(&rows);
}

/* The entry's size now, never opening it; -1 when it is gone. */
static off_t
entry_size(const struct events *ev, const char *name)
{
	struct stat st;

	if (fstatat(ev->ns->dirfd, name + 1, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	return st.st_size;
}

/* --- who did it -------------------------------------------------------- */

/*
 * The command name of pid.  With a pidfd from the event, the process is
 * checked to be alive after its /proc directory is opened, so that a pid
 * reused meanwhile cannot lend another process's name; without one (an
 * older kernel) the name is read as it is.
 */
static bool
read_comm(pid_t pid, int pidfd, char *buf, size_t len)
{
	char path[32];
	bool known;
	int procfd;

	if (pidfd == FAN_NOPIDFD)	/* the process has exited */
		return false;
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	if ((procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return false;
	if (pidfd >= 0 &&
	    syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == -1 &&
	    errno != ENOSYS) {
		close(procfd);
		return false;
	}
	known = proc_read_comm(procfd, buf, len);
	close(procfd);
	return known;
}

static const char *
event_comm(struct events *ev, pid_t pid, int pidfd)
{
	if (pid <= 0)
		return NULL;
	if (pid != ev->comm_pid) {
		ev->comm_pid = pid;
		ev->comm_known = read_comm(pid, pidfd, ev->comm,
		    sizeof ev->comm);
	}
	return ev->comm_known ? ev->comm : NULL;
}

/* --- from changes to events -------------------------------------------- */

static int
emit(struct events *ev, enum event_kind kind, const struct change *c,
    off_t size)
{
	struct event e = {
		.kind = kind,
		.time = ev->now,
		.name = c->name,
		.from = kind == EVENT_RENAME ? c->from : NULL,
		.size = size,
		.pid = c->pid,
		.comm = event_comm(ev, c->pid, c->pidfd),
	};

	return ev->fn(&e, ev->arg);
}

/* A new name: O_CREAT makes an empty object, any size comes after. */
static int
on_create(struct events *ev, const struct change *c)
{
	off_t size = entry_size(ev, c->name) == -1 ? -1 : 0;

	sizes_set(ev, c->name, 0);
	return emit(ev, EVENT_CREATE, c, size);
}

/* A name moved in from elsewhere brings its object and its size. */
static int
on_moved_in(struct events *ev, const struct change *c)
{
	off_t size = entry_size(ev, c->name);

	sizes_set(ev, c->name, size);
	return emit(ev, EVENT_CREATE, c, size);
}

/*
 * shmctl's own removals (shmctl-unlink(1), shmctl-gc(1)) rename a name
 * aside to a private one before they unlink it: that rename is the
 * removal of the name as its users see it, and what happens to the
 * private name afterwards is not an event of theirs.
 */
static bool
is_aside(const char *name)
{
	const char *e = name[0] == '/' ? name + 1 : name;

	return strncmp(e, REAP_ASIDE_PREFIX, strlen(REAP_ASIDE_PREFIX)) == 0;
}

static int
on_delete(struct events *ev, const struct change *c)
{
	sizes_remove(ev, c->name);
	if (is_aside(c->name))
		return 0;
	return emit(ev, EVENT_DELETE, c, -1);
}

static int
on_rename(struct events *ev, const struct change *c)
{
	if (is_aside(c->name)) {
		struct change gone = *c;

		gone.name = c->from;
		sizes_remove(ev, c->from);
		return emit(ev, EVENT_DELETE, &gone, -1);
	}
	if (is_aside(c->from))	/* put back: the name is there again */
		return on_moved_in(ev, c);
	const struct known *old = sizes_find(ev, c->from);
	off_t size = entry_size(ev, c->name);

	sizes_set(ev, c->name, size != -1 ? size : old != NULL ? old->size : -1);
	sizes_remove(ev, c->from);
	return emit(ev, EVENT_RENAME, c, size);
}

/*
 * write(2) and ftruncate(2) look alike to the kernel's interfaces: the
 * size now against the last one known tells them apart.  A name the table
 * does not hold was removed earlier in the queue: the change was made to
 * an object that no longer has a name (shmctl-anon(1) makes them), and is
 * not an event of the namespace.
 */
static int
on_modify(struct events *ev, const struct change *c)
{
	struct known *k = sizes_find(ev, c->name);
	off_t size;

	if (k == NULL)
		return 0;
	/* Gone already: shared memory is written through mappings, and
	   sized with ftruncate(2), by far the likelier change. */
	if ((size = entry_size(ev, c->name)) == -1)
		return emit(ev, EVENT_RESIZE, c, -1);
	if (size != k->size) {
		k->size = size;
		return emit(ev, EVENT_RESIZE, c, size);
	}
	return emit(ev, EVENT_WRITE, c, size);
}

static int
on_attrib(struct events *ev, const struct change *c)
{
	struct known *k = sizes_find(ev, c->name);

	if (k == NULL)
		return 0;
	return emit(ev, EVENT_ATTRIB, c, entry_size(ev, c->name));
}

static int
on_overflow(struct events *ev)
{
	struct event e = { .kind = EVENT_OVERFLOW, .time = ev->now,
	    .size = -1 };

	/* Lost events may have changed any size: start again from now. */
	sizes_load(ev);
	return ev->fn(&e, ev->arg);
}

/*
 * fanotify merges the events one process causes on one name while they
 * wait to be read, into one mask: they are told in the order they must
 * have happened (a mode set before the size, as shm-open's callers do),
 * a removal of a name already known first when a new object took the
 * name again.
 */
static int
on_mask(struct events *ev, const struct change *c)
{
	bool create = c->what & CHANGE_CREATE, delete = c->what & CHANGE_DELETE;
	bool modify = c->what & CHANGE_MODIFY, attrib = c->what & CHANGE_ATTRIB;
	int rc = 0;

	if (delete && create && sizes_find(ev, c->name) != NULL) {
		if ((rc = on_delete(ev, c)) != 0)
			return rc;
		delete = false;
	}
	/*
	 * Changes merged with the removal of a name now gone were made to
	 * the object after it lost its name (shmctl-anon(1) sizes its
	 * object so), or their result went with it: the name's story is
	 * its creation and its removal.
	 */
	if (delete && entry_size(ev, c->name) == -1)
		modify = attrib = false;
	if (create && (rc = on_create(ev, c)) != 0)
		return rc;
	if (attrib && (rc = on_attrib(ev, c)) != 0)
		return rc;
	if (modify && (rc = on_modify(ev, c)) != 0)
		return rc;
	if (delete)
		rc = on_delete(ev, c);
	return rc;
}

static int
on_change(const struct change *c, void *arg)
{
	struct events *ev = arg;

	if (c->what & CHANGE_OVERFLOW)
		return on_overflow(ev);
	if (c->what & CHANGE_RENAME)
		return on_rename(ev, c);
	if (c->what & CHANGE_MOVED_IN)
		return on_moved_in(ev, c);
	return on_mask(ev, c);
}

/* --- the stream -------------------------------------------------------- */

struct events *
events_open(const struct pshm_ns *ns, struct events_error *err)
{
	struct events *ev = xcalloc(1, sizeof *ev);

	ev->ns = ns;
	if ((ev->notify = notify_open(ns->dirfd, err)) == NULL) {
		free(ev);
		return NULL;
	}
	/* After the watch is in place: no change between is missed. */
	sizes_load(ev);
	return ev;
}

void
events_close(struct events *ev)
{
	if (ev == NULL)
		return;
	notify_close(ev->notify);
	sizes_clear(ev);
	free(ev->sizes);
	free(ev);
}

enum events_source
events_source(const struct events *ev, struct events_error *why)
{
	return notify_source(ev->notify, why);
}

int
events_fd(const struct events *ev)
{
	return notify_fd(ev->notify);
}

int
events_read(struct events *ev, events_fn *fn, void *arg,
    struct events_error *err)
{
	ev->fn = fn;
	ev->arg = arg;
	clock_gettime(CLOCK_REALTIME, &ev->now);
	ev->comm_pid = 0;
	return notify_read(ev->notify, on_change, ev, err);
}
