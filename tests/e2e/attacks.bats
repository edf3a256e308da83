#!/usr/bin/env bats
# Attacks on removal (shmctl-gc(1), shmctl-unlink(1)): names renamed over
# while gc and unlink --if-unused run, a client re-opening while gc
# removes, a FIFO and a symbolic link swapped into a name during unlink.
# Each runs for a few seconds, bounded with timeout(1).

load common

ATTACK=${SHMCTL_TEST_BIN:-$(dirname "$SHMCTL")/../tests}/helpers/attack

setup() {
	common_setup
	[ -x "$ATTACK" ] || skip "attack helper not built ($ATTACK)"
}

teardown() {
	local f
	for f in "$SHM/.shmctl-displaced.$P"*; do
		[ -e "$f" ] && rm -f -- "$f"
	done
	common_teardown
}

# publish_attack CMD...: runs shmctl CMD 60 times while a publisher renames
# held objects over NAME; the publisher must see none of its held objects
# lose its link or its name.
publish_attack() {
	timeout 60 "$ATTACK" publish "$SHM" "$N" 6 >"$TMP/pub" &
	local pub=$! i
	for ((i = 0; i < 60; i++)); do
		timeout 10 "$SHMCTL" "$@" >/dev/null 2>&1 || true
	done
	wait "$pub" || { cat "$TMP/pub"; false; }
	run cat "$TMP/pub"
	assert_output --regexp '^published [0-9]+$'
}

@test "gc --yes never removes an object that a publisher renames over the name" {
	publish_attack gc --yes --older-than 0 "${P}*"
}

@test "unlink --if-unused never removes an object that a publisher renames over the name" {
	publish_attack unlink --if-unused "$N"
}

@test "a client re-opening every 200 us while gc removes gets the live object or ENOENT" {
	# An opener that looked the name up just before the rename aside
	# breaks the lease only when its open(2) gets there: gc waits for it
	# (shmctl-gc(1)) before it looks at the lease, so that it is kept.
	timeout 60 "$ATTACK" reopen "$SHM" "$N" 8 >"$TMP/client" &
	local client=$! i removed=0
	for ((i = 0; i < 150; i++)); do
		# A new object where gc removed the last one; one gc kept (the
		# client had it open) stays: replacing it here would unlink it
		# under a client that has just opened it, which is no fault of
		# gc's.
		if [ ! -e "$SHM/$N" ]; then
			printf x >"$SHM/$N.new" && mv -n "$SHM/$N.new" "$SHM/$N"
		fi
		timeout 10 "$SHMCTL" gc --yes --older-than 0 "$N" >"$TMP/gc" 2>&1 || true
		grep -q '^removed /' "$TMP/gc" && removed=$((removed + 1))
	done
	wait "$client" || { cat "$TMP/client"; false; }
	run cat "$TMP/client"
	assert_output --regexp '^opened [0-9]+, missing [0-9]+$'
	# The race was run: gc did remove the object many times.
	[ "$removed" -gt 0 ]
}

# swap_attack OTHER: unlink NAME in a loop while the helper exchanges NAME
# with OTHER, a FIFO or symbolic link.  A second link to OTHER's inode, in
# a directory of the test's own, counts its names at any moment: if unlink
# removed it under either name, it would drop to 1.
swap_attack() {
	local other=$SHM/$1 i
	mkdir "$SHM/${P}d"
	ln -P "$other" "$SHM/${P}d/keep"
	printf x >"$SHM/$N"
	timeout 60 "$ATTACK" swap "$SHM" "$N" "$1" 6 &
	local swapper=$!
	for ((i = 0; i < 300; i++)); do
		timeout 10 "$SHMCTL" unlink "$N" >/dev/null 2>&1 || true
		[ "$(stat -c %h "$SHM/${P}d/keep")" -eq 2 ]
		# The object went: a new one under the name that is free.
		if [ ! -f "$SHM/$N" ] && [ ! -f "$other" ]; then
			printf x >"$SHM/${P}new"
			mv -n "$SHM/${P}new" "$SHM/$N" 2>/dev/null ||
			    mv -n "$SHM/${P}new" "$other" 2>/dev/null || true
		fi
	done
	wait "$swapper"
	[ "$(stat -c %h "$SHM/${P}d/keep")" -eq 2 ]
}

@test "a FIFO swapped into the name during unlink is never removed" {
	mkfifo "$SHM/${P}fifo"
	swap_attack "${P}fifo"
}

@test "a symbolic link swapped into the name during unlink is never removed" {
	ln -s "$N.target" "$SHM/${P}link"
	swap_attack "${P}link"
}

@test "unlink of a FIFO or symbolic link fails and leaves it" {
	mkfifo "$SHM/${P}fifo"
	ln -s /etc/passwd "$SHM/${P}link"
	run shmctl unlink "${P}fifo" "${P}link"
	assert_failure 1
	assert_line "shmctl: unlink: /${P}fifo: not a shared memory object"
	assert_line "shmctl: unlink: /${P}link: not a shared memory object"
	[ -p "$SHM/${P}fifo" ]
	[ -L "$SHM/${P}link" ]
	# Nothing was left aside.
	run ls -a "$SHM"
	refute_output --partial ".shmctl-displaced.${P}"
}
