#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# State scenarios: hand-written events (scenarios/*.py) become captures on top of a shared trace's
# header blocks; syscope's output for them must equal sysdig 0.29.3's (expected/*.txt, made by
# regen.sh). Exercises thread and fd state end to end: clone/fork/exec/exit, files, sockets, tuples.
# usage: run.sh SYSCOPE [TRACES_DIR]     exit 77: skipped (no python3 or traces)
SYSCOPE=${1:?usage: run.sh SYSCOPE [TRACES_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
TRACES=${2:-$HERE/../../../shared/traces}
BASE=$TRACES/sample.scap
command -v python3 >/dev/null 2>&1 || exit 77
[ -f "$BASE" ] || exit 77
TMP=$(mktemp -d) || exit 99
trap 'rm -rf "$TMP"' EXIT
FIELDS=$(cat "$HERE/fields.txt")
fail=0
for s in "$HERE"/scenarios/*.py; do
	n=$(basename "$s" .py)
	base=$(sed -n 's/^# base: *//p' "$s")
	BASE=$TRACES/${base:-sample.scap}
	[ -f "$BASE" ] || exit 77
	python3 "$HERE/mkscap.py" "$HERE/../../driver/abi/events.tbl" "$BASE" "$s" "$TMP/$n.scap" || exit 99
	TZ=UTC "$SYSCOPE" -r "$TMP/$n.scap" -p "$FIELDS" >"$TMP/$n.out" 2>/dev/null
	if ! diff -u "$HERE/expected/$n.txt" "$TMP/$n.out" >"$TMP/$n.diff"; then
		echo "FAIL $n"
		head -40 "$TMP/$n.diff"
		fail=1
	else
		echo "ok   $n"
	fi
done
exit $fail
