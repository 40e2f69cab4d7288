# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Shared by regen.sh and the run-*.sh test runners: reads traces.txt and cases.tsv (this folder).
# Source it; it defines functions only.

GOLDEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# golden_traces: print every capture name of traces.txt, one a line.
golden_traces() {
	sed -e 's/#.*//' "$GOLDEN_DIR/traces.txt" | awk 'NF { print $1 }'
}

# golden_expect_as TRACE: the capture whose expected output TRACE must print (itself unless aliased).
golden_expect_as() {
	local as
	as=$(sed -e 's/#.*//' "$GOLDEN_DIR/traces.txt" | awk -v t="$1" 'NF && $1 == t { print (NF > 1 ? $2 : $1) }')
	[[ -n $as ]] || return 1
	printf '%s\n' "$as"
}

# golden_cases: print every case name, one a line.
golden_cases() {
	grep -v '^#' "$GOLDEN_DIR/cases.tsv" | awk -F'\t' 'NF { print $1 }'
}

# golden_case_applies CASE TRACE: true when CASE runs on TRACE.
golden_case_applies() {
	local line traces
	line=$(grep -v '^#' "$GOLDEN_DIR/cases.tsv" | awk -F'\t' -v c="$1" '$1 == c' | head -n 1)
	[[ -n $line ]] || return 1
	traces=$(printf '%s\n' "$line" | cut -f2)
	[[ $traces == '*' || ",$traces," == *",$2,"* ]]
}

# golden_case_args CASE: fill the array CASE_ARGS with CASE's arguments (tab-separated in cases.tsv).
golden_case_args() {
	local line
	line=$(grep -v '^#' "$GOLDEN_DIR/cases.tsv" | awk -F'\t' -v c="$1" '$1 == c' | head -n 1)
	[[ -n $line ]] || return 1
	CASE_ARGS=()
	IFS=$'\t' read -r -a CASE_ARGS <<<"$line"
	CASE_ARGS=("${CASE_ARGS[@]:2}")
}

# golden_expected CAPTURE CASE: path of the expected file (.out or .out.gz), or nothing.
golden_expected() {
	local f="$GOLDEN_DIR/expected/$1.$2.out"
	if [[ -f $f ]]; then printf '%s\n' "$f"
	elif [[ -f $f.gz ]]; then printf '%s\n' "$f.gz"
	fi
}

# golden_cat FILE: print FILE, decompressing .gz.
golden_cat() {
	case $1 in *.gz) gzip -dc -- "$1" ;; *) cat -- "$1" ;; esac
}
