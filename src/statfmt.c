/*
 * statfmt.c -- stat's readable block, --terse and -c FORMAT
 * (shmctl-stat(1)).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
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
		    shm_holder_how(hd->how));
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

/* The directives of -c FORMAT, as stat(1) names them. */
static const char stat_directives[] = "nsbaAuUgGihXYZ%";

int
out_stat_format_check(const char *fmt, const char **bad, int *badlen)
{
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '\0' || strchr(stat_directives, p[1]) == NULL) {
			*bad = p;
			*badlen = p[1] == '\0' ? 1 : 2;
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
		*v = (intmax_t)row_alloc_bytes(st);
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
		row_perms(st->mode, perms);
		sb_puts(sb, perms);
		break;
	case 'U':
		sb_escaped(sb, row_user_name(st->uid));
		break;
	case 'G':
		sb_escaped(sb, row_group_name(st->gid));
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
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
}
