/*
 * fuzz-statfmt.c -- stat -c FORMAT and --printf FORMAT (statfmt.h)
 * against a reference written from coreutils' stat(1): the directives
 * without flags, width or precision, each value computed here from the
 * metadata; the escapes of --printf; everything else as itself, and a
 * newline after each object with -c only.  A directive with flags, a
 * width or a precision is only checked to be accepted when stat(1) has it
 * and to print without a fault (tests/e2e/stat.bats compares those with
 * coreutils itself).  The input: 64 bytes of metadata, then FORMAT NUL
 * NAME.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <time.h>

#include "escape.h"
#include "fuzz.h"
#include "statfmt.h"

#define CONVERSIONS "aAbBdDfFgGhinorRstTuUwWxXyYzZ"

struct text {
	char *p;
	size_t len, cap;
};

static void
text_bytes(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if ((t->p = realloc(t->p, t->cap)) == NULL)
			abort();
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void
text_add(struct text *t, const char *s)
{
	text_bytes(t, s, strlen(s));
}

static void
text_unum(struct text *t, uintmax_t v, const char *conv)
{
	char buf[40];

	if (strcmp(conv, "o") == 0)
		snprintf(buf, sizeof buf, "%jo", v);
	else if (strcmp(conv, "x") == 0)
		snprintf(buf, sizeof buf, "%jx", v);
	else
		snprintf(buf, sizeof buf, "%ju", v);
	text_add(t, buf);
}

static void
text_snum(struct text *t, intmax_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%jd", v);
	text_add(t, buf);
}

/* ls -l's permission string of a regular file. */
static void
ref_perms(mode_t m, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	out[0] = '-';
	for (int i = 0; i < 9; i++)
		out[1 + i] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & S_ISUID)
		out[3] = m & S_IXUSR ? 's' : 'S';
	if (m & S_ISGID)
		out[6] = m & S_IXGRP ? 's' : 'S';
	if (m & S_ISVTX)
		out[9] = m & S_IXOTH ? 't' : 'T';
	out[10] = '\0';
}

static void
ref_escaped(struct text *t, const char *s)
{
	size_t cap = OUT_ESCAPE_MAX(strlen(s));
	char *buf = malloc(cap);

	if (buf == NULL)
		abort();
	text_add(t, out_escape(s, buf, cap));
	free(buf);
}

/* stat(1)'s human-readable time. */
static void
ref_time(struct text *t, const struct timespec *ts)
{
	char buf[96], zone[16];
	struct tm tm;

	if (localtime_r(&ts->tv_sec, &tm) == NULL) {
		text_snum(t, ts->tv_sec);
		return;
	}
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	text_add(t, buf);
	snprintf(buf, sizeof buf, ".%09ld %s", (long)ts->tv_nsec, zone);
	text_add(t, buf);
}

static void
ref_names(struct text *t, char d, const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	struct passwd *pw;
	struct group *gr;
	char perms[12];

	switch (d) {
	case 'n':
		ref_escaped(t, r->name);
		break;
	case 'U':
		pw = getpwuid(st->uid);
		ref_escaped(t, pw != NULL ? pw->pw_name : "UNKNOWN");
		break;
	case 'G':
		gr = getgrgid(st->gid);
		ref_escaped(t, gr != NULL ? gr->gr_name : "UNKNOWN");
		break;
	case 'A':
		ref_perms(st->mode, perms);
		text_add(t, perms);
		break;
	case 'F':
		text_add(t, st->size == 0 ? "regular empty file" :
		    "regular file");
		break;
	}
}

static void
ref_times(struct text *t, char d, const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;

	switch (d) {
	case 'x': ref_time(t, &st->atim); break;
	case 'y': ref_time(t, &st->mtim); break;
	case 'z': ref_time(t, &st->ctim); break;
	case 'w':
		if (r->birth_known)
			ref_time(t, &r->birth);
		else
			text_add(t, "-");
		break;
	case 'X': text_snum(t, st->atim.tv_sec); break;
	case 'Y': text_snum(t, st->mtim.tv_sec); break;
	case 'Z': text_snum(t, st->ctim.tv_sec); break;
	case 'W': text_snum(t, r->birth_known ? r->birth.tv_sec : 0); break;
	}
}

/* A directive without flags, width or precision; mod is H, L or 0. */
static void
ref_directive(struct text *t, char mod, char d, const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	dev_t dev = d == 'd' ? st->dev : st->rdev;

	switch (d) {
	case 'd':
	case 'r':
		text_unum(t, mod == 'H' ? major(dev) : mod == 'L' ?
		    minor(dev) : dev, "u");
		break;
	case 'a': text_unum(t, st->mode & 07777, "o"); break;
	case 'b': text_snum(t, st->blocks); break;
	case 'B': text_add(t, "512"); break;
	case 'D': text_unum(t, st->dev, "x"); break;
	case 'R': text_unum(t, st->rdev, "x"); break;
	case 'f': text_unum(t, st->mode, "x"); break;
	case 'g': text_unum(t, st->gid, "u"); break;
	case 'u': text_unum(t, st->uid, "u"); break;
	case 'h': text_unum(t, st->nlink, "u"); break;
	case 'i': text_unum(t, st->ino, "u"); break;
	case 'o': text_unum(t, st->blksize > 0 ? (uintmax_t)st->blksize : 512,
	    "u"); break;
	case 's': text_snum(t, st->size); break;
	case 't': text_unum(t, major(st->rdev), "x"); break;
	case 'T': text_unum(t, minor(st->rdev), "x"); break;
	case '%': text_add(t, "%"); break;
	case 'n': case 'U': case 'G': case 'A': case 'F':
		ref_names(t, d, r);
		break;
	default:
		ref_times(t, d, r);
		break;
	}
}

/*
 * Skips a directive at p ('%'); its length, or 0 when stat(1) has none
 * such.  *plain says whether it has no flags, width or precision.
 */
static size_t
ref_skip_directive(const char *p, bool *plain, char *mod, char *conv)
{
	const char *q = p + 1;
	size_t n;

	q += strspn(q, "'-+ #0I");
	if ((n = strspn(q, "0123456789")) > 4)
		return 0;
	q += n;
	if (*q == '.') {
		if ((n = strspn(q + 1, "0123456789")) > 4)
			return 0;
		q += 1 + n;
	}
	*plain = q == p + 1;
	*mod = 0;
	if ((*q == 'H' || *q == 'L') && (q[1] == 'd' || q[1] == 'r'))
		*mod = *q++;
	if (*q == '%' && *plain) {
		*conv = '%';
		return 2;
	}
	if (*q == '\0' || strchr(CONVERSIONS, *q) == NULL)
		return 0;
	*conv = *q;
	return (size_t)(q + 1 - p);
}

/* --printf's escape at p: its byte and length, or 0 if unknown. */
static size_t
ref_escape(const char *p, char *byte)
{
	static const char *const named[] = { "a\a", "b\b", "e\033", "f\f",
	    "n\n", "r\r", "t\t", "v\v", "\"\"", "\\\\" };
	unsigned v = 0;
	size_t n = 1;

	if (p[1] >= '0' && p[1] <= '7') {
		for (; n <= 3 && p[n] >= '0' && p[n] <= '7'; n++)
			v = v * 8 + (unsigned)(p[n] - '0');
		*byte = (char)v;
		return n;
	}
	if (p[1] == 'x' && strchr("0123456789abcdefABCDEF", p[2]) != NULL &&
	    p[2] != '\0') {
		for (n = 2; n < 4 && p[n] != '\0' &&
		    strchr("0123456789abcdefABCDEF", p[n]) != NULL; n++)
			v = v * 16 + (unsigned)(p[n] <= '9' ? p[n] - '0' :
			    (p[n] | 0x20) - 'a' + 10);
		*byte = (char)v;
		return n;
	}
	for (size_t i = 0; p[1] != '\0' && i < 10; i++)
		if (named[i][0] == p[1]) {
			*byte = named[i][1];
			return 2;
		}
	return 0;
}

/*
 * The expected output, or false when the format must be refused; *exact
 * is cleared when a directive has flags, a width or a precision.
 */
static bool
ref_format(struct text *t, const char *fmt, bool escapes,
    const struct shm_row *r, bool *exact)
{
	*exact = true;
	for (const char *p = fmt; *p != '\0'; p++) {
		char mod, conv, byte;
		bool plain;
		size_t n;

		if (*p == '%') {
			if ((n = ref_skip_directive(p, &plain, &mod, &conv)) == 0)
				return false;
			if (plain)
				ref_directive(t, mod, conv, r);
			else
				*exact = false;
			p += n - 1;
		} else if (*p == '\\' && escapes) {
			if ((n = ref_escape(p, &byte)) == 0)
				return false;
			text_bytes(t, &byte, 1);
			p += n - 1;
		} else
			text_bytes(t, p, 1);
	}
	if (!escapes)
		text_add(t, "\n");
	return true;
}

static uint64_t
take(const uint8_t **d)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | *(*d)++;
	return v;
}

static void
fill_row(struct shm_row *row, const uint8_t **data, bool *escapes)
{
	uint64_t mode;

	row->st.size = (off_t)take(data);
	row->st.blocks = (blkcnt_t)(take(data) & 0x3fffffffffffffULL);
	mode = take(data);
	row->st.mode = S_IFREG | (mode_t)(mode & 07777);
	*escapes = mode & 0x10000;
	row->birth_known = mode & 0x20000;
	row->st.blksize = (blksize_t)(mode >> 32 & 0xffff);
	row->st.uid = (uid_t)take(data);
	row->st.gid = (gid_t)take(data);
	/* Inode numbers and link counts as Linux has them: below 2^63. */
	row->st.ino = (ino_t)(take(data) & INT64_MAX);
	row->st.nlink = (nlink_t)(take(data) & INT64_MAX);
	row->st.dev = (dev_t)(row->st.ino >> 7);
	row->st.rdev = (dev_t)(row->st.nlink >> 5);
	/* Times a year can be found for (localtime), half of them negative. */
	row->st.atim.tv_sec = (time_t)((int64_t)take(data) % 100000000000LL);
	row->st.atim.tv_nsec = (long)((uint64_t)row->st.atim.tv_sec %
	    1000000000);
	row->st.mtim = row->st.ctim = row->birth = row->st.atim;
	row->st.mtim.tv_sec ^= 1;
	row->st.ctim.tv_sec ^= 2;
	row->birth.tv_sec ^= 3;
	/* Uids and gids that exist, half of the time. */
	if (row->st.uid & 0x80000000)
		row->st.uid &= 0xff;
	if (row->st.gid & 0x80000000)
		row->st.gid &= 0xff;
}

/* What out_print_stat_format writes, in a buffer of the caller's. */
static void
print_format(const char *fmt, bool escapes, const struct shm_row *row,
    char **got, size_t *gotlen)
{
	FILE *mem, *saved = stdout;

	if ((mem = open_memstream(got, gotlen)) == NULL)
		abort();
	stdout = mem;
	out_print_stat_format(fmt, escapes, row);
	fclose(mem);
	stdout = saved;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shm_row row = { 0 };
	struct text want = { 0 };
	const char *why = NULL;
	bool escapes, valid, exact;
	char *fmt, *got = NULL;
	size_t gotlen = 0;
	int rc;

	if (size < 64 || size > 4096)
		return 0;
	fill_row(&row, &data, &escapes);
	size -= 64;
	fmt = fuzz_string(data, size);
	row.name = strlen(fmt) < size ? fmt + strlen(fmt) + 1 : (char *)"/x";

	valid = ref_format(&want, fmt, escapes, &row, &exact);
	rc = out_stat_format_check(fmt, escapes, &why);
	FUZZ_CHECK(valid == (rc == 0));
	if (rc != 0) {
		FUZZ_CHECK(why != NULL && *why != '\0');
	} else {
		print_format(fmt, escapes, &row, &got, &gotlen);
		if (exact) {
			FUZZ_CHECK(gotlen == want.len);
			FUZZ_CHECK(gotlen == 0 ||
			    memcmp(got, want.p, gotlen) == 0);
		}
		free(got);
	}
	free(want.p);
	free(fmt);
	return 0;
}
