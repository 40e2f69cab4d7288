#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope -j against csysdig 0.29.3's -j on the shared captures: each line of json-cases.txt is
# NAME|TRACE|VIEW|ARGS (ARGS: options starting with "--", or one filter); json/NAME.json holds
# csysdig's output, normalized (normalize.py: ties of the sort column in key order).
# Exit 77 (skip) without the captures or python3.
csyscope=$1 traces=$2 here=$(dirname "$0")
[ -d "$traces" ] || { echo "no captures at $traces"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
while IFS='|' read -r name trace view args; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	case $args in
	--*) TZ=UTC "$csyscope" -r "$traces/$trace.scap" -v "$view" -j $args >"$tmp/out.json" 2>"$tmp/err" ;;
	'') TZ=UTC "$csyscope" -r "$traces/$trace.scap" -v "$view" -j >"$tmp/out.json" 2>"$tmp/err" ;;
	*) TZ=UTC "$csyscope" -r "$traces/$trace.scap" -v "$view" -j "$args" >"$tmp/out.json" 2>"$tmp/err" ;;
	esac
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: csyscope exited $rc: $(cat "$tmp/err")"
		fail=1
		continue
	fi
	if ! python3 "$here/normalize.py" "$tmp/out.json" >"$tmp/out.txt" ||
	   ! diff -u "$here/json/$name.json" "$tmp/out.txt" >"$tmp/diff"; then
		echo "FAIL $name"
		head -40 "$tmp/diff"
		fail=1
	fi
done <"$here/json-cases.txt"
[ $n -gt 0 ] || { echo "no cases"; exit 99; }
[ $fail -eq 0 ] && echo "all $n cases agree with csysdig"
exit $fail
