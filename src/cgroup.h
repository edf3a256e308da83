/*
 * cgroup.h -- a process's memory cgroup (cgroup v2) and the container its
 * cgroup path names: what df says of a container's namespace, since the
 * shared memory its processes touch is charged to that cgroup and counts
 * against its memory limit (shmctl-df(1)).
 */
#ifndef SHMCTL_CGROUP_H
#define SHMCTL_CGROUP_H

#include <sys/types.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cgroup_mem {
	int version;		/* 2, or 1 where memory is on cgroup v1 */
	char path[PATH_MAX];	/* as /proc/PID/cgroup says: "/system.slice/..." */
	bool has_max;		/* memory.max (v1: memory.limit_in_bytes) */
	bool unlimited;		/* memory.max is "max" */
	uintmax_t max;
	bool has_shmem;		/* memory.stat's shmem could be read */
	uintmax_t shmem;
};

/*
 * Reads pid's memory cgroup: its path, its memory.max and the shmem line
 * of its memory.stat under the cgroup2 mount this process sees, or where
 * the memory controller is on cgroup v1 (a hybrid hierarchy), the same
 * from v1's memory.limit_in_bytes and memory.stat.  0 when a path was
 * found (the figures may still be missing: no memory controller, a cgroup
 * outside this process's cgroup namespace); -1 with errno set when the
 * process has no cgroup path.
 */
int cgroup_mem_read(pid_t pid, struct cgroup_mem *);

/*
 * The container a cgroup path names: "docker 0123456789ab", "podman ...",
 * "containerd ...", "cri-o ...", "kubernetes pod UID" (and " container
 * ID" where the runtime's scope is there too), or NULL for none.
 */
const char *cgroup_container(const char *path, char *buf, size_t len);

#endif
