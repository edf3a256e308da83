#!/usr/bin/env bats
# shmctl anon: a nameless object for a COMMAND.  No name may be left in the
# namespace at any time the COMMAND can see, nor after it.  Other suites
# running in parallel may create anonymous objects for an instant, so the
# checks look at this test's own object (through /proc/self/fd), not at a
# listing of /dev/shm.

bats_require_minimum_version 1.5.0
load common

# Run as COMMAND: what fd 3 is (its target, which ends in "(deleted)" for a
# nameless object), its access mode as the kernel sees it, size and mode.
DESCRIBE='readlink /proc/$$/fd/3
f=$(sed -n "s/^flags:[[:space:]]*//p" /proc/$$/fdinfo/3)
case $(( $f & 3 )) in 0) echo ro;; 2) echo rw;; *) echo "flags $f";; esac
stat -L -c "%s %a" /proc/$$/fd/3'

@test "the object has no name while COMMAND runs; read-write, 0600, size 0" {
	run --separate-stderr shmctl anon -- sh -c "$DESCRIBE"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp "^$SHM/shmctl-anon-[0-9a-z]+ \\(deleted\\)$"
	assert_line --index 1 rw
	assert_line --index 2 "0 600"
	# and the name it had is not there afterwards either
	local name=${lines[0]% (deleted)}
	assert_file_not_exist "$name"
}

@test "each run gets a fresh object" {
	run shmctl anon -- sh -c 'readlink /proc/$$/fd/3; stat -L -c %i /proc/$$/fd/3'
	assert_success
	local first=$output
	run shmctl anon -- sh -c 'readlink /proc/$$/fd/3; stat -L -c %i /proc/$$/fd/3'
	assert_success
	[ "$output" != "$first" ]
}

@test "-s sizes the object; SHMCTL_SIZE and SHMCTL_FD are set" {
	run shmctl anon -s 4K -- sh -c \
	    'echo "$SHMCTL_FD $SHMCTL_SIZE"; stat -L -c %s /proc/$$/fd/3'
	assert_success
	assert_output $'3 4096\n4096'
}

@test "SHMCTL_NAME is not set, even when inherited" {
	SHMCTL_NAME=/outer run shmctl anon -- sh -c 'echo "${SHMCTL_NAME-unset}"'
	assert_success
	assert_output unset
}

@test "-m sets the mode exactly, whatever the umask" {
	umask 077
	run shmctl anon -m 0664 -- stat -L -c %a /proc/self/fd/3
	assert_success
	assert_output 664
	run shmctl anon -m u=rw,g=r -- stat -L -c %a /proc/self/fd/3
	assert_success
	assert_output 640
}

@test "COMMAND reads and writes the object through its descriptor" {
	run shmctl anon -s 16 -- python3 -c '
import os
os.pwrite(3, b"shared", 4)
print(os.pread(3, 16, 0))'
	assert_success
	assert_output "b'\\x00\\x00\\x00\\x00shared\\x00\\x00\\x00\\x00\\x00\\x00'"
}

@test "--fd 5 puts the object at fd 5, and nowhere else" {
	run shmctl anon --fd 5 -- sh -c \
	    'echo $SHMCTL_FD; readlink /proc/$$/fd/5; for f in /proc/$$/fd/*; do readlink "$f"; done | grep -c shmctl-anon-'
	assert_success
	assert_line --index 0 5
	assert_line --index 1 --regexp "^$SHM/shmctl-anon-[0-9a-z]+ \\(deleted\\)$"
	assert_line --index 2 1
}

@test "the descriptor passes on to COMMAND's children" {
	run shmctl anon -s 8 -- sh -c 'printf abc >&3; sh -c "od -An -c /proc/\$\$/fd/3"'
	assert_success
	assert_output "   a   b   c  \\0  \\0  \\0  \\0  \\0"
}

@test "the example of shmctl-anon(1): write and dump through --fd 3" {
	# Until they exist, write and dump are placeholders without --fd.
	"$SHMCTL" write --help 2>/dev/null | grep -q -- --fd ||
	    skip "shmctl write --fd is not implemented yet"
	"$SHMCTL" dump --help 2>/dev/null | grep -q -- --fd ||
	    skip "shmctl dump --fd is not implemented yet"
	# The example finds shmctl in PATH.
	PATH="$(dirname "$SHMCTL"):$PATH" run shmctl anon -s 4K -- sh -c \
	    'printf hi | shmctl write --fd 3; shmctl dump --fd 3'
	assert_success
	assert_output "$({ printf hi; head -c 4094 /dev/zero; } | hexdump -C)"
}

@test "dump --fd 3 inside COMMAND sees what COMMAND wrote" {
	"$SHMCTL" dump --help 2>/dev/null | grep -q -- --fd ||
	    skip "shmctl dump --fd is not implemented yet"
	run shmctl anon -s 32 -- sh -c 'printf hi >&3; "$0" dump --fd 3' \
	    "$SHMCTL"
	assert_success
	assert_output "$({ printf hi; head -c 30 /dev/zero; } | hexdump -C)"
}

@test "COMMAND is required" {
	run --separate-stderr shmctl anon -s 4K
	assert_failure 2
	assert_equal "$stderr" "shmctl: anon: missing COMMAND (see 'shmctl anon --help')"
	run shmctl anon --
	assert_failure 2
}

@test "usage errors: exit 2, COMMAND not run" {
	local args
	for args in "-s -1" "-s 4Q" "-m 9" "-m u+q" "--attempts 0" \
	    "--attempts x" "--fd -1" "--bogus"; do
		# shellcheck disable=SC2086
		run shmctl anon $args -- touch "$TMP/ran"
		assert_failure 2
		assert_output --regexp "^shmctl: anon: .*\(see 'shmctl anon --help'\)$"
	done
	assert_file_not_exist "$TMP/ran"
}

@test "--fd beyond the descriptor limit is a usage error" {
	run bash -c 'ulimit -n 64; "$SHMCTL" anon --fd 64 -- true'
	assert_failure 2
	assert_output --partial "invalid --fd '64'"
}

@test "--attempts N is accepted" {
	run shmctl anon --attempts 1 -- true
	assert_success
}

@test "exit status: COMMAND's own, and 128 + N for signal N" {
	run shmctl anon -- sh -c 'exit 42'
	assert_failure 42
	run shmctl anon -- sh -c 'kill -TERM $$'
	assert_failure 143
}

@test "exit status 127: COMMAND not found, one message" {
	run -127 --separate-stderr shmctl anon -- no-such-command-shmctl-test
	assert_failure 127
	assert_equal "$stderr" "shmctl: anon: no-such-command-shmctl-test: No such file or directory"
}

@test "exit status 126: COMMAND not executable" {
	printf '#!/bin/sh\n' >"$TMP/noexec"
	chmod 0644 "$TMP/noexec"
	run --separate-stderr shmctl anon -- "$TMP/noexec"
	assert_failure 126
	assert_equal "$stderr" "shmctl: anon: $TMP/noexec: Permission denied"
}

@test "exit status 125: no object could be made; COMMAND not run" {
	# /proc is no namespace (shmctl(1): --dir)
	run --separate-stderr shmctl -d /proc anon -- touch "$TMP/ran"
	assert_failure 125
	assert_equal "$stderr" "shmctl: anon: /proc: on proc, not on tmpfs, ramfs or hugetlbfs"
	assert_file_not_exist "$TMP/ran"
	run --separate-stderr shmctl -d "$TMP/nonexistent" anon -- touch "$TMP/ran"
	assert_failure 125
	assert_file_not_exist "$TMP/ran"
}

@test "--dir: the object is made there and its name removed at once" {
	mkdir "$SHM/${P}ns"
	run shmctl -d "$SHM/${P}ns" anon -s 1K -- sh -c \
	    'readlink /proc/$$/fd/3; ls -A "$0"' "$SHM/${P}ns"
	assert_success
	assert_output --regexp "^$SHM/${P}ns/shmctl-anon-[0-9a-z]+ \\(deleted\\)$"
	run ls -A "$SHM/${P}ns"
	assert_output ""
}

@test "no name is left when COMMAND is killed" {
	"$SHMCTL" anon -- sh -c 'readlink /proc/$$/fd/3 >"$0.tmp"; mv "$0.tmp" "$0"; exec sleep 60' \
	    "$TMP/target" 3>&- &
	local pid=$! rc=0 i
	for i in $(seq 100); do
		[ -s "$TMP/target" ] && break
		sleep 0.1
	done
	run cat "$TMP/target"
	assert_output --regexp "^$SHM/shmctl-anon-[0-9a-z]+ \\(deleted\\)$"
	kill -KILL "$pid"
	wait "$pid" || rc=$?
	assert_equal "$rc" 137
	local name
	name=$(cat "$TMP/target")
	assert_file_not_exist "${name% (deleted)}"
}
