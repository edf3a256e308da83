/*
 * threadholder.c -- holders that only a scan of every thread finds
 * (tests/e2e/holders.bats).
 *
 *   threadholder files PATH
 *	A thread unshares its descriptor table (unshare(CLONE_FILES)) and
 *	opens PATH; the leader closes its own copy: only the thread's table
 *	refers to the object.
 *
 *   threadholder zombie PATH
 *	A thread opens and maps PATH, and the leader thread exits
 *	(pthread_exit in main): the process lives on in the thread, with a
 *	zombie leader.
 *
 * Each prints "ready" once the object is held, then sleeps until killed.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *path;
static int ready[2];

static void
say_ready(void)
{
	char c = 1;

	if (write(ready[1], &c, 1) != 1)
		_exit(2);
}

static void *
own_files(void *arg)
{
	int fd;

	(void)arg;
	if (unshare(CLONE_FILES) != 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		perror(path);
		_exit(2);
	}
	say_ready();
	for (;;)
		pause();
}

static void *
holds_map(void *arg)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	(void)arg;
	if (fd == -1 || mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) ==
	    MAP_FAILED) {
		perror(path);
		_exit(2);
	}
	say_ready();
	for (;;)
		pause();
}

int
main(int argc, char **argv)
{
	pthread_t t;
	char c;

	if (argc != 3 || pipe(ready) != 0) {
		fprintf(stderr, "usage: threadholder files|zombie PATH\n");
		return 2;
	}
	path = argv[2];
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(argv[1], "files") == 0) {
		/* The leader's copy, closed once the thread has its own. */
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd == -1 || pthread_create(&t, NULL, own_files, NULL) != 0)
			return 2;
		if (read(ready[0], &c, 1) != 1)
			return 2;
		close(fd);
		printf("ready\n");
		for (;;)
			pause();
	}
	if (strcmp(argv[1], "zombie") == 0) {
		if (pthread_create(&t, NULL, holds_map, NULL) != 0 ||
		    read(ready[0], &c, 1) != 1)
			return 2;
		printf("ready\n");
		pthread_exit(NULL);
	}
	return 2;
}
