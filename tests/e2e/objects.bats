#!/usr/bin/env bats
# What is opened as an object (shmctl(1), SECURITY CONSIDERATIONS): an
# existing name is opened O_PATH|O_NOFOLLOW, checked, and only that inode
# is reopened for I/O, so a FIFO swapped in is never opened; --fd takes only
# a regular file on a memory file system; closed standard descriptors are
# opened on /dev/null first, so no object lands on 0, 1 or 2.

# (bash -c scripts take their arguments as $0, $1...)
# shellcheck disable=SC2016

load common

# --- item: standard descriptors closed at startup -------------------------

@test "write NAME with standard input closed: the object is not copied into itself" {
	printf hello >"$SHM/$N"
	run --separate-stderr bash -c '"$0" write "$1" <&-' "$SHMCTL" "$N"
	assert_failure 1
	[[ $stderr == "shmctl: write: standard input: read: Bad file descriptor"* ]]
	[ "$(cat "$SHM/$N")" = hello ]
	run --separate-stderr timeout 10 bash -c '"$0" write --grow "$1" <&-' "$SHMCTL" "$N"
	assert_failure 1
	[ "$(cat "$SHM/$N")" = hello ]
	[ "$(stat -c %s "$SHM/$N")" -eq 5 ]
}

@test "standard error closed: no message lands in the object" {
	printf hello >"$SHM/$N"
	# past the end without --grow: refused with a message on descriptor 2
	run bash -c '"$0" write --offset 3 --string abcdef "$1" 2>&-' "$SHMCTL" "$N"
	assert_failure 1
	[ "$(cat "$SHM/$N")" = hello ]
	run bash -c '"$0" dump "$1" 2>&- >&-' "$SHMCTL" "$N"
	assert_failure 1
	[ "$(cat "$SHM/$N")" = hello ]
}

@test "standard output closed: dump fails on it and the object is unchanged" {
	printf hello >"$SHM/$N"
	run --separate-stderr bash -c '"$0" dump -r "$1" >&-' "$SHMCTL" "$N"
	assert_failure 1
	assert_equal "$stderr" "shmctl: dump: standard output: Bad file descriptor"
	[ "$(cat "$SHM/$N")" = hello ]
	run --separate-stderr bash -c '"$0" stat -c %n "$1" >&- <&- 2>&-' "$SHMCTL" "$N"
	assert_failure 1
	[ "$(cat "$SHM/$N")" = hello ]
}

# --- item: --fd takes only memory file systems ----------------------------

# A file on a disk file system in $DISKFILE, or skips.
disk_file() {
	local parent
	for parent in "$TMP" /var/tmp "$BATS_TEST_DIRNAME"; do
		case $(stat -f -c %T "$parent" 2>/dev/null) in
		tmpfs | ramfs | hugetlbfs | "") continue ;;
		esac
		DISKFILE=$(mktemp -p "$parent" "${P}lock.XXXXXX") && return 0
	done
	skip "no file on a disk file system can be made here"
}

@test "--fd on a lock file on a disk: not a shared memory object, nothing changed" {
	disk_file
	printf 'pid 1234\n' >"$DISKFILE"
	local before fd sub
	before=$(stat -c '%a %u %g %s %Y' "$DISKFILE"; sha256sum <"$DISKFILE")
	exec {fd}<>"$DISKFILE"
	for sub in "truncate -s 0" "write --string pwned" "chmod 777" \
	    "chown nobody" "stat" "dump"; do
		# shellcheck disable=SC2086
		run --separate-stderr shmctl $sub --fd "$fd"
		[ "$status" -eq 1 ] || { echo "$sub: exit $status"; break; }
		[ "$stderr" = "shmctl: ${sub%% *}: fd $fd: not a shared memory object" ] ||
		    { echo "$sub: $stderr"; status=99; break; }
		[ -z "$output" ] || { echo "$sub: $output"; status=99; break; }
	done
	exec {fd}>&-
	local after
	after=$(stat -c '%a %u %g %s %Y' "$DISKFILE"; sha256sum <"$DISKFILE")
	rm -f -- "$DISKFILE"
	[ "$status" -eq 1 ]
	[ "$after" = "$before" ]
}

@test "--fd on a memfd_create(2) descriptor: accepted as an object" {
	run timeout 20 python3 - "$SHMCTL" <<'EOF'
import os, subprocess, sys
fd = os.memfd_create("shmctl-test", 0)
os.write(fd, b"hi")
def run(*args):
    return subprocess.run([sys.argv[1], *args], pass_fds=(fd,),
                          capture_output=True, text=True)
w = run("write", "--offset", "2", "--grow", "--string", "!", "--fd", str(fd))
d = run("dump", "-r", "--fd", str(fd))
s = run("stat", "-c", "%s", "--fd", str(fd))
print(w.returncode, d.returncode, s.returncode, repr(d.stdout), s.stdout.strip())
print(repr(w.stderr + d.stderr + s.stderr))
os.lseek(fd, 0, 0)
print(os.read(fd, 16))
EOF
	assert_success
	assert_line --index 0 "0 0 0 'hi!' 3"
	assert_line --index 1 "''"
	assert_line --index 2 "b'hi!'"
}

# --- item: a FIFO swapped in between lookup and open ----------------------

@test "a FIFO exchanged with the object in a tight loop: never opened, nothing blocks" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	# renameat2(RENAME_EXCHANGE) swaps the FIFO and the object under the
	# name; inotify watches the FIFO's inode for any open (the test holds
	# its other end open, so an open for writing would not fail).
	run timeout 120 python3 - "$SHMCTL" "$SHM/$N" "$SHM/${P}spare" <<'EOF'
import ctypes, os, struct, subprocess, sys, time
shmctl, name, spare = sys.argv[1:4]
libc = ctypes.CDLL(None, use_errno=True)
RENAME_EXCHANGE, IN_OPEN, AT_FDCWD = 2, 0x20, -100
with open(name, "wb") as f:
    f.write(b"object")
os.mkfifo(spare)
keep = os.open(spare, os.O_RDWR | os.O_NONBLOCK)
ino = libc.inotify_init1(os.O_NONBLOCK)
if ino < 0 or libc.inotify_add_watch(ino, spare.encode(), IN_OPEN) < 0:
    sys.exit("inotify: " + os.strerror(ctypes.get_errno()))
pid = os.fork()
if pid == 0:
    end = time.time() + 100
    a, b = name.encode(), spare.encode()
    while time.time() < end:
        if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
            os._exit(3)
    os._exit(0)
commands = [["dump", "-r"], ["dump"], ["write", "--string", "x"],
            ["stat"], ["stat", "-c", "%s"], ["open"], ["open", "-w"],
            ["chmod", "600"]]
runs = timeouts = 0
deadline = time.time() + 90
while runs < 400 and time.time() < deadline:
    for c in commands:
        try:
            subprocess.run([shmctl, *c, os.path.basename(name)],
                           stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=5)
        except subprocess.TimeoutExpired:
            timeouts += 1
        runs += 1
os.kill(pid, 9)
os.waitpid(pid, 0)
opens = 0
try:
    buf = os.read(ino, 1 << 16)
    for i in range(0, len(buf), 16):
        opens += 1 if struct.unpack_from("iIII", buf, i)[1] & IN_OPEN else 0
except BlockingIOError:
    pass
print("runs %d timeouts %d fifo-opens %d" % (runs, timeouts, opens))
EOF
	echo "$output"
	assert_success
	assert_output --regexp '^runs [0-9]+ timeouts 0 fifo-opens 0$'
	local runs=${output#runs }
	[ "${runs%% *}" -ge 100 ]
}
