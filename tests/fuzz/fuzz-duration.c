/*
 * fuzz-duration.c -- parse_duration against shmctl(1) (Durations; gc --older-than):
 * 90, 90s, 15m, 2h, 7d; anything else, a negative number or more seconds
 * than an int64_t holds is refused.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

static __int128
ref_duration(const char *arg)
{
	const char *p = arg;
	__int128 v;

	if ((v = fuzz_digits(&p)) < 0)
		return -1;
	if (p[0] != '\0' && p[1] != '\0')
		return -1;
	switch (p[0]) {
	case '\0':
	case 's':
		break;
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 3600;
		break;
	case 'd':
		v *= 86400;
		break;
	default:
		return -1;
	}
	return v > INT64_MAX ? -1 : v;
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
