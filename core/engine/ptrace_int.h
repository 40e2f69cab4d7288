/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace_int.h - what the ptrace engine's files share (not a public API):
 * the record builder and the filling-table interpreter (ptrace_fill.c) that
 * the tracing loop (ptrace.c) calls at each syscall stop.
 *
 * A struct pt_rec builds one record at a time into its own buffer, which it
 * owns; pt_rec_commit() appends the finished record to the engine's queue.
 */
#ifndef SC_PTRACE_INT_H
#define SC_PTRACE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../driver/abi/sc_abi.h"

/* One syscall as the tracer saw it: number and arguments at entry, result at exit. */
struct pt_call {
	pid_t tid, pid;
	int64_t nr;
	uint64_t args[6];
	int64_t ret;
	int *statm_fd;   /* the thread's kept /proc/PID/statm (-1 until opened), or NULL */
	int *status_fd;  /* the thread's kept /proc/PID/status (-1 until opened), or NULL */
	int *stat_fd;    /* the thread's kept /proc/TID/stat (-1 until opened), or NULL */
	int *cmdline_fd; /* the thread's kept /proc/TID/cmdline (-1 until opened), or NULL */
	int *pidfd;      /* the thread's kept pidfd of its process (-1 until opened, -2 none), or NULL */
};

/* A growable byte queue of finished records. */
struct pt_queue {
	uint8_t *buf;
	size_t len, cap, pos;
};

/* The record being built: parameter lengths and values apart, joined on commit. */
struct pt_rec {
	uint16_t type;
	uint32_t nparams;
	uint16_t lens[SC_MAX_EVENT_PARAMS];
	uint8_t *val;
	size_t vlen, vcap;
};

/* What a process keeps across clones and execs, cached by pid (ptrace_fill.c). */
struct pt_pcache {
	pid_t pid;
	uint32_t loginuid;
	bool same_ns;        /* in our pid namespace: vtid and vpid are tid and pid */
	uint16_t cglen;
	char cg[2048];       /* cgroups, "subsys=path" NUL-separated */
};

struct pt_fill_ctx {
	uint32_t snaplen;
	uint64_t unfillable;   /* parameters written empty because user memory could not be read */
	/* the last string an enter event read, for its exit event (open's path twice) */
	pid_t str_tid;
	uint64_t str_addr;
	size_t str_len;
	char str[512];
	struct pt_pcache pcache[8];
	unsigned pnext;
	/* whether the machine has swap (vm_swap can be non-zero), asked at most once a second */
	bool swap;
	long swap_checked;   /* the second it was asked, 0 never */
	/* the memory figures of the event being filled, read once for its three parameters */
	bool vm_read;
	struct proc_status {
		uint32_t vmsize, vmrss, vmswap;   /* KiB */
	} vm;
};

void pt_rec_begin(struct pt_rec *r, uint16_t type);
void pt_rec_add(struct pt_rec *r, const void *p, size_t n);
void pt_rec_u8(struct pt_rec *r, uint8_t v);
void pt_rec_u16(struct pt_rec *r, uint16_t v);
void pt_rec_u32(struct pt_rec *r, uint32_t v);
void pt_rec_u64(struct pt_rec *r, uint64_t v);
void pt_rec_str(struct pt_rec *r, const char *s);
/* Appends the record with header ts/tid to q. */
void pt_rec_commit(struct pt_rec *r, struct pt_queue *q, uint64_t ts, uint64_t tid);
void pt_rec_free(struct pt_rec *r);

/*
 * Fills the parameters of event type for call c into r (already begun) from
 * sc_fill_table[], reading the tracee's memory. exit: c->ret is valid.
 */
void pt_fill_event(struct pt_fill_ctx *fx, struct pt_rec *r, uint16_t type, const struct pt_call *c);

/*
 * A new process child forked by parent, in the same pid and cgroup
 * namespaces and cgroups: it starts with parent's cgroups and loginuid
 * (what the kernel copies at fork), not read again from /proc.
 */
void pt_fill_inherit(struct pt_fill_ctx *fx, pid_t child, pid_t parent);

/* Drops what is cached about process pid (it exited). */
void pt_fill_forget(struct pt_fill_ctx *fx, pid_t pid);

/* process_vm_readv wrappers: bytes read, or -1. */
ssize_t pt_read_mem(pid_t tid, uint64_t addr, void *dst, size_t n);
/* Reads a NUL-terminated string of at most max-1 bytes into dst; its length, or -1. */
ssize_t pt_read_str(pid_t tid, uint64_t addr, char *dst, size_t max);

/* Reads a whole small /proc file into buf (NUL-terminated); its length, or -1. */
ssize_t pt_read_file(const char *path, char *buf, size_t cap);

#endif /* SC_PTRACE_INT_H */
