/*
 * fuzz-mode.c -- parse_mode against shmctl(1) (Modes): octal up to
 * 07777; a comma-separated list of the original library's permission
 * keywords; or symbolic as in chmod(1), applied to a base mode.  The
 * symbolic reference covers clauses with an explicit who and r, w, x
 * permissions ("ug+rw,o-x", "a=r"); for the rest of chmod's grammar the
 * checks are that the result stays within 07777 and that blanks are
 * refused.
 */
#include "config.h"

#include <sys/stat.h>

#include "fuzz.h"
#include "parse.h"

static const struct {
	const char *name, *alias;
	mode_t bits;
} keywords[] = {
	{ "user-read", "rusr", 0400 }, { "user-write", "wusr", 0200 },
	{ "user-exec", "xusr", 0100 }, { "user-all", "rwxu", 0700 },
	{ "group-read", "rgrp", 040 }, { "group-write", "wgrp", 020 },
	{ "group-exec", "xgrp", 010 }, { "group-all", "rwxg", 070 },
	{ "other-read", "roth", 04 }, { "other-write", "woth", 02 },
	{ "other-exec", "xoth", 01 }, { "other-all", "rwxo", 07 },
};

enum verdict { REFUSED, ACCEPTED, UNKNOWN };

static long
keyword_bits(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if ((strlen(keywords[i].name) == n &&
		    strncmp(p, keywords[i].name, n) == 0) ||
		    (strlen(keywords[i].alias) == n &&
		    strncmp(p, keywords[i].alias, n) == 0))
			return keywords[i].bits;
	return -1;
}

static enum verdict
ref_octal(const char *arg, mode_t *out)
{
	unsigned long v = 0;

	for (const char *p = arg; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return REFUSED;
		v = v * 8 + (unsigned long)(*p - '0');
		if (v > 07777)
			return REFUSED;
	}
	*out = (mode_t)v;
	return ACCEPTED;
}

/*
 * Keyword lists: ACCEPTED, REFUSED when the list starts with a keyword but
 * breaks later, UNKNOWN when it is not a keyword list at all.
 */
static enum verdict
ref_keywords(const char *arg, mode_t *out)
{
	const char *p = arg;
	mode_t m = 0;

	for (;;) {
		size_t n = strcspn(p, ",");
		long bits = keyword_bits(p, n);

		if (bits < 0)
			return p == arg ? UNKNOWN : REFUSED;
		m |= (mode_t)bits;
		p += n;
		if (*p == '\0')
			break;
		if (*++p == '\0')
			return REFUSED;	/* a trailing comma */
	}
	*out = m;
	return ACCEPTED;
}

/*
 * The symbolic subset: clauses "WHO(OP[rwx]*)+" with WHO in [ugoa]+,
 * separated by commas.  As chmod(1) does it, '=' also clears the set-id
 * bit of each class it sets.  UNKNOWN outside the subset.
 */
static enum verdict
ref_symbolic(const char *arg, mode_t base, mode_t *out)
{
	const char *p = arg;
	mode_t m = base;

	for (;;) {
		mode_t who = 0, special = 0, perm;
		char op;

		for (; *p != '\0' && strchr("ugoa", *p) != NULL; p++) {
			if (*p == 'u' || *p == 'a')
				who |= 0700, special |= S_ISUID;
			if (*p == 'g' || *p == 'a')
				who |= 070, special |= S_ISGID;
			/* chmod(1): "o=" clears the sticky bit too. */
			if (*p == 'o' || *p == 'a')
				who |= 07, special |= S_ISVTX;
		}
		if (who == 0 || *p == '\0' || strchr("+-=", *p) == NULL)
			return UNKNOWN;
		while (*p != '\0' && strchr("+-=", *p) != NULL) {
			op = *p++;
			perm = 0;
			for (; *p != '\0' && strchr("rwx", *p) != NULL; p++)
				perm |= *p == 'r' ? 0444 : *p == 'w' ? 0222 :
				    0111;
			if (op == '+')
				m |= perm & who;
			else if (op == '-')
				m &= ~(perm & who);
			else
				m = (m & ~(who | special)) | (perm & who);
		}
		if (*p == '\0')
			break;
		if (*p != ',' || *++p == '\0')
			return UNKNOWN;
	}
	*out = m & 07777;
	return ACCEPTED;
}

static enum verdict
ref_mode(const char *arg, mode_t base, mode_t *out)
{
	enum verdict v;

	if (*arg == '\0' || strpbrk(arg, " \t\n\v\f\r") != NULL)
		return REFUSED;
	if (fuzz_isdigit((unsigned char)*arg))
		return ref_octal(arg, out);
	if ((v = ref_keywords(arg, out)) != UNKNOWN)
		return v;
	return ref_symbolic(arg, base, out);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	umask(022);	/* chmod's "+w" without a who depends on it */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	mode_t base, got = 0177777, want = 0;
	enum verdict v;
	char *arg;
	int rc;

	if (size < 2)
		return 0;
	base = (mode_t)((data[0] << 8 | data[1]) & 07777);
	arg = fuzz_string(data + 2, size - 2);
	rc = parse_mode(arg, base, &got, &why);
	v = ref_mode(arg, base, &want);
	if (rc == 0)
		FUZZ_CHECK((got & ~(mode_t)07777) == 0);
	else
		FUZZ_CHECK(why != NULL && strchr(why, '\n') == NULL);
	if (v == REFUSED)
		FUZZ_CHECK(rc == -1);
	else if (v == ACCEPTED) {
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(got == want);
	}
	free(arg);
	return 0;
}
