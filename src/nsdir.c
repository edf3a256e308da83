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

#include "nsdir.h"

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
	return 0;
}

/* Whether an entry's name alone already leaves it out. */
static bool
row_wanted_name(const struct row_filter *f, const char *nspath,
    const char *name)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	/* glibc's sem_open(3) keeps semaphores here as "sem.NAME". */
	if (!f->sems && strncmp(name, "sem.", 4) == 0)
		return false;
	if (f->npatterns == 0)
		return true;
	for (int i = 0; i < f->npatterns; i++)
		if (fnmatch(pattern_body(nspath, f->patterns[i]), name, 0) == 0)
			return true;
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

	if (!row_wanted_name(f, ns->path, de->d_name))
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
