#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# regen.sh [TRACES_DIR] - rewrites expected.out.gz with sysdig 0.29.3's own output for cases.tsv.
# Only filters sysdig answers (no filter error) and syscope must equal belong in cases.tsv;
# pending.tsv lists those where we still differ, and why.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
traces=${1:-$here/../../../../shared/traces}
"$here/run.sh" /usr/bin/sysdig "$traces" "$here/cases.tsv" - | gzip -9n > "$here/expected.out.gz"
zcat "$here/expected.out.gz" | grep -c '^###'
