/*
 * test-prom.c -- unit tests of the Prometheus text writer (src/prom.c):
 * HELP and TYPE before each family, a family's samples together whatever
 * the order they were added in, label values escaped as the exposition
 * format says and made valid UTF-8, values as integers and floats.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prom.h"

/* What prom_write writes for p. */
static char *
prom_text(const struct prom *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	assert_int_equal(prom_write(p, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return text;
}

static void
text_is(char *text, const char *want)
{
	if (strcmp(text, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", text, want);
	free(text);
}

/* The escaped form of a label value. */
static void
escaped_is(const char *value, const char *want)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	prom_escape_label(fp, value);
	assert_int_equal(fclose(fp), 0);
	text_is(text, want);
}

static void
test_families_grouped(void **state)
{
	struct prom *p = prom_new();
	struct prom_label a = { "dir", "/a" }, b = { "dir", "/b" };
	size_t x, y;

	(void)state;
	x = prom_gauge(p, "t_x_bytes", "X, in bytes.");
	y = prom_gauge(p, "t_y", "Y.");
	/* Added interleaved, written family by family. */
	prom_add_uint(p, x, &a, 1, 1);
	prom_add_uint(p, y, &a, 1, 2);
	prom_add_uint(p, x, &b, 1, UINTMAX_MAX);
	prom_add_uint(p, y, &b, 1, 0);
	text_is(prom_text(p),
	    "# HELP t_x_bytes X, in bytes.\n"
	    "# TYPE t_x_bytes gauge\n"
	    "t_x_bytes{dir=\"/a\"} 1\n"
	    "t_x_bytes{dir=\"/b\"} 18446744073709551615\n"
	    "# HELP t_y Y.\n"
	    "# TYPE t_y gauge\n"
	    "t_y{dir=\"/a\"} 2\n"
	    "t_y{dir=\"/b\"} 0\n");
	prom_free(p);
}

static void
test_labels_and_floats(void **state)
{
	struct prom *p = prom_new();
	struct prom_label l[2] = { { "dir", "/dev/shm" }, { "owner", "root" } };
	size_t f, g;

	(void)state;
	f = prom_gauge(p, "t_objects", "Objects.");
	g = prom_gauge(p, "t_seconds", "A back\\slash\nand a newline.");
	prom_gauge(p, "t_empty", "No samples.");
	prom_add_uint(p, f, l, 2, 7);
	prom_add_double(p, g, NULL, 0, 0.25);
	text_is(prom_text(p),
	    "# HELP t_objects Objects.\n"
	    "# TYPE t_objects gauge\n"
	    "t_objects{dir=\"/dev/shm\",owner=\"root\"} 7\n"
	    "# HELP t_seconds A back\\\\slash\\nand a newline.\n"
	    "# TYPE t_seconds gauge\n"
	    "t_seconds 0.25\n"
	    "# HELP t_empty No samples.\n"
	    "# TYPE t_empty gauge\n");
	prom_free(p);
}

static void
test_label_values_copied(void **state)
{
	struct prom *p = prom_new();
	char value[] = "before";
	struct prom_label l = { "owner", value };
	size_t f;

	(void)state;
	f = prom_gauge(p, "t_n", "N.");
	prom_add_uint(p, f, &l, 1, 1);
	strcpy(value, "after!");
	text_is(prom_text(p), "# HELP t_n N.\n# TYPE t_n gauge\n"
	    "t_n{owner=\"before\"} 1\n");
	prom_free(p);
}

static void
test_escape(void **state)
{
	(void)state;
	escaped_is("plain", "plain");
	escaped_is("", "");
	escaped_is("a\\b", "a\\\\b");
	escaped_is("say \"hi\"", "say \\\"hi\\\"");
	escaped_is("two\nlines", "two\\nlines");
	/* Tabs and other controls are valid in a label value as they are. */
	escaped_is("a\tb", "a\tb");
	/* UTF-8 stays; bytes that are not part of it become U+FFFD. */
	escaped_is("caf\xc3\xa9", "caf\xc3\xa9");
	escaped_is("\xe2\x82\xac\xf0\x9f\x98\x80", "\xe2\x82\xac\xf0\x9f\x98\x80");
	escaped_is("a\xffz", "a\xef\xbf\xbdz");
	escaped_is("\xc3", "\xef\xbf\xbd");
	escaped_is("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");	/* overlong */
	escaped_is("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	escaped_is("\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_write_error(void **state)
{
	struct prom *p = prom_new();
	FILE *fp = fopen("/dev/full", "w");

	(void)state;
	if (fp == NULL)
		skip();
	prom_add_uint(p, prom_gauge(p, "t_n", "N."), NULL, 0, 1);
	setvbuf(fp, NULL, _IONBF, 0);
	assert_int_equal(prom_write(p, fp), -1);
	fclose(fp);
	prom_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families_grouped),
		cmocka_unit_test(test_labels_and_floats),
		cmocka_unit_test(test_label_values_copied),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
