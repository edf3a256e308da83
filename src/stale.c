/*
 * stale.c -- gc's rule for stale objects (see stale.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stale.h"
#include "xmalloc.h"

void
stale_rule_init(struct stale_rule *r)
{
	*r = (struct stale_rule){ .older_than = STALE_OLDER_THAN };
	clock_gettime(CLOCK_REALTIME, &r->now);
}

int64_t
stale_age(const struct stale_rule *r, const struct pshm_stat *st)
{
	int64_t age = (int64_t)r->now.tv_sec - (int64_t)st->mtim.tv_sec;

	if (r->now.tv_nsec < st->mtim.tv_nsec)
		age--;
	return age;
}

bool
stale_wanted(const struct pshm_stat *st, void *arg)
{
	const struct stale_rule *r = arg;

	if (r->older_than > 0 && stale_age(r, st) < r->older_than)
		return false;
	if (r->user_given && st->uid != r->user)
		return false;
	if (r->min_size_given && st->size < r->min_size)
		return false;
	return true;
}

/* A dry run's scan has already said what it could. */
static bool
stale_no_lease_ok(void *arg)
{
	(void)arg;
	return false;
}

enum reap_result
stale_dry_check(const struct pshm_ns *ns, const struct shm_row *r,
    struct reap_info *info, struct pshm_error *err)
{
	const struct shm_holders *hs = r->holders;

	memset(info, 0, sizeof *info);
	if (hs != NULL && hs->count > 0)
		return REAP_IN_USE;
	/* The kernel is asked only what the scan could not tell. */
	if (hs != NULL && hs->checked && hs->complete)
		return REAP_REMOVED;
	return reap_check_unused(ns, r->name, &r->st, stale_no_lease_ok, NULL,
	    info, err);
}

static int
cmp_inode(const void *a, const void *b)
{
	const struct pshm_stat *x = &(*(const struct shm_row *const *)a)->st;
	const struct pshm_stat *y = &(*(const struct shm_row *const *)b)->st;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

uintmax_t
stale_freed(const struct shm_row **v, size_t n)
{
	uintmax_t freed = 0;

	/* Sorted by inode, the links of one object are side by side. */
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_inode);
	for (size_t i = 0, j; i < n; i = j) {
		const struct pshm_stat *st = &v[i]->st;

		for (j = i + 1; j < n && cmp_inode(&v[i], &v[j]) == 0; j++)
			;
		if ((nlink_t)(j - i) >= st->nlink)
			freed += row_alloc_bytes(st);
	}
	return freed;
}

void
stale_sum(const struct stale_rule *r, const struct pshm_ns *ns,
    const struct shm_row *rows, size_t n, struct stale_sum *sum)
{
	const struct shm_row **v;
	struct reap_info info;
	struct pshm_error err;
	size_t k = 0;

	v = xreallocarray(NULL, n > 0 ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		if (rows[i].type == SHM_TYPE_SHM && !rows[i].deleted &&
		    stale_wanted(&rows[i].st, (void *)r) &&
		    stale_dry_check(ns, &rows[i], &info, &err) ==
		    REAP_REMOVED)
			v[k++] = &rows[i];
	sum->objects = k;
	sum->freed = stale_freed(v, k);
	free(v);
}
