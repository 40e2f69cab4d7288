#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Live-capture benchmark: a live driver beside the usual tool on the same
# workloads, reported as ratios (not timed assertions; not in ctest).
#
#   bench/live.sh [SECTION] [RUNS]     SECTION: ptrace (default), stops, bpf; RUNS: 3 (the median is kept)
#
# ptrace: the userspace driver against strace on issue 5's workloads -
#   read1   one-byte reads of /dev/zero      (READS, default 100000)
#   open    open+close of /etc/hostname      (OPENS, default 50000)
#   spawn   fork+exec of /bin/true           (SPAWNS, default 300)
#   build   compiling a small generated C project with gcc, one file at a time
# each run bare, under `strace -f -o /dev/null` (pinned to one CPU with taskset,
# as syscope pins itself and its command: MACHINE-FACTS.md, a stop costs ~10x
# more across CPUs here; and unpinned, as people type it), under the floor
# tracer (bench/ptrace-floor.c: waits and resumes at every syscall's two stops
# and does nothing else - no two-stop tracer can beat it), under
# `syscope --userspace -a` (every syscall, the lines printed to /dev/null), and
# under syscope with a filter the loop's syscall is not in (the seccomp filter
# lets it run at full speed; open/close are then not followed either: fds are
# looked up when a shown event uses them). Everything but strace-u is pinned
# to the same CPU. Prints the median wall seconds of RUNS runs and ratios:
#   all/strace  target <= 0.7   (floor/strace: the best any two-stop tracer gets here)
#   filtered/bare  target <= 1.1
# then the same ratios in CPU time (user+sys of the whole process tree, the
# median of the same runs), which other load on a shared machine moves less.
#
# stops: per traced syscall of the loops, the stops each of strace, the floor
# and syscope -a takes and the syscalls it makes for them (wait4, ptrace, other).
#
# Environment: SYSCOPE (default build/syscope), HELPER (pt-helper from the build tree, else
# built here), CPU (the CPU to pin to, default the last one), CC (to build the floor tracer).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
section=${1:-ptrace}
runs=${2:-3}
syscope=${SYSCOPE:-$root/build/syscope}
cpu_n=${CPU:-$(($(nproc) - 1))}
work=$(mktemp -d /tmp/live-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

die() { echo "live: error: $*" >&2; exit 1; }
[[ -x $syscope ]] || die "no syscope binary at $syscope (set SYSCOPE)"

# secs CMD...: "wall cpu" seconds of one run (cpu: user+sys of it and its children), output discarded
secs() {
	local TIMEFORMAT='%R %U %S' t
	t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || true
	echo "$t" | tail -1 | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

# median RUNS CMD...: "wall cpu", each the median of RUNS runs
median() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do secs "$@"; done >"$work/runs"
	printf "%s %s\n" "$(awk '{ print $1 }' "$work/runs" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
		"$(awk '{ print $2 }' "$work/runs" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

floor_tracer() {
	local f=$work/ptrace-floor
	${CC:-cc} -O2 -o "$f" "$here/ptrace-floor.c" || die "cannot build bench/ptrace-floor.c"
	echo "$f"
}

helper() {
	local h=${HELPER:-}
	if [[ -z $h ]]; then
		h=$(find "$root/build" "$(dirname "$syscope")" -name pt-helper -type f -perm -u+x 2>/dev/null | head -1 || true)
	fi
	if [[ -z $h ]]; then
		h=$work/pt-helper
		cc -O2 -pthread -o "$h" "$root/tests/driver/ptrace/pt-helper.c" || die "cannot build pt-helper"
	fi
	echo "$h"
}

make_project() {
	local d=$work/proj i
	mkdir -p "$d"
	for ((i = 0; i < 12; i++)); do
		cat >"$d/f$i.c" <<EOF
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
struct s$i { int a[16]; char name[32]; };
int f$i(int x) { struct s$i v; memset(&v, 0, sizeof(v)); for (int k = 0; k < 16; k++) v.a[k] = x * k; return v.a[x & 15]; }
EOF
	done
	echo "$d"
}

bench_ptrace() {
	local h proj fl
	command -v strace >/dev/null || die "strace not found"
	command -v taskset >/dev/null || die "taskset not found"
	h=$(helper)
	fl=$(floor_tracer)
	proj=$(make_project)
	local -A cmd=(
		[read1]="$h read-loop ${READS:-100000}"
		[open]="$h open-loop ${OPENS:-50000}"
		[spawn]="$h spawn-loop ${SPAWNS:-300}"
		[build]="sh -c 'cd $proj && for f in *.c; do cc -O1 -c \$f; done'"
	)
	# a filter the loop's own syscall is not in
	local -A other=([read1]="evt.type=connect" [open]="evt.type=connect" [spawn]="evt.type=connect"
			[build]="evt.type=connect")
	local -A cpu=()
	echo "pinned to CPU $cpu_n; median of $runs runs; wall seconds"
	printf "%-6s %7s %7s %8s %7s %7s %8s  %10s %12s %12s %13s\n" workload bare strace strace-u floor all \
		filtered all/strace floor/strace all/strace-u filtered/bare
	for w in read1 open spawn build; do
		local c=${cmd[$w]} bare st stu flr all filt
		bare=($(median "$runs" taskset -c "$cpu_n" sh -c "$c"))
		st=($(median "$runs" taskset -c "$cpu_n" strace -f -o /dev/null sh -c "$c"))
		stu=($(median "$runs" strace -f -o /dev/null sh -c "$c"))
		flr=($(median "$runs" taskset -c "$cpu_n" "$fl" sh -c "$c"))
		all=($(median "$runs" taskset -c "$cpu_n" "$syscope" --userspace -a -- sh -c "$c"))
		filt=($(median "$runs" taskset -c "$cpu_n" "$syscope" --userspace "${other[$w]}" -- sh -c "$c"))
		printf "%-6s %7s %7s %8s %7s %7s %8s  %10s %12s %12s %13s\n" "$w" "${bare[0]}" "${st[0]}" "${stu[0]}" \
			"${flr[0]}" "${all[0]}" "${filt[0]}" "$(ratio "${all[0]}" "${st[0]}")" \
			"$(ratio "${flr[0]}" "${st[0]}")" "$(ratio "${all[0]}" "${stu[0]}")" "$(ratio "${filt[0]}" "${bare[0]}")"
		cpu[$w]="$(printf "%-6s %7s %7s %8s %7s %7s %8s  %10s %12s %12s %13s" "$w" "${bare[1]}" "${st[1]}" \
			"${stu[1]}" "${flr[1]}" "${all[1]}" "${filt[1]}" "$(ratio "${all[1]}" "${st[1]}")" \
			"$(ratio "${flr[1]}" "${st[1]}")" "$(ratio "${all[1]}" "${stu[1]}")" "$(ratio "${filt[1]}" "${bare[1]}")")"
	done
	echo "CPU seconds (user+sys of the whole tree), the same runs"
	for w in read1 open spawn build; do echo "${cpu[$w]}"; done
}

# stops: what each tracer does per traced syscall - its own syscalls counted with
# `strace -c` (strace -f traced by a second strace, not following), one run each,
# smaller loops. stops = the tracer's wait4 calls that returned a tracee (its
# WNOHANG polls that found none left out).
bench_stops() {
	local h fl
	command -v strace >/dev/null || die "strace not found"
	h=$(helper)
	fl=$(floor_tracer)
	local -A cmd=([read1]="$h read-loop 20000" [open]="$h open-loop 10000" [spawn]="$h spawn-loop 100")
	local -A per=([read1]=20000 [open]=20000 [spawn]=100)
	echo "tracer syscalls per traced loop syscall (read1, open: per read / per open or close; spawn: per fork+exec)"
	printf "%-6s %-8s %7s %7s %7s %7s %7s\n" workload tracer stops wait4 ptrace other total
	for w in read1 open spawn; do
		for t in strace floor syscope; do
			local tr
			case $t in
			strace) tr="strace -f -o /dev/null" ;;
			floor) tr=$fl ;;
			syscope) tr="$syscope --userspace -a --" ;;
			esac
			taskset -c "$cpu_n" strace -o "$work/calls" -e trace=all -e signal=none $tr ${cmd[$w]} >/dev/null 2>&1 || true
			awk -v w="$w" -v t="$t" -v n="${per[$w]}" '
				/^wait4\(/ { wt++; if ($NF != "0") st++; next }
				/^ptrace\(/ { pt++; next }
				/^[a-z_0-9]+\(/ { ot++ }
				END { printf "%-6s %-8s %7.2f %7.2f %7.2f %7.2f %7.2f\n", w, t, st / n, wt / n, pt / n, ot / n,
					(wt + pt + ot) / n }' "$work/calls"
		done
	done
}

case $section in
ptrace) bench_ptrace ;;
stops) bench_stops ;;
bpf) exec "$here/live-bpf.sh" "$runs" ;;   # issue 4's eBPF figures
*) die "unknown section $section (sections: ptrace, stops, bpf)" ;;
esac
