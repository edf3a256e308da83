/*
 * hexdump-x86.c -- the SSSE3 and AVX2 line kernels of hexdump.c.
 *
 * A line is built as five 16-byte units, each a shuffle of the line's hex
 * digits or characters with the spaces and bars ORed in:
 *
 *	U0  AAAAAAAA  hh hh      (the address: eight digits)
 *	U1  hh hh hh hh hh h
 *	U2  h  hh hh hh hh h
 *	U3  h hh hh hh  |ccc
 *	U4  ccccccccccccc|\n     (and one byte the next line overwrites)
 *
 * SSSE3 builds one line in 128-bit registers; AVX2 builds two, one in each
 * 128-bit lane (its shuffles work within lanes), with the same masks.  The
 * functions carry target attributes, so the file builds with the default
 * flags and hexdump.c calls a kernel only where the CPU has it.
 */
#include "config.h"

#include "hexdump-kernel.h"

#ifdef HEXDUMP_X86
#include <immintrin.h>
#include <string.h>

#define SSSE3	__attribute__((target("ssse3")))
#define AVX2	__attribute__((target("avx2")))
#define INLINE	static inline __attribute__((always_inline))
#define X	(-1)	/* a shuffle index that gives 0 */

/* One lane's constants, in _mm_setr_epi8 order. */
#define DIGITS	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', \
		'a', 'b', 'c', 'd', 'e', 'f'
#define BSWAP32	3, 2, 1, 0, X, X, X, X, X, X, X, X, X, X, X, X
/* Sources: P0, the digits of bytes 0-7; P1, of bytes 8-15; T, the text. */
#define M_U0	X, X, X, X, X, X, X, X, X, X, 0, 1, X, 2, 3, X
#define C_U0	0, 0, 0, 0, 0, 0, 0, 0, ' ', ' ', 0, 0, ' ', 0, 0, ' '
#define M_U1	4, 5, X, 6, 7, X, 8, 9, X, 10, 11, X, 12, 13, X, 14
#define C_U1	0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0
/* From P0[15] and P1[0-14], joined by alignr. */
#define M_U2	0, X, X, 1, 2, X, 3, 4, X, 5, 6, X, 7, 8, X, 9
#define C_U2	0, ' ', ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0
/* U3's first 13 bytes, three places up: alignr then adds T[0-2]. */
#define M_U3	X, X, X, 9, X, 10, 11, X, 12, 13, X, 14, 15, X, X, X
#define C_U3	0, 0, 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', 0, 0, ' ', ' ', '|'
/* What follows T[3-15] in U4. */
#define TAIL	'|', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

/*
 * As signed bytes, b + 0x60 maps the printable 0x20-0x7e to -128..-34 and
 * everything else above -34.
 */
#define PRINT_BIAS	0x60
#define PRINT_LAST	(-34)

/*
 * Where a line starts: after its prefix, which is stored first.  The
 * prefix is passed by value: the stores through p could alias the run.
 */
struct prefix {
	uint64_t digits;
	unsigned len;
};

static inline struct prefix
prefix_of(const struct hexdump_run *r)
{
	struct prefix x = { 0, r->plen };

	memcpy(&x.digits, r->prefix, sizeof x.digits);
	return x;
}

static inline char *
put_prefix(char *p, struct prefix x)
{
	if (x.len != 0) {
		memcpy(p, &x.digits, sizeof x.digits);
		p += x.len;
	}
	return p;
}

/* --- SSSE3: one line ---------------------------------------------------- */

INLINE SSSE3 __m128i
hex_nibbles_ssse3(__m128i v, __m128i *lo)
{
	const __m128i nibble = _mm_set1_epi8(0x0f);

	*lo = _mm_and_si128(v, nibble);
	return _mm_and_si128(_mm_srli_epi16(v, 4), nibble);
}

/* The eight digits of addr in bytes 0-7, zeros after. */
INLINE SSSE3 __m128i
addr_digits_ssse3(uint32_t addr)
{
	const __m128i digits = _mm_setr_epi8(DIGITS);
	__m128i lo, hi = hex_nibbles_ssse3(_mm_cvtsi32_si128(
	    (int)__builtin_bswap32(addr)), &lo);

	return _mm_move_epi64(_mm_shuffle_epi8(digits,
	    _mm_unpacklo_epi8(hi, lo)));
}

INLINE SSSE3 char *
line_ssse3(char *p, struct prefix x, const unsigned char *b, uint32_t addr)
{
	const __m128i digits = _mm_setr_epi8(DIGITS);
	__m128i v = _mm_loadu_si128((const __m128i *)b), lo, hi, h, l, p0, p1;
	__m128i np, t, w3;

	hi = hex_nibbles_ssse3(v, &lo);
	h = _mm_shuffle_epi8(digits, hi);
	l = _mm_shuffle_epi8(digits, lo);
	p0 = _mm_unpacklo_epi8(h, l);
	p1 = _mm_unpackhi_epi8(h, l);
	np = _mm_cmpgt_epi8(_mm_add_epi8(v, _mm_set1_epi8(PRINT_BIAS)),
	    _mm_set1_epi8(PRINT_LAST));
	t = _mm_or_si128(_mm_and_si128(np, _mm_set1_epi8('.')),
	    _mm_andnot_si128(np, v));
	w3 = _mm_or_si128(_mm_shuffle_epi8(p1, _mm_setr_epi8(M_U3)),
	    _mm_setr_epi8(C_U3));

	p = put_prefix(p, x);
	_mm_storeu_si128((__m128i *)p, _mm_or_si128(_mm_or_si128(
	    _mm_shuffle_epi8(p0, _mm_setr_epi8(M_U0)), _mm_setr_epi8(C_U0)),
	    addr_digits_ssse3(addr)));
	_mm_storeu_si128((__m128i *)(p + 16), _mm_or_si128(
	    _mm_shuffle_epi8(p0, _mm_setr_epi8(M_U1)), _mm_setr_epi8(C_U1)));
	_mm_storeu_si128((__m128i *)(p + 32), _mm_or_si128(
	    _mm_shuffle_epi8(_mm_alignr_epi8(p1, p0, 15),
	    _mm_setr_epi8(M_U2)), _mm_setr_epi8(C_U2)));
	_mm_storeu_si128((__m128i *)(p + 48), _mm_alignr_epi8(t, w3, 3));
	_mm_storeu_si128((__m128i *)(p + 64),
	    _mm_alignr_epi8(_mm_setr_epi8(TAIL), t, 3));
	return p + HEXDUMP_LINE8;
}

SSSE3 size_t
hexdump_kernel_ssse3(const struct hexdump_run *r, char **pp)
{
	const unsigned char *b = r->in;
	uint32_t addr = (uint32_t)r->addr;
	struct prefix x = prefix_of(r);
	bool check = r->check;
	size_t i = 0, n = r->lines;
	char *p = *pp;

	do {
		p = line_ssse3(p, x, b, addr);
		i++;
		b += HEXDUMP_WIDTH;
		addr += HEXDUMP_WIDTH;
	} while (i < n && !(check && hexdump_same_line(b, b - HEXDUMP_WIDTH)));
	*pp = p;
	return i;
}

/* --- AVX2: two lines, one per lane ---------------------------------------- */

#define BOTH(...)	_mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

struct units {
	__m256i u0, u1, u2, u3, u4;
};

/* The eight digits of each lane's address (dword 0) in its bytes 0-7. */
INLINE AVX2 __m256i
addr_digits_avx2(__m256i addr)
{
	const __m256i nibble = _mm256_set1_epi8(0x0f);
	__m256i be = _mm256_shuffle_epi8(addr, BOTH(BSWAP32));
	__m256i hi = _mm256_and_si256(_mm256_srli_epi16(be, 4), nibble);
	__m256i lo = _mm256_and_si256(be, nibble);

	return _mm256_shuffle_epi8(BOTH(DIGITS), _mm256_unpacklo_epi8(hi, lo));
}

/* The units of the line in each lane of v, addresses in adig's lanes. */
INLINE AVX2 struct units
units_avx2(__m256i v, __m256i adig)
{
	const __m256i nibble = _mm256_set1_epi8(0x0f), digits = BOTH(DIGITS);
	__m256i h = _mm256_shuffle_epi8(digits,
	    _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
	__m256i l = _mm256_shuffle_epi8(digits, _mm256_and_si256(v, nibble));
	__m256i p0 = _mm256_unpacklo_epi8(h, l), p1 = _mm256_unpackhi_epi8(h, l);
	__m256i np = _mm256_cmpgt_epi8(_mm256_add_epi8(v,
	    _mm256_set1_epi8(PRINT_BIAS)), _mm256_set1_epi8(PRINT_LAST));
	__m256i t = _mm256_blendv_epi8(v, _mm256_set1_epi8('.'), np);
	__m256i w3 = _mm256_or_si256(_mm256_shuffle_epi8(p1, BOTH(M_U3)),
	    BOTH(C_U3));
	struct units u;

	/* The address takes dwords 0 and 1 of each lane. */
	u.u0 = _mm256_blend_epi32(_mm256_or_si256(_mm256_shuffle_epi8(p0,
	    BOTH(M_U0)), BOTH(C_U0)), adig, 0x33);
	u.u1 = _mm256_or_si256(_mm256_shuffle_epi8(p0, BOTH(M_U1)),
	    BOTH(C_U1));
	u.u2 = _mm256_or_si256(_mm256_shuffle_epi8(
	    _mm256_alignr_epi8(p1, p0, 15), BOTH(M_U2)), BOTH(C_U2));
	u.u3 = _mm256_alignr_epi8(t, w3, 3);
	u.u4 = _mm256_alignr_epi8(BOTH(TAIL), t, 3);
	return u;
}

/* Stores the units of lane 0 (lane 1 if high) as a line at p. */
INLINE AVX2 char *
store_avx2(char *p, struct prefix x, const struct units *u, bool high)
{
#define LANE(v) (high ? _mm256_extracti128_si256(v, 1) : \
	_mm256_castsi256_si128(v))
	p = put_prefix(p, x);
	_mm_storeu_si128((__m128i *)p, LANE(u->u0));
	_mm_storeu_si128((__m128i *)(p + 16), LANE(u->u1));
	_mm_storeu_si128((__m128i *)(p + 32), LANE(u->u2));
	_mm_storeu_si128((__m128i *)(p + 48), LANE(u->u3));
	_mm_storeu_si128((__m128i *)(p + 64), LANE(u->u4));
#undef LANE
	return p + HEXDUMP_LINE8;
}

/* Stores both lanes' lines, in 32-byte stores where they can be. */
INLINE AVX2 char *
store_pair_avx2(char *p, struct prefix x, const struct units *u)
{
	p = put_prefix(p, x);
	_mm256_storeu_si256((__m256i *)p,
	    _mm256_permute2x128_si256(u->u0, u->u1, 0x20));
	_mm256_storeu_si256((__m256i *)(p + 32),
	    _mm256_permute2x128_si256(u->u2, u->u3, 0x20));
	_mm_storeu_si128((__m128i *)(p + 64), _mm256_castsi256_si128(u->u4));
	p = put_prefix(p + HEXDUMP_LINE8, x);
	_mm256_storeu_si256((__m256i *)p,
	    _mm256_permute2x128_si256(u->u0, u->u1, 0x31));
	_mm256_storeu_si256((__m256i *)(p + 32),
	    _mm256_permute2x128_si256(u->u2, u->u3, 0x31));
	_mm_storeu_si128((__m128i *)(p + 64),
	    _mm256_extracti128_si256(u->u4, 1));
	return p + HEXDUMP_LINE8;
}

/* A line alone, in lane 0. */
INLINE AVX2 char *
line_avx2(char *p, struct prefix x, const unsigned char *b, uint32_t addr)
{
	__m256i v = _mm256_zextsi128_si256(_mm_loadu_si128(
	    (const __m128i *)b));
	struct units u = units_avx2(v, addr_digits_avx2(
	    _mm256_zextsi128_si256(_mm_cvtsi32_si128((int)addr))));

	return store_avx2(p, x, &u, false);
}

/* Lines i and i + 1 equal the lines before them: bit 0, bit 1. */
INLINE AVX2 unsigned
repeats_avx2(__m256i v, const unsigned char *b)
{
	unsigned eq = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v,
	    _mm256_loadu_si256((const __m256i *)(b - HEXDUMP_WIDTH))));

	return ((eq & 0xffff) == 0xffff) | ((eq >> 16) == 0xffff) << 1;
}

AVX2 size_t
hexdump_kernel_avx2(const struct hexdump_run *r, char **pp)
{
	const unsigned char *in = r->in;
	uint32_t addr = (uint32_t)r->addr;
	/* The addresses of lines i and i + 1, in dword 0 of each lane. */
	__m256i av = _mm256_setr_epi32((int)(addr + 16), 0, 0, 0,
	    (int)(addr + 32), 0, 0, 0);
	const __m256i step = _mm256_setr_epi32(32, 0, 0, 0, 32, 0, 0, 0);
	struct prefix x = prefix_of(r);
	bool check = r->check;
	size_t i = 1, n = r->lines;
	char *p = line_avx2(*pp, x, in, addr);

	for (; i + 2 <= n; i += 2) {
		const unsigned char *b = in + HEXDUMP_WIDTH * i;
		__m256i v = _mm256_loadu_si256((const __m256i *)b);
		unsigned rep = check ? repeats_avx2(v, b) : 0;
		struct units u;

		if (__builtin_expect(rep != 0, 0)) {
			if (rep & 1)
				goto out;
			p = line_avx2(p, x, b, addr + 16 * (uint32_t)i);
			i++;
			goto out;
		}
		u = units_avx2(v, addr_digits_avx2(av));
		p = store_pair_avx2(p, x, &u);
		av = _mm256_add_epi32(av, step);
	}
	if (i < n && !(check && hexdump_same_line(in + HEXDUMP_WIDTH * i,
	    in + HEXDUMP_WIDTH * (i - 1)))) {
		p = line_avx2(p, x, in + HEXDUMP_WIDTH * i,
		    addr + 16 * (uint32_t)i);
		i++;
	}
out:
	*pp = p;
	return i;
}
#endif
