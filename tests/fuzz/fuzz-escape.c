/*
 * fuzz-escape.c -- out_escape, through which every name reaches a
 * terminal (shmctl-list(1): names with unprintable bytes are escaped, never
 * printed raw): whatever the bytes, the result is printable ASCII, fits
 * OUT_ESCAPE_MAX, leaves plain names alone and decodes back to the name
 * with strunvis(3), so that two names never print the same.
 */
#include "config.h"

#include <stdbool.h>

#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "escape.h"
#include "fuzz.h"

static bool
plain(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e ||
		    *s == '\\')
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_string(data, size), *buf, *back;
	size_t len = strlen(name), cap = OUT_ESCAPE_MAX(len);
	const char *out;
	char small[4];

	buf = malloc(cap);
	back = malloc(len + 1);
	if (buf == NULL || back == NULL)
		abort();
	out = out_escape(name, buf, cap);
	FUZZ_CHECK(out == buf);
	FUZZ_CHECK(strlen(out) < cap);
	for (const char *p = out; *p != '\0'; p++)
		FUZZ_CHECK(*p >= 0x20 && *p <= 0x7e);
	if (plain(name))
		FUZZ_CHECK(strcmp(out, name) == 0);
	FUZZ_CHECK(strunvis(back, out) == (int)len);
	FUZZ_CHECK(memcmp(back, name, len + 1) == 0);

	/* A buffer too small: a marker, never an overflow. */
	if (len > 0) {
		out = out_escape(name, small, sizeof small);
		FUZZ_CHECK(strlen(out) < sizeof small);
	}
	free(back);
	free(buf);
	free(name);
	return 0;
}
