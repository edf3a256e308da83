/*
 * escape.c -- names and messages made printable: no byte that a terminal
 * would interpret reaches it raw, in text (vis(3)) or in JSON.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "escape.h"
#include "strbuf.h"
#include "xmalloc.h"

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

void
sb_escaped(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);

	sb_reserve(sb, OUT_ESCAPE_MAX(len));
	out_escape(s, sb->p + sb->len, sb->cap - sb->len);
	sb->len += strlen(sb->p + sb->len);
}

size_t
escape_utf8_char(const char *s, uint32_t *cp)
{
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	/* A NUL is no continuation byte: the string's end stops this. */
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
escape_is_utf8(const char *s)
{
	uint32_t cp;
	size_t n;

	for (; *s != '\0'; s += n)
		if ((n = escape_utf8_char(s, &cp)) == 0)
			return false;
	return true;
}

void
sb_json_string(struct strbuf *sb, const char *s)
{
	uint32_t cp;
	size_t n;

	sb_puts(sb, "\"");
	for (; *s != '\0'; s += n) {
		if ((n = escape_utf8_char(s, &cp)) == 0) {
			/* Not UTF-8: the byte as U+00XX keeps the text valid. */
			cp = (unsigned char)*s;
			n = 1;
			sb_printf(sb, "\\u%04x", (unsigned)cp);
		} else if (cp == '"' || cp == '\\')
			sb_printf(sb, "\\%c", (int)cp);
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			/* C0, DEL and C1 controls: terminals obey them. */
			sb_printf(sb, "\\u%04x", (unsigned)cp);
		else
			sb_printf(sb, "%.*s", (int)n, s);
	}
	sb_puts(sb, "\"");
}

void
sb_json_name(struct strbuf *sb, const char *name)
{
	size_t len = strlen(name);
	char *vis;

	if (escape_is_utf8(name)) {
		sb_json_string(sb, name);
		return;
	}
	vis = xmalloc(OUT_ESCAPE_MAX(len));
	sb_json_string(sb, out_escape(name, vis, OUT_ESCAPE_MAX(len)));
	free(vis);
}

void
sb_hex(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		sb_printf(sb, "%02x", *p);
}
