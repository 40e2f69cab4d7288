#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# csyscope live, through the ptrace driver (--userspace: no privilege, no kernel code): a command
# that keeps calling openat is watched in the System Calls view; the row must appear, then Ctrl-C
# must end csyscope with the terminal given back (the shell's next line is printed normally).
# Exit 77 (skip) without tmux, or when this machine forbids ptrace.
csyscope=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v tmux >/dev/null || { echo "no tmux"; exit 77; }
if [ "$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)" -ge 3 ]; then
	echo "ptrace is disabled here"; exit 77
fi
sock="csyscope-live-$$"
T() { tmux -L "$sock" "$@"; }
trap 'T kill-server 2>/dev/null' EXIT
WAIT_TRIES=150 WAIT_SETTLE=0
. "$(dirname "$0")/tmux-lib.sh"
T -f /dev/null new-session -d -s t -x 120 -y 30 \
	"env TERM=screen $csyscope -d 500 -v syscalls --userspace -- sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.1; done'; echo csyscope-exit=\$?; sleep 30" || exit 99
wait_for "Source: Live System (ptrace)" || exit 1
if T capture-pane -p -t t | grep -q "could not start"; then
	T capture-pane -p -t t
	exit 77
fi
wait_for " openat" || exit 1
T send-keys -t t p
wait_for "PAUSED" || exit 1
T send-keys -t t p
T send-keys -t t C-c
wait_for "csyscope-exit=" || exit 1
# the screen was given back: the line is printed on the normal screen, not inside the alternate one
if T capture-pane -p -t t | grep -q "Viewing:"; then
	echo "FAIL: the screen was not restored after Ctrl-C"
	T capture-pane -p -t t
	exit 1
fi
echo "live view and Ctrl-C as expected ($(T capture-pane -p -t t | grep csyscope-exit))"
