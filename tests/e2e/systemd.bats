#!/usr/bin/env bats
# The systemd units: "make install DESTDIR=..." of this build installs the
# gc and metrics services and timers, not enabled; systemd-analyze verify
# accepts them under --root; their ExecStart lines run the installed binary
# with the arguments shmctl-gc(1) documents, and the timers fire hourly and
# every minute.

load common

setup_file() {
	local builddir
	builddir=$(cd "$(dirname "$SHMCTL")/.." && pwd)
	ROOT=$BATS_FILE_TMPDIR/root
	export ROOT
	# A make of our own, not a job of the make running this suite.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 120 \
	    "${MAKE:-make}" -s -C "$builddir" install DESTDIR="$ROOT" \
	    >"$BATS_FILE_TMPDIR/install.log" 2>&1 ||
	    echo "make install failed" >"$BATS_FILE_TMPDIR/install.failed"
}

setup() {
	common_setup
	[ ! -e "$BATS_FILE_TMPDIR/install.failed" ] ||
	    fail "make install DESTDIR failed: $(cat "$BATS_FILE_TMPDIR/install.log")"
	UNITDIR=$(find "$ROOT" -name shmctl-gc.service -printf '%h\n' | head -n 1)
	[ -n "$UNITDIR" ] ||
	    skip "this build installs no systemd units (--with-systemdsystemunitdir=no, or no systemd.pc)"
}

teardown() {
	rm -rf -- "${SHM:?}/${P}ns"
	common_teardown
}

# The value of KEY= in the installed unit UNIT.
unit_value() {
	sed -n "s/^$2=//p" "$UNITDIR/$1"
}

require_systemd_analyze() {
	command -v systemd-analyze >/dev/null ||
	    skip "systemd-analyze is not installed (Debian package systemd)"
}

# HOSTUNITS: systemd's own units, which ours are ordered against.
require_host_units() {
	HOSTUNITS=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
	[ -e "$HOSTUNITS/sysinit.target" ] || HOSTUNITS=/lib/systemd/system
	[ -e "$HOSTUNITS/sysinit.target" ] ||
	    skip "systemd's own units are not installed (needed for sysinit.target)"
}

# Copies the installed units to where systemd looks under the root $1
# (distcheck installs them under its prefix), with systemd's own beside
# them, and prints that directory.
stage_units() {
	local dir=$1/lib/systemd/system
	mkdir -p "$dir"
	[ "$UNITDIR" -ef "$dir" ] || cp "$UNITDIR"/shmctl-* "$dir/"
	cp -rn "$HOSTUNITS/." "$dir/"
	echo "$dir"
}

# The seconds between the next few elapses of a calendar expression.
calendar_steps() {
	timeout 10 systemd-analyze calendar --iterations=4 "$1" |
	    sed -n 's/^ *\(Next elapse\|Iter\. #[0-9]*\): //p' |
	    while read -r when; do date -d "$when" +%s; done |
	    awk 'NR > 1 { print $1 - prev } { prev = $1 }' | sort -u
}

@test "make install puts the four units in one directory" {
	for u in shmctl-gc.service shmctl-gc.timer \
	    shmctl-metrics.service shmctl-metrics.timer; do
		assert_file_exists "$UNITDIR/$u"
	done
	run grep -l '@[a-z]*@' "$UNITDIR"/shmctl-*
	assert_failure
	assert_output ""
}

@test "the units are installed, not enabled" {
	run find "$ROOT" -name '*.wants' -o -lname '*shmctl*'
	assert_success
	assert_output ""
	assert_equal "$(unit_value shmctl-gc.timer WantedBy)" timers.target
	assert_equal "$(unit_value shmctl-metrics.timer WantedBy)" timers.target
}

@test "systemd-analyze verify accepts the installed units, without a warning" {
	require_systemd_analyze
	require_host_units
	local units
	units=$(stage_units "$ROOT")
	# The man pages are checked below, against the root's own.
	run timeout 60 systemd-analyze verify --man=no --root="$ROOT" \
	    "$units"/shmctl-gc.service "$units"/shmctl-gc.timer \
	    "$units"/shmctl-metrics.service "$units"/shmctl-metrics.timer
	assert_success
	assert_output ""
}

@test "systemd-analyze verify fails when ExecStart's binary is not in the root" {
	require_systemd_analyze
	require_host_units
	local bin units
	bin=$(unit_value shmctl-gc.service ExecStart | cut -d' ' -f1)
	# The same units in a root without the binary.
	units=$(stage_units "$TMP/root")
	run timeout 60 systemd-analyze verify --man=no --root="$TMP/root" \
	    "$units/shmctl-gc.service"
	assert_failure
	assert_output --partial "$bin"
}

@test "the services run the installed binary" {
	local u bin
	for u in shmctl-gc.service shmctl-metrics.service; do
		bin=$(unit_value "$u" ExecStart | cut -d' ' -f1)
		[[ $bin == /*/shmctl ]] || fail "$u: ExecStart runs $bin"
		assert_file_executable "$ROOT$bin"
		cmp -- "$ROOT$bin" "$SHMCTL" ||
		    fail "$u: $ROOT$bin is not the binary of this build"
	done
}

@test "shmctl-gc.service runs gc --yes --older-than 1h, once" {
	run unit_value shmctl-gc.service ExecStart
	assert_output --regexp '^/[^ ]*/shmctl gc --yes --older-than 1h$'
	assert_equal "$(unit_value shmctl-gc.service Type)" oneshot
}

@test "shmctl-gc.service's command removes what is stale for an hour and keeps the rest" {
	local ns=$SHM/${P}ns cmd
	mkdir "$ns"
	: >"$ns/old"
	: >"$ns/recent"
	touch -d '2 hours ago' "$ns/old"
	touch -d '30 minutes ago' "$ns/recent"
	read -r -a cmd <<<"$(unit_value shmctl-gc.service ExecStart)"
	cmd[0]=$ROOT${cmd[0]}
	SHMCTL_DIR=$ns run timeout 30 "${cmd[@]}"
	assert_success
	assert_file_not_exists "$ns/old"
	assert_file_exists "$ns/recent"
}

@test "shmctl-metrics.service writes Debian's textfile directory" {
	run unit_value shmctl-metrics.service ExecStart
	assert_output --regexp '^/[^ ]*/shmctl metrics --output /var/lib/prometheus/node-exporter/shmctl\.prom$'
	run unit_value shmctl-metrics.service ReadWritePaths
	assert_output /var/lib/prometheus/node-exporter
}

@test "shmctl-gc.timer fires every hour" {
	require_systemd_analyze
	run calendar_steps "$(unit_value shmctl-gc.timer OnCalendar)"
	assert_success
	assert_output 3600
}

@test "shmctl-metrics.timer fires every minute" {
	require_systemd_analyze
	run calendar_steps "$(unit_value shmctl-metrics.timer OnCalendar)"
	assert_success
	assert_output 60
	assert_equal "$(unit_value shmctl-metrics.timer AccuracySec)" 1s
}

@test "the services keep the sandbox and only the capabilities they need" {
	local u
	for u in shmctl-gc.service shmctl-metrics.service; do
		assert_equal "$(unit_value "$u" ProtectSystem)" strict
		assert_equal "$(unit_value "$u" PrivateNetwork)" yes
		assert_equal "$(unit_value "$u" NoNewPrivileges)" yes
		# hidepid= would hide holders.
		assert_equal "$(unit_value "$u" ProtectProc)" default
	done
	assert_equal "$(unit_value shmctl-gc.service ReadWritePaths)" /dev/shm
	run unit_value shmctl-gc.service CapabilityBoundingSet
	assert_output "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE CAP_DAC_OVERRIDE CAP_LEASE CAP_FOWNER"
	run unit_value shmctl-metrics.service CapabilityBoundingSet
	assert_output "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE"
}

@test "the gc units' manual page is installed" {
	local page
	for u in shmctl-gc.service shmctl-gc.timer; do
		page=$(unit_value "$u" Documentation | sed -n 's/^man:\(.*\)(1)$/\1/p')
		assert_equal "$page" shmctl-gc
		run find "$ROOT" -path "*/man1/$page.1"
		assert_output --regexp "/man1/$page\.1$"
	done
	run grep -c 'shmctl-gc\.timer' "$(find "$ROOT" -path '*/man1/shmctl-gc.1')"
	refute_output 0
}
