#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# bpf-checks.sh SYSCOPE PROBE_OBJ - what the eBPF driver promises beyond the
# shared driver suite (tests/driver/progs), checked on the live kernel:
#   1. the embedded probe and SYSCOPE_BPF_PROBE=<object> both capture;
#   2. a probe path that does not exist is a clear error, not a crash (also
#      through -B, sysdig's spelling of the eBPF driver);
#   3. syscope's own events never leave the kernel;
#   4. kernel-side filtering: with a filter that cannot match getpid, a
#      getpid loop produces (almost) nothing in the rings;
#   5. the capture is a valid .scap that syscope -r reads back;
#   6. user memory the probe cannot read (a bad buffer pointer) is counted
#      and reported by -v, the event kept with the parameter empty;
#   7. --switch gives context switches: every tp_btf program, sched_switch's
#      too, passed the verifier (the raw-tracepoint fallback has no switch).
# Exit 0 pass, 1 fail, 77 skip (not root, no BTF, no bpf engine in this build).
set -eu
SYSCOPE=$1 PROBE=$2
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -e /sys/kernel/btf/vmlinux ] || { echo "SKIP: no kernel BTF"; exit 77; }
w=$(mktemp -d /tmp/bpf-checks.XXXXXX)
trap 'rm -rf "$w"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# capture ARGS...: syscope in the background until a marker open shows up
# (or 60 s); its stdout in $w/out, stderr in $w/err
start() {
	"$SYSCOPE" --driver bpf "$@" >"$w/out" 2>"$w/err" </dev/null &
	spid=$!
}
# stop: Ctrl-C, as a user would; syscope must be gone within 20 s
stop() {
	kill -INT "$spid" 2>/dev/null || true
	i=0
	while [ $i -lt 200 ] && kill -0 "$spid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$spid" 2>/dev/null; then
		bad "syscope did not end 20 s after SIGINT ($*)"
		kill -KILL "$spid" 2>/dev/null || true
	fi
	wait "$spid" 2>/dev/null || true
}
# ready MARKER: ping with an open of /MARKER until it appears in $w/out
ready() {
	i=0
	while [ $i -lt 600 ]; do
		kill -0 "$spid" 2>/dev/null || return 1
		cat "/$1" 2>/dev/null || true
		grep -q "/$1" "$w/out" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# 1. embedded and file probes
for probe in "" "$PROBE"; do
	SYSCOPE_BPF_PROBE=$probe start -p "%proc.name %evt.type %fd.name" "evt.type=openat and proc.name=cat"
	if grep -q "not part of this build" "$w/err" 2>/dev/null; then
		stop; echo "SKIP: no bpf engine in this build"; exit 77
	fi
	ready syscope-bpf-check-1 || bad "probe '${probe:-embedded}': no events ($(head -c 300 "$w/err"))"
	stop
done

# 2. a missing probe object
SYSCOPE_BPF_PROBE=$w/no-such.o "$SYSCOPE" --driver bpf -n 1 >/dev/null 2>"$w/err" </dev/null && bad "a missing probe object did not fail"
grep -q "SYSCOPE_BPF_PROBE: $w/no-such.o: No such file" "$w/err" || bad "unclear error for a missing probe: $(cat "$w/err")"
# sysdig's spelling: -B is the eBPF driver, -BFILE that probe object. -n 2 waits for
# two events of the whole machine: a quiet CI machine may make none for minutes, so
# something opens a file meanwhile, and the run is bounded.
(while :; do cat /syscope-bpf-check-2 2>/dev/null || true; sleep 0.1; done) &
busy=$!
timeout 60 "$SYSCOPE" -B -n 2 -p "%evt.type" >"$w/out" 2>"$w/err" </dev/null && [ "$(wc -l <"$w/out")" = 2 ] ||
	bad "-B: $(head -c 300 "$w/err")"
kill "$busy"
wait "$busy" 2>/dev/null || true
"$SYSCOPE" -B"$w/no-such.o" -n 1 >/dev/null 2>"$w/err" </dev/null && bad "-B with a missing object did not fail"
grep -q "$w/no-such.o: No such file" "$w/err" || bad "-B: unclear error for a missing probe: $(cat "$w/err")"

# 3. our own events: syscope writes its output, so its writes would show if it saw itself
start -p "%proc.pid %evt.type %fd.name" "evt.type=openat or evt.type=write"
ready syscope-bpf-check-3 || bad "no events for the self check"
stop
sp=$spid
awk -v p="$sp" '$1 == p' "$w/out" | head -3 > "$w/self"
[ -s "$w/self" ] && bad "syscope's own events were captured: $(cat "$w/self")"

# 4. kernel-side filtering: a filter on connect keeps a million getpid (two million
#    events) in the kernel; what does come out is the rest of the machine's state changes
cat > "$w/loop.c" <<'C'
#include <unistd.h>
#include <sys/syscall.h>
int main(void) { for (long i = 0; i < 1000000; i++) syscall(SYS_getpid); return 0; }
C
cc -O2 -o "$w/loop" "$w/loop.c" || bad "cannot build the getpid loop"
start -v -p "%evt.type" "evt.type=connect"
sleep 3   # loaded (no event to wait for: nothing matches)
"$w/loop"
sleep 1
stop
n=$(sed -n 's/.* \([0-9][0-9]*\) events read.*/\1/p' "$w/err" | tail -1)
[ -n "$n" ] || bad "no statistics from -v: $(cat "$w/err")"
[ -n "$n" ] && [ "$n" -lt 1000000 ] || bad "kernel-side filtering let $n events through for 1000000 getpid"

# 5. -w writes a capture syscope reads back
start -w "$w/cap.scap" "proc.name=cat"
sleep 3
cat /syscope-bpf-check-5 2>/dev/null || true
sleep 1
stop
"$SYSCOPE" -r "$w/cap.scap" -p "%proc.name %evt.type %evt.arg.name" "evt.type=openat" > "$w/back" 2>&1 ||
	bad "syscope -r could not read the live capture: $(head -3 "$w/back")"
grep -q "cat openat /syscope-bpf-check-5" "$w/back" || bad "the capture lacks the marker open: $(head -5 "$w/back")"

# 6. faults: writes from a pointer no page backs fail with EFAULT in the kernel, and
#    the probe cannot read their buffer either
cat > "$w/fault.c" <<'C'
#include <unistd.h>
#include <sys/syscall.h>
int main(void)
{
	int p[2];

	if (pipe(p) != 0)
		return 1;
	for (int i = 0; i < 5; i++) {
		syscall(SYS_openat, -100L, "/syscope-bpf-check-6", 0L, 0L);
		syscall(SYS_write, (long)p[1], (void *)8, 16L);
	}
	return 0;
}
C
cc -O2 -o "$w/sct-fault" "$w/fault.c" || bad "cannot build the fault program"
start -v -p "%proc.name %evt.dir %evt.type %evt.args" "proc.name=sct-fault"
i=0
while [ $i -lt 100 ] && ! grep -q "syscope-bpf-check-6" "$w/out"; do
	"$w/sct-fault" || true
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
stop
grep -q "< write res=-14(EFAULT) data= *$" "$w/out" || bad "no write with EFAULT captured: $(grep -m3 write "$w/out")"
nf=$(sed -n 's/.*, \([0-9][0-9]*\) parameters unreadable.*/\1/p' "$w/err" | tail -1)
[ -n "$nf" ] && [ "$nf" -ge 5 ] || bad "the faults were not reported by -v: $(cat "$w/err")"

# 7. --switch: switch events of short sleeps (a program the verifier refused would
#    have sent the probe to its raw-tracepoint fallback, which writes none)
start --switch -v -n 3 -p "%evt.type %proc.name" "evt.type=switch and proc.name=sleep"
sleep 3   # loaded
i=0
while [ $i -lt 100 ] && kill -0 "$spid" 2>/dev/null; do
	sleep 0.02
	i=$((i + 1))
done
stop
grep -q "^switch sleep" "$w/out" || bad "--switch gave no switch event: $(head -c 300 "$w/err")"

[ $fail = 0 ] && echo "PASS: bpf checks"
exit $fail
