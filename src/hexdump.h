/*
 * hexdump.h -- the canonical hex+ASCII format of `hexdump -C`, byte for
 * byte, built for speed: whole lines are formatted from tables into the
 * caller's buffer, never through printf.
 *
 * The caller feeds the bytes in order: hexdump_lines() with whole 16-byte
 * lines as often as it likes, then hexdump_end() once with the partial last
 * line (possibly empty).  Addresses are absolute offsets starting at the
 * offset given to hexdump_init(); repeated lines are squeezed to "*" unless
 * verbose, exactly as hexdump does it.
 */
#ifndef SHMCTL_HEXDUMP_H
#define SHMCTL_HEXDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEXDUMP_WIDTH 16	/* bytes per line */

/* The longest line: a 16-digit address and a full line of 16 bytes. */
#define HEXDUMP_LINE_MAX 88

/* Output bytes hexdump_lines or hexdump_end may write for len bytes in. */
#define HEXDUMP_BOUND(len) \
	(((len) / HEXDUMP_WIDTH + 2) * (size_t)HEXDUMP_LINE_MAX)

enum hexdump_squeeze {
	HEXDUMP_FIRST,		/* nothing shown yet: the next line is shown */
	HEXDUMP_SHOWN,		/* the last line was shown */
	HEXDUMP_STARRED,	/* repeats of the last line, "*" already out */
};

struct hexdump {
	uint64_t addr;		/* offset of the next line */
	unsigned char prev[HEXDUMP_WIDTH]; /* the last whole line */
	enum hexdump_squeeze squeeze;
	bool verbose;		/* -v: show every line */
};

/*
 * The line formatters, each for a kind of CPU; all write the same bytes.
 * hexdump_init uses the fastest one this CPU runs, or the one named by the
 * environment variable SHMCTL_HEXDUMP (scalar, ssse3, avx2), read once:
 * a way to test and to measure each.
 */
enum hexdump_formatter {
	HEXDUMP_SCALAR,		/* portable C, from tables */
	HEXDUMP_SSSE3,		/* a line in 128-bit shuffles */
	HEXDUMP_AVX2,		/* two lines at a time in 256-bit shuffles */
	HEXDUMP_FORMATTERS
};

const char *hexdump_formatter_name(enum hexdump_formatter);
/* Built into this binary, and this CPU has the instructions it needs. */
bool hexdump_formatter_usable(enum hexdump_formatter);
/* Uses f (which must be usable) from now on; for tests. */
void hexdump_formatter_use(enum hexdump_formatter f);

/*
 * Chooses the formatter (once: later calls return the first answer).
 * Returns NULL, or why the one SHMCTL_HEXDUMP names cannot be used; then
 * the fastest usable one is used.
 */
const char *hexdump_formatter_choose(void);

void hexdump_init(struct hexdump *, uint64_t start, bool verbose);

/* Formats len bytes, a multiple of 16; returns the bytes written to out. */
size_t hexdump_lines(struct hexdump *, const unsigned char *in, size_t len,
    char *out);

/*
 * Formats the last n < 16 bytes and the final offset line, which hexdump
 * leaves out when it is offset 0 (an empty input); returns the bytes written.
 */
size_t hexdump_end(struct hexdump *, const unsigned char *in, size_t n,
    char *out);

#endif
