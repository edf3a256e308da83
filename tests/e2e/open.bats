#!/usr/bin/env bats
# shmctl open: every row of shmctl-open(1)'s flag table, nil results, supersede,
# -s/-m, and running a COMMAND with the object at fd N (--fd, --rm, the
# exit statuses 125/126/127, signals passed on).  Everything is checked
# from outside shmctl: stat, cat, /proc/self/fdinfo inside the COMMAND.

bats_require_minimum_version 1.5.0
load common

# A missing object's message says how to create one (shmctl-open(1)).
MISSING_HINT="to create it: --if-does-not-exist create, or shmctl create"
setup() {
	common_setup
	MISSING="shmctl: open: /$N: No such file or directory; $MISSING_HINT"
}

# Run as COMMAND: prints the access mode of fd 3 as the kernel sees it
# (ro/rw) and whether writing "W" through it worked.
PROBE='f=$(sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/3)
case $(( $f & 3 )) in 0) echo ro;; 2) echo rw;; *) echo "flags $f";; esac
if printf W >&3 2>/dev/null; then echo wrote; else echo "write failed"; fi'

# An existing object holding "hello"; remembers its inode.
make_hello() {
	printf hello >"$SHM/$N"
	chmod 0644 "$SHM/$N"
	INODE=$(stat -c %i "$SHM/$N")
}

# Opens $N with the options, COMMAND being the probe.
probe() {
	run --separate-stderr shmctl open "$@" "$N" -- sh -c "$PROBE"
}

assert_content() {
	assert_equal "$(cat "$SHM/$N")" "$1"
}

assert_same_inode() {
	assert_equal "$(stat -c %i "$SHM/$N")" "$INODE"
}

assert_new_object() {
	assert_file_exist "$SHM/$N"
	assert_equal "$(shm_mode "$N")" 600
}

# --- the flag table, row by row ----------------------------------------------

@test "O_RDONLY (no options): existing object opened read-only, unchanged" {
	make_hello
	probe
	assert_success
	assert_output $'ro\nwrite failed'
	assert_content hello
	assert_same_inode
}

@test "O_RDONLY (no options): a missing object is an error, not created" {
	run --separate-stderr shmctl open "$N"
	assert_failure 1
	assert_equal "$stderr" "$MISSING"
	assert_file_not_exist "$SHM/$N"
}

@test "a missing object: the one-line message says how to create it" {
	# What users type expecting a new object, as the issue reported.
	run --separate-stderr shmctl open --io -s 4096 "$N" -- true
	assert_failure 125
	assert_equal "$stderr" "$MISSING"
	[ "${#stderr_lines[@]}" -eq 1 ]
	assert_file_not_exist "$SHM/$N"
	# Asked for an error explicitly: just the error.
	run --separate-stderr shmctl open --if-does-not-exist error "$N"
	assert_failure 1
	assert_equal "$stderr" "shmctl: open: /$N: No such file or directory"
	# And the advice works.
	run shmctl open --io -s 4096 --if-does-not-exist create "$N" -- true
	assert_success
	assert_equal "$(shm_size "$N")" 4096
}

@test "O_RDONLY|O_CREAT (--if-does-not-exist create): existing kept" {
	make_hello
	probe --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_content hello
	assert_same_inode
}

@test "O_RDONLY|O_CREAT (--if-does-not-exist create): missing created" {
	probe --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_new_object
	assert_equal "$(shm_size "$N")" 0
}

@test "O_RDONLY|O_CREAT|O_EXCL (--if-exists error --if-does-not-exist create): existing is an error" {
	make_hello
	probe --if-exists error --if-does-not-exist create
	assert_failure 125
	assert_output ""
	assert_equal "$stderr" "shmctl: open: /$N: File exists"
	assert_content hello
	assert_same_inode
}

@test "O_RDONLY|O_CREAT|O_EXCL (--if-exists error --if-does-not-exist create): missing created" {
	probe --if-exists error --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_new_object
}

@test "O_RDONLY|O_TRUNC (--if-exists truncate): existing truncated, read-only" {
	make_hello
	probe --if-exists truncate
	assert_success
	assert_output $'ro\nwrite failed'
	assert_equal "$(shm_size "$N")" 0
	assert_same_inode
}

@test "O_RDONLY|O_TRUNC (--if-exists truncate): missing is an error" {
	probe --if-exists truncate
	assert_failure 125
	assert_equal "$stderr" "$MISSING"
	assert_file_not_exist "$SHM/$N"
}

@test "O_RDONLY|O_CREAT|O_TRUNC (--if-exists truncate --if-does-not-exist create): existing truncated" {
	make_hello
	probe --if-exists truncate --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_equal "$(shm_size "$N")" 0
	assert_same_inode
}

@test "O_RDONLY|O_CREAT|O_TRUNC (--if-exists truncate --if-does-not-exist create): missing created" {
	probe --if-exists truncate --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_new_object
}

@test "O_RDWR (--io): existing opened read-write, contents kept" {
	make_hello
	probe --io
	assert_success
	assert_output $'rw\nwrote'
	assert_content Wello
	assert_same_inode
}

@test "O_RDWR (-w): a missing object is an error, not created" {
	probe -w
	assert_failure 125
	assert_equal "$stderr" "$MISSING"
	assert_file_not_exist "$SHM/$N"
}

@test "O_RDWR|O_CREAT (--io --if-does-not-exist create): existing kept" {
	make_hello
	probe --io --if-does-not-exist create
	assert_success
	assert_output $'rw\nwrote'
	assert_content Wello
	assert_same_inode
}

@test "O_RDWR|O_CREAT (--io --if-does-not-exist create): missing created" {
	probe --io --if-does-not-exist create
	assert_success
	assert_output $'rw\nwrote'
	assert_new_object
	assert_content W
}

@test "O_RDWR|O_CREAT|O_EXCL (--io --if-exists error): existing is an error" {
	make_hello
	probe --io --if-exists error
	assert_failure 125
	assert_output ""
	assert_equal "$stderr" "shmctl: open: /$N: File exists"
	assert_content hello
	assert_same_inode
}

@test "O_RDWR|O_CREAT|O_EXCL (--io --if-exists error): missing created" {
	probe --io --if-exists error
	assert_success
	assert_output $'rw\nwrote'
	assert_new_object
}

@test "O_RDWR|O_TRUNC (--io --if-exists truncate): existing truncated" {
	make_hello
	probe --io --if-exists truncate
	assert_success
	assert_output $'rw\nwrote'
	assert_content W
	assert_same_inode
}

@test "O_RDWR|O_TRUNC (--io --if-exists truncate): missing is an error" {
	probe --io --if-exists truncate
	assert_failure 125
	assert_file_not_exist "$SHM/$N"
}

@test "O_RDWR|O_CREAT|O_TRUNC (--io --if-exists truncate --if-does-not-exist create): existing truncated" {
	make_hello
	probe --io --if-exists truncate --if-does-not-exist create
	assert_success
	assert_output $'rw\nwrote'
	assert_content W
	assert_same_inode
}

@test "O_RDWR|O_CREAT|O_TRUNC (--io --if-exists truncate --if-does-not-exist create): missing created" {
	probe --io --if-exists truncate --if-does-not-exist create
	assert_success
	assert_output $'rw\nwrote'
	assert_new_object
	assert_content W
}

@test "--if-exists overwrite is the default" {
	make_hello
	probe --io --if-exists overwrite
	assert_success
	assert_output $'rw\nwrote'
	assert_content Wello
	assert_same_inode
	# and, like the default, it does not create
	rm -f "$SHM/$N"
	probe --io --if-exists overwrite
	assert_failure 125
	assert_file_not_exist "$SHM/$N"
}

@test "read-only: --if-exists error alone is plain O_RDONLY (ignored without create)" {
	make_hello
	probe --if-exists error
	assert_success
	assert_output $'ro\nwrite failed'
	assert_same_inode
}

@test "open without COMMAND creates, closes and exits 0" {
	run --separate-stderr shmctl open --io --if-does-not-exist create "$N"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	assert_new_object
}

@test "a NAME in /dev/shm/ form reaches the same object" {
	make_hello
	run shmctl open "$SHM/$N" -- sh -c 'cat <&3; echo " $SHMCTL_NAME"'
	assert_success
	assert_output "hello /$N"
}

# --- nil -----------------------------------------------------------------------

@test "--if-does-not-exist nil: missing gives exit 1, no message, nothing created" {
	run --separate-stderr shmctl open --io --if-does-not-exist nil "$N"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" ""
	assert_file_not_exist "$SHM/$N"
}

@test "--if-does-not-exist nil with COMMAND: the command is not run" {
	run --separate-stderr shmctl open --if-does-not-exist nil "$N" -- \
	    touch "$TMP/ran"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_file_not_exist "$TMP/ran"
	assert_file_not_exist "$SHM/$N"
}

@test "--if-does-not-exist nil: an existing object is opened" {
	make_hello
	probe --if-does-not-exist nil
	assert_success
	assert_output $'ro\nwrite failed'
}

@test "--io --if-exists nil: existing gives exit 1, silent, object untouched" {
	make_hello
	run --separate-stderr shmctl open --io --if-exists nil "$N" -- \
	    touch "$TMP/ran"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" ""
	assert_file_not_exist "$TMP/ran"
	assert_content hello
	assert_same_inode
}

@test "--io --if-exists nil: missing is created (default --if-does-not-exist create)" {
	probe --io --if-exists nil
	assert_success
	assert_output $'rw\nwrote'
	assert_new_object
}

@test "--if-exists nil --if-does-not-exist create (read-only): existing gives nil" {
	make_hello
	run --separate-stderr shmctl open --if-exists nil \
	    --if-does-not-exist create "$N"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_content hello
	assert_same_inode
}

# --- supersede -----------------------------------------------------------------

@test "--io --if-exists supersede: a new object replaces the old one" {
	make_hello
	exec 4<"$SHM/$N"	# a holder of the old object
	probe --io --if-exists supersede -m 0640
	assert_success
	assert_output $'rw\nwrote'
	assert_not_equal "$(stat -c %i "$SHM/$N")" "$INODE"
	assert_content W
	assert_equal "$(shm_mode "$N")" 640
	# the holder still has the old object, now nameless
	assert_equal "$(cat <&4)" hello
	run readlink /proc/$$/fd/4
	assert_output --partial "(deleted)"
	exec 4<&-
}

@test "--if-exists supersede --if-does-not-exist create (read-only): new object" {
	make_hello
	probe --if-exists supersede --if-does-not-exist create
	assert_success
	assert_output $'ro\nwrite failed'
	assert_not_equal "$(stat -c %i "$SHM/$N")" "$INODE"
	assert_equal "$(shm_size "$N")" 0
	assert_new_object
}

@test "--io --if-exists supersede: a missing object is created" {
	probe --io --if-exists supersede
	assert_success
	assert_new_object
}

# --- -s and -m -------------------------------------------------------------------

@test "-s needs --io: exit 2, nothing created" {
	run --separate-stderr shmctl open -s 4K --if-does-not-exist create "$N"
	assert_failure 2
	assert_equal "$stderr" "shmctl: open: -s needs --io (see 'shmctl open --help')"
	assert_file_not_exist "$SHM/$N"
}

@test "-s sizes a new object and an existing one" {
	run shmctl open -w --if-does-not-exist create -s 4K "$N"
	assert_success
	assert_equal "$(shm_size "$N")" 4096
	run shmctl open --io -s 1MB "$N" -- sh -c 'echo $SHMCTL_SIZE'
	assert_success
	assert_output 1000000
	assert_equal "$(shm_size "$N")" 1000000
}

@test "-s after --if-exists truncate: emptied, then sized" {
	make_hello
	run shmctl open --io --if-exists truncate -s 10 "$N"
	assert_success
	assert_equal "$(shm_size "$N")" 10
	assert_equal "$(od -An -c "$SHM/$N" | tr -d ' \n')" '\0\0\0\0\0\0\0\0\0\0'
}

@test "an invalid size is a usage error" {
	run shmctl open -w --if-does-not-exist create -s 4Q "$N"
	assert_failure 2
	assert_output --partial "invalid size '4Q'"
	assert_file_not_exist "$SHM/$N"
}

@test "-m sets a new object's mode exactly, whatever the umask" {
	umask 077
	run shmctl open -w --if-does-not-exist create -m 0666 "$N"
	assert_success
	assert_equal "$(shm_mode "$N")" 666
	rm -f "$SHM/$N"
	run shmctl open -w --if-does-not-exist create -m u=rw,g=r "$N"
	assert_success
	assert_equal "$(shm_mode "$N")" 640
}

@test "-m leaves an existing object's mode alone" {
	make_hello
	run shmctl open -w -m 0600 "$N"
	assert_success
	assert_equal "$(shm_mode "$N")" 644
}

# --- usage errors ------------------------------------------------------------------

@test "usage errors: exit 2 and nothing created" {
	local args
	for args in "" "--if-exists bogus $N" "--if-does-not-exist bogus $N" \
	    "-w --if-does-not-exist create -m 9 $N" "--rm -w --if-does-not-exist create $N" \
	    "--fd 5 -w --if-does-not-exist create $N" "-w --if-does-not-exist create /" \
	    "-w --if-does-not-exist create --bogus $N"; do
		# shellcheck disable=SC2086
		run shmctl open $args
		assert_failure 2
		assert_output --regexp "^shmctl: open: .*\(see 'shmctl open --help'\)$"
	done
	assert_file_not_exist "$SHM/$N"
}

@test "an option after NAME is refused, not run as a command" {
	run shmctl open "$N" -w -- true
	assert_failure 2
	assert_output --partial "options go before NAME"
	# with --, a command may start with '-'
	make_hello
	run -127 shmctl open "$N" -- -no-such-command
	assert_failure 127
}

@test "--fd beyond the descriptor limit is a usage error" {
	run bash -c 'ulimit -n 64; "$SHMCTL" open -w --if-does-not-exist create --fd 64 "$1" -- true' _ "$N"
	assert_failure 2
	assert_output --partial "invalid --fd '64'"
	assert_file_not_exist "$SHM/$N"
	run bash -c 'ulimit -n 64; "$SHMCTL" open -w --if-does-not-exist create --fd 63 "$1" -- sh -c "readlink /proc/self/fd/63"' _ "$N"
	assert_success
	assert_output "$SHM/$N"
}

@test "a symbolic link or FIFO under the name is refused, never followed" {
	ln -s /etc/passwd "$SHM/$N"
	run shmctl open "$N" -- cat
	assert_failure 125
	assert_output "shmctl: open: /$N: not a shared memory object"
	rm -f "$SHM/$N"
	mkfifo "$SHM/$N"
	run timeout 10 "$SHMCTL" open -w --if-does-not-exist create "$N"
	assert_failure 1
	assert_output "shmctl: open: /$N: not a shared memory object"
	[ -p "$SHM/$N" ]
}

# --- COMMAND -----------------------------------------------------------------------

@test "COMMAND gets SHMCTL_FD, SHMCTL_NAME and SHMCTL_SIZE" {
	printf 'abcdefgh' >"$SHM/$N"
	run shmctl open "$N" -- sh -c 'echo "$SHMCTL_FD $SHMCTL_NAME $SHMCTL_SIZE"'
	assert_success
	assert_output "3 /$N 8"
}

@test "COMMAND gets the object at fd 3 and no other descriptor of it" {
	make_hello
	run shmctl open "$N" -- sh -c \
	    'for f in /proc/$$/fd/*; do readlink "$f"; done | grep -c "/'"$N"'$"; readlink /proc/$$/fd/3'
	assert_success
	assert_output $'1\n'"$SHM/$N"
}

@test "COMMAND reads the object through its descriptor" {
	make_hello
	run shmctl open "$N" -- python3 -c 'import os; print(os.pread(3, 5, 0).decode())'
	assert_success
	assert_output hello
}

@test "--fd 5 puts the object at fd 5" {
	make_hello
	run shmctl open --fd 5 "$N" -- sh -c \
	    'echo $SHMCTL_FD; readlink /proc/$$/fd/5; cat <&5'
	assert_success
	assert_output "5"$'\n'"$SHM/$N"$'\n'hello
}

@test "--fd 0 makes the object COMMAND's standard input" {
	make_hello
	run shmctl open --fd 0 "$N" -- od -An -c
	assert_success
	assert_output "   h   e   l   l   o"
}

@test "the object already at the target descriptor stays open across exec" {
	make_hello
	# With fd 3 free, the open itself lands on fd 3.
	run bash -c '"$SHMCTL" open "$1" -- sh -c "cat <&3" 3>&-' _ "$N"
	assert_success
	assert_output hello
	run bash -c '"$SHMCTL" open --rm "$1" -- sh -c "cat <&3" 3>&-' _ "$N"
	assert_success
	assert_output hello
	assert_file_not_exist "$SHM/$N"
}

@test "exit status: COMMAND's own" {
	make_hello
	run shmctl open "$N" -- sh -c 'exit 42'
	assert_failure 42
	run shmctl open "$N" -- true
	assert_success
}

@test "exit status: 128 + N when signal N ends COMMAND" {
	make_hello
	run shmctl open "$N" -- sh -c 'kill -TERM $$'
	assert_failure 143
	run shmctl open --rm "$N" -- sh -c 'kill -KILL $$'
	assert_failure 137
	assert_file_not_exist "$SHM/$N"
}

@test "exit status 127: COMMAND not found, one message" {
	make_hello
	run -127 --separate-stderr shmctl open "$N" -- no-such-command-shmctl-test
	assert_failure 127
	assert_equal "$stderr" "shmctl: open: no-such-command-shmctl-test: No such file or directory"
}

@test "exit status 126: COMMAND not executable, one message" {
	make_hello
	printf '#!/bin/sh\n' >"$TMP/noexec"
	chmod 0644 "$TMP/noexec"
	run --separate-stderr shmctl open "$N" -- "$TMP/noexec"
	assert_failure 126
	assert_equal "$stderr" "shmctl: open: $TMP/noexec: Permission denied"
}

@test "exit status 125: shmctl fails before running COMMAND" {
	run --separate-stderr shmctl open "$N" -- touch "$TMP/ran"
	assert_failure 125
	assert_equal "$stderr" "$MISSING"
	assert_file_not_exist "$TMP/ran"
}

@test "--fd 2: a failed exec still reports on the real standard error" {
	make_hello
	run -127 --separate-stderr shmctl open --fd 2 "$N" -- no-such-command-shmctl-test
	assert_failure 127
	assert_equal "$stderr" "shmctl: open: no-such-command-shmctl-test: No such file or directory"
	assert_content hello
	run -127 --separate-stderr shmctl open --rm --fd 2 "$N" -- no-such-command-shmctl-test
	assert_failure 127
	assert_equal "$stderr" "shmctl: open: no-such-command-shmctl-test: No such file or directory"
	assert_file_not_exist "$SHM/$N"
}

@test "without --rm, shmctl becomes COMMAND (same process)" {
	make_hello
	"$SHMCTL" open "$N" -- sh -c 'echo $$ >"$0"' "$TMP/pid" &
	local pid=$!
	wait "$pid"
	assert_equal "$(cat "$TMP/pid")" "$pid"
}

# --- --rm ------------------------------------------------------------------------------

@test "--rm unlinks the object after COMMAND ends normally" {
	run shmctl open --rm --io --if-does-not-exist create -s 1K "$N" -- \
	    sh -c 'test -f "/dev/shm/$1" && echo present' _ "$N"
	assert_success
	assert_output present
	assert_file_not_exist "$SHM/$N"
}

@test "--rm unlinks after a failing COMMAND, keeping its status" {
	make_hello
	run shmctl open --rm "$N" -- sh -c 'exit 3'
	assert_failure 3
	assert_file_not_exist "$SHM/$N"
}

@test "--rm unlinks when COMMAND is not found (127)" {
	make_hello
	run -127 shmctl open --rm "$N" -- no-such-command-shmctl-test
	assert_failure 127
	assert_file_not_exist "$SHM/$N"
}

@test "--rm: COMMAND removing the object itself is fine" {
	run --separate-stderr shmctl open --rm -w --if-does-not-exist create "$N" -- \
	    sh -c 'rm "/dev/shm/$1"' _ "$N"
	assert_success
	assert_equal "$stderr" ""
}

@test "--rm leaves another object that took the name meanwhile" {
	make_hello
	run --separate-stderr shmctl open --rm "$N" -- \
	    sh -c 'rm "/dev/shm/$1"; printf other >"/dev/shm/$1"' _ "$N"
	assert_failure 1
	assert_equal "$stderr" "shmctl: open: /$N: not removed: the name now refers to another object"
	assert_content other
}

# Starts shmctl open --rm in the background with a COMMAND that records its
# pid, and waits until it runs.
# Background jobs start with SIGINT and SIGQUIT ignored (and so would
# COMMAND be): give shmctl the default dispositions.
start_rm_fixture() {
	env --default-signal=INT,QUIT,HUP "$SHMCTL" open --rm -w --if-does-not-exist create "$N" -- \
	    sh -c 'echo $$ >"$0.tmp"; mv "$0.tmp" "$0"; exec sleep 60' \
	    "$TMP/child" 3>&- &
	SHMCTL_PID=$!
	local i
	for i in $(seq 100); do
		[ -s "$TMP/child" ] && break
		sleep 0.1
	done
	CHILD_PID=$(cat "$TMP/child")
	assert_file_exist "$SHM/$N"
}

@test "--rm: SIGTERM to shmctl ends COMMAND, then the object is removed" {
	start_rm_fixture
	kill -TERM "$SHMCTL_PID"
	local rc=0
	wait "$SHMCTL_PID" || rc=$?
	assert_equal "$rc" 143
	assert_file_not_exist "$SHM/$N"
	run kill -0 "$CHILD_PID"
	assert_failure
}

@test "--rm: SIGHUP and SIGQUIT are passed on too" {
	local sig want rc
	for sig in HUP:129 QUIT:131; do
		rm -f "$TMP/child"
		start_rm_fixture
		kill -"${sig%:*}" "$SHMCTL_PID"
		rc=0
		wait "$SHMCTL_PID" || rc=$?
		want=${sig#*:}
		assert_equal "$rc" "$want"
		assert_file_not_exist "$SHM/$N"
	done
}

@test "--rm: SIGINT reaches COMMAND, which may handle it; then removal" {
	# Background jobs start with SIGINT ignored: give shmctl the default.
	env --default-signal=INT "$SHMCTL" open --rm -w --if-does-not-exist create "$N" -- \
	    sh -c 'trap "echo got-int >\"$0\"; exit 7" INT; echo $$ >"$0.pid"; while :; do sleep 0.1; done' \
	    "$TMP/int" 3>&- &
	local pid=$! rc=0 _
	for _ in $(seq 100); do
		[ -s "$TMP/int.pid" ] && break
		sleep 0.1
	done
	assert_file_exist "$SHM/$N"
	kill -INT "$pid"
	wait "$pid" || rc=$?
	assert_equal "$rc" 7
	assert_equal "$(cat "$TMP/int")" got-int
	assert_file_not_exist "$SHM/$N"
}

@test "--rm with --dir removes from that directory" {
	mkdir "$SHM/${P}ns"
	run shmctl -d "$SHM/${P}ns" open --rm -w --if-does-not-exist create "$N" -- \
	    sh -c 'ls "$0"' "$SHM/${P}ns"
	assert_success
	assert_output "$N"
	run ls -A "$SHM/${P}ns"
	assert_output ""
}
