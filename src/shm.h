/*
 * shm.h -- the POSIX shared memory API with the semantics of posix-shm,
 * the Common Lisp library shmctl descends from.
 *
 * Every function returns its result and fills a struct pshm_error on
 * failure; nothing here prints, exits or allocates.  A namespace is always a
 * directory descriptor on a memory file system; an existing object is
 * opened O_PATH|O_NOFOLLOW, verified (a regular file on a memory file
 * system), and only then reopened for I/O through /proc/self/fd, so that
 * nothing else is ever opened for I/O or blocked on.
 */
#ifndef SHMCTL_SHM_H
#define SHMCTL_SHM_H

#include <sys/types.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* The system's shm namespace, as glibc's shm_open(3) reaches it. */
#define PSHM_SYSTEM_DIR "/dev/shm"

/* Not errnos: the name or descriptor is not a regular file on a memory
 * file system; a namespace directory is not on one (err->text says which
 * file system it is on). */
#define PSHM_ENOTSHM	(-1)
#define PSHM_ENOTMEMFS	(-2)

struct pshm_error {
	int errnum;	  /* errno, PSHM_ENOTSHM or PSHM_ENOTMEMFS */
	const char *op;	  /* what was being done: "open", "resize", ... */
	char text[96];	  /* PSHM_ENOTMEMFS: "ext2/ext3/ext4 is not ..." */
};

/* strerror(3) for errnum, "not a shared memory object", or err->text. */
const char *pshm_strerror(const struct pshm_error *);

/* Fills err (if not NULL) and errno; returns PSHM_FAIL.  For shm*.c. */
int pshm_fail(struct pshm_error *, const char *op, int errnum);

/*
 * A namespace: one directory descriptor, the system's (PSHM_SYSTEM_DIR,
 * the directory shm_open(3) uses) or a --dir, opened once, on tmpfs, ramfs
 * or hugetlbfs (devtmpfs refused).  Objects are reached with openat(2) and
 * unlinkat(2) on dirfd, under shm_open(3)'s rules for names, flags and
 * modes.  A dir of the form /proc/PID/root/REST is resolved inside that
 * root (openat2 RESOLVE_IN_ROOT; without openat2, no symlinks at all).
 */
struct pshm_ns {
	int dirfd;
	char path[PATH_MAX]; /* for listing and messages */
};

/* dir NULL: the system's namespace. */
int pshm_ns_open(struct pshm_ns *, const char *dir, struct pshm_error *);
void pshm_ns_close(struct pshm_ns *);

/* statfs(2) magic: its file system's name (NULL if unknown), memory or not. */
const char *pshm_fs_name(unsigned long magic);
bool pshm_fs_is_memory(unsigned long magic);

/*
 * PSHM_OK if fd is on tmpfs, ramfs or hugetlbfs, else PSHM_ENOTMEMFS.  With
 * mountinfo (a /proc/PID/mountinfo path), a tmpfs magic is also looked up
 * there by mount id to refuse devtmpfs, which shares tmpfs's magic.
 */
int pshm_check_memory_fs(int fd, const char *mountinfo, struct pshm_error *);

/*
 * PSHM_META goes beyond the original library: a descriptor for the object's
 * metadata only (O_PATH), enough for fstat, fchmod and fchown, and needing
 * no read permission, as stat(1), chmod(1) and chown(1) need none.  It
 * never creates or truncates.
 */
enum pshm_direction { PSHM_INPUT, PSHM_IO, PSHM_META };

enum pshm_if_exists {
	PSHM_IFEX_DEFAULT,	/* overwrite */
	PSHM_IFEX_ERROR,
	PSHM_IFEX_OVERWRITE,
	PSHM_IFEX_TRUNCATE,
	PSHM_IFEX_SUPERSEDE,
	PSHM_IFEX_NIL,
};

enum pshm_if_does_not_exist {
	PSHM_IFDNE_DEFAULT,	/* error or create, as shm-open decides */
	PSHM_IFDNE_ERROR,
	PSHM_IFDNE_CREATE,
	PSHM_IFDNE_NIL,
};

struct pshm_open_opts {
	enum pshm_direction direction;
	enum pshm_if_exists if_exists;
	enum pshm_if_does_not_exist if_does_not_exist;
	mode_t mode;	/* for a new object, applied exactly (no umask) */
};

/*
 * The open(2) flags shm-open uses for these options (the flag table of
 * shmctl-open(1)), and what it does beyond them: supersede unlinks first.
 */
struct pshm_open_plan {
	int flags;		/* O_RDONLY/O_RDWR, O_CREAT, O_EXCL, O_TRUNC */
	bool supersede;		/* unlink an existing object first */
	bool nil_if_exists;	/* EEXIST is a nil result */
	bool nil_if_missing;	/* ENOENT is a nil result */
};

void pshm_open_plan(const struct pshm_open_opts *, struct pshm_open_plan *);

/* Results of pshm_open(). */
#define PSHM_OK		0
#define PSHM_NIL	1	/* if-exists/if-does-not-exist nil applied */
#define PSHM_FAIL	(-1)

/*
 * shm-open.  On PSHM_OK *fdp is the descriptor and *createdp (if not NULL)
 * says whether this call created the object.  A name is one entry, "/foo"
 * or "foo": an empty one or a '/' inside is EINVAL, as in shm_open(3),
 * also under --dir; more than NAME_MAX bytes is ENAMETOOLONG.
 */
int pshm_open(const struct pshm_ns *, const char *name,
    const struct pshm_open_opts *, int *fdp, bool *createdp,
    struct pshm_error *);

/* Makes a candidate name for an anonymous object ("/..." into buf). */
typedef void pshm_name_fn(char *buf, size_t len, void *ctx);

struct pshm_anon_opts {
	enum pshm_direction direction;
	mode_t mode;
	unsigned attempts;	/* 0 means the default, 100 */
	pshm_name_fn *make_name; /* NULL: random names from arc4random */
	void *ctx;
};

#define PSHM_ANON_ATTEMPTS 100

/* shm-open*: create under a fresh name, unlink it at once. */
int pshm_open_anon(const struct pshm_ns *, const struct pshm_anon_opts *,
    int *fdp, struct pshm_error *);

int pshm_ftruncate(int fd, off_t length, struct pshm_error *);
/* posix_fallocate over [0, length): reserve the memory now. */
int pshm_reserve(int fd, off_t length, struct pshm_error *);

/* Protection set for pshm_mmap; 0 is PROT_NONE. */
#define PSHM_PROT_READ	0x1
#define PSHM_PROT_WRITE	0x2
#define PSHM_PROT_EXEC	0x4

/* mmap with MAP_SHARED, always.  Returns NULL on failure. */
void *pshm_mmap(void *addr, size_t length, int prot, int fd, off_t offset,
    struct pshm_error *);
int pshm_munmap(void *addr, size_t length, struct pshm_error *);

/* shm-unlink.  Refuses a name that is not a regular file. */
int pshm_unlink(const struct pshm_ns *, const char *name, struct pshm_error *);
int pshm_close(int fd, struct pshm_error *);
int pshm_fchmod(int fd, mode_t mode, struct pshm_error *);
/* An id of (uid_t)-1 or (gid_t)-1 is left unchanged. */
int pshm_fchown(int fd, uid_t owner, gid_t group, struct pshm_error *);

/* The ten fields of the original library's fstat, in its order. */
struct pshm_stat {
	dev_t dev;
	ino_t ino;
	mode_t mode;
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	dev_t rdev;
	off_t size;
	blksize_t blksize;
	blkcnt_t blocks;
	/* beyond the ten, for stat(1)-like output */
	struct timespec atim, mtim, ctim;
};

int pshm_fstat(int fd, struct pshm_stat *, struct pshm_error *);
/* The fields of a struct stat already read (a directory's entries). */
void pshm_stat_from(struct pshm_stat *, const struct stat *);

/* Checks an fd given by --fd: a regular file on a memory file system. */
int pshm_check_fd(int fd, struct pshm_error *);

/*
 * Scoped forms (with-open-shm, with-mmap): the variable is released when
 * it goes out of scope, on every path.
 */
void pshm_fd_release(int *);
struct pshm_map {
	void *addr;
	size_t length;
};
void pshm_map_release(struct pshm_map *);

#define WITH_OPEN_SHM(var) \
	int var __attribute__((cleanup(pshm_fd_release))) = -1
#define WITH_MMAP(var) \
	struct pshm_map var __attribute__((cleanup(pshm_map_release))) = \
	    { NULL, 0 }

#endif
