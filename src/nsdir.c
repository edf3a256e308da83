/*
 * nsdir.c -- a namespace directory read into rows: each entry looked at
 * with fstatat(AT_SYMLINK_NOFOLLOW), never followed or opened.
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <semaphore.h>

#include "nsdir.h"
#include "nsfind.h"

/* A pattern as a NAME may be given: without the directory and the slash. */
static const char *
pattern_body(const char *nspath, const char *p)
{
	size_t dirlen = strlen(nspath);

	if (strncmp(p, nspath, dirlen) == 0 && p[dirlen] == '/')
		p += dirlen;
	if (*p == '/')
		p++;
	return p;
}

int
row_filter_check(const struct row_filter *f, const char *nspath,
    const char **bad)
{
	for (int i = 0; i < f->npatterns; i++)
		if (*pattern_body(nspath, f->patterns[i]) == '\0') {
			*bad = f->patterns[i];
			return -1;
		}
	for (int i = 0; i < f->nexcludes; i++)
		if (*pattern_body(nspath, f->excludes[i]) == '\0') {
			*bad = f->excludes[i];
			return -1;
		}
	return 0;
}

const char *
row_filter_sem_pattern(const struct row_filter *f, const char *nspath)
{
	for (int i = 0; !f->sems && i < f->npatterns; i++)
		if (strncmp(pattern_body(nspath, f->patterns[i]), "sem.", 4) == 0)
			return f->patterns[i];
	return NULL;
}

/* Whether an entry's name alone already leaves it out. */
bool
row_filter_name(const struct row_filter *f, const char *nspath,
    const char *name)
{
	/* glibc's sem_open(3) keeps semaphores here as "sem.NAME". */
	bool sem = strncmp(name, "sem.", 4) == 0;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	if (!f->sems && sem)
		return false;
	for (int i = 0; i < f->nexcludes; i++)
		if (fnmatch(pattern_body(nspath, f->excludes[i]), name, 0) == 0)
			return false;
	if (f->npatterns == 0)
		return true;
	for (int i = 0; i < f->npatterns; i++) {
		const char *body = pattern_body(nspath, f->patterns[i]);

		/* A semaphore also by the name sem_open(3) was given. */
		if (fnmatch(body, name, 0) == 0 ||
		    (sem && fnmatch(body, name + 4, 0) == 0))
			return true;
	}
	return false;
}

/* Adds the entry's row if wanted; -1 when it could not be read. */
static int
row_read_entry(struct row_list *rl, const struct pshm_ns *ns, int dfd,
    const struct dirent *de, const struct row_filter *f)
{
	char canon[NAME_MAX + 2];
	struct pshm_stat ps;
	struct shm_row *row;
	struct stat st;

	if (!row_filter_name(f, ns->path, de->d_name))
		return 0;
	/* The directory's own type hint spares a call for a FIFO or link. */
	if (!f->nonregular && de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
		return 0;
	snprintf(canon, sizeof canon, "/%s", de->d_name);
	if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)	/* removed since readdir: gone */
			return 0;
		f->warn(f->arg, canon, errno);
		return -1;
	}
	if (!f->nonregular && !S_ISREG(st.st_mode))
		return 0;
	pshm_stat_from(&ps, &st);
	if (f->wanted != NULL && !f->wanted(&ps, f->arg))
		return 0;
	row = row_list_add(rl, canon);
	row->st = ps;
	row->type = shm_type_of(de->d_name, st.st_mode);
	return 0;
}

/* A directory stream of its own on the namespace directory. */
static DIR *
ns_opendir(const struct pshm_ns *ns)
{
	DIR *dir;
	int fd;

	fd = openat(ns->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	if ((dir = fdopendir(fd)) == NULL) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return dir;
}

int
row_list_read(struct row_list *rl, const struct pshm_ns *ns,
    const struct row_filter *f)
{
	struct dirent *de;
	int rc = 0;
	DIR *dir;

	if ((dir = ns_opendir(ns)) == NULL) {
		f->warn(f->arg, NULL, errno);
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL)
			break;
		if (row_read_entry(rl, ns, dirfd(dir), de, f) != 0)
			rc = -1;
	}
	if (errno != 0) {
		f->warn(f->arg, NULL, errno);
		rc = -1;
	}
	closedir(dir);
	return rc;
}

/*
 * The sem_t is copied with pread(2), not mapped: an object truncated
 * meanwhile is a short read here, where a mapping would be SIGBUS (as
 * dump reads, shmctl-dump(1)); sem_getvalue only reads the copy's value.
 */
static void
row_read_sval(struct shm_row *row, const struct pshm_ns *ns)
{
	struct pshm_open_opts oo = {
		.direction = PSHM_INPUT,
		.if_does_not_exist = PSHM_IFDNE_ERROR,
	};
	struct pshm_error err;
	struct pshm_stat st;
	sem_t sem;
	int value;
	WITH_OPEN_SHM(fd);

	if (pshm_open(ns, row->name, &oo, &fd, NULL, &err) != PSHM_OK ||
	    pshm_fstat(fd, &st, &err) != 0 || st.ino != row->st.ino ||
	    st.dev != row->st.dev || st.size < (off_t)sizeof sem ||
	    pread(fd, &sem, sizeof sem, 0) != (ssize_t)sizeof sem ||
	    sem_getvalue(&sem, &value) != 0)
		return;
	row->sval = value;
	row->sval_known = true;
}

void
row_list_read_svals(struct row_list *rl, const struct pshm_ns *ns)
{
	/* list -A: each row in the namespace it was read from. */
	for (size_t i = 0; i < rl->n; i++)
		if (rl->v[i].type == SHM_TYPE_SEM)
			row_read_sval(&rl->v[i], rl->v[i].ns != NULL ?
			    &rl->v[i].ns->ns : ns);
}
