/*
 * test-origin.c -- unit tests of list's ORIGIN column (src/origin.c):
 * names made the way each program's source makes them are told apart,
 * particular patterns win over general ones, and names no program in the
 * table makes have no origin.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "origin.h"

struct example {
	const char *name;
	const char *program;	/* NULL: no origin */
};

static void
check_examples(const struct example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = origin_of(ex[i].name);

		if (ex[i].program == NULL && got != NULL)
			fail_msg("%s: origin %s, wanted none", ex[i].name, got);
		if (ex[i].program != NULL &&
		    (got == NULL || strcmp(got, ex[i].program) != 0))
			fail_msg("%s: origin %s, wanted %s", ex[i].name,
			    got != NULL ? got : "(none)", ex[i].program);
	}
}

/* Names as each program's own code builds them. */
static void
test_programs(void **state)
{
	static const struct example ex[] = {
		{ "/psm_1a2b3c4d", "python" },
		{ "/sem.mp-k3j2h1gf", "python" },
		{ "/sem.loky-4242-x7tq1e0z", "loky" },
		{ "/PostgreSQL.1804289383", "postgresql" },
		{ "/.org.chromium.Chromium.AbC123", "chromium" },
		{ "/.com.google.Chrome.xYz789", "chrome" },
		{ "/org.mozilla.ipc.4242.17", "firefox" },
		{ "/snap.firefox.org.mozilla.ipc.4242.3", "firefox" },
		{ "/pulse-shm-2864237513", "pulseaudio" },
		{ "/jack-shm-registry", "jack" },
		{ "/jack-1000-0", "jack" },
		{ "/sem.jack_sem.1000_default_system", "jack" },
		{ "/jack_sem.1000_default_system", "jack" },
		{ "/torch_4321_2887192342_0", "pytorch" },
		{ "/fastrtps_3c2a1b0e9f8d7c6b", "fast-dds" },
		{ "/fastrtps_port7411", "fast-dds" },
		{ "/sem.fastrtps_port7411_mutex", "fast-dds" },
		{ "/fastdds_port7413", "fast-dds" },
		{ "/sem.fastdds_port7413_mutex", "fast-dds" },
		{ "/sm_segment.node01.5e3a0001.0", "open-mpi" },
		{ "/vader_segment.node01.5e3a0001.3", "open-mpi" },
		{ "/nccl-Ab3dE9", "nccl" },
		{ "/sem.mylock", "glibc" },
	};

	(void)state;
	check_examples(ex, sizeof ex / sizeof ex[0]);
}

/* With or without the leading slash, as a NAME may be given. */
static void
test_slash(void **state)
{
	static const struct example ex[] = {
		{ "psm_1a2b3c4d", "python" },
		{ "PostgreSQL.7", "postgresql" },
		{ "sem.x", "glibc" },
	};

	(void)state;
	check_examples(ex, sizeof ex / sizeof ex[0]);
}

/* Look-alikes that none of those programs makes. */
static void
test_unknown(void **state)
{
	static const struct example ex[] = {
		{ "/app-ring", NULL },
		{ "/psm", NULL },
		{ "/.psm_1a2b", NULL },		/* a leading dot is not matched */
		{ "/postgresql.1", NULL },	/* the case counts */
		{ "/org.chromium.Chromium.AbC123", NULL },
		{ "/jack-audio", NULL },
		{ "/nccl-toolong1", NULL },
		{ "/nccl-abc", NULL },
		{ "/sem", NULL },
		{ "/semaphore", NULL },
		{ "/", NULL },
		{ "", NULL },
	};

	(void)state;
	check_examples(ex, sizeof ex / sizeof ex[0]);
}

/* Every entry is well formed and no earlier one hides it entirely. */
static void
test_table(void **state)
{
	const struct origin *t;
	size_t n;

	(void)state;
	t = origin_table(&n);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].pattern);
		assert_non_null(t[i].program);
		assert_true(t[i].pattern[0] != '\0' && t[i].pattern[0] != '/');
		assert_true(t[i].program[0] != '\0');
		assert_null(strchr(t[i].program, ' '));
		/* The pattern, taken as a name, reaches its own entry. */
		if (strpbrk(t[i].pattern, "[?") == NULL)
			assert_string_equal(origin_of(t[i].pattern),
			    t[i].program);
	}
	/* The catch-all for semaphores comes last of the "sem." ones. */
	assert_string_equal(t[n - 1].pattern, "sem.*");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_slash),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
