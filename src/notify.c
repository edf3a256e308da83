/*
 * notify.c -- fanotify(7) or inotify(7) on a directory, read into changes
 * of its names (see notify.h).
 */
#include "config.h"

#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"
#include "xmalloc.h"

#define NOTIFY_BUFSIZE	65536
/* How long an inotify rename's second half may lag behind its first. */
#define NOTIFY_MOVE_WAIT_MS	20

#define NOTIFY_FAN_MASK \
	(FAN_CREATE | FAN_DELETE | FAN_RENAME | FAN_MODIFY | FAN_ATTRIB)
#define NOTIFY_IN_MASK \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | \
	IN_ATTRIB | IN_ONLYDIR | IN_EXCL_UNLINK)

struct notify {
	enum events_source source;
	struct events_error why;	/* why not fanotify */
	int fd;				/* fanotify or inotify */
	int dirfd;			/* the directory, not owned */
	bool pidfds;			/* events carry pidfds */
	struct file_handle *dirfh;	/* the directory's, for fanotify */
	char pending[NAME_MAX + 2];	/* an inotify IN_MOVED_FROM's name */
	uint32_t cookie;		/* and its cookie; 0 none */
	char buf[NOTIFY_BUFSIZE] __attribute__((aligned(8)));
};

/* --- fanotify ---------------------------------------------------------- */

/* One DFID_NAME record: in the watched directory, and under which name. */
static bool
fan_record_name(const struct notify *n,
    const struct fanotify_event_info_fid *rec, char *name, size_t len)
{
	const struct file_handle *fh = (const void *)rec->handle;
	size_t head = offsetof(struct fanotify_event_info_fid, handle) +
	    sizeof *fh, left, namelen;
	const char *p;

	if (rec->hdr.len < head || fh->handle_bytes > rec->hdr.len - head)
		return false;
	if (fh->handle_type != n->dirfh->handle_type ||
	    fh->handle_bytes != n->dirfh->handle_bytes ||
	    memcmp(fh->f_handle, n->dirfh->f_handle, fh->handle_bytes) != 0)
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
fan_parse(const struct notify *n, const struct fanotify_event_metadata *m,
    struct fan_records *r)
{
	const char *p = (const char *)m + m->metadata_len;
	const char *end = (const char *)m + m->event_len;

	r->here = r->old_here = r->new_here = false;
	r->pidfd = n->pidfds ? FAN_NOPIDFD : NOTIFY_NO_PIDFD;
	while (end - p >= (ptrdiff_t)sizeof(struct fanotify_event_info_header)) {
		const struct fanotify_event_info_header *h = (const void *)p;
		const void *rec = p;

		if (h->len < sizeof *h || h->len > end - p)
			break;
		switch (h->info_type) {
		case FAN_EVENT_INFO_TYPE_DFID_NAME:
			r->here = fan_record_name(n, rec, r->name,
			    sizeof r->name);
			break;
		case FAN_EVENT_INFO_TYPE_OLD_DFID_NAME:
			r->old_here = fan_record_name(n, rec, r->old,
			    sizeof r->old);
			break;
		case FAN_EVENT_INFO_TYPE_NEW_DFID_NAME:
			r->new_here = fan_record_name(n, rec, r->new,
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
fan_event(struct notify *n, const struct fanotify_event_metadata *m,
    notify_fn *fn, void *arg)
{
	struct fan_records r;
	struct change c;
	int rc = 0;

	if (m->mask & FAN_Q_OVERFLOW)
		return fn(&(struct change){ .what = CHANGE_OVERFLOW }, arg);
	fan_parse(n, m, &r);
	c = (struct change){ .pid = m->pid, .pidfd = r.pidfd };
	if (m->mask & FAN_ONDIR)	/* not asked for; a directory anyway */
		c.what = 0;
	else if (m->mask & FAN_RENAME) {
		c.name = r.new_here ? r.new : r.old;
		c.from = r.old;
		c.what = r.old_here && r.new_here ? CHANGE_RENAME :
		    r.new_here ? CHANGE_MOVED_IN :
		    r.old_here ? CHANGE_DELETE : 0;
	} else if (r.here) {
		c.name = r.name;
		c.what = (m->mask & FAN_CREATE ? CHANGE_CREATE : 0) |
		    (m->mask & FAN_DELETE ? CHANGE_DELETE : 0) |
		    (m->mask & FAN_MODIFY ? CHANGE_MODIFY : 0) |
		    (m->mask & FAN_ATTRIB ? CHANGE_ATTRIB : 0);
	}
	if (c.what != 0)
		rc = fn(&c, arg);
	if (r.pidfd >= 0)
		close(r.pidfd);
	if (m->fd >= 0)
		close(m->fd);
	return rc;
}

/*
 * The kernel aligns events in the buffer to 4 bytes, the metadata needs 8
 * (its mask is 64 bits): each event is copied to aligned storage before it
 * is read.  One event is at most a few hundred bytes (two file handles and
 * two names), far below the storage's size.
 */
static int
fan_batch(struct notify *n, size_t len, notify_fn *fn, void *arg)
{
	const char *p = n->buf;
	size_t left = len;
	int rc = 0;

	/* Every event is walked, so that each pidfd is closed. */
	while (left >= FAN_EVENT_METADATA_LEN) {
		union {
			struct fanotify_event_metadata m;
			char b[4096];
		} ev;
		uint32_t elen;

		memcpy(&elen, p, sizeof elen);
		if (elen < FAN_EVENT_METADATA_LEN || elen > left ||
		    elen > sizeof ev)
			break;
		memcpy(ev.b, p, elen);
		if (ev.m.vers == FANOTIFY_METADATA_VERSION && rc == 0)
			rc = fan_event(n, &ev.m, fn, arg);
		else if (ev.m.vers == FANOTIFY_METADATA_VERSION) {
			struct fan_records r;

			fan_parse(n, &ev.m, &r);
			if (r.pidfd >= 0)
				close(r.pidfd);
		}
		p += elen;
		left -= elen;
	}
	return rc;
}

static int
fan_dir_handle(struct notify *n)
{
	struct file_handle *fh = xmalloc(sizeof *fh + MAX_HANDLE_SZ);
	int mnt;

	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(n->dirfd, "", fh, &mnt, AT_EMPTY_PATH) == -1) {
		free(fh);
		return -1;
	}
	n->dirfh = fh;
	return 0;
}

static int
fan_fail(struct notify *n, const char *op)
{
	n->why = (struct events_error){ errno, op };
	if (n->fd != -1)
		close(n->fd);
	n->fd = -1;
	return -1;
}

/*
 * A queue without limit (so that a burst is not lost), pidfds where the
 * kernel has them (5.15), and a mark on the directory's whole file system:
 * the one kind of mark that reports every process's changes by name.
 */
static int
fan_open(struct notify *n)
{
	unsigned flags = FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME |
	    FAN_UNLIMITED_QUEUE | FAN_CLOEXEC | FAN_NONBLOCK;

	n->fd = fanotify_init(flags | FAN_REPORT_PIDFD, O_RDONLY | O_CLOEXEC);
	n->pidfds = n->fd != -1;
	if (n->fd == -1 && errno == EINVAL)
		n->fd = fanotify_init(flags, O_RDONLY | O_CLOEXEC);
	if (n->fd == -1)
		return fan_fail(n, "fanotify_init");
	if (fan_dir_handle(n) != 0)
		return fan_fail(n, "name_to_handle_at");
	/* ".": the directory descriptor may be an O_PATH one. */
	if (fanotify_mark(n->fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM,
	    NOTIFY_FAN_MASK, n->dirfd, ".") == -1)
		return fan_fail(n, "fanotify_mark");
	n->source = EVENTS_FANOTIFY;
	return 0;
}

/* --- inotify ----------------------------------------------------------- */

/* An IN_MOVED_FROM whose IN_MOVED_TO never came: moved out. */
static int
in_flush_pending(struct notify *n, notify_fn *fn, void *arg)
{
	struct change c = { .what = CHANGE_DELETE, .name = n->pending };

	if (n->cookie == 0)
		return 0;
	n->cookie = 0;
	return fn(&c, arg);
}

static int
in_event(struct notify *n, const struct inotify_event *ie, notify_fn *fn,
    void *arg)
{
	char name[NAME_MAX + 2];
	struct change c = { .name = name, .from = n->pending };
	int rc;

	if (ie->mask & IN_Q_OVERFLOW) {
		if ((rc = in_flush_pending(n, fn, arg)) != 0)
			return rc;
		return fn(&(struct change){ .what = CHANGE_OVERFLOW }, arg);
	}
	if (ie->len == 0 || (ie->mask & IN_ISDIR))
		return 0;
	snprintf(name, sizeof name, "/%s", ie->name);
	if ((ie->mask & IN_MOVED_TO) && n->cookie != 0 &&
	    ie->cookie == n->cookie) {
		n->cookie = 0;
		c.what = CHANGE_RENAME;
		return fn(&c, arg);
	}
	if ((rc = in_flush_pending(n, fn, arg)) != 0)
		return rc;
	if (ie->mask & IN_MOVED_FROM) {
		snprintf(n->pending, sizeof n->pending, "%s", name);
		n->cookie = ie->cookie != 0 ? ie->cookie : 1;
		return 0;
	}
	c.what = (ie->mask & IN_MOVED_TO ? CHANGE_MOVED_IN : 0) |
	    (ie->mask & IN_CREATE ? CHANGE_CREATE : 0) |
	    (ie->mask & IN_DELETE ? CHANGE_DELETE : 0) |
	    (ie->mask & IN_MODIFY ? CHANGE_MODIFY : 0) |
	    (ie->mask & IN_ATTRIB ? CHANGE_ATTRIB : 0);
	return c.what != 0 ? fn(&c, arg) : 0;
}

static int
in_batch(struct notify *n, size_t len, notify_fn *fn, void *arg)
{
	size_t off = 0;
	int rc = 0;

	while (rc == 0 && off + sizeof(struct inotify_event) <= len) {
		const struct inotify_event *ie = (const void *)(n->buf + off);

		rc = in_event(n, ie, fn, arg);
		off += sizeof *ie + ie->len;
	}
	return rc;
}

static int
in_open(struct notify *n)
{
	char path[64];

	if ((n->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		return -1;
	/* The directory already opened, not whatever its path names now. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", n->dirfd);
	if (inotify_add_watch(n->fd, path, NOTIFY_IN_MASK) == -1) {
		int e = errno;

		close(n->fd);
		n->fd = -1;
		errno = e;
		return -1;
	}
	n->source = EVENTS_INOTIFY;
	return 0;
}

/* --- either ------------------------------------------------------------ */

struct notify *
notify_open(int dirfd, struct events_error *err)
{
	struct notify *n = xcalloc(1, sizeof *n);

	n->fd = -1;
	n->dirfd = dirfd;
	if (fan_open(n) != 0 && in_open(n) != 0) {
		*err = (struct events_error){ errno, "inotify" };
		notify_close(n);
		return NULL;
	}
	return n;
}

void
notify_close(struct notify *n)
{
	if (n == NULL)
		return;
	if (n->fd != -1)
		close(n->fd);
	free(n->dirfh);
	free(n);
}

enum events_source
notify_source(const struct notify *n, struct events_error *why)
{
	if (why != NULL)
		*why = n->why;
	return n->source;
}

int
notify_fd(const struct notify *n)
{
	return n->fd;
}

/* Whether more events come within ms milliseconds. */
static bool
notify_wait(const struct notify *n, int ms)
{
	struct pollfd p = { .fd = n->fd, .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

int
notify_read(struct notify *n, notify_fn *fn, void *arg,
    struct events_error *err)
{
	ssize_t len;
	int rc;

	for (;;) {
		if ((len = read(n->fd, n->buf, sizeof n->buf)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				*err = (struct events_error){ errno, "read" };
				return -1;
			}
			/* A rename's first half waits briefly for the other. */
			if (n->cookie != 0 &&
			    notify_wait(n, NOTIFY_MOVE_WAIT_MS))
				continue;
			return in_flush_pending(n, fn, arg);
		}
		rc = n->source == EVENTS_FANOTIFY ?
		    fan_batch(n, (size_t)len, fn, arg) :
		    in_batch(n, (size_t)len, fn, arg);
		if (rc != 0 || n->cookie == 0)
			return rc;
	}
}
