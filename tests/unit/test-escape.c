/*
 * test-escape.c -- unit tests of src/escape.c: names made printable for a
 * terminal (vis(3), C style) and for JSON (their own characters, controls
 * as \u escapes), the UTF-8 check that chooses between them, and hex.
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

#include "escape.h"
#include "strbuf.h"

static void
test_escape_plain(void **state)
{
	char buf[OUT_ESCAPE_MAX(16)];

	(void)state;
	assert_string_equal(out_escape("/foo bar", buf, sizeof buf),
	    "/foo bar");
	assert_string_equal(out_escape("", buf, sizeof buf), "");
}

static void
test_escape_vis(void **state)
{
	char buf[OUT_ESCAPE_MAX(32)];

	(void)state;
	assert_string_equal(out_escape("a\nb\tc", buf, sizeof buf),
	    "a\\nb\\tc");
	assert_string_equal(out_escape("\x1b[2J", buf, sizeof buf),
	    "\\033[2J");
	assert_string_equal(out_escape("a\\b", buf, sizeof buf), "a\\\\b");
	assert_string_equal(out_escape("\xc3\xa9\xff", buf, sizeof buf),
	    "\\303\\251\\377");
	assert_string_equal(out_escape("\x7f", buf, sizeof buf), "\\177");
}

static void
test_escape_buffer_too_small(void **state)
{
	char buf[8];

	(void)state;
	/* Never truncated into something else: "?" when it cannot fit. */
	assert_string_equal(out_escape("\n\n", buf, sizeof buf), "?");
	assert_string_equal(out_escape("abcdefgh", buf, sizeof buf), "?");
}

static void
test_escape_worst_case_fits(void **state)
{
	char in[65], buf[OUT_ESCAPE_MAX(64)];

	(void)state;
	memset(in, 0xff, 64);
	in[64] = '\0';
	out_escape(in, buf, sizeof buf);
	assert_int_equal(strlen(buf), 4 * 64);
}

static void
test_sb_escaped_appends(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	sb_puts(&sb, "x=");
	sb_escaped(&sb, "a\nb");
	assert_string_equal(sb_str(&sb), "x=a\\nb");
	sb_free(&sb);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(escape_is_utf8(""));
	assert_true(escape_is_utf8("/plain"));
	assert_true(escape_is_utf8("/\xc3\xa9"));		/* é */
	assert_true(escape_is_utf8("\xe5\x90\x8d"));	/* 名 */
	assert_true(escape_is_utf8("\xf0\x9f\x98\x80"));	/* U+1F600 */
	assert_true(escape_is_utf8("\xf4\x8f\xbf\xbf"));	/* U+10FFFF */
	assert_true(escape_is_utf8("\xc2\x9b"));		/* C1, still UTF-8 */
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	assert_false(escape_is_utf8("\xff"));
	assert_false(escape_is_utf8("\x80"));		/* lone continuation */
	assert_false(escape_is_utf8("\xc3"));		/* cut short */
	assert_false(escape_is_utf8("\xc3x"));
	assert_false(escape_is_utf8("\xc0\xaf"));		/* overlong '/' */
	assert_false(escape_is_utf8("\xe0\x80\xaf"));	/* overlong */
	assert_false(escape_is_utf8("\xf0\x80\x80\xaf"));	/* overlong */
	assert_false(escape_is_utf8("\xed\xa0\x80"));	/* surrogate */
	assert_false(escape_is_utf8("\xf4\x90\x80\x80"));	/* past U+10FFFF */
	assert_false(escape_is_utf8("\xf5\x80\x80\x80"));
}

static void
json_is(const char *in, const char *want)
{
	struct strbuf sb = { 0 };

	sb_json_string(&sb, in);
	if (strcmp(sb_str(&sb), want) != 0)
		fail_msg("sb_json_string: got %s, want %s", sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_json_string(void **state)
{
	(void)state;
	json_is("", "\"\"");
	json_is("/a b", "\"/a b\"");
	json_is("q\"b\\s", "\"q\\\"b\\\\s\"");
	json_is("/\xc3\xa9", "\"/\xc3\xa9\"");
	json_is("a\nb\tc", "\"a\\u000ab\\u0009c\"");
	json_is("\x1b[31m", "\"\\u001b[31m\"");
	json_is("\x7f", "\"\\u007f\"");
	json_is("\xc2\x9b" "2J", "\"\\u009b2J\"");
	json_is("\xc2\xa0", "\"\xc2\xa0\"");	/* U+00A0 is no control */
	/* Not UTF-8: the byte as U+00XX, so the text stays valid. */
	json_is("\xff", "\"\\u00ff\"");
}

static void
test_json_name(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	sb_json_name(&sb, "/\xc3\xa9\n");
	assert_string_equal(sb_str(&sb), "\"/\xc3\xa9\\u000a\"");
	sb_reset(&sb);
	/* Not UTF-8: the vis(3) form, its backslashes quoted. */
	sb_json_name(&sb, "/a\xff\n");
	assert_string_equal(sb_str(&sb), "\"/a\\\\377\\\\n\"");
	sb_free(&sb);
}

static void
test_hex(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	sb_hex(&sb, "/a\xff\n");
	assert_string_equal(sb_str(&sb), "2f61ff0a");
	sb_reset(&sb);
	sb_hex(&sb, "");
	assert_string_equal(sb_str(&sb), "");
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_plain),
		cmocka_unit_test(test_escape_vis),
		cmocka_unit_test(test_escape_buffer_too_small),
		cmocka_unit_test(test_escape_worst_case_fits),
		cmocka_unit_test(test_sb_escaped_appends),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_name),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests_name("test-escape", tests, NULL, NULL);
}
