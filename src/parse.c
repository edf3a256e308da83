/*
 * parse.c -- the values of shmctl's command line that are not numbers:
 * names, modes, owners and the open actions (see parse.h; numbers are
 * parse-number.c's).
 */
#include "config.h"

#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"

int
parse_name(const char *arg, const char *shmdir, char *canon, size_t len,
    const char **why)
{
	const char *p = arg;
	size_t dlen = 0, n;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty name");
	/* "<shmdir>/foo" is the object "/foo", also for "--dir /x/". */
	if (shmdir != NULL) {
		dlen = strlen(shmdir);
		while (dlen > 1 && shmdir[dlen - 1] == '/')
			dlen--;
	}
	if (dlen > 1 && strncmp(arg, shmdir, dlen) == 0 && arg[dlen] == '/') {
		p = arg + dlen;
		while (p[1] == '/')
			p++;
	}
	if (*p == '/')
		p++;
	if (*p == '\0')
		return parse_reject(why, "a name is needed after '/'");
	if (strchr(p, '/') != NULL)
		return parse_reject(why, "'/' is allowed only at the start");
	if (strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
		return parse_reject(why, "'.' and '..' are not names");
	n = strlen(p);
	if (n > NAME_MAX)
		return parse_reject(why, "longer than 255 bytes");
	if (n + 2 > len)
		return parse_reject(why, "name too long");
	canon[0] = '/';
	memcpy(canon + 1, p, n + 1);
	return 0;
}

static const struct {
	const char *name;
	const char *alias;
	mode_t bits;
} mode_keywords[] = {
	{ "user-read", "rusr", S_IRUSR },
	{ "user-write", "wusr", S_IWUSR },
	{ "user-exec", "xusr", S_IXUSR },
	{ "user-all", "rwxu", S_IRWXU },
	{ "group-read", "rgrp", S_IRGRP },
	{ "group-write", "wgrp", S_IWGRP },
	{ "group-exec", "xgrp", S_IXGRP },
	{ "group-all", "rwxg", S_IRWXG },
	{ "other-read", "roth", S_IROTH },
	{ "other-write", "woth", S_IWOTH },
	{ "other-exec", "xoth", S_IXOTH },
	{ "other-all", "rwxo", S_IRWXO },
};

/*
 * "user-read,group-read": 1 if arg is a keyword list, 0 if it is not one
 * (its first item is no keyword), -1 with *why if it broke.
 */
static int
parse_mode_keywords(const char *arg, mode_t *out, const char **why)
{
	const char *p = arg;
	mode_t m = 0;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; i < sizeof mode_keywords / sizeof mode_keywords[0];
		     i++) {
			const char *k = mode_keywords[i].name;
			const char *a = mode_keywords[i].alias;

			if ((strlen(k) == n && strncmp(p, k, n) == 0) ||
			    (strlen(a) == n && strncmp(p, a, n) == 0))
				break;
		}
		if (i == sizeof mode_keywords / sizeof mode_keywords[0]) {
			if (p == arg)
				return 0;
			return parse_reject(why, n == 0 ?
			    "empty item in keyword list" :
			    "unknown permission keyword");
		}
		m |= mode_keywords[i].bits;
		p += n;
		if (*p == ',' && *++p == '\0')
			return parse_reject(why, "empty item in keyword list");
	}
	*out = m;
	return 1;
}

/* The bits a "who" letter of a symbolic mode stands for. */
static mode_t
mode_who_bits(char c)
{
	switch (c) {
	case 'u':
		return S_ISUID | S_IRWXU;
	case 'g':
		return S_ISGID | S_IRWXG;
	case 'o':
		return S_ISVTX | S_IRWXO;
	default:
		return 07777;
	}
}

/*
 * The permissions after an operator: letters of [rwxXst], or one of u, g,
 * o to copy that class's bits of mode.  X is x where mode has an x (the
 * objects are regular files).  Advances *pp past them.
 */
static mode_t
mode_perm_bits(const char **pp, mode_t mode)
{
	const char *p = *pp;
	mode_t v = 0;

	if (*p == 'u' || *p == 'g' || *p == 'o') {
		mode_t class = *p == 'u' ? (mode & S_IRWXU) >> 6 :
		    *p == 'g' ? (mode & S_IRWXG) >> 3 : mode & S_IRWXO;

		*pp = p + 1;
		return class * 0111;
	}
	for (; *p != '\0' && strchr("rwxXst", *p) != NULL; p++)
		v |= *p == 'r' ? 0444 : *p == 'w' ? 0222 : *p == 'x' ? 0111 :
		    *p == 'X' ? (mode & 0111 ? 0111 : 0) :
		    *p == 's' ? S_ISUID | S_ISGID : S_ISVTX;
	*pp = p;
	return v;
}

/*
 * A symbolic mode applied to base as chmod(1) applies it: comma-separated
 * clauses [ugoa]*([-+=]([rwxXst]*|[ugo]))+, each operator working on the
 * mode the ones before it left; a clause without a "who" is masked by the
 * umask.  (setmode(3) would add X's bits for "-X".)  -1 if malformed.
 */
static int
parse_mode_symbolic(const char *arg, mode_t base, mode_t *out)
{
	mode_t um = umask(0), mode = base & 07777;
	const char *p = arg;

	umask(um);
	for (;;) {
		mode_t who = 0;

		for (; *p != '\0' && strchr("ugoa", *p) != NULL; p++)
			who |= mode_who_bits(*p);
		if (*p != '+' && *p != '-' && *p != '=')
			return -1;
		while (*p == '+' || *p == '-' || *p == '=') {
			char op = *p++;
			mode_t v = mode_perm_bits(&p, mode) &
			    (who != 0 ? who : ~um);

			if (op == '=')
				mode = (mode & (who != 0 ? ~who : 0)) | v;
			else if (op == '+')
				mode |= v;
			else
				mode &= ~v;
		}
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return -1;
	}
	*out = mode & 07777;
	return 0;
}

int
parse_mode(const char *arg, mode_t base, mode_t *out, const char **why)
{
	int rc;

	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty mode");
	if (strpbrk(arg, " \t\n\v\f\r") != NULL)
		return parse_reject(why, "blanks in mode");
	if (isdigit((unsigned char)*arg)) {
		unsigned long v = 0;
		const char *p;

		for (p = arg; *p >= '0' && *p <= '7'; p++) {
			v = v * 8 + (unsigned long)(*p - '0');
			if (v > 07777)
				return parse_reject(why,
				    "octal mode above 07777");
		}
		if (*p != '\0')
			return parse_reject(why, "invalid octal digit");
		*out = (mode_t)v;
		return 0;
	}
	if ((rc = parse_mode_keywords(arg, out, why)) != 0)
		return rc == 1 ? 0 : -1;
	if (parse_mode_symbolic(arg, base, out) != 0)
		return parse_reject(why,
		    "not an octal, symbolic or keyword mode");
	return 0;
}

/* An all-digits id, or -1 with *isnum false. */
static long long
numeric_id(const char *s, size_t n, bool *isnum)
{
	long long v = 0;

	*isnum = false;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v <= UINT32_MAX)	/* past it, the value stays too big */
			v = v * 10 + (s[i] - '0');
	}
	*isnum = true;
	return v;
}

int
parse_owner(const char *arg, uid_t *uid, gid_t *gid, const char **why)
{
	char user[LOGIN_NAME_MAX + 1], group[LOGIN_NAME_MAX + 1];
	const char *colon;
	size_t ulen, glen;
	long long v;
	bool isnum;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (arg == NULL || *arg == '\0')
		return parse_reject(why, "empty owner");
	colon = strchr(arg, ':');
	ulen = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
	glen = colon != NULL ? strlen(colon + 1) : 0;
	if (colon != NULL && ulen == 0 && glen == 0)
		return parse_reject(why, "neither user nor group given");
	if (ulen >= sizeof user || glen >= sizeof group)
		return parse_reject(why, "name too long");
	memcpy(user, arg, ulen);
	user[ulen] = '\0';
	if (colon != NULL)
		memcpy(group, colon + 1, glen + 1);
	else
		group[0] = '\0';
	if (strchr(group, ':') != NULL)
		return parse_reject(why, "more than one ':'");

	if (ulen > 0) {
		struct passwd *pw = getpwnam(user);

		if (pw != NULL) {
			*uid = pw->pw_uid;
			if (colon != NULL && glen == 0)
				*gid = pw->pw_gid;
		} else {
			v = numeric_id(user, ulen, &isnum);
			if (!isnum)
				return parse_reject(why, "unknown user");
			if (v >= (long long)UINT32_MAX)
				return parse_reject(why,
				    "user id out of range");
			*uid = (uid_t)v;
			if (colon != NULL && glen == 0) {
				pw = getpwuid(*uid);
				if (pw == NULL)
					return parse_reject(why,
					    "user id has no "
					    "login group");
				*gid = pw->pw_gid;
			}
		}
	}
	if (glen > 0) {
		struct group *gr = getgrnam(group);

		if (gr != NULL)
			*gid = gr->gr_gid;
		else {
			v = numeric_id(group, glen, &isnum);
			if (!isnum)
				return parse_reject(why, "unknown group");
			if (v >= (long long)UINT32_MAX)
				return parse_reject(why,
				    "group id out of range");
			*gid = (gid_t)v;
		}
	}
	return 0;
}

/* A keyword of a fixed set and the value it stands for. */
struct keyword {
	const char *name;
	int value;
};

/* The value of the keyword arg among n in t: 0, or -1 if none. */
static int
parse_keyword(const char *arg, const struct keyword *t, size_t n, int *out)
{
	for (size_t i = 0; arg != NULL && i < n; i++)
		if (strcmp(arg, t[i].name) == 0) {
			*out = t[i].value;
			return 0;
		}
	return -1;
}

int
parse_if_exists(const char *arg, enum pshm_if_exists *out, const char **why)
{
	static const struct keyword t[] = {
		{ "error", PSHM_IFEX_ERROR },
		{ "overwrite", PSHM_IFEX_OVERWRITE },
		{ "truncate", PSHM_IFEX_TRUNCATE },
		{ "supersede", PSHM_IFEX_SUPERSEDE },
		{ "nil", PSHM_IFEX_NIL },
	};
	int v;

	if (parse_keyword(arg, t, sizeof t / sizeof t[0], &v) != 0)
		return parse_reject(why,
		    "use error, overwrite, truncate, supersede or nil");
	*out = (enum pshm_if_exists)v;
	return 0;
}

int
parse_if_does_not_exist(const char *arg, enum pshm_if_does_not_exist *out,
    const char **why)
{
	static const struct keyword t[] = {
		{ "error", PSHM_IFDNE_ERROR },
		{ "create", PSHM_IFDNE_CREATE },
		{ "nil", PSHM_IFDNE_NIL },
	};
	int v;

	if (parse_keyword(arg, t, sizeof t / sizeof t[0], &v) != 0)
		return parse_reject(why, "use error, create or nil");
	*out = (enum pshm_if_does_not_exist)v;
	return 0;
}
