/*
 * shm.c -- the POSIX shm API with posix-shm's semantics (see shm.h).
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "shm.h"

/* Every open: never follow, never block, never take a terminal. */
#define PSHM_REOPEN (O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
#define PSHM_OPEN_SAFE (O_NOFOLLOW | PSHM_REOPEN)

/* How often supersede retries when another process recreates the name. */
#define PSHM_SUPERSEDE_TRIES 64

int
pshm_fail(struct pshm_error *err, const char *op, int errnum)
{
	if (err != NULL) {
		err->op = op;
		err->errnum = errnum;
	}
	errno = errnum < 0 ? EINVAL : errnum;
	return PSHM_FAIL;
}

const char *
pshm_strerror(const struct pshm_error *err)
{
	if (err->errnum == PSHM_ENOTSHM)
		return "not a shared memory object";
	if (err->errnum == PSHM_ENOTMEMFS)
		return err->text;
	return strerror(err->errnum);
}

/* The name without its leading slash, as it is under the directory. */
static const char *
entry_of(const char *name)
{
	return name[0] == '/' ? name + 1 : name;
}

/*
 * Looks at what is under the name without following or opening it: 0 for
 * a regular file, PSHM_ENOTSHM for anything else, or an errno.
 */
static int
pshm_lookup(const struct pshm_ns *ns, const char *name)
{
	struct stat st;

	if (fstatat(ns->dirfd, entry_of(name), &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno;
	return S_ISREG(st.st_mode) ? 0 : PSHM_ENOTSHM;
}

/*
 * 0 if the name is one entry of the namespace, else the errno shm_open(3)
 * gives: EINVAL for an empty name, "." or "..", or a '/' after the leading
 * one (which would reach through a subdirectory, or a symlink to one),
 * ENAMETOOLONG past NAME_MAX (where glibc sometimes says EINVAL).
 */
static int
entry_error(const char *name)
{
	const char *e = entry_of(name);

	if (*e == '\0' || strchr(e, '/') != NULL || strcmp(e, ".") == 0 ||
	    strcmp(e, "..") == 0)
		return EINVAL;
	if (strlen(e) > NAME_MAX)
		return ENAMETOOLONG;
	return 0;
}

/* 0 for a regular file on a memory file system, else PSHM_ENOTSHM or an
 * errno; *st gets what fstat says. */
static int
verify_object(int fd, struct stat *st)
{
	struct statfs sf;

	if (fstat(fd, st) == -1)
		return errno;
	if (!S_ISREG(st->st_mode))
		return PSHM_ENOTSHM;
	if (fstatfs(fd, &sf) == -1)
		return errno;
	return pshm_fs_is_memory((unsigned long)sf.f_type) ? 0 : PSHM_ENOTSHM;
}

/*
 * An existing object, in two steps that leave no window: the entry itself
 * (O_PATH|O_NOFOLLOW opens no FIFO, device or link target), verified, then
 * exactly that inode reopened with flags through the kernel's link to the
 * descriptor, so a name swapped meanwhile is never opened for I/O.  flags
 * O_PATH (PSHM_META) keeps the first descriptor.  0, PSHM_ENOTSHM or an
 * errno; *fdp on 0.
 */
static int
open_existing(const struct pshm_ns *ns, const char *name, int flags, int *fdp)
{
	struct stat st, again;
	char proc[32];
	int pfd, fd, e;

	if ((e = entry_error(name)) != 0)
		return e;
	pfd = openat(ns->dirfd, entry_of(name), O_PATH | O_NOFOLLOW |
	    O_CLOEXEC);
	if (pfd == -1)
		return errno;
	if ((e = verify_object(pfd, &st)) != 0 || (flags & O_PATH)) {
		if (e != 0)
			close(pfd);
		else
			*fdp = pfd;
		return e;
	}
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", pfd);
	/* The one link followed: the kernel's own, to the verified inode. */
	fd = open(proc, (flags & ~(O_CREAT | O_EXCL)) | PSHM_REOPEN);
	e = fd == -1 ? errno : 0;
	close(pfd);
	if (fd == -1)
		return e;
	if (fstat(fd, &again) == -1 || again.st_dev != st.st_dev ||
	    again.st_ino != st.st_ino) {
		close(fd);
		return PSHM_ENOTSHM;
	}
	*fdp = fd;
	return 0;
}

/*
 * A new object (O_CREAT|O_EXCL, which follows nothing and opens nothing
 * that exists).  0 or an errno; *fdp on 0.
 */
static int
create_new(const struct pshm_ns *ns, const char *name, int flags,
    mode_t mode, int *fdp)
{
	struct stat st;
	int fd, e;

	if ((e = entry_error(name)) != 0)
		return e;
	fd = openat(ns->dirfd, entry_of(name), (flags & ~O_TRUNC) | O_CREAT |
	    O_EXCL | PSHM_OPEN_SAFE, mode);
	if (fd == -1)
		return errno;
	if ((e = verify_object(fd, &st)) != 0) {
		close(fd);
		return e;
	}
	*fdp = fd;
	return 0;
}

/* unlinkat(2) with shm_unlink(3)'s errors: EPERM (a sticky directory) is
 * EACCES there. */
static int
raw_unlink(const struct pshm_ns *ns, const char *name)
{
	if ((errno = entry_error(name)) != 0)
		return -1;
	if (unlinkat(ns->dirfd, entry_of(name), 0) == 0)
		return 0;
	if (errno == EPERM)
		errno = EACCES;
	return -1;
}

void
pshm_open_plan(const struct pshm_open_opts *o, struct pshm_open_plan *p)
{
	enum pshm_if_exists ifex = o->if_exists;
	enum pshm_if_does_not_exist ifdne = o->if_does_not_exist;

	memset(p, 0, sizeof *p);
	if (ifex == PSHM_IFEX_DEFAULT)
		ifex = PSHM_IFEX_OVERWRITE;
	if (ifdne == PSHM_IFDNE_DEFAULT)
		ifdne = (o->direction == PSHM_INPUT ||
		    ifex == PSHM_IFEX_OVERWRITE ||
		    ifex == PSHM_IFEX_TRUNCATE) ?
		    PSHM_IFDNE_ERROR : PSHM_IFDNE_CREATE;

	if (o->direction == PSHM_META) {
		p->flags = O_PATH;
		p->nil_if_missing = ifdne == PSHM_IFDNE_NIL;
		return;
	}
	p->flags = o->direction == PSHM_IO ? O_RDWR : O_RDONLY;
	if (ifex == PSHM_IFEX_TRUNCATE)
		p->flags |= O_TRUNC;
	switch (ifdne) {
	case PSHM_IFDNE_CREATE:
		p->flags |= O_CREAT;
		/* error, supersede and nil only matter when creating. */
		if (ifex == PSHM_IFEX_ERROR || ifex == PSHM_IFEX_SUPERSEDE ||
		    ifex == PSHM_IFEX_NIL) {
			p->flags |= O_EXCL;
			p->flags &= ~O_TRUNC;
		}
		p->supersede = ifex == PSHM_IFEX_SUPERSEDE;
		p->nil_if_exists = ifex == PSHM_IFEX_NIL;
		break;
	case PSHM_IFDNE_NIL:
		p->nil_if_missing = true;
		break;
	default:
		break;
	}
}

/*
 * O_CREAT without O_EXCL, done so that we know whether we created: then an
 * explicit mode can be applied exactly, as mkdir -m does.
 */
static int
open_create(const struct pshm_ns *ns, const char *name, int flags,
    mode_t mode, int *fdp, bool *created)
{
	for (int tries = 0; tries < PSHM_SUPERSEDE_TRIES; tries++) {
		int e = create_new(ns, name, flags, mode, fdp);

		if (e != EEXIST) {
			*created = e == 0;
			return e;
		}
		e = open_existing(ns, name, flags, fdp);
		if (e != ENOENT)
			return e;
		/* Removed between the two opens: try again. */
	}
	return EAGAIN;
}

/* Unlinks what is under the name, then creates it anew; *op: which failed. */
static int
open_supersede(const struct pshm_ns *ns, const char *name, int flags,
    mode_t mode, int *fdp, const char **op)
{
	int e = EEXIST;

	for (int tries = 0; tries < PSHM_SUPERSEDE_TRIES && e == EEXIST;
	     tries++) {
		/* Someone may have created it again in between. */
		if (pshm_lookup(ns, name) == PSHM_ENOTSHM)
			return PSHM_ENOTSHM;
		if (raw_unlink(ns, name) == -1 && errno != ENOENT) {
			*op = "unlink";
			return errno;
		}
		e = create_new(ns, name, flags, mode, fdp);
	}
	return e;
}

int
pshm_open(const struct pshm_ns *ns, const char *name,
    const struct pshm_open_opts *o, int *fdp, bool *createdp,
    struct pshm_error *err)
{
	struct pshm_open_plan plan;
	const char *op = "open";
	bool created = false;
	int fd = -1, e;

	*fdp = -1;
	pshm_open_plan(o, &plan);
	if ((e = entry_error(name)) != 0)
		return pshm_fail(err, "open", e);

	/* What is not an object is refused as such, also when creating. */
	if (pshm_lookup(ns, name) == PSHM_ENOTSHM)
		return pshm_fail(err, "open", PSHM_ENOTSHM);

	if (plan.supersede) {
		e = open_supersede(ns, name, plan.flags, o->mode, &fd, &op);
		created = e == 0;
	} else if ((plan.flags & O_CREAT) && !(plan.flags & O_EXCL))
		e = open_create(ns, name, plan.flags, o->mode, &fd, &created);
	else if (plan.flags & O_CREAT) {
		e = create_new(ns, name, plan.flags, o->mode, &fd);
		created = e == 0;
	} else
		e = open_existing(ns, name, plan.flags, &fd);

	if (e != 0) {
		if ((e == EEXIST && plan.nil_if_exists) ||
		    (e == ENOENT && plan.nil_if_missing))
			return PSHM_NIL;
		if (e == EEXIST && pshm_lookup(ns, name) == PSHM_ENOTSHM)
			e = PSHM_ENOTSHM;
		return pshm_fail(err, op, e);
	}
	if (created && fchmod(fd, o->mode) == -1) {
		e = errno;
		close(fd);
		raw_unlink(ns, name);
		return pshm_fail(err, "chmod", e);
	}
	*fdp = fd;
	if (createdp != NULL)
		*createdp = created;
	return PSHM_OK;
}

static void
random_name(char *buf, size_t len, void *ctx)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned char bytes[16];

	(void)ctx;
	arc4random_buf(bytes, sizeof bytes);
	snprintf(buf, len, "/shmctl-anon-");
	for (size_t i = 0, n = strlen(buf); i < sizeof bytes && n + 1 < len;
	     i++, n++) {
		buf[n] = digits[bytes[i] % (sizeof digits - 1)];
		buf[n + 1] = '\0';
	}
}

int
pshm_open_anon(const struct pshm_ns *ns, const struct pshm_anon_opts *o,
    int *fdp, struct pshm_error *err)
{
	pshm_name_fn *make_name = o->make_name ? o->make_name : random_name;
	unsigned attempts = o->attempts ? o->attempts : PSHM_ANON_ATTEMPTS;
	int flags = (o->direction == PSHM_IO ? O_RDWR : O_RDONLY) | O_CREAT |
	    O_EXCL;
	char name[NAME_MAX + 2];
	int fd = -1, e = EEXIST;

	*fdp = -1;
	for (unsigned i = 0; i < attempts; i++) {
		make_name(name, sizeof name, o->ctx);
		if ((e = create_new(ns, name, flags, o->mode, &fd)) != EEXIST)
			break;
	}
	if (e != 0)
		return pshm_fail(err, "open", e);
	/* The name was ours alone (O_EXCL): remove it before anything else. */
	if (raw_unlink(ns, name) == -1) {
		e = errno;
		close(fd);
		return pshm_fail(err, "unlink", e);
	}
	if (fchmod(fd, o->mode) == -1) {
		e = errno;
		close(fd);
		return pshm_fail(err, "chmod", e);
	}
	*fdp = fd;
	return PSHM_OK;
}

int
pshm_ftruncate(int fd, off_t length, struct pshm_error *err)
{
	if (length < 0)
		return pshm_fail(err, "resize", EINVAL);
	if (ftruncate(fd, length) == -1)
		return pshm_fail(err, "resize", errno);
	return PSHM_OK;
}

int
pshm_reserve(int fd, off_t length, struct pshm_error *err)
{
	int e;

	if (length < 0)
		return pshm_fail(err, "allocate", EINVAL);
	if (length == 0)	/* posix_fallocate would say EINVAL */
		return PSHM_OK;
	/* posix_fallocate returns the error instead of setting errno. */
	if ((e = posix_fallocate(fd, 0, length)) != 0)
		return pshm_fail(err, "allocate", e);
	return PSHM_OK;
}

void *
pshm_mmap(void *addr, size_t length, int prot, int fd, off_t offset,
    struct pshm_error *err)
{
	int p = PROT_NONE;
	void *m;

	if (prot & ~(PSHM_PROT_READ | PSHM_PROT_WRITE | PSHM_PROT_EXEC)) {
		pshm_fail(err, "map", EINVAL);
		return NULL;
	}
	if (prot & PSHM_PROT_READ)
		p |= PROT_READ;
	if (prot & PSHM_PROT_WRITE)
		p |= PROT_WRITE;
	if (prot & PSHM_PROT_EXEC)
		p |= PROT_EXEC;
	m = mmap(addr, length, p, MAP_SHARED, fd, offset);
	if (m == MAP_FAILED) {
		pshm_fail(err, "map", errno);
		return NULL;
	}
	return m;
}

int
pshm_munmap(void *addr, size_t length, struct pshm_error *err)
{
	if (munmap(addr, length) == -1)
		return pshm_fail(err, "unmap", errno);
	return PSHM_OK;
}

int
pshm_unlink(const struct pshm_ns *ns, const char *name,
    struct pshm_error *err)
{
	int e;

	if ((e = entry_error(name)) != 0)
		return pshm_fail(err, "unlink", e);
	if ((e = pshm_lookup(ns, name)) == PSHM_ENOTSHM)
		return pshm_fail(err, "unlink", PSHM_ENOTSHM);
	if (raw_unlink(ns, name) == -1)
		return pshm_fail(err, "unlink", errno);
	return PSHM_OK;
}

int
pshm_close(int fd, struct pshm_error *err)
{
	if (close(fd) == -1)
		return pshm_fail(err, "close", errno);
	return PSHM_OK;
}

/* An O_PATH descriptor (PSHM_META), which fchmod/fchown refuse. */
static bool
is_path_fd(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl != -1 && (fl & O_PATH) != 0;
}

int
pshm_fchmod(int fd, mode_t mode, struct pshm_error *err)
{
	if (mode & ~(mode_t)07777)
		return pshm_fail(err, "chmod", EINVAL);
	if (fchmod(fd, mode) == 0)
		return PSHM_OK;
	if (errno == EBADF && is_path_fd(fd)) {
		char proc[64];

		/* The kernel's link to this very inode: no name is resolved. */
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		if (chmod(proc, mode) == 0)
			return PSHM_OK;
	}
	return pshm_fail(err, "chmod", errno);
}

int
pshm_fchown(int fd, uid_t owner, gid_t group, struct pshm_error *err)
{
	if (fchown(fd, owner, group) == 0)
		return PSHM_OK;
	if (errno == EBADF && is_path_fd(fd) &&
	    fchownat(fd, "", owner, group, AT_EMPTY_PATH) == 0)
		return PSHM_OK;
	return pshm_fail(err, "chown", errno);
}

int
pshm_fstat(int fd, struct pshm_stat *ps, struct pshm_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return pshm_fail(err, "stat", errno);
	pshm_stat_from(ps, &st);
	return PSHM_OK;
}

void
pshm_stat_from(struct pshm_stat *ps, const struct stat *st)
{
	ps->dev = st->st_dev;
	ps->ino = st->st_ino;
	ps->mode = st->st_mode;
	ps->nlink = st->st_nlink;
	ps->uid = st->st_uid;
	ps->gid = st->st_gid;
	ps->rdev = st->st_rdev;
	ps->size = st->st_size;
	ps->blksize = st->st_blksize;
	ps->blocks = st->st_blocks;
	ps->atim = st->st_atim;
	ps->mtim = st->st_mtim;
	ps->ctim = st->st_ctim;
}

int
pshm_check_fd(int fd, struct pshm_error *err)
{
	struct stat st;
	int e;

	if ((e = verify_object(fd, &st)) != 0)
		return pshm_fail(err, e == PSHM_ENOTSHM ? "open" : "stat", e);
	return PSHM_OK;
}

void
pshm_fd_release(int *fdp)
{
	if (*fdp != -1) {
		int saved = errno;

		close(*fdp);
		errno = saved;
		*fdp = -1;
	}
}

void
pshm_map_release(struct pshm_map *m)
{
	if (m->addr != NULL) {
		int saved = errno;

		munmap(m->addr, m->length);
		errno = saved;
		m->addr = NULL;
	}
}
