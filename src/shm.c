/*
 * shm.c -- the POSIX shm API with posix-shm's semantics (see shm.h).
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "shm.h"

/* Every open: never follow, never block, never take a terminal. */
#define PSHM_OPEN_SAFE (O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/* How often supersede retries when another process recreates the name. */
#define PSHM_SUPERSEDE_TRIES 64

static int
fail(struct pshm_error *err, const char *op, int errnum)
{
	if (err != NULL) {
		err->op = op;
		err->errnum = errnum;
	}
	errno = errnum == PSHM_ENOTSHM ? EINVAL : errnum;
	return PSHM_FAIL;
}

const char *
pshm_strerror(const struct pshm_error *err)
{
	if (err->errnum == PSHM_ENOTSHM)
		return "not a shared memory object";
	return strerror(err->errnum);
}

int
pshm_ns_open(struct pshm_ns *ns, const char *dir, struct pshm_error *err)
{
	struct stat st;
	int fd;

	ns->dirfd = -1;
	if (dir == NULL) {
		snprintf(ns->path, sizeof ns->path, "%s", PSHM_SYSTEM_DIR);
		return PSHM_OK;
	}
	if (strlen(dir) >= sizeof ns->path)
		return fail(err, "open", ENAMETOOLONG);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return fail(err, "open", errno);
	if (fstat(fd, &st) == -1) {
		int e = errno;

		close(fd);
		return fail(err, "open", e);
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
	int rc;

	if (ns->dirfd == -1) {
		char path[PATH_MAX];

		snprintf(path, sizeof path, "%s/%s", PSHM_SYSTEM_DIR,
		    entry_of(name));
		rc = fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW);
	} else
		rc = fstatat(ns->dirfd, entry_of(name), &st,
		    AT_SYMLINK_NOFOLLOW);
	if (rc == -1)
		return errno;
	return S_ISREG(st.st_mode) ? 0 : PSHM_ENOTSHM;
}

/*
 * 0 if the name is one entry of the namespace, else the errno shm_open(3)
 * gives: EINVAL for an empty name or a '/' after the leading one (which
 * under --dir would reach through a subdirectory, or a symlink to one),
 * ENAMETOOLONG past NAME_MAX (where glibc sometimes says EINVAL).
 */
static int
entry_error(const char *name)
{
	const char *e = entry_of(name);

	if (*e == '\0' || strchr(e, '/') != NULL)
		return EINVAL;
	if (strlen(e) > NAME_MAX)
		return ENAMETOOLONG;
	return 0;
}

static int
raw_open(const struct pshm_ns *ns, const char *name, int flags, mode_t mode)
{
	char slashed[NAME_MAX + 2];

	if ((errno = entry_error(name)) != 0)
		return -1;
	flags |= PSHM_OPEN_SAFE;
	if (ns->dirfd == -1) {
		snprintf(slashed, sizeof slashed, "/%s", entry_of(name));
		return shm_open(slashed, flags, mode);
	}
	return openat(ns->dirfd, entry_of(name), flags, mode);
}

static int
raw_unlink(const struct pshm_ns *ns, const char *name)
{
	char slashed[NAME_MAX + 2];

	if ((errno = entry_error(name)) != 0)
		return -1;
	if (ns->dirfd == -1) {
		snprintf(slashed, sizeof slashed, "/%s", entry_of(name));
		return shm_unlink(slashed);
	}
	return unlinkat(ns->dirfd, entry_of(name), 0);
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

/* Refuses a descriptor that is not a regular file; closes it then. */
static int
check_regular(int fd, struct pshm_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		int e = errno;

		close(fd);
		return fail(err, "stat", e);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, "open", PSHM_ENOTSHM);
	}
	return PSHM_OK;
}

/* The open error as the caller sees it: a non-file under the name says so. */
static int
open_errno(const struct pshm_ns *ns, const char *name, int e)
{
	if (e == ELOOP || e == EISDIR || e == ENXIO || e == ENOTDIR) {
		int what = pshm_lookup(ns, name);

		if (what == PSHM_ENOTSHM)
			return PSHM_ENOTSHM;
	}
	return e;
}

/*
 * O_CREAT without O_EXCL, done so that we know whether we created: then an
 * explicit mode can be applied exactly, as mkdir -m does.
 */
static int
open_create(const struct pshm_ns *ns, const char *name, int flags,
    mode_t mode, bool *created)
{
	for (int tries = 0; tries < PSHM_SUPERSEDE_TRIES; tries++) {
		int fd = raw_open(ns, name, (flags & ~O_TRUNC) | O_EXCL, mode);

		if (fd != -1) {
			*created = true;
			return fd;
		}
		if (errno != EEXIST)
			return -1;
		fd = raw_open(ns, name, flags & ~(O_CREAT | O_EXCL), 0);
		if (fd != -1 || errno != ENOENT)
			return fd;
		/* Removed between the two opens: try again. */
	}
	errno = EAGAIN;
	return -1;
}

int
pshm_open(const struct pshm_ns *ns, const char *name,
    const struct pshm_open_opts *o, int *fdp, bool *createdp,
    struct pshm_error *err)
{
	struct pshm_open_plan plan;
	bool created = false;
	int fd = -1, e;

	*fdp = -1;
	pshm_open_plan(o, &plan);
	if ((e = entry_error(name)) != 0)
		return fail(err, "open", e);

	/* Look before opening, so that a device node is never opened. */
	e = pshm_lookup(ns, name);
	if (e == PSHM_ENOTSHM)
		return fail(err, "open", PSHM_ENOTSHM);

	if (plan.supersede) {
		for (int tries = 0; tries < PSHM_SUPERSEDE_TRIES; tries++) {
			if (raw_unlink(ns, name) == -1 && errno != ENOENT)
				return fail(err, "unlink", errno);
			fd = raw_open(ns, name, plan.flags, o->mode);
			if (fd != -1 || errno != EEXIST)
				break;
			/* Someone created it again in between. */
			if (pshm_lookup(ns, name) == PSHM_ENOTSHM)
				return fail(err, "open", PSHM_ENOTSHM);
		}
		created = fd != -1;
	} else if ((plan.flags & O_CREAT) && !(plan.flags & O_EXCL))
		fd = open_create(ns, name, plan.flags, o->mode, &created);
	else {
		fd = raw_open(ns, name, plan.flags, o->mode);
		created = fd != -1 && (plan.flags & O_EXCL);
	}

	if (fd == -1) {
		e = errno;
		if ((e == EEXIST && plan.nil_if_exists) ||
		    (e == ENOENT && plan.nil_if_missing))
			return PSHM_NIL;
		return fail(err, "open", open_errno(ns, name, e));
	}
	if (check_regular(fd, err) != PSHM_OK)
		return PSHM_FAIL;
	if (created && fchmod(fd, o->mode) == -1) {
		e = errno;
		close(fd);
		raw_unlink(ns, name);
		return fail(err, "chmod", e);
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
		fd = raw_open(ns, name, flags, o->mode);
		if (fd != -1)
			break;
		e = errno;
		if (e != EEXIST)
			break;
	}
	if (fd == -1)
		return fail(err, "open", e);
	/* The name was ours alone (O_EXCL): remove it before anything else. */
	if (raw_unlink(ns, name) == -1) {
		e = errno;
		close(fd);
		return fail(err, "unlink", e);
	}
	if (fchmod(fd, o->mode) == -1) {
		e = errno;
		close(fd);
		return fail(err, "chmod", e);
	}
	*fdp = fd;
	return PSHM_OK;
}

int
pshm_ftruncate(int fd, off_t length, struct pshm_error *err)
{
	if (length < 0)
		return fail(err, "resize", EINVAL);
	if (ftruncate(fd, length) == -1)
		return fail(err, "resize", errno);
	return PSHM_OK;
}

int
pshm_reserve(int fd, off_t length, struct pshm_error *err)
{
	int e;

	if (length < 0)
		return fail(err, "allocate", EINVAL);
	if (length == 0)	/* posix_fallocate would say EINVAL */
		return PSHM_OK;
	/* posix_fallocate returns the error instead of setting errno. */
	if ((e = posix_fallocate(fd, 0, length)) != 0)
		return fail(err, "allocate", e);
	return PSHM_OK;
}

void *
pshm_mmap(void *addr, size_t length, int prot, int fd, off_t offset,
    struct pshm_error *err)
{
	int p = PROT_NONE;
	void *m;

	if (prot & ~(PSHM_PROT_READ | PSHM_PROT_WRITE | PSHM_PROT_EXEC)) {
		fail(err, "map", EINVAL);
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
		fail(err, "map", errno);
		return NULL;
	}
	return m;
}

int
pshm_munmap(void *addr, size_t length, struct pshm_error *err)
{
	if (munmap(addr, length) == -1)
		return fail(err, "unmap", errno);
	return PSHM_OK;
}

int
pshm_unlink(const struct pshm_ns *ns, const char *name,
    struct pshm_error *err)
{
	int e;

	if ((e = entry_error(name)) != 0)
		return fail(err, "unlink", e);
	if ((e = pshm_lookup(ns, name)) == PSHM_ENOTSHM)
		return fail(err, "unlink", PSHM_ENOTSHM);
	if (raw_unlink(ns, name) == -1)
		return fail(err, "unlink", errno);
	return PSHM_OK;
}

int
pshm_close(int fd, struct pshm_error *err)
{
	if (close(fd) == -1)
		return fail(err, "close", errno);
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
		return fail(err, "chmod", EINVAL);
	if (fchmod(fd, mode) == 0)
		return PSHM_OK;
	if (errno == EBADF && is_path_fd(fd)) {
		char proc[64];

		/* The kernel's link to this very inode: no name is resolved. */
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		if (chmod(proc, mode) == 0)
			return PSHM_OK;
	}
	return fail(err, "chmod", errno);
}

int
pshm_fchown(int fd, uid_t owner, gid_t group, struct pshm_error *err)
{
	if (fchown(fd, owner, group) == 0)
		return PSHM_OK;
	if (errno == EBADF && is_path_fd(fd) &&
	    fchownat(fd, "", owner, group, AT_EMPTY_PATH) == 0)
		return PSHM_OK;
	return fail(err, "chown", errno);
}

int
pshm_fstat(int fd, struct pshm_stat *ps, struct pshm_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return fail(err, "stat", errno);
	ps->dev = st.st_dev;
	ps->ino = st.st_ino;
	ps->mode = st.st_mode;
	ps->nlink = st.st_nlink;
	ps->uid = st.st_uid;
	ps->gid = st.st_gid;
	ps->rdev = st.st_rdev;
	ps->size = st.st_size;
	ps->blksize = st.st_blksize;
	ps->blocks = st.st_blocks;
	ps->atim = st.st_atim;
	ps->mtim = st.st_mtim;
	ps->ctim = st.st_ctim;
	return PSHM_OK;
}

int
pshm_check_fd(int fd, struct pshm_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return fail(err, "stat", errno);
	if (!S_ISREG(st.st_mode))
		return fail(err, "open", PSHM_ENOTSHM);
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
