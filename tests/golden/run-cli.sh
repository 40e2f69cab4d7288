#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Small CLI behaviours against sysdig 0.29.3's:
#
#   run-cli.sh SYSCOPE TRACES pp|progress
#
#   pp        -pp prints the default line (not on a tty), as sysdig -pp does
#   progress  -P on a plain capture of ~47k events (sample.scap's repeated, ../shared/tools): percents
#             on stderr, rising, each rewritten in place, ending at 100.00; on a gzip capture only
#             the 100.00; with a live driver, a clear error
# Exit: 0 pass, 1 fail, 77 capture or tool absent, 99 harness error.
set -euo pipefail

(( $# == 3 )) || { echo "usage: $0 SYSCOPE TRACES CASE" >&2; exit 99; }
syscope=$1 traces=$2 case=$3
[[ -x $syscope ]] || { echo "cli: $syscope is not an executable (build it first)" >&2; exit 99; }
export TZ=UTC
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli/$case: FAIL: $*"; exit 1; }

case $case in
pp)
	sysdig=$(command -v sysdig) || { echo "cli: SKIP: sysdig is not installed"; exit 77; }
	[[ $("$syscope" -pp </dev/null) == "$("$sysdig" -pp </dev/null)" ]] ||
		fail "-pp: [$("$syscope" -pp)] vs sysdig [$("$sysdig" -pp)]"
	;;
progress)
	tool=$traces/../tools/scap-replicate.py
	[[ -f $traces/sample.scap && -f $tool ]] || { echo "cli: SKIP: sample.scap or $tool absent"; exit 77; }
	python3 "$tool" "$traces/sample.scap" "$tmp/big.scap" 100 >/dev/null || fail "could not make the capture"
	"$syscope" -r "$tmp/big.scap" -P -q 2>"$tmp/err" >/dev/null || fail "-P: $(head -c 300 "$tmp/err")"
	# the percents: what follows each "\r" that is a number
	tr '\r' '\n' <"$tmp/err" | grep -E '^[0-9]+\.[0-9]{2}$' >"$tmp/pct" || true
	(( $(wc -l <"$tmp/pct") >= 3 )) || fail "too few updates: $(od -c "$tmp/err" | head -n 3)"
	[[ $(tail -n 1 "$tmp/pct") == 100.00 ]] || fail "does not end at 100.00"
	sort -n -c "$tmp/pct" 2>/dev/null || fail "the percents do not rise: $(tr '\n' ' ' <"$tmp/pct")"
	awk '$1 < 0 || $1 > 100 { exit 1 }' "$tmp/pct" || fail "a percent out of 0..100"
	gzip -c "$tmp/big.scap" >"$tmp/big.scap.gz"
	"$syscope" -r "$tmp/big.scap.gz" -P -q 2>"$tmp/err.gz" >/dev/null || fail "-P on gzip failed"
	[[ $(tr '\r' '\n' <"$tmp/err.gz" | grep -cE '^[0-9]+\.[0-9]{2}$') == 1 ]] || fail "gzip: more than the final 100.00"
	if "$syscope" -P -n 1 >/dev/null 2>"$tmp/live.err"; then
		fail "-P with a live capture was accepted"
	fi
	grep -q 'live capture has no end' "$tmp/live.err" || fail "unclear -P error: $(head -n 1 "$tmp/live.err")"
	;;
*)
	echo "cli: unknown case $case" >&2
	exit 99
	;;
esac
echo "cli/$case: PASS"
