#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Chisels that go wrong, on a shared capture: each must end the run with a non-zero status and one
# clear line on stderr, keeping on stdout what was printed before.
#
#   run-chisel-errors.sh SYSCOPE TRACES CASE
#
# CASE: syntax (a chisel that does not compile), runtime (an error in on_event at the third event),
# unknown (no such chisel), args (a missing required argument, a bad int, too many arguments).
# Exit: 0 as expected; 1 not; 77 capture absent; 99 harness error.
set -euo pipefail

(( $# == 3 )) || { echo "usage: $0 SYSCOPE TRACES CASE" >&2; exit 99; }
syscope=$1 traces=$2 case=$3
[[ -x $syscope ]] || { echo "chisel-errors: $syscope is not an executable" >&2; exit 99; }
cap=$traces/sample.scap
[[ -f $cap ]] || { echo "chisel-errors: SKIP: $cap is absent"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chisel-errors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect NAME STDERR_REGEX STDOUT_LINES ARGS...: status != 0, one stderr line matching, stdout lines
expect() {
	local name=$1 re=$2 lines=$3 rc=0
	shift 3
	TZ=UTC "$syscope" -r "$cap" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if (( rc == 0 )); then
		echo "chisel-errors: FAIL: $name: exit status 0"; fail=1
	fi
	if [[ $(wc -l <"$tmp/err") -ne 1 ]] || ! grep -Eq -- "$re" "$tmp/err"; then
		echo "chisel-errors: FAIL: $name: stderr is not one line matching /$re/:"; sed 's/^/  /' "$tmp/err"; fail=1
	fi
	if [[ $(wc -l <"$tmp/out") -ne $lines ]]; then
		echo "chisel-errors: FAIL: $name: $(wc -l <"$tmp/out") lines on stdout, $lines expected"; fail=1
	fi
	echo "chisel-errors: $name: status $rc: $(cat "$tmp/err")"
}

header='description = "t"
short_description = "t"
category = "Test"
args = {}'

case $case in
syntax)
	printf '%s\nfunction on_event()\n\treturn true\n' "$header" >"$tmp/broken.lua"
	expect syntax "^syscope: chisel broken: broken\.lua:7: 'end' expected \(to close 'function' at line 5\) near <eof>$" 0 \
		-c "$tmp/broken.lua"
	;;
runtime)
	printf '%s\nlocal n = 0\nfunction on_event()\n\tn = n + 1\n\tprint("event " .. n)\n\tif n == 3 then\n\t\treturn nil .. "x"\n\tend\n\treturn true\nend\n' \
		"$header" >"$tmp/fails.lua"
	expect runtime "^syscope: chisel fails: on_event: fails\.lua:10: attempt to concatenate a nil value$" 3 \
		-c "$tmp/fails.lua"
	# a chisel found through SYSCOPE_CHISEL_DIR, by name
	SYSCOPE_CHISEL_DIR=$tmp expect runtime-by-name "^syscope: chisel fails: on_event: fails\.lua:10:" 3 -c fails
	;;
unknown)
	expect unknown "^syscope: unknown chisel 'no_such_chisel' \(syscope -cl lists them\)$" 0 -c no_such_chisel
	expect unknown-i "^syscope: unknown chisel 'no_such_chisel'" 0 -i no_such_chisel
	expect missing-file "^syscope: chisel $tmp/none\.lua: no such file$" 0 -c "$tmp/none.lua"
	;;
args)
	expect missing "^syscope: chisel fdbytes_by: missing arguments: key$" 0 -c fdbytes_by
	expect not-int "^syscope: chisel scallslower: argument min_ms takes a whole number, not 'slow'$" 0 -c scallslower slow
	expect too-many "^syscope: chisel spy_users: too many arguments: 0 required, 2 optional, 3 given$" 0 -c spy_users "1 2 3"
	expect bad-field "^syscope: chisel fdbytes_by: on_init: .*chisel\.request_field: .*no\.such\.field" 0 -c fdbytes_by no.such.field
	;;
*) echo "chisel-errors: unknown case $case" >&2; exit 99 ;;
esac
(( fail == 0 )) || exit 1
echo "chisel-errors: ok"
