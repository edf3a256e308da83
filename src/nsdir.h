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
	bool sems;		/* sem.* too (glibc's semaphores), a pattern
				   matching "sem.NAME" or NAME */
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

/* Whether an entry's name (without '/') alone lets it through. */
bool row_filter_name(const struct row_filter *, const char *nspath,
    const char *name);

/*
 * The first pattern that names only semaphores (it begins with "sem.")
 * when the filter leaves semaphores out, for a hint to use -a; else NULL.
 */
const char *row_filter_sem_pattern(const struct row_filter *,
    const char *nspath);

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

/*
 * SVAL: the value of each semaphore row, read as sem_open(3) reaches a
 * semaphore but without writing or blocking: opened the wrapper module's
 * safe way (no links, regular files only, never blocking), checked to be
 * the inode listed, its sem_t read and sem_getvalue(3) asked.  A row
 * whose value cannot be read (no permission, gone, not a sem_t) keeps
 * sval_known false.  Rows of list -A are read in their own namespace, ns
 * for the others.
 */
void row_list_read_svals(struct row_list *, const struct pshm_ns *);

#endif
