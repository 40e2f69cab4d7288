/* SPDX-License-Identifier: Apache-2.0 */
/*
 * state.h - what the inspector knows about the traced system: the thread
 * table and, per process, the fd table. Seeded from a snapshot and kept
 * current by parse.c, the one place where events change it.
 *
 * The state owns every thread and fd; pointers handed out are borrowed until
 * the next event is parsed (a thread can be removed by its exit). Threads of
 * one process share one fd table (refcounted).
 */
#ifndef SC_STATE_H
#define SC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evt.h"
#include "snapshot.h"

/* fd types, numbered as the .scap fd list block stores them. */
enum sc_fdtype {
	SC_FD_UNKNOWN = 0,
	SC_FD_FILE = 1,
	SC_FD_DIRECTORY = 2,
	SC_FD_IPV4_SOCK = 3,
	SC_FD_IPV6_SOCK = 4,
	SC_FD_IPV4_SERVSOCK = 5,
	SC_FD_IPV6_SERVSOCK = 6,
	SC_FD_FIFO = 7,
	SC_FD_UNIX_SOCK = 8,
	SC_FD_EVENT = 9,
	SC_FD_UNSUPPORTED = 10,
	SC_FD_SIGNALFD = 11,
	SC_FD_EVENTPOLL = 12,
	SC_FD_INOTIFY = 13,
	SC_FD_TIMERFD = 14,
	SC_FD_NETLINK = 15,
	SC_FD_FILE_V2 = 16,
	SC_FD_BPF = 17,
	SC_FD_USERFAULTFD = 18,
	SC_FD_IOURING = 19,
	SC_FD_MEMFD = 20,
	SC_FD_PIDFD = 21,
	SC_FD_TYPE_MAX
};

/* The one-character tag sysdig prints before an fd name: 'f', '4', 'u' ... */
char sc_fdtype_char(uint8_t type);
/* The fd.type string: "file", "ipv4", "unix" ... */
const char *sc_fdtype_name(uint8_t type);

struct sc_fdinfo {
	int64_t fd;
	uint8_t type;          /* enum sc_fdtype */
	uint32_t openflags;    /* PPM open flags, as in open's flags parameter */
	uint32_t flags;        /* internal SC_FDF_* */
	uint64_t ino;
	uint32_t dev;
	/* sockets */
	uint8_t l4proto;       /* enum as sysdig: 0 unknown, 1 tcp, 2 udp, 3 icmp, 4 raw */
	uint8_t sip[16], dip[16];  /* IPv4 in the first 4 bytes, network order */
	uint16_t sport, dport;
	uint64_t unix_src, unix_dst;
	char *name;            /* owned; "" when unknown. For sockets the rendered tuple */
	size_t name_len;
};

struct sc_fdtable;

struct sc_thread {
	int64_t tid, pid, ptid, sid, vpgid, vtid, vpid;
	char comm[256];
	char *exe, *exepath, *cwd, *root;   /* owned ("" when unknown, never NULL) */
	char *args; uint32_t args_len;      /* NUL-separated, owned */
	char *env; uint32_t env_len;        /* NUL-separated, owned */
	char *cgroups; uint32_t cgroups_len;
	uint64_t fdlimit, flags;
	uint32_t uid, gid, loginuid, tty;
	uint32_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint64_t pfmajor, pfminor;
	uint64_t clone_ts;
	struct sc_fdtable *fdt;             /* shared by the threads of a process */

	/* Enter/exit pairing: the last enter event of this thread, copied. */
	uint16_t last_enter_type;
	uint64_t last_enter_ts;
	uint8_t *last_enter; uint32_t last_enter_len, last_enter_cap;  /* owned copy of the record */
	uint64_t last_event_ts;             /* for latency, thread.exectime */
	uint16_t last_event_type;

	bool main_thread_known;
	void *user;                         /* for front ends (chisels, TUI) */
};

struct sc_state;

struct sc_state *sc_state_new(void);
void sc_state_free(struct sc_state *st);

/* Adds every process and fd of the snapshot. */
void sc_state_seed(struct sc_state *st, const struct sc_snapshot *snap);

/* Thread lookup; NULL when unknown. */
struct sc_thread *sc_state_thread(struct sc_state *st, int64_t tid);
/* Creates (or returns the existing) thread for tid. */
struct sc_thread *sc_state_thread_add(struct sc_state *st, int64_t tid);
void sc_state_thread_remove(struct sc_state *st, int64_t tid);
/* Main thread of th's process (th itself when it is the leader), or NULL. */
struct sc_thread *sc_state_main_thread(struct sc_state *st, struct sc_thread *th);

/* fd lookup in th's process; NULL when unknown. */
struct sc_fdinfo *sc_state_fd(struct sc_thread *th, int64_t fd);
/* Adds or replaces fd in th's process table; name is copied. */
struct sc_fdinfo *sc_state_fd_add(struct sc_thread *th, int64_t fd, uint8_t type, const char *name);
void sc_state_fd_remove(struct sc_thread *th, int64_t fd);

/* Iteration over threads (order unspecified); fn returns false to stop. */
void sc_state_foreach_thread(struct sc_state *st, bool (*fn)(struct sc_thread *, void *), void *arg);
void sc_state_foreach_fd(struct sc_thread *th, bool (*fn)(struct sc_fdinfo *, void *), void *arg);
size_t sc_state_nthreads(const struct sc_state *st);

/* Writes the current state back into a snapshot (for the capture writer). */
void sc_state_to_snapshot(struct sc_state *st, struct sc_snapshot *out);

#endif /* SC_STATE_H */
