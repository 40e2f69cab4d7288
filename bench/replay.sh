#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Replay benchmark: syscope against sysdig 0.29.3 on the same ~1M-event capture, side by side.
#
#   bench/replay.sh [RUNS]          (default 3; the median is reported)
#
# Environment: SYSCOPE (default build/syscope, built with `make build` if absent), SYSDIG (sysdig),
# TRACES (../shared/traces), BIG (/tmp/big.scap), TIMES (2000: copies of sample.scap's events).
# The capture is made once with ../shared/tools/scap-replicate.py (1.14M event blocks, of which
# 954k are events sysdig numbers and counts here; ~81 MB, uncompressed)
# and reused while it is newer than sample.scap. Both tools run with TZ=UTC (unset, sysdig stats
# /etc/localtime on every line), the same environment, output to /dev/null, the file in the page
# cache. Prints seconds and events/s per tool and output mode, and syscope's speed-up, and checks
# once per mode that both printed the same bytes (CHECK=0 skips that). Not in ctest.
# Two filter-only runs (-p %evt.num with a filter) measure reading, state and filtering without
# the formatter: "filter none" matches no event, "filter 10" has ten clauses over evt.type,
# proc.name, fd.name contains, evt.res, fd.type, thread.tid and evt.rawres (and prints a few).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${1:-3}
traces=${TRACES:-$root/../shared/traces}
big=${BIG:-/tmp/big.scap}
times=${TIMES:-2000}
syscope=${SYSCOPE:-$root/build/syscope}
sysdig=${SYSDIG:-$(command -v sysdig || true)}

die() { echo "replay: error: $*" >&2; exit 1; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
[[ -f $traces/sample.scap ]] || die "no $traces/sample.scap (set TRACES to the shared captures folder)"
[[ -f $root/../shared/tools/scap-replicate.py ]] || die "no ../shared/tools/scap-replicate.py beside the repository"
[[ -n $sysdig && -x $sysdig ]] || die "sysdig not found (scripts/setup-deps.sh installs it)"
if [[ ! -x $syscope ]]; then
	echo "replay: building syscope (make build)"
	make -C "$root" build >/dev/null || die "build failed: run make build"
fi
[[ -x $syscope ]] || die "no syscope binary at $syscope"

if [[ ! -s $big || ! -s $big.events || $big -ot $traces/sample.scap ]]; then
	echo "replay: making $big ($times copies of sample.scap's events)"
	python3 "$root/../shared/tools/scap-replicate.py" "$traces/sample.scap" "$big" "$times" >"$big.log" ||
		die "scap-replicate.py failed: $(cat "$big.log")"
	# Count the events sysdig numbers (known types, below 336): sample.scap also holds type-354
	# events that sysdig 0.29.3 skips, which would flatter both tools' events/s alike.
	python3 - "$big" >"$big.events" <<'PY'
import struct, sys
raw = open(sys.argv[1], "rb").read()
EV = {0x204: 10, 0x216: 10, 0x221: 10, 0x208: 14, 0x217: 14, 0x222: 14}
off = n = 0
while off + 8 <= len(raw):
    btype, blen = struct.unpack_from("<II", raw, off)
    if btype in EV and struct.unpack_from("<H", raw, off + EV[btype] + 20)[0] < 336:
        n += 1
    off += blen
print(n)
PY
fi
events=$(cat "$big.events")
[[ $events =~ ^[0-9]+$ ]] || die "cannot tell how many events $big holds (remove it and rerun)"
cat "$big" >/dev/null   # into the page cache

# seconds for one run of "$@" > /dev/null, TZ=UTC
one_run() {
	local t0 t1
	t0=$EPOCHREALTIME
	TZ=UTC "$@" >/dev/null 2>"$tmp_err" </dev/null || die "failed: $* ($(head -c 300 "$tmp_err"))"
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
tmp_err=$(mktemp)
trap 'rm -f "$tmp_err"' EXIT

echo "replay: $events events, $(du -m "$big" | cut -f1) MB, median of $runs runs, $(nproc) cores"
echo "replay: sysdig: $("$sysdig" --version 2>&1 | head -n 1); syscope: $syscope"
# Filter-only runs (issue 3): one that matches nothing, one with ten clauses.
filter_none='proc.name=nonexistent_xyz'
filter_10='(evt.type=read or evt.type=write or evt.type=ioctl) and proc.name!=sysdig and fd.name contains pipe and evt.res=SUCCESS and fd.type=pipe and thread.tid>0 and evt.rawres>=0 and proc.name!=nonexistent_xyz'
printf '%-14s %10s %14s %10s %14s %8s\n' output "sysdig s" "sysdig ev/s" "syscope s" "syscope ev/s" ratio
modes=("default" "-j" "-p %evt.num" "filter none" "filter 10")
for mode in "${modes[@]}"; do
	case $mode in
		default) args=() ;;
		-j) args=(-j) ;;
		"filter none") args=(-p %evt.num "$filter_none") ;;
		"filter 10") args=(-p %evt.num "$filter_10") ;;
		*) args=(-p "${mode#-p }") ;;
	esac
	ts=() tc=()
	for ((i = 0; i < runs; i++)); do
		# alternate the order so neither tool always runs on a warmer machine
		if (( i % 2 )); then
			tc+=("$(one_run "$syscope" -r "$big" "${args[@]}")")
			ts+=("$(one_run "$sysdig" -r "$big" "${args[@]}")")
		else
			ts+=("$(one_run "$sysdig" -r "$big" "${args[@]}")")
			tc+=("$(one_run "$syscope" -r "$big" "${args[@]}")")
		fi
	done
	s=$(printf '%s\n' "${ts[@]}" | median) c=$(printf '%s\n' "${tc[@]}" | median)
	# A fast wrong answer is no answer: the two outputs must be the same (CHECK=0 skips this).
	same=""
	if [[ ${CHECK:-1} != 0 ]]; then
		a=$(TZ=UTC "$sysdig" -r "$big" "${args[@]}" 2>/dev/null </dev/null | md5sum)
		b=$(TZ=UTC "$syscope" -r "$big" "${args[@]}" 2>/dev/null </dev/null | md5sum)
		[[ $a == "$b" ]] && same=" (same output)" || same=" (OUTPUTS DIFFER: not comparable)"
	fi
	awk -v m="$mode" -v n="$events" -v s="$s" -v c="$c" -v same="$same" 'BEGIN {
		if (s <= 0) s = 0.001; if (c <= 0) c = 0.001
		printf "%-14s %10.3f %14.0f %10.3f %14.0f %7.2fx%s\n", m, s, n / s, c, n / c, s / c, same }'
done
