/*
 * row.h -- an object's row: what list, stat and gc know about one object
 * (its canonical name, type, fstat fields and holders), a growing list of
 * them, and the values of a row as text, shared by the table and the stat
 * printers.
 */
#ifndef SHMCTL_ROW_H
#define SHMCTL_ROW_H

#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "holders.h"	/* struct shm_holders */
#include "shm.h"

struct ns_info;
struct strbuf;

/* The type of a listed entry (list -a, the TYPE column). */
enum shm_type {
	SHM_TYPE_SHM,		/* a regular file: a shared memory object */
	SHM_TYPE_SEM,		/* a regular file named sem.*: a semaphore */
	SHM_TYPE_SYMLINK,
	SHM_TYPE_FIFO,
	SHM_TYPE_DIR,
	SHM_TYPE_SOCKET,
	SHM_TYPE_CHAR,
	SHM_TYPE_BLOCK,
	SHM_TYPE_OTHER,
	SHM_TYPE_MEMFD,		/* a memfd_create(2) object (list --deleted -a) */
};

/* One object: what list and stat print a line or a block about. */
struct shm_row {
	char *name;		/* canonical "/name", raw bytes; or the label
				   "fd N" when by_fd (owned by the row list) */
	bool by_fd;		/* reached through --fd: no name */
	bool deleted;		/* no name left, still held (list --deleted):
				   name is the last one the kernel knew */
	enum shm_type type;
	struct pshm_stat st;
	bool st_unknown;	/* deleted, and st could not be read: only its
				   device and inode are known */
	bool birth_known;	/* stat reads it (row_read_birth), list not */
	struct timespec birth;
	bool sval_known;	/* a semaphore's value was read (SVAL) */
	int sval;
	const struct shm_holders *holders; /* NULL: not looked for */
	const struct ns_info *ns; /* list -A: its namespace (nsfind.h) */
};

/* A growing array of rows; row_list_add copies the name. */
struct row_list {
	struct shm_row *v;
	size_t n;
	size_t cap;
};

/* Appends a row for name, zeroed but for its copy of name. */
struct shm_row *row_list_add(struct row_list *, const char *name);
void row_list_free(struct row_list *);

/* The birth time of the object open at fd, where statx(2) knows it. */
void row_read_birth(struct shm_row *, int fd);

/* The type of a listed entry from its name (without '/') and st_mode. */
enum shm_type shm_type_of(const char *name, mode_t mode);
/* "shm", "sem", "fifo"...: the TYPE column. */
const char *shm_type_name(enum shm_type);

/* The owner's and group's names, or their ids as text (libbsd caches). */
const char *row_user_name(uid_t);
const char *row_group_name(gid_t);
/* "-rw-------": strmode(3) without its trailing space. */
void row_perms(mode_t, char buf[12]);
/* The memory an object holds: st_blocks in units of 512 bytes. */
uintmax_t row_alloc_bytes(const struct pshm_stat *);

enum time_style {
	TIME_SHORT,	/* 2024-05-01 12:34, in tables */
	TIME_ISO,	/* 2024-05-01T12:34:56+02:00, for machines */
	TIME_FULL,	/* 2024-05-01 12:34:56.123456789 +0200, as stat(1) */
	TIME_MS,	/* 2024-05-01 12:34:56.123, events (watch) */
	TIME_ISO_MS,	/* 2024-05-01T12:34:56.123+02:00 */
};

void row_time(struct strbuf *, const struct timespec *, enum time_style);
/* "3", "3+" (a lower bound), "?" (nothing could be checked). */
void row_holders_count(struct strbuf *, const struct shm_holders *);

/* 1.5M, 4.0K, 512B: a size as list shows it (ls -h, lsblk). */
#define OUT_HUMAN_SIZE_MAX	24
const char *out_human_size(uintmax_t bytes, char *buf, size_t len);

#endif
