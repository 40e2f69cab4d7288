# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over CMake (as neovim does). The real build is CMakeLists.txt.
#
#   make [build]   configure + build in build/ (RelWithDebInfo)
#   make run       install missing packages, build, run the live inspector (root; else a replay)
#   make replay    install missing packages, build, replay a capture: build/syscope -r $(CAPTURE) $(ARGS)
#   make test      install missing packages; build/ (-Werror) + ctest; build-asan/ (ASan+UBSan) + ctest
#   make clean     remove both build folders
#
# Variables: JOBS (2), CAPTURE (../shared/traces/sample.scap), ARGS (e.g. ARGS='-p "%evt.num %fd.name"'),
# WERROR (ON for make test), CMAKE_FLAGS (extra -D options for both builds).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := build

JOBS        ?= 2
BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
FUZZ_DIR    ?= build-fuzz
TRACES      ?= $(CURDIR)/../shared/traces
CAPTURE     ?= $(TRACES)/sample.scap
ARGS        ?=
WERROR      ?= ON
CMAKE_FLAGS ?=
CTEST       := ctest --output-on-failure -j$(JOBS)
# Sanitizer runs: every leak and every undefined behaviour is a failure.
SAN_ENV     := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: build deps run replay test test-plain test-asan test-fuzz clean help

build:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

deps:
	@scripts/setup-deps.sh

# The main job: the live inspector (eBPF probe, or the kernel module when loaded) until Ctrl-C;
# without root, a replay of a capture instead. `make replay` always replays.
run: deps build
	@if [[ $$(id -u) -eq 0 ]]; then
		echo "== $(BUILD_DIR)/syscope $(ARGS)   (live capture; Ctrl-C stops it)"
		./$(BUILD_DIR)/syscope $(ARGS)
	else
		echo "make run: live capture needs root (or use: syscope --userspace -- CMD); replaying instead" >&2
		$(MAKE) --no-print-directory replay
	fi

replay: deps build
	@if [[ ! -f "$(CAPTURE)" ]]; then
		echo "make replay: no capture at $(CAPTURE)." >&2
		echo "  The shared captures live in ../shared/traces beside this repository;" >&2
		echo "  point CAPTURE at any .scap file: make replay CAPTURE=path/to/file.scap" >&2
		exit 1
	fi
	echo "== TZ=UTC $(BUILD_DIR)/syscope -r $(CAPTURE) $(ARGS)"
	TZ=UTC ./$(BUILD_DIR)/syscope -r "$(CAPTURE)" $(ARGS)

# Both builds and both test runs always happen; the exit status says whether all passed.
test: deps
	@rc=0
	$(MAKE) --no-print-directory test-plain || rc=1
	$(MAKE) --no-print-directory test-asan || rc=1
	$(MAKE) --no-print-directory test-fuzz || rc=1
	scripts/test-summary.sh "plain=$(BUILD_DIR)/ctest.log" "asan+ubsan=$(ASAN_DIR)/ctest.log" \
		"fuzz=$(FUZZ_DIR)/ctest.log" || rc=1
	exit $$rc

test-plain:
	@rm -f $(BUILD_DIR)/ctest.log
	echo "== plain build ($(BUILD_DIR), RelWithDebInfo, -Wall -Wextra, SC_WERROR=$(WERROR))"
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSC_WERROR=$(WERROR) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)
	echo "== ctest ($(BUILD_DIR))"
	cd $(BUILD_DIR) && $(CTEST) 2>&1 | tee ctest.log

test-asan:
	@rm -f $(ASAN_DIR)/ctest.log
	echo "== ASan+UBSan build ($(ASAN_DIR), Debug, SC_SANITIZE=ON)"
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DSC_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(ASAN_DIR) -j$(JOBS)
	echo "== ctest ($(ASAN_DIR), ASan+UBSan)"
	# The kernel module's qemu guest runs once, in the plain build: a sanitized syscope under TCG
	# would only be slower, and the module itself is not instrumented by ASan.
	cd $(ASAN_DIR) && $(SAN_ENV) $(CTEST) -LE driver-kmod 2>&1 | tee ctest.log

# Bounded libFuzzer runs (30 s each) of the capture reader, filter and format parsers; needs clang.
test-fuzz:
	@rm -f $(FUZZ_DIR)/ctest.log
	echo "== fuzz build ($(FUZZ_DIR), clang, libFuzzer+ASan+UBSan, 30 s per harness)"
	CC=clang cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS) >/dev/null
	cmake --build $(FUZZ_DIR) -j$(JOBS) --target fuzz_savefile fuzz_filter fuzz_format
	echo "== ctest ($(FUZZ_DIR), fuzz only)"
	cd $(FUZZ_DIR) && $(CTEST) -R '^fuzz/' 2>&1 | tee ctest.log

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)

help:
	@sed -n '2,10p' Makefile | sed 's/^# \{0,1\}//'
