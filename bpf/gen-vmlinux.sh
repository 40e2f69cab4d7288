#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
# gen-vmlinux.sh BPFTOOL CHECKED_IN_GZ OUT - writes vmlinux.h for the probe:
# from this kernel's BTF when it has some, else the checked-in copy.
set -eu
BPFTOOL=$1 GZ=$2 OUT=$3
if [ -r /sys/kernel/btf/vmlinux ] &&
	"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c > "$OUT.tmp" 2>/dev/null; then
	mv "$OUT.tmp" "$OUT"
else
	rm -f "$OUT.tmp"
	echo "vmlinux.h: no usable BTF on this machine, using the checked-in copy" >&2
	gzip -dc "$GZ" > "$OUT"
fi
