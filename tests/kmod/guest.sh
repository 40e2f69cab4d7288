#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - what the qemu guest of run-in-qemu.sh does once booted (busybox
# sh, run by the initramfs's /init): load syscope.ko, run the driver suite
# with --driver kmod, check that a second consumer gets "busy" and that the
# module cannot be removed under a capture, run the stress load with drops
# accounted for (in total and per CPU), check --buffer-size, -M under a
# trickle of events, that the eBPF probe loads on this kernel too (and with
# SC_KMOD_BPF_SUITE=1 passes the suite), compare the module with the probe
# (bench/kmod-vs-bpf.sh), unload. Every verdict is one "GUEST-..." line on
# the console, which the host reads; "GUEST-DONE fails=N" is the last.
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
	# shellcheck disable=SC2086 # CAP_ARGS is a list
	"$SYSCOPE" --driver "${DRV:-kmod}" --stats --unbuffered ${CAP_ARGS:-} -p '%thread.tid %evt.type %evt.args' "$@" \
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

say "INFO clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)"
# SC_KMOD_BENCH_ONLY=1: only the module-against-probe benchmark (to measure, not to test)
if [ "${SC_KMOD_BENCH_ONLY:-0}" = 1 ]; then
	# what a clocksource read costs here (the timestamp of every event): a clock_gettime against a getpid
	g=$("$O/bin/sc-loop" getpid 100000 | sed -n 's/^ns //p')
	c=$("$O/bin/sc-loop" clock 100000 | sed -n 's/^ns //p')
	say "INFO bare syscall: getpid $((g / 100000)) ns, clock_gettime(CLOCK_BOOTTIME) $((c / 100000)) ns"
	sh $O/tests/kmod-vs-bpf.sh "$SYSCOPE" "$O/bin/sc-loop" "${BENCH_RUNS:-1}" 2>&1 | sed 's/^/GUEST-INFO /'
	rmmod syscope || bad "rmmod"
	say "DONE fails=$fails"
	exit 0
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
	# the drops, CPU by CPU (printed by --stats and -v when there are any), add up to the total
	percpu=$(grep '^syscope: dropped per CPU:' /tmp/stress.err | tail -n 1)
	if [ "${drops:-0}" -gt 0 ] 2>/dev/null; then
		sum=$(echo "$percpu" | sed 's/^syscope: dropped per CPU://' | tr ',' '\n' |
			awk '{ s += $2 } END { print s + 0 }')
		if [ "$sum" = "$drops" ]; then
			say "PASS $1: per-CPU drops add up: $percpu"
		else
			bad "$1: per-CPU drops [$percpu] do not add up to $drops"
		fi
	elif [ -n "$percpu" ]; then
		bad "$1: a per-CPU drop line without drops: $percpu"
	fi
}
run_stress stress
# again with 64 KiB rings, which a printing reader cannot keep up with: drops, all counted
if rmmod syscope && insmod $O/syscope.ko ring_kib=64; then
	run_stress stress-small-rings
else
	bad "reloading the module with small rings"
fi
# the same with rings of 64 KiB asked by --buffer-size of a module whose default is 8 MiB
if rmmod syscope && insmod $O/syscope.ko; then
	CAP_ARGS="--buffer-size 65536" run_stress stress-buffer-size
	[ "${drops:-0}" = 0 ] && bad "stress-buffer-size: no drops: were the rings sized by --buffer-size?"
else
	bad "reloading the module for --buffer-size"
fi
# sizes the module cannot take: clear errors (2 GiB is past its limit, 1 GiB past this guest's memory)
for bs in 2147483648 1073741824; do
	if timeout 30 "$SYSCOPE" --driver kmod --buffer-size $bs -n 1 >/dev/null 2>/tmp/bs.err </dev/null; then
		bad "--buffer-size $bs was accepted"
	elif grep -qE 'at most|cannot allocate' /tmp/bs.err; then
		say "PASS --buffer-size $bs refused: $(head -n 1 /tmp/bs.err)"
	else
		bad "--buffer-size $bs: unclear error: $(head -n 1 /tmp/bs.err)"
	fi
done

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

# ---- -M ends the capture on time under a trickle of events its filter rejects ----
: >/tmp/trickle
( while [ -e /tmp/trickle ]; do sleep 0.002; done ) &
trickle=$!
mt=$("$O/bin/sc-loop" run timeout 30 "$SYSCOPE" --driver kmod -M 1 proc.name=nonexistent | sed -n 's/^ns //p')
rm -f /tmp/trickle
wait "$trickle"
if [ -z "$mt" ]; then
	bad "-M 1 under a trickle: syscope failed or ran past 30 s"
elif [ "$mt" -lt 4000000000 ]; then
	say "PASS -M 1 under a trickle: $((mt / 1000000)) ms"
else
	bad "-M 1 under a trickle took $((mt / 1000000)) ms"
fi

# ---- both drivers fill vm_rss from this kernel's mm_struct (the probe: CO-RE; it loads here too) ----
# rss_check DRIVER: three context switches away from short-lived sleep processes, one with vm_rss > 0
rss_check() {
	"$SYSCOPE" --driver "$1" --switch --stats -n 3 -p '%evt.arg.vm_rss' 'evt.type=switch and proc.name=sleep' \
		>/tmp/rss.out 2>/tmp/rss.err </dev/null &
	rss_pid=$!
	n=0
	while kill -0 $rss_pid 2>/dev/null && [ $n -lt 300 ]; do
		# sleeps only once the capture runs (--stats prints from its loop), or ends waiting
		if grep -q 'events read' /tmp/rss.err; then "$O/bin/sc-loop" run sleep 0.02 >/dev/null; else sleep 0.1; fi
		n=$((n + 1))
	done
	kill -INT $rss_pid 2>/dev/null
	wait $rss_pid
	if awk '$1 > 0 { ok = 1 } END { exit !ok }' /tmp/rss.out; then
		say "PASS $1 fills vm_rss: $(tr '\n' ' ' </tmp/rss.out)"
	else
		bad "$1 vm_rss: $(grep -v 'events read' /tmp/rss.err | head -n 2) [$(head -n 3 /tmp/rss.out | tr '\n' ' ')]"
	fi
}
rss_check kmod
rss_check bpf
if [ "${SC_KMOD_BPF_SUITE:-0}" = 1 ]; then
	ts=$(cut -d. -f1 /proc/uptime)
	# shellcheck disable=SC2086 # SUITE_PROGS is a list
	if SCT_TIMEOUT=${SCT_TIMEOUT:-120} sh $O/tests/run-driver-suite.sh bpf "$SYSCOPE" $O/progs $SUITE_PROGS; then
		say "PASS bpf suite ($(($(cut -d. -f1 /proc/uptime) - ts)) s)"
	else
		bad "bpf suite"
	fi
fi

# ---- the module against the eBPF probe on the same workloads (information, not a verdict) ----
if [ "${BENCH_RUNS:-1}" -gt 0 ]; then
	ts=$(cut -d. -f1 /proc/uptime)
	sh $O/tests/kmod-vs-bpf.sh "$SYSCOPE" "$O/bin/sc-loop" "${BENCH_RUNS:-1}" >/tmp/bench.out 2>&1 ||
		bad "the benchmark failed: $(grep -v '^bench: [a-z]* *bare' /tmp/bench.out | tail -n 2)"
	sed 's/^/GUEST-INFO /' /tmp/bench.out
	say "INFO bench took $(($(cut -d. -f1 /proc/uptime) - ts)) s"
fi

# ---- unload ----
if rmmod syscope; then
	if [ -e /dev/syscope0 ]; then bad "/dev/syscope0 left after rmmod"; else say "PASS rmmod"; fi
else
	bad "rmmod"
fi
kill "$watchdog" 2>/dev/null
say "DONE fails=$fails"
