/*
 * nsfind.c -- every shm namespace of the host, found through /proc.
 *
 * Processes that share a mount namespace and a root see the same
 * /dev/shm, so each (mount namespace, root) is opened once, by its first
 * process; what it reaches is then told apart by device, since two
 * namespaces may well mount the same file system.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsfind.h"
#include "xmalloc.h"

/* What a process's /dev/shm depends on: its mount namespace and root. */
struct view {
	ino_t mntns;
	dev_t rootdev;
	ino_t rootino;
	struct ns_info *ns;	/* what it reached, or NULL */
};

struct finder {
	struct ns_list *list;
	struct view *views;
	size_t nviews;
};

static struct ns_info *
ns_by_dev(const struct ns_list *l, dev_t dev)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i]->dev == dev)
			return l->v[i];
	return NULL;
}

static void
ns_label(struct ns_info *n)
{
	int len = snprintf(n->label, sizeof n->label, "%u:%u pid %ld",
	    major(n->dev), minor(n->dev), (long)n->pid);

	if (n->container != NULL && len > 0 && (size_t)len < sizeof n->label)
		snprintf(n->label + len, sizeof n->label - (size_t)len, " %s",
		    n->container);
}

/* Adds an opened namespace, taking ns; returns the entry. */
static struct ns_info *
ns_add(struct ns_list *l, const struct pshm_ns *ns, dev_t dev, bool host)
{
	struct ns_info *n = xcalloc(1, sizeof *n);

	n->ns = *ns;
	n->dev = dev;
	n->index = l->n;
	n->host = host;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = n;
	return n;
}

static struct view *
view_find(struct finder *f, const struct view *key)
{
	for (size_t i = 0; i < f->nviews; i++)
		if (f->views[i].mntns == key->mntns &&
		    f->views[i].rootdev == key->rootdev &&
		    f->views[i].rootino == key->rootino)
			return &f->views[i];
	return NULL;
}

/* The /dev/shm that a process of a view not seen before reaches. */
static struct ns_info *
view_open(struct finder *f, const char *pid)
{
	char dir[PATH_MAX];
	struct pshm_ns ns;
	struct stat st;
	struct ns_info *n;

	snprintf(dir, sizeof dir, "/proc/%s/root/dev/shm", pid);
	if (pshm_ns_open(&ns, dir, NULL) != PSHM_OK)
		return NULL;
	if (fstat(ns.dirfd, &st) == -1) {
		pshm_ns_close(&ns);
		return NULL;
	}
	if ((n = ns_by_dev(f->list, st.st_dev)) != NULL) {
		pshm_ns_close(&ns);
		return n;
	}
	return ns_add(f->list, &ns, st.st_dev, false);
}

static void
scan_process(struct finder *f, int procfd, const char *pid)
{
	char path[PATH_MAX];
	struct stat mnt, root;
	struct view key, *v;

	snprintf(path, sizeof path, "%s/ns/mnt", pid);
	if (fstatat(procfd, path, &mnt, 0) == -1)
		goto unreadable;
	snprintf(path, sizeof path, "%s/root", pid);
	if (fstatat(procfd, path, &root, 0) == -1)
		goto unreadable;
	key = (struct view){ mnt.st_ino, root.st_dev, root.st_ino, NULL };
	if ((v = view_find(f, &key)) == NULL) {
		key.ns = view_open(f, pid);
		f->views = xreallocarray(f->views, f->nviews + 1,
		    sizeof *f->views);
		v = &f->views[f->nviews++];
		*v = key;
	}
	/* /proc lists pids in order: the first is the lowest. */
	if (v->ns != NULL && v->ns->pid == 0)
		v->ns->pid = (pid_t)strtol(pid, NULL, 10);
	return;
unreadable:
	/* A process that exited meanwhile is no loss. */
	if (errno != ENOENT && errno != ESRCH)
		f->list->unreadable++;
}

static void
scan_proc(struct finder *f)
{
	struct dirent *e;
	int procfd;
	DIR *d;

	if ((procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return;
	if ((d = fdopendir(procfd)) == NULL) {
		close(procfd);
		return;
	}
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		    strspn(e->d_name, "0123456789") == strlen(e->d_name))
			scan_process(f, dirfd(d), e->d_name);
	closedir(d);
}

int
ns_find_all(struct ns_list *l, struct pshm_error *err)
{
	struct finder f = { .list = l };
	struct pshm_ns host;
	struct stat st;

	memset(l, 0, sizeof *l);
	if (pshm_ns_open(&host, NULL, err) != PSHM_OK)
		return -1;
	if (fstat(host.dirfd, &st) == -1) {
		pshm_fail(err, "stat", errno);
		pshm_ns_close(&host);
		return -1;
	}
	ns_add(l, &host, st.st_dev, true);
	scan_proc(&f);
	free(f.views);
	for (size_t i = 0; i < l->n; i++) {
		struct ns_info *n = l->v[i];

		if (n->pid == 0)
			n->pid = getpid();
		if (!n->host && cgroup_mem_read(n->pid, &n->cgroup) == 0) {
			n->has_cgroup = true;
			n->container = cgroup_container(n->cgroup.path,
			    n->container_buf, sizeof n->container_buf);
		}
		ns_label(n);
	}
	return 0;
}

void
ns_list_free(struct ns_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		pshm_ns_close(&l->v[i]->ns);
		free(l->v[i]);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
