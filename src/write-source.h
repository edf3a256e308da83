/*
 * write-source.h -- the data shmctl-write(1) puts into an object: a FILE,
 * standard input, a TEXT or a repeated byte, taken in pieces of at most
 * WRITE_CHUNK bytes, or copied by the kernel (copy_file_range(2),
 * splice(2)) without passing through this process.
 */
#ifndef SHMCTL_WRITE_SOURCE_H
#define SHMCTL_WRITE_SOURCE_H

#include <sys/types.h>
#include <stdbool.h>

struct cmd_ctx;

/* Bytes per read and pwrite: as dd bs=1M, and far below the 8 MiB goal. */
#define WRITE_CHUNK	(1024 * 1024)

enum source_kind {
	SOURCE_FD,		/* FILE or standard input */
	SOURCE_TEXT,		/* --string */
	SOURCE_FILL,		/* --fill */
};

/* What the command line asks for. */
struct source_spec {
	enum source_kind kind;
	const char *text;
	unsigned char fill;
	off_t fill_length;	/* -1: to the end of the object */
	const char *file;	/* FILE operand; NULL or "-": standard input */
};

/* How bytes get from a FILE or standard input into the object. */
enum source_path {
	PATH_READ,		/* read(2) and pwrite(2) */
	PATH_COPY_RANGE,	/* a regular file: copy_file_range(2) */
	PATH_SPLICE,		/* a pipe: splice(2) */
};

struct source {
	enum source_kind kind;
	enum source_path path;
	int fd;
	bool owned;		/* fd was opened here */
	const char *label;	/* the FILE, or "standard input" */
	off_t length;		/* known beforehand, or -1: a stream */
	const char *text;
	off_t taken;		/* of text */
	unsigned char *buf;	/* WRITE_CHUNK bytes: read buffer or fill */
};

/* Gets the data ready before the object is touched; -1 after reporting. */
int source_open(struct cmd_ctx *, const struct source_spec *,
    struct source *);
void source_close(struct source *);

/* Waits for a non-blocking input to have data. */
void source_wait(const struct source *);

/*
 * The next piece of data, at most max bytes: its length (0 at the end of
 * the input) and *data, or -1 with errno.  Waits for a non-blocking input.
 */
ssize_t source_next(struct source *, size_t max, const unsigned char **data);

/* Whether a stream has data left: reads (and drops) one byte. */
bool source_has_more(struct source *);

/*
 * Has the kernel copy up to max bytes from the input into fd at offset
 * off: the bytes copied (0 at the end of the input), or -1 with errno.
 */
ssize_t source_kernel_copy(struct source *, int fd, off_t off, size_t max);
/* Where the kernel cannot copy between these two: read and write instead. */
bool source_kernel_copy_unsupported(int errnum);

#endif
