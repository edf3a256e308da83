#!/usr/bin/env bats
# The command line as a whole: help, version, the subcommand table, names,
# --dir, exit statuses and the message form.

load common

SUBCOMMANDS="open create truncate unlink chmod chown stat dump write anon list gc"

@test "--help prints usage listing every subcommand, exit 0" {
	run shmctl --help
	assert_success
	assert_line --index 0 --partial "Usage: shmctl"
	for s in $SUBCOMMANDS; do
		assert_line --regexp "^  $s(,| )"
	done
}

@test "--version prints the version" {
	run shmctl --version
	assert_success
	assert_output --regexp '^shmctl [0-9]+\.[0-9]+'
}

@test "no subcommand is a one-line usage error on stderr, not the help" {
	run --separate-stderr shmctl
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "shmctl: missing subcommand (see 'shmctl --help')" ]
	run --separate-stderr shmctl -d /dev/shm
	assert_failure 2
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "a mistyped subcommand names the nearest one, as git does" {
	local typo want
	# A letter missing, two swapped, one too many, an alias's, a prefix.
	for typo in lst:list lsit:list stats:stat chmdo:chmod unlik:unlink \
	    wirte:write rmm:rm trunc:truncate hlep:help; do
		want=${typo#*:} typo=${typo%%:*}
		run --separate-stderr shmctl "$typo" x
		assert_failure 2
		[ -z "$output" ]
		[ "$stderr" = "shmctl: unknown subcommand '$typo'; did you mean \
'$want'? (see 'shmctl --help')" ] || fail "$typo: $stderr"
	done
	# Several as near: all of them.
	run shmctl c
	assert_failure 2
	assert_output --partial "did you mean 'create', 'chmod' or 'chown'?"
	# help SUBCOMMAND guesses the same way.
	run shmctl help lst
	assert_failure 2
	assert_output "shmctl: help: unknown subcommand 'lst'; did you mean \
'list'? (see 'shmctl --help')"
}

@test "unknown subcommand: exit 2 and one line naming it" {
	run shmctl frobnicate
	assert_failure 2
	assert_output "shmctl: unknown subcommand 'frobnicate' (see 'shmctl --help')"
}

@test "every subcommand has --help on stdout, exit 0, with its usage" {
	for s in $SUBCOMMANDS; do
		run --separate-stderr shmctl "$s" --help
		assert_success
		[ -z "$stderr" ]
		assert_line --index 0 --partial "Usage: shmctl $s "
	done
}

@test "help SUBCOMMAND and SUBCOMMAND --help agree" {
	for s in create dump gc; do
		a=$(shmctl help "$s" | sed -n 1p)
		b=$(shmctl "$s" --help | sed -n 1p)
		[ "$a" = "$b" ]
	done
}

@test "help of an unknown subcommand is a usage error" {
	run shmctl help nosuch
	assert_failure 2
}

@test "aliases rm and ls reach unlink and list" {
	run shmctl rm --help
	assert_success
	assert_line --index 0 --partial "Usage: shmctl unlink"
	run shmctl ls --help
	assert_success
	assert_line --index 0 --partial "Usage: shmctl list"
}

@test "an unknown option is a usage error that names it" {
	run shmctl create --bogus "$N"
	assert_failure 2
	assert_output --partial "invalid option '--bogus'"
	assert_file_not_exists "$SHM/$N"
}

@test "an option missing its argument is a usage error" {
	run shmctl create "$N" -s
	assert_failure 2
	assert_output --partial "requires an argument"
}

@test "foo, /foo and /dev/shm/foo name the same object" {
	run shmctl create -s 1 "$N"
	assert_success
	run shmctl create "/$N"
	assert_failure 1
	assert_output "shmctl: create: /$N: File exists"
	run shmctl create "/dev/shm/$N"
	assert_failure 1
	assert_output "shmctl: create: /$N: File exists"
}

@test "bad names are rejected with exit 2 and the rule they broke" {
	long=$(printf '%0256d' 0)
	run shmctl create ""
	assert_failure 2
	assert_output --partial "empty name"
	run shmctl create /
	assert_failure 2
	assert_output --partial "after '/'"
	run shmctl create "${P}a/b"
	assert_failure 2
	assert_output --partial "'/' is allowed only at the start"
	run shmctl create .
	assert_failure 2
	assert_output --partial "'.' and '..'"
	run shmctl create /..
	assert_failure 2
	assert_output --partial "'.' and '..'"
	run shmctl create "$long"
	assert_failure 2
	assert_output --partial "longer than 255 bytes"
}

@test "a bad name among good ones: nothing is done" {
	run shmctl create "${P}x" "a/b" "${P}y"
	assert_failure 2
	assert_file_not_exists "$SHM/${P}x"
	assert_file_not_exists "$SHM/${P}y"
}

@test "a 255-byte name is accepted" {
	name="${P}$(printf '%0*d' $((255 - ${#P})) 0)"
	[ "${#name}" -eq 255 ]
	run shmctl create "$name"
	assert_success
	assert_file_exists "$SHM/$name"
}

@test "--dir works on objects under another directory" {
	d="$SHM/${P}ns"
	mkdir "$d"
	run shmctl --dir "$d" create -s 10 "$N"
	assert_success
	assert_file_exists "$d/$N"
	assert_file_not_exists "$SHM/$N"
	[ "$(stat -c %s "$d/$N")" -eq 10 ]
	run shmctl -d "$d" create "$d/$N"
	assert_failure 1
	assert_output "shmctl: create: /$N: File exists"
}

@test "SHMCTL_DIR sets the directory; --dir wins over it" {
	d1="$SHM/${P}a" d2="$SHM/${P}b"
	mkdir "$d1" "$d2"
	SHMCTL_DIR="$d1" run shmctl create "$N"
	assert_success
	assert_file_exists "$d1/$N"
	SHMCTL_DIR="$d1" run shmctl --dir "$d2" create "$N"
	assert_success
	assert_file_exists "$d2/$N"
}

@test "a missing --dir is a usage error naming it" {
	run shmctl --dir "$TMP/nonexistent" create "$N"
	assert_failure 2
	assert_output --partial "$TMP/nonexistent: No such file or directory"
}

@test "failures print one line in the form shmctl: SUBCOMMAND: /name: reason" {
	run --separate-stderr shmctl truncate -s 1 "$N"
	assert_failure 1
	[ -z "$output" ]
	[ "$stderr" = "shmctl: truncate: /$N: No such file or directory" ]
}

@test "with several names, a failing one does not stop the others" {
	shmctl create "${P}b"
	run shmctl truncate -s 7 "${P}a" "${P}b"
	assert_failure 1
	assert_output "shmctl: truncate: /${P}a: No such file or directory"
	[ "$(shm_size "${P}b")" -eq 7 ]
}
