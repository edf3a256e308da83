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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "parse.h"
#include "reap.h"
#include "write-source.h"

#ifndef OFF_MAX
#define OFF_MAX		INT64_MAX
#endif

struct write_opts {
	off_t offset;
	struct source_spec in;
	const char *name;	/* canonical NAME; NULL with --fd */
	bool grow;		/* --grow, or --truncate which sets the size */
	bool truncate;
	bool create;
	mode_t mode;
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

	o->in.kind = SOURCE_FD;
	if (args_has(ctx, OPT_STRING) && args_has(ctx, OPT_FILL))
		return cmd_usage_error(ctx, "--string and --fill cannot both "
		    "be given");
	if ((o->in.text = args_get(ctx, OPT_STRING)) != NULL)
		o->in.kind = SOURCE_TEXT;
	if ((arg = args_get(ctx, OPT_FILL)) != NULL) {
		if (parse_byte(arg, &o->in.fill, &why) != 0)
			return cmd_usage_error(ctx, "invalid byte '%s': %s",
			    arg, why);
		o->in.kind = SOURCE_FILL;
	}
	o->in.fill_length = -1;
	if ((arg = args_get(ctx, 'n')) != NULL) {
		if (o->in.kind != SOURCE_FILL)
			return cmd_usage_error(ctx, "-n needs --fill");
		if (parse_size(arg, &o->in.fill_length, &why) != 0)
			return cmd_usage_error(ctx, "invalid length '%s': %s",
			    arg, why);
	}
	if (o->in.kind != SOURCE_FD && o->in.file != NULL)
		return cmd_usage_error(ctx, "a FILE cannot be given with %s",
		    o->in.kind == SOURCE_TEXT ? "--string" : "--fill");
	return 0;
}

/* The operands: [FILE|-] NAME, or [FILE|-] with --fd. */
static void
write_parse_operands(struct cmd_ctx *ctx, struct write_opts *o)
{
	int nfiles = ctx->fd != -1 ? ctx->argc : ctx->argc - 1;

	o->in.file = nfiles > 0 ? ctx->argv[0] : NULL;
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
		source_wait(src);
	if (check_not_shrunk(j, max) != 0)
		return -1;
	if ((n = source_kernel_copy(src, j->fd, j->offset + j->written,
	    max)) == -1) {
		if (j->written == 0 && source_kernel_copy_unsupported(errno)) {
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

	if ((n = source_next(src, max, &data)) == -1) {
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
	if (source_open(ctx, &o.in, &src) == 0 &&
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
