/*
 * escape.h -- names and messages made printable.
 */
#ifndef SHMCTL_ESCAPE_H
#define SHMCTL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/*
 * Writes s escaped with vis(3) (C style, octal, also backslash and
 * whitespace other than space) into buf, which holds OUT_ESCAPE_MAX(len)
 * bytes.  Returns buf.
 */
#define OUT_ESCAPE_MAX(len)	(4 * (len) + 1)
const char *out_escape(const char *s, char *buf, size_t buflen);
/* Appends s escaped as out_escape does. */
void sb_escaped(struct strbuf *, const char *s);

/*
 * Appends s as a JSON string, quotes included: its own characters, with
 * quotes, backslashes and control characters (C0, DEL and C1) as \u
 * escapes, so that the document decodes to exactly s and prints nothing a
 * terminal obeys.  A byte that is not part of UTF-8 becomes U+00XX.
 */
void sb_json_string(struct strbuf *, const char *s);
/*
 * Appends a name as list --json writes it: its own characters when it is
 * UTF-8 (sb_json_string), else its out_escape form, quoted.
 */
void sb_json_name(struct strbuf *, const char *name);
/* Appends the bytes of s in hex, two lowercase digits each. */
void sb_hex(struct strbuf *, const char *s);

/*
 * The length of the UTF-8 sequence at s (1 to 4) with its code point in
 * *cp, or 0 where s holds no valid one (overlong forms, surrogates and
 * code points past U+10FFFF are not valid).  s is NUL-terminated.
 */
size_t escape_utf8_char(const char *s, uint32_t *cp);
/* Whether all of s is valid UTF-8. */
bool escape_is_utf8(const char *s);

#endif
