/*
 * prom.h -- the Prometheus text exposition format, version 0.0.4, as
 * node_exporter's textfile collector reads it (shmctl-metrics(1)).
 *
 * A document is built first and written at the end: families are declared
 * in the order they are printed, samples may be added to any of them in
 * any order, and prom_write prints each family's "# HELP" and "# TYPE"
 * lines followed by all of its samples, as the format requires (a family's
 * samples must not be split).  Label values are escaped as the format
 * says (backslash, double quote, newline) and made valid UTF-8, which the
 * parsers insist on, so that any directory or user name can be a label.
 */
#ifndef SHMCTL_PROM_H
#define SHMCTL_PROM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Labels of one sample: "dir" and "owner" at most. */
#define PROM_LABELS_MAX	4

struct prom_label {
	const char *name;	/* [a-zA-Z_][a-zA-Z0-9_]* */
	const char *value;	/* any bytes; copied */
};

struct prom;

struct prom *prom_new(void);
void prom_free(struct prom *);

/*
 * Declares a gauge family; returns its index for prom_add.  name must be
 * a valid metric name, help a line of text.
 */
size_t prom_gauge(struct prom *, const char *name, const char *help);

/* Adds a sample of family fam with nlabels labels (at most PROM_LABELS_MAX). */
void prom_add_uint(struct prom *, size_t fam, const struct prom_label *,
    size_t nlabels, uintmax_t value);
void prom_add_double(struct prom *, size_t fam, const struct prom_label *,
    size_t nlabels, double value);

/* Writes the document; -1 with errno set when fp reports an error. */
int prom_write(const struct prom *, FILE *fp);

/*
 * Writes s as a label value goes between its quotes: backslash, double
 * quote and newline escaped, each byte that is not part of valid UTF-8 as
 * U+FFFD.
 */
void prom_escape_label(FILE *, const char *s);

#endif
