/*
 * events.c -- fanotify(7) or inotify(7) on a namespace directory, as a
 * stream of events (see events.h).
 */
#include "config.h"

#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "nsdir.h"
#include "xmalloc.h"

#define EVENTS_BUFSIZE	65536
/* How long an inotify rename's second half may lag behind its first. */
#define EVENTS_MOVE_WAIT_MS	20
/* No pidfd came with the event: this kernel cannot report them. */
#define EVENTS_NO_PIDFD_SUPPORT	(-3)

#define EVENTS_FAN_MASK \
	(FAN_CREATE | FAN_DELETE | FAN_RENAME | FAN_MODIFY | FAN_ATTRIB)
#define EVENTS_IN_MASK \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | \
	IN_ATTRIB | IN_ONLYDIR | IN_EXCL_UNLINK)

/* The last size seen under a name, the key of the size table. */
struct known {
	char *name;		/* "/name" */
	off_t size;
};

struct events {
	enum events_source source;
	struct events_error why;	/* why not fanotify */
	int fd;				/* fanotify or inotify */
	int dirfd;			/* the namespace's, not owned */
	bool pidfds;			/* events carry pidfds */
	const struct pshm_ns *ns;
	struct file_handle *dirfh;	/* the directory's, for fanotify */
	struct known *sizes;		/* sorted by name */
	size_t nsizes;
	size_t capsizes;
	char pending[NAME_MAX + 2];	/* an inotify IN_MOVED_FROM's name */
	uint32_t cookie;		/* and its cookie; 0 none */
	struct timespec now;		/* when the batch was read */
	pid_t comm_pid;			/* comm read for this pid, this batch */
	bool comm_known;
	char comm[64];
	events_fn *fn;
	void *arg;
	char buf[EVENTS_BUFSIZE] __attribute__((aligned(8)));
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

	if (fstatat(ev->dirfd, name + 1, &st, AT_SYMLINK_NOFOLLOW) == -1)
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
	ssize_t n = -1;
	int procfd, fd;

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
	if ((fd = openat(procfd, "comm", O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	close(procfd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
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

/* What the kernel said about one name, before sizes are looked at. */
struct change {
	const char *name;	/* "/name" */
	const char *from;	/* rename */
	pid_t pid;
	int pidfd;
};

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

static int
on_delete(struct events *ev, const struct change *c)
{
	sizes_remove(ev, c->name);
	return emit(ev, EVENT_DELETE, c, -1);
}

static int
on_rename(struct events *ev, const struct change *c)
{
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
on_mask(struct events *ev, const struct change *c, bool create, bool modify,
    bool attrib, bool delete)
{
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

/* --- fanotify ---------------------------------------------------------- */

/* One DFID_NAME record: in the watched directory, and under which name. */
static bool
fan_record_name(const struct events *ev,
    const struct fanotify_event_info_fid *rec, char *name, size_t len)
{
	const struct file_handle *fh = (const void *)rec->handle;
	size_t head = offsetof(struct fanotify_event_info_fid, handle) +
	    sizeof *fh, left, namelen;
	const char *p;

	if (rec->hdr.len < head || fh->handle_bytes > rec->hdr.len - head)
		return false;
	if (fh->handle_type != ev->dirfh->handle_type ||
	    fh->handle_bytes != ev->dirfh->handle_bytes ||
	    memcmp(fh->f_handle, ev->dirfh->f_handle, fh->handle_bytes) != 0)
		return false;
	p = (const char *)fh->f_handle + fh->handle_bytes;
	left = rec->hdr.len - head - fh->handle_bytes;
	/* One entry's name, ending within the record. */
	namelen = strnlen(p, left);
	if (namelen == left || namelen == 0 || namelen > NAME_MAX)
		return false;
	snprintf(name, len, "/%s", p);
	return true;
}

struct fan_records {
	bool here, old_here, new_here;	/* names in the watched directory */
	char name[NAME_MAX + 2];
	char old[NAME_MAX + 2];
	char new[NAME_MAX + 2];
	int pidfd;
};

static void
fan_parse(const struct events *ev, const struct fanotify_event_metadata *m,
    struct fan_records *r)
{
	const char *p = (const char *)m + m->metadata_len;
	const char *end = (const char *)m + m->event_len;

	r->here = r->old_here = r->new_here = false;
	r->pidfd = ev->pidfds ? FAN_NOPIDFD : EVENTS_NO_PIDFD_SUPPORT;
	while (end - p >= (ptrdiff_t)sizeof(struct fanotify_event_info_header)) {
		const struct fanotify_event_info_header *h = (const void *)p;
		const void *rec = p;

		if (h->len < sizeof *h || h->len > end - p)
			break;
		switch (h->info_type) {
		case FAN_EVENT_INFO_TYPE_DFID_NAME:
			r->here = fan_record_name(ev, rec, r->name,
			    sizeof r->name);
			break;
		case FAN_EVENT_INFO_TYPE_OLD_DFID_NAME:
			r->old_here = fan_record_name(ev, rec, r->old,
			    sizeof r->old);
			break;
		case FAN_EVENT_INFO_TYPE_NEW_DFID_NAME:
			r->new_here = fan_record_name(ev, rec, r->new,
			    sizeof r->new);
			break;
		case FAN_EVENT_INFO_TYPE_PIDFD:
			if (h->len >= sizeof(struct fanotify_event_info_pidfd))
				r->pidfd = ((const struct
				    fanotify_event_info_pidfd *)rec)->pidfd;
			break;
		}
		p += h->len;
	}
}

static int
fan_event(struct events *ev, const struct fanotify_event_metadata *m)
{
	struct fan_records r;
	struct change c;
	int rc = 0;

	if (m->mask & FAN_Q_OVERFLOW)
		return on_overflow(ev);
	fan_parse(ev, m, &r);
	c = (struct change){ .pid = m->pid, .pidfd = r.pidfd };
	if (m->mask & FAN_ONDIR)	/* not asked for; a directory anyway */
		rc = 0;
	else if (m->mask & FAN_RENAME) {
		c.name = r.new_here ? r.new : r.old;
		c.from = r.old;
		if (r.old_here && r.new_here)
			rc = on_rename(ev, &c);
		else if (r.new_here)
			rc = on_moved_in(ev, &c);
		else if (r.old_here)
			rc = on_delete(ev, &c);
	} else if (r.here) {
		c.name = r.name;
		rc = on_mask(ev, &c, m->mask & FAN_CREATE,
		    m->mask & FAN_MODIFY, m->mask & FAN_ATTRIB,
		    m->mask & FAN_DELETE);
	}
	if (r.pidfd >= 0)
		close(r.pidfd);
	if (m->fd >= 0)
		close(m->fd);
	return rc;
}

static int
fan_batch(struct events *ev, size_t len)
{
	const struct fanotify_event_metadata *m = (const void *)ev->buf;
	size_t left = len;
	int rc = 0;

	/* Every event is walked, so that each pidfd is closed. */
	for (; FAN_EVENT_OK(m, left); m = FAN_EVENT_NEXT(m, left))
		if (m->vers == FANOTIFY_METADATA_VERSION && rc == 0)
			rc = fan_event(ev, m);
		else if (m->vers == FANOTIFY_METADATA_VERSION) {
			struct fan_records r;

			fan_parse(ev, m, &r);
			if (r.pidfd >= 0)
				close(r.pidfd);
		}
	return rc;
}

static int
fan_dir_handle(struct events *ev)
{
	struct file_handle *fh = xmalloc(sizeof *fh + MAX_HANDLE_SZ);
	int mnt;

	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(ev->dirfd, "", fh, &mnt, AT_EMPTY_PATH) == -1) {
		free(fh);
		return -1;
	}
	ev->dirfh = fh;
	return 0;
}

static int
fan_fail(struct events *ev, const char *op)
{
	ev->why = (struct events_error){ errno, op };
	if (ev->fd != -1)
		close(ev->fd);
	ev->fd = -1;
	return -1;
}

/*
 * A queue without limit (so that a burst is not lost), pidfds where the
 * kernel has them (5.15), and a mark on the directory's whole file system:
 * the one kind of mark that reports every process's changes by name.
 */
static int
fan_open(struct events *ev)
{
	unsigned flags = FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME |
	    FAN_UNLIMITED_QUEUE | FAN_CLOEXEC | FAN_NONBLOCK;

	ev->fd = fanotify_init(flags | FAN_REPORT_PIDFD, O_RDONLY | O_CLOEXEC);
	ev->pidfds = ev->fd != -1;
	if (ev->fd == -1 && errno == EINVAL)
		ev->fd = fanotify_init(flags, O_RDONLY | O_CLOEXEC);
	if (ev->fd == -1)
		return fan_fail(ev, "fanotify_init");
	if (fan_dir_handle(ev) != 0)
		return fan_fail(ev, "name_to_handle_at");
	/* ".": the directory descriptor may be an O_PATH one. */
	if (fanotify_mark(ev->fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM,
	    EVENTS_FAN_MASK, ev->dirfd, ".") == -1)
		return fan_fail(ev, "fanotify_mark");
	ev->source = EVENTS_FANOTIFY;
	return 0;
}

/* --- inotify ----------------------------------------------------------- */

static int
in_flush_pending(struct events *ev)
{
	struct change c = { .name = ev->pending };

	if (ev->cookie == 0)
		return 0;
	ev->cookie = 0;
	return on_delete(ev, &c);	/* moved out of the directory */
}

static int
in_event(struct events *ev, const struct inotify_event *ie)
{
	char name[NAME_MAX + 2];
	struct change c = { .name = name, .from = ev->pending };
	int rc;

	if (ie->mask & IN_Q_OVERFLOW) {
		if ((rc = in_flush_pending(ev)) != 0)
			return rc;
		return on_overflow(ev);
	}
	if (ie->len == 0 || (ie->mask & IN_ISDIR))
		return 0;
	snprintf(name, sizeof name, "/%s", ie->name);
	if ((ie->mask & IN_MOVED_TO) && ev->cookie != 0 &&
	    ie->cookie == ev->cookie) {
		ev->cookie = 0;
		return on_rename(ev, &c);
	}
	if ((rc = in_flush_pending(ev)) != 0)
		return rc;
	if (ie->mask & IN_MOVED_FROM) {
		snprintf(ev->pending, sizeof ev->pending, "%s", name);
		ev->cookie = ie->cookie != 0 ? ie->cookie : 1;
		return 0;
	}
	if (ie->mask & IN_MOVED_TO)
		return on_moved_in(ev, &c);
	return on_mask(ev, &c, ie->mask & IN_CREATE, ie->mask & IN_MODIFY,
	    ie->mask & IN_ATTRIB, ie->mask & IN_DELETE);
}

static int
in_batch(struct events *ev, size_t len)
{
	size_t off = 0;
	int rc = 0;

	while (rc == 0 && off + sizeof(struct inotify_event) <= len) {
		const struct inotify_event *ie = (const void *)(ev->buf + off);

		rc = in_event(ev, ie);
		off += sizeof *ie + ie->len;
	}
	return rc;
}

static int
in_open(struct events *ev)
{
	char path[64];

	if ((ev->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		return -1;
	/* The directory already opened, not whatever its path names now. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", ev->dirfd);
	if (inotify_add_watch(ev->fd, path, EVENTS_IN_MASK) == -1) {
		int e = errno;

		close(ev->fd);
		ev->fd = -1;
		errno = e;
		return -1;
	}
	ev->source = EVENTS_INOTIFY;
	return 0;
}

/* --- the stream -------------------------------------------------------- */

struct events *
events_open(const struct pshm_ns *ns, struct events_error *err)
{
	struct events *ev = xcalloc(1, sizeof *ev);

	ev->ns = ns;
	ev->fd = -1;
	ev->dirfd = ns->dirfd;
	if (fan_open(ev) != 0 && in_open(ev) != 0) {
		*err = (struct events_error){ errno, "inotify" };
		events_close(ev);
		return NULL;
	}
	sizes_load(ev);
	return ev;
}

void
events_close(struct events *ev)
{
	if (ev == NULL)
		return;
	if (ev->fd != -1)
		close(ev->fd);
	sizes_clear(ev);
	free(ev->sizes);
	free(ev->dirfh);
	free(ev);
}

enum events_source
events_source(const struct events *ev, struct events_error *why)
{
	if (why != NULL)
		*why = ev->why;
	return ev->source;
}

int
events_fd(const struct events *ev)
{
	return ev->fd;
}

/* Whether more events come within ms milliseconds. */
static bool
events_wait(const struct events *ev, int ms)
{
	struct pollfd p = { .fd = ev->fd, .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

int
events_read(struct events *ev, events_fn *fn, void *arg,
    struct events_error *err)
{
	ssize_t n;
	int rc;

	ev->fn = fn;
	ev->arg = arg;
	for (;;) {
		if ((n = read(ev->fd, ev->buf, sizeof ev->buf)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				*err = (struct events_error){ errno, "read" };
				return -1;
			}
			/* A rename's first half waits briefly for the other. */
			if (ev->cookie != 0 &&
			    events_wait(ev, EVENTS_MOVE_WAIT_MS))
				continue;
			return in_flush_pending(ev);
		}
		clock_gettime(CLOCK_REALTIME, &ev->now);
		ev->comm_pid = 0;
		rc = ev->source == EVENTS_FANOTIFY ?
		    fan_batch(ev, (size_t)n) : in_batch(ev, (size_t)n);
		if (rc != 0 || ev->cookie == 0)
			return rc;
	}
}
