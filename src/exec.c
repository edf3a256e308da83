/*
 * exec.c -- running COMMAND with a shared memory object at a descriptor.
 *
 * Without cleanup to do afterwards, shmctl becomes COMMAND (as env(1) and
 * nice(1) do): signals and job control reach it directly, and its status
 * is the status.  With cleanup (open --rm), COMMAND runs in a child and
 * shmctl waits, passing on the signals meant to end it.
 *
 * Descriptors shmctl itself opens are all close-on-exec; the ones its
 * caller passed in are left alone (a caller may mean COMMAND to have them).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "exec.h"

/* The signals that end a command and that shmctl passes on. */
static const int exec_forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define EXEC_NFORWARDED (sizeof exec_forwarded / sizeof exec_forwarded[0])

struct exec_signals {
	struct sigaction old[EXEC_NFORWARDED];
	struct sigaction old_chld;
	sigset_t old_mask;
};

/* What the child tells shmctl when it could not become COMMAND. */
enum exec_stage { EXEC_STAGE_SETUP, EXEC_STAGE_RUN };
struct exec_report {
	int stage;
	int errnum;
};

/* The child to pass signals on to, or 0. */
static volatile sig_atomic_t exec_child_pid;

static int
exec_failure_status(int errnum)
{
	return errnum == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}

static int
exec_fail(const struct cmd_ctx *ctx, const char *what, int errnum)
{
	cmd_warnx(ctx, NULL, "%s: %s", what, strerror(errnum));
	return EXIT_CANCELED;
}

int
exec_check_target(const struct cmd_ctx *ctx, int target)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && (rlim_t)target >= rl.rlim_cur)
		return cmd_usage_error(ctx, "invalid --fd '%d': the descriptor "
		    "limit allows 0 to %ju", target,
		    (uintmax_t)rl.rlim_cur - 1);
	return 0;
}

static int
exec_set_env(const struct exec_cmd *c)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%d", c->target);
	if (setenv("SHMCTL_FD", buf, 1) == -1)
		return -1;
	snprintf(buf, sizeof buf, "%jd", (intmax_t)c->size);
	if (setenv("SHMCTL_SIZE", buf, 1) == -1)
		return -1;
	/* An anonymous object has no name, whatever an outer shmctl set. */
	if (c->name == NULL)
		return unsetenv("SHMCTL_NAME");
	return setenv("SHMCTL_NAME", c->name, 1);
}

/* Puts the object at the target descriptor, open across exec. */
static int
exec_place_fd(const struct exec_cmd *c)
{
	int flags;

	if (*c->fdp != c->target)
		return dup2(*c->fdp, c->target) == -1 ? -1 : 0;
	if ((flags = fcntl(c->target, F_GETFD)) == -1)
		return -1;
	return fcntl(c->target, F_SETFD, flags & ~FD_CLOEXEC);
}

static void
exec_restore_stderr(int saved)
{
	if (saved != -1) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
}

int
exec_replace(const struct cmd_ctx *ctx, const struct exec_cmd *c)
{
	int saved_stderr = -1, e;

	if (exec_set_env(c) != 0)
		return exec_fail(ctx, "environment", errno);
	/* A message after a failed exec must not go into the object. */
	if (c->target == STDERR_FILENO)
		saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	fflush(stdout);
	fflush(stderr);
	if (exec_place_fd(c) != 0) {
		e = errno;
		exec_restore_stderr(saved_stderr);
		cmd_warnx(ctx, NULL, "fd %d: %s", c->target, strerror(e));
		return EXIT_CANCELED;
	}
	execvp(c->argv[0], c->argv);
	e = errno;
	exec_restore_stderr(saved_stderr);
	cmd_warnx(ctx, c->argv[0], "%s", strerror(e));
	return exec_failure_status(e);
}

static void
exec_forward(int sig, siginfo_t *si, void *uctx)
{
	int saved = errno;

	(void)uctx;
	/*
	 * The terminal sends its signals (^C, ^\, hangup) to the whole
	 * foreground process group, COMMAND included: passing those on
	 * would deliver them twice.
	 */
	if (exec_child_pid > 0 && si->si_code != SI_KERNEL)
		kill((pid_t)exec_child_pid, sig);
	errno = saved;
}

/*
 * Catches the signals to pass on.  They stay blocked until the child's pid
 * is known, so that none is lost or sent to pid 0 (the process group).
 */
static void
exec_signals_catch(struct exec_signals *s)
{
	struct sigaction sa;
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < EXEC_NFORWARDED; i++)
		sigaddset(&block, exec_forwarded[i]);
	sigprocmask(SIG_BLOCK, &block, &s->old_mask);

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = exec_forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < EXEC_NFORWARDED; i++) {
		sigaction(exec_forwarded[i], NULL, &s->old[i]);
		/* Started ignoring it (a background job): so is COMMAND. */
		if (s->old[i].sa_handler != SIG_IGN)
			sigaction(exec_forwarded[i], &sa, NULL);
	}
	/* An inherited SIG_IGN would reap the child before we see it end. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, &s->old_chld);
}

static void
exec_signals_restore(const struct exec_signals *s)
{
	for (size_t i = 0; i < EXEC_NFORWARDED; i++)
		sigaction(exec_forwarded[i], &s->old[i], NULL);
	sigaction(SIGCHLD, &s->old_chld, NULL);
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
}

static void __attribute__((noreturn))
exec_child(const struct exec_cmd *c, int report, const struct exec_signals *s)
{
	struct exec_report r = { EXEC_STAGE_SETUP, 0 };
	ssize_t n;

	exec_signals_restore(s);
	/* Keep the report pipe out of the descriptor COMMAND gets. */
	if (report == c->target &&
	    (report = fcntl(report, F_DUPFD_CLOEXEC, 0)) == -1)
		_exit(EXIT_CANCELED);
	if (exec_place_fd(c) == 0) {
		r.stage = EXEC_STAGE_RUN;
		execvp(c->argv[0], c->argv);
	}
	r.errnum = errno;
	n = write(report, &r, sizeof r);
	(void)n;	/* shmctl sees the status below in any case */
	_exit(r.stage == EXEC_STAGE_RUN ? exec_failure_status(r.errnum) :
	    EXIT_CANCELED);
}

/* True when the child reported a failure to become COMMAND. */
static bool
exec_read_report(int fd, struct exec_report *r)
{
	ssize_t n;

	do
		n = read(fd, r, sizeof *r);
	while (n == -1 && errno == EINTR);
	return n == (ssize_t)sizeof *r;
}

/* The child's status as a shell reports it, or -1. */
static int
exec_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

int
exec_spawn(const struct cmd_ctx *ctx, const struct exec_cmd *c)
{
	struct exec_signals sigs;
	struct exec_report r;
	int report[2], status;
	bool failed;
	pid_t pid;

	if (exec_set_env(c) != 0)
		return exec_fail(ctx, "environment", errno);
	if (pipe2(report, O_CLOEXEC) == -1)
		return exec_fail(ctx, "pipe", errno);
	fflush(stdout);
	fflush(stderr);
	exec_signals_catch(&sigs);
	if ((pid = fork()) == -1) {
		int e = errno;

		exec_signals_restore(&sigs);
		close(report[0]);
		close(report[1]);
		return exec_fail(ctx, "fork", e);
	}
	if (pid == 0)
		exec_child(c, report[1], &sigs);

	exec_child_pid = pid;
	sigprocmask(SIG_SETMASK, &sigs.old_mask, NULL);
	close(report[1]);
	/* COMMAND holds the object now; shmctl need not. */
	pshm_fd_release(c->fdp);
	failed = exec_read_report(report[0], &r);
	close(report[0]);
	status = exec_wait(pid);
	exec_child_pid = 0;

	if (failed && r.stage == EXEC_STAGE_RUN) {
		cmd_warnx(ctx, c->argv[0], "%s", strerror(r.errnum));
		return exec_failure_status(r.errnum);
	}
	if (failed) {
		cmd_warnx(ctx, NULL, "fd %d: %s", c->target,
		    strerror(r.errnum));
		return EXIT_CANCELED;
	}
	if (status == -1)
		return exec_fail(ctx, "wait", errno);
	return status;
}
