/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * sc_kmod.h - what the kernel module (driver/kmod) and its reader
 * (core/engine/kmod.c) share: the per-CPU ring buffer layout behind
 * /dev/syscope<N> and the ioctls of those devices.
 *
 * The ring, once: mmap(2) of a device maps one header page (struct
 * sc_ring_hdr) followed by data_size bytes of records, data_size a power of
 * two. Positions are byte counts that only grow; a record lies at
 * (position & (data_size - 1)), starts on an 8-byte boundary, is a .scap
 * record (sc_abi.h) of hdr.len bytes, and the next record starts at the
 * position rounded up to 8. A record never wraps: when fewer than
 * SC_EVT_HDR_LEN bytes are left before the end the reader skips to the start;
 * else the producer writes a padding record (type SC_RING_PAD, len = bytes to
 * the end) first. The kernel writes head (release) after the record; the
 * reader advances tail (release) once it is done with a record. A record
 * that does not fit in size - (head - tail) is not written and counted in
 * drops_full: the traced system never waits for the reader.
 */
#ifndef SC_KMOD_H
#define SC_KMOD_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#define SC_KMOD_DEV_NAME "syscope"       /* /dev/syscope<cpu> */
#define SC_KMOD_API_VERSION 1
#define SC_RING_PAD 0xffff               /* type of a padding record */
#define SC_KMOD_NR_MAX 512               /* native syscall numbers the mask covers */

struct sc_ring_hdr {
	uint64_t head;          /* kernel: end of the last complete record */
	uint64_t tail;          /* reader: end of the last record it consumed */
	uint64_t events;        /* records written */
	uint64_t drops_full;    /* records lost: the ring was full */
	uint64_t drops_bug;     /* records lost: larger than the module can build */
	uint64_t faults;        /* parameters left empty: user memory not readable */
	uint64_t preemptions;   /* context switches seen on this CPU */
	uint32_t data_size;     /* bytes of record space after the header page */
	uint32_t data_offset;   /* where it starts in the mapping (the page size) */
	uint32_t api_version;   /* SC_KMOD_API_VERSION */
	uint32_t cpu;
};

/* The syscall mask: bit n set = native syscall n is captured. */
struct sc_kmod_mask {
	uint64_t bits[SC_KMOD_NR_MAX / 64];
};

/*
 * Ioctls, accepted on any of the devices; settings are module-wide. Only
 * one process (the first to open a device) may hold the devices: the others
 * get EBUSY until it closes them all.
 */
#define SC_IOC_MAGIC 0xd5
#define SC_IOC_ENABLE        _IO(SC_IOC_MAGIC, 1)   /* start filling the rings */
#define SC_IOC_DISABLE       _IO(SC_IOC_MAGIC, 2)   /* stop (records already written stay) */
#define SC_IOC_SET_SNAPLEN   _IO(SC_IOC_MAGIC, 3)   /* arg: bytes of I/O buffers copied */
#define SC_IOC_SET_MASK      _IOW(SC_IOC_MAGIC, 4, struct sc_kmod_mask)
#define SC_IOC_SET_SYSCALL   _IO(SC_IOC_MAGIC, 5)   /* arg: nr | SC_IOC_SYSCALL_ON */
#define SC_IOC_EXCLUDE_TGID  _IO(SC_IOC_MAGIC, 6)   /* arg: process not traced (0: none); default the holder */
#define SC_IOC_SET_SWITCH    _IO(SC_IOC_MAGIC, 7)   /* arg: 1 = emit context switches */
#define SC_IOC_API_VERSION   _IO(SC_IOC_MAGIC, 8)   /* returns SC_KMOD_API_VERSION */
/*
 * arg: data bytes of this device's ring (a power of two, SC_KMOD_RING_MIN to
 * SC_KMOD_RING_MAX); only on the device it is issued on, and only before that
 * file is first mmapped and while capture is off (else EBUSY).
 */
#define SC_IOC_SET_RING_SIZE _IO(SC_IOC_MAGIC, 9)

#define SC_KMOD_RING_MIN (64u << 10)
#define SC_KMOD_RING_MAX (1u << 30)

#define SC_IOC_SYSCALL_ON (1ul << 16)

#endif /* SC_KMOD_H */
