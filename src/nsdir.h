/*
 * nsdir.h -- a namespace directory read into rows (list, gc).
 */
#ifndef SHMCTL_NSDIR_H
#define SHMCTL_NSDIR_H

#include <stdbool.h>

#include "row.h"
#include "shm.h"

/*
 * Which entries of a namespace directory row_list_read makes rows of.
 * Patterns are fnmatch(3) patterns of the name, given as a NAME may be:
 * with or without the leading slash or the namespace directory.
 */
struct row_filter {
	bool sems;		/* sem.* too (glibc's semaphores) */
	bool nonregular;	/* symlinks, FIFOs, directories... too */
	char *const *patterns;	/* none: every name */
	int npatterns;
	char *const *excludes;	/* and none of these */
	int nexcludes;
	/* If not NULL, has the last word on an entry's metadata. */
	bool (*wanted)(const struct pshm_stat *, void *arg);
	/* Told of an entry, or (name NULL) the directory, not read. */
	void (*warn)(void *arg, const char *name, int errnum);
	void *arg;
};

/*
 * Returns -1 with *bad set to a pattern that is empty once its directory
 * and slash are taken off, 0 when there is none.
 */
int row_filter_check(const struct row_filter *, const char *nspath,
    const char **bad);

/*
 * Adds a row for each entry of the namespace directory that the filter
 * lets through, looked at with fstatat(AT_SYMLINK_NOFOLLOW): never followed
 * or opened, so that a FIFO or a device under a name cannot block or be
 * touched, at one system call per entry.  An entry removed meanwhile is
 * left out; one that cannot be looked at is told to warn and left out.
 * Returns 0, or -1 when anything was told to warn.
 */
int row_list_read(struct row_list *, const struct pshm_ns *,
    const struct row_filter *);

#endif
