/*
 * fuzz-statfmt.c -- stat -c FORMAT (statfmt.h) against a reference of
 * shmctl-stat(1): %n %s %b %a %A %u %U %g %G %i %h %X %Y %Z %%, the
 * escapes \n and \t (and \\), everything else as itself, a newline after
 * each object; any other directive, or a lone % at the end, is refused by
 * out_stat_format_check.  The input: 64 bytes of metadata, then
 * FORMAT NUL NAME.
 */
#include "config.h"

#include <sys/stat.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>

#include "escape.h"
#include "fuzz.h"
#include "statfmt.h"

#define DIRECTIVES "nsbaAuUgGihXYZ%"

struct text {
	char *p;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if ((t->p = realloc(t->p, t->cap)) == NULL)
			abort();
	}
	memcpy(t->p + t->len, s, n + 1);
	t->len += n;
}

static void
text_num(struct text *t, intmax_t v, bool unsig)
{
	char buf[32];

	if (unsig)
		snprintf(buf, sizeof buf, "%ju", (uintmax_t)v);
	else
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

static void
ref_directive(struct text *t, char d, const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	struct passwd *pw;
	struct group *gr;
	char buf[32];

	switch (d) {
	case 'n': ref_escaped(t, r->name); break;
	case 's': text_num(t, st->size, false); break;
	case 'b': text_num(t, (intmax_t)(st->blocks * 512), true); break;
	case 'a':
		snprintf(buf, sizeof buf, "%o", (unsigned)(st->mode & 07777));
		text_add(t, buf);
		break;
	case 'A': ref_perms(st->mode, buf); text_add(t, buf); break;
	case 'u': text_num(t, st->uid, true); break;
	case 'U':
		if ((pw = getpwuid(st->uid)) != NULL)
			ref_escaped(t, pw->pw_name);
		else
			text_num(t, st->uid, true);
		break;
	case 'g': text_num(t, st->gid, true); break;
	case 'G':
		if ((gr = getgrgid(st->gid)) != NULL)
			ref_escaped(t, gr->gr_name);
		else
			text_num(t, st->gid, true);
		break;
	case 'i': text_num(t, (intmax_t)st->ino, true); break;
	case 'h': text_num(t, (intmax_t)st->nlink, true); break;
	case 'X': text_num(t, st->atim.tv_sec, false); break;
	case 'Y': text_num(t, st->mtim.tv_sec, false); break;
	case 'Z': text_num(t, st->ctim.tv_sec, false); break;
	case '%': text_add(t, "%"); break;
	}
}

/* The expected output, or false when the format must be refused. */
static bool
ref_format(struct text *t, const char *fmt, const struct shm_row *r)
{
	for (const char *p = fmt; *p != '\0'; p++) {
		char lit[2] = { *p, '\0' };

		if (*p == '%') {
			if (p[1] == '\0' || strchr(DIRECTIVES, p[1]) == NULL)
				return false;
			ref_directive(t, *++p, r);
			continue;
		}
		if (*p == '\\' && p[1] != '\0' && strchr("nt\\", p[1])) {
			p++;
			lit[0] = *p == 'n' ? '\n' : *p == 't' ? '\t' : '\\';
		}
		text_add(t, lit);
	}
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shm_row row = { 0 };
	struct text want = { 0 };
	const char *bad = NULL;
	char *fmt, *got = NULL;
	size_t gotlen = 0;
	FILE *mem, *saved;
	bool valid;
	int rc, badlen;

	if (size < 64 || size > 4096)
		return 0;
	row.st.size = (off_t)take(&data);
	row.st.blocks = (blkcnt_t)(take(&data) & 0x3fffffffffffffULL);
	row.st.mode = S_IFREG | (mode_t)(take(&data) & 07777);
	row.st.uid = (uid_t)take(&data);
	row.st.gid = (gid_t)take(&data);
	/* Inode numbers and link counts as Linux has them: below 2^63. */
	row.st.ino = (ino_t)(take(&data) & INT64_MAX);
	row.st.nlink = (nlink_t)(take(&data) & INT64_MAX);
	row.st.atim.tv_sec = row.st.mtim.tv_sec = row.st.ctim.tv_sec =
	    (time_t)take(&data);
	row.st.mtim.tv_sec ^= 1;
	row.st.ctim.tv_sec ^= 2;
	/* Uids and gids that exist, half of the time. */
	if (row.st.uid & 0x80000000)
		row.st.uid &= 0xff;
	if (row.st.gid & 0x80000000)
		row.st.gid &= 0xff;
	size -= 64;
	fmt = fuzz_string(data, size);
	row.name = strlen(fmt) < size ? fmt + strlen(fmt) + 1 : (char *)"/x";

	valid = ref_format(&want, fmt, &row);
	rc = out_stat_format_check(fmt, &bad, &badlen);
	FUZZ_CHECK(valid == (rc == 0));
	if (rc != 0) {
		FUZZ_CHECK(bad != NULL && bad[0] == '%');
	} else {
		saved = stdout;
		if ((mem = open_memstream(&got, &gotlen)) == NULL)
			abort();
		stdout = mem;
		out_print_stat_format(fmt, &row);
		fclose(mem);
		stdout = saved;
		FUZZ_CHECK(gotlen == want.len);
		FUZZ_CHECK(memcmp(got, want.p, gotlen) == 0);
		free(got);
	}
	free(want.p);
	free(fmt);
	return 0;
}
