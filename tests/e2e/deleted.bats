#!/usr/bin/env bats
# list --deleted and df's deleted figures: objects with no name left but
# still held, each figure against what the kernel says through the
# holder's own /proc entries (stat -L of fd/N and map_files/START-END).

load common
load holding

# list [ARGS...]: list --deleted of the test's objects only, bounded.
list_deleted() {
	timeout 30 "$SHMCTL" list --deleted "$@" "${P}*"
}

# A deleted object of SIZE with LEN bytes written, held as asked: "fd" or
# "map"; sets HOLDER and INO.
make_held() {
	shmctl create -s "$2" "$N"
	shmctl write --fill 7 -n "$3" "$N"
	INO=$(stat -c %i "$SHM/$N")
	if [ "$1" = fd ]; then
		hold_fd "$SHM/$N"
	else
		hold_map "$SHM/$N"
	fi
	rm -- "$SHM/$N"
}

@test "list --deleted: an object held by a descriptor only, as the kernel sees it" {
	make_held fd 1M 20000
	# The kernel's own word: no link left, the descriptor's link says so.
	run readlink "/proc/$HOLDER/fd/3"
	assert_output "$SHM/$N (deleted)"
	read -r size alloc ino nlink < <(kernel_fd "$HOLDER" 3)
	assert_equal "$ino" "$INO"
	assert_equal "$nlink" 0
	run list_deleted -b -o name,size,alloc,inode,holders,pids
	assert_success
	assert_line --regexp "^/$N \\(deleted\\) +$size +$alloc +$ino +1\\+? +$HOLDER\$"
	# The name is gone from the directory listing.
	run timeout 30 "$SHMCTL" list "${P}*"
	refute_output --partial "$N"
}

@test "list --deleted: an object held by a mapping only, as the kernel sees it" {
	make_held map 64K 12288
	# No descriptor of the holder reaches it: only the mapping.
	local f
	for f in /proc/"$HOLDER"/fd/*; do
		[ "$(stat -L -c %i "$f" 2>/dev/null)" != "$INO" ]
	done
	read -r size alloc ino nlink < <(kernel_map "$HOLDER" "$INO")
	assert_equal "$nlink" 0
	assert_equal "$size" 65536
	run --separate-stderr list_deleted --json \
	    -o name,size,alloc,inode,holders,pids
	assert_success
	# holders_complete is the scan's to say: every other member is known.
	assert_equal "$(jq -c '[.shm[] | del(.holders_complete)]' \
	    <<<"$output")" "$(jq -nc --arg n "/$N" --argjson s "$size" \
	    --argjson a "$alloc" --argjson i "$ino" --argjson p "$HOLDER" \
	    '[{name: $n, size: $s, alloc: $a, inode: $i, holders: 1,
	    pids: [$p], deleted: true}]')"
	# Human-readable sizes in the table, as in list.
	run list_deleted
	assert_line --regexp "^/$N \\(deleted\\) +64K +12K "
}

@test "list --deleted: held by two processes, one row with both pids" {
	make_held fd 8K 8192
	local first=$HOLDER
	hold_map "/proc/$first/fd/3"
	run --separate-stderr list_deleted --json -o name,holders,pids
	assert_success
	assert_equal "$(jq -c '[.shm[] | [.name, .holders, .pids, .deleted]]' \
	    <<<"$output")" \
	    "[[\"/$N\",2,$(printf '%s\n' "$first" "$HOLDER" | sort -n |
	    jq -sc .),true]]"
}

@test "list --deleted: a name still linked is not listed; one unlinked later is" {
	shmctl create -s 4K "$N"
	hold_fd "$SHM/$N"
	run list_deleted
	assert_success
	refute_output --partial "$N"
	rm -- "$SHM/$N"
	run list_deleted
	assert_line --regexp "^/$N \\(deleted\\) "
	# Nothing at all once the holder lets go.
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null || true
	run list_deleted -n
	assert_success
	refute_output --partial "$N"
}

@test "list --deleted -a: a memfd, with TYPE memfd and its name" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 -c 'import os; os.memfd_create' 2>/dev/null ||
	    skip "python3 has no os.memfd_create"
	python3 -c '
import os, sys, time
fd = os.memfd_create(sys.argv[1], 0)
os.ftruncate(fd, 40960)
os.write(fd, b"x" * 5000)
os.dup2(fd, 7)
print("ready", flush=True)
time.sleep(300)' "${N}mem" >"$TMP/ready" &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_ready "$TMP/ready"
	run readlink "/proc/$HOLDER/fd/7"
	assert_output "/memfd:${N}mem (deleted)"
	read -r size alloc ino nlink < <(kernel_fd "$HOLDER" 7)
	run timeout 30 "$SHMCTL" list --deleted -a -b \
	    -o name,type,size,alloc,inode,pids "memfd:${N}*"
	assert_success
	assert_line --regexp "^memfd:${N}mem +memfd +$size +$alloc +$ino +$HOLDER\$"
	run --separate-stderr timeout 30 "$SHMCTL" list --deleted -a --json -o name,type,size \
	    "memfd:${N}*"
	assert_equal "$(jq -c '.shm' <<<"$output")" \
	    "[{\"name\":\"memfd:${N}mem\",\"type\":\"memfd\",\"size\":$size,\"deleted\":true}]"
	# Without -a, memfds are left out.
	run timeout 30 "$SHMCTL" list --deleted "memfd:${N}*"
	assert_success
	refute_output --partial "${N}mem"
}

@test "list --deleted: a deleted file on another file system is not found" {
	[ "$(stat -c %d "$TMP")" != "$(stat -c %d "$SHM")" ] ||
	    skip "$TMP is on the shm file system"
	echo data >"$TMP/${N}file"
	hold_fd "$TMP/${N}file"
	rm -- "$TMP/${N}file"
	run readlink "/proc/$HOLDER/fd/3"
	assert_output --partial "${N}file (deleted)"
	run --separate-stderr timeout 30 "$SHMCTL" list --deleted -a --json -o name,pids
	assert_success
	refute_output --partial "${N}file"
	refute_output --partial "[$HOLDER]"
}

@test "list -A --deleted: a container's deleted object, named as its processes name it" {
	require_root
	command -v unshare >/dev/null || skip "unshare is not installed"
	timeout 10 unshare -m --propagation private true 2>/dev/null ||
	    skip "unshare -m is not permitted here"
	unshare -m --propagation private sh -c '
	    mount -t tmpfs -o size=4m shmctl-test /dev/shm || exit 1
	    printf x >/dev/shm/inside
	    exec 3</dev/shm/inside
	    rm /dev/shm/inside
	    echo ready >"$1"
	    exec sleep 300' sh "$TMP/ready" &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_ready "$TMP/ready" || skip "cannot mount a tmpfs in the namespace"
	local dev
	dev=$(stat -L -c '%Hd:%Ld' "/proc/$HOLDER/fd/3")
	run --separate-stderr timeout 30 "$SHMCTL" list -A --deleted --json -o name,pids,namespace
	assert_success
	assert_equal "$(jq -c --arg d "$dev" \
	    '[.shm[] | select(.namespace.dev == $d) | [.name, .pids, .deleted]]' \
	    <<<"$output")" "[[\"/inside\",[$HOLDER],true]]"
}

@test "list --deleted: a mapping it may not follow: the name and holder, no guessed size" {
	shmctl create -m 644 -s 64K "$N"
	as_nobody true
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	    "$MAPHOLDER" "$SHM/$N" >"$TMP/ready" &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_ready "$TMP/ready"
	rm -- "$SHM/$N"
	# map_files/ is not for an unprivileged reader to follow.
	run as_nobody sh -c 'stat -L /proc/'"$HOLDER"'/map_files/* >/dev/null'
	[ "$status" -ne 0 ] || skip "map_files/ can be followed without privilege here"
	run --separate-stderr as_nobody timeout 30 "$SHMCTL" list --deleted \
	    --json -o name,size,alloc,owner,pids "${P}*"
	assert_success
	assert_equal "$(jq -c '[.shm[] | [.name, .size, .alloc, .owner, .pids]]' \
	    <<<"$output")" "[[\"/$N\",null,null,null,[$HOLDER]]]"
}

@test "list --deleted -d: names relative to the directory, whole paths elsewhere on its file system" {
	mkdir "$SHM/${P}dir"
	shmctl -d "$SHM/${P}dir" create -s 4K inside
	shmctl create -s 4K "${N}out"
	hold_fd "$SHM/${P}dir/inside"
	hold_fd "$SHM/${N}out"
	rm -- "$SHM/${P}dir/inside" "$SHM/${N}out"
	run --separate-stderr timeout 30 "$SHMCTL" -d "$SHM/${P}dir" list \
	    --deleted --json -o name,pids
	assert_success
	assert_equal "$(jq -c --arg o "$SHM/${N}out" '[.shm[] |
	    select(.name == "/inside" or .name == $o) | .name] | sort' \
	    <<<"$output")" "$(jq -nc --arg o "$SHM/${N}out" '[$o, "/inside"]')"
}

@test "list --deleted --holders: the holder columns once" {
	make_held fd 4K 4096
	run --separate-stderr list_deleted --holders
	assert_success
	local words
	read -r -a words <<<"${lines[0]}"
	assert_equal "${words[*]}" "NAME SIZE ALLOC OWNER HOLDERS PIDS"
}

@test "list --deleted: a FIFO removed while held open is no object" {
	mkfifo "$SHM/${P}fifo"
	# Both ends, so that neither open blocks.
	sleep 300 3<>"$SHM/${P}fifo" &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_fd "$HOLDER" 3 "$SHM/${P}fifo"
	rm -- "$SHM/${P}fifo"
	run readlink "/proc/$HOLDER/fd/3"
	assert_output "$SHM/${P}fifo (deleted)"
	run --separate-stderr list_deleted -a
	assert_success
	refute_output --partial "${P}fifo"
}

@test "list --deleted: -0 is refused, since there are no names to act on" {
	run timeout 30 "$SHMCTL" list --deleted -0
	assert_failure 2
	assert_output --partial "--deleted"
}
