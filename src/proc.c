/*
 * proc.c -- readers of /proc (see proc.h).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kcmp.h>

#include "proc.h"

enum proc_read
proc_errno(int e)
{
	return e == ENOENT || e == ESRCH ? PROC_GONE : PROC_DENIED;
}

ssize_t
proc_read_small(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0, total = 0;

	if (fd == -1)
		return -1;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	if (n == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

bool
proc_read_comm(int dirfd, char *buf, size_t size)
{
	char *nl;

	if (proc_read_small(dirfd, "comm", buf, size) <= 0)
		return false;
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	return true;
}

const char *
proc_status_field(const char *status, const char *key)
{
	size_t len = strlen(key);

	for (const char *s = status; s != NULL && *s != '\0';) {
		if (strncmp(s, key, len) == 0)
			return s + len;
		if ((s = strchr(s, '\n')) != NULL)
			s++;
	}
	return NULL;
}

int
proc_status_ids(const char *status, const char *key,
    void (*add)(unsigned id, void *arg), void *arg)
{
	const char *s = proc_status_field(status, key);
	char *end;

	if (s == NULL)
		return -1;
	for (;;) {
		unsigned long id = strtoul(s, &end, 10);

		if (end == s)
			break;
		add((unsigned)id, arg);
		s = end;
	}
	return 0;
}

bool
proc_status_privileged(const char *status)
{
	const char *cap = proc_status_field(status, "CapEff:");
	const char *uid = proc_status_field(status, "Uid:");
	char *end;

	if (cap == NULL || uid == NULL || strtoull(cap, &end, 16) != 0 ||
	    end == cap)
		return true;
	for (int i = 0; i < 4; i++) {
		unsigned long id = strtoul(uid, &end, 10);

		if (end == uid || id == 0)
			return true;
		uid = end;
	}
	return false;
}

int
proc_stat_parse(const char *stat, char *state, unsigned long *flags)
{
	const char *s;

	/* The command name can hold anything, ')' too: look from the end. */
	if ((s = strrchr(stat, ')')) == NULL ||
	    sscanf(s + 1, " %c %*d %*d %*d %*d %*d %lu", state, flags) != 2)
		return -1;
	return 0;
}

int
proc_read_stat(int dirfd, struct proc_stat *ps)
{
	char buf[1024];
	const char *s;

	if (proc_read_small(dirfd, "stat", buf, sizeof buf) == -1)
		return -1;
	/* The command name can hold anything, ')' too: look from the end. */
	if ((s = strrchr(buf, ')')) == NULL || sscanf(s + 1, " %c %*d %*d %*d "
	    "%*d %*d %lu %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %ld",
	    &ps->state, &ps->flags, &ps->nthreads) != 3) {
		errno = EINVAL;	/* not a reason to think it gone */
		return -1;
	}
	return 0;
}

enum proc_read
proc_each_thread(int dirfd, pid_t pid,
    void (*fn)(int taskfd, pid_t tid, void *arg), void *arg)
{
	char buf[4096] __attribute__((aligned(8)));
	ssize_t n;
	int fd, tfd;

	if ((fd = openat(dirfd, "task", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return proc_errno(errno);
	while ((n = getdents64(fd, buf, sizeof buf)) > 0)
		for (ssize_t off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			char *end;
			long tid = strtol(e->d_name, &end, 10);

			off += e->d_reclen;
			if (*end != '\0' || tid <= 0 || tid == pid)
				continue;
			if ((tfd = openat(fd, e->d_name, O_RDONLY |
			    O_DIRECTORY | O_CLOEXEC)) == -1)
				continue;	/* it ended meanwhile */
			fn(tfd, (pid_t)tid, arg);
			close(tfd);
		}
	close(fd);
	return n == -1 ? proc_errno(errno) : PROC_OK;
}

bool
proc_same_files(pid_t pid, pid_t tid)
{
	return syscall(SYS_kcmp, pid, tid, KCMP_FILES, 0UL, 0UL) == 0;
}

int
proc_holds_nothing(int dirfd)
{
	char buf[1024], state;
	unsigned long flags;

	if (proc_read_small(dirfd, "stat", buf, sizeof buf) == -1)
		return -1;
	if (proc_stat_parse(buf, &state, &flags) != 0) {
		errno = EINVAL;	/* not a reason to think it gone */
		return -1;
	}
	return (flags & PROC_PF_KTHREAD) || state == 'Z' || state == 'X';
}

bool
proc_maps_line_ref(const char *line, struct proc_ref *ref)
{
	unsigned long maj, min;
	unsigned long long inode;
	const char *s = line;
	char *end;

	*ref = (struct proc_ref){ .nlink = -1, .dirfd = -1, .mapsfd = -1 };
	ref->start = strtoul(s, &end, 16);
	ref->end = *end == '-' ? strtoul(end + 1, NULL, 16) : 0;
	for (int field = 0; field < 3; field++) {
		if ((s = strchr(s, ' ')) == NULL)
			return false;
		s++;
	}
	maj = strtoul(s, &end, 16);
	if (*end != ':')
		return false;
	min = strtoul(end + 1, &end, 16);
	if (*end != ' ')
		return false;
	inode = strtoull(end + 1, &end, 10);
	if (inode == 0)
		return false;	/* anonymous memory */
	ref->dev = makedev(maj, min);
	ref->ino = (ino_t)inode;
	end += strspn(end, " ");
	ref->path = *end != '\0' ? end : NULL;
	return true;
}

bool
proc_maps_line_id(const char *s, dev_t *dev, ino_t *ino)
{
	struct proc_ref ref;

	if (!proc_maps_line_ref(s, &ref))
		return false;
	*dev = ref.dev;
	*ino = ref.ino;
	return true;
}

static void
fd_found(int fddir, const char *name, const struct statx *sx,
    proc_object_fn *fn, void *arg)
{
	struct proc_ref ref = {
		.dev = makedev(sx->stx_dev_major, sx->stx_dev_minor),
		.ino = sx->stx_ino,
		.nlink = sx->stx_mask & STATX_NLINK ? (long)sx->stx_nlink : -1,
		.dirfd = fddir,
		.fd = name,
		.mapsfd = -1,
	};

	fn(&ref, arg);
}

/*
 * The directory is read with getdents64(2) into a buffer here and the
 * maps text with read(2): nothing is allocated, so a failure can only be
 * the process's, never taken for shmctl's own lack of memory.  The cached
 * attributes are enough for the device and inode, and asking for nothing
 * more keeps a hung network or FUSE file system from hanging the scan.
 */
enum proc_read
proc_each_fd(int dirfd, proc_object_fn *fn, void *arg)
{
	char buf[4096] __attribute__((aligned(8)));
	enum proc_read rc = PROC_OK;
	struct statx sx;
	ssize_t n;
	int fd;

	if ((fd = openat(dirfd, "fd", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return proc_errno(errno);
	while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);

			off += e->d_reclen;
			if (e->d_name[0] == '.')
				continue;
			if (statx(fd, e->d_name, AT_STATX_DONT_SYNC,
			    STATX_INO | STATX_NLINK, &sx) == 0)
				fd_found(fd, e->d_name, &sx, fn, arg);
			else if (errno != ENOENT)	/* closed meanwhile */
				rc = PROC_DENIED;
		}
	}
	if (n == -1)
		rc = proc_errno(errno);
	close(fd);
	return rc;
}

/*
 * Hands each whole line in buf[0, *have) to fn and moves the rest to the
 * start; *skip: the first line's start was handed over already.
 */
static void
maps_lines(int dirfd, char *buf, size_t *have, bool *skip,
    proc_object_fn *fn, void *arg)
{
	struct proc_ref ref;
	char *s = buf, *nl;

	while ((nl = memchr(s, '\n', (size_t)(buf + *have - s))) != NULL) {
		*nl = '\0';
		if (!*skip && proc_maps_line_ref(s, &ref)) {
			ref.dirfd = dirfd;
			fn(&ref, arg);
		}
		*skip = false;
		s = nl + 1;
	}
	*have -= (size_t)(s - buf);
	memmove(buf, s, *have);
}

/*
 * PROCMAP_QUERY, an ioctl(2) on the maps file (Linux 6.11): one VMA per
 * call, as numbers, with no text to write and parse.  The layout is the
 * kernel's ABI, declared here under names of our own so that it builds
 * against <linux/fs.h> of any age, old or new.
 */
struct procmap_query_abi {
	uint64_t size;
	uint64_t query_flags;
	uint64_t query_addr;
	uint64_t vma_start;
	uint64_t vma_end;
	uint64_t vma_flags;
	uint64_t vma_page_size;
	uint64_t vma_offset;
	uint64_t inode;
	uint32_t dev_major;
	uint32_t dev_minor;
	uint32_t vma_name_size;
	uint32_t build_id_size;
	uint64_t vma_name_addr;
	uint64_t build_id_addr;
};
#define PROCMAP_QUERY_ABI	_IOWR('f', 17, struct procmap_query_abi)
#define PROCMAP_COVERING_OR_NEXT 0x10	/* the VMA at or after query_addr */
#define PROCMAP_FILE_BACKED	0x20	/* only VMAs with a file */

/* Which reader: decided once, before the first process is read. */
static enum proc_maps_reader maps_reader = PROC_MAPS_AUTO;

void
proc_maps_use(enum proc_maps_reader r)
{
	maps_reader = r;
}

/* Whether the kernel answers PROCMAP_QUERY on our own maps. */
static bool
maps_query_works(void)
{
	struct procmap_query_abi q = { .size = sizeof q,
		.query_flags = PROCMAP_COVERING_OR_NEXT };
	bool works;
	int fd;

	if ((fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	works = ioctl(fd, PROCMAP_QUERY_ABI, &q) == 0 || (errno != ENOTTY &&
	    errno != EINVAL);
	close(fd);
	return works;
}

enum proc_maps_reader
proc_maps_used(void)
{
	const char *force;

	if (maps_reader != PROC_MAPS_AUTO)
		return maps_reader;
	force = getenv("SHMCTL_PROCMAP");
	if (force != NULL && strcmp(force, "text") == 0)
		maps_reader = PROC_MAPS_TEXT;
	else if (force != NULL && strcmp(force, "query") == 0)
		maps_reader = PROC_MAPS_QUERY;
	else
		maps_reader = maps_query_works() ? PROC_MAPS_QUERY :
		    PROC_MAPS_TEXT;
	return maps_reader;
}

static int
maps_query_at(int fd, uint64_t addr, uint64_t flags, char *name, size_t len,
    struct procmap_query_abi *q)
{
	memset(q, 0, sizeof *q);
	q->size = sizeof *q;
	q->query_flags = flags;
	q->query_addr = addr;
	if (name != NULL) {
		q->vma_name_addr = (uint64_t)(uintptr_t)name;
		q->vma_name_size = (uint32_t)(len < UINT32_MAX ? len :
		    UINT32_MAX);
	}
	while (ioctl(fd, PROCMAP_QUERY_ABI, q) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/*
 * The mappings through PROCMAP_QUERY: no path is asked for (the kernel
 * would write one for every file-backed VMA), proc_ref_maps_path gets one
 * where a reader wants it.
 */
static enum proc_read
maps_query(int dirfd, int fd, proc_object_fn *fn, void *arg)
{
	struct procmap_query_abi q;
	struct proc_ref ref;
	uint64_t addr = 0;

	for (;;) {
		if (maps_query_at(fd, addr, PROCMAP_COVERING_OR_NEXT |
		    PROCMAP_FILE_BACKED, NULL, 0, &q) != 0)
			/* ENOENT: no VMA at or after addr, the last read. */
			return errno == ENOENT ? PROC_OK : proc_errno(errno);
		if (q.inode != 0) {
			ref = (struct proc_ref){
				.dev = makedev(q.dev_major, q.dev_minor),
				.ino = (ino_t)q.inode,
				.nlink = -1,
				.dirfd = dirfd,
				.start = (unsigned long)q.vma_start,
				.end = (unsigned long)q.vma_end,
				.mapsfd = fd,
			};
			fn(&ref, arg);
		}
		if (q.vma_end <= addr)	/* never goes back: no endless loop */
			return PROC_OK;
		addr = q.vma_end;
	}
}

const char *
proc_ref_maps_path(const struct proc_ref *ref, char *buf, size_t len)
{
	struct procmap_query_abi q;

	if (ref->path != NULL || ref->mapsfd == -1 || ref->fd != NULL)
		return ref->path;
	/* The kernel writes the path and its NUL; memcheck cannot tell. */
	memset(buf, 0, len);
	if (maps_query_at(ref->mapsfd, ref->start, 0, buf, len, &q) != 0 ||
	    q.vma_start != ref->start || q.vma_name_size == 0)
		return NULL;
	return buf;
}

/* The mappings as text: each line's device and inode. */
static enum proc_read
maps_text(int dirfd, int fd, char *buf, size_t size, proc_object_fn *fn,
    void *arg)
{
	enum proc_read rc = PROC_OK;
	struct proc_ref ref;
	bool skip = false;
	size_t have = 0;
	ssize_t n;

	while ((n = read(fd, buf + have, size - 1 - have)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = proc_errno(errno);
			break;
		}
		have += (size_t)n;
		maps_lines(dirfd, buf, &have, &skip, fn, arg);
		if (have == size - 1) {
			/*
			 * A line longer than buf: its identity starts it, its
			 * path is cut short.
			 */
			buf[have] = '\0';
			if (!skip && proc_maps_line_ref(buf, &ref)) {
				ref.dirfd = dirfd;
				ref.path = NULL;
				fn(&ref, arg);
			}
			skip = true;
			have = 0;
		}
	}
	return rc;
}

enum proc_read
proc_each_mapping(int dirfd, char *buf, size_t size, proc_object_fn *fn,
    void *arg)
{
	enum proc_read rc = PROC_OK;
	int fd;

	if ((fd = openat(dirfd, "maps", O_RDONLY | O_CLOEXEC)) == -1)
		return proc_errno(errno);
	if (proc_maps_used() == PROC_MAPS_QUERY)
		rc = maps_query(dirfd, fd, fn, arg);
	else
		rc = maps_text(dirfd, fd, buf, size, fn, arg);
	close(fd);
	return rc;
}

/* Our own capability to see through hidepid. */
static bool
self_can_ptrace(int procfd)
{
	char status[16384];
	const char *cap;

	if (proc_read_small(procfd, "self/status", status, sizeof status) ==
	    -1 || (cap = proc_status_field(status, "CapEff:")) == NULL)
		return false;
	return (strtoull(cap, NULL, 16) >> PROC_CAP_SYS_PTRACE) & 1;
}

bool
proc_hidepid(int procfd)
{
	char *line = NULL, *opt;
	size_t cap = 0;
	bool hides = false;
	FILE *fp;
	int fd;

	if ((fd = openat(procfd, "self/mountinfo", O_RDONLY | O_CLOEXEC)) ==
	    -1 || (fp = fdopen(fd, "r")) == NULL) {
		if (fd != -1)
			close(fd);
		return false;
	}
	while (getline(&line, &cap, fp) != -1) {
		/* id parent dev root MOUNTPOINT ... - proc source OPTIONS */
		if (strstr(line, " /proc ") == NULL ||
		    strstr(line, " - proc ") == NULL)
			continue;
		opt = strstr(line, "hidepid=");
		/* The last /proc mount is the one on top. */
		hides = opt != NULL && (opt[8] == '2' || opt[8] == '4' ||
		    strncmp(opt + 8, "invisible", 9) == 0 ||
		    strncmp(opt + 8, "ptraceable", 10) == 0);
	}
	free(line);
	fclose(fp);
	return hides && !self_can_ptrace(procfd);
}

bool
proc_partial_pidns(int procfd)
{
	char link[64];
	ssize_t n = readlinkat(procfd, "1/ns/pid", link, sizeof link - 1);

	if (n == -1)
		n = readlinkat(procfd, "self/ns/pid", link, sizeof link - 1);
	if (n == -1)
		return true;
	link[n] = '\0';
	return strcmp(link, PROC_INIT_PIDNS) != 0;
}
