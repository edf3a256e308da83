/*
 * holdmany -- a process that holds many objects, as the benchmark's load:
 * some by a descriptor, others by a mapping only.
 *
 * usage: holdmany NFD NMAP PATH...
 *
 * Keeps the first NFD paths open and maps the NMAP paths after them
 * shared, closing their descriptors; prints "ready" on standard output
 * and waits for a signal to end it.
 */
#include <sys/mman.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int nfd, nmap, fd;

	if (argc < 3 || (nfd = atoi(argv[1])) < 0 ||
	    (nmap = atoi(argv[2])) < 0 || argc != 3 + nfd + nmap) {
		fprintf(stderr, "usage: holdmany NFD NMAP PATH...\n");
		return 2;
	}
	for (int i = 0; i < nfd + nmap; i++) {
		if ((fd = open(argv[3 + i], O_RDONLY)) == -1) {
			perror(argv[3 + i]);
			return 1;
		}
		if (i < nfd)
			continue;	/* held by the descriptor */
		if (mmap(NULL, (size_t)getpagesize(), PROT_READ, MAP_SHARED,
		    fd, 0) == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		close(fd);
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
