/*
 * test-shm.c -- unit tests of the wrapper module (src/shm.c).
 *
 * Most tests run twice: in a private namespace (a fresh temporary directory
 * reached through --dir's openat/unlinkat path) and in the system namespace
 * (/dev/shm through shm_open(3)), under names that contain our pid.  Every
 * object a test makes is removed by the fixture's teardown, even when an
 * assertion fails.  Objects are prepared and checked with plain system
 * calls on their paths, never with the module under test.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "shm.h"

#define CONTENT		"hello"
#define CONTENT_LEN	5
#define OLD_MODE	0640	/* of objects the tests prepare */
#define NEW_MODE	0604	/* asked of pshm_open: the umask is 077 */

enum where { IN_DIR, IN_SYSTEM };

/* What a test runs against: its namespace, and a case from a table. */
struct variant {
	enum where where;
	const void *data;
};

#define MAX_NAMES 8

struct fixture {
	enum where where;
	const void *data;
	struct pshm_ns ns;
	char dir[256];		/* the namespace's directory */
	char prefix[64];	/* every name this test makes starts with it */
	char names[MAX_NAMES][NAME_MAX + 2];
	int nnames;
};

static unsigned test_serial;

/* --- fixture -------------------------------------------------------------- */

static int
fx_setup(void **state)
{
	const struct variant *v = *state;
	struct pshm_error err;
	struct fixture *f;
	const char *tmp;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return -1;
	f->where = v->where;
	f->data = v->data;
	snprintf(f->prefix, sizeof f->prefix, "/shmctl-unit-%ld-%u-",
	    (long)getpid(), ++test_serial);
	if (f->where == IN_SYSTEM) {
		snprintf(f->dir, sizeof f->dir, "%s", PSHM_SYSTEM_DIR);
		if (pshm_ns_open(&f->ns, NULL, &err) != PSHM_OK)
			goto fail;
	} else {
		/* A namespace is on a memory file system: under /dev/shm. */
		tmp = PSHM_SYSTEM_DIR;
		if (snprintf(f->dir, sizeof f->dir, "%s/shmctl-unit-XXXXXX",
		    tmp) >= (int)sizeof f->dir || mkdtemp(f->dir) == NULL)
			goto fail;
		if (pshm_ns_open(&f->ns, f->dir, &err) != PSHM_OK) {
			rmdir(f->dir);
			goto fail;
		}
	}
	*state = f;
	return 0;
fail:
	free(f);
	return -1;
}

/*
 * Removes every entry whose name starts with prefix (all when NULL), and
 * what is in the directories among them.
 */
static void
remove_entries(const char *dir, const char *prefix)
{
	char sub[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int dfd;

	if ((d = opendir(dir)) == NULL)
		return;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (prefix != NULL &&
		    strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0 || errno != EISDIR)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name) <
		    (int)sizeof sub)
			remove_entries(sub, NULL);
		unlinkat(dfd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

static int
fx_teardown(void **state)
{
	struct fixture *f = *state;

	alarm(0);	/* a guard a failed test may have left set */
	pshm_ns_close(&f->ns);
	if (f->where == IN_SYSTEM)
		remove_entries(f->dir, f->prefix + 1);
	else {
		remove_entries(f->dir, NULL);
		rmdir(f->dir);
	}
	free(f);
	return 0;
}

/* A fresh name for this test: "/shmctl-unit-PID-N-label". */
static const char *
fx_name(struct fixture *f, const char *label)
{
	char *name;

	assert_true(f->nnames < MAX_NAMES);
	name = f->names[f->nnames++];
	snprintf(name, NAME_MAX + 2, "%s%s", f->prefix, label);
	return name;
}

static void
fx_path(const struct fixture *f, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", f->dir, name + 1);
}

/* lstat(2) of a name: 0 or the errno. */
static int
fx_lstat(const struct fixture *f, const char *name, struct stat *st)
{
	char path[PATH_MAX];

	fx_path(f, name, path, sizeof path);
	return lstat(path, st) == -1 ? errno : 0;
}

static bool
fx_exists(const struct fixture *f, const char *name)
{
	struct stat st;

	return fx_lstat(f, name, &st) != ENOENT;
}

/* A regular file holding CONTENT with mode OLD_MODE; returns it open. */
static int
fx_make_object(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];
	int fd;

	fx_path(f, name, path, sizeof path);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_int_not_equal(fd, -1);
	assert_int_equal(fchmod(fd, OLD_MODE), 0);
	assert_int_equal(pwrite(fd, CONTENT, CONTENT_LEN, 0), CONTENT_LEN);
	return fd;
}

/* The entry under name is still what st says it was. */
static void
assert_unchanged(const struct fixture *f, const char *name,
    const struct stat *before)
{
	struct stat st;

	assert_int_equal(fx_lstat(f, name, &st), 0);
	assert_int_equal(st.st_ino, before->st_ino);
	assert_int_equal(st.st_mode, before->st_mode);
	assert_int_equal(st.st_size, before->st_size);
}

/* --- helpers -------------------------------------------------------------- */

static void
assert_error(int rc, const struct pshm_error *err, int errnum,
    const char *op)
{
	assert_int_equal(rc, PSHM_FAIL);
	assert_int_equal(err->errnum, errnum);
	assert_non_null(err->op);
	assert_string_equal(err->op, op);
	/* errno tells the same story, for callers that look there. */
	assert_int_equal(errno, errnum < 0 ? EINVAL : errnum);
}

static void
assert_access(int fd, int accmode)
{
	int fl = fcntl(fd, F_GETFL);

	assert_int_not_equal(fl, -1);
	assert_int_equal(fl & O_ACCMODE, accmode);
	assert_true(fl & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
}

static void
assert_closed(int fd)
{
	errno = 0;
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

/* fd is the file at path (same device and inode). */
static void
assert_same_file(int fd, const char *path)
{
	struct stat a, b;

	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(stat(path, &b), 0);
	assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

static void
assert_fd_mode(int fd, mode_t mode)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
}

static off_t
fd_size(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_size;
}

/* Whether touching addr (reading, or writing) kills a child process. */
static bool
access_faults(volatile char *addr, bool write)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		/* cmocka's handlers would resume the test run in the child. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		if (write)
			addr[0] = 'x';
		else
			(void)addr[0];
		_exit(0);
	}
	assert_int_not_equal(pid, -1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* mincore(2) fails with ENOMEM on an unmapped page. */
static bool
is_mapped(void *addr)
{
	unsigned char vec;

	return mincore(addr, 1, &vec) == 0;
}

/* The permission field of addr's line in /proc/self/maps ("rw-s"). */
static void
map_perms(void *addr, char perms[5])
{
	unsigned long start = (unsigned long)addr, lo, hi;
	char line[512], p[5];
	FILE *fp;

	perms[0] = '\0';
	assert_non_null(fp = fopen("/proc/self/maps", "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 &&
		    lo == start) {
			memcpy(perms, p, 5);
			break;
		}
	fclose(fp);
	assert_int_equal(strlen(perms), 4);
}

/* --- the open flag table -------------------------------------------------- */

enum outcome {
	OPENS,		/* the existing object, as it was */
	TRUNCATES,	/* the existing object, emptied */
	SUPERSEDES,	/* a new object in place of the old one */
	CREATES,	/* a new object, mode exactly as asked */
	IS_NIL,		/* PSHM_NIL: no descriptor, nothing made */
	FAILS_EEXIST,
	FAILS_ENOENT,
};

struct open_case {
	const char *label;	/* the shmctl open options */
	enum pshm_direction dir;
	enum pshm_if_exists ifex;
	enum pshm_if_does_not_exist ifdne;
	int flags;		/* what pshm_open_plan must say */
	bool supersede, nil_if_exists, nil_if_missing;
	enum outcome when_exists, when_missing;
};

#define IN	PSHM_INPUT
#define IO	PSHM_IO
#define X_DEF	PSHM_IFEX_DEFAULT
#define X_ERR	PSHM_IFEX_ERROR
#define X_OVER	PSHM_IFEX_OVERWRITE
#define X_TRUNC	PSHM_IFEX_TRUNCATE
#define X_SUPER	PSHM_IFEX_SUPERSEDE
#define X_NIL	PSHM_IFEX_NIL
#define D_DEF	PSHM_IFDNE_DEFAULT
#define D_ERR	PSHM_IFDNE_ERROR
#define D_CREAT	PSHM_IFDNE_CREATE
#define D_NIL	PSHM_IFDNE_NIL

static const struct open_case open_cases[] = {
	/* The ten rows of shmctl-open(1)'s table, in its order. */
	{ "O_RDONLY: -", IN, X_DEF, D_DEF,
	  O_RDONLY, false, false, false, OPENS, FAILS_ENOENT },
	{ "O_RDONLY|O_CREAT: --if-does-not-exist create", IN, X_DEF, D_CREAT,
	  O_RDONLY | O_CREAT, false, false, false, OPENS, CREATES },
	{ "O_RDONLY|O_CREAT|O_EXCL: --if-exists error "
	  "--if-does-not-exist create", IN, X_ERR, D_CREAT,
	  O_RDONLY | O_CREAT | O_EXCL, false, false, false,
	  FAILS_EEXIST, CREATES },
	{ "O_RDONLY|O_TRUNC: --if-exists truncate", IN, X_TRUNC, D_DEF,
	  O_RDONLY | O_TRUNC, false, false, false, TRUNCATES, FAILS_ENOENT },
	{ "O_RDONLY|O_CREAT|O_TRUNC: --if-exists truncate "
	  "--if-does-not-exist create", IN, X_TRUNC, D_CREAT,
	  O_RDONLY | O_CREAT | O_TRUNC, false, false, false,
	  TRUNCATES, CREATES },
	{ "O_RDWR: --io", IO, X_DEF, D_DEF,
	  O_RDWR, false, false, false, OPENS, FAILS_ENOENT },
	{ "O_RDWR|O_CREAT: --io --if-does-not-exist create", IO, X_DEF,
	  D_CREAT, O_RDWR | O_CREAT, false, false, false, OPENS, CREATES },
	{ "O_RDWR|O_CREAT|O_EXCL: --io --if-exists error", IO, X_ERR, D_DEF,
	  O_RDWR | O_CREAT | O_EXCL, false, false, false,
	  FAILS_EEXIST, CREATES },
	{ "O_RDWR|O_TRUNC: --io --if-exists truncate", IO, X_TRUNC, D_DEF,
	  O_RDWR | O_TRUNC, false, false, false, TRUNCATES, FAILS_ENOENT },
	{ "O_RDWR|O_CREAT|O_TRUNC: --io --if-exists truncate "
	  "--if-does-not-exist create", IO, X_TRUNC, D_CREAT,
	  O_RDWR | O_CREAT | O_TRUNC, false, false, false,
	  TRUNCATES, CREATES },

	/* overwrite spelled out is the default. */
	{ "--io --if-exists overwrite", IO, X_OVER, D_DEF,
	  O_RDWR, false, false, false, OPENS, FAILS_ENOENT },
	{ "--io --if-exists overwrite --if-does-not-exist create", IO,
	  X_OVER, D_CREAT, O_RDWR | O_CREAT, false, false, false,
	  OPENS, CREATES },
	{ "--io --if-exists error --if-does-not-exist create", IO, X_ERR,
	  D_CREAT, O_RDWR | O_CREAT | O_EXCL, false, false, false,
	  FAILS_EEXIST, CREATES },

	/* supersede: unlink, then O_CREAT|O_EXCL; only when creating. */
	{ "--io --if-exists supersede", IO, X_SUPER, D_DEF,
	  O_RDWR | O_CREAT | O_EXCL, true, false, false,
	  SUPERSEDES, CREATES },
	{ "--if-exists supersede --if-does-not-exist create", IN, X_SUPER,
	  D_CREAT, O_RDONLY | O_CREAT | O_EXCL, true, false, false,
	  SUPERSEDES, CREATES },
	{ "--if-exists supersede (read-only: does not create)", IN, X_SUPER,
	  D_DEF, O_RDONLY, false, false, false, OPENS, FAILS_ENOENT },
	{ "--io --if-exists supersede --if-does-not-exist error", IO,
	  X_SUPER, D_ERR, O_RDWR, false, false, false, OPENS, FAILS_ENOENT },

	/* nil */
	{ "--io --if-exists nil", IO, X_NIL, D_DEF,
	  O_RDWR | O_CREAT | O_EXCL, false, true, false, IS_NIL, CREATES },
	{ "--if-exists nil --if-does-not-exist create", IN, X_NIL, D_CREAT,
	  O_RDONLY | O_CREAT | O_EXCL, false, true, false, IS_NIL, CREATES },
	{ "--io --if-does-not-exist nil", IO, X_DEF, D_NIL,
	  O_RDWR, false, false, true, OPENS, IS_NIL },
	{ "--if-does-not-exist nil", IN, X_DEF, D_NIL,
	  O_RDONLY, false, false, true, OPENS, IS_NIL },
	{ "--io --if-exists truncate --if-does-not-exist nil", IO, X_TRUNC,
	  D_NIL, O_RDWR | O_TRUNC, false, false, true, TRUNCATES, IS_NIL },
	{ "--io --if-exists error --if-does-not-exist nil", IO, X_ERR, D_NIL,
	  O_RDWR, false, false, true, OPENS, IS_NIL },
	{ "--io --if-exists nil --if-does-not-exist nil", IO, X_NIL, D_NIL,
	  O_RDWR, false, false, true, OPENS, IS_NIL },

	/* error, like supersede and nil, only matters when creating. */
	{ "--io --if-exists error --if-does-not-exist error", IO, X_ERR,
	  D_ERR, O_RDWR, false, false, false, OPENS, FAILS_ENOENT },
	{ "--if-exists error (read-only: does not create)", IN, X_ERR, D_DEF,
	  O_RDONLY, false, false, false, OPENS, FAILS_ENOENT },
};

#define N_OPEN_CASES (sizeof open_cases / sizeof open_cases[0])

static struct pshm_open_opts
case_opts(const struct open_case *oc)
{
	struct pshm_open_opts o = {
		.direction = oc->dir,
		.if_exists = oc->ifex,
		.if_does_not_exist = oc->ifdne,
		.mode = NEW_MODE,
	};

	return o;
}

static void
check_plan(const struct open_case *oc)
{
	struct pshm_open_opts o = case_opts(oc);
	struct pshm_open_plan p;

	pshm_open_plan(&o, &p);
	assert_int_equal(p.flags, oc->flags);
	assert_int_equal(p.supersede, oc->supersede);
	assert_int_equal(p.nil_if_exists, oc->nil_if_exists);
	assert_int_equal(p.nil_if_missing, oc->nil_if_missing);
}

/* The descriptor can write exactly when the direction is io. */
static void
check_direction(int fd, enum pshm_direction dir)
{
	assert_access(fd, dir == PSHM_IO ? O_RDWR : O_RDONLY);
	if (dir == PSHM_IO)
		assert_int_equal(pwrite(fd, "J", 1, 0), 1);
	else {
		errno = 0;
		assert_int_equal(write(fd, "J", 1), -1);
		assert_int_equal(errno, EBADF);
	}
}

static void
check_when_exists(struct fixture *f, const struct open_case *oc)
{
	struct pshm_open_opts o = case_opts(oc);
	const char *name = fx_name(f, "exists");
	struct pshm_error err = { .errnum = 0 };
	struct stat before, st;
	bool created = true;
	char buf[CONTENT_LEN];
	int old, fd = 1234, rc;

	/* Holding the old object keeps its inode number from reuse. */
	old = fx_make_object(f, name);
	assert_int_equal(fstat(old, &before), 0);
	rc = pshm_open(&f->ns, name, &o, &fd, &created, &err);

	switch (oc->when_exists) {
	case OPENS:
	case TRUNCATES:
		assert_int_equal(rc, PSHM_OK);
		assert_false(created);
		assert_int_equal(fstat(fd, &st), 0);
		assert_int_equal(st.st_ino, before.st_ino);
		/* An existing object keeps its mode: -m is for new ones. */
		assert_int_equal(st.st_mode & 07777, OLD_MODE);
		if (oc->when_exists == TRUNCATES)
			assert_int_equal(st.st_size, 0);
		else {
			assert_int_equal(st.st_size, CONTENT_LEN);
			assert_int_equal(pread(fd, buf, sizeof buf, 0),
			    CONTENT_LEN);
			assert_memory_equal(buf, CONTENT, CONTENT_LEN);
		}
		check_direction(fd, oc->dir);
		close(fd);
		break;
	case SUPERSEDES:
		assert_int_equal(rc, PSHM_OK);
		assert_true(created);
		assert_int_equal(fstat(fd, &st), 0);
		assert_int_not_equal(st.st_ino, before.st_ino);
		assert_int_equal(st.st_size, 0);
		assert_int_equal(st.st_mode & 07777, NEW_MODE);
		/* The old object lives on, nameless, for its holders. */
		assert_int_equal(fstat(old, &st), 0);
		assert_int_equal(st.st_nlink, 0);
		assert_int_equal(st.st_size, CONTENT_LEN);
		check_direction(fd, oc->dir);
		close(fd);
		break;
	case IS_NIL:
		assert_int_equal(rc, PSHM_NIL);
		assert_int_equal(fd, -1);
		assert_unchanged(f, name, &before);
		break;
	case FAILS_EEXIST:
		assert_error(rc, &err, EEXIST, "open");
		assert_int_equal(fd, -1);
		assert_unchanged(f, name, &before);
		break;
	default:
		fail_msg("bad table entry");
	}
	close(old);
}

static void
check_when_missing(struct fixture *f, const struct open_case *oc)
{
	struct pshm_open_opts o = case_opts(oc);
	const char *name = fx_name(f, "missing");
	struct pshm_error err = { .errnum = 0 };
	bool created = false;
	struct stat st;
	int fd = 1234, rc;

	rc = pshm_open(&f->ns, name, &o, &fd, &created, &err);
	switch (oc->when_missing) {
	case CREATES:
		assert_int_equal(rc, PSHM_OK);
		assert_true(created);
		assert_int_equal(fx_lstat(f, name, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_size, 0);
		/* Exactly as asked, though the umask is 077. */
		assert_int_equal(st.st_mode & 07777, NEW_MODE);
		assert_int_equal(fstat(fd, &st), 0);
		check_direction(fd, oc->dir);
		close(fd);
		break;
	case IS_NIL:
		assert_int_equal(rc, PSHM_NIL);
		assert_int_equal(fd, -1);
		assert_false(fx_exists(f, name));
		break;
	case FAILS_ENOENT:
		assert_error(rc, &err, ENOENT, "open");
		assert_int_equal(fd, -1);
		assert_false(fx_exists(f, name));
		break;
	default:
		fail_msg("bad table entry");
	}
}

static void
test_open_case(void **state)
{
	struct fixture *f = *state;
	const struct open_case *oc = f->data;

	check_plan(oc);
	check_when_exists(f, oc);
	check_when_missing(f, oc);
}

/* The default of --if-does-not-exist, for every direction and if-exists. */
static void
test_open_plan_default_if_does_not_exist(void **state)
{
	static const enum pshm_if_exists all[] = {
		X_DEF, X_ERR, X_OVER, X_TRUNC, X_SUPER, X_NIL
	};
	struct pshm_open_opts o = { .mode = 0600 };
	struct pshm_open_plan p;

	(void)state;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		o.if_exists = all[i];
		o.if_does_not_exist = D_DEF;
		/* Read-only: error, whatever if-exists says. */
		o.direction = IN;
		pshm_open_plan(&o, &p);
		assert_false(p.flags & O_CREAT);
		assert_false(p.nil_if_missing);
		/* io: error after overwrite and truncate, else create. */
		o.direction = IO;
		pshm_open_plan(&o, &p);
		if (all[i] == X_DEF || all[i] == X_OVER || all[i] == X_TRUNC)
			assert_false(p.flags & O_CREAT);
		else
			assert_true(p.flags & O_CREAT);
		assert_false(p.nil_if_missing);
		/* The default if-exists is overwrite, in every case. */
		o.if_does_not_exist = D_CREAT;
		pshm_open_plan(&o, &p);
		if (all[i] == X_DEF || all[i] == X_OVER)
			assert_int_equal(p.flags, O_RDWR | O_CREAT);
	}
}

/* --- open: more than the table -------------------------------------------- */

static void
test_open_mode_ignores_umask(void **state)
{
	struct fixture *f = *state;
	static const enum pshm_if_exists ifex[] = { X_DEF, X_ERR, X_SUPER };
	struct pshm_error err;
	mode_t old = umask(077);
	int fd;

	for (size_t i = 0; i < sizeof ifex / sizeof ifex[0]; i++) {
		struct pshm_open_opts o = { IO, ifex[i], D_CREAT, 0666 };
		const char *name = fx_name(f, i == 0 ? "a" : i == 1 ? "b" :
		    "c");

		assert_int_equal(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
		    PSHM_OK);
		assert_fd_mode(fd, 0666);
		close(fd);
	}
	umask(old);
}

/* A mode with the set-id and sticky bits, and an empty one. */
static void
test_open_mode_extremes(void **state)
{
	struct fixture *f = *state;
	struct pshm_open_opts o = { IO, X_ERR, D_CREAT, 07777 };
	struct pshm_error err;
	int fd;

	assert_int_equal(pshm_open(&f->ns, fx_name(f, "all"), &o, &fd, NULL,
	    &err), PSHM_OK);
	assert_fd_mode(fd, 07777);
	close(fd);
	o.mode = 0;
	assert_int_equal(pshm_open(&f->ns, fx_name(f, "none"), &o, &fd, NULL,
	    &err), PSHM_OK);
	assert_fd_mode(fd, 0);
	close(fd);
}

/* Names reach the same object with or without their leading slash. */
static void
test_open_name_without_slash(void **state)
{
	struct fixture *f = *state;
	const char *name = fx_name(f, "x");
	struct pshm_open_opts o = { IN, X_DEF, D_DEF, 0600 };
	struct pshm_error err;
	struct stat a, b;
	int fd;

	close(fx_make_object(f, name));
	assert_int_equal(pshm_open(&f->ns, name + 1, &o, &fd, NULL, &err),
	    PSHM_OK);
	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(fx_lstat(f, name, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	close(fd);
}

/* "/" and then n bytes, starting with the test's prefix. */
static void
long_name(const struct fixture *f, char *buf, size_t n)
{
	size_t p = strlen(f->prefix);

	memcpy(buf, f->prefix, p);
	memset(buf + p, 'n', n + 1 - p);
	buf[n + 1] = '\0';
}

/* NAME_MAX bytes after the slash is the longest name, in both places. */
static void
test_open_name_length(void **state)
{
	struct fixture *f = *state;
	struct pshm_open_opts o = { IO, X_ERR, D_CREAT, 0600 };
	struct pshm_error err = { .errnum = 0 };
	char name[NAME_MAX + 64];
	int fd;

	long_name(f, name, NAME_MAX);
	assert_int_equal(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
	    PSHM_OK);
	close(fd);
	assert_true(fx_exists(f, name));
	assert_int_equal(pshm_unlink(&f->ns, name, &err), PSHM_OK);
	assert_false(fx_exists(f, name));

	/* One more byte, or a few more, is too long: nothing is made. */
	for (size_t n = NAME_MAX + 1; n < NAME_MAX + 8; n++) {
		long_name(f, name, n);
		assert_error(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
		    &err, ENAMETOOLONG, "open");
		assert_int_equal(fd, -1);
		assert_error(pshm_unlink(&f->ns, name, &err), &err,
		    ENAMETOOLONG, "unlink");
	}
}

/*
 * A name is one entry: a '/' inside it would reach into a subdirectory,
 * or through a symlink to one, where O_NOFOLLOW does not look.
 */
static void
test_open_name_is_one_entry(void **state)
{
	struct fixture *f = *state;
	const char *sub = fx_name(f, "sub"), *lnk = fx_name(f, "lnk");
	char path[PATH_MAX], name[NAME_MAX + 2], inner[PATH_MAX + 8];
	struct pshm_error err = { .errnum = 0 };
	struct stat before, st;
	int fd;

	fx_path(f, sub, path, sizeof path);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(inner, sizeof inner, "%s/x", path);
	assert_int_not_equal(fd = open(inner, O_CREAT | O_WRONLY, 0600), -1);
	assert_int_equal(write(fd, CONTENT, CONTENT_LEN), CONTENT_LEN);
	close(fd);
	assert_int_equal(stat(inner, &before), 0);
	fx_path(f, lnk, path, sizeof path);
	fx_path(f, sub, inner, sizeof inner);
	assert_int_equal(symlink(inner, path), 0);

	for (int via = 0; via < 2; via++) {
		snprintf(name, sizeof name, "%s/x", via ? lnk : sub);
		for (size_t i = 0; i < N_OPEN_CASES; i++) {
			struct pshm_open_opts o = case_opts(&open_cases[i]);

			assert_error(pshm_open(&f->ns, name, &o, &fd, NULL,
			    &err), &err, EINVAL, "open");
			assert_int_equal(fd, -1);
		}
		assert_error(pshm_unlink(&f->ns, name, &err), &err, EINVAL,
		    "unlink");
		snprintf(inner, sizeof inner, "%s/%s/x", f->dir, sub + 1);
		assert_int_equal(stat(inner, &st), 0);
		assert_int_equal(st.st_ino, before.st_ino);
		assert_int_equal(st.st_size, CONTENT_LEN);
	}
	/* No name at all. */
	for (size_t i = 0; i < N_OPEN_CASES; i++) {
		struct pshm_open_opts o = case_opts(&open_cases[i]);

		assert_error(pshm_open(&f->ns, "/", &o, &fd, NULL, &err), &err,
		    EINVAL, "open");
		assert_error(pshm_open(&f->ns, "", &o, &fd, NULL, &err), &err,
		    EINVAL, "open");
	}
	assert_error(pshm_unlink(&f->ns, "/", &err), &err, EINVAL, "unlink");
}

/* --- anonymous objects ---------------------------------------------------- */

/* make_name for the tests: `taken` for the first collisions calls. */
struct namer {
	const char *taken;
	const char *fresh;
	unsigned collisions;
	unsigned calls;
};

static void
namer_fn(char *buf, size_t len, void *ctx)
{
	struct namer *n = ctx;

	snprintf(buf, len, "%s", n->calls++ < n->collisions ? n->taken :
	    n->fresh);
}

/* No entry of the namespace's directory is the object open at fd. */
static void
assert_nameless(const struct fixture *f, int fd)
{
	struct dirent *de;
	struct stat st, e;
	DIR *d;

	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_nlink, 0);
	assert_non_null(d = opendir(f->dir));
	while ((de = readdir(d)) != NULL)
		if (fstatat(dirfd(d), de->d_name, &e,
		    AT_SYMLINK_NOFOLLOW) == 0)
			assert_false(e.st_dev == st.st_dev &&
			    e.st_ino == st.st_ino);
	closedir(d);
}

static void
assert_dir_empty(const struct fixture *f)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	assert_non_null(d = opendir(f->dir));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	assert_int_equal(n, 0);
}

static void
test_anon_leaves_no_name(void **state)
{
	struct fixture *f = *state;
	struct pshm_anon_opts o = { .direction = IO, .mode = 0666 };
	struct pshm_error err;
	char buf[2];
	int fd = -1;

	assert_int_equal(pshm_open_anon(&f->ns, &o, &fd, &err), PSHM_OK);
	assert_nameless(f, fd);
	if (f->where == IN_DIR)
		assert_dir_empty(f);
	assert_fd_mode(fd, 0666);	/* exactly, though the umask is 077 */
	assert_int_equal(fd_size(fd), 0);
	assert_access(fd, O_RDWR);
	assert_int_equal(pwrite(fd, "ok", 2, 0), 2);
	assert_int_equal(pread(fd, buf, 2, 0), 2);
	assert_memory_equal(buf, "ok", 2);
	close(fd);
}

static void
test_anon_input_is_read_only(void **state)
{
	struct fixture *f = *state;
	struct pshm_anon_opts o = { .direction = IN, .mode = 0400 };
	struct pshm_error err;
	int fd = -1;

	assert_int_equal(pshm_open_anon(&f->ns, &o, &fd, &err), PSHM_OK);
	assert_nameless(f, fd);
	check_direction(fd, IN);
	assert_fd_mode(fd, 0400);
	close(fd);
}

/* Random names: two anonymous objects are two objects. */
static void
test_anon_random_names_differ(void **state)
{
	struct fixture *f = *state;
	struct pshm_anon_opts o = { .direction = IO, .mode = 0600 };
	struct pshm_error err;
	struct stat a, b;
	int fd1, fd2;

	assert_int_equal(pshm_open_anon(&f->ns, &o, &fd1, &err), PSHM_OK);
	assert_int_equal(pshm_open_anon(&f->ns, &o, &fd2, &err), PSHM_OK);
	assert_int_equal(fstat(fd1, &a), 0);
	assert_int_equal(fstat(fd2, &b), 0);
	assert_int_not_equal(a.st_ino, b.st_ino);
	close(fd1);
	close(fd2);
}

static void
check_anon_exhausted(struct fixture *f, unsigned attempts, unsigned calls)
{
	char label[32];
	const char *taken;

	snprintf(label, sizeof label, "taken-%u", attempts);
	taken = fx_name(f, label);
	struct namer n = { NULL, NULL, UINT_MAX, 0 };
	struct pshm_anon_opts o = { IO, 0600, attempts, namer_fn, &n };
	struct pshm_error err;
	struct stat before;
	int fd = 1234;

	n.taken = taken;
	close(fx_make_object(f, taken));
	assert_int_equal(fx_lstat(f, taken, &before), 0);
	assert_error(pshm_open_anon(&f->ns, &o, &fd, &err), &err, EEXIST,
	    "open");
	assert_int_equal(fd, -1);
	assert_int_equal(n.calls, calls);
	assert_unchanged(f, taken, &before);
}

static void
test_anon_collisions_exhaust_attempts(void **state)
{
	check_anon_exhausted(*state, 7, 7);
	check_anon_exhausted(*state, 1, 1);
	/* 0 attempts means the default. */
	check_anon_exhausted(*state, 0, PSHM_ANON_ATTEMPTS);
}

static void
check_anon_collide_then_succeed(struct fixture *f, unsigned attempts,
    unsigned collisions, const char *taken)
{
	const char *fresh = fx_name(f, collisions == 1 ? "fresh1" : "fresh");
	struct namer n = { taken, fresh, collisions, 0 };
	struct pshm_anon_opts o = { IO, 0600, attempts, namer_fn, &n };
	struct pshm_error err;
	struct stat before;
	int fd = -1;

	assert_int_equal(fx_lstat(f, taken, &before), 0);
	assert_int_equal(pshm_open_anon(&f->ns, &o, &fd, &err), PSHM_OK);
	assert_int_equal(n.calls, collisions + 1);
	assert_false(fx_exists(f, fresh));
	assert_nameless(f, fd);
	assert_unchanged(f, taken, &before);
	close(fd);
}

static void
test_anon_collide_then_succeed(void **state)
{
	struct fixture *f = *state;
	const char *taken = fx_name(f, "taken");

	close(fx_make_object(f, taken));
	/* The last attempt is still an attempt. */
	check_anon_collide_then_succeed(f, 5, 4, taken);
	check_anon_collide_then_succeed(f, 0, PSHM_ANON_ATTEMPTS - 1, taken);
}

/* A symlink under a candidate name is a collision, never followed. */
static void
test_anon_collides_with_symlink(void **state)
{
	struct fixture *f = *state;
	const char *target = fx_name(f, "target"), *link = fx_name(f, "link");
	char lpath[PATH_MAX], tpath[PATH_MAX];
	struct stat before;

	close(fx_make_object(f, target));
	fx_path(f, target, tpath, sizeof tpath);
	fx_path(f, link, lpath, sizeof lpath);
	assert_int_equal(symlink(tpath, lpath), 0);
	assert_int_equal(fx_lstat(f, target, &before), 0);
	check_anon_collide_then_succeed(f, 3, 1, link);
	assert_unchanged(f, target, &before);
}

/* An error other than a collision ends the attempts at once. */
static void
test_anon_other_error_stops(void **state)
{
	struct fixture *f = *state;
	struct namer n = { "/no-such-dir/x", NULL, UINT_MAX, 0 };
	struct pshm_anon_opts o = { IO, 0600, 10, namer_fn, &n };
	struct pshm_error err = { .errnum = 0 };
	int fd = 1234;

	assert_error(pshm_open_anon(&f->ns, &o, &fd, &err), &err, EINVAL,
	    "open");
	assert_int_equal(n.calls, 1);
	assert_int_equal(fd, -1);
}

/* --- ftruncate and reserve ------------------------------------------------ */

static int
open_new(struct fixture *f, const char *label, enum pshm_direction dir)
{
	const char *name = fx_name(f, label);
	struct pshm_open_opts o = { IO, X_ERR, D_CREAT, 0600 };
	struct pshm_error err;
	int fd;

	assert_int_equal(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
	    PSHM_OK);
	if (dir == IN) {
		close(fd);
		o.direction = IN;
		o.if_exists = X_DEF;
		o.if_does_not_exist = D_DEF;
		assert_int_equal(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
		    PSHM_OK);
	}
	return fd;
}

static void
test_ftruncate(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), ro = open_new(f, "ro", IN);

	assert_int_equal(pshm_ftruncate(fd, 8192, &err), PSHM_OK);
	assert_int_equal(fd_size(fd), 8192);
	assert_int_equal(pshm_ftruncate(fd, 100, &err), PSHM_OK);
	assert_int_equal(fd_size(fd), 100);
	assert_int_equal(pshm_ftruncate(fd, 0, &err), PSHM_OK);
	assert_int_equal(fd_size(fd), 0);
	assert_int_equal(pshm_ftruncate(fd, 10, &err), PSHM_OK);

	assert_error(pshm_ftruncate(fd, -1, &err), &err, EINVAL, "resize");
	assert_error(pshm_ftruncate(fd, INT64_MIN, &err), &err, EINVAL,
	    "resize");
	assert_int_equal(fd_size(fd), 10);
	/* A read-only descriptor cannot resize (ftruncate(2): EINVAL). */
	assert_error(pshm_ftruncate(ro, 10, &err), &err, EINVAL, "resize");
	assert_int_equal(fd_size(ro), 0);
	close(ro);
	close(fd);
	assert_error(pshm_ftruncate(fd, 10, &err), &err, EBADF, "resize");
	/* A NULL error is allowed: errno still says what happened. */
	errno = 0;
	assert_int_equal(pshm_ftruncate(fd, 10, NULL), PSHM_FAIL);
	assert_int_equal(errno, EBADF);
}

static void
test_reserve(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), ro = open_new(f, "ro", IN);
	struct stat st;

	assert_int_equal(pshm_reserve(fd, 1 << 20, &err), PSHM_OK);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 1 << 20);
	assert_true((off_t)st.st_blocks * 512 >= 1 << 20);
	/* Reserving less than the size keeps the size. */
	assert_int_equal(pshm_reserve(fd, 4096, &err), PSHM_OK);
	assert_int_equal(fd_size(fd), 1 << 20);
	/* Nothing to reserve is no error. */
	assert_int_equal(pshm_reserve(ro, 0, &err), PSHM_OK);
	assert_int_equal(fd_size(ro), 0);

	assert_error(pshm_reserve(fd, -1, &err), &err, EINVAL, "allocate");
	assert_error(pshm_reserve(ro, 4096, &err), &err, EBADF, "allocate");
	assert_int_equal(fd_size(ro), 0);
	close(ro);
	close(fd);
	assert_error(pshm_reserve(fd, 4096, &err), &err, EBADF, "allocate");
}

/*
 * Reserving more than the filesystem holds fails now, with ENOSPC.  Only
 * on a size-limited tmpfs, which refuses before allocating anything: a
 * disk filesystem would be filled first.
 */
static void
test_reserve_no_room(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	struct statfs sfs;
	off_t total;
	int fd;

	assert_int_equal(statfs(f->dir, &sfs), 0);
	if (sfs.f_type != TMPFS_MAGIC || sfs.f_blocks == 0) {
		print_message("# %s is no size-limited tmpfs: ENOSPC of "
		    "reserve not checked here\n", f->dir);
		return;
	}
	total = (off_t)sfs.f_blocks * (off_t)sfs.f_bsize;
	fd = open_new(f, "x", IO);
	assert_error(pshm_reserve(fd, total + 1024 * 1024, &err), &err, ENOSPC,
	    "allocate");
	assert_int_equal(fd_size(fd), 0);
	close(fd);
}

/* --- mmap and munmap ------------------------------------------------------ */

static void
test_mmap_shared_between_mappings(void **state)
{
	struct fixture *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pshm_error err;
	int fd = open_new(f, "x", IO);
	char *w, *r, *r2, buf[6];

	assert_int_equal(pshm_ftruncate(fd, (off_t)(2 * page), &err), PSHM_OK);
	assert_non_null(w = pshm_mmap(NULL, 2 * page, PSHM_PROT_WRITE, fd, 0,
	    &err));
	assert_non_null(r = pshm_mmap(NULL, 2 * page, PSHM_PROT_READ, fd, 0,
	    &err));
	assert_non_null(r2 = pshm_mmap(NULL, page, PSHM_PROT_READ, fd,
	    (off_t)page, &err));
	memcpy(w, "shared", 6);
	memcpy(w + page, "second", 6);
	/* Another mapping sees it, and so does the object itself. */
	assert_memory_equal(r, "shared", 6);
	assert_memory_equal(r2, "second", 6);
	assert_int_equal(pread(fd, buf, 6, 0), 6);
	assert_memory_equal(buf, "shared", 6);
	assert_int_equal(pread(fd, buf, 6, (off_t)page), 6);
	assert_memory_equal(buf, "second", 6);
	/* And the other way round. */
	assert_int_equal(pwrite(fd, "pwrite", 6, 0), 6);
	assert_memory_equal(r, "pwrite", 6);

	assert_int_equal(pshm_munmap(w, 2 * page, &err), PSHM_OK);
	assert_int_equal(pshm_munmap(r, 2 * page, &err), PSHM_OK);
	assert_int_equal(pshm_munmap(r2, page, &err), PSHM_OK);
	assert_false(is_mapped(w));
	assert_false(is_mapped(r));
	assert_false(is_mapped(r2));
	close(fd);
}

/* Every protection set, none included, and always MAP_SHARED. */
static void
test_mmap_each_protection(void **state)
{
	struct fixture *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pshm_error err;
	int fd = open_new(f, "x", IO);
	char perms[5], want[5];
	struct statvfs vfs;
	bool noexec;
	void *m;

	assert_int_equal(statvfs(f->dir, &vfs), 0);
	noexec = vfs.f_flag & ST_NOEXEC;
	if (noexec)
		print_message("# %s is mounted noexec: the exec protection "
		    "must fail with EPERM\n", f->dir);
	assert_int_equal(pshm_ftruncate(fd, (off_t)page, &err), PSHM_OK);
	for (int prot = 0; prot <= 7; prot++) {
		m = pshm_mmap(NULL, page, prot, fd, 0, &err);
		if (noexec && (prot & PSHM_PROT_EXEC)) {
			assert_null(m);
			assert_error(PSHM_FAIL, &err, EPERM, "map");
			continue;
		}
		assert_non_null(m);
		map_perms(m, perms);
		snprintf(want, sizeof want, "%c%c%cs",
		    prot & PSHM_PROT_READ ? 'r' : '-',
		    prot & PSHM_PROT_WRITE ? 'w' : '-',
		    prot & PSHM_PROT_EXEC ? 'x' : '-');
		assert_string_equal(perms, want);
		assert_int_equal(pshm_munmap(m, page, &err), PSHM_OK);
		assert_false(is_mapped(m));
	}
	close(fd);
}

/* The kernel enforces the set: none faults, read-only faults on write. */
static void
test_mmap_protection_enforced(void **state)
{
	struct fixture *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pshm_error err;
	int fd = open_new(f, "x", IO);
	char *none, *ro, *rw;

	assert_int_equal(pshm_ftruncate(fd, (off_t)page, &err), PSHM_OK);
	assert_non_null(none = pshm_mmap(NULL, page, 0, fd, 0, &err));
	assert_non_null(ro = pshm_mmap(NULL, page, PSHM_PROT_READ, fd, 0,
	    &err));
	assert_non_null(rw = pshm_mmap(NULL, page,
	    PSHM_PROT_READ | PSHM_PROT_WRITE, fd, 0, &err));
	assert_true(access_faults(none, false));
	assert_true(access_faults(ro, true));
	assert_false(access_faults(ro, false));
	assert_false(access_faults(rw, true));
	/* The child's write went to the shared object. */
	assert_int_equal(ro[0], 'x');
	pshm_munmap(none, page, &err);
	pshm_munmap(ro, page, &err);
	pshm_munmap(rw, page, &err);
	close(fd);
}

static void
test_mmap_errors(void **state)
{
	struct fixture *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), ro = open_new(f, "ro", IN);

	assert_int_equal(pshm_ftruncate(fd, (off_t)page, &err), PSHM_OK);
	errno = 0;
	assert_null(pshm_mmap(NULL, page, 0x8, fd, 0, &err));
	assert_error(PSHM_FAIL, &err, EINVAL, "map");
	assert_null(pshm_mmap(NULL, 0, PSHM_PROT_READ, fd, 0, &err));
	assert_error(PSHM_FAIL, &err, EINVAL, "map");
	assert_null(pshm_mmap(NULL, page, PSHM_PROT_READ, fd, 1, &err));
	assert_error(PSHM_FAIL, &err, EINVAL, "map");
	/* MAP_SHARED writing needs a descriptor open for writing. */
	assert_null(pshm_mmap(NULL, page, PSHM_PROT_WRITE, ro, 0, &err));
	assert_error(PSHM_FAIL, &err, EACCES, "map");
	close(ro);
	close(fd);
	assert_null(pshm_mmap(NULL, page, PSHM_PROT_READ, fd, 0, &err));
	assert_error(PSHM_FAIL, &err, EBADF, "map");
	assert_null(pshm_mmap(NULL, page, PSHM_PROT_READ, -1, 0, &err));
	assert_error(PSHM_FAIL, &err, EBADF, "map");
}

static void
test_munmap_errors(void **state)
{
	struct pshm_error err = { .errnum = 0 };
	static char buf[16];

	(void)state;
	assert_error(pshm_munmap(buf + 1, 1, &err), &err, EINVAL, "unmap");
	assert_error(pshm_munmap(NULL, 0, &err), &err, EINVAL, "unmap");
}

/* --- unlink, close -------------------------------------------------------- */

static void
test_unlink(void **state)
{
	struct fixture *f = *state;
	const char *name = fx_name(f, "x");
	struct pshm_error err = { .errnum = 0 };
	char buf[CONTENT_LEN];
	int held = fx_make_object(f, name);

	assert_int_equal(pshm_unlink(&f->ns, name, &err), PSHM_OK);
	assert_false(fx_exists(f, name));
	/* A holder keeps the object. */
	assert_int_equal(pread(held, buf, sizeof buf, 0), CONTENT_LEN);
	assert_memory_equal(buf, CONTENT, CONTENT_LEN);
	close(held);
	assert_error(pshm_unlink(&f->ns, name, &err), &err, ENOENT, "unlink");
	assert_string_equal(pshm_strerror(&err), strerror(ENOENT));
}

static void
test_close(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO);

	assert_int_equal(pshm_close(fd, &err), PSHM_OK);
	assert_closed(fd);
	assert_error(pshm_close(fd, &err), &err, EBADF, "close");
	assert_error(pshm_close(-1, &err), &err, EBADF, "close");
}

/* --- fchmod, fstat, fchown ------------------------------------------------ */

static void
test_fchmod(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), ro = open_new(f, "ro", IN);

	assert_int_equal(pshm_fchmod(fd, 0640, &err), PSHM_OK);
	assert_fd_mode(fd, 0640);
	assert_int_equal(pshm_fchmod(fd, 0, &err), PSHM_OK);
	assert_fd_mode(fd, 0);
	assert_int_equal(pshm_fchmod(fd, 07777, &err), PSHM_OK);
	assert_fd_mode(fd, 07777);
	/* The mode is not masked by the umask (077 here). */
	assert_int_equal(pshm_fchmod(fd, 0666, &err), PSHM_OK);
	assert_fd_mode(fd, 0666);
	/* A read-only descriptor is enough (fchmod needs no write access). */
	assert_int_equal(pshm_fchmod(ro, 0604, &err), PSHM_OK);
	assert_fd_mode(ro, 0604);

	/* Bits beyond 07777 are not a mode: nothing changes. */
	assert_error(pshm_fchmod(fd, 010000, &err), &err, EINVAL, "chmod");
	assert_error(pshm_fchmod(fd, S_IFREG | 0600, &err), &err, EINVAL,
	    "chmod");
	assert_fd_mode(fd, 0666);
	close(ro);
	close(fd);
	assert_error(pshm_fchmod(fd, 0600, &err), &err, EBADF, "chmod");
}

/*
 * PSHM_META: a metadata-only descriptor, opened without read permission,
 * enough for fstat, fchmod and fchown; never creates.
 */
static void
test_meta(void **state)
{
	struct fixture *f = *state;
	struct pshm_open_opts meta = { PSHM_META, X_DEF, D_DEF, 0600 };
	struct pshm_open_opts mcreat = { PSHM_META, X_ERR, D_CREAT, 0600 };
	struct pshm_open_opts mnil = { PSHM_META, X_DEF, D_NIL, 0600 };
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), mfd = -1;
	const char *name = f->names[f->nnames - 1], *missing;
	struct pshm_stat st;
	char c;

	assert_int_equal(pshm_fchmod(fd, 0, &err), PSHM_OK);
	close(fd);
	assert_int_equal(pshm_open(&f->ns, name, &meta, &mfd, NULL, &err),
	    PSHM_OK);
	assert_true((fcntl(mfd, F_GETFL) & O_PATH) != 0);
	assert_int_equal(pshm_fstat(mfd, &st, &err), PSHM_OK);
	assert_int_equal(st.mode & 07777, 0);
	assert_int_equal(pshm_fchmod(mfd, 0640, &err), PSHM_OK);
	assert_fd_mode(mfd, 0640);
	assert_int_equal(pshm_fchown(mfd, (uid_t)-1, getegid(), &err),
	    PSHM_OK);
	/* No data goes through it. */
	assert_int_equal(read(mfd, &c, 1), -1);
	close(mfd);

	/* It never creates, and nil applies. */
	missing = fx_name(f, "missing");
	assert_error(pshm_open(&f->ns, missing, &mcreat, &mfd, NULL, &err),
	    &err, ENOENT, "open");
	assert_int_equal(pshm_open(&f->ns, missing, &mnil, &mfd, NULL, &err),
	    PSHM_NIL);
	assert_int_equal(mfd, -1);
}

static void
test_fstat(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO);
	struct pshm_stat ps;
	struct stat st;

	assert_int_equal(pshm_reserve(fd, 12345, &err), PSHM_OK);
	assert_int_equal(pshm_fchmod(fd, 0641, &err), PSHM_OK);
	assert_int_equal(pshm_fstat(fd, &ps, &err), PSHM_OK);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(ps.dev, st.st_dev);
	assert_int_equal(ps.ino, st.st_ino);
	assert_int_equal(ps.mode, st.st_mode);
	assert_int_equal(ps.mode, S_IFREG | 0641);
	assert_int_equal(ps.nlink, st.st_nlink);
	assert_int_equal(ps.nlink, 1);
	assert_int_equal(ps.uid, st.st_uid);
	assert_int_equal(ps.uid, geteuid());
	assert_int_equal(ps.gid, st.st_gid);
	assert_int_equal(ps.rdev, st.st_rdev);
	assert_int_equal(ps.size, st.st_size);
	assert_int_equal(ps.size, 12345);
	assert_int_equal(ps.blksize, st.st_blksize);
	assert_int_equal(ps.blocks, st.st_blocks);
	assert_true(ps.blocks * 512 >= 12345);
	assert_int_equal(ps.atim.tv_sec, st.st_atim.tv_sec);
	assert_int_equal(ps.atim.tv_nsec, st.st_atim.tv_nsec);
	assert_int_equal(ps.mtim.tv_sec, st.st_mtim.tv_sec);
	assert_int_equal(ps.mtim.tv_nsec, st.st_mtim.tv_nsec);
	assert_int_equal(ps.ctim.tv_sec, st.st_ctim.tv_sec);
	assert_int_equal(ps.ctim.tv_nsec, st.st_ctim.tv_nsec);
	close(fd);
	assert_error(pshm_fstat(fd, &ps, &err), &err, EBADF, "stat");
}

static void
assert_owner(int fd, uid_t uid, gid_t gid)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_uid, uid);
	assert_int_equal(st.st_gid, gid);
}

static void
test_fchown(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO);
	uid_t uid = geteuid();
	gid_t gid = getegid();

	assert_owner(fd, uid, gid);
	/* -1 leaves an id as it is. */
	assert_int_equal(pshm_fchown(fd, (uid_t)-1, (gid_t)-1, &err), PSHM_OK);
	assert_owner(fd, uid, gid);
	assert_int_equal(pshm_fchown(fd, uid, (gid_t)-1, &err), PSHM_OK);
	assert_owner(fd, uid, gid);
	if (uid == 0) {
		assert_int_equal(pshm_fchown(fd, 1234, (gid_t)-1, &err),
		    PSHM_OK);
		assert_owner(fd, 1234, gid);
		assert_int_equal(pshm_fchown(fd, (uid_t)-1, 4321, &err),
		    PSHM_OK);
		assert_owner(fd, 1234, 4321);
		assert_int_equal(pshm_fchown(fd, 0, 0, &err), PSHM_OK);
		assert_owner(fd, 0, 0);
	} else {
		/* Giving an object away takes privilege. */
		assert_error(pshm_fchown(fd, 0, (gid_t)-1, &err), &err, EPERM,
		    "chown");
		assert_owner(fd, uid, gid);
	}
	close(fd);
	assert_error(pshm_fchown(fd, (uid_t)-1, (gid_t)-1, &err), &err, EBADF,
	    "chown");
}

/* --- descriptors given by --fd -------------------------------------------- */

static void
test_check_fd(void **state)
{
	struct fixture *f = *state;
	struct pshm_error err = { .errnum = 0 };
	int fd = open_new(f, "x", IO), p[2], other;

	assert_int_equal(pshm_check_fd(fd, &err), PSHM_OK);
	close(fd);
	assert_error(pshm_check_fd(fd, &err), &err, EBADF, "stat");
	assert_error(pshm_check_fd(-1, &err), &err, EBADF, "stat");

	assert_int_equal(pipe(p), 0);
	assert_error(pshm_check_fd(p[0], &err), &err, PSHM_ENOTSHM, "open");
	close(p[0]);
	close(p[1]);
	assert_int_not_equal(other = open(f->dir, O_RDONLY | O_DIRECTORY), -1);
	assert_error(pshm_check_fd(other, &err), &err, PSHM_ENOTSHM, "open");
	close(other);
	assert_int_not_equal(other = open("/dev/null", O_RDONLY), -1);
	assert_error(pshm_check_fd(other, &err), &err, PSHM_ENOTSHM, "open");
	close(other);
}

/* A regular file on a disk is no object; a memfd_create(2) one is. */
static void
test_check_fd_file_systems(void **state)
{
	struct pshm_error err = { .errnum = 0 };
	char path[] = "/var/tmp/shmctl-unit-fd-XXXXXX";
	struct statfs sf;
	int fd;

	(void)state;
	assert_int_not_equal(fd = memfd_create("shmctl-unit", MFD_CLOEXEC), -1);
	assert_int_equal(pshm_check_fd(fd, &err), PSHM_OK);
	close(fd);
	assert_int_not_equal(fd = mkstemp(path), -1);
	unlink(path);
	if (fstatfs(fd, &sf) == 0 && pshm_fs_is_memory(sf.f_type)) {
		close(fd);
		skip();	/* /var/tmp is a tmpfs here: nothing to refuse */
	}
	assert_error(pshm_check_fd(fd, &err), &err, PSHM_ENOTSHM, "open");
	close(fd);
}

/* --- namespaces and errors ------------------------------------------------ */

static void
test_ns_open(void **state)
{
	struct pshm_error err = { .errnum = 0 };
	char dir[PATH_MAX], slashes[PATH_MAX + 8], file[PATH_MAX + 8];
	char big[PATH_MAX + 8];
	struct pshm_ns ns;
	int fd, saved;

	(void)state;
	/* The system's namespace is a descriptor too, of /dev/shm. */
	assert_int_equal(pshm_ns_open(&ns, NULL, &err), PSHM_OK);
	assert_true(ns.dirfd > STDERR_FILENO);
	assert_same_file(ns.dirfd, PSHM_SYSTEM_DIR);
	assert_string_equal(ns.path, PSHM_SYSTEM_DIR);
	pshm_ns_close(&ns);

	snprintf(dir, sizeof dir, "%s/shmctl-unit-ns-XXXXXX", PSHM_SYSTEM_DIR);
	assert_non_null(mkdtemp(dir));
	snprintf(slashes, sizeof slashes, "%s///", dir);
	assert_int_equal(pshm_ns_open(&ns, slashes, &err), PSHM_OK);
	assert_true(ns.dirfd >= 0);
	assert_same_file(ns.dirfd, dir);
	assert_string_equal(ns.path, dir);
	saved = ns.dirfd;
	pshm_ns_close(&ns);
	assert_int_equal(ns.dirfd, -1);
	assert_closed(saved);

	snprintf(file, sizeof file, "%s/file", dir);
	assert_int_not_equal(fd = open(file, O_CREAT | O_WRONLY, 0600), -1);
	close(fd);
	assert_error(pshm_ns_open(&ns, file, &err), &err, ENOTDIR, "open");
	assert_int_equal(ns.dirfd, -1);
	unlink(file);
	rmdir(dir);
	assert_error(pshm_ns_open(&ns, dir, &err), &err, ENOENT, "open");
	assert_int_equal(ns.dirfd, -1);

	memset(big, 'd', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_error(pshm_ns_open(&ns, big, &err), &err, ENAMETOOLONG, "open");
	assert_int_equal(ns.dirfd, -1);
}

/*
 * A directory on anything but tmpfs, ramfs or hugetlbfs is refused, and
 * the message names the file system found (statfs(2) magic of the
 * descriptor, as stat -f reports it).
 */
static void
test_ns_refuses_other_fs(void **state)
{
	static const struct {
		const char *dir;
		const char *named;
	} rows[] = {
		{ "/proc", "on proc, not on tmpfs, ramfs or hugetlbfs" },
		{ "/sys", "on sysfs, not on tmpfs, ramfs or hugetlbfs" },
		{ "/proc/self/root/proc", "on proc, not on tmpfs, ramfs or "
		    "hugetlbfs" },
	};
	struct pshm_error err = { .errnum = 0 };
	struct statfs sf;
	struct pshm_ns ns;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_error(pshm_ns_open(&ns, rows[i].dir, &err), &err,
		    PSHM_ENOTMEMFS, "open");
		assert_int_equal(ns.dirfd, -1);
		assert_string_equal(pshm_strerror(&err), rows[i].named);
	}
	/* The root is on a disk here, or the row means nothing. */
	if (statfs("/", &sf) == 0 && !pshm_fs_is_memory(sf.f_type)) {
		assert_error(pshm_ns_open(&ns, "/", &err), &err,
		    PSHM_ENOTMEMFS, "open");
		assert_non_null(strstr(pshm_strerror(&err), "not on tmpfs"));
	}
}

/* The magic table: names as stat -f -c %T spells most of them. */
static void
test_fs_names(void **state)
{
	static const struct {
		unsigned long magic;
		const char *name;
		bool memory;
	} rows[] = {
		{ 0x01021994, "tmpfs", true },
		{ 0x858458f6, "ramfs", true },
		{ 0x958458f6, "hugetlbfs", true },
		{ 0xef53, "ext2/ext3/ext4", false },
		{ 0x9123683e, "btrfs", false },
		{ 0x58465342, "xfs", false },
		{ 0x794c7630, "overlay", false },
		{ 0x9fa0, "proc", false },
		{ 0x62656572, "sysfs", false },
		{ 0x6969, "nfs", false },
		{ 0x12345678, NULL, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *name = pshm_fs_name(rows[i].magic);

		if (rows[i].name == NULL)
			assert_null(name);
		else
			assert_string_equal(name, rows[i].name);
		assert_int_equal(pshm_fs_is_memory(rows[i].magic),
		    rows[i].memory);
	}
}

static void
test_strerror(void **state)
{
	struct pshm_error err = { .errnum = PSHM_ENOTSHM, .op = "open" };

	(void)state;
	assert_string_equal(pshm_strerror(&err), "not a shared memory object");
	err.errnum = ENOENT;
	assert_string_equal(pshm_strerror(&err), strerror(ENOENT));
	err.errnum = EACCES;
	assert_string_equal(pshm_strerror(&err), strerror(EACCES));
}

/* --- what is not a shared memory object ----------------------------------- */

enum not_shm {
	SYMLINK,	/* to a regular file in the same namespace */
	DANGLING,	/* a symlink to nothing */
	FIFO,
	DIRECTORY,
	SOCKET,
	DEVICE,
};

struct intruder {
	const char *label;
	enum not_shm kind;
};

static const struct intruder intruders[] = {
	{ "symlink to a regular file", SYMLINK },
	{ "dangling symlink", DANGLING },
	{ "FIFO", FIFO },
	{ "directory", DIRECTORY },
	{ "UNIX socket", SOCKET },
	{ "character device", DEVICE },
};

/* Puts the intruder under name; false if this system cannot. */
static bool
make_intruder(const struct fixture *f, enum not_shm kind, const char *name,
    const char *target)
{
	char path[PATH_MAX], tpath[PATH_MAX];
	struct sockaddr_un addr_un = { .sun_family = AF_UNIX };
	int s;

	fx_path(f, name, path, sizeof path);
	switch (kind) {
	case SYMLINK:
	case DANGLING:
		fx_path(f, target, tpath, sizeof tpath);
		assert_int_equal(symlink(tpath, path), 0);
		return true;
	case FIFO:
		assert_int_equal(mkfifo(path, 0666), 0);
		return true;
	case DIRECTORY:
		assert_int_equal(mkdir(path, 0777), 0);
		return true;
	case SOCKET:
		assert_true(strlen(path) < sizeof addr_un.sun_path);
		memcpy(addr_un.sun_path, path, strlen(path) + 1);
		assert_int_not_equal(s = socket(AF_UNIX, SOCK_STREAM, 0), -1);
		assert_int_equal(bind(s, (struct sockaddr *)&addr_un,
		    sizeof addr_un), 0);
		close(s);
		return true;
	case DEVICE:
		/* /dev/null's numbers; making a node takes privilege. */
		if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) == -1) {
			assert_int_equal(errno, EPERM);
			return false;
		}
		return true;
	}
	return false;
}

/*
 * Every open, whatever the options, refuses before any other step: no
 * truncating or unlinking through a symlink, no blocking on a FIFO,
 * nothing created at a dangling symlink's target.
 */
static void
test_refuses_not_shm(void **state)
{
	struct fixture *f = *state;
	const struct intruder *in = f->data;
	const char *name = fx_name(f, "intruder");
	const char *target = fx_name(f, "target");
	struct pshm_error err = { .errnum = 0 };
	struct stat before, tbefore;
	int fd;

	if (in->kind != DANGLING)
		close(fx_make_object(f, target));
	if (!make_intruder(f, in->kind, name, target)) {
		print_message("# %s: mknod needs privilege; checked the "
		    "refusal of a device descriptor only\n", in->label);
		assert_int_not_equal(fd = open("/dev/null", O_RDONLY), -1);
		assert_error(pshm_check_fd(fd, &err), &err, PSHM_ENOTSHM,
		    "open");
		close(fd);
		return;
	}
	assert_int_equal(fx_lstat(f, name, &before), 0);
	if (in->kind != DANGLING)
		assert_int_equal(fx_lstat(f, target, &tbefore), 0);

	alarm(10);	/* a FIFO opened for reading would block forever */
	for (size_t i = 0; i < N_OPEN_CASES; i++) {
		struct pshm_open_opts o = case_opts(&open_cases[i]);

		fd = 1234;
		assert_error(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
		    &err, PSHM_ENOTSHM, "open");
		assert_int_equal(fd, -1);
		assert_string_equal(pshm_strerror(&err),
		    "not a shared memory object");
		assert_unchanged(f, name, &before);
		if (in->kind == DANGLING)
			assert_false(fx_exists(f, target));
		else
			assert_unchanged(f, target, &tbefore);
	}
	alarm(0);
	assert_error(pshm_unlink(&f->ns, name, &err), &err, PSHM_ENOTSHM,
	    "unlink");
	assert_unchanged(f, name, &before);
}

/* A symlink's target is a regular object: still no truncation through it. */
static void
test_symlink_truncate_keeps_target(void **state)
{
	struct fixture *f = *state;
	const char *target = fx_name(f, "target"), *link = fx_name(f, "link");
	struct pshm_open_opts o = { IO, X_TRUNC, D_CREAT, 0600 };
	char lpath[PATH_MAX], tpath[PATH_MAX], buf[CONTENT_LEN];
	struct pshm_error err;
	int held = fx_make_object(f, target), fd;

	fx_path(f, target, tpath, sizeof tpath);
	fx_path(f, link, lpath, sizeof lpath);
	assert_int_equal(symlink(tpath, lpath), 0);
	assert_error(pshm_open(&f->ns, link, &o, &fd, NULL, &err), &err,
	    PSHM_ENOTSHM, "open");
	assert_int_equal(fd_size(held), CONTENT_LEN);
	assert_int_equal(pread(held, buf, sizeof buf, 0), CONTENT_LEN);
	assert_memory_equal(buf, CONTENT, CONTENT_LEN);
	close(held);
}

/* --- scoped release ------------------------------------------------------- */

/* Opens name in a WITH_OPEN_SHM scope and leaves early, errno set. */
static int
open_and_leave_early(const struct pshm_ns *ns, const char *name, int *seen)
{
	struct pshm_open_opts o = { IO, X_DEF, D_CREAT, 0600 };
	struct pshm_error err;
	WITH_OPEN_SHM(fd);

	if (pshm_open(ns, name, &o, &fd, NULL, &err) != PSHM_OK)
		return -1;
	*seen = fd;
	errno = ENOSPC;
	return 0;
}

static void
test_with_open_shm(void **state)
{
	struct fixture *f = *state;
	const char *name = fx_name(f, "x");
	struct pshm_open_opts o = { IO, X_DEF, D_CREAT, 0600 };
	struct pshm_error err;
	int seen = -1;

	{
		WITH_OPEN_SHM(fd);

		assert_int_equal(fd, -1);
		assert_int_equal(pshm_open(&f->ns, name, &o, &fd, NULL, &err),
		    PSHM_OK);
		seen = fd;
		assert_int_not_equal(fcntl(seen, F_GETFD), -1);
	}
	assert_closed(seen);

	seen = -1;
	assert_int_equal(open_and_leave_early(&f->ns, name, &seen), 0);
	/* Released, and the caller still sees the errno it was given. */
	assert_int_equal(errno, ENOSPC);
	assert_true(seen >= 0);
	assert_closed(seen);
	/* Closing is not unlinking. */
	assert_true(fx_exists(f, name));

	/* A scope that never opened anything closes nothing. */
	errno = EPERM;
	{
		WITH_OPEN_SHM(fd);
		(void)fd;
	}
	assert_int_equal(errno, EPERM);
}

static void *
map_and_leave(int fd, size_t len)
{
	struct pshm_error err;
	WITH_MMAP(m);

	m.length = len;
	m.addr = pshm_mmap(NULL, len, PSHM_PROT_READ | PSHM_PROT_WRITE, fd, 0,
	    &err);
	if (m.addr == NULL)
		return NULL;
	((char *)m.addr)[0] = 'm';
	errno = EXDEV;
	return m.addr;
}

static void
test_with_mmap(void **state)
{
	struct fixture *f = *state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct pshm_error err;
	int fd = open_new(f, "x", IO);
	char c = 0;
	void *addr;

	assert_int_equal(pshm_ftruncate(fd, (off_t)(2 * page), &err), PSHM_OK);
	addr = map_and_leave(fd, 2 * page);
	assert_int_equal(errno, EXDEV);
	assert_non_null(addr);
	assert_false(is_mapped(addr));
	assert_false(is_mapped((char *)addr + page));
	/* The write went through to the object before the unmap. */
	assert_int_equal(pread(fd, &c, 1, 0), 1);
	assert_int_equal(c, 'm');
	{
		WITH_MMAP(m);
		(void)m;
	}
	close(fd);
}

/* --- the list of tests ---------------------------------------------------- */

/*
 * Built at run time, as the open cases and intruders come from tables.
 * Every name and state is allocated, and freed after the run.
 */
static struct CMUnitTest *tests;
static size_t ntests, maxtests;

/* fn in the namespace where (or with no fixture if data == NO_FIXTURE). */
static const char no_fixture;
#define NO_FIXTURE (&no_fixture)

static void add_test(CMUnitTestFunction, enum where, const void *,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
add_test(CMUnitTestFunction fn, enum where where, const void *data,
    const char *fmt, ...)
{
	struct CMUnitTest *t;
	struct variant *v = NULL;
	va_list ap;
	char *name;
	int rc;

	if (ntests == maxtests) {
		maxtests = maxtests ? 2 * maxtests : 64;
		tests = reallocarray(tests, maxtests, sizeof *tests);
		if (tests == NULL)
			abort();
	}
	va_start(ap, fmt);
	rc = vasprintf(&name, fmt, ap);
	va_end(ap);
	if (rc == -1)
		abort();
	if (data != NO_FIXTURE) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			abort();
		v->where = where;
		v->data = data;
	}
	t = &tests[ntests++];
	t->name = name;
	t->test_func = fn;
	t->setup_func = v != NULL ? fx_setup : NULL;
	t->teardown_func = v != NULL ? fx_teardown : NULL;
	t->initial_state = v;
}

static void
free_tests(void)
{
	for (size_t i = 0; i < ntests; i++) {
		free((char *)tests[i].name);
		free(tests[i].initial_state);
	}
	free(tests);
}

/* fn twice: in a --dir namespace and in the system's. */
#define BOTH(fn, data, fmt, ...) do {					\
	add_test(fn, IN_DIR, data, fmt " [--dir]", __VA_ARGS__);	\
	add_test(fn, IN_SYSTEM, data, fmt " [/dev/shm]", __VA_ARGS__);	\
} while (0)
#define BOTH_NS(fn)	BOTH(fn, NULL, "%s", #fn)
#define DIR_NS(fn)	add_test(fn, IN_DIR, NULL, "%s", #fn)
#define SYSTEM_NS(fn)	add_test(fn, IN_SYSTEM, NULL, "%s", #fn)
#define NO_NS(fn)	add_test(fn, IN_DIR, NO_FIXTURE, "%s", #fn)

static int
group_setup(void **state)
{
	(void)state;
	/* Every new object's mode must come out exact despite it. */
	umask(077);
	return 0;
}

int
main(void)
{
	int rc;

	for (size_t i = 0; i < N_OPEN_CASES; i++)
		BOTH(test_open_case, &open_cases[i], "open %s",
		    open_cases[i].label);
	NO_NS(test_open_plan_default_if_does_not_exist);
	BOTH_NS(test_open_mode_ignores_umask);
	BOTH_NS(test_open_mode_extremes);
	BOTH_NS(test_open_name_without_slash);
	BOTH_NS(test_open_name_length);
	BOTH_NS(test_open_name_is_one_entry);

	BOTH_NS(test_anon_leaves_no_name);
	BOTH_NS(test_anon_input_is_read_only);
	BOTH_NS(test_anon_random_names_differ);
	BOTH_NS(test_anon_collisions_exhaust_attempts);
	BOTH_NS(test_anon_collide_then_succeed);
	BOTH_NS(test_anon_collides_with_symlink);
	BOTH_NS(test_anon_other_error_stops);

	BOTH_NS(test_ftruncate);
	BOTH_NS(test_reserve);
	SYSTEM_NS(test_reserve_no_room);	/* /dev/shm is a tmpfs */
	BOTH_NS(test_mmap_shared_between_mappings);
	BOTH_NS(test_mmap_each_protection);
	BOTH_NS(test_mmap_protection_enforced);
	BOTH_NS(test_mmap_errors);
	NO_NS(test_munmap_errors);
	BOTH_NS(test_unlink);
	BOTH_NS(test_close);
	BOTH_NS(test_fchmod);
	BOTH_NS(test_fstat);
	BOTH_NS(test_meta);
	BOTH_NS(test_fchown);
	DIR_NS(test_check_fd);
	NO_NS(test_check_fd_file_systems);
	NO_NS(test_ns_open);
	NO_NS(test_ns_refuses_other_fs);
	NO_NS(test_fs_names);
	NO_NS(test_strerror);

	for (size_t i = 0; i < sizeof intruders / sizeof intruders[0]; i++)
		if (intruders[i].kind == DEVICE)	/* mknod: --dir only */
			add_test(test_refuses_not_shm, IN_DIR, &intruders[i],
			    "refuses a %s under the name", intruders[i].label);
		else
			BOTH(test_refuses_not_shm, &intruders[i],
			    "refuses a %s under the name", intruders[i].label);
	BOTH_NS(test_symlink_truncate_keeps_target);

	DIR_NS(test_with_open_shm);
	SYSTEM_NS(test_with_mmap);

	rc = _cmocka_run_group_tests("test-shm", tests, ntests, group_setup,
	    NULL);
	free_tests();
	return rc;
}
