/*
 * test-table.c -- unit tests of the pure parts of the column table
 * (src/column.c): column names, -o parsing (replace, +add, refusals),
 * sorting by each kind of column with ties by name, and human sizes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "table.h"

static void
test_lookup(void **state)
{
	(void)state;
	assert_int_equal(out_column_lookup("NAME"), OUT_COL_NAME);
	assert_int_equal(out_column_lookup("mtime"), OUT_COL_MTIME);
	assert_int_equal(out_column_lookup("Pids"), OUT_COL_PIDS);
	assert_int_equal(out_column_lookup("NAMES"), -1);
	assert_int_equal(out_column_lookup(""), -1);
	for (int c = 0; c < OUT_NCOLS; c++)
		assert_int_equal(out_column_lookup(out_column_name(c)), c);
}

static void
test_parse_replaces(void **state)
{
	struct out_columns cols = { { OUT_COL_TYPE }, 1 };
	const char *bad = NULL;
	int badlen = -1;

	(void)state;
	assert_int_equal(out_columns_parse("name,SIZE,name", &cols, &bad,
	    &badlen), 0);
	assert_int_equal(cols.n, 3);
	assert_int_equal(cols.v[0], OUT_COL_NAME);
	assert_int_equal(cols.v[1], OUT_COL_SIZE);
	assert_int_equal(cols.v[2], OUT_COL_NAME);
	assert_null(bad);
}

static void
test_parse_adds(void **state)
{
	struct out_columns cols = { { OUT_COL_NAME, OUT_COL_SIZE }, 2 };
	const char *bad;
	int badlen;

	(void)state;
	assert_int_equal(out_columns_parse("+holders,pids", &cols, &bad,
	    &badlen), 0);
	assert_int_equal(cols.n, 4);
	assert_int_equal(cols.v[0], OUT_COL_NAME);
	assert_int_equal(cols.v[2], OUT_COL_HOLDERS);
	assert_int_equal(cols.v[3], OUT_COL_PIDS);
	assert_true(out_columns_has(&cols, OUT_COL_PIDS));
	assert_false(out_columns_has(&cols, OUT_COL_TYPE));
}

static void
refused(const char *spec, const char *want_bad)
{
	struct out_columns cols = { { OUT_COL_NAME }, 1 };
	const char *bad = NULL;
	int badlen = -1;

	if (out_columns_parse(spec, &cols, &bad, &badlen) == 0)
		fail_msg("-o '%s' accepted", spec);
	if (bad == NULL || badlen != (int)strlen(want_bad) ||
	    strncmp(bad, want_bad, (size_t)badlen) != 0)
		fail_msg("-o '%s': bad column '%.*s', want '%s'", spec,
		    badlen, bad != NULL ? bad : "", want_bad);
	/* Nothing is stored on a refusal. */
	assert_int_equal(cols.n, 1);
	assert_int_equal(cols.v[0], OUT_COL_NAME);
}

static void
test_parse_refused(void **state)
{
	(void)state;
	refused("name,nope,size", "nope");
	refused("", "");
	refused("name,", "");
	refused("+", "");
	refused(",name", "");
	refused("name,,size", "");
	refused("AVERYLONGCOLUMNNAMETHATISNOTONEOFOURS",
	    "AVERYLONGCOLUMNNAMETHATISNOTONEOFOURS");
}

static void
test_parse_full(void **state)
{
	struct out_columns cols = { .n = 0 };
	char spec[OUT_MAXCOLS * 5 + 8];
	const char *bad;
	size_t n = 0;
	int badlen;

	(void)state;
	for (int i = 0; i < OUT_MAXCOLS; i++)
		n += (size_t)snprintf(spec + n, sizeof spec - n, "%sUID",
		    i > 0 ? "," : "");
	assert_int_equal(out_columns_parse(spec, &cols, &bad, &badlen), 0);
	assert_int_equal(cols.n, OUT_MAXCOLS);
	/* One more than the table holds is refused, naming it. */
	snprintf(spec + n, sizeof spec - n, ",GID");
	assert_int_equal(out_columns_parse(spec, &cols, &bad, &badlen), -1);
	assert_int_equal(badlen, 3);
	assert_memory_equal(bad, "GID", 3);
}

static struct shm_row
row(const char *name, off_t size, time_t mtime)
{
	struct shm_row r = { .name = (char *)name };

	r.st.size = size;
	r.st.blocks = size / 512;
	r.st.mtim.tv_sec = mtime;
	return r;
}

static void
names_are(const struct shm_row *rows, size_t n, const char *const *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].name, want[i]) != 0)
			fail_msg("row %zu is %s, want %s", i, rows[i].name,
			    want[i]);
}

static void
test_sort_by_name_bytes(void **state)
{
	struct shm_row rows[] = {
		row("/b", 0, 0), row("/B", 0, 0), row("/\xc3\xa9", 0, 0),
		row("/a", 0, 0), row("/a-", 0, 0),
	};
	static const char *const want[] = { "/B", "/a", "/a-", "/b",
		"/\xc3\xa9" };

	(void)state;
	out_sort_rows(rows, 5, OUT_COL_NAME);
	names_are(rows, 5, want);
}

static void
test_sort_by_number_ties_by_name(void **state)
{
	struct shm_row rows[] = {
		row("/c", 4096, 3), row("/a", 8192, 1), row("/b", 4096, 2),
		row("/d", 0, 4),
	};
	static const char *const by_size[] = { "/d", "/b", "/c", "/a" };
	static const char *const by_mtime[] = { "/a", "/b", "/c", "/d" };

	(void)state;
	out_sort_rows(rows, 4, OUT_COL_SIZE);
	names_are(rows, 4, by_size);
	out_sort_rows(rows, 4, OUT_COL_ALLOC);
	names_are(rows, 4, by_size);
	out_sort_rows(rows, 4, OUT_COL_MTIME);
	names_are(rows, 4, by_mtime);
}

static void
test_sort_by_holders(void **state)
{
	static const struct shm_holder two[] = { { 30, SHM_HOLD_FD, NULL },
		{ 40, SHM_HOLD_MAP, NULL } };
	static const struct shm_holder one[] = { { 20, SHM_HOLD_FD, NULL } };
	const struct shm_holders unknown = { .checked = false };
	const struct shm_holders none = { .checked = true, .complete = true };
	const struct shm_holders h1 = { true, true, 1, one };
	const struct shm_holders h2 = { true, false, 2, two };
	struct shm_row rows[] = {
		row("/two", 0, 0), row("/none", 0, 0), row("/one", 0, 0),
		row("/unknown", 0, 0), row("/notlooked", 0, 0),
	};
	/* Unknown (and not looked for) first, then by count. */
	static const char *const by_count[] = { "/notlooked", "/unknown",
		"/none", "/one", "/two" };
	/* By the first pid; none at all first. */
	static const char *const by_pid[] = { "/none", "/notlooked",
		"/unknown", "/one", "/two" };

	(void)state;
	rows[0].holders = &h2;
	rows[1].holders = &none;
	rows[2].holders = &h1;
	rows[3].holders = &unknown;
	out_sort_rows(rows, 5, OUT_COL_HOLDERS);
	names_are(rows, 5, by_count);
	out_sort_rows(rows, 5, OUT_COL_PIDS);
	names_are(rows, 5, by_pid);
}

static void
test_sort_nothing(void **state)
{
	(void)state;
	out_sort_rows(NULL, 0, OUT_COL_SIZE);
}

static void
test_human_size(void **state)
{
	char buf[OUT_HUMAN_SIZE_MAX];

	(void)state;
	assert_string_equal(out_human_size(0, buf, sizeof buf), "0B");
	assert_string_equal(out_human_size(512, buf, sizeof buf), "512B");
	assert_string_equal(out_human_size(1536, buf, sizeof buf), "1.5K");
	assert_string_equal(out_human_size(4096, buf, sizeof buf), "4.0K");
	assert_string_equal(out_human_size(1572864, buf, sizeof buf), "1.5M");
	assert_string_equal(out_human_size(64ULL << 20, buf, sizeof buf),
	    "64M");
	assert_string_equal(out_human_size(1ULL << 40, buf, sizeof buf),
	    "1.0T");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_parse_replaces),
		cmocka_unit_test(test_parse_adds),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_sort_by_name_bytes),
		cmocka_unit_test(test_sort_by_number_ties_by_name),
		cmocka_unit_test(test_sort_by_holders),
		cmocka_unit_test(test_sort_nothing),
		cmocka_unit_test(test_human_size),
	};

	return cmocka_run_group_tests_name("test-table", tests, NULL, NULL);
}
