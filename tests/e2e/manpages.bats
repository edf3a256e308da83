#!/usr/bin/env bats
# The manual pages: clean under mandoc's linter, one per subcommand, and
# documenting exactly the options that the binary's --help lists.  And
# "shmctl help SUBCOMMAND", which opens them.

load common

MAN=$BATS_TEST_DIRNAME/../../man

# The options that "shmctl ARGS --help" lists, one a line, sorted.
help_options() {
	"$SHMCTL" "$@" --help | awk '
	/^(Global o|O)ptions:/ { on = 1; next }
	/^$/ { on = 0 }
	on && $1 ~ /^-/ {
		for (i = 1; i <= NF && $i ~ /^-/; i++) {
			o = $i; sub(/,$/, "", o); print o
		}
	}' | sort -u
}

# The subcommands that "shmctl --help" lists, without aliases.
help_subcommands() {
	"$SHMCTL" --help | awk '
	/^Subcommands:/ { on = 1; next }
	/^$/ { on = 0 }
	on { sub(/,$/, "", $1); print $1 }'
}

# The options a page documents: every "Fl x" in its ".It Fl" items.
page_options() {
	awk '/^\.It Fl / {
		for (i = 2; i < NF; i++)
			if ($i == "Fl")
				print "-" $(i + 1)
	}' "$1" | sort -u
}

@test "mandoc -Tlint -Wwarning is silent for every page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local n=0
	for page in "$MAN"/*.1; do
		run mandoc -Tlint -Wwarning "$page"
		[ "$status" -eq 0 ] && [ -z "$output" ] ||
		    fail "$(basename "$page"): $output"
		n=$((n + 1))
	done
	# shmctl.1 and one page per subcommand
	assert_equal "$n" "$(($(help_subcommands | wc -l) + 1))"
}

@test "groff renders every page without warnings" {
	command -v man >/dev/null || skip "man-db is not installed"
	for page in "$MAN"/*.1; do
		run --separate-stderr env MANWIDTH=80 man --warnings -l "$page"
		assert_success
		[ -z "$stderr" ] || fail "$(basename "$page"): $stderr"
	done
}

@test "one page per subcommand, named after it, and no other" {
	local expected actual
	expected=$( (echo shmctl.1; help_subcommands | sed 's/.*/shmctl-&.1/') |
	    sort)
	actual=$(cd "$MAN" && ls -- *.1 | sort)
	assert_equal "$actual" "$expected"
	for s in $(help_subcommands); do
		run grep -c -e "^\.Nm shmctl-$s\$" -e "^\.Dt SHMCTL-${s^^} 1\$" \
		    "$MAN/shmctl-$s.1"
		assert_output 2
	done
}

@test "every subcommand's page documents exactly the options of its --help" {
	for s in $(help_subcommands); do
		run diff <(page_options "$MAN/shmctl-$s.1") <(help_options "$s")
		[ "$status" -eq 0 ] || fail "shmctl-$s.1 vs shmctl $s --help:
$output"
	done
}

@test "shmctl.1 documents the global options and lists every subcommand" {
	run diff <(page_options "$MAN/shmctl.1") <(help_options)
	assert_success
	for s in $(help_subcommands); do
		grep -q "^\.It Cm $s\( ,\|\$\)" "$MAN/shmctl.1" ||
		    fail "shmctl.1 does not list $s"
		grep -q "^\.Xr shmctl-$s 1" "$MAN/shmctl.1" ||
		    fail "shmctl.1 does not refer to shmctl-$s(1)"
	done
	# Aliases too.
	"$SHMCTL" --help | awk '/^Subcommands:/ { on = 1; next } /^$/ { on = 0 }
	    on && $1 ~ /,$/ { sub(/,$/, "", $1); print $1, $2 }' |
	while read -r s alias; do
		grep -q "^\.It Cm $s , Cm $alias\$" "$MAN/shmctl.1" ||
		    fail "shmctl.1 does not give $s its alias $alias"
	done
}

@test "every page has the sections users look for" {
	for page in "$MAN"/*.1; do
		for sh in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES \
		    "SEE ALSO"; do
			grep -q "^\.Sh $sh\$" "$page" ||
			    fail "$(basename "$page") has no $sh section"
		done
		grep -q '^\.Xr shm_overview 7' "$page" ||
		    fail "$(basename "$page") does not refer to shm_overview(7)"
	done
	for sh in ENVIRONMENT FILES "SECURITY CONSIDERATIONS"; do
		grep -q "^\.Sh $sh\$" "$MAN/shmctl.1" ||
		    fail "shmctl.1 has no $sh section"
	done
	grep -q '^\.It Ev SHMCTL_DIR$' "$MAN/shmctl.1"
	grep -q '^\.It Pa /dev/shm$' "$MAN/shmctl.1"
}

@test "help SUBCOMMAND to a pipe prints the usage, as SUBCOMMAND --help" {
	for s in $(help_subcommands); do
		run --separate-stderr shmctl help "$s"
		assert_success
		assert_equal "$output" "$("$SHMCTL" "$s" --help)"
	done
}

# Runs "shmctl help ARGS" on a pseudo-terminal, with the pages under
# $TMP/man and a pager that only copies.
help_on_terminal() {
	command -v script >/dev/null || skip "script(1) is not installed"
	command -v man >/dev/null || skip "man-db is not installed"
	local cmd
	printf -v cmd '%q ' "$SHMCTL" help "$@"
	MANPATH=$TMP/man MANPAGER=cat PAGER=cat MANWIDTH=80 \
	    script -qec "$cmd" /dev/null
}

@test "help SUBCOMMAND at a terminal opens the installed page" {
	mkdir -p "$TMP/man/man1"
	cp "$MAN"/*.1 "$TMP/man/man1/"
	run help_on_terminal create
	assert_success
	assert_output --partial "SHMCTL-CREATE(1)"
	refute_output --partial "Usage: shmctl create"
	# An alias opens its subcommand's page.
	run help_on_terminal rm
	assert_success
	assert_output --partial "SHMCTL-UNLINK(1)"
}

@test "help SUBCOMMAND at a terminal prints the usage when no page is installed" {
	mkdir -p "$TMP/man/man1"
	run help_on_terminal create
	assert_success
	assert_output --partial "Usage: shmctl create"
	# and when man itself is missing
	command -v script >/dev/null || skip "script(1) is not installed"
	mkdir -p "$TMP/bin"
	cp "$MAN"/*.1 "$TMP/man/man1/"
	run env PATH="$TMP/bin" MANPATH="$TMP/man" \
	    "$(command -v script)" -qec "$SHMCTL help create" /dev/null
	assert_success
	assert_output --partial "Usage: shmctl create"
}

@test "shmctl-list.1 lists the ORIGIN table of src/origin.c, in its order" {
	local src="$BATS_TEST_DIRNAME/../../src/origin.c"
	[ -r "$src" ] || skip "src/origin.c is not at hand"
	run diff <(sed -n 's/^\.It Li \(.*\) Ta \(.*\)$/\1 \2/p' \
	    "$MAN/shmctl-list.1") \
	    <(sed -n 's/^\t{ "\(.*\)", "\(.*\)" },$/\1 \2/p' "$src")
	assert_success
	[ "$(wc -l < <(sed -n '/^\t{ "/p' "$src"))" -ge 15 ]
}
