/*
 * output.c -- the output layer: rows of objects to tables (libsmartcols),
 * JSON, raw and pairs; stat's block, --terse and -c; list -0.
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <inttypes.h>
#include <libutil.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include <libsmartcols.h>

#include "output.h"

/* A growing string, reused from cell to cell: no allocation per cell. */
struct strbuf {
	char *p;
	size_t len;
	size_t cap;
};

static int
sb_reserve(struct strbuf *sb, size_t more)
{
	size_t cap;
	char *p;

	if (sb->p != NULL && sb->len + more < sb->cap)
		return 0;
	cap = sb->cap != 0 ? sb->cap : 256;
	while (cap <= sb->len + more)
		cap *= 2;
	if ((p = realloc(sb->p, cap)) == NULL)
		return -1;
	sb->p = p;
	sb->cap = cap;
	return 0;
}

static void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->p != NULL)
		sb->p[0] = '\0';
}

static void
sb_free(struct strbuf *sb)
{
	free(sb->p);
	sb->p = NULL;
	sb->len = sb->cap = 0;
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_reserve(sb, (size_t)n + 1) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

static void
sb_puts(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (sb_reserve(sb, n + 1) != 0)
		return;
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

/* --- escaping -------------------------------------------------------- */

/* True when s needs no escaping: printable ASCII, no backslash. */
static bool
is_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '\\')
			return false;
	return true;
}

const char *
out_escape(const char *s, char *buf, size_t buflen)
{
	size_t len = strlen(s);

	if (buflen < OUT_ESCAPE_MAX(len)) {
		snprintf(buf, buflen, "?");
		return buf;
	}
	if (is_plain(s))
		memcpy(buf, s, len + 1);
	else
		strvis(buf, s, VIS_CSTYLE | VIS_OCTAL | VIS_TAB | VIS_NL |
		    VIS_NOLOCALE);
	return buf;
}

static void
sb_escaped(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);

	if (sb_reserve(sb, OUT_ESCAPE_MAX(len)) != 0)
		return;
	out_escape(s, sb->p + sb->len, sb->cap - sb->len);
	sb->len += strlen(sb->p + sb->len);
}

/* --- rows ------------------------------------------------------------ */

struct shm_row *
row_list_add(struct row_list *rl, const char *name)
{
	struct shm_row *row;

	if (rl->n == rl->cap) {
		size_t cap = rl->cap != 0 ? rl->cap * 2 : 64;
		struct shm_row *v = reallocarray(rl->v, cap, sizeof *v);

		if (v == NULL)
			return NULL;
		rl->v = v;
		rl->cap = cap;
	}
	row = &rl->v[rl->n];
	memset(row, 0, sizeof *row);
	if ((row->name = strdup(name)) == NULL)
		return NULL;
	rl->n++;
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

static const char *
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
	};

	return names[t];
}

/* --- the namespace directory as rows --------------------------------- */

/* A pattern as a NAME may be given: without the directory and the slash. */
static const char *
pattern_body(const char *nspath, const char *p)
{
	size_t dirlen = strlen(nspath);

	if (strncmp(p, nspath, dirlen) == 0 && p[dirlen] == '/')
		p += dirlen;
	if (*p == '/')
		p++;
	return p;
}

int
row_filter_check(const struct row_filter *f, const char *nspath,
    const char **bad)
{
	for (int i = 0; i < f->npatterns; i++)
		if (*pattern_body(nspath, f->patterns[i]) == '\0') {
			*bad = f->patterns[i];
			return -1;
		}
	return 0;
}

/* Whether an entry's name alone already leaves it out. */
static bool
row_wanted_name(const struct row_filter *f, const char *nspath,
    const char *name)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	/* glibc's sem_open(3) keeps semaphores here as "sem.NAME". */
	if (!f->sems && strncmp(name, "sem.", 4) == 0)
		return false;
	if (f->npatterns == 0)
		return true;
	for (int i = 0; i < f->npatterns; i++)
		if (fnmatch(pattern_body(nspath, f->patterns[i]), name, 0) == 0)
			return true;
	return false;
}

static void
pshm_stat_of(const struct stat *st, struct pshm_stat *ps)
{
	ps->dev = st->st_dev;
	ps->ino = st->st_ino;
	ps->mode = st->st_mode;
	ps->nlink = st->st_nlink;
	ps->uid = st->st_uid;
	ps->gid = st->st_gid;
	ps->rdev = st->st_rdev;
	ps->size = st->st_size;
	ps->blksize = st->st_blksize;
	ps->blocks = st->st_blocks;
	ps->atim = st->st_atim;
	ps->mtim = st->st_mtim;
	ps->ctim = st->st_ctim;
}

/* Adds the entry's row if wanted; -1 when it could not be read. */
static int
row_read_entry(struct row_list *rl, const struct pshm_ns *ns, int dfd,
    const struct dirent *de, const struct row_filter *f)
{
	char canon[NAME_MAX + 2];
	struct pshm_stat ps;
	struct shm_row *row;
	struct stat st;

	if (!row_wanted_name(f, ns->path, de->d_name))
		return 0;
	/* The directory's own type hint spares a call for a FIFO or link. */
	if (!f->nonregular && de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
		return 0;
	snprintf(canon, sizeof canon, "/%s", de->d_name);
	if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)	/* removed since readdir: gone */
			return 0;
		f->warn(f->arg, canon, errno);
		return -1;
	}
	if (!f->nonregular && !S_ISREG(st.st_mode))
		return 0;
	pshm_stat_of(&st, &ps);
	if (f->wanted != NULL && !f->wanted(&ps, f->arg))
		return 0;
	if ((row = row_list_add(rl, canon)) == NULL) {
		f->warn(f->arg, canon, errno);
		return -1;
	}
	row->st = ps;
	row->type = shm_type_of(de->d_name, st.st_mode);
	return 0;
}

/* A directory stream of its own on the namespace directory. */
static DIR *
ns_opendir(const struct pshm_ns *ns)
{
	DIR *dir;
	int fd;

	if (ns->dirfd == -1)
		fd = open(PSHM_SYSTEM_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = openat(ns->dirfd, ".", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
	if (fd == -1)
		return NULL;
	if ((dir = fdopendir(fd)) == NULL) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return dir;
}

int
row_list_read(struct row_list *rl, const struct pshm_ns *ns,
    const struct row_filter *f)
{
	struct dirent *de;
	int rc = 0;
	DIR *dir;

	if ((dir = ns_opendir(ns)) == NULL) {
		f->warn(f->arg, NULL, errno);
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL)
			break;
		if (row_read_entry(rl, ns, dirfd(dir), de, f) != 0)
			rc = -1;
	}
	if (errno != 0) {
		f->warn(f->arg, NULL, errno);
		rc = -1;
	}
	closedir(dir);
	return rc;
}

/* --- columns --------------------------------------------------------- */

enum json_kind { JSON_STRING, JSON_NUMBER, JSON_ARRAY };

struct coldef {
	const char *name;
	const char *key;	/* JSON key */
	double whint;
	int flags;		/* SCOLS_FL_* */
	enum json_kind json;
};

static const struct coldef coldefs[OUT_NCOLS] = {
	[OUT_COL_NAME] = { "NAME", "name", 0.3, 0, JSON_STRING },
	[OUT_COL_SIZE] = { "SIZE", "size", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_ALLOC] = { "ALLOC", "alloc", 5, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_MODE] = { "MODE", "mode", 4, 0, JSON_STRING },
	[OUT_COL_PERMS] = { "PERMS", "perms", 10, 0, JSON_STRING },
	[OUT_COL_OWNER] = { "OWNER", "owner", 0.1, 0, JSON_STRING },
	[OUT_COL_GROUP] = { "GROUP", "group", 0.1, 0, JSON_STRING },
	[OUT_COL_UID] = { "UID", "uid", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_GID] = { "GID", "gid", 5, SCOLS_FL_RIGHT, JSON_NUMBER },
	[OUT_COL_INODE] = { "INODE", "inode", 5, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_NLINK] = { "NLINK", "nlink", 1, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_ATIME] = { "ATIME", "atime", 16, 0, JSON_STRING },
	[OUT_COL_MTIME] = { "MTIME", "mtime", 16, 0, JSON_STRING },
	[OUT_COL_CTIME] = { "CTIME", "ctime", 16, 0, JSON_STRING },
	[OUT_COL_HOLDERS] = { "HOLDERS", "holders", 3, SCOLS_FL_RIGHT,
	    JSON_NUMBER },
	[OUT_COL_PIDS] = { "PIDS", "pids", 0.1, 0, JSON_ARRAY },
	[OUT_COL_TYPE] = { "TYPE", "type", 4, 0, JSON_STRING },
};

int
out_column_lookup(const char *name)
{
	for (int i = 0; i < OUT_NCOLS; i++)
		if (strcasecmp(coldefs[i].name, name) == 0)
			return i;
	return -1;
}

const char *
out_column_name(enum out_col c)
{
	return coldefs[c].name;
}

int
out_columns_add(struct out_columns *cols, enum out_col c)
{
	if (cols->n == OUT_MAXCOLS)
		return -1;
	cols->v[cols->n++] = c;
	return 0;
}

bool
out_columns_has(const struct out_columns *cols, enum out_col c)
{
	for (size_t i = 0; i < cols->n; i++)
		if (cols->v[i] == c)
			return true;
	return false;
}

int
out_columns_parse(const char *spec, struct out_columns *cols,
    const char **bad)
{
	static char badname[32];
	struct out_columns parsed = { .n = 0 };
	const char *p = spec, *end;

	if (*p == '+') {
		parsed = *cols;
		p++;
	}
	for (;; p = end + 1) {
		char word[32];
		size_t len;
		int c;

		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		snprintf(word, sizeof word, "%.*s", (int)len, p);
		c = len < sizeof word ? out_column_lookup(word) : -1;
		if (c < 0 || out_columns_add(&parsed, c) != 0) {
			snprintf(badname, sizeof badname, "%.*s", (int)len, p);
			*bad = badname;
			return -1;
		}
		if (end == NULL)
			break;
	}
	*cols = parsed;
	return 0;
}

/* --- values ---------------------------------------------------------- */

static const char *
user_name(uid_t uid)
{
	/* libbsd caches the lookups: one getpwuid per distinct uid. */
	return user_from_uid(uid, 0);
}

static const char *
group_name(gid_t gid)
{
	return group_from_gid(gid, 0);
}

/* strmode(3) without its trailing space. */
static void
perms_string(mode_t mode, char buf[12])
{
	strmode(mode, buf);
	buf[10] = '\0';
}

static uintmax_t
alloc_bytes(const struct pshm_stat *st)
{
	return (uintmax_t)st->blocks * 512;
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

static void
sb_size(struct strbuf *sb, uintmax_t bytes, bool exact)
{
	char buf[OUT_HUMAN_SIZE_MAX];

	if (exact)
		sb_printf(sb, "%ju", bytes);
	else
		sb_puts(sb, out_human_size(bytes, buf, sizeof buf));
}

enum time_style {
	TIME_SHORT,	/* 2024-05-01 12:34, in tables */
	TIME_ISO,	/* 2024-05-01T12:34:56+02:00, for machines */
	TIME_FULL,	/* 2024-05-01 12:34:56.123456789 +0200, as stat(1) */
};

static void
sb_time(struct strbuf *sb, const struct timespec *ts, enum time_style style)
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
		/* ISO 8601 wants the offset as +HH:MM. */
		n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
		if (n >= 5 && n + 2 < sizeof buf) {
			memmove(buf + n - 1, buf + n - 2, 3);
			buf[n - 2] = ':';
		}
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

static void
sb_holders_count(struct strbuf *sb, const struct shm_holders *h)
{
	if (h == NULL || !h->checked)
		sb_puts(sb, "?");
	else
		sb_printf(sb, "%zu%s", h->count, h->complete ? "" : "+");
}

static void
sb_pids(struct strbuf *sb, const struct shm_holders *h, const char *sep)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->count; i++)
		sb_printf(sb, "%s%ld", i > 0 ? sep : "", (long)h->list[i].pid);
}

struct cell_style {
	bool exact_sizes;
	enum time_style time;
	/*
	 * Raw and pairs output leave escaping to libsmartcols, which writes
	 * unprintable bytes, blanks, quotes and backslashes as \xHH there
	 * (the convention of lsblk -r and -P); escaping here too would
	 * escape the escapes.
	 */
	bool vis;
};

static void
sb_text(struct strbuf *sb, const char *s, const struct cell_style *cs)
{
	if (cs->vis)
		sb_escaped(sb, s);
	else
		sb_puts(sb, s);
}

/* The text of one cell. */
static void
sb_cell(struct strbuf *sb, const struct shm_row *r, enum out_col c,
    const struct cell_style *cs)
{
	const struct pshm_stat *st = &r->st;
	char perms[12];

	switch (c) {
	case OUT_COL_NAME:
		sb_text(sb, r->name, cs);
		break;
	case OUT_COL_SIZE:
		sb_size(sb, (uintmax_t)st->size, cs->exact_sizes);
		break;
	case OUT_COL_ALLOC:
		sb_size(sb, alloc_bytes(st), cs->exact_sizes);
		break;
	case OUT_COL_MODE:
		sb_printf(sb, "%04o", (unsigned)(st->mode & 07777));
		break;
	case OUT_COL_PERMS:
		perms_string(st->mode, perms);
		sb_puts(sb, perms);
		break;
	case OUT_COL_OWNER:
		sb_text(sb, user_name(st->uid), cs);
		break;
	case OUT_COL_GROUP:
		sb_text(sb, group_name(st->gid), cs);
		break;
	case OUT_COL_UID:
		sb_printf(sb, "%ju", (uintmax_t)st->uid);
		break;
	case OUT_COL_GID:
		sb_printf(sb, "%ju", (uintmax_t)st->gid);
		break;
	case OUT_COL_INODE:
		sb_printf(sb, "%ju", (uintmax_t)st->ino);
		break;
	case OUT_COL_NLINK:
		sb_printf(sb, "%ju", (uintmax_t)st->nlink);
		break;
	case OUT_COL_ATIME:
		sb_time(sb, &st->atim, cs->time);
		break;
	case OUT_COL_MTIME:
		sb_time(sb, &st->mtim, cs->time);
		break;
	case OUT_COL_CTIME:
		sb_time(sb, &st->ctim, cs->time);
		break;
	case OUT_COL_HOLDERS:
		sb_holders_count(sb, r->holders);
		break;
	case OUT_COL_PIDS:
		sb_pids(sb, r->holders, ",");
		break;
	case OUT_COL_TYPE:
		sb_puts(sb, shm_type_name(r->type));
		break;
	case OUT_NCOLS:
		break;
	}
}

/* --- sorting --------------------------------------------------------- */

#define CMP(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
cmp_timespec(const struct timespec *a, const struct timespec *b)
{
	int c = CMP(a->tv_sec, b->tv_sec);

	return c != 0 ? c : CMP(a->tv_nsec, b->tv_nsec);
}

/* Unknown holders sort first, then by count. */
static int
cmp_holders(const struct shm_holders *a, const struct shm_holders *b)
{
	size_t na = a != NULL && a->checked ? a->count + 1 : 0;
	size_t nb = b != NULL && b->checked ? b->count + 1 : 0;

	return CMP(na, nb);
}

static int
cmp_first_pid(const struct shm_holders *a, const struct shm_holders *b)
{
	long pa = a != NULL && a->count > 0 ? (long)a->list[0].pid : -1;
	long pb = b != NULL && b->count > 0 ? (long)b->list[0].pid : -1;

	return CMP(pa, pb);
}

static int
cmp_column(const struct shm_row *a, const struct shm_row *b, enum out_col c)
{
	const struct pshm_stat *sa = &a->st, *sb = &b->st;

	switch (c) {
	case OUT_COL_SIZE:
		return CMP(sa->size, sb->size);
	case OUT_COL_ALLOC:
		return CMP(sa->blocks, sb->blocks);
	case OUT_COL_MODE:
		return CMP(sa->mode & 07777, sb->mode & 07777);
	case OUT_COL_PERMS:
		return CMP(sa->mode, sb->mode);
	case OUT_COL_OWNER:
		return strcmp(user_name(sa->uid), user_name(sb->uid));
	case OUT_COL_GROUP:
		return strcmp(group_name(sa->gid), group_name(sb->gid));
	case OUT_COL_UID:
		return CMP(sa->uid, sb->uid);
	case OUT_COL_GID:
		return CMP(sa->gid, sb->gid);
	case OUT_COL_INODE:
		return CMP(sa->ino, sb->ino);
	case OUT_COL_NLINK:
		return CMP(sa->nlink, sb->nlink);
	case OUT_COL_ATIME:
		return cmp_timespec(&sa->atim, &sb->atim);
	case OUT_COL_MTIME:
		return cmp_timespec(&sa->mtim, &sb->mtim);
	case OUT_COL_CTIME:
		return cmp_timespec(&sa->ctim, &sb->ctim);
	case OUT_COL_HOLDERS:
		return cmp_holders(a->holders, b->holders);
	case OUT_COL_PIDS:
		return cmp_first_pid(a->holders, b->holders);
	case OUT_COL_TYPE:
		return strcmp(shm_type_name(a->type), shm_type_name(b->type));
	case OUT_COL_NAME:
	case OUT_NCOLS:
		break;
	}
	return 0;
}

static int
cmp_rows(const void *va, const void *vb, void *arg)
{
	const struct shm_row *a = va, *b = vb;
	enum out_col c = *(const enum out_col *)arg;
	int r = cmp_column(a, b, c);

	return r != 0 ? r : strcmp(a->name, b->name);
}

void
out_sort_rows(struct shm_row *rows, size_t n, enum out_col c)
{
	if (n < 2)	/* rows may be NULL then, which qsort_r refuses */
		return;
	qsort_r(rows, n, sizeof *rows, cmp_rows, &c);
}

/* --- tables: libsmartcols -------------------------------------------- */

static struct libscols_table *
table_new(const struct out_opts *o)
{
	struct libscols_table *tb;

	if ((tb = scols_new_table()) == NULL)
		return NULL;
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->format == OUT_RAW)
		scols_table_enable_raw(tb, 1);
	else if (o->format == OUT_PAIRS)
		scols_table_enable_export(tb, 1);
	for (size_t i = 0; i < o->cols.n; i++) {
		const struct coldef *cd = &coldefs[o->cols.v[i]];

		if (scols_table_new_column(tb, cd->name, cd->whint,
		    cd->flags) == NULL) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

static int
table_add_row(struct libscols_table *tb, const struct out_opts *o,
    const struct cell_style *cs, const struct shm_row *r, struct strbuf *sb)
{
	struct libscols_line *ln;

	if ((ln = scols_table_new_line(tb, NULL)) == NULL)
		return -1;
	for (size_t i = 0; i < o->cols.n; i++) {
		sb_reset(sb);
		sb_cell(sb, r, o->cols.v[i], cs);
		if (scols_line_set_data(ln, i, sb->p != NULL ? sb->p : "") != 0)
			return -1;
	}
	return 0;
}

static int
print_table(const struct out_opts *o, const struct shm_row *rows, size_t n)
{
	struct cell_style cs = {
		.exact_sizes = o->bytes,
		.time = o->format == OUT_TABLE ? TIME_SHORT : TIME_ISO,
		.vis = o->format == OUT_TABLE,
	};
	struct strbuf sb = { 0 };
	struct libscols_table *tb;
	int rc = 0;

	if ((tb = table_new(o)) == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = table_add_row(tb, o, &cs, &rows[i], &sb);
	if (rc == 0)
		scols_print_table(tb);
	sb_free(&sb);
	scols_unref_table(tb);
	return rc;
}

/* --- JSON ------------------------------------------------------------ */

void
out_json_init(struct out_json *j, FILE *fp, int flat)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
	j->flat = flat;
}

/* A line of its own, indented, for each member of the first levels. */
static void
json_newline(const struct out_json *j, int level)
{
	fprintf(j->fp, "\n%*s", 3 * level, "");
}

/* What comes before a member: a comma after another, a line or a blank. */
static void
json_member(struct out_json *j)
{
	bool *filled;

	if (j->keyed) {
		j->keyed = false;
		return;
	}
	if (j->depth == 0)
		return;
	filled = &j->filled[j->depth - 1];
	if (*filled)
		fputc(',', j->fp);
	if (j->depth <= j->flat)
		json_newline(j, j->depth);
	else if (*filled)
		fputc(' ', j->fp);
	*filled = true;
}

/* Deeper documents are a programming error: they are cut flat. */
static void
json_open(struct out_json *j, char open, char close)
{
	json_member(j);
	fputc(open, j->fp);
	if (j->depth == OUT_JSON_MAXDEPTH)
		return;
	j->filled[j->depth] = false;
	j->closer[j->depth] = close;
	j->depth++;
}

void
out_json_object(struct out_json *j)
{
	json_open(j, '{', '}');
}

void
out_json_array(struct out_json *j)
{
	json_open(j, '[', ']');
}

void
out_json_end(struct out_json *j)
{
	if (j->depth == 0)
		return;
	if (j->depth <= j->flat && j->filled[j->depth - 1])
		json_newline(j, j->depth - 1);
	fputc(j->closer[--j->depth], j->fp);
	if (j->depth == 0)
		fputc('\n', j->fp);
}

static void
json_quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

void
out_json_key(struct out_json *j, const char *key)
{
	json_member(j);
	json_quoted(j->fp, key);
	fputs(": ", j->fp);
	j->keyed = true;
}

void
out_json_string(struct out_json *j, const char *s)
{
	json_member(j);
	json_quoted(j->fp, s);
}

void
out_json_int(struct out_json *j, intmax_t v)
{
	json_member(j);
	fprintf(j->fp, "%jd", v);
}

void
out_json_uint(struct out_json *j, uintmax_t v)
{
	json_member(j);
	fprintf(j->fp, "%ju", v);
}

void
out_json_bool(struct out_json *j, bool v)
{
	json_member(j);
	fputs(v ? "true" : "false", j->fp);
}

static void
json_null(struct out_json *j)
{
	json_member(j);
	fputs("null", j->fp);
}

static void
json_holders(struct out_json *j, const struct shm_holders *h,
    enum out_col c)
{
	if (c == OUT_COL_HOLDERS) {
		if (h == NULL || !h->checked)
			json_null(j);
		else
			out_json_uint(j, h->count);
		return;
	}
	out_json_array(j);
	for (size_t i = 0; h != NULL && i < h->count; i++)
		out_json_int(j, h->list[i].pid);
	out_json_end(j);
}

/* A value as the table shows it, but exact, in ISO 8601 and typed. */
static void
json_cell(struct out_json *j, const struct shm_row *r, enum out_col c,
    struct strbuf *sb)
{
	static const struct cell_style cs = {
		.exact_sizes = true,
		.time = TIME_ISO,
		.vis = true,
	};
	const char *text;

	sb_reset(sb);
	sb_cell(sb, r, c, &cs);
	/* Out of memory, the cell stays empty: still a valid document. */
	text = sb->p != NULL ? sb->p : "";
	if (coldefs[c].json != JSON_NUMBER)
		out_json_string(j, text);
	else if (*text == '\0')
		json_null(j);
	else {
		json_member(j);
		fputs(text, j->fp);
	}
}

static void
json_row(struct out_json *j, const struct out_columns *cols,
    const struct shm_row *r, struct strbuf *sb)
{
	const struct shm_holders *h = r->holders;
	bool holders = false;

	for (size_t i = 0; i < cols->n; i++) {
		enum out_col c = cols->v[i];

		out_json_key(j, coldefs[c].key);
		if (c == OUT_COL_NAME && r->by_fd)
			json_null(j);
		else if (c == OUT_COL_HOLDERS || c == OUT_COL_PIDS) {
			json_holders(j, h, c);
			holders = true;
		} else
			json_cell(j, r, c, sb);
	}
	/* Counts and lists are lower bounds unless every process was seen. */
	if (holders) {
		out_json_key(j, "holders_complete");
		out_json_bool(j, h != NULL && h->checked && h->complete);
	}
}

void
out_json_row(struct out_json *j, const struct out_columns *cols,
    const struct shm_row *r)
{
	struct strbuf sb = { 0 };

	json_row(j, cols, r, &sb);
	sb_free(&sb);
}

static int
print_json(const struct out_opts *o, const struct shm_row *rows, size_t n)
{
	struct strbuf sb = { 0 };
	struct out_json j;

	if (sb_reserve(&sb, 256) != 0)
		return -1;
	/* {"shm": [ a line per row ]}, as lsblk --json. */
	out_json_init(&j, stdout, 2);
	out_json_object(&j);
	out_json_key(&j, "shm");
	out_json_array(&j);
	for (size_t i = 0; i < n; i++) {
		out_json_object(&j);
		json_row(&j, &o->cols, &rows[i], &sb);
		out_json_end(&j);
	}
	out_json_end(&j);
	out_json_end(&j);
	sb_free(&sb);
	return 0;
}

int
out_print_rows(const struct out_opts *o, const struct shm_row *rows,
    size_t n)
{
	if (o->format == OUT_JSON)
		return print_json(o, rows, n);
	return print_table(o, rows, n);
}

void
out_print_names0(const struct shm_row *rows, size_t n, bool escape)
{
	struct strbuf sb = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (escape) {
			sb_reset(&sb);
			sb_escaped(&sb, rows[i].name);
			fputs(sb.p != NULL ? sb.p : "", stdout);
		} else
			fputs(rows[i].name, stdout);
		putchar('\0');
	}
	sb_free(&sb);
}

/* --- stat ------------------------------------------------------------ */

static void
print_field(const char *label, const struct strbuf *sb)
{
	printf("%9s: %s\n", label, sb->p != NULL ? sb->p : "");
}

static const char *
holder_how(unsigned how)
{
	switch (how & (SHM_HOLD_FD | SHM_HOLD_MAP)) {
	case SHM_HOLD_FD:
		return "descriptor";
	case SHM_HOLD_MAP:
		return "mapping";
	case SHM_HOLD_FD | SHM_HOLD_MAP:
		return "descriptor, mapping";
	default:
		return "?";
	}
}

static void
print_stat_holders(const struct shm_holders *h, struct strbuf *sb)
{
	sb_reset(sb);
	sb_holders_count(sb, h);
	if (h == NULL || !h->checked)
		sb_puts(sb, " (no process could be inspected)");
	else if (!h->complete)
		sb_puts(sb, " (some processes could not be inspected)");
	print_field("Holders", sb);
	for (size_t i = 0; h != NULL && i < h->count; i++) {
		const struct shm_holder *hd = &h->list[i];

		sb_reset(sb);
		sb_escaped(sb, hd->comm != NULL ? hd->comm : "?");
		printf("%9s  %ld %s: %s\n", "", (long)hd->pid, sb->p,
		    holder_how(hd->how));
	}
}

void
out_print_stat_block(const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	struct strbuf sb = { 0 };
	char perms[12];

	sb_escaped(&sb, r->name);
	print_field("Name", &sb);
	printf("%9s: %jd\n", "Size", (intmax_t)st->size);
	printf("%9s: %ju\n", "Allocated", alloc_bytes(st));
	perms_string(st->mode, perms);
	printf("%9s: %04o (%s)\n", "Mode", (unsigned)(st->mode & 07777),
	    perms);
	sb_reset(&sb);
	sb_escaped(&sb, user_name(st->uid));
	printf("%9s: %s (%ju)\n", "Owner", sb.p, (uintmax_t)st->uid);
	sb_reset(&sb);
	sb_escaped(&sb, group_name(st->gid));
	printf("%9s: %s (%ju)\n", "Group", sb.p, (uintmax_t)st->gid);
	printf("%9s: %ju\n", "Inode", (uintmax_t)st->ino);
	printf("%9s: %ju\n", "Links", (uintmax_t)st->nlink);
	sb_reset(&sb);
	sb_time(&sb, &st->atim, TIME_FULL);
	print_field("Access", &sb);
	sb_reset(&sb);
	sb_time(&sb, &st->mtim, TIME_FULL);
	print_field("Modify", &sb);
	sb_reset(&sb);
	sb_time(&sb, &st->ctim, TIME_FULL);
	print_field("Change", &sb);
	if (r->holders != NULL)
		print_stat_holders(r->holders, &sb);
	sb_free(&sb);
}

void
out_print_stat_terse(const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;

	printf("%ju %ju %ju %ju %ju %ju %ju %jd %jd %jd\n",
	    (uintmax_t)st->dev, (uintmax_t)st->ino, (uintmax_t)st->mode,
	    (uintmax_t)st->nlink, (uintmax_t)st->uid, (uintmax_t)st->gid,
	    (uintmax_t)st->rdev, (intmax_t)st->size, (intmax_t)st->blksize,
	    (intmax_t)st->blocks);
}

/* The directives of -c FORMAT, as stat(1) names them. */
static const char stat_directives[] = "nsbaAuUgGihXYZ%";

int
out_stat_format_check(const char *fmt, const char **bad)
{
	static char badtext[3];

	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '\0' || strchr(stat_directives, p[1]) == NULL) {
			snprintf(badtext, sizeof badtext, "%%%c", p[1]);
			*bad = badtext;
			return -1;
		}
		p++;
	}
	return 0;
}

/* The value of a numeric directive of -c, or false if d is not one. */
static bool
directive_number(char d, const struct pshm_stat *st, intmax_t *v)
{
	switch (d) {
	case 's':
		*v = st->size;
		return true;
	case 'b':
		*v = (intmax_t)alloc_bytes(st);
		return true;
	case 'u':
		*v = st->uid;
		return true;
	case 'g':
		*v = st->gid;
		return true;
	case 'i':
		*v = (intmax_t)st->ino;
		return true;
	case 'h':
		*v = (intmax_t)st->nlink;
		return true;
	case 'X':
		*v = st->atim.tv_sec;
		return true;
	case 'Y':
		*v = st->mtim.tv_sec;
		return true;
	case 'Z':
		*v = st->ctim.tv_sec;
		return true;
	}
	return false;
}

static void
sb_directive(struct strbuf *sb, char d, const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	char perms[12];
	intmax_t v;

	if (directive_number(d, st, &v)) {
		sb_printf(sb, "%jd", v);
		return;
	}
	switch (d) {
	case 'n':
		sb_escaped(sb, r->name);
		break;
	case 'a':
		sb_printf(sb, "%o", (unsigned)(st->mode & 07777));
		break;
	case 'A':
		perms_string(st->mode, perms);
		sb_puts(sb, perms);
		break;
	case 'U':
		sb_escaped(sb, user_name(st->uid));
		break;
	case 'G':
		sb_escaped(sb, group_name(st->gid));
		break;
	case '%':
		sb_puts(sb, "%");
		break;
	}
}

void
out_print_stat_format(const char *fmt, const struct shm_row *r)
{
	struct strbuf sb = { 0 };

	for (const char *p = fmt; *p != '\0'; p++) {
		char lit[2] = { *p, '\0' };

		if (*p == '%' && p[1] != '\0') {
			sb_directive(&sb, *++p, r);
			continue;
		}
		if (*p == '\\' && (p[1] == 'n' || p[1] == 't' ||
		    p[1] == '\\')) {
			p++;
			lit[0] = *p == 'n' ? '\n' : *p == 't' ? '\t' : '\\';
		}
		sb_puts(&sb, lit);
	}
	sb_puts(&sb, "\n");
	fputs(sb.p != NULL ? sb.p : "\n", stdout);
	sb_free(&sb);
}
