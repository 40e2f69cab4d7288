#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Bad-input CLI test: a capture cut short must print every whole event before the cut, then exactly
# one error line on stderr naming the byte offset, and exit non-zero: no crash, no hang, no ASan report.
#
#   run-truncated.sh SYSCOPE TRACES CAPTURE
#
# The capture is decompressed and cut at a few offsets: inside the section header, inside the first
# header blocks, and inside event blocks at 25%, 50% and 90% of the file (4 bytes into the block
# header, 20 bytes in, i.e. inside the event header, and 1 byte short of the block's end). Expected
# stdout: the lines of `sysdig -r CAPTURE` (expected/EXPECT.default.out) whose evt.num is at most the
# number of known events before the cut block (scapblocks.py). The stderr line must contain
# "offset" followed by a number (decimal or 0x-hex) between the damaged block's start and the cut.
# Also: a cut exactly on a block boundary is a valid shorter capture (exit 0, no stderr); an event
# block whose length field is corrupted (too large, too small) behaves like a cut inside it; and for a
# gzip capture, the .gz file itself cut in half (stdout: whole lines, a prefix of the full output).
# Exit: 0 all cuts behave; 1 some do not; 77 capture absent; 99 harness error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(( $# == 3 )) || { echo "usage: $0 SYSCOPE TRACES CAPTURE" >&2; exit 99; }
syscope=$1 traces=$2 trace=$3
[[ -x $syscope ]] || { echo "truncated: $syscope is not an executable (build it first)" >&2; exit 99; }
expect=$(golden_expect_as "$trace") || { echo "truncated: $trace is not in traces.txt" >&2; exit 99; }
exp=$(golden_expected "$expect" default)
[[ -n $exp ]] || { echo "truncated: no expected/$expect.default.out (run regen.sh)" >&2; exit 99; }
[[ -d $traces ]] || { echo "truncated: SKIP: capture folder $traces is absent"; exit 77; }
src=$traces/$trace.scap
[[ -f $src ]] || { echo "truncated: SKIP: $src is absent"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/truncated.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
golden_cat "$exp" >"$tmp/full.out"
python3 "$GOLDEN_DIR/scapblocks.py" "$src" "$tmp/raw.scap" >"$tmp/blocks" || exit 99

# Cut points: "CUT BLOCK_START EVENTS_BEFORE"
mapfile -t blocks <"$tmp/blocks"
nblk=${#blocks[@]}
(( nblk >= 3 )) || { echo "truncated: $src has only $nblk blocks" >&2; exit 99; }
cuts=()
read -r off len _ nev <<<"${blocks[0]}"; cuts+=("6 $off $nev")
read -r off len _ nev <<<"${blocks[1]}"; cuts+=("$((off + len / 2)) $off $nev")
read -r off len _ nev <<<"${blocks[2]}"; cuts+=("$((off + len - 1)) $off $nev")
mapfile -t evblocks < <(awk '$3 ~ /^0x(204|216|221|208|217|222)$/' "$tmp/blocks")
if (( ${#evblocks[@]} )); then
	for pct in 25 50 90; do
		read -r off len _ nev <<<"${evblocks[$(( ${#evblocks[@]} * pct / 100 ))]}"
		cuts+=("$((off + 4)) $off $nev" "$((off + 20)) $off $nev" "$((off + len - 1)) $off $nev")
	done
fi

fail=0
bad() { echo "truncated: FAIL: $*"; fail=1; }

# run_cut FILE -> rc in $rc, stdout in $tmp/out, stderr in $tmp/err
# The end-of-run summary ("N events read, M of unknown event types skipped") is not an error:
# syscope reports skipped events rather than dropping them silently. Keep it out of the checks.
run_cut() {
	rc=0
	TZ=UTC timeout 60 "$syscope" -r "$1" >"$tmp/out" 2>"$tmp/err.all" </dev/null || rc=$?
	grep -vE '^syscope: [0-9]+ events read' "$tmp/err.all" >"$tmp/err" || true
}

for c in "${cuts[@]}"; do
	read -r cut start nev <<<"$c"
	head -c "$cut" "$tmp/raw.scap" >"$tmp/cut.scap"
	run_cut "$tmp/cut.scap"
	what="cut at byte $cut (block at $start, $nev events before)"
	awk -v n="$nev" '$1 + 0 <= n' "$tmp/full.out" >"$tmp/want"
	ok=1
	if (( rc == 124 )); then bad "$what: hung (killed after 60 s)"; continue; fi
	if (( rc == 0 )); then bad "$what: exit status 0"; ok=0; fi
	if (( rc >= 128 )); then bad "$what: killed by signal $((rc - 128))"; ok=0; fi
	if ! cmp -s "$tmp/want" "$tmp/out"; then
		bad "$what: stdout is not the $(wc -l <"$tmp/want") lines before the cut ($(wc -l <"$tmp/out") printed)"
		diff -u --label expected --label syscope "$tmp/want" "$tmp/out" | head -n 12 || true
		ok=0
	fi
	nerr=$(grep -c . "$tmp/err" || true)
	if (( nerr != 1 )); then
		bad "$what: $nerr lines on stderr, want 1:"; head -n 15 "$tmp/err" | sed 's/^/  /'; ok=0
	else
		num=$(grep -oiE 'offset[^0-9]*(0x[0-9a-f]+|[0-9]+)' "$tmp/err" | head -n 1 | grep -oiE '(0x[0-9a-f]+|[0-9]+)$' || true)
		if [[ -z $num ]]; then
			bad "$what: the error names no offset: $(cat "$tmp/err")"; ok=0
		elif (( num < start || num > cut )); then
			bad "$what: the error names offset $num, outside $start..$cut: $(cat "$tmp/err")"; ok=0
		fi
	fi
	(( ok )) && echo "truncated: ok: $what: $(wc -l <"$tmp/out") lines, then: $(cat "$tmp/err")"
done

# A cut on a block boundary is a valid, shorter capture.
if (( ${#evblocks[@]} )); then
	read -r off _ _ nev <<<"${evblocks[$(( ${#evblocks[@]} / 2 ))]}"
	head -c "$off" "$tmp/raw.scap" >"$tmp/cut.scap"
	run_cut "$tmp/cut.scap"
	awk -v n="$nev" '$1 + 0 <= n' "$tmp/full.out" >"$tmp/want"
	what="cut on the block boundary at byte $off"
	if (( rc != 0 )) || [[ -s $tmp/err ]] || ! cmp -s "$tmp/want" "$tmp/out"; then
		bad "$what: want exit 0, no stderr and $(wc -l <"$tmp/want") lines; got exit $rc, $(wc -l <"$tmp/out") lines, stderr:"
		head -n 10 "$tmp/err" | sed 's/^/  /'
	else
		echo "truncated: ok: $what: $(wc -l <"$tmp/out") lines, exit 0"
	fi
fi

# Corrupted, not cut: the 50% event block's length field set too large, then too small (below the
# 12-byte minimum). Same expectations as a cut inside that block; the offset may be anywhere in it.
corrupt() { # LENGTH_HEX_LE LABEL
	read -r off len _ nev <<<"${evblocks[$(( ${#evblocks[@]} / 2 ))]}"
	cp "$tmp/raw.scap" "$tmp/bad.scap"
	printf "$1" | dd of="$tmp/bad.scap" bs=1 seek=$((off + 4)) conv=notrunc status=none
	run_cut "$tmp/bad.scap"
	awk -v n="$nev" '$1 + 0 <= n' "$tmp/full.out" >"$tmp/want"
	local what="block at $off with a $2 length" num
	if (( rc == 0 || rc >= 124 )); then bad "$what: exit status $rc"; return; fi
	if ! cmp -s "$tmp/want" "$tmp/out"; then
		bad "$what: stdout is not the $(wc -l <"$tmp/want") lines before the block ($(wc -l <"$tmp/out") printed)"; return
	fi
	if (( $(grep -c . "$tmp/err" || true) != 1 )); then
		bad "$what: want one error line, got:"; head -n 10 "$tmp/err" | sed 's/^/  /'; return
	fi
	num=$(grep -oiE 'offset[^0-9]*(0x[0-9a-f]+|[0-9]+)' "$tmp/err" | head -n 1 | grep -oiE '(0x[0-9a-f]+|[0-9]+)$' || true)
	if [[ -z $num ]] || (( num < off || num > off + len )); then
		bad "$what: the error names no offset in $off..$((off + len)): $(cat "$tmp/err")"; return
	fi
	echo "truncated: ok: $what: $(wc -l <"$tmp/out") lines, then: $(cat "$tmp/err")"
}
if (( ${#evblocks[@]} )); then
	corrupt '\xf0\xff\xff\x7f' "too large"
	corrupt '\x04\x00\x00\x00' "too small"
fi

# A gzip capture cut inside the compressed stream.
if [[ $(head -c 2 "$src" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
	size=$(stat -c %s "$src")
	head -c "$((size / 2))" "$src" >"$tmp/cut.scap.gz"
	run_cut "$tmp/cut.scap.gz"
	what="gzip file cut at byte $((size / 2)) of $size"
	n=$(wc -l <"$tmp/out")
	if (( rc == 0 || rc >= 124 )); then
		bad "$what: exit status $rc"
	elif ! head -n "$n" "$tmp/full.out" | cmp -s - "$tmp/out"; then
		bad "$what: stdout is not whole lines of the full output"
	elif (( $(grep -c . "$tmp/err" || true) != 1 )) || ! grep -qiE 'offset[^0-9]*[0-9]' "$tmp/err"; then
		bad "$what: want one error line naming an offset on stderr, got:"; head -n 10 "$tmp/err" | sed 's/^/  /'
	else
		echo "truncated: ok: $what: $n lines, then: $(cat "$tmp/err")"
	fi
fi
exit "$fail"
