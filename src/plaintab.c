/*
 * plaintab.c -- list's table when every cell is printable ASCII and the
 * output is no terminal.  libsmartcols then decodes and measures each
 * character of each cell twice (mbrtowc, iswprint, wcwidth: once for the
 * widths, once to print), which is most of list's time over thousands of
 * objects; for such cells a character is a byte and one column wide, so
 * the same table is written here from the bytes alone.
 *
 * What libsmartcols 2.38 prints to a stream that is no terminal, and so
 * what this writes (libsmartcols/src/calculate.c and print.c): each
 * column is as wide as its widest cell, but not narrower than its header
 * (counted with or without -n), and a column with an absolute width hint
 * (1 or more) whose cells are all at least as wide as its header is
 * widened to the hint when both are narrower; cells are left-aligned and
 * padded with blanks, or right-aligned, and separated by one blank; the
 * last column is not padded after its text, and an empty right-aligned
 * cell there prints nothing; every line ends in a newline, and a table
 * without rows prints nothing at all, not even its header.  "Plain" also
 * excludes a backslash before an "x", which libsmartcols writes as \x5c.
 * tests/unit/test-plaintab.c compares both writers on random tables.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plaintab.h"
#include "xmalloc.h"

void
plaintab_init(struct plaintab *pt, const struct plaintab_column *cols,
    size_t ncols)
{
	memset(pt, 0, sizeof *pt);
	pt->cols = cols;
	pt->ncols = ncols;
	pt->plain = true;
}

void
plaintab_free(struct plaintab *pt)
{
	free(pt->ends);
	sb_free(&pt->text);
	pt->ends = NULL;
	pt->ncells = pt->cap = 0;
}

static bool
plain_bytes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e)
			return false;
		if (c == '\\' && i + 1 < len && s[i + 1] == 'x')
			return false;
	}
	return true;
}

bool
plaintab_end_cell(struct plaintab *pt)
{
	size_t start = pt->ncells > 0 ? pt->ends[pt->ncells - 1] : 0;

	if (pt->ncells == pt->cap) {
		pt->cap = pt->cap != 0 ? pt->cap * 2 : 1024;
		pt->ends = xreallocarray(pt->ends, pt->cap, sizeof *pt->ends);
	}
	pt->ends[pt->ncells++] = pt->text.len;
	if (pt->plain)
		pt->plain = plain_bytes(sb_str(&pt->text) + start,
		    pt->text.len - start);
	return pt->plain;
}

static size_t
cell_len(const struct plaintab *pt, size_t i)
{
	return pt->ends[i] - (i > 0 ? pt->ends[i - 1] : 0);
}

/* A column's width, as libsmartcols' count_column_width sets it. */
static size_t
column_width(const struct plaintab *pt, size_t c)
{
	const struct plaintab_column *col = &pt->cols[c];
	size_t width = 0, min = strlen(col->header);

	for (size_t i = c; i < pt->ncells; i += pt->ncols)
		if (cell_len(pt, i) > width)
			width = cell_len(pt, i);
	if (min == 0)
		min = 1;
	if (width < min)
		width = min;
	else if (col->whint >= 1 && width < (size_t)col->whint &&
	    min < (size_t)col->whint)
		width = (size_t)col->whint;
	return width;
}

static void
put_blanks(struct strbuf *out, size_t n)
{
	sb_reserve(out, n);
	memset(out->p + out->len, ' ', n);
	out->len += n;
	out->p[out->len] = '\0';
}

static void
put_bytes(struct strbuf *out, const char *s, size_t n)
{
	sb_reserve(out, n);
	memcpy(out->p + out->len, s, n);
	out->len += n;
	out->p[out->len] = '\0';
}

/* One cell as libsmartcols' print_data writes it. */
static void
put_cell(struct strbuf *out, const struct plaintab_column *col,
    size_t width, bool last, const char *s, size_t len)
{
	if (col->right) {
		if (len > 0) {
			put_blanks(out, width - len);
			put_bytes(out, s, len);
		} else if (!last)
			put_blanks(out, width);
	} else {
		put_bytes(out, s, len);
		if (!last)
			put_blanks(out, width - len);
	}
	if (!last)
		put_bytes(out, " ", 1);
}

void
plaintab_print(const struct plaintab *pt, FILE *fp, bool noheadings)
{
	struct strbuf out = { 0 };
	size_t *widths, c, i;
	const char *text = sb_str(&pt->text);

	if (pt->ncells == 0)
		return;
	widths = xreallocarray(NULL, pt->ncols, sizeof *widths);
	for (c = 0; c < pt->ncols; c++)
		widths[c] = column_width(pt, c);
	if (!noheadings) {
		for (c = 0; c < pt->ncols; c++)
			put_cell(&out, &pt->cols[c], widths[c],
			    c + 1 == pt->ncols, pt->cols[c].header,
			    strlen(pt->cols[c].header));
		put_bytes(&out, "\n", 1);
	}
	for (i = 0; i < pt->ncells; i++) {
		c = i % pt->ncols;
		put_cell(&out, &pt->cols[c], widths[c], c + 1 == pt->ncols,
		    text + (i > 0 ? pt->ends[i - 1] : 0), cell_len(pt, i));
		if (c + 1 == pt->ncols) {
			put_bytes(&out, "\n", 1);
			/* Written in pieces, so that memory stays bounded. */
			if (out.len >= 1 << 16) {
				fwrite(out.p, 1, out.len, fp);
				sb_reset(&out);
			}
		}
	}
	fwrite(sb_str(&out), 1, out.len, fp);
	sb_free(&out);
	free(widths);
}
