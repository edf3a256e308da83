/*
 * deleted.c -- the objects that have lost their name but are still held
 * (see deleted.h).
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deleted.h"
#include "proc.h"
#include "xmalloc.h"

#define DELETED_SUFFIX	" (deleted)"

/* A device asked about, and how the names of its objects are made. */
struct device {
	struct deleted *d;
	bool memfd;		/* the internal shm mount: memfds only */
	const struct ns_info *ns;
	/*
	 * The namespace directory as the kernel's link texts begin with it:
	 * its path here, and the path its processes use (/dev/shm in a
	 * container's root); "" where there is none.
	 */
	char prefix[2][PATH_MAX];
};

struct object {
	char *name;
	enum shm_type type;
	bool st_unknown;
	struct pshm_stat st;
	const struct ns_info *ns;
};

struct deleted {
	struct device **dev;
	size_t ndev;
	struct object *obj;
	size_t nobj;
};

struct deleted *
deleted_new(void)
{
	return xcalloc(1, sizeof(struct deleted));
}

void
deleted_free(struct deleted *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->ndev; i++)
		free(d->dev[i]);
	for (size_t i = 0; i < d->nobj; i++)
		free(d->obj[i].name);
	free(d->dev);
	free(d->obj);
	free(d);
}

static bool
ends_deleted(const char *s)
{
	size_t n = strlen(s), k = sizeof DELETED_SUFFIX - 1;

	return n >= k && strcmp(s + n - k, DELETED_SUFFIX) == 0;
}

/* The text before " (deleted)"; false when it does not end so. */
static bool
strip_deleted(char *s)
{
	if (!ends_deleted(s))
		return false;
	s[strlen(s) - (sizeof DELETED_SUFFIX - 1)] = '\0';
	return true;
}

/*
 * The maps text of a path, where map_files/ cannot be read: the kernel
 * writes a newline in it as \012 and nothing else escaped.
 */
static void
maps_path_copy(char *dst, size_t len, const char *path)
{
	size_t n = 0;

	while (*path != '\0' && n + 1 < len) {
		if (strncmp(path, "\\012", 4) == 0) {
			dst[n++] = '\n';
			path += 4;
		} else
			dst[n++] = *path++;
	}
	dst[n] = '\0';
}

/*
 * Looks at the object a reference reaches through its own entry (fd/N
 * or map_files/START-END): its metadata into st (false in *known where
 * that entry cannot be followed) and its link text into link.  False when
 * the reference is gone or no longer this object.
 */
static bool
ref_look(const struct proc_ref *ref, struct stat *st, bool *known,
    char *link, size_t len)
{
	char entry[64];
	const char *name = ref->fd;
	ssize_t n;

	if (name == NULL) {
		snprintf(entry, sizeof entry, "map_files/%lx-%lx", ref->start,
		    ref->end);
		name = entry;
	}
	/* stat(2) of the entry: the target's inode, nothing opened. */
	*known = fstatat(ref->dirfd, name, st, 0) == 0;
	if (!*known && (ref->fd != NULL || ref->path == NULL))
		return false;
	if (*known && (st->st_dev != ref->dev || st->st_ino != ref->ino))
		return false;	/* closed and used again meanwhile */
	if ((n = readlinkat(ref->dirfd, name, link, len - 1)) >= 0)
		link[n] = '\0';
	else if (ref->path != NULL)
		maps_path_copy(link, len, ref->path);
	else
		return false;
	return true;
}

/* The last name: the link text without the namespace directory. */
static const char *
last_name(const struct device *dv, const char *link)
{
	if (dv->memfd)
		return link + 1;	/* "memfd:NAME" */
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(dv->prefix[i]);

		if (n > 0 && strncmp(link, dv->prefix[i], n) == 0 &&
		    link[n] == '/')
			return link + n;
	}
	return link;
}

static bool
deleted_found(const struct proc_ref *ref, struct pshm_stat *ps, void *arg)
{
	struct device *dv = arg;
	struct deleted *d = dv->d;
	char link[PATH_MAX + sizeof DELETED_SUFFIX];
	char path[PATH_MAX + sizeof DELETED_SUFFIX];
	struct proc_ref withpath;
	struct object *o;
	struct stat st;
	bool known;

	/* A mapping read by PROCMAP_QUERY: its path asked for now. */
	if (ref->fd == NULL && ref->path == NULL && ref->mapsfd != -1) {
		withpath = *ref;
		withpath.path = proc_ref_maps_path(ref, path, sizeof path);
		ref = &withpath;
	}
	/* A name still reaches it: nothing to look at. */
	if (ref->nlink > 0 || (ref->path != NULL &&
	    !ends_deleted(ref->path)))
		return false;
	/* Objects are regular files: not a FIFO held open. */
	if (!ref_look(ref, &st, &known, link, sizeof link) ||
	    (known && (st.st_nlink != 0 || !S_ISREG(st.st_mode))) ||
	    !strip_deleted(link) ||
	    (dv->memfd && strncmp(link, "/memfd:", 7) != 0))
		return false;
	d->obj = xreallocarray(d->obj, d->nobj + 1, sizeof *d->obj);
	o = &d->obj[d->nobj++];
	*o = (struct object){
		.name = xstrdup(last_name(dv, link)),
		.type = SHM_TYPE_MEMFD,
		.st_unknown = !known,
		.ns = dv->ns,
	};
	if (!dv->memfd) {	/* a semaphore (sem_unlink(3)) too */
		const char *base = strrchr(o->name, '/');

		o->type = shm_type_of(base != NULL ? base + 1 : o->name,
		    S_IFREG);
	}
	if (known)
		pshm_stat_from(&o->st, &st);
	else	/* as if any process not inspected could hold it */
		o->st = (struct pshm_stat){ .dev = ref->dev, .ino = ref->ino,
		    .mode = S_IFREG | 0666 };
	*ps = o->st;
	return true;
}

static struct device *
device_add(struct deleted *d, struct holders *h, dev_t dev)
{
	struct device *dv = xcalloc(1, sizeof *dv);

	dv->d = d;
	d->dev = xreallocarray(d->dev, d->ndev + 1, sizeof *d->dev);
	d->dev[d->ndev++] = dv;
	holders_want_device(h, dev, deleted_found, dv);
	return dv;
}

int
deleted_want_ns(struct deleted *d, struct holders *h,
    const struct pshm_ns *ns, const struct ns_info *info)
{
	struct device *dv;
	struct stat st;
	char self[64];
	const char *root;
	ssize_t n;

	if (fstat(ns->dirfd, &st) == -1)
		return -1;
	dv = device_add(d, h, st.st_dev);
	dv->ns = info;
	snprintf(self, sizeof self, "/proc/self/fd/%d", ns->dirfd);
	if ((n = readlink(self, dv->prefix[0], sizeof dv->prefix[0] - 1)) > 0)
		dv->prefix[0][n] = '\0';
	else
		dv->prefix[0][0] = '\0';
	/* A container's namespace, /proc/PID/root/dev/shm: "/dev/shm". */
	if (strncmp(ns->path, "/proc/", 6) == 0 &&
	    (root = strstr(ns->path, "/root/")) != NULL)
		snprintf(dv->prefix[1], sizeof dv->prefix[1], "%s", root + 5);
	return 0;
}

int
deleted_want_memfd(struct deleted *d, struct holders *h)
{
	struct device *dv;
	struct stat st;
	int fd;

	if ((fd = memfd_create("shmctl", MFD_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	dv = device_add(d, h, st.st_dev);
	dv->memfd = true;
	return 0;
}

void
deleted_rows(const struct deleted *d, struct holders *h,
    const struct row_filter *f, const char *nspath, struct row_list *rows)
{
	for (size_t i = 0; i < d->nobj; i++) {
		const struct object *o = &d->obj[i];
		struct shm_row *r;

		if (!row_filter_name(f, nspath, o->name + (o->name[0] == '/')))
			continue;
		r = row_list_add(rows, o->name);
		r->deleted = true;
		r->type = o->type;
		r->st = o->st;
		r->st_unknown = o->st_unknown;
		r->ns = o->ns;
		/* Wanted by the scan already: the same object's results. */
		r->holders = holders_of(h, holders_want(h, &o->st));
	}
}
