#!/usr/bin/env bats
# A hostile namespace: /dev/shm is world-writable, so anyone can plant a
# symbolic link, a FIFO, a directory or a socket under a name, and root can
# plant a device node in any --dir.  Every subcommand that takes a NAME must
# refuse such an entry with "not a shared memory object": never follow it,
# never open it (checked with inotify, which sees every open of the entry or
# of a link's target), never block on it (checked with timeout), never
# change it or what it points to.  Names with spaces, newlines, escape
# sequences and invalid UTF-8 must work, and be printed escaped.

load common

setup() {
	common_setup
	NS=$SHM/${P}ns
	mkdir -p "$NS"
}

teardown() {
	local f
	[ -n "${ODD:-}" ] && rm -f -- "$ODD"
	for f in "$SHM/$P"*; do
		[ -d "$f" ] && [ ! -L "$f" ] && rm -rf -- "$f"
	done
	common_teardown
}

# The commands of every subcommand that take a NAME, each followed by the
# NAME.  Their first word is the subcommand the message must name.
named_commands() {
	local owner=nobody:nogroup
	[ "$(id -u)" -eq 0 ] || owner=$(id -un)
	cat <<EOF
open
open -w
open -w --if-does-not-exist create
open -w --if-exists truncate
open -w --if-exists supersede
open --if-exists error --if-does-not-exist create
open -w --if-exists overwrite -s 1K
create
create --if-exists overwrite -s 1K -m 777
create --if-exists truncate
create --if-exists supersede
create --reserve -s 1M --if-exists overwrite
truncate -s 0
truncate -s 1M
unlink
unlink -f
unlink --if-unused
chmod 777
chmod a-rwx
chown $owner
stat
stat --terse
stat --json
stat -c %s
dump
dump -r
write --string pwned
write --create --string pwned
write --fill 0 -n 1 --grow --truncate
EOF
}

# Prints what must not change about PATH: type, mode, owner, size, inode,
# link target, and the content's checksum for a regular file.
entry_state() {
	local path=$1
	stat -c '%F %a %u:%g %s %i %h' -- "$path" 2>/dev/null || echo missing
	if [ -L "$path" ]; then
		readlink -- "$path"
	elif [ -f "$path" ]; then
		sha256sum <"$path"
	fi
}

# Runs each command line read from standard input on NAME and checks that
# it fails at once (exit 1, or 125 for open -- COMMAND, which must not run)
# with the one-line refusal, nothing on standard output (with --json: an
# empty document), no open, read, write or attribute change of the WATCHED
# paths (inotify; a symlink among them is watched itself), and no change to
# the WATCHED and KEPT paths (type, mode, owner, size, inode, times, link
# target, contents, directory entries).  Prints each violation.
#   refuse_each SHMCTL "NSARGS" NAME WATCHED... [-- KEPT...]
refuse_each() {
	python3 - "$@" <<'EOF'
import ctypes, hashlib, json, os, shlex, stat, struct, subprocess, sys

shmctl, nsargs, name = sys.argv[1], shlex.split(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
sep = rest.index("--") if "--" in rest else len(rest)
watched, kept = rest[:sep], rest[sep + 1:]
commands = [shlex.split(l) for l in sys.stdin.read().splitlines() if l.strip()]

libc = ctypes.CDLL(None, use_errno=True)
EVENTS = {0x1: "read", 0x2: "modified", 0x4: "attributes changed",
          0x20: "opened"}
IN_DONT_FOLLOW = 0x02000000
ino = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
wds = {}
for p in watched:
    wd = libc.inotify_add_watch(ino, os.fsencode(p),
                                sum(EVENTS) | IN_DONT_FOLLOW)
    if wd < 0:
        sys.exit("watch %s: %s" % (p, os.strerror(ctypes.get_errno())))
    wds[wd] = p


def events():
    try:
        buf = os.read(ino, 1 << 16)
    except BlockingIOError:
        return []
    out, i = [], 0
    while i < len(buf):
        wd, mask, _, n = struct.unpack_from("iIII", buf, i)
        i += 16 + n
        out += ["%s %s" % (wds[wd], w) for b, w in EVENTS.items() if mask & b]
    return out


def state(p):
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return "missing"
    s = [stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid,
         st.st_gid, st.st_size, st.st_ino, st.st_nlink, st.st_mtime_ns,
         st.st_ctime_ns]
    if stat.S_ISLNK(st.st_mode):
        s.append(os.readlink(p))
    elif stat.S_ISREG(st.st_mode):
        with open(p, "rb") as f:
            s.append(hashlib.sha256(f.read()).hexdigest())
    elif stat.S_ISDIR(st.st_mode):
        s.append(sorted(os.listdir(p)))
    return s


def states():
    return [(p, state(p)) for p in watched + kept]


ran = os.path.join(os.environ["TMP"], "ran")
runs = [(c + [name], 1) for c in commands]
runs.append((["open", "-w", name, "--", "touch", ran], 125))
before, errors = states(), 0
events()
for cmd, want_rc in runs:
    shown = "shmctl " + " ".join(shlex.quote(a) for a in nsargs + cmd)
    want_err = ("shmctl: %s: /%s: not a shared memory object\n"
                % (cmd[0], name)).encode("utf-8", "surrogateescape")
    problems = []
    try:
        p = subprocess.run([shmctl] + nsargs + cmd, capture_output=True,
                           timeout=5)
    except subprocess.TimeoutExpired:
        problems.append("BLOCKED (still running after 5 s)")
    else:
        if p.returncode != want_rc:
            problems.append("exit %d, not %d" % (p.returncode, want_rc))
        if p.stderr != want_err:
            problems.append("stderr %r" % p.stderr)
        out = p.stdout
        if "--json" in cmd and out:
            try:
                out = b"" if json.loads(out) == {"shm": []} else out
            except ValueError:
                pass
        if out:
            problems.append("stdout %r" % p.stdout[:200])
    if os.path.exists(ran):
        problems.append("COMMAND ran")
        os.unlink(ran)
    problems += events()
    now = states()
    for (path, a), (_, b) in zip(before, now):
        if a != b:
            problems.append("%s changed: %r -> %r" % (path, a, b))
    before = now
    for pr in problems:
        print("%s: %s" % (shown, pr))
    errors += len(problems) > 0
print("%d of %d commands refused cleanly" % (len(runs) - errors, len(runs)))
sys.exit(1 if errors else 0)
EOF
}

# Runs every named command on NAME (in the namespace NSARGS gives, e.g.
# "-d DIR") with refuse_each.  Usage: refuse_all "NSARGS" NAME WATCHED...
refuse_all() {
	local nsargs=$1 name=$2
	shift 2
	named_commands | TMP=$TMP refuse_each "$SHMCTL" "$nsargs" "$name" "$@"
}

# Runs COMMAND... and reports on standard error every open, read, write or
# attribute change of the paths before "--" (a symlink among them is
# watched itself, not its target), after the command ends.
watch_opens() {
	python3 - "$@" <<'EOF'
import ctypes, os, struct, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
EVENTS = {0x1: "read", 0x2: "modified", 0x4: "attributes changed",
          0x20: "opened"}
IN_DONT_FOLLOW = 0x02000000
sep = sys.argv.index("--")
paths, cmd = sys.argv[1:sep], sys.argv[sep + 1:]
fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
if fd < 0:
    sys.exit("inotify_init1: " + os.strerror(ctypes.get_errno()))
watched = {}
for p in paths:
    wd = libc.inotify_add_watch(fd, os.fsencode(p),
                                sum(EVENTS) | IN_DONT_FOLLOW)
    if wd < 0:
        sys.exit("watch %s: %s" % (p, os.strerror(ctypes.get_errno())))
    watched[wd] = p
rc = subprocess.call(cmd)
try:
    buf = os.read(fd, 1 << 16)
except BlockingIOError:
    buf = b""
i = 0
while i < len(buf):
    wd, mask, _, n = struct.unpack_from("iIII", buf, i)
    i += 16 + n
    for bit, what in EVENTS.items():
        if mask & bit:
            sys.stderr.write("WATCH: %s %s\n" % (watched[wd], what))
sys.exit(rc)
EOF
}

@test "a symlink to a regular file: refused by every subcommand, the file untouched" {
	printf 'secret' >"$TMP/target"
	chmod 640 "$TMP/target"
	ln -s "$TMP/target" "$SHM/$N"
	refuse_all "" "$N" "$SHM/$N" "$TMP/target"
	[ "$(cat "$TMP/target")" = secret ]
	[ "$(stat -c %a "$TMP/target")" = 640 ]
}

@test "a symlink to a directory: refused by every subcommand" {
	mkdir "$TMP/tdir"
	printf x >"$TMP/tdir/inside"
	ln -s "$TMP/tdir" "$SHM/$N"
	refuse_all "" "$N" "$SHM/$N" "$TMP/tdir" "$TMP/tdir/inside"
	[ "$(ls -A "$TMP/tdir")" = inside ]
}

@test "a dangling symlink: refused by every subcommand, its target never created" {
	mkdir "$TMP/d"
	ln -s "$TMP/d/nowhere" "$SHM/$N"
	refuse_all "" "$N" "$SHM/$N" "$TMP/d"
	[ ! -e "$TMP/d/nowhere" ]
	[ -L "$SHM/$N" ]
}

@test "a symlink to /etc/passwd, as root: /etc/passwd keeps its mode, owner and content" {
	require_root
	local before after rc=0
	before=$(stat -c '%a %U %G %s %Y %Z' /etc/passwd; sha256sum </etc/passwd)
	# a safety net: put it back if the test ever finds the protection gone
	cp -p /etc/passwd "$TMP/passwd.saved"
	ln -s /etc/passwd "$SHM/$N"
	# /etc/passwd is read by shmctl's user lookups: not watched, compared
	refuse_all "" "$N" "$SHM/$N" -- /etc/passwd || rc=$?
	after=$(stat -c '%a %U %G %s %Y %Z' /etc/passwd; sha256sum </etc/passwd)
	if [ "$after" != "$before" ]; then
		cp -p "$TMP/passwd.saved" /etc/passwd
		chown root:root /etc/passwd
		echo "/etc/passwd was changed through the link: restored"
		diff <(echo "$before") <(echo "$after")
		return 1
	fi
	[ "$rc" -eq 0 ]
}

@test "a FIFO: refused at once by every subcommand, never opened" {
	mkfifo -m 666 "$SHM/$N"
	refuse_all "" "$N" "$SHM/$N"
	[ -p "$SHM/$N" ]
}

@test "a directory: refused by every subcommand, never opened" {
	mkdir "$SHM/$N"
	printf x >"$SHM/$N/inside"
	refuse_all "" "$N" "$SHM/$N" "$SHM/$N/inside"
	[ "$(ls -A "$SHM/$N")" = inside ]
}

@test "a UNIX socket: refused by every subcommand" {
	python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$SHM/$N"
	[ -S "$SHM/$N" ]
	refuse_all "" "$N" "$SHM/$N"
	[ -S "$SHM/$N" ]
}

@test "a device node under --dir, as root: refused by every subcommand, never opened" {
	require_root
	mknod -m 666 "$NS/$N" c 1 3	# /dev/null's numbers
	[ -c "$NS/$N" ]
	refuse_all "-d $NS" "$N" "$NS/$N"
	[ -c "$NS/$N" ]
}

@test "a symlink and a FIFO under --dir: refused there too (openat path)" {
	printf 'secret' >"$TMP/target"
	ln -s "$TMP/target" "$NS/$N"
	mkfifo "$NS/${P}fifo"
	refuse_all "-d $NS" "$N" "$NS/$N" "$TMP/target"
	refuse_all "-d $NS" "${P}fifo" "$NS/${P}fifo"
	[ "$(cat "$TMP/target")" = secret ]
}

@test "--fd on a FIFO, a directory or a socket descriptor: refused, never read" {
	mkfifo "$TMP/fifo"
	local sub
	for sub in "stat" "dump" "dump -r" "write --string x" "truncate -s 1" \
	    "chmod 777"; do
		# shellcheck disable=SC2086
		run timeout 5 "$SHMCTL" $sub --fd 3 3<>"$TMP/fifo"
		[ "$status" -ne 124 ] || { echo "BLOCKED: $sub --fd"; return 1; }
		assert_failure 1
		assert_output "shmctl: ${sub%% *}: fd 3: not a shared memory object"
		# shellcheck disable=SC2086
		run timeout 5 "$SHMCTL" $sub --fd 3 3<"$TMP"
		assert_failure 1
		assert_output "shmctl: ${sub%% *}: fd 3: not a shared memory object"
	done
	[ "$(stat -c %a "$TMP/fifo")" != 777 ]
}

# Plants one entry of every kind under DIR with prefix $P; a regular file
# and a directory are the link targets.
plant_everything() {
	local dir=$1
	printf 'secret' >"$TMP/target"
	mkdir -p "$TMP/tdir"
	ln -s "$TMP/target" "$dir/${P}link-file"
	ln -s "$TMP/tdir" "$dir/${P}link-dir"
	ln -s "$TMP/nowhere" "$dir/${P}link-dangling"
	mkfifo "$dir/${P}fifo"
	mkdir "$dir/${P}dir"
	python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$dir/${P}socket"
	if [ "$(id -u)" -eq 0 ] && [ "$dir" != "$SHM" ]; then
		mknod "$dir/${P}char" c 1 3
	fi
}

everything_state() {
	local dir=$1 f
	for f in "$dir/$P"* "$TMP/target" "$TMP/tdir"; do
		echo "$f"
		entry_state "$f"
	done
}

@test "list and gc under --dir: every kind listed by -a with its type, none opened or removed" {
	plant_everything "$NS"
	local before watch
	before=$(everything_state "$NS")
	mapfile -t watch < <(ls -d "$NS/$P"* "$TMP/target" "$TMP/tdir")
	shmctl -d "$NS" create -s 4K "${P}real"

	run --separate-stderr watch_opens "${watch[@]}" -- timeout 5 \
	    "$SHMCTL" -d "$NS" list -n -o NAME
	assert_success
	assert_output "/${P}real"
	[ -z "$stderr" ]

	run --separate-stderr watch_opens "${watch[@]}" -- timeout 5 \
	    "$SHMCTL" -d "$NS" list -a -n -o NAME,TYPE --holders
	assert_success
	# (a note that some process could not be inspected is no complaint)
	[[ -z $stderr || ($stderr == *"holders are lower bounds"* &&
	    $stderr != *$'\n'*) ]]
	assert_line --regexp "^/${P}link-file +symlink$"
	assert_line --regexp "^/${P}link-dir +symlink$"
	assert_line --regexp "^/${P}link-dangling +symlink$"
	assert_line --regexp "^/${P}fifo +fifo$"
	assert_line --regexp "^/${P}dir +dir$"
	assert_line --regexp "^/${P}socket +socket$"
	if [ "$(id -u)" -eq 0 ]; then
		assert_line --regexp "^/${P}char +char$"
	fi
	assert_line --regexp "^/${P}real +shm$"

	run --separate-stderr watch_opens "${watch[@]}" -- timeout 5 \
	    "$SHMCTL" -d "$NS" gc --older-than 0 -a --yes
	assert_success
	[ -z "$stderr" ]
	assert_output --partial "removed /${P}real"
	refute_output --partial "link"
	refute_output --partial "fifo"
	[ ! -e "$NS/${P}real" ]
	[ "$(everything_state "$NS")" = "$before" ]
}

@test "list and gc in /dev/shm: planted entries are left alone" {
	plant_everything "$SHM"
	local before
	before=$(everything_state "$SHM")
	shmctl create -s 4K "${P}real"
	run timeout 5 "$SHMCTL" list -a -n -o NAME,TYPE "$P*"
	assert_success
	assert_line --regexp "^/${P}fifo +fifo$"
	run timeout 5 "$SHMCTL" gc --older-than 0 -a --yes "$P*"
	assert_success
	[ ! -e "$SHM/${P}real" ]
	[ "$(everything_state "$SHM")" = "$before" ]
}

# --- names with unusual bytes ---------------------------------------------

# The test's odd names, one per line, as printf %b formats.
odd_names() {
	cat <<EOF
${P}sp ace
${P}nl\nline
${P}esc\033[31mred\033[0m
${P}bad\377\376utf8
${P}tab\there
${P}bs\\\\n-not-a-newline
${P}bell\a
EOF
}

# True when standard input holds no control byte (but newline) and no
# byte above 0x7e: nothing a terminal would act on.
printable_only() {
	! LC_ALL=C grep -q '[^ -~]'
}

@test "odd names: create, write, dump, stat, truncate, chmod and unlink work on them" {
	local fmt name
	while IFS= read -r fmt; do
		name=$(printf '%b.' "$fmt")
		name=${name%.}
		run shmctl create -s 16 "$name"
		assert_success
		[ -f "$SHM/$name" ]
		run shmctl write --string 0123456789abcdef "$name"
		assert_success
		run shmctl dump -r "$name"
		assert_success
		[ "$output" = 0123456789abcdef ]
		run shmctl stat -c '%s %a' "$name"
		assert_output "16 600"
		run shmctl truncate -s 32 "$name"
		assert_success
		run shmctl chmod 640 "$name"
		assert_success
		[ "$(stat -c '%s %a' "$SHM/$name")" = "32 640" ]
		run shmctl open "$name" -- printenv SHMCTL_NAME
		assert_success
		[ "$output" = "/$name" ]
		run shmctl unlink "$name"
		assert_success
		[ ! -e "$SHM/$name" ]
	done < <(odd_names)
}

@test "odd names: list prints each on one row, escaped, and tells them apart" {
	local fmt name n=0
	while IFS= read -r fmt; do
		name=$(printf '%b.' "$fmt")
		shmctl create "${name%.}"
		n=$((n + 1))
	done < <(odd_names)
	local form
	for form in "" "-r" "-P" "-l"; do
		# shellcheck disable=SC2086
		"$SHMCTL" list -n $form "$P*" >"$TMP/list"
		printable_only <"$TMP/list" || {
			echo "list $form printed raw bytes:"; cat -A "$TMP/list"
			return 1
		}
		[ "$(wc -l <"$TMP/list")" -eq "$n" ]
	done
	"$SHMCTL" list -n -o NAME "$P*" | sed 's/ *$//' >"$TMP/list"
	# names differing only by an escaped byte stay different
	[ "$(sort -u "$TMP/list" | wc -l)" -eq "$n" ]
	grep -qF '\033[31m' "$TMP/list"
	grep -qF "/${P}nl\\nline" "$TMP/list"
	# a real backslash is escaped, so it cannot pass for an escape
	grep -qF "/${P}bs\\\\n-not-a-newline" "$TMP/list"
	run "$SHMCTL" list --json "$P*"
	assert_success
	printable_only <<<"$output"
	[ "$(jq '.shm | length' <<<"$output")" -eq "$n" ]
	# JSON names are the names themselves, newlines and all
	# (shmctl-list(1)): distinct as strings, not as lines.
	[ "$(jq '[.shm[].name] | unique | length' <<<"$output")" -eq "$n" ]
}

@test "odd names: stat -c %n and the stat block print them escaped" {
	local name=$'\e[31m'"${P}esc"$'\n'x
	shmctl create "$name"
	# the name does not start with $P: common_teardown would miss it
	ODD="$SHM/$name"
	run shmctl stat -c %n "$name"
	assert_success
	printable_only <<<"$output"
	assert_output '/\033[31m'"${P}esc"'\nx'
	run shmctl stat "$name"
	assert_success
	printable_only <<<"$output"
}

@test "odd names: gc's dry run and --yes print each on one escaped line, and remove them" {
	local fmt name n=0
	while IFS= read -r fmt; do
		name=$(printf '%b.' "$fmt")
		shmctl create -s 1K "${name%.}"
		n=$((n + 1))
	done < <(odd_names)
	run "$SHMCTL" gc --older-than 0 "$P*"
	assert_success
	printable_only <<<"$output"
	[ "$(grep -c "/$P" <<<"$output")" -eq "$n" ]
	run "$SHMCTL" gc --older-than 0 --yes "$P*"
	assert_success
	printable_only <<<"$output"
	[ "$(grep -c "^removed /$P" <<<"$output")" -eq "$n" ]
	# the test's namespace directory $NS stays; no object does
	[ -z "$(find "$SHM" -maxdepth 1 -type f -name "$P*")" ]
}

# The diagnostic in $stderr is one line of printable bytes.
one_printable_line() {
	if ! printable_only <<<"$stderr" || [ "$(wc -l <<<"$stderr")" -ne 1 ]
	then
		echo "not one printable line:"
		cat -A <<<"$stderr"
		return 1
	fi
}

@test "odd names in diagnostics: one escaped line, nothing raw on the terminal" {
	local name=${P}$'esc\e[31m\nline'
	run --separate-stderr shmctl stat "$name"
	assert_failure 1
	one_printable_line
	mkfifo "$SHM/$name"
	run --separate-stderr shmctl dump "$name"
	assert_failure 1
	one_printable_line
	# a bad name is a usage error, and its message is one line too
	run --separate-stderr shmctl stat $'a/b\e[31m\nc'
	assert_failure 2
	one_printable_line
}
