#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# loader-test.sh LOADER - runs scripts/syscope-driver-loader against fake
# machines and checks each of its verdicts: the clear errors (no module
# support, module loading disabled, lockdown with and without Secure Boot,
# as mokutil or the EFI variable says, missing headers, a build that fails,
# a key rejected, no CAP_SYS_MODULE, a module in use, no device appearing,
# DKMS failing, the eBPF probe unavailable) and the successes (a plain
# build and insmod, a DKMS build and modprobe, unload, bpf).
#
# Each case is a fresh fake root (SYSCOPE_LOADER_ROOT) and a PATH holding
# only stubs of the commands the loader runs (id, uname, mokutil, dkms,
# make, insmod, modprobe, rmmod, gcc) beside the few real tools it needs;
# the stubs log their arguments to $ROOT/calls. Exit 0 all passed, 1 a
# case failed, 99 the harness broke.

# shellcheck disable=SC2016 # the stubs' bodies expand when they run, not here
set -uo pipefail

LOADER=$(readlink -f "${1:?usage: loader-test.sh LOADER}")
[[ -x $LOADER ]] || { echo "loader-test: no loader at $1" >&2; exit 99; }
W=$(mktemp -d /tmp/loader-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
fails=0 n=0

# the real tools the loader and the stubs use, and nothing else of the host
SYS=$W/sysbin
mkdir -p "$SYS"
for t in bash env cat grep od tr sed mkdir rm sleep dirname readlink mktemp tail head timeout \
	python3 touch cp; do
	p=$(command -v "$t") || { echo "loader-test: $t is missing" >&2; exit 99; }
	ln -s "$p" "$SYS/$t"
done

# stub NAME BODY: a command in the case's bin folder; it logs "NAME ARGS" to $ROOT/calls
stub() {
	printf '#!/bin/bash\necho "%s $*" >>"$SYSCOPE_LOADER_ROOT/calls"\n%s\n' "$1" "$2" >"$BIN/$1"
	chmod +x "$BIN/$1"
}

# new_case: a loadable machine (root, kernel 6.1.0-test, headers, no DKMS, no mokutil)
new_case() {
	ROOT=$W/case$n
	BIN=$ROOT/bin
	n=$((n + 1))
	mkdir -p "$BIN" "$ROOT/proc/sys/kernel" "$ROOT/sys/kernel/security" "$ROOT/dev" \
		"$ROOT/lib/modules/6.1.0-test/build" "$ROOT/sys/kernel/btf"
	: >"$ROOT/proc/modules"
	echo 0 >"$ROOT/proc/sys/kernel/modules_disabled"
	echo '[none] integrity confidentiality' >"$ROOT/sys/kernel/security/lockdown"
	: >"$ROOT/lib/modules/6.1.0-test/build/Makefile"
	: >"$ROOT/sys/kernel/btf/vmlinux"
	: >"$ROOT/calls"
	stub id 'echo 0'
	stub uname 'echo 6.1.0-test'
	stub gcc ''
	# make: the module build makes OUT/syscope.ko; "stage" copies nothing
	stub make 'for a; do case $a in OUT=*) o=${a#OUT=};; esac; done
case " $* " in *" stage "*) mkdir -p "$o"; exit 0;; esac
mkdir -p "$o" && : >"$o/syscope.ko"'
	# insmod and modprobe make the device appear, as the real module does
	stub insmod 'mkdir -p "$SYSCOPE_LOADER_ROOT/sys/module/syscope"; : >"$SYSCOPE_LOADER_ROOT/dev/syscope0"'
	stub modprobe 'mkdir -p "$SYSCOPE_LOADER_ROOT/sys/module/syscope"; : >"$SYSCOPE_LOADER_ROOT/dev/syscope0"'
	stub rmmod 'rm -rf "$SYSCOPE_LOADER_ROOT/sys/module/syscope" "$SYSCOPE_LOADER_ROOT"/dev/syscope*'
}

# run MODE: the loader on the case's machine; its output in $OUT, its status in $RC
run() {
	# shellcheck disable=SC2086 # EXTRA_ENV: NAME=VALUE words
	OUT=$(env -i PATH="$BIN:$SYS" SYSCOPE_LOADER_ROOT="$ROOT" SYSCOPE_SRC="$ROOT/src" \
		TMPDIR="$ROOT" HOME="$ROOT" ${EXTRA_ENV:-} bash "$LOADER" "$@" 2>&1)
	RC=$?
}

# expect NAME RC TEXT: the last run ended with RC and said TEXT (an extended regex)
expect() {
	if [[ $RC == "$2" ]] && tr '\n' ' ' <<<"$OUT" | grep -qE -- "$3"; then
		echo "PASS loader/$1"
	else
		echo "FAIL loader/$1: want exit $2 and /$3/, got exit $RC:"
		printf '%s\n' "$OUT" | sed 's/^/    /'
		fails=$((fails + 1))
	fi
}

# called NAME TEXT: a stub was called with arguments matching TEXT
called() {
	if grep -qE -- "$2" "$ROOT/calls"; then
		echo "PASS loader/$1"
	else
		echo "FAIL loader/$1: no call matching /$2/ in:"
		sed 's/^/    /' "$ROOT/calls"
		fails=$((fails + 1))
	fi
}

# the module source the loader checks for
src() { mkdir -p "$ROOT/src/driver/kmod" && : >"$ROOT/src/driver/kmod/main.c"; }

# ---- success: plain build against the headers, insmod with the parameters ----
new_case; src
EXTRA_ENV="SYSCOPE_KMOD_PARAMS=ring_kib=128" run kmod
expect plain-build-loads 0 'syscope.ko loaded: syscope0'
called plain-build-make "make -C $ROOT/src/driver/kmod KDIR=$ROOT/lib/modules/6.1.0-test/build OUT=$ROOT/var/cache/syscope/kmod-6.1.0-test"
called plain-build-insmod "insmod $ROOT/var/cache/syscope/kmod-6.1.0-test/syscope.ko ring_kib=128"

# ---- a loaded module is replaced; a module in use is not ----
run kmod
expect reload 0 'unloaded syscope.ko'
stub rmmod 'echo "rmmod: ERROR: Module syscope is in use" >&2; exit 1'
run unload
expect unload-in-use 1 'syscope.ko is in use.*stop it first'

# ---- success: DKMS builds, installs and modprobe loads ----
new_case; src
stub dkms 'exit 0'
run kmod
expect dkms-loads 0 'building with DKMS.*syscope.ko loaded'
called dkms-add "dkms add -m syscope -v 0.1"
called dkms-build "dkms build -m syscope -v 0.1 -k 6.1.0-test"
called dkms-install "dkms install -m syscope -v 0.1 -k 6.1.0-test"
called dkms-modprobe "modprobe syscope"
called dkms-stage "make -s -C $ROOT/src/driver/kmod stage OUT=$ROOT/usr/src/syscope-0.1"
new_case; src
stub dkms 'case $1 in build) echo "make: *** [Makefile:5: all] Error 2"; exit 10;; esac'
run kmod
expect dkms-build-fails 1 'dkms build failed \(full log: '

# ---- the clear errors ----
new_case; src
stub id 'echo 1000'
run kmod
expect not-root 1 'loading a kernel module needs root'

new_case; src
rm "$ROOT/proc/modules"
run kmod
expect no-module-support 1 'without module support.*bpf'

new_case; src
echo 1 >"$ROOT/proc/sys/kernel/modules_disabled"
run kmod
expect modules-disabled 1 'module loading is disabled.*modules_disabled=1.*bpf'

new_case; src
echo 'none [integrity] confidentiality' >"$ROOT/sys/kernel/security/lockdown"
stub mokutil '[[ $1 == --sb-state ]] && echo "SecureBoot enabled"'
run kmod
expect secure-boot-mokutil 1 'Secure Boot is on.*mokutil --import'

new_case; src
echo 'none [integrity] confidentiality' >"$ROOT/sys/kernel/security/lockdown"
mkdir -p "$ROOT/sys/firmware/efi/efivars"
printf '\007\000\000\000\001' >"$ROOT/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
run kmod
expect secure-boot-efivar 1 'Secure Boot is on'

new_case; src
echo 'none integrity [confidentiality]' >"$ROOT/sys/kernel/security/lockdown"
stub mokutil '[[ $1 == --sb-state ]] && echo "SecureBoot disabled"'
run kmod
expect lockdown-no-secure-boot 1 'kernel is locked down \(none integrity \[confidentiality\]\)'

new_case; src
mkdir -p "$ROOT/sys/firmware/efi/efivars"
printf '\007\000\000\000\000' >"$ROOT/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
run kmod
expect secure-boot-off-no-lockdown 0 'syscope.ko loaded'

new_case; src
rm -rf "$ROOT/lib/modules/6.1.0-test"
run kmod
expect no-headers 1 'no kernel headers for 6.1.0-test.*apt-get install linux-headers-6.1.0-test'

new_case; src
rm "$BIN/gcc"
run kmod
expect no-compiler 1 'no C compiler'

new_case; src
stub make 'echo "main.c:10:2: error: implicit declaration of function foo"; exit 2'
run kmod
expect build-fails 1 'error: implicit declaration.*does not build against 6.1.0-test'

new_case; src
stub insmod 'echo "insmod: ERROR: could not insert module syscope.ko: Key was rejected by service" >&2; exit 1'
run kmod
expect key-rejected 1 'requires signed modules'

new_case; src
stub insmod 'echo "insmod: ERROR: could not insert module syscope.ko: Operation not permitted" >&2; exit 1'
run kmod
expect insmod-eperm 1 'refused the module.*CAP_SYS_MODULE'

new_case; src
stub insmod 'echo "insmod: ERROR: could not insert module syscope.ko: Invalid module format" >&2; exit 1'
run kmod
expect wrong-kernel 1 'does not match the running kernel'

new_case; src
stub insmod 'exit 0'
run kmod
expect no-device 1 '/dev/syscope0 did not appear'

new_case
run kmod
expect no-source 1 'no module source at .*SYSCOPE_SRC'

new_case; src
EXTRA_ENV="KVER=6.9.0-other" run kmod
expect other-kernel 1 'no kernel headers for 6.9.0-other'
mkdir -p "$ROOT/lib/modules/6.9.0-other/build" && : >"$ROOT/lib/modules/6.9.0-other/build/Makefile"
EXTRA_ENV="KVER=6.9.0-other" run kmod
expect other-kernel-built-not-loaded 0 'built .*syscope.ko for 6.9.0-other \(not the running kernel: not loaded\)'

# ---- bpf: the embedded probe ----
new_case
printf '#!/bin/bash\nexec sleep 10\n' >"$ROOT/syscope" && chmod +x "$ROOT/syscope"
EXTRA_ENV="SYSCOPE=$ROOT/syscope" run bpf
expect bpf-loads 0 'the eBPF probe loads on 6.1.0-test'
printf '#!/bin/bash\necho "syscope: bpf: the kernel verifier rejected program x" >&2; exit 1\n' >"$ROOT/syscope"
EXTRA_ENV="SYSCOPE=$ROOT/syscope" run bpf
expect bpf-rejected 1 'verifier rejected.*does not load on 6.1.0-test'
rm -rf "$ROOT/sys/kernel/btf"
EXTRA_ENV="SYSCOPE=$ROOT/syscope" run bpf
expect bpf-no-btf 1 'no BTF.*use: syscope-driver-loader kmod'

run bogus
expect unknown-mode 1 "unknown mode 'bogus'"

echo "loader: $fails failed"
exit $((fails > 0))
