/*
 * fuzz-size.c -- parse_size and parse_size_rel against shmctl(1) (Sizes):
 * decimal bytes with an optional suffix, K M G T P E and KiB MiB ... as
 * powers of 1024, KB MB ... as powers of 1000 ("k" is taken for "K");
 * negative, empty, blank, overflowing past the largest off_t or trailing
 * garbage is refused.  truncate -s adds a leading + or -.
 */
#include "config.h"

#include <ctype.h>

#include "fuzz.h"
#include "parse.h"

/* The multiplier of a suffix, or 0 when it is not one. */
static __int128
ref_suffix(const char *s)
{
	static const char units[] = "KMGTPE";
	const char *u;
	__int128 base, m = 1;

	if (*s == '\0')
		return 1;
	/* Either case: "1k" and "1K", "1mb" and "1MB" (truncate(1)). */
	u = strchr(units, toupper((unsigned char)*s));
	if (u == NULL || *s == '\0')
		return 0;
	if (strcmp(s + 1, "") == 0 || strcmp(s + 1, "iB") == 0)
		base = 1024;
	else if (strcmp(s + 1, "B") == 0)
		base = 1000;
	else
		return 0;
	for (long i = 0; i <= u - units; i++)
		m *= base;
	return m;
}

/* The size in bytes, or -1 when refused. */
static __int128
ref_size(const char *arg)
{
	const char *p = arg;
	__int128 v, m;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		/* hexdump(1)'s 0x form; its digits take B and E too. */
		const char *hex = "0123456789abcdef";
		const char *d;

		p += 2;
		v = 0;
		if (*p == '\0' || strchr(hex, tolower((unsigned char)*p)) == NULL)
			return -1;
		while (*p != '\0' &&
		    (d = strchr(hex, tolower((unsigned char)*p))) != NULL) {
			v = v * 16 + (d - hex);
			if (v > INT64_MAX)
				return -1;
			p++;
		}
	} else if ((v = fuzz_digits(&p)) < 0)
		return -1;
	if ((m = ref_suffix(p)) == 0)
		return -1;
	v *= m;
	return v > INT64_MAX ? -1 : v;
}

static void
check_size(const char *arg)
{
	const char *why = NULL;
	__int128 want = ref_size(arg);
	off_t got = -7;
	int rc = parse_size(arg, &got, &why);

	if (want < 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(why != NULL && strchr(why, '\n') == NULL);
		FUZZ_CHECK(got == -7);	/* nothing stored on failure */
	} else {
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK((__int128)got == want);
	}
}

static void
check_size_rel(const char *arg)
{
	const char *why = NULL;
	enum size_rel rel = SIZE_SET, wantrel = SIZE_SET;
	const char *p = arg;
	__int128 want;
	off_t got = -7;
	int rc;

	if (*p == '+' || *p == '-')
		wantrel = *p++ == '+' ? SIZE_GROW : SIZE_SHRINK;
	want = ref_size(p);
	rc = parse_size_rel(arg, &got, &rel, &why);
	if (want < 0)
		FUZZ_CHECK(rc == -1);
	else {
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK((__int128)got == want && got >= 0);
		FUZZ_CHECK(rel == wantrel);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *arg = fuzz_string(data, size);

	check_size(arg);
	check_size_rel(arg);
	free(arg);
	return 0;
}
