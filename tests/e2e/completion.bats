#!/usr/bin/env bats
# The bash, zsh and fish completions: driven through each shell's own
# completion machinery, and checked against the binary's --help so that the
# option lists cannot drift from the code.

load common

SRC=$BATS_TEST_DIRNAME/../..
BASH_COMPLETION=/usr/share/bash-completion/bash_completion

setup() {
	common_setup
	# A namespace of our own: two objects, and what must not be offered.
	NS=$SHM/${P}ns
	mkdir -p "$NS/${P}dir"
	: >"$NS/${P}a"
	: >"$NS/${P}b"
	: >"$NS/sem.${P}s"
	ln -s "${P}a" "$NS/${P}link"
	mkfifo "$NS/${P}fifo"
}

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

# Those of them that take an argument: a name follows the option in the
# left column, which ends at the first run of blanks (or, where it fills the
# column, at a word that is not an upper-case name).
help_argopts() {
	"$SHMCTL" "$@" --help | awk '
	/^Options:/ { on = 1; next }
	/^$/ { on = 0 }
	on && $1 ~ /^-/ {
		line = $0
		sub(/^ +/, "", line)
		full = !match(line, /  +/)
		left = full ? line : substr(line, 1, RSTART - 1)
		n = split(left, w, " ")
		for (i = 1; i <= n && w[i] ~ /^-/; i++) ;
		if (i > n || (full && w[i] !~ /^[][A-Z+|-]+$/))
			next
		for (j = 1; j < i; j++) {
			o = w[j]; sub(/,$/, "", o); print o
		}
	}' | sort -u
}

# The columns that "shmctl list --help" lists: its Columns section, or
# else the names in the text of -o.
help_columns() {
	"$SHMCTL" list --help | awk '
	/^Columns:/ { table = 1; next }
	table && /^$/ { table = 0 }
	table { print $1; seen = 1 }
	/^  -o, --output/ { o = 1; for (i = 4; i <= NF; i++) w[++n] = $i; next }
	o && /^                            / { for (i = 1; i <= NF; i++) w[++n] = $i; next }
	{ o = 0 }
	END {
		if (!seen)
			for (i = 1; i <= n; i++)
				if (w[i] ~ /^[A-Z]+$/)
					print w[i]
	}'
}

# The columns shmctl-list(1) documents under -o.
page_columns() {
	awk '/^The columns are:$/ { on = 1; next }
	on && /^\.Bl/ { depth++ }
	on && /^\.El/ { if (--depth == 0) exit }
	on && depth == 1 && /^\.It Cm / { print $3 }' \
	    "$SRC/man/shmctl-list.1"
}

# The names of odd objects that tests create under $ODD: a blank, quotes,
# a dollar, a backslash, glob characters, readline's word breaks ":" and
# "=", UTF-8.  Each starts with a different letter after $P.
odd_names() {
	printf '%s\n' "${P}sp ace" "${P}q'uote" "${P}dq\"dollar\$x" \
	    "${P}back\\slash" "${P}gl*b?[x]" "${P}co:lon" "${P}eq=ual" \
	    "${P}ünï"
}

# Sets lines_in to a command line for each odd name, typed up to the
# letter after $P, and want to the word it must run with once completed.
odd_typed() {
	local n
	lines_in=() want=()
	while IFS= read -r n; do
		lines_in+=("shmctl -d $ODD stat /${P}${n:${#P}:1}")
		want+=("/$n")
	done < <(odd_names)
}

# $@: the last word each of lines_in ran with; it must be that of want.
assert_inserted() {
	local got=("$@") i
	assert_equal "${#got[@]}" "${#want[@]}"
	for i in "${!want[@]}"; do
		[ "${got[i]}" = "${want[i]}" ] ||
		    fail "${lines_in[i]}<TAB>: ran with '${got[i]}', not '${want[i]}'"
	done
}

make_odd_names() {
	local n
	ODD=$SHM/${P}odd
	mkdir "$ODD"
	while IFS= read -r n; do
		: >"$ODD/$n"
	done < <(odd_names)
}

# $@: what a completion offered as chmod's first operand.  The common
# forms are among them, no name is, and chmod accepts every one.
assert_modes() {
	local m all=" $* "
	for m in 0600 0640 0644 0660 0666 u+rw g+r go-rwx a+r; do
		[[ $all == *" $m "* ]] || fail "$m is not offered: $*"
	done
	[[ $all != *"$P"* ]] || fail "names offered as modes: $*"
	for m; do
		shmctl -d "$NS" chmod "$m" "${P}a" ||
		    fail "chmod rejects the mode it offered: $m"
	done
}

# The subcommands and aliases that "shmctl --help" lists.
help_subcommands() {
	"$SHMCTL" --help | awk '
	/^Subcommands:/ { on = 1; next }
	/^$/ { on = 0 }
	on && $1 ~ /,$/ { sub(/,$/, "", $1); print $1; print $2; next }
	on { print $1 }' | sort -u
}

# --- bash --------------------------------------------------------------------

# Completes the end of the line as readline would, splitting words at
# unquoted blanks and at the COMP_WORDBREAKS characters ":" and "=" (a
# backslash or quotes keep them in the word, as bash's parser does), and
# prints COMPREPLY.
bash_complete() {
	timeout 20 bash --norc --noprofile -c '
	. "$1" || exit 3
	. "$2" || exit 3
	line=$3 sq=$4 w= q= COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ -n $q ]]; then
			w+=$c; [[ $c == "$q" ]] && q=
			continue
		fi
		case $c in
		"\\") w+=$c${line:i+1:1}; ((i++)) ;;
		"$sq" | \") w+=$c; q=$c ;;
		" ") [[ -n $w ]] && COMP_WORDS+=("$w"); w= ;;
		[:=]) [[ -n $w ]] && COMP_WORDS+=("$w"); COMP_WORDS+=("$c"); w= ;;
		*) w+=$c ;;
		esac
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line} COMPREPLY=()
	_shmctl shmctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMPLETION" \
	    "$SRC/completions/shmctl" "$1" "'" 2>/dev/null
}

require_bash_completion() {
	[ -r "$BASH_COMPLETION" ] || skip "bash-completion is not installed"
}

@test "bash: the completion script passes bash -n and shellcheck" {
	run bash -n "$SRC/completions/shmctl"
	assert_success
	command -v shellcheck >/dev/null || skip "shellcheck is not installed"
	run shellcheck -s bash "$SRC/completions/shmctl"
	assert_success
	assert_output ""
}

@test "bash: subcommands and aliases, as --help lists them" {
	require_bash_completion
	run bash_complete "shmctl "
	assert_success
	for s in $(help_subcommands) help; do
		assert_line "$s"
	done
	assert_line rm
	assert_line ls
	run bash_complete "shmctl cr"
	assert_output create
}

@test "bash: global options, and directories for --dir" {
	require_bash_completion
	run bash_complete "shmctl -"
	assert_success
	diff <(printf '%s\n' "${lines[@]}" | sort) <(help_options)
	mkdir "$TMP/ns"
	cd "$TMP"
	run bash_complete "shmctl --dir n"
	assert_output ns
}

@test "bash: every subcommand's options are those of its --help" {
	require_bash_completion
	for s in $(help_subcommands); do
		run bash_complete "shmctl $s -"
		assert_success
		run diff <(printf '%s\n' "${lines[@]}" | sort -u) \
		    <(help_options "$s")
		[ "$status" -eq 0 ] || fail "shmctl $s: completion vs --help:
$output"
	done
}

@test "bash: the options that take an argument are those of --help" {
	for s in $(help_subcommands); do
		run bash -c '. "$1"; _shmctl_options "$2" &&
		    printf "%s\n" $_shmctl_argopts' _ \
		    "$SRC/completions/shmctl" "$s"
		assert_success
		run diff <(printf '%s\n' "${lines[@]}" | sed '/^$/d' | sort -u) \
		    <(help_argopts "$s")
		[ "$status" -eq 0 ] || fail "shmctl $s: arguments vs --help:
$output"
	done
}

@test "bash: live names under --dir: regular files only, no semaphores" {
	require_bash_completion
	run bash_complete "shmctl -d $NS stat /$P"
	assert_success
	assert_line "/${P}a"
	assert_line "/${P}b"
	assert_equal "${#lines[@]}" 2
	run bash_complete "shmctl --dir=$NS unlink -f ${P}"
	assert_line "${P}a"
	assert_line "${P}b"
	assert_equal "${#lines[@]}" 2
	run bash_complete "shmctl -d $NS dump $NS/${P}"
	assert_line "$NS/${P}a"
	run bash_complete "shmctl -d $NS chmod 600 /${P}"
	assert_line "/${P}b"
}

@test "bash: live names honour SHMCTL_DIR, and default to /dev/shm" {
	require_bash_completion
	SHMCTL_DIR=$NS run bash_complete "shmctl truncate -s 1 /$P"
	assert_line "/${P}a"
	assert_equal "${#lines[@]}" 2

	shmctl create "${P}live"
	run bash_complete "shmctl stat --json /${P}l"
	assert_output "/${P}live"
	run bash_complete "shmctl -d $NS stat /${P}l"
	assert_output ""
}

@test "bash: users and groups for chown" {
	require_bash_completion
	run bash_complete "shmctl chown nobod"
	assert_line nobody
	group=$(id -gn nobody)
	run bash_complete "shmctl chown nobody:${group%?}"
	# readline replaces only the part after the colon
	assert_line "$group"
	run bash_complete "shmctl -d $NS chown root /${P}"
	refute_line nobody
	assert_line "/${P}a"
}

@test "bash: columns for list -o and --sort; ACTION values" {
	require_bash_completion
	run bash_complete "shmctl list -o NAME,SI"
	assert_output "NAME,SIZE"
	run bash_complete "shmctl ls -o +HOL"
	assert_output "+HOLDERS"
	run bash_complete "shmctl list --sort "
	assert_equal "${#lines[@]}" 20
	for c in NAME SIZE ALLOC MODE PERMS OWNER GROUP UID GID INODE NLINK \
	    ATIME MTIME CTIME HOLDERS PIDS TYPE NAMESPACE SVAL ORIGIN; do
		assert_line "$c"
	done
	run bash_complete "shmctl list --sort=MT"
	assert_output MTIME
	run bash_complete "shmctl open --if-exists "
	assert_equal "$(echo $output)" "error overwrite truncate supersede nil"
	run bash_complete "shmctl create --if-exists "
	assert_equal "$(echo $output)" "error overwrite truncate supersede"
	run bash_complete "shmctl open --if-does-not-exist "
	assert_equal "$(echo $output)" "error create nil"
}

@test "bash: a command and its arguments after open NAME and anon" {
	require_bash_completion
	run bash_complete "shmctl anon -s 4K -- ech"
	assert_line echo
	run bash_complete "shmctl anon ech"
	assert_line echo
	run bash_complete "shmctl open -w /x -- ech"
	assert_line echo
	run bash_complete "shmctl open /x ech"
	assert_line echo
	run bash_complete "shmctl open /x -"
	assert_output -- "--"
	# The command's own completion: shmctl inside shmctl.
	run bash_complete "shmctl anon -- shmctl -d $NS stat /${P}"
	assert_line "/${P}a"
	run bash_complete "shmctl open --rm /x -- shmctl cre"
	assert_output create
}

@test "bash: help completes subcommands" {
	require_bash_completion
	run bash_complete "shmctl help st"
	assert_output stat
}

@test "columns: the completions offer those of list --help and shmctl-list(1), in order" {
	local cols
	cols=$(help_columns)
	[ "$(printf '%s\n' "$cols" | wc -l)" -ge 17 ]
	run diff <(page_columns) <(printf '%s\n' "$cols")
	[ "$status" -eq 0 ] || fail "shmctl-list.1 vs list --help: $output"
	run diff <(sed -n '/^_shmctl_columns="/,/"$/p' "$SRC/completions/shmctl" |
	    tr -d '"' | sed 's/^_shmctl_columns=//' | tr ' ' '\n' |
	    sed '/^$/d') <(printf '%s\n' "$cols")
	[ "$status" -eq 0 ] || fail "bash vs list --help: $output"
	run diff <(sed -n '/^_shmctl_columns() {/,/^}/s/^\t\t.\([A-Z]*\):.*/\1/p' \
	    "$SRC/completions/_shmctl") <(printf '%s\n' "$cols")
	[ "$status" -eq 0 ] || fail "zsh vs list --help: $output"
	run diff <(sed -n 's/^set -l __shmctl_columns //p' \
	    "$SRC/completions/shmctl.fish" | tr ' ' '\n') \
	    <(printf '%s\n' "$cols")
	[ "$status" -eq 0 ] || fail "fish vs list --help: $output"
}

@test "bash: list, gc and watch offer the names as patterns; -a adds semaphores" {
	require_bash_completion
	for s in list ls gc watch; do
		run bash_complete "shmctl -d $NS $s /$P"
		assert_success
		assert_equal "$(echo $output)" "/${P}a /${P}b"
	done
	run bash_complete "shmctl --dir $NS list ${P}"
	assert_equal "$(echo $output)" "${P}a ${P}b"
	# list -a: every entry; gc -a: semaphores as well.
	run bash_complete "shmctl -d $NS list -la /"
	for n in "${P}a" "${P}b" "sem.${P}s" "${P}link" "${P}fifo" "${P}dir"; do
		assert_line "/$n"
	done
	run bash_complete "shmctl -d $NS gc --all /"
	assert_equal "$(echo $(printf '%s\n' "${lines[@]}" | grep -F "$P" |
	    LC_ALL=C sort))" "/sem.${P}s /${P}a /${P}b"
	run bash_complete "shmctl -d $NS gc --exclude /${P}a"
	assert_output "/${P}a"
	run bash_complete "shmctl -d $NS gc --exclude=/${P}b"
	assert_output "/${P}b"
	# The pattern offered matches its object and no other.
	: >"$NS/${P}gl*b?[x]"
	: >"$NS/${P}glob-x"
	run bash_complete "shmctl -d $NS list /${P}gl"
	assert_equal "${#lines[@]}" 2
	local pat
	eval "pat=$(printf '%s\n' "${lines[@]}" | grep -F '\*')"
	assert_equal "$pat" "/${P}gl\\*b\\?\\[x]"
	run shmctl -d "$NS" list -n -o NAME "$pat"
	assert_output "/${P}gl*b?[x]"
	run shmctl -d "$NS" list -n -o NAME "/${P}gl*b?[x]"
	assert_line "/${P}glob-x"
}

@test "bash: chmod offers modes first, each one chmod accepts, then names" {
	require_bash_completion
	run bash_complete "shmctl -d $NS chmod "
	assert_success
	assert_modes "${lines[@]}"
	run bash_complete "shmctl chmod user-"
	assert_equal "$(echo $output)" \
	    "user-read user-write user-exec user-all"
	# After a comma, more of the same kind; readline replaces what
	# follows the "=".
	run bash_complete "shmctl chmod user-read,group-w"
	assert_output "user-read,group-write"
	run bash_complete "shmctl chmod u=rw,go-r"
	assert_output "rw,go-rwx"
	run bash_complete "shmctl -d $NS chmod 0600 /$P"
	assert_equal "$(echo $output)" "/${P}a /${P}b"
	run bash_complete "shmctl -d $NS chmod --fd 3 "
	refute_line "/${P}a"
}

@test "bash: odd names come back quoted, and the shell reads back each name" {
	require_bash_completion
	make_odd_names
	local n r got
	while IFS= read -r n; do
		# Typed up to the letter after $P, bare and after "/".
		run bash_complete "shmctl -d $ODD stat /${P}${n:${#P}:1}"
		assert_equal "${#lines[@]}" 1
		r=${lines[0]}
		case $n in *[:=]*) r=/${n%%[:=]*}${n:${#n%%[:=]*}:1}$r ;; esac
		eval "got=$r"
		[ "$got" = "/$n" ] || fail "/$n came back as $r"
	done < <(odd_names | grep -v '[:=]')
	# In an open quote: only what follows the quote, quoted for it.
	run bash_complete "shmctl -d $ODD stat '/${P}q"
	eval "got='${lines[0]}'"
	assert_equal "$got" "/${P}q'uote"
	run bash_complete "shmctl -d $ODD stat \"/${P}d"
	eval "got=\"${lines[0]}\""
	assert_equal "$got" "/${P}dq\"dollar\$x"
	# After ":" or "=", what follows them.
	run bash_complete "shmctl -d $ODD dump /${P}co:"
	assert_output "lon"
	run bash_complete "shmctl -d $ODD unlink /${P}eq=u"
	assert_output "ual"
}

@test "bash (readline on a pty): odd names, patterns and modes as inserted" {
	require_bash_completion
	command -v python3 >/dev/null || skip "python3 is not installed"
	make_odd_names
	local lines_in want
	odd_typed
	lines_in+=("shmctl -d $ODD stat '/${P}q" "shmctl -d $ODD stat \"/${P}d"
	    "shmctl -d $ODD stat ${P}b" "shmctl -d $ODD list /${P}g"
	    "shmctl -d $ODD gc --exclude=/${P}g" "shmctl chmod u=rw,go-r")
	want+=("/${P}q'uote" "/${P}dq\"dollar\$x" "${P}back\\slash"
	    "/${P}gl\\*b\\?\\[x]" "--exclude=/${P}gl\\*b\\?\\[x]" "go-rwx")
	want[-1]=u=rw,go-rwx
	run timeout 60 python3 "$BATS_TEST_DIRNAME/readline.py" \
	    "$BASH_COMPLETION" "$SRC/completions/shmctl" "${lines_in[@]}"
	assert_success
	# The last word the command was run with, for each line.
	local got=()
	mapfile -t got < <(printf '%s\n' "$output" |
	    awk '/^== / { if (n++) print last; next } { last = $0 }
	    END { print last }')
	assert_inserted "${got[@]}"
}

# --- fish --------------------------------------------------------------------

fish_complete() {
	timeout 20 fish --no-config -c 'source $argv[1]; or exit 3
	    complete -C $argv[2]' \
	    "$SRC/completions/shmctl.fish" "$1" | cut -f1
}

require_fish() {
	command -v fish >/dev/null || skip "fish is not installed"
}

@test "fish: the completion file parses" {
	require_fish
	run fish --no-execute "$SRC/completions/shmctl.fish"
	assert_success
}

@test "fish: subcommands with descriptions" {
	require_fish
	run fish_complete "shmctl "
	for s in $(help_subcommands) help; do
		assert_line "$s"
	done
	run timeout 20 fish --no-config -c 'source $argv[1]; complete -C "shmctl cr"' \
	    "$SRC/completions/shmctl.fish"
	assert_output --regexp $'^create\t.+'
}

@test "fish: every subcommand's options are those of its --help" {
	require_fish
	run fish_complete "shmctl -"
	diff <(printf '%s\n' "${lines[@]}" | sort -u) <(help_options)
	for s in $(help_subcommands); do
		run fish_complete "shmctl $s -"
		run diff <(printf '%s\n' "${lines[@]}" | sort -u) \
		    <(help_options "$s")
		[ "$status" -eq 0 ] || fail "shmctl $s: fish vs --help:
$output"
	done
}

@test "fish: live names under --dir and SHMCTL_DIR" {
	require_fish
	run fish_complete "shmctl -d $NS stat /$P"
	assert_line "/${P}a"
	assert_line "/${P}b"
	assert_equal "${#lines[@]}" 2
	run fish_complete "shmctl --dir=$NS rm ${P}"
	assert_line "${P}a"
	assert_equal "${#lines[@]}" 2
	SHMCTL_DIR=$NS run fish_complete "shmctl dump /$P"
	assert_line "/${P}b"
	assert_equal "${#lines[@]}" 2
	shmctl create "${P}live"
	run fish_complete "shmctl stat /${P}l"
	assert_output "/${P}live"
}

@test "fish: chown owners, columns, actions" {
	require_fish
	run fish_complete "shmctl chown nobod"
	assert_line nobody
	group=$(id -gn nobody)
	run fish_complete "shmctl chown nobody:${group%?}"
	assert_line "nobody:$group"
	run fish_complete "shmctl list -o NAME,SI"
	assert_output "NAME,SIZE"
	run fish_complete "shmctl list --sort MT"
	assert_output MTIME
	run fish_complete "shmctl open --if-exists "
	assert_equal "$(echo $(printf '%s\n' "${lines[@]}" | sort))" \
	    "error nil overwrite supersede truncate"
	run fish_complete "shmctl create --if-exists "
	refute_line nil
	run fish_complete "shmctl open --if-does-not-exist "
	assert_equal "$(echo $(printf '%s\n' "${lines[@]}" | sort))" \
	    "create error nil"
}

@test "fish: a command after open NAME and anon" {
	require_fish
	run fish_complete "shmctl anon -- ech"
	assert_line echo
	run fish_complete "shmctl open -w /x ech"
	assert_line echo
	run fish_complete "shmctl open -w /x -"
	assert_output -- "--"
	run fish_complete "shmctl open /x -- shmctl -d $NS stat /${P}"
	assert_line "/${P}a"
	run fish_complete "shmctl anon -s 4K shmctl cre"
	assert_output create
}

@test "fish: patterns for list and gc, -a, chmod modes, metrics" {
	require_fish
	run fish_complete "shmctl -d $NS list /$P"
	assert_equal "$(echo $output)" "/${P}a /${P}b"
	run fish_complete "shmctl -d $NS list -a /$P"
	for n in "${P}a" "${P}b" "${P}link" "${P}fifo" "${P}dir"; do
		assert_line "/$n"
	done
	run fish_complete "shmctl -d $NS gc -a /"
	assert_line "/sem.${P}s"
	refute_line "/${P}fifo"
	run fish_complete "shmctl -d $NS gc --exclude=/${P}a"
	assert_output "--exclude=/${P}a"
	run fish_complete "shmctl -d $NS chmod "
	assert_modes "${lines[@]}"
	run fish_complete "shmctl chmod user-read,group-w"
	assert_output "user-read,group-write"
	run fish_complete "shmctl -d $NS chmod 0600 /$P"
	assert_equal "$(echo $output)" "/${P}a /${P}b"
	run fish_complete "shmctl metrics --o"
	assert_output "--output"
	run fish_complete "shmctl metrics -"
	assert_line -- "-A"
	assert_line -- "--all-namespaces"
}

@test "fish: odd names, escaped as fish inserts them, read back by fish" {
	require_fish
	make_odd_names
	local n r got
	while IFS= read -r n; do
		run timeout 20 fish --no-config -c 'source $argv[1]; or exit 3
		    complete -C --escape $argv[2]' "$SRC/completions/shmctl.fish" \
		    "shmctl -d $ODD stat /${P}${n:${#P}:1}"
		assert_equal "${#lines[@]}" 1
		r=${lines[0]%%$'\t'*}
		got=$(timeout 20 fish --no-config -c \
		    'eval set x $argv[1]; printf %s $x' "$r")
		[ "$got" = "/$n" ] || fail "/$n came back as $r"
	done < <(odd_names)
	run timeout 20 fish --no-config -c 'source $argv[1]
	    complete -C --escape $argv[2]' \
	    "$SRC/completions/shmctl.fish" "shmctl -d $ODD list /${P}g"
	r=${lines[0]%%$'\t'*}
	got=$(timeout 20 fish --no-config -c \
	    'eval set x $argv[1]; printf %s $x' "$r")
	assert_equal "$got" "/${P}gl\\*b\\?\\[x]"
}

# --- zsh ---------------------------------------------------------------------

# zsh's completion runs only inside its line editor: start an interactive
# zsh on a pseudo-terminal (zsh/zpty) and type each line and a TAB.
# "zsh_pty matches LINE...": record every match through a wrapper around
# compadd (which then adds none), and print "== LINE" and then
# "MATCH<TAB>DESCRIPTION" lines.  "zsh_pty run LINE...": let the completion
# insert, press RETURN, and print the last word that the command (a
# function that prints it) was run with, as the shell read it back.
zsh_pty() {
	cat >"$TMP/zcap.zsh" <<'EOF'
zmodload zsh/zpty zsh/datetime || exit 3
local fdir=$1 dump=$2 mode=$3 out word
shift 3
# Reads the pty into $out until the pattern matches, 10 seconds at most.
zcap_read() {
	local chunk deadline=$(( EPOCHREALTIME + 10 ))
	out=
	while (( EPOCHREALTIME < deadline )); do
		if zpty -r -t z chunk; then
			out+=$chunk
			[[ $out == $~1 ]] && return 0
		else
			sleep 0.05
		fi
	done
	return 1
}
zpty z zsh -f -i
zpty -w z "PS1= PROMPT= RPROMPT=; fpath=($fdir \$fpath); autoload -Uz compinit; compinit -u -d $dump"
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false; zmodload zsh/zutil'
# The markers are spelt in two pieces so that the echo of these lines does
# not contain them; no tabs in what is typed: a tab would complete.
[[ $mode == matches ]] && zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __m __d; local -A __p; local __i __t
  if (( $@[(I)-d] )); then
    __t=${@[$(( ${@[(i)-d]} + 1 ))]}
    if [[ $__t == \(* ]]; then eval "__d=$__t"; else __d=( "${(@P)__t}" ); fi
  fi
  builtin compadd -A __m -D __d "$@"
  zparseopts -E -A __p P: p: S: s: d:
  for __i in {1..$#__m}; do
    print -r -- "@""@M@${IPREFIX}${__p[-P]}${__p[-p]}${__m[__i]}${__p[-s]}@""@X@${__d[__i]}"
  done
}'
[[ $mode == run ]] &&
    zpty -w z 'shmctl() { print -r -- "@""@A@${@[-1]}@""@Z@" }'
zpty -w z 'comppostfuncs=( _zcap_done ); _zcap_done() { print -r -- "@""@E@"; comppostfuncs=( _zcap_done ) }'
zpty -w z 'print -r -- "@""@R@"'
zcap_read '*@@R@*' || exit 4
for line; do
	[[ $mode == matches ]] && print -r -- "== $line"
	zpty -w -n z "$line"$'\t'
	zcap_read '*@@E@*' || exit 5
	if [[ $mode == run ]]; then
		zpty -w -n z $'\r'
		zcap_read '*@@A@*@@Z@*' || exit 6
		word=${out##*@@A@}
		print -r -- "${word%%@@Z@*}"
		continue
	fi
	for word in ${(f)out}; do
		[[ $word == *@@M@*@@X@* ]] || continue
		word=${${word#*@@M@}%$'\r'}
		[[ $word == @@X@* ]] && continue
		print -r -- "${word%%@@X@*}"$'\t'"${word#*@@X@}"
	done
	zpty -w -n z $'\C-u'
done
zpty -d z
EOF
	# One dump for the file: compinit takes seconds without one.
	timeout 120 zsh -f "$TMP/zcap.zsh" "$SRC/completions" \
	    "$BATS_FILE_TMPDIR/zcompdump" "$@"
}

zsh_complete() { zsh_pty matches "$@"; }

# The matches that $TMP/zsh.out, from zsh_complete, holds for line $1:
# sorted, on one line, each followed by a blank.
zsh_section() {
	awk -v l="== $1" '/^== / { on = ($0 == l); next }
	    on { sub(/\t.*/, ""); print }' "$TMP/zsh.out" | sort -u | tr '\n' ' '
}

# The matches for one line, without descriptions.
zsh_matches() {
	zsh_complete "$1" | sed 1d | cut -f1
}

require_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed"
}

require_zpty() {
	require_zsh
	timeout 20 zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
	    skip "zsh has no zsh/zpty module"
}

@test "zsh -n: _shmctl parses" {
	require_zsh
	run zsh -n "$SRC/completions/_shmctl"
	assert_success
	run head -1 "$SRC/completions/_shmctl"
	assert_output "#compdef shmctl"
}

@test "zsh functional (zpty): subcommands with descriptions" {
	require_zpty
	run zsh_complete "shmctl "
	assert_success
	for s in $(help_subcommands) help; do
		assert_line --regexp "^$s	$s +-- [a-z]"
	done
	run zsh_matches "shmctl cr"
	assert_output create
}

@test "zsh functional (zpty): every subcommand's options are those of its --help" {
	require_zpty
	local args=("shmctl -")
	for s in $(help_subcommands); do
		args+=("shmctl $s -")
	done
	zsh_complete "${args[@]}" >"$TMP/zsh.out"
	run awk '/^== /{ n++ } END { print n }' "$TMP/zsh.out"
	assert_output "${#args[@]}"
	for s in "" $(help_subcommands); do
		run diff <(awk -v l="== shmctl ${s:+$s }-" '
		    /^== / { on = ($0 == l); next }
		    on { sub(/\t.*/, ""); print }' "$TMP/zsh.out" | sort -u) \
		    <(help_options $s)
		[ "$status" -eq 0 ] || fail "shmctl $s: zsh vs --help:
$output"
	done
	# Options come with their --help text as description.
	grep -q $'^--reserve\t.*-- allocate the memory now' "$TMP/zsh.out"
}

@test "zsh functional (zpty): live names under --dir and SHMCTL_DIR" {
	require_zpty
	run zsh_matches "shmctl -d $NS stat /$P"
	assert_line "/${P}a"
	assert_line "/${P}b"
	assert_equal "${#lines[@]}" 2
	run zsh_matches "shmctl --dir=$NS unlink ${P}"
	assert_line "${P}a"
	assert_equal "${#lines[@]}" 2
	SHMCTL_DIR=$NS run zsh_matches "shmctl dump /$P"
	assert_line "/${P}b"
	assert_equal "${#lines[@]}" 2
	shmctl create "${P}live"
	run zsh_matches "shmctl stat /${P}l"
	assert_output "/${P}live"
}

@test "zsh functional (zpty): chown owners, columns, actions, commands" {
	require_zpty
	group=$(id -gn nobody)
	zsh_complete "shmctl chown nobod" "shmctl chown nobody:${group%?}" \
	    "shmctl list -o NAME,SI" "shmctl list -o +HOL" \
	    "shmctl list --sort MT" "shmctl open --if-exists " \
	    "shmctl create --if-exists " "shmctl open --if-does-not-exist " \
	    "shmctl anon -- ech" "shmctl open -w /x -- ech" \
	    "shmctl open /x shmctl -d $NS stat /$P" >"$TMP/zsh.out"
	run zsh_section "shmctl chown nobod"
	assert_output --partial "nobody "
	run zsh_section "shmctl chown nobody:${group%?}"
	assert_output --partial "nobody:$group "
	run zsh_section "shmctl list -o NAME,SI"
	assert_output "NAME,SIZE "
	run zsh_section "shmctl list -o +HOL"
	assert_output "+HOLDERS "
	run zsh_section "shmctl list --sort MT"
	assert_output "MTIME "
	run zsh_section "shmctl open --if-exists "
	assert_output "error nil overwrite supersede truncate "
	run zsh_section "shmctl create --if-exists "
	assert_output "error overwrite supersede truncate "
	run zsh_section "shmctl open --if-does-not-exist "
	assert_output "create error nil "
	run zsh_section "shmctl anon -- ech"
	assert_output --partial "echo "
	run zsh_section "shmctl open -w /x -- ech"
	assert_output --partial "echo "
	run zsh_section "shmctl open /x shmctl -d $NS stat /$P"
	assert_output "/${P}a /${P}b "
}

@test "zsh functional (zpty): patterns, -a, chmod modes, metrics" {
	require_zpty
	zsh_complete "shmctl -d $NS list /$P" "shmctl -d $NS list -a /$P" \
	    "shmctl -d $NS gc -a /" "shmctl -d $NS gc --exclude=/${P}a" \
	    "shmctl -d $NS chmod " "shmctl chmod user-read,group-w" \
	    "shmctl chmod u=rw,go-r" "shmctl -d $NS chmod 0600 /$P" \
	    "shmctl metrics -" >"$TMP/zsh.out"
	run zsh_section "shmctl -d $NS list /$P"
	assert_output "/${P}a /${P}b "
	run zsh_section "shmctl -d $NS list -a /$P"
	assert_output "/${P}a /${P}b /${P}dir /${P}fifo /${P}link "
	run zsh_section "shmctl -d $NS gc -a /"
	assert_output --partial "/sem.${P}s "
	refute_output --partial "/${P}fifo"
	run zsh_section "shmctl -d $NS gc --exclude=/${P}a"
	assert_output "--exclude=/${P}a "
	run zsh_section "shmctl -d $NS chmod "
	# shellcheck disable=SC2086
	assert_modes $output
	run zsh_section "shmctl chmod user-read,group-w"
	assert_output "user-read,group-write "
	run zsh_section "shmctl chmod u=rw,go-r"
	assert_output "u=rw,go-rwx "
	run zsh_section "shmctl -d $NS chmod 0600 /$P"
	assert_output "/${P}a /${P}b "
	run zsh_section "shmctl metrics -"
	assert_output "--all-namespaces --help --output -A -h "
}

@test "zsh functional (zpty): odd names as inserted, read back by zsh" {
	require_zpty
	make_odd_names
	local lines_in want
	odd_typed
	lines_in+=("shmctl -d $ODD stat '/${P}q" "shmctl -d $ODD stat ${P}b"
	    "shmctl -d $ODD list /${P}g")
	want+=("/${P}q'uote" "${P}back\\slash" "/${P}gl\\*b\\?\\[x]")
	run zsh_pty run "${lines_in[@]}"
	assert_success
	assert_inserted "${lines[@]}"
}
