/*
 * statfmt.c -- stat's readable block, --terse, and -c FORMAT and --printf
 * FORMAT with the directives, flags, widths and escapes of coreutils'
 * stat(1) (shmctl-stat(1)).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "holders.h"
#include "row.h"
#include "statfmt.h"
#include "strbuf.h"

static void
print_field(const char *label, const struct strbuf *sb)
{
	printf("%9s: %s\n", label, sb_str(sb));
}

static void
print_stat_holders(const struct shm_holders *h, struct strbuf *sb)
{
	sb_reset(sb);
	row_holders_count(sb, h);
	if (h == NULL || !h->checked)
		sb_puts(sb, " (no process could be inspected)");
	else if (!h->complete)
		sb_puts(sb, " (some processes could not be inspected)");
	print_field("Holders", sb);
	for (size_t i = 0; h != NULL && i < h->count; i++) {
		const struct shm_holder *hd = &h->list[i];

		sb_reset(sb);
		sb_escaped(sb, hd->comm != NULL ? hd->comm : "?");
		printf("%9s  %ld %s: %s\n", "", (long)hd->pid, sb_str(sb),
		    holders_how(hd->how));
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
	printf("%9s: %ju\n", "Allocated", row_alloc_bytes(st));
	row_perms(st->mode, perms);
	printf("%9s: %04o (%s)\n", "Mode", (unsigned)(st->mode & 07777),
	    perms);
	sb_reset(&sb);
	sb_escaped(&sb, row_user_name(st->uid));
	printf("%9s: %s (%ju)\n", "Owner", sb_str(&sb), (uintmax_t)st->uid);
	sb_reset(&sb);
	sb_escaped(&sb, row_group_name(st->gid));
	printf("%9s: %s (%ju)\n", "Group", sb_str(&sb), (uintmax_t)st->gid);
	printf("%9s: %ju\n", "Inode", (uintmax_t)st->ino);
	printf("%9s: %ju\n", "Links", (uintmax_t)st->nlink);
	sb_reset(&sb);
	row_time(&sb, &st->atim, TIME_FULL);
	print_field("Access", &sb);
	sb_reset(&sb);
	row_time(&sb, &st->mtim, TIME_FULL);
	print_field("Modify", &sb);
	sb_reset(&sb);
	row_time(&sb, &st->ctim, TIME_FULL);
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

/* --- -c FORMAT and --printf FORMAT, as stat(1) has them ------------- */

/* printf(3)'s flags, as stat(1) takes them after the '%'. */
#define FMT_FLAGS	"'-+ #0I"
/* stat(1)'s conversions for files, but %C, %m and %N. */
#define FMT_CONVERSIONS	"aAbBdDfFgGhinorRstTuUwWxXyYzZ%"
/* A longer width or precision is refused, not printed. */
#define FMT_MAX_DIGITS	4

/*
 * One directive: '%', flags, a width, a precision and a conversion; H or
 * L before d or r asks for the major or minor number, as in stat(1).
 */
struct directive {
	char flags[sizeof FMT_FLAGS];	/* each flag given, once */
	int width;			/* -1: none */
	int precision;			/* -1: none */
	bool bare_dot;			/* "." without digits */
	char mod;			/* 'H', 'L' or 0 */
	char conv;
	size_t len;			/* bytes of the format it takes */
};

/* Reads up to FMT_MAX_DIGITS digits; their count, or -1 for more. */
static int
read_digits(const char **pp, int *value)
{
	size_t n = strspn(*pp, "0123456789");

	if (n > FMT_MAX_DIGITS)
		return -1;
	*value = 0;
	for (size_t i = 0; i < n; i++)
		*value = *value * 10 + ((*pp)[i] - '0');
	*pp += n;
	return (int)n;
}

/* Parses the directive at p, a '%'; -1 when stat(1) has no such one. */
static int
directive_parse(const char *p, struct directive *d)
{
	const char *q = p + 1;
	size_t nflags = 0;
	int n;

	memset(d, 0, sizeof *d);
	for (; *q != '\0' && strchr(FMT_FLAGS, *q) != NULL; q++)
		if (strchr(d->flags, *q) == NULL)
			d->flags[nflags++] = *q;
	if ((n = read_digits(&q, &d->width)) < 0)
		return -1;
	if (n == 0)
		d->width = -1;
	d->precision = -1;
	if (*q == '.') {
		q++;
		if ((n = read_digits(&q, &d->precision)) < 0)
			return -1;
		d->bare_dot = n == 0;
	}
	if ((*q == 'H' || *q == 'L') && (q[1] == 'd' || q[1] == 'r'))
		d->mod = *q++;
	if (*q == '\0' || strchr(FMT_CONVERSIONS, *q) == NULL)
		return -1;
	/* stat(1) calls "%5%" an invalid directive too. */
	if (*q == '%' && q != p + 1)
		return -1;
	d->conv = *q;
	d->len = (size_t)(q + 1 - p);
	return 0;
}

/* printf(3)'s format for a directive, keeping the flags allowed. */
static void
make_format(char *buf, size_t len, const char *flags, const char *allowed,
    int width, int precision, const char *conv)
{
	size_t n = 0;

	buf[n++] = '%';
	for (const char *f = flags; *f != '\0'; f++)
		if (strchr(allowed, *f) != NULL)
			buf[n++] = *f;
	if (width >= 0)
		n += (size_t)snprintf(buf + n, len - n, "%d", width);
	if (precision >= 0)
		n += (size_t)snprintf(buf + n, len - n, ".%d", precision);
	snprintf(buf + n, len - n, "%s", conv);
}

/* The formats are made by make_format from checked directives. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
out_signed(struct strbuf *sb, const struct directive *d, intmax_t v)
{
	char fmt[32];

	make_format(fmt, sizeof fmt, d->flags, "'-+ 0", d->width,
	    d->precision, "jd");
	sb_printf(sb, fmt, v);
}

/* base 'u', 'o' or 'x', with the flags stat(1) allows each. */
static void
out_unsigned(struct strbuf *sb, const struct directive *d, uintmax_t v,
    char base)
{
	char fmt[32], conv[3] = { 'j', base, '\0' };

	make_format(fmt, sizeof fmt, d->flags, base == 'u' ? "'-0" : "-#0",
	    d->width, d->precision, conv);
	sb_printf(sb, fmt, v);
}

static void
out_string(struct strbuf *sb, const struct directive *d, const char *s)
{
	char fmt[32];

	make_format(fmt, sizeof fmt, d->flags, "-", d->width, d->precision,
	    "s");
	sb_printf(sb, fmt, s);
}

/* A time between -1 and 0 seconds: "-0", in the width given. */
static void
out_minus_zero(struct strbuf *sb, const struct directive *d)
{
	char fmt[32];

	make_format(fmt, sizeof fmt, d->flags, "'-+ 0", d->width, -1, ".0f");
	sb_printf(sb, fmt, -0.0);
}
#pragma GCC diagnostic pop

/*
 * Seconds since the epoch (%X and the like): "%.3X" adds three digits of
 * the fraction ("%.X" nine), and a width is shared between the seconds and
 * the fraction, all as stat(1) prints them.
 */
static void
out_epoch(struct strbuf *sb, const struct directive *d, struct timespec t)
{
	struct directive sec = *d;
	int precision = d->bare_dot ? 9 : d->precision > 0 ? d->precision : 0;
	int width = 0, divisor = 1, frac, prec;
	bool minus_zero = false;
	size_t start = sb->len, printed;

	sec.precision = -1;
	if (precision > 0 && d->width >= 0) {
		width = d->width;
		if (width > 1)
			sec.width = -1;
		/* The seconds take what the point and fraction leave. */
		if (width > 2 && width - 1 - precision > 1) {
			char *minus = strchr(sec.flags, '-');

			if (minus != NULL)
				memmove(minus, minus + 1, strlen(minus));
			else
				sec.width = width - 1 - precision;
		}
	}
	for (int i = precision; i < 9; i++)
		divisor *= 10;
	frac = (int)(t.tv_nsec / divisor);
	/* -1.5 s is tv_sec -2 and tv_nsec 500000000: print -1.5. */
	if (t.tv_sec < 0 && t.tv_nsec != 0) {
		frac = 1000000000 / divisor - frac - (t.tv_nsec % divisor != 0);
		t.tv_sec += frac != 0;
		minus_zero = t.tv_sec == 0;
	}
	if (minus_zero)
		out_minus_zero(sb, &sec);
	else
		out_signed(sb, &sec, (intmax_t)t.tv_sec);
	if (precision == 0)
		return;
	printed = sb->len - start;
	prec = precision < 9 ? precision : 9;
	sb_printf(sb, ".%.*d%-*.*d", prec, frac,
	    (size_t)width > printed && (size_t)width - printed > 1 ?
	    width - (int)printed - 1 - prec : 0, precision - prec, 0);
}

/* %x, %y, %z and %w: stat(1)'s "2026-12-01 21:03:04.123456789 +0000". */
static void
out_human_time(struct strbuf *sb, const struct directive *d,
    const struct timespec *t)
{
	struct strbuf text = { 0 };

	row_time(&text, t, TIME_FULL);
	out_string(sb, d, text.p != NULL ? text.p : "");
	sb_free(&text);
}

/* %F: stat(1)'s words for the file type. */
static const char *
file_type(const struct pshm_stat *st)
{
	switch (st->mode & S_IFMT) {
	case S_IFREG:
		return st->size == 0 ? "regular empty file" : "regular file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symbolic link";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFCHR:
		return "character special file";
	case S_IFBLK:
		return "block special file";
	default:
		return "weird file";
	}
}

/* A device number (%d, %r), or its major (H) or minor (L) part. */
static void
out_device(struct strbuf *sb, const struct directive *d, dev_t dev)
{
	uintmax_t v = d->mod == 'H' ? major(dev) : d->mod == 'L' ?
	    minor(dev) : dev;

	out_unsigned(sb, d, v, 'u');
}

/* The names of %n, %U, %G and %A: text, in the directive's width. */
static void
sb_directive_text(struct strbuf *sb, const struct directive *d,
    const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;
	struct strbuf text = { 0 };
	const char *s = NULL;
	char perms[12];

	switch (d->conv) {
	case 'n':
		s = r->name;
		break;
	case 'U':
		/* stat(1) says UNKNOWN for an id without a name. */
		if ((s = user_from_uid(st->uid, 1)) == NULL)
			s = "UNKNOWN";
		break;
	case 'G':
		if ((s = group_from_gid(st->gid, 1)) == NULL)
			s = "UNKNOWN";
		break;
	case 'A':
		row_perms(st->mode, perms);
		s = perms;
		break;
	}
	sb_escaped(&text, s != NULL ? s : "");
	out_string(sb, d, text.p != NULL ? text.p : "");
	sb_free(&text);
}

static void
sb_directive_time(struct strbuf *sb, const struct directive *d,
    const struct shm_row *r)
{
	static const struct timespec unknown = { 0, 0 };
	const struct pshm_stat *st = &r->st;

	switch (d->conv) {
	case 'x':
		out_human_time(sb, d, &st->atim);
		break;
	case 'y':
		out_human_time(sb, d, &st->mtim);
		break;
	case 'z':
		out_human_time(sb, d, &st->ctim);
		break;
	case 'w':
		if (r->birth_known)
			out_human_time(sb, d, &r->birth);
		else
			out_string(sb, d, "-");
		break;
	case 'X':
		out_epoch(sb, d, st->atim);
		break;
	case 'Y':
		out_epoch(sb, d, st->mtim);
		break;
	case 'Z':
		out_epoch(sb, d, st->ctim);
		break;
	case 'W':
		out_epoch(sb, d, r->birth_known ? r->birth : unknown);
		break;
	}
}

static void
sb_directive(struct strbuf *sb, const struct directive *d,
    const struct shm_row *r)
{
	const struct pshm_stat *st = &r->st;

	switch (d->conv) {
	case 'a':
		out_unsigned(sb, d, st->mode & 07777, 'o');
		break;
	case 'b':
		out_signed(sb, d, (intmax_t)st->blocks);
		break;
	case 'B':
		/* st_blocks counts 512-byte units on Linux, whatever st_blksize. */
		out_unsigned(sb, d, 512, 'u');
		break;
	case 'd':
		out_device(sb, d, st->dev);
		break;
	case 'D':
		out_unsigned(sb, d, st->dev, 'x');
		break;
	case 'f':
		out_unsigned(sb, d, st->mode, 'x');
		break;
	case 'F':
		out_string(sb, d, file_type(st));
		break;
	case 'g':
		out_unsigned(sb, d, st->gid, 'u');
		break;
	case 'h':
		out_unsigned(sb, d, st->nlink, 'u');
		break;
	case 'i':
		out_unsigned(sb, d, st->ino, 'u');
		break;
	case 'o':
		out_unsigned(sb, d, st->blksize > 0 ? (uintmax_t)st->blksize :
		    512, 'u');
		break;
	case 'r':
		out_device(sb, d, st->rdev);
		break;
	case 'R':
		out_unsigned(sb, d, st->rdev, 'x');
		break;
	case 's':
		out_signed(sb, d, st->size);
		break;
	case 't':
		out_unsigned(sb, d, major(st->rdev), 'x');
		break;
	case 'T':
		out_unsigned(sb, d, minor(st->rdev), 'x');
		break;
	case 'u':
		out_unsigned(sb, d, st->uid, 'u');
		break;
	case 'n':
	case 'U':
	case 'G':
	case 'A':
		sb_directive_text(sb, d, r);
		break;
	case '%':
		sb_puts(sb, "%");
		break;
	default:
		sb_directive_time(sb, d, r);
		break;
	}
}

/*
 * The escape of --printf at p, a backslash: the byte it stands for and
 * its length, or 0 when stat(1) does not know it.
 */
static size_t
escape_parse(const char *p, unsigned char *byte)
{
	static const char named[] = "a\ab\be\033f\fn\nr\rt\tv\v\"\"\\\\";
	const char *q = p + 1;
	unsigned v = 0;
	size_t n = 0;

	if (*q >= '0' && *q <= '7') {
		for (; n < 3 && q[n] >= '0' && q[n] <= '7'; n++)
			v = v * 8 + (unsigned)(q[n] - '0');
		*byte = (unsigned char)v;
		return 1 + n;
	}
	if (*q == 'x' && isxdigit((unsigned char)q[1])) {
		for (n = 1; n < 3 && isxdigit((unsigned char)q[n]); n++)
			v = v * 16 + (unsigned)(isdigit((unsigned char)q[n]) ?
			    q[n] - '0' : tolower((unsigned char)q[n]) - 'a' +
			    10);
		*byte = (unsigned char)v;
		return 1 + n;
	}
	for (size_t i = 0; *q != '\0' && named[i] != '\0'; i += 2)
		if (named[i] == *q) {
			*byte = (unsigned char)named[i + 1];
			return 2;
		}
	return 0;
}

int
out_stat_format_check(const char *fmt, bool escapes, const char **why)
{
	static char msg[64];
	struct directive d;
	unsigned char byte;
	size_t n;

	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p == '%') {
			if (directive_parse(p, &d) != 0) {
				/* Quote it up to its conversion character. */
				n = 1 + strspn(p + 1, FMT_FLAGS "0123456789.");
				n += p[n] != '\0';
				snprintf(msg, sizeof msg, "invalid directive "
				    "'%.*s' in FORMAT", (int)(n < 24 ? n : 24),
				    p);
				*why = msg;
				return -1;
			}
			p += d.len - 1;
		} else if (*p == '\\' && escapes) {
			if ((n = escape_parse(p, &byte)) == 0) {
				/* Said in words: a backslash is escaped. */
				if (p[1] == '\0')
					snprintf(msg, sizeof msg, "FORMAT ends "
					    "in a backslash");
				else
					snprintf(msg, sizeof msg, "unknown "
					    "escape: a backslash before '%c'",
					    p[1]);
				*why = msg;
				return -1;
			}
			p += n - 1;
		}
	}
	return 0;
}

void
out_print_stat_format(const char *fmt, bool escapes, const struct shm_row *r)
{
	struct strbuf sb = { 0 };
	struct directive d;
	unsigned char byte;
	size_t n;

	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p == '%' && directive_parse(p, &d) == 0) {
			sb_reset(&sb);
			sb_directive(&sb, &d, r);
			if (sb.p != NULL)
				fwrite(sb.p, 1, sb.len, stdout);
			p += d.len - 1;
		} else if (*p == '\\' && escapes &&
		    (n = escape_parse(p, &byte)) != 0) {
			putchar(byte);
			p += n - 1;
		} else
			putchar(*p);
	}
	/* -c ends each object's line; --printf leaves that to FORMAT. */
	if (!escapes)
		putchar('\n');
	sb_free(&sb);
}
