#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Live-capture benchmark: a live driver beside the usual tool on the same
# workloads, reported as ratios (not timed assertions; not in ctest).
#
#   bench/live.sh [SECTION] [RUNS]     SECTION: ptrace (default); RUNS: 3 (the median is kept)
#
# ptrace: the userspace driver against strace on issue 5's workloads -
#   read1   one-byte reads of /dev/zero      (READS, default 100000)
#   open    open+close of /etc/hostname      (OPENS, default 50000)
#   spawn   fork+exec of /bin/true           (SPAWNS, default 300)
#   build   compiling a small generated C project with gcc, one file at a time
# each run bare, under `strace -f -o /dev/null` (pinned to one CPU with taskset,
# as syscope pins itself and its command: MACHINE-FACTS.md, a stop costs ~10x
# more across CPUs here; and unpinned, as people type it), under
# `syscope --userspace -a` (every syscall, the lines printed to /dev/null), and
# under syscope with a filter the loop's syscall is not in (the seccomp filter
# lets it run at full speed). Prints seconds and ratios:
#   all/strace  target <= 0.7          filtered/bare  target <= 1.1
#
# Environment: SYSCOPE (default build/syscope), HELPER (pt-helper from the build tree, else
# built here), CPU (the CPU to pin to, default the last one).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
section=${1:-ptrace}
runs=${2:-3}
syscope=${SYSCOPE:-$root/build/syscope}
cpu=${CPU:-$(($(nproc) - 1))}
work=$(mktemp -d /tmp/live-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

die() { echo "live: error: $*" >&2; exit 1; }
[[ -x $syscope ]] || die "no syscope binary at $syscope (set SYSCOPE)"

# secs CMD...: wall seconds of one run, output discarded
secs() {
	local s e
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	e=$(date +%s%N)
	echo "scale=3; ($e - $s) / 1000000000" | bc
}

# median RUNS CMD...: the median of RUNS runs
median() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do secs "$@"; done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() { echo "scale=2; $1 / $2" | bc; }

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
	local h proj
	command -v strace >/dev/null || die "strace not found"
	command -v taskset >/dev/null || die "taskset not found"
	h=$(helper)
	proj=$(make_project)
	local -A cmd=(
		[read1]="$h read-loop ${READS:-100000}"
		[open]="$h open-loop ${OPENS:-50000}"
		[spawn]="$h spawn-loop ${SPAWNS:-300}"
		[build]="sh -c 'cd $proj && for f in *.c; do cc -O1 -c \$f; done'"
	)
	# a filter the loop's own syscall is not in (the state-changing ones still stop)
	local -A other=([read1]="evt.type=connect" [open]="evt.type=connect" [spawn]="evt.type=connect"
			[build]="evt.type=connect")
	printf "%-6s %8s %8s %8s %8s %8s  %10s %12s %14s\n" workload bare strace strace-u all filtered \
		all/strace all/strace-u filtered/bare
	for w in read1 open spawn build; do
		local c=${cmd[$w]} bare st stu all filt
		bare=$(median "$runs" taskset -c "$cpu" sh -c "$c")
		st=$(median "$runs" taskset -c "$cpu" strace -f -o /dev/null sh -c "$c")
		stu=$(median "$runs" strace -f -o /dev/null sh -c "$c")
		all=$(median "$runs" taskset -c "$cpu" "$syscope" --userspace -a -- sh -c "$c")
		filt=$(median "$runs" taskset -c "$cpu" "$syscope" --userspace "${other[$w]}" -- sh -c "$c")
		printf "%-6s %8s %8s %8s %8s %8s  %10s %12s %14s\n" "$w" "$bare" "$st" "$stu" "$all" "$filt" \
			"$(ratio "$all" "$st")" "$(ratio "$all" "$stu")" "$(ratio "$filt" "$bare")"
	done
}

case $section in
ptrace) bench_ptrace ;;
bpf) exec "$here/live-bpf.sh" "$runs" ;;   # issue 4's eBPF figures
*) die "unknown section $section (sections: ptrace, bpf)" ;;
esac
