/*
 * stale.h -- which objects are stale, by gc's rule (shmctl-gc(1)): named
 * objects that no process holds, last modified longer ago than the age
 * rule, owned by the user and at least the size asked for.  gc removes
 * them; metrics counts them (shmctl-metrics(1)); both ask this file, so
 * that the figures of the one are the dry run of the other.
 */
#ifndef SHMCTL_STALE_H
#define SHMCTL_STALE_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "holders.h"
#include "reap.h"
#include "row.h"
#include "shm.h"

/*
 * The default age rule: an object made a moment ago and not yet opened by
 * the process it is meant for is not stale.
 */
#define STALE_OLDER_THAN	600

struct stale_rule {
	int64_t older_than;	/* seconds; 0: any age */
	bool user_given;
	uid_t user;
	bool min_size_given;
	off_t min_size;
	struct timespec now;	/* ages are counted up to this moment */
};

/* The default rule (any owner, any size, STALE_OLDER_THAN), as of now. */
void stale_rule_init(struct stale_rule *);

/* Seconds since the last modification; negative when in the future. */
int64_t stale_age(const struct stale_rule *, const struct pshm_stat *);

/*
 * Whether an object's metadata passes the rule: a row_filter's wanted
 * function, arg a struct stale_rule.
 */
bool stale_wanted(const struct pshm_stat *, void *arg);

/*
 * gc's dry run on one candidate whose holders were scanned: REAP_IN_USE
 * where the scan saw a holder, REAP_REMOVED (it would be removed) where
 * the scan saw every process that could hold it and none does; else the
 * kernel is asked (reap_check_unused: the name reopened, compared, and a
 * lease tried and let go at once), and where it gives no lease the object
 * is REAP_UNKNOWN, kept.
 */
enum reap_result stale_dry_check(const struct pshm_ns *,
    const struct shm_row *, struct reap_info *, struct pshm_error *);

/*
 * The memory removing every object of v would free: an object's
 * allocated bytes count when all of its links are among v.  Reorders v.
 */
uintmax_t stale_freed(const struct shm_row **v, size_t n);

/*
 * The stale objects among rows of the namespace ns, whose holders have
 * been scanned: the named shared memory objects (no semaphores, nothing
 * deleted) that pass the rule and that stale_dry_check would remove, and
 * the memory their removal would free: the figures of gc's dry run.
 */
struct stale_sum {
	size_t objects;
	uintmax_t freed;
};

void stale_sum(const struct stale_rule *, const struct pshm_ns *ns,
    const struct shm_row *rows, size_t n, struct stale_sum *);

#endif
