/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.h - every source of events behind one vtable: capture files
 * (savefile), memory (mem, for tests), and the live drivers (bpf, kmod,
 * ptrace). Downstream code sees the same records whatever produced them.
 *
 * sc_engine_open() returns an engine the caller owns and releases with
 * sc_engine_close(). A record returned by next() is borrowed until the next
 * call to next() or close(). The snapshot is owned by the engine.
 */
#ifndef SC_ENGINE_H
#define SC_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../driver/abi/sc_abi.h"
#include "../err.h"
#include "../snapshot.h"

struct sc_engine;

struct sc_open_args {
	const char *path;        /* savefile: a path, or "-" for stdin */
	uint32_t snaplen;        /* live engines: bytes of buffers to copy (default 80) */
	/* mem: records to replay, back to back, borrowed for the engine's life */
	const void *mem_buf;
	size_t mem_len;
	const struct sc_snapshot *mem_snapshot;  /* mem: copied at open, may be NULL */

	/* live engines */
	char **argv;             /* ptrace: command to launch (NULL-terminated), or NULL */
	int64_t attach_pid;      /* ptrace: pid to attach (0: none) */
	bool attach_tree;        /* ptrace: also every descendant of attach_pid */
	bool seccomp;            /* ptrace: install the seccomp filter in attached processes too */
	bool trace_all;          /* ptrace: stop at every syscall, not only the selected ones */
	uint32_t buffer_size;    /* bpf/kmod: bytes per ring buffer (0: default) */
	bool sched_switch;       /* bpf/kmod: also emit context switches */
	const char *probe_path;  /* bpf: object file to load instead of the embedded one */
	/*
	 * Event types the consumer can use (index = event id, non-zero = wanted),
	 * or NULL for all. Engines that filter at the source keep these plus every
	 * state-changing event.
	 */
	const uint8_t *evt_mask;
};

/*
 * Block flags of an event-with-flags block. STATE_ONLY: the event is there
 * for the state (a fatfile, sysdig -F), a reader parses it and never shows it.
 */
#define SC_DF_STATE_ONLY 1u

/* What next() hands out. */
struct sc_raw_evt {
	const struct sc_evt_hdr *hdr;  /* borrowed until the next call */
	uint16_t cpu;
	uint32_t flags;                /* event-with-flags blocks, else 0 */
	uint64_t offset;               /* savefile: byte offset of the block, for errors */
};

struct sc_stats {
	uint64_t events;          /* records handed out */
	uint64_t drops;           /* lost by the driver (buffer full) */
	uint64_t drops_bug;       /* lost because they could not be filled */
	/*
	 * Parameters the driver could not read from user memory (a fault on a
	 * bad or not yet mapped pointer): the event is kept with the parameter
	 * empty, where sysdig's driver would drop the whole event.
	 */
	uint64_t drops_fault;
	uint64_t skipped_unknown; /* records of unknown type, counted and skipped */
	uint64_t preemptions;
	int exit_status;          /* ptrace: the launched command's exit status; -1 while none */
};

enum sc_setting {
	SC_SET_SNAPLEN,
	SC_SET_SYSCALL_MASK,   /* a = syscall id, b = 1 on / 0 off */
	SC_SET_DROP_SELF,
};

struct sc_engine_ops {
	const char *name;
	size_t priv_size;   /* bytes of private state allocated after struct sc_engine */
	int (*open)(struct sc_engine *, const struct sc_open_args *, struct sc_err *);
	/* SC_OK with *ev filled, SC_TIMEOUT, SC_EOF, or <0 with err filled */
	int (*next)(struct sc_engine *, struct sc_raw_evt *ev, struct sc_err *);
	int (*start)(struct sc_engine *);
	int (*stop)(struct sc_engine *);
	int (*configure)(struct sc_engine *, enum sc_setting, uint64_t, uint64_t);
	int (*stats)(struct sc_engine *, struct sc_stats *);
	void (*close)(struct sc_engine *);
	/*
	 * Optional, for live engines that do not follow every fd-changing
	 * syscall (ptrace when the filter leaves them out): checks fd of tid,
	 * used by the event next() just returned (its thread still stopped),
	 * against the consumer's idea of it (known_name NULL: none). 1 with *out
	 * filled (the caller frees out->name) when that idea is wrong or
	 * missing, 0 when it is right or the engine follows fds, -ENOENT when
	 * the fd is not open (the consumer forgets it), other <0 when the fd
	 * cannot be looked up.
	 */
	int (*fd_check)(struct sc_engine *, int64_t tid, int64_t fd, const char *known_name, uint64_t known_ino,
			struct sc_snap_fd *out);
	/*
	 * Optional, for fd_check's engines when they do not follow clone and
	 * execve either: thread_info describes a thread the consumer has never
	 * seen, from /proc (true with *out filled as sc_state_resolve_fn
	 * asks); thread_changed hands out, one at a time, the threads whose
	 * process image changed unseen (an execve) since the last call: the
	 * consumer describes each again (thread_info) before the next event.
	 */
	bool (*thread_info)(struct sc_engine *, int64_t tid, struct sc_snap_proc *out);
	bool (*thread_changed)(struct sc_engine *, int64_t *tid);
};

struct sc_engine {
	const struct sc_engine_ops *ops;
	struct sc_snapshot snap;  /* filled by open(); owned by the engine */
	bool live;                /* a running system rather than a recording */
	/*
	 * After stop(), next() still returns what the driver captured before it
	 * (its buffers), then SC_TIMEOUT: the consumer drains it so that Ctrl-C
	 * or -M loses nothing already captured.
	 */
	bool drain_after_stop;
	void *priv;               /* engine-private, points right after this struct */
};

extern const struct sc_engine_ops sc_engine_savefile;
extern const struct sc_engine_ops sc_engine_mem;

/* Finds an engine by name ("savefile", "mem", "bpf" ...), or NULL. */
const struct sc_engine_ops *sc_engine_find(const char *name);
/* Allocates and opens. On failure returns NULL with err filled. */
struct sc_engine *sc_engine_open(const struct sc_engine_ops *ops, const struct sc_open_args *args,
				 struct sc_err *err);
static inline int sc_engine_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	return e->ops->next(e, ev, err);
}
int sc_engine_stats(struct sc_engine *e, struct sc_stats *st);
void sc_engine_close(struct sc_engine *e);

#endif /* SC_ENGINE_H */
