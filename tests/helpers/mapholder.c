/*
 * mapholder -- a test process that holds an object only by a mapping.
 *
 * usage: mapholder [-w] PATH
 *
 * Opens PATH (read-only, or read-write with -w), maps it shared, closes
 * the descriptor, prints "ready" on standard output, and waits for a
 * signal to end it.  The mapping is then its only reference to the object.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int writable = argc == 3 && strcmp(argv[1], "-w") == 0;
	const char *path = argv[argc - 1];
	struct stat st;
	size_t len;
	void *map;
	int fd;

	if (argc != 2 && !writable) {
		fprintf(stderr, "usage: mapholder [-w] PATH\n");
		return 2;
	}
	if ((fd = open(path, writable ? O_RDWR : O_RDONLY)) == -1 ||
	    fstat(fd, &st) == -1) {
		perror(path);
		return 1;
	}
	/* A mapping past the end is allowed; an empty one is not. */
	len = st.st_size > 0 ? (size_t)st.st_size : (size_t)getpagesize();
	map = mmap(NULL, len, writable ? PROT_READ | PROT_WRITE : PROT_READ,
	    MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		close(fd);
		return 1;
	}
	close(fd);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
