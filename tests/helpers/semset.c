/*
 * semset -- makes a POSIX named semaphore with a known value, the way a
 * program would: sem_open(3) NAME with O_CREAT|O_EXCL and value 0, then
 * sem_post(3) VALUE times, then sem_close(3).  For list's SVAL tests.
 *
 *   semset NAME VALUE
 *
 * Exits 0, or 1 with a message; the semaphore stays until sem_unlink(3)
 * (or rm /dev/shm/sem.NAME).
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	char *end;
	long value;
	sem_t *sem;

	if (argc != 3) {
		fprintf(stderr, "usage: semset NAME VALUE\n");
		return 2;
	}
	errno = 0;
	value = strtol(argv[2], &end, 10);
	if (errno != 0 || *end != '\0' || value < 0 || value > 1000000) {
		fprintf(stderr, "semset: bad value '%s'\n", argv[2]);
		return 2;
	}
	if ((sem = sem_open(argv[1], O_CREAT | O_EXCL, 0600, 0)) == SEM_FAILED) {
		fprintf(stderr, "semset: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (long i = 0; i < value; i++)
		if (sem_post(sem) != 0) {
			fprintf(stderr, "semset: sem_post: %s\n",
			    strerror(errno));
			return 1;
		}
	sem_close(sem);
	return 0;
}
