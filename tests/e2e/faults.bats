#!/usr/bin/env bats
# Faults from outside: an object resized by another process while it is
# read or written, a tmpfs with no space left, standard output that cannot
# be written (/dev/full, a pipe closed early, with SIGPIPE default or
# ignored), permission denied, and signals to `open --rm -- COMMAND`.
# shmctl must never die of a signal it did not ask for (SIGBUS from a
# mapping cut short: 135; SIGSEGV: 139), must say what failed in one line,
# and must leave nothing half-made.

# (bash -c scripts take their arguments as $0, $1...: single quotes are
# meant; bats runs each test in a subshell.)
# shellcheck disable=SC2016,SC2030,SC2031

load common

setup() {
	common_setup
	MNT=""
}

teardown() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	[ -n "${RESIZER:-}" ] && kill "$RESIZER" 2>/dev/null
	common_teardown
}

# Mounts a tmpfs of SIZE under the test's directory into $MNT, or skips.
small_tmpfs() {
	require_root
	mkdir -p "$TMP/small"
	mount -t tmpfs -o "size=$1,mode=1777" tmpfs "$TMP/small" 2>"$TMP/mount.err" ||
	    skip "cannot mount a tmpfs here: $(cat "$TMP/mount.err")"
	MNT=$TMP/small
}

# Status is 0, or 1 with one line "shmctl: SUB: ...": no death by signal.
exited_cleanly() {
	local sub=$1
	if [ "$status" -ge 128 ]; then
		echo "killed by signal $((status - 128)): $stderr"
		return 1
	fi
	case $status in
	0) ;;
	1)
		[[ $stderr == "shmctl: $sub: "* && $stderr != *$'\n'* ]] || {
			echo "exit 1 without a one-line message: $stderr"
			return 1
		}
		;;
	*) echo "exit $status: $stderr"; return 1 ;;
	esac
}

# Resizes PATH between 0 and 8 MiB as fast as it can, in the background,
# until it is killed (teardown kills it too); the bound only keeps a lost
# one from running for ever, and must outlast a slow, loaded machine.
start_resizer() {
	python3 -c '
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
end = time.time() + 900
while time.time() < end:
    os.ftruncate(fd, 0)
    os.ftruncate(fd, 8 << 20)
' "$1" &
	RESIZER=$!
}

@test "dump and write while another process keeps cutting the object: no signal death" {
	shmctl create -s 8M "$N"
	head -c 8M /dev/urandom >"$TMP/data"
	start_resizer "$SHM/$N"
	local i cmd ones=0
	local -a cmds=(
		"dump -r $N"
		"dump $N"
		"dump -v -o 4M $N"
		"write --fill 0x41 $N"
		"write -o 1M $TMP/data $N"
		"write --grow --string tail -o 8388600 $N"
	)
	for i in 1 2 3 4 5; do
		for cmd in "${cmds[@]}"; do
			# shellcheck disable=SC2086
			run --separate-stderr "$SHMCTL" $cmd
			exited_cleanly "${cmd%% *}" || { echo "shmctl $cmd"; return 1; }
			[ "$status" -eq 1 ] && ones=$((ones + 1))
		done
		# the same through an inherited descriptor
		run --separate-stderr bash -c '"$0" dump -r --fd 3 3<"$1" >/dev/null' \
		    "$SHMCTL" "$SHM/$N"
		exited_cleanly dump || return 1
		run --separate-stderr bash -c \
		    '"$0" write --fd 3 <"$2" 3<>"$1"' "$SHMCTL" "$SHM/$N" "$TMP/data"
		exited_cleanly write || return 1
	done
	kill "$RESIZER" 2>/dev/null || true	# it stops by itself after 60 s
	wait "$RESIZER" 2>/dev/null || true
	RESIZER=
	# the race was real: some runs saw the object shrink
	echo "$ones of 30 runs reported a shrink"
	[ "$ones" -gt 0 ]
}

@test "dump of an object cut to zero after the open: exit 1 and a message, not SIGBUS" {
	head -c 4M /dev/urandom >"$SHM/$N"
	# the reader is slow: the object is cut while dump waits on the pipe
	run --separate-stderr bash -c '
"$0" dump -r "$1" | { head -c 100000 >/dev/null; truncate -s 0 "$2"; cat >/dev/null; }
exit "${PIPESTATUS[0]}"' "$SHMCTL" "$N" "$SHM/$N"
	assert_failure 1
	[[ $stderr == "shmctl: dump: /$N: "* ]]
}

@test "no space: create --reserve fails and leaves nothing behind" {
	small_tmpfs 1m
	run --separate-stderr shmctl -d "$MNT" create --reserve -s 2M "$N"
	assert_failure 1
	assert_equal "$stderr" "shmctl: create: /$N: allocate: No space left on device"
	[ -z "$(ls -A "$MNT")" ]
	# room for one: the second fails alone, the first stays whole
	run --separate-stderr shmctl -d "$MNT" create --reserve -s 600K "${P}a" "${P}b"
	assert_failure 1
	assert_equal "$stderr" "shmctl: create: /${P}b: allocate: No space left on device"
	[ "$(ls -A "$MNT")" = "${P}a" ]
	[ "$(stat -c %s "$MNT/${P}a")" -eq 614400 ]
	# without --reserve the object is sparse and creation succeeds
	run shmctl -d "$MNT" create -s 2M "${P}c"
	assert_success
}

@test "no space: write fails with the count written, from a file, a stream and --fill" {
	small_tmpfs 1m
	head -c 3M /dev/urandom >"$TMP/data"
	shmctl -d "$MNT" create "$N"
	run --separate-stderr shmctl -d "$MNT" write --grow "$TMP/data" "$N"
	assert_failure 1
	[[ $stderr =~ ^"shmctl: write: /$N: "(write: )?"No space left on device ("[0-9]+" bytes written)"$ ]] ||
	    { echo "stderr: $stderr"; return 1; }
	local written=${stderr##*(}
	written=${written%% *}
	# what it says it wrote is what is there, byte for byte
	[ "$written" -gt 0 ]
	cmp -n "$written" "$TMP/data" "$MNT/$N"

	shmctl -d "$MNT" unlink "$N"
	shmctl -d "$MNT" create "$N"
	run --separate-stderr bash -c '"$0" -d "$1" write --grow "$2" <"$3"' \
	    "$SHMCTL" "$MNT" "$N" "$TMP/data"
	assert_failure 1
	[[ $stderr =~ "No space left on device ("[0-9]+" bytes written)"$ ]]

	shmctl -d "$MNT" unlink "$N"
	shmctl -d "$MNT" create -s 2M "$N"	# sparse: fits, no room behind
	run --separate-stderr shmctl -d "$MNT" write --fill 0x41 "$N"
	assert_failure 1
	[[ $stderr =~ "No space left on device ("[0-9]+" bytes written)"$ ]]
	# the object keeps its size
	[ "$(stat -c %s "$MNT/$N")" -eq 2097152 ]
}

@test "no space: write --create leaves no new object behind" {
	small_tmpfs 1m
	head -c 3M /dev/urandom >"$TMP/data"
	run --separate-stderr shmctl -d "$MNT" write --create --grow "$TMP/data" "$N"
	assert_failure 1
	[[ $stderr == *"No space left on device"* ]]
	[ -z "$(ls -A "$MNT")" ]
}

# Runs shmctl ARGS... with standard output on /dev/full: exit 1 and one
# line saying so.
full_device() {
	run --separate-stderr bash -c '"$0" "$@" >/dev/full' "$SHMCTL" "$@"
	if [ "$status" -ne 1 ] || [[ $stderr != *"No space left on device" ]] ||
	    [[ $stderr == *$'\n'* ]]; then
		printf 'shmctl'
		printf ' %q' "$@"
		printf ' >/dev/full: exit %d, stderr: %s\n' "$status" "$stderr"
		return 1
	fi
}

@test "standard output on /dev/full: every printing command fails with one line" {
	head -c 64K /dev/urandom >"$SHM/$N"
	local errs=0 cmd
	for cmd in "list" "list --json" "list -0" "list -r" "list -P" \
	    "stat $N" "stat --json $N" "stat --terse $N" "stat -c %s $N" \
	    "dump $N" "dump -r $N" "gc $N" "gc --json $N"; do
		# shellcheck disable=SC2086
		full_device $cmd || errs=$((errs + 1))
	done
	[ -e "$SHM/$N" ]	# the dry run removed nothing
	[ "$errs" -eq 0 ]
}

@test "standard output on /dev/full: --help, --version and help fail too" {
	local errs=0 cmd
	for cmd in "--help" "--version" "help" "help stat" "stat --help" \
	    "list --help" "open --help"; do
		# shellcheck disable=SC2086
		full_device $cmd || errs=$((errs + 1))
	done
	[ "$errs" -eq 0 ]
}

# Runs shmctl ARGS... into `head -c 1` (SIGPIPE as inherited, or ignored
# when IGNORE is set): no message, and no death but SIGPIPE's.
closed_pipe() {
	run --separate-stderr bash -c '
[ -n "$IGNORE" ] && trap "" PIPE
"$0" "$@" | head -c 1 >/dev/null
exit "${PIPESTATUS[0]}"' "$SHMCTL" "$@"
	if [ -n "$stderr" ] || ! [[ $status =~ ^(0|1|141)$ ]]; then
		printf 'shmctl'
		printf ' %q' "$@"
		printf ' | head -c 1 (SIGPIPE %s): exit %d, stderr: %s\n' \
		    "${IGNORE:+ignored}" "$status" "$stderr"
		return 1
	fi
}

@test "a reader closing the pipe early: quiet, with SIGPIPE default or ignored" {
	local dir=$SHM/${P}ns i
	mkdir "$dir"
	head -c 4M /dev/urandom >"$SHM/$N"
	# enough names that list, stat and gc outrun the pipe's buffer
	for i in $(seq 3000); do : >"$dir/${P}object-with-a-longish-name-$i"; done
	local -a names
	mapfile -t names < <(cd "$dir" && ls)
	local errs=0 cmd
	for IGNORE in "" 1; do
		export IGNORE
		for cmd in "dump $N" "dump -r $N" "dump -v $N" "-d $dir list" \
		    "-d $dir list --json" "-d $dir list -0" "-d $dir gc"; do
			# shellcheck disable=SC2086
			closed_pipe $cmd || errs=$((errs + 1))
		done
		closed_pipe -d "$dir" stat "${names[@]}" || errs=$((errs + 1))
		closed_pipe -d "$dir" stat --json "${names[@]}" ||
		    errs=$((errs + 1))
	done
	[ "$errs" -eq 0 ]
}

# Runs shmctl ARGS... as nobody.
as_nobody() {
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups "$SHMCTL" "$@"
}

@test "permission denied: every subcommand says so in one line and changes nothing" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	printf 'root only' >"$SHM/$N"
	chmod 600 "$SHM/$N"
	local before errs=0 cmd
	before=$(stat -c '%a %u %g %s %i %.9Y %.9Z' "$SHM/$N"; sha256sum <"$SHM/$N")
	for cmd in "dump" "dump -r" "write --string x" \
	    "write --create --string x" "truncate -s 0" "chmod 777" \
	    "chown nobody" "unlink" "unlink -f" "open" \
	    "open -w" "open -w --if-exists truncate" \
	    "create --if-exists overwrite -s 1" "create --if-exists truncate" \
	    "create --if-exists supersede"; do
		# shellcheck disable=SC2086
		as_nobody $cmd "$N"
		if [ "$status" -ne 1 ] ||
		    [[ $stderr != "shmctl: ${cmd%% *}: /$N: "*"Permission denied"* &&
		       $stderr != "shmctl: ${cmd%% *}: /$N: "*"Operation not permitted"* ]] ||
		    [[ $stderr == *$'\n'* ]]; then
			echo "as nobody: shmctl $cmd $N: exit $status, stderr: $stderr"
			errs=$((errs + 1))
		fi
	done
	# these may succeed (stat needs no read permission, as stat(1)) or
	# decline, but leave the object as it is
	for cmd in "stat" "stat --json" "unlink --if-unused" "gc --yes"; do
		# shellcheck disable=SC2086
		as_nobody $cmd "$N"
		if [ "$status" -gt 1 ] || [[ $stderr == *$'\n'* ]]; then
			echo "as nobody: shmctl $cmd $N: exit $status, stderr: $stderr"
			errs=$((errs + 1))
		fi
	done
	as_nobody open -w "$N" -- touch "$TMP/ran"
	[ "$status" -eq 125 ] || { echo "open -- COMMAND: exit $status"; errs=$((errs + 1)); }
	[ ! -e "$TMP/ran" ]
	[ "$(stat -c '%a %u %g %s %i %.9Y %.9Z' "$SHM/$N"; sha256sum <"$SHM/$N")" = "$before" ]
	[ "$errs" -eq 0 ]
}

@test "permission denied on a --dir: one line, exit 1 (125 before a COMMAND)" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	mkdir -m 700 "$TMP/private"
	local cmd
	for cmd in "list" "stat $N" "create $N" "gc"; do
		# shellcheck disable=SC2086
		as_nobody -d "$TMP/private" $cmd
		assert_failure 1
		[[ $stderr == *"Permission denied" && $stderr != *$'\n'* ]]
	done
	as_nobody -d "$TMP/private" open -w --if-does-not-exist create "$N" -- true
	assert_failure 125
	[ -z "$(ls -A "$TMP/private")" ]
}

# Starts open --rm around a COMMAND that records its pid and sleeps, in a
# new process group, and waits until COMMAND runs.
start_fixture() {
	setsid env --default-signal=INT,QUIT "$SHMCTL" open --rm -w \
	    --if-does-not-exist create "$N" -- \
	    sh -c 'echo $$ >"$0.tmp"; mv "$0.tmp" "$0"; exec sleep 60' \
	    "$TMP/child" 3>&- &
	FIXTURE=$!
	local _
	for _ in $(seq 100); do
		[ -s "$TMP/child" ] && break
		sleep 0.1
	done
	CHILD=$(cat "$TMP/child")
	[ -e "$SHM/$N" ]
	# shmctl leads its own process group
	[ "$(ps -o pgid= -p "$FIXTURE" | tr -d ' ')" = "$FIXTURE" ]
}

@test "open --rm: SIGTERM to the whole process group still removes the object" {
	start_fixture
	# as a CI runner cancelling a job does: every process of the group
	kill -TERM -- "-$FIXTURE"
	local rc=0
	wait "$FIXTURE" || rc=$?
	assert_equal "$rc" 143
	[ ! -e "$SHM/$N" ]
	run kill -0 "$CHILD"
	assert_failure
}

@test "open --rm: COMMAND killed by SIGKILL: the object is removed, exit 137" {
	start_fixture
	kill -KILL "$CHILD"
	local rc=0
	wait "$FIXTURE" || rc=$?
	assert_equal "$rc" 137
	[ ! -e "$SHM/$N" ]
}

@test "open --rm: a second signal during the first one's cleanup does not leave the object" {
	start_fixture
	kill -TERM "$FIXTURE"
	kill -INT "$FIXTURE" 2>/dev/null || true
	kill -TERM "$FIXTURE" 2>/dev/null || true
	local rc=0
	wait "$FIXTURE" || rc=$?
	[ "$rc" -ge 128 ]
	[ ! -e "$SHM/$N" ]
}

@test "open --rm under timeout(1): the object is gone when the time is up" {
	# timeout(1) follows its SIGTERM with a SIGCONT to the process group.
	# In a sanitizer build, a SIGCONT that lands while LeakSanitizer's
	# exit-time tracer attaches to shmctl discards the tracer's SIGSTOP:
	# the tracer waits for a stop that never comes and shmctl spins in
	# sched_yield for ever.  The leak check is left to the other tests
	# here (ASAN_OPTIONS means nothing to a normal build).  -k: should
	# shmctl not end, SIGKILL ends it (exit 137) and the test fails.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    run timeout -k 20 -s TERM 1 "$SHMCTL" open --rm -w \
	    --if-does-not-exist create "$N" -- sleep 30
	assert_failure 124
	[ ! -e "$SHM/$N" ]
}
