/*
 * cmd-dump.c -- read the contents: canonical hex+ASCII or raw bytes.
 *
 * The object is read with pread(2) in bounded chunks, never mapped: an
 * object truncated by another process while it is read then shows up as a
 * short read, not as SIGBUS, and memory use does not depend on its size.
 */
#include "config.h"

#include <sys/sendfile.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "hexdump.h"
#include "parse.h"
#include "xmalloc.h"

/*
 * Input per formatting round: its output (about five times as much) still
 * fits in a typical L2 cache, and each write(2) is large.
 */
#define DUMP_CHUNK	(64 * 1024)
/* Raw copies through user space, where the kernel cannot copy for us. */
#define DUMP_RAW_CHUNK	(256 * 1024)
/* Per sendfile(2) call: large, yet a shrink is noticed soon enough. */
#define DUMP_SEND_CHUNK	(16 * 1024 * 1024)

struct dump_opts {
	off_t offset;
	off_t length;		/* -1: to the end of the object */
	bool raw;
	bool verbose;
};

/* How a dump ended. */
enum dump_status {
	DUMP_DONE,
	DUMP_SHRANK,		/* the object ended early */
	DUMP_READ_FAILED,	/* errno in the job */
	DUMP_OUTPUT_FAILED,	/* errno in the job */
};

struct dump_job {
	int fd;
	off_t pos;		/* next offset to read */
	off_t end;		/* where the dump stops */
	int errnum;
};

/* Waits until a non-blocking standard output can take more. */
static void
wait_writable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };

	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		continue;
}

/* Writes all of buf to standard output: 0, or an errno. */
static int
output_all(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				wait_writable(STDOUT_FILENO);
				continue;
			}
			return errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads up to len bytes at pos, fewer only at the end of the object. */
static ssize_t
read_full(int fd, unsigned char *buf, size_t len, off_t pos)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, pos + (off_t)got);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static size_t
chunk_of(const struct dump_job *j, size_t max)
{
	off_t left = j->end - j->pos;

	return left < (off_t)max ? (size_t)left : max;
}

/*
 * One round of the canonical format: reads a chunk, formats it (with the
 * ending if this is the last chunk or the object ended early), writes it.
 */
static enum dump_status
canonical_round(struct dump_job *j, struct hexdump *hd, unsigned char *in,
    char *out)
{
	size_t want = chunk_of(j, DUMP_CHUNK), whole, n;
	ssize_t got = read_full(j->fd, in, want, j->pos);
	enum dump_status st = DUMP_DONE;
	int e;

	if (got == -1) {
		j->errnum = errno;
		st = DUMP_READ_FAILED;
		got = 0;
	} else if ((size_t)got < want)
		st = DUMP_SHRANK;
	whole = (size_t)got - (size_t)got % HEXDUMP_WIDTH;
	n = hexdump_lines(hd, in, whole, out);
	j->pos += got;
	/* What was read is shown, as hexdump would show those bytes. */
	if (st != DUMP_DONE || j->pos == j->end)
		n += hexdump_end(hd, in + whole, (size_t)got - whole, out + n);
	if ((e = output_all(out, n)) != 0) {
		j->errnum = e;
		return DUMP_OUTPUT_FAILED;
	}
	return st;
}

static enum dump_status
dump_canonical(struct dump_job *j, bool verbose)
{
	unsigned char *in = xmalloc(DUMP_CHUNK);
	char *out = xmalloc(HEXDUMP_BOUND(DUMP_CHUNK));
	enum dump_status st;
	struct hexdump hd;

	hexdump_init(&hd, (uint64_t)j->pos, verbose);
	/* Even an empty range has its final offset line. */
	do
		st = canonical_round(j, &hd, in, out);
	while (st == DUMP_DONE && j->pos < j->end);
	free(out);
	free(in);
	return st;
}

/* The raw bytes through user space. */
static enum dump_status
raw_copy(struct dump_job *j)
{
	unsigned char *buf = xmalloc(DUMP_RAW_CHUNK);
	enum dump_status st = DUMP_DONE;
	int e;

	while (st == DUMP_DONE && j->pos < j->end) {
		size_t want = chunk_of(j, DUMP_RAW_CHUNK);
		ssize_t got = read_full(j->fd, buf, want, j->pos);

		if (got == -1) {
			j->errnum = errno;
			st = DUMP_READ_FAILED;
			break;
		}
		if ((size_t)got < want)
			st = DUMP_SHRANK;
		if ((e = output_all((char *)buf, (size_t)got)) != 0) {
			j->errnum = e;
			st = DUMP_OUTPUT_FAILED;
		}
		j->pos += got;
	}
	free(buf);
	return st;
}

/*
 * The raw bytes copied by the kernel (page cache to pipe, file or socket),
 * falling back to raw_copy where sendfile(2) cannot write to this output.
 */
static enum dump_status
dump_raw(struct dump_job *j)
{
	while (j->pos < j->end) {
		ssize_t n = sendfile(STDOUT_FILENO, j->fd, &j->pos,
		    chunk_of(j, DUMP_SEND_CHUNK));

		if (n == 0)
			return DUMP_SHRANK;
		if (n > 0)
			continue;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			wait_writable(STDOUT_FILENO);
			continue;
		}
		/* EBADF: either side; reading and writing will say which. */
		if (errno == EINVAL || errno == ENOSYS ||
		    errno == EOPNOTSUPP || errno == EBADF)
			return raw_copy(j);
		/* Reading a shm object does not fail; writing does. */
		j->errnum = errno;
		return errno == EIO ? DUMP_READ_FAILED : DUMP_OUTPUT_FAILED;
	}
	return DUMP_DONE;
}

static int
dump_report(struct cmd_ctx *ctx, const char *label, enum dump_status st,
    const struct dump_job *j, off_t start)
{
	switch (st) {
	case DUMP_DONE:
		return EXIT_OK;
	case DUMP_SHRANK:
		cmd_warnx(ctx, label, "object shrank while being read: "
		    "stopped at offset %jd after %jd of %jd bytes",
		    (intmax_t)j->pos, (intmax_t)(j->pos - start),
		    (intmax_t)(j->end - start));
		break;
	case DUMP_READ_FAILED:
		cmd_warnx(ctx, label, "read: %s", strerror(j->errnum));
		break;
	case DUMP_OUTPUT_FAILED:
		/* A reader that went away early ends the dump quietly. */
		if (j->errnum != EPIPE)
			cmd_warnx(ctx, NULL, "standard output: %s",
			    strerror(j->errnum));
		break;
	}
	return EXIT_FAIL;
}

static int
dump_one(struct cmd_ctx *ctx, int fd, const char *label, void *arg)
{
	const struct dump_opts *o = arg;
	struct dump_job j = { .fd = fd, .pos = o->offset };
	struct pshm_error err;
	struct pshm_stat st;
	enum dump_status status;

	if (pshm_fstat(fd, &st, &err) != 0) {
		cmd_warn_error(ctx, label, &err);
		return EXIT_FAIL;
	}
	if (o->offset > st.size) {
		cmd_warnx(ctx, label, "offset %jd is past the end of the "
		    "object (size %jd)", (intmax_t)o->offset,
		    (intmax_t)st.size);
		return EXIT_FAIL;
	}
	/* hexdump -n 0 shows nothing at all, not even the offset. */
	if (o->length == 0)
		return EXIT_OK;
	j.end = o->length < 0 || o->length > st.size - o->offset ?
	    st.size : o->offset + o->length;
	status = o->raw ? dump_raw(&j) : dump_canonical(&j, o->verbose);
	return dump_report(ctx, label, status, &j, o->offset);
}

static int
dump_parse(struct cmd_ctx *ctx, struct dump_opts *o)
{
	const char *arg, *why;

	o->offset = 0;
	o->length = -1;
	if (args_has(ctx, 'o') && args_has(ctx, 's'))
		return cmd_usage_error(ctx, "-o and -s are one option: give "
		    "one of them");
	/* -s, --skip: hexdump(1)'s name for the offset. */
	if ((arg = args_get(ctx, args_has(ctx, 's') ? 's' : 'o')) != NULL &&
	    parse_size(arg, &o->offset, &why) != 0)
		return cmd_usage_error(ctx, "invalid offset '%s': %s", arg,
		    why);
	if ((arg = args_get(ctx, 'n')) != NULL &&
	    parse_size(arg, &o->length, &why) != 0)
		return cmd_usage_error(ctx, "invalid length '%s': %s", arg,
		    why);
	if (args_has(ctx, 'C') && args_has(ctx, 'r'))
		return cmd_usage_error(ctx, "-C and -r cannot both be given");
	o->raw = args_has(ctx, 'r');
	o->verbose = args_has(ctx, 'v');
	return 0;
}

static int
cmd_dump_exec(struct cmd_ctx *ctx)
{
	struct dump_opts o;
	const char *why;

	if (dump_parse(ctx, &o) != 0)
		return EXIT_USAGE;
	/* SHMCTL_HEXDUMP forces a line formatter, to test each (hexdump.h). */
	if (!o.raw && (why = hexdump_formatter_choose()) != NULL) {
		cmd_warnx(ctx, NULL, "%s", why);
		return EXIT_FAIL;
	}
	return cmd_each_object(ctx, dump_one, &o);
}

static const struct cmd_option cmd_dump_options[] = {
	{ 'o', "offset", "OFFSET", "start at byte OFFSET (default 0)" },
	{ 's', "skip", "OFFSET", "the same as -o, as hexdump -s takes it" },
	{ 'n', "length", "LENGTH",
	    "dump at most LENGTH bytes (default: to the end)" },
	{ 'C', "canonical", NULL,
	    "hex+ASCII as hexdump -C shows it (the default)" },
	{ 'r', "raw", NULL, "the bytes themselves" },
	{ 'v', "no-squeezing", NULL,
	    "show repeated lines instead of a single '*'" },
	{ OPT_FD, "fd", "N", "dump the object open at descriptor N" },
	{ 0 }
};

const struct cmd_entry cmd_dump_entry = {
	.name = "dump",
	.usage = "[-o|-s OFFSET] [-n LENGTH] [-C | -r] [-v] (NAME | --fd N)",
	.summary = "show the contents of an object, in hex or raw",
	.options = cmd_dump_options,
	.min_operands = 1,
	.max_operands = 1,
	.fd_min_operands = 0,
	.fd_max_operands = 0,
	.flags = CMD_FD | CMD_NAMES,
	.names_open = PSHM_INPUT,
	.exec = cmd_dump_exec,
};
