/*
 * strbuf.c -- a growing string, reused from cell to cell by the output
 * layer so that formatting a table allocates once, not once per cell.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "strbuf.h"

int
sb_reserve(struct strbuf *sb, size_t more)
{
	size_t cap;
	char *p;

	if (sb->p != NULL && sb->len + more < sb->cap)
		return 0;
	cap = sb->cap != 0 ? sb->cap : 256;
	while (cap <= sb->len + more)
		cap *= 2;
	if ((p = realloc(sb->p, cap)) == NULL)
		return -1;
	sb->p = p;
	sb->cap = cap;
	return 0;
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

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_reserve(sb, (size_t)n + 1) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (sb_reserve(sb, n + 1) != 0)
		return;
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

void
sb_escaped(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);

	if (sb_reserve(sb, OUT_ESCAPE_MAX(len)) != 0)
		return;
	out_escape(s, sb->p + sb->len, sb->cap - sb->len);
	sb->len += strlen(sb->p + sb->len);
}
