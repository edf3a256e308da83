#!/usr/bin/env bats
# shmctl dump: the canonical format checked byte for byte against hexdump -C
# (squeezing, partial lines, the final offset line, offsets and lengths),
# raw bytes checked with cmp, errors, --fd, standard output failures, and
# an object that shrinks while it is read.

load common

# hexdump's character column follows the locale: compare in the C locale.
hd() { LC_ALL=C hexdump "$@"; }

# The line formatters SHMCTL_HEXDUMP can force (hexdump.h).
ALL_FORMATTERS="scalar ssse3 avx2"

# FORMATTERS: those this binary and CPU run; each comparison with hexdump
# below is made with every one of them forced in turn.  The others' reasons
# go to $BATS_FILE_TMPDIR/why-NAME, for the tests that skip them.
setup_file() {
	local probe="$SHM/shmctl-test-dump-probe-$$" k
	printf 'probe' >"$probe"
	FORMATTERS=""
	for k in $ALL_FORMATTERS; do
		if SHMCTL_HEXDUMP=$k "$SHMCTL" dump "${probe#"$SHM"/}" \
		    >/dev/null 2>"$BATS_FILE_TMPDIR/why-$k"; then
			FORMATTERS+="$k "
		fi
	done
	rm -f "$probe"
	export FORMATTERS
}

# Writes random bytes, runs of zeros and repeated lines into FILE, with a
# layout fixed by SEED: every squeezing case in one object.
mixed_data() {
	python3 - "$1" "$2" <<'EOF'
import random, sys
rnd = random.Random(int(sys.argv[2]))
out = bytearray()
for _ in range(120):
    kind = rnd.choice("rzap")
    n = rnd.randint(0, 90)
    if kind == "r":
        out += bytes(rnd.getrandbits(8) for _ in range(n))
    elif kind == "z":
        out += bytes(n * 4)
    elif kind == "a":
        out += b"A" * n
    else:
        out += (bytes(range(16)) * 8)[:n]
open(sys.argv[1], "wb").write(out)
EOF
}

# Asserts that dump with ARGS prints what hexdump -C with HDARGS prints,
# with each formatter of $FORMATTERS (default: those found by setup_file).
same_as_hexdump() {
	local args=$1 hdargs=$2 k
	[ -n "$FORMATTERS" ] || return 1
	# shellcheck disable=SC2086
	hd -C $hdargs "$SHM/$N" > "$TMP/theirs"
	for k in $FORMATTERS; do
		# shellcheck disable=SC2086
		SHMCTL_HEXDUMP=$k "$SHMCTL" dump $args "$N" > "$TMP/ours"
		if ! cmp -s "$TMP/ours" "$TMP/theirs"; then
			echo "dump $args ($k) differs from hexdump -C $hdargs:"
			diff "$TMP/ours" "$TMP/theirs" | head -20
			return 1
		fi
	done
}

# Skips unless formatter $1 runs here, saying why; else compares it alone
# with hexdump -C on every kind of line, at start offsets that make lines
# start anywhere in the 16-byte pattern, with and without squeezing.
formatter_matches_hexdump() {
	local k=$1 FORMATTERS=$1 o
	case " $ALL_FORMATTERS " in
	*" $k "*) ;;
	*) return 1 ;;
	esac
	[ -s "$BATS_FILE_TMPDIR/why-$k" ] &&
	    skip "$(cat "$BATS_FILE_TMPDIR/why-$k")"
	mixed_data "$SHM/$N" 3
	for o in 0 1 7 15 16 4095; do
		same_as_hexdump "-o $o" "-s $o"
		same_as_hexdump "-v -o $o" "-v -s $o"
	done
	head -c 1000003 /dev/urandom > "$SHM/$N"
	same_as_hexdump "" ""
	same_as_hexdump "-o 9 -n 777777" "-s 9 -n 777777"
}

@test "dump shows random bytes exactly as hexdump -C does" {
	head -c 70000 /dev/urandom > "$SHM/$N"
	run shmctl dump "$N"
	assert_success
	[ "$output" = "$(hd -C "$SHM/$N")" ]
	same_as_hexdump "-C" ""
	same_as_hexdump "-v" "-v"
}

@test "dump -C: the scalar formatter, forced, matches hexdump -C" {
	formatter_matches_hexdump scalar
}

@test "dump -C: the SSSE3 formatter, forced, matches hexdump -C" {
	formatter_matches_hexdump ssse3
}

@test "dump -C: the AVX2 formatter, forced, matches hexdump -C" {
	formatter_matches_hexdump avx2
}

@test "dump -C: SHMCTL_HEXDUMP naming no formatter fails and says so" {
	printf 'abc' > "$SHM/$N"
	SHMCTL_HEXDUMP=avx9 run "$SHMCTL" dump "$N"
	assert_failure 1
	assert_output "shmctl: dump: SHMCTL_HEXDUMP=avx9: unknown formatter (scalar, ssse3 or avx2)"
	# raw bytes are not formatted: the variable does not matter there
	SHMCTL_HEXDUMP=avx9 run "$SHMCTL" dump -r "$N"
	assert_success
	assert_output "abc"
	SHMCTL_HEXDUMP= run "$SHMCTL" dump "$N"
	assert_success
	assert_output "$(hd -C "$SHM/$N")"
}

@test "dump -C squeezes repeated lines to '*' as hexdump -C does" {
	# zeros, one different line, zeros, then a short tail of zeros
	head -c 4096 /dev/zero > "$SHM/$N"
	printf 'different line!!' | dd of="$SHM/$N" bs=1 seek=1024 \
	    conv=notrunc status=none
	head -c 10 /dev/zero >> "$SHM/$N"
	run shmctl dump "$N"
	assert_success
	assert_line --index 1 '*'
	[ "$(grep -c '^\*$' <<<"$output")" -eq 2 ]
	same_as_hexdump "" ""
}

@test "dump -v shows every line as hexdump -C -v does" {
	head -c 1000 /dev/zero > "$SHM/$N"
	run shmctl dump -v "$N"
	assert_success
	refute_line '*'
	[ "${#lines[@]}" -eq 64 ]
	same_as_hexdump "-v" "-v"
	same_as_hexdump "-v -o 5 -n 300" "-v -s 5 -n 300"
}

@test "dump matches hexdump -C -s -n at many offsets and lengths" {
	mixed_data "$SHM/$N" 1
	local size i o n v
	size=$(shm_size "$N")
	RANDOM=42
	for i in $(seq 1 60); do
		o=$(( (RANDOM * 32768 + RANDOM) % (size + 1) ))
		n=$(( RANDOM % 2500 ))
		v=""
		[ $((i % 3)) -eq 0 ] && v=-v
		same_as_hexdump "$v -o $o -n $n" "$v -s $o -n $n"
		[ $((i % 5)) -eq 0 ] && same_as_hexdump "$v -o $o" "$v -s $o"
	done
	same_as_hexdump "" ""
}

@test "dump matches hexdump -C on short objects at every offset" {
	local size o n
	for size in 1 8 9 16 17 33; do
		head -c "$size" /dev/urandom > "$SHM/$N"
		for o in $(seq 0 "$size"); do
			for n in 1 8 16 17 100; do
				same_as_hexdump "-o $o -n $n" "-s $o -n $n"
			done
			same_as_hexdump "-o $o" "-s $o"
		done
	done
}

@test "dump: -n 0 prints nothing, offset at the end prints the offset line" {
	printf 'Hello, world\n' > "$SHM/$N"
	run shmctl dump -n 0 "$N"
	assert_success
	assert_output ""
	[ -z "$(hd -C -n 0 "$SHM/$N")" ]
	run shmctl dump -o 13 "$N"
	assert_success
	assert_output "0000000d"
	same_as_hexdump "-o 13" "-s 13"
	same_as_hexdump "-o 13 -n 4" "-s 13 -n 4"
	same_as_hexdump "-o 13 -n 0" "-s 13 -n 0"
}

@test "dump of an empty object prints nothing, as hexdump does" {
	: > "$SHM/$N"
	run shmctl dump "$N"
	assert_success
	assert_output ""
	[ -z "$(hd -C "$SHM/$N")" ]
	run shmctl dump -r "$N"
	assert_success
	assert_output ""
}

@test "dump addresses are absolute offsets, wider past 4 GiB" {
	# a sparse object: its holes cost no memory
	truncate -s 5G "$SHM/$N"
	printf 'beyond four gigabytes' | dd of="$SHM/$N" bs=1 \
	    seek=4294967300 conv=notrunc status=none
	run shmctl dump -o 4294967200 -n 300 "$N"
	assert_success
	assert_line --index 0 --regexp '^ffffffa0  00 '
	assert_line '100000000  00 00 00 00 62 65 79 6f  6e 64 20 66 6f 75 72 20  |....beyond four |'
	same_as_hexdump "-o 4294967200 -n 300" "-s 4294967200 -n 300"
	same_as_hexdump "-v -o 4294967200 -n 300" "-v -s 4294967200 -n 300"
}

@test "dump -r writes the bytes themselves" {
	head -c 300000 /dev/urandom > "$TMP/data"
	cp "$TMP/data" "$SHM/$N"
	# to a file, to a pipe
	shmctl dump -r "$N" > "$TMP/out"
	cmp "$TMP/out" "$TMP/data"
	shmctl dump --raw "$N" | cat > "$TMP/out2"
	cmp "$TMP/out2" "$TMP/data"
	# a range
	shmctl dump -r -o 1000 -n 77777 "$N" > "$TMP/out3"
	tail -c +1001 "$TMP/data" | head -c 77777 | cmp - "$TMP/out3"
	# a length past the end is clipped
	shmctl dump -r -o 299990 -n 1M "$N" > "$TMP/out4"
	tail -c 10 "$TMP/data" | cmp - "$TMP/out4"
}

@test "dump -n past the end is clipped to the end" {
	head -c 100 /dev/urandom > "$SHM/$N"
	run shmctl dump -o 90 -n 1K "$N"
	assert_success
	[ "$output" = "$(hd -C -s 90 "$SHM/$N")" ]
}

@test "dump at an offset past the end fails" {
	head -c 100 /dev/urandom > "$SHM/$N"
	run shmctl dump -o 101 "$N"
	assert_failure 1
	assert_output "shmctl: dump: /$N: offset 101 is past the end of the object (size 100)"
	run shmctl dump -r -o 1G "$N"
	assert_failure 1
	assert_output --partial "past the end"
}

@test "dump --fd N reads an inherited descriptor" {
	mixed_data "$SHM/$N" 2
	run shmctl dump --fd 3 3<"$SHM/$N"
	assert_success
	[ "$output" = "$(hd -C "$SHM/$N")" ]
	run shmctl dump -r -o 7 -n 20 --fd 3 3<"$SHM/$N"
	assert_success
	[ "$output" = "$(tail -c +8 "$SHM/$N" | head -c 20)" ]
	# a read-write descriptor too
	"$SHMCTL" dump -r --fd 4 4<>"$SHM/$N" | cmp - "$SHM/$N"
}

@test "dump --fd: a NAME as well, or not an object, is refused" {
	printf 'x' > "$SHM/$N"
	run shmctl dump --fd 3 "$N" 3<"$SHM/$N"
	assert_failure 2
	run shmctl dump --fd 3 3</dev/null
	assert_failure 1
	assert_output "shmctl: dump: fd 3: not a shared memory object"
}

@test "dump --fd of a write-only descriptor fails to read, saying so" {
	printf 'abc' > "$SHM/$N"
	run shmctl dump --fd 3 3>>"$SHM/$N"
	assert_failure 1
	assert_output "shmctl: dump: fd 3: read: Bad file descriptor"
	run shmctl dump -r --fd 3 3>>"$SHM/$N"
	assert_failure 1
	assert_output "shmctl: dump: fd 3: read: Bad file descriptor"
}

@test "dump to a closed standard output fails with a message" {
	printf 'abc' > "$SHM/$N"
	run bash -c '"$0" dump "$1" >&-' "$SHMCTL" "$N"
	assert_failure 1
	assert_output "shmctl: dump: standard output: Bad file descriptor"
	run bash -c '"$0" dump -r "$1" >&-' "$SHMCTL" "$N"
	assert_failure 1
	assert_output "shmctl: dump: standard output: Bad file descriptor"
}

@test "dump to a full device fails with a message" {
	head -c 100000 /dev/urandom > "$SHM/$N"
	run bash -c '"$0" dump "$1" > /dev/full' "$SHMCTL" "$N"
	assert_failure 1
	assert_output "shmctl: dump: standard output: No space left on device"
	run bash -c '"$0" dump -r "$1" > /dev/full' "$SHMCTL" "$N"
	assert_failure 1
	assert_output "shmctl: dump: standard output: No space left on device"
}

@test "dump into a pipe closed early ends quietly" {
	head -c 4M /dev/urandom > "$SHM/$N"
	run bash -c '"$0" dump "$1" 2>"$2" | head -n 1' "$SHMCTL" "$N" \
	    "$TMP/err"
	assert_success
	[ "$output" = "$(hd -C -n 16 "$SHM/$N" | head -n 1)" ]
	[ ! -s "$TMP/err" ]
	run bash -c '"$0" dump -r "$1" 2>"$2" | head -c 10 >/dev/null' \
	    "$SHMCTL" "$N" "$TMP/err"
	[ ! -s "$TMP/err" ]
}

@test "dump: bad values and operands are usage errors" {
	printf 'x' > "$SHM/$N"
	local bad
	for bad in "-o -1" "-o x" "-o 1Q" "-n -5" "-n ''" "-C -r" "-q"; do
		run bash -c "\"\$0\" dump $bad \"\$1\"" "$SHMCTL" "$N"
		assert_failure 2
		assert_output --partial "shmctl: dump: "
	done
	run shmctl dump
	assert_failure 2
	run shmctl dump "$N" "${P}b"
	assert_failure 2
	run shmctl dump "a/b"
	assert_failure 2
}

@test "dump of a missing object or a FIFO fails" {
	run shmctl dump "$N"
	assert_failure 1
	assert_output "shmctl: dump: /$N: No such file or directory"
	mkfifo "$SHM/$N"
	run timeout 10 "$SHMCTL" dump "$N"
	assert_failure 1
	assert_output "shmctl: dump: /$N: not a shared memory object"
}

# Reads FIFO: the first 64 KiB, then truncates OBJECT to SIZE bytes, then
# the rest; everything read goes to OUT.
shrink_reader() {
	python3 - "$@" <<'EOF'
import os, sys
fifo, obj, size, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(fifo, "rb", buffering=0) as f, open(out, "wb") as o:
    got = 0
    while got < 65536:
        b = f.read(65536 - got)
        if not b:
            break
        o.write(b)
        got += len(b)
    os.truncate(obj, size)
    while True:
        b = f.read(1 << 20)
        if not b:
            break
        o.write(b)
EOF
}

@test "dump -r stops and says so when the object shrinks while it is read" {
	head -c 8M /dev/urandom > "$TMP/data"
	cp "$TMP/data" "$SHM/$N"
	mkfifo "$TMP/fifo"
	shrink_reader "$TMP/fifo" "$SHM/$N" 1000000 "$TMP/out" &
	run bash -c '"$0" dump -r "$1" > "$2"' "$SHMCTL" "$N" "$TMP/fifo"
	wait
	# exit 1 with a message, not death by SIGBUS (135)
	assert_failure 1
	assert_output --partial "shmctl: dump: /$N: object shrank while being read"
	head -c 1000000 "$TMP/data" | cmp - "$TMP/out"
}

@test "dump -C stops and says so when the object shrinks while it is read" {
	head -c 8M /dev/urandom > "$TMP/data"
	cp "$TMP/data" "$SHM/$N"
	mkfifo "$TMP/fifo"
	shrink_reader "$TMP/fifo" "$SHM/$N" 1000000 "$TMP/out" &
	run bash -c '"$0" dump "$1" > "$2"' "$SHMCTL" "$N" "$TMP/fifo"
	wait
	assert_failure 1
	assert_output --partial "shmctl: dump: /$N: object shrank while being read"
	# what was read is shown as hexdump shows those bytes
	head -c 1000000 "$TMP/data" | hd -C | cmp - "$TMP/out"
}

@test "dump's memory use does not grow with the object's size" {
	[ -x /usr/bin/time ] || skip "needs GNU time (/usr/bin/time)"
	! grep -q __asan_init "$SHMCTL" ||
	    skip "AddressSanitizer's shadow memory swamps the figure"
	local small big
	truncate -s 1M "$SHM/$N"
	truncate -s 1G "$SHM/${P}big"
	small=$(/usr/bin/time -f %M "$SHMCTL" dump -v "$N" 2>&1 >/dev/null)
	big=$(/usr/bin/time -f %M "$SHMCTL" dump "${P}big" 2>&1 >/dev/null)
	[ "$big" -le 8192 ]
	[ "$big" -le $((small + 1024)) ]
	big=$(/usr/bin/time -f %M "$SHMCTL" dump -r "${P}big" 2>&1 >/dev/null)
	[ "$big" -le 8192 ]
}
