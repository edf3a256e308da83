#!/usr/bin/env bats
# -A, --all-namespaces (list, df): a second mount namespace with its own
# tmpfs on /dev/shm, found with the right pid and device.

load common

setup() {
	common_setup
	SLEEPER=
}

teardown() {
	if [ -n "$SLEEPER" ]; then
		kill "$SLEEPER" 2>/dev/null || true
		wait "$SLEEPER" 2>/dev/null || true
	fi
	common_teardown
}

# A process in a mount namespace of its own, with a 4M tmpfs on /dev/shm.
private_shm() {
	require_root
	command -v unshare >/dev/null || skip "unshare is not installed"
	command -v nsenter >/dev/null || skip "nsenter is not installed"
	timeout 10 unshare -m --propagation private true 2>/dev/null ||
	    skip "unshare -m is not permitted here"
	unshare -m --propagation private sh -c '
	    mount -t tmpfs -o size=4m shmctl-test /dev/shm || exit 1
	    echo ready >"$1"
	    exec sleep 300' sh "$TMP/ready" &
	SLEEPER=$!
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$TMP/ready" 2>/dev/null && break
		sleep 0.05
	done
	grep -q ready "$TMP/ready" || skip "cannot mount a tmpfs in the namespace"
	# The device as the kernel gives it for that /dev/shm, and the host's.
	DEV=$(nsenter -t "$SLEEPER" -m stat -c '%Hd:%Ld' /dev/shm)
	HOSTDEV=$(stat -c '%Hd:%Ld' "$SHM")
	[ "$DEV" != "$HOSTDEV" ]
}

@test "list -A: each namespace's objects, with its device and a pid that sees it" {
	private_shm
	timeout 10 nsenter -t "$SLEEPER" -m "$SHMCTL" create -s 8K "${P}inside"
	shmctl create -s 4K "${P}outside"
	run "$SHMCTL" list -A --json
	assert_success
	assert_equal "$(jq -c --arg n "/${P}inside" \
	    '[.shm[] | select(.name == $n) | .namespace | [.dev, .pid]]' \
	    <<<"$output")" "[[\"$DEV\",$SLEEPER]]"
	assert_equal "$(jq -c --arg n "/${P}outside" \
	    '[.shm[] | select(.name == $n) | .namespace.dev]' \
	    <<<"$output")" "[\"$HOSTDEV\"]"
	assert_equal "$(jq -c --arg n "/${P}inside" \
	    '[.shm[] | select(.name == $n) | .size]' <<<"$output")" '[8192]'
	# The host's namespace comes first.
	assert_equal "$(jq -r '.shm[0].namespace.dev' <<<"$output")" "$HOSTDEV"
	# Without -A only the host's.
	run shmctl list "${P}*"
	assert_line --partial "/${P}outside"
	refute_line --partial "/${P}inside"
	# The table has a NAMESPACE column saying the same.
	run shmctl list -A "${P}*"
	assert_line --regexp "^/${P}inside .* $DEV pid $SLEEPER\$"
	timeout 10 nsenter -t "$SLEEPER" -m rm -f "/dev/shm/${P}inside"
}

@test "list -A --holders: holders are matched in each namespace" {
	private_shm
	timeout 10 nsenter -t "$SLEEPER" -m "$SHMCTL" create -s 4K "${P}held"
	nsenter -t "$SLEEPER" -m sh -c 'exec sleep 300 3<"$1"' sh \
	    "/dev/shm/${P}held" &
	local holder=$!
	for ((i = 0; i < 100; i++)); do
		[ "$(readlink "/proc/$holder/fd/3" 2>/dev/null)" = "/dev/shm/${P}held" ] && break
		sleep 0.05
	done
	run --separate-stderr "$SHMCTL" list -A --holders -o NAME,PIDS,NAMESPACE \
	    --json "${P}*"
	kill "$holder"; wait "$holder" 2>/dev/null || true
	assert_success
	assert_equal "$(jq -c '[.shm[] | [.name, .pids, .namespace.dev]]' \
	    <<<"$output")" "[[\"/${P}held\",[$holder],\"$DEV\"]]"
}

@test "df -A: an entry per namespace, with df -B1's figures for each" {
	private_shm
	timeout 10 nsenter -t "$SLEEPER" -m "$SHMCTL" create -s 1M --reserve \
	    "${P}inside"
	run --separate-stderr "$SHMCTL" df -A --json
	assert_success
	local want
	read -r -a want < <(nsenter -t "$SLEEPER" -m \
	    df -B1 --output=size,used,avail /dev/shm | tail -n 1)
	assert_equal "$(jq -c --arg d "$DEV" '[.df[] | select(.namespace.dev == $d) |
	    [.namespace.pid, .fs_size, .fs_used, .fs_avail, .objects, .alloc]]' \
	    <<<"$output")" "[[$SLEEPER,${want[0]},${want[1]},${want[2]},1,1048576]]"
	assert_equal "$(jq -r '.df[0].namespace.dev' <<<"$output")" "$HOSTDEV"
	assert_equal "$(jq -r '.df[0].dir' <<<"$output")" /dev/shm
	run shmctl df -A
	assert_line "namespace: $DEV pid $SLEEPER"
	timeout 10 nsenter -t "$SLEEPER" -m rm -f "/dev/shm/${P}inside"
}

@test "-A cannot be combined with --dir, nor df -A with --need" {
	run shmctl -d "$SHM" list -A
	assert_failure 2
	run shmctl -d "$SHM" df -A
	assert_failure 2
	run shmctl df -A --need 1
	assert_failure 2
}
