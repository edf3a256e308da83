#!/usr/bin/env bash
# shmctl's benchmark: each figure is measured side by side with the tools
# users would otherwise use, in one run, alternating the contenders, best of
# $RUNS runs each.  Prints the table and writes it to bench/RESULTS.md.
#
# usage: bench/bench.sh [SHMCTL]   (make bench runs it with the built binary)
set -euo pipefail

shmctl=${1:-${SHMCTL:-src/shmctl}}
shmctl=$(readlink -f "$shmctl")
here=$(cd "$(dirname "$0")" && pwd)
holdmany=${HOLDMANY:-$(dirname "$shmctl")/../tests/helpers/holdmany}
RUNS=${RUNS:-5}
out=${RESULTS:-$here/RESULTS.md}
work=$(mktemp -d /dev/shm/shmctl-bench-XXXXXX)
scratch=$(mktemp -d)
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work" "$scratch"
}
trap cleanup EXIT

report=()
note() { report+=("$*"); printf '%s\n' "$*"; }

# best_of CMD...: the best wall time of RUNS runs, in seconds.
now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mbps() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.0f", n / t / 1048576 }'; }

# race NAME1 CMD1 NAME2 CMD2 ...: runs the commands (shell strings)
# alternately RUNS times; sets best[NAME] to each one's best time.
declare -A best
race() {
	local -a names=() cmds=()
	while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); shift 2; done
	for n in "${names[@]}"; do best[$n]=""; done
	for ((r = 0; r < RUNS; r++)); do
		for i in "${!names[@]}"; do
			local t0 t1
			t0=$(now)
			if ! bash -c "${cmds[$i]}" >/dev/null 2>"$scratch/err"; then
				echo "bench: failed: ${cmds[$i]}" >&2
				cat "$scratch/err" >&2
				exit 1
			fi
			t1=$(now)
			best[${names[$i]}]=$(min "${best[${names[$i]}]}" "$(elapsed "$t0" "$t1")")
		done
	done
}

row() {	# row LABEL NAME BYTES (0: no throughput) REFERENCE...
	local label=$1 name=$2 bytes=$3; shift 3
	local line="| $label | ${best[$name]} s"
	[ "$bytes" -gt 0 ] && line+=" ($(mbps "${best[$name]}" "$bytes") MiB/s)"
	for ref in "$@"; do
		line+=" | ${ref%%/*} ${best[$ref]} s: **$(ratio "${best[$ref]}" "${best[$name]}")x**"
	done
	note "$line |"
}

peak_rss_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

ver() { "$@" 2>&1 | head -n 1 || true; }

note "# shmctl benchmark"
note ""
note "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
note "- machine: $(uname -srm), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
note "- shmctl: $("$shmctl" --version)"
note "- hexdump: $(dpkg-query -W -f='${Package} ${Version}' bsdextrautils 2>/dev/null), xxd: $(ver xxd -v), od/cat/dd/ls/stat: $(ver od --version)"
note "- lsof: $(lsof -v 2>&1 | awk '/revision/ { print $2; exit }'), fuser: $(fuser -V 2>&1 | head -n 1)"
note "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
note "- method: best of $RUNS runs each, contenders alternated; ratio = contender time / shmctl time (above 1: shmctl is faster)"
note ""

# --- dump ---------------------------------------------------------------
# dump -C against hexdump -C, xxd and od on 64 MiB, random and mostly zero,
# with the line formatter shmctl picks and with each one forced
# (SHMCTL_HEXDUMP, see src/hexdump.h) in the same race; then dump -r
# against cat.
d="$shmctl -d $work"	# every section's shmctl
bench_dump() {
	local obj k
	local -a forced=() refs=(hexdump/rand xxd/rand od/rand) contenders
	size=$((64 << 20))
	head -c "$size" /dev/urandom >"$work/rand"
	python3 - "$work/zero" "$size" <<'EOF'
import os, sys
path, size = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.truncate(size)
    for off in range(0, size, 1 << 20):      # a few changed bytes a MiB
        f.seek(off + 4096)
        f.write(os.urandom(32))
EOF
	for obj in rand zero; do
		hexdump -C "$work/$obj" >"$scratch/$obj.hd"
	done
	for k in "" scalar ssse3 avx2; do
		if [ -n "$k" ] && ! SHMCTL_HEXDUMP=$k "$shmctl" -d "$work" \
		    dump -n 1 rand >/dev/null 2>"$scratch/why"; then
			note "- formatter $k not measured: $(cat "$scratch/why")"
			continue
		fi
		for obj in rand zero; do
			if ! SHMCTL_HEXDUMP=$k "$shmctl" -d "$work" dump "$obj" |
			    cmp -s - "$scratch/$obj.hd"; then
				echo "bench: shmctl dump${k:+ ($k)} differs from hexdump -C on $obj" >&2
				exit 1
			fi
		done
		if [ -n "$k" ]; then forced+=("$k"); fi
	done
	rm -f "$scratch"/*.hd "$scratch/why"
	note "shmctl dump output checked identical to hexdump -C on both objects, with the formatter chosen at run time and with each of: ${forced[*]}."
	note ""
	note "| 64 MiB, canonical | shmctl dump | vs hexdump -C | vs xxd | vs od -Ax -tx1z |"
	note "|---|---|---|---|---|"
	contenders=("s-rand" "$d dump rand >/dev/null")
	for k in "${forced[@]}"; do
		contenders+=("s-rand-$k" "SHMCTL_HEXDUMP=$k $d dump rand >/dev/null")
	done
	race "${contenders[@]}" \
	    "hexdump/rand" "hexdump -C $work/rand >/dev/null" \
	    "xxd/rand" "xxd $work/rand >/dev/null" \
	    "od/rand" "od -Ax -tx1z $work/rand >/dev/null"
	row "rand (formatter chosen at run time)" "s-rand" "$size" "${refs[@]}"
	for k in "${forced[@]}"; do
		row "rand, SHMCTL_HEXDUMP=$k" "s-rand-$k" "$size" "${refs[@]}"
	done
	race "s-zero" "$d dump zero >/dev/null" \
	    "hexdump/zero" "hexdump -C $work/zero >/dev/null" \
	    "xxd/zero" "xxd $work/zero >/dev/null" \
	    "od/zero" "od -Ax -tx1z $work/zero >/dev/null"
	row "zero" "s-zero" "$size" "hexdump/zero" "xxd/zero" "od/zero"
	note ""
	note "| 64 MiB raw, through a pipe | shmctl dump -r | vs cat |"
	note "|---|---|---|"
	race "s-raw" "$d dump -r rand | cat >/dev/null" \
	    "cat/raw" "cat $work/rand | cat >/dev/null"
	row "rand" "s-raw" "$size" "cat/raw"
}
bench_dump

# --- write --------------------------------------------------------------
head -c "$size" /dev/urandom >"$scratch/src"
note ""
note "| 64 MiB from stdin | shmctl write | vs dd bs=1M | vs cat > |"
note "|---|---|---|---|"
race "s-write" "$d write --create --truncate w1 <$scratch/src" \
    "dd/write" "dd if=/dev/stdin of=$work/w2 bs=1M <$scratch/src" \
    "cat/write" "cat >$work/w3 <$scratch/src"
row "file on stdin" "s-write" "$size" "dd/write" "cat/write"
race "s-pwrite" "cat $scratch/src | $d write --create --truncate w1" \
    "dd/pipe" "cat $scratch/src | dd of=$work/w2 bs=1M" \
    "cat/pipe" "cat $scratch/src | cat >$work/w3"
row "pipe on stdin" "s-pwrite" "$size" "dd/pipe" "cat/pipe"
rm -f "$scratch/src" "$work"/w?

# --- peak memory ----------------------------------------------------------
note ""
note "| peak RSS (KiB) | 1 MiB object | 1 GiB object |"
note "|---|---|---|"
head -c 1M /dev/urandom >"$work/m1"
"$shmctl" -d "$work" create -s 1G g1
"$shmctl" -d "$work" write --fill 0x5a g1
for what in "dump" "dump -r"; do
	a=$(peak_rss_kib $d $what m1)
	b=$(peak_rss_kib $d $what g1)
	note "| shmctl $what | $a | $b |"
done
a=$(peak_rss_kib bash -c "head -c 1M /dev/zero | $d write --create --truncate wm1")
b=$(peak_rss_kib bash -c "head -c 1G /dev/zero | $d write --create --truncate wg1")
note "| shmctl write (from a pipe, measured with its feeder shell) | $a | $b |"
a=$(peak_rss_kib $d write --create --truncate wm2 <"$work/m1")
b=$(peak_rss_kib $d write --create --truncate wg2 <"$work/g1")
note "| shmctl write (from a file) | $a | $b |"
rm -f "$work"/g1 "$work"/wg? "$work"/wm? "$work/m1" "$work/rand" "$work/zero"

# --- list -----------------------------------------------------------------
many="$work/many"
mkdir "$many"
python3 - "$many" <<'EOF'
import os, sys
d = sys.argv[1]
for i in range(10000):
    fd = os.open(os.path.join(d, "obj-%05d" % i), os.O_CREAT | os.O_WRONLY, 0o600)
    os.ftruncate(fd, (i % 64) * 4096)
    os.close(fd)
EOF
note ""
note "| 10,000 objects | shmctl list | vs ls -l | vs lsipc -m |"
note "|---|---|---|---|"
lsipc_cmd="true"
command -v lsipc >/dev/null && lsipc_cmd="lsipc -m"
# Both table writers (src/plaintab.c), checked identical first.
cmp <("$shmctl" -d "$many" list -l) \
    <(SHMCTL_TABLE=libsmartcols "$shmctl" -d "$many" list -l)
race "s-list" "$shmctl -d $many list" \
    "s-list-scols" "SHMCTL_TABLE=libsmartcols $shmctl -d $many list" \
    "s-list-l" "$shmctl -d $many list -l" \
    "ls -l/list" "ls -l $many" \
    "lsipc/list" "$lsipc_cmd"
row "list" "s-list" 0 "ls -l/list" "lsipc/list"
row "list, SHMCTL_TABLE=libsmartcols" "s-list-scols" 0 "ls -l/list" "lsipc/list"
row "list -l" "s-list-l" 0 "ls -l/list" "lsipc/list"
note ""
note "(lsipc -m lists System V segments, not POSIX objects: it is shown as the nearest util-linux tool, not a like-for-like task. shmctl list's output checked identical with its table written directly, the default for plain ASCII cells, and by libsmartcols.)"

# --- holders ---------------------------------------------------------------
# 300 processes holding 1,000 objects: each keeps 8 open and maps 8 others
# (their descriptors closed), as holdmany does; then shmctl's scan with
# the maps reader and the number of workers it picks, and with each
# forced (SHMCTL_PROCMAP, SHMCTL_SCAN_WORKERS; see HACKING.md).
held="$work/held"
mkdir "$held"
nproc_hold=${HOLDERS:-300}
nobj_hold=${HELD_OBJECTS:-1000}
for ((i = 0; i < nobj_hold; i++)); do
	: >"$held/h-$i" && truncate -s 4096 "$held/h-$i"
done
for ((i = 0; i < nproc_hold; i++)); do
	paths=()
	for ((k = 0; k < 16; k++)); do
		paths+=("$held/h-$(((i * 16 + k) % nobj_hold))")
	done
	"$holdmany" 8 8 "${paths[@]}" </dev/null >"$scratch/ready.$i" &
	pids+=($!)
done
for ((i = 0; i < nproc_hold; i++)); do
	until [ -s "$scratch/ready.$i" ]; do sleep 0.05; done
	rm -f "$scratch/ready.$i"
done
# Every holder is found, each object by as many as hold it.
got=$("$shmctl" -d "$held" list --holders -o HOLDERS -n 2>/dev/null |
    awk '{ n += $1 } END { print n + 0 }')
[ "$got" -ge $((nproc_hold * 16)) ] || {
	echo "bench: list --holders found $got holdings of $((nproc_hold * 16))" >&2
	exit 1
}
note ""
note "| $nproc_hold processes holding $nobj_hold objects (8 by descriptor, 8 by mapping only, each) | shmctl list --holders | vs lsof +D | vs fuser -m |"
note "|---|---|---|---|"
contenders=("s-holders" "$shmctl -d $held list --holders")
for v in "SHMCTL_PROCMAP=text" "SHMCTL_SCAN_WORKERS=1" \
    "SHMCTL_PROCMAP=text SHMCTL_SCAN_WORKERS=1"; do
	contenders+=("s-holders-$v" "$v $shmctl -d $held list --holders")
done
race "${contenders[@]}" \
    "lsof +D/holders" "lsof +D $held || true" \
    "fuser -m/holders" "fuser -m $held || true"
row "as shmctl picks (PROCMAP_QUERY, $(nproc) CPUs)" "s-holders" 0 "lsof +D/holders" "fuser -m/holders"
for v in "SHMCTL_PROCMAP=text" "SHMCTL_SCAN_WORKERS=1" \
    "SHMCTL_PROCMAP=text SHMCTL_SCAN_WORKERS=1"; do
	row "$v" "s-holders-$v" 0 "lsof +D/holders" "fuser -m/holders"
done
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

# --- stat -------------------------------------------------------------------
note ""
note "| one call (process start included) | shmctl stat | vs stat(1) |"
note "|---|---|---|"
race "s-stat" "for i in \$(seq 100); do $shmctl -d $held stat h-1; done" \
    "stat/100" "for i in \$(seq 100); do stat $held/h-1; done"
row "100 calls" "s-stat" 0 "stat/100"

printf '%s\n' "${report[@]}" >"$out"
echo "written to $out"
