/*
 * parse.c -- the values of shmctl's command line (see parse.h).
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

#define OFF_MAX ((off_t)INT64_MAX)

static int
reject(const char **why, const char *text)
{
	if (why != NULL)
		*why = text;
	return -1;
}

int
parse_name(const char *arg, const char *shmdir, char *canon, size_t len,
    const char **why)
{
	const char *p = arg;
	size_t dlen = 0, n;

	if (arg == NULL || *arg == '\0')
		return reject(why, "empty name");
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
		return reject(why, "a name is needed after '/'");
	if (strchr(p, '/') != NULL)
		return reject(why, "'/' is allowed only at the start");
	if (strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
		return reject(why, "'.' and '..' are not names");
	n = strlen(p);
	if (n > NAME_MAX)
		return reject(why, "longer than 255 bytes");
	if (n + 2 > len)
		return reject(why, "name too long");
	canon[0] = '/';
	memcpy(canon + 1, p, n + 1);
	return 0;
}

/* What a SIZE may be, for every message about one (shmctl(1): Sizes). */
#define SIZE_EXPECTED "expected a number of bytes with an optional suffix " \
	"K, M, G, ... (1k, 0x10, 2MiB)"
#define SIZE_TOO_LARGE "too large: at most 9223372036854775807 bytes (8EiB - 1)"

/*
 * The multiplier of a size suffix, or 0 when it is not one: K, M, G, T, P,
 * E in either case, alone or followed by "iB" (powers of 1024) or "B"
 * (powers of 1000), as truncate(1) reads them.
 */
static uint64_t
size_suffix(const char *s)
{
	static const char units[] = "KMGTPE";
	const char *u;
	uint64_t base, m = 1;
	int power;

	if (*s == '\0')
		return 1;
	if ((u = strchr(units, toupper((unsigned char)*s))) == NULL)
		return 0;
	power = (int)(u - units) + 1;
	s++;
	if (*s == '\0' || strcmp(s, "iB") == 0)
		base = 1024;
	else if (strcmp(s, "B") == 0)
		base = 1000;
	else
		return 0;
	while (power-- > 0)
		m *= base;
	return m;
}

/* The digits of a number in base 10 or 16 into *v; their end, or NULL. */
static const char *
size_digits(const char *p, unsigned base, uint64_t *v)
{
	*v = 0;
	for (;; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (*v > (UINT64_MAX - d) / base)
			return NULL;
		*v = *v * base + d;
	}
	return p;
}

int
parse_size(const char *arg, off_t *out, const char **why)
{
	const char *p = arg;
	unsigned base = 10;
	uint64_t v, mult;

	if (arg == NULL || *arg == '\0')
		return reject(why, "empty: " SIZE_EXPECTED);
	if (strpbrk(arg, " \t\n\v\f\r") != NULL)
		return reject(why, "blanks in size: " SIZE_EXPECTED);
	if (*p == '-')
		return reject(why, "negative: " SIZE_EXPECTED);
	/* "0x10", as hexdump(1) takes offsets; its digits include B and E. */
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!isdigit((unsigned char)*p) &&
	    !(base == 16 && isxdigit((unsigned char)*p)))
		return reject(why, SIZE_EXPECTED);
	if ((p = size_digits(p, base, &v)) == NULL)
		return reject(why, SIZE_TOO_LARGE);
	if (*p == '.' || *p == ',')
		return reject(why, "not a whole number: " SIZE_EXPECTED);
	if ((mult = size_suffix(p)) == 0)
		return reject(why, "invalid suffix: " SIZE_EXPECTED);
	if (v != 0 && mult > (uint64_t)OFF_MAX / v)
		return reject(why, SIZE_TOO_LARGE);
	v *= mult;
	if (v > (uint64_t)OFF_MAX)
		return reject(why, SIZE_TOO_LARGE);
	*out = (off_t)v;
	return 0;
}

int
parse_size_rel(const char *arg, off_t *out, enum size_rel *rel,
    const char **why)
{
	if (arg != NULL && (*arg == '+' || *arg == '-')) {
		*rel = *arg == '+' ? SIZE_GROW : SIZE_SHRINK;
		arg++;
		if (*arg == '+' || *arg == '-')
			return reject(why, SIZE_EXPECTED);
	} else
		*rel = SIZE_SET;
	return parse_size(arg, out, why);
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
			return reject(why, n == 0 ?
			    "empty item in keyword list" :
			    "unknown permission keyword");
		}
		m |= mode_keywords[i].bits;
		p += n;
		if (*p == ',' && *++p == '\0')
			return reject(why, "empty item in keyword list");
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
		return reject(why, "empty mode");
	if (strpbrk(arg, " \t\n\v\f\r") != NULL)
		return reject(why, "blanks in mode");
	if (isdigit((unsigned char)*arg)) {
		unsigned long v = 0;
		const char *p;

		for (p = arg; *p >= '0' && *p <= '7'; p++) {
			v = v * 8 + (unsigned long)(*p - '0');
			if (v > 07777)
				return reject(why, "octal mode above 07777");
		}
		if (*p != '\0')
			return reject(why, "invalid octal digit");
		*out = (mode_t)v;
		return 0;
	}
	if ((rc = parse_mode_keywords(arg, out, why)) != 0)
		return rc == 1 ? 0 : -1;
	if (parse_mode_symbolic(arg, base, out) != 0)
		return reject(why, "not an octal, symbolic or keyword mode");
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
		return reject(why, "empty owner");
	colon = strchr(arg, ':');
	ulen = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
	glen = colon != NULL ? strlen(colon + 1) : 0;
	if (colon != NULL && ulen == 0 && glen == 0)
		return reject(why, "neither user nor group given");
	if (ulen >= sizeof user || glen >= sizeof group)
		return reject(why, "name too long");
	memcpy(user, arg, ulen);
	user[ulen] = '\0';
	if (colon != NULL)
		memcpy(group, colon + 1, glen + 1);
	else
		group[0] = '\0';
	if (strchr(group, ':') != NULL)
		return reject(why, "more than one ':'");

	if (ulen > 0) {
		struct passwd *pw = getpwnam(user);

		if (pw != NULL) {
			*uid = pw->pw_uid;
			if (colon != NULL && glen == 0)
				*gid = pw->pw_gid;
		} else {
			v = numeric_id(user, ulen, &isnum);
			if (!isnum)
				return reject(why, "unknown user");
			if (v >= (long long)UINT32_MAX)
				return reject(why, "user id out of range");
			*uid = (uid_t)v;
			if (colon != NULL && glen == 0) {
				pw = getpwuid(*uid);
				if (pw == NULL)
					return reject(why, "user id has no "
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
				return reject(why, "unknown group");
			if (v >= (long long)UINT32_MAX)
				return reject(why, "group id out of range");
			*gid = (gid_t)v;
		}
	}
	return 0;
}

/* What a DURATION may be, for every message about one. */
#define DURATION_EXPECTED "expected seconds, or numbers with units " \
	"s, m, h, d, w (90, 15m, 1h30m, 1w)"
#define DURATION_TOO_LARGE "too large: at most 9223372036854775807 seconds"

/* Seconds in a duration unit, or 0 when it is not one. */
static int64_t
duration_unit(char c)
{
	switch (c) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 7 * 86400;
	default:
		return 0;
	}
}

/*
 * "90", or a sum of terms each with its unit, "1h30m", each unit at most
 * once and from the largest down, as systemd.time(7) and Go write them.
 */
int
parse_duration(const char *arg, int64_t *seconds, const char **why)
{
	const char *p = arg;
	int64_t total = 0, last = INT64_MAX;

	if (arg == NULL || *arg == '\0')
		return reject(why, "empty: " DURATION_EXPECTED);
	if (*p == '-')
		return reject(why, "negative: " DURATION_EXPECTED);
	while (*p != '\0') {
		int64_t v = 0, mult;

		if (!isdigit((unsigned char)*p))
			return reject(why, p == arg ? DURATION_EXPECTED :
			    "a number after each unit: " DURATION_EXPECTED);
		for (; isdigit((unsigned char)*p); p++) {
			if (v > (INT64_MAX - (*p - '0')) / 10)
				return reject(why, DURATION_TOO_LARGE);
			v = v * 10 + (*p - '0');
		}
		if (*p == '\0' && p == arg + strspn(arg, "0123456789"))
			mult = 1;	/* plain seconds */
		else if (*p == '\0')
			return reject(why, "a unit after each number: "
			    DURATION_EXPECTED);
		else if ((mult = duration_unit(*p++)) == 0)
			return reject(why, "invalid unit: " DURATION_EXPECTED);
		else if (mult >= last)
			return reject(why, "units from the largest down, each "
			    "once (1h30m, 1w2d)");
		last = mult;
		if (v > INT64_MAX / mult || v * mult > INT64_MAX - total)
			return reject(why, DURATION_TOO_LARGE);
		total += v * mult;
	}
	*seconds = total;
	return 0;
}

/* A decimal number in [min, max] with nothing around it. */
static int
parse_decimal(const char *arg, long long min, long long max, long long *out,
    const char **why)
{
	const char *errstr;
	long long v;

	if (arg == NULL || *arg == '\0')
		return reject(why, "empty number");
	if (*arg == '-' && min >= 0)
		return reject(why, "negative number");
	/* strtonum(3) would skip leading blanks and take a '+'. */
	if (!isdigit((unsigned char)*arg) && *arg != '-')
		return reject(why, "not a number");
	v = strtonum(arg, min, max, &errstr);
	if (errstr != NULL)
		/* "invalid", "too small" or "too large" */
		return reject(why, strcmp(errstr, "invalid") == 0 ?
		    "not a number" : errstr);
	*out = v;
	return 0;
}

int
parse_fd(const char *arg, int *fd, const char **why)
{
	long long v;

	if (parse_decimal(arg, 0, INT_MAX, &v, why) != 0)
		return -1;
	*fd = (int)v;
	return 0;
}

int
parse_byte(const char *arg, unsigned char *out, const char **why)
{
	const char *decimal_why;
	long long v = 0;

	if (arg == NULL || *arg == '\0')
		return reject(why, "empty byte");
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		const char *p = arg + 2;

		if (*p == '\0')
			return reject(why, "not a number");
		for (; *p != '\0'; p++) {
			if (!isxdigit((unsigned char)*p))
				return reject(why, "not a hexadecimal number");
			v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' :
			    (tolower((unsigned char)*p) - 'a' + 10));
			if (v > 255)
				return reject(why, "not in 0-255");
		}
	} else if (parse_decimal(arg, 0, 255, &v, &decimal_why) != 0)
		return reject(why, strcmp(decimal_why, "not a number") == 0 ?
		    decimal_why : "not in 0-255");
	*out = (unsigned char)v;
	return 0;
}

int
parse_count(const char *arg, unsigned *out, const char **why)
{
	long long v;

	if (parse_decimal(arg, 1, INT_MAX, &v, why) != 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int
parse_if_exists(const char *arg, enum pshm_if_exists *out, const char **why)
{
	static const struct {
		const char *name;
		enum pshm_if_exists v;
	} t[] = {
		{ "error", PSHM_IFEX_ERROR },
		{ "overwrite", PSHM_IFEX_OVERWRITE },
		{ "truncate", PSHM_IFEX_TRUNCATE },
		{ "supersede", PSHM_IFEX_SUPERSEDE },
		{ "nil", PSHM_IFEX_NIL },
	};

	for (size_t i = 0; arg != NULL && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(arg, t[i].name) == 0) {
			*out = t[i].v;
			return 0;
		}
	return reject(why, "use error, overwrite, truncate, supersede or nil");
}

int
parse_if_does_not_exist(const char *arg, enum pshm_if_does_not_exist *out,
    const char **why)
{
	static const struct {
		const char *name;
		enum pshm_if_does_not_exist v;
	} t[] = {
		{ "error", PSHM_IFDNE_ERROR },
		{ "create", PSHM_IFDNE_CREATE },
		{ "nil", PSHM_IFDNE_NIL },
	};

	for (size_t i = 0; arg != NULL && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(arg, t[i].name) == 0) {
			*out = t[i].v;
			return 0;
		}
	return reject(why, "use error, create or nil");
}
