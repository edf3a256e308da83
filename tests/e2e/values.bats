#!/usr/bin/env bats
# Values as the neighbouring tools read them (shmctl(1): Sizes, Modes,
# Durations): MODE as chmod(1) applies it, under several umasks; SIZE as
# truncate(1) -s reads it, plus 0x numbers as hexdump(1) -s takes them;
# DURATION sums.  Every expected value comes from the other tool.

# (bash -c scripts take their arguments as $0, $1...)
# shellcheck disable=SC2016

load common

# Symbolic modes to compare, and the modes they are applied to.
SYMBOLIC='+w =rw -x +x -w +r =r = a+w a-w u=rw,go=r g+r o-w go=u-w +X u+s g-s,+t =rwx,-w u=rwx,g=rx,o='
BASES='0000 0600 0644 0777'

# What chmod(1) makes of MODE on a regular file of mode BASE, under UMASK.
chmod_says() {
	local umask=$1 base=$2 mode=$3 f=$TMP/chmod-ref
	: >"$f"
	chmod "$base" "$f"
	(umask "$umask" && chmod -- "$mode" "$f")
	stat -c %a "$f"
}

@test "chmod MODE: what chmod(1) makes of it on a regular file, under umasks 022, 077, 002" {
	local umask base mode want got errs=0 n=0
	for umask in 022 077 002; do
		for base in $BASES; do
			for mode in $SYMBOLIC; do
				want=$(chmod_says "$umask" "$base" "$mode")
				shmctl create --if-exists overwrite -m "$base" "$N"
				got=$(umask "$umask" && "$SHMCTL" chmod -- "$mode" "$N" && stat -c %a "$SHM/$N") ||
				    got="exit $?"
				n=$((n + 1))
				if [ "$got" != "$want" ]; then
					echo "umask $umask, $base, chmod $mode: chmod(1) $want, shmctl $got"
					errs=$((errs + 1))
				fi
			done
		done
	done
	echo "$n compared"
	[ "$n" -ge 200 ] && [ "$errs" -eq 0 ]
}

@test "create -m MODE: a symbolic mode applies to 0600, as chmod(1) would to a file of 0600" {
	local umask mode want got errs=0
	for umask in 022 077 002; do
		for mode in $SYMBOLIC; do
			want=$(chmod_says "$umask" 0600 "$mode")
			rm -f -- "$SHM/$N"
			got=$(umask "$umask" && "$SHMCTL" create -m "$mode" "$N" && stat -c %a "$SHM/$N") ||
			    got="exit $?"
			if [ "$got" != "$want" ]; then
				echo "umask $umask, create -m $mode: chmod(1) on 0600 $want, shmctl $got"
				errs=$((errs + 1))
			fi
		done
	done
	[ "$errs" -eq 0 ]
}

@test "-m g+r makes 0640 and -m g+w 0620 in create, open, anon and write --create" {
	umask 022
	run shmctl create -m g+w "${P}c"
	assert_success
	[ "$(stat -c %a "$SHM/${P}c")" = 620 ]
	run shmctl open -w --if-does-not-exist create -m g+r "${P}o"
	assert_success
	[ "$(stat -c %a "$SHM/${P}o")" = 640 ]
	run shmctl write --create --grow -m g+r --string x "${P}w"
	assert_success
	[ "$(stat -c %a "$SHM/${P}w")" = 640 ]
	run shmctl anon -m g+w -- sh -c 'stat -L -c %a /proc/self/fd/3'
	assert_success
	assert_output 620
	# octal and keywords stay exact
	run shmctl create -m 0666 -- "${P}x"
	[ "$(stat -c %a "$SHM/${P}x")" = 666 ]
}

# --- sizes ---------------------------------------------------------------------

@test "SIZE: every string truncate -s takes gives the same size, and its refusals are refused" {
	local s want got errs=0
	for s in 0 1 4096 010 1k 1K 3k 1m 1M 1g 1G 1KiB 1kiB 2MiB 1KB 1kB 5MB 1mB 7GB 1GiB; do
		truncate -s "$s" "$TMP/ref" || { echo "truncate -s $s refused"; errs=$((errs + 1)); continue; }
		want=$(stat -c %s "$TMP/ref")
		got=$("$SHMCTL" create --if-exists overwrite -s "$s" "$N" && stat -c %s "$SHM/$N") || got="exit $?"
		[ "$got" = "$want" ] || { echo "-s $s: truncate $want, shmctl $got"; errs=$((errs + 1)); }
		got=$("$SHMCTL" truncate -s "$s" "$N" && stat -c %s "$SHM/$N") || got="exit $?"
		[ "$got" = "$want" ] || { echo "truncate -s $s: truncate $want, shmctl $got"; errs=$((errs + 1)); }
	done
	for s in 1kb 1b 1B 1Ki 1KIB 1Mib 1.5K '1 ' 1KiBx x ''; do
		if truncate -s "$s" "$TMP/ref" 2>/dev/null; then
			echo "truncate took '$s'"
			continue
		fi
		run --separate-stderr shmctl create --if-exists overwrite -s "$s" "$N"
		[ "$status" -eq 2 ] || { echo "-s '$s': exit $status"; errs=$((errs + 1)); }
	done
	[ "$errs" -eq 0 ]
}

@test "SIZE: 0x numbers and lowercase p, e; a bad one says what is taken" {
	run shmctl create -s 0x10 "$N"
	assert_success
	[ "$(stat -c %s "$SHM/$N")" -eq 16 ]
	run shmctl truncate -s +0x1e "$N"
	assert_success
	[ "$(stat -c %s "$SHM/$N")" -eq 46 ]
	run shmctl truncate -s 0x1p "$N"
	assert_success
	[ "$(stat -c %s "$SHM/$N")" -eq $((1 << 50)) ]
	run --separate-stderr shmctl truncate -s 8e "$N"
	assert_failure 2
	[[ $stderr == *"too large"* ]]
	run --separate-stderr shmctl create -s x "${P}new"
	assert_failure 2
	assert_equal "$stderr" "shmctl: create: invalid size 'x': expected a number of bytes with an optional suffix K, M, G, ... (1k, 0x10, 2MiB) (see 'shmctl create --help')"
	assert_file_not_exists "$SHM/${P}new"
}

@test "dump -s and -o take hexdump's offsets: the same bytes as hexdump -C -s" {
	head -c 20000 /dev/urandom >"$SHM/$N"
	local off len
	# (not 010: hexdump reads it as octal, shmctl(1) as ten, as truncate(1))
	for off in 0x10 0X1f 16 1k 0x400 4KiB; do
		for len in 0x20 100 1k; do
			diff <(hexdump -C -s "$off" -n "$len" "$SHM/$N") \
			    <("$SHMCTL" dump -s "$off" -n "$len" "$N") ||
			    { echo "-s $off -n $len"; return 1; }
		done
	done
	diff <(hexdump -C -s 0x10 "$SHM/$N") <("$SHMCTL" dump --skip 0x10 "$N")
	diff <(hexdump -C -s 0x10 "$SHM/$N") <("$SHMCTL" dump -o 0x10 "$N")
	run --separate-stderr shmctl dump -o 1 -s 1 "$N"
	assert_failure 2
	assert_equal "$output" ""
}

# --- durations -------------------------------------------------------------------

@test "DURATION: sums as 1h30m and weeks, by the object's age" {
	: >"$SHM/${P}2h"
	: >"$SHM/${P}1h"
	: >"$SHM/${P}8d"
	touch -d '2 hours ago' "$SHM/${P}2h"
	touch -d '1 hour ago' "$SHM/${P}1h"
	touch -d '8 days ago' "$SHM/${P}8d"
	run shmctl gc --older-than 1h30m "${P}*"
	assert_success
	assert_line --partial "would remove /${P}2h: "
	assert_line --partial "would remove /${P}8d: "
	refute_line --partial "would remove /${P}1h: "
	run shmctl gc --older-than 1w "${P}*"
	assert_success
	assert_line --partial "would remove /${P}8d: "
	refute_line --partial "would remove /${P}2h: "
	run --separate-stderr shmctl gc --older-than 30m1h --yes "${P}*"
	assert_failure 2
	[ -e "$SHM/${P}2h" ] && [ -e "$SHM/${P}8d" ]
}
