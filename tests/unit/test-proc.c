/*
 * test-proc.c -- unit tests of the /proc readers (src/proc.c): the maps
 * line, status and stat parsers on text, and the readers on files made
 * to look like /proc/PID in a temporary directory.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "proc.h"

static void
test_maps_line(void **state)
{
	dev_t dev = 0;
	ino_t ino = 0;

	(void)state;
	assert_true(proc_maps_line_id("7f1c2a000000-7f1c2a001000 rw-s 00000000 "
	    "00:1a 4242                       /dev/shm/app", &dev, &ino));
	assert_int_equal(major(dev), 0);
	assert_int_equal(minor(dev), 0x1a);
	assert_int_equal(ino, 4242);
	/* The device is hex, as the kernel prints it. */
	assert_true(proc_maps_line_id("00400000-00452000 r-xp 00000000 fd:01 "
	    "1049 /usr/bin/a b (deleted)", &dev, &ino));
	assert_int_equal(major(dev), 0xfd);
	assert_int_equal(minor(dev), 1);
	assert_int_equal(ino, 1049);
}

static void
test_maps_line_ref(void **state)
{
	struct proc_ref ref;

	(void)state;
	/* The range names the map_files/ entry; the path keeps its blanks. */
	assert_true(proc_maps_line_ref("7f1c2a000000-7f1c2a004000 rw-s "
	    "00000000 00:1a 4242                       /dev/shm/a b (deleted)",
	    &ref));
	assert_int_equal(ref.start, 0x7f1c2a000000UL);
	assert_int_equal(ref.end, 0x7f1c2a004000UL);
	assert_int_equal(ref.ino, 4242);
	assert_int_equal(ref.nlink, -1);
	assert_null(ref.fd);
	assert_string_equal(ref.path, "/dev/shm/a b (deleted)");
	/* A mapping without a path. */
	assert_true(proc_maps_line_ref("1000-2000 rw-s 00000000 00:01 7 ",
	    &ref));
	assert_null(ref.path);
	assert_false(proc_maps_line_ref("1000-2000 rw-p 00000000 00:00 0 ",
	    &ref));
}

static void
test_maps_line_refused(void **state)
{
	dev_t dev = 77;
	ino_t ino = 77;

	(void)state;
	/* Anonymous memory, the heap and the stack have inode 0. */
	assert_false(proc_maps_line_id("01a2b000-01a4c000 rw-p 00000000 00:00 "
	    "0                                  [heap]", &dev, &ino));
	assert_false(proc_maps_line_id("", &dev, &ino));
	assert_false(proc_maps_line_id("00400000-00452000 r-xp", &dev, &ino));
	assert_false(proc_maps_line_id("00400000-00452000 r-xp 00000000 fd01 "
	    "1049 /x", &dev, &ino));
	assert_false(proc_maps_line_id("00400000-00452000 r-xp 00000000 fd:01"
	    "\t1049 /x", &dev, &ino));
	/* Nothing stored on refusal. */
	assert_int_equal(dev, 77);
	assert_int_equal(ino, 77);
}

static const char status[] =
    "Name:\tsleep\n"
    "Umask:\t0022\n"
    "State:\tS (sleeping)\n"
    "Uid:\t1000\t1000\t1001\t1000\n"
    "Gid:\t100\t100\t100\t100\n"
    "Groups:\t24 25 100 \n"
    "CapEff:\t0000000000000000\n";

static void
test_status_field(void **state)
{
	(void)state;
	assert_string_equal(proc_status_field(status, "Name:"), "\tsleep\n"
	    "Umask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1000\t1001\t1000\n"
	    "Gid:\t100\t100\t100\t100\nGroups:\t24 25 100 \n"
	    "CapEff:\t0000000000000000\n");
	assert_non_null(proc_status_field(status, "CapEff:"));
	assert_null(proc_status_field(status, "CapPrm:"));
	/* Only at the start of a line. */
	assert_null(proc_status_field(status, "sleep"));
	assert_null(proc_status_field("", "Uid:"));
}

struct ids {
	unsigned v[16];
	size_t n;
};

static void
ids_add(unsigned id, void *arg)
{
	struct ids *ids = arg;

	if (ids->n < 16)
		ids->v[ids->n++] = id;
}

static void
test_status_ids(void **state)
{
	struct ids ids = { .n = 0 };

	(void)state;
	assert_int_equal(proc_status_ids(status, "Uid:", ids_add, &ids), 0);
	assert_int_equal(ids.n, 4);
	assert_int_equal(ids.v[2], 1001);
	ids.n = 0;
	assert_int_equal(proc_status_ids(status, "Groups:", ids_add, &ids), 0);
	assert_int_equal(ids.n, 3);
	assert_int_equal(ids.v[0], 24);
	assert_int_equal(ids.v[2], 100);
	ids.n = 0;
	assert_int_equal(proc_status_ids("Groups:\t\nCapEff:\t0\n", "Groups:",
	    ids_add, &ids), 0);
	assert_int_equal(ids.n, 0);
	assert_int_equal(proc_status_ids("Name:\tx\n", "Uid:", ids_add, &ids),
	    -1);
}

static void
test_status_privileged(void **state)
{
	(void)state;
	assert_false(proc_status_privileged(status));
	assert_true(proc_status_privileged("Uid:\t1000\t0\t1000\t1000\n"
	    "CapEff:\t0000000000000000\n"));
	assert_true(proc_status_privileged("Uid:\t1000\t1000\t1000\t1000\n"
	    "CapEff:\t0000000000000400\n"));
	/* What is missing cannot be ruled out. */
	assert_true(proc_status_privileged("Uid:\t1000\t1000\t1000\t1000\n"));
	assert_true(proc_status_privileged("CapEff:\t0000000000000000\n"));
	assert_true(proc_status_privileged("Uid:\t1000\t1000\n"
	    "CapEff:\t0000000000000000\n"));
}

static void
test_stat_parse(void **state)
{
	unsigned long flags = 0;
	char st = 0;

	(void)state;
	assert_int_equal(proc_stat_parse("42 (sleep) S 1 42 42 0 -1 4194304 "
	    "97 0 0 0 0 0 0 0 20 0 1 0", &st, &flags), 0);
	assert_int_equal(st, 'S');
	assert_int_equal(flags, 4194304);
	/* A command name with ") Z " in it does not fool it. */
	assert_int_equal(proc_stat_parse("43 (a) Z 1 2 3 4 5 (b) R 1 43 43 0 "
	    "-1 2097216 0", &st, &flags), 0);
	assert_int_equal(st, 'R');
	assert_true(flags & PROC_PF_KTHREAD);
	assert_int_equal(proc_stat_parse("43 (no end", &st, &flags), -1);
	assert_int_equal(proc_stat_parse("", &st, &flags), -1);
}

static void
test_errno_class(void **state)
{
	(void)state;
	assert_int_equal(proc_errno(ENOENT), PROC_GONE);
	assert_int_equal(proc_errno(ESRCH), PROC_GONE);
	/* Whatever else: not inspected, never the scan's own failure. */
	assert_int_equal(proc_errno(EACCES), PROC_DENIED);
	assert_int_equal(proc_errno(ENOMEM), PROC_DENIED);
	assert_int_equal(proc_errno(EIO), PROC_DENIED);
}

/* A directory that looks like /proc/PID: files written into it. */
static int
fake_dir(char *path, size_t len)
{
	int fd;

	snprintf(path, len, "/tmp/shmctl-test-proc-XXXXXX");
	assert_non_null(mkdtemp(path));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd != -1);
	return fd;
}

static void
fake_file(int dirfd, const char *name, const char *text, size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd != -1);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void
fake_remove(int dirfd, const char *path, const char *name)
{
	unlinkat(dirfd, name, 0);
	close(dirfd);
	rmdir(path);
}

static void
test_read_stat(void **state)
{
	static const char text[] = "9 (a b) (c)) S 1 9 9 0 -1 1077936448 10 0 "
	    "0 0 1 2 0 0 20 0 3 0 100\n";
	struct proc_stat ps;
	char path[64], comm[16];
	int dirfd = fake_dir(path, sizeof path);

	(void)state;
	fake_file(dirfd, "stat", text, sizeof text - 1);
	assert_int_equal(proc_read_stat(dirfd, &ps), 0);
	assert_int_equal(ps.state, 'S');
	assert_int_equal(ps.flags, 1077936448UL);
	assert_int_equal(ps.nthreads, 3);
	fake_file(dirfd, "stat", "garbage", 7);
	errno = ENOENT;
	assert_int_equal(proc_read_stat(dirfd, &ps), -1);
	/* A parse failure is not taken for an exit. */
	assert_int_not_equal(errno, ENOENT);
	fake_remove(dirfd, path, "stat");

	dirfd = fake_dir(path, sizeof path);
	fake_file(dirfd, "comm", "mapholder\n", 10);
	assert_true(proc_read_comm(dirfd, comm, sizeof comm));
	assert_string_equal(comm, "mapholder");
	fake_remove(dirfd, path, "comm");
}

struct found {
	ino_t ino[8];
	size_t n;
};

static void
found_add(const struct proc_ref *ref, void *arg)
{
	struct found *f = arg;

	if (f->n < 8)
		f->ino[f->n++] = ref->ino;
}

static void
test_each_mapping(void **state)
{
	char path[64], buf[256];
	struct found f = { .n = 0 };
	int dirfd = fake_dir(path, sizeof path);
	size_t n = 0;
	static char text[8192];

	(void)state;
	proc_maps_use(PROC_MAPS_TEXT);	/* a file of text: no ioctl */
	/* Lines split across reads, and one longer than the buffer. */
	n += (size_t)snprintf(text + n, sizeof text - n,
	    "1000-2000 rw-s 00000000 00:1a 11 /dev/shm/a\n"
	    "2000-3000 rw-p 00000000 00:00 0 \n"
	    "3000-4000 r--s 00000000 00:1a 12 /dev/shm/");
	memset(text + n, 'x', 600);
	n += 600;
	n += (size_t)snprintf(text + n, sizeof text - n,
	    "\n4000-5000 rw-s 00000000 00:1a 13 /dev/shm/c\n");
	fake_file(dirfd, "maps", text, n);
	assert_int_equal(proc_each_mapping(dirfd, buf, sizeof buf, found_add,
	    &f), PROC_OK);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ino[0], 11);
	assert_int_equal(f.ino[1], 12);
	assert_int_equal(f.ino[2], 13);
	fake_remove(dirfd, path, "maps");
	/* No maps at all: the process exited. */
	dirfd = fake_dir(path, sizeof path);
	assert_int_equal(proc_each_mapping(dirfd, buf, sizeof buf, found_add,
	    &f), PROC_GONE);
	fake_remove(dirfd, path, "maps");
}

struct idlist {
	dev_t dev[512];
	ino_t ino[512];
	size_t n;
};

static void
idlist_add(const struct proc_ref *ref, void *arg)
{
	struct idlist *l = arg;

	if (l->n < 512) {
		l->dev[l->n] = ref->dev;
		l->ino[l->n++] = ref->ino;
	}
}

static bool
idlist_has(const struct idlist *l, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->dev[i] == dev && l->ino[i] == ino)
			return true;
	return false;
}

/*
 * Our own maps through PROCMAP_QUERY and through the text: the same
 * file-backed mappings, in the same order, a shared one of a file made
 * here among them.  Skipped where the kernel has no PROCMAP_QUERY.
 */
static void
test_each_mapping_query_and_text(void **state)
{
	static struct idlist q, t;
	char path[] = "/tmp/test-proc-map-XXXXXX", buf[PROC_MAPS_BUF];
	struct stat st;
	void *p;
	int fd, dirfd;

	(void)state;
	proc_maps_use(PROC_MAPS_AUTO);
	if (proc_maps_used() != PROC_MAPS_QUERY)
		skip();		/* before Linux 6.11 */
	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(ftruncate(fd, 4096), 0);
	assert_int_equal(fstat(fd, &st), 0);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	close(fd);
	unlink(path);
	assert_true((dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1);
	q.n = t.n = 0;
	assert_int_equal(proc_each_mapping(dirfd, buf, sizeof buf, idlist_add,
	    &q), PROC_OK);
	proc_maps_use(PROC_MAPS_TEXT);
	assert_int_equal(proc_each_mapping(dirfd, buf, sizeof buf, idlist_add,
	    &t), PROC_OK);
	close(dirfd);
	munmap(p, 4096);
	assert_true(idlist_has(&q, st.st_dev, st.st_ino));
	assert_true(idlist_has(&t, st.st_dev, st.st_ino));
	assert_int_equal(q.n, t.n);
	for (size_t i = 0; i < q.n; i++) {
		assert_int_equal(q.dev[i], t.dev[i]);
		assert_int_equal(q.ino[i], t.ino[i]);
	}
}

static void
test_each_fd(void **state)
{
	struct found f = { .n = 0 };
	char path[64];
	struct stat st;

	(void)state;
	/* Our own descriptors: /proc/self/fd lists at least 0, 1 and 2. */
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dirfd == -1)
		skip();
	snprintf(path, sizeof path, "/proc/self/fd/%d", dirfd);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(proc_each_fd(dirfd, found_add, &f), PROC_OK);
	assert_true(f.n >= 3);
	close(dirfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_line),
		cmocka_unit_test(test_maps_line_ref),
		cmocka_unit_test(test_maps_line_refused),
		cmocka_unit_test(test_status_field),
		cmocka_unit_test(test_status_ids),
		cmocka_unit_test(test_status_privileged),
		cmocka_unit_test(test_stat_parse),
		cmocka_unit_test(test_errno_class),
		cmocka_unit_test(test_read_stat),
		cmocka_unit_test(test_each_mapping),
		cmocka_unit_test(test_each_mapping_query_and_text),
		cmocka_unit_test(test_each_fd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
