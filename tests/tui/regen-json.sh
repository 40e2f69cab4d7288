#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Re-creates json/NAME.json from csysdig 0.29.3 for every case of json-cases.txt (by hand, not in CI):
#   tests/tui/regen-json.sh [TRACES]   (default ../shared/traces beside the source tree)
here=$(cd "$(dirname "$0")" && pwd)
traces=${1:-$here/../../../shared/traces}
command -v csysdig >/dev/null || { echo "csysdig (sysdig 0.29.3) is needed" >&2; exit 1; }
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
while IFS='|' read -r name trace view args; do
	[ -n "$name" ] || continue
	case $args in
	--*) TZ=UTC csysdig -r "$traces/$trace.scap" -v "$view" -j $args >"$tmp" ;;
	'') TZ=UTC csysdig -r "$traces/$trace.scap" -v "$view" -j >"$tmp" ;;
	*) TZ=UTC csysdig -r "$traces/$trace.scap" -v "$view" -j "$args" >"$tmp" ;;
	esac
	python3 "$here/normalize.py" "$tmp" >"$here/json/$name.json" || exit 1
done <"$here/json-cases.txt"
