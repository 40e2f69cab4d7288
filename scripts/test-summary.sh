#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Add up the ctest runs of `make test` into one closing line:
#
#   scripts/test-summary.sh NAME=CTEST_LOG...
#
# prints one line per run and then "total: N passed, N failed, N skipped". A run whose log is missing
# or has no ctest summary (the build failed) counts as one failure. Exit 1 when anything failed.
set -euo pipefail

passed=0 failed=0 skipped=0 bad=0
for arg in "$@"; do
	name=${arg%%=*} log=${arg#*=}
	line=$( [[ -f $log ]] && grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
	if [[ -z $line ]]; then
		echo "$name: no ctest summary in $log (the build or ctest did not complete)"
		failed=$((failed + 1)) bad=1
		continue
	fi
	read -r f t < <(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/' <<<"$line")
	s=$(grep -cE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$log" || true)
	p=$((t - f - s))
	echo "$name: $p passed, $f failed, $s skipped (of $t)"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	(( f == 0 )) || bad=1
done
echo "total: $passed passed, $failed failed, $skipped skipped"
exit "$bad"
