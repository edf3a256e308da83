/*
 * xmalloc.h -- allocation that cannot fail.
 *
 * shmctl has nothing sensible to do when the system refuses it a few
 * hundred bytes, so every allocation goes through these: on failure they
 * print one line and exit 1, once, here at the bottom, and no ENOMEM branch
 * runs through the layers above.  The wrapper module (shm.c) allocates
 * nothing and stays free of them.
 */
#ifndef SHMCTL_XMALLOC_H
#define SHMCTL_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
/* realloc of nmemb * size bytes, checked for overflow. */
void *xreallocarray(void *, size_t nmemb, size_t size);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
int xasprintf(char **, const char *, ...)
    __attribute__((format(printf, 2, 3)));
int xvasprintf(char **, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

#endif
