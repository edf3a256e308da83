/*
 * test-parse.c -- unit tests of the command-line value parsers
 * (src/parse.c, src/parse-number.c): valid, boundary and invalid values
 * of each.
 *
 * A refusal must come with a short one-line reason that names the rule
 * broken (checked by a word it must contain), and must store nothing.
 */
#include "config.h"

#include <sys/stat.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "parse.h"

#define UNSET (-7)	/* what outputs hold before a parser runs */

/* A reason: present, one short line, and saying which rule (part). */
static void
check_why(const char *fn, const char *arg, const char *why, const char *part)
{
	if (why == NULL || *why == '\0')
		fail_msg("%s(\"%s\"): refused without a reason", fn, arg);
	if (strchr(why, '\n') != NULL || strlen(why) > 120)
		fail_msg("%s(\"%s\"): reason not one short line: %s", fn, arg,
		    why);
	if (part != NULL && strstr(why, part) == NULL)
		fail_msg("%s(\"%s\"): reason \"%s\" does not say \"%s\"", fn,
		    arg, why, part);
}

/* --- names ---------------------------------------------------------------- */

static void
name_ok(const char *arg, const char *dir, const char *want)
{
	char canon[NAME_MAX + 2];
	const char *why = NULL;

	if (parse_name(arg, dir, canon, sizeof canon, &why) != 0)
		fail_msg("parse_name(\"%s\", %s) refused: %s", arg,
		    dir ? dir : "NULL", why);
	if (strcmp(canon, want) != 0)
		fail_msg("parse_name(\"%s\", %s) = \"%s\", want \"%s\"", arg,
		    dir ? dir : "NULL", canon, want);
}

static void
name_bad(const char *arg, const char *dir, const char *part)
{
	char canon[NAME_MAX + 2] = "unset";
	const char *why = NULL;

	if (parse_name(arg, dir, canon, sizeof canon, &why) != -1)
		fail_msg("parse_name(\"%s\", %s) accepted: \"%s\"", arg,
		    dir ? dir : "NULL", canon);
	check_why("parse_name", arg, why, part);
	assert_string_equal(canon, "unset");
}

static void
test_name_forms(void **state)
{
	(void)state;
	name_ok("foo", NULL, "/foo");
	name_ok("/foo", NULL, "/foo");
	name_ok("foo", "/dev/shm", "/foo");
	name_ok("/foo", "/dev/shm", "/foo");
	name_ok("/dev/shm/foo", "/dev/shm", "/foo");
	name_ok("/dev/shm//foo", "/dev/shm", "/foo");
	/* Not under the namespace's directory: a '/' inside. */
	name_bad("/dev/shm/foo", NULL, "'/'");
	name_bad("/dev/shmfoo", "/dev/shm", "'/'");
	name_bad("dev/shm/foo", "/dev/shm", "'/'");
}

/* With --dir, that directory's path is the prefix, and only it. */
static void
test_name_dir_prefix(void **state)
{
	(void)state;
	name_ok("/tmp/x/foo", "/tmp/x", "/foo");
	name_ok("/tmp/x//foo", "/tmp/x", "/foo");
	name_ok("foo", "/tmp/x", "/foo");
	name_ok("/foo", "/tmp/x", "/foo");
	/* A directory given with a trailing slash is the same directory. */
	name_ok("/tmp/x/foo", "/tmp/x/", "/foo");
	name_ok("/tmp/x/foo", "/tmp/x//", "/foo");
	name_ok("shm/foo", "shm", "/foo");
	name_bad("/dev/shm/foo", "/tmp/x", "'/'");
	name_bad("/tmp/xy/foo", "/tmp/x", "'/'");
	name_bad("/tmp/x", "/tmp/x", "'/'");
	name_bad("/tmp/x/", "/tmp/x", "after '/'");
	name_bad("/tmp/x//", "/tmp/x", "after '/'");
	name_bad("/tmp/x/a/b", "/tmp/x", "'/'");
	name_bad("/tmp/x/..", "/tmp/x", "'.'");
	/* "/" is no prefix: every absolute name would be under it. */
	name_ok("/foo", "/", "/foo");
	name_bad("//foo", "/", "'/'");
	name_ok("/foo", "", "/foo");
}

static void
test_name_refused(void **state)
{
	(void)state;
	name_bad("", NULL, "empty");
	name_bad("", "/dev/shm", "empty");
	name_bad("/", NULL, "after '/'");
	name_bad("/dev/shm/", "/dev/shm", "after '/'");
	name_bad("a/b", NULL, "'/'");
	name_bad("/a/b", NULL, "'/'");
	name_bad("foo/", NULL, "'/'");
	name_bad("//foo", NULL, "'/'");
	name_bad(".", NULL, "'.'");
	name_bad("..", NULL, "'..'");
	name_bad("/.", NULL, "'.'");
	name_bad("/..", NULL, "'..'");
	name_bad("/dev/shm/..", "/dev/shm", "'..'");
	/* NULL is no name either. */
	name_bad(NULL, NULL, "empty");
}

/* Any other bytes are kept as they are. */
static void
test_name_bytes_kept(void **state)
{
	(void)state;
	name_ok("...", NULL, "/...");
	name_ok(".foo", NULL, "/.foo");
	name_ok("..foo", NULL, "/..foo");
	name_ok("-foo", NULL, "/-foo");
	name_ok("a b", NULL, "/a b");
	name_ok("new\nline", NULL, "/new\nline");
	name_ok("sem.x", NULL, "/sem.x");
	name_ok("\xc3\xa9t\xc3\xa9", NULL, "/\xc3\xa9t\xc3\xa9");
	name_ok("*", NULL, "/*");
}

static void
test_name_length(void **state)
{
	char arg[NAME_MAX + 8], want[NAME_MAX + 16], canon[8];
	const char *why;

	(void)state;
	/* 255 bytes, with or without the slash. */
	memset(arg, 'n', NAME_MAX);
	arg[NAME_MAX] = '\0';
	snprintf(want, sizeof want, "/%s", arg);
	name_ok(arg, NULL, want);
	name_ok(want, NULL, want);
	/* 256 bytes. */
	memset(arg, 'n', NAME_MAX + 1);
	arg[NAME_MAX + 1] = '\0';
	name_bad(arg, NULL, "255");
	snprintf(want, sizeof want, "/%s", arg);
	name_bad(want, NULL, "255");

	/* A buffer too small for the canonical name is never overrun. */
	memset(canon, 'u', sizeof canon);
	assert_int_equal(parse_name("foo", NULL, canon, 4, &why), -1);
	check_why("parse_name", "foo", why, "long");
	assert_int_equal(canon[0], 'u');
	assert_int_equal(parse_name("foo", NULL, canon, 0, &why), -1);
	assert_int_equal(parse_name("foo", NULL, canon, 5, &why), 0);
	assert_string_equal(canon, "/foo");
}

/* --- sizes ---------------------------------------------------------------- */

static void
size_ok(const char *arg, off_t want)
{
	const char *why = NULL;
	off_t got = UNSET;

	if (parse_size(arg, &got, &why) != 0)
		fail_msg("parse_size(\"%s\") refused: %s", arg, why);
	if (got != want)
		fail_msg("parse_size(\"%s\") = %jd, want %jd", arg,
		    (intmax_t)got, (intmax_t)want);
}

static void
size_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	off_t got = UNSET;

	if (parse_size(arg, &got, &why) != -1)
		fail_msg("parse_size(\"%s\") accepted: %jd", arg,
		    (intmax_t)got);
	check_why("parse_size", arg, why, part);
	assert_int_equal(got, UNSET);
}

static void
test_size_plain(void **state)
{
	(void)state;
	size_ok("0", 0);
	size_ok("1", 1);
	size_ok("4096", 4096);
	size_ok("007", 7);
	size_ok("0000000000000000000000000000001", 1);
	size_ok("9223372036854775807", INT64_MAX);
}

static void
test_size_suffixes(void **state)
{
	static const char units[] = "KMGTPE";
	char arg[16];

	(void)state;
	for (int i = 0; units[i] != '\0'; i++) {
		int64_t bin = 1, dec = 1;

		for (int k = 0; k <= i; k++) {
			bin *= 1024;
			dec *= 1000;
		}
		snprintf(arg, sizeof arg, "1%c", units[i]);
		size_ok(arg, bin);
		snprintf(arg, sizeof arg, "3%c", units[i]);
		size_ok(arg, 3 * bin);
		snprintf(arg, sizeof arg, "1%ciB", units[i]);
		size_ok(arg, bin);
		snprintf(arg, sizeof arg, "5%ciB", units[i]);
		size_ok(arg, 5 * bin);
		snprintf(arg, sizeof arg, "1%cB", units[i]);
		size_ok(arg, dec);
		snprintf(arg, sizeof arg, "7%cB", units[i]);
		size_ok(arg, 7 * dec);
		snprintf(arg, sizeof arg, "0%c", units[i]);
		size_ok(arg, 0);
	}
	/* Lowercase units, as truncate(1) takes k, m, g, t (and kiB, mB). */
	size_ok("1k", 1024);
	size_ok("1kB", 1000);
	size_ok("1kiB", 1024);
	size_ok("1m", 1 << 20);
	size_ok("1g", 1 << 30);
	size_ok("2t", (off_t)2 << 40);
	size_ok("3p", (off_t)3 << 50);
	size_ok("7e", (off_t)7 << 60);
	size_ok("5mB", 5000000);
	size_ok("4K", 4096);
	size_ok("1536K", 1536 * 1024);
}

/* 0x numbers, as hexdump -s takes them; their digits include B and E. */
static void
test_size_hex(void **state)
{
	(void)state;
	size_ok("0x10", 16);
	size_ok("0X10", 16);
	size_ok("0xff", 255);
	size_ok("0xFF", 255);
	size_ok("0x0", 0);
	size_ok("0x1e", 30);
	size_ok("0x1B", 27);
	size_ok("0x10k", 16384);
	size_ok("0x10KiB", 16384);
	size_ok("0x2MB", 2000000);
	size_ok("0x7fffffffffffffff", INT64_MAX);
	size_ok("0x000000000000000000000001", 1);
	size_bad("0x8000000000000000", "large");
	size_bad("0x10000000000000000", "large");
	size_ok("0x8E", 142);	/* E is a digit after 0x, not exbi */
	size_bad("0x", "expected");
	size_bad("0xg", "expected");
	size_bad("0x-1", "expected");
	size_bad("0x 1", "blank");
	size_bad("0x1.8", "whole");
	size_bad("0x10q", "suffix");
	size_bad("00x10", "suffix");
	size_bad("x10", "expected");
}

static void
test_size_boundaries(void **state)
{
	(void)state;
	size_ok("7E", (off_t)7 << 60);
	size_ok("7EiB", (off_t)7 << 60);
	size_ok("8388607T", (off_t)8388607 << 40);
	size_ok("9EB", (off_t)9000000000000000000);
	size_ok("9007199254740991K", (off_t)9007199254740991 * 1024);
	size_bad("8E", "large");
	size_bad("8EiB", "large");
	size_bad("10EB", "large");
	size_bad("8388608T", "large");
	size_bad("9007199254740992K", "large");
	size_bad("9223372036854775807K", "large");
	size_bad("9223372036854775808", "large");
	size_bad("18446744073709551615", "large");
	size_bad("18446744073709551616", "large");
	size_bad("99999999999999999999999999", "large");
}

static void
test_size_refused(void **state)
{
	(void)state;
	size_bad("", "empty");
	size_bad(NULL, "empty");
	size_bad("-1", "negative");
	size_bad("-0", "negative");
	size_bad("-1K", "negative");
	size_bad(" 1", "blank");
	size_bad("1 ", "blank");
	size_bad("\t1", "blank");
	size_bad("1\n", "blank");
	size_bad("1 K", "blank");
	size_bad("1.5K", "whole");
	size_bad("1.0", "whole");
	size_bad("1,5", "whole");
	size_bad("1x", "suffix");
	size_bad("1KiBx", "suffix");
	size_bad("1Ki", "suffix");
	size_bad("1KIB", "suffix");
	size_bad("1Kb", "suffix");
	size_bad("1kb", "suffix");
	size_bad("1Mib", "suffix");
	size_bad("1iB", "suffix");
	size_bad("1B", "suffix");
	size_bad("1b", "suffix");
	size_bad("1w", "suffix");
	size_bad("1KK", "suffix");
	size_bad("1e3", "suffix");
	size_bad("K", "expected");
	size_bad("KiB", "expected");
	size_bad("+1", "expected");
	size_bad("x", "expected");
}

/* Every refusal says what would have been taken. */
static void
test_size_messages(void **state)
{
	static const char *const bad[] = {
		"", "x", "-1", "1 ", "1.5K", "1Q", "0x", "1kb",
	};
	const char *why;
	off_t got;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		assert_int_equal(parse_size(bad[i], &got, &why), -1);
		assert_non_null(why);
		if (strstr(why, "expected a number of bytes with an optional "
		    "suffix K, M, G, ... (1k, 0x10, 2MiB)") == NULL)
			fail_msg("parse_size(\"%s\"): %s", bad[i], why);
	}
	assert_int_equal(parse_size("8E", &got, &why), -1);
	assert_string_equal(why, "too large: at most 9223372036854775807 "
	    "bytes (8EiB - 1)");
}

static void
size_rel_ok(const char *arg, off_t want, enum size_rel wantrel)
{
	enum size_rel rel = SIZE_SET;
	const char *why = NULL;
	off_t got = UNSET;

	if (parse_size_rel(arg, &got, &rel, &why) != 0)
		fail_msg("parse_size_rel(\"%s\") refused: %s", arg, why);
	if (got != want || rel != wantrel)
		fail_msg("parse_size_rel(\"%s\") = %d %jd, want %d %jd", arg,
		    (int)rel, (intmax_t)got, (int)wantrel, (intmax_t)want);
}

static void
size_rel_bad(const char *arg, const char *part)
{
	enum size_rel rel = SIZE_SET;
	const char *why = NULL;
	off_t got = UNSET;

	if (parse_size_rel(arg, &got, &rel, &why) != -1)
		fail_msg("parse_size_rel(\"%s\") accepted", arg);
	check_why("parse_size_rel", arg, why, part);
	assert_int_equal(got, UNSET);
}

static void
test_size_rel(void **state)
{
	(void)state;
	size_rel_ok("1K", 1024, SIZE_SET);
	size_rel_ok("0", 0, SIZE_SET);
	size_rel_ok("+1K", 1024, SIZE_GROW);
	size_rel_ok("+0", 0, SIZE_GROW);
	size_rel_ok("-1K", 1024, SIZE_SHRINK);
	size_rel_ok("-0", 0, SIZE_SHRINK);
	size_rel_ok("+9223372036854775807", INT64_MAX, SIZE_GROW);
	size_rel_ok("-7E", (off_t)7 << 60, SIZE_SHRINK);
	size_rel_ok("+0x10", 16, SIZE_GROW);
	size_rel_ok("-1m", 1 << 20, SIZE_SHRINK);
	size_rel_bad("++1", "expected");
	size_rel_bad("--1", NULL);
	size_rel_bad("+-1", NULL);
	size_rel_bad("-+1", NULL);
	size_rel_bad("+", "empty");
	size_rel_bad("-", "empty");
	size_rel_bad("", "empty");
	size_rel_bad(NULL, "empty");
	size_rel_bad("+ 1", "blank");
	size_rel_bad(" +1", "blank");
	size_rel_bad("+8E", "large");
	size_rel_bad("-1.5K", "whole");
	size_rel_bad("+1x", "suffix");
}

/* --- modes ---------------------------------------------------------------- */

static void
mode_ok(const char *arg, mode_t base, mode_t want)
{
	const char *why = NULL;
	mode_t got = 01234;

	if (parse_mode(arg, base, &got, &why) != 0)
		fail_msg("parse_mode(\"%s\") refused: %s", arg, why);
	if (got != want)
		fail_msg("parse_mode(\"%s\", %04o) = %04o, want %04o", arg,
		    (unsigned)base, (unsigned)got, (unsigned)want);
}

static void
mode_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	mode_t got = 01234;

	if (parse_mode(arg, 0, &got, &why) != -1)
		fail_msg("parse_mode(\"%s\") accepted: %04o", arg,
		    (unsigned)got);
	check_why("parse_mode", arg, why, part);
	assert_int_equal(got, 01234);
}

static void
test_mode_octal(void **state)
{
	(void)state;
	mode_ok("600", 0, 0600);
	mode_ok("0640", 0, 0640);
	mode_ok("07777", 0, 07777);
	mode_ok("7777", 0, 07777);
	mode_ok("0", 0, 0);
	mode_ok("000000600", 0, 0600);
	mode_ok("4755", 0, 04755);
	/* Octal is absolute: the base does not matter. */
	mode_ok("600", 0777, 0600);
	mode_ok("0", 07777, 0);
}

static void
test_mode_octal_refused(void **state)
{
	(void)state;
	mode_bad("10000", "07777");
	mode_bad("017777", "07777");
	mode_bad("77777777777777777777777", "07777");
	mode_bad("8", "octal");
	mode_bad("9", "octal");
	mode_bad("0648", "octal");
	mode_bad("6x", "octal");
	mode_bad("0x1ff", "octal");
	mode_bad("600 ", "blank");
	mode_bad(" 600", "blank");
	mode_bad("-600", NULL);
	mode_bad("+600", NULL);
}

static void
test_mode_symbolic(void **state)
{
	mode_t old = umask(077);

	(void)state;
	/* With a "who", the umask (077 here) changes nothing. */
	mode_ok("u=rw,g=r", 0, 0640);
	mode_ok("u=rw,g=r", 0777, 0647);
	mode_ok("go-w", 0666, 0644);
	mode_ok("go-w", 0, 0);
	mode_ok("a+r", 0, 0444);
	mode_ok("a+r", 0600, 0644);
	mode_ok("a+rwx", 0, 0777);
	mode_ok("a=", 0777, 0);
	mode_ok("u+x", 0600, 0700);
	mode_ok("ug=rw", 0, 0660);
	mode_ok("u=rwx,g=rx,o=rx", 0, 0755);
	mode_ok("u=r,u+w", 0, 0600);
	mode_ok("u=rw,go=", 0777, 0600);
	mode_ok("o-rwx", 0777, 0770);
	mode_ok("u+s", 0700, 04700);
	mode_ok("g+s", 0750, 02750);
	/* Only the permission bits come out. */
	mode_ok("u+r", S_IFREG | 0200, 0600);
	/* Without a "who", the bits set in the umask are left alone. */
	mode_ok("+r", 0, 0400);
	mode_ok("=rw", 0, 0600);
	mode_ok("=rw", 0777, 0600);
	mode_ok("-w", 0666, 0466);
	mode_ok("-x", 0777, 0677);
	/* X: x where some x is set (a regular file); -X removes it. */
	mode_ok("a+X", 0644, 0644);
	mode_ok("a+X", 0744, 0755);
	mode_ok("a-X", 0755, 0644);
	mode_ok("a-x,a+X", 0755, 0644);
	/* Copies of a class, and operators in a row. */
	mode_ok("g=u", 0700, 0770);
	mode_ok("o=g,g-w", 0670, 0657);
	mode_ok("u+x-w", 0600, 0500);
	/* ... and the umask is left as it was. */
	assert_int_equal(umask(077), 077);
	umask(old);
}

/*
 * chmod(1)'s rule, row by row under three umasks: a clause without a who
 * is masked, one with a who is exact (the values are chmod(1)'s own on a
 * regular file; tests/e2e/values.bats compares them live).
 */
static void
test_mode_symbolic_umask(void **state)
{
	static const struct {
		mode_t umask;
		const char *mode;
		mode_t base, want;
	} rows[] = {
		{ 022, "+w", 0, 0200 },
		{ 022, "+w", 0444, 0644 },
		{ 022, "=rw", 0777, 0644 },
		{ 022, "-x", 0777, 0666 },
		{ 022, "+x", 0600, 0711 },
		{ 022, "a+w", 0, 0222 },
		{ 022, "u=rw,go=r", 0, 0644 },
		{ 077, "+w", 0, 0200 },
		{ 077, "+r", 0600, 0600 },
		{ 077, "=rwx", 0, 0700 },
		{ 077, "-r", 0444, 0044 },
		{ 077, "g+r", 0600, 0640 },
		{ 002, "+w", 0, 0220 },
		{ 002, "=r", 0777, 0444 },
		{ 077, "=rw", 0777, 0600 },
		{ 077, "-w", 0666, 0466 },
		{ 002, "o+w", 0, 0002 },
		{ 000, "+w", 0, 0222 },
		{ 000, "=", 0777, 0 },
	};
	mode_t old = umask(022);

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		umask(rows[i].umask);
		mode_ok(rows[i].mode, rows[i].base, rows[i].want);
	}
	umask(old);
}

/* At creation a symbolic mode applies to the default 0600. */
static void
test_mode_new(void **state)
{
	mode_t old = umask(022);

	(void)state;
	mode_ok("g+r", MODE_NEW, 0640);
	mode_ok("g+w", MODE_NEW, 0620);
	mode_ok("o=r", MODE_NEW, 0604);
	mode_ok("u-w", MODE_NEW, 0400);
	mode_ok("+w", MODE_NEW, 0600);
	mode_ok("a+r", MODE_NEW, 0644);
	mode_ok("640", MODE_NEW, 0640);
	mode_ok("group-read", MODE_NEW, 0040);
	umask(old);
}

static void
test_mode_symbolic_refused(void **state)
{
	(void)state;
	mode_bad("u=rw,", NULL);
	mode_bad(",u=rw", NULL);
	mode_bad("u=rw,,g=r", NULL);
	mode_bad("u", NULL);
	mode_bad("x", NULL);
	mode_bad("u=z", NULL);
	mode_bad("q+r", NULL);
	mode_bad("u=rw g=r", "blank");
	mode_bad("u=rw\t", "blank");
	mode_bad("-1", NULL);
	mode_bad("rw-r--r--", NULL);
}

static const struct {
	const char *name, *alias;
	mode_t bits;
} keywords[] = {
	{ "user-read", "rusr", 0400 },
	{ "user-write", "wusr", 0200 },
	{ "user-exec", "xusr", 0100 },
	{ "user-all", "rwxu", 0700 },
	{ "group-read", "rgrp", 0040 },
	{ "group-write", "wgrp", 0020 },
	{ "group-exec", "xgrp", 0010 },
	{ "group-all", "rwxg", 0070 },
	{ "other-read", "roth", 0004 },
	{ "other-write", "woth", 0002 },
	{ "other-exec", "xoth", 0001 },
	{ "other-all", "rwxo", 0007 },
};

static void
test_mode_keywords(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		mode_ok(keywords[i].name, 0, keywords[i].bits);
		mode_ok(keywords[i].alias, 0, keywords[i].bits);
		/* Keywords are absolute: the base does not matter. */
		mode_ok(keywords[i].name, 07777, keywords[i].bits);
	}
}

static void
test_mode_keyword_lists(void **state)
{
	(void)state;
	mode_ok("user-read,user-write", 0, 0600);
	mode_ok("rusr,wusr,rgrp", 0, 0640);
	mode_ok("rusr,group-read", 0, 0440);
	mode_ok("user-all,group-read,other-read", 0, 0744);
	mode_ok("rusr,rusr", 0, 0400);
	mode_ok("user-read,user-all", 0, 0700);
	mode_ok("rwxu,rwxg,rwxo", 0, 0777);
	mode_ok("user-read,group-read,other-read", 0644, 0444);
}

static void
test_mode_keywords_refused(void **state)
{
	(void)state;
	mode_bad("user-read,", "empty item");
	mode_bad("user-read,,group-read", "empty item");
	mode_bad("user-read,bogus", "keyword");
	mode_bad("rusr,user-reed", "keyword");
	mode_bad("user-read,u+w", "keyword");
	mode_bad("user-read,600", "keyword");
	mode_bad("user-reed", NULL);
	mode_bad("USER-READ", NULL);
	mode_bad("user_read", NULL);
	mode_bad("user-read group-read", "blank");
	mode_bad(",user-read", NULL);
	mode_bad(",", NULL);
	mode_bad("", "empty");
	mode_bad(NULL, "empty");
}

/* --- owners --------------------------------------------------------------- */

static void
owner_ok(const char *arg, uid_t wantu, gid_t wantg)
{
	const char *why = NULL;
	uid_t u = 12345;
	gid_t g = 12345;

	if (parse_owner(arg, &u, &g, &why) != 0)
		fail_msg("parse_owner(\"%s\") refused: %s", arg, why);
	if (u != wantu || g != wantg)
		fail_msg("parse_owner(\"%s\") = %ld:%ld, want %ld:%ld", arg,
		    (long)u, (long)g, (long)wantu, (long)wantg);
}

static void
owner_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	uid_t u;
	gid_t g;

	if (parse_owner(arg, &u, &g, &why) != -1)
		fail_msg("parse_owner(\"%s\") accepted: %ld:%ld", arg,
		    (long)u, (long)g);
	check_why("parse_owner", arg, why, part);
}

#define NONE_U ((uid_t)-1)
#define NONE_G ((gid_t)-1)

static void
test_owner_names(void **state)
{
	struct passwd *pw;
	struct group *gr;

	(void)state;
	owner_ok("root", 0, NONE_G);
	owner_ok("root:root", 0, 0);
	owner_ok("root:", 0, 0);		/* root's login group */
	owner_ok(":root", NONE_U, 0);
	if ((pw = getpwnam("nobody")) != NULL) {
		uid_t uid = pw->pw_uid;
		gid_t gid = pw->pw_gid;

		owner_ok("nobody", uid, NONE_G);
		owner_ok("nobody:", uid, gid);
		owner_ok("nobody:root", uid, 0);
	}
	if ((gr = getgrnam("nogroup")) != NULL)
		owner_ok("root:nogroup", 0, gr->gr_gid);
}

static void
test_owner_ids(void **state)
{
	(void)state;
	owner_ok("0", 0, NONE_G);
	owner_ok("0:0", 0, 0);
	owner_ok("0:", 0, 0);		/* uid 0 is root, group 0 */
	owner_ok(":0", NONE_U, 0);
	/* Ids that no one has are still ids. */
	owner_ok("1234", 1234, NONE_G);
	owner_ok("1234:5678", 1234, 5678);
	owner_ok(":5678", NONE_U, 5678);
	owner_ok("root:5678", 0, 5678);
	owner_ok("5678:root", 5678, 0);
	owner_ok("4294967294", 4294967294u, NONE_G);
	owner_ok(":4294967294", NONE_U, 4294967294u);
}

static void
test_owner_refused(void **state)
{
	(void)state;
	owner_bad("", "empty");
	owner_bad(NULL, "empty");
	owner_bad(":", "neither");
	owner_bad("no-such-user-shmctl", "unknown user");
	owner_bad("no-such-user-shmctl:root", "unknown user");
	owner_bad("root:no-such-group-shmctl", "unknown group");
	owner_bad(":no-such-group-shmctl", "unknown group");
	owner_bad("a:b:c", "':'");
	owner_bad("root:root:root", "':'");
	owner_bad("::", "':'");
	/* (uid_t)-1 means "leave unchanged": not an id. */
	owner_bad("4294967295", "range");
	owner_bad(":4294967295", "range");
	owner_bad("4294967296", "range");
	owner_bad("99999999999", "range");
	owner_bad("-1", "unknown user");
	owner_bad(" root", "unknown user");
	owner_bad("root ", "unknown user");
	/* An id without an entry has no login group to take. */
	owner_bad("4294967294:", "login group");
}

/* --- durations ------------------------------------------------------------ */

static void
duration_ok(const char *arg, int64_t want)
{
	const char *why = NULL;
	int64_t got = UNSET;

	if (parse_duration(arg, &got, &why) != 0)
		fail_msg("parse_duration(\"%s\") refused: %s", arg, why);
	if (got != want)
		fail_msg("parse_duration(\"%s\") = %" PRId64 ", want %" PRId64,
		    arg, got, want);
}

static void
duration_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	int64_t got = UNSET;

	if (parse_duration(arg, &got, &why) != -1)
		fail_msg("parse_duration(\"%s\") accepted: %" PRId64, arg, got);
	check_why("parse_duration", arg, why, part);
	assert_int_equal(got, UNSET);
}

static void
test_duration(void **state)
{
	(void)state;
	duration_ok("90", 90);
	duration_ok("90s", 90);
	duration_ok("15m", 900);
	duration_ok("2h", 7200);
	duration_ok("7d", 604800);
	duration_ok("0", 0);
	duration_ok("0d", 0);
	duration_ok("007m", 420);
	duration_ok("9223372036854775807", INT64_MAX);
	duration_ok("9223372036854775807s", INT64_MAX);
	duration_ok("106751991167300d", (int64_t)106751991167300 * 86400);
	duration_ok("153722867280912930m", (int64_t)153722867280912930 * 60);
	duration_ok("1w", 604800);
	duration_ok("2w", 1209600);
	duration_ok("1h30m", 5400);
	duration_ok("1d12h", 129600);
	duration_ok("1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	duration_ok("90m30s", 5430);
	duration_ok("0h0m", 0);
	duration_ok("15250284452471w", (int64_t)15250284452471 * 604800);
}

static void
test_duration_refused(void **state)
{
	(void)state;
	duration_bad("", "empty");
	duration_bad(NULL, "empty");
	duration_bad("-1", "negative");
	duration_bad("-1d", "negative");
	duration_bad("1x", "unit");
	duration_bad("1ss", "unit");
	duration_bad("1S", "unit");
	duration_bad("1H", "unit");
	duration_bad("1W", "unit");
	duration_bad("1 ", "unit");
	duration_bad("1.5h", "unit");
	duration_bad("1h30", "unit after each number");
	duration_bad("30m1h", "largest");
	duration_bad("1h1h", "largest");
	duration_bad("1h 30m", "unit");
	duration_bad("1h-30m", "number after each unit");
	duration_bad("1hm", "number after each unit");
	duration_bad(" 1", "expected");
	duration_bad("s", "expected");
	duration_bad("+1", "expected");
	duration_bad("15250284452472w", "large");
	duration_bad("9223372036854775807s1", "unit");
	duration_bad("1w9223372036854775807s", "large");
	duration_bad("9223372036854775808", "large");
	duration_bad("99999999999999999999", "large");
	duration_bad("106751991167301d", "large");
	duration_bad("153722867280912931m", "large");
}

/* --- descriptors, bytes, counts ------------------------------------------- */

static void
fd_ok(const char *arg, int want)
{
	const char *why = NULL;
	int got = UNSET;

	if (parse_fd(arg, &got, &why) != 0)
		fail_msg("parse_fd(\"%s\") refused: %s", arg, why);
	assert_int_equal(got, want);
}

static void
fd_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	int got = UNSET;

	if (parse_fd(arg, &got, &why) != -1)
		fail_msg("parse_fd(\"%s\") accepted: %d", arg, got);
	check_why("parse_fd", arg, why, part);
	assert_int_equal(got, UNSET);
}

static void
test_fd(void **state)
{
	(void)state;
	fd_ok("0", 0);
	fd_ok("3", 3);
	fd_ok("03", 3);
	fd_ok("2147483647", INT_MAX);
	fd_bad("-1", "negative");
	fd_bad("-0", "negative");
	fd_bad("2147483648", "large");
	fd_bad("99999999999999999999", "large");
	fd_bad("3x", "number");
	fd_bad("x3", "number");
	fd_bad("0x3", "number");
	fd_bad("+3", "number");
	fd_bad(" 3", "number");
	fd_bad("3 ", "number");
	fd_bad("", "empty");
	fd_bad(NULL, "empty");
}

static void
byte_ok(const char *arg, unsigned char want)
{
	const char *why = NULL;
	unsigned char got = 0x5a;

	if (parse_byte(arg, &got, &why) != 0)
		fail_msg("parse_byte(\"%s\") refused: %s", arg, why);
	assert_int_equal(got, want);
}

static void
byte_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	unsigned char got = 0x5a;

	if (parse_byte(arg, &got, &why) != -1)
		fail_msg("parse_byte(\"%s\") accepted: %u", arg, got);
	check_why("parse_byte", arg, why, part);
	assert_int_equal(got, 0x5a);
}

static void
test_byte(void **state)
{
	(void)state;
	byte_ok("0", 0);
	byte_ok("255", 255);
	byte_ok("65", 'A');
	byte_ok("00", 0);
	byte_ok("010", 10);		/* decimal, not octal */
	byte_ok("0xff", 0xff);
	byte_ok("0xFF", 0xff);
	byte_ok("0X7f", 0x7f);
	byte_ok("0x0", 0);
	byte_ok("0x00ff", 0xff);
	byte_ok("0xa", 10);
}

static void
test_byte_refused(void **state)
{
	(void)state;
	byte_bad("256", "0-255");
	byte_bad("1000", "0-255");
	byte_bad("99999999999999999999", "0-255");
	byte_bad("-1", "0-255");
	byte_bad("0x100", "0-255");
	byte_bad("0xfff", "0-255");
	byte_bad("0x", "number");
	byte_bad("0xg", "hexadecimal");
	byte_bad("0x1 ", "hexadecimal");
	byte_bad("abc", "number");
	byte_bad("1x", "number");
	byte_bad(" 1", "number");
	byte_bad("1 ", "number");
	byte_bad("", "empty");
	byte_bad(NULL, "empty");
}

static void
count_ok(const char *arg, unsigned want)
{
	const char *why = NULL;
	unsigned got = 77;

	if (parse_count(arg, &got, &why) != 0)
		fail_msg("parse_count(\"%s\") refused: %s", arg, why);
	assert_int_equal(got, want);
}

static void
count_bad(const char *arg, const char *part)
{
	const char *why = NULL;
	unsigned got = 77;

	if (parse_count(arg, &got, &why) != -1)
		fail_msg("parse_count(\"%s\") accepted: %u", arg, got);
	check_why("parse_count", arg, why, part);
	assert_int_equal(got, 77);
}

static void
test_count(void **state)
{
	(void)state;
	count_ok("1", 1);
	count_ok("100", 100);
	count_ok("2147483647", INT_MAX);
	count_bad("0", "small");
	count_bad("-1", "negative");
	count_bad("2147483648", "large");
	count_bad("4294967296", "large");
	count_bad("1x", "number");
	count_bad("1.0", "number");
	count_bad("", "empty");
	count_bad(NULL, "empty");
}

/* --- actions -------------------------------------------------------------- */

static void
test_if_exists(void **state)
{
	static const struct {
		const char *arg;
		enum pshm_if_exists v;
	} ok[] = {
		{ "error", PSHM_IFEX_ERROR },
		{ "overwrite", PSHM_IFEX_OVERWRITE },
		{ "truncate", PSHM_IFEX_TRUNCATE },
		{ "supersede", PSHM_IFEX_SUPERSEDE },
		{ "nil", PSHM_IFEX_NIL },
	};
	static const char *const bad[] = {
		"", "Error", "ERROR", "overwritee", "overwrit", "create",
		" nil", "nil ", "none", "default",
	};
	enum pshm_if_exists v;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		v = PSHM_IFEX_DEFAULT;
		assert_int_equal(parse_if_exists(ok[i].arg, &v, &why), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = PSHM_IFEX_DEFAULT;
		why = NULL;
		assert_int_equal(parse_if_exists(bad[i], &v, &why), -1);
		check_why("parse_if_exists", bad[i], why, "supersede");
		assert_int_equal(v, PSHM_IFEX_DEFAULT);
	}
	assert_int_equal(parse_if_exists(NULL, &v, &why), -1);
}

static void
test_if_does_not_exist(void **state)
{
	static const struct {
		const char *arg;
		enum pshm_if_does_not_exist v;
	} ok[] = {
		{ "error", PSHM_IFDNE_ERROR },
		{ "create", PSHM_IFDNE_CREATE },
		{ "nil", PSHM_IFDNE_NIL },
	};
	static const char *const bad[] = {
		"", "Create", "supersede", "truncate", "overwrite", "creat",
		"nil ",
	};
	enum pshm_if_does_not_exist v;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		v = PSHM_IFDNE_DEFAULT;
		assert_int_equal(parse_if_does_not_exist(ok[i].arg, &v, &why),
		    0);
		assert_int_equal(v, ok[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = PSHM_IFDNE_DEFAULT;
		why = NULL;
		assert_int_equal(parse_if_does_not_exist(bad[i], &v, &why), -1);
		check_why("parse_if_does_not_exist", bad[i], why, "create");
		assert_int_equal(v, PSHM_IFDNE_DEFAULT);
	}
	assert_int_equal(parse_if_does_not_exist(NULL, &v, &why), -1);
}

/* Callers that do not want the reason may pass NULL for it. */
static void
test_why_may_be_null(void **state)
{
	enum pshm_if_does_not_exist ifdne;
	enum pshm_if_exists ifex;
	char canon[NAME_MAX + 2];
	enum size_rel rel;
	unsigned char b;
	unsigned count;
	int64_t secs;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	off_t size;
	int fd;

	(void)state;
	assert_int_equal(parse_name("a/b", NULL, canon, sizeof canon, NULL),
	    -1);
	assert_int_equal(parse_size("1x", &size, NULL), -1);
	assert_int_equal(parse_size_rel("++1", &size, &rel, NULL), -1);
	assert_int_equal(parse_mode("user-read,", 0, &mode, NULL), -1);
	assert_int_equal(parse_mode("u=q", 0, &mode, NULL), -1);
	assert_int_equal(parse_owner("a:b:c", &uid, &gid, NULL), -1);
	assert_int_equal(parse_duration("1x", &secs, NULL), -1);
	assert_int_equal(parse_fd("-1", &fd, NULL), -1);
	assert_int_equal(parse_byte("abc", &b, NULL), -1);
	assert_int_equal(parse_byte("256", &b, NULL), -1);
	assert_int_equal(parse_count("0", &count, NULL), -1);
	assert_int_equal(parse_if_exists("x", &ifex, NULL), -1);
	assert_int_equal(parse_if_does_not_exist("x", &ifdne, NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_forms),
		cmocka_unit_test(test_name_dir_prefix),
		cmocka_unit_test(test_name_refused),
		cmocka_unit_test(test_name_bytes_kept),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_size_plain),
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_size_boundaries),
		cmocka_unit_test(test_size_refused),
		cmocka_unit_test(test_size_hex),
		cmocka_unit_test(test_size_messages),
		cmocka_unit_test(test_size_rel),
		cmocka_unit_test(test_mode_octal),
		cmocka_unit_test(test_mode_octal_refused),
		cmocka_unit_test(test_mode_symbolic),
		cmocka_unit_test(test_mode_symbolic_refused),
		cmocka_unit_test(test_mode_symbolic_umask),
		cmocka_unit_test(test_mode_new),
		cmocka_unit_test(test_mode_keywords),
		cmocka_unit_test(test_mode_keyword_lists),
		cmocka_unit_test(test_mode_keywords_refused),
		cmocka_unit_test(test_owner_names),
		cmocka_unit_test(test_owner_ids),
		cmocka_unit_test(test_owner_refused),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_duration_refused),
		cmocka_unit_test(test_fd),
		cmocka_unit_test(test_byte),
		cmocka_unit_test(test_byte_refused),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_if_exists),
		cmocka_unit_test(test_if_does_not_exist),
		cmocka_unit_test(test_why_may_be_null),
	};

	return cmocka_run_group_tests_name("test-parse", tests, NULL, NULL);
}
