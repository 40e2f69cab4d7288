#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope driven through tmux: a detached 120x30 session replays a shared capture; keys are sent
# (F2 to the Files view, sort, F4 filter good and bad, Enter drill-down, Backspace, search, F6 dig,
# F5 echo, a resize, a list view, F1, q) and after
# each step the pane is compared with screens/NAME.txt. A capture read to its end ("END" in the
# footer) makes every screen the same on every run.
#   run-tmux.sh CSYSCOPE TRACES [--update]   (--update rewrites the expected screens)
# Exit 77 (skip) without tmux or the captures.
csyscope=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") traces=$2 update=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v tmux >/dev/null || { echo "no tmux"; exit 77; }
[ -f "$traces/curl_google.scap" ] || { echo "no captures at $traces"; exit 77; }
sock="csyscope-test-$$"
tmp=$(mktemp -d) || exit 99
T() { tmux -L "$sock" "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0

. "$here/tmux-lib.sh"   # wait_for: the pane shows a text (then a moment for the redraw), at most 10 s

check() {
	T capture-pane -p -t t >"$tmp/$1.txt"
	if [ "$update" = --update ]; then
		cp "$tmp/$1.txt" "$here/screens/$1.txt"
	elif ! diff -u "$here/screens/$1.txt" "$tmp/$1.txt"; then
		echo "FAIL screen $1"
		fail=1
	fi
}

keys() { T send-keys -t t "$@"; }

T -f /dev/null new-session -d -s t -x 120 -y 30 -c "$traces" \
	"env TERM=screen TZ=UTC LANG=C.UTF-8 $csyscope -r curl_google.scap; echo csyscope-exit=\$?; sleep 30" || exit 99
wait_for "END" || exit 1
check 01-procs
keys F2; wait_for "Select View" || exit 1
check 02-views-menu
keys Home Down Down Down Enter; wait_for "Viewing: Files" && wait_for "END" || exit 1
check 03-files
keys '!'; sleep 0.5
check 04-files-sorted-bytes-in
keys F9; wait_for "Sort by" || exit 1
keys Down Down Enter; sleep 0.5
check 05-files-sorted-ops
keys F4; wait_for "Filter:" || exit 1
keys -l 'fd.nme contains etc'; keys Enter; wait_for "unknown field" || wait_for "fd.nme" || exit 1
check 06-bad-filter
keys C-u; keys Escape; sleep 0.3
keys F4; wait_for "Filter:" || exit 1
keys -l 'fd.name contains /etc'; keys Enter; wait_for "Filter: ((fd.type" && wait_for "END" || exit 1
check 07-filtered
keys Down Enter; wait_for "Viewing: Processes For: fd.name=" && wait_for "END" || exit 1
check 08-drilled
keys BSpace; wait_for "Viewing: Files For: whole machine" && wait_for "END" || exit 1
check 09-back
keys /; wait_for "Search:" || exit 1
keys -l 'hosts'; keys Enter; sleep 0.5
check 10-searched
keys F6; wait_for "Dig: fd.name=" && wait_for "lines END" || exit 1
check 11-dig
keys BSpace; wait_for "Viewing: Files" && wait_for "END" || exit 1
keys F5; wait_for "Echo: fd.name=" && wait_for "lines END" || exit 1
check 12-echo
keys BSpace; wait_for "Viewing: Files" && wait_for "END" || exit 1
T resize-window -t t -x 90 -y 16; sleep 0.5; wait_for "END" || exit 1
check 13-resized
T resize-window -t t -x 120 -y 30; sleep 0.5
keys F4; wait_for "Filter:" || exit 1
keys C-u Enter; wait_for "Filter: (fd.type=file or fd.type=directory) and fd.name!=''" || exit 1
keys F2; wait_for "Select View" || exit 1
keys Home Down Down Down Down Down Down Down Down Down Enter; wait_for "Viewing: Spy Users" && wait_for "END" || exit 1
check 14-spy-users-list
keys F1; wait_for "this help" || exit 1
check 15-help
keys q; sleep 0.3
keys q; wait_for "csyscope-exit=0" || exit 1
[ $fail -eq 0 ] && echo "all screens as expected"
exit $fail
