#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# kmod-vs-bpf.sh SYSCOPE SC_LOOP [RUNS] - the kernel module against the eBPF
# probe on the same workloads, side by side in one run (information, not a
# verdict; issue 6's target: the module at least as fast as the probe).
#
# Run by tests/kmod/guest.sh inside the qemu guest (Debian 12's 6.1 kernel,
# with BTF): the module must be loaded (/dev/syscope0). Workloads:
#   getpid  GETPIDS (default 100000) getpid() calls            (sc-loop getpid N)
#   dd      dd bs=1 copying DDBYTES (default 20000) bytes from  (a read and a
#           /dev/zero to /dev/null                                write per byte)
# each bare, under `syscope --driver kmod -w FILE` and under `syscope --driver
# bpf -w FILE` (every event of the machine into a capture in $TMPDIR), the
# three in turn RUNS times (default 3), the median kept. SC_LOOP (bench/loop.c)
# times the workload alone, not syscope's start or drain. Prints, per
# workload, ns per operation (a getpid call, a byte), the events captured and
# the drops syscope reported, and the module's time and capture overhead as
# fractions of the probe's (below 1: the module is faster).
#
# POSIX sh (busybox ash in the guest). Exit 0, 1 when a run failed.
set -u

SYSCOPE=${1:?usage: kmod-vs-bpf.sh SYSCOPE SC_LOOP [RUNS]}
LOOP=${2:?usage: kmod-vs-bpf.sh SYSCOPE SC_LOOP [RUNS]}
RUNS=${3:-3}
GETPIDS=${GETPIDS:-100000}
DDBYTES=${DDBYTES:-20000}
W=${TMPDIR:-/tmp}/kvb.$$
mkdir -p "$W" || exit 1
cap=
trap 'kill -INT $cap 2>/dev/null; rm -rf "$W"' EXIT

say() { echo "bench: $*"; }
[ -e /dev/syscope0 ] || { say "error: the module is not loaded (no /dev/syscope0)"; exit 1; }

# workload NAME: the timed command's "ns T" line
workload() {
	case $1 in
	getpid) "$LOOP" getpid "$GETPIDS" ;;
	dd) "$LOOP" run dd if=/dev/zero of=/dev/null bs=1 count="$DDBYTES" ;;
	esac
}

# one DRIVER NAME: prints "NS EVENTS DROPS" for one run (DRIVER none: bare, "- -")
one() {
	if [ "$1" = none ]; then
		ns=$(workload "$2" | sed -n 's/^ns //p')
		echo "${ns:-?} - -"
		return
	fi
	rm -f "$W/cap.scap"
	"$SYSCOPE" --driver "$1" --stats -w "$W/cap.scap" >/dev/null 2>"$W/err" </dev/null &
	cap=$!
	# --stats prints once a second from the capture loop: it runs once a line shows
	n=0
	until grep -q 'events read' "$W/err" 2>/dev/null; do
		n=$((n + 1))
		if [ $n -gt 300 ] || ! kill -0 $cap 2>/dev/null; then
			kill -INT $cap 2>/dev/null
			wait $cap 2>/dev/null
			cap=
			echo "? ? ? $(head -n 1 "$W/err")"
			return
		fi
		sleep 0.1
	done
	ns=$(workload "$2" | sed -n 's/^ns //p')
	kill -INT $cap
	wait $cap
	cap=
	last=$(grep 'events read' "$W/err" | tail -n 1)
	ev=$(echo "$last" | sed -n 's/.* \([0-9]*\) events read.*/\1/p')
	dr=$(echo "$last" | sed -n 's/.*, \([0-9]*\) dropped by the driver.*/\1/p')
	echo "${ns:-?} ${ev:-?} ${dr:-?}"
	rm -f "$W/cap.scap"
}

# the run with the median time out of lines "NS EVENTS DROPS"
median() { sort -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }

fails=0
say "$RUNS run(s) each, medians; getpid: $GETPIDS calls, dd: $DDBYTES bytes; ns per operation"
for w in getpid dd; do
	ops=$GETPIDS
	[ $w = dd ] && ops=$DDBYTES
	: >"$W/none" && : >"$W/kmod" && : >"$W/bpf"
	i=0
	while [ $i -lt "$RUNS" ]; do
		for d in none kmod bpf; do
			one $d $w >>"$W/$d"
		done
		i=$((i + 1))
	done
	b=$(median <"$W/none") k=$(median <"$W/kmod") p=$(median <"$W/bpf")
	case "$b $k $p" in
	*"?"*)
		say "$w: a run failed: bare [$b] kmod [$k] bpf [$p]"
		fails=$((fails + 1))
		continue ;;
	esac
	echo "$w $ops $b $k $p" | awk '{
		# $3-$5 bare (ns - -), $6-$8 kmod (ns events drops), $9-$11 bpf
		bare = $3 / $2; km = $6 / $2; bp = $9 / $2
		printf "bench: %-6s bare %6.0f | kmod %6.0f (%4.2fx bare; %s events, %s drops) | bpf %6.0f (%4.2fx bare; %s events, %s drops)\n",
			$1, bare, km, km / bare, $7, $8, bp, bp / bare, $10, $11
		printf "bench: %-6s module/probe: time %.2f, capture overhead %.2f (below 1: the module is faster)\n",
			$1, km / bp, (bp > bare) ? (km - bare) / (bp - bare) : 0
	}'
done
exit $((fails > 0))
