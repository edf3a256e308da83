#!/usr/bin/env bats
# shmctl truncate: absolute and relative sizes, --fd, errors.

load common

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
	run shmctl truncate -s 1 --fd 9
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
