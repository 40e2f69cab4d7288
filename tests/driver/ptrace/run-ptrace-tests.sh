#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run-ptrace-tests.sh SYSCOPE HELPER [CASE...]
#
# The ptrace driver's own behaviour, beyond the shared driver suite: exit
# status propagation, attach and detach leaving the process running, a
# process tree, clear errors, a non-root tracer, execve from a non-leader
# thread, group-stops, signal re-injection, and the seccomp filter being in
# place (or not, with -a). HELPER is pt-helper (pt-helper.c).
#
# Prints PASS/FAIL/SKIP per case; exit 0 all passed or skipped, 1 a failure,
# 77 nothing could run here, 99 the harness broke.
set -u

SYSCOPE=$1 HELPER=$2
shift 2
[ -x "$SYSCOPE" ] && [ -x "$HELPER" ] || { echo "usage: $0 SYSCOPE HELPER [CASE...]" >&2; exit 99; }
WORK=$(mktemp -d /tmp/pt-tests.XXXXXX)
chmod 755 "$WORK"
FAILS=0 PASSES=0
PIDS=""

cleanup() {
	# the helpers' own children first (a tree's child outlives its parent)
	for p in $PIDS; do
		for c in $(awk -v p="$p" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null); do
			kill -9 "$c" 2>/dev/null
		done
	done
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT

pass() { echo "PASS $1"; PASSES=$((PASSES + 1)); }
fail() { echo "FAIL $1: $2"; FAILS=$((FAILS + 1)); }
skip() { echo "SKIP $1: $2"; }

# state PID: the one-letter process state
state() { awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
tracer() { awk '/^TracerPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

case_exit_status() {
	"$SYSCOPE" --userspace -q -- "$HELPER" exit 7
	rc=$?
	[ $rc = 7 ] || { fail exit_status "exit 7 gave $rc"; return; }
	"$SYSCOPE" --userspace -q -- sh -c 'kill -9 $$'
	rc=$?
	[ $rc = 137 ] || { fail exit_status "a SIGKILLed command gave $rc, not 137"; return; }
	pass exit_status
}

case_events() {
	out=$WORK/events
	"$SYSCOPE" --userspace -p "%evt.dir %evt.type %evt.args" "evt.type in (openat, close, read)" \
		-- sh -c 'read x < /etc/hostname' >"$out" 2>&1
	grep -q "^< openat fd=[0-9]*(<f>/etc/hostname) dirfd=-100(AT_FDCWD) name=/etc/hostname flags=1(O_RDONLY)" "$out" ||
		{ fail events "no openat of /etc/hostname: $(head -3 "$out")"; return; }
	grep -q "^< read res=[0-9]* data=" "$out" || { fail events "no read exit"; return; }
	pass events
}

case_attach_detach() {
	"$HELPER" loop &
	p=$!
	PIDS="$PIDS $p"
	sleep 0.2
	timeout -s INT 1 "$SYSCOPE" --userspace --attach "$p" -p "%proc.pid %evt.type %evt.args" "evt.type=openat" \
		>"$WORK/attach" 2>&1
	sleep 0.2
	grep -q "^$p openat .*name=/etc/hostname" "$WORK/attach" || { fail attach_detach "no events: $(head -2 "$WORK/attach")"; return; }
	[ "$(tracer "$p")" = 0 ] || { fail attach_detach "still traced after detach"; return; }
	case $(state "$p") in
	S|R) ;;
	*) fail attach_detach "left in state $(state "$p")"; return ;;
	esac
	kill "$p"
	wait "$p" 2>/dev/null
	pass attach_detach
}

case_attach_tree() {
	"$HELPER" tree &
	p=$!
	PIDS="$PIDS $p"
	n=0 c=""
	while [ $n -lt 50 ] && [ -z "$c" ]; do   # up to 5 s on a loaded machine
		sleep 0.1
		c=$(awk -v p="$p" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null | head -1)
		n=$((n + 1))
	done
	[ -n "$c" ] || { fail attach_tree "no child of $p"; return; }
	PIDS="$PIDS $c"
	timeout -s INT 1 "$SYSCOPE" --userspace --attach-tree "$p" -p "%proc.pid %evt.type" "evt.type=openat" \
		>"$WORK/tree" 2>&1
	grep -q "^$c openat" "$WORK/tree" && grep -q "^$p openat" "$WORK/tree" ||
		{ fail attach_tree "not both $p and $c: $(sort -u "$WORK/tree" | head -3)"; return; }
	[ "$(tracer "$c")" = 0 ] || { fail attach_tree "child still traced"; return; }
	kill "$c" "$p"
	wait "$p" 2>/dev/null
	pass attach_tree
}

case_errors() {
	"$SYSCOPE" --userspace --attach 999999 >"$WORK/e1" 2>&1 && { fail errors "attach to no pid succeeded"; return; }
	grep -q "no such process: 999999" "$WORK/e1" || { fail errors "$(cat "$WORK/e1")"; return; }
	"$SYSCOPE" --userspace -- /nonexistent/cmd >"$WORK/e2" 2>&1 && { fail errors "missing command succeeded"; return; }
	grep -q "command not found" "$WORK/e2" || { fail errors "$(cat "$WORK/e2")"; return; }
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$SYSCOPE" --userspace --attach 1 \
			>"$WORK/e3" 2>&1 && { fail errors "nobody attached to pid 1"; return; }
		grep -q "cannot trace 1: .*run as" "$WORK/e3" || { fail errors "$(cat "$WORK/e3")"; return; }
	fi
	pass errors
}

case_nonroot() {
	if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
		skip nonroot "needs root and setpriv to become nobody"
		return
	fi
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$SYSCOPE" --userspace -p "%user.uid %evt.type" \
		"evt.type=openat" -- "$HELPER" fork-exec >"$WORK/nr" 2>&1
	rc=$?
	[ $rc = 0 ] || { fail nonroot "exit $rc: $(head -3 "$WORK/nr")"; return; }
	grep -q "^65534 openat" "$WORK/nr" || { fail nonroot "no openat as uid 65534: $(head -3 "$WORK/nr")"; return; }
	pass nonroot
}

case_mt_exec() {
	timeout 20 "$SYSCOPE" --userspace -p "%thread.tid %proc.pid %evt.dir %evt.type %evt.res" "evt.type=execve" \
		-- "$HELPER" mt-exec >"$WORK/mt" 2>&1
	rc=$?
	[ $rc = 0 ] || { fail mt_exec "exit $rc"; return; }
	grep -q "^from-thread" "$WORK/mt" || { fail mt_exec "echo did not run"; return; }
	# the exec'ing thread's exit is reported under the leader's tid
	awk '$3 == "<" && $4 == "execve" { n++; if ($1 != $2) bad = 1 } END { exit !(n == 2 && !bad) }' "$WORK/mt" ||
		{ fail mt_exec "execve exits: $(grep '< execve' "$WORK/mt")"; return; }
	pass mt_exec
}

case_group_stop() {
	timeout 20 "$SYSCOPE" --userspace -q -- "$HELPER" stop-self >"$WORK/gs" 2>&1 &
	s=$!
	n=0 c=""
	while [ $n -lt 50 ] && [ -z "$c" ]; do
		sleep 0.1
		c=$(awk '$2 == "(pt-helper)" && $3 == "t" { print $1 }' /proc/[0-9]*/stat 2>/dev/null | head -1)
		n=$((n + 1))
	done
	[ -n "$c" ] || { kill "$s"; fail group_stop "the helper never stopped"; return; }
	kill -CONT "$c"
	wait "$s"
	rc=$?
	[ $rc = 4 ] && grep -q continued "$WORK/gs" || { fail group_stop "exit $rc: $(cat "$WORK/gs")"; return; }
	pass group_stop
}

case_signal() {
	"$SYSCOPE" --userspace -p "%evt.type %evt.args" "evt.type=signaldeliver" -- "$HELPER" signal >"$WORK/sig" 2>&1
	rc=$?
	[ $rc = 0 ] && grep -q "caught 10" "$WORK/sig" || { fail signal "exit $rc: $(cat "$WORK/sig")"; return; }
	grep -q "signaldeliver .*sig=10(SIGUSR1)" "$WORK/sig" || { fail signal "no signaldeliver event"; return; }
	pass signal
}

case_seccomp() {
	"$SYSCOPE" --userspace -q "evt.type=openat" -- "$HELPER" seccomp >"$WORK/sc" 2>&1
	grep -q "Seccomp:.*2" "$WORK/sc" || { fail seccomp "filtered: $(cat "$WORK/sc")"; return; }
	"$SYSCOPE" --userspace -q -a "evt.type=openat" -- "$HELPER" seccomp >"$WORK/sc" 2>&1
	grep -q "Seccomp:.*0" "$WORK/sc" || { fail seccomp "with -a: $(cat "$WORK/sc")"; return; }
	pass seccomp
}

# Attaching to a process whose threads come and go (50 alive at a time, each living about
# a millisecond) while we seize them, five times: events from its threads each time, and
# after each detach nothing traced or left stopped, and the process still running.
case_attach_threads() {
	"$HELPER" threads 50 &
	p=$!
	PIDS="$PIDS $p"
	sleep 0.3
	i=0
	while [ $i -lt 5 ]; do
		i=$((i + 1))
		timeout --preserve-status -k 10 -s INT 1 "$SYSCOPE" --userspace --attach "$p" \
			-p "%proc.pid %thread.tid %evt.type" "evt.type=openat" >"$WORK/thr" 2>&1
		rc=$?
		# SIGINT ends the capture: syscope exits 0 (137 when it had to be killed)
		[ $rc = 0 ] || { fail attach_threads "round $i: exit $rc: $(tail -2 "$WORK/thr")"; return; }
		grep -q "^$p [0-9]* openat" "$WORK/thr" ||
			{ fail attach_threads "round $i: no openat: $(head -2 "$WORK/thr")"; return; }
		sleep 0.2
		kill -0 "$p" 2>/dev/null || { fail attach_threads "round $i: the process died"; return; }
		for t in /proc/$p/task/*; do
			tp=$(awk '/^TracerPid:/ { print $2 }' "$t/status" 2>/dev/null)
			ts=$(awk '/^State:/ { print $2 }' "$t/status" 2>/dev/null)
			[ -z "$tp" ] || [ "$tp" = 0 ] || { fail attach_threads "round $i: ${t##*/} still traced"; return; }
			case $ts in
			t|T) fail attach_threads "round $i: thread ${t##*/} left stopped"; return ;;
			esac
		done
	done
	kill "$p"
	wait "$p" 2>/dev/null
	pass attach_threads
}

# A filter without open/close/dup/pipe leaves them unfollowed (lazy fds): the fds the shown
# events use are looked up in /proc instead. The lines must be those of a run that follows
# them (SYSCOPE_PTRACE_LAZY_FDS=0), fd numbers reused by other files, a pipe and a socket included.
case_lazy_fds() {
	fmt="%evt.dir %evt.type %fd.type %fd.name %evt.args"
	filt="evt.type in (read, write) and evt.arg.size=1"
	SYSCOPE_PTRACE_LAZY_FDS=0 "$SYSCOPE" --userspace -p "$fmt" "$filt" -- "$HELPER" fd-reuse >"$WORK/lz0" 2>&1 ||
		{ fail lazy_fds "following run: $(tail -2 "$WORK/lz0")"; return; }
	"$SYSCOPE" --userspace -p "$fmt" "$filt" -- "$HELPER" fd-reuse >"$WORK/lz1" 2>&1 ||
		{ fail lazy_fds "lazy run: $(tail -2 "$WORK/lz1")"; return; }
	[ "$(grep -c "^> read file /etc/passwd" "$WORK/lz0")" = 2 ] && grep -q "^> read pipe" "$WORK/lz0" ||
		{ fail lazy_fds "the following run missed events: $(cat "$WORK/lz0")"; return; }
	cmp -s "$WORK/lz0" "$WORK/lz1" || { fail lazy_fds "differs: $(diff "$WORK/lz0" "$WORK/lz1" | head -4)"; return; }
	pass lazy_fds
}

# A filter without clone/execve/procexit (and without fd syscalls) leaves those unfollowed too
# (lazy procs): a thread is described from /proc when an event of it is shown, and again after
# its process execs. Names, parents, args and fds must be those of a following run.
case_lazy_procs() {
	fmt="%proc.name %proc.exe %proc.args %proc.pname %user.uid %fd.name %evt.dir %evt.type %evt.args"
	filt="evt.type=write and fd.name=/dev/null"
	prog='for i in 1 2 3; do /bin/echo "child $i" >/dev/null; done'
	SYSCOPE_PTRACE_LAZY_PROCS=0 "$SYSCOPE" --userspace -p "$fmt" "$filt" -- sh -c "$prog" >"$WORK/lp0" 2>&1 ||
		{ fail lazy_procs "following run: $(tail -2 "$WORK/lp0")"; return; }
	"$SYSCOPE" --userspace -p "$fmt" "$filt" -- sh -c "$prog" >"$WORK/lp1" 2>&1 ||
		{ fail lazy_procs "lazy run: $(tail -2 "$WORK/lp1")"; return; }
	[ "$(grep -c '^echo /bin/echo child [123] sh 0 /dev/null > write' "$WORK/lp0")" = 3 ] ||
		{ fail lazy_procs "the following run missed events: $(cat "$WORK/lp0")"; return; }
	cmp -s "$WORK/lp0" "$WORK/lp1" || { fail lazy_procs "differs: $(diff "$WORK/lp0" "$WORK/lp1" | head -4)"; return; }
	pass lazy_procs
}

# --seccomp: the filter goes into an attached process (and stays: its traced syscalls fail with
# ENOSYS once nobody traces it, which is why it is opt-in)
case_attach_seccomp() {
	"$HELPER" loop &
	p=$!
	PIDS="$PIDS $p"
	sleep 0.2
	timeout -s INT 1 "$SYSCOPE" --userspace --seccomp --attach "$p" -p "%proc.pid %evt.type" "evt.type=openat" \
		>"$WORK/asc" 2>&1
	grep -q "^$p openat" "$WORK/asc" || { fail attach_seccomp "no events: $(head -2 "$WORK/asc")"; return; }
	grep -q "^Seccomp:.*2" "/proc/$p/status" || { fail attach_seccomp "no filter in $p"; return; }
	[ "$(tracer "$p")" = 0 ] || { fail attach_seccomp "still traced after detach"; return; }
	kill "$p"
	wait "$p" 2>/dev/null
	pass attach_seccomp
}

# The process image of an execve exit: the new image's memory figures, read from /proc at the
# exit stop, are non-zero and resident <= size (stat's rss, an approximate per-CPU counter, is
# 0 right after an exec: not the source to use), and comm is the new program's.
case_proc_image() {
	"$SYSCOPE" --userspace -p "%evt.arg.comm %evt.arg.vm_size %evt.arg.vm_rss %evt.arg.fdlimit" \
		"evt.type=execve and evt.dir=< and evt.arg.res=0" -- sh -c '/bin/true; /bin/echo x >/dev/null' \
		>"$WORK/img" 2>&1 || { fail proc_image "run: $(tail -2 "$WORK/img")"; return; }
	for prog in sh true echo; do
		l=$(grep "^$prog " "$WORK/img" | head -1)
		[ -n "$l" ] || { fail proc_image "no execve exit of $prog: $(cat "$WORK/img")"; return; }
		set -- $l
		[ "$2" -gt 0 ] && [ "$3" -gt 0 ] && [ "$3" -le "$2" ] && [ "$4" -gt 0 ] ||
			{ fail proc_image "$prog: size $2 resident $3 fdlimit $4"; return; }
	done
	pass proc_image
}

# -n ends the capture early: the launched command is killed and reaped (it was left in a ptrace
# stop and syscope waited for ever), syscope exits 0 at once
case_stop_early() {
	start=$(date +%s)
	timeout -k 5 20 "$SYSCOPE" --userspace -n 3 -q -- sleep 30 >"$WORK/se" 2>&1
	rc=$?
	[ $rc = 0 ] || { fail stop_early "exit $rc: $(tail -n 2 "$WORK/se")"; return; }
	[ $(( $(date +%s) - start )) -lt 10 ] || { fail stop_early "took $(( $(date +%s) - start )) s"; return; }
	timeout -k 5 20 "$SYSCOPE" --userspace -n 40 -q -- sh -c 'cat /etc/hostname; cat /etc/hostname' >"$WORK/se" 2>&1 ||
		{ fail stop_early "-n 40 on a short command: exit $?"; return; }
	pass stop_early
}

# -E: no user table from the system, so none in the capture (user.name <NA>); without it, names
case_exclude_users() {
	"$SYSCOPE" --userspace -w "$WORK/u1.scap" -- true >/dev/null 2>&1 &&
		"$SYSCOPE" -E --userspace -w "$WORK/u2.scap" -- true >/dev/null 2>&1 ||
		{ fail exclude_users "capture failed"; return; }
	me=$(id -un)
	n1=$("$SYSCOPE" -r "$WORK/u1.scap" -p "*%user.name" 2>/dev/null | sort -u)
	n2=$("$SYSCOPE" -r "$WORK/u2.scap" -p "*%user.name %user.uid" 2>/dev/null | sort -u)
	[ "$n1" = "$me" ] || { fail exclude_users "without -E: [$n1], want $me"; return; }
	[ "$n2" = "<NA> $(id -u)" ] || { fail exclude_users "with -E: [$n2], want <NA> $(id -u)"; return; }
	pass exclude_users
}

ALL="exit_status events proc_image attach_detach attach_tree attach_threads attach_seccomp lazy_fds lazy_procs errors nonroot mt_exec group_stop signal seccomp exclude_users stop_early"
for c in ${*:-$ALL}; do
	"case_$c"
done
echo "ptrace: $PASSES passed, $FAILS failed"
[ $FAILS = 0 ] || exit 1
[ $PASSES -gt 0 ] || exit 77
exit 0
