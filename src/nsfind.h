/*
 * nsfind.h -- every shm namespace of the host (list -A, df -A): each
 * distinct memory file system that some process sees at its /dev/shm,
 * reached through /proc/PID/root/dev/shm and resolved inside that root as
 * pshm_ns_open does, one per device, this process's own first.
 */
#ifndef SHMCTL_NSFIND_H
#define SHMCTL_NSFIND_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"
#include "shm.h"

struct ns_info {
	struct pshm_ns ns;	/* /dev/shm, or /proc/PID/root/dev/shm */
	dev_t dev;
	size_t index;		/* its place in the list: the host's is 0 */
	pid_t pid;		/* a process that sees it (the lowest found) */
	bool host;		/* this process's own /dev/shm */
	bool has_cgroup;	/* pid's cgroup path was read */
	struct cgroup_mem cgroup;
	const char *container;	/* what the cgroup path names, or NULL */
	char container_buf[128];
	char label[192];	/* "0:45 pid 1234 docker 0123456789ab" */
};

struct ns_list {
	struct ns_info **v;	/* each allocated: rows point at them */
	size_t n;
	size_t unreadable;	/* processes whose root could not be read */
};

/*
 * Finds the namespaces.  Returns 0, or -1 with err set when this process's
 * own /dev/shm cannot be opened (processes whose root or /dev/shm cannot
 * be read, or is no memory file system, are left out).
 */
int ns_find_all(struct ns_list *, struct pshm_error *);
void ns_list_free(struct ns_list *);

#endif
