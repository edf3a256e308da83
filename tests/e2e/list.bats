#!/usr/bin/env bats
# shmctl list: columns, formats, patterns, -a, sorting, -0, escaping.
# Other suites create objects in /dev/shm at the same time: every listing
# here is narrowed to this test's own objects with the pattern "$P*".

load common

# An object of n bytes with mode m.
make_obj() {
	head -c "${2:-0}" /dev/zero > "$SHM/$1"
	chmod "${3:-600}" "$SHM/$1"
}

@test "list shows NAME SIZE PERMS OWNER GROUP MTIME by default" {
	make_obj "$N" 1572864 640
	local f="$SHM/$N"
	run shmctl list "$P*"
	assert_success
	assert_line --index 0 --regexp '^NAME +SIZE PERMS +OWNER +GROUP +MTIME$'
	read -r -a got <<<"${lines[1]}"
	[ "${got[0]}" = "/$N" ]
	[ "${got[1]}" = 1.5M ]
	[ "${got[2]}" = "$(stat -c %A "$f")" ]
	[ "${got[3]}" = "$(stat -c %U "$f")" ]
	[ "${got[4]}" = "$(stat -c %G "$f")" ]
	[ "${got[5]} ${got[6]}" = \
	    "$(date -d "@$(stat -c %Y "$f")" '+%Y-%m-%d %H:%M')" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "ls is an alias of list" {
	make_obj "$N"
	run shmctl ls -n -o name "$P*"
	assert_success
	assert_output "/$N"
}

@test "list sorts by name in byte order, like LC_ALL=C ls" {
	local s
	for s in c A b a_ B 1; do make_obj "${P}$s"; done
	run shmctl list -n -o name "$P*"
	assert_success
	assert_output "$(cd "$SHM" && LC_ALL=C ls -d -- "$P"* | sed 's|^|/|')"
	[ "${#lines[@]}" -eq 6 ]
}

@test "PATTERN matches with or without the slash, or under the shm path" {
	make_obj "${P}apple"
	make_obj "${P}apricot"
	make_obj "${P}banana"
	local want
	want=$(printf '/%sapple\n/%sapricot' "$P" "$P")
	run shmctl list -n -o name "${P}ap*"
	assert_output "$want"
	run shmctl list -n -o name "/${P}ap*"
	assert_output "$want"
	run shmctl list -n -o name "$SHM/${P}ap*"
	assert_output "$want"
	# Several patterns: any of them; each object once.
	run shmctl list -n -o name "${P}b*" "${P}apr*" "${P}*an*"
	assert_output "$(printf '/%sapricot\n/%sbanana' "$P" "$P")"
	run shmctl list -n -o name "${P}?anana" "${P}[a]pple"
	assert_output "$(printf '/%sapple\n/%sbanana' "$P" "$P")"
	# No match: nothing (as lsblk prints for no rows), and success.
	run shmctl list "${P}nothing*"
	assert_success
	assert_output ""
	run shmctl list ""
	assert_failure 2
}

@test "semaphores, FIFOs and symlinks only with -a, which adds TYPE" {
	make_obj "${P}obj" 3
	ln -s "${P}obj" "$SHM/${P}link"
	mkfifo "$SHM/${P}fifo"
	mkdir "$SHM/${P}dir"
	# A semaphore's entry is sem.NAME; this one is only a look-alike file.
	make_obj "sem.${P}sem" 32
	run --separate-stderr timeout 10 "$SHMCTL" list -n -o name "$P*" \
	    "sem.$P*"
	assert_success
	assert_output "/${P}obj"
	run timeout 10 "$SHMCTL" list -a -n -o name,type "$P*" "sem.$P*"
	assert_success
	assert_line --regexp "^/${P}dir +dir$"
	assert_line --regexp "^/${P}fifo +fifo$"
	assert_line --regexp "^/${P}link +symlink$"
	assert_line --regexp "^/${P}obj +shm$"
	assert_line --regexp "^/sem\\.${P}sem +sem$"
	[ "${#lines[@]}" -eq 5 ]
	run shmctl list -a "$P*"
	assert_line --index 0 --regexp ' TYPE$'
	rm -f "$SHM/sem.${P}sem"
	rmdir "$SHM/${P}dir"
}

# The test's semaphores (sem.$P*) and names that start with another
# program's prefix hold $P further in, where common_teardown does not look.
teardown() {
	rm -f -- "$SHM/"*"$P"*
	common_teardown
}

semset() {
	local helper="${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}"
	helper="$helper/helpers/semset"
	[ -x "$helper" ] || skip "tests/helpers/semset is not built"
	"$helper" "$@"
}

@test "with -a a pattern finds a semaphore by its sem_open(3) name" {
	semset "/${P}lock" 1
	make_obj "${P}ring" 8
	[ -f "$SHM/sem.${P}lock" ]
	run shmctl list -a -n -o name "${P}lo*"
	assert_success
	assert_output "/sem.${P}lock"
	# Its entry's own name still matches too, and shm objects as before.
	run shmctl list -a -n -o name "sem.${P}lock" "/${P}ring"
	assert_output "$(printf '/%s\n/%s' "sem.${P}lock" "${P}ring")"
	# Without -a semaphores stay out, whatever the pattern.
	run --separate-stderr shmctl list -n -o name "${P}lo*"
	assert_success
	assert_output ""
	[ -z "$stderr" ]
}

@test "a sem.* pattern without -a says to use -a, on stderr, in one line" {
	semset "/${P}lock" 0
	run --separate-stderr shmctl list -n -o name "sem.${P}*"
	assert_success
	assert_output ""
	[ "$stderr" = "shmctl: list: 'sem.${P}*' names semaphores, which \
are left out without -a" ]
	run --separate-stderr shmctl gc --older-than 0 "/sem.${P}*"
	assert_success
	[ "$stderr" = "shmctl: gc: '/sem.${P}*' names semaphores, which \
are left out without -a" ]
	[ -f "$SHM/sem.${P}lock" ]
	# With -a: no hint, and the semaphore is there.
	run --separate-stderr shmctl list -a -n -o name "sem.${P}*"
	assert_output "/sem.${P}lock"
	[ -z "$stderr" ]
}

@test "SVAL: each semaphore's value, as sem_post(3) left it; empty otherwise" {
	semset "/${P}zero" 0
	semset "/${P}three" 3
	semset "/${P}many" 1234
	make_obj "${P}obj" 8
	# A look-alike too short to be a sem_t has no value.
	make_obj "sem.${P}short" 3
	run shmctl list -a -n -r -o name,sval "*$P*"
	assert_success
	assert_output "$(printf '%s\n' "/sem.${P}many 1234" \
	    "/sem.${P}short " "/sem.${P}three 3" "/sem.${P}zero 0" "/${P}obj ")"
	run shmctl list -a --json -o name,sval "sem.${P}*"
	jq -e '[.shm[].sval] == [1234, null, 3, 0]' <<<"$output"
	# Sorted by value (unknown first) and turned round.
	run shmctl list -a -n -o name --sort sval --reverse "sem.${P}*"
	assert_output "$(printf '/sem.%s\n' "${P}many" "${P}three" "${P}zero" \
	    "${P}short")"
	# Under --dir as well: a copy of the semaphore in another tmpfs dir.
	mkdir "$SHM/${P}ns"
	cp "$SHM/sem.${P}three" "$SHM/${P}ns/sem.x"
	run shmctl -d "$SHM/${P}ns" list -a -n -r -o name,sval
	assert_output "/sem.x 3"
	rm -rf "$SHM/${P}ns"
}

@test "SVAL agrees with sem_getvalue(3) of a live Python semaphore" {
	# multiprocessing's spawn context keeps its semaphores named.
	timeout 30 python3 -c '
import multiprocessing as mp, sys, time
s = mp.get_context("spawn").Semaphore(5)
s.acquire(); s.acquire()
print(s._semlock.name[1:], s.get_value(), flush=True)
sys.stdin.read()' > "$TMP/py" 3>&- < <(sleep 20) &
	local i name value
	for i in $(seq 100); do
		[ -s "$TMP/py" ] && break
		sleep 0.1
	done
	read -r name value < "$TMP/py"
	run shmctl list -a -n -o sval,origin "sem.$name"
	kill %1 2>/dev/null || true
	wait 2>/dev/null || true
	assert_success
	assert_output --regexp "^ *$value +python$"
	[ "$value" -eq 3 ]
}

@test "ORIGIN: the program whose naming scheme a name follows" {
	local n
	for n in "psm_$P" "PostgreSQL.$P" "pulse-shm-$P" "torch_$P" \
	    "fastrtps_$P" "sm_segment.$P" ".org.chromium.Chromium.$P" \
	    "org.mozilla.ipc.$P"; do
		make_obj "$n" 1
	done
	semset "/mp-$P" 1
	semset "/loky-$P" 1
	semset "/x$P" 1
	run shmctl list -a -n -r -o name,origin "*$P"
	assert_success
	assert_output "$(printf '%s\n' "/.org.chromium.Chromium.$P chromium" \
	    "/PostgreSQL.$P postgresql" "/fastrtps_$P fast-dds" \
	    "/org.mozilla.ipc.$P firefox" "/psm_$P python" \
	    "/pulse-shm-$P pulseaudio" "/sem.loky-$P loky" \
	    "/sem.mp-$P python" "/sem.x$P glibc" "/sm_segment.$P open-mpi" \
	    "/torch_$P pytorch")"
	# No known program: empty, null in JSON.
	make_obj "${P}plain" 1
	run shmctl list --json -o name,origin "${P}plain"
	jq -e '.shm[0].origin == null' <<<"$output"
	run shmctl list -n -o origin --sort origin --reverse "psm_$P" "torch_$P"
	assert_output "$(printf 'pytorch\npython')"
}

@test "SVAL and ORIGIN of a real multiprocessing shared memory block" {
	timeout 30 python3 -c '
from multiprocessing import shared_memory
import sys
m = shared_memory.SharedMemory(create=True, size=4096)
print(m.name, flush=True)
sys.stdin.read()
m.close(); m.unlink()' > "$TMP/py" 3>&- < <(sleep 20) &
	local i name
	for i in $(seq 100); do
		[ -s "$TMP/py" ] && break
		sleep 0.1
	done
	read -r name < "$TMP/py"
	run shmctl list -n -b -o size,sval,origin "$name"
	kill %1 2>/dev/null || true
	wait 2>/dev/null || true
	assert_output --regexp '^ *4096 +python$'
}

@test "--reverse turns any order round; -r stays --raw, as in lsblk" {
	make_obj "${P}a" 30
	make_obj "${P}b" 10
	make_obj "${P}c" 20
	run shmctl list -n -o name --reverse "$P*"
	assert_output "$(printf '/%s\n' "${P}c" "${P}b" "${P}a")"
	run shmctl list -n -o name --sort size --reverse "$P*"
	assert_output "$(printf '/%s\n' "${P}a" "${P}c" "${P}b")"
	# The same rows as without it, the other way round (tac).
	[ "$(shmctl list -n -o name,size --sort mtime --reverse "$P*")" = \
	    "$(shmctl list -n -o name,size --sort mtime "$P*" | tac)" ]
	run shmctl list -r -o name "$P*"
	assert_line --index 0 "NAME"
	assert_line --index 1 "/${P}a"
}

@test "-o picks columns, -o +COL adds to the default, unknown is status 2" {
	make_obj "$N" 10
	run shmctl list -o size,NAME,Inode "$P*"
	assert_success
	assert_line --index 0 --regexp '^ *SIZE +NAME +INODE$'
	assert_line --index 1 --regexp "^ *10B +/$N +$(stat -c %i "$SHM/$N")$"
	run shmctl list -o +uid,nlink "$P*"
	assert_line --index 0 --regexp \
	    '^NAME +SIZE PERMS +OWNER +GROUP +MTIME +UID NLINK$'
	run shmctl list -o name,bogus "$P*"
	assert_failure 2
	assert_output --partial "unknown column 'bogus'"
	run shmctl list --sort bogus "$P*"
	assert_failure 2
}

@test "-l adds every metadata column" {
	make_obj "$N" 4096
	run shmctl list -l "$P*"
	assert_success
	assert_line --index 0 --regexp \
'^NAME +SIZE +ALLOC +MODE +PERMS +OWNER +GROUP +UID +GID +INODE +NLINK +ATIME +MTIME +CTIME$'
}

@test "list --json: the shape, the types and the values of every column" {
	make_obj "$N" 5000 604
	local f="$SHM/$N"
	run shmctl list --json -o name,size,alloc,mode,perms,owner,group,uid,gid,inode,nlink,atime,mtime,ctime "$P*"
	assert_success
	echo "$output" | jq -e '.shm | length == 1'
	local o
	o=$(echo "$output" | jq -c '.shm[0]')
	jq -e --arg n "/$N" '.name == $n' <<<"$o"
	jq -e '.size == 5000' <<<"$o"
	jq -e --argjson a "$(( $(stat -c '%b * %B' "$f") ))" '.alloc == $a' \
	    <<<"$o"
	jq -e '.mode == "0604" and .perms == "-rw----r--"' <<<"$o"
	jq -e --arg u "$(stat -c %U "$f")" --arg g "$(stat -c %G "$f")" \
	    '.owner == $u and .group == $g' <<<"$o"
	jq -e --argjson u "$(stat -c %u "$f")" --argjson g "$(stat -c %g "$f")" \
	    --argjson i "$(stat -c %i "$f")" \
	    '.uid == $u and .gid == $g and .inode == $i and .nlink == 1' <<<"$o"
	jq -e '[.size, .alloc, .uid, .gid, .inode, .nlink] | map(type) |
	    unique == ["number"]' <<<"$o"
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

@test "list --json with no match is an empty array; -a adds type" {
	run shmctl list --json "${P}none*"
	assert_success
	echo "$output" | jq -e '.shm == []'
	mkfifo "$SHM/${P}fifo"
	run shmctl list --json -a "$P*"
	echo "$output" | jq -e '.shm[0].type == "fifo"'
}

@test "-b prints sizes in bytes, else human sizes" {
	make_obj "${P}a" 1572864
	make_obj "${P}b" 0
	make_obj "${P}c" 512
	run shmctl list -n -o name,size "$P*"
	assert_line --index 0 --regexp "^/${P}a +1.5M$"
	assert_line --index 1 --regexp "^/${P}b +0B$"
	assert_line --index 2 --regexp "^/${P}c +512B$"
	run shmctl list -n -b -o name,size "$P*"
	assert_line --index 0 --regexp "^/${P}a +1572864$"
	assert_line --index 1 --regexp "^/${P}b +0$"
	assert_line --index 2 --regexp "^/${P}c +512$"
}

@test "-r prints raw space-separated rows, -n drops the header" {
	make_obj "$N" 2048
	run shmctl list -r -b -o name,size,mode "$P*"
	assert_success
	assert_output "$(printf 'NAME SIZE MODE\n/%s 2048 0600' "$N")"
	run shmctl list -r -n -b -o name,size,mtime "$P*"
	read -r -a got <<<"$output"
	[ "${got[0]}" = "/$N" ]
	[ "${got[1]}" = 2048 ]
	[ "$(date -d "${got[2]}" +%s)" = "$(stat -c %Y "$SHM/$N")" ]
}

@test "-P prints NAME=\"value\" pairs a shell can read" {
	make_obj "$N" 100 640
	run shmctl list -P -b -o name,size,perms,gid "$P*"
	assert_success
	local NAME SIZE PERMS GID
	eval "$output"
	[ "$NAME" = "/$N" ]
	[ "$SIZE" = 100 ]
	[ "$PERMS" = -rw-r----- ]
	[ "$GID" = "$(stat -c %g "$SHM/$N")" ]
}

@test "output formats cannot be combined; -0 takes no format" {
	run shmctl list --json -r
	assert_failure 2
	run shmctl list -P --json
	assert_failure 2
	run shmctl list -0 --json
	assert_failure 2
	run shmctl list -0 -o name
	assert_failure 2
}

@test "--sort orders by a column, ties by name" {
	make_obj "${P}a" 300
	make_obj "${P}b" 100
	make_obj "${P}c" 200
	make_obj "${P}d" 100
	run shmctl list -n -o name --sort size "$P*"
	assert_output "$(printf '/%s\n' "${P}b" "${P}d" "${P}c" "${P}a")"
	run shmctl list -n -o name --sort SIZE "$P*"
	assert_output "$(printf '/%s\n' "${P}b" "${P}d" "${P}c" "${P}a")"
	touch -d '2001-01-01' "$SHM/${P}c"
	touch -d '2002-01-01' "$SHM/${P}a"
	run shmctl list -n -o name --sort mtime "$P*"
	assert_line --index 0 "/${P}c"
	assert_line --index 1 "/${P}a"
}

@test "-0 prints raw names with NULs, for xargs -0, even with newlines" {
	make_obj "${P}plain"
	local odd="${P}"$'odd\nname with spaces\t\x1b'
	printf x > "$SHM/$odd"
	run bash -c '"$SHMCTL" list -0 "$1*" | xargs -0 -I{} stat -c "%i %n" \
	    "$2{}"' _ "$P" "$SHM"
	assert_success
	# stat found both, by their real names.
	[ "$(printf '%s\n' "$output" | grep -c "^$(stat -c %i "$SHM/$odd") ")" \
	    -eq 1 ]
	assert_line "$(stat -c %i "$SHM/${P}plain") $SHM/${P}plain"
	# Exactly two NUL-terminated names and nothing else.
	[ "$(shmctl list -0 "$P*" | tr -cd '\0' | wc -c)" -eq 2 ]
	shmctl list -0 "$P*" | cmp - <(printf '/%s\0/%s\0' "$odd" "${P}plain")
}

@test "-0 to a terminal escapes the names" {
	command -v script >/dev/null || skip "script(1) is not installed"
	printf x > "$SHM/${P}"$'a\x1bb'
	run script -qec "$SHMCTL list -0 '$P*'" /dev/null
	assert_success
	[[ "$output" == *"/${P}a\\033b"* ]]
	[[ "$output" != *$'\x1b'* ]]
}

@test "unprintable bytes in names are escaped in every format" {
	local raw="${P}"$'a\nb\tc\x1bd\xff"e\\f g'
	printf x > "$SHM/$raw"
	# Table and JSON: vis(3) C-style escapes.
	local vis="/${P}a\\nb\\tc\\033d\\377\"e\\\\f g"
	run shmctl list -n -o name "$P*"
	assert_success
	assert_output "$vis"
	run shmctl list --json "$P*"
	assert_success
	[ "$(echo "$output" | jq -r '.shm[0].name')" = "$vis" ]
	[ "$(printf '%s' "$output" | LC_ALL=C tr -d '\0-\177' | wc -c)" -eq 0 ]
	# Raw and pairs: libsmartcols' \xHH, as lsblk -r and -P.
	local hex="/${P}a\\x0ab\\x09c\\x1bd\\xff\"e\\x5cf\\x20g"
	run shmctl list -r -n -o name "$P*"
	assert_output "$hex"
	# Pairs escape the quote, and keep the space inside the quotes.
	run shmctl list -P -o name "$P*"
	assert_output "NAME=\"/${P}a\\x0ab\\x09c\\x1bd\\xff\\x22e\\x5cf g\""
	# No raw control byte anywhere.
	for fmt in "" -r -P --json -l; do
		run shmctl list $fmt "$P*"
		[[ "$output" != *$'\x1b'* && "$output" != *$'\t'* ]]
	done
}

@test "list works on a --dir namespace" {
	mkdir "$SHM/${P}ns"
	printf abc > "$SHM/${P}ns/one"
	: > "$SHM/${P}ns/two"
	mkfifo "$SHM/${P}ns/pipe"
	run timeout 10 "$SHMCTL" -d "$SHM/${P}ns" list -n -b -o name,size
	assert_success
	assert_output --regexp "^/one +3
/two +0$"
	run shmctl -d "$SHM/${P}ns" list -n -o name "$SHM/${P}ns/t*"
	assert_output "/two"
	run shmctl -d "$TMP/nonexistent" list
	assert_failure 2
}

@test "list reports a failed write to standard output" {
	make_obj "$N"
	run bash -c '"$SHMCTL" list "$1*" > /dev/full' _ "$P"
	assert_failure 1
	assert_output --partial "standard output"
}

# Starts a process holding $SHM/$1 by a descriptor (sleep) and one holding
# it by a mapping only (mapholder); sets fd_pid and map_pid.
start_holders() {
	local mapholder="${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}"
	mapholder="$mapholder/helpers/mapholder"
	[ -x "$mapholder" ] || skip "tests/helpers/mapholder is not built"
	(exec 7<"$SHM/$1"; exec sleep 60) 3>&- &
	fd_pid=$!
	"$mapholder" "$SHM/$1" > "$TMP/map.ready" 3>&- &
	map_pid=$!
	for _ in $(seq 100); do
		grep -q ready "$TMP/map.ready" && return 0
		sleep 0.1
	done
	return 1
}

stop_holders() {
	kill "$fd_pid" "$map_pid" 2>/dev/null || true
	wait 2>/dev/null || true
}

@test "--holders adds HOLDERS; -l --holders adds PIDS too" {
	make_obj "${P}held" 4096
	make_obj "${P}free" 4096
	start_holders "${P}held"
	run --separate-stderr shmctl list --holders "$P*"
	run2_out="$(shmctl list -l --holders "$P*" 2>/dev/null)"
	stop_holders
	assert_success
	assert_line --index 0 --regexp ' HOLDERS$'
	# Counts are lower bounds ("2+") where some process was out of reach,
	# and stderr then says so.
	assert_line --index 1 --regexp "^/${P}free .* 0\\+?$"
	assert_line --index 2 --regexp "^/${P}held .* ([2-9]|[1-9][0-9]+)\\+?$"
	if [[ "${lines[2]}" == *+ ]]; then
		[[ "$stderr" == *"lower bounds"* ]]
	fi
	[[ "$(head -1 <<<"$run2_out")" =~ \ HOLDERS\ +PIDS$ ]]
	[[ "$(grep "^/${P}held " <<<"$run2_out")" =~ (^|[ ,])$fd_pid(,|$) ]]
	[[ "$(grep "^/${P}held " <<<"$run2_out")" =~ (^|[ ,])$map_pid(,|$) ]]
}

@test "list --json: holders a number, pids an array of numbers" {
	make_obj "${P}held" 4096
	make_obj "${P}free" 4096
	start_holders "${P}held"
	run --separate-stderr shmctl list --json -o name,holders,pids "$P*"
	stop_holders
	assert_success
	echo "$output" | jq -e --arg n "/${P}free" \
	    '.shm[] | select(.name == $n) | .holders == 0 and .pids == []'
	echo "$output" | jq -e --arg n "/${P}held" --argjson a "$fd_pid" \
	    --argjson b "$map_pid" '.shm[] | select(.name == $n) |
	    .holders >= 2 and (.pids | map(type) | unique == ["number"]) and
	    (.pids | index($a) != null and index($b) != null) and
	    (.holders_complete | type == "boolean")'
}

@test "--sort holders puts held objects last" {
	make_obj "${P}a" 1
	make_obj "${P}b" 1
	start_holders "${P}a"
	run --separate-stderr shmctl list -n -o name --sort holders "$P*"
	stop_holders
	assert_output "$(printf '/%sb\n/%sa' "$P" "$P")"
}

@test "JSON times carry the zone's offset, half hours included" {
	make_obj "$N"
	local tz t
	for tz in UTC Asia/Kolkata America/St_Johns; do
		[ -e "/usr/share/zoneinfo/$tz" ] || continue
		t=$(TZ=$tz "$SHMCTL" list --json -o mtime "$P*" |
		    jq -r '.shm[0].mtime')
		[[ "$t" =~ [+-][0-9][0-9]:[0-9][0-9]$ ]]
		[ "$(python3 -c 'import datetime, sys
print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))' \
		    "$t")" = "$(stat -c %Y "$SHM/$N")" ]
	done
	[ -e /usr/share/zoneinfo/Asia/Kolkata ] ||
	    skip "no tzdata: only UTC was checked"
	[ "$(TZ=Asia/Kolkata "$SHMCTL" list --json -o mtime "$P*" |
	    jq -r '.shm[0].mtime')" = "$(TZ=Asia/Kolkata date \
	    -d "@$(stat -c %Y "$SHM/$N")" +%Y-%m-%dT%H:%M:%S+05:30)" ]
}

# JSON names are their own characters (jq -r gives back the exact name);
# a name that is not UTF-8 is vis(3) text with its bytes in name_hex.
# json_name_check NAME: the test's only object is NAME, for list "$P*".
json_name_check() {
	local raw=$1 name
	printf x > "$SHM/$raw"
	run --separate-stderr shmctl list --json -o name,size "$P*"
	assert_success
	name=$(printf '%s' "$output" | jq -j '.shm[0].name')
	[ "$name" = "/$raw" ] || fail "list: got $(printf '%q' "$name")"
	printf '%s' "$output" | jq -e '.shm[0] | has("name_hex") | not'
	run --separate-stderr shmctl stat --json "$raw"
	assert_success
	name=$(printf '%s' "$output" | jq -j '.shm[0].name')
	[ "$name" = "/$raw" ] || fail "stat: got $(printf '%q' "$name")"
	# Nothing a terminal obeys: no control byte, no C1 control.
	[[ "$output" != *[$'\x01'-$'\x09'$'\x0b'-$'\x1f'$'\x7f']* ]]
	[[ "$output" != *$'\xc2'[$'\x80'-$'\x9f']* ]]
	rm -f -- "$SHM/$raw"
}

@test "list/stat --json: a UTF-8 name is its own characters" {
	json_name_check "${P}é"
	json_name_check "${P}名前"
}

@test "list/stat --json: newline, tab, ESC, DEL and C1 come back exact through jq" {
	json_name_check "${P}a"$'\n'"b"
	json_name_check "${P}a"$'\t'"b"
	json_name_check "${P}"$'\x1b[31m'"red"
	json_name_check "${P}"$'\x7f'"x"
	json_name_check "${P}"$'\xc2\x9b'"2J"
	json_name_check "${P}"'q"uote\back'
}

@test "list --json: a name that is not UTF-8 is vis(3) text, its bytes in name_hex" {
	local raw="${P}"$'a\xffb\xc3'
	printf x > "$SHM/$raw"
	printf x > "$SHM/${P}ok"
	local hex
	hex=$(printf '/%s' "$raw" | od -An -tx1 -v | tr -d ' \n')
	run --separate-stderr shmctl list --json -o name "$P*"
	assert_success
	printf '%s' "$output" | jq -e --arg v "/${P}a\\377b\\303" --arg h "$hex" \
	    '.shm[0] | .name == $v and .name_hex == $h'
	printf '%s' "$output" | jq -e --arg n "/${P}ok" \
	    '.shm[1] | .name == $n and .name_hex == null'
	# The hex gives back the exact bytes.
	[ "$(printf '%s' "$output" | jq -r '.shm[0].name_hex' | xxd -r -p)" = "/$raw" ]
	run --separate-stderr shmctl stat --json "$raw"
	printf '%s' "$output" | jq -e --arg h "$hex" '.shm[0].name_hex == $h'
}

@test "list --help lists every column from the table, each accepted by -o" {
	run --separate-stderr shmctl list --help
	assert_success
	local cols
	cols=$(printf '%s\n' "$output" |
	    awk '/^Columns:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
	[ "$(printf '%s\n' "$cols" | wc -l)" -ge 17 ]
	# Each with its help text.
	[ "$(printf '%s\n' "$output" |
	    awk '/^Columns:/ { on = 1; next } /^$/ { on = 0 } on && NF < 2' |
	    wc -l)" -eq 0 ]
	local c
	for c in $cols; do
		run --separate-stderr shmctl list -n -o "$c" "${P}none"
		assert_success
	done
	# The bash completion offers the same columns.
	local bash_cols
	bash_cols=$(sed -n '/^_shmctl_columns="/,/"$/p' \
	    "$BATS_TEST_DIRNAME/../../completions/shmctl" | tr -d '"' |
	    sed 's/^_shmctl_columns=//' | tr ' ' '\n' | sed '/^$/d')
	assert_equal "$bash_cols" "$cols"
}

@test "list: a PATTERN that names only semaphores, without -a: a one-line hint to use -a" {
	run --separate-stderr timeout 10 "$SHMCTL" list -n "sem.$P*"
	assert_success
	assert_output ""
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == *"'sem.$P*' names semaphores"*"without -a" ]]
	run --separate-stderr timeout 10 "$SHMCTL" list -a -n "sem.$P*"
	assert_success
	[ -z "$stderr" ]
}
