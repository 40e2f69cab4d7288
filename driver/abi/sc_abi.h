/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * sc_abi.h - the event record shared by every driver and by user space.
 *
 * Owns: the packed event header, parameter types and print formats, event
 * categories and flags, the shape of the event, flag and filling tables. The
 * numbers follow the public .scap format so that records move unchanged
 * between drivers, capture files and sysdig. The tables themselves are
 * generated from events.tbl (see gen-abi.py); nothing else defines them.
 *
 * Rules of the table, once: an even event id is an enter event, the odd id
 * after it is its exit. Ids are never reused; an event that changes shape
 * gets new ids and the old pair is flagged SC_EF_OLD_VERSION. Parameters are
 * only ever appended, so a reader takes the first nparams of a record and
 * treats missing ones as absent.
 */
#ifndef SC_ABI_H
#define SC_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define SC_MAX_EVENT_PARAMS 32
#define SC_EVT_HDR_LEN 26

/* Every record starts with this header; len counts the whole record. */
struct sc_evt_hdr {
	uint64_t ts;      /* nanoseconds since the epoch */
	uint64_t tid;     /* thread that made the event */
	uint32_t len;     /* header + length array + values */
	uint16_t type;    /* event id (enum sc_event_type) */
	uint32_t nparams; /* number of parameters that follow */
} __attribute__((packed));

/* Parameter types, numbered as in the .scap format. */
enum sc_ptype {
	SC_PT_NONE = 0,
	SC_PT_INT8 = 1,
	SC_PT_INT16 = 2,
	SC_PT_INT32 = 3,
	SC_PT_INT64 = 4,
	SC_PT_UINT8 = 5,
	SC_PT_UINT16 = 6,
	SC_PT_UINT32 = 7,
	SC_PT_UINT64 = 8,
	SC_PT_CHARBUF = 9,     /* NUL-terminated printable string */
	SC_PT_BYTEBUF = 10,    /* raw bytes */
	SC_PT_ERRNO = 11,      /* int64; negative is -errno */
	SC_PT_SOCKADDR = 12,   /* u8 family + address */
	SC_PT_SOCKTUPLE = 13,  /* u8 family + source + destination */
	SC_PT_FD = 14,         /* int64 */
	SC_PT_PID = 15,        /* int64 */
	SC_PT_FDLIST = 16,     /* u16 count, then count x (u64 fd, u16 flags) */
	SC_PT_FSPATH = 17,     /* NUL-terminated path */
	SC_PT_SYSCALLID = 18,  /* u16 syscall id (enum of the syscall table) */
	SC_PT_SIGTYPE = 19,    /* u8 signal number */
	SC_PT_RELTIME = 20,    /* u64 ns */
	SC_PT_ABSTIME = 21,    /* u64 ns since epoch */
	SC_PT_PORT = 22,       /* u16 */
	SC_PT_L4PROTO = 23,    /* u8 */
	SC_PT_SOCKFAMILY = 24, /* u8 */
	SC_PT_BOOL = 25,       /* u32 */
	SC_PT_IPV4ADDR = 26,   /* 4 raw bytes */
	SC_PT_DYN = 27,        /* u8 index into the param's dynamic table, then the value */
	SC_PT_FLAGS8 = 28,
	SC_PT_FLAGS16 = 29,
	SC_PT_FLAGS32 = 30,
	SC_PT_UID = 31,        /* u32, UINT32_MAX = none */
	SC_PT_GID = 32,        /* u32, UINT32_MAX = none */
	SC_PT_DOUBLE = 33,
	SC_PT_SIGSET = 34,     /* u32: low word of sigset_t */
	SC_PT_CHARBUFARRAY = 35,
	SC_PT_CHARBUF_PAIR_ARRAY = 36,
	SC_PT_IPV4NET = 37,
	SC_PT_IPV6ADDR = 38,   /* 16 raw bytes */
	SC_PT_IPV6NET = 39,
	SC_PT_IPADDR = 40,
	SC_PT_IPNET = 41,
	SC_PT_MODE = 42,       /* u32 file mode bits */
	SC_PT_FSRELPATH = 43,  /* path relative to a dirfd parameter */
	SC_PT_MAX = 44
};

/* How a numeric parameter is printed. */
enum sc_pfmt {
	SC_PF_NA = 0,
	SC_PF_DEC = 1,
	SC_PF_HEX = 2,
	SC_PF_10_PADDED_DEC = 3,
	SC_PF_ID = 4,
	SC_PF_DIR = 5,
	SC_PF_OCT = 6
};

/* Event categories (evt.category); the I/O ones can be masked with SC_EC_IO_BASE. */
enum sc_ecat {
	SC_EC_UNKNOWN = 0,
	SC_EC_OTHER = 1,
	SC_EC_FILE = 2,
	SC_EC_NET = 3,
	SC_EC_IPC = 4,
	SC_EC_MEMORY = 5,
	SC_EC_PROCESS = 6,
	SC_EC_SLEEP = 7,
	SC_EC_SYSTEM = 8,
	SC_EC_SIGNAL = 9,
	SC_EC_USER = 10,
	SC_EC_TIME = 11,
	SC_EC_PROCESSING = 12,
	SC_EC_IO_BASE = 32,
	SC_EC_IO_READ = 32,
	SC_EC_IO_WRITE = 33,
	SC_EC_IO_OTHER = 34,
	SC_EC_WAIT = 64,
	SC_EC_SCHEDULER = 128,
	SC_EC_INTERNAL = 256
};

/* Event flags. */
enum sc_eflag {
	SC_EF_NONE = 0,
	SC_EF_CREATES_FD = 1 << 0,
	SC_EF_DESTROYS_FD = 1 << 1,
	SC_EF_USES_FD = 1 << 2,
	SC_EF_READS_FROM_FD = 1 << 3,
	SC_EF_WRITES_TO_FD = 1 << 4,
	SC_EF_MODIFIES_STATE = 1 << 5,
	SC_EF_UNUSED = 1 << 6,
	SC_EF_WAITS = 1 << 7,
	SC_EF_SKIPPARSERESET = 1 << 8,
	SC_EF_OLD_VERSION = 1 << 9,
	SC_EF_DROP_SIMPLE_CONS = 1 << 10,
	SC_EF_LARGE_PAYLOAD = 1 << 11  /* u32 parameter lengths */
};

/* One symbolic name of a flag word or enumeration. A table ends with {NULL, 0}. */
struct sc_flag_name {
	const char *name;
	uint32_t value;
};

/* For SC_PT_DYN: the possible shapes of the value, indexed by its leading u8. */
struct sc_dyn_param {
	const char *name;
	uint8_t type;   /* enum sc_ptype */
	uint8_t fmt;    /* enum sc_pfmt */
};

struct sc_param_info {
	const char *name;
	uint8_t type;         /* enum sc_ptype */
	uint8_t fmt;          /* enum sc_pfmt */
	uint8_t ninfo;        /* entries in dyn (for SC_PT_DYN) */
	const struct sc_flag_name *flags;  /* symbolic names, or NULL */
	const struct sc_dyn_param *dyn;    /* SC_PT_DYN shapes, or NULL */
	/* SC_PT_FSRELPATH: index of the dirfd parameter, or -1 */
	int8_t dirfd_param;
};

struct sc_event_info {
	const char *name;     /* "open", "execve", "syscall" for the generic events */
	uint16_t category;    /* enum sc_ecat */
	uint16_t flags;       /* enum sc_eflag */
	uint32_t nparams;
	const struct sc_param_info *params;
};

/*
 * The filling table (fill.tbl, whose header documents the sources): for each
 * event, where each parameter comes from. Plain fixed-width data, no
 * pointers, so the kernel module, the BPF programs and the ptrace driver can
 * all walk sc_fill_table[event] with their own way of reading user memory.
 * An event whose .special is not SC_FILL_SP_NONE has a hand-written filler
 * for all of it; otherwise params[0..nparams) say, in order, how to produce
 * each parameter, and a SPECIAL source names a hand-written filler for one.
 */
enum sc_fill_src {
	SC_FILL_NONE = 0,
	SC_FILL_ARG = 1,       /* argument .arg, through translation .xlat */
	SC_FILL_RET = 2,       /* the return value, through .xlat */
	SC_FILL_STR = 3,       /* NUL-terminated user string at argument .arg */
	SC_FILL_BUF = 4,       /* user bytes at argument .arg, length .len, cut to the snaplen */
	SC_FILL_SOCKADDR = 5,  /* sockaddr at argument .arg, length .len */
	SC_FILL_TIMESPEC = 6,  /* struct timespec at argument .arg, as nanoseconds */
	SC_FILL_CONST = 7,     /* the constant .value */
	SC_FILL_EMPTY = 8,     /* a zero-length value */
	SC_FILL_DEREF = 9,     /* the value at user address argument .arg + .value */
	SC_FILL_SPECIAL = 10,  /* hand-written filler .xlat (enum sc_fill_special) */
};

/* .len of BUF: the return value is the length (empty when it is negative). */
#define SC_FILL_LEN_RET 0xff
/* .len of SOCKADDR: the length is stored at the user address in argument (.len & 0x7). */
#define SC_FILL_LEN_DEREF 0x80
#define SC_FILL_MAX_PARAMS 8
/* sc_fill_event.flags: the event has a row in fill.tbl. */
#define SC_FILL_F_FILLED 0x1

struct sc_fill_param {
	uint8_t src;    /* enum sc_fill_src */
	uint8_t arg;    /* syscall argument 0..5 */
	uint8_t len;    /* BUF/SOCKADDR: length argument, or SC_FILL_LEN_*; ARG with a two-argument
			 * translation (open_mode, sockopt_optname): the second argument */
	uint8_t xlat;   /* ARG/RET: enum sc_xlat; SPECIAL: enum sc_fill_special */
	int32_t value;  /* CONST: the value; DEREF: byte offset from the address */
};

struct sc_fill_event {
	uint8_t nparams;  /* entries of params used (0 when .special fills the whole event) */
	uint8_t special;  /* enum sc_fill_special for the whole event, or SC_FILL_SP_NONE */
	uint16_t flags;   /* SC_FILL_F_* */
	struct sc_fill_param params[SC_FILL_MAX_PARAMS];
};

#include "sc_events.h"   /* generated: enum sc_event_type, SC_EVENT_MAX, table declarations */

#endif /* SC_ABI_H */
