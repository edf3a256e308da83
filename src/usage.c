/*
 * usage.c -- df's sums: the file system's figures and the objects' totals,
 * by kind and by owner (shmctl-df(1)).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>

#include "deleted.h"
#include "usage.h"
#include "xmalloc.h"

int
usage_fs_read(struct usage_fs *fs, const struct pshm_ns *ns)
{
	struct statvfs sv;
	struct statfs sf;
	const char *type;

	if (fstatvfs(ns->dirfd, &sv) == -1 || fstatfs(ns->dirfd, &sf) == -1)
		return -1;
	/* As df(1) computes them from the same call. */
	type = pshm_fs_name((unsigned long)sf.f_type);
	fs->type = type != NULL ? type : "?";
	fs->size = (uintmax_t)sv.f_blocks * sv.f_frsize;
	fs->used = (uintmax_t)(sv.f_blocks - sv.f_bfree) * sv.f_frsize;
	fs->avail = (uintmax_t)sv.f_bavail * sv.f_frsize;
	fs->inodes = sv.f_files;
	fs->inodes_free = sv.f_ffree;
	return 0;
}

static struct usage_owner *
owner_of(struct usage *u, uid_t uid)
{
	for (size_t i = 0; i < u->nowners; i++)
		if (u->owners[i].uid == uid)
			return &u->owners[i];
	u->owners = xreallocarray(u->owners, u->nowners + 1,
	    sizeof *u->owners);
	u->owners[u->nowners] = (struct usage_owner){ .uid = uid };
	return &u->owners[u->nowners++];
}

void
usage_add(struct usage *u, const struct shm_row *r)
{
	uintmax_t alloc = row_alloc_bytes(&r->st);
	struct usage_owner *o;

	if (r->deleted) {
		u->deleted++;
		if (!r->st_unknown)
			u->deleted_alloc += alloc;
		return;
	}
	if (r->type == SHM_TYPE_SEM) {
		u->semaphores++;
		return;
	}
	if (r->type != SHM_TYPE_SHM)
		return;
	u->objects++;
	u->apparent += (uintmax_t)r->st.size;
	u->alloc += alloc;
	o = owner_of(u, r->st.uid);
	o->objects++;
	o->apparent += (uintmax_t)r->st.size;
	o->alloc += alloc;
}

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

/* Most allocated first, then most objects, then by uid. */
static int
cmp_owners(const void *va, const void *vb)
{
	const struct usage_owner *a = va, *b = vb;
	int c = CMP(b->alloc, a->alloc);

	if (c == 0)
		c = CMP(b->objects, a->objects);
	return c != 0 ? c : CMP(a->uid, b->uid);
}

static int
cmp_largest(const void *va, const void *vb)
{
	const struct shm_row *a = *(struct shm_row *const *)va;
	const struct shm_row *b = *(struct shm_row *const *)vb;
	int c = CMP(b->st.blocks, a->st.blocks);

	if (c == 0)
		c = CMP(b->st.size, a->st.size);
	return c != 0 ? c : strcmp(a->name, b->name);
}

void
usage_finish(struct usage *u, struct shm_row *rows, size_t n,
    size_t top)
{
	size_t k = 0;

	if (u->nowners > 1)
		qsort(u->owners, u->nowners, sizeof *u->owners, cmp_owners);
	u->largest = xreallocarray(NULL, n > 0 ? n : 1, sizeof *u->largest);
	for (size_t i = 0; i < n; i++)
		if (rows[i].type == SHM_TYPE_SHM && !rows[i].deleted)
			u->largest[k++] = &rows[i];
	if (k > 1)
		qsort(u->largest, k, sizeof *u->largest, cmp_largest);
	u->nlargest = k < top ? k : top;
}

int
usage_read(struct usage *u, const struct pshm_ns *ns, struct row_list *rows,
    const struct row_filter *f)
{
	if (usage_fs_read(&u->fs, ns) != 0)
		return -1;
	row_list_read(rows, ns, f);
	for (size_t i = 0; i < rows->n; i++)
		usage_add(u, &rows->v[i]);
	return 0;
}

void
usage_cgroup(struct usage *u, pid_t pid)
{
	if (cgroup_mem_read(pid, &u->cgroup) != 0)
		return;
	u->has_cgroup = true;
	u->container = cgroup_container(u->cgroup.path, u->container_buf,
	    sizeof u->container_buf);
}

int
usage_want_deleted(struct usage *u, struct deleted *d, struct holders *h,
    const struct pshm_ns *ns)
{
	struct stat st;

	if (fstat(ns->dirfd, &st) == -1)
		return -1;
	u->dev = st.st_dev;
	return deleted_want_ns(d, h, ns, NULL);
}

void
usage_add_deleted(struct usage *u, const struct deleted *d,
    struct holders *h)
{
	const struct holders_blind *b = holders_blind(h);
	struct row_filter all = { .sems = true };
	struct row_list rows = { 0 };

	deleted_rows(d, h, &all, "", &rows);
	for (size_t i = 0; i < rows.n; i++)
		if (rows.v[i].st.dev == u->dev)
			usage_add(u, &rows.v[i]);
	row_list_free(&rows);
	/* One held only by a process not inspected is not found. */
	u->deleted_complete = !b->noproc && !b->hidden && b->nprocs == 0;
}

double
usage_share(const struct usage *u, uintmax_t bytes)
{
	return u->fs.size > 0 ? 100.0 * (double)bytes / (double)u->fs.size :
	    0.0;
}

void
usage_free(struct usage *u)
{
	free(u->owners);
	free(u->largest);
	u->owners = NULL;
	u->largest = NULL;
	u->nowners = u->nlargest = 0;
}
