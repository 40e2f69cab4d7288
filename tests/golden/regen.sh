#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Re-create tests/golden/expected/ from sysdig 0.29.3, the reference. Not run by CI: run it by hand
# after changing traces.txt or cases.tsv, and review the diff before committing.
#
#   tests/golden/regen.sh [TRACES_DIR]      (default: ../shared/traces beside the repository)
#
# Every (capture, case) of traces.txt x cases.tsv is run as `sysdig -r CAPTURE ARGS...` with TZ=UTC;
# stdout goes to expected/CAPTURE.CASE.out, gzipped (.out.gz, deterministic: gzip -n) above 32 KiB.
# Aliased captures (second column of traces.txt) get no files of their own. Cases whose syscope output
# deliberately differs from sysdig's are listed in DIFFERENCES.md and kept as they are (not overwritten).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

traces=${1:-$GOLDEN_DIR/../../../shared/traces}
[[ -d $traces ]] || { echo "regen: no capture folder at $traces" >&2; exit 1; }
traces=$(cd "$traces" && pwd)
command -v sysdig >/dev/null || { echo "regen: sysdig not found (scripts/setup-deps.sh installs it)" >&2; exit 1; }
ver=$(sysdig --version)
[[ $ver == *" 0.29.3"* ]] || { echo "regen: need sysdig 0.29.3, found: $ver" >&2; exit 1; }

# Cases kept by hand: lines "CAPTURE.CASE" in DIFFERENCES.md's list (`- CAPTURE.CASE: reason`).
keep=$(sed -n 's/^- `\{0,1\}\([A-Za-z0-9_.-]*\.[A-Za-z0-9_]*\)`\{0,1\}:.*/\1/p' "$GOLDEN_DIR/DIFFERENCES.md" 2>/dev/null || true)

out=$GOLDEN_DIR/expected
mkdir -p "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
for t in $(golden_traces); do
	[[ $(golden_expect_as "$t") == "$t" ]] || continue
	for c in $(golden_cases); do
		golden_case_applies "$c" "$t" || continue
		if grep -qxF "$t.$c" <<<"$keep"; then echo "regen: keeping $t.$c (DIFFERENCES.md)"; continue; fi
		golden_case_args "$c"
		if ! TZ=UTC sysdig -r "$traces/$t.scap" "${CASE_ARGS[@]}" >"$tmp" 2>"$tmp.err"; then
			echo "regen: sysdig failed on $t.$c:" >&2; cat "$tmp.err" >&2; rm -f "$tmp.err"; exit 1
		fi
		rm -f "$tmp.err" "$out/$t.$c.out" "$out/$t.$c.out.gz"
		if (( $(stat -c %s "$tmp") > 32768 )); then
			gzip -n -9 -c "$tmp" >"$out/$t.$c.out.gz"
		else
			cat "$tmp" >"$out/$t.$c.out"
		fi
		n=$((n + 1))
	done
done
echo "regen: wrote $n expected files to $out ($(du -sh "$out" | cut -f1))"
