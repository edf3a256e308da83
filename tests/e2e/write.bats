#!/usr/bin/env bats
# shmctl write: TEXT, fill, FILE and standard input at offsets; data that
# does not fit (nothing written for known lengths, what fits for streams);
# --grow, --create -m, --truncate; --fd; usage errors that change nothing;
# an object truncated by someone else during a write; a full tmpfs.

load common

# The object's bytes as hex, to compare with what python computes.
shm_hex() { od -An -v -tx1 "$SHM/$1" | tr -d ' \n'; }

# Hex of bytes given as a python expression.
py_hex() { python3 -c "import sys; sys.stdout.write(($1).hex())"; }

# Asserts that the object's content and metadata did not change.
unchanged_since() {
	[ "$(shm_snapshot)" = "$1" ]
	cmp "$SHM/$N" "$TMP/before"
}

@test "write --string puts TEXT at offset 0 without a newline" {
	shmctl create -s 16 "$N"
	run shmctl write --string hello "$N"
	assert_success
	assert_output ""
	[ "$(shm_hex "$N")" = "$(py_hex 'b"hello" + bytes(11)')" ]
	[ "$(shm_size "$N")" -eq 16 ]
}

@test "write -o OFFSET writes there and leaves the rest alone" {
	printf 'abcdefghij' > "$SHM/$N"
	run shmctl write -o 3 --string XYZ "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = abcXYZghij ]
	run shmctl write --offset 8 --string 12 "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = abcXYZgh12 ]
	[ "$(shm_size "$N")" -eq 10 ]
}

@test "write --fill BYTE -n LENGTH, decimal or 0xHH" {
	shmctl create -s 32 "$N"
	run shmctl write --fill 0x41 -o 4 -n 3 "$N"
	assert_success
	run shmctl write --fill 255 -o 10 --length 2 "$N"
	assert_success
	[ "$(shm_hex "$N")" = "$(py_hex 'bytes(4) + b"AAA" + bytes(3) + b"\xff\xff" + bytes(20)')" ]
}

@test "write --fill without -n fills to the end of the object" {
	shmctl create -s 3M "$N"
	run shmctl write --fill 0xab -o 1000 "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 3145728 ]
	python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
assert d == bytes(1000) + b"\xab" * (3145728 - 1000), "fill"' "$SHM/$N"
}

@test "write FILE copies the file's bytes" {
	head -c 3000000 /dev/urandom > "$TMP/data"
	shmctl create -s 4M "$N"
	run shmctl write "$TMP/data" "$N"
	assert_success
	cmp -n 3000000 "$TMP/data" "$SHM/$N"
	tail -c +3000001 "$SHM/$N" | cmp - <(head -c 1194304 /dev/zero)
	run shmctl write -o 5 "$TMP/data" "$N"
	assert_success
	tail -c +6 "$SHM/$N" | cmp -n 3000000 - "$TMP/data"
}

@test "write reads standard input: a pipe, a redirected file, '-'" {
	head -c 2500000 /dev/urandom > "$TMP/data"
	shmctl create -s 2500000 "$N"
	run bash -c 'cat "$1" | "$0" write "$2"' "$SHMCTL" "$TMP/data" "$N"
	assert_success
	cmp "$TMP/data" "$SHM/$N"
	shmctl write --fill 0 "$N"
	run bash -c '"$0" write "$2" < "$1"' "$SHMCTL" "$TMP/data" "$N"
	assert_success
	cmp "$TMP/data" "$SHM/$N"
	shmctl write --fill 0 "$N"
	run bash -c 'cat "$1" | "$0" write - "$2"' "$SHMCTL" "$TMP/data" "$N"
	assert_success
	cmp "$TMP/data" "$SHM/$N"
}

@test "write of a known length that does not fit writes nothing" {
	printf 'abcdefghij' > "$SHM/$N"
	cp "$SHM/$N" "$TMP/before"
	local before
	before=$(shm_snapshot)
	run shmctl write -o 8 --string XYZ "$N"
	assert_failure 1
	assert_output "shmctl: write: /$N: 3 bytes at offset 8 would run past the end of the object (size 10); nothing written (--grow extends it)"
	unchanged_since "$before"
	run shmctl write --fill 1 -n 11 "$N"
	assert_failure 1
	assert_output --partial "nothing written"
	unchanged_since "$before"
	head -c 20 /dev/urandom > "$TMP/data"
	run shmctl write "$TMP/data" "$N"
	assert_failure 1
	assert_output --partial "20 bytes at offset 0 would run past the end"
	unchanged_since "$before"
	# a regular file on standard input has a known length too
	run bash -c '"$0" write "$2" < "$1"' "$SHMCTL" "$TMP/data" "$N"
	assert_failure 1
	assert_output --partial "nothing written"
	unchanged_since "$before"
}

@test "write of a stream that does not fit writes what fits and says so" {
	shmctl create -s 10 "$N"
	run bash -c 'printf "0123456789abcdef" | "$0" write "$1"' "$SHMCTL" "$N"
	assert_failure 1
	assert_output "shmctl: write: /$N: wrote 10 bytes; the rest of the input was not written: it would run past the end of the object (size 10; --grow extends it)"
	[ "$(cat "$SHM/$N")" = 0123456789 ]
	[ "$(shm_size "$N")" -eq 10 ]
	# a stream that fits exactly is fine
	run bash -c 'printf "ABCDEFGHIJ" | "$0" write "$1"' "$SHMCTL" "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = ABCDEFGHIJ ]
	# a large stream, at an offset
	shmctl truncate -s 1M "$N"
	run bash -c 'head -c 3M /dev/zero | tr "\0" x | "$0" write -o 1000 "$1"' \
	    "$SHMCTL" "$N"
	assert_failure 1
	assert_output --partial "wrote 1047576 bytes; the rest"
	[ "$(shm_size "$N")" -eq 1048576 ]
	[ "$(tr -d x < "$SHM/$N" | wc -c)" -eq 1000 ]
}

@test "write at an offset past the end fails unless --grow" {
	printf 'abc' > "$SHM/$N"
	cp "$SHM/$N" "$TMP/before"
	local before
	before=$(shm_snapshot)
	run shmctl write -o 4 --string x "$N"
	assert_failure 1
	assert_output --partial "offset 4 is past the end of the object (size 3)"
	unchanged_since "$before"
	run bash -c 'printf x | "$0" write -o 4 "$1"' "$SHMCTL" "$N"
	assert_failure 1
	unchanged_since "$before"
	run shmctl write -o 6 --string xy --grow "$N"
	assert_success
	[ "$(shm_hex "$N")" = "$(py_hex 'b"abc" + bytes(3) + b"xy"')" ]
}

@test "write --grow extends the object to fit" {
	printf 'abc' > "$SHM/$N"
	run shmctl write -o 1 --string 'hello world' --grow "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = "ahello world" ]
	run shmctl write --fill 0x7a -o 10 -n 5 --grow "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = "ahello worzzzzz" ]
	head -c 2000000 /dev/urandom > "$TMP/data"
	run bash -c 'cat "$1" | "$0" write --grow -o 15 "$2"' "$SHMCTL" \
	    "$TMP/data" "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 2000015 ]
	tail -c +16 "$SHM/$N" | cmp - "$TMP/data"
	run shmctl write --grow "$TMP/data" "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 2000015 ]
	# extends even when there is no data past the end
	run shmctl write --grow -o 3000000 --string '' "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 3000000 ]
}

@test "write --create makes NAME with -m MODE, exactly" {
	umask 077
	run shmctl write --create -m 0644 --grow --string hi "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = hi ]
	[ "$(shm_mode "$N")" = 644 ]
	run shmctl write --create --mode u=rw,g=r --grow --string x "${P}b"
	assert_success
	[ "$(shm_mode "${P}b")" = 640 ]
	run shmctl write --create --grow --string x "${P}c"
	assert_success
	[ "$(shm_mode "${P}c")" = 600 ]
}

@test "write --create keeps an existing object, its data and its mode" {
	printf 'abcdef' > "$SHM/$N"
	chmod 0640 "$SHM/$N"
	run shmctl write --create -m 0600 --string XY "$N"
	assert_success
	[ "$(cat "$SHM/$N")" = XYcdef ]
	[ "$(shm_mode "$N")" = 640 ]
}

@test "write without --create fails on a missing object" {
	run shmctl write --string x "$N"
	assert_failure 1
	assert_output "shmctl: write: /$N: No such file or directory"
	[ ! -e "$SHM/$N" ]
}

@test "write --create leaves no object behind when the write fails" {
	run shmctl write --create --string toolong "$N"
	assert_failure 1
	assert_output --partial "nothing written"
	[ ! -e "$SHM/$N" ]
	run shmctl write --create "$TMP/missing" "$N"
	assert_failure 1
	assert_output "shmctl: write: $TMP/missing: No such file or directory"
	[ ! -e "$SHM/$N" ]
}

@test "write --create --truncate < file makes a copy of the file" {
	head -c 1234567 /dev/urandom > "$TMP/data"
	run bash -c '"$0" write --create --truncate "$2" < "$1"' "$SHMCTL" \
	    "$TMP/data" "$N"
	assert_success
	cmp "$TMP/data" "$SHM/$N"
	run bash -c 'cat "$1" | "$0" write --create --truncate "$2"' \
	    "$SHMCTL" "$TMP/data" "${P}b"
	assert_success
	cmp "$TMP/data" "$SHM/${P}b"
	run shmctl write --create --truncate "$TMP/data" "${P}c"
	assert_success
	cmp "$TMP/data" "$SHM/${P}c"
	# an empty file gives an empty object
	: > "$TMP/empty"
	run shmctl write --create --truncate "$TMP/empty" "${P}d"
	assert_success
	[ "$(shm_size "${P}d")" -eq 0 ]
}

@test "write --truncate sets the size to where the data ended" {
	head -c 5000 /dev/urandom > "$SHM/$N"
	run shmctl write --truncate -o 100 --string abc "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 103 ]
	[ "$(tail -c 3 "$SHM/$N")" = abc ]
	run shmctl write --truncate --fill 7 -o 10 -n 0 "$N"
	assert_success
	[ "$(shm_size "$N")" -eq 10 ]
}

@test "write --fd N writes to an inherited descriptor" {
	shmctl create -s 8 "$N"
	run shmctl write --fd 3 --string abc 3<>"$SHM/$N"
	assert_success
	[ "$(shm_hex "$N")" = "$(py_hex 'b"abc" + bytes(5)')" ]
	printf 'FILE' > "$TMP/f"
	run shmctl write -o 4 --fd 3 "$TMP/f" 3<>"$SHM/$N"
	assert_success
	[ "$(shm_hex "$N")" = "$(py_hex 'b"abc\0FILE"')" ]
	run bash -c 'printf xy | "$0" write --fd 3 --truncate 3<>"$1"' \
	    "$SHMCTL" "$SHM/$N"
	assert_success
	[ "$(cat "$SHM/$N")" = xy ]
}

@test "write --fd of a read-only descriptor or not an object fails" {
	printf 'abc' > "$SHM/$N"
	run shmctl write --fd 3 --string x 3<"$SHM/$N"
	assert_failure 1
	assert_output --partial "Bad file descriptor"
	[ "$(cat "$SHM/$N")" = abc ]
	run shmctl write --fd 3 --string x 3</dev/null
	assert_failure 1
	assert_output "shmctl: write: fd 3: not a shared memory object"
}

@test "write: bad values and operands are usage errors that change nothing" {
	printf 'abcdef' > "$SHM/$N"
	cp "$SHM/$N" "$TMP/before"
	printf 'x' > "$TMP/f"
	local before bad
	before=$(shm_snapshot)
	for bad in "--fill 256" "--fill x" "--fill -1" "--fill ''" \
	    "-o -1 --string x" "-o 1Q --string x" "-n 2 --string x" \
	    "--fill 1 -n x" "-m 600 --string x" \
	    "--create -m 99 --string x" "--string a --fill 1" \
	    "--string x $TMP/f" "--fill 1 $TMP/f" "--bogus"; do
		run bash -c "\"\$0\" write $bad \"\$1\"" "$SHMCTL" "$N"
		assert_failure 2
		assert_output --partial "shmctl: write: "
		unchanged_since "$before"
	done
	run shmctl write
	assert_failure 2
	run shmctl write a b c
	assert_failure 2
	run shmctl write --string x "a/b"
	assert_failure 2
	run shmctl write --create --fd 3 --string x 3<>"$SHM/$N"
	assert_failure 2
	run shmctl write --fd 3 "$TMP/f" "$N" 3<>"$SHM/$N"
	assert_failure 2
	unchanged_since "$before"
	# --create with a bad value creates nothing
	run shmctl write --create --fill 300 "${P}new"
	assert_failure 2
	[ ! -e "$SHM/${P}new" ]
}

@test "write of a directory or unreadable FILE fails before touching NAME" {
	printf 'abc' > "$SHM/$N"
	run shmctl write "$TMP" "$N"
	assert_failure 1
	assert_output --partial "Is a directory"
	[ "$(cat "$SHM/$N")" = abc ]
}

@test "write stops and says so when the object is truncated meanwhile" {
	shmctl create -s 8M "$N"
	# 2 MiB into the pipe, then the object is cut to 0, then 2 MiB more
	run bash -c '
python3 -c "
import os, sys, time
out = sys.stdout.buffer
out.write(b\"a\" * (2 << 20)); out.flush()
time.sleep(0.3)
os.truncate(sys.argv[1], 0)
out.write(b\"b\" * (2 << 20)); out.flush()
" "$2" | "$0" write "$1"' "$SHMCTL" "$N" "$SHM/$N"
	assert_failure 1
	assert_output --regexp "shmctl: write: /$N: object shrank to [0-9]+ bytes while being written; stopped after [0-9]+ bytes written"
	# it did not put the object back to its old size
	[ "$(shm_size "$N")" -lt 8388608 ]
}

@test "write reports the bytes written when the tmpfs is full" {
	require_root
	mkdir "$TMP/small"
	mount -t tmpfs -o size=1M tmpfs "$TMP/small" 2>/dev/null ||
	    skip "cannot mount a tmpfs"
	run bash -c 'head -c 3M /dev/zero | "$0" -d "$1" write --create \
	    --grow obj' "$SHMCTL" "$TMP/small"
	local size
	size=$(stat -c %s "$TMP/small/obj" 2>/dev/null || echo none)
	umount "$TMP/small"
	assert_failure 1
	assert_output --regexp "shmctl: write: /obj: write: No space left on device \([0-9]+ bytes written\)"
	[ "$size" = none ]
}

@test "write's memory use does not grow with the data's size" {
	[ -x /usr/bin/time ] || skip "needs GNU time (/usr/bin/time)"
	! grep -q __asan_init "$SHMCTL" ||
	    skip "AddressSanitizer's shadow memory swamps the figure"
	local rss
	rss=$( { head -c 512M /dev/zero |
	    /usr/bin/time -f %M "$SHMCTL" write --create --truncate "$N"; } 2>&1)
	[ "$(shm_size "$N")" -eq 536870912 ]
	[ "$rss" -le 8192 ]
	rss=$(/usr/bin/time -f %M "$SHMCTL" write --fill 1 "$N" 2>&1)
	[ "$rss" -le 8192 ]
}
