#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Captures written with a filter (-w FILTER), and fatfiles (-F), on a shared capture:
#
#   run-fatfile.sh SYSCOPE TRACES CAPTURE
#
#  1. `-w out FILTER` keeps what sysdig's writer keeps of the events the filter rejects: the internal
#     ones (procinfo ...). The event types in out equal those of sysdig's own `-w` of the same
#     (compared where sysdig can read back what it wrote).
#  2. `-F -w fat FILTER` also keeps the state changes the filter rejects, marked state-only: read back
#     (by syscope and by sysdig) without a filter, fat shows exactly the lines of
#     `-r CAPTURE FILTER` (processes, fd names and arguments included); the file without -F shows
#     fewer or different ones when the filter drops state the lines need (checked to make sure the
#     case tests something, where it does).
# Exit: 0 pass, 1 fail, 77 capture absent, 99 harness error.
set -euo pipefail

(( $# == 3 )) || { echo "usage: $0 SYSCOPE TRACES CAPTURE" >&2; exit 99; }
syscope=$1 traces=$2 trace=$3
[[ -x $syscope ]] || { echo "fatfile: $syscope is not an executable (build it first)" >&2; exit 99; }
[[ -f $traces/$trace.scap ]] || { echo "fatfile: SKIP: $traces/$trace.scap is absent"; exit 77; }
sysdig=$(command -v sysdig || true)
export TZ=UTC
cap=$traces/$trace.scap
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fatfile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "fatfile/$trace: FAIL: $*"; exit 1; }

filter='evt.type in (connect, read, write, sendto, recvfrom, close) and fd.type in (ipv4, ipv6, file, unix)'
fmt='%evt.type %fd.name %proc.name %evt.args %proc.cwd %proc.exe'
types() { "$1" -r "$2" -D -p '%evt.type' 2>/dev/null | sort | uniq -c; }

# 1. the internal events survive a filter
"$syscope" -r "$cap" -w "$tmp/thin.scap" "$filter" 2>"$tmp/err" || fail "-w with a filter: $(head -n 2 "$tmp/err")"
types "$syscope" "$tmp/thin.scap" >"$tmp/thin.types"
want_pi=$(types "$syscope" "$cap" | awk '$2 == "procinfo" { print $1 }')
got_pi=$(awk '$2 == "procinfo" { print $1 }' "$tmp/thin.types")
[[ ${want_pi:-0} == "${got_pi:-0}" ]] || fail "${want_pi:-0} procinfo events, ${got_pi:-0} kept"
if [[ -n $sysdig ]] && "$sysdig" -r "$cap" -w "$tmp/sd.scap" "$filter" >/dev/null 2>&1 &&
	"$sysdig" -r "$tmp/sd.scap" -D -p '%evt.num' >/dev/null 2>&1; then
	types "$sysdig" "$tmp/sd.scap" >"$tmp/sd.types"
	diff -u "$tmp/sd.types" <(types "$sysdig" "$tmp/thin.scap") ||
		fail "the event types of -w FILTER differ from sysdig's own -w"
fi

# 2. the fatfile keeps the state the lines need
"$syscope" -r "$cap" -F -w "$tmp/fat.scap" "$filter" 2>"$tmp/err" || fail "-F -w: $(head -n 2 "$tmp/err")"
"$syscope" -r "$cap" -p "$fmt" "$filter" >"$tmp/want" 2>/dev/null || fail "replay with the filter failed"
"$syscope" -r "$tmp/fat.scap" -p "$fmt" >"$tmp/got" 2>"$tmp/err" || fail "reading the fatfile: $(head -n 2 "$tmp/err")"
cmp -s "$tmp/want" "$tmp/got" || fail "syscope -r fatfile: $(diff "$tmp/want" "$tmp/got" | head -n 4)"
if [[ -n $sysdig ]]; then
	"$sysdig" -r "$tmp/fat.scap" -p "$fmt" >"$tmp/got.sd" 2>/dev/null || fail "sysdig cannot read the fatfile"
	cmp -s "$tmp/want" "$tmp/got.sd" || fail "sysdig -r fatfile: $(diff "$tmp/want" "$tmp/got.sd" | head -n 4)"
fi
"$syscope" -r "$tmp/thin.scap" -p "$fmt" >"$tmp/thin" 2>/dev/null || true
if cmp -s "$tmp/want" "$tmp/thin"; then
	echo "fatfile/$trace: PASS ($(wc -l <"$tmp/want") lines; the filter drops no state these lines need)"
else
	echo "fatfile/$trace: PASS ($(wc -l <"$tmp/want") lines; without -F they differ)"
fi
