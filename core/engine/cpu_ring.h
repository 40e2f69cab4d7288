/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_ring.h - reading the live drivers' per-CPU rings in place and merging
 * them by timestamp. Owns the reader's side of a ring: its position, when
 * it is published to the producer, what counts as a damaged record, and the
 * merge loop with its waits and yields. The kernel module's rings (padded at
 * the end, driver/abi/sc_kmod.h) and the eBPF probe's (records run on into
 * slack past the end, bpf/syscope.h) are both of this kind: the producer
 * moves a head, the reader a tail, records are .scap event records 8-byte
 * aligned. The memory is the engine's (mapped and unmapped by it).
 */
#ifndef SC_CPU_RING_H
#define SC_CPU_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

struct sc_cpu_ring {
	const uint64_t *headp;           /* the producer's position */
	uint64_t *tailp;                 /* ours, as the producer sees it */
	const uint8_t *data;             /* size + slack bytes */
	uint64_t size;                   /* a power of two */
	uint32_t slack;                  /* bytes past the end a record may run into; 0: padded */
	uint16_t cpu;
	/* the reader's state */
	const struct sc_evt_hdr *head;   /* peeked record, or NULL */
	uint64_t head_next;              /* our position after head */
	uint64_t pos;                    /* our position */
	uint64_t pub;                    /* the position last written to *tailp */
	uint64_t prod_seen;              /* *headp when last read */
	uint64_t batch;                  /* bytes read before the position is published */
};

/*
 * Waits for the producers (a sleep, or a wait on their wakeups): 0 when done
 * waiting, 1 when a signal interrupted it (the caller gets control back),
 * <0 an error with err filled.
 */
typedef int (*sc_cpu_ring_wait_fn)(void *ctx, struct sc_err *err);

struct sc_cpu_rings {
	struct sc_cpu_ring *ring;        /* n rings, owned by the engine */
	unsigned n;
	sc_cpu_ring_wait_fn wait;
	void *wait_ctx;
	struct sc_cpu_ring *held;        /* ring of the record handed out last */
	bool refresh;                    /* read every head on the next call */
	unsigned since_yield;            /* records handed out since the last SC_TIMEOUT */
	uint64_t last_yield_ms;
	uint64_t handed;                 /* records handed out */
	uint64_t skipped;                /* records of an unknown event type */
	uint64_t damaged;                /* rings resynchronized after a record that cannot be */
};

/* Sets ring r up to read from the producer's current head (what is already there is skipped). */
void sc_cpu_ring_init(struct sc_cpu_ring *r, const uint64_t *headp, uint64_t *tailp, const uint8_t *data,
		      uint64_t size, uint32_t slack, uint16_t cpu);

/*
 * The oldest record of all rings: SC_OK with ev filled (the record is
 * borrowed until the next call), SC_TIMEOUT when every ring stayed empty
 * through a wait, after a signal, or when the caller has not had control
 * for a while (a filter that rejects everything on a busy machine must not
 * keep Ctrl-C, -M or --stats waiting), <0 from the wait.
 */
int sc_cpu_rings_next(struct sc_cpu_rings *rs, struct sc_raw_evt *ev, struct sc_err *err);

/* Restarts the yield clock (capture starting). */
void sc_cpu_rings_restart(struct sc_cpu_rings *rs);

#endif /* SC_CPU_RING_H */
