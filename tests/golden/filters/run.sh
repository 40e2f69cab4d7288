#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run.sh BINARY TRACES_DIR CASES EXPECTED - runs `BINARY -r TRACE -p %evt.num FILTER` for every
# line (TRACE <tab> FILTER) of CASES and compares the whole with EXPECTED[.gz] (sysdig 0.29.3's own
# output, made by regen.sh); EXPECTED "-" prints the output instead. Exit 0 equal, 1
# different (the diff is printed), 77 when the captures are missing.
set -u
bin=$1 traces=$2 cases=$3 expected=$4
[ -d "$traces" ] || { echo "no captures in $traces"; exit 77; }
export TZ=UTC
out=$(mktemp)
trap 'rm -f "$out"' EXIT
while IFS=$'\t' read -r trace filter; do
	case "$trace" in ''|'#'*) continue ;; esac
	[ -f "$traces/$trace" ] || { echo "missing capture $traces/$trace"; exit 77; }
	printf '### %s\t%s\n' "$trace" "$filter"
	# stdout only (stderr carries summaries); a failing run shows as its exit status
	timeout 60 "$bin" -r "$traces/$trace" -p %evt.num "$filter" 2>/dev/null || echo "exit status $?"
done < "$cases" > "$out"
if [ "$expected" = - ]; then
	cat "$out"
	exit 0
fi
if [[ $expected == *.gz ]]; then
	zcat "$expected" > "$out.want"
	expected=$out.want
	trap 'rm -f "$out" "$out.want"' EXIT
fi
if diff -u "$expected" "$out"; then
	echo "$(grep -c '^###' "$out") filters agree"
	exit 0
fi
exit 1
