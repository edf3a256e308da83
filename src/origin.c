/*
 * origin.c -- which program usually makes objects so named: one table of
 * fnmatch(3) patterns, each resting on the naming scheme in the source of
 * the program named (file and constant in its comment), tried in order,
 * first match wins; a more particular pattern comes before a general one
 * ("sem.mp-*" before "sem.*").  A name only hints at its maker: any
 * program may take any name.  The table is listed in shmctl-list(1).
 */
#include "config.h"

#include <fnmatch.h>

#include "origin.h"

static const struct origin origins[] = {
	/* CPython Lib/multiprocessing/shared_memory.py: _SHM_NAME_PREFIX
	 * '/psm_' for SharedMemory's generated names. */
	{ "psm_*", "python" },
	/* CPython Lib/multiprocessing/synchronize.py SemLock._make_name:
	 * '%s-%s' of process.py's semprefix '/mp'; glibc adds "sem.". */
	{ "sem.mp-*", "python" },
	/* joblib's loky, loky/backend/synchronize.py SemLock._make_name:
	 * '/loky-%i-%s' (pid, random). */
	{ "sem.loky-*", "loky" },
	/* PostgreSQL src/backend/storage/ipc/dsm_impl.c, dsm_impl_posix:
	 * "/PostgreSQL.%u" (the dynamic shared memory handle). */
	{ "PostgreSQL.*", "postgresql" },
	/* Chromium base/files/file_util_posix.cc TempFileName():
	 * ".org.chromium.Chromium." and six random characters, or
	 * ".com.google.Chrome." with GOOGLE_CHROME_BRANDING; unlinked at
	 * once (list --deleted). */
	{ ".org.chromium.Chromium.*", "chromium" },
	{ ".com.google.Chrome.*", "chrome" },
	/* Firefox ipc/chromium/src/base/shared_memory_posix.cc,
	 * AppendPosixShmPrefix: "/org.mozilla.ipc.%d." (pid) and a counter,
	 * after "snap.NAME." in a snap; unlinked at once. */
	{ "org.mozilla.ipc.*", "firefox" },
	{ "snap.*.org.mozilla.ipc.*", "firefox" },
	/* PulseAudio src/pulsecore/shm.c segment_name(): "/pulse-shm-%u". */
	{ "pulse-shm-*", "pulseaudio" },
	/* JACK2 common/shm.c: the registry "/jack-shm-registry" and the
	 * segments "/jack-%d-%d" (uid, registry index). */
	{ "jack-shm-registry", "jack" },
	{ "jack-[0-9]*-[0-9]*", "jack" },
	/* JACK2 posix/JackPosixSemaphore.cpp BuildName: "jack_sem.%d_%s_%s"
	 * through sem_open(3); linux/JackLinuxFutex.cpp: the same name
	 * through shm_open(3). */
	{ "sem.jack_sem.*", "jack" },
	{ "jack_sem.*", "jack" },
	/* PyTorch aten/src/ATen/MapAllocator.cpp NewProcessWideShmHandle:
	 * "/torch_" pid "_" random "_" counter (file_system sharing). */
	{ "torch_*", "pytorch" },
	/* Fast DDS src/cpp/rtps/transport/shared_mem/SharedMemTransport.cpp
	 * SHM_MANAGER_DOMAIN: "fastrtps" (2.x), "fastdds" (3.x); segments
	 * are the domain, "_" and an id (SharedMemManager.hpp), ports the
	 * domain, "_port" and a number (SharedMemGlobal.hpp), and their
	 * "_mutex" a boost named mutex: a semaphore. */
	{ "fastrtps_*", "fast-dds" },
	{ "sem.fastrtps_*", "fast-dds" },
	{ "fastdds_*", "fast-dds" },
	{ "sem.fastdds_*", "fast-dds" },
	/* Open MPI opal/mca/btl/sm/btl_sm_component.c:
	 * "sm_segment.%s.%x.%d" (node, job, rank) in backing_directory,
	 * /dev/shm on Linux; "vader_segment." in 4.x's btl/vader. */
	{ "sm_segment.*", "open-mpi" },
	{ "vader_segment.*", "open-mpi" },
	/* NCCL src/misc/shmutils.cc ncclShmOpen:
	 * mkstemp(3) of "/dev/shm/nccl-" and six random characters. */
	{ "nccl-??????", "nccl" },
	/* glibc sysdeps/pthread/sem_open.c: SEM_SHM_PREFIX "sem." before
	 * the name sem_open(3) was given: any other named semaphore. */
	{ "sem.*", "glibc" },
};

const char *
origin_of(const char *name)
{
	if (*name == '/')
		name++;
	for (size_t i = 0; i < sizeof origins / sizeof origins[0]; i++)
		if (fnmatch(origins[i].pattern, name, FNM_PERIOD) == 0)
			return origins[i].program;
	return NULL;
}

const struct origin *
origin_table(size_t *n)
{
	*n = sizeof origins / sizeof origins[0];
	return origins;
}
