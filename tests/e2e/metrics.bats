#!/usr/bin/env bats
# metrics: the Prometheus text that node_exporter's textfile collector
# reads.  Prometheus's own promtool and a real prometheus-node-exporter
# judge the format; every gauge is compared with the figure df --json or
# gc --json's dry run gives for the same private namespace, and with what
# the test made there; --output is atomic.

load common
load holding

setup() {
	common_setup
	BG_PIDS=()
	EXPORTER=
	MNT=
	NS=$SHM/${P}ns
	mkdir "$NS"
}

teardown() {
	local p
	[ -z "$EXPORTER" ] || kill "$EXPORTER" 2>/dev/null || true
	[ -z "$EXPORTER" ] || wait "$EXPORTER" 2>/dev/null || true
	for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -z "$MNT" ] || umount "$MNT" 2>/dev/null || true
	rm -rf -- "$NS"
	common_teardown
}

require_promtool() {
	command -v promtool >/dev/null ||
	    skip "promtool is not installed (Debian package prometheus)"
}

# metrics ARGS...: METRICS is the output of metrics on the namespace.
metrics() {
	METRICS=$(timeout 30 "$SHMCTL" -d "$NS" metrics "$@")
}

# A label value as the exposition format escapes it: backslash, double
# quote and newline.
label_escape() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	printf '%s' "${s//$'\n'/\\n}"
}

# sample NAME [LABELS]: the value of the sample NAME{LABELS} in METRICS.
sample() {
	local want="$1 "
	[ $# -lt 2 ] || want="$1{$2} "
	# ENVIRON, not -v: awk would read the escapes of a -v value.
	W=$want awk 'index($0, ENVIRON["W"]) == 1 {
		print substr($0, length(ENVIRON["W"]) + 1) }' <<<"$METRICS"
}

# The dir label of the test's namespace.
dir_label() { printf 'dir="%s"' "$(label_escape "${1:-$NS}")"; }

# df --json's entry for the namespace.
df_json() { timeout 30 "$SHMCTL" -d "$NS" df --json | jq -c '.df[0]'; }

# data PATH BYTES: an object holding BYTES of data, all allocated.
data() { head -c "$2" /dev/urandom >"$1"; }

# old PATH...: last modified two hours ago, older than gc's default age.
old() { touch -d '2 hours ago' "$@"; }

@test "promtool check metrics accepts the output, HELP and TYPE for each family" {
	require_promtool
	data "$NS/a" 5000
	: >"$NS/sem.lock"
	metrics
	run promtool check metrics <<<"$METRICS"
	assert_success
	assert_output ""
	local fam
	for fam in shmctl_fs_size_bytes shmctl_fs_avail_bytes shmctl_objects \
	    shmctl_apparent_bytes shmctl_allocated_bytes shmctl_semaphores \
	    shmctl_deleted_objects shmctl_deleted_allocated_bytes \
	    shmctl_stale_objects shmctl_stale_allocated_bytes \
	    shmctl_holders_complete shmctl_scrape_duration_seconds; do
		grep -qx "# TYPE $fam gauge" <<<"$METRICS" || fail "no TYPE for $fam"
		grep -q "^# HELP $fam [^ ]" <<<"$METRICS" || fail "no HELP for $fam"
		grep -q "^$fam[{ ]" <<<"$METRICS" || fail "no sample of $fam"
	done
}

@test "each family's samples follow its own HELP and TYPE, together" {
	data "$NS/a" 100
	chown nobody "$NS/a" 2>/dev/null || skip "cannot chown to nobody"
	data "$NS/b" 100
	metrics
	# A family's samples never come after another family's lines.
	run awk '
	/^# TYPE / { cur = $3; if (seen[cur]++) { print "TYPE twice: " cur; bad = 1 } next }
	/^#/ { next }
	{ name = $0; sub(/[{ ].*/, "", name)
	  if (name != cur) { print "out of its family: " $0; bad = 1 } }
	END { exit bad }' <<<"$METRICS"
	assert_success
	assert_output ""
}

@test "the file system's figures are df's, of a file system of the test's own" {
	require_root
	MNT=$TMP/mnt
	mkdir -p "$MNT"
	mount -t tmpfs -o size=8m,mode=1777 "shmctl-test-$$" "$MNT" ||
	    { MNT=; skip "cannot mount a tmpfs"; }
	data "$MNT/a" 100000
	local size avail
	read -r size avail < <(df -B1 --output=size,avail "$MNT" | tail -n 1)
	METRICS=$(timeout 30 "$SHMCTL" -d "$MNT" metrics)
	assert_equal "$(sample shmctl_fs_size_bytes "$(dir_label "$MNT")")" "$size"
	assert_equal "$(sample shmctl_fs_avail_bytes "$(dir_label "$MNT")")" "$avail"
	run timeout 30 "$SHMCTL" -d "$MNT" df --json
	assert_equal "$(jq .df[0].fs_size <<<"$output")" "$size"
	assert_equal "$(jq .df[0].fs_avail <<<"$output")" "$avail"
}

@test "objects, bytes and semaphores by owner are df --json's and the kernel's" {
	data "$NS/a" 5000
	truncate -s 3M "$NS/sparse"
	data "$NS/n1" 8192
	data "$NS/n2" 100
	chown nobody "$NS/n1" "$NS/n2" 2>/dev/null || skip "cannot chown to nobody"
	: >"$NS/sem.one"
	: >"$NS/sem.two"
	mkfifo "$NS/fifo"
	metrics
	local d df user apparent alloc f n
	d=$(dir_label)
	df=$(df_json)
	for user in root nobody; do
		n=0 apparent=0 alloc=0
		for f in "$NS"/*; do
			[[ -f $f && ${f##*/} != sem.* ]] || continue
			[ "$(stat -c %U "$f")" = "$user" ] || continue
			n=$((n + 1))
			apparent=$((apparent + $(stat -c %s "$f")))
			alloc=$((alloc + $(stat -c '%b * %B' "$f")))
		done
		assert_equal "$(sample shmctl_objects "$d,owner=\"$user\"")" "$n"
		assert_equal "$(sample shmctl_apparent_bytes "$d,owner=\"$user\"")" "$apparent"
		assert_equal "$(sample shmctl_allocated_bytes "$d,owner=\"$user\"")" "$alloc"
		run jq -r --arg u "$user" '.owners[] | select(.owner == $u) |
		    "\(.objects) \(.apparent) \(.alloc)"' <<<"$df"
		assert_output "$n $apparent $alloc"
	done
	assert_equal "$(sample shmctl_objects "$d,owner=\"root\"")" 2
	assert_equal "$(sample shmctl_objects "$d,owner=\"nobody\"")" 2
	assert_equal "$(sample shmctl_semaphores "$d")" 2
	assert_equal "$(jq .semaphores <<<"$df")" 2
	# Only the two owners: no label set for anyone else.
	assert_equal "$(grep -c '^shmctl_objects{' <<<"$METRICS")" 2
}

@test "labels are the directory and the owner, never an object's name" {
	data "$NS/${P}distinctive-name" 100
	metrics
	run grep -c distinctive <<<"$METRICS"
	assert_output 0
	# Every label is dir or owner.
	run bash -c 'grep -v "^#" | grep -o "[a-z_]*=\"" | sort -u' <<<"$METRICS"
	assert_output "$(printf 'dir="\nowner="')"
}

@test "a directory name with a quote, a backslash and a newline is escaped" {
	require_promtool
	local odd=$SHM/${P}q\"b\\n$'\n'end
	mkdir "$odd"
	data "$odd/a" 100
	METRICS=$(timeout 30 "$SHMCTL" -d "$odd" metrics)
	rm -rf -- "$odd"
	assert_equal "$(sample shmctl_objects "$(dir_label "$odd"),owner=\"root\"")" 1
	grep -qF "dir=\"$SHM/${P}q\\\"b\\\\n\\nend\"" <<<"$METRICS"
	run promtool check metrics <<<"$METRICS"
	assert_success
}

@test "a directory name that is not UTF-8 becomes U+FFFD, and promtool accepts it" {
	require_promtool
	local odd=$SHM/${P}$'\xff'x
	mkdir "$odd"
	data "$odd/a" 100
	METRICS=$(timeout 30 "$SHMCTL" -d "$odd" metrics)
	rm -rf -- "$odd"
	grep -qF "dir=\"$SHM/${P}"$'\xef\xbf\xbd'"x\"" <<<"$METRICS"
	run promtool check metrics <<<"$METRICS"
	assert_success
	# promtool itself refuses the raw byte: the replacement is needed.
	run promtool check metrics <<<"${METRICS//$'\xef\xbf\xbd'/$'\xff'}"
	assert_failure
}

@test "the stale figures are gc --json's dry run: unheld and older than 10m" {
	data "$NS/old1" 8192
	data "$NS/old2" 4096
	data "$NS/oldheld" 4096
	data "$NS/recent" 4096
	: >"$NS/sem.old"
	old "$NS/old1" "$NS/old2" "$NS/oldheld" "$NS/sem.old"
	hold_fd "$NS/oldheld"
	metrics
	local d gc
	d=$(dir_label)
	gc=$(timeout 30 "$SHMCTL" -d "$NS" gc --json)
	assert_equal "$(jq .dry_run <<<"$gc")" true
	assert_equal "$(sample shmctl_stale_objects "$d")" "$(jq .objects <<<"$gc")"
	assert_equal "$(sample shmctl_stale_allocated_bytes "$d")" "$(jq .freed <<<"$gc")"
	# What the test made: two old unheld objects of 8K and 4K.
	assert_equal "$(sample shmctl_stale_objects "$d")" 2
	assert_equal "$(sample shmctl_stale_allocated_bytes "$d")" \
	    "$(($(stat -c '%b * %B' "$NS/old1") + $(stat -c '%b * %B' "$NS/old2")))"
	# Nothing was removed.
	assert_file_exists "$NS/old1"
	assert_file_exists "$NS/old2"
}

@test "an object linked under two names frees its memory only with both" {
	data "$NS/a" 8192
	ln "$NS/a" "$NS/b"
	data "$NS/c" 4096
	old "$NS/a" "$NS/c"
	# b is the same inode, so as old: both links stale.
	metrics
	local d=$(dir_label) gc
	gc=$(timeout 30 "$SHMCTL" -d "$NS" gc --json)
	assert_equal "$(sample shmctl_stale_objects "$d")" 3
	assert_equal "$(sample shmctl_stale_allocated_bytes "$d")" "$(jq .freed <<<"$gc")"
	assert_equal "$(sample shmctl_stale_allocated_bytes "$d")" 12288
	# A third link outside the namespace keeps the memory.
	ln "$NS/a" "$SHM/${P}outside"
	metrics
	assert_equal "$(sample shmctl_stale_objects "$d")" 3
	assert_equal "$(sample shmctl_stale_allocated_bytes "$d")" 4096
}

@test "the deleted figures are df --json's and the kernel's" {
	# A file system of the test's own: every nameless object is its own.
	require_root
	MNT=$TMP/mnt
	mkdir -p "$MNT"
	mount -t tmpfs -o size=8m,mode=1777 "shmctl-test-$$" "$MNT" ||
	    { MNT=; skip "cannot mount a tmpfs"; }
	data "$MNT/gone" 8192
	hold_fd "$MNT/gone"
	rm -f -- "$MNT/gone"
	local d df alloc
	read -r _ alloc _ _ < <(kernel_fd "$HOLDER" 3)
	METRICS=$(timeout 30 "$SHMCTL" -d "$MNT" metrics)
	d=$(dir_label "$MNT")
	df=$(timeout 30 "$SHMCTL" -d "$MNT" df --json | jq -c '.df[0]')
	assert_equal "$(sample shmctl_deleted_objects "$d")" 1
	assert_equal "$(sample shmctl_deleted_allocated_bytes "$d")" "$alloc"
	assert_equal "$(jq -c .deleted <<<"$df")" \
	    "{\"objects\":1,\"alloc\":$alloc}"
}

@test "holders_complete is 1 exactly when no process was hidden from the scan" {
	data "$NS/probe" 100
	chmod 666 "$NS/probe"
	metrics
	# A world-writable object could be held by any process not inspected.
	run --separate-stderr timeout 30 "$SHMCTL" -d "$NS" list --holders --json
	assert_success
	if [ "$(jq .shm[0].holders_complete <<<"$output")" = true ]; then
		assert_equal "$(sample shmctl_holders_complete "$(dir_label)")" 1
	else
		assert_equal "$(sample shmctl_holders_complete "$(dir_label)")" 0
	fi
	# A user who cannot look into root's processes: never complete.
	chmod 755 "$NS"
	run as_nobody timeout 30 "$SHMCTL" -d "$NS" metrics
	assert_success
	METRICS=$output
	assert_equal "$(sample shmctl_holders_complete "$(dir_label)")" 0
}

@test "scrape_duration_seconds is positive and at most the time it took" {
	local t0 t1 v
	t0=$(date +%s%N)
	metrics
	t1=$(date +%s%N)
	v=$(sample shmctl_scrape_duration_seconds)
	[[ $v =~ ^[0-9.e+-]+$ ]] || fail "not a number: '$v'"
	awk -v v="$v" -v ns="$((t1 - t0))" 'BEGIN { exit !(v > 0 && v * 1e9 <= ns) }' ||
	    fail "$v s, measured $((t1 - t0)) ns"
}

# The dirs of the shmctl_fs_size_bytes samples in METRICS, sorted.
metrics_dirs() {
	grep '^shmctl_fs_size_bytes{' <<<"$METRICS" |
	    sed 's/^[^"]*"//; s/"}.*//' | sort
}

@test "-A: one set of samples per namespace of df -A, told apart by dir" {
	require_root
	local dirs n fam i
	# Other suites make and end namespaces meanwhile: the two commands
	# agree when none did so between them.
	for ((i = 0; i < 5; i++)); do
		METRICS=$(timeout 60 "$SHMCTL" metrics -A)
		dirs=$(timeout 60 "$SHMCTL" df -A --json | jq -r '.df[].dir' | sort)
		[ "$(metrics_dirs)" != "$dirs" ] || break
	done
	[ -n "$dirs" ] || fail "df -A found no namespace"
	assert_equal "$(metrics_dirs)" "$dirs"
	n=$(wc -l <<<"$dirs")
	for fam in shmctl_fs_avail_bytes shmctl_semaphores shmctl_deleted_objects \
	    shmctl_stale_objects shmctl_stale_allocated_bytes \
	    shmctl_holders_complete; do
		assert_equal "$(grep -c "^$fam{dir=" <<<"$METRICS")" "$n"
	done
	assert_equal "$(grep -c '^shmctl_scrape_duration_seconds ' <<<"$METRICS")" 1
	# The host's namespace first.
	grep -m1 '^shmctl_fs_size_bytes{' <<<"$METRICS" | grep -qF '{dir="/dev/shm"}'
	command -v promtool >/dev/null || return 0
	run promtool check metrics <<<"$METRICS"
	assert_success
}

@test "usage errors change nothing and exit 2" {
	run shmctl -d "$NS" metrics -A
	assert_failure 2
	assert_output --partial "cannot be combined with --dir"
	run shmctl -d "$NS" metrics --output ''
	assert_failure 2
	run shmctl -d "$NS" metrics extra
	assert_failure 2
	run shmctl -d "$NS" metrics --output "$TMP/"
	assert_failure 2
	run ls -A "$TMP"
	assert_output ""
}

@test "a full standard output is an error" {
	run bash -c '"$0" -d "$1" metrics >/dev/full' "$SHMCTL" "$NS"
	assert_failure 1
	assert_output --partial "standard output"
}

# The files of directory $1, dot files too, one a line.
dir_entries() { ls -A -- "$1"; }

@test "--output writes one complete file, mode 0644 whatever the umask" {
	require_promtool
	data "$NS/a" 100
	mkdir "$TMP/out"
	run bash -c "umask 077 && timeout 30 '$SHMCTL' -d '$NS' metrics --output '$TMP/out/shmctl.prom'"
	assert_success
	assert_output ""
	assert_equal "$(dir_entries "$TMP/out")" shmctl.prom
	assert_equal "$(stat -c %a "$TMP/out/shmctl.prom")" 644
	run promtool check metrics <"$TMP/out/shmctl.prom"
	assert_success
	# The same document as on standard output, but for the duration, the
	# space available in /dev/shm and the nameless objects still held on
	# its file system, which other suites change meanwhile.
	metrics
	local vary='^shmctl_scrape_duration\|^shmctl_fs_avail\|^shmctl_deleted_'
	diff <(grep -v "$vary" <<<"$METRICS") \
	    <(grep -v "$vary" "$TMP/out/shmctl.prom")
	tail -n 1 "$TMP/out/shmctl.prom" | grep -q '^shmctl_scrape_duration_seconds [0-9]'
}

@test "--output replaces the file by a rename: a reader keeps the old one whole" {
	mkdir "$TMP/out"
	printf 'old\n' >"$TMP/out/shmctl.prom"
	exec {fd}<"$TMP/out/shmctl.prom"
	local ino
	ino=$(stat -c %i "$TMP/out/shmctl.prom")
	run timeout 30 "$SHMCTL" -d "$NS" metrics --output "$TMP/out/shmctl.prom"
	assert_success
	[ "$(stat -c %i "$TMP/out/shmctl.prom")" != "$ino" ] ||
	    fail "the file was written in place"
	# The descriptor opened before still reads the old file, whole.
	assert_equal "$(cat <&"$fd")" old
	exec {fd}<&-
	assert_equal "$(dir_entries "$TMP/out")" shmctl.prom
	grep -q '^shmctl_objects\|^shmctl_fs_size_bytes' "$TMP/out/shmctl.prom"
	# A relative name writes the working directory.
	(cd "$TMP/out" && timeout 30 "$SHMCTL" -d "$NS" metrics --output rel.prom)
	assert_equal "$(dir_entries "$TMP/out" | sort | tr '\n' ' ')" "rel.prom shmctl.prom "
}

@test "--output into a directory it cannot write: one line, the old file untouched" {
	local out=$SHM/${P}out
	mkdir -m 755 "$out"
	printf 'old\n' >"$out/shmctl.prom"
	run as_nobody timeout 30 "$SHMCTL" -d "$NS" metrics --output "$out/shmctl.prom"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^shmctl: metrics: $out/shmctl.prom: .*Permission denied$"
	assert_equal "$(cat "$out/shmctl.prom")" old
	assert_equal "$(dir_entries "$out")" shmctl.prom
	# A directory that does not exist.
	run shmctl -d "$NS" metrics --output "$TMP/nowhere/shmctl.prom"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "No such file or directory"
}

@test "--output that fails after the temporary file was made removes it" {
	# FILE is a directory: the rename fails.
	mkdir -p "$TMP/out/shmctl.prom"
	run shmctl -d "$NS" metrics --output "$TMP/out/shmctl.prom"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "$TMP/out/shmctl.prom: "
	assert_equal "$(dir_entries "$TMP/out")" shmctl.prom
	assert_dir_exists "$TMP/out/shmctl.prom"
}

@test "--output on a full file system: the write fails, the old file stays" {
	require_root
	MNT=$TMP/mnt
	mkdir -p "$MNT"
	mount -t tmpfs -o size=64k "shmctl-test-$$" "$MNT" ||
	    { MNT=; skip "cannot mount a tmpfs"; }
	printf 'old\n' >"$MNT/shmctl.prom"
	# Fill it to the last block.
	head -c 1M /dev/zero >"$MNT/filler" 2>/dev/null || true
	run shmctl -d "$NS" metrics --output "$MNT/shmctl.prom"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "No space left on device"
	assert_equal "$(cat "$MNT/shmctl.prom")" old
	assert_equal "$(dir_entries "$MNT" | sort | tr '\n' ' ')" "filler shmctl.prom "
}

# A free TCP port on the loopback, or nothing.
free_port() {
	local port i
	for ((i = 0; i < 20; i++)); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if ! timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

@test "a real node_exporter serves the gauges, with node_textfile_scrape_error 0" {
	local exporter=/usr/bin/prometheus-node-exporter port body i d
	[ -x "$exporter" ] ||
	    skip "prometheus-node-exporter is not installed (Debian package prometheus-node-exporter)"
	command -v curl >/dev/null || skip "curl is not installed"
	data "$NS/a" 5000
	data "$NS/b" 3000
	chown nobody "$NS/b" 2>/dev/null || skip "cannot chown to nobody"
	old "$NS/a"
	mkdir "$TMP/textfile"
	timeout 30 "$SHMCTL" -d "$NS" metrics --output "$TMP/textfile/shmctl.prom"
	port=$(free_port) || skip "no free port on 127.0.0.1"
	timeout 120 "$exporter" --collector.disable-defaults \
	    --collector.textfile --collector.textfile.directory="$TMP/textfile" \
	    --web.listen-address="127.0.0.1:$port" >"$TMP/exporter.log" 2>&1 &
	EXPORTER=$!
	for ((i = 0; i < 100; i++)); do
		body=$(timeout 5 curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null) &&
		    break
		kill -0 "$EXPORTER" 2>/dev/null ||
		    fail "node_exporter exited: $(cat "$TMP/exporter.log")"
		sleep 0.1
	done
	[ -n "$body" ] || fail "node_exporter did not answer: $(cat "$TMP/exporter.log")"
	# node_exporter prints each value as a float: 2.5e+10, not 25000000000.
	METRICS=$(awk '/^#/ { print; next } { $NF = sprintf("%.0f", $NF) } 1' <<<"$body")
	d=$(dir_label)
	assert_equal "$(sample node_textfile_scrape_error)" 0
	assert_equal "$(sample shmctl_objects "$d,owner=\"root\"")" 1
	assert_equal "$(sample shmctl_objects "$d,owner=\"nobody\"")" 1
	assert_equal "$(sample shmctl_apparent_bytes "$d,owner=\"root\"")" 5000
	assert_equal "$(sample shmctl_apparent_bytes "$d,owner=\"nobody\"")" 3000
	assert_equal "$(sample shmctl_allocated_bytes "$d,owner=\"nobody\"")" \
	    "$(($(stat -c '%b * %B' "$NS/b")))"
	assert_equal "$(sample shmctl_stale_objects "$d")" 1
	assert_equal "$(sample shmctl_fs_size_bytes "$d")" \
	    "$(df -B1 --output=size "$NS" | tail -n 1 | tr -d ' ')"
	grep -q '^# TYPE shmctl_objects gauge$' <<<"$body"
	grep -q '^node_textfile_mtime_seconds{file=".*shmctl.prom"}' <<<"$body"
}
