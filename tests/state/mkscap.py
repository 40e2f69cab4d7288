#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Build a .scap capture from a scenario of hand-written events, for the state tests.

usage: mkscap.py EVENTS_TBL BASE.scap SCENARIO.py OUT.scap

The capture takes BASE's header blocks (machine, interfaces, users, processes, fds) and then the
scenario's events, one event block (v2, with nparams) each, 1 us apart. A scenario is Python that
calls the helpers below; event names are events.tbl's enumerators without the SCE_ prefix.
"""
import gzip
import struct
import sys

EV_BLOCKS = {0x204, 0x216, 0x221, 0x208, 0x217, 0x222}


def load_ids(path):
    ids = {}
    for line in open(path):
        f = line.split()
        if f and f[0].isdigit():
            ids[f[1]] = int(f[0])
    return ids


def header_blocks(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    off, head = 0, b""
    while off + 8 <= len(raw):
        btype, blen = struct.unpack_from("<II", raw, off)
        if btype in EV_BLOCKS:
            break
        head += raw[off:off + blen]
        off += blen
    return head


def I64(v): return struct.pack("<q", v)
def U64(v): return struct.pack("<Q", v)
def U32(v): return struct.pack("<I", v & 0xffffffff)
def U16(v): return struct.pack("<H", v)
def U8(v): return struct.pack("<B", v)
def S(s): return s.encode() + b"\0"
def ip4(s): return bytes(int(x) for x in s.split("."))
def tup4(s, sp, d, dp): return U8(2) + ip4(s) + U16(sp) + ip4(d) + U16(dp)
def sa4(s, p): return U8(2) + ip4(s) + U16(p)


class Capture:
    def __init__(self, ids):
        self.ids, self.ts, self.blocks = ids, 1700000000000000000, []

    def ev(self, tid, name, *params):
        self.ts += 1000
        lens = b"".join(U16(len(p)) for p in params)
        body = b"".join(params)
        e = struct.pack("<QQIHI", self.ts, tid, 26 + len(lens) + len(body), self.ids[name],
                        len(params)) + lens + body
        blk = U16(0) + e
        pad = (4 - len(blk) % 4) % 4
        tot = 12 + len(blk) + pad
        self.blocks.append(struct.pack("<II", 0x216, tot) + blk + b"\0" * pad + struct.pack("<I", tot))


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    cap = Capture(load_ids(sys.argv[1]))
    ev = cap.ev

    def clone(tid, typ, res, pid, ptid, comm, flags, vtid=None, vpid=None):
        ev(tid, typ, I64(res), S(comm), b"a1\0a2\0", I64(tid), I64(pid), I64(ptid), S("/cwdparam"),
           I64(1024), U64(1), U64(2), U32(300), U32(40), U32(0), S(comm), b"cpu=/\0", U32(flags),
           U32(1000), U32(1000), I64(tid if vtid is None else vtid), I64(pid if vpid is None else vpid))

    def execve(tid, pid, ptid, fn, exe, comm, res=0, enter=True):
        if enter:
            ev(tid, "SYSCALL_EXECVE_19_E", S(fn))
        ev(tid, "SYSCALL_EXECVE_19_X", I64(res), S(exe), b"-x\0y\0", I64(tid), I64(pid), I64(ptid),
           S("/cwdparam"), U64(2048), U64(0), U64(33), U32(508), U32(4), U32(0), S(comm), b"cpu=/\0",
           b"HOME=/\0", U32(0), I64(pid), U32(1000), U32(0))

    def op(tid, name, fd, flags=1):
        ev(tid, "SYSCALL_OPEN_E", S(name), U32(flags), U32(0))
        ev(tid, "SYSCALL_OPEN_X", I64(fd), S(name), U32(flags), U32(0), U32(0))

    def cl(tid, fd, res=0):
        ev(tid, "SYSCALL_CLOSE_E", I64(fd))
        ev(tid, "SYSCALL_CLOSE_X", I64(res))

    def rd(tid, fd):
        ev(tid, "SYSCALL_READ_E", I64(fd), U32(10))
        ev(tid, "SYSCALL_READ_X", I64(3), b"abc")

    def sleep(ns):
        cap.ts += ns

    def procexit(tid):
        ev(tid, "PROCEXIT_1_E", I64(0), I64(0), U8(0), U8(0))

    ns = dict(globals())
    ns.update(ev=ev, clone=clone, execve=execve, op=op, cl=cl, rd=rd, procexit=procexit, sleep=sleep)
    exec(open(sys.argv[3]).read(), ns)
    with open(sys.argv[4], "wb") as out:
        out.write(header_blocks(sys.argv[2]))
        out.write(b"".join(cap.blocks))


if __name__ == "__main__":
    main()
