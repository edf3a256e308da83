#!/usr/bin/env bats
# shmctl truncate: absolute and relative sizes, --fd, errors.

load common
load holding

@test "truncate -s sets the size, growing with zeros and shrinking" {
	printf 'abcdef' > "$SHM/$N"
	run shmctl truncate -s 3 "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = abc ]
	run shmctl truncate -s 1K "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 1024 ]
	[ "$(head -c 3 "$SHM/$N")" = abc ]
	tail -c 1021 "$SHM/$N" | cmp -n 1021 - /dev/zero
}

@test "truncate -s +N grows by and -N shrinks by, not below 0" {
	shmctl create -s 100 "$N"
	shmctl truncate -s +28 "$N"
	[ "$(shm_size "$N")" -eq 128 ]
	shmctl truncate -s -100 "$N"
	[ "$(shm_size "$N")" -eq 28 ]
	shmctl truncate -s -1K "$N"
	[ "$(shm_size "$N")" -eq 0 ]
}

@test "truncate applies to every NAME" {
	shmctl create "${P}a" "${P}b"
	run shmctl truncate -s 5 "${P}a" "${P}b"
	assert_success
	[ "$(shm_size "${P}a")" -eq 5 ]
	[ "$(shm_size "${P}b")" -eq 5 ]
}

@test "truncate --fd N resizes an inherited descriptor" {
	shmctl create "$N"
	run shmctl truncate -s 77 --fd 5 5<>"$SHM/$N"
	assert_success
	[ "$(shm_size "$N")" -eq 77 ]
}

@test "truncate --fd of a descriptor that is not an object fails" {
	run shmctl truncate -s 1 --fd 5 5</dev/null
	assert_failure 1
	assert_output "shmctl: truncate: fd 5: not a shared memory object"
	run shmctl truncate -s 1 --fd 9 9<&-	# closed here, whatever the caller left open
	assert_failure 1
	assert_output "shmctl: truncate: fd 9: stat: Bad file descriptor"
}

@test "truncate without -s, with a bad size or without NAME is a usage error" {
	shmctl create -s 9 "$N"
	run shmctl truncate "$N"
	assert_failure 2
	run shmctl truncate -s x "$N"
	assert_failure 2
	run shmctl truncate -s ++1 "$N"
	assert_failure 2
	run shmctl truncate -s 1
	assert_failure 2
	run shmctl truncate -s 1 --fd 3 "$N"
	assert_failure 2
	run shmctl truncate -s 1 --fd -3
	assert_failure 2
	[ "$(shm_size "$N")" -eq 9 ]
}

@test "truncate of a missing object fails with exit 1" {
	run shmctl truncate -s 1 "$N"
	assert_failure 1
	assert_output "shmctl: truncate: /$N: No such file or directory"
	assert_file_not_exists "$SHM/$N"
}

@test "truncate refuses a FIFO without blocking" {
	mkfifo "$SHM/$N"
	run timeout 5 "$SHMCTL" truncate -s 1 "$N"
	assert_failure 1
	assert_output "shmctl: truncate: /$N: not a shared memory object"
}

@test "truncate does not shrink an object another process maps; --force does; growing is allowed" {
	shmctl create -s 64K "$N"
	hold_map "$SHM/$N"
	run shmctl truncate -s 4K "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: truncate: /$N: not shrunk: mapped by (at least )?1 process: $HOLDER \(mapholder, mapping\); shrinking would kill a process that maps it with SIGBUS \(--force shrinks anyway\)$"
	[ "$(shm_size "$N")" -eq 65536 ]
	run shmctl truncate -s -1K "$N"
	assert_failure 1
	[ "$(shm_size "$N")" -eq 65536 ]
	# the holder is alive and still maps it
	kill -0 "$HOLDER"
	shmctl truncate -s +4K "$N"
	[ "$(shm_size "$N")" -eq 69632 ]
	shmctl truncate --force -s 4K "$N"
	[ "$(shm_size "$N")" -eq 4096 ]
}

@test "truncate shrinks an object that no other process holds" {
	shmctl create -s 64K "$N"
	shmctl truncate -s 1K "$N"
	[ "$(shm_size "$N")" -eq 1024 ]
	# also through --fd, the caller's own descriptor
	run shmctl truncate -s 10 --fd 5 5<>"$SHM/$N"
	assert_success
	[ "$(shm_size "$N")" -eq 10 ]
}

@test "write --truncate does not cut an object another process maps" {
	shmctl create -s 64K "$N"
	hold_map "$SHM/$N"
	run shmctl write --truncate --string hello "$N"
	assert_failure 1
	assert_output --regexp "^shmctl: write: /$N: wrote 5 bytes; not cut to 5 bytes: mapped by (at least )?1 process: $HOLDER "
	[ "$(shm_size "$N")" -eq 65536 ]
	[ "$(head -c 5 "$SHM/$N")" = hello ]
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null || true
	shmctl write --truncate --string hi "$N"
	[ "$(shm_size "$N")" -eq 2 ]
}

