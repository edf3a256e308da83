/*
 * deleted.h -- the objects that have lost their name but are still held
 * open or mapped (shmctl-list(1) --deleted, shmctl-df(1)): the memory that
 * no listing of the namespace directory can show.
 *
 * They are found by the holder scan (holders.h), in the same pass as the
 * holders of named objects: every descriptor and mapping of a process
 * that refers to an object on an asked-about device with no link left
 * (st_nlink 0) makes that object a row.  Its last name is the text the
 * kernel keeps for the reference (the link of /proc/PID/fd/N or of
 * /proc/PID/map_files/START-END, without " (deleted)"), and its size and
 * allocation are read by stat(2) through that same entry, never guessed:
 * where the entry cannot be followed (map_files/ needs CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE), the name comes from the maps text and the
 * metadata stays unknown.
 *
 * memfd_create(2) objects live on the kernel's internal shm mount, not on
 * any namespace's file system: they are found on that mount's device (the
 * device of a memfd made to learn it) and told from the System V segments
 * and shared anonymous mappings that live there too by their link text,
 * "/memfd:NAME".  MFD_HUGETLB memfds live on an internal hugetlbfs mount
 * and are not found.
 */
#ifndef SHMCTL_DELETED_H
#define SHMCTL_DELETED_H

#include <stdbool.h>

#include "holders.h"
#include "nsdir.h"
#include "row.h"
#include "shm.h"

struct deleted;
struct ns_info;

struct deleted *deleted_new(void);
void deleted_free(struct deleted *);

/*
 * Before holders_scan: asks h about the nameless objects on the file
 * system of ns (info: its namespace with list -A, or NULL).  Returns 0,
 * or -1 with errno set when the namespace's device cannot be read.
 */
int deleted_want_ns(struct deleted *, struct holders *,
    const struct pshm_ns *ns, const struct ns_info *info);

/*
 * Before holders_scan: asks h about memfd_create(2) objects too.  Returns
 * 0, or -1 with errno set when no memfd can be made to find their device.
 */
int deleted_want_memfd(struct deleted *, struct holders *);

/*
 * After holders_scan: a row for each object found whose name the filter
 * lets through (its patterns; nspath as row_filter_name takes it), with
 * deleted set, its holders in h (valid until holders_free) and its
 * namespace.  Rows whose metadata could not be read have st_unknown set.
 */
void deleted_rows(const struct deleted *, struct holders *,
    const struct row_filter *, const char *nspath, struct row_list *);

#endif
