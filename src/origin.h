/*
 * origin.h -- the program that usually makes objects so named: list's
 * ORIGIN column (shmctl-list(1)).
 */
#ifndef SHMCTL_ORIGIN_H
#define SHMCTL_ORIGIN_H

#include <stddef.h>

struct origin {
	const char *pattern;	/* fnmatch(3), on the name without its '/' */
	const char *program;
};

/*
 * The program whose naming scheme name ("/name" or "name") follows, or
 * NULL when none in the table does.  The first entry that matches wins.
 */
const char *origin_of(const char *name);

/* The table, in the order it is tried: n entries. */
const struct origin *origin_table(size_t *n);

#endif
