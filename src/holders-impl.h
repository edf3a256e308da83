/*
 * holders-impl.h -- what holders.c (the wanted objects and the results)
 * and holders-scan.c (the pass over /proc) share; no other file includes
 * it.
 */
#ifndef SHMCTL_HOLDERS_IMPL_H
#define SHMCTL_HOLDERS_IMPL_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "holders.h"
#include "proc.h"

struct object {
	dev_t dev;
	ino_t ino;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	struct shm_holder *v;
	size_t n;
	size_t cap;
	struct shm_holders result;
};

/* A set of uids or gids, sorted once the scan is done. */
struct id_set {
	unsigned *v;
	size_t n;
	size_t cap;
};

/* A device whose objects are all asked about (holders_want_device). */
struct device {
	dev_t dev;
	holders_found_fn *found;
	void *arg;
};

/* What the processes not inspected could hold (holders.h). */
struct blind_ids {
	size_t nplain;		/* unprivileged processes not inspected */
	struct id_set uids;
	struct id_set gids;
};

struct holders {
	struct object *obj;
	size_t nobj;
	size_t capobj;
	size_t *slot;		/* the hash: object index + 1, or 0 */
	size_t nslot;		/* a power of two, >= 2 * nobj */
	struct device *dev;
	size_t ndev;
	char **comm;		/* the command names read */
	size_t ncomm;
	size_t capcomm;
	struct holders_blind blind;
	struct blind_ids ids;
	bool scanned;
};

/* v, of *cap elements of size, with room for need (moved, *cap updated). */
void *holders_grow(void *v, size_t *cap, size_t need, size_t size);
/* The wanted object (dev, ino), or NULL. */
struct object *holders_object_find(const struct holders *, dev_t, ino_t);
/* An object on a device asked about, wanted now if its reader finds it. */
struct object *holders_device_object(struct holders *,
    const struct proc_ref *);
void holders_id_add(unsigned id, void *set);
/* Sorts the results and decides which are complete. */
void holders_finish(struct holders *);

#endif
