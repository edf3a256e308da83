/*
 * fuzz-owner.c -- parse_owner against shmctl(1) (Owners): USER,
 * USER:GROUP, USER: (the user's login group) and :GROUP, by name or numeric
 * id; an unknown name is refused.  A part left out is (uid_t)-1 /
 * (gid_t)-1, which is also why the id 4294967295 itself is refused.
 */
#include "config.h"

#include <grp.h>
#include <limits.h>
#include <pwd.h>

#include "fuzz.h"
#include "parse.h"

#define NAME_LIMIT 256		/* longer names cannot exist */

/* A numeric id below 2^32 - 1 (leading zeros allowed), or -1. */
static long long
ref_id(const char *s)
{
	const char *p = s;
	__int128 v;

	if ((v = fuzz_digits(&p)) < 0 || *p != '\0' ||
	    v >= UINT32_MAX)
		return -1;
	return (long long)v;
}

/* 0 with *uid (and *login when asked) set, or -1. */
static int
ref_user(const char *s, uid_t *uid, gid_t *login, bool want_login)
{
	struct passwd *pw = getpwnam(s);
	long long id;

	if (pw == NULL) {
		if ((id = ref_id(s)) < 0)
			return -1;
		*uid = (uid_t)id;
		if (want_login) {
			if ((pw = getpwuid(*uid)) == NULL)
				return -1;
			*login = pw->pw_gid;
		}
		return 0;
	}
	*uid = pw->pw_uid;
	if (want_login)
		*login = pw->pw_gid;
	return 0;
}

static int
ref_group(const char *s, gid_t *gid)
{
	struct group *gr = getgrnam(s);
	long long id;

	if (gr != NULL) {
		*gid = gr->gr_gid;
		return 0;
	}
	if ((id = ref_id(s)) < 0)
		return -1;
	*gid = (gid_t)id;
	return 0;
}

static int
ref_owner(char *arg, uid_t *uid, gid_t *gid)
{
	char *colon = strchr(arg, ':'), *group = NULL;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (*arg == '\0')
		return -1;
	if (colon != NULL) {
		*colon = '\0';
		group = colon + 1;
		if (strchr(group, ':') != NULL)
			return -1;
		if (*arg == '\0' && *group == '\0')
			return -1;
	}
	if (strlen(arg) > NAME_LIMIT ||
	    (group != NULL && strlen(group) > NAME_LIMIT))
		return -1;
	if (*arg != '\0' && ref_user(arg, uid, gid,
	    group != NULL && *group == '\0') != 0)
		return -1;
	if (group != NULL && *group != '\0' && ref_group(group, gid) != 0)
		return -1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *arg, *copy;
	const char *why = NULL;
	uid_t uid, wuid;
	gid_t gid, wgid;
	int rc, want;

	if (size > 1024)
		return 0;
	arg = fuzz_string(data, size);
	copy = fuzz_strdup_exact(arg);
	rc = parse_owner(arg, &uid, &gid, &why);
	want = ref_owner(copy, &wuid, &wgid);
	FUZZ_CHECK(rc == want);
	if (rc == 0)
		FUZZ_CHECK(uid == wuid && gid == wgid);
	else
		FUZZ_CHECK(why != NULL && strchr(why, '\n') == NULL);
	free(copy);
	free(arg);
	return 0;
}
