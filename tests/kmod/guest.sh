#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - what the qemu guest of run-in-qemu.sh does once booted (busybox
# sh, run by the initramfs's /init): load syscope.ko, run the driver suite
# with --driver kmod, check that a second consumer gets "busy" and that the
# module cannot be removed under a capture, run the stress load with drops
# accounted for, unload. Every verdict is one "GUEST-..." line on the console,
# which the host reads; "GUEST-DONE fails=N" is the last.
set -u
O=/opt
SYSCOPE=$O/bin/syscope
fails=0

say() { echo "GUEST-$*"; }
bad() { say "FAIL $*"; fails=$((fails + 1)); }

# waitfor FILE TEXT TENTHS
waitfor() {
	n=0
	while ! grep -q -- "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt "$3" ] || return 1
		sleep 0.1
	done
}

# Starts syscope in the background on FILTER, output in $1.out/$1.err; ready when a ping shows.
start_capture() {
	tag=$1
	shift
	"$SYSCOPE" --driver "${DRV:-kmod}" --stats --unbuffered -p '%thread.tid %evt.type %evt.args' "$@" \
		>"/tmp/$tag.out" 2>"/tmp/$tag.err" </dev/null &
	cap_pid=$!
	n=0
	while [ $n -lt 100 ]; do
		"$O/progs/sct-generic" --sct-ping ready
		grep -q /syscope-test-ready "/tmp/$tag.out" && return 0
		kill -0 $cap_pid 2>/dev/null || break
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

stop_capture() {
	kill -INT "$cap_pid" 2>/dev/null
	wait "$cap_pid" 2>/dev/null
}

t0=$(cut -d. -f1 /proc/uptime)
if insmod $O/syscope.ko; then
	say "PASS insmod ($(echo /dev/syscope*))"
else
	bad "insmod"
	say "DONE fails=$fails"
	exit 1
fi

# ---- the driver suite ----
# shellcheck disable=SC2086 # SUITE_PROGS is a list
SCT_TIMEOUT=${SCT_TIMEOUT:-120} sh $O/tests/run-driver-suite.sh kmod "$SYSCOPE" $O/progs $SUITE_PROGS
rc=$?
t1=$(cut -d. -f1 /proc/uptime)
if [ $rc = 0 ]; then say "PASS suite ($((t1 - t0)) s)"; else bad "suite exit $rc ($((t1 - t0)) s)"; fi
# the work folders of failures: into the console log, for the host to keep
for d in /tmp/sct-kmod-*; do
	[ -d "$d" ] || continue
	echo "GUEST-WORK $d"
	for f in expected actual err; do
		[ -f "$d/$f" ] && head -n 150 "$d/$f" | sed "s/^/  $f| /"
	done
done

# A watchdog: if a step hangs, show what every task is blocked on, then give up.
( sleep "${GUEST_WATCHDOG:-240}"
  echo "GUEST-FAIL watchdog: stuck after ${GUEST_WATCHDOG:-240} s"
  for p in /proc/[0-9]*; do
	st=$(sed -n 's/^State:\t\(.\).*/\1/p' "$p/status" 2>/dev/null)
	[ "$st" = D ] || [ "$st" = S ] || continue
	echo "  task ${p#/proc/} $(cat "$p/comm" 2>/dev/null) $st: $(tr '\n' ' ' <"$p/cmdline" 2>/dev/null | cut -c1-80)"
	sed 's/^/      /' "$p/stack" 2>/dev/null | head -n 12
  done
  echo "GUEST-DONE fails=watchdog"
  poweroff -f ) &
watchdog=$!

# ---- one consumer at a time, and no unload under a capture ----
if start_capture busy 'proc.name=sct-generic'; then
	if timeout 10 "$SYSCOPE" --driver kmod -n 1 'proc.name=sct-none' >/dev/null 2>/tmp/second.err </dev/null; then
		bad "a second consumer was let in"
	elif grep -q busy /tmp/second.err; then
		say "PASS second consumer: $(head -n 1 /tmp/second.err)"
	else
		bad "second consumer failed without saying busy: $(head -n 1 /tmp/second.err)"
	fi
	if rmmod syscope 2>/tmp/rmmod.err; then
		bad "rmmod succeeded under a capture"
		insmod $O/syscope.ko
	else
		say "PASS rmmod refused under a capture: $(head -n 1 /tmp/rmmod.err)"
	fi
	stop_capture
else
	bad "capture for the busy test never started: $(head -n 3 /tmp/busy.err)"
	stop_capture
fi

# ---- stress: threads making syscalls while syscope prints every event ----
# run_stress NAME: every getppid call must be either reported or counted as dropped.
run_stress() {
	THREADS=${STRESS_THREADS:-4} CALLS=${STRESS_CALLS:-20000}
	if ! start_capture stress 'proc.name=sc-stress or proc.name=sct-generic'; then
		bad "$1: the capture never started: $(head -n 3 /tmp/stress.err)"
		stop_capture
		return
	fi
	ts=$(cut -d. -f1 /proc/uptime)
	$O/bin/sc-stress "$THREADS" "$CALLS" >/tmp/stress.res
	"$O/progs/sct-generic" --sct-ping drained
	waitfor /tmp/stress.out /syscope-test-drained 300 || say "INFO $1: the capture did not drain in 30 s"
	stop_capture
	te=$(cut -d. -f1 /proc/uptime)
	made=$(sed -n 's/^calls //p' /tmp/stress.res)
	seen=$(grep -c ' getppid' /tmp/stress.out)
	drops=$(sed -n 's/.*, \([0-9]*\) dropped by the driver.*/\1/p' /tmp/stress.err | tail -n 1)
	want=$((2 * ${made:-0}))
	say "INFO $1: $THREADS threads, $made getppid calls, $seen of their $want events seen, ${drops:-?} dropped ($((te - ts)) s)"
	say "INFO $1: $(tail -n 1 /tmp/stress.err)"
	if [ -z "$made" ] || [ -z "$drops" ]; then
		bad "$1: no result or no drop count ($(tail -n 2 /tmp/stress.err))"
	elif [ "$seen" -gt "$want" ]; then
		bad "$1: more events than calls"
	elif [ $((seen + drops)) -lt "$want" ]; then
		bad "$1: $((want - seen)) events missing but only $drops counted as dropped"
	else
		say "PASS $1"
	fi
}
run_stress stress
# again with 64 KiB rings, which a printing reader cannot keep up with: drops, all counted
if rmmod syscope && insmod $O/syscope.ko ring_kib=64; then
	run_stress stress-small-rings
else
	bad "reloading the module with small rings"
fi

# ---- context switches on demand (--switch) ----
( i=0; while [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done ) &
sleeper=$!
timeout 30 "$SYSCOPE" --driver kmod --switch -n 3 -p '%evt.type %evt.args' 'evt.type=switch' \
	>/tmp/switch.out 2>/tmp/switch.err </dev/null
wait "$sleeper"   # not a bare wait: the watchdog is a child too
if [ "$(grep -c '^switch next=' /tmp/switch.out)" = 3 ]; then
	say "PASS --switch: $(head -n 1 /tmp/switch.out)"
else
	bad "--switch: $(head -n 2 /tmp/switch.out) $(head -n 2 /tmp/switch.err)"
fi

# ---- a consumer killed in the middle of a busy capture: the module lets go cleanly ----
if start_capture killed 'proc.name=sc-stress or proc.name=sct-generic'; then
	$O/bin/sc-stress 4 "${STRESS_CALLS:-20000}" >/dev/null &
	spid=$!
	sleep 1
	kill -KILL "$cap_pid" 2>/dev/null
	wait "$cap_pid" 2>/dev/null
	wait "$spid"
	if rmmod syscope && insmod $O/syscope.ko; then
		say "PASS consumer killed mid-capture; the module unloads and reloads"
	else
		bad "unloading after a consumer was killed mid-capture"
	fi
else
	bad "the capture to kill never started: $(head -n 3 /tmp/killed.err)"
	stop_capture
fi

# ---- the module against the eBPF probe on the same load (information, not a verdict) ----
# bench_one DRIVER: ns per getppid call of one thread, under a capture by DRIVER ("none": bare)
bench_one() {
	if [ "$1" != none ]; then
		DRV=$1 start_capture bench 'proc.name=sc-stress or proc.name=sct-generic' || {
			stop_capture
			echo "?"
			return
		}
	fi
	$O/bin/sc-stress 1 "${BENCH_CALLS:-100000}" >/tmp/bench.res
	[ "$1" = none ] || stop_capture
	awk '/^calls/ { c = $2 } /^ns/ { t = $2 } END { if (c) printf "%d", t / c; else print "?" }' /tmp/bench.res
}
if rmmod syscope && insmod $O/syscope.ko; then
	bare=$(bench_one none) km=$(bench_one kmod) bp=$(bench_one bpf)
	say "INFO bench: getppid, ns per call: bare $bare, kmod $km, bpf $bp"
	case "$bare$km$bp" in
	*"?"*) say "INFO bench: a driver did not run ($(head -n 2 /tmp/bench.err))" ;;
	*) say "INFO bench: capture cost per call, kmod $((km - bare)) ns, bpf $((bp - bare)) ns;" \
		"the module is $(awk -v a=$((km - bare)) -v b=$((bp - bare)) 'BEGIN { printf "%.2f", a > 0 ? b / a : 0 }')x as fast as the probe" ;;
	esac
else
	bad "reloading the module for the benchmark"
fi

# ---- unload ----
if rmmod syscope; then
	if [ -e /dev/syscope0 ]; then bad "/dev/syscope0 left after rmmod"; else say "PASS rmmod"; fi
else
	bad "rmmod"
fi
kill "$watchdog" 2>/dev/null
say "DONE fails=$fails"
