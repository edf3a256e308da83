#!/usr/bin/env bats
# Races: many shmctl processes released at the same instant on one name,
# writers at disjoint offsets of one object, an attacker swapping a symlink
# or a FIFO in and out of a name while commands run on it, and names that
# come and go while list, stat and gc scan them.
#
# gc's own race (an object that gains a holder between the scan and the
# removal is kept; a name replaced since the scan is kept) is tested in
# gc.bats: "--yes re-checks each object just before its unlink: one that
# gains a holder is kept" and "--yes keeps a name that was given to another
# object since the scan".

# (bash -c and sh -c scripts take their arguments as $0, $1...)
# shellcheck disable=SC2016

load common

teardown() {
	[ -n "${BUSY:-}" ] && kill "$BUSY" 2>/dev/null && wait "$BUSY" 2>/dev/null
	common_teardown
}

# Forks COUNT copies of COMMAND..., holds them at a barrier until all are
# ready, releases them at once, and waits.  Copy i's exit status goes to
# DIR/rc.i, its standard output and error to DIR/out.i and DIR/err.i; in
# COMMAND, "{i}" stands for i and "{i*K}" for i times K.
# Usage: race COUNT DIR COMMAND...
race() {
	mkdir -p "$2"
	python3 - "$@" <<'EOF'
import multiprocessing, os, re, sys
count, outdir, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]


def expand(arg, i):
    arg = re.sub(r"\{i\*(\d+)\}", lambda m: str(i * int(m.group(1))), arg)
    return arg.replace("{i}", str(i))


barrier = multiprocessing.Barrier(count)
pids = {}
for i in range(count):
    pid = os.fork()
    if pid == 0:
        argv = [expand(a, i) for a in cmd]
        out = os.open("%s/out.%d" % (outdir, i), os.O_WRONLY | os.O_CREAT, 0o644)
        err = os.open("%s/err.%d" % (outdir, i), os.O_WRONLY | os.O_CREAT, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        barrier.wait()
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    pids[pid] = i
for _ in range(count):
    pid, st = os.wait()
    with open("%s/rc.%d" % (outdir, pids[pid]), "w") as f:
        f.write("%d\n" % os.waitstatus_to_exitcode(st))
EOF
}

# How many copies in DIR exited with STATUS.
count_status() {
	grep -lx -- "$2" "$1"/rc.* 2>/dev/null | wc -l
}

@test "40 parallel exclusive creates of one name: exactly one winner" {
	local round
	for round in 1 2 3; do
		rm -f "$SHM/$N"
		race 40 "$TMP/r$round" "$SHMCTL" create -s 4K -m 640 "$N"
		[ "$(count_status "$TMP/r$round" 0)" -eq 1 ]
		[ "$(count_status "$TMP/r$round" 1)" -eq 39 ]
		# every loser says why, in one line
		[ "$(cat "$TMP/r$round"/err.* | sort | uniq -c | sed 's/^ *//')" = \
		    "39 shmctl: create: /$N: File exists" ]
		[ "$(stat -c '%F %s %a' "$SHM/$N")" = "regular file 4096 640" ]
	done
}

@test "40 parallel open --io --if-exists error of one name: exactly one winner" {
	local round
	for round in 1 2 3; do
		rm -f "$SHM/$N"
		race 40 "$TMP/r$round" "$SHMCTL" open --io --if-exists error \
		    -m 600 "$N" -- sh -c 'printf {i} >&3'
		[ "$(count_status "$TMP/r$round" 0)" -eq 1 ]
		[ "$(count_status "$TMP/r$round" 125)" -eq 39 ]
		[ "$(cat "$TMP/r$round"/err.* | sort | uniq -c | sed 's/^ *//')" = \
		    "39 shmctl: open: /$N: File exists" ]
		# the object holds what the winner wrote, and only that
		local winner
		winner=$(grep -lx 0 "$TMP/r$round"/rc.*)
		[ "$(cat "$SHM/$N")" = "${winner##*.}" ]
	done
}

@test "40 parallel unlinks of one name: exactly one removes it" {
	shmctl create "$N"
	race 40 "$TMP/r" "$SHMCTL" unlink "$N"
	[ "$(count_status "$TMP/r" 0)" -eq 1 ]
	[ "$(count_status "$TMP/r" 1)" -eq 39 ]
	[ "$(cat "$TMP/r"/err.* | sort | uniq -c | sed 's/^ *//')" = \
	    "39 shmctl: unlink: /$N: No such file or directory" ]
	shmctl create "$N"
	race 40 "$TMP/f" "$SHMCTL" unlink -f "$N"
	[ "$(count_status "$TMP/f" 0)" -eq 40 ]
	[ ! -e "$SHM/$N" ]
}

@test "open --if-exists supersede racing with itself leaves exactly one object" {
	shmctl create -s 1K "$N"
	# each copy records the inode it got, then holds it a moment
	race 30 "$TMP/r" "$SHMCTL" open --io --if-exists supersede "$N" -- \
	    sh -c 'stat -L -c %i /proc/self/fd/3 >"$0"; sleep 0.2' "$TMP/r/ino.{i}"
	local bad
	bad=$(grep -Lx 0 "$TMP/r"/rc.* || true)
	[ -z "$bad" ] || { head "$TMP/r"/err.*; return 1; }
	# one regular object under the name, and it is one a racer made
	[ -f "$SHM/$N" ] && [ ! -L "$SHM/$N" ]
	grep -qx "$(stat -c %i "$SHM/$N")" "$TMP/r"/ino.*
	# no stray name was left behind by the unlink-and-create loop
	local left=("$SHM/$P"*)
	[ "${#left[@]}" -eq 1 ]
	# create --if-exists supersede as well
	race 30 "$TMP/c" "$SHMCTL" create --if-exists supersede -s 2K "$N"
	[ "$(count_status "$TMP/c" 0)" -eq 30 ]
	[ "$(stat -c '%F %s' "$SHM/$N")" = "regular file 2048" ]
}

@test "32 parallel writes at disjoint offsets all land" {
	shmctl create -s 512K "$N"
	race 32 "$TMP/fill" "$SHMCTL" write -o '{i*16384}' --fill '{i}' -n 16K "$N"
	[ "$(count_status "$TMP/fill" 0)" -eq 32 ]
	# block i of 16 KiB holds byte i: one line per block, in order
	od -An -v -tu1 -w16384 "$SHM/$N" | awk '{ print $1 }' >"$TMP/got"
	seq 0 31 >"$TMP/want"
	cmp "$TMP/got" "$TMP/want"
	od -An -v -tu1 -w16384 "$SHM/$N" |
	    awk '{ for (i = 2; i <= NF; i++) if ($i != $1) bad++ } END { exit bad > 0 }'
}

@test "32 parallel --grow writes past the end: the object ends as long as the last, nothing lost" {
	shmctl create "$N"
	race 32 "$TMP/g" "$SHMCTL" write --grow -o '{i*16384}' --fill '{i}' \
	    -n 16K "$N"
	[ "$(count_status "$TMP/g" 0)" -eq 32 ]
	[ "$(stat -c %s "$SHM/$N")" -eq $((32 * 16384)) ]
	od -An -v -tu1 -w16384 "$SHM/$N" | awk '{ print $1 }' >"$TMP/got"
	seq 0 31 >"$TMP/want"
	cmp "$TMP/got" "$TMP/want"
	od -An -v -tu1 -w16384 "$SHM/$N" |
	    awk '{ for (i = 2; i <= NF; i++) if ($i != $1) bad++ } END { exit bad > 0 }'
}

# Swaps, as fast as it can and atomically (rename), a regular object and a
# symlink to TARGET, or a FIFO, in and out of NAME; in the background.
start_swapper() {
	python3 -c '
import os, sys, time
name, target, kind = sys.argv[1], sys.argv[2], sys.argv[3]
tmp = name + ".swap"
end = time.time() + 120
while time.time() < end:
    with open(tmp, "wb") as f:
        f.write(b"object")
    os.replace(tmp, name)
    if kind == "link":
        os.symlink(target, tmp)
    else:
        os.mkfifo(tmp)
    os.replace(tmp, name)
' "$1" "$2" "$3" &
	BUSY=$!
}

# Runs each command line on stdin in a loop on NAME for SECONDS, in the
# namespace NSARGS gives ("" or "-d DIR"): none may block (5 s), die of a
# signal, or exit with other than 0 and 1.  Usage: hammer "NSARGS" NAME SECONDS
hammer() {
	local nsargs=$1 name=$2 seconds=$3 line end rc errs=0 n=0
	local -a lines
	mapfile -t lines
	end=$((SECONDS + seconds))
	while [ "$SECONDS" -lt "$end" ]; do
		for line in "${lines[@]}"; do
			rc=0
			# shellcheck disable=SC2086
			timeout 5 "$SHMCTL" $nsargs $line "$name" >/dev/null 2>&1 </dev/null ||
			    rc=$?
			n=$((n + 1))
			if [ "$rc" -gt 1 ]; then
				echo "shmctl $line $name: exit $rc"
				errs=$((errs + 1))
			fi
		done
	done
	echo "$n runs"
	[ "$errs" -eq 0 ]
}

# The commands that would change a symlink's target if they followed it.
changing_commands() {
	cat <<EOF
chmod 777
chown 1:1
truncate -s 0
write --string pwned
write --fill 0 --grow -n 1
create --if-exists overwrite -m 777 -s 0
create --if-exists truncate
open -w --if-exists truncate
dump -r
stat
EOF
}

# Every namespace, /dev/shm included, is reached with openat(2) on its
# descriptor: O_PATH|O_NOFOLLOW stands between the name and the target.
@test "a symlink swapped in and out of the name: its target is never changed" {
	printf 'secret' >"$TMP/target"
	chmod 640 "$TMP/target"
	mkdir "$SHM/${P}ns"
	local before nsargs
	before=$(stat -c '%a %u %g %s %.9Y %.9Z' "$TMP/target")
	for nsargs in "" "-d $SHM/${P}ns"; do
		if [ -z "$nsargs" ]; then
			start_swapper "$SHM/$N" "$TMP/target" link
		else
			start_swapper "$SHM/${P}ns/$N" "$TMP/target" link
		fi
		changing_commands | hammer "$nsargs" "$N" 4
		kill "$BUSY"
		wait "$BUSY" 2>/dev/null || true
		BUSY=
		[ "$(cat "$TMP/target")" = secret ]
		[ "$(stat -c '%a %u %g %s %.9Y %.9Z' "$TMP/target")" = "$before" ]
	done
}

@test "a FIFO swapped in and out of the name: nothing blocks" {
	start_swapper "$SHM/$N" - fifo
	hammer "" "$N" 6 <<EOF
dump -r
dump
stat
open
open -w
write --string x
truncate -s 1
create --if-exists overwrite
EOF
}

@test "list, stat and gc while names come and go: no errors, no crash" {
	# churn: objects of the test created and removed as fast as possible
	python3 -c '
import os, sys, time
prefix = sys.argv[1]
end = time.time() + 120
i = 0
while time.time() < end:
    p = "%s%d" % (prefix, i % 50)
    try:
        os.unlink(p)
    except FileNotFoundError:
        with open(p, "wb") as f:
            f.write(b"x" * 100)
    i += 1
' "$SHM/${P}churn-" &
	BUSY=$!
	local end=$((SECONDS + 6)) errs=0 cmd rc
	while [ "$SECONDS" -lt "$end" ]; do
		for cmd in "list $P*" "list -l --holders $P*" "list --json $P*" \
		    "gc $P*" "gc --json $P*" "gc --yes $P*"; do
			rc=0
			# shellcheck disable=SC2086
			timeout 10 "$SHMCTL" $cmd >/dev/null 2>"$TMP/err" || rc=$?
			# (a process that cannot be inspected is a note, not an error)
			sed -i '/holders are lower bounds/d' "$TMP/err"
			if [ "$rc" -ne 0 ] || [ -s "$TMP/err" ]; then
				echo "shmctl $cmd: exit $rc: $(cat "$TMP/err")"
				errs=$((errs + 1))
			fi
		done
		# stat of names that may be gone: 0 or 1, one line per failure
		rc=0
		timeout 10 "$SHMCTL" stat -c %n "$SHM/${P}churn-"{1..20} \
		    >/dev/null 2>"$TMP/err" || rc=$?
		if [ "$rc" -gt 1 ] || grep -qv '^shmctl: stat: /.*: No such file or directory$' "$TMP/err"; then
			echo "stat: exit $rc: $(cat "$TMP/err")"
			errs=$((errs + 1))
		fi
	done
	[ "$errs" -eq 0 ]
}
