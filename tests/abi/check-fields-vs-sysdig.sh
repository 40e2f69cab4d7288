#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check-fields-vs-sysdig.sh SYSCOPE [SYSDIG] - our field catalogue against sysdig 0.29.3's: the same
# classes, and in them the same fields, in the same order, with the same types, as
# `sysdig --list-markdown` lists for the classes syscope has (all but k8s, mesos, span, evtin);
# `syscope -l` lists the same names. The descriptions are our own words and are not compared.
# Exit 0 = same, 1 = different (the diff is printed), 77 = no sysdig, 99 = harness failure.
syscope=$1
sysdig=${2:-sysdig}
[ -x "$syscope" ] || { echo "usage: $0 SYSCOPE [SYSDIG]" >&2; exit 99; }
command -v "$sysdig" >/dev/null 2>&1 || { echo "skip: $sysdig not found"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
# "## Field Class: NAME" and "`field` | TYPE" lines, classes we do not have left out
columns() {
	awk -F' [|] ' '/^## Field Class: / { skip = ($0 ~ /: (k8s|mesos|span|evtin)$/) }
		!skip && /^## Field Class: / { print; next }
		!skip && /^`/ { print $1 " | " $2 }' "$1"
}
"$sysdig" --list-markdown >"$tmp/sysdig.md" 2>/dev/null || exit 99
"$syscope" --list-markdown >"$tmp/ours.md" || exit 99
columns "$tmp/sysdig.md" >"$tmp/sysdig"
columns "$tmp/ours.md" >"$tmp/ours"
[ "$(grep -c '^`' "$tmp/sysdig")" -gt 100 ] || { echo "sysdig listed too few fields" >&2; exit 99; }
diff -u "$tmp/sysdig" "$tmp/ours" || exit 1
# -l: the field names of the markdown, in its order
"$syscope" -l | awk '/^[a-z]/ { print $1 }' >"$tmp/l"
grep '^`' "$tmp/ours" | sed 's/^`\([^`]*\)`.*/\1/' >"$tmp/md"
diff -u "$tmp/md" "$tmp/l" || exit 1
echo "same fields and types as sysdig --list-markdown ($(wc -l <"$tmp/md") fields)"
