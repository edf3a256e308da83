/*
 * attack.c -- the other side of the attack suite (tests/e2e/attacks.bats):
 * processes that move names around while shmctl removes objects.
 *
 *   attack publish DIR NAME SECONDS
 *	Publishes objects as applications do: creates a new one under a
 *	temporary name and renames it over NAME, in rounds of a stale one
 *	(closed at once) and, as soon as another process opens that (inotify
 *	IN_OPEN), a held one (mapped for a while).  While it holds
 *	one it checks that the object still has its link (nlink 1) and that
 *	NAME resolves to it (allowing a removal's brief rename aside).
 *	Prints "published N" and exits 0, or names the first violation and
 *	exits 1.
 *
 *   attack reopen DIR NAME SECONDS
 *	Opens NAME read-only every 200 microseconds, as a client re-attaching
 *	does: each open must give an object that still has a link, or fail
 *	with ENOENT.  Prints "opened N, missing M" and exits 0, or names the
 *	first violation and exits 1.
 *
 *   attack swap DIR A B SECONDS
 *	Exchanges the names A and B (renameat2 RENAME_EXCHANGE) in a loop,
 *	so that each is now the one, now the other entry.  Exits 0.
 */
#define _GNU_SOURCE
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
pause_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

/* Whether NAME resolves to ino, within about 100 ms. */
static int
name_resolves(int dirfd, const char *name, ino_t ino)
{
	struct stat st;

	for (int i = 0; i < 200; i++) {
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_ino == ino)
			return 1;
		pause_us(500);
	}
	return 0;
}

/* Makes a new object under a temporary name; its descriptor. */
static int
make_object(int dirfd, const char *name, long n, char *tmp, size_t len)
{
	int fd;

	snprintf(tmp, len, "%s.pub.%ld.%ld", name, (long)getpid(), n);
	fd = openat(dirfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || ftruncate(fd, 4096) != 0) {
		perror(tmp);
		exit(2);
	}
	return fd;
}

static void
publish_as(int dirfd, const char *tmp, const char *name)
{
	if (renameat(dirfd, tmp, dirfd, name) != 0) {
		perror("rename");
		exit(2);
	}
}

/* Whether the held object fd still has its link; says so if not. */
static int
still_linked(int fd, long n)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_nlink == 1)
		return 1;
	printf("violation: held object %ld unlinked\n", n);
	return 0;
}

/*
 * Waits (at most about 50 ms) for a process to open NAME: gc and unlink
 * --if-unused open an object just before they remove it.
 */
static void
wait_opened(int ino, const char *name)
{
	char buf[4096] __attribute__((aligned(8)));
	struct pollfd pfd = { .fd = ino, .events = POLLIN };

	while (poll(&pfd, 1, 50) == 1) {
		ssize_t n = read(ino, buf, sizeof buf);

		for (ssize_t off = 0; n > 0 && off < n;) {
			struct inotify_event *e =
			    (struct inotify_event *)(buf + off);

			off += sizeof *e + e->len;
			if (e->len > 0 && strcmp(e->name, name) == 0)
				return;
		}
	}
}

/*
 * Each round publishes a stale object (nothing holds it: what gc and
 * unlink --if-unused look for), then, as soon as some process opens it,
 * a held one over it, as an application replacing its segment would.
 */
static int
publish(int dirfd, const char *dir, const char *name, double secs)
{
	int ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	char tmp[512], held[512];
	long n = 0;
	double end = now() + secs;

	if (ino == -1 || inotify_add_watch(ino, dir, IN_OPEN) == -1) {
		perror("inotify");
		return 2;
	}
	while (now() < end) {
		struct stat st;
		void *p;
		int fd;

		close(make_object(dirfd, name, n++, tmp, sizeof tmp));
		fd = make_object(dirfd, name, n, held, sizeof held);
		if ((p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0)) == MAP_FAILED) {
			perror("mmap");
			return 2;
		}
		publish_as(dirfd, tmp, name);
		wait_opened(ino, name);
		publish_as(dirfd, held, name);
		if (!still_linked(fd, n) || fstat(fd, &st) != 0)
			return 1;
		if (!name_resolves(dirfd, name, st.st_ino)) {
			printf("violation: %s no longer names held object "
			    "%ld\n", name, n);
			return 1;
		}
		pause_us(2000);
		if (!still_linked(fd, n))
			return 1;
		munmap(p, 4096);
		close(fd);
		n++;
	}
	printf("published %ld\n", n);
	return 0;
}

static int
reopen(int dirfd, const char *name, double secs)
{
	long opened = 0, missing = 0;
	double end = now() + secs;

	while (now() < end) {
		struct stat st;
		int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

		if (fd == -1) {
			if (errno != ENOENT) {
				printf("violation: open: %s\n",
				    strerror(errno));
				return 1;
			}
			missing++;
		} else {
			if (fstat(fd, &st) != 0 || st.st_nlink == 0) {
				printf("violation: opened a removed object "
				    "(inode %ld)\n", (long)st.st_ino);
				return 1;
			}
			opened++;
			close(fd);
		}
		pause_us(200);
	}
	printf("opened %ld, missing %ld\n", opened, missing);
	return 0;
}

static int
swap(int dirfd, const char *a, const char *b, double secs)
{
	double end = now() + secs;

	while (now() < end)
		if (renameat2(dirfd, a, dirfd, b, RENAME_EXCHANGE) != 0 &&
		    errno != ENOENT) {
			perror("renameat2");
			return 2;
		}
	return 0;
}

int
main(int argc, char **argv)
{
	int dirfd;

	if (argc < 5 || (dirfd = open(argv[2], O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		fprintf(stderr, "usage: attack publish|reopen DIR NAME SECONDS"
		    " | swap DIR A B SECONDS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "publish") == 0)
		return publish(dirfd, argv[2], argv[3], atof(argv[4]));
	if (strcmp(argv[1], "reopen") == 0)
		return reopen(dirfd, argv[3], atof(argv[4]));
	if (strcmp(argv[1], "swap") == 0 && argc == 6)
		return swap(dirfd, argv[3], argv[4], atof(argv[5]));
	fprintf(stderr, "attack: unknown mode %s\n", argv[1]);
	return 2;
}
