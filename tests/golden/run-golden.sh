#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# One golden test: replay a shared capture through syscope and compare with sysdig 0.29.3's output.
#
#   run-golden.sh SYSCOPE TRACES CAPTURE/CASE [stdin]
#
# Runs `SYSCOPE -r TRACES/CAPTURE.scap ARGS...` (ARGS from cases.tsv) with TZ=UTC and compares stdout
# with expected/EXPECT.CASE.out[.gz] (EXPECT: CAPTURE, or its alias in traces.txt).
# With `stdin`: `SYSCOPE -r - ARGS... < TRACES/CAPTURE.scap` instead (sysdig 0.29.3 cannot do that).
# Exit: 0 equal; 1 different or SYSCOPE failed (first differing lines printed); 77 skipped (capture
# folder or capture absent); 99 harness error (unknown case, missing expected file, no SYSCOPE).
# Self-check: with SYSCOPE=/usr/bin/sysdig every case must pass (except aliased captures sysdig can't read).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(( $# == 3 || $# == 4 )) || { echo "usage: $0 SYSCOPE TRACES CAPTURE/CASE [stdin]" >&2; exit 99; }
syscope=$1 traces=$2 id=$3 from=${4:-file}
[[ $from == file || $from == stdin ]] || { echo "golden: unknown input mode $from" >&2; exit 99; }
trace=${id%%/*} case=${id#*/}

[[ -x $syscope ]] || { echo "golden: $syscope is not an executable (build it first)" >&2; exit 99; }
expect=$(golden_expect_as "$trace") || { echo "golden: $trace is not in traces.txt" >&2; exit 99; }
golden_case_args "$case" || { echo "golden: no case '$case' in cases.tsv" >&2; exit 99; }
golden_case_applies "$case" "$expect" || { echo "golden: case $case does not apply to $expect" >&2; exit 99; }
exp=$(golden_expected "$expect" "$case")
[[ -n $exp ]] || { echo "golden: no expected file for $expect.$case (run regen.sh)" >&2; exit 99; }

[[ -d $traces ]] || { echo "golden: SKIP: capture folder $traces is absent"; exit 77; }
[[ -f $traces/$trace.scap ]] || { echo "golden: SKIP: $traces/$trace.scap is absent"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

input=/dev/null
if [[ $from == stdin ]]; then
	cmd=("$syscope" -r - "${CASE_ARGS[@]}") input=$traces/$trace.scap
else
	cmd=("$syscope" -r "$traces/$trace.scap" "${CASE_ARGS[@]}")
fi
printf 'golden: TZ=UTC'; printf ' %q' "${cmd[@]}"; [[ $from == stdin ]] && printf ' < %q' "$input"; printf '\n'
rc=0
TZ=UTC timeout 300 "${cmd[@]}" >"$tmp/out" 2>"$tmp/err" <"$input" || rc=$?
golden_cat "$exp" >"$tmp/expected"

fail=0
# -S tables: among rows of equal count sysdig's order is whatever its sort leaves, not a rule
# (ours keeps the event table's order): the header must be equal, the rows equal as a set, and
# ours by count, most first
if [[ $case == summary* ]]; then
	awk 'NR > 3 { n = $NF + 0; if (NR > 4 && n > last) bad = 1; last = n } END { exit bad }' "$tmp/out" ||
		{ echo "golden: FAIL: the rows are not by count, most first"; fail=1; }
	for f in expected out; do
		{ head -n 3 "$tmp/$f"; tail -n +4 "$tmp/$f" | LC_ALL=C sort; } >"$tmp/$f.rows"
		mv "$tmp/$f.rows" "$tmp/$f"
	done
fi
# Chisels: a top table's rows of equal value are in sysdig's Lua hash order, not a rule: the values
# must come in the same order, and within each value the rows must be the same set (ct_). A state
# listing (lsof, netstat) is in that hash order throughout: its lines are compared sorted (cs_).
if [[ $case == ct_* ]]; then
	for f in expected out; do
		awk 'NR <= 2 && !index($0, "\t") { printf "%06d\t%s\n", 0, $0; next }
		     { v = index($0, "\t") ? substr($0, match($0, /\t[^\t]*$/) + 1) : substr($0, 1, 20)
		       if (v != last) { g++; last = v }
		       printf "%06d\t%s\n", g, $0 }' "$tmp/$f" | LC_ALL=C sort -s -t $'\t' -k1,1 -k2 | cut -f2- >"$tmp/$f.rows"
		mv "$tmp/$f.rows" "$tmp/$f"
	done
elif [[ $case == cj_* ]]; then
	# a top table as JSON (-j): sysdig's key order is its hash's and it puts a null among the info
	# entries of a one-key table; compared as data: ts, the info entries, the rows in value order
	# (rows of equal value as a set)
	for f in expected out; do
		python3 -c '
import json, sys
out = []
for doc in json.loads("[" + sys.stdin.read().replace("}\n{", "},{") + "]"):
    info = [e for e in doc["info"] if e is not None]
    groups = []
    for row in doc["data"]:
        if not groups or groups[-1][0] != row[-1]:
            groups.append((row[-1], []))
        groups[-1][1].append(row)
    out.append({"ts": doc["ts"], "info": info, "data": [sorted(g[1], key=json.dumps) for g in groups]})
print(json.dumps(out, sort_keys=True, indent=1))' <"$tmp/$f" >"$tmp/$f.rows" || { echo "golden: FAIL: the $f output is not the JSON of a table"; fail=1; }
		mv "$tmp/$f.rows" "$tmp/$f"
	done
elif [[ $case == cs_* ]]; then
	for f in expected out; do
		LC_ALL=C sort "$tmp/$f" >"$tmp/$f.rows"
		mv "$tmp/$f.rows" "$tmp/$f"
	done
fi
if (( rc != 0 )); then
	echo "golden: FAIL: exit status $rc"
	fail=1
fi
if [[ -s $tmp/err ]]; then
	echo "golden: stderr:"
	head -n 20 "$tmp/err" | sed 's/^/  /'
fi
if ! cmp -s "$tmp/expected" "$tmp/out"; then
	exp_n=$(wc -l <"$tmp/expected") out_n=$(wc -l <"$tmp/out")
	first=$(cmp "$tmp/expected" "$tmp/out" 2>&1 | head -n 1 || true)
	echo "golden: FAIL: output differs from ${exp#"$GOLDEN_DIR"/} ($exp_n expected lines, $out_n printed): $first"
	diff -u --label "expected ($expect.$case)" --label "syscope" "$tmp/expected" "$tmp/out" | head -n 30 || true
	fail=1
fi
(( fail == 0 )) || exit 1
echo "golden: ok ($(wc -l <"$tmp/out") lines)"
