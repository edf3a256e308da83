#!/usr/bin/env bats
# shmctl stat: the readable block, --terse, -c FORMAT, --json, --fd, errors;
# values checked against coreutils stat on the same object.

load common

# An object with known contents: 5000 bytes written, so some are allocated.
make_obj() {
	head -c 5000 /dev/zero | tr '\0' x > "$SHM/$1"
	chmod "${2:-640}" "$SHM/$1"
}

@test "stat prints a readable block that agrees with coreutils stat" {
	make_obj "$N"
	local f="$SHM/$N"
	run shmctl stat "$N"
	assert_success
	assert_line --index 0 "     Name: /$N"
	assert_line --index 1 "     Size: 5000"
	assert_line --index 2 "Allocated: $(( $(stat -c '%b * %B' "$f") ))"
	assert_line --index 3 "     Mode: 0$(stat -c %a "$f") ($(stat -c %A "$f"))"
	assert_line --index 4 "    Owner: $(stat -c '%U (%u)' "$f")"
	assert_line --index 5 "    Group: $(stat -c '%G (%g)' "$f")"
	assert_line --index 6 "    Inode: $(stat -c %i "$f")"
	assert_line --index 7 "    Links: 1"
	assert_line --index 8 "   Access: $(stat -c %x "$f")"
	assert_line --index 9 "   Modify: $(stat -c %y "$f")"
	assert_line --index 10 "   Change: $(stat -c %z "$f")"
	[ "${#lines[@]}" -eq 11 ]
}

@test "stat accepts /name and the shm directory's path for NAME" {
	make_obj "$N"
	run shmctl stat -c %n "/$N" "$SHM/$N" "$N"
	assert_success
	assert_output "$(printf '/%s\n/%s\n/%s' "$N" "$N" "$N")"
}

@test "stat --terse prints the ten fields in the original library's order" {
	make_obj "$N"
	local f="$SHM/$N"
	local want
	want="$(stat -c %d "$f") $(stat -c %i "$f") $((16#$(stat -c %f "$f")))"
	want+=" $(stat -c '%h %u %g' "$f") 0 5000 $(stat -c '%o %b' "$f")"
	run shmctl stat --terse "$N"
	assert_success
	assert_output "$want"
}

@test "stat -c knows every directive of shmctl-stat(1)" {
	make_obj "$N" 604
	local f="$SHM/$N"
	run shmctl stat -c '%n|%s|%b|%a|%A|%u|%U|%g|%G|%i|%h|%X|%Y|%Z|%%' "$N"
	assert_success
	assert_output "/$N|5000|$(( $(stat -c '%b * %B' "$f") ))|$(stat -c \
'%a|%A|%u|%U|%g|%G|%i|%h|%X|%Y|%Z' "$f")|%"
}

@test "stat -c interprets \\n and \\t and ends each object with a newline" {
	make_obj "${P}a"
	make_obj "${P}b"
	run shmctl stat -c 'n=%n\ts=%s\nend' "${P}a" "${P}b"
	assert_success
	assert_output "$(printf 'n=/%sa\ts=5000\nend\nn=/%sb\ts=5000\nend' \
	    "$P" "$P")"
	# The trailing newline itself, which $output drops.
	[ "$(shmctl stat -c %s "${P}a" | od -An -c | tr -d ' ')" = '5000\n' ]
}

@test "stat -c rejects an unknown or unfinished directive with status 2" {
	make_obj "$N"
	run shmctl stat -c '%s %q' "$N"
	assert_failure 2
	assert_output --partial "'%q'"
	refute_output --partial 5000
	run shmctl stat -c 'size %' "$N"
	assert_failure 2
	refute_output --partial size
}

@test "stat --json has list's shape, JSON types and values" {
	make_obj "$N" 600
	local f="$SHM/$N"
	run shmctl stat --json "$N"
	assert_success
	echo "$output" | jq -e '.shm | length == 1'
	local o
	o=$(echo "$output" | jq -c '.shm[0]')
	[ "$(jq -r .name <<<"$o")" = "/$N" ]
	[ "$(jq -r '.size | type' <<<"$o")" = number ]
	[ "$(jq .size <<<"$o")" -eq 5000 ]
	[ "$(jq .alloc <<<"$o")" -eq $(( $(stat -c '%b * %B' "$f") )) ]
	[ "$(jq -r .mode <<<"$o")" = 0600 ]
	[ "$(jq -r .perms <<<"$o")" = -rw------- ]
	[ "$(jq -r .owner <<<"$o")" = "$(stat -c %U "$f")" ]
	[ "$(jq -r .group <<<"$o")" = "$(stat -c %G "$f")" ]
	[ "$(jq .uid <<<"$o")" -eq "$(stat -c %u "$f")" ]
	[ "$(jq .gid <<<"$o")" -eq "$(stat -c %g "$f")" ]
	[ "$(jq .inode <<<"$o")" -eq "$(stat -c %i "$f")" ]
	[ "$(jq .nlink <<<"$o")" -eq 1 ]
	jq -e '[.uid, .gid, .inode, .nlink, .alloc] | map(type) | unique
	    == ["number"]' <<<"$o"
	# ISO 8601 with a UTC offset, the same instant as stat's.
	run python3 -c '
import datetime, json, sys
o = json.loads(sys.argv[1])
for k in ("atime", "mtime", "ctime"):
    t = datetime.datetime.fromisoformat(o[k])
    assert t.utcoffset() is not None, k
    print(int(t.timestamp()))' "$o"
	assert_success
	assert_output "$(stat -c '%X
%Y
%Z' "$f")"
}

@test "stat --json prints every object given, in order" {
	make_obj "${P}b"
	make_obj "${P}a"
	run shmctl stat --json "${P}b" "${P}a"
	assert_success
	[ "$(echo "$output" | jq -r '.shm[].name' | tr '\n' ' ')" = \
	    "/${P}b /${P}a " ]
}

@test "stat with several names reports the failing ones and prints the rest" {
	make_obj "${P}a"
	make_obj "${P}c"
	run --separate-stderr shmctl stat -c %n "${P}a" "${P}missing" "${P}c"
	assert_failure 1
	assert_output "$(printf '/%sa\n/%sc' "$P" "$P")"
	[ "$stderr" = \
	    "shmctl: stat: /${P}missing: No such file or directory" ]
}

@test "stat refuses a FIFO without blocking and a symlink without following" {
	mkfifo "$SHM/${P}fifo"
	make_obj "${P}target"
	ln -s "${P}target" "$SHM/${P}link"
	run timeout 10 "$SHMCTL" stat "${P}fifo"
	assert_failure 1
	assert_output "shmctl: stat: /${P}fifo: not a shared memory object"
	run shmctl stat "${P}link"
	assert_failure 1
	assert_output "shmctl: stat: /${P}link: not a shared memory object"
}

@test "stat rejects bad names and bad option combinations with status 2" {
	make_obj "$N"
	run shmctl stat "a/b"
	assert_failure 2
	run shmctl stat ""
	assert_failure 2
	run shmctl stat
	assert_failure 2
	run shmctl stat --terse --json "$N"
	assert_failure 2
	refute_output --partial '"shm"'
	run shmctl stat -c %s --terse "$N"
	assert_failure 2
	run shmctl stat --fd 3 "$N" 3<"$SHM/$N"
	assert_failure 2
	# A bad name among good ones: nothing is printed.
	run shmctl stat -c %s "$N" "x/y"
	assert_failure 2
	refute_output --partial 5000
}

@test "stat --fd reads the object through the descriptor, even unlinked" {
	make_obj "$N"
	local ino
	ino=$(stat -c %i "$SHM/$N")
	# fd 3 is bats' own: use 5 in a shell of the test's.
	run bash -c 'exec 5<"$1" && rm -f "$1" &&
	    "$SHMCTL" stat -c "%n %s %i %h" --fd 5' _ "$SHM/$N"
	assert_success
	assert_output "fd 5 5000 $ino 0"
	[ ! -e "$SHM/$N" ]
}

@test "stat --fd --json gives a null name; a non-object descriptor fails" {
	make_obj "$N"
	run shmctl stat --json --fd 3 3<"$SHM/$N"
	assert_success
	echo "$output" | jq -e '.shm[0].name == null and .shm[0].size == 5000'
	run shmctl stat --fd 0 < /dev/null
	assert_failure 1
	assert_output "shmctl: stat: fd 0: not a shared memory object"
	run shmctl stat --fd 9
	assert_failure 1
	assert_output --partial "fd 9"
}

@test "stat escapes unprintable bytes in names, and JSON stays valid" {
	local raw="${P}"$'a\nb\tc\x1bd\xff"e\\f'
	printf x > "$SHM/$raw"
	local esc="/${P}a\\nb\\tc\\033d\\377\"e\\\\f"
	run shmctl stat -c %n "$raw"
	assert_success
	assert_output "$esc"
	run shmctl stat "$raw"
	assert_success
	assert_line --index 0 "     Name: $esc"
	[[ "$output" != *$'\x1b'* ]]
	run shmctl stat --json "$raw"
	assert_success
	[ "$(echo "$output" | jq -r '.shm[0].name')" = "$esc" ]
}

@test "stat works on objects under --dir" {
	mkdir "$SHM/${P}ns"
	printf abc > "$SHM/${P}ns/obj"
	run shmctl -d "$SHM/${P}ns" stat -c '%n %s' obj "$SHM/${P}ns/obj"
	assert_success
	assert_output "$(printf '/obj 3\n/obj 3')"
}

@test "stat reports a failed write to standard output" {
	make_obj "$N"
	run bash -c '"$SHMCTL" stat "$1" > /dev/full' _ "$N"
	assert_failure 1
	assert_output --partial "standard output"
}

# Starts a process holding $SHM/$1 by a mapping only (mapholder) and one
# holding it by both a descriptor and a mapping (python), and one holding it
# by a descriptor only (sleep); sets fd_pid, map_pid, both_pid.
start_holders() {
	local mapholder="${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}"
	mapholder="$mapholder/helpers/mapholder"
	[ -x "$mapholder" ] || skip "tests/helpers/mapholder is not built"
	(exec 7<"$SHM/$1"; exec sleep 60) 3>&- &
	fd_pid=$!
	"$mapholder" "$SHM/$1" > "$TMP/map.ready" 3>&- &
	map_pid=$!
	python3 -c '
import mmap, sys, time
f = open(sys.argv[1], "rb")
m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
print("ready", flush=True)
time.sleep(60)' "$SHM/$1" > "$TMP/both.ready" 3>&- &
	both_pid=$!
	for _ in $(seq 100); do
		grep -q ready "$TMP/map.ready" && grep -q ready "$TMP/both.ready" &&
		    return 0
		sleep 0.1
	done
	return 1
}

stop_holders() {
	kill "$fd_pid" "$map_pid" "$both_pid" 2>/dev/null || true
	wait 2>/dev/null || true
}

@test "stat --holders names each holder and how it holds the object" {
	make_obj "$N"
	start_holders "$N"
	run shmctl stat --holders "$N"
	stop_holders
	assert_success
	# A count, a lower bound ("3+") where some process was out of reach.
	assert_line --index 11 --regexp '^  Holders: [0-9]+\+?( \(.*\))?$'
	local count="${lines[11]#  Holders: }"
	[ "${count%%[+ ]*}" -ge 3 ]
	assert_line --regexp "^ +$fd_pid sleep: descriptor$"
	assert_line --regexp "^ +$map_pid mapholder: mapping$"
	assert_line --regexp "^ +$both_pid python3: descriptor, mapping$"
}

@test "stat --holders --json adds holders, pids and holders_complete" {
	make_obj "$N"
	start_holders "$N"
	run shmctl stat --holders --json "$N"
	stop_holders
	assert_success
	local o
	o=$(echo "$output" | jq -c '.shm[0]')
	jq -e '.holders | type == "number"' <<<"$o"
	jq -e '.holders >= 3 and .holders == (.pids | length)' <<<"$o"
	jq -e '.holders_complete | type == "boolean"' <<<"$o"
	jq -e --argjson a "$fd_pid" --argjson b "$map_pid" \
	    --argjson c "$both_pid" \
	    '.pids | index($a) != null and index($b) != null and
	    index($c) != null' <<<"$o"
}

@test "stat without --holders does not look for them; not with -c" {
	make_obj "$N"
	run shmctl stat "$N"
	refute_output --partial Holders
	run shmctl stat --json "$N"
	echo "$output" | jq -e '.shm[0] | has("holders") | not'
	run shmctl stat --holders -c %s "$N"
	assert_failure 2
	run shmctl stat --holders --terse "$N"
	assert_failure 2
}
