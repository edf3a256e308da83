/*
 * usage.h -- where the memory of a namespace is (shmctl-df(1)): its file
 * system as statvfs(2) says it, and its objects summed by kind and by
 * owner.  Every figure df prints is computed here, once, so that every
 * reader of them (df's table, its JSON, the metrics) shows the same ones.
 */
#ifndef SHMCTL_USAGE_H
#define SHMCTL_USAGE_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"
#include "holders.h"
#include "nsdir.h"
#include "row.h"
#include "shm.h"

/* The file system, with the figures df -B1 shows for the directory. */
struct usage_fs {
	const char *type;	/* "tmpfs", "ramfs", "hugetlbfs" or "?" */
	uintmax_t size;		/* f_blocks * f_frsize */
	uintmax_t used;		/* (f_blocks - f_bfree) * f_frsize */
	uintmax_t avail;	/* f_bavail * f_frsize */
	uintmax_t inodes;	/* f_files */
	uintmax_t inodes_free;	/* f_ffree */
};

struct usage_owner {
	uid_t uid;
	size_t objects;
	uintmax_t apparent;	/* sum of st_size */
	uintmax_t alloc;	/* sum of st_blocks * 512 */
};

struct usage {
	struct usage_fs fs;
	size_t objects;		/* named shared memory objects */
	uintmax_t apparent;
	uintmax_t alloc;
	size_t semaphores;	/* sem.* entries */
	size_t deleted;		/* nameless objects still held */
	uintmax_t deleted_alloc; /* of those whose metadata could be read */
	bool deleted_complete;	/* every process could be inspected: no
				   nameless object can have been missed */
	dev_t dev;		/* the file system's, for usage_add_deleted */
	struct usage_owner *owners; /* of the named objects, usage_finish
				       sorts them: most allocated first */
	size_t nowners;
	struct shm_row **largest; /* the top named objects */
	size_t nlargest;
	bool has_cgroup;	/* a container's namespace: its process's */
	struct cgroup_mem cgroup;
	const char *container;	/* what the cgroup path names, or NULL */
	char container_buf[128];
};

/*
 * The file system of the namespace ns and a row for each entry of it that
 * filter lets through, each counted (usage_add).  Returns 0, or -1 with
 * errno set when the file system cannot be read (entries that cannot be
 * read are told to filter's warn, as row_list_read does).
 */
int usage_read(struct usage *, const struct pshm_ns *, struct row_list *,
    const struct row_filter *);

/*
 * The memory cgroup of pid, the process whose root the namespace is seen
 * through, and the container its path names.
 */
void usage_cgroup(struct usage *, pid_t pid);

/* Reads the file system of the namespace; -1 with errno set. */
int usage_fs_read(struct usage_fs *, const struct pshm_ns *);

/*
 * Counts a row by its kind: an object (also by owner), a semaphore, or,
 * when deleted, a nameless one.  Other entries count for nothing.
 */
void usage_add(struct usage *, const struct shm_row *);

/*
 * Sorts the owners and keeps the top largest named objects of rows (most
 * allocated first, then the biggest, then by name), pointing into rows.
 */
void usage_finish(struct usage *, struct shm_row *rows, size_t n,
    size_t top);

/*
 * The nameless objects still held (shmctl-list(1) --deleted) of the
 * namespace ns, found by the scan h shares with whatever else it is asked:
 * usage_want_deleted before holders_scan (-1 with errno set when the
 * namespace cannot be looked at), usage_add_deleted after it.
 */
struct deleted;
int usage_want_deleted(struct usage *, struct deleted *, struct holders *,
    const struct pshm_ns *ns);
void usage_add_deleted(struct usage *, const struct deleted *,
    struct holders *);

/* An owner's share of the file system, in percent (0 for an empty one). */
double usage_share(const struct usage *, uintmax_t bytes);

void usage_free(struct usage *);

#endif
