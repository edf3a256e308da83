/*
 * test-json.c -- unit tests of the streamed JSON writer (src/json.c): the
 * layout (a member a line at the flat levels, one line below them), the
 * separators, the values, the escaping of strings, and the final newline.
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

#include "json.h"

/* A writer into memory; json_text() closes it and gives the text. */
struct capture {
	char *text;
	size_t len;
	FILE *fp;
	struct out_json j;
};

static struct out_json *
capture_open(struct capture *c, int flat)
{
	memset(c, 0, sizeof *c);
	c->fp = open_memstream(&c->text, &c->len);
	assert_non_null(c->fp);
	out_json_init(&c->j, c->fp, flat);
	return &c->j;
}

static void
capture_is(struct capture *c, const char *want)
{
	assert_int_equal(fclose(c->fp), 0);
	if (strcmp(c->text, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", c->text, want);
	free(c->text);
}

static void
test_flat_object(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 0);

	(void)state;
	out_json_object(j);
	out_json_key(j, "a");
	out_json_int(j, -1);
	out_json_key(j, "b");
	out_json_uint(j, UINTMAX_MAX);
	out_json_key(j, "c");
	out_json_bool(j, true);
	out_json_key(j, "d");
	out_json_null(j);
	out_json_key(j, "e");
	out_json_literal(j, "1.5");
	out_json_end(j);
	capture_is(&c, "{\"a\": -1, \"b\": 18446744073709551615, \"c\": true, "
	    "\"d\": null, \"e\": 1.5}\n");
}

static void
test_levels_a_line_each(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 2);

	(void)state;
	/* gc's shape: the outer object and its array a member a line. */
	out_json_object(j);
	out_json_key(j, "dry_run");
	out_json_bool(j, false);
	out_json_key(j, "gc");
	out_json_array(j);
	for (int i = 0; i < 2; i++) {
		out_json_object(j);
		out_json_key(j, "n");
		out_json_int(j, i);
		out_json_key(j, "pids");
		out_json_array(j);
		out_json_int(j, 7);
		out_json_int(j, 8);
		out_json_end(j);
		out_json_end(j);
	}
	out_json_end(j);
	out_json_end(j);
	capture_is(&c, "{\n"
	    "   \"dry_run\": false,\n"
	    "   \"gc\": [\n"
	    "      {\"n\": 0, \"pids\": [7, 8]},\n"
	    "      {\"n\": 1, \"pids\": [7, 8]}\n"
	    "   ]\n"
	    "}\n");
}

static void
test_empty_containers(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 2);

	(void)state;
	out_json_object(j);
	out_json_key(j, "gc");
	out_json_array(j);
	out_json_end(j);
	out_json_end(j);
	capture_is(&c, "{\n   \"gc\": []\n}\n");
}

static void
test_string_escapes(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 0);

	(void)state;
	out_json_array(j);
	out_json_string(j, "q\"b\\s");
	out_json_string(j, "a\nb\x1f");
	/* Bytes outside printable ASCII never go through raw. */
	out_json_string(j, "\x7f\xc3\xa9");
	out_json_end(j);
	capture_is(&c, "[\"q\\\"b\\\\s\", \"a\\u000ab\\u001f\", "
	    "\"\\u007f\\u00c3\\u00a9\"]\n");
}

static void
test_keys_escaped(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 0);

	(void)state;
	out_json_object(j);
	out_json_key(j, "a\"b");
	out_json_string(j, "");
	out_json_end(j);
	capture_is(&c, "{\"a\\\"b\": \"\"}\n");
}

static void
test_too_deep_stays_valid_until_closed(void **state)
{
	struct capture c;
	struct out_json *j = capture_open(&c, 0);

	(void)state;
	for (int i = 0; i < OUT_JSON_MAXDEPTH; i++)
		out_json_array(j);
	for (int i = 0; i < OUT_JSON_MAXDEPTH; i++)
		out_json_end(j);
	/* Closing what is not open writes nothing. */
	out_json_end(j);
	capture_is(&c, "[[[[[[[[]]]]]]]]\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_object),
		cmocka_unit_test(test_levels_a_line_each),
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_keys_escaped),
		cmocka_unit_test(test_too_deep_stays_valid_until_closed),
	};

	return cmocka_run_group_tests_name("test-json", tests, NULL, NULL);
}
