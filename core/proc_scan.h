/* SPDX-License-Identifier: Apache-2.0 */
/*
 * proc_scan.h - seeds a struct sc_snapshot from a running system: machine
 * info, network interfaces, users and groups (/etc/passwd, /etc/group), and
 * the processes of /proc (every thread, its names, ids, limits, cgroups and
 * each open fd: files with path, flags, dev and inode; sockets resolved
 * through /proc/net into tuples; pipes and anonymous fds by their names).
 * Used by every live engine (ptrace, bpf, kmod) before its first event.
 *
 * The snapshot belongs to the caller; the scan only appends to it. A
 * process that vanishes mid-scan is skipped, not an error.
 */
#ifndef SC_PROC_SCAN_H
#define SC_PROC_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "snapshot.h"

struct sc_proc_scan_opts {
	int64_t pid;            /* 0: every process; else this one (and with tree, its descendants) */
	bool tree;
	bool fds;               /* also each process's fds */
	const char *proc;       /* the proc mount; NULL for "/proc" */
	const char *etc;        /* where passwd and group are; NULL for "/etc" */
};

/* Appends machine info, interfaces, users, groups and processes. 0, or <0 with err filled. */
int sc_proc_scan(struct sc_snapshot *snap, const struct sc_proc_scan_opts *o, struct sc_err *err);

/* Appends one thread (tid of process pid) of the scan; 0, or -ENOENT when it is gone. */
int sc_proc_scan_thread(struct sc_snapshot *snap, const struct sc_proc_scan_opts *o, int64_t pid, int64_t tid);

/*
 * Describes fd of process pid as the scan does (f is zeroed first; f->name is
 * allocated, the caller frees it): for live engines that look an fd up when
 * an event uses it. A socket reads /proc/net's tables (dear; only for
 * sockets). 0, or -ENOENT when the fd is not open. proc: NULL for "/proc".
 */
int sc_proc_scan_fd(struct sc_snap_fd *f, const char *proc, int64_t pid, int64_t fd);

#endif /* SC_PROC_SCAN_H */
