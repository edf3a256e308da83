#!/usr/bin/env bats
# shmctl watch: each event with the pid that caused it, in both forms;
# PATTERN, --count, signals, a closed pipe, the inotify fallback, bursts,
# an overflowing queue and --dir.
#
# A watch is known to be in place when the kernel lists its mark in the
# watcher's /proc/PID/fdinfo: only then does a test act.  Every action
# waits for its event before the next, so that each size is exact.

load common

setup() {
	common_setup
	OUT=$TMP/out
	ERR=$TMP/err
	WATCHER=
	DIRS=()
}

teardown() {
	local d
	[ -z "$WATCHER" ] || kill "$WATCHER" 2>/dev/null || true
	[ -z "$WATCHER" ] || wait "$WATCHER" 2>/dev/null || true
	[ -z "${MAX_EVENTS:-}" ] ||
	    echo "$MAX_EVENTS" > /proc/sys/fs/inotify/max_queued_events
	for d in "${DIRS[@]}"; do
		rm -rf -- "$d"
	done
	common_teardown
}

# Waits until the watch is in place: a shmctl process whose command line
# holds the test's prefix, and whose fdinfo lists its fanotify or inotify
# mark.  Sets WATCH_PID and WATCH_API; fails after 10 s.
watch_ready() {
	local i pid fd
	for i in $(seq 200); do
		for pid in $(pgrep -x shmctl); do
			grep -qaF -- "$P" "/proc/$pid/cmdline" 2>/dev/null ||
			    continue
			for fd in /proc/"$pid"/fdinfo/*; do
				WATCH_API=$(grep -oE '^(fanotify|inotify) ' \
				    "$fd" 2>/dev/null | head -n 1) || continue
				[ -n "$WATCH_API" ] || continue
				WATCH_PID=$pid
				return 0
			done
		done
		kill -0 "$WATCHER" 2>/dev/null ||
		    fail "the watch ended early: $(cat "$ERR")"
		sleep 0.05
	done
	fail "the watch was not in place after 10 s: $(cat "$ERR")"
}

# Starts "shmctl [GLOBAL...] watch ARGS..." (or another command that
# runs it) in the background, bounded in time, with SIGINT and SIGTERM at
# their defaults (a background job's shell would have them ignored), and
# waits until it is in place.  After require_fanotify, a watch that had to
# fall back to inotify skips the test.
watch_start() {
	env --default-signal=INT,TERM timeout 120 "$@" >"$OUT" 2>"$ERR" &
	WATCHER=$!
	watch_ready
	if [ -n "${WANT_FANOTIFY:-}" ] && [ "$WATCH_API" != "fanotify " ]; then
		skip "fanotify cannot watch $SHM here: $(cat "$ERR")"
	fi
}

# Waits up to 10 s for a line of $OUT matching the extended regex $1.
wait_line() {
	local i
	for i in $(seq 200); do
		grep -qE -- "$1" "$OUT" && return 0
		sleep 0.05
	done
	fail "no line matching '$1' in 10 s: $(cat "$OUT" "$ERR")"
}

# Waits up to 10 s for the file $1 to be written.
wait_file() {
	local i
	for i in $(seq 200); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 was not written in 10 s"
}

# Waits for the JSON event $1 on the name $2 (caused by pid $3, if given),
# and prints its line.
wait_json() {
	local i line
	for i in $(seq 200); do
		line=$(jq -c --arg e "$1" --arg n "$2" --arg p "${3:-}" \
		    'select(.event == $e and .name == $n and
		     ($p == "" or .pid == ($p | tonumber)))' "$OUT" \
		    2>/dev/null | head -n 1)
		if [ -n "$line" ]; then
			printf '%s\n' "$line"
			return 0
		fi
		sleep 0.05
	done
	fail "no $1 event for $2 in 10 s: $(cat "$OUT" "$ERR")"
}

# Waits for the background watch to end; its status in $WATCH_STATUS.
watch_wait() {
	WATCH_STATUS=0
	wait "$WATCHER" || WATCH_STATUS=$?
	WATCHER=
}

# Runs a command as a process whose pid lands in $TMP/pid.
as_pid() {
	sh -c 'echo $$ > "$0"; exec "$@"' "$TMP/pid" "$@"
}

# A JSON line's fields as the kernel and the actor say they must be:
# event $2, name $3, size $4 (or null), pid $5 (or null), comm one of $6.
check_json() {
	run jq -e --arg e "$2" --arg n "$3" --argjson s "$4" --argjson p "$5" \
	    --argjson c "$6" '
	    (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}[+-][0-9]{2}:[0-9]{2}$")) and
	    .event == $e and .name == $n and .size == $s and .pid == $p and
	    (.comm as $x | $c | index([$x]) != null) and
	    ((keys - ["time", "event", "name", "from", "size", "pid", "comm"]) == [])' \
	    <<<"$1"
	[ "$status" -eq 0 ] || fail "unexpected event: $1"
}

require_fanotify() {
	require_root
	WANT_FANOTIFY=1
}

@test "create, resize, write, attrib, rename and delete, each with its pid (--json)" {
	require_fanotify
	local line pid
	watch_start "$SHMCTL" watch --json "${P}*"

	as_pid "$SHMCTL" create "$N"
	pid=$(cat "$TMP/pid")
	line=$(wait_json create "/$N" "$pid")
	check_json "$line" create "/$N" 0 "$pid" '["shmctl", null]'

	as_pid "$SHMCTL" truncate -s 8K "$N"
	pid=$(cat "$TMP/pid")
	line=$(wait_json resize "/$N" "$pid")
	check_json "$line" resize "/$N" "$(shm_size "$N")" "$pid" \
	    '["shmctl", null]'
	[ "$(shm_size "$N")" -eq 8192 ]

	as_pid "$SHMCTL" write --string hello "$N"
	pid=$(cat "$TMP/pid")
	line=$(wait_json write "/$N" "$pid")
	check_json "$line" write "/$N" 8192 "$pid" '["shmctl", null]'

	as_pid "$SHMCTL" chmod 640 "$N"
	pid=$(cat "$TMP/pid")
	line=$(wait_json attrib "/$N" "$pid")
	check_json "$line" attrib "/$N" 8192 "$pid" '["shmctl", null]'
	[ "$(shm_mode "$N")" = 640 ]

	as_pid mv "$SHM/$N" "$SHM/${P}new"
	pid=$(cat "$TMP/pid")
	line=$(wait_json rename "/${P}new" "$pid")
	check_json "$line" rename "/${P}new" 8192 "$pid" '["mv", null]'
	[ "$(jq -r .from <<<"$line")" = "/$N" ]

	as_pid "$SHMCTL" unlink "${P}new"
	pid=$(cat "$TMP/pid")
	line=$(wait_json delete "/${P}new" "$pid")
	check_json "$line" delete "/${P}new" null "$pid" '["shmctl", null]'

	# Every line is one JSON object, and nothing else was reported
	# (create sets the mode exactly: an attrib after the create).
	run jq -r .event "$OUT"
	assert_output "$(printf '%s\n' create attrib resize write attrib rename \
	    delete)"
	[ ! -s "$ERR" ]
}

@test "the lines: time, event, size, pid, command and name, aligned" {
	require_fanotify
	local pid
	watch_start "$SHMCTL" watch "${P}*"

	as_pid "$SHMCTL" create -s 4096 "$N"
	pid=$(cat "$TMP/pid")
	wait_line " resize .* /$N\$"
	# 4096 bytes as ls -sh and numfmt write them: 4.0K.
	run awk -v pid="$pid" -v size="$(numfmt --to=iec 4096)" \
	    -v name="/$N" '
	    $1 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ &&
	    $2 ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]$/ &&
	    $3 == "resize" && $4 == size && $5 == pid &&
	    ($6 == "shmctl" || $6 == "-") && $7 == name && NF == 7 { ok = 1 }
	    END { exit !ok }' "$OUT"
	assert_success

	as_pid mv "$SHM/$N" "$SHM/${P}b"
	pid=$(cat "$TMP/pid")
	wait_line " rename .* /$N -> /${P}b\$"
	run grep -cE " rename +$(numfmt --to=iec 4096) +$pid (mv|-) +/$N -> /${P}b\$" "$OUT"
	assert_output 1

	"$SHMCTL" unlink "${P}b"
	wait_line " delete +- .* /${P}b\$"
	# The name starts at the same column on every line.
	run awk '{ print index($0, "/'"$P"'") }' "$OUT"
	[ "$(sort -u <<<"$output" | wc -l)" -eq 1 ] ||
	    fail "columns differ: $(cat "$OUT")"
	[ ! -s "$ERR" ]
}

@test "a process that has exited by the time its event is read: its pid, and no command" {
	require_fanotify
	local line pid
	watch_start "$SHMCTL" watch --json "${P}*"
	kill -STOP "$WATCH_PID"
	as_pid "$SHMCTL" create "$N"
	pid=$(cat "$TMP/pid")
	kill -CONT "$WATCH_PID"
	line=$(wait_json create "/$N" "$pid")
	check_json "$line" create "/$N" 0 "$pid" '[null]'
}

@test "PATTERN selects names with or without the slash; a rename shows when either name matches" {
	require_fanotify
	watch_start "$SHMCTL" watch --json "/${P}a*" "${P}end"
	: >"$SHM/${P}b1"
	: >"$SHM/${P}a1"
	mv "$SHM/${P}b1" "$SHM/${P}a2"
	mv "$SHM/${P}a1" "$SHM/${P}b2"
	"$SHMCTL" unlink "${P}b2" "${P}a2"
	: >"$SHM/${P}end"
	wait_json create "/${P}end" >/dev/null
	run jq -r '[.event, .from // "", .name] | join(" ")' "$OUT"
	assert_output "create  /${P}a1
rename /${P}b1 /${P}a2
rename /${P}a1 /${P}b2
delete  /${P}a2
create  /${P}end"
}

@test "--count N ends after N events, exit 0" {
	require_root
	watch_start "$SHMCTL" watch --count 3 "${P}*"
	: >"$SHM/${P}1"
	: >"$SHM/${P}2"
	"$SHMCTL" unlink "${P}1"
	"$SHMCTL" unlink "${P}2"
	watch_wait
	assert_equal "$WATCH_STATUS" 0
	[ "$(wc -l <"$OUT")" -eq 3 ]
	run awk '{ print $3, $NF }' "$OUT"
	assert_output "create /${P}1
create /${P}2
delete /${P}1"
}

@test "SIGINT and SIGTERM end the watch cleanly, exit 0" {
	local sig
	for sig in INT TERM; do
		watch_start "$SHMCTL" watch "${P}*"
		kill "-$sig" "$WATCH_PID"
		watch_wait
		[ "$WATCH_STATUS" -eq 0 ] || fail "SIG$sig: exit $WATCH_STATUS"
		[ ! -s "$OUT" ] && [ ! -s "$ERR" ] ||
		    fail "SIG$sig: $(cat "$OUT" "$ERR")"
	done
}

@test "a reader that closes the pipe ends the watch quietly, exit 0, without waiting for an event" {
	# At the first line (head -n 1 exits).
	env --default-signal=INT,TERM timeout 60 sh -c \
	    '"$0" watch "$1*" 2>"$2"; echo $? >"$3"' \
	    "$SHMCTL" "$P" "$ERR" "$TMP/rc" | head -n 1 >"$OUT" &
	WATCHER=$!
	watch_ready
	"$SHMCTL" create "$N"
	wait_file "$TMP/rc"
	grep -q " create .* /$N\$" "$OUT"
	[ "$(cat "$TMP/rc")" = 0 ]
	[ ! -s "$ERR" ]

	# Before any event: the pipe's other end is gone at once.
	run timeout 20 sh -c '("$0" watch "$1*" 2>"$2"; echo $? >"$3") | true' \
	    "$SHMCTL" "$P" "$ERR" "$TMP/rc"
	assert_success
	[ "$(cat "$TMP/rc")" = 0 ]
	[ ! -s "$ERR" ]
}

@test "without CAP_SYS_ADMIN: inotify, one notice, no pids, renames still paired" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	local line
	watch_start setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	    "$SHMCTL" watch --json "${P}*"
	: >"$SHM/$N"
	line=$(wait_json create "/$N")
	check_json "$line" create "/$N" 0 null '[null]'
	"$SHMCTL" truncate -s 100 "$N"
	line=$(wait_json resize "/$N")
	check_json "$line" resize "/$N" 100 null '[null]'
	"$SHMCTL" write --string abc "$N"
	line=$(wait_json write "/$N")
	check_json "$line" write "/$N" 100 null '[null]'
	"$SHMCTL" chmod 604 "$N"
	line=$(wait_json attrib "/$N")
	check_json "$line" attrib "/$N" 100 null '[null]'
	mv "$SHM/$N" "$SHM/${P}new"
	line=$(wait_json rename "/${P}new")
	check_json "$line" rename "/${P}new" 100 null '[null]'
	[ "$(jq -r .from <<<"$line")" = "/$N" ]
	"$SHMCTL" unlink "${P}new"
	line=$(wait_json delete "/${P}new")
	check_json "$line" delete "/${P}new" null null '[null]'
	assert_equal "$(cat "$ERR")" "shmctl: watch: pids are unknown: fanotify(7) needs CAP_SYS_ADMIN; watching with inotify(7)"
}

@test "without CAP_SYS_ADMIN, the lines print - for the pid and the command" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	watch_start setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	    "$SHMCTL" watch "${P}*"
	: >"$SHM/$N"
	wait_line " create .* /$N\$"
	# Only this line: under load, other suites' events can overflow the
	# queue of the whole of /dev/shm, which watch says in a line too.
	run awk -v n="/$N" '$NF == n { print $3, $4, $5, $6, $7 }' "$OUT"
	assert_output "create 0B - - /$N"
	[ "$(wc -l <"$ERR")" -eq 1 ]
}

# 1,000 creates and 1,000 deletes, as fast as one process makes them.
burst() {
	local i names=()
	for i in $(seq 1000); do
		names+=("${P}burst-$i")
	done
	"$SHMCTL" create "${names[@]}"
	"$SHMCTL" unlink "${names[@]}"
	: >"$SHM/${P}end"
}

# Each of the 2,000 names' events, or a line that says events were lost.
check_burst() {
	wait_json create "/${P}end" >/dev/null
	run jq -s -r --arg p "/${P}burst-" '
	    if any(.event == "overflow") then "overflow" else
	    [map(select((.name // "" | startswith($p)) and
	     (.event == "create" or .event == "delete"))) | group_by(.event)[] |
	     "\(.[0].event) \(length) \(map(.name) | unique | length)"] |
	    join(",") end' "$OUT"
	case $output in
	overflow) ;;
	*) assert_output "create 1000 1000,delete 1000 1000" ;;
	esac
}

@test "a burst of 1,000 creates and deletes loses no event (fanotify)" {
	require_fanotify
	watch_start "$SHMCTL" watch --json "${P}*"
	burst
	check_burst
	[ "$output" != overflow ] || fail "fanotify's queue has no limit"
}

@test "a burst of 1,000 creates and deletes loses no event (inotify)" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	watch_start setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	    "$SHMCTL" watch --json "${P}*"
	burst
	check_burst
}

@test "an overflowing queue says that events were lost, and the watch goes on" {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	# inotify takes its queue's length when it starts: 16 for this one.
	MAX_EVENTS=$(cat /proc/sys/fs/inotify/max_queued_events)
	echo 16 > /proc/sys/fs/inotify/max_queued_events
	watch_start setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	    "$SHMCTL" watch "${P}*"
	echo "$MAX_EVENTS" > /proc/sys/fs/inotify/max_queued_events
	MAX_EVENTS=
	kill -STOP "$WATCH_PID"
	"$SHMCTL" create "${P}"{1..40}
	kill -CONT "$WATCH_PID"
	wait_line " overflow +events were lost: the kernel's queue overflowed\$"
	"$SHMCTL" truncate -s 10 "${P}1"
	: >"$SHM/${P}end"
	wait_line " create .* /${P}end\$"
	# Sizes were read again: the first change after it is still a resize.
	grep -qE " resize +10B .* /${P}1\$" "$OUT"
}

@test "--dir on a directory of /dev/shm's file system reports only that directory" {
	require_fanotify
	local d
	d=$(mktemp -d -p "$SHM" "${P}dir.XXXXXX")
	DIRS+=("$d")
	watch_start "$SHMCTL" -d "$d" watch --json
	: >"$SHM/$N"
	: >"$d/${P}inside"
	mkdir "$d/${P}sub"
	: >"$d/${P}sub/${P}deeper"
	"$SHMCTL" unlink "$N"
	"$SHMCTL" -d "$d" unlink "${P}inside"
	: >"$d/${P}end"
	wait_json create "/${P}end" >/dev/null
	run jq -r '[.event, .name] | join(" ")' "$OUT"
	assert_output "create /${P}inside
delete /${P}inside
create /${P}end"
}

@test "names are escaped in the lines and exact in JSON" {
	require_fanotify
	local name=$'\t'"${P}é"
	watch_start "$SHMCTL" watch --json "*${P}*"
	: >"$SHM/$name"
	wait_line '"create"'
	run jq -r 'select(.event == "create") | .name' "$OUT"
	assert_output "/$name"
	kill "$WATCHER"
	watch_wait
	watch_start "$SHMCTL" watch "*${P}*"
	rm -- "$SHM/$name"
	wait_line " delete "
	grep -qF ' /\t'"${P}" "$OUT"
	run grep -c $'\t' "$OUT"
	assert_output 0
}

@test "a name that is not UTF-8: its vis(3) form in JSON, and its bytes in name_hex" {
	require_fanotify
	local name=$'\377'"${P}x" hex
	watch_start "$SHMCTL" watch --json "*${P}*"
	: >"$SHM/$name"
	wait_line '"create"'
	hex=$(printf '%s' "/$name" | od -An -tx1 | tr -d ' \n')
	run jq -r 'select(.event == "create") | .name, .name_hex' "$OUT"
	assert_output "/\\377${P}x
$hex"
}

@test "a bad --count or an empty PATTERN is a usage error" {
	run "$SHMCTL" watch --count 0
	assert_failure 2
	run "$SHMCTL" watch --count x
	assert_failure 2
	assert_output --partial "invalid --count 'x'"
	run "$SHMCTL" watch /
	assert_failure 2
	assert_output --partial "empty pattern '/'"
}
