/*
 * json.c -- JSON documents written as they go, for the documents that
 * cannot wait for their last element (gc's, where each removal shows as
 * it happens).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "json.h"
#include "strbuf.h"
#include "xmalloc.h"

void
out_json_init(struct out_json *j, FILE *fp, int flat)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
	j->flat = flat;
}

/* A line of its own, indented, for each member of the first levels. */
static void
json_newline(const struct out_json *j, int level)
{
	fprintf(j->fp, "\n%*s", 3 * level, "");
}

/* What comes before a member: a comma after another, a line or a blank. */
static void
json_member(struct out_json *j)
{
	bool *filled;

	if (j->keyed) {
		j->keyed = false;
		return;
	}
	if (j->depth == 0)
		return;
	filled = &j->filled[j->depth - 1];
	if (*filled)
		fputc(',', j->fp);
	if (j->depth <= j->flat)
		json_newline(j, j->depth);
	else if (*filled)
		fputc(' ', j->fp);
	*filled = true;
}

/* Deeper documents are a programming error: they are cut flat. */
static void
json_open(struct out_json *j, char open, char close)
{
	json_member(j);
	fputc(open, j->fp);
	if (j->depth == OUT_JSON_MAXDEPTH)
		return;
	j->filled[j->depth] = false;
	j->closer[j->depth] = close;
	j->depth++;
}

void
out_json_object(struct out_json *j)
{
	json_open(j, '{', '}');
}

void
out_json_array(struct out_json *j)
{
	json_open(j, '[', ']');
}

void
out_json_end(struct out_json *j)
{
	if (j->depth == 0)
		return;
	if (j->depth <= j->flat && j->filled[j->depth - 1])
		json_newline(j, j->depth - 1);
	fputc(j->closer[--j->depth], j->fp);
	if (j->depth == 0)
		fputc('\n', j->fp);
}

static void
json_quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

void
out_json_key(struct out_json *j, const char *key)
{
	json_member(j);
	json_quoted(j->fp, key);
	fputs(": ", j->fp);
	j->keyed = true;
}

void
out_json_string(struct out_json *j, const char *s)
{
	json_member(j);
	json_quoted(j->fp, s);
}

void
out_json_int(struct out_json *j, intmax_t v)
{
	json_member(j);
	fprintf(j->fp, "%jd", v);
}

void
out_json_uint(struct out_json *j, uintmax_t v)
{
	json_member(j);
	fprintf(j->fp, "%ju", v);
}

void
out_json_bool(struct out_json *j, bool v)
{
	json_member(j);
	fputs(v ? "true" : "false", j->fp);
}

void
out_json_null(struct out_json *j)
{
	json_member(j);
	fputs("null", j->fp);
}

void
out_json_string_or_null(struct out_json *j, const char *s)
{
	if (s != NULL)
		out_json_string(j, s);
	else
		out_json_null(j);
}

void
out_json_literal(struct out_json *j, const char *text)
{
	json_member(j);
	fputs(text, j->fp);
}

void
out_json_name(struct out_json *j, const char *key, const char *name)
{
	struct strbuf sb = { 0 };
	char hexkey[64];

	out_json_key(j, key);
	if (name == NULL) {
		out_json_null(j);
		return;
	}
	sb_json_name(&sb, name);
	out_json_literal(j, sb_str(&sb));
	if (!escape_is_utf8(name)) {
		sb_reset(&sb);
		sb_puts(&sb, "\"");
		sb_hex(&sb, name);
		sb_puts(&sb, "\"");
		snprintf(hexkey, sizeof hexkey, "%s_hex", key);
		out_json_key(j, hexkey);
		out_json_literal(j, sb_str(&sb));
	}
	sb_free(&sb);
}
