#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run-as-nobody.sh SUITE SYSCOPE PROGS_DIR: the shared driver suite against
# --driver ptrace as an unprivileged user (nobody), which is what the ptrace
# driver is for. Skips (77) unless run as root with setpriv, and unless
# nobody can reach the binaries and programs.
set -u
SUITE=$1 SYSCOPE=$2 PROGS=$3
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "SKIP: needs root and setpriv to become nobody" >&2
	exit 77
fi
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
if ! as_nobody test -x "$SYSCOPE" || ! as_nobody test -r "$SUITE" || ! as_nobody test -x "$PROGS"; then
	echo "SKIP: nobody cannot reach $SYSCOPE, $SUITE or $PROGS (build tree permissions)" >&2
	exit 77
fi
as_nobody sh "$SUITE" ptrace "$SYSCOPE" "$PROGS"
