#!/usr/bin/env bats
# unlink (alias rm): removing names; -f; --if-unused with real holders.

load common
load holding

@test "unlink removes a name, silently" {
	shmctl create "$N"
	run shmctl unlink "$N"
	assert_success
	assert_output ""
	[ ! -e "$SHM/$N" ]
}

@test "rm is an alias of unlink" {
	shmctl create "$N"
	run shmctl rm "$N"
	assert_success
	[ ! -e "$SHM/$N" ]
}

@test "every form of a NAME names the same object" {
	for form in "${P}a" "/${P}a" "$SHM/${P}a"; do
		shmctl create "${P}a"
		run shmctl unlink "$form"
		assert_success
		[ ! -e "$SHM/${P}a" ]
	done
}

@test "several names: a missing one fails, the others are still removed" {
	shmctl create "${P}a" "${P}c"
	run shmctl unlink "${P}a" "${P}b" "${P}c"
	assert_failure 1
	assert_output "shmctl: unlink: /${P}b: No such file or directory"
	[ ! -e "$SHM/${P}a" ]
	[ ! -e "$SHM/${P}c" ]
}

@test "-f: a missing name is not an error" {
	shmctl create "${P}a"
	run shmctl unlink -f "${P}missing" "${P}a"
	assert_success
	assert_output ""
	[ ! -e "$SHM/${P}a" ]
	run shmctl rm --force "${P}missing"
	assert_success
}

@test "no NAME: a usage error, except with -f (as rm -f)" {
	run shmctl unlink
	assert_failure 2
	assert_output --partial "shmctl: unlink: missing operand"
	run shmctl unlink -f
	assert_success
	assert_output ""
}

@test "an invalid name anywhere: exit 2 and nothing removed" {
	shmctl create "${P}a"
	for bad in "" / "a/b" . .. "$(printf 'x%.0s' {1..256})"; do
		run shmctl unlink "${P}a" "$bad"
		assert_failure 2
		assert_output --partial "shmctl: unlink: invalid name"
		[ -e "$SHM/${P}a" ]
	done
}

@test "entries that are not objects are refused and left alone" {
	shmctl create "${P}target"
	ln -s "$SHM/${P}target" "$SHM/${P}link"
	mkfifo "$SHM/${P}fifo"
	mkdir "$SHM/${P}ns"
	for f in link fifo ns; do
		for opt in "" -f --if-unused; do
			run shmctl unlink $opt "${P}$f"
			assert_failure 1
			assert_output "shmctl: unlink: /${P}$f: not a shared memory object"
		done
	done
	[ -L "$SHM/${P}link" ]
	[ -p "$SHM/${P}fifo" ]
	[ -d "$SHM/${P}ns" ]
	[ -e "$SHM/${P}target" ]
}

@test "a process holding the object keeps it after the unlink" {
	printf 'still here' >"$SHM/$N"
	exec 5<"$SHM/$N"
	run shmctl unlink "$N"
	assert_success
	[ ! -e "$SHM/$N" ]
	[ "$(cat <&5)" = "still here" ]
	exec 5<&-
}

@test "--dir: names under another directory" {
	mkdir "$SHM/${P}ns"
	touch "$SHM/${P}ns/obj"
	shmctl create "${P}obj"
	run shmctl -d "$SHM/${P}ns" unlink obj
	assert_success
	[ ! -e "$SHM/${P}ns/obj" ]
	[ -e "$SHM/${P}obj" ]
}

@test "a permission error is reported in the message form" {
	shmctl create "$N"
	run as_nobody "$SHMCTL" unlink "$N"
	assert_failure 1
	assert_output "shmctl: unlink: /$N: Permission denied"
	[ -e "$SHM/$N" ]
}

# --- --if-unused -----------------------------------------------------------

@test "--if-unused removes an object nobody holds" {
	shmctl create -s 4K "$N"
	run shmctl unlink --if-unused "$N"
	assert_success
	assert_output ""
	[ ! -e "$SHM/$N" ]
}

@test "--if-unused keeps an object held by a descriptor, and names the holder" {
	shmctl create -s 4K "$N"
	hold_fd "$SHM/$N"
	run shmctl unlink --if-unused "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /$N: in use by (at least )?1 process: $HOLDER \(sleep, descriptor\); not removed$"
	[ -e "$SHM/$N" ]
}

@test "--if-unused keeps an object held only by a mapping" {
	shmctl create -s 4K "$N"
	hold_map "$SHM/$N"
	run shmctl rm --if-unused "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /$N: in use by (at least )?1 process: $HOLDER \(mapholder, mapping\); not removed$"
	[ -e "$SHM/$N" ]
}

@test "--if-unused with several names: the unused go, the held stay, exit 1" {
	shmctl create -s 4K "${P}a" "${P}b" "${P}c"
	hold_fd "$SHM/${P}b"
	run shmctl unlink --if-unused "${P}a" "${P}b" "${P}c"
	assert_failure 1
	assert_output --partial "/${P}b: in use by"
	[ ! -e "$SHM/${P}a" ]
	[ -e "$SHM/${P}b" ]
	[ ! -e "$SHM/${P}c" ]
}

@test "--if-unused and a missing name: an error, but not with -f" {
	shmctl create "${P}a"
	run shmctl unlink --if-unused "${P}missing" "${P}a"
	assert_failure 1
	assert_output "shmctl: unlink: /${P}missing: No such file or directory"
	[ ! -e "$SHM/${P}a" ]
	run shmctl unlink -f --if-unused "${P}missing"
	assert_success
	assert_output ""
}

@test "--if-unused: names with spaces and newlines, messages on one line" {
	shmctl create -s 4K "${P}a b" "${P}c"$'\n'"d"
	hold_fd "$SHM/${P}c"$'\n'"d"
	run shmctl unlink --if-unused "${P}a b" "${P}c"$'\n'"d"
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /${P}c\\\\nd: in use by (at least )?1 process: $HOLDER \(sleep, descriptor\); not removed$"
	[ ! -e "$SHM/${P}a b" ]
	[ -e "$SHM/${P}c"$'\n'"d" ]
}

@test "--if-unused as another user: its unused object goes, one a hidden process holds stays" {
	shmctl create -s 4K "${P}free" "${P}held"
	chown nobody "$SHM/${P}free" "$SHM/${P}held"
	hold_fd "$SHM/${P}held"	# root's: nobody cannot see its descriptors
	run as_nobody "$SHMCTL" unlink --if-unused "${P}free" "${P}held"
	assert_failure 1
	assert_output "shmctl: unlink: /${P}held: in use by a process that could not be inspected; not removed"
	[ ! -e "$SHM/${P}free" ]
	[ -e "$SHM/${P}held" ]
}

@test "--if-unused keeps an object whose holders cannot be ruled out, and says why" {
	mkdir -m 0777 "$SHM/${P}ns"
	printf x >"$SHM/${P}ns/roots"
	chmod 0644 "$SHM/${P}ns/roots"
	run as_nobody "$SHMCTL" -d "$SHM/${P}ns" unlink --if-unused roots
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /roots: holders cannot be ruled out: [0-9]+ process(es)? could not be inspected \(pid [0-9]+.*\); not removed$"
	[ -e "$SHM/${P}ns/roots" ]
	# Without --if-unused the same user may remove it.
	run as_nobody "$SHMCTL" -d "$SHM/${P}ns" unlink roots
	assert_success
	[ ! -e "$SHM/${P}ns/roots" ]
}

@test "--if-unused: an object it may not read gets no answer from the kernel, and is kept" {
	shmctl create -m 0200 "$N"
	chown nobody "$SHM/$N"
	run as_nobody "$SHMCTL" unlink --if-unused "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: unlink: /$N: holders cannot be ruled out: [0-9]+ process(es)? could not be inspected \(pid [0-9]+.*\); not removed$"
	[ -e "$SHM/$N" ]
}

@test "unlink --help shows -f and --if-unused" {
	run shmctl unlink --help
	assert_success
	assert_output --partial "--force"
	assert_output --partial "--if-unused"
	assert_output --partial "Alias: rm"
}
