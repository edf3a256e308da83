/*
 * test-plaintab.c -- plaintab writes what libsmartcols writes: random
 * tables of printable ASCII (empty cells, cells wider and narrower than
 * their headers and width hints, blanks, backslashes), left and right
 * aligned, with and without headers, printed by both into memory and
 * compared byte for byte; and the cells that are not plain.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libsmartcols.h>

#include "plaintab.h"

#define MAXCOLS	8
#define MAXROWS	40

/* The width hints of shmctl's columns, and a few more. */
static const double whints[] = { 0, 0.1, 0.2, 0.3, 1, 3, 4, 5, 10, 16, 2.5 };
static const char *const headers[] = { "NAME", "SIZE", "ALLOC", "MODE",
	"PERMS", "NLINK", "HOLDERS", "NAMESPACE", "X", "LONGER-HEADER" };

struct random_table {
	struct plaintab_column cols[MAXCOLS];
	size_t ncols, nrows;
	char cells[MAXCOLS * MAXROWS][40];
	bool noheadings;
};

static void
random_cell(char *cell, size_t size)
{
	static const char chars[] = "abcXYZ019 ./-_:,*?[]'\"$\\";
	size_t len;

	switch (random() % 4) {
	case 0:		/* empty */
		len = 0;
		break;
	case 1:		/* short */
		len = (size_t)(random() % 4);
		break;
	default:
		len = (size_t)(random() % (long)(size - 1));
		break;
	}
	for (size_t i = 0; i < len; i++)
		cell[i] = chars[random() % (long)(sizeof chars - 1)];
	cell[len] = '\0';
	/* libsmartcols escapes a backslash before an x: keep those out. */
	for (char *p = cell; (p = strstr(p, "\\x")) != NULL;)
		*p = '/';
}

static void
random_table(struct random_table *t)
{
	t->ncols = 1 + (size_t)(random() % MAXCOLS);
	t->nrows = (size_t)(random() % (MAXROWS + 1));
	t->noheadings = random() % 4 == 0;
	for (size_t c = 0; c < t->ncols; c++) {
		t->cols[c].header = headers[random() %
		    (long)(sizeof headers / sizeof headers[0])];
		t->cols[c].whint = whints[random() %
		    (long)(sizeof whints / sizeof whints[0])];
		t->cols[c].right = random() % 2 == 0;
	}
	for (size_t i = 0; i < t->ncols * t->nrows; i++)
		random_cell(t->cells[i], sizeof t->cells[i]);
}

static char *
print_scols(const struct random_table *t)
{
	struct libscols_table *tb = scols_new_table();
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	assert_non_null(tb);
	assert_non_null(fp);
	scols_table_set_stream(tb, fp);
	scols_table_set_termforce(tb, SCOLS_TERMFORCE_NEVER);
	scols_table_enable_noheadings(tb, t->noheadings);
	for (size_t c = 0; c < t->ncols; c++)
		assert_non_null(scols_table_new_column(tb, t->cols[c].header,
		    t->cols[c].whint, t->cols[c].right ? SCOLS_FL_RIGHT : 0));
	for (size_t r = 0; r < t->nrows; r++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		assert_non_null(ln);
		for (size_t c = 0; c < t->ncols; c++)
			assert_int_equal(scols_line_set_data(ln, c,
			    t->cells[r * t->ncols + c]), 0);
	}
	assert_int_equal(scols_print_table(tb), 0);
	scols_unref_table(tb);
	assert_int_equal(fclose(fp), 0);
	return out;
}

static char *
print_plaintab(const struct random_table *t)
{
	struct plaintab pt;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	assert_non_null(fp);
	plaintab_init(&pt, t->cols, t->ncols);
	for (size_t i = 0; i < t->ncols * t->nrows; i++) {
		sb_puts(plaintab_text(&pt), t->cells[i]);
		assert_true(plaintab_end_cell(&pt));
	}
	plaintab_print(&pt, fp, t->noheadings);
	plaintab_free(&pt);
	assert_int_equal(fclose(fp), 0);
	return out;
}

static void
test_random_tables(void **state)
{
	static struct random_table t;

	(void)state;
	srandom(20261202);
	for (int n = 0; n < 3000; n++) {
		char *want, *got;

		random_table(&t);
		want = print_scols(&t);
		got = print_plaintab(&t);
		if (strcmp(want, got) != 0)
			fail_msg("table %d (%zu columns, %zu rows): "
			    "libsmartcols:\n%s\nplaintab:\n%s", n, t.ncols,
			    t.nrows, want, got);
		free(want);
		free(got);
	}
}

static bool
plain(const char *cell)
{
	static const struct plaintab_column col = { "NAME", 0, false };
	struct plaintab pt;
	bool ok;

	plaintab_init(&pt, &col, 1);
	sb_puts(plaintab_text(&pt), "ok");
	ok = plaintab_end_cell(&pt);
	sb_puts(plaintab_text(&pt), cell);
	ok = ok && plaintab_end_cell(&pt);
	plaintab_free(&pt);
	return ok;
}

static void
test_not_plain(void **state)
{
	(void)state;
	assert_true(plain(""));
	assert_true(plain(" ~!/a\\b\\"));
	assert_false(plain("\xc3\xa9"));	/* UTF-8: wide or not */
	assert_false(plain("a\tb"));
	assert_false(plain("\x7f"));
	assert_false(plain("a\\x41"));		/* libsmartcols: a\x5cx41 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_not_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
