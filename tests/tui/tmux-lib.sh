# SPDX-License-Identifier: Apache-2.0
# What the tmux-driven csyscope tests share; sourced after the script defines T (its tmux
# command, `tmux -L SOCKET`) and starts its session, named t.
#
# wait_for TEXT: waits until the pane shows TEXT, at most WAIT_TRIES tenths of a second (default
# 100), then WAIT_SETTLE seconds more for the redraw to finish (default 0.3); on a timeout prints
# the pane and returns 1.
wait_for() {
	i=0
	while [ $i -lt "${WAIT_TRIES:-100}" ]; do
		if T capture-pane -p -t t | grep -qF -- "$1"; then
			sleep "${WAIT_SETTLE:-0.3}"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for '$1'; the pane:"
	T capture-pane -p -t t
	return 1
}
