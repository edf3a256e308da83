#!/usr/bin/env bats
# What a namespace directory may be (shmctl(1), SECURITY CONSIDERATIONS):
# the system's /dev/shm or a --dir (or SHMCTL_DIR), opened once as a
# descriptor, on tmpfs, ramfs or hugetlbfs only; anything else is a usage
# error naming the file system, and nothing is done.  /proc/PID/root/REST
# is resolved inside that root: a symlink there to an absolute path reaches
# that path inside the root, never on the host.

load common

setup() {
	common_setup
	DISK=""
	SLEEPER=""
}

teardown() {
	[ -n "$SLEEPER" ] && kill "$SLEEPER" 2>/dev/null
	[ -n "$SLEEPER" ] && wait "$SLEEPER" 2>/dev/null
	[ -n "$DISK" ] && rm -rf -- "$DISK"
	common_teardown
}

# The file system type of PATH as the kernel's mount table says it.
fstype_of() { findmnt -n -o FSTYPE -T "$1" | head -n 1; }

is_memory_fs() {
	case $(stat -f -c %T "$1") in
	tmpfs | ramfs | hugetlbfs) return 0 ;;
	esac
	return 1
}

# A directory of the test's on a disk file system, in $DISK, or skips.
disk_dir() {
	local parent
	for parent in "$TMP" /var/tmp "$BATS_TEST_DIRNAME"; do
		[ -d "$parent" ] && [ -w "$parent" ] || continue
		is_memory_fs "$parent" && continue
		DISK=$(mktemp -d -p "$parent" "${P}disk.XXXXXX")
		return 0
	done
	skip "no directory on a disk file system is writable here"
}

@test "--dir on a disk: exit 2 naming its file system; gc --yes removes nothing" {
	disk_dir
	local type
	type=$(fstype_of "$DISK")
	printf 'keep' >"$DISK/config.txt"
	: >"$DISK/${P}empty"
	local before
	before=$(ls -lA --time-style=+%s "$DISK"; sha256sum "$DISK/config.txt")
	run --separate-stderr timeout 10 "$SHMCTL" -d "$DISK" gc --yes
	assert_failure 2
	assert_equal "$output" ""
	# one line, naming what findmnt calls it (ext4 is "ext2/ext3/ext4")
	[[ $stderr == "shmctl: gc: $DISK: on "*"$type"*", not on tmpfs, ramfs or hugetlbfs" ]]
	SHMCTL_DIR=$DISK run --separate-stderr timeout 10 "$SHMCTL" gc --yes
	assert_failure 2
	[[ $stderr == *"$type"* ]]
	[ "$(ls -lA --time-style=+%s "$DISK"; sha256sum "$DISK/config.txt")" = "$before" ]
}

@test "--dir on a disk: every subcommand refuses before doing anything" {
	disk_dir
	printf 'hello' >"$DISK/obj"
	local before cmd
	before=$(stat -c '%a %s %Y %i' "$DISK/obj"; sha256sum <"$DISK/obj")
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 10 "$SHMCTL" -d "$DISK" $cmd
		[ "$status" -eq 2 ] || { echo "$cmd: exit $status"; return 1; }
		[ "$(wc -l <<<"$stderr")" -eq 1 ] || { echo "$cmd: $stderr"; return 1; }
	done <<'EOF'
create new
create -s 1K --if-exists overwrite obj
open -w --if-does-not-exist create new
open obj
truncate -s 0 obj
unlink obj
unlink --if-unused obj
chmod 777 obj
chown nobody obj
stat obj
dump obj
write --string x obj
list
gc
gc --yes obj
EOF
	[ "$(stat -c '%a %s %Y %i' "$DISK/obj"; sha256sum <"$DISK/obj")" = "$before" ]
	[ "$(ls -A "$DISK")" = "obj" ]
}

@test "open and anon with a bad --dir: 2 without a COMMAND, 125 before one" {
	disk_dir
	run --separate-stderr shmctl -d "$DISK" open -w --if-does-not-exist create "$N"
	assert_failure 2
	run --separate-stderr shmctl -d "$DISK" anon
	assert_failure 2
	run --separate-stderr shmctl -d "$DISK" open -w --if-does-not-exist create "$N" -- touch "$TMP/ran"
	assert_failure 125
	run --separate-stderr shmctl -d "$DISK" anon -- touch "$TMP/ran"
	assert_failure 125
	run --separate-stderr shmctl -d "$TMP/nonexistent" open "$N"
	assert_failure 2
	assert_file_not_exists "$TMP/ran"
	[ -z "$(ls -A "$DISK")" ]
}

@test "proc, sysfs and devtmpfs are refused by name, as findmnt names them" {
	local dir type
	for dir in /proc /sys /dev; do
		type=$(fstype_of "$dir")
		[ -n "$type" ] || continue
		run --separate-stderr shmctl -d "$dir" list
		assert_failure 2
		[[ $stderr == "shmctl: list: $dir: on $type, not on tmpfs, ramfs or hugetlbfs" ]] ||
		    { echo "$dir ($type): $stderr"; return 1; }
	done
}

@test "devtmpfs (tmpfs's magic) is refused: -d /dev gc --yes does nothing" {
	[ "$(fstype_of /dev)" = devtmpfs ] || skip "/dev is not a devtmpfs here"
	[ "$(stat -f -c %T /dev)" = tmpfs ] || skip "devtmpfs does not report tmpfs's magic"
	local before
	before=$(find /dev -maxdepth 1 -type f -printf '%p %s %T@\n' | sort)
	run --separate-stderr shmctl -d /dev gc --yes
	assert_failure 2
	assert_equal "$stderr" "shmctl: gc: /dev: on devtmpfs, not on tmpfs, ramfs or hugetlbfs"
	[ -z "$output" ]
	run --separate-stderr shmctl -d /dev/ list
	assert_failure 2
	[ "$(find /dev -maxdepth 1 -type f -printf '%p %s %T@\n' | sort)" = "$before" ]
}

@test "ramfs and hugetlbfs are namespaces (root, a private mount namespace)" {
	require_root
	command -v unshare >/dev/null || skip "unshare is not installed"
	mkdir "$TMP/mnt"
	run timeout 20 unshare -m --propagation private sh -c '
		mount -t ramfs ramfs "$1" || exit 77
		"$0" -d "$1" create -s 5 obj && "$0" -d "$1" list -n -o name
		' "$SHMCTL" "$TMP/mnt"
	[ "$status" -ne 77 ] || skip "cannot mount a ramfs here"
	assert_success
	assert_output "/obj"
	run timeout 20 unshare -m --propagation private sh -c '
		mount -t hugetlbfs hugetlbfs "$1" 2>/dev/null || exit 77
		"$0" -d "$1" list -n -o name; echo "exit $?"
		' "$SHMCTL" "$TMP/mnt"
	[ "$status" -ne 77 ] || skip "cannot mount a hugetlbfs here"
	assert_output "exit 0"
}

@test "the system's /dev/shm is checked too: a disk over it is refused" {
	require_root
	command -v unshare >/dev/null || skip "unshare is not installed"
	disk_dir
	: >"$DISK/${P}planted"
	run --separate-stderr timeout 20 unshare -m --propagation private sh -c '
		mount --bind "$1" /dev/shm || exit 77
		exec "$0" gc --yes' "$SHMCTL" "$DISK"
	[ "$status" -ne 77 ] || skip "cannot bind-mount over /dev/shm here"
	assert_failure 2
	[[ $stderr == "shmctl: gc: /dev/shm: on "*"$(fstype_of "$DISK")"*", not on tmpfs, ramfs or hugetlbfs" ]]
	assert_file_exists "$DISK/${P}planted"
}

# A process whose root is $ROOT (a chroot, through the real python3),
# where /run/shm is a symlink to the absolute path $W/host: the host has
# that directory too, holding a decoy.  ($W is under /dev/shm, so the
# root's /dev/shm is a directory and the link is its old alias /run/shm.)
start_chrooted() {
	require_root
	local py=/usr/bin/python3
	[ -x "$py" ] || py=$(command -v python3) || skip "python3 is not installed"
	W=$SHM/${P}world
	ROOT=$W/root
	mkdir -p "$W/host" "$ROOT/run" "$ROOT$W/host"
	ln -s "$W/host" "$ROOT/run/shm"
	printf decoy >"$W/host/decoy"
	printf inside >"$ROOT$W/host/inside"
	"$py" -c 'import os, sys, time
os.chroot(sys.argv[1]); os.chdir("/"); time.sleep(120)' "$ROOT" &
	SLEEPER=$!
	local i
	for i in $(seq 100); do
		[ "$(readlink "/proc/$SLEEPER/root")" = "$ROOT" ] && return 0
		sleep 0.05
	done
	skip "the chrooted sleeper did not start"
}

@test "/proc/PID/root/run/shm: an absolute symlink is resolved inside that root" {
	start_chrooted
	local d=/proc/$SLEEPER/root/run/shm decoy
	decoy=$(stat -c '%a %u %s %Y %i' "$W/host/decoy")
	run shmctl -d "$d" list -n -o name
	assert_success
	assert_output "/inside"
	run shmctl -d "$d" write --string INSIDE inside
	assert_success
	run shmctl -d "$d" create -s 3 new
	assert_success
	run --separate-stderr shmctl -d "$d" chmod 666 decoy
	assert_failure 1
	run --separate-stderr shmctl -d "$d" unlink decoy
	assert_failure 1
	[ "$(cat "$ROOT$W/host/inside")" = INSIDE ]
	assert_file_exists "$ROOT$W/host/new"
	# the host's directory of that name: untouched
	[ "$(ls -A "$W/host")" = decoy ]
	[ "$(stat -c '%a %u %s %Y %i' "$W/host/decoy")" = "$decoy" ]
	[ "$(cat "$W/host/decoy")" = decoy ]
	# "..", however many, stays inside the root
	run shmctl -d "/proc/$SLEEPER/root/../../..$W/host" list -n -o name
	assert_success
	assert_line "/inside"
	refute_line "/decoy"
}

@test "/proc/PID/root without openat2: no symlink at all in REST, and plain paths work" {
	start_chrooted
	# SHMCTL_TEST_NO_OPENAT2 takes the walk used where openat2 is missing
	SHMCTL_TEST_NO_OPENAT2=1 run --separate-stderr shmctl \
	    -d "/proc/$SLEEPER/root/run/shm" gc --yes
	assert_failure 2
	assert_equal "$stderr" "shmctl: gc: /proc/$SLEEPER/root/run/shm: Too many levels of symbolic links"
	SHMCTL_TEST_NO_OPENAT2=1 run shmctl -d "/proc/$SLEEPER/root/./run/..$W/host/" list -n -o name
	assert_success
	assert_output "/inside"
	SHMCTL_TEST_NO_OPENAT2=1 run shmctl -d "/proc/$SLEEPER/root/../..$W/host" create new
	assert_success
	assert_file_exists "$ROOT$W/host/new"
	[ "$(ls -A "$W/host")" = decoy ]
	[ "$(cat "$W/host/decoy")" = decoy ]
}
