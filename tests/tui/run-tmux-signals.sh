#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope ended by a signal from the terminal or from outside (Ctrl-C, Ctrl-\, SIGTERM, SIGHUP)
# gives the terminal back: exit status 0, the shell's next line on the normal screen, echo and
# canonical input on again. Exit 77 (skip) without tmux or the capture.
csyscope=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cap=$2/sample.scap
command -v tmux >/dev/null || { echo "no tmux"; exit 77; }
[ -f "$cap" ] || { echo "no $cap"; exit 77; }
sock="csyscope-signals-$$"
tmp=$(mktemp -d) || exit 99
n=0
T() { tmux -L "$sock-$n" "$@"; }   # a server per case: a new one does not race the last one's exit
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
WAIT_TRIES=150 WAIT_SETTLE=0
. "$(dirname "$0")/tmux-lib.sh"
fail=0
for how in C-c 'C-\' TERM HUP; do
	n=$((n + 1))
	# a non-interactive shell around it: nothing restores the terminal after csyscope but csyscope
	T -f /dev/null new-session -d -s t -x 120 -y 30 \
		"env TERM=screen sh -c 'echo \$\$ > \"$tmp/pid\"; exec \"\$0\" -r \"\$1\"' \"$csyscope\" \"$cap\"; echo csyscope-exit=\$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e -echo -e -icanon; sleep 30" ||
		exit 99
	wait_for "Viewing:" || exit 1
	case $how in
	C-*) T send-keys -t t "$how" ;;
	*) kill -s "$how" "$(cat "$tmp/pid")" ;;
	esac
	wait_for "csyscope-exit=" || exit 1
	pane=$(T capture-pane -p -t t)
	if ! echo "$pane" | grep -q "csyscope-exit=0" || echo "$pane" | grep -q -e "Viewing:" -e "^-echo" -e "^-icanon"; then
		echo "FAIL: after $how the terminal was not given back:"
		echo "$pane"
		fail=1
	else
		echo "$how: terminal given back"
	fi
	T kill-server 2>/dev/null
	rm -f "$tmp/pid"
done
exit $fail
