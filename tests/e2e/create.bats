#!/usr/bin/env bats
# shmctl create: sizes, modes, --if-exists actions, --reserve.

load common

@test "create makes an empty object with mode 0600 by default" {
	run shmctl create "$N"
	assert_success
	assert_output ""
	[ "$(shm_size "$N")" -eq 0 ]
	[ "$(shm_mode "$N")" = 600 ]
	[ "$(stat -c %F "$SHM/$N")" = "regular empty file" ]
}

@test "create -s sizes each new object, with every suffix family" {
	run shmctl create -s 4K "${P}a"
	assert_success
	run shmctl create -s 2KiB "${P}b"
	assert_success
	run shmctl create -s 3KB "${P}c"
	assert_success
	run shmctl create -s 1M "${P}d" "${P}e"
	assert_success
	[ "$(shm_size "${P}a")" -eq 4096 ]
	[ "$(shm_size "${P}b")" -eq 2048 ]
	[ "$(shm_size "${P}c")" -eq 3000 ]
	[ "$(shm_size "${P}d")" -eq 1048576 ]
	[ "$(shm_size "${P}e")" -eq 1048576 ]
}

@test "create -m takes octal, symbolic and keyword modes, not masked by umask" {
	umask 077
	shmctl create -m 0644 "${P}a"
	shmctl create -m u=rw,g=r,o=r "${P}b"
	shmctl create -m user-read,user-write,group-read "${P}c"
	shmctl create -m rusr,wusr,roth "${P}d"
	shmctl create -m a+rw "${P}e"
	[ "$(shm_mode "${P}a")" = 644 ]
	[ "$(shm_mode "${P}b")" = 644 ]
	[ "$(shm_mode "${P}c")" = 640 ]
	[ "$(shm_mode "${P}d")" = 604 ]
	[ "$(shm_mode "${P}e")" = 666 ]
}

@test "create on an existing name fails with File exists and keeps it" {
	printf 'keep' > "$SHM/$N"
	run shmctl create -s 1K "$N"
	assert_failure 1
	assert_output "shmctl: create: /$N: File exists"
	[ "$(cat "$SHM/$N")" = keep ]
}

@test "--if-exists overwrite keeps contents, applies -s and -m" {
	printf 'keepme' > "$SHM/$N"
	chmod 600 "$SHM/$N"
	run shmctl create --if-exists overwrite "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = keepme ]
	run shmctl create --if-exists overwrite -s 4 -m 640 "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = keep ]
	[ "$(shm_mode "$N")" = 640 ]
}

@test "--if-exists overwrite creates a missing object" {
	run shmctl create --if-exists overwrite -s 10 "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 10 ]
}

@test "--if-exists truncate empties, then sizes" {
	printf 'hello' > "$SHM/$N"
	ino=$(stat -c %i "$SHM/$N")
	run shmctl create --if-exists truncate -s 3 "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 3 ]
	[ "$(od -An -tx1 "$SHM/$N" | tr -d ' ')" = 000000 ]
	[ "$(stat -c %i "$SHM/$N")" = "$ino" ]
}

@test "--if-exists supersede replaces the object with a new one" {
	printf 'old' > "$SHM/$N"
	ino=$(stat -c %i "$SHM/$N")
	exec 4<"$SHM/$N"
	run shmctl create --if-exists supersede -s 2 "$N"
	assert_success
	[ "$(stat -c %i "$SHM/$N")" != "$ino" ]
	[ "$(shm_size "$N")" -eq 2 ]
	# the old object lives on for whoever held it
	[ "$(cat <&4)" = old ]
	exec 4<&-
}

@test "--if-exists with an unknown action is a usage error" {
	run shmctl create --if-exists clobber "$N"
	assert_failure 2
	assert_output --partial "invalid --if-exists 'clobber'"
	assert_file_not_exists "$SHM/$N"
	run shmctl create --if-exists nil "$N"
	assert_failure 2
}

@test "invalid sizes are usage errors and create nothing" {
	for s in "" " 1" "1 " -1 1.5K 1Q 1KiBx 99999999999999999999 9E 16EiB; do
		run shmctl create -s "$s" "$N"
		assert_failure 2
		assert_output --partial "invalid size"
		assert_file_not_exists "$SHM/$N"
	done
}

@test "invalid modes are usage errors and create nothing" {
	for m in "" 8 10000 u=rw,bogus user-reed "u=rw " x+q; do
		run shmctl create -m "$m" "$N"
		assert_failure 2
		assert_output --partial "invalid mode"
		assert_file_not_exists "$SHM/$N"
	done
}

@test "--reserve allocates the memory now" {
	run shmctl create --reserve -s 1M "$N"
	assert_success
	[ "$(stat -c %b "$SHM/$N")" -ge 2048 ]
	run shmctl create -s 1M "${P}sparse"
	[ "$(stat -c %b "$SHM/${P}sparse")" -eq 0 ]
}

@test "--reserve without room fails now and leaves no object" {
	d="$TMP/small"
	mkdir "$d"
	if ! mount -t tmpfs -o size=1m tmpfs "$d" 2>/dev/null; then
		skip "cannot mount a size-limited tmpfs here (needs root and mount permission)"
	fi
	run shmctl --dir "$d" create --reserve -s 8M "$N"
	status_=$status out_=$output
	exists=no
	[ -e "$d/$N" ] && exists=yes
	umount "$d"
	[ "$status_" -eq 1 ]
	[[ "$out_" == "shmctl: create: /$N: allocate: No space left on device" ]]
	[ "$exists" = no ]
}

@test "create refuses a symlink under the name and does not touch its target" {
	printf 'target' > "$TMP/target"
	ln -s "$TMP/target" "$SHM/$N"
	run shmctl create --if-exists truncate -s 0 "$N"
	assert_failure 1
	assert_output "shmctl: create: /$N: not a shared memory object"
	[ "$(cat "$TMP/target")" = target ]
	[ -L "$SHM/$N" ]
}
