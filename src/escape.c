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

/*
 * The length of the UTF-8 sequence at p, or 0 where it is not one: no
 * overlong forms, no surrogates, nothing past U+10FFFF (RFC 3629).
 */
static size_t
utf8_sequence(const unsigned char *p)
{
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = utf8_sequence(p);

		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

void
sb_json_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sb_puts(sb, "\"");
	while (*p != '\0') {
		size_t n = utf8_sequence(p);

		if (*p == '"' || *p == '\\') {
			sb_printf(sb, "\\%c", *p);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			sb_printf(sb, "\\u%04x", *p);
			p++;
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			/* C1 controls, U+0080 to U+009F: terminals obey. */
			sb_printf(sb, "\\u%04x", p[1]);
			p += 2;
		} else if (n == 0) {
			/* Not UTF-8: the byte as U+00XX keeps the text valid. */
			sb_printf(sb, "\\u%04x", *p);
			p++;
		} else {
			sb_printf(sb, "%.*s", (int)n, (const char *)p);
			p += n;
		}
	}
	sb_puts(sb, "\"");
}

void
sb_json_name(struct strbuf *sb, const char *name)
{
	size_t len = strlen(name);
	char *vis;

	if (utf8_valid(name)) {
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
