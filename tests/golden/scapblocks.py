#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""List the pcapng blocks of a .scap capture, for the bad-input tests.

usage: scapblocks.py CAPTURE RAW_OUT

Writes CAPTURE's bytes to RAW_OUT (decompressed when CAPTURE is gzip) and prints one line per block:
    OFFSET LENGTH TYPE EVENTS_BEFORE
TYPE in hex; EVENTS_BEFORE counts the events of a known type (below 336, as sysdig 0.29.3 knows them)
before this block: the evt.num of the last event a reader can have shown when the file is cut anywhere
inside this block (sysdig numbers known events only; sample.scap has unknown type-354 events).
"""
import gzip
import struct
import sys

# event blocks: offset of the event header in the block (u16 cpuid; event+flags blocks add u32 flags)
EV_BLOCKS = {0x204: 10, 0x216: 10, 0x221: 10, 0x208: 14, 0x217: 14, 0x222: 14}
MAX_KNOWN_TYPE = 336


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    raw = open(sys.argv[1], "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    with open(sys.argv[2], "wb") as f:
        f.write(raw)
    off, nev = 0, 0
    while off + 8 <= len(raw):
        btype, blen = struct.unpack_from("<II", raw, off)
        if blen < 12 or off + blen > len(raw):
            raise SystemExit(f"scapblocks: bad block at offset {off}: type {btype:#x} length {blen}")
        print(f"{off} {blen} {btype:#x} {nev}")
        if btype in EV_BLOCKS:
            etype = struct.unpack_from("<H", raw, off + EV_BLOCKS[btype] + 20)[0]
            nev += etype < MAX_KNOWN_TYPE
        off += blen
    if off != len(raw):
        raise SystemExit(f"scapblocks: {len(raw) - off} trailing bytes at offset {off}")


if __name__ == "__main__":
    main()
