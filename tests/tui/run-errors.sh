#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope's errors come before any screen, as one clear line (or the filter with a caret), with exit 1:
# a missing capture, a bad filter, an unknown view, a bad views folder or view file, bad options,
# no terminal without -j, and a terminal of an unknown type.
csyscope=$1 traces=$2
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
# expect EXPECTED-TEXT ARGS...: exit status 1, nothing on stdout, EXPECTED-TEXT on stderr
expect() {
	want=$1
	shift
	"$csyscope" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 1 ] || [ -s "$tmp/out" ] || ! grep -qF -- "$want" "$tmp/err"; then
		echo "FAIL: csyscope $*: exit $rc, stderr:"
		cat "$tmp/err"
		echo "(wanted '$want')"
		fail=1
	fi
}
expect "/nonexistent.scap: No such file or directory" -r /nonexistent.scap -j
expect "unknown field 'proc.nme'" -r /nonexistent.scap -j "proc.nme=3"
expect "^" -r /nonexistent.scap -j "proc.name=="
expect "no view 'nope'" -v nope -j -r /nonexistent.scap
expect "-d takes" -d abc
expect "--sortingcol counts columns from 1" --sortingcol 0 -j
expect "views folder /nonexistent-views" --views-dir /nonexistent-views -j
mkdir "$tmp/views"
printf 'view_info = { id = "x", name = "X", columns = { { name = "K", field = "proc.nosuch", is_key = true } } }\n' \
	>"$tmp/views/x.lua"
expect "proc.nosuch" --views-dir "$tmp/views" -j
printf 'view_info = { id = "x", name = "X", filter = "evt.type=", columns = { { name = "K", field = "proc.pid", is_key = true } } }\n' \
	>"$tmp/views/x.lua"
expect "the view's filter" --views-dir "$tmp/views" -j
printf 'view_info = { id = "x", name = "X", columns = {\n' >"$tmp/views/x.lua"
expect "x.lua" --views-dir "$tmp/views" -j
expect "-r reads a capture; it does not go with a live driver" -r /nonexistent.scap --driver kmod -j
expect "--userspace needs a command" --userspace -j
if [ -f "$traces/sample.scap" ]; then
	expect "the screen needs a terminal" -r "$traces/sample.scap"
	expect "--sortingcol 9: the view has 2 columns" -r "$traces/sample.scap" -v errors -j --sortingcol 9
fi
# on a terminal whose type ncurses does not know: our own message and exit 1, not ncurses' own exit
if [ -f "$traces/sample.scap" ] && command -v script >/dev/null 2>&1; then
	TERM=nosuch-terminal script -qec "\"$csyscope\" -r \"$traces/sample.scap\"" /dev/null \
		</dev/null >"$tmp/pty" 2>&1
	rc=$?
	if [ $rc -ne 1 ] || ! grep -qF "csyscope: cannot start the screen: unknown terminal type TERM='nosuch-terminal'" \
		"$tmp/pty" || grep -q "Error opening terminal" "$tmp/pty"; then
		echo "FAIL: csyscope with TERM=nosuch-terminal: exit $rc, output:"
		cat "$tmp/pty"
		fail=1
	fi
fi
[ $fail -eq 0 ] && echo "every error as expected"
exit $fail
