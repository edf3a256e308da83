/*
 * fuzz.h -- shared by shmctl's libFuzzer targets.
 *
 * Each target feeds its input to one module of shmctl and checks the
 * result against a small reference written here from the man pages, so that a
 * wrong answer is caught as well as a crash: FUZZ_CHECK aborts, and
 * libFuzzer saves the input.
 */
#ifndef SHMCTL_FUZZ_H
#define SHMCTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/*
 * The input as a C string in a buffer of exactly its size, so that
 * AddressSanitizer catches a read past the terminating NUL.  A NUL inside
 * the input ends the string, as it would end a command-line argument.
 */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A copy of s trimmed to its length, for the same reason. */
static inline char *
fuzz_strdup_exact(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);

	if (d == NULL)
		abort();
	memcpy(d, s, n + 1);
	return d;
}

static inline int
fuzz_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Accumulates the decimal digits at *pp, saturating at a value far beyond
 * any limit checked; advances *pp past them.  Returns -1 when there are none.
 */
static inline __int128
fuzz_digits(const char **pp)
{
	const char *p = *pp;
	__int128 v = 0, cap = (__int128)1 << 64;

	if (!fuzz_isdigit((unsigned char)*p))
		return -1;
	for (; fuzz_isdigit((unsigned char)*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > cap)
			v = cap;
	}
	*pp = p;
	return v;
}

#endif
