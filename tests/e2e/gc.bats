#!/usr/bin/env bats
# gc: stale objects, dry run and --yes, filters, holders, the re-check just
# before each unlink.  Every gc here is limited to this test's objects by
# the pattern "${P}*" (or a namespace directory of its own).

load common
load holding

# data NAME BYTES: an object holding BYTES of data (all allocated).
data() { head -c "$2" /dev/urandom >"$SHM/$1"; }

@test "a dry run says what it would remove, with sizes, and changes nothing" {
	data "${P}a" 8192
	data "${P}b" 4096
	before=$(shm_snapshot)
	run shmctl gc --older-than 0 "${P}*"
	assert_success
	assert_line --regexp "^would remove /${P}a: 8192 bytes \(8\.0K allocated\), owner root, modified [0-9]+s ago, no holders$"
	assert_line --regexp "^would remove /${P}b: 4096 bytes \(4\.0K allocated\), owner root, modified [0-9]+s ago, no holders$"
	assert_line "dry run: would remove 2 objects, freeing 12K (12288 bytes); kept 0; objects of any age (--older-than 0); nothing was removed: run with --yes to remove them"
	[ "$(shm_snapshot)" = "$before" ]
}

@test "--yes removes each stale object, says so, and prints a total" {
	data "${P}a" 8192
	data "${P}b" 4096
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --regexp "^removed /${P}a: 8192 bytes \(8\.0K allocated\)"
	assert_line --regexp "^removed /${P}b: 4096 bytes \(4\.0K allocated\)"
	assert_line "removed 2 objects, freed 12K (12288 bytes); kept 0; objects of any age (--older-than 0)"
	[ ! -e "$SHM/${P}a" ]
	[ ! -e "$SHM/${P}b" ]
}

@test "nothing matching: a total of zero" {
	run shmctl gc --older-than 0 "${P}*"
	assert_success
	assert_output "dry run: would remove 0 objects, freeing 0B (0 bytes); kept 0; objects of any age (--older-than 0)"
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_output "removed 0 objects, freed 0B (0 bytes); kept 0; objects of any age (--older-than 0)"
}

@test "an object held only by a descriptor is kept, and the holder named" {
	data "${P}held" 4096
	data "${P}free" 4096
	hold_fd "$SHM/${P}held"
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --regexp "^kept /${P}held: in use by (at least )?1 process: $HOLDER \(sleep, descriptor\)$"
	assert_line --regexp "^removed /${P}free: "
	assert_line --partial "removed 1 object, freed 4.0K (4096 bytes); kept 1; objects of any age (--older-than 0)"
	[ -e "$SHM/${P}held" ]
	[ ! -e "$SHM/${P}free" ]
}

@test "an object open in the command of shmctl open is kept" {
	data "${P}held" 4096
	"$SHMCTL" open "${P}held" -- sleep 300 3>&- &
	BG_PIDS+=($!)
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "/proc/$!/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.05
	done
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --regexp "^kept /${P}held: in use by (at least )?1 process: $! \(sleep, descriptor\)$"
	[ -e "$SHM/${P}held" ]
}

@test "an object held only by a mapping, its descriptor closed, is kept" {
	data "${P}held" 4096
	hold_map "$SHM/${P}held"
	# The holder has no descriptor left on it: only the mapping.
	run ls -l "/proc/$HOLDER/fd"
	refute_output --partial "${P}held"
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --regexp "^kept /${P}held: in use by (at least )?1 process: $HOLDER \(mapholder, mapping\)$"
	[ -e "$SHM/${P}held" ]
}

@test "the dry run keeps held objects too and says why" {
	data "${P}held" 4096
	hold_fd "$SHM/${P}held"
	run shmctl gc --older-than 0 "${P}*"
	assert_success
	assert_line --regexp "^keep /${P}held: in use by (at least )?1 process: $HOLDER \(sleep, descriptor\)$"
	assert_line "dry run: would remove 0 objects, freeing 0B (0 bytes); kept 1; objects of any age (--older-than 0)"
}

# A pipe so full that gc's first line blocks it right after its first
# removal, while the test gives the next object a holder.
fill_pipe() {
	python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(fd, b"\n" * 4096)
except BlockingIOError:
    pass
os.close(fd)' "$1"
}

# gc_paused TEST_ACTION: runs gc --yes on a then b, and runs TEST_ACTION
# after gc has removed a and before it re-checks b; gc's output in $TMP/got.
gc_paused() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	mkfifo "$TMP/pipe"
	exec 7<>"$TMP/pipe"
	exec 9<"$TMP/pipe"
	fill_pipe "$TMP/pipe"
	"$SHMCTL" gc --older-than 0 --yes "${P}*" >"$TMP/pipe" 2>"$TMP/err" 7>&- 9<&- &
	local gc=$! i
	for ((i = 0; i < 200; i++)); do
		[ -e "$SHM/${P}a" ] || break
		sleep 0.05
	done
	[ ! -e "$SHM/${P}a" ]
	"$@"
	exec 7>&-
	cat <&9 >"$TMP/got" 8<&- &
	local reader=$!
	exec 9<&-
	wait "$gc"
	GC_STATUS=$?
	wait "$reader"
	sed -i '/^$/d' "$TMP/got"
}

hold_b_here() { exec 8<"$SHM/${P}b"; }

@test "--yes re-checks each object just before its unlink: one that gains a holder is kept" {
	data "${P}a" 4096
	data "${P}b" 4096
	gc_paused hold_b_here
	[ "$GC_STATUS" -eq 0 ]
	run cat "$TMP/got"
	assert_line --index 0 --regexp "^removed /${P}a: "
	assert_line --index 1 --regexp "^kept /${P}b: in use by (at least )?1 process: $BASHPID \(bash, descriptor\)$"
	assert_line --index 2 "removed 1 object, freed 4.0K (4096 bytes); kept 1; objects of any age (--older-than 0)"
	[ -e "$SHM/${P}b" ]
	exec 8<&-
}

replace_b() { rm "$SHM/${P}b"; printf new >"$SHM/${P}b"; }

@test "--yes keeps a name that was given to another object since the scan" {
	data "${P}a" 4096
	data "${P}b" 4096
	gc_paused replace_b
	[ "$GC_STATUS" -eq 0 ]
	run cat "$TMP/got"
	assert_line --index 1 "kept /${P}b: replaced by another object since the scan"
	[ "$(cat "$SHM/${P}b")" = new ]
}

@test "--older-than keeps objects modified more recently" {
	data "${P}old" 4096
	data "${P}new" 4096
	touch -d '2 hours ago' "$SHM/${P}old"
	run shmctl gc --older-than 1h "${P}*"
	assert_success
	assert_line --regexp "^would remove /${P}old: .*modified 2h ago, no holders$"
	refute_output --partial "${P}new"
	run shmctl gc --older-than 3h "${P}*"
	assert_output "dry run: would remove 0 objects, freeing 0B (0 bytes); kept 0; only objects modified 3h ago or longer"
	run shmctl gc --yes --older-than 90m "${P}*"
	assert_success
	[ ! -e "$SHM/${P}old" ]
	[ -e "$SHM/${P}new" ]
}

@test "by default only objects modified 10m ago or longer are stale, and the summary says so" {
	data "${P}fresh" 4096
	data "${P}aged" 4096
	touch -d '11 minutes ago' "$SHM/${P}aged"
	touch -d '9 minutes ago' "$SHM/${P}fresh"
	run shmctl gc --yes "${P}*"
	assert_success
	assert_line --regexp "^removed /${P}aged: "
	assert_line "removed 1 object, freed 4.0K (4096 bytes); kept 0; only objects modified 10m ago or longer"
	[ -e "$SHM/${P}fresh" ]
	[ ! -e "$SHM/${P}aged" ]
	# --older-than 0 drops the rule.
	run shmctl gc --yes --older-than 0 "${P}*"
	assert_line "removed 1 object, freed 4.0K (4096 bytes); kept 0; objects of any age (--older-than 0)"
	[ ! -e "$SHM/${P}fresh" ]
	run shmctl gc --json --older-than 90 "${P}*"
	echo "$output" | jq -e '.older_than == 90'
}

@test "--exclude leaves out what it matches, given as often as needed" {
	data "${P}keep-a" 10
	data "${P}keep-b" 10
	data "${P}drop" 10
	run shmctl gc --yes --older-than 0 --exclude "${P}keep-a" \
	    --exclude "/${P}keep-b*" "${P}*"
	assert_success
	[ -e "$SHM/${P}keep-a" ]
	[ -e "$SHM/${P}keep-b" ]
	[ ! -e "$SHM/${P}drop" ]
	refute_output --partial "keep-"
	run shmctl gc --exclude "" "${P}*"
	assert_failure 2
}

@test "--dry-run is the default made explicit, and cannot go with --yes" {
	data "${P}a" 10
	run shmctl gc --dry-run --older-than 0 "${P}*"
	assert_success
	assert_line --regexp "^would remove /${P}a: "
	[ -e "$SHM/${P}a" ]
	run shmctl gc --dry-run --yes --older-than 0 "${P}*"
	assert_failure 2
	assert_output --partial "--dry-run and --yes cannot both be given"
	[ -e "$SHM/${P}a" ]
}

@test "--older-than takes 90, 90s, 15m, 2h, 7d, 1w, 1h30m and refuses anything else" {
	data "${P}a" 10
	touch -d '8 days ago' "$SHM/${P}a"
	for d in 90 90s 15m 2h 7d 1w 1h30m 6d23h; do
		run shmctl gc --older-than "$d" "${P}*"
		assert_success
		assert_line --partial "would remove /${P}a: "
	done
	for d in "" -1 1W 1.5h h 1h30 30m1h; do
		run shmctl gc --older-than "$d" "${P}*"
		assert_failure 2
		assert_output --partial "shmctl: gc: invalid duration"
	done
	[ -e "$SHM/${P}a" ]
}

@test "--user selects the objects of one owner, by name or id" {
	require_root
	data "${P}mine" 10
	data "${P}theirs" 10
	chown nobody "$SHM/${P}theirs"
	run shmctl gc --older-than 0 --user nobody "${P}*"
	assert_success
	assert_line --regexp "^would remove /${P}theirs: 10 bytes .*owner nobody,"
	refute_output --partial "${P}mine"
	run shmctl gc --older-than 0 --user "$(id -u nobody)" --yes "${P}*"
	assert_success
	[ ! -e "$SHM/${P}theirs" ]
	[ -e "$SHM/${P}mine" ]
}

@test "--user refuses an unknown user and a group" {
	data "${P}a" 10
	run shmctl gc --older-than 0 --user no-such-user-xyz "${P}*"
	assert_failure 2
	assert_output --partial "shmctl: gc: invalid --user 'no-such-user-xyz'"
	run shmctl gc --older-than 0 --user root:root "${P}*"
	assert_failure 2
	[ -e "$SHM/${P}a" ]
}

@test "--min-size selects objects at least SIZE big" {
	shmctl create -s 1K "${P}small"
	shmctl create -s 1M "${P}big"
	shmctl create -s 512K "${P}edge"
	run shmctl gc --older-than 0 --min-size 512K "${P}*"
	assert_success
	assert_line --regexp "^would remove /${P}big: 1048576 bytes"
	assert_line --regexp "^would remove /${P}edge: 524288 bytes"
	refute_output --partial "${P}small"
	run shmctl gc --older-than 0 --min-size 1x "${P}*"
	assert_failure 2
	assert_output --partial "shmctl: gc: invalid size '1x'"
}

@test "PATTERN matches with or without the leading slash or the directory" {
	data "${P}ab" 10
	data "${P}ac" 10
	data "${P}b" 10
	for pat in "${P}a*" "/${P}a*" "$SHM/${P}a*"; do
		run shmctl gc --older-than 0 "$pat"
		assert_success
		assert_line --partial "would remove /${P}ab: "
		assert_line --partial "would remove /${P}ac: "
		refute_output --partial "/${P}b:"
	done
	run shmctl gc --older-than 0 "${P}b" "${P}a[c]"
	assert_line --partial "would remove /${P}ac: "
	assert_line --partial "would remove /${P}b: "
	refute_output --partial "/${P}ab:"
	run shmctl gc --older-than 0 ""
	assert_failure 2
}

@test "semaphores (sem.*) only with -a" {
	data "sem.${P}x" 32
	data "${P}y" 32
	run shmctl gc --older-than 0 --yes "*${P}*"
	assert_success
	refute_output --partial "sem.${P}x"
	[ -e "$SHM/sem.${P}x" ]
	run shmctl gc --older-than 0 -a --yes "*${P}*"
	assert_success
	assert_line --regexp "^removed /sem.${P}x: 32 bytes"
	[ ! -e "$SHM/sem.${P}x" ]
}

@test "entries that are not objects are never listed or removed" {
	mkfifo "$SHM/${P}fifo"
	ln -s "$SHM/${P}target" "$SHM/${P}link"
	data "${P}target" 10
	mkdir "$SHM/${P}ns"
	run shmctl gc --older-than 0 -a --yes "${P}*"
	assert_success
	refute_output --partial "${P}fifo"
	refute_output --partial "${P}link"
	refute_output --partial "${P}ns"
	assert_line --partial "removed /${P}target: "
	[ -p "$SHM/${P}fifo" ]
	[ -L "$SHM/${P}link" ]
	[ -d "$SHM/${P}ns" ]
}

@test "hard links: memory counts as freed only when the last link goes" {
	data "${P}a" 8192
	ln "$SHM/${P}a" "$SHM/${P}b"
	run shmctl gc --older-than 0 "${P}a"
	assert_line "dry run: would remove 1 object, freeing 0B (0 bytes); kept 0; objects of any age (--older-than 0); nothing was removed: run with --yes to remove them"
	run shmctl gc --older-than 0 "${P}*"
	assert_line --partial "would remove 2 objects, freeing 8.0K (8192 bytes)"
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_line "removed 2 objects, freed 8.0K (8192 bytes); kept 0; objects of any age (--older-than 0)"
}

@test "--json: a document with each object, the action and the totals" {
	data "${P}free" 4096
	data "${P}held" 8192
	hold_fd "$SHM/${P}held"
	run shmctl gc --older-than 0 --json "${P}*"
	assert_success
	echo "$output" | jq -e '.dry_run == true and .objects == 1 and .kept == 1 and .failed == 0 and .freed == 4096'
	echo "$output" | jq -e --arg n "/${P}free" '.gc[] | select(.name == $n) | .action == "remove" and .reason == "no holders" and .size == 4096 and .alloc == 4096 and .holders == 0 and (.pids | length) == 0'
	echo "$output" | jq -e --arg n "/${P}held" --argjson p "$HOLDER" '.gc[] | select(.name == $n) | .action == "keep" and .holders >= 1 and any(.pids[]; . == $p) and (.mtime | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{2}:[0-9]{2}$"))'
	run shmctl gc --older-than 0 --json --yes "${P}*"
	assert_success
	echo "$output" | jq -e '.dry_run == false and .objects == 1 and .freed == 4096'
	[ ! -e "$SHM/${P}free" ]
}

@test "--json with nothing to do is still a valid document" {
	run shmctl gc --older-than 0 --json "${P}*"
	assert_success
	echo "$output" | jq -e '.gc == [] and .objects == 0'
}

@test "names with spaces and newlines: each object on one escaped line" {
	data "${P}a b" 10
	data "${P}c"$'\n'"d" 10
	hold_fd "$SHM/${P}c"$'\n'"d"
	run shmctl gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --partial "removed /${P}a b: 10 bytes"
	assert_line --regexp "^kept /${P}c\\\\nd: in use by (at least )?1 process: $HOLDER "
	[ ! -e "$SHM/${P}a b" ]
	[ -e "$SHM/${P}c"$'\n'"d" ]
	# JSON has the name itself, its newline escaped by JSON's rules.
	run --separate-stderr shmctl gc --older-than 0 --json "${P}*"
	echo "$output" | jq -e --arg n "/${P}c"$'\n'"d" '.gc[0].name == $n'
}

@test "--dir: the objects of another namespace directory" {
	mkdir "$SHM/${P}ns"
	printf x >"$SHM/${P}ns/one"
	data "${P}same" 10
	run shmctl -d "$SHM/${P}ns" gc --older-than 0 --yes
	assert_success
	assert_line --partial "removed /one: 1 bytes"
	[ ! -e "$SHM/${P}ns/one" ]
	[ -e "$SHM/${P}same" ]
}

@test "a missing namespace directory is a usage error" {
	run shmctl -d "$TMP/nope" gc
	assert_failure 2
	assert_output --partial "$TMP/nope"
}

@test "as another user: unused objects go, an object held by a process it cannot inspect stays" {
	data "${P}free" 10
	data "${P}held" 10
	chown nobody "$SHM/${P}free" "$SHM/${P}held"
	hold_fd "$SHM/${P}held"	# a root process: nobody cannot see its descriptors
	run as_nobody "$SHMCTL" gc --older-than 0 --yes "${P}*"
	assert_success
	assert_line --partial "removed /${P}free: "
	assert_line "kept /${P}held: in use by a process that could not be inspected"
	[ -e "$SHM/${P}held" ]
}

@test "as another user, where the kernel gives no answer: objects that could be held are kept, saying why" {
	# A namespace directory anyone may write, not sticky: nobody could
	# unlink root's object, but may not take a lease on it.
	mkdir -m 0777 "$SHM/${P}ns"
	printf x >"$SHM/${P}ns/roots"
	chmod 0644 "$SHM/${P}ns/roots"
	run as_nobody "$SHMCTL" -d "$SHM/${P}ns" gc --older-than 0 --yes
	assert_success
	assert_line --regexp "^kept /roots: holders cannot be ruled out: [0-9]+ process(es)? could not be inspected \(pid [0-9]+.*\), and could hold it$"
	assert_line "removed 0 objects, freed 0B (0 bytes); kept 1; objects of any age (--older-than 0)"
	[ -e "$SHM/${P}ns/roots" ]
	run as_nobody "$SHMCTL" -d "$SHM/${P}ns" gc --older-than 0
	assert_line --regexp "^keep /roots: holders cannot be ruled out: "
}

@test "gc --help shows every option" {
	run shmctl gc --older-than 0 --help
	assert_success
	for opt in --older-than --user --min-size --all --json --yes; do
		assert_output --partial -- "$opt"
	done
}

@test "gc: a PATTERN that names only semaphores, without -a: a one-line hint to use -a" {
	run --separate-stderr timeout 10 "$SHMCTL" gc --dry-run "sem.$P*"
	assert_success
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == *"'sem.$P*' names semaphores"*"without -a" ]]
	run --separate-stderr timeout 10 "$SHMCTL" gc -a --dry-run "sem.$P*"
	assert_success
	[ -z "$stderr" ]
}

@test "gc --json and df --json write names as list --json does: real characters, or vis(3) and name_hex" {
	local u8=$'\xc3\xa9\nx' bad=$'\xff'
	printf x >"$SHM/${P}$u8"
	printf x >"$SHM/${P}$bad"
	run --separate-stderr "$SHMCTL" gc --json --older-than 0 "${P}*"
	assert_success
	# jq -r gives back the exact name; the one that is not UTF-8 keeps
	# its bytes in name_hex.
	[ "$(jq -r '.gc[0].name' <<<"$output")" = "/${P}$u8" ]
	[ "$(jq -r '.gc[0] | has("name_hex")' <<<"$output")" = false ]
	[ "$(jq -r '.gc[1].name' <<<"$output")" = "/${P}\\377" ]
	[ "$(jq -r '.gc[1].name_hex' <<<"$output")" = \
	    "$(printf '/%s' "${P}$bad" | od -An -tx1 | tr -d ' \n')" ]
	# The same as list --json says of them.
	[ "$(jq -c '[.gc[] | {name, name_hex}]' <<<"$output")" = \
	    "$("$SHMCTL" list --json "${P}*" | jq -c '[.shm[] | {name, name_hex}]')" ]
	# df's largest objects, in a namespace of the test's own.
	mkdir "$SHM/${P}ns"
	printf xx >"$SHM/${P}ns/$u8"
	run --separate-stderr "$SHMCTL" -d "$SHM/${P}ns" df --json
	assert_success
	[ "$(jq -r '.df[0].largest[0].name' <<<"$output")" = "/$u8" ]
}
