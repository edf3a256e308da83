/*
 * parse.h -- the values of shmctl's command line: pure functions.
 *
 * Each parser returns 0 on success, or -1 with *why set to a short static
 * text saying which rule the input broke ("empty name", "invalid suffix
 * 'Q'", ...).  None prints, exits or keeps state.
 */
#ifndef SHMCTL_PARSE_H
#define SHMCTL_PARSE_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shm.h"

/* How every parser fails: *why (when why is not NULL) is text; -1. */
static inline int
parse_reject(const char **why, const char *text)
{
	if (why != NULL)
		*why = text;
	return -1;
}

/*
 * A NAME operand: "foo", "/foo" or "<shmdir>/foo" (shmdir is the namespace
 * directory, "/dev/shm" or the --dir argument) all give "/foo" in canon,
 * which must hold NAME_MAX + 2 bytes.
 */
int parse_name(const char *arg, const char *shmdir, char *canon, size_t len,
    const char **why);

/*
 * SIZE, OFFSET, LENGTH: decimal bytes, or hexadecimal with 0x, with an
 * optional suffix K, M, G, T, P, E (either case; alone or with iB: powers
 * of 1024; with B: powers of 1000).
 */
int parse_size(const char *arg, off_t *out, const char **why);

/* truncate -s: SIZE, +SIZE or -SIZE. */
enum size_rel { SIZE_SET, SIZE_GROW, SIZE_SHRINK };
int parse_size_rel(const char *arg, off_t *out, enum size_rel *rel,
    const char **why);

/*
 * MODE: octal, symbolic (chmod(1), applied to base; a clause without a who
 * is masked by the umask), or the permission keywords of the original
 * library.  A new object's base is MODE_NEW.
 */
#define MODE_NEW 0600
int parse_mode(const char *arg, mode_t base, mode_t *out, const char **why);

/*
 * OWNER: USER, USER:GROUP, USER: (login group), :GROUP; names or ids.
 * An omitted part is (uid_t)-1 / (gid_t)-1.
 */
int parse_owner(const char *arg, uid_t *uid, gid_t *gid, const char **why);

/* DURATION: 90, 90s, 15m, 2h, 7d, 1w, and sums such as 1h30m, in seconds. */
int parse_duration(const char *arg, int64_t *seconds, const char **why);

/* A descriptor number for --fd: 0..INT_MAX. */
int parse_fd(const char *arg, int *fd, const char **why);

/* A byte for write --fill: 0-255, decimal or 0xHH. */
int parse_byte(const char *arg, unsigned char *out, const char **why);

/* A positive count (anon --attempts). */
int parse_count(const char *arg, unsigned *out, const char **why);

/* --if-exists / --if-does-not-exist actions. */
int parse_if_exists(const char *arg, enum pshm_if_exists *,
    const char **why);
int parse_if_does_not_exist(const char *arg, enum pshm_if_does_not_exist *,
    const char **why);

#endif
