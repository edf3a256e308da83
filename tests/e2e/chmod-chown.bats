#!/usr/bin/env bats
# shmctl chmod and chown, through the opened descriptor.

load common

@test "chmod sets an octal mode" {
	shmctl create "$N"
	run shmctl chmod 0640 "$N"
	assert_success
	[ "$(shm_mode "$N")" = 640 ]
}

@test "chmod applies a symbolic mode to the current mode" {
	shmctl create -m 600 "${P}a"
	shmctl create -m 640 "${P}b"
	run shmctl chmod go+r "${P}a" "${P}b"
	assert_success
	[ "$(shm_mode "${P}a")" = 644 ]
	[ "$(shm_mode "${P}b")" = 644 ]
	run shmctl chmod g-r,o=w "${P}a"
	assert_success
	[ "$(shm_mode "${P}a")" = 602 ]
}

@test "chmod takes the permission keywords of the original library" {
	shmctl create "$N"
	run shmctl chmod user-all,group-read,other-exec "$N"
	assert_success
	[ "$(shm_mode "$N")" = 741 ]
	run shmctl chmod rusr,rgrp "$N"
	assert_success
	[ "$(shm_mode "$N")" = 440 ]
}

@test "chmod -w, -x, -rw...: a MODE starting with '-' is a mode, as chmod(1)" {
	shmctl create "$N"
	local f="$TMP/file" m start u want
	# Against coreutils chmod on a regular file, from the same modes and
	# under the same umasks (a clause without a who is masked by it).
	for u in 022 077 000; do
		for start in 777 666 644 4755 1777; do
			for m in -w -x -r -rw -wx -rwx -s -t -X -w,+x \
			    -x,g+w +w =rw =X +X o=r a=rX g=u,o-w u+x-w; do
				: > "$f"
				chmod "$start" "$f" "$SHM/$N"
				# chmod(1) exits 1 where the umask kept bits
				# ("new permissions are ..."), having applied it.
				(umask "$u"; chmod -- "$m" "$f") 2>/dev/null ||
				    true
				want=$(stat -c %a "$f")
				(umask "$u"; shmctl chmod "$m" "$N") ||
				    fail "chmod $m failed"
				[ "$(shm_mode "$N")" = "$want" ] || fail \
"umask $u, $start, chmod $m: $(shm_mode "$N"), chmod(1) $want"
			done
		done
	done
	# After NAME too, with --fd, and after "--", as chmod(1) takes it.
	umask 000
	chmod 666 "$SHM/$N"
	run shmctl chmod "$N" -w
	assert_success
	[ "$(shm_mode "$N")" = 444 ]
	run shmctl chmod -x,u+w --fd 4 4<"$SHM/$N"
	assert_success
	[ "$(shm_mode "$N")" = 644 ]
	run shmctl chmod -- -r "$N"
	assert_success
	[ "$(shm_mode "$N")" = 200 ]
	# A real option stays an option, a bad one an error.
	run shmctl chmod -h
	assert_success
	assert_line --index 0 --partial "Usage: shmctl chmod"
	run shmctl chmod -q "$N"
	assert_failure 2
	assert_output --partial "invalid option"
}

@test "chmod --fd changes the object behind a descriptor" {
	shmctl create "$N"
	run shmctl chmod 604 --fd 4 4<"$SHM/$N"
	assert_success
	[ "$(shm_mode "$N")" = 604 ]
}

@test "chmod with a bad mode changes nothing, exit 2" {
	shmctl create -m 600 "$N"
	for m in 8 77777 u+z "" rwx; do
		run shmctl chmod "$m" "$N"
		assert_failure 2
		assert_output --partial "invalid mode"
	done
	[ "$(shm_mode "$N")" = 600 ]
}

@test "chmod without a NAME is a usage error" {
	run shmctl chmod 600
	assert_failure 2
}

@test "chmod never changes a symlink's target" {
	printf x > "$TMP/target"
	chmod 600 "$TMP/target"
	ln -s "$TMP/target" "$SHM/$N"
	run shmctl chmod 777 "$N"
	assert_failure 1
	assert_output "shmctl: chmod: /$N: not a shared memory object"
	[ "$(stat -c %a "$TMP/target")" = 600 ]
}

@test "chmod of a missing name fails; the other names are still done" {
	shmctl create -m 600 "${P}b"
	run shmctl chmod 640 "${P}a" "${P}b"
	assert_failure 1
	assert_output "shmctl: chmod: /${P}a: No such file or directory"
	[ "$(shm_mode "${P}b")" = 640 ]
}

@test "chown USER:GROUP, USER, :GROUP and USER: change what they name" {
	require_root
	shmctl create "$N"
	run shmctl chown nobody:nogroup "$N"
	assert_success
	[ "$(stat -c %U:%G "$SHM/$N")" = nobody:nogroup ]
	run shmctl chown root "$N"
	assert_success
	[ "$(stat -c %U:%G "$SHM/$N")" = root:nogroup ]
	run shmctl chown :root "$N"
	assert_success
	[ "$(stat -c %U:%G "$SHM/$N")" = root:root ]
	run shmctl chown nobody: "$N"
	assert_success
	login_group=$(id -gn nobody)
	[ "$(stat -c %U:%G "$SHM/$N")" = "nobody:$login_group" ]
}

@test "chown takes numeric ids, even ones with no name" {
	require_root
	shmctl create "$N"
	run shmctl chown 4242:4343 "$N"
	assert_success
	[ "$(stat -c %u:%g "$SHM/$N")" = 4242:4343 ]
}

@test "chown --fd changes the object behind a descriptor" {
	require_root
	shmctl create "$N"
	run shmctl chown 123:456 --fd 4 4<"$SHM/$N"
	assert_success
	[ "$(stat -c %u:%g "$SHM/$N")" = 123:456 ]
}

@test "chown with an unknown user or group is a usage error, nothing changes" {
	shmctl create "$N"
	before=$(stat -c %u:%g "$SHM/$N")
	for o in no-such-user-xyz :no-such-group-xyz "" : a:b:c; do
		run shmctl chown "$o" "$N"
		assert_failure 2
		assert_output --partial "invalid owner"
	done
	[ "$(stat -c %u:%g "$SHM/$N")" = "$before" ]
}

@test "chown never changes a symlink's target" {
	require_root
	printf x > "$TMP/target"
	ln -s "$TMP/target" "$SHM/$N"
	run shmctl chown nobody "$N"
	assert_failure 1
	assert_output "shmctl: chown: /$N: not a shared memory object"
	[ "$(stat -c %U "$TMP/target")" = root ]
}

@test "chown by a user who does not own the object fails with EPERM" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	shmctl create -m 644 "$N"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups "$SHMCTL" chown nobody "$N"
	assert_failure 1
	assert_output "shmctl: chown: /$N: chown: Operation not permitted"
	[ "$(stat -c %U "$SHM/$N")" = root ]
}

as_nobody() {
	setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups "$@"
}

@test "the owner can chmod, chown and stat an object it cannot read (mode 0000)" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	shmctl create -m 000 "$N"
	chown nobody "$SHM/$N"
	run as_nobody "$SHMCTL" stat -c '%a %U' "$N"
	assert_success
	assert_output "0 nobody"
	run as_nobody "$SHMCTL" chown ":$(id -gn nobody)" "$N"
	assert_success
	run as_nobody "$SHMCTL" chmod 640 "$N"
	assert_success
	[ "$(shm_mode "$N")" = 640 ]
	# reading the data still needs read permission
	run as_nobody "$SHMCTL" chmod 0 "$N"
	run as_nobody "$SHMCTL" dump "$N"
	assert_failure 1
	assert_output "shmctl: dump: /$N: Permission denied"
}

@test "chmod by someone who is not the owner fails with EPERM and changes nothing" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	shmctl create -m 666 "$N"
	run as_nobody "$SHMCTL" chmod 600 "$N"
	assert_failure 1
	assert_output "shmctl: chmod: /$N: chmod: Operation not permitted"
	[ "$(shm_mode "$N")" = 666 ]
}
