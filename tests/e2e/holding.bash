# Helpers for suites that need real holders (gc, unlink, holders): load it
# after common.  Background holders are killed in teardown.

MAPHOLDER=${MAPHOLDER:-${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}/helpers/mapholder}

setup() {
	common_setup
	BG_PIDS=()
}

teardown() {
	local p
	for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf -- "$SHM/sem.$P"* "$SHM/${P}ns"
	common_teardown
}

# hold_fd PATH: a background process holding PATH by a descriptor only,
# returning once the descriptor is open (the child opens it after the fork).
hold_fd() {
	sleep 300 3<"$1" &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_fd "$HOLDER" 3 "$1"
}

# wait_fd PID FD PATH: until descriptor FD of PID is PATH's object.
wait_fd() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ "/proc/$1/fd/$2" -ef "$3" ] && return 0
		sleep 0.05
	done
	echo "process $1 did not open $3 on descriptor $2" >&2
	return 1
}

# wait_ready FILE: until a holder has written "ready" there.
wait_ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "the holder did not get ready" >&2
	return 1
}

need_mapholder() {
	[ -x "$MAPHOLDER" ] || skip "mapholder not built ($MAPHOLDER)"
}

# hold_map PATH: a background process holding PATH by a mapping only.
hold_map() {
	local ready="$TMP/ready.${#BG_PIDS[@]}"
	need_mapholder
	"$MAPHOLDER" "$1" >"$ready" 3>&- &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_ready "$ready"
}

# as_nobody CMD...: runs CMD as user nobody, or skips saying why.
as_nobody() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    "$SHMCTL" --version >/dev/null 2>&1 ||
	    skip "user nobody cannot run $SHMCTL"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
}

# kernel_fd PID FD: "SIZE ALLOC INODE NLINK" of what the descriptor reaches.
kernel_fd() {
	stat -L -c '%s %b %B %i %h' "/proc/$1/fd/$2" |
	    awk '{ print $1, $2 * $3, $4, $5 }'
}

# kernel_map PID INODE: the same through the mapping of INODE.
kernel_map() {
	local f
	for f in /proc/"$1"/map_files/*; do
		[ "$(stat -L -c %i "$f" 2>/dev/null)" = "$2" ] || continue
		stat -L -c '%s %b %B %i %h' "$f" |
		    awk '{ print $1, $2 * $3, $4, $5 }'
		return 0
	done
	return 1
}
