/*
 * test-statfmt.c -- unit tests of stat's output forms (src/statfmt.c):
 * -c FORMAT, --printf FORMAT and --terse against coreutils stat(1) on the
 * same file, the readable block's values and times against stat(1) too,
 * and the refusal of directives and escapes stat(1) does not have.
 */
#include "config.h"

#include <sys/stat.h>
#include <inttypes.h>
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

#include "statfmt.h"

struct fixture {
	char path[64];
	struct shm_row row;
};

static int
setup(void **state)
{
	static struct fixture f;
	struct stat st;
	int fd;

	snprintf(f.path, sizeof f.path, "/tmp/test-statfmt-XXXXXX");
	if ((fd = mkstemp(f.path)) == -1)
		return -1;
	if (write(fd, "hello, world", 12) != 12 || fchmod(fd, 0640) != 0 ||
	    fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	f.row = (struct shm_row){ .name = "/test-obj", .type = SHM_TYPE_SHM };
	f.row.st = (struct pshm_stat){ .dev = st.st_dev, .ino = st.st_ino,
		.mode = st.st_mode, .nlink = st.st_nlink, .uid = st.st_uid,
		.gid = st.st_gid, .rdev = st.st_rdev, .size = st.st_size,
		.blksize = st.st_blksize, .blocks = st.st_blocks,
		.atim = st.st_atim, .mtim = st.st_mtim, .ctim = st.st_ctim };
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	return 0;
}

/* What fn prints on standard output, as a string to free. */
static char *
printed(void (*fn)(const char *, const struct shm_row *), const char *fmt,
    const struct shm_row *r)
{
	FILE *saved = stdout, *mem;
	char *text = NULL;
	size_t len = 0;

	mem = open_memstream(&text, &len);
	assert_non_null(mem);
	stdout = mem;
	fn(fmt, r);
	stdout = saved;
	assert_int_equal(fclose(mem), 0);
	return text;
}

/* stat -c FORMAT: no escapes, a newline after the object. */
static void
print_c(const char *fmt, const struct shm_row *r)
{
	out_print_stat_format(fmt, false, r);
}

/* stat --printf FORMAT: backslash escapes, no newline added. */
static void
print_printf(const char *fmt, const struct shm_row *r)
{
	out_print_stat_format(fmt, true, r);
}

static void
print_block(const char *fmt, const struct shm_row *r)
{
	(void)fmt;
	out_print_stat_block(r);
}

static void
print_terse(const char *fmt, const struct shm_row *r)
{
	(void)fmt;
	out_print_stat_terse(r);
}

/* coreutils stat OPT FORMAT on path, all it prints. */
static char *
coreutils(const char *opt, const char *fmt, const char *path)
{
	char cmd[256], *text = NULL;
	size_t cap = 0, len = 0;
	FILE *p;
	ssize_t n;

	snprintf(cmd, sizeof cmd, "stat %s '%s' '%s'", opt, fmt, path);
	assert_non_null(p = popen(cmd, "r"));
	while ((n = getdelim(&text, &cap, '\0', p)) > 0)
		len += (size_t)n;
	if (len == 0)
		fail_msg("%s printed nothing", cmd);
	assert_int_equal(pclose(p), 0);
	return text;
}

static char *
coreutils_stat(const char *fmt, const char *path)
{
	return coreutils("-c", fmt, path);
}

static void
test_format_as_coreutils(void **state)
{
	static const char fmt[] =
	    "%s|%b|%B|%a|%A|%u|%U|%g|%G|%i|%h|%X|%Y|%Z|%f|%F|%%";
	struct fixture *f = *state;
	char *got = printed(print_c, fmt, &f->row);
	char *want = coreutils_stat(fmt, f->path);

	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
test_format_flags_as_coreutils(void **state)
{
	static const char fmt[] = "%10s|%-8a|%08x|%.3Y|%#a|%+s";
	struct fixture *f = *state;
	char *got = printed(print_c, fmt, &f->row);
	char *want = coreutils_stat(fmt, f->path);

	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
test_format_name(void **state)
{
	struct fixture *f = *state;
	char *got, *want, expect[128];
	unsigned long long blocks;

	/* %b is stat(1)'s: blocks of %B (512) bytes, not bytes. */
	want = coreutils_stat("%b", f->path);
	assert_int_equal(sscanf(want, "%llu", &blocks), 1);
	snprintf(expect, sizeof expect, "/test-obj %llu\n", blocks);
	got = printed(print_c, "%n %b", &f->row);
	assert_string_equal(got, expect);
	free(got);
	free(want);
}

static void
test_format_escapes(void **state)
{
	static const char fmt[] = "a\\tb\\nc\\\\d\\101\\x42";
	struct fixture *f = *state;
	char *got, *want;

	/* -c interprets no escape, as stat(1) -c. */
	got = printed(print_c, fmt, &f->row);
	want = coreutils("-c", fmt, f->path);
	assert_string_equal(got, want);
	assert_string_equal(got, "a\\tb\\nc\\\\d\\101\\x42\n");
	free(got);
	free(want);
	/* --printf interprets them, and adds no newline. */
	got = printed(print_printf, fmt, &f->row);
	want = coreutils("--printf", fmt, f->path);
	assert_string_equal(got, want);
	assert_string_equal(got, "a\tb\nc\\dAB");
	free(got);
	free(want);
}

static void
test_format_name_escaped(void **state)
{
	struct fixture *f = *state;
	struct shm_row r = f->row;
	char *got;

	r.name = "/a\nb\x1b";
	got = printed(print_c, "%n", &r);
	assert_string_equal(got, "/a\\nb\\033\n");
	free(got);
}

static void
check_refused(const char *fmt, bool escapes, const char *quoted)
{
	const char *why = NULL;

	if (out_stat_format_check(fmt, escapes, &why) == 0)
		fail_msg("'%s' accepted", fmt);
	if (why == NULL || strstr(why, quoted) == NULL)
		fail_msg("'%s': refused with '%s', want it to quote '%s'", fmt,
		    why != NULL ? why : "(null)", quoted);
}

static void
test_format_check(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(out_stat_format_check("", false, &why), 0);
	assert_int_equal(out_stat_format_check("%n %s %b %a %A %u %U %g %G "
	    "%i %h %X %Y %Z %% plain", false, &why), 0);
	/* A backslash is no escape with -c. */
	assert_int_equal(out_stat_format_check("\\q\\", false, &why), 0);
	check_refused("%s %q", false, "'%q'");
	check_refused("size %", false, "'%'");
	check_refused("%%%", false, "'%'");
	check_refused("%5%", false, "'%5%'");
	check_refused("%99999s", false, "'%99999s'");
	check_refused("a\\q", true, "'q'");
	check_refused("a\\", true, "backslash");
}

static void
test_terse_as_coreutils(void **state)
{
	struct fixture *f = *state;
	char *got = printed(print_terse, NULL, &f->row);
	char *ref = coreutils_stat("%d %i 0x%f %h %u %g %r %s %o %b", f->path);
	uintmax_t v[10];
	char want[256];
	size_t n = 0;
	char *p = ref;

	/* The ten integers of fstat, all decimal: st_mode too. */
	for (int i = 0; i < 10; i++)
		v[i] = strtoumax(p, &p, 0);
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%s%ju",
		    i > 0 ? " " : "", v[i]);
	snprintf(want + n, sizeof want - n, "\n");
	assert_string_equal(got, want);
	free(got);
	free(ref);
}

/* The value after "LABEL: " in the block, up to the end of its line. */
static char *
block_field(const char *block, const char *label)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof key, "%s: ", label);
	if ((p = strstr(block, key)) == NULL)
		fail_msg("no %s line in:\n%s", label, block);
	p += strlen(key);
	return strndup(p, strcspn(p, "\n"));
}

static void
field_is(const char *block, const char *label, const char *fmt,
    const char *path)
{
	char *got = block_field(block, label), *want = coreutils_stat(fmt,
	    path);

	want[strcspn(want, "\n")] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', stat -c '%s' says '%s'", label, got,
		    fmt, want);
	free(got);
	free(want);
}

static void
test_block_as_coreutils(void **state)
{
	struct fixture *f = *state;
	char *block = printed(print_block, NULL, &f->row);

	field_is(block, "Name", "/test-obj", f->path);
	field_is(block, "Size", "%s", f->path);
	field_is(block, "Mode", "0%a (%A)", f->path);
	field_is(block, "Owner", "%U (%u)", f->path);
	field_is(block, "Group", "%G (%g)", f->path);
	field_is(block, "Inode", "%i", f->path);
	field_is(block, "Links", "%h", f->path);
	field_is(block, "Access", "%x", f->path);
	field_is(block, "Modify", "%y", f->path);
	field_is(block, "Change", "%z", f->path);
	assert_null(strstr(block, "Holders"));
	free(block);
}

static void
test_block_holders(void **state)
{
	static const struct shm_holder list[] = {
		{ 12, SHM_HOLD_FD, "sleep" },
		{ 34, SHM_HOLD_FD | SHM_HOLD_MAP, "a\nb" },
		{ 56, SHM_HOLD_MAP, NULL },
	};
	const struct shm_holders h = { true, false, 3, list };
	struct fixture *f = *state;
	struct shm_row r = f->row;
	char *block;

	r.holders = &h;
	block = printed(print_block, NULL, &r);
	assert_non_null(strstr(block, "  Holders: 3+ (some processes could "
	    "not be inspected)\n"));
	assert_non_null(strstr(block, "\n           12 sleep: descriptor\n"));
	assert_non_null(strstr(block,
	    "\n           34 a\\nb: descriptor, mapping\n"));
	assert_non_null(strstr(block, "\n           56 ?: mapping\n"));
	free(block);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_as_coreutils),
		cmocka_unit_test(test_format_flags_as_coreutils),
		cmocka_unit_test(test_format_name),
		cmocka_unit_test(test_format_escapes),
		cmocka_unit_test(test_format_name_escaped),
		cmocka_unit_test(test_format_check),
		cmocka_unit_test(test_terse_as_coreutils),
		cmocka_unit_test(test_block_as_coreutils),
		cmocka_unit_test(test_block_holders),
	};

	setenv("TZ", "Asia/Kolkata", 1);	/* a half-hour offset */
	return cmocka_run_group_tests_name("test-statfmt", tests, setup,
	    teardown);
}
