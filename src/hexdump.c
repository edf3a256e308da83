/*
 * hexdump.c -- the canonical format of `hexdump -C`, from tables.
 *
 * A line is
 *
 *	AAAAAAAA  hh hh hh hh hh hh hh hh  hh hh hh hh hh hh hh hh  |cccc...|
 *
 * with an address of at least eight hex digits; the hex field is padded to
 * its full width on a short last line, the character field is not.  Every
 * field after the address sits at a fixed distance from the address's end,
 * so a line is a handful of table lookups and fixed-size stores.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * On x86 with SSSE3 (nearly every x86-64 machine since 2006, chosen at run
 * time), a line is a few byte shuffles instead of 16 table lookups: about
 * four times fewer instructions.  -DHEXDUMP_NO_SIMD builds only the
 * portable path, to test it.
 */
#if !defined(HEXDUMP_NO_SIMD) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#define HEXDUMP_SSSE3 1
#include <tmmintrin.h>
#endif

#include "hexdump.h"

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

static void
put_text(char *p, const unsigned char *b)
{
#if defined(__SSE2__) && !defined(HEXDUMP_NO_SIMD)
	/* As signed bytes, 0x20..0x7e are exactly those > 0x1f and < 0x7f. */
	__m128i v = _mm_loadu_si128((const __m128i *)b);
	__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
	__m128i t = _mm_or_si128(_mm_and_si128(ok, v),
	    _mm_andnot_si128(ok, _mm_set1_epi8('.')));

	_mm_storeu_si128((__m128i *)p, t);
#else
	for (int i = 0; i < HEXDUMP_WIDTH; i++)
		p[i] = text_char[b[i]];
#endif
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
	put_text(p + COL_TEXT, b);
	p[COL_TEXT + HEXDUMP_WIDTH] = '|';
	p[COL_TEXT + HEXDUMP_WIDTH + 1] = '\n';
	return p + LINE_TAIL;
}

static bool
same_line(const unsigned char *a, const unsigned char *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a, 8);
	memcpy(&a1, a + 8, 8);
	memcpy(&b0, b, 8);
	memcpy(&b1, b + 8, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

typedef char *line_fn(char *, uint64_t, const unsigned char *);

static char *
put_line_portable(char *p, uint64_t addr, const unsigned char *b)
{
	return put_full_line(put_addr(p, addr), b);
}

/* The loop over whole lines, specialised for each way to put a line. */
static inline __attribute__((always_inline)) size_t
lines_loop(struct hexdump *hd, const unsigned char *in, size_t len,
    char *out, line_fn *put_line)
{
	const unsigned char *end = in + len, *prev = hd->prev;
	enum hexdump_squeeze squeeze = hd->squeeze;
	uint64_t addr = hd->addr;
	char *p = out;

	for (; in < end; prev = in, in += HEXDUMP_WIDTH,
	    addr += HEXDUMP_WIDTH) {
		if (squeeze != HEXDUMP_FIRST && !hd->verbose &&
		    same_line(in, prev)) {
			if (squeeze == HEXDUMP_SHOWN) {
				*p++ = '*';
				*p++ = '\n';
				squeeze = HEXDUMP_STARRED;
			}
			continue;
		}
		p = put_line(p, addr, in);
		squeeze = HEXDUMP_SHOWN;
	}
	if (prev != hd->prev)
		memcpy(hd->prev, prev, HEXDUMP_WIDTH);
	hd->squeeze = squeeze;
	hd->addr = addr;
	return (size_t)(p - out);
}

static size_t
lines_portable(struct hexdump *hd, const unsigned char *in, size_t len,
    char *out)
{
	return lines_loop(hd, in, len, out, put_line_portable);
}

#ifdef HEXDUMP_SSSE3
#define SSSE3 __attribute__((target("ssse3")))
#define X (-1)		/* a shuffle index that gives 0: a space goes there */

/* Each byte of v as two hex digits: those of bytes 0-7, those of 8-15. */
static inline __attribute__((always_inline)) SSSE3 void
hex_digits_ssse3(__m128i v, __m128i *lo8, __m128i *hi8)
{
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5',
	    '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
	const __m128i nibble = _mm_set1_epi8(0x0f);
	__m128i h = _mm_shuffle_epi8(digits,
	    _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
	__m128i l = _mm_shuffle_epi8(digits, _mm_and_si128(v, nibble));

	*lo8 = _mm_unpacklo_epi8(h, l);
	*hi8 = _mm_unpackhi_epi8(h, l);
}

/* A line, address included, with addresses below 4 GiB. */
static inline __attribute__((always_inline)) SSSE3 char *
put_line_ssse3(char *p, uint64_t addr, const unsigned char *b)
{
	/* Shuffles that spread "hlhl..." into "hl hl ..." (see put_full_line). */
	const __m128i m0 = _mm_setr_epi8(X, X, 0, 1, X, 2, 3, X, 4, 5, X,
	    6, 7, X, 8, 9);
	const __m128i s0 = _mm_setr_epi8(' ', ' ', 0, 0, ' ', 0, 0, ' ', 0,
	    0, ' ', 0, 0, ' ', 0, 0);
	const __m128i m1a = _mm_setr_epi8(X, 10, 11, X, 12, 13, X, 14, 15,
	    X, X, X, X, X, X, X);
	const __m128i m1b = _mm_setr_epi8(X, X, X, X, X, X, X, X, X, X, X,
	    0, 1, X, 2, 3);
	const __m128i s1 = _mm_setr_epi8(' ', 0, 0, ' ', 0, 0, ' ', 0, 0,
	    ' ', ' ', 0, 0, ' ', 0, 0);
	const __m128i m2 = _mm_setr_epi8(X, 4, 5, X, 6, 7, X, 8, 9, X, 10,
	    11, X, 12, 13, X);
	const __m128i s2 = _mm_setr_epi8(' ', 0, 0, ' ', 0, 0, ' ', 0, 0,
	    ' ', 0, 0, ' ', 0, 0, ' ');
	const __m128i m3 = _mm_setr_epi8(14, 15, X, X, X, X, X, X, X, X, X,
	    X, X, X, X, X);
	const __m128i s3 = _mm_setr_epi8(0, 0, ' ', ' ', '|', 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0);
	__m128i v = _mm_loadu_si128((const __m128i *)b), a, c, digits;
	char *t;

	if (addr > UINT32_MAX)
		t = put_addr(p, addr);
	else {
		hex_digits_ssse3(_mm_cvtsi32_si128((int)__builtin_bswap32(
		    (uint32_t)addr)), &digits, &a);
		_mm_storel_epi64((__m128i *)p, digits);
		t = p + 8;
	}
	hex_digits_ssse3(v, &a, &c);
	_mm_storeu_si128((__m128i *)t, _mm_or_si128(
	    _mm_shuffle_epi8(a, m0), s0));
	_mm_storeu_si128((__m128i *)(t + 16), _mm_or_si128(_mm_or_si128(
	    _mm_shuffle_epi8(a, m1a), _mm_shuffle_epi8(c, m1b)), s1));
	_mm_storeu_si128((__m128i *)(t + 32), _mm_or_si128(
	    _mm_shuffle_epi8(c, m2), s2));
	_mm_storeu_si128((__m128i *)(t + 48), _mm_or_si128(
	    _mm_shuffle_epi8(c, m3), s3));
	put_text(t + COL_TEXT, b);
	t[COL_TEXT + HEXDUMP_WIDTH] = '|';
	t[COL_TEXT + HEXDUMP_WIDTH + 1] = '\n';
	return t + LINE_TAIL;
}

static SSSE3 size_t
lines_ssse3(struct hexdump *hd, const unsigned char *in, size_t len,
    char *out)
{
	return lines_loop(hd, in, len, out, put_line_ssse3);
}
#undef X
#endif

static size_t (*lines_impl)(struct hexdump *, const unsigned char *, size_t,
    char *) = lines_portable;

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
#ifdef HEXDUMP_SSSE3
	__builtin_cpu_init();
	if (__builtin_cpu_supports("ssse3"))
		lines_impl = lines_ssse3;
#endif
	tables_ready = true;
}

void
hexdump_init(struct hexdump *hd, uint64_t start, bool verbose)
{
	if (!tables_ready)
		tables_init();
	memset(hd, 0, sizeof *hd);
	hd->addr = start;
	hd->squeeze = HEXDUMP_FIRST;
	hd->verbose = verbose;
}

size_t
hexdump_lines(struct hexdump *hd, const unsigned char *in, size_t len,
    char *out)
{
	return lines_impl(hd, in, len, out);
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
