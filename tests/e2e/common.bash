# Shared setup for shmctl's end-to-end suites.  Every object a test makes is
# named with the prefix in $P (the suite, the shell's pid and the test's
# number), and teardown removes those and nothing else.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

: "${SHMCTL:=shmctl}"
SHM=/dev/shm

common_setup() {
	P="shmctl-test-$(basename "$BATS_TEST_FILENAME" .bats)-$$-${BATS_TEST_NUMBER}-"
	N="${P}obj"
	TMP="$BATS_TEST_TMPDIR"
}

common_teardown() {
	local f
	# $P is the test's own: whatever comes before it in a name (a hidden
	# name, a prefix of another program's), the entry is the test's.
	for f in "$SHM/$P"* "$SHM/"?*"$P"* "$SHM/".*"$P"*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		# a namespace directory the test made (shmctl(1): --dir)
		if [ -d "$f" ] && [ ! -L "$f" ]; then
			rm -rf -- "$f"
		else
			rm -f -- "$f"
		fi
	done
}

setup() { common_setup; }
teardown() { common_teardown; }

shmctl() { "$SHMCTL" "$@"; }

# size of /dev/shm/NAME in bytes
shm_size() { stat -c %s "$SHM/$1"; }
# octal mode of /dev/shm/NAME
shm_mode() { stat -c %a "$SHM/$1"; }

# A listing of the test's objects, to compare before and after.
shm_snapshot() {
	(cd "$SHM" && ls -la --time-style=+%s -- "$P"* 2>/dev/null) | sort
}

# Skips unless running as root.
require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}
