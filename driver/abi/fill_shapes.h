/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fill_shapes.h - the decisions of fill.tbl's hand-written fillers that do
 * not depend on how a driver reads memory: which shape a DYN parameter takes
 * (sockopt value, ptrace data, bpf res_or_fd) and the quotactl translations.
 * Shared by the kernel module, the BPF probe and the ptrace driver so that
 * they all decide as sysdig 0.29's driver does (ppm_fillers.c); each driver
 * only reads the user memory the shape asks for.
 *
 * Static inline, allocation-free, no libc or kernel headers (usable in BPF);
 * native values are x86_64's.
 */
#ifndef SC_FILL_SHAPES_H
#define SC_FILL_SHAPES_H

#include "sc_abi.h"

/*
 * setsockopt/getsockopt value: the SC_DYN_SOCKOPT_* shape of option `opt`
 * at level `level` (native numbers). UINT32 and UINT64 read that many bytes,
 * ERRNO reads an int and stores its negation as int64, TIMEVAL reads a
 * struct timeval and stores nanoseconds; UNKNOWN copies optlen raw bytes.
 * Only SOL_SOCKET options have a shape other than UNKNOWN, and only those
 * sysdig's driver lists (SO_RCVTIMEO/SO_SNDTIMEO are the old 20/21 ones).
 */
static inline uint8_t sc_shape_sockopt(uint64_t level, uint64_t opt)
{
	/* SO_DEBUG..SO_INCOMING_CPU taken as a 32-bit value (bit n = option n) */
	const uint64_t u32_opts = (1ULL << 1) | (1ULL << 2) | (1ULL << 3) | (0xffULL << 5) |
				  (1ULL << 14) | (1ULL << 15) | (1ULL << 16) | (1ULL << 18) |
				  (1ULL << 19) | (0xfULL << 22) | (1ULL << 27) | (0x7ffffULL << 29) |
				  (0x3ULL << 48);

	if (level != 1)   /* SOL_SOCKET */
		return SC_DYN_SOCKOPT_UNKNOWN;
	if (opt == 4)     /* SO_ERROR */
		return SC_DYN_SOCKOPT_ERRNO;
	if (opt == 20 || opt == 21)   /* SO_RCVTIMEO, SO_SNDTIMEO */
		return SC_DYN_SOCKOPT_TIMEVAL;
	if (opt == 57)    /* SO_COOKIE */
		return SC_DYN_SOCKOPT_UINT64;
	if (opt < 64 && (u32_opts & (1ULL << opt)))
		return SC_DYN_SOCKOPT_UINT32;
	return SC_DYN_SOCKOPT_UNKNOWN;
}

/* A sockopt value of a shape other than UNKNOWN, as a driver reads it from user memory. */
union sc_sockopt_raw {
	uint32_t u32;
	int32_t i32;
	uint64_t u64;
	int64_t tv[2];   /* struct timeval: seconds, microseconds */
};

/* How many bytes of union sc_sockopt_raw a driver reads for `shape` (not UNKNOWN). */
static inline uint32_t sc_sockopt_read_len(uint8_t shape)
{
	return shape == SC_DYN_SOCKOPT_TIMEVAL ? 16 : shape == SC_DYN_SOCKOPT_UINT64 ? 8 : 4;
}

/* The value a driver stores for `shape` from what it read, and its width (*width: 4 or 8 bytes). */
static inline uint64_t sc_sockopt_value(uint8_t shape, const union sc_sockopt_raw *u, uint8_t *width)
{
	*width = shape == SC_DYN_SOCKOPT_UINT32 ? 4 : 8;
	if (shape == SC_DYN_SOCKOPT_ERRNO)
		return (uint64_t)-(int64_t)u->i32;
	if (shape == SC_DYN_SOCKOPT_TIMEVAL)   /* nanoseconds */
		return (uint64_t)u->tv[0] * 1000000000ULL + (uint64_t)u->tv[1] * 1000ULL;
	if (shape == SC_DYN_SOCKOPT_UINT64)
		return u->u64;
	return u->u32;
}

/*
 * ptrace exit data (argument 3) of native request `req`: PEEKTEXT/PEEKDATA/
 * PEEKUSR hold the address the kernel stored the word at (the word is
 * shown: read 8 bytes there), CONT/SINGLESTEP/DETACH/SYSCALL a signal
 * number (SIGTYPE), the rest the value itself (UINT64). A failed call has
 * addr and data 0 (UINT64). Returns the SC_DYN_PTRACE_* index; *deref is
 * set when the value must be read at the user address.
 */
static inline uint8_t sc_shape_ptrace_data(uint64_t req, int *deref)
{
	*deref = req >= 1 && req <= 3;
	if (req == 7 || req == 9 || req == 17 || req == 24)
		return SC_DYN_PTRACE_SIGTYPE;
	return SC_DYN_PTRACE_UINT64;
}

/* bpf(2) exit: BPF_MAP_CREATE (0) and BPF_PROG_LOAD (5) that succeed make an fd. */
static inline uint8_t sc_shape_bpf_res(uint64_t cmd, int64_t ret)
{
	return ret >= 0 && (cmd == 0 || cmd == 5) ? SC_DYN_BPF_FD : SC_DYN_BPF_RES;
}

/* quotactl(2): the .scap command (flags.tbl quotactl_cmds) of native cmd, 0 if none. */
#define SC_Q_QUOTAON 0x1
#define SC_Q_GETINFO 0x8
#define SC_Q_SETINFO 0x10
#define SC_Q_GETQUOTA 0x20
#define SC_Q_SETQUOTA 0x40
#define SC_Q_XGETQUOTA 0x400
#define SC_Q_XSETQLIM 0x800
#define SC_Q_GETFMT 0x4
#define SC_QFMT_NOT_USED 0x1

static inline uint16_t sc_xlat_quotactl_cmd(uint64_t cmd)
{
	switch ((cmd >> 8) & 0xffffff) {
	case 0x800001: return 0x80;      /* Q_SYNC */
	case 0x800002: return SC_Q_QUOTAON;
	case 0x800003: return 0x2;       /* Q_QUOTAOFF */
	case 0x800004: return SC_Q_GETFMT;
	case 0x800005: return SC_Q_GETINFO;
	case 0x800006: return SC_Q_SETINFO;
	case 0x800007: return SC_Q_GETQUOTA;
	case 0x800008: return SC_Q_SETQUOTA;
	case 0x5801: return 0x100;       /* Q_XQUOTAON */
	case 0x5802: return 0x200;       /* Q_XQUOTAOFF */
	case 0x5803: return SC_Q_XGETQUOTA;
	case 0x5804: return SC_Q_XSETQLIM;
	case 0x5805: return 0x1000;      /* Q_XGETQSTAT */
	case 0x5806: return 0x2000;      /* Q_XQUOTARM */
	case 0x5807: return 0x4000;      /* Q_XQUOTASYNC */
	default: return 0;
	}
}

/* quotactl type (USRQUOTA 0, GRPQUOTA 1 in the low byte of cmd) */
static inline uint8_t sc_xlat_quotactl_type(uint64_t cmd)
{
	return (cmd & 0xff) == 0 ? 0x1 : (cmd & 0xff) == 1 ? 0x2 : 0;
}

/* quota format ids QFMT_VFS_OLD 1, QFMT_VFS_V0 2, QFMT_VFS_V1 4; anything else "not used" */
static inline uint8_t sc_xlat_quotactl_fmt(uint64_t fmt)
{
	return fmt == 1 ? 0x2 : fmt == 2 ? 0x4 : fmt == 4 ? 0x8 : SC_QFMT_NOT_USED;
}

/* struct if_dqblk and struct if_dqinfo (linux/quota.h), and their valid bits */
struct sc_if_dqblk {
	uint64_t bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime;
	uint32_t valid;
};

struct sc_if_dqinfo {
	uint64_t bgrace, igrace;
	uint32_t flags, valid;
};

#define SC_QIF_BLIMITS 1
#define SC_QIF_SPACE 2
#define SC_QIF_ILIMITS 4
#define SC_QIF_BTIME 16
#define SC_QIF_ITIME 32
#define SC_IIF_BGRACE 1
#define SC_IIF_IGRACE 2
#define SC_IIF_FLAGS 4

/*
 * A quotactl exit's if_dqblk parameters, in the event's order (bhardlimit,
 * bsoftlimit, curspace, ihardlimit, isoftlimit, btime, itime; 8 bytes each):
 * value i, or 0 when b->valid says the kernel did not fill it.
 */
#define SC_DQBLK_NPARAMS 7
static inline uint64_t sc_shape_dqblk(const struct sc_if_dqblk *b, unsigned int i)
{
	switch (i) {
	case 0: return b->valid & SC_QIF_BLIMITS ? b->bhardlimit : 0;
	case 1: return b->valid & SC_QIF_BLIMITS ? b->bsoftlimit : 0;
	case 2: return b->valid & SC_QIF_SPACE ? b->curspace : 0;
	case 3: return b->valid & SC_QIF_ILIMITS ? b->ihardlimit : 0;
	case 4: return b->valid & SC_QIF_ILIMITS ? b->isoftlimit : 0;
	case 5: return b->valid & SC_QIF_BTIME ? b->btime : 0;
	default: return b->valid & SC_QIF_ITIME ? b->itime : 0;
	}
}

/* The same for its if_dqinfo parameters: bgrace, igrace (8 bytes), flags (1 byte). */
static inline uint64_t sc_shape_dqinfo(const struct sc_if_dqinfo *d, unsigned int i)
{
	switch (i) {
	case 0: return d->valid & SC_IIF_BGRACE ? d->bgrace : 0;
	case 1: return d->valid & SC_IIF_IGRACE ? d->igrace : 0;
	default: return d->valid & SC_IIF_FLAGS ? (uint8_t)d->flags : 0;
	}
}

#endif
