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

# The subcommands and aliases that "shmctl --help" lists.
help_subcommands() {
	"$SHMCTL" --help | awk '
	/^Subcommands:/ { on = 1; next }
	/^$/ { on = 0 }
	on && $1 ~ /,$/ { sub(/,$/, "", $1); print $1; print $2; next }
	on { print $1 }' | sort -u
}

# --- bash --------------------------------------------------------------------

# Completes the end of the line as readline would, splitting words at blanks
# and at the COMP_WORDBREAKS characters ":" and "=", and prints COMPREPLY.
bash_complete() {
	bash --norc --noprofile -c '
	. "$1" || exit 3
	. "$2" || exit 3
	line=$3 w= COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		case $c in
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
	    "$SRC/completions/shmctl" "$1" 2>/dev/null
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

# --- fish --------------------------------------------------------------------

fish_complete() {
	fish --no-config -c 'source $argv[1]; or exit 3; complete -C $argv[2]' \
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
	run fish --no-config -c 'source $argv[1]; complete -C "shmctl cr"' \
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

# --- zsh ---------------------------------------------------------------------

# zsh's completion runs only inside its line editor: start an interactive
# zsh on a pseudo-terminal (zsh/zpty), type each line and a TAB, and record
# every match through a wrapper around compadd.  Prints "== LINE" and then
# "MATCH<TAB>DESCRIPTION" lines.
zsh_complete() {
	cat >"$TMP/zcap.zsh" <<'EOF'
zmodload zsh/zpty zsh/datetime || exit 3
local fdir=$1 dump=$2 out word
shift 2
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
zpty -w z 'compadd() {
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
zpty -w z 'comppostfuncs=( _zcap_done ); _zcap_done() { print -r -- "@""@E@"; comppostfuncs=( _zcap_done ) }'
zpty -w z 'print -r -- "@""@R@"'
zcap_read '*@@R@*' || exit 4
for line; do
	print -r -- "== $line"
	zpty -w -n z "$line"$'\t'
	zcap_read '*@@E@*' || exit 5
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
	zsh -f "$TMP/zcap.zsh" "$SRC/completions" "$BATS_FILE_TMPDIR/zcompdump" \
	    "$@"
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
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
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
	section() {
		awk -v l="== $1" '/^== / { on = ($0 == l); next }
		    on { sub(/\t.*/, ""); print }' "$TMP/zsh.out" | sort -u |
		    tr '\n' ' '
	}
	run section "shmctl chown nobod"
	assert_output --partial "nobody "
	run section "shmctl chown nobody:${group%?}"
	assert_output --partial "nobody:$group "
	run section "shmctl list -o NAME,SI"
	assert_output "NAME,SIZE "
	run section "shmctl list -o +HOL"
	assert_output "+HOLDERS "
	run section "shmctl list --sort MT"
	assert_output "MTIME "
	run section "shmctl open --if-exists "
	assert_output "error nil overwrite supersede truncate "
	run section "shmctl create --if-exists "
	assert_output "error overwrite supersede truncate "
	run section "shmctl open --if-does-not-exist "
	assert_output "create error nil "
	run section "shmctl anon -- ech"
	assert_output --partial "echo "
	run section "shmctl open -w /x -- ech"
	assert_output --partial "echo "
	run section "shmctl open /x shmctl -d $NS stat /$P"
	assert_output "/${P}a /${P}b "
}
