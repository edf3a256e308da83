/*
 * test-suggest.c -- unit tests of the nearest-word guess (src/suggest.c):
 * git's weights (a swap costs nothing, a missing letter less than a wrong
 * one, an extra one most), its threshold, prefixes, ties and bounds.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "suggest.h"

static const char *const words[] = { "open", "create", "truncate",
    "unlink", "rm", "chmod", "chown", "stat", "dump", "write", "anon",
    "list", "ls", "gc", "help" };
#define NWORDS	(sizeof words / sizeof words[0])

/* The one guess for typed, or NULL when there is none or several. */
static const char *
guess(const char *typed)
{
	const char *out[4];

	return suggest_nearest(typed, words, NWORDS, out, 4) == 1 ? out[0] :
	    NULL;
}

static void
test_weights(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("list", "list"), 0);
	assert_int_equal(suggest_distance("lsit", "list"), 0);	/* swap */
	assert_int_equal(suggest_distance("lst", "list"), 1);	/* add */
	assert_int_equal(suggest_distance("lisst", "list"), 3);	/* drop */
	assert_int_equal(suggest_distance("lost", "list"), 2);	/* subst */
	assert_int_equal(suggest_distance("", "gc"), 2);
	assert_int_equal(suggest_distance("gc", ""), 6);
}

static void
test_typos(void **state)
{
	(void)state;
	assert_string_equal(guess("lst"), "list");
	assert_string_equal(guess("lsit"), "list");
	assert_string_equal(guess("stats"), "stat");
	assert_string_equal(guess("chmdo"), "chmod");
	assert_string_equal(guess("chwon"), "chown");
	assert_string_equal(guess("unlik"), "unlink");
	assert_string_equal(guess("wirte"), "write");
	assert_string_equal(guess("dupm"), "dump");
	assert_string_equal(guess("gcc"), "gc");
	assert_string_equal(guess("rmm"), "rm");	/* aliases too */
	assert_string_equal(guess("hlep"), "help");
	/* A beginning is nearest of all, as in git. */
	assert_string_equal(guess("trunc"), "truncate");
	assert_string_equal(guess("cr"), "create");
}

static void
test_no_guess(void **state)
{
	const char *out[4];
	char longword[200];

	(void)state;
	assert_null(guess("xyzzy"));
	assert_null(guess("remove"));
	assert_null(guess(""));
	memset(longword, 'l', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	assert_int_equal(suggest_nearest(longword, words, NWORDS, out, 4), 0);
	assert_int_equal(suggest_distance(longword, "list"), -1);
}

static void
test_ties(void **state)
{
	const char *out[4];
	size_t n;

	(void)state;
	/* "c" begins three of them: all three, in the given order. */
	n = suggest_nearest("c", words, NWORDS, out, 4);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "create");
	assert_string_equal(out[1], "chmod");
	assert_string_equal(out[2], "chown");
	/* No more than max are written. */
	assert_int_equal(suggest_nearest("c", words, NWORDS, out, 2), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_typos),
		cmocka_unit_test(test_no_guess),
		cmocka_unit_test(test_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
