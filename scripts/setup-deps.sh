#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Install the Debian 12 packages syscope needs to build, test and benchmark, and nothing that is
# already there. Idempotent: when every package is installed (checked with dpkg) it touches no
# network and returns in well under a second, so `make run` / `make test` can call it every time.
#
#   scripts/setup-deps.sh          install what is missing (root, or sudo when available)
#   scripts/setup-deps.sh --check  only report what is missing; exit 1 if anything is
#
# REQUIRED packages must install or the script fails. OPTIONAL ones serve later work (eBPF probe,
# perf benchmarks, kernel module tests): a failure there is reported as a warning, not an error.
set -euo pipefail

REQUIRED=(
	build-essential   # gcc, make, libc headers
	cmake
	pkg-config
	python3           # ABI table generator, test helpers, bench tools
	zlib1g-dev        # gzip captures
	libcmocka-dev     # unit tests
	sysdig            # the reference (0.29.3): golden and round-trip tests, benchmarks
	gzip
	liblua5.4-dev     # chisels (-c, -cl, -i) and csyscope's view files
	libncurses-dev    # csyscope's screen
)
OPTIONAL=(
	libyaml-dev       # config and rule files
	tmux              # TUI tests
	clang             # eBPF probe, fuzz build
	libclang-rt-14-dev  # libFuzzer runtime (make test-fuzz)
	libbpf-dev        # eBPF loader
	bpftool           # eBPF skeletons
	llvm              # eBPF probe: llvm-strip, llvm-objdump
	libelf-dev        # eBPF loader (libbpf's ELF reader)
	linux-perf        # perf trace benchmarks
	qemu-system-x86 linux-headers-amd64 busybox-static cpio   # kernel module tests (tests/kmod)
)

say() { printf 'setup-deps: %s\n' "$*"; }
die() { printf 'setup-deps: error: %s\n' "$*" >&2; exit 1; }

installed() {
	[[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

missing_of() {
	local p
	for p in "$@"; do installed "$p" || printf '%s\n' "$p"; done
}

command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script supports Debian 12 (bookworm) only"

mapfile -t miss_req < <(missing_of "${REQUIRED[@]}")
mapfile -t miss_opt < <(missing_of "${OPTIONAL[@]}")

if [[ ${1:-} == --check ]]; then
	if (( ${#miss_req[@]} + ${#miss_opt[@]} == 0 )); then
		say "all packages present"; exit 0
	fi
	say "missing required: ${miss_req[*]:-none}"
	say "missing optional: ${miss_opt[*]:-none}"
	exit 1
fi

if (( ${#miss_req[@]} + ${#miss_opt[@]} == 0 )); then
	say "all ${#REQUIRED[@]} required and ${#OPTIONAL[@]} optional packages present"
	exit 0
fi

SUDO=()
if (( EUID != 0 )); then
	command -v sudo >/dev/null 2>&1 || die "missing packages ($(missing_of "${REQUIRED[@]}" "${OPTIONAL[@]}" | tr '\n' ' ')) and not root: run as root or install sudo"
	SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
LOG=$(mktemp "${TMPDIR:-/tmp}/setup-deps.XXXXXX")
trap 'rm -f "$LOG"' EXIT
APT=("${SUDO[@]}" apt-get -y -q -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)

want=("${miss_req[@]}" "${miss_opt[@]}")
say "installing: ${want[*]}"
if ! "${APT[@]}" update >"$LOG" 2>&1; then
	cat "$LOG" >&2
	die "apt-get update failed (log above)"
fi

# --no-install-recommends: sysdig recommends a DKMS kernel module we neither need nor can build here.
if (( ${#miss_req[@]} )); then
	if ! "${APT[@]}" install --no-install-recommends "${miss_req[@]}" >"$LOG" 2>&1; then
		tail -n 30 "$LOG" >&2
		die "could not install required packages: ${miss_req[*]} (last lines of apt-get above)"
	fi
fi
if (( ${#miss_opt[@]} )); then
	if ! "${APT[@]}" install --no-install-recommends "${miss_opt[@]}" >"$LOG" 2>&1; then
		# One bad optional package must not block the others: retry them one at a time.
		for p in "${miss_opt[@]}"; do
			"${APT[@]}" install --no-install-recommends "$p" >"$LOG" 2>&1 ||
				say "warning: optional package $p did not install; the features that need it stay off"
		done
	fi
fi

mapfile -t still < <(missing_of "${REQUIRED[@]}")
(( ${#still[@]} == 0 )) || die "still missing after install: ${still[*]}"
say "done"
