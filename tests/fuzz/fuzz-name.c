/*
 * fuzz-name.c -- parse_name against the rules of shmctl(1) (Names):
 * "foo", "/foo" and "DIR/foo" mean "/foo"; empty, "/" alone, a '/' after
 * the leading one, "." and ".." and more than NAME_MAX bytes are refused.
 */
#include "config.h"

#include <limits.h>

#include "fuzz.h"
#include "parse.h"

/* The namespace directories the input is parsed against (--dir). */
static const char *const dirs[] = {
	"/dev/shm", "/dev/shm/", "/tmp/x", "/tmp/x//", "/", "", NULL,
};

/* The reference: the canonical name, or NULL when the name is refused. */
static const char *
ref_name(const char *arg, const char *dir, char *out)
{
	const char *rest = arg;
	size_t dlen = dir != NULL ? strlen(dir) : 0;

	/* DIR only counts with a '/' after it, and "/" alone is no DIR. */
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	if (dlen > 1 && strncmp(arg, dir, dlen) == 0 && arg[dlen] == '/') {
		rest = arg + dlen;
		while (rest[0] == '/' && rest[1] == '/')
			rest++;
	}
	if (rest[0] == '/')
		rest++;
	if (rest[0] == '\0' || strchr(rest, '/') != NULL ||
	    strcmp(rest, ".") == 0 || strcmp(rest, "..") == 0 ||
	    strlen(rest) > NAME_MAX)
		return NULL;
	out[0] = '/';
	strcpy(out + 1, rest);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ref[NAME_MAX + 2 + 4096], *arg, *canon;
	const char *dir, *why = NULL, *want;
	size_t len;
	int rc;

	if (size < 2)
		return 0;
	dir = dirs[data[0] % (sizeof dirs / sizeof dirs[0])];
	/* Also a canon buffer too small for the name: refused, no overflow. */
	len = data[1] < 0xf0 ? NAME_MAX + 2 : data[1] & 0x0f;
	arg = fuzz_string(data + 2, size - 2);
	canon = malloc(len > 0 ? len : 1);
	if (canon == NULL)
		abort();

	rc = parse_name(arg, dir, canon, len, &why);
	want = strlen(arg) < 4096 ? ref_name(arg, dir, ref) : NULL;
	if (strlen(arg) >= 4096)
		FUZZ_CHECK(rc == -1);
	else if (want == NULL || strlen(want) + 1 > len) {
		FUZZ_CHECK(rc == -1);
	} else {
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(strcmp(canon, want) == 0);
	}
	if (rc == -1)
		FUZZ_CHECK(why != NULL && *why != '\0' &&
		    strchr(why, '\n') == NULL);
	free(canon);
	free(arg);
	return 0;
}
