/* SPDX-License-Identifier: Apache-2.0 */
/*
 * state.h - what the inspector knows about the traced system: the thread
 * table and, per process, the fd table. Seeded from a snapshot and kept
 * current by parse.c, the one place where events change it. Also owns the
 * text conventions sysdig uses for fds: the type tags ('f', '4', 'u' ...),
 * the "<4t>127.0.0.1:40000->127.0.0.1:80" rendering of an fd, socket tuple
 * and address strings, and how a path is made absolute.
 *
 * The state owns every thread and fd; pointers handed out are borrowed until
 * the next event is parsed (a thread can be removed by its exit). Threads of
 * one process share one fd table (refcounted): a thread cloned with
 * CLONE_FILES whose pid differs from its tid uses its main thread's table,
 * as sysdig does.
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

/* The one-character tag sysdig prints before an fd name: 'f', '4', 'u' ... ('?' if none). */
char sc_fdtype_char(uint8_t type);
/* The fd.type string: "file", "ipv4", "unix" ...; "<NA>" for types sysdig 0.29 has no name for. */
const char *sc_fdtype_name(uint8_t type);

/* Layer-4 protocols of sc_fdinfo.l4proto (our numbering; the .scap fd list uses SCAP's, see below). */
enum sc_l4proto {
	SC_L4_UNKNOWN = 0,
	SC_L4_TCP = 1,
	SC_L4_UDP = 2,
	SC_L4_ICMP = 3,
	SC_L4_RAW = 4,
	SC_L4_NA = 5,   /* not a socket, or a socket with no role yet (what sysdig reports) */
};
/* Conversions from/to the numbering of the .scap fd list (0 unknown, 1 n/a, 2 tcp, 3 udp, 4 icmp, 5 raw). */
uint8_t sc_l4proto_from_scap(uint8_t v);
uint8_t sc_l4proto_to_scap(uint8_t v);

/* sc_fdinfo.flags */
enum sc_fdflag {
	SC_FDF_FROM_PROC = 1 << 0,        /* seeded from the snapshot */
	SC_FDF_ROLE_CLIENT = 1 << 2,      /* connect()ed, or a client socket from the snapshot */
	SC_FDF_ROLE_SERVER = 1 << 3,      /* accept()ed, or a server-side socket from the snapshot */
	SC_FDF_CLOSE_IN_PROGRESS = 1 << 4,/* close enter seen, exit not yet */
	SC_FDF_CLOSE_CANCELED = 1 << 5,   /* fd recreated between close enter and exit */
	SC_FDF_CONNECTED = 1 << 6,        /* a connect() succeeded (or is in progress), or accept()ed */
	SC_FDF_NAME_CHANGED = 1 << 7,     /* the name changed during the current event (fd.name_changed);
					   * sc_parse_event() clears it on the event's fd first */
	SC_FDF_IS_CLONED = 1 << 14,       /* copied from the parent at clone */
};

/*
 * Thread flags (sc_thread.flags): the PPM_CL_* bits of clone's flags
 * parameter, plus sysdig's own markers. Values are those of the .scap format.
 */
enum sc_clflag {
	SC_CL_CLONE_FILES = 1 << 0,
	SC_CL_CLONE_FS = 1 << 1,
	SC_CL_CLONE_NEWPID = 1 << 6,
	SC_CL_CLONE_PARENT = 1 << 8,
	SC_CL_CLONE_THREAD = 1 << 13,
	SC_CL_CLONE_VM = 1 << 15,
	SC_CL_CLONE_INVERTED = 1 << 16,   /* the child's clone exit came before the parent's */
	SC_CL_NAME_CHANGED = 1 << 17,
	SC_CL_CLOSED = 1 << 18,           /* procexit seen */
	SC_CL_ACTIVE = 1 << 19,           /* has made an event other than its clone exit */
	SC_CL_PIPE_SRC = 1 << 21,         /* dup'ed onto stdout: left end of a shell pipe */
	SC_CL_PIPE_DST = 1 << 22,         /* dup'ed onto stdin: right end of a shell pipe */
	SC_CL_CLONE_VFORK = 1 << 27,
	SC_CL_CHILD_IN_PIDNS = 1 << 29,
	SC_CL_IS_MAIN_THREAD = 1 << 30,
};

struct sc_fdinfo {
	int64_t fd;
	uint8_t type;          /* enum sc_fdtype */
	uint32_t openflags;    /* PPM open flags, as in open's flags parameter */
	uint32_t flags;        /* enum sc_fdflag */
	uint64_t ino;
	uint32_t dev;
	/* sockets */
	uint8_t l4proto;       /* enum sc_l4proto: the protocol the socket was made with. What sysdig
				* shows (fd.l4proto, the 't' of "<4t>") is sc_fdinfo_l4proto(). */
	uint8_t sip[16], dip[16];  /* IPv4 in the first 4 bytes, network order; a server socket
				    * keeps its local address in sip and sport */
	uint16_t sport, dport;
	uint64_t unix_src, unix_dst;
	char *name;            /* owned, never NULL; "" when unknown. For sockets the rendered tuple */
	size_t name_len;
};

/*
 * The layer-4 protocol sysdig reports for fd (fd.l4proto, the second tag
 * letter): a client/server socket's protocol; SC_L4_NA for a socket that has
 * no role yet (neither connected nor accepted, unless raw) and for non-sockets.
 */
uint8_t sc_fdinfo_l4proto(const struct sc_fdinfo *fd);
/* The tag letter of an l4 protocol: 't', 'u', 'i', 'r', or 0. */
char sc_l4proto_char(uint8_t l4);
/* Appends sysdig's rendering of an fd after its number: "<f>/etc/passwd", "<4t>1.2.3.4:5->6.7.8.9:80",
 * "<u>" (tags, then the name with unprintable bytes removed). */
struct sc_strbuf;
void sc_state_fd_render(const struct sc_fdinfo *fd, struct sc_strbuf *out);

/*
 * Parameter renderings that are also fd names. Each appends to out what
 * sysdig prints for a non-empty value of that type: a socket tuple
 * ("1.2.3.4:5->6.7.8.9:80", "::1:5->::1:80", "ffff8800->ffff8801 /path",
 * "family N"), a socket address ("1.2.3.4:80", "/path"), and the IPv4/IPv6
 * address forms used by both.
 */
void sc_state_tuple_render(const uint8_t *val, uint32_t len, struct sc_strbuf *out);
/*
 * Ports in tuples and socket fd names as service names where the services
 * database has one (sysdig's -R); process-wide, off by default.
 */
void sc_state_set_port_names(bool on);
void sc_state_sockaddr_render(const uint8_t *val, uint32_t len, struct sc_strbuf *out);

/*
 * Makes a path absolute the way sysdig does for fd names: name relative to
 * dir (dir ends with '/'), "..", "." and repeated '/' folded, a trailing '/'
 * dropped, unprintable bytes replaced by '.'. name is namelen bytes (a NUL
 * inside ends it). An absolute name ignores dir. Appends to out.
 */
void sc_state_path_concat(const char *dir, size_t dirlen, const char *name, size_t namelen,
			  struct sc_strbuf *out);

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
	bool exe_writable;                  /* the executable is writable by the process's user */
	struct sc_fdtable *fdt;             /* shared by the threads of a process */

	uint64_t lastexec_ts;               /* time of the last successful execve (0: none seen) */
	int64_t nchilds;                    /* main thread: live threads of its process (keeps it alive) */

	/* Enter/exit pairing: the last enter event of this thread, copied. */
	uint16_t last_enter_type;           /* type of the last enter event (UINT16_MAX: none yet) */
	uint64_t last_enter_ts;             /* its timestamp (0: none yet) */
	uint16_t last_enter_cpu;
	bool last_enter_valid;              /* the current exit event pairs with last_enter */
	uint8_t *last_enter; uint32_t last_enter_len, last_enter_cap;  /* owned copy of the record */
	int64_t lastevent_fd;               /* fd of the current event (fd.num), -1 if none */
	uint64_t latency;                   /* evt.latency of the current exit event, ns (0 for enters) */
	uint64_t last_event_ts;             /* timestamp of this thread's current event */
	uint64_t prev_event_ts;             /* timestamp of its previous event (0: none) */
	uint16_t last_event_type;

	uint64_t last_cpu_total;            /* thread.cpu: cpu_usr+cpu_sys of its last procinfo (the field keeps it) */

	bool main_thread_known;
	void *user;                         /* for front ends (chisels, TUI) */
};

/* A thread sysdig considers incomplete: made up for an unknown tid ("<NA>"), pid or ptid unknown. */
static inline bool sc_thread_is_invalid(const struct sc_thread *th)
{
	return th->tid < 0 || th->pid < 0 || th->ptid < 0;
}
/* Whether th is the main thread of its process. */
static inline bool sc_thread_is_main(const struct sc_thread *th)
{
	return th->pid == th->tid || (th->flags & SC_CL_IS_MAIN_THREAD);
}

struct sc_state;

/*
 * Removals parse.c defers to the start of the next event, so that the event
 * causing them (close, procexit) still sees what goes. Owned by the state.
 */
struct sc_state_pending {
	int64_t tid_to_remove;       /* -1: none */
	int64_t fd_tid;              /* thread whose fds are listed */
	int64_t *fds; size_t nfds, capfds;
};

/*
 * The part of the state the per-event path reads inline; everything else
 * is private to state.c. It opens struct sc_state, so a state pointer
 * points at it. Use it only through the inline functions below.
 */
struct sc_state_hot {
	struct sc_thread *last;            /* the last thread looked up (consecutive events share a tid) */
	int64_t last_miss;                 /* if has_miss: the last tid looked up and not found */
	bool has_miss;                     /* cleared whenever a thread is added */
	struct sc_state_pending pending;
};

static inline struct sc_state_pending *sc_state_pending(struct sc_state *st)
{
	return &((struct sc_state_hot *)(void *)st)->pending;
}

struct sc_state *sc_state_new(void);
void sc_state_free(struct sc_state *st);

/* Adds every process and fd of the snapshot. */
void sc_state_seed(struct sc_state *st, const struct sc_snapshot *snap);

/* Thread lookup in the table (sc_state_thread() first asks the last one found). */
struct sc_thread *sc_state_thread_find(struct sc_state *st, int64_t tid);
/* Thread lookup; NULL when unknown. */
static inline struct sc_thread *sc_state_thread(struct sc_state *st, int64_t tid)
{
	const struct sc_state_hot *hot = (const struct sc_state_hot *)(const void *)st;

	if (hot->last && hot->last->tid == tid)
		return hot->last;
	if (tid == hot->last_miss && hot->has_miss)   /* e.g. the idle task's context switches */
		return NULL;
	return sc_state_thread_find(st, tid);
}
/*
 * Creates (or returns the existing) thread for tid. A new thread has
 * sysdig's blank values: pid, ptid, sid, vpgid, vtid, vpid -1, empty
 * strings, uid/gid/loginuid UINT32_MAX, fdlimit -1 (as uint64), and a fresh
 * empty fd table of its own.
 */
struct sc_thread *sc_state_thread_add(struct sc_state *st, int64_t tid);
/*
 * The thread for tid; when unknown, asks the resolver (if any), else adds
 * the stand-in sysdig makes for a thread it has never seen: pid = tid, comm
 * and exe "<NA>", other ids -1 and uid/gid/loginuid UINT32_MAX. Never NULL.
 */
struct sc_thread *sc_state_thread_get(struct sc_state *st, int64_t tid);
/*
 * For live sources: a resolver describes a thread the state has never seen
 * (from /proc), as sysdig looks a live thread up before inventing a
 * stand-in. It gets p zeroed but for p->tid (and the snapshot defaults),
 * fills it (fds included, allocated as snapshot.h says) and returns true if
 * the thread exists. The state frees p. Replays leave it unset.
 */
typedef bool (*sc_state_resolve_fn)(void *arg, int64_t tid, struct sc_snap_proc *p);
void sc_state_set_resolver(struct sc_state *st, sc_state_resolve_fn fn, void *arg);

/*
 * Sets fd sf->fd of tid's fd table to what sf describes (as the seeding
 * from /proc does), replacing what was there: for live sources that look
 * an fd up when an event uses it rather than following every open/close.
 */
void sc_state_fd_seed(struct sc_state *st, int64_t tid, const struct sc_snap_fd *sf);

/* Removes tid now (fds it alone holds are freed); a no-op for unknown tids. */
void sc_state_thread_remove(struct sc_state *st, int64_t tid);
/* Main thread of th's process (th itself when it is the leader), or NULL. */
struct sc_thread *sc_state_main_thread(struct sc_state *st, struct sc_thread *th);
/* proc.cwd: the main thread's cwd (th's own if the main thread is unknown); ends with '/' once set. */
const char *sc_state_thread_cwd(struct sc_state *st, struct sc_thread *th);
/*
 * Joins th to its main thread's fd table when th is a thread (CLONE_FILES
 * and pid != tid), creating a stand-in main thread if needed; otherwise
 * leaves th with its own table. Called after th's pid and flags are set.
 */
void sc_state_thread_link(struct sc_state *st, struct sc_thread *th);

/* fd lookup in th's process; NULL when unknown. */
struct sc_fdinfo *sc_state_fd(struct sc_thread *th, int64_t fd);
/* Adds or replaces fd in th's process table; name is copied (NULL: ""). Other fields zeroed. */
struct sc_fdinfo *sc_state_fd_add(struct sc_thread *th, int64_t fd, uint8_t type, const char *name);
/* Adds or replaces fd with a copy of src (its name copied), as sysdig's dup and clone do. */
struct sc_fdinfo *sc_state_fd_add_copy(struct sc_thread *th, int64_t fd, const struct sc_fdinfo *src);
/* Replaces fd's name with name[0..len). */
void sc_state_fd_set_name(struct sc_fdinfo *fd, const char *name, size_t len);
void sc_state_fd_remove(struct sc_thread *th, int64_t fd);
/* Number of fds in th's table. */
size_t sc_state_fd_count(struct sc_thread *th);

/* Iteration over threads (order unspecified); fn returns false to stop. */
void sc_state_foreach_thread(struct sc_state *st, bool (*fn)(struct sc_thread *, void *), void *arg);
void sc_state_foreach_fd(struct sc_thread *th, bool (*fn)(struct sc_fdinfo *, void *), void *arg);
size_t sc_state_nthreads(const struct sc_state *st);

/*
 * The machine's own address sysdig puts in an incomplete socket tuple (a UDP
 * socket's unknown local side): the interface address equal to dst, else one
 * on dst's subnet, else the first that is not loopback; 0 / :: if none.
 * Interfaces come from the seeding snapshot.
 */
uint32_t sc_state_infer_ipv4(const struct sc_state *st, uint32_t dst);
void sc_state_infer_ipv6(const struct sc_state *st, const uint8_t dst[16], uint8_t out[16]);

/*
 * Writes the current threads and fds into out (for the capture writer):
 * appends one process entry per thread, fds listed under the thread that
 * owns the table. Machine, users, groups and interfaces are left alone.
 */
void sc_state_to_snapshot(struct sc_state *st, struct sc_snapshot *out);

#endif /* SC_STATE_H */
