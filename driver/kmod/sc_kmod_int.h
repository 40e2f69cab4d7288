/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sc_kmod_int.h - what the parts of syscope.ko share: the record being
 * built (struct sc_rec, one scratch area per CPU), the filling entry points
 * of fill.c and the limits they respect. The device, ring and probe side is
 * main.c; the interpretation of driver/abi's filling table is fill.c.
 */
#ifndef SC_KMOD_INT_H
#define SC_KMOD_INT_H

#include <linux/types.h>

#include "sc_abi.h"

#define SC_KMOD_SCRATCH (64 * 1024)   /* bytes a record may take while it is built */
#define SC_KMOD_STR_MAX 4096          /* longest path or string copied */
#define SC_KMOD_BUF_MAX 32768         /* longest I/O buffer copied, whatever the snaplen */
#define SC_KMOD_ARGS_MAX 4096         /* execve arguments and environment, each */

/* One record under construction, in this CPU's scratch area. */
struct sc_rec {
	u8 *buf;          /* SC_KMOD_SCRATCH bytes */
	u32 off;          /* bytes used: header, length array, values so far */
	u32 np;           /* parameters written */
	u32 nparams;      /* parameters the record has */
	u8 lensz;         /* 2, or 4 for large-payload events */
	bool overflow;    /* a value did not fit: the record is dropped */
	u16 type;
	bool is_exit;
	u64 args[6];
	long ret;
	u32 snaplen;
	u32 faults;       /* user reads that failed */
};

void sc_rec_begin(struct sc_rec *r, u16 type, u64 ts, u64 tid);
/* Fills the parameters of r->type from the filling table. */
void sc_fill_syscall(struct sc_rec *r, long nr);
void sc_fill_procexit(struct sc_rec *r, struct task_struct *p);
struct kernel_siginfo;
void sc_fill_signal(struct sc_rec *r, int sig, const struct kernel_siginfo *info);
void sc_fill_switch(struct sc_rec *r, struct task_struct *prev, struct task_struct *next);
/* Bytes of the finished record, or 0 when it cannot be sent. */
u32 sc_rec_end(struct sc_rec *r);

#endif /* SC_KMOD_INT_H */
