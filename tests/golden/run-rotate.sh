#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Capture rotation (-C, -G, -e, -W with -w), on the shared captures:
#
#   run-rotate.sh SYSCOPE TRACES events|ring|seconds|strftime|size|errors
#
#   events    sample.scap -e 50: files out.scap0..9; their events, in order, are the capture's
#   ring      the same with -W 3: only out.scap0..2 are left, holding the last 127 events
#   seconds   ping_sendto.scap (9 s) -G 2: each file spans less than 2 s from its start; in order,
#             the capture's events
#   strftime  the same named 'out-%H%M%S.scap' (TZ=UTC), with -W 2: the two last files are left,
#             each named by the second of its first event
#   size      a ~5 MB capture (sample.scap's events repeated, ../shared/tools) -C 1: files just
#             over 10^6 bytes but the last; in order, the capture's events
#   errors    rotation without -w, to stdout, -W alone, a zero: a clear error, exit != 0, no file
# Every file is read back by syscope, and by sysdig 0.29.3 where it is installed. Exit: 0 pass,
# 1 fail, 77 capture (or tool) absent, 99 harness error.
set -euo pipefail

(( $# == 3 )) || { echo "usage: $0 SYSCOPE TRACES CASE" >&2; exit 99; }
syscope=$1 traces=$2 case=$3
[[ -x $syscope ]] || { echo "rotate: $syscope is not an executable (build it first)" >&2; exit 99; }
syscope=$(realpath "$syscope")
[[ -d $traces ]] || { echo "rotate: SKIP: capture folder $traces is absent"; exit 77; }
sysdig=$(command -v sysdig || true)
export TZ=UTC

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rotate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "rotate/$case: FAIL: $*"; exit 1; }
need() { [[ -f $traces/$1 ]] || { echo "rotate: SKIP: $traces/$1 is absent"; exit 77; }; }

# every event (internal ones too) of a capture, one line each, in order
events_of() { "$syscope" -r "$1" -D -p '%evt.rawtime %evt.type %thread.tid %evt.cpu' 2>/dev/null; }

# check_files FILE...: each reads back without error in syscope (and sysdig); prints all events
check_files() {
	local f
	for f in "$@"; do
		"$syscope" -r "$f" -D -p '%evt.num' >/dev/null 2>"$tmp/err" || fail "$f does not read back: $(head -n 2 "$tmp/err")"
		if [[ -n $sysdig ]]; then
			"$sysdig" -r "$f" >/dev/null 2>"$tmp/err" || fail "sysdig cannot read $f: $(head -n 2 "$tmp/err")"
		fi
		events_of "$f"
	done
}

# same_events CAPTURE FILE...: the files, read back, hold the capture's events in order
same_events() {
	local cap=$1
	shift
	check_files "$@" >"$tmp/cat"
	events_of "$cap" >"$tmp/orig"
	cmp -s "$tmp/orig" "$tmp/cat" || fail "the files' events differ from the capture's: $(diff "$tmp/orig" "$tmp/cat" | head -n 4)"
}

# write ARGS...: rotation run into $tmp (cwd), which must succeed
write() {
	(cd "$tmp" && "$syscope" "$@" >"$tmp/w.out" 2>"$tmp/w.err" </dev/null) ||
		fail "syscope $* exited $?: $(head -n 3 "$tmp/w.err")"
}

case $case in
events)
	need sample.scap
	write -r "$traces/sample.scap" -e 50 -w out.scap
	want=$(printf 'out.scap%d\n' 0 1 2 3 4 5 6 7 8 9)
	[[ $(cd "$tmp" && ls out.scap* | sort -V) == "$want" ]] || fail "files: $(cd "$tmp" && ls)"
	for i in 0 1 2 3 4 5 6 7 8; do
		n=$(events_of "$tmp/out.scap$i" | wc -l)
		[[ $n == 50 ]] || fail "out.scap$i holds $n events, not 50"
	done
	same_events "$traces/sample.scap" $(printf "$tmp/out.scap%d " 0 1 2 3 4 5 6 7 8 9)
	;;
ring)
	need sample.scap
	write -r "$traces/sample.scap" -e 50 -W 3 -w out.scap
	[[ $(cd "$tmp" && ls | grep '^out' | sort | tr '\n' ' ') == "out.scap0 out.scap1 out.scap2 " ]] ||
		fail "files: $(cd "$tmp" && ls | tr '\n' ' ')"
	# 10 files in a ring of 3: the 8th and 9th are out.scap1 and 2, the 10th (27 events) out.scap0
	check_files "$tmp/out.scap1" "$tmp/out.scap2" "$tmp/out.scap0" >"$tmp/cat"
	events_of "$traces/sample.scap" | tail -n 127 >"$tmp/orig"
	cmp -s "$tmp/orig" "$tmp/cat" || fail "the ring is not the last 127 events: $(diff "$tmp/orig" "$tmp/cat" | head -n 4)"
	;;
seconds)
	need ping_sendto.scap
	write -r "$traces/ping_sendto.scap" -G 2 -w out.scap
	files=$(cd "$tmp" && ls out.scap* | sort -V)
	n=$(echo "$files" | wc -l)
	(( n >= 5 )) || fail "$n files for 9 s in slices of 2 s"
	for f in $files; do
		# whole seconds as text: nanosecond times do not fit a double
		span=$(events_of "$tmp/$f" | awk '{ t = substr($1, 1, length($1) - 9) } NR == 1 { s = t } END { print t - s }')
		(( span < 2 )) || fail "$f spans $span s"
	done
	same_events "$traces/ping_sendto.scap" $(for f in $files; do echo "$tmp/$f"; done)
	;;
strftime)
	need ping_sendto.scap
	write -r "$traces/ping_sendto.scap" -G 2 -w 'out-%H%M%S.scap'
	all=$(cd "$tmp" && ls out-* | sort)
	write -r "$traces/ping_sendto.scap" -G 2 -W 2 -w 'ring-%H%M%S.scap'
	kept=$(cd "$tmp" && ls ring-* | sort)
	[[ $(echo "$kept" | wc -l) == 2 ]] || fail "-W 2 left: $kept"
	[[ $(echo "$kept" | sed 's/^ring-//') == "$(echo "$all" | tail -n 2 | sed 's/^out-//')" ]] ||
		fail "-W 2 kept $kept, not the last two of $all"
	for f in $all; do
		first=$("$syscope" -r "$tmp/$f" -D -t a -p '%evt.time' 2>/dev/null | head -n 1 | tr -d ':' | cut -c1-6)
		[[ $f == "out-$first.scap" ]] || fail "$f starts at $first"
	done
	same_events "$traces/ping_sendto.scap" $(for f in $all; do echo "$tmp/$f"; done)
	;;
size)
	need sample.scap
	tool=$traces/../tools/scap-replicate.py
	[[ -f $tool ]] || { echo "rotate: SKIP: $tool is absent"; exit 77; }
	python3 "$tool" "$traces/sample.scap" "$tmp/big.scap" 120 >/dev/null || fail "could not make the big capture"
	write -r "$tmp/big.scap" -C 1 -w out.scap
	files=$(cd "$tmp" && ls out.scap* | sort -V)
	n=$(echo "$files" | wc -l)
	(( n >= 4 )) || fail "$n files for a $(stat -c %s "$tmp/big.scap")-byte capture cut at 10^6 bytes"
	last=$(echo "$files" | tail -n 1)
	for f in $files; do
		s=$(stat -c %s "$tmp/$f")
		if [[ $f != "$last" ]]; then
			(( s > 1000000 && s < 1070000 )) || fail "$f is $s bytes: not just over 10^6"
		fi
	done
	same_events "$tmp/big.scap" $(for f in $files; do echo "$tmp/$f"; done)
	;;
errors)
	need sample.scap
	bad() {
		local want=$1
		shift
		if (cd "$tmp" && "$syscope" "$@" >"$tmp/b.out" 2>"$tmp/b.err" </dev/null); then
			fail "syscope $* succeeded"
		fi
		grep -q -- "$want" "$tmp/b.err" || fail "syscope $*: unclear error: $(head -n 2 "$tmp/b.err")"
	}
	bad 'need -w FILE' -r "$traces/sample.scap" -C 1
	bad 'need -w FILE' -r "$traces/sample.scap" -e 10 -w -
	bad 'give one of them' -r "$traces/sample.scap" -W 3 -w x.scap
	bad 'takes a number from 1' -r "$traces/sample.scap" -G 0 -w x.scap
	bad 'takes a whole number' -r "$traces/sample.scap" -C lots -w x.scap
	[[ -z $(cd "$tmp" && ls | grep -v '^[bw]\.\(out\|err\)$' || true) ]] || fail "files left: $(cd "$tmp" && ls)"
	;;
*)
	echo "rotate: unknown case $case" >&2
	exit 99
	;;
esac
echo "rotate/$case: PASS"
