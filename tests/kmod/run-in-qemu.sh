#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-in-qemu.sh SYSCOPE PROGS_DIR [CACHE_DIR] - tests the kernel module on a
# real kernel: Debian 12's, booted in qemu with software emulation (this
# kind of machine cannot load modules, and its /dev/kvm cannot boot a stock
# kernel).
#
#  1. installs what it needs (qemu-system-x86 linux-headers-amd64
#     busybox-static cpio) when missing; the kernel version KVER is the one
#     linux-headers-amd64 depends on;
#  2. fetches linux-image-KVER with `apt-get download` and unpacks only
#     /boot/vmlinuz-KVER (installing the image would run its slow hooks);
#  3. builds syscope.ko against /lib/modules/KVER/build, failing on any
#     compiler warning, the stress program and bench/'s sc-loop;
#  4. packs an initramfs: busybox, the module, SYSCOPE with its shared
#     libraries, the driver test programs (PROGS_DIR, static), the suite,
#     bench/kmod-vs-bpf.sh and guest.sh, which /init runs;
#  5. boots it (oops=panic panic_on_warn=1) and fails on any guest failure
#     line or any BUG/WARNING/oops/panic on the console.
#
# Downloads and builds are cached in CACHE_DIR (default: build/kmod-qemu at
# the top of the tree). Exit 0 pass, 1 fail, 77 skip (cannot install or
# fetch what it needs), 99 harness error.
#
# Environment: SC_KMOD_TIMEOUT (s, default 1500) bounds the guest run;
# SUITE_PROGS picks driver programs (default all); STRESS_THREADS and
# STRESS_CALLS size the stress run; SC_KMOD_BPF_SUITE=1 also runs the driver
# suite under --driver bpf (about 45 s more); BENCH_RUNS (default 1),
# GETPIDS and DDBYTES size the module-against-probe benchmark
# (bench/kmod-vs-bpf.sh; BENCH_RUNS=0 skips it; SC_KMOD_BENCH_ONLY=1 runs it
# alone, without the suite and the checks); SC_KMOD_KEEP=1 keeps the
# work folder.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
say() { printf 'kmod-qemu: %s\n' "$*"; }
skip() { say "SKIP: $*" >&2; exit 77; }
die() { say "error: $*" >&2; exit 99; }

[[ $# -ge 2 ]] || die "usage: $0 SYSCOPE PROGS_DIR [CACHE_DIR]"
SYSCOPE=$(readlink -f "$1")
PROGS=$(readlink -f "$2")
CACHE=${3:-$TOP/build/kmod-qemu}
[[ -x $SYSCOPE ]] || die "no syscope binary at $1"
[[ -d $PROGS ]] || die "no driver programs at $2"
mkdir -p "$CACHE"
CACHE=$(readlink -f "$CACHE")
start=$SECONDS

# ---- 1. packages -------------------------------------------------------------------------
PKGS=(qemu-system-x86 linux-headers-amd64 busybox-static cpio)
missing=()
for p in "${PKGS[@]}"; do
	[[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" == installed ]] || missing+=("$p")
done
if (( ${#missing[@]} )); then
	[[ $(id -u) == 0 ]] || skip "missing ${missing[*]} and not root to install them"
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
		>"$CACHE/apt.log" 2>&1 || skip "could not install ${missing[*]} (see $CACHE/apt.log)"
fi
KVER=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | sed -n 's/.*linux-headers-\([^ ,]*\).*/\1/p')
[[ -n $KVER ]] || die "cannot tell the kernel version from linux-headers-amd64"
KDIR=/lib/modules/$KVER/build
[[ -d $KDIR ]] || die "linux-headers-$KVER installed but $KDIR is missing"
say "kernel $KVER"

# ---- 2. the kernel image -----------------------------------------------------------------
KIMG=$CACHE/vmlinuz-$KVER
if [[ ! -s $KIMG ]]; then
	dl=$CACHE/dl
	rm -rf "$dl"
	mkdir -p "$dl"
	say "fetching linux-image-$KVER"
	(cd "$dl" && apt-get download "linux-image-$KVER" >"$CACHE/download.log" 2>&1) ||
		skip "could not download linux-image-$KVER (see $CACHE/download.log)"
	dpkg-deb --fsys-tarfile "$dl"/linux-image-"$KVER"_*.deb |
		tar -x -C "$dl" "./boot/vmlinuz-$KVER" || die "no /boot/vmlinuz-$KVER in the package"
	mv "$dl/boot/vmlinuz-$KVER" "$KIMG"
	rm -rf "$dl"
fi

# ---- 3. the module and the stress program --------------------------------------------------
KBUILD=$CACHE/kmod-$KVER
say "building syscope.ko"
if ! make -C "$TOP/driver/kmod" KDIR="$KDIR" OUT="$KBUILD" >"$CACHE/kbuild.log" 2>&1; then
	tail -n 30 "$CACHE/kbuild.log" >&2
	say "FAIL: the module does not build against $KVER"
	exit 1
fi
if grep -E 'warning:|error:' "$CACHE/kbuild.log" >&2; then
	say "FAIL: the module builds with warnings against $KVER"
	exit 1
fi
STRESS=$CACHE/sc-stress
if [[ ! -x $STRESS || $HERE/stress.c -nt $STRESS ]]; then
	${CC:-cc} -O2 -Wall -Wextra -static -pthread -o "$STRESS" "$HERE/stress.c" ||
		die "cannot build the stress program"
fi
LOOP=$CACHE/sc-loop
if [[ ! -x $LOOP || $TOP/bench/loop.c -nt $LOOP ]]; then
	${CC:-cc} -O2 -Wall -Wextra -static -o "$LOOP" "$TOP/bench/loop.c" || die "cannot build bench/loop.c"
fi

# ---- 4. the initramfs --------------------------------------------------------------------
WORK=$(mktemp -d "$CACHE/run.XXXXXX")
[[ ${SC_KMOD_KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
R=$WORK/root
mkdir -p "$R"/{bin,sbin,proc,sys,dev,tmp,etc,root,opt/bin,opt/tests,opt/progs}
cp /bin/busybox "$R/bin/busybox"
! ldd "$R/bin/busybox" >/dev/null 2>&1 || die "/bin/busybox is not the static one (busybox-static)"
cp "$KBUILD/syscope.ko" "$R/opt/"
cp "$SYSCOPE" "$R/opt/bin/syscope"
cp "$STRESS" "$R/opt/bin/sc-stress"
cp "$LOOP" "$R/opt/bin/sc-loop"
# syscope's shared libraries, at the paths its loader looks for them
ldd "$SYSCOPE" | awk '/=> \//{ print $3 } /^\t\//{ print $1 }' | while read -r lib; do
	mkdir -p "$R$(dirname "$lib")"
	cp -L "$lib" "$R$lib"
done
for f in "$PROGS"/*; do
	[[ -f $f && -x $f ]] || continue
	if ldd "$f" >/dev/null 2>&1; then
		die "$f is not static: the guest has no libc for it"
	fi
	cp "$f" "$R/opt/progs/"
done
cp "$TOP/tests/driver/run-driver-suite.sh" "$HERE/guest.sh" "$TOP/bench/kmod-vs-bpf.sh" "$R/opt/tests/"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\n' >"$R/etc/group"
cat >"$R/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
ifconfig lo 127.0.0.1 up
export PATH=/bin:/sbin TMPDIR=/tmp HOME=/root
export SUITE_PROGS="${SUITE_PROGS:-}" STRESS_THREADS="${STRESS_THREADS:-4}" STRESS_CALLS="${STRESS_CALLS:-20000}" \\
	GUEST_WATCHDOG="${GUEST_WATCHDOG:-300}" SC_KMOD_BPF_SUITE="${SC_KMOD_BPF_SUITE:-0}" \\
	BENCH_RUNS="${BENCH_RUNS:-1}" SC_KMOD_BENCH_ONLY="${SC_KMOD_BENCH_ONLY:-0}" GETPIDS="${GETPIDS:-100000}" DDBYTES="${DDBYTES:-20000}"
echo GUEST-BOOTED
cd /tmp
sh /opt/tests/guest.sh
sync
poweroff -f
EOF
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
say "initramfs $(( $(stat -c %s "$WORK/initrd.cpio") >> 20 )) MiB, ready after $((SECONDS - start)) s"

# ---- 5. boot ------------------------------------------------------------------------------
# boot_guest: one guest run into $LOG; rc is qemu's exit status (124: timed out, 125: stalled).
# A guest whose kernel reports a soft lockup or an RCU stall is stopped at once rather than left
# to the timeout: under TCG both vCPUs have been seen (2 runs in about 15) spinning through the
# int3 handler at the syscall tracepoint's patched call site, apparently a code-patching hang of
# the emulated machine (no frame of ours on either stack). A second stall fails the test.
# The guest runs on single-threaded TCG (thread=single: both vCPUs on one host thread), where
# code patching cannot race across host threads; it took the same ~55 s as multi-threaded TCG.
boot_guest() {
	local qpid
	say "booting (log: $LOG)"
	t0=$SECONDS
	rc=0
	timeout "${SC_KMOD_TIMEOUT:-1500}" qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 2 -m 1G -nographic \
		-no-reboot -nic none -kernel "$KIMG" -initrd "$WORK/initrd.cpio" -append "$APPEND" \
		</dev/null >"$LOG" 2>&1 &
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		if grep -qE 'soft lockup|rcu_(preempt|sched) detected stall' "$LOG"; then
			sleep 2   # let the first trace reach the log
			kill "$qpid" 2>/dev/null || true   # it may have ended meanwhile
			wait "$qpid" 2>/dev/null || true   # non-zero (killed): not an error under set -e
			rc=125
			break
		fi
		sleep 2
	done
	[[ $rc == 125 ]] || wait "$qpid" || rc=$?
	tr -d '\r' <"$LOG" >"$LOG.txt" && mv "$LOG.txt" "$LOG"
	say "guest ran $((SECONDS - t0)) s (qemu exit $rc)"
}

LOG=$CACHE/console.log
APPEND="console=ttyS0 loglevel=5 oops=panic panic_on_warn=1 panic=-1 rdinit=/init mitigations=off"
boot_guest
if [[ $rc == 125 ]]; then
	# keep the evidence, say where it stalled, and run the guest once more from the start
	cp "$LOG" "$CACHE/console-stalled.log"
	say "the guest kernel stalled after: $(grep -E '^(PASS|FAIL|GUEST-)' "$LOG" | tail -n 1)"
	grep -m 4 -E 'soft lockup|detected stall|RIP: 0010' "$LOG" | sed 's/^/kmod-qemu:   /'
	say "log kept as $CACHE/console-stalled.log; booting again (one retry)"
	boot_guest
fi

grep -E '^(PASS|FAIL|SKIP) |^kmod: |^    |GUEST-' "$LOG" || true
fail=0
if grep -nE 'BUG:|WARNING:|Oops|Kernel panic|Call Trace|general protection|RIP: ' "$LOG" >&2; then
	say "FAIL: the kernel complained (above)"
	fail=1
fi
if [[ $rc == 125 ]]; then
	say "FAIL: the guest kernel stalled twice (soft lockup / RCU stall, above)"
	fail=1
fi
if [[ $rc == 124 ]]; then
	say "FAIL: the guest did not finish in ${SC_KMOD_TIMEOUT:-1500} s"
	fail=1
fi
if ! grep -q '^GUEST-DONE fails=0' "$LOG"; then
	grep -q '^GUEST-DONE' "$LOG" || tail -n 40 "$LOG" >&2
	say "FAIL: the guest reported failures"
	fail=1
fi
say "total $((SECONDS - start)) s"
exit $fail
