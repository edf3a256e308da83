#!/usr/bin/env bats
# df: every figure against the kernel's own: df(1) and stat(1) for the
# file system and the objects, memory.stat for a cgroup's shmem.

load common
load holding

setup() {
	common_setup
	BG_PIDS=()
	MNT=
	CG=
}

teardown() {
	local p
	for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -z "$MNT" ] || umount "$MNT" 2>/dev/null || true
	[ -z "$CG" ] || rmdir "$CG" 2>/dev/null || true
	rm -rf -- "$SHM/${P}dir"
	common_teardown
}

# A tmpfs of its own, where every figure is the test's: root only.
mount_tmpfs() {
	require_root
	MNT=$TMP/mnt
	mkdir -p "$MNT"
	mount -t tmpfs -o size=8m,nr_inodes=200,mode=1777 "shmctl-test-$$" \
	    "$MNT" || { MNT=; skip "cannot mount a tmpfs"; }
}

# df_json [ARGS...]: the first entry of df --json on the tmpfs.
df_json() { "$SHMCTL" -d "$MNT" df --json "$@" | jq -c '.df[0]'; }

@test "the file system's figures are df -B1's" {
	mount_tmpfs
	shmctl -d "$MNT" create -s 1M --reserve a b
	shmctl -d "$MNT" write --string hello c --create --grow
	local want got
	read -r -a want < <(df -B1 --output=size,used,avail,itotal,iavail \
	    "$MNT" | tail -n 1)
	got=$(df_json | jq -r '[.fs_size, .fs_used, .fs_avail, .fs_inodes,
	    .fs_inodes_free] | join(" ")')
	assert_equal "$got" "${want[*]}"
	run df_json
	assert_equal "$(jq -r .fstype <<<"$output")" tmpfs
	assert_equal "$(jq -r .dir <<<"$output")" "$MNT"
	# The text table says the same, in bytes.
	run shmctl -d "$MNT" df -b
	assert_success
	assert_line --regexp "^$MNT +tmpfs +${want[0]} +${want[1]} +${want[2]} +[0-9]+% +${want[3]} +${want[4]}\$"
	# and df(1)'s Use%
	local pct
	pct=$(df --output=pcent "$MNT" | tail -n 1 | tr -d ' ')
	assert_line --regexp "^$MNT +tmpfs .* $pct "
}

@test "objects, apparent and allocated bytes and semaphores are exact" {
	mount_tmpfs
	shmctl -d "$MNT" create -s 3M sparse
	shmctl -d "$MNT" create -s 1M --reserve full
	shmctl -d "$MNT" write --string 12345 small --create --grow
	: >"$MNT/sem.lock"
	mkfifo "$MNT/fifo"
	local apparent=0 alloc=0 f
	for f in sparse full small; do
		apparent=$((apparent + $(stat -c %s "$MNT/$f")))
		alloc=$((alloc + $(stat -c '%b * %B' "$MNT/$f")))
	done
	run df_json
	assert_success
	assert_equal "$(jq .objects <<<"$output")" 3
	assert_equal "$(jq .apparent <<<"$output")" "$apparent"
	assert_equal "$(jq .alloc <<<"$output")" "$alloc"
	assert_equal "$(jq .semaphores <<<"$output")" 1
	assert_equal "$(jq -c .deleted <<<"$output")" '{"objects":0,"alloc":0}'
	# du counts the same blocks.
	assert_equal "$(du -B1 -c "$MNT"/sparse "$MNT"/full "$MNT"/small |
	    tail -n 1 | cut -f1)" "$alloc"
}

@test "the by-owner table sums each owner's objects, largest first, with a bar" {
	mount_tmpfs
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	shmctl -d "$MNT" create -s 2M --reserve big1 big2
	shmctl -d "$MNT" create -s 1M --reserve mine
	chown nobody "$MNT/big1" "$MNT/big2"
	run df_json
	assert_equal "$(jq -c '.owners' <<<"$output")" \
	    "[{\"owner\":\"nobody\",\"uid\":$(id -u nobody),\"objects\":2,\"apparent\":4194304,\"alloc\":4194304},{\"owner\":\"root\",\"uid\":0,\"objects\":1,\"apparent\":1048576,\"alloc\":1048576}]"
	# 4M of 8M is half the file system: ten of twenty characters.
	run shmctl -d "$MNT" df
	assert_line --regexp '^nobody +2 +4\.0M +4\.0M \[##########\.{10}\]  50%$'
	assert_line --regexp '^root +1 +1\.0M +1\.0M \[###\.{17}\]  12%$'
	# No colour into a pipe.
	refute_output --partial $'\e['
}

@test "bars are coloured at a terminal, and not with NO_COLOR" {
	mount_tmpfs
	command -v script >/dev/null || skip "script(1) is not installed"
	shmctl -d "$MNT" create -s 1M --reserve a
	run script -qec "$SHMCTL -d $MNT df" /dev/null
	assert_output --partial $'\e['
	run env NO_COLOR=1 script -qec "$SHMCTL -d $MNT df" /dev/null
	refute_output --partial $'\e['
}

@test "--top N: the largest objects, with their holders" {
	mount_tmpfs
	shmctl -d "$MNT" create -s 1M --reserve one
	shmctl -d "$MNT" create -s 2M --reserve two
	shmctl -d "$MNT" create -s 3M --reserve three
	shmctl -d "$MNT" create -s 7M sparse
	hold_fd "$MNT/two"
	run df_json --top 2
	assert_equal "$(jq -c '[.largest[] | [.name, .size, .alloc, .holders]]' \
	    <<<"$output")" '[["/three",3145728,3145728,0],["/two",2097152,2097152,1]]'
	run df_json
	assert_equal "$(jq '.largest | length' <<<"$output")" 4
	run df_json --top 0
	assert_equal "$(jq '.largest | length' <<<"$output")" 0
	run shmctl -d "$MNT" df -b --top 1
	assert_line --regexp '^/three +3145728 +3145728 +0\+?$'
	run shmctl df --top -1
	assert_failure 2
	run shmctl df --top x
	assert_failure 2
}

@test "--need: 0 when it fits the space available, else 1 and one line" {
	mount_tmpfs
	shmctl -d "$MNT" create -s 3M --reserve a
	local avail
	avail=$(df -B1 --output=avail "$MNT" | tail -n 1 | tr -d ' ')
	run --separate-stderr shmctl -d "$MNT" df --need "$avail"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr shmctl -d "$MNT" df --need "$((avail + 1))"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "shmctl: df: $MNT: 5.0M ($((avail + 1)) bytes) needed, 5.0M ($avail bytes) available"
	run shmctl -d "$MNT" df --need 6M
	assert_failure 1
	run shmctl -d "$MNT" df --need 1M
	assert_success
}

@test "--need in the system's namespace, and bad values" {
	run shmctl df --need 1
	assert_success
	run --separate-stderr shmctl df --need 1E
	assert_failure 1
	[[ $stderr == "shmctl: df: /dev/shm: "*" needed, "*" available" ]]
	run shmctl df --need -1
	assert_failure 2
	run shmctl df --need 1Q
	assert_failure 2
	run shmctl df --need 1M --json
	assert_failure 2
}

@test "a directory under /dev/shm: counts exact there" {
	mkdir "$SHM/${P}dir"
	shmctl -d "$SHM/${P}dir" create -s 12K --reserve x
	shmctl -d "$SHM/${P}dir" create -s 5K y
	run "$SHMCTL" -d "$SHM/${P}dir" df --json
	assert_success
	assert_equal "$(jq -c '.df[0] | [.objects, .apparent, .alloc]' \
	    <<<"$output")" "[2,$((12288 + 5120)),12288]"
	assert_equal "$(jq -r '.df[0].fs_size' <<<"$output")" \
	    "$(df -B1 --output=size "$SHM" | tail -n 1 | tr -d ' ')"
	run shmctl -d "$SHM/${P}dir" df
	assert_success
	assert_line 'objects: 2, 17K apparent, 12K allocated; semaphores: 0'
}

@test "extra operands are a usage error" {
	run shmctl df foo
	assert_failure 2
}

# cgroup_mount TYPE CONTROLLER: where a whole hierarchy of TYPE with
# CONTROLLER among its options is mounted, from mountinfo.
cgroup_mount() {
	awk -v type="$1" -v ctl="$2" '{
		for (i = 7; i <= NF && $i != "-"; i++)
			;
		if ($(i + 1) == type && $4 == "/" && (ctl == "" ||
		    ("," $(i + 3) ",") ~ ("," ctl ",")))
			{ print $5; exit }
	}' /proc/self/mountinfo
}

# A memory cgroup of the test's own: v2 where memory is there, else v1's.
make_memory_cgroup() {
	require_root
	local v2 v1
	v2=$(cgroup_mount cgroup2 '')
	v1=$(cgroup_mount cgroup memory)
	if [ -n "$v2" ] && grep -qw memory "$v2/cgroup.subtree_control" \
	    2>/dev/null; then
		CG=$v2/shmctl-test-$$-$BATS_TEST_NUMBER
		mkdir "$CG" || { CG=; skip "cannot make a cgroup under $v2"; }
		echo 64M >"$CG/memory.max" || skip "cannot write memory.max"
		LIMIT_FILE=memory.max
	elif [ -n "$v1" ] && [ -d "$v1" ]; then
		CG=$v1/shmctl-test-$$-$BATS_TEST_NUMBER
		mkdir "$CG" || { CG=; skip "cannot make a cgroup under $v1"; }
		echo 64M >"$CG/memory.limit_in_bytes" ||
		    skip "cannot write memory.limit_in_bytes"
		LIMIT_FILE=memory.limit_in_bytes
	else
		skip "no memory cgroup controller that the test can use"
	fi
	CGPATH=/${CG##*/}
}

@test "a container's namespace: its memory cgroup's limit and shmem charge" {
	make_memory_cgroup
	# Made from inside the cgroup: its pages are charged there.
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" create -s 4M --reserve "$3"' \
	    sh "$CG" "$SHMCTL" "$N"
	sh -c 'echo $$ >"$1/cgroup.procs" && exec sleep 300' sh "$CG" &
	BG_PIDS+=($!)
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q "$CGPATH\$" "/proc/$!/cgroup" 2>/dev/null && break
		sleep 0.05
	done
	run "$SHMCTL" -d "/proc/$!/root/dev/shm" df --json
	assert_success
	local shmem
	shmem=$(awk '$1 == "shmem" { print $2 }' "$CG/memory.stat")
	[ "$shmem" -ge 4194304 ]
	assert_equal "$(jq -c '.df[0].cgroup | [.path, .memory_max, .shmem]' \
	    <<<"$output")" "[\"$CGPATH\",67108864,$shmem]"
	assert_equal "$(cat "$CG/$LIMIT_FILE")" 67108864
	run shmctl -d "/proc/$!/root/dev/shm" df
	assert_line --regexp "^cgroup: $CGPATH, $LIMIT_FILE 64M, shmem [0-9.]+M\$"
	# The host's own namespace is nobody's container.
	run "$SHMCTL" df --json
	assert_equal "$(jq '.df[0] | has("cgroup")' <<<"$output")" false
	rm -f "$SHM/$N"
	kill "${BG_PIDS[@]}"
	wait "${BG_PIDS[@]}" 2>/dev/null || true
	BG_PIDS=()
}

@test "df: the deleted objects and the memory they pin, as the kernel counts them" {
	mount_tmpfs
	shmctl -d "$MNT" create -s 1M a b c
	shmctl -d "$MNT" write --fill 1 -n 300000 a
	shmctl -d "$MNT" write --fill 1 -n 5000 b
	hold_fd "$MNT/a"
	local fdholder=$HOLDER
	hold_map "$MNT/b"
	local mapholder=$HOLDER inob
	inob=$(stat -c %i "$MNT/b")
	rm -- "$MNT/a" "$MNT/b"
	local a b
	read -r _ a _ _ < <(kernel_fd "$fdholder" 3)
	read -r _ b _ _ < <(kernel_map "$mapholder" "$inob")
	run --separate-stderr timeout 30 "$SHMCTL" -d "$MNT" df --json
	assert_success
	assert_equal "$(jq -c '.df[0].deleted' <<<"$output")" \
	    "{\"objects\":2,\"alloc\":$((a + b))}"
	# The named object is counted as one, not as deleted.
	assert_equal "$(jq -c '.df[0].objects' <<<"$output")" 1
	# The text says the same, in bytes.
	run timeout 30 "$SHMCTL" -d "$MNT" df -b
	assert_line --regexp "^deleted but held: 2\\+?, $((a + b)) allocated\$"
	# and list --deleted on the same namespace sums to it.
	run --separate-stderr timeout 30 "$SHMCTL" -d "$MNT" list --deleted --json -o alloc
	assert_equal "$(jq '[.shm[].alloc] | add' <<<"$output")" $((a + b))
	# Names are the namespace's, without its directory.
	run timeout 30 "$SHMCTL" -d "$MNT" list --deleted -o name
	assert_output --partial "/a (deleted)"
	assert_output --partial "/b (deleted)"
}
