/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.h - what a source knows about the machine before its first
 * event: machine info, network interfaces, users and groups, processes and
 * their open fds. The capture reader fills one from the header blocks of a
 * .scap file, live engines from /proc; the state is seeded from it and the
 * capture writer writes it.
 *
 * A snapshot owns everything it points to; sc_snapshot_free() releases it.
 */
#ifndef SC_SNAPSHOT_H
#define SC_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sc_machine_info {
	bool present;
	uint32_t num_cpus;
	uint64_t memory_size_bytes;
	uint64_t max_pid;
	char hostname[128];
};

/* One fd of a process, as the fd list block stores it. */
struct sc_snap_fd {
	int64_t fd;
	uint8_t type;           /* enum sc_fdtype (state.h) */
	uint32_t openflags;     /* file, directory: PPM open flags */
	uint64_t ino;
	uint32_t dev;
	/* sockets; server sockets keep their local address in sip/sip6 and sport */
	uint8_t l4proto;
	uint32_t sip, dip;      /* IPv4, network order as stored in the file */
	uint16_t sport, dport;
	uint8_t sip6[16], dip6[16];
	uint64_t unix_src, unix_dst;
	char *name;             /* path, unix socket path, or the like; owned */
};

struct sc_snap_proc {
	int64_t tid, pid, ptid, sid, vpgid;
	char *comm, *exe, *exepath, *cwd, *root;  /* owned; NULL when absent */
	char *args; uint32_t args_len;            /* NUL-separated, owned */
	char *env; uint32_t env_len;              /* NUL-separated, owned */
	char *cgroups; uint32_t cgroups_len;      /* "subsys=path" NUL-separated, owned */
	uint64_t fdlimit, flags;
	uint32_t uid, gid, loginuid;
	uint32_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint64_t pfmajor, pfminor;
	int64_t vtid, vpid;
	uint64_t clone_ts;
	uint32_t tty;
	bool exe_writable;
	struct sc_snap_fd *fds; size_t nfds, capfds;  /* owned */
};

struct sc_snap_user {
	uint32_t uid, gid;
	char *name, *homedir, *shell;   /* owned */
};

struct sc_snap_group {
	uint32_t gid;
	char *name;                     /* owned */
};

struct sc_snap_iface {
	bool v6;
	char *name;                     /* owned */
	uint32_t addr, netmask, bcast;  /* IPv4 */
	uint8_t addr6[16], netmask6[16], bcast6[16];
	uint64_t linkspeed;
};

struct sc_snapshot {
	struct sc_machine_info machine;
	struct sc_snap_proc *procs; size_t nprocs, capprocs;
	struct sc_snap_user *users; size_t nusers, capusers;
	struct sc_snap_group *groups; size_t ngroups, capgroups;
	struct sc_snap_iface *ifaces; size_t nifaces, capifaces;
};

/* Appends a zeroed entry and returns it (borrowed, valid until the next add). */
struct sc_snap_proc *sc_snapshot_add_proc(struct sc_snapshot *s);
struct sc_snap_fd *sc_snapshot_add_fd(struct sc_snap_proc *p);
struct sc_snap_user *sc_snapshot_add_user(struct sc_snapshot *s);
struct sc_snap_group *sc_snapshot_add_group(struct sc_snapshot *s);
struct sc_snap_iface *sc_snapshot_add_iface(struct sc_snapshot *s);
/* Finds the process entry for tid, or NULL. */
struct sc_snap_proc *sc_snapshot_find_proc(struct sc_snapshot *s, int64_t tid);
/* Deep copy of src into dst (dst is overwritten, not freed first). */
void sc_snapshot_copy(struct sc_snapshot *dst, const struct sc_snapshot *src);
/* The same without the processes: machine, users, groups and interfaces. */
void sc_snapshot_copy_host(struct sc_snapshot *dst, const struct sc_snapshot *src);
/* Frees the user and group tables only (sysdig's -E: none in a capture written). */
void sc_snapshot_drop_users(struct sc_snapshot *s);
/* Frees what s owns and zeroes it (s itself is the caller's). */
void sc_snapshot_free(struct sc_snapshot *s);

#endif /* SC_SNAPSHOT_H */
