#!/usr/bin/env bats
# list's table written without libsmartcols (src/plaintab.c) when every
# cell is plain ASCII and standard output is no terminal: byte for byte
# what libsmartcols prints for the same rows (SHMCTL_TABLE=libsmartcols
# forces it), over random names and every column, with each option that
# changes the table.

load common

setup() {
	common_setup
	NS=$SHM/${P}ns
	mkdir "$NS"
}

# Random printable ASCII names (blanks, quotes, backslashes, glob
# characters), sizes and modes; $1 of them.
make_random_objects() {
	python3 - "$NS" "$1" <<'PY'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1202)
chars = [chr(c) for c in range(0x20, 0x7f) if chr(c) != "/"]
made = 0
while made < n:
    name = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 70)))
    # A backslash before an x makes libsmartcols' table (plaintab.c).
    if name in (".", "..") or name.startswith("sem.") or "\\x" in name:
        continue
    path = os.path.join(d, name)
    if os.path.exists(path):
        continue
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.ftruncate(fd, rnd.choice([0, 1, 999, 4096, 1 << 20, 3 << 30, rnd.randint(0, 1 << 40)]))
    os.fchmod(fd, rnd.choice([0o600, 0o644, 0o640, 0o4755, 0o1777, 0]))
    os.close(fd)
    made += 1
PY
}

# Which writer printed "shmctl ARGS": the dynamic linker binds
# scols_print_table for shmctl only when libsmartcols prints.
writer() {
	if LD_DEBUG=bindings "$SHMCTL" "$@" 2>&1 >/dev/null |
	    grep -q "binding file [^ ]*shmctl .*\`scols_print_table'"; then
		echo libsmartcols
	else
		echo plaintab
	fi
}

# Skips the writer checks where every symbol is bound at start.
require_lazy_binding() {
	[ "$(writer --version)" = plaintab ] ||
	    skip "shmctl is linked with immediate binding (-z now)"
}

# Compares "list ARGS" through both writers.
same_as_libsmartcols() {
	local want got
	want=$(SHMCTL_TABLE=libsmartcols "$SHMCTL" -d "$NS" list "$@"; echo .)
	got=$("$SHMCTL" -d "$NS" list "$@"; echo .)
	[ "$want" = "$got" ] ||
	    fail "list $*: plaintab differs from libsmartcols:
$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -20)"
}

@test "every column and option that shapes the table: the bytes of libsmartcols" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	make_random_objects 300
	[ "$(writer -d "$NS" list -l)" = plaintab ] ||
	    [ "$(writer --version)" = libsmartcols ] ||
	    fail "the random names did not make a plain table"
	local all
	all=$("$SHMCTL" list --help | awk '/^Columns:/ { on = 1; next }
	    /^$/ { on = 0 } on { printf "%s%s", sep, $1; sep = "," }')
	[ -n "$all" ]
	local args
	for args in "" "-l" "-b" "-n" "-l -b -n" "-o $all" "-o $all -b" \
	    "-o $all -n" "--sort SIZE" "--sort MODE --reverse" \
	    "-o SIZE,NAME" "-o NAME" "-o SIZE" "-o HOLDERS,NAME --holders" \
	    "-o +ORIGIN,SVAL" "-a -l"; do
		# shellcheck disable=SC2086
		same_as_libsmartcols $args
	done
	# Patterns that match some, one and none of them.
	same_as_libsmartcols -l 'a*'
	local first
	for first in "$NS"/*; do
		first=${first##*/}
		[[ $first == *[][*?\\]* ]] || break
	done
	same_as_libsmartcols -o "$all" "$first"
	same_as_libsmartcols -l "${P}none"
	run "$SHMCTL" -d "$NS" list "${P}none"
	assert_output ""
}

@test "the fast writer prints plain tables; libsmartcols the others" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	require_lazy_binding
	make_random_objects 20
	run writer -d "$NS" list -l
	assert_output plaintab
	SHMCTL_TABLE=libsmartcols run writer -d "$NS" list -l
	assert_output libsmartcols
	# JSON, raw and pairs are libsmartcols'.
	for f in --json -r -P; do
		run writer -d "$NS" list "$f"
		assert_output libsmartcols
	done
	# Names that shmctl escapes (UTF-8, controls) are plain cells then.
	local n
	for n in "${P}é" "${P}tab	x" "${P}del"$'\177'; do
		: >"$NS/$n"
		run writer -d "$NS" list -l
		assert_output plaintab
		same_as_libsmartcols -l
		rm -- "$NS/$n"
	done
	# A backslash before an x, which libsmartcols escapes again: its
	# table is libsmartcols'.
	: >"$NS/${P}a\\xb"
	run writer -d "$NS" list -l
	assert_output libsmartcols
	rm -- "$NS/${P}a\\xb"
	run writer -d "$NS" list -l
	assert_output plaintab
}

@test "on a terminal, libsmartcols (it fits the table to the width)" {
	command -v script >/dev/null || skip "script(1) is not installed"
	require_lazy_binding
	: >"$NS/${P}a"
	local cmd
	printf -v cmd 'LD_DEBUG=bindings %q -d %q list 2>&1 >/dev/tty | grep -c "binding file [^ ]*shmctl .*scols_print_table"' \
	    "$SHMCTL" "$NS"
	run timeout 20 script -qec "$cmd" /dev/null
	assert_line --regexp '^[1-9][0-9]*[[:space:]]*$'
}
