/*
 * cgroup.c -- a process's memory cgroup and the container it names.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

/* Undoes mountinfo's octal escapes (\040 for a blank) in place. */
static void
mountinfo_unescape(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 3;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/* Whether word is one of the comma-separated words of list. */
static bool
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p != NULL; p = strchr(p, ',')) {
		p += *p == ',';
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0' ||
		    p[n] == '\n' || p[n] == ' '))
			return true;
	}
	return false;
}

/*
 * The first mount of this process's mount namespace that shows a whole
 * hierarchy (its root is "/"), as proc(5) mountinfo lists it: cgroup2's,
 * or (v1) the cgroup mount with the memory controller.
 */
static bool
cgroup_mount(int version, char *buf, size_t len)
{
	char line[4096], root[PATH_MAX], point[PATH_MAX];
	const char *want = version == 2 ? " - cgroup2 " : " - cgroup ";
	bool found = false;
	FILE *fp;

	if ((fp = fopen("/proc/self/mountinfo", "re")) == NULL)
		return false;
	while (!found && fgets(line, sizeof line, fp) != NULL) {
		const char *sep = strstr(line, " - "), *opts;

		if (sep == NULL || strncmp(sep, want, strlen(want)) != 0)
			continue;
		/* " - cgroup SOURCE OPTIONS": v1 names its controllers. */
		opts = strrchr(sep, ' ');
		if (version == 1 && (opts == NULL || !has_word(opts + 1,
		    "memory")))
			continue;
		if (sscanf(line, "%*s %*s %*s %4095s %4095s", root,
		    point) != 2 || strcmp(root, "/") != 0)
			continue;
		mountinfo_unescape(point);
		snprintf(buf, len, "%s", point);
		found = true;
	}
	fclose(fp);
	return found;
}

/*
 * The path of pid's cgroup in a hierarchy of /proc/PID/cgroup: "0::PATH"
 * (v2), or "N:...memory...:PATH" (v1's memory controller).
 */
static int
cgroup_path_of(pid_t pid, int version, char *buf, size_t len)
{
	char file[64], line[PATH_MAX + 64];
	int found = -1;
	FILE *fp;

	snprintf(file, sizeof file, "/proc/%ld/cgroup", (long)pid);
	if ((fp = fopen(file, "re")) == NULL)
		return -1;
	while (found != 0 && fgets(line, sizeof line, fp) != NULL) {
		char *ctl = strchr(line, ':'), *path;

		if (ctl == NULL || (path = strchr(ctl + 1, ':')) == NULL)
			continue;
		*path++ = '\0';
		if (version == 2 ? strcmp(line, "0") != 0 || ctl[1] != '\0' :
		    !has_word(ctl + 1, "memory"))
			continue;
		path[strcspn(path, "\n")] = '\0';
		snprintf(buf, len, "%s", path);
		found = 0;
	}
	fclose(fp);
	if (found != 0)
		errno = ENOENT;
	return found;
}

static FILE *
cgroup_open(const char *mount, const char *path, const char *file)
{
	char full[PATH_MAX * 2 + 32];

	snprintf(full, sizeof full, "%s%s/%s", mount,
	    strcmp(path, "/") == 0 ? "" : path, file);
	return fopen(full, "re");
}

/*
 * v1 has no "max": an unlimited cgroup says PAGE_COUNTER_MAX pages, near
 * 2^63 bytes.
 */
#define CGROUP_V1_UNLIMITED	(UINTMAX_C(1) << 62)

/* memory.max (v2) or memory.limit_in_bytes (v1); false if unreadable. */
static bool
read_memory_max(const char *mount, struct cgroup_mem *cg)
{
	char word[32];
	FILE *fp = cgroup_open(mount, cg->path, cg->version == 2 ?
	    "memory.max" : "memory.limit_in_bytes");

	if (fp == NULL)
		return false;
	if (fscanf(fp, "%31s", word) == 1) {
		char *end;

		if (strcmp(word, "max") == 0)
			cg->has_max = cg->unlimited = true;
		else {
			errno = 0;
			cg->max = strtoumax(word, &end, 10);
			cg->has_max = errno == 0 && *end == '\0';
			cg->unlimited = cg->version == 1 &&
			    cg->max >= CGROUP_V1_UNLIMITED;
		}
	}
	fclose(fp);
	return true;
}

static void
read_memory_shmem(const char *mount, struct cgroup_mem *cg)
{
	char key[64];
	uintmax_t value;
	FILE *fp = cgroup_open(mount, cg->path, "memory.stat");

	if (fp == NULL)
		return;
	while (fscanf(fp, "%63s %ju", key, &value) == 2)
		if (strcmp(key, "shmem") == 0) {
			cg->shmem = value;
			cg->has_shmem = true;
			break;
		}
	fclose(fp);
}

/* One hierarchy's figures; false when it has no memory controller. */
static bool
cgroup_mem_try(pid_t pid, int version, struct cgroup_mem *cg)
{
	char mount[PATH_MAX];

	cg->version = version;
	if (cgroup_path_of(pid, version, cg->path, sizeof cg->path) != 0)
		return false;
	/* Outside this process's cgroup namespace: no path to read under. */
	if (cg->path[0] != '/' || strstr(cg->path, "/..") != NULL ||
	    !cgroup_mount(version, mount, sizeof mount))
		return false;
	if (!read_memory_max(mount, cg))
		return false;
	read_memory_shmem(mount, cg);
	return true;
}

int
cgroup_mem_read(pid_t pid, struct cgroup_mem *cg)
{
	memset(cg, 0, sizeof *cg);
	if (cgroup_mem_try(pid, 2, cg))
		return 0;
	memset(cg, 0, sizeof *cg);
	if (cgroup_mem_try(pid, 1, cg))
		return 0;
	/* No memory controller: still the v2 path, for the container. */
	memset(cg, 0, sizeof *cg);
	cg->version = 2;
	return cgroup_path_of(pid, 2, cg->path, sizeof cg->path);
}

/* --- containers ------------------------------------------------------- */

/* The length of the run of hex digits at s. */
static size_t
hex_run(const char *s)
{
	size_t n = 0;

	while (isxdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* A container id: 64 hex digits, shown by its first 12 as docker ps does. */
#define ID_LEN		64
#define ID_SHOWN	12

/*
 * A runtime's scope or directory in one path component: "docker-ID.scope",
 * "libpod-ID.scope", "cri-containerd-ID.scope", "crio-ID.scope",
 * "nerdctl-ID.scope", or the id alone (cgroupfs drivers).
 */
static const char *
runtime_of(const char *comp, size_t len, const char **id)
{
	static const struct {
		const char *prefix;
		const char *runtime;
	} scopes[] = {
		{ "docker-", "docker" },
		{ "libpod-", "podman" },
		{ "cri-containerd-", "containerd" },
		{ "nerdctl-", "containerd" },
		{ "crio-", "cri-o" },
	};

	for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
		size_t pl = strlen(scopes[i].prefix);

		if (len >= pl + ID_LEN && strncmp(comp, scopes[i].prefix,
		    pl) == 0 && hex_run(comp + pl) == ID_LEN) {
			*id = comp + pl;
			return scopes[i].runtime;
		}
	}
	if (len == ID_LEN && hex_run(comp) == ID_LEN) {
		*id = comp;
		return "";	/* the parent directory says whose */
	}
	return NULL;
}

/* A pod's uid: "pod<uid>" (cgroupfs) or "kubepods-...-pod<uid>.slice". */
static bool
pod_of(const char *comp, size_t len, char *uid, size_t uidlen)
{
	const char *p = NULL;
	size_t n;

	for (size_t i = 0; i + 3 < len; i++)
		if (strncmp(comp + i, "pod", 3) == 0 && (i == 0 ||
		    comp[i - 1] == '-') && isxdigit((unsigned char)comp[i + 3]))
			p = comp + i + 3;
	if (p == NULL)
		return false;
	n = strspn(p, "0123456789abcdefABCDEF-_");
	if (n < 8 || n >= uidlen)
		return false;
	/* The systemd driver writes the uid's dashes as underscores. */
	for (size_t i = 0; i < n; i++)
		uid[i] = p[i] == '_' ? '-' : p[i];
	uid[n] = '\0';
	return true;
}

const char *
cgroup_container(const char *path, char *buf, size_t len)
{
	const char *runtime = NULL, *id = NULL, *parent = "";
	size_t parentlen = 0;
	char pod[64] = "";
	bool kube = strstr(path, "kubepods") != NULL;

	for (const char *c = path; *c != '\0';) {
		size_t n;
		const char *r, *cid;

		c += strspn(c, "/");
		n = strcspn(c, "/");
		if (n == 0)
			break;
		if (kube && pod_of(c, n, pod, sizeof pod))
			;
		else if ((r = runtime_of(c, n, &cid)) != NULL) {
			runtime = *r != '\0' ? r :
			    parentlen == 6 && strncmp(parent, "docker", 6) == 0 ?
			    "docker" : "containerd";
			id = cid;
		}
		parent = c;
		parentlen = n;
		c += n;
	}
	if (pod[0] != '\0' && id != NULL)
		snprintf(buf, len, "kubernetes pod %s container %.*s", pod,
		    ID_SHOWN, id);
	else if (pod[0] != '\0')
		snprintf(buf, len, "kubernetes pod %s", pod);
	else if (id != NULL)
		snprintf(buf, len, "%s %.*s", runtime, ID_SHOWN, id);
	else
		return NULL;
	return buf;
}
