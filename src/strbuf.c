/*
 * strbuf.c -- a growing string, reused from cell to cell by the output
 * layer so that formatting a table allocates once, not once per cell.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xmalloc.h"

void
sb_reserve(struct strbuf *sb, size_t more)
{
	size_t cap;

	if (sb->p != NULL && sb->len + more < sb->cap)
		return;
	cap = sb->cap != 0 ? sb->cap : 256;
	while (cap <= sb->len + more)
		cap *= 2;
	sb->p = xreallocarray(sb->p, cap, 1);
	sb->cap = cap;
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->p != NULL)
		sb->p[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->p);
	sb->p = NULL;
	sb->len = sb->cap = 0;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->p != NULL ? sb->p : "";
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)	/* a format error, caught by the compiler's checks */
		return;
	sb_reserve(sb, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	sb_reserve(sb, n + 1);
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}
