/*
 * fuzz-number.c -- the small parsers: parse_fd (0..INT_MAX), parse_count
 * (1..INT_MAX), parse_byte (0-255, decimal or 0xHH) and the --if-exists /
 * --if-does-not-exist actions, each against a reference from the man pages.
 */
#include "config.h"

#include <limits.h>

#include "fuzz.h"
#include "parse.h"

/* A decimal number in [min, max], no sign, no blanks; or -1. */
static __int128
ref_decimal(const char *arg, __int128 min, __int128 max)
{
	const char *p = arg;
	__int128 v;

	if ((v = fuzz_digits(&p)) < 0 || *p != '\0')
		return -1;
	return v < min || v > max ? -1 : v;
}

static int
hexval(int c)
{
	if (fuzz_isdigit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static __int128
ref_byte(const char *arg)
{
	__int128 v = 0;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		const char *p = arg + 2;

		if (*p == '\0')
			return -1;
		for (; *p != '\0'; p++) {
			if (hexval((unsigned char)*p) < 0)
				return -1;
			v = v * 16 + hexval((unsigned char)*p);
			if (v > 255)
				return -1;
		}
		return v;
	}
	return ref_decimal(arg, 0, 255);
}

static void
check_fd(const char *arg)
{
	__int128 want = ref_decimal(arg, 0, INT_MAX);
	const char *why = NULL;
	int got = -7, rc = parse_fd(arg, &got, &why);

	if (want < 0)
		FUZZ_CHECK(rc == -1 && why != NULL && got == -7);
	else
		FUZZ_CHECK(rc == 0 && got == want);
}

static void
check_count(const char *arg)
{
	__int128 want = ref_decimal(arg, 1, INT_MAX);
	const char *why = NULL;
	unsigned got = 7777;
	int rc = parse_count(arg, &got, &why);

	if (want < 0)
		FUZZ_CHECK(rc == -1 && why != NULL && got == 7777);
	else
		FUZZ_CHECK(rc == 0 && got == want);
}

static void
check_byte(const char *arg)
{
	__int128 want = ref_byte(arg);
	const char *why = NULL;
	unsigned char got = 0x5a;
	int rc = parse_byte(arg, &got, &why);

	if (want < 0)
		FUZZ_CHECK(rc == -1 && why != NULL && got == 0x5a);
	else
		FUZZ_CHECK(rc == 0 && got == want);
}

static int
index_of(const char *arg, const char *const *words)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	return -1;
}

static void
check_actions(const char *arg)
{
	static const char *const ifex[] = {
		"error", "overwrite", "truncate", "supersede", "nil", NULL,
	};
	static const enum pshm_if_exists ifex_v[] = {
		PSHM_IFEX_ERROR, PSHM_IFEX_OVERWRITE, PSHM_IFEX_TRUNCATE,
		PSHM_IFEX_SUPERSEDE, PSHM_IFEX_NIL,
	};
	static const char *const ifdne[] = { "error", "create", "nil", NULL };
	static const enum pshm_if_does_not_exist ifdne_v[] = {
		PSHM_IFDNE_ERROR, PSHM_IFDNE_CREATE, PSHM_IFDNE_NIL,
	};
	enum pshm_if_exists e = PSHM_IFEX_DEFAULT;
	enum pshm_if_does_not_exist d = PSHM_IFDNE_DEFAULT;
	const char *why = NULL;
	int i;

	i = index_of(arg, ifex);
	if (i < 0)
		FUZZ_CHECK(parse_if_exists(arg, &e, &why) == -1 &&
		    e == PSHM_IFEX_DEFAULT && why != NULL);
	else
		FUZZ_CHECK(parse_if_exists(arg, &e, &why) == 0 &&
		    e == ifex_v[i]);
	i = index_of(arg, ifdne);
	if (i < 0)
		FUZZ_CHECK(parse_if_does_not_exist(arg, &d, &why) == -1 &&
		    d == PSHM_IFDNE_DEFAULT);
	else
		FUZZ_CHECK(parse_if_does_not_exist(arg, &d, &why) == 0 &&
		    d == ifdne_v[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *arg = fuzz_string(data, size);

	check_fd(arg);
	check_count(arg);
	check_byte(arg);
	check_actions(arg);
	free(arg);
	return 0;
}
