/*
 * test-statfmt.c -- unit tests of stat's output forms (src/statfmt.c):
 * -c FORMAT and --terse against coreutils stat(1) on the same file, the
 * readable block's values and times against stat(1) too, the escapes of
 * -c, and the refusal of unknown or unfinished directives.
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

/* coreutils stat -c FORMAT on path, with its newline. */
static char *
coreutils_stat(const char *fmt, const char *path)
{
	char cmd[256], *line = NULL;
	size_t cap = 0;
	FILE *p;

	snprintf(cmd, sizeof cmd, "stat -c '%s' '%s'", fmt, path);
	assert_non_null(p = popen(cmd, "r"));
	if (getline(&line, &cap, p) == -1)
		fail_msg("%s printed nothing", cmd);
	assert_int_equal(pclose(p), 0);
	return line;
}

static void
test_format_as_coreutils(void **state)
{
	static const char fmt[] = "%s|%a|%A|%u|%U|%g|%G|%i|%h|%X|%Y|%Z|%%";
	struct fixture *f = *state;
	char *got = printed(out_print_stat_format, fmt, &f->row);
	char *want = coreutils_stat(fmt, f->path);

	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
test_format_name_and_alloc(void **state)
{
	struct fixture *f = *state;
	char *got, *want, expect[128];
	unsigned long long blocks, unit;

	/* %b is the allocated bytes: stat(1)'s %b blocks of %B bytes. */
	want = coreutils_stat("%b %B", f->path);
	assert_int_equal(sscanf(want, "%llu %llu", &blocks, &unit), 2);
	snprintf(expect, sizeof expect, "/test-obj %llu\n", blocks * unit);
	got = printed(out_print_stat_format, "%n %b", &f->row);
	assert_string_equal(got, expect);
	free(got);
	free(want);
}

static void
test_format_escapes(void **state)
{
	struct fixture *f = *state;
	char *got = printed(out_print_stat_format, "a\\tb\\nc\\\\d\\q",
	    &f->row);

	/* \n, \t and \\ are interpreted; anything else stays as it is. */
	assert_string_equal(got, "a\tb\nc\\d\\q\n");
	free(got);
}

static void
test_format_name_escaped(void **state)
{
	struct fixture *f = *state;
	struct shm_row r = f->row;
	char *got;

	r.name = "/a\nb\x1b";
	got = printed(out_print_stat_format, "%n", &r);
	assert_string_equal(got, "/a\\nb\\033\n");
	free(got);
}

static void
check_refused(const char *fmt, const char *want)
{
	const char *bad = NULL;
	int badlen = -1;

	if (out_stat_format_check(fmt, &bad, &badlen) == 0)
		fail_msg("'%s' accepted", fmt);
	if (bad == NULL || badlen != (int)strlen(want) ||
	    strncmp(bad, want, (size_t)badlen) != 0)
		fail_msg("'%s': refused '%.*s', want '%s'", fmt, badlen,
		    bad != NULL ? bad : "", want);
}

static void
test_format_check(void **state)
{
	const char *bad;
	int badlen;

	(void)state;
	assert_int_equal(out_stat_format_check("", &bad, &badlen), 0);
	assert_int_equal(out_stat_format_check("%n %s %b %a %A %u %U %g %G "
	    "%i %h %X %Y %Z %% plain", &bad, &badlen), 0);
	check_refused("%s %q", "%q");
	check_refused("size %", "%");
	check_refused("%%%", "%");
	check_refused("%\xff", "%\xff");
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
		cmocka_unit_test(test_format_name_and_alloc),
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
