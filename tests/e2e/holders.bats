#!/usr/bin/env bats
# Holders: the /proc scan behind stat --holders, list --holders, unlink
# --if-unused and gc, with real holders: by descriptor only, by mapping
# only, of an unlinked object, in another mount namespace, seen and not
# seen.

load common
load holding

# pids_of NAME-or-option...: the holders' pids stat --holders --json finds.
pids_of() {
	"$SHMCTL" stat --holders --json "$@" | jq -c '.shm[0].pids'
}

@test "a process holding only a descriptor" {
	shmctl create -s 4K "$N"
	hold_fd "$SHM/$N"
	run pids_of "$N"
	assert_output "[$HOLDER]"
	run shmctl stat --holders "$N"
	assert_line --regexp "^ +$HOLDER sleep: descriptor$"
}

@test "the command of shmctl open holds the object by the descriptor it was given" {
	shmctl create -s 4K "$N"
	"$SHMCTL" open "$N" -- sleep 300 3>&- &
	BG_PIDS+=($!)
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "/proc/$!/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.05
	done
	run pids_of "$N"
	assert_output "[$!]"
	run shmctl stat --holders "$N"
	assert_line --regexp "^ +$! sleep: descriptor$"
}

@test "a process holding only a mapping, its descriptor closed" {
	shmctl create -s 4K "$N"
	hold_map "$SHM/$N"
	# Nothing in its descriptor table refers to the object any more.
	for fd in /proc/"$HOLDER"/fd/*; do
		[ "$(stat -L -c %i "$fd")" != "$(stat -c %i "$SHM/$N")" ] ||
		    [ "$(stat -L -c %d "$fd")" != "$(stat -c %d "$SHM/$N")" ]
	done
	run pids_of "$N"
	assert_output "[$HOLDER]"
	run shmctl stat --holders "$N"
	assert_line --regexp "^ +$HOLDER mapholder: mapping$"
}

@test "mappings are found through PROCMAP_QUERY and through the maps text alike" {
	[ "$(uname -r | awk -F. '{ print ($1 > 6 || ($1 == 6 && $2 >= 11)) }')" = 1 ] ||
	    skip "PROCMAP_QUERY needs Linux 6.11 (this is $(uname -r))"
	shmctl create -s 4K "$N"
	hold_map "$SHM/$N"
	SHMCTL_PROCMAP=query run pids_of "$N"
	assert_output "[$HOLDER]"
	SHMCTL_PROCMAP=text run pids_of "$N"
	assert_output "[$HOLDER]"
	# The ioctl is what the scan used: strace sees it on the holder's maps.
	# (LeakSanitizer cannot run under ptrace: a sanitizer build checks no
	# leaks there.)
	if command -v strace >/dev/null; then
		run env -u SHMCTL_PROCMAP ASAN_OPTIONS=detect_leaks=0 \
		    strace -e trace=ioctl -o "$TMP/trace" \
		    "$SHMCTL" stat --holders "$N"
		assert_success
		grep -q '_IOC(_IOC_READ|_IOC_WRITE, 0x66, 0x11, 0x68)' "$TMP/trace"
		SHMCTL_PROCMAP=text ASAN_OPTIONS=detect_leaks=0 \
		    strace -e trace=ioctl -o "$TMP/trace" \
		    "$SHMCTL" stat --holders "$N" >/dev/null
		if grep -q '0x66, 0x11' "$TMP/trace"; then
			fail "SHMCTL_PROCMAP=text still used PROCMAP_QUERY"
		fi
	fi
}

@test "the scan split among workers finds what one worker finds" {
	local i want=()
	for ((i = 0; i < 12; i++)); do
		shmctl create -s 4K "$P$i"
		if ((i % 2)); then hold_fd "$SHM/$P$i"; else hold_map "$SHM/$P$i"; fi
		want+=("{\"name\":\"/$P$i\",\"pids\":[$HOLDER]}")
	done
	# Two holders of one object, found by different workers.
	hold_fd "$SHM/${P}0"
	want[0]="{\"name\":\"/${P}0\",\"pids\":[$(printf '%s\n' \
	    "${BG_PIDS[0]}" "$HOLDER" | sort -n | paste -sd,)]}"
	local w one
	one=$(SHMCTL_SCAN_WORKERS=1 "$SHMCTL" list --holders -o NAME,PIDS \
	    --json "$P*" | jq -c '.shm[] | {name, pids}' | sort)
	[ "$one" = "$(printf '%s\n' "${want[@]}" | sort)" ] ||
	    fail "one worker: $one"
	for w in 2 3 7; do
		run --separate-stderr env SHMCTL_SCAN_WORKERS=$w "$SHMCTL" list --holders \
		    -o NAME,PIDS --json "$P*"
		assert_success
		[ "$(jq -c '.shm[] | {name, pids}' <<<"$output" | sort)" = "$one" ] ||
		    fail "$w workers: $output"
	done
}

@test "a process holding both a descriptor and a mapping" {
	need_mapholder
	shmctl create -s 4K "$N"
	"$MAPHOLDER" "$SHM/$N" >"$TMP/ready" 3>&- 6<"$SHM/$N" &
	BG_PIDS+=($!)
	wait_ready "$TMP/ready"
	run shmctl stat --holders "$N"
	assert_line --regexp "^ +$! mapholder: descriptor, mapping$"
}

@test "several holders, in pid order, each counted once" {
	need_mapholder
	shmctl create -s 8K "$N"
	hold_fd "$SHM/$N"
	a=$HOLDER
	hold_map "$SHM/$N"
	b=$HOLDER
	hold_fd "$SHM/$N"
	c=$HOLDER
	want=$(printf '%s\n' "$a" "$b" "$c" | sort -n | paste -sd, -)
	run pids_of "$N"
	assert_output "[$want]"
	"$SHMCTL" list --holders --json -o NAME,HOLDERS,PIDS "${P}*" \
	    2>/dev/null | jq -e --arg w "$want" \
	    '.shm[0].holders == 3 and (.shm[0].pids | map(tostring) | join(",")) == $w'
}

@test "the holders of an object already unlinked" {
	shmctl create -s 4K "$N"
	hold_map "$SHM/$N"
	exec 5<"$SHM/$N"
	shmctl unlink "$N"
	[ ! -e "$SHM/$N" ]
	# maps now says "/dev/shm/NAME (deleted)": matched all the same.
	me=$BASHPID
	run pids_of --fd 5
	echo "$output" | jq -e --argjson p "$HOLDER" --argjson me "$me" \
	    'any(.[]; . == $p) and any(.[]; . == $me)'
	exec 5<&-
}

@test "a new object under an old holder's name is not held (matching is by inode, not by path)" {
	shmctl create -s 4K "$N"
	hold_map "$SHM/$N"
	shmctl unlink "$N"
	shmctl create -s 4K "$N"
	run pids_of "$N"
	assert_output "[]"
	run shmctl unlink --if-unused "$N"
	assert_success
	[ ! -e "$SHM/$N" ]
}

@test "names with spaces and newlines" {
	shmctl create -s 4K "${P}a b" "${P}c"$'\n'"d"
	hold_fd "$SHM/${P}a b"
	a=$HOLDER
	hold_map "$SHM/${P}c"$'\n'"d"
	c=$HOLDER
	run pids_of "${P}a b"
	assert_output "[$a]"
	run pids_of "${P}c"$'\n'"d"
	assert_output "[$c]"
}

@test "a holder in another mount namespace, reached through /proc/PID/root" {
	need_mapholder
	require_root
	unshare -m true 2>/dev/null || skip "unshare -m is not permitted here"
	# Its own tmpfs on /dev/shm: the object there has the same path as
	# one here, but is another object.
	unshare -m --propagation private sh -c \
	    'mount -t tmpfs tmpfs /dev/shm && printf x >"/dev/shm/$1" &&
	    exec "$0" "/dev/shm/$1"' "$MAPHOLDER" "$N" >"$TMP/ready" 3>&- &
	pid=$!
	BG_PIDS+=("$pid")
	wait_ready "$TMP/ready"
	shmctl create -s 4K "$N"
	theirs="/proc/$pid/root/dev/shm"
	[ "$(stat -c %d:%i "$theirs/$N")" != "$(stat -c %d:%i "$SHM/$N")" ]
	run pids_of "$N"
	assert_output "[]"
	run "$SHMCTL" -d "$theirs" stat --holders --json "$N"
	echo "$output" | jq -e --argjson p "$pid" '.shm[0].pids == [$p]'
	run "$SHMCTL" -d "$theirs" unlink --if-unused "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /$N: in use by (at least )?1 process: $pid \(mapholder, mapping\); not removed$"
	# Only our name, even should the holder be gone and its pid reused.
	run "$SHMCTL" -d "$theirs" gc --older-than 0 --yes "$N"
	assert_line --regexp "^kept /$N: in use by "
	[ -e "$theirs/$N" ]
	run shmctl unlink --if-unused "$N"
	assert_success
	[ ! -e "$SHM/$N" ]
}

@test "counts are exact when every process can be inspected" {
	require_root
	shmctl create -s 4K "$N"
	hold_fd "$SHM/$N"
	# Where even root may not read some process's maps, they are not.
	for d in /proc/[0-9]*; do
		if ! { : <"$d/maps"; } 2>/dev/null && [ -d "$d" ]; then
			skip "root cannot inspect $d ($(cat "$d/comm" 2>/dev/null)) here"
		fi
	done
	run shmctl stat --holders --json "$N"
	echo "$output" | jq -e '.shm[0].holders_complete == true and .shm[0].holders == 1'
	run shmctl stat --holders "$N"
	assert_line --regexp "^ +Holders: 1$"
}

@test "as another user: other users' processes make counts lower bounds" {
	shmctl create -s 4K "$N"
	chown nobody "$SHM/$N"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    sleep 300 3<"$SHM/$N" &
	BG_PIDS+=($!)
	run as_nobody "$SHMCTL" stat --holders --json "$N"
	echo "$output" | jq -e --argjson p "$!" \
	    '.shm[0].holders_complete == false and any(.shm[0].pids[]; . == $p)'
	run as_nobody "$SHMCTL" stat --holders "$N"
	assert_line --regexp "^ +Holders: [0-9]+\+"
}

@test "a /proc that hides other users' processes (hidepid) is not mistaken for a complete one" {
	require_root
	unshare -m true 2>/dev/null || skip "unshare -m is not permitted here"
	# Before Linux 5.8 every /proc of a pid namespace shares its options:
	# mounting one with hidepid would change the system's.
	local v
	v=$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')
	[ "$v" -ge 5008 ] || skip "Linux older than 5.8: hidepid is not per mount"
	mkdir -m 0777 "$SHM/${P}ns"
	printf x >"$SHM/${P}ns/roots"
	chmod 0644 "$SHM/${P}ns/roots"
	as_nobody true
	run unshare -m --propagation private sh -c '
	    mount -t proc -o hidepid=2 proc /proc || exit 99
	    exec setpriv --reuid=nobody --regid="$(id -g nobody)" \
	        --clear-groups "$0" -d "$1" unlink --if-unused roots' \
	    "$SHMCTL" "$SHM/${P}ns"
	[ "$status" -ne 99 ] || skip "cannot mount /proc with hidepid=2 here"
	assert_failure 1
	assert_output --partial "holders cannot be ruled out: /proc does not show every process"
	[ -e "$SHM/${P}ns/roots" ]
}

@test "another pid namespace: holders outside it are unseen, and it says so" {
	require_root
	unshare -p -f --mount-proc true 2>/dev/null ||
	    skip "unshare -p --mount-proc is not permitted here"
	shmctl create -s 4K "$N"
	hold_fd "$SHM/$N"
	run unshare -p -f --mount-proc "$SHMCTL" stat --holders --json "$N"
	echo "$output" | jq -e '.shm[0].holders_complete == false and .shm[0].pids == []'
	# The kernel's answer still keeps the object.
	run unshare -p -f --mount-proc "$SHMCTL" unlink --if-unused "$N"
	assert_failure 1
	assert_output "shmctl: unlink: /$N: in use by a process that could not be inspected; not removed"
	[ -e "$SHM/$N" ]
}

THREADHOLDER=${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}/helpers/threadholder

# hold_in_thread MODE PATH: a threadholder holding PATH, ready.
hold_in_thread() {
	[ -x "$THREADHOLDER" ] || skip "threadholder not built ($THREADHOLDER)"
	"$THREADHOLDER" "$1" "$2" >"$TMP/ready.t" 3>&- &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_ready "$TMP/ready.t"
}

@test "a thread with its own descriptor table holds the object: found, and gc keeps it" {
	shmctl create -s 4K "$N"
	hold_in_thread files "$SHM/$N"
	run pids_of "$N"
	assert_output "[$HOLDER]"
	run shmctl gc --older-than 0 --yes "$N"
	assert_line --regexp "^kept /$N: in use by (at least )?1 process: $HOLDER \(threadholder, descriptor\)$"
	[ -e "$SHM/$N" ]
}

@test "a process whose leader thread exited holds the object through its thread: found, and gc keeps it" {
	shmctl create -s 4K "$N"
	hold_in_thread zombie "$SHM/$N"
	# the leader is a zombie, the process lives on
	[ "$(awk '{ print $3 }' "/proc/$HOLDER/stat")" = Z ]
	run pids_of "$N"
	assert_output "[$HOLDER]"
	run shmctl gc --older-than 0 --yes "$N"
	assert_line --regexp "^kept /$N: in use by (at least )?1 process: $HOLDER \(threadholder, descriptor, mapping\)$"
	[ -e "$SHM/$N" ]
}

@test "the scan never fails while processes come and go" {
	shmctl create -s 4K "$N"
	local i errs=0
	timeout 30 bash -c 'end=$((SECONDS + 8)); while [ $SECONDS -lt $end ]; do
		for j in 1 2 3 4; do /bin/true & done; wait; done' &
	local churn=$!
	for ((i = 0; i < 150; i++)); do
		"$SHMCTL" stat --holders "$N" >/dev/null 2>"$TMP/err" ||
		    errs=$((errs + 1))
		[ -s "$TMP/err" ] && { cat "$TMP/err"; errs=$((errs + 1)); }
	done
	wait "$churn" || true
	[ "$errs" -eq 0 ]
}
