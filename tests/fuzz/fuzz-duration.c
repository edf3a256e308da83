/*
 * fuzz-duration.c -- parse_duration against shmctl(1) (Durations; gc --older-than):
 * 90, 90s, 15m, 2h, 7d; anything else, a negative number or more seconds
 * than an int64_t holds is refused.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

/* Seconds in a unit, or 0. */
static __int128
ref_unit(char c)
{
	switch (c) {
	case 'w':
		return 7 * 86400;
	case 'd':
		return 86400;
	case 'h':
		return 3600;
	case 'm':
		return 60;
	case 's':
		return 1;
	default:
		return 0;
	}
}

/*
 * A plain number of seconds, or NUMBER UNIT pairs with the units from the
 * largest down, each once ("1h30m", "1w2d").
 */
static __int128
ref_duration(const char *arg)
{
	const char *p = arg;
	__int128 v, u, total = 0, last = (__int128)1 << 100;

	if (*p == '\0')
		return -1;
	if (strspn(arg, "0123456789") == strlen(arg)) {
		v = fuzz_digits(&p);
		return v < 0 || v > INT64_MAX ? -1 : v;
	}
	while (*p != '\0') {
		if ((v = fuzz_digits(&p)) < 0)
			return -1;
		if ((u = ref_unit(*p)) == 0 || u >= last)
			return -1;
		p++;
		last = u;
		if (v > INT64_MAX || (total += v * u) > INT64_MAX)
			return -1;
	}
	return total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *arg = fuzz_string(data, size);
	const char *why = NULL;
	__int128 want = ref_duration(arg);
	int64_t got = -7;
	int rc = parse_duration(arg, &got, &why);

	if (want < 0) {
		FUZZ_CHECK(rc == -1 && got == -7);
		FUZZ_CHECK(why != NULL && strchr(why, '\n') == NULL);
	} else
		FUZZ_CHECK(rc == 0 && (__int128)got == want);
	free(arg);
	return 0;
}
