/*
 * row.c -- an object's row: what list, stat and gc know about one object,
 * and its values as every output form writes them.
 */
#include "config.h"

#include <sys/stat.h>
#include <fcntl.h>
#include <grp.h>
#include <libutil.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "row.h"
#include "strbuf.h"
#include "xmalloc.h"

struct shm_row *
row_list_add(struct row_list *rl, const char *name)
{
	struct shm_row *row;

	if (rl->n == rl->cap) {
		rl->cap = rl->cap != 0 ? rl->cap * 2 : 64;
		rl->v = xreallocarray(rl->v, rl->cap, sizeof *rl->v);
	}
	row = &rl->v[rl->n++];
	memset(row, 0, sizeof *row);
	row->name = xstrdup(name);
	return row;
}

void
row_list_free(struct row_list *rl)
{
	for (size_t i = 0; i < rl->n; i++)
		free(rl->v[i].name);
	free(rl->v);
	rl->v = NULL;
	rl->n = rl->cap = 0;
}

void
row_read_birth(struct shm_row *row, int fd)
{
	struct statx stx;

	/* O_PATH descriptors too: AT_EMPTY_PATH asks about fd itself. */
	row->birth_known = statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
	    STATX_BTIME, &stx) == 0 && (stx.stx_mask & STATX_BTIME) != 0;
	if (row->birth_known) {
		row->birth.tv_sec = stx.stx_btime.tv_sec;
		row->birth.tv_nsec = stx.stx_btime.tv_nsec;
	}
}

enum shm_type
shm_type_of(const char *name, mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		/* glibc's sem_open(3) keeps semaphores here as "sem.NAME". */
		return strncmp(name, "sem.", 4) == 0 ? SHM_TYPE_SEM :
		    SHM_TYPE_SHM;
	case S_IFLNK:
		return SHM_TYPE_SYMLINK;
	case S_IFIFO:
		return SHM_TYPE_FIFO;
	case S_IFDIR:
		return SHM_TYPE_DIR;
	case S_IFSOCK:
		return SHM_TYPE_SOCKET;
	case S_IFCHR:
		return SHM_TYPE_CHAR;
	case S_IFBLK:
		return SHM_TYPE_BLOCK;
	default:
		return SHM_TYPE_OTHER;
	}
}

const char *
shm_type_name(enum shm_type t)
{
	static const char *const names[] = {
		[SHM_TYPE_SHM] = "shm",
		[SHM_TYPE_SEM] = "sem",
		[SHM_TYPE_SYMLINK] = "symlink",
		[SHM_TYPE_FIFO] = "fifo",
		[SHM_TYPE_DIR] = "dir",
		[SHM_TYPE_SOCKET] = "socket",
		[SHM_TYPE_CHAR] = "char",
		[SHM_TYPE_BLOCK] = "block",
		[SHM_TYPE_OTHER] = "other",
		[SHM_TYPE_MEMFD] = "memfd",
	};

	return names[t];
}

/* --- values ---------------------------------------------------------- */

const char *
row_user_name(uid_t uid)
{
	/* libbsd caches the lookups: one getpwuid per distinct uid. */
	return user_from_uid(uid, 0);
}

const char *
row_group_name(gid_t gid)
{
	return group_from_gid(gid, 0);
}

/* strmode(3) without its trailing space. */
void
row_perms(mode_t mode, char buf[12])
{
	strmode(mode, buf);
	buf[10] = '\0';
}

uintmax_t
row_alloc_bytes(const struct pshm_stat *st)
{
	return (uintmax_t)st->blocks * 512;
}

void
row_time(struct strbuf *sb, const struct timespec *ts, enum time_style style)
{
	char buf[64];
	struct tm tm;
	size_t n;

	if (localtime_r(&ts->tv_sec, &tm) == NULL) {
		sb_printf(sb, "%jd", (intmax_t)ts->tv_sec);
		return;
	}
	switch (style) {
	case TIME_SHORT:
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
		break;
	case TIME_ISO:
	case TIME_ISO_MS:
		n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
		if (style == TIME_ISO_MS)
			n += snprintf(buf + n, sizeof buf - n, ".%03ld",
			    (long)ts->tv_nsec / 1000000);
		n += strftime(buf + n, sizeof buf - n, "%z", &tm);
		/* ISO 8601 wants the offset as +HH:MM. */
		if (n >= 5 && n + 2 < sizeof buf) {
			memmove(buf + n - 1, buf + n - 2, 3);
			buf[n - 2] = ':';
		}
		break;
	case TIME_MS:
		n = strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(buf + n, sizeof buf - n, ".%03ld",
		    (long)ts->tv_nsec / 1000000);
		break;
	case TIME_FULL:
		n = strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
		n += snprintf(buf + n, sizeof buf - n, ".%09ld",
		    (long)ts->tv_nsec);
		strftime(buf + n, sizeof buf - n, " %z", &tm);
		break;
	}
	sb_puts(sb, buf);
}

void
row_holders_count(struct strbuf *sb, const struct shm_holders *h)
{
	if (h == NULL || !h->checked)
		sb_puts(sb, "?");
	else
		sb_printf(sb, "%zu%s", h->count, h->complete ? "" : "+");
}

const char *
out_human_size(uintmax_t bytes, char *buf, size_t len)
{
	/* Four characters at most, as lsblk: "1.5M", "512B". */
	if (humanize_number(buf, len < 5 ? len : 5, (int64_t)bytes, "",
	    HN_AUTOSCALE, HN_DECIMAL | HN_NOSPACE | HN_B) == -1)
		snprintf(buf, len, "%ju", bytes);
	return buf;
}
