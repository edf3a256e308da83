/*
 * proc.h -- readers of /proc (proc(5)): small files read whole, the
 * fields of status and stat, a process's descriptors and the lines of its
 * maps.
 *
 * The parsers take text and touch nothing, so that they can be tested on
 * their own; the readers take a directory descriptor of /proc/PID (or
 * /proc/PID/task/TID) and say how reading it went.
 */
#ifndef SHMCTL_PROC_H
#define SHMCTL_PROC_H

#include <sys/types.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* PF_KTHREAD of the kernel's include/linux/sched.h, in stat's flags. */
#define PROC_PF_KTHREAD		0x00200000UL
#define PROC_CAP_SYS_PTRACE	19
/* The inode of the initial pid namespace (PROC_PID_INIT_INO). */
#define PROC_INIT_PIDNS		"pid:[4026531836]"

/*
 * How reading part of a process went.  Any failure but the process's
 * exit is PROC_DENIED, whatever the errno: that process is then not
 * inspected, and the scan goes on.
 */
enum proc_read {
	PROC_OK,
	PROC_GONE,		/* it exited meanwhile */
	PROC_DENIED,		/* it could not be read */
};

/* The class of an errno from reading /proc/PID. */
enum proc_read proc_errno(int);

/*
 * Reads a small file under dirfd whole into buf, NUL-terminated: its
 * length, or -1 with errno set.
 */
ssize_t proc_read_small(int dirfd, const char *name, char *buf, size_t size);

/* The command name (comm), without its newline; false if unreadable. */
bool proc_read_comm(int dirfd, char *buf, size_t size);

/* The value after "Key:" on its line of a status file, or NULL. */
const char *proc_status_field(const char *status, const char *key);

/*
 * Calls add for each id on the "Uid:", "Gid:" or "Groups:" line (key) of
 * a status file; -1 when there is no such line.
 */
int proc_status_ids(const char *status, const char *key,
    void (*add)(unsigned id, void *arg), void *arg);

/*
 * Whether the credentials of a status file could open any object: any
 * effective capability, or uid 0 anywhere (root gains every capability
 * again at its next execve(2)); true when the lines are missing.
 */
bool proc_status_privileged(const char *status);

/*
 * From the text of /proc/PID/stat: the state letter and the flags.  The
 * command name can hold anything, ')' too; returns -1 when the text is
 * not of that form.
 */
int proc_stat_parse(const char *stat, char *state, unsigned long *flags);

/* The fields of /proc/PID/stat that the scan needs. */
struct proc_stat {
	char state;		/* 'R', 'S', ..., 'Z' (zombie) */
	unsigned long flags;	/* PF_* */
	long nthreads;
};

/* Reads /proc/PID/stat under dirfd: 0, or -1 with errno set. */
int proc_read_stat(int dirfd, struct proc_stat *);

/*
 * Calls fn for each thread of the process but its leader, with a
 * directory descriptor of /proc/PID/task/TID (closed after fn returns).
 */
enum proc_read proc_each_thread(int dirfd, pid_t pid,
    void (*fn)(int taskfd, pid_t tid, void *arg), void *arg);

/*
 * Whether thread tid shares the descriptor table of pid (kcmp(2)
 * KCMP_FILES); false where that cannot be told.
 */
bool proc_same_files(pid_t pid, pid_t tid);

/* Kernel threads and zombies hold nothing: 1 for those, 0, or -1 (errno). */
int proc_holds_nothing(int dirfd);

/*
 * A line of /proc/PID/maps: "start-end perms offset maj:min inode path".
 * The device is the kernel's, in hex, as makedev(3) encodes st_dev.
 * False for anonymous memory (inode 0) and for text of another form.
 */
bool proc_maps_line_id(const char *line, dev_t *dev, ino_t *ino);

/*
 * Parses a whole line of maps into ref: the mapping's range, the object's
 * device and inode, and its path (NULL where the line has none); false as
 * proc_maps_line_id.  ref->path points into line.
 */
struct proc_ref;
bool proc_maps_line_ref(const char *line, struct proc_ref *ref);

/*
 * One reference of a process to an object: a descriptor or a mapping.
 * Besides the object's identity it says where the reference is, so that a
 * reader can look at the object through it (stat(2) of the descriptor's
 * entry in fd/, of the mapping's in map_files/) without a path of its own;
 * dirfd is bound to the process, so a pid used again meanwhile is never
 * reached through it.  Valid only while the function told of it runs.
 */
struct proc_ref {
	dev_t dev;
	ino_t ino;
	long nlink;		/* links (a descriptor's), or -1: unknown */
	int dirfd;		/* a descriptor: fd/; a mapping: /proc/PID */
	const char *fd;		/* a descriptor: its entry in fd/, else NULL */
	unsigned long start;	/* a mapping: its range, the name */
	unsigned long end;	/* of its entry in map_files/ */
	const char *path;	/* a mapping: maps' text of its path, or NULL */
	int mapsfd;		/* read by PROCMAP_QUERY: maps, else -1 */
};

/*
 * A mapping's path as the kernel writes it (" (deleted)" after a removed
 * name), into buf: ref->path where the text gave it, else asked of the
 * kernel by PROCMAP_QUERY for that mapping alone; NULL where neither can.
 */
const char *proc_ref_maps_path(const struct proc_ref *, char *buf,
    size_t len);

/* Told of each object found. */
typedef void proc_object_fn(const struct proc_ref *, void *arg);

/*
 * Each descriptor of fd/ under dirfd, by stat(2) through the kernel's own
 * link, whatever the object's name or mount namespace.
 */
enum proc_read proc_each_fd(int dirfd, proc_object_fn *fn, void *arg);

/*
 * Each file-backed mapping of maps under dirfd, read through buf (size
 * bytes: PROC_MAPS_BUF is enough for any line).  Neither reader
 * allocates memory.
 */
#define PROC_MAPS_BUF	(PATH_MAX + 256)
enum proc_read proc_each_mapping(int dirfd, char *buf, size_t size,
    proc_object_fn *fn, void *arg);

/*
 * How maps are read: the PROCMAP_QUERY ioctl (Linux 6.11) where the
 * kernel answers it on our own maps, else the text.  SHMCTL_PROCMAP=query
 * or text forces one, for tests and benchmarks (forced to the ioctl on a
 * kernel without it, every read of maps fails, and the scan says so), as
 * does proc_maps_use.  proc_maps_used decides, once, and says which.
 */
enum proc_maps_reader {
	PROC_MAPS_AUTO,
	PROC_MAPS_QUERY,
	PROC_MAPS_TEXT,
};
void proc_maps_use(enum proc_maps_reader);
enum proc_maps_reader proc_maps_used(void);

/* Whether /proc's hidepid option leaves processes out of the listing. */
bool proc_hidepid(int procfd);

/*
 * Whether processes of another pid namespace are missing from /proc: this
 * /proc shows only its namespace, and only the first has every process.
 */
bool proc_partial_pidns(int procfd);

#endif
