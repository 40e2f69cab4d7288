#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run-driver-suite.sh DRIVER SYSCOPE PROGS_DIR [PROG...]
#
# Runs each driver test program (tests/driver/progs) under a live syscope
# driver and compares what syscope reports between the program's markers with
# the lines the program says it must report (see progs/sct.h).
#
#   DRIVER     ptrace (syscope --userspace -- PROG), bpf or kmod (syscope
#              --driver X "proc.name=PROG" in the background, PROG run beside it)
#   SYSCOPE    the syscope binary
#   PROGS_DIR  the folder of built programs; PROG... picks some (default: all)
#
# Prints one PASS/FAIL/SKIP line per program, with the first differing lines
# of a failure. Exit: 0 all passed (or skipped), 1 a failure, 77 the driver is
# not available here (or every program skipped), 99 the harness itself broke.
#
# Environment:
#   SCT_KEEP=1        keep the work folder of every program (else only of failures)
#   SCT_TIMEOUT=S     seconds a program (and syscope with it) may take (default 60)
#   SCT_RENDER=sysdig capture with -w and print with `sysdig -r` instead of
#                     syscope -p: checks that the expected lines are what sysdig
#                     0.29.3 itself prints for the driver's events
#   SCT_SYSCOPE_ARGS  extra syscope options (e.g. "-s 80")
#
# POSIX sh (busybox ash in the qemu guest): no bash-isms.
set -eu

FMT='%thread.tid %evt.dir %evt.type %evt.args'

usage() {
	echo "usage: $0 ptrace|bpf|kmod SYSCOPE PROGS_DIR [PROG...]" >&2
	exit 99
}
[ $# -ge 3 ] || usage
DRIVER=$1 SYSCOPE=$2 PROGS=$3
shift 3
TIMEOUT=${SCT_TIMEOUT:-60}
RENDER=${SCT_RENDER:-syscope}
EXTRA=${SCT_SYSCOPE_ARGS:-}

case $DRIVER in
ptrace|bpf|kmod) ;;
*) usage ;;
esac
if [ ! -x "$SYSCOPE" ]; then
	echo "$0: no syscope binary at $SYSCOPE" >&2
	exit 99
fi
if [ ! -d "$PROGS" ]; then
	echo "$0: no programs folder at $PROGS" >&2
	exit 99
fi
if [ "$RENDER" = sysdig ] && ! command -v sysdig >/dev/null 2>&1; then
	echo "$0: SCT_RENDER=sysdig needs sysdig in PATH" >&2
	exit 77
fi

# A syscope left in the background is stopped whatever way we leave.
bg_pids=
# stop_bg PID: SIGINT (syscope's clean stop), SIGKILL if it has not gone in
# 10 s (a probe being loaded does not answer); its status is left in $?.
stop_bg() {
	kill -INT "$1" 2>/dev/null || true
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null
}
# shellcheck disable=SC2317  # called by the traps
cleanup() {
	for p in $bg_pids; do
		stop_bg "$p" || true
	done
}
trap cleanup EXIT
trap 'cleanup; exit 99' INT TERM HUP

# ---- is the driver available here? --------------------------------------------------------
case $DRIVER in
bpf)
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: the bpf driver needs root (CAP_BPF and CAP_PERFMON)" >&2
		exit 77
	fi
	if [ ! -e /sys/kernel/btf/vmlinux ]; then
		echo "SKIP: the bpf driver needs BTF (/sys/kernel/btf/vmlinux)" >&2
		exit 77
	fi ;;
kmod)
	if [ ! -e /dev/syscope0 ]; then
		echo "SKIP: the kernel module is not loaded (/dev/syscope0 missing)" >&2
		exit 77
	fi ;;
esac

# A driver that is not part of this build makes syscope say so; that is a skip, not a failure.
probe_err=$(mktemp)
case $DRIVER in
ptrace) "$SYSCOPE" --userspace -p "$FMT" -- /bin/true >/dev/null 2>"$probe_err" || true ;;
*) "$SYSCOPE" --driver "$DRIVER" -p "$FMT" 'proc.name=sct-no-such' >/dev/null 2>"$probe_err" </dev/null &
   probe_pid=$!
   bg_pids=$probe_pid
   # Still running after a while: it loaded. Gone by itself: it could not.
   i=0
   while kill -0 "$probe_pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
   probe_gone=0
   kill -0 "$probe_pid" 2>/dev/null || probe_gone=1
   probe_rc=0
   stop_bg "$probe_pid" || probe_rc=$?
   bg_pids= ;;
esac
if grep -q "not part of this build" "$probe_err"; then
	echo "SKIP: $(cat "$probe_err")" >&2
	rm -f "$probe_err"
	exit 77
fi
if [ "$DRIVER" != ptrace ] && [ "$probe_gone" = 1 ] && [ "$probe_rc" != 0 ]; then
	# Every program would fail the same way: say it once.
	echo "FAIL $DRIVER: syscope --driver $DRIVER cannot capture here (exit status $probe_rc):"
	sed 's/^/    /' "$probe_err" | cut -c1-400 | head -n 5
	rm -f "$probe_err"
	exit 1
fi
rm -f "$probe_err"

# ---- helpers ------------------------------------------------------------------------------

# Runs "$@" with a time limit, in the foreground, where `timeout` exists.
with_timeout() {
	if command -v timeout >/dev/null 2>&1; then
		timeout "$TIMEOUT" "$@"
	else
		"$@"
	fi
}

# waitfor FILE TEXT [TENTHS]: until TEXT is in FILE; 1 when it never came.
waitfor() {
	n=0
	while ! grep -q -- "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt "${3:-100}" ] || return 1
		sleep 0.1
	done
	return 0
}

# region OUT PID > REGION: the lines strictly between the begin and end
# markers of thread PID (from the begin marker's exit: another thread's
# event may come between its enter and exit), trailing blanks removed
# (sysdig ends an empty %evt.args with a space).
region() {
	awk -v pid="$2" '
		$1 == pid && /\/syscope-test-end/ { if (inr) exit }
		inr { sub(/[ \t]+$/, ""); print; next }
		$1 == pid && /\/syscope-test-begin/ { if ($2 == "<") seen = 1; next }
		!seen { next }
		seen { inr = 1; sub(/[ \t]+$/, ""); print; next }
	' "$1"
}

# compare EXPECTED ACTUAL [drop]: per thread (first column), line by line; "{*}" in
# an expected line matches any text, an expected line "TID {**}" any number of
# lines (up to one matching the next expected line). With "drop", events of
# threads the program did not name are left out (a system-wide capture sees
# other processes of the same name). Prints the first difference; 1 on a mismatch.
compare() {
	awk -v drop="${3:-}" '
	function rx(s,    out, i, c) {
		out = ""
		while ((i = index(s, "{*}")) > 0) {
			out = out quote(substr(s, 1, i - 1)) ".*"
			s = substr(s, i + 3)
		}
		return "^" out quote(s) "$"
	}
	function quote(s,    out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (index("\\^$.[]|()*+?{}", c))
				out = out "\\" c
			else
				out = out c
		}
		return out
	}
	# The first parameter that differs, when both lines split alike.
	function hint(e, a,    ne_, na_, i, et, at) {
		ne_ = split(e, et, " ")
		na_ = split(a, at, " ")
		for (i = 1; i <= ne_ && i <= na_; i++) {
			if (et[i] == at[i] || (index(et[i], "{*}") && at[i] ~ rx(et[i])))
				continue
			if (index(et[i], "{*}"))
				return
			printf "    first difference: %s  (got %s)\n", et[i], at[i]
			return
		}
	}
	function show(kind, t, k, n, a,    j) {
		for (j = k; j <= n && j < k + 3; j++)
			printf "    %s %s\n", kind, a[t, j]
	}
	FNR == 1 { file++ }
	{
		sub(/[ \t]+$/, "")
		if ($0 == "" || (file == 1 && substr($0, 1, 1) == "#")) next
		t = $1
		if (file == 2 && drop == "drop" && !(t in ne)) next
		if (file == 1) {
			if (!(t in ne)) { order[++nt] = t; ne[t] = 0 }
			ex[t, ++ne[t]] = $0
		} else {
			if (!(t in na)) { na[t] = 0; aorder[++nat] = t }
			act[t, ++na[t]] = $0
		}
	}
	END {
		bad = 0
		for (i = 1; i <= nt && !bad; i++) {
			t = order[i]
			# k walks the expected lines, j the actual ones; an expected
			# "TID {**}" skips actual lines until the next expected one matches.
			j = 1
			for (k = 1; k <= ne[t] + 1; k++) {
				skipped = 0
				if (k <= ne[t] && ex[t, k] == t " {**}") {
					if (k == ne[t]) { j = na[t] + 1; continue }
					r = rx(ex[t, k + 1])
					j0 = j
					while (j <= na[t] && act[t, j] !~ r) j++
					if (j <= na[t])
						continue
					# never found: report it against where the skipping began
					k++
					j = j0
					skipped = 1
				}
				if (k > ne[t] && j > na[t])
					break
				if (k <= ne[t] && j <= na[t] && act[t, j] ~ rx(ex[t, k])) {
					j++
					continue
				}
				printf "  tid %s, expected line %d, line %d of its events%s:\n", t, k, j,
					skipped ? " (no line after it matched)" : ""
				if (k <= ne[t]) show("expected:", t, k, ne[t], ex)
				else print "    expected: (no more lines)"
				if (j <= na[t]) show("got:     ", t, j, na[t], act)
				else print "    got:      (no more lines)"
				if (!skipped && k <= ne[t] && j <= na[t]) hint(ex[t, k], act[t, j])
				bad = 1
				break
			}
		}
		for (i = 1; i <= nat && !bad; i++) {
			t = aorder[i]
			if (!(t in ne)) {
				printf "  events of tid %s, which the program did not expect:\n", t
				show("got:     ", t, 1, na[t], act)
				bad = 1
			}
		}
		exit bad
	}' "$1" "$2"
}

# How syscope runs for one program; output goes to $w/out.
run_ptrace() {
	if [ "$RENDER" = sysdig ]; then
		# shellcheck disable=SC2086
		SCT_EXPECT=$w/expected with_timeout "$SYSCOPE" --userspace $EXTRA -w "$w/cap.scap" \
			-- "$prog" >"$w/progout" 2>"$w/err"
	else
		# shellcheck disable=SC2086
		SCT_EXPECT=$w/expected with_timeout "$SYSCOPE" --userspace $EXTRA --unbuffered -p "$FMT" \
			-- "$prog" >"$w/out" 2>"$w/err"
	fi
}

run_live() {
	comm=$(printf '%s' "$name" | cut -c1-15)
	if [ "$RENDER" = sysdig ]; then
		# shellcheck disable=SC2086
		"$SYSCOPE" --driver "$DRIVER" $EXTRA -w "$w/cap.scap" "proc.name=$comm" \
			>/dev/null 2>"$w/err" </dev/null &
	else
		# shellcheck disable=SC2086
		"$SYSCOPE" --driver "$DRIVER" $EXTRA --unbuffered -p "$FMT" "proc.name=$comm" \
			>"$w/out" 2>"$w/err" </dev/null &
	fi
	spid=$!
	bg_pids=$spid
	# Ready when a ping of ours comes out (with -w: once the capture file grows).
	# Loading a probe can take a while (the verifier): up to 30 s.
	ready=0 n=0
	while [ $n -lt 300 ]; do
		if ! kill -0 "$spid" 2>/dev/null; then
			break
		fi
		"$prog" --sct-ping ready
		if [ "$RENDER" = sysdig ]; then
			[ -s "$w/cap.scap" ] && [ $n -ge 10 ] && { ready=1; break; }
		elif grep -q /syscope-test-ready "$w/out" 2>/dev/null; then
			ready=1
			break
		fi
		n=$((n + 1))
		sleep 0.1
	done
	if [ $ready = 0 ]; then
		stop_bg "$spid" || true
		bg_pids=
		echo "syscope --driver $DRIVER never started capturing" >>"$w/err"
		return 99
	fi
	st=0
	SCT_EXPECT=$w/expected with_timeout "$prog" >"$w/progout" 2>>"$w/err" || st=$?
	# Drained when a ping made after the program comes out.
	"$prog" --sct-ping drained
	if [ "$RENDER" != sysdig ]; then
		waitfor "$w/out" /syscope-test-drained 100 || echo "the capture did not drain in 10 s" >>"$w/err"
	else
		sleep 1
	fi
	stop_bg "$spid" || true
	bg_pids=
	return $st
}

# ---- the programs ------------------------------------------------------------------------
if [ $# -gt 0 ]; then
	list=$*
else
	list=$(cd "$PROGS" && for f in *; do [ -f "$f" ] && [ -x "$f" ] && echo "$f"; done)
fi
[ -n "$list" ] || { echo "$0: no programs in $PROGS" >&2; exit 99; }

npass=0 nfail=0 nskip=0
for name in $list; do
	prog=$PROGS/$name
	case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
	if [ ! -x "$prog" ]; then
		echo "FAIL $DRIVER/$name: no program $prog"
		nfail=$((nfail + 1))
		continue
	fi
	w=$(mktemp -d "${TMPDIR:-/tmp}/sct-$DRIVER-$name.XXXXXX")
	: >"$w/out"
	st=0
	case $DRIVER in
	ptrace) run_ptrace || st=$? ;;
	*) run_live || st=$? ;;
	esac
	if [ $st = 77 ]; then
		echo "SKIP $DRIVER/$name: $(tail -n 1 "$w/err" 2>/dev/null)"
		nskip=$((nskip + 1))
		rm -rf "$w"
		continue
	fi
	if [ $st != 0 ] || [ ! -f "$w/expected" ]; then
		echo "FAIL $DRIVER/$name: exit status $st (work folder $w)"
		sed 's/^/    /' "$w/err" | tail -n 5
		nfail=$((nfail + 1))
		continue
	fi
	if [ "$RENDER" = sysdig ]; then
		TZ=UTC sysdig -r "$w/cap.scap" -p "$FMT" >"$w/out" 2>>"$w/err" || true
	fi
	pid=$(sed -n 's/^#pid //p' "$w/expected")
	region "$w/out" "$pid" >"$w/actual"
	if [ ! -s "$w/actual" ] && ! grep -q "^$pid .*/syscope-test-begin" "$w/out"; then
		echo "FAIL $DRIVER/$name: the begin marker never came out (work folder $w)"
		sed 's/^/    /' "$w/err" | tail -n 5
		nfail=$((nfail + 1))
		continue
	fi
	drop=
	[ "$DRIVER" = ptrace ] || drop=drop
	if compare "$w/expected" "$w/actual" $drop >"$w/diff"; then
		echo "PASS $DRIVER/$name"
		npass=$((npass + 1))
		[ "${SCT_KEEP:-0}" = 1 ] || rm -rf "$w"
	else
		echo "FAIL $DRIVER/$name (work folder $w)"
		cat "$w/diff"
		nfail=$((nfail + 1))
	fi
done

echo "$DRIVER: $npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ] || exit 1
[ $npass -gt 0 ] || exit 77
exit 0
