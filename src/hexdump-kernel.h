/*
 * hexdump-kernel.h -- what the line formatters of hexdump.c share: a run of
 * lines to format, and one kernel per kind of CPU.
 *
 * hexdump.c decides squeezing and where the runs are; a kernel only puts
 * whole lines, as fast as its instructions allow.  Every kernel writes
 * exactly the same bytes: the fuzz target and the end-to-end tests run each
 * one against hexdump -C.
 */
#ifndef SHMCTL_HEXDUMP_KERNEL_H
#define SHMCTL_HEXDUMP_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hexdump.h"

/*
 * The SIMD kernels, built where the compiler can target x86 and chosen at
 * run time.  -DHEXDUMP_NO_SIMD builds only the portable kernel.
 */
#if !defined(HEXDUMP_NO_SIMD) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#define HEXDUMP_X86 1
#endif

/*
 * A line with an address below 4 GiB:
 *
 *	AAAAAAAA  hh hh hh hh hh hh hh hh  hh hh hh hh hh hh hh hh  |cccc...|
 *
 * Past 4 GiB the address has more digits: those above the low eight are
 * the same on every line of a 4 GiB window, so they are a prefix.
 */
#define HEXDUMP_LINE8	79

/*
 * Lines with no squeezing decided yet, all in one 4 GiB window of
 * addresses.  The kernel formats the first line always and each further
 * one unless check is set and it equals the line before it: there it stops,
 * and hexdump.c squeezes.
 */
struct hexdump_run {
	const unsigned char *in;	/* the first line */
	size_t lines;			/* lines available at in */
	uint64_t addr;			/* the first line's address */
	bool check;			/* stop before a repeated line */
	unsigned plen;			/* digits above the low eight, 0-8 */
	char prefix[8];			/* those digits (plen of them) */
};

/* Formats lines of the run at *pp; advances *pp, returns the lines done. */
typedef size_t hexdump_kernel(const struct hexdump_run *, char **pp);

#ifdef HEXDUMP_X86
hexdump_kernel hexdump_kernel_ssse3;
hexdump_kernel hexdump_kernel_avx2;
#endif

/* A line equal to the one before it: hexdump squeezes it. */
static inline bool
hexdump_same_line(const unsigned char *a, const unsigned char *b)
{
	uint64_t a0, a1, b0, b1;

	__builtin_memcpy(&a0, a, 8);
	__builtin_memcpy(&a1, a + 8, 8);
	__builtin_memcpy(&b0, b, 8);
	__builtin_memcpy(&b1, b + 8, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

#endif
