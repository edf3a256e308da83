/*
 * escape.c -- names and messages made printable: no byte that a terminal
 * would interpret reaches it raw.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "escape.h"

/* True when s needs no escaping: printable ASCII, no backslash. */
static bool
is_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '\\')
			return false;
	return true;
}

const char *
out_escape(const char *s, char *buf, size_t buflen)
{
	size_t len = strlen(s);

	if (buflen < OUT_ESCAPE_MAX(len)) {
		snprintf(buf, buflen, "?");
		return buf;
	}
	if (is_plain(s))
		memcpy(buf, s, len + 1);
	else
		strvis(buf, s, VIS_CSTYLE | VIS_OCTAL | VIS_TAB | VIS_NL |
		    VIS_NOLOCALE);
	return buf;
}
