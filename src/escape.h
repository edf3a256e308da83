/*
 * escape.h -- names and messages made printable.
 */
#ifndef SHMCTL_ESCAPE_H
#define SHMCTL_ESCAPE_H

#include <stddef.h>

/*
 * Writes s escaped with vis(3) (C style, octal, also backslash and
 * whitespace other than space) into buf, which holds OUT_ESCAPE_MAX(len)
 * bytes.  Returns buf.
 */
#define OUT_ESCAPE_MAX(len)	(4 * (len) + 1)
const char *out_escape(const char *s, char *buf, size_t buflen);

#endif
