/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * syscope.h - what the eBPF probe (syscope.bpf.c) and its loader
 * (core/engine/bpf.c) share, in plain fixed-width types: the fill
 * descriptors the probe interprets, the syscall routing table, the drop
 * counters and the handful of limits both sides must agree on.
 *
 * The probe writes .scap records (sc_abi.h) into a ring per CPU (below);
 * user space reads them in place and merges the CPUs by timestamp.
 */
#ifndef SC_BPF_SYSCOPE_H
#define SC_BPF_SYSCOPE_H

#define SC_BPF_NR_MAX 512          /* native x86_64 syscall numbers we route */
#define SC_BPF_EVENT_MAX 336       /* == SC_EVENT_MAX; checked by the loader */
#define SC_BPF_TBL_PARAMS 8        /* parameters a table row can describe */
#define SC_BPF_SCRATCH 65536       /* per-CPU record assembly area */
#define SC_BPF_HALF (SC_BPF_SCRATCH / 2)
#define SC_BPF_STR_MAX 4096        /* longest path or string copied */
#define SC_BPF_BUF_MAX 16384       /* longest data buffer copied, whatever the snaplen */
#define SC_BPF_ARGS_MAX 4096       /* execve args and env, each */

/*
 * The per-CPU rings: one value per CPU of an mmapable BPF array map. A value
 * is a header page (struct sc_bpf_ring_hdr) and then the ring's data: size
 * bytes (a power of two) plus SC_BPF_RING_SLACK bytes past the end, into
 * which a record that starts near the end runs on, so that every record lies
 * in one piece and nobody writes padding. Records are .scap event records,
 * each starting 8-byte aligned at (position & (size - 1)). Only the probe, on
 * its own CPU, writes a ring (one writer, no lock); only the reader moves the
 * tail.
 */
#define SC_BPF_RING_HDR 4096
#define SC_BPF_RING_SLACK 65536     /* > the longest record (SC_BPF_HALF) */

struct sc_bpf_ring_hdr {
	unsigned long long head;     /* probe: end of the last whole record */
	unsigned long long busy;     /* probe: a record is being written */
	unsigned long long pad1[6];
	unsigned long long tail;     /* reader: end of what it has consumed (a cache line apart) */
	unsigned long long pad2[7];
};

/*
 * One parameter of driver/abi/fill.tbl (struct sc_fill_param) as the probe
 * walks it: the loader copies src, arg, len, xlat and value from
 * sc_fill_table[] and adds what the event table knows (the value's width and
 * sign), so that the probe needs no parameter-type logic of its own.
 */
struct sc_bpf_param {
	unsigned char src;    /* enum sc_fill_src */
	unsigned char arg;    /* syscall argument 0..5 */
	unsigned char len;    /* BUF/SOCKADDR length argument or SC_FILL_LEN_*; 2nd xlat argument */
	unsigned char xlat;   /* enum sc_xlat; SPECIAL: enum sc_fill_special */
	unsigned char size;   /* width of an integer value: 1, 2, 4, 8; 0 = variable */
	unsigned char sext;   /* 1: a C int, sign-extended */
	unsigned char pad[2];
	int value;            /* CONST: the value; DEREF: offset */
};

struct sc_bpf_event {
	unsigned char nparams;   /* parameters of the record */
	unsigned char special;   /* enum sc_fill_special for the whole event */
	unsigned char at_exit;   /* enter record written at sys_exit (it reads user strings) */
	unsigned char fast;      /* SC_BPF_FAST_*: the row's shape allows the one-pass path */
	struct sc_bpf_param p[SC_BPF_TBL_PARAMS];
};

/*
 * sc_bpf_event.fast: rows the probe fills in one pass, without a call per
 * parameter. INTS: every parameter an integer of fixed width from an
 * argument (untranslated), the return value or a constant. INTS_BUF: the
 * same, then a user buffer (buf:N:M or buf:N:ret) as the last parameter.
 */
#define SC_BPF_FAST_NONE 0
#define SC_BPF_FAST_INTS 1
#define SC_BPF_FAST_INTS_BUF 2

/* Per native syscall number: routing, filled by the loader from sc_x86_syscalls[]. */
struct sc_bpf_nr {
	unsigned short enter_event;  /* 0 (GENERIC_E) when the syscall has no event */
	unsigned short code;         /* syscall code for the generic events */
};

/* Per-CPU counters, summed by the loader. */
struct sc_bpf_counters {
	unsigned long long events;       /* unused: the reader counts what it reads */
	unsigned long long drops_full;   /* ring buffer full */
	unsigned long long drops_bug;    /* could not be filled (bad table row, verifier bound) */
	unsigned long long drops_fault;  /* user memory could not be read (record kept, param empty) */
	unsigned long long preemptions;  /* context switches seen */
	unsigned long long drops_nested; /* a hook ran while another was writing this CPU's ring */
};

#endif /* SC_BPF_SYSCOPE_H */
