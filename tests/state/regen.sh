#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Rewrites expected/*.txt with sysdig 0.29.3's output for each scenario (see run.sh).
# usage: regen.sh [TRACES_DIR]
HERE=$(cd "$(dirname "$0")" && pwd)
TRACES=${1:-$HERE/../../../shared/traces}
TMP=$(mktemp -d) || exit 99
trap 'rm -rf "$TMP"' EXIT
FIELDS=$(cat "$HERE/fields.txt")
for s in "$HERE"/scenarios/*.py; do
	n=$(basename "$s" .py)
	base=$(sed -n 's/^# base: *//p' "$s")
	BASE=$TRACES/${base:-sample.scap}
	[ -f "$BASE" ] || exit 77
	python3 "$HERE/mkscap.py" "$HERE/../../driver/abi/events.tbl" "$BASE" "$s" "$TMP/$n.scap" || exit 99
	TZ=UTC sysdig -r "$TMP/$n.scap" -p "$FIELDS" >"$HERE/expected/$n.txt" || exit 99
done
