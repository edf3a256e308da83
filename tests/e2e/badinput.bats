#!/usr/bin/env bats
# Bad input, option by option and subcommand by subcommand: garbage,
# negative, overflowing, empty, blank, wrongly suffixed values, descriptors
# out of range, unknown columns and actions, conflicting options, bad names.
# Each must exit 2 with exactly one line on standard error (starting with
# "shmctl: "), nothing on standard output, and change nothing: the test's
# objects keep their names, types, modes, owners, sizes, inodes, times and
# contents, and no new name appears.

load common

setup() {
	common_setup
	ERRS=0
	# two existing objects with contents, and a name that must stay free
	printf 'first object\n' >"$SHM/$N"
	chmod 640 "$SHM/$N"
	head -c 4096 /dev/urandom >"$SHM/${P}b"
	chmod 600 "$SHM/${P}b"
	NEW=${P}new
	BEFORE=$(snapshot)
	FULL_BEFORE=$(full_snapshot)
}

# What a command could change about the test's objects: names, types,
# modes, owners, sizes, inodes, and the modification and change times to
# the nanosecond, which any write, resize or chmod moves on.
snapshot() {
	stat -c '%n %F %a %u %g %s %i %.9Y %.9Z' -- "$SHM/$P"* 2>/dev/null
}

# The same, and the contents (checked once per test: slower).
full_snapshot() {
	snapshot
	sha256sum -- "$SHM/$P"* 2>/dev/null
}

# Runs shmctl ARGS...; records a failure unless it is a clean usage error
# that changed nothing.
usage_error() {
	run --separate-stderr "$SHMCTL" "$@"
	local why=""
	if [ "$status" -ne 2 ]; then
		why="exit $status, not 2"
	elif [ -n "$output" ]; then
		why="printed on standard output"
	elif [ -z "$stderr" ] || [[ $stderr == *$'\n'* ]]; then
		why="not exactly one line on standard error"
	elif [[ $stderr != "shmctl: "* ]]; then
		why="the message does not start with 'shmctl: '"
	elif [ "$(snapshot)" != "$BEFORE" ]; then
		why="the namespace changed"
		BEFORE=$(snapshot)
	fi
	if [ -n "$why" ]; then
		printf 'NOT A CLEAN USAGE ERROR (%s): shmctl' "$why"
		printf ' %q' "$@"
		printf '\n  stdout: %s\n  stderr: %s\n' "$output" "$stderr"
		ERRS=$((ERRS + 1))
	fi
}

# Tries each VALUE with OPTION in the command line: "@" in ARGS... stands
# for the value.  Usage: each_value "VALUE..." ARGS...
each_value() {
	local values=$1 v a
	shift
	local -a cmd
	while IFS= read -r v; do
		cmd=()
		for a in "$@"; do
			[ "$a" = @ ] && cmd+=("$v") || cmd+=("$a")
		done
		usage_error "${cmd[@]}"
	done <<<"$values"
}

done_all() {
	if [ "$(full_snapshot)" != "$FULL_BEFORE" ]; then
		echo "the objects changed:"
		diff <(echo "$FULL_BEFORE") <(full_snapshot)
		ERRS=$((ERRS + 1))
	fi
	[ "$ERRS" -eq 0 ]
}

# Bad values, one per line (an empty line is the empty string).
BAD_SIZES='
x
-1
-0
1Q
1.5M
1,5M
 1
1 
1 K
	1
1e3
0x
0xg
1kb
1b
K
KiB
1KiBB
1iB
1kk
+1
99999999999999999999
9223372036854775808
8E
8796093022208T
١'

BAD_REL_SIZES='
x
++1
+-1
--1
-+1
+
-
+1Q
-1.5K
+ 1
+99999999999999999999
-9223372036854775808'

BAD_MODES='
8
0800
10000
77777
-600
+600
0x1ff
 600
600 
u=rw g=r
u=rw,	g=r
rwx
u+q
u=rw;
user-read,
user-read,bogus
user-read,,group-read
,user-read
user-reed
u=rw,'

BAD_OWNERS='
:
::
nosuchuser-shmctl-test
:nosuchgroup-shmctl-test
nosuchuser-shmctl-test:root
root:root:root
4294967295
:4294967295
99999999999
-1
root :root
 root'

BAD_DURATIONS='
x
-1
1W
1h30
30m1h
1ss
1.5h
1 h
 1
1 
99999999999999999999
9223372036854775808
106751991167300000000d'

BAD_FDS='
x
-1
3x
 3
3 
+3
0x3
2147483648
99999999999999999999'

BAD_BYTES='
256
-1
0x
0x100
0xg
0b1
1.0
 1
x
1000'

BAD_COUNTS='
0
-1
x
 1
2147483648
99999999999999999999'

BAD_NAMES='
/
//
a/b
/a/b
.
..
/..
/dev/shm/
/dev/shm/a/b'

LONG_NAME=$(printf 'x%.0s' {1..256})

@test "create: bad sizes, modes, actions, names and options are clean usage errors" {
	each_value "$BAD_SIZES" create -s @ "$NEW"
	each_value "$BAD_SIZES" create --size=@ "$NEW"
	each_value "$BAD_MODES" create -m @ "$NEW"
	each_value "$BAD_MODES" create --if-exists overwrite -m @ "$N"
	each_value "
ERROR
nil
clobber
supersed
error " create --if-exists @ "$N"
	each_value "$BAD_NAMES" create @
	each_value "$BAD_NAMES" create "$NEW" @
	usage_error create "$LONG_NAME"
	usage_error create
	usage_error create --bogus "$NEW"
	usage_error create -Z "$NEW"
	usage_error create "$NEW" -s
	usage_error create --reserve=yes "$NEW"
	done_all
}

@test "open: bad values, actions, descriptors and combinations are clean usage errors" {
	each_value "$BAD_SIZES" open -w -s @ "$N"
	each_value "$BAD_MODES" open -w --if-exists supersede -m @ "$N"
	each_value "$BAD_MODES" open -w --if-does-not-exist create -m @ "$NEW"
	each_value "
ERROR
clobber
create" open -w --if-exists @ "$N"
	each_value "
ERROR
truncate
overwrite
supersede" open -w --if-does-not-exist @ "$NEW"
	each_value "$BAD_FDS" open --fd @ "$N" -- true
	# out of range: at or past the descriptor limit
	usage_error open --fd 2147483647 "$N" -- true
	usage_error open --fd "$(ulimit -n)" "$N" -- true
	usage_error open -s 1K "$N"		# -s needs --io
	each_value "$BAD_NAMES" open -w --if-does-not-exist create @
	usage_error open "$LONG_NAME"
	usage_error open
	usage_error open --bogus "$N"
	usage_error open -w --if-exists truncate "$N" --bogus
	done_all
}

@test "anon: bad sizes, modes, descriptors and attempts are clean usage errors" {
	each_value "$BAD_SIZES" anon -s @ -- true
	each_value "$BAD_MODES" anon -m @ -- true
	each_value "$BAD_FDS" anon --fd @ -- true
	usage_error anon --fd 2147483647 -- true
	each_value "$BAD_COUNTS" anon --attempts @ -- true
	usage_error anon
	usage_error anon --bogus -- true
	done_all
}

@test "truncate: bad sizes, descriptors and names are clean usage errors" {
	each_value "$BAD_REL_SIZES" truncate -s @ "$N"
	# (+N and -N are truncate's relative sizes)
	each_value "$(grep -v '^[-+]' <<<"$BAD_SIZES")" truncate -s @ "$N"
	each_value "$BAD_FDS" truncate -s 1 --fd @
	usage_error truncate "$N"			# no -s
	usage_error truncate -s 1			# no NAME
	usage_error truncate -s 1 --fd 0 "$N"	# both
	each_value "$BAD_NAMES" truncate -s 0 "$N" @
	usage_error truncate -s 0 "$N" "$LONG_NAME"
	done_all
}

@test "chmod and chown: bad modes, owners, descriptors and names are clean usage errors" {
	each_value "$BAD_MODES" chmod @ "$N"
	each_value "$BAD_MODES" chmod @ "$N" "${P}b"
	each_value "$BAD_FDS" chmod 600 --fd @
	usage_error chmod
	usage_error chmod 600
	usage_error chmod 600 --fd 0 "$N"
	each_value "$BAD_NAMES" chmod 600 "$N" @
	each_value "$BAD_OWNERS" chown @ "$N"
	each_value "$BAD_FDS" chown root --fd @
	usage_error chown
	usage_error chown root
	each_value "$BAD_NAMES" chown root "$N" @
	done_all
}

@test "unlink: bad names and options are clean usage errors that remove nothing" {
	each_value "$BAD_NAMES" unlink "$N" @
	each_value "$BAD_NAMES" unlink -f "$N" @
	each_value "$BAD_NAMES" unlink --if-unused "$N" @
	usage_error unlink "$N" "$LONG_NAME"
	usage_error unlink
	usage_error unlink --bogus "$N"
	usage_error unlink --fd 0
	done_all
}

@test "stat: bad formats, descriptors, combinations and names are clean usage errors" {
	# Flags and widths (%-5s) are stat(1)'s; these are not.
	each_value "%q
%
abc%
%5%
%H
%-5.3q
%99999s
%ns%
%é" stat -c @ "$N"
	each_value '\q
x\
\x' stat --printf @ "$N"
	usage_error stat --printf %s -c %s "$N"
	each_value "$BAD_FDS" stat --fd @
	usage_error stat --json --terse "$N"
	usage_error stat -c %s --json "$N"
	usage_error stat -c %s --terse "$N"
	usage_error stat --fd 0 "$N"
	usage_error stat
	usage_error stat -c
	each_value "$BAD_NAMES" stat "$N" @
	usage_error stat "$LONG_NAME"
	done_all
}

@test "dump: bad offsets, lengths, descriptors and combinations are clean usage errors" {
	each_value "$BAD_SIZES" dump -o @ "$N"
	each_value "$BAD_SIZES" dump -n @ "$N"
	each_value "$BAD_FDS" dump --fd @
	usage_error dump -C -r "$N"
	usage_error dump "$N" "${P}b"
	usage_error dump
	usage_error dump --fd 0 "$N"
	each_value "$BAD_NAMES" dump @
	done_all
}

@test "write: bad offsets, lengths, bytes, modes and combinations are clean usage errors" {
	each_value "$BAD_SIZES" write -o @ --string x "$N"
	each_value "$BAD_SIZES" write --fill 0 -n @ "$N"
	each_value "$BAD_BYTES" write --fill @ "$N"
	each_value "$BAD_MODES" write --create -m @ --string x "$NEW"
	each_value "$BAD_FDS" write --string x --fd @
	usage_error write --string x --fill 0 "$N"
	usage_error write --string x /dev/null "$N"
	usage_error write --fill 0 /dev/null "$N"
	usage_error write --string x "$N" "${P}b"
	usage_error write --string x
	usage_error write --string x --fd 0 "$N"
	usage_error write --create --string x --fill 1 "$NEW"
	each_value "$BAD_NAMES" write --create --string x @
	usage_error write --create --string x "$LONG_NAME"
	done_all
}

@test "list: bad columns, sort keys and format combinations are clean usage errors" {
	each_value "
BOGUS
NAME,
,NAME
NAME,,SIZE
+
+BOGUS
NAME SIZE
NAME;SIZE" list -o @
	each_value "
BOGUS
NAME,SIZE
+NAME" list --sort @
	usage_error list --json -r
	usage_error list --json -P
	usage_error list -r -P
	usage_error list -0 --json
	usage_error list -0 -r
	usage_error list --bogus
	usage_error list -o
	done_all
}

@test "gc: bad durations, users, sizes and options are clean usage errors that remove nothing" {
	each_value "$BAD_DURATIONS" gc --older-than @ --yes "$P*"
	each_value "
nosuchuser-shmctl-test
root:root
:root
4294967295
-1" gc --user @ --yes "$P*"
	each_value "$BAD_SIZES" gc --min-size @ --yes "$P*"
	usage_error gc --bogus --yes "$P*"
	usage_error gc --older-than
	done_all
}

@test "global options: a bad --dir or unknown option is a clean usage error" {
	usage_error -d "" stat "$N"
	usage_error --dir= stat "$N"
	usage_error -Z stat "$N"
	usage_error --bogus stat "$N"
	usage_error -d
	usage_error no-such-subcommand "$N"
	usage_error help no-such-subcommand
	done_all
}

@test "descriptors that are valid numbers but not open: exit 1, one line, nothing changed" {
	local sub
	for sub in "stat" "dump" "write --string x" "truncate -s 0" "chmod 600" \
	    "chown root"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$SHMCTL" $sub --fd 2147483647
		assert_failure 1
		[ -z "$output" ]
		[[ $stderr != *$'\n'* ]]
		[[ $stderr == "shmctl: ${sub%% *}: fd 2147483647: "*"Bad file descriptor" ]]
	done
	done_all
}

@test "a bad value holding a newline or an escape sequence is echoed on one printable line" {
	local bad=$'1\e[31m\nQ' cmd
	local -a cmds=(
		"create -s @ $NEW"
		"create -m @ $NEW"
		"stat @/x"
		"chown @ $N"
		"stat -c %s%@ $N"
		"list -o NAME,@"
		"gc --older-than @"
		"dump -o @ $N"
		"open -w --if-exists @ $N"
	)
	for cmd in "${cmds[@]}"; do
		local -a argv=()
		read -r -a argv <<<"$cmd"
		argv=("${argv[@]/@/$bad}")
		run --separate-stderr "$SHMCTL" "${argv[@]}"
		if [ "$status" -ne 2 ] || [[ $stderr == *$'\n'* ]] ||
		    LC_ALL=C grep -q '[^ -~]' <<<"$stderr"; then
			printf 'RAW ECHO (exit %d): shmctl' "$status"
			printf ' %q' "${argv[@]}"
			printf '\n'
			cat -A <<<"$stderr"
			ERRS=$((ERRS + 1))
		fi
	done
	done_all
}
