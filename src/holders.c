/*
 * holders.c -- which processes hold an object: the /proc scan (see
 * holders.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "holders-impl.h"
#include "row.h"
#include "xmalloc.h"

/*
 * The array v of *cap elements of size, with room for need: v itself, or
 * v moved and *cap updated.  (Returned, not stored through a void **,
 * which would alias the caller's typed pointer.)
 */
void *
holders_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return v;
	while (ncap < need)
		ncap *= 2;
	v = xreallocarray(v, ncap, size);
	*cap = ncap;
	return v;
}

static size_t
key_hash(dev_t dev, ino_t ino)
{
	uint64_t x = (uint64_t)ino ^ ((uint64_t)dev * 0x9e3779b97f4a7c15ULL);

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* The slot holding (dev, ino), or the empty slot where it would go. */
static size_t *
slot_of(const struct holders *h, dev_t dev, ino_t ino)
{
	size_t mask = h->nslot - 1;

	for (size_t i = key_hash(dev, ino) & mask;; i = (i + 1) & mask) {
		size_t *s = &h->slot[i];
		const struct object *o;

		if (*s == 0)
			return s;
		o = &h->obj[*s - 1];
		if (o->dev == dev && o->ino == ino)
			return s;
	}
}

struct object *
holders_object_find(const struct holders *h, dev_t dev, ino_t ino)
{
	size_t *s;

	if (h->nobj == 0)
		return NULL;
	s = slot_of(h, dev, ino);
	return *s == 0 ? NULL : &h->obj[*s - 1];
}

static void
rehash(struct holders *h, size_t nslot)
{
	free(h->slot);
	h->slot = xcalloc(nslot, sizeof *h->slot);
	h->nslot = nslot;
	for (size_t i = 0; i < h->nobj; i++)
		*slot_of(h, h->obj[i].dev, h->obj[i].ino) = i + 1;
}

struct holders *
holders_new(void)
{
	struct holders *h = xcalloc(1, sizeof *h);

	rehash(h, 16);
	return h;
}

void
holders_free(struct holders *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nobj; i++)
		free(h->obj[i].v);
	for (size_t i = 0; i < h->ncomm; i++)
		free(h->comm[i]);
	free(h->obj);
	free(h->slot);
	free(h->dev);
	free(h->comm);
	free(h->ids.uids.v);
	free(h->ids.gids.v);
	free(h);
}

size_t
holders_want(struct holders *h, const struct pshm_stat *st)
{
	size_t *s;
	struct object *o;

	if ((h->nobj + 1) * 2 > h->nslot)
		rehash(h, h->nslot * 2);
	s = slot_of(h, st->dev, st->ino);
	if (*s != 0)
		return *s - 1;
	h->obj = holders_grow(h->obj, &h->capobj, h->nobj + 1, sizeof *h->obj);
	o = &h->obj[h->nobj];
	memset(o, 0, sizeof *o);
	o->dev = st->dev;
	o->ino = st->ino;
	o->uid = st->uid;
	o->gid = st->gid;
	o->mode = st->mode;
	*s = ++h->nobj;
	return h->nobj - 1;
}

void
holders_want_device(struct holders *h, dev_t dev, holders_found_fn *found,
    void *arg)
{
	h->dev = xreallocarray(h->dev, h->ndev + 1, sizeof *h->dev);
	h->dev[h->ndev++] = (struct device){ .dev = dev, .found = found,
	    .arg = arg };
}

/* An object not wanted yet, on a device asked about: wanted if found. */
struct object *
holders_device_object(struct holders *h, const struct proc_ref *ref)
{
	struct pshm_stat st;
	size_t idx;

	for (size_t i = 0; i < h->ndev; i++)
		if (h->dev[i].dev == ref->dev &&
		    h->dev[i].found(ref, &st, h->dev[i].arg) &&
		    st.dev == ref->dev && st.ino == ref->ino) {
			idx = holders_want(h, &st);	/* moves h->obj */
			return &h->obj[idx];
		}
	return NULL;
}

void
holders_id_add(unsigned id, void *arg)
{
	struct id_set *set = arg;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i] == id)
			return;
	set->v = holders_grow(set->v, &set->cap, set->n + 1, sizeof *set->v);
	set->v[set->n++] = id;
}

static int
id_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static bool
id_has(const struct id_set *set, unsigned id)
{
	return set->n > 0 &&
	    bsearch(&id, set->v, set->n, sizeof *set->v, id_cmp) != NULL;
}

static int
holder_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct shm_holder *)a)->pid;
	pid_t y = ((const struct shm_holder *)b)->pid;

	return x < y ? -1 : x > y;
}

/* Whether a process that could not be inspected could hold o. */
static bool
blind_could_hold(const struct holders *h, const struct object *o)
{
	const struct holders_blind *b = &h->blind;

	if (b->noproc || b->hidden || b->nprivileged > 0)
		return true;
	return id_has(&h->ids.uids, o->uid) ||
	    ((o->mode & (S_IRGRP | S_IWGRP)) &&
	    id_has(&h->ids.gids, o->gid)) ||
	    ((o->mode & (S_IROTH | S_IWOTH)) && h->ids.nplain > 0);
}

void
holders_finish(struct holders *h)
{
	/* qsort(3) wants a valid base even for nothing to sort. */
	if (h->ids.uids.n > 1)
		qsort(h->ids.uids.v, h->ids.uids.n,
		    sizeof *h->ids.uids.v, id_cmp);
	if (h->ids.gids.n > 1)
		qsort(h->ids.gids.v, h->ids.gids.n,
		    sizeof *h->ids.gids.v, id_cmp);
	for (size_t i = 0; i < h->nobj; i++) {
		struct object *o = &h->obj[i];

		if (o->n > 1)
			qsort(o->v, o->n, sizeof *o->v, holder_cmp);
		o->result.checked = !h->blind.noproc;
		o->result.complete = !blind_could_hold(h, o);
		o->result.count = o->n;
		o->result.list = o->n > 0 ? o->v : NULL;
	}
	h->scanned = true;
}

void
holders_scan_rows(struct holders *h, struct shm_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		holders_want(h, &rows[i].st);
	holders_scan(h);
	/* Every row's object is wanted: found, whatever the order. */
	for (size_t i = 0; i < n; i++)
		rows[i].holders = &holders_object_find(h, rows[i].st.dev,
		    rows[i].st.ino)->result;
}

const struct shm_holders *
holders_of(const struct holders *h, size_t idx)
{
	static const struct shm_holders unscanned = { 0 };

	if (!h->scanned || idx >= h->nobj)
		return &unscanned;
	return &h->obj[idx].result;
}

const struct holders_blind *
holders_blind(const struct holders *h)
{
	return &h->blind;
}

const char *
holders_how(unsigned how)
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

/* Appends to buf at *n, keeping room for the ", ..." of a cut list. */
static bool
describe_add(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool
describe_add(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 6 >= len)
		return false;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - 6 - *n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= len - 6 - *n) {
		buf[*n] = '\0';
		return false;
	}
	*n += (size_t)w;
	return true;
}

const char *
holders_describe(const struct shm_holders *hs, char *buf, size_t len)
{
	char comm[OUT_ESCAPE_MAX(64)];
	size_t n = 0;

	buf[0] = '\0';
	if (!describe_add(buf, len, &n, "%s%zu process%s", hs->complete ?
	    "" : "at least ", hs->count, hs->count == 1 ? "" : "es"))
		return buf;
	for (size_t i = 0; i < hs->count; i++) {
		const struct shm_holder *hd = &hs->list[i];

		out_escape(hd->comm != NULL ? hd->comm : "?", comm,
		    sizeof comm);
		if (!describe_add(buf, len, &n, "%s%ld (%s, %s)", i == 0 ?
		    ": " : ", ", (long)hd->pid, comm, holders_how(hd->how))) {
			strcpy(buf + n, ", ...");
			break;
		}
	}
	return buf;
}

const char *
holders_describe_now(const struct pshm_stat *st, char *buf, size_t len)
{
	struct holders *h = holders_new();
	const struct shm_holders *hs;
	size_t idx = holders_want(h, st);

	holders_scan(h);
	if ((hs = holders_of(h, idx))->count > 0)
		holders_describe(hs, buf, len);
	else
		snprintf(buf, len, "a process that could not be inspected");
	holders_free(h);
	return buf;
}

const char *
holders_describe_blind(const struct holders_blind *b, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (b->noproc) {
		snprintf(buf, len, "/proc could not be read");
		return buf;
	}
	if (b->hidden && !describe_add(buf, len, &n, "/proc does not show "
	    "every process (hidepid, or another pid namespace)%s",
	    b->nprocs > 0 ? "; " : ""))
		return buf;
	if (b->nprocs == 0)
		return buf;
	describe_add(buf, len, &n, "%zu process%s could not be inspected",
	    b->nprocs, b->nprocs == 1 ? "" : "es");
	for (size_t i = 0; i < b->nsample; i++)
		describe_add(buf, len, &n, "%s%ld", i == 0 ? " (pid " : ", ",
		    (long)b->sample[i]);
	if (b->nsample > 0)
		describe_add(buf, len, &n, "%s)", b->nprocs > b->nsample ?
		    ", ..." : "");
	return buf;
}
