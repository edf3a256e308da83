/*
 * cmd-write.c -- put data into an object: a FILE, standard input, a TEXT or
 * a repeated byte, at an offset.
 *
 * Data goes in with pwrite(2) in bounded chunks, so memory use does not
 * depend on its size.  Data whose length is known beforehand is checked
 * against the object's size before anything is written; a stream is written
 * as far as it fits.  The object's size is checked before every chunk, so
 * that a write does not silently re-extend an object another process has
 * truncated meanwhile.
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "parse.h"
#include "reap.h"
#include "xmalloc.h"

/* Bytes per read and pwrite: as dd bs=1M, and far below the 8 MiB goal. */
#define WRITE_CHUNK	(1024 * 1024)

#ifndef OFF_MAX
#define OFF_MAX		INT64_MAX
#endif

enum source_kind {
	SOURCE_FD,		/* FILE or standard input */
	SOURCE_TEXT,		/* --string */
	SOURCE_FILL,		/* --fill */
};

struct write_opts {
	off_t offset;
	enum source_kind kind;
	const char *text;
	unsigned char fill;
	off_t fill_length;	/* -1: to the end of the object */
	const char *file;	/* FILE operand; NULL or "-": standard input */
	const char *name;	/* canonical NAME; NULL with --fd */
	bool grow;		/* --grow, or --truncate which sets the size */
	bool truncate;
	bool create;
	mode_t mode;
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

struct write_job {
	struct cmd_ctx *ctx;
	int fd;
	const char *label;	/* "/name" or "fd N" */
	off_t size;		/* of the object, before writing */
	off_t offset;
	off_t want;		/* at most this many bytes */
	off_t written;
	bool grow;
	bool truncate;
};

static int
write_parse_source(struct cmd_ctx *ctx, struct write_opts *o)
{
	const char *arg, *why;

	o->kind = SOURCE_FD;
	if (args_has(ctx, OPT_STRING) && args_has(ctx, OPT_FILL))
		return cmd_usage_error(ctx, "--string and --fill cannot both "
		    "be given");
	if ((o->text = args_get(ctx, OPT_STRING)) != NULL)
		o->kind = SOURCE_TEXT;
	if ((arg = args_get(ctx, OPT_FILL)) != NULL) {
		if (parse_byte(arg, &o->fill, &why) != 0)
			return cmd_usage_error(ctx, "invalid byte '%s': %s",
			    arg, why);
		o->kind = SOURCE_FILL;
	}
	o->fill_length = -1;
	if ((arg = args_get(ctx, 'n')) != NULL) {
		if (o->kind != SOURCE_FILL)
			return cmd_usage_error(ctx, "-n needs --fill");
		if (parse_size(arg, &o->fill_length, &why) != 0)
			return cmd_usage_error(ctx, "invalid length '%s': %s",
			    arg, why);
	}
	if (o->kind != SOURCE_FD && o->file != NULL)
		return cmd_usage_error(ctx, "a FILE cannot be given with %s",
		    o->kind == SOURCE_TEXT ? "--string" : "--fill");
	return 0;
}

/* The operands: [FILE|-] NAME, or [FILE|-] with --fd. */
static void
write_parse_operands(struct cmd_ctx *ctx, struct write_opts *o)
{
	int nfiles = ctx->fd != -1 ? ctx->argc : ctx->argc - 1;

	o->file = nfiles > 0 ? ctx->argv[0] : NULL;
	o->name = ctx->nnames > 0 ? ctx->names[0] : NULL;
}

static int
write_parse(struct cmd_ctx *ctx, struct write_opts *o)
{
	const char *arg, *why;

	write_parse_operands(ctx, o);
	if ((arg = args_get(ctx, 'o')) != NULL &&
	    parse_size(arg, &o->offset, &why) != 0)
		return cmd_usage_error(ctx, "invalid offset '%s': %s", arg,
		    why);
	if (write_parse_source(ctx, o) != 0)
		return -1;
	o->create = args_has(ctx, OPT_CREATE);
	o->truncate = args_has(ctx, OPT_TRUNCATE);
	o->grow = args_has(ctx, OPT_GROW) || o->truncate;
	o->mode = 0600;
	if (o->create && ctx->fd != -1)
		return cmd_usage_error(ctx, "--create needs a NAME, not --fd");
	if ((arg = args_get(ctx, 'm')) != NULL) {
		if (!o->create)
			return cmd_usage_error(ctx, "-m needs --create");
		if (parse_mode(arg, MODE_NEW, &o->mode, &why) != 0)
			return cmd_usage_error(ctx, "invalid mode '%s': %s",
			    arg, why);
	}
	return 0;
}

/*
 * A regular file's length is known (what is left of it from the current
 * position); the kernel can copy from it, or from a pipe, without the
 * bytes passing through this process.
 */
static void
source_inspect(struct source *src)
{
	struct stat st;
	off_t pos;

	src->length = -1;
	src->path = PATH_READ;
	if (fstat(src->fd, &st) == -1)
		return;
	if (S_ISFIFO(st.st_mode)) {
		src->path = PATH_SPLICE;
		/*
		 * A larger pipe lets the writer run ahead: fewer switches
		 * between it and this process.  Best effort.
		 */
		(void)fcntl(src->fd, F_SETPIPE_SZ, WRITE_CHUNK);
	}
	/* /proc and /sys files say 0 and have more: read those as streams. */
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return;
	src->path = PATH_COPY_RANGE;
	if ((pos = lseek(src->fd, 0, SEEK_CUR)) == -1)
		pos = 0;
	src->length = st.st_size > pos ? st.st_size - pos : 0;
}

static int
source_open_file(struct cmd_ctx *ctx, const char *path, struct source *src)
{
	struct stat st;

	src->label = path;
	src->fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (src->fd == -1) {
		cmd_warnx(ctx, path, "%s", strerror(errno));
		return -1;
	}
	src->owned = true;
	if (fstat(src->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		cmd_warnx(ctx, path, "%s", strerror(EISDIR));
		return -1;
	}
	return 0;
}

/* Gets the data ready before the object is touched; -1 after reporting. */
static int
source_open(struct cmd_ctx *ctx, const struct write_opts *o,
    struct source *src)
{
	src->kind = o->kind;
	src->path = PATH_READ;
	src->fd = -1;
	src->length = -1;
	if (o->kind == SOURCE_TEXT) {
		src->text = o->text;
		src->length = (off_t)strlen(o->text);
		return 0;
	}
	src->buf = xmalloc(WRITE_CHUNK);
	if (o->kind == SOURCE_FILL) {
		memset(src->buf, o->fill, WRITE_CHUNK);
		src->length = o->fill_length;	/* -1: decided later */
		return 0;
	}
	if (o->file == NULL || strcmp(o->file, "-") == 0) {
		src->fd = STDIN_FILENO;
		src->label = "standard input";
	} else if (source_open_file(ctx, o->file, src) != 0)
		return -1;
	source_inspect(src);
	return 0;
}

static void
source_close(struct source *src)
{
	if (src->owned)
		close(src->fd);
	free(src->buf);
}

/* Waits for a non-blocking input to have data. */
static void
wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		continue;
}

/*
 * The next piece of data, at most max bytes: its length (0 at the end of
 * the input) and *data, or -1 with errno.
 */
static ssize_t
source_next(struct source *src, size_t max, const unsigned char **data)
{
	ssize_t n;

	if (max > WRITE_CHUNK)
		max = WRITE_CHUNK;
	switch (src->kind) {
	case SOURCE_TEXT:
		if ((off_t)max > src->length - src->taken)
			max = (size_t)(src->length - src->taken);
		*data = (const unsigned char *)src->text + src->taken;
		src->taken += (off_t)max;
		return (ssize_t)max;
	case SOURCE_FILL:
		*data = src->buf;
		return (ssize_t)max;
	default:
		*data = src->buf;
		while ((n = read(src->fd, src->buf, max)) == -1 &&
		    errno == EINTR)
			continue;
		return n;
	}
}

/* Whether a stream has data left: reads (and drops) one byte. */
static bool
source_has_more(struct source *src)
{
	const unsigned char *data;
	ssize_t n;

	if (src->kind != SOURCE_FD)
		return false;
	while ((n = source_next(src, 1, &data)) == -1 && errno == EAGAIN)
		wait_readable(src->fd);
	return n > 0;
}

static int
target_open(struct cmd_ctx *ctx, const struct write_opts *o, int *fdp,
    bool *created)
{
	struct pshm_open_opts oo = {
		.direction = PSHM_IO,
		.if_exists = PSHM_IFEX_OVERWRITE,
		.if_does_not_exist = o->create ? PSHM_IFDNE_CREATE :
		    PSHM_IFDNE_ERROR,
		.mode = o->mode,
	};
	struct pshm_error err;

	if (ctx->fd != -1) {
		if (pshm_check_fd(ctx->fd, &err) != 0) {
			cmd_warn_error(ctx, ctx->fd_label, &err);
			return -1;
		}
		*fdp = ctx->fd;
		return 0;
	}
	if (pshm_open(&ctx->ns, o->name, &oo, fdp, created, &err) !=
	    PSHM_OK) {
		cmd_warn_error(ctx, o->name, &err);
		return -1;
	}
	return 0;
}

/*
 * Decides how much may be written; reports and returns -1 when the data
 * does not fit, before anything is written.
 */
static int
write_plan(struct write_job *j, struct source *src)
{
	if (src->kind == SOURCE_FILL && src->length < 0)
		src->length = j->size > j->offset ? j->size - j->offset : 0;
	if (!j->grow && j->offset > j->size) {
		cmd_warnx(j->ctx, j->label, "offset %jd is past the end of "
		    "the object (size %jd); nothing written (--grow extends "
		    "it)", (intmax_t)j->offset, (intmax_t)j->size);
		return -1;
	}
	if (src->length > OFF_MAX - j->offset) {
		cmd_warnx(j->ctx, j->label, "offset and length together "
		    "exceed the largest file size");
		return -1;
	}
	if (src->length >= 0 && !j->grow &&
	    j->offset + src->length > j->size) {
		cmd_warnx(j->ctx, j->label, "%jd bytes at offset %jd would "
		    "run past the end of the object (size %jd); nothing "
		    "written (--grow extends it)", (intmax_t)src->length,
		    (intmax_t)j->offset, (intmax_t)j->size);
		return -1;
	}
	if (src->length >= 0)
		j->want = src->length;
	else
		j->want = j->grow ? OFF_MAX - j->offset : j->size - j->offset;
	return 0;
}

/*
 * Whether the object still holds what this write needs: without --grow,
 * room for the next n bytes; with it, what has been written so far.
 */
static int
check_not_shrunk(struct write_job *j, size_t n)
{
	struct pshm_error err;
	struct pshm_stat st;
	off_t need = j->offset + j->written + (j->grow ? 0 : (off_t)n);

	if (pshm_fstat(j->fd, &st, &err) != 0) {
		cmd_warn_error(j->ctx, j->label, &err);
		return -1;
	}
	if (st.size < need && (!j->grow || j->written > 0)) {
		cmd_warnx(j->ctx, j->label, "object shrank to %jd bytes while "
		    "being written; stopped after %jd bytes written",
		    (intmax_t)st.size, (intmax_t)j->written);
		return -1;
	}
	return 0;
}

static int
put_chunk(struct write_job *j, const unsigned char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = pwrite(j->fd, data, n, j->offset + j->written);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			cmd_warnx(j->ctx, j->label, "write: %s (%jd bytes "
			    "written)", strerror(errno), (intmax_t)j->written);
			return -1;
		}
		data += w;
		n -= (size_t)w;
		j->written += w;
	}
	return 0;
}

/*
 * Has the kernel copy up to max bytes from the input into the object:
 * the bytes copied (0 at the end of the input), or -1 with errno.
 */
static ssize_t
kernel_copy(struct write_job *j, struct source *src, size_t max)
{
	loff_t off = j->offset + j->written;
	ssize_t n;

	for (;;) {
		if (src->path == PATH_COPY_RANGE)
			n = copy_file_range(src->fd, NULL, j->fd, &off, max,
			    0);
		else
			n = splice(src->fd, NULL, j->fd, &off, max,
			    SPLICE_F_MOVE);
		if (n != -1 || errno != EINTR) {
			if (n == -1 && errno == EAGAIN) {
				wait_readable(src->fd);
				continue;
			}
			return n;
		}
	}
}

/* Where the kernel cannot copy between these two, read and write. */
static bool
kernel_copy_unsupported(int errnum)
{
	return errnum == EINVAL || errnum == EXDEV || errnum == ENOSYS ||
	    errnum == EOPNOTSUPP || errnum == EBADF;
}

/*
 * One chunk of at most max bytes through the kernel: 1 when copied, 0 at
 * the end of the input, -1 after reporting, 2 to go on by reading instead.
 */
static int
copy_chunk_kernel(struct write_job *j, struct source *src, size_t max)
{
	ssize_t n;

	/*
	 * Wait for data before checking the size, so that a truncation
	 * during the wait is seen rather than undone by the splice.
	 */
	if (src->path == PATH_SPLICE)
		wait_readable(src->fd);
	if (check_not_shrunk(j, max) != 0)
		return -1;
	if ((n = kernel_copy(j, src, max)) == -1) {
		if (j->written == 0 && kernel_copy_unsupported(errno)) {
			src->path = PATH_READ;
			return 2;
		}
		cmd_warnx(j->ctx, j->label, "write: %s (%jd bytes written)",
		    strerror(errno), (intmax_t)j->written);
		return -1;
	}
	j->written += n;
	return n > 0;
}

/* One chunk through a buffer; results as copy_chunk_kernel. */
static int
copy_chunk_read(struct write_job *j, struct source *src, size_t max)
{
	const unsigned char *data;
	ssize_t n;

	while ((n = source_next(src, max, &data)) == -1 && errno == EAGAIN)
		wait_readable(src->fd);
	if (n == -1) {
		cmd_warnx(j->ctx, src->label, "read: %s (%jd bytes written "
		    "to %s)", strerror(errno), (intmax_t)j->written,
		    j->label);
		return -1;
	}
	if (n == 0)
		return 0;
	if (check_not_shrunk(j, (size_t)n) != 0 ||
	    put_chunk(j, data, (size_t)n) != 0)
		return -1;
	return 1;
}

/* Copies the data in; -1 after reporting. */
static int
write_copy(struct write_job *j, struct source *src)
{
	int rc = 1;

	while (rc > 0 && j->written < j->want) {
		off_t left = j->want - j->written;
		size_t max = left < WRITE_CHUNK ? (size_t)left : WRITE_CHUNK;

		if (src->path != PATH_READ)
			rc = copy_chunk_kernel(j, src, max);
		else
			rc = copy_chunk_read(j, src, max);
	}
	if (rc < 0)
		return -1;
	if (src->length < 0 && !j->grow && j->written == j->want &&
	    source_has_more(src)) {
		cmd_warnx(j->ctx, j->label, "wrote %jd bytes; the rest of the "
		    "input was not written: it would run past the end of the "
		    "object (size %jd; --grow extends it)",
		    (intmax_t)j->written, (intmax_t)j->size);
		return -1;
	}
	return 0;
}

/*
 * --grow past the end with no data still extends; --truncate sets, but
 * shrinks only what no other process maps (shmctl-truncate(1)).
 */
static int
write_finish(struct write_job *j)
{
	struct pshm_error err;
	struct pshm_stat st;
	off_t end = j->offset + j->written;
	char why[1024];

	if (pshm_fstat(j->fd, &st, &err) != 0)
		goto fail;
	if (j->truncate && st.size > end) {
		switch (reap_shrink(j->fd, end, why, sizeof why, &err)) {
		case REAP_SHRUNK:
			return 0;
		case REAP_SHRINK_FAILED:
			goto fail;
		default:
			cmd_warnx(j->ctx, j->label, "wrote %jd bytes; not cut "
			    "to %jd bytes: %s", (intmax_t)j->written,
			    (intmax_t)end, why);
			return -1;
		}
	}
	if ((j->grow && st.size < end) || (j->truncate && st.size != end))
		if (pshm_ftruncate(j->fd, end, &err) != 0)
			goto fail;
	return 0;
fail:
	cmd_warn_error(j->ctx, j->label, &err);
	return -1;
}

static int
write_into(struct write_job *j, struct source *src, bool truncate)
{
	struct pshm_error err;
	struct pshm_stat st;

	if (pshm_fstat(j->fd, &st, &err) != 0) {
		cmd_warn_error(j->ctx, j->label, &err);
		return EXIT_FAIL;
	}
	j->size = st.size;
	if (write_plan(j, src) != 0 || write_copy(j, src) != 0)
		return EXIT_FAIL;
	j->truncate = truncate;
	return write_finish(j) == 0 ? EXIT_OK : EXIT_FAIL;
}

static int
cmd_write_exec(struct cmd_ctx *ctx)
{
	struct write_opts o = { 0 };
	struct source src = { 0 };
	struct write_job j = { .ctx = ctx };
	bool created = false;
	int rc = EXIT_FAIL;
	WITH_OPEN_SHM(fd);

	if (write_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	if (source_open(ctx, &o, &src) == 0 &&
	    target_open(ctx, &o, &j.fd, &created) == 0) {
		if (ctx->fd == -1)
			fd = j.fd;	/* ours to close; --fd's is not */
		j.label = ctx->fd != -1 ? ctx->fd_label : o.name;
		j.offset = o.offset;
		j.grow = o.grow;
		rc = write_into(&j, &src, o.truncate);
		/* A failed write leaves no object behind that it created. */
		if (rc != EXIT_OK && created)
			pshm_unlink(&ctx->ns, o.name, NULL);
	}
	source_close(&src);
	return rc;
}

static const struct cmd_option cmd_write_options[] = {
	{ 'o', "offset", "OFFSET", "write at byte OFFSET (default 0)" },
	{ OPT_STRING, "string", "TEXT", "write TEXT (no newline added)" },
	{ OPT_FILL, "fill", "BYTE",
	    "write BYTE (0-255, decimal or 0xHH) repeatedly" },
	{ 'n', "length", "LENGTH",
	    "with --fill: how many bytes (default: to the end)" },
	{ OPT_GROW, "grow", NULL,
	    "extend the object when the data runs past its end" },
	{ OPT_CREATE, "create", NULL, "create NAME if it does not exist" },
	{ 'm', "mode", "MODE", "with --create: its mode (default 0600)" },
	{ OPT_TRUNCATE, "truncate", NULL,
	    "afterwards, set the size to where the data ended" },
	{ OPT_FD, "fd", "N", "write to the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_write_entry = {
	.name = "write",
	.usage = "[-o OFFSET] [--string TEXT | --fill BYTE [-n LENGTH] | "
	    "FILE | -] [--grow] [--create [-m MODE]] [--truncate] "
	    "(NAME | --fd N)",
	.summary = "write a file, standard input, a text or a byte into an "
	    "object",
	.options = cmd_write_options,
	.min_operands = 1,
	.max_operands = 2,
	.fd_min_operands = 0,
	.fd_max_operands = 1,
	.flags = CMD_FD | CMD_NAME_LAST,
	.exec = cmd_write_exec,
};
