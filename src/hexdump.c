/*
 * hexdump.c -- the canonical format of `hexdump -C`: squeezing, the short
 * last line, the final offset, and the portable line formatter.
 *
 * Whole lines are formatted in runs by a kernel (hexdump-kernel.h): the
 * portable one here, from tables, or a SIMD one of hexdump-x86.c, chosen
 * once at run time.  What is decided per line here is only whether a run
 * ends, so that the kernels see long runs and no per-line branches.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexdump.h"
#include "hexdump-kernel.h"

/* Distances from the end of the address. */
#define COL_HEX1	2	/* first group of eight */
#define COL_HEX2	27	/* second group: one more space between */
#define COL_BAR1	52
#define COL_TEXT	53
#define LINE_TAIL	(COL_TEXT + HEXDUMP_WIDTH + 2)	/* "|\n" */

/*
 * "hh  " for each byte: storing four bytes where two are wanted is cheaper
 * than two stores, and the trailing spaces are either overwritten by the
 * next byte or are the spaces that follow a group.
 */
static char hex_spaced[256][4];
/* "hh" for each byte, for addresses. */
static char hex_pair[256][2];
/* The character column: printable ASCII as itself, anything else '.'. */
static char text_char[256];
static bool tables_ready;

static const char hex_digits[] = "0123456789abcdef";

/* "%08x": eight digits, more when the address needs them. */
static char *
put_addr(char *p, uint64_t a)
{
	int digits = 8;

	if (a <= UINT32_MAX) {
		memcpy(p, hex_pair[(a >> 24) & 0xff], 2);
		memcpy(p + 2, hex_pair[(a >> 16) & 0xff], 2);
		memcpy(p + 4, hex_pair[(a >> 8) & 0xff], 2);
		memcpy(p + 6, hex_pair[a & 0xff], 2);
		return p + 8;
	}
	while (digits < 16 && (a >> (4 * digits)) != 0)
		digits++;
	for (int i = digits - 1; i >= 0; i--, a >>= 4)
		p[i] = hex_digits[a & 15];
	return p + digits;
}

/* A whole line after its address; returns the end of the line. */
static char *
put_full_line(char *p, const unsigned char *b)
{
	p[0] = ' ';
	p[1] = ' ';
	for (int i = 0; i < 8; i++)
		memcpy(p + COL_HEX1 + 3 * i, hex_spaced[b[i]], 4);
	for (int i = 0; i < 8; i++)
		memcpy(p + COL_HEX2 + 3 * i, hex_spaced[b[8 + i]], 4);
	p[COL_BAR1] = '|';
	for (int i = 0; i < HEXDUMP_WIDTH; i++)
		p[COL_TEXT + i] = text_char[b[i]];
	p[COL_TEXT + HEXDUMP_WIDTH] = '|';
	p[COL_TEXT + HEXDUMP_WIDTH + 1] = '\n';
	return p + LINE_TAIL;
}

/* The portable kernel: a line at a time, from the tables. */
static size_t
kernel_scalar(const struct hexdump_run *r, char **pp)
{
	const unsigned char *b = r->in;
	uint64_t addr = r->addr;
	char *p = *pp;
	size_t i = 0;

	do {
		p = put_full_line(put_addr(p, addr), b);
		i++;
		b += HEXDUMP_WIDTH;
		addr += HEXDUMP_WIDTH;
	} while (i < r->lines &&
	    !(r->check && hexdump_same_line(b, b - HEXDUMP_WIDTH)));
	*pp = p;
	return i;
}

static const struct formatter {
	const char *name;
	hexdump_kernel *kernel;
} formatters[HEXDUMP_FORMATTERS] = {
	[HEXDUMP_SCALAR] = { "scalar", kernel_scalar },
#ifdef HEXDUMP_X86
	[HEXDUMP_SSSE3] = { "ssse3", hexdump_kernel_ssse3 },
	[HEXDUMP_AVX2] = { "avx2", hexdump_kernel_avx2 },
#else
	[HEXDUMP_SSSE3] = { "ssse3", NULL },
	[HEXDUMP_AVX2] = { "avx2", NULL },
#endif
};

static hexdump_kernel *kernel = kernel_scalar;
/* Whether a formatter was chosen, and why not the one asked for. */
static bool chosen;
static const char *choice_error;

const char *
hexdump_formatter_name(enum hexdump_formatter f)
{
	return formatters[f].name;
}

bool
hexdump_formatter_usable(enum hexdump_formatter f)
{
	if (formatters[f].kernel == NULL)
		return false;
#ifdef HEXDUMP_X86
	/* libgcc's and compiler-rt's checks include the OS's YMM support. */
	__builtin_cpu_init();
	switch (f) {
	case HEXDUMP_SSSE3:
		return __builtin_cpu_supports("ssse3");
	case HEXDUMP_AVX2:
		return __builtin_cpu_supports("avx2");
	default:
		break;
	}
#endif
	return true;
}

void
hexdump_formatter_use(enum hexdump_formatter f)
{
	if (!hexdump_formatter_usable(f))
		abort();
	kernel = formatters[f].kernel;
	chosen = true;
}

static const char *
formatter_from_env(void)
{
	static char why[160];
	const char *want = getenv("SHMCTL_HEXDUMP");
	int best = HEXDUMP_SCALAR;

	for (int f = HEXDUMP_FORMATTERS - 1; f > HEXDUMP_SCALAR; f--)
		if (hexdump_formatter_usable(f)) {
			best = f;
			break;
		}
	hexdump_formatter_use(best);
	if (want == NULL || *want == '\0')
		return NULL;
	for (int f = 0; f < HEXDUMP_FORMATTERS; f++) {
		if (strcmp(want, formatters[f].name) != 0)
			continue;
		if (!hexdump_formatter_usable(f)) {
			snprintf(why, sizeof why, "SHMCTL_HEXDUMP=%s: %s",
			    formatters[f].name, formatters[f].kernel == NULL ?
			    "not built into this binary" :
			    "this CPU lacks its instructions");
			return why;
		}
		hexdump_formatter_use(f);
		return NULL;
	}
	snprintf(why, sizeof why, "SHMCTL_HEXDUMP=%.40s: unknown formatter "
	    "(scalar, ssse3 or avx2)", want);
	return why;
}

static void
tables_init(void)
{
	for (int b = 0; b < 256; b++) {
		hex_pair[b][0] = hex_spaced[b][0] = hex_digits[b >> 4];
		hex_pair[b][1] = hex_spaced[b][1] = hex_digits[b & 15];
		hex_spaced[b][2] = hex_spaced[b][3] = ' ';
		/* hexdump's %_p uses isprint(); in the C locale that is this. */
		text_char[b] = b >= 0x20 && b < 0x7f ? (char)b : '.';
	}
	tables_ready = true;
}

const char *
hexdump_formatter_choose(void)
{
	if (!chosen)
		choice_error = formatter_from_env();
	return choice_error;
}

void
hexdump_init(struct hexdump *hd, uint64_t start, bool verbose)
{
	if (!tables_ready)
		tables_init();
	hexdump_formatter_choose();
	memset(hd, 0, sizeof *hd);
	hd->addr = start;
	hd->squeeze = HEXDUMP_FIRST;
	hd->verbose = verbose;
}

/* The first line at or after b, before end, that is not the line prev. */
static const unsigned char *
skip_repeats(const unsigned char *b, const unsigned char *end,
    const unsigned char *prev)
{
	uint64_t p0, p1, x0, x1;

	memcpy(&p0, prev, 8);
	memcpy(&p1, prev + 8, 8);
	/* Four lines a round: a long run of zeros costs little more than
	 * reading it. */
	for (; end - b >= 4 * HEXDUMP_WIDTH; b += 4 * HEXDUMP_WIDTH) {
		uint64_t diff = 0;

		for (int i = 0; i < 4; i++) {
			memcpy(&x0, b + HEXDUMP_WIDTH * i, 8);
			memcpy(&x1, b + HEXDUMP_WIDTH * i + 8, 8);
			diff |= (x0 ^ p0) | (x1 ^ p1);
		}
		if (diff != 0)
			break;
	}
	while (b < end && hexdump_same_line(b, prev))
		b += HEXDUMP_WIDTH;
	return b;
}

/*
 * Formats a run of lines from in, at most lines of them, stopping within
 * the 4 GiB window of addresses the first one is in; returns how many.
 */
static size_t
put_run(struct hexdump *hd, const unsigned char *in, size_t lines, char **pp)
{
	struct hexdump_run r = {
		.in = in,
		.addr = hd->addr,
		.check = !hd->verbose,
	};
	uint64_t high = hd->addr >> 32;
	/* Lines that start below the next multiple of 4 GiB. */
	uint64_t window = ((UINT64_C(1) << 32) - (hd->addr & UINT32_MAX) +
	    HEXDUMP_WIDTH - 1) / HEXDUMP_WIDTH;

	r.lines = lines < window ? lines : (size_t)window;
	while (high != 0) {
		memmove(r.prefix + 1, r.prefix, sizeof r.prefix - 1);
		r.prefix[0] = hex_digits[high & 15];
		r.plen++;
		high >>= 4;
	}
	return kernel(&r, pp);
}

size_t
hexdump_lines(struct hexdump *hd, const unsigned char *in, size_t len,
    char *out)
{
	const unsigned char *end = in + len, *prev = hd->prev;
	char *p = out;

	while (in < end) {
		if (hd->squeeze != HEXDUMP_FIRST && !hd->verbose &&
		    hexdump_same_line(in, prev)) {
			const unsigned char *next;

			if (hd->squeeze == HEXDUMP_SHOWN) {
				*p++ = '*';
				*p++ = '\n';
				hd->squeeze = HEXDUMP_STARRED;
			}
			/* Every line skipped equals prev: it stays. */
			next = skip_repeats(in + HEXDUMP_WIDTH, end, prev);
			hd->addr += (uint64_t)(next - in);
			in = next;
			continue;
		}
		size_t n = put_run(hd, in, (size_t)(end - in) / HEXDUMP_WIDTH,
		    &p);

		in += n * HEXDUMP_WIDTH;
		hd->addr += n * HEXDUMP_WIDTH;
		prev = in - HEXDUMP_WIDTH;
		hd->squeeze = HEXDUMP_SHOWN;
	}
	if (prev != hd->prev)
		memcpy(hd->prev, prev, HEXDUMP_WIDTH);
	return (size_t)(p - out);
}

/* A short last line: the hex field padded, the characters not. */
static char *
put_short_line(char *p, const unsigned char *b, size_t n)
{
	memset(p, ' ', COL_BAR1);
	for (size_t i = 0; i < n; i++)
		memcpy(p + (i < 8 ? COL_HEX1 + 3 * i : COL_HEX2 + 3 * (i - 8)),
		    hex_pair[b[i]], 2);
	p[COL_BAR1] = '|';
	for (size_t i = 0; i < n; i++)
		p[COL_TEXT + i] = text_char[b[i]];
	p[COL_TEXT + n] = '|';
	p[COL_TEXT + n + 1] = '\n';
	return p + COL_TEXT + n + 2;
}

size_t
hexdump_end(struct hexdump *hd, const unsigned char *in, size_t n,
    char *out)
{
	char *p = out;

	if (n > 0) {
		/* hexdump never squeezes a short line. */
		p = put_short_line(put_addr(p, hd->addr), in, n);
		hd->addr += n;
		hd->squeeze = HEXDUMP_SHOWN;
	}
	if (hd->addr != 0) {
		p = put_addr(p, hd->addr);
		*p++ = '\n';
	}
	return (size_t)(p - out);
}
