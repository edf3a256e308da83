/*
 * strbuf.h -- a growing string for the output layer.
 */
#ifndef SHMCTL_STRBUF_H
#define SHMCTL_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *p;		/* NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

/* Makes room for more bytes after len. */
void sb_reserve(struct strbuf *, size_t more);
void sb_reset(struct strbuf *);
void sb_free(struct strbuf *);
/* The text so far: "" before anything was added. */
const char *sb_str(const struct strbuf *);
void sb_printf(struct strbuf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_puts(struct strbuf *, const char *);

#endif
