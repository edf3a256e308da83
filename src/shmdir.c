/*
 * shmdir.c -- opening a namespace directory (see shm.h): the system's
 * /dev/shm or a --dir, always as one directory descriptor, on a memory
 * file system only, and /proc/PID/root/REST resolved inside that root.
 * See SECURITY CONSIDERATIONS in shmctl(1).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shm.h"

#define NS_OPEN_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/* File systems a --dir is likely to be mistaken on, by statfs(2) magic. */
static const struct {
	unsigned long magic;
	const char *name;
} fs_names[] = {
	{ TMPFS_MAGIC, "tmpfs" },
	{ RAMFS_MAGIC, "ramfs" },
	{ HUGETLBFS_MAGIC, "hugetlbfs" },
	{ EXT4_SUPER_MAGIC, "ext2/ext3/ext4" },
	{ BTRFS_SUPER_MAGIC, "btrfs" },
	{ XFS_SUPER_MAGIC, "xfs" },
	{ OVERLAYFS_SUPER_MAGIC, "overlay" },
	{ PROC_SUPER_MAGIC, "proc" },
	{ SYSFS_MAGIC, "sysfs" },
	{ NFS_SUPER_MAGIC, "nfs" },
	{ DEVPTS_SUPER_MAGIC, "devpts" },
	{ CGROUP_SUPER_MAGIC, "cgroup" },
	{ CGROUP2_SUPER_MAGIC, "cgroup2" },
	{ DEBUGFS_MAGIC, "debugfs" },
	{ TRACEFS_MAGIC, "tracefs" },
	{ SECURITYFS_MAGIC, "securityfs" },
	{ BPF_FS_MAGIC, "bpf" },
	{ SQUASHFS_MAGIC, "squashfs" },
	{ ISOFS_SUPER_MAGIC, "iso9660" },
	{ MSDOS_SUPER_MAGIC, "vfat" },
	{ F2FS_SUPER_MAGIC, "f2fs" },
	{ FUSE_SUPER_MAGIC, "fuse" },
	{ V9FS_MAGIC, "9p" },
	{ 0xff534d42, "cifs" },
	{ 0xfe534d42, "smb2" },
	{ 0x2fc12fc1, "zfs" },
	{ 0x2011bab0, "exfat" },
	{ 0x5346544e, "ntfs" },
	{ 0xe0f5e1e2, "erofs" },
	{ 0x00c36400, "ceph" },
	{ 0x19800202, "mqueue" },
	{ 0x6e736673, "nsfs" },
	{ 0xde5e81e4, "efivarfs" },
	{ 0x6165676c, "pstore" },
	{ 0x0187, "autofs" },
	{ 0x42494e4d, "binfmt_misc" },
	{ 0x62656570, "configfs" },
};

const char *
pshm_fs_name(unsigned long magic)
{
	for (size_t i = 0; i < sizeof fs_names / sizeof fs_names[0]; i++)
		if (fs_names[i].magic == magic)
			return fs_names[i].name;
	return NULL;
}

bool
pshm_fs_is_memory(unsigned long magic)
{
	return magic == TMPFS_MAGIC || magic == RAMFS_MAGIC ||
	    magic == HUGETLBFS_MAGIC;
}

/* The refusal of a directory: the file system it is on, by name. */
static int
fail_fs(struct pshm_error *err, const char *what, unsigned long magic)
{
	const char *name = what != NULL ? what : pshm_fs_name(magic);

	char hex[24];

	if (name == NULL) {
		snprintf(hex, sizeof hex, "file system 0x%lx", magic);
		name = hex;
	}
	if (err != NULL)
		snprintf(err->text, sizeof err->text, "on %s, not on tmpfs, "
		    "ramfs or hugetlbfs", name);
	return pshm_fail(err, "open", PSHM_ENOTMEMFS);
}

/*
 * Whether the mount with id mnt_id is in mountinfo (a /proc/PID/mountinfo
 * file) with fstype: 1 yes, 0 it has another type, or -1 with errno
 * (ENOENT: no such mount there).  Lines past the buffer are skipped: only
 * their first field and the field after " - " are read, and those are short.
 */
static int
mount_has_type(const char *mountinfo, unsigned mnt_id, const char *fstype)
{
	char buf[8192], *line, *nl;
	size_t have = 0;
	bool skipping = false;
	int fd, found = -1;
	ssize_t n = 0;

	if ((fd = open(mountinfo, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (found == -1 &&
	    (n = read(fd, buf + have, sizeof buf - 1 - have)) > 0) {
		have += (size_t)n;
		buf[have] = '\0';
		line = buf;
		while (found == -1 && (nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (!skipping &&
			    strtoul(line, NULL, 10) == (unsigned long)mnt_id) {
				const char *sep = strstr(line, " - ");
				size_t len = strlen(fstype);

				found = sep != NULL &&
				    strncmp(sep + 3, fstype, len) == 0 &&
				    sep[3 + len] == ' ';
			}
			skipping = false;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof buf - 1) {	/* a line longer than buf */
			skipping = true;
			have = 0;
		}
	}
	close(fd);
	if (found == -1)
		errno = n < 0 ? errno : ENOENT;
	return found;
}

/*
 * devtmpfs reports tmpfs's magic; /dev is no shm namespace (its regular
 * files are not shm objects), so the mount's own type decides, looked up
 * in mountinfo, then in our own.  A mount found in neither (the mount
 * holding a chroot's root is hidden from it) is taken for what its magic
 * says: devtmpfs is only refused where it is seen.
 */
static int
check_not_devtmpfs(int fd, const char *mountinfo, struct pshm_error *err)
{
	static const char self[] = "/proc/self/mountinfo";
	struct statx stx;
	int rc;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) == -1 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return PSHM_OK;
	rc = mount_has_type(mountinfo, (unsigned)stx.stx_mnt_id, "devtmpfs");
	if (rc == -1 && strcmp(mountinfo, self) != 0)
		rc = mount_has_type(self, (unsigned)stx.stx_mnt_id,
		    "devtmpfs");
	return rc == 1 ? fail_fs(err, "devtmpfs", TMPFS_MAGIC) : PSHM_OK;
}

int
pshm_check_memory_fs(int fd, const char *mountinfo, struct pshm_error *err)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) == -1)
		return pshm_fail(err, "open", errno);
	if (!pshm_fs_is_memory((unsigned long)sf.f_type))
		return fail_fs(err, NULL, (unsigned long)sf.f_type);
	if ((unsigned long)sf.f_type == TMPFS_MAGIC && mountinfo != NULL)
		return check_not_devtmpfs(fd, mountinfo, err);
	return PSHM_OK;
}

/*
 * "/proc/PID/root" followed by '/' or nothing: *pid_end gets the end of
 * "/proc/PID" and *rest what follows "root" (its slashes skipped).
 */
static bool
proc_root_form(const char *dir, size_t *pid_end, const char **rest)
{
	const char *p = dir, *pid;

	if (strncmp(p, "/proc/", 6) != 0)
		return false;
	pid = p += 6;
	if (strncmp(p, "self/", 5) == 0)
		p += 4;
	else
		while (isdigit((unsigned char)*p))
			p++;
	if (p == pid || strncmp(p, "/root", 5) != 0 ||
	    (p[5] != '/' && p[5] != '\0'))
		return false;
	*pid_end = (size_t)(p - dir);
	for (p += 5; *p == '/'; p++)
		;
	*rest = p;
	return true;
}

/*
 * REST reduced to its components, '.' dropped and '..' applied to the
 * components before it, never above the root (as RESOLVE_IN_ROOT does;
 * without symlinks the parent by name is the parent on disk).  Components
 * end with '\0'; returns their count, or -1 if REST is too long.
 */
static int
rest_components(const char *rest, char *out, size_t len)
{
	size_t used = 0;
	int count = 0;

	while (*rest != '\0') {
		size_t n = strcspn(rest, "/");

		if (n == 2 && strncmp(rest, "..", 2) == 0) {
			if (count > 0) {
				used--;		/* the '\0' of the last one */
				while (used > 0 && out[used - 1] != '\0')
					used--;
				count--;
			}
		} else if (n > 0 && !(n == 1 && *rest == '.')) {
			if (used + n + 1 > len)
				return -1;
			memcpy(out + used, rest, n);
			out[used + n] = '\0';
			used += n + 1;
			count++;
		}
		rest += n;
		while (*rest == '/')
			rest++;
	}
	return count;
}

/*
 * Without openat2: REST walked one directory at a time from root, no
 * symlink followed at all (RESOLVE_NO_SYMLINKS, stricter than the root's
 * own view, never looser).  Returns the directory descriptor or -1.
 */
static int
walk_no_symlinks(int root, const char *rest)
{
	char parts[PATH_MAX];
	const char *c = parts;
	int count, cur, next, e;

	if ((count = rest_components(rest, parts, sizeof parts)) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((cur = dup(root)) == -1)
		return -1;
	for (int i = 0; i < count; i++, c += strlen(c) + 1) {
		struct stat st;

		next = openat(cur, c, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		e = errno;
		if (next == -1 && e == ENOTDIR &&
		    fstatat(cur, c, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			e = ELOOP;
		close(cur);
		if ((cur = next) == -1) {
			errno = e;
			return -1;
		}
	}
	next = openat(cur, ".", NS_OPEN_FLAGS);
	e = errno;
	close(cur);
	errno = e;
	return next;
}

/*
 * The tests set SHMCTL_TEST_NO_OPENAT2 to run the walk above on kernels
 * that have openat2 (tests/e2e/namespace.bats); it can only make the
 * resolution stricter.
 */
static bool
openat2_missing(void)
{
	const char *v = getenv("SHMCTL_TEST_NO_OPENAT2");

	return v != NULL && *v != '\0';
}

/* REST inside the root of /proc/PID, never reaching outside it. */
static int
open_in_root(const char *procpid, const char *rest)
{
	struct open_how how = {
		.flags = NS_OPEN_FLAGS,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char path[96];
	int root, fd, e;

	snprintf(path, sizeof path, "%s/root", procpid);
	if ((root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	fd = -1;
	errno = ENOSYS;
	if (!openat2_missing())
		fd = (int)syscall(SYS_openat2, root, *rest != '\0' ? rest : ".",
		    &how, sizeof how);
	if (fd == -1 && errno == ENOSYS)
		fd = walk_no_symlinks(root, rest);
	e = errno;
	close(root);
	errno = e;
	return fd;
}

int
pshm_ns_open(struct pshm_ns *ns, const char *dir, struct pshm_error *err)
{
	char mountinfo[80] = "/proc/self/mountinfo";
	const char *rest;
	size_t pid_end;
	int fd;

	ns->dirfd = -1;
	if (dir == NULL)
		dir = PSHM_SYSTEM_DIR;
	if (strlen(dir) >= sizeof ns->path)
		return pshm_fail(err, "open", ENAMETOOLONG);
	if (proc_root_form(dir, &pid_end, &rest) &&
	    pid_end + sizeof "/mountinfo" <= sizeof mountinfo) {
		char procpid[64];

		snprintf(procpid, sizeof procpid, "%.*s", (int)pid_end, dir);
		snprintf(mountinfo, sizeof mountinfo, "%s/mountinfo", procpid);
		fd = open_in_root(procpid, rest);
	} else
		fd = open(dir, NS_OPEN_FLAGS);
	if (fd == -1)
		return pshm_fail(err, "open", errno);
	if (pshm_check_memory_fs(fd, mountinfo, err) != PSHM_OK) {
		close(fd);
		return PSHM_FAIL;
	}
	ns->dirfd = fd;
	snprintf(ns->path, sizeof ns->path, "%s", dir);
	/* "/dev/shm/" and "/dev/shm" name the same directory. */
	for (size_t n = strlen(ns->path); n > 1 && ns->path[n - 1] == '/'; n--)
		ns->path[n - 1] = '\0';
	return PSHM_OK;
}

void
pshm_ns_close(struct pshm_ns *ns)
{
	if (ns->dirfd != -1)
		close(ns->dirfd);
	ns->dirfd = -1;
}
