/*
 * write-source.c -- the data shmctl-write(1) puts into an object (see
 * write-source.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "write-source.h"
#include "xmalloc.h"

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

int
source_open(struct cmd_ctx *ctx, const struct source_spec *o,
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

void
source_close(struct source *src)
{
	if (src->owned)
		close(src->fd);
	free(src->buf);
}

void
source_wait(const struct source *src)
{
	struct pollfd pfd = { .fd = src->fd, .events = POLLIN };

	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		continue;
}

ssize_t
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
		for (;;) {
			n = read(src->fd, src->buf, max);
			if (n != -1 || (errno != EINTR && errno != EAGAIN))
				return n;
			if (errno == EAGAIN)
				source_wait(src);
		}
	}
}

bool
source_has_more(struct source *src)
{
	const unsigned char *data;

	return src->kind == SOURCE_FD && source_next(src, 1, &data) > 0;
}

ssize_t
source_kernel_copy(struct source *src, int fd, off_t offset, size_t max)
{
	loff_t off = offset;
	ssize_t n;

	for (;;) {
		if (src->path == PATH_COPY_RANGE)
			n = copy_file_range(src->fd, NULL, fd, &off, max,
			    0);
		else
			n = splice(src->fd, NULL, fd, &off, max,
			    SPLICE_F_MOVE);
		if (n != -1 || errno != EINTR) {
			if (n == -1 && errno == EAGAIN) {
				source_wait(src);
				continue;
			}
			return n;
		}
	}
}

bool
source_kernel_copy_unsupported(int errnum)
{
	return errnum == EINVAL || errnum == EXDEV || errnum == ENOSYS ||
	    errnum == EOPNOTSUPP || errnum == EBADF;
}
