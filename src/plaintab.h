#ifndef SHMCTL_PLAINTAB_H
#define SHMCTL_PLAINTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/*
 * A table whose cells are all plain ASCII, written byte for byte as
 * libsmartcols 2.38 writes a table to a stream that is no terminal, at a
 * cost proportional to its bytes (plaintab.c says why and how).
 */
struct plaintab_column {
	const char *header;
	double whint;		/* scols_table_new_column's width hint */
	bool right;		/* SCOLS_FL_RIGHT */
};

struct plaintab {
	const struct plaintab_column *cols;
	size_t ncols;
	size_t ncells;
	size_t cap;
	size_t *ends;		/* where each cell ends in text, row by row */
	struct strbuf text;	/* the cells, one after the other */
	bool plain;		/* every cell so far is plain */
};

void plaintab_init(struct plaintab *, const struct plaintab_column *,
    size_t ncols);
void plaintab_free(struct plaintab *);

/* Where the next cell's text is appended (sb_puts, sb_printf...). */
static inline struct strbuf *
plaintab_text(struct plaintab *pt)
{
	return &pt->text;
}

/* Ends the cell appended since the last one; false once one is not plain. */
bool plaintab_end_cell(struct plaintab *);

/*
 * Writes the table to fp (whole rows: ncells must be a multiple of
 * ncols), with the header unless noheadings.  Only for tables that are
 * still plain.
 */
void plaintab_print(const struct plaintab *, FILE *fp, bool noheadings);

#endif
