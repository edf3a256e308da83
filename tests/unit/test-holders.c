/*
 * test-holders.c -- unit tests of the holder scan's pure parts
 * (src/holders.c): the hash of wanted objects, and the texts that
 * describe holders and the processes that could not be inspected.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "holders.h"

static struct pshm_stat
object(unsigned maj, unsigned min, ino_t ino)
{
	struct pshm_stat st;

	memset(&st, 0, sizeof st);
	st.dev = makedev(maj, min);
	st.ino = ino;
	st.mode = S_IFREG | 0600;
	return st;
}

static void
test_want_same_index(void **state)
{
	struct holders *h = holders_new();
	struct pshm_stat a = object(0, 26, 100), b = object(0, 26, 101);
	struct pshm_stat a_other_dev = object(0, 27, 100);

	(void)state;
	assert_int_equal(holders_want(h, &a), 0);
	assert_int_equal(holders_want(h, &b), 1);
	assert_int_equal(holders_want(h, &a), 0);
	/* The same inode on another device is another object. */
	assert_int_equal(holders_want(h, &a_other_dev), 2);
	holders_free(h);
}

static void
test_want_many(void **state)
{
	struct holders *h = holders_new();
	struct pshm_stat st;

	(void)state;
	/* Past several rehashes, every object keeps its index. */
	for (ino_t i = 0; i < 5000; i++) {
		st = object(0, 26, i * 4096 + 7);
		assert_int_equal(holders_want(h, &st), i);
	}
	for (ino_t i = 0; i < 5000; i++) {
		st = object(0, 26, i * 4096 + 7);
		assert_int_equal(holders_want(h, &st), i);
	}
	holders_free(h);
}

static void
test_unscanned(void **state)
{
	struct holders *h = holders_new();
	struct pshm_stat st = object(0, 26, 5);
	const struct shm_holders *hs;

	(void)state;
	hs = holders_of(h, holders_want(h, &st));
	/* Before the scan: nothing checked, nothing found. */
	assert_false(hs->checked);
	assert_int_equal(hs->count, 0);
	assert_false(holders_of(h, 99)->checked);
	holders_free(h);
}

static void
test_how(void **state)
{
	(void)state;
	assert_string_equal(holders_how(SHM_HOLD_FD), "descriptor");
	assert_string_equal(holders_how(SHM_HOLD_MAP), "mapping");
	assert_string_equal(holders_how(SHM_HOLD_FD | SHM_HOLD_MAP),
	    "descriptor, mapping");
	assert_string_equal(holders_how(0), "?");
}

static void
test_describe(void **state)
{
	const struct shm_holder list[] = {
		{ 812, SHM_HOLD_FD, "sleep" },
		{ 907, SHM_HOLD_MAP, "app" },
		{ 1000, SHM_HOLD_FD | SHM_HOLD_MAP, NULL },
	};
	struct shm_holders hs = { true, true, 2, list };
	char buf[512];

	(void)state;
	assert_string_equal(holders_describe(&hs, buf, sizeof buf),
	    "2 processes: 812 (sleep, descriptor), 907 (app, mapping)");
	hs.count = 1;
	hs.complete = false;
	assert_string_equal(holders_describe(&hs, buf, sizeof buf),
	    "at least 1 process: 812 (sleep, descriptor)");
	hs.count = 3;
	hs.complete = true;
	assert_string_equal(holders_describe(&hs, buf, sizeof buf),
	    "3 processes: 812 (sleep, descriptor), 907 (app, mapping), "
	    "1000 (?, descriptor, mapping)");
	/* Cut short, and said so. */
	assert_string_equal(holders_describe(&hs, buf, 50),
	    "3 processes: 812 (sleep, descriptor), ...");
	assert_true(strlen(holders_describe(&hs, buf, 8)) < 8);
}

static void
test_describe_escapes(void **state)
{
	const struct shm_holder list[] = {
		{ 5, SHM_HOLD_FD, "evil\n\033[2J" },
	};
	struct shm_holders hs = { true, true, 1, list };
	char buf[256];

	(void)state;
	holders_describe(&hs, buf, sizeof buf);
	/* No control byte reaches a message. */
	for (const char *s = buf; *s != '\0'; s++)
		assert_true((unsigned char)*s >= 0x20 && *s != 0x7f);
	assert_non_null(strstr(buf, "evil\\n"));
}

static void
test_describe_blind(void **state)
{
	struct holders_blind b = { 0 };
	char buf[256];

	(void)state;
	b.noproc = true;
	assert_string_equal(holders_describe_blind(&b, buf, sizeof buf),
	    "/proc could not be read");
	b.noproc = false;
	b.nprocs = 5;
	b.nsample = 3;
	b.sample[0] = 1;
	b.sample[1] = 412;
	b.sample[2] = 733;
	assert_string_equal(holders_describe_blind(&b, buf, sizeof buf),
	    "5 processes could not be inspected (pid 1, 412, 733, ...)");
	b.nprocs = 1;
	b.nsample = 1;
	assert_string_equal(holders_describe_blind(&b, buf, sizeof buf),
	    "1 process could not be inspected (pid 1)");
	b.hidden = true;
	b.nprocs = 0;
	b.nsample = 0;
	assert_string_equal(holders_describe_blind(&b, buf, sizeof buf),
	    "/proc does not show every process (hidepid, or another pid "
	    "namespace)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_want_same_index),
		cmocka_unit_test(test_want_many),
		cmocka_unit_test(test_unscanned),
		cmocka_unit_test(test_how),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_describe_escapes),
		cmocka_unit_test(test_describe_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
