#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check-vs-sysdig-L.sh DUMP [SYSDIG] - our event listing (DUMP, which prints
# sc_evtlist_write()'s text) must equal `sysdig -L` line for line.
# Exit 0 = same, 1 = different (the diff is printed), 77 = no sysdig, 99 = harness failure.
dump=$1
sysdig=${2:-sysdig}
[ -x "$dump" ] || { echo "usage: $0 DUMP [SYSDIG]" >&2; exit 99; }
command -v "$sysdig" >/dev/null 2>&1 || { echo "skip: $sysdig not found"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$sysdig" -L >"$tmp/sysdig" 2>"$tmp/sysdig.err" || { cat "$tmp/sysdig.err" >&2; exit 99; }
[ -s "$tmp/sysdig" ] || { echo "sysdig -L printed nothing" >&2; exit 99; }
"$dump" >"$tmp/ours" || exit 99
diff -u "$tmp/sysdig" "$tmp/ours" && echo "same as sysdig -L ($(wc -l <"$tmp/ours") lines)"
