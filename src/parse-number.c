/*
 * parse-number.c -- the numbers of shmctl's command line: sizes, offsets
 * and lengths, durations, descriptors, bytes and counts (see parse.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define OFF_MAX ((off_t)INT64_MAX)

/* What a SIZE may be, for every message about one (shmctl(1): Sizes). */
#define SIZE_EXPECTED "expected a number of bytes with an optional suffix " \
	"K, M, G, ... (1k, 0x10, 2MiB)"
#define SIZE_TOO_LARGE "too large: at most 9223372036854775807 bytes (8EiB - 1)"

/*
 * The multiplier of a size suffix, or 0 when it is not one: K, M, G, T, P,
 * E in either case, alone or followed by "iB" (powers of 1024) or "B"
 * (powers of 1000), as truncate(1) reads them.
 */
static uint64_t
size_suffix(const char *s)
{
	static const char units[] = "KMGTPE";
	const char *u;
	uint64_t base, m = 1;
	int power;

	if (*s == '\0')
		return 1;
	if ((u = strchr(units, toupper((unsigned char)*s))) == NULL)
		return 0;
	power = (int)(u - units) + 1;
	s++;
	if (*s == '\0' || strcmp(s, "iB") == 0)
		base = 1024;
	else if (strcmp(s, "B") == 0)
		base = 1000;
	else
		return 0;
	while (power-- > 0)
		m *= base;
	return m;
}

/* The digits of a number in base 10 or 16 into *v; their end, or NULL. */
static const char *
size_digits(const char *p, unsigned base, uint64_t *v)
{
	*v = 0;
	for (;; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (*v > (UINT64_MAX - d) / base)
			return NULL;
		*v = *v * base + d;
	}
	return p;
}

int
parse_size(const char *arg, off_t *out, const char **why)
{
	const char *p = arg;
	unsigned base = 10;
	uint64_t v, mult;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty: " SIZE_EXPECTED);
	if (strpbrk(arg, " \t\n\v\f\r") != NULL)
		return parse_reject(why, "blanks in size: " SIZE_EXPECTED);
	if (*p == '-')
		return parse_reject(why, "negative: " SIZE_EXPECTED);
	/* "0x10", as hexdump(1) takes offsets; its digits include B and E. */
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!isdigit((unsigned char)*p) &&
	    !(base == 16 && isxdigit((unsigned char)*p)))
		return parse_reject(why, SIZE_EXPECTED);
	if ((p = size_digits(p, base, &v)) == NULL)
		return parse_reject(why, SIZE_TOO_LARGE);
	if (*p == '.' || *p == ',')
		return parse_reject(why, "not a whole number: " SIZE_EXPECTED);
	if ((mult = size_suffix(p)) == 0)
		return parse_reject(why, "invalid suffix: " SIZE_EXPECTED);
	if (v != 0 && mult > (uint64_t)OFF_MAX / v)
		return parse_reject(why, SIZE_TOO_LARGE);
	v *= mult;
	if (v > (uint64_t)OFF_MAX)
		return parse_reject(why, SIZE_TOO_LARGE);
	*out = (off_t)v;
	return 0;
}

int
parse_size_rel(const char *arg, off_t *out, enum size_rel *rel,
    const char **why)
{
	if (arg != NULL && (*arg == '+' || *arg == '-')) {
		*rel = *arg == '+' ? SIZE_GROW : SIZE_SHRINK;
		arg++;
		if (*arg == '+' || *arg == '-')
			return parse_reject(why, SIZE_EXPECTED);
	} else
		*rel = SIZE_SET;
	return parse_size(arg, out, why);
}

/* What a DURATION may be, for every message about one. */
#define DURATION_EXPECTED "expected seconds, or numbers with units " \
	"s, m, h, d, w (90, 15m, 1h30m, 1w)"
#define DURATION_TOO_LARGE "too large: at most 9223372036854775807 seconds"

/* Seconds in a duration unit, or 0 when it is not one. */
static int64_t
duration_unit(char c)
{
	switch (c) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 7 * 86400;
	default:
		return 0;
	}
}

/*
 * "90", or a sum of terms each with its unit, "1h30m", each unit at most
 * once and from the largest down, as systemd.time(7) and Go write them.
 */
int
parse_duration(const char *arg, int64_t *seconds, const char **why)
{
	const char *p = arg;
	int64_t total = 0, last = INT64_MAX;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty: " DURATION_EXPECTED);
	if (*p == '-')
		return parse_reject(why, "negative: " DURATION_EXPECTED);
	while (*p != '\0') {
		int64_t v = 0, mult;

		if (!isdigit((unsigned char)*p))
			return parse_reject(why, p == arg ? DURATION_EXPECTED :
			    "a number after each unit: " DURATION_EXPECTED);
		for (; isdigit((unsigned char)*p); p++) {
			if (v > (INT64_MAX - (*p - '0')) / 10)
				return parse_reject(why, DURATION_TOO_LARGE);
			v = v * 10 + (*p - '0');
		}
		if (*p == '\0' && p == arg + strspn(arg, "0123456789"))
			mult = 1;	/* plain seconds */
		else if (*p == '\0')
			return parse_reject(why, "a unit after each number: "
			    DURATION_EXPECTED);
		else if ((mult = duration_unit(*p++)) == 0)
			return parse_reject(why,
			    "invalid unit: " DURATION_EXPECTED);
		else if (mult >= last)
			return parse_reject(why,
			    "units from the largest down, each "
			    "once (1h30m, 1w2d)");
		last = mult;
		if (v > INT64_MAX / mult || v * mult > INT64_MAX - total)
			return parse_reject(why, DURATION_TOO_LARGE);
		total += v * mult;
	}
	*seconds = total;
	return 0;
}

/* A decimal number in [min, max] with nothing around it. */
static int
parse_decimal(const char *arg, long long min, long long max, long long *out,
    const char **why)
{
	const char *errstr;
	long long v;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty number");
	if (*arg == '-' && min >= 0)
		return parse_reject(why, "negative number");
	/* strtonum(3) would skip leading blanks and take a '+'. */
	if (!isdigit((unsigned char)*arg) && *arg != '-')
		return parse_reject(why, "not a number");
	v = strtonum(arg, min, max, &errstr);
	if (errstr != NULL)
		/* "invalid", "too small" or "too large" */
		return parse_reject(why, strcmp(errstr, "invalid") == 0 ?
		    "not a number" : errstr);
	*out = v;
	return 0;
}

int
parse_fd(const char *arg, int *fd, const char **why)
{
	long long v;

	if (parse_decimal(arg, 0, INT_MAX, &v, why) != 0)
		return -1;
	*fd = (int)v;
	return 0;
}

int
parse_byte(const char *arg, unsigned char *out, const char **why)
{
	const char *decimal_why;
	long long v = 0;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty byte");
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		const char *p = arg + 2;

		if (*p == '\0')
			return parse_reject(why, "not a number");
		for (; *p != '\0'; p++) {
			if (!isxdigit((unsigned char)*p))
				return parse_reject(why,
				    "not a hexadecimal number");
			v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' :
			    (tolower((unsigned char)*p) - 'a' + 10));
			if (v > 255)
				return parse_reject(why, "not in 0-255");
		}
	} else if (parse_decimal(arg, 0, 255, &v, &decimal_why) != 0)
		return parse_reject(why,
		    strcmp(decimal_why, "not a number") == 0 ?
		    decimal_why : "not in 0-255");
	*out = (unsigned char)v;
	return 0;
}

int
parse_count(const char *arg, unsigned *out, const char **why)
{
	long long v;

	if (parse_decimal(arg, 1, INT_MAX, &v, why) != 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}
