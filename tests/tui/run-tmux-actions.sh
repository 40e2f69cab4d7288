#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope's F7 legend and F8 actions, with a view of our own (--views-dir): an action runs its
# command with the selected row's values (shell-quoted), one that asks for confirmation runs only
# after y, and the screen comes back afterwards. Exit 77 (skip) without tmux or the captures.
csyscope=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") traces=$2
command -v tmux >/dev/null || { echo "no tmux"; exit 77; }
[ -f "$traces/sample.scap" ] || { echo "no captures at $traces"; exit 77; }
sock="csyscope-actions-$$"
tmp=$(mktemp -d) || exit 99
T() { tmux -L "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tmux-lib.sh"
mkdir "$tmp/views"
cat >"$tmp/views/acts.lua" <<LUA
view_info = {
	id = "acts", name = "Acts", view_type = "table", filter = "evt.type=nanosleep",
	applies_to = {""},
	columns = {
		{ name = "NA", field = "proc.pid", is_key = true },
		{ name = "CALLS", field = "evt.count", aggregation = "SUM", is_sorting = true, description = "calls" },
		{ name = "Command", field = "proc.name", colsize = 0, description = "the process" },
	},
	actions = {
		{ hotkey = "w", command = "echo picked %proc.pid %proc.name > $tmp/out1", description = "write", wait_finish = false },
		{ hotkey = "c", command = "echo confirmed %proc.pid > $tmp/out2", description = "confirm", ask_confirmation = true, wait_finish = false },
	},
}
LUA
T -f /dev/null new-session -d -s t -x 120 -y 30 \
	"env TERM=screen $csyscope --views-dir $tmp/views -v acts -r $traces/sample.scap; echo csyscope-exit=\$?; sleep 30" || exit 99
wait_for "END" || exit 1
fail=0
T send-keys -t t F7; wait_for "CALLS        calls [evt.count, SUM]" || fail=1
T send-keys -t t Escape
T send-keys -t t F8; wait_for "Actions" || fail=1
T send-keys -t t Enter; sleep 1; wait_for "END" || fail=1
grep -qx "picked 722 containerd" "$tmp/out1" 2>/dev/null || { echo "FAIL: first action: $(cat "$tmp/out1" 2>&1)"; fail=1; }
T send-keys -t t F8; wait_for "Actions" || fail=1
T send-keys -t t Down Enter; wait_for "run echo confirmed '722'" || fail=1
T send-keys -t t n; sleep 0.5
[ -e "$tmp/out2" ] && { echo "FAIL: ran without confirmation"; fail=1; }
T send-keys -t t F8; wait_for "Actions" || fail=1
T send-keys -t t Down Enter; wait_for "run echo confirmed '722'" || fail=1
T send-keys -t t y; sleep 1; wait_for "END" || fail=1
grep -qx "confirmed 722" "$tmp/out2" 2>/dev/null || { echo "FAIL: confirmed action: $(cat "$tmp/out2" 2>&1)"; fail=1; }
T send-keys -t t q; wait_for "csyscope-exit=0" || fail=1
[ $fail -eq 0 ] && echo "legend and actions as expected"
exit $fail
