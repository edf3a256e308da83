/*
 * exec.h -- running COMMAND with a shared memory object at a descriptor,
 * for `open ... -- COMMAND` and `anon -- COMMAND`.
 *
 * The exit statuses follow env(1) and timeout(1): COMMAND's own status
 * (128 + N when signal N killed it, as shells report it), 125 when shmctl
 * fails before COMMAND runs, 126 when COMMAND cannot be executed, 127 when
 * it is not found.  Failures are reported as
 * "shmctl: SUBCOMMAND: COMMAND: reason".
 */
#ifndef SHMCTL_EXEC_H
#define SHMCTL_EXEC_H

#include <sys/types.h>

struct cmd_ctx;

/* The descriptor COMMAND finds the object at unless --fd says otherwise. */
#define EXEC_DEFAULT_FD 3

struct exec_cmd {
	char **argv;		/* COMMAND and its arguments, NULL-terminated */
	int *fdp;		/* the object's descriptor, close-on-exec */
	int target;		/* the descriptor COMMAND finds it at */
	const char *name;	/* SHMCTL_NAME, or NULL to leave it unset */
	off_t size;		/* SHMCTL_SIZE */
};

/*
 * Checks a --fd N for COMMAND before anything is done: N must be below the
 * descriptor limit (RLIMIT_NOFILE).  Reports and returns EXIT_USAGE, or 0.
 */
int exec_check_target(const struct cmd_ctx *, int target);

/*
 * Replaces shmctl by COMMAND, for when nothing is left to do after it ends.
 * Returns only when COMMAND could not be started: 125, 126 or 127, reported.
 */
int exec_replace(const struct cmd_ctx *, const struct exec_cmd *);

/*
 * Runs COMMAND in a child and waits for it, passing SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT sent to shmctl on to it, so that the caller can clean
 * up however COMMAND ends.  Closes *fdp in shmctl once the child has it.
 * Returns the exit status as described above.  shmctl keeps catching those
 * signals (and no longer passes them on) until it exits, so that the
 * cleanup after COMMAND is not cut short.
 */
int exec_spawn(const struct cmd_ctx *, const struct exec_cmd *);

#endif
