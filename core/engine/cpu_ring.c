/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_ring.c - the reader's side of the live drivers' per-CPU rings and
 * their merge by timestamp (cpu_ring.h).
 *
 * The positions are shared with the producing CPU: every read of the head
 * and write of the tail moves a cache line between CPUs and slows the
 * producer. So the reader works on its own copies, reads the head only once
 * it has caught up with what it saw, and publishes its position after a
 * batch of bytes (an eighth of the ring, at most 64 KiB) and whenever the
 * ring runs dry.
 *
 * The merge works on snapshots of the heads: the rings that had records
 * when the heads were last read are merged until the one a record came from
 * has no more of them; only then are all the heads read again. An idle
 * CPU's ring thus costs nothing per record, which matters where there are
 * hundreds of CPUs (one ring each).
 */
#include "cpu_ring.h"

#include <time.h>

#include "../../driver/abi/sc_kmod.h"

#define YIELD_MS 50        /* the caller gets an SC_TIMEOUT at least this often */
#define YIELD_EVERY 1024   /* records between looks at the clock */
#define BATCH_MAX (64u << 10)

/*
 * Milliseconds for the yield deadlines: the coarse clock (a tick's
 * resolution is plenty for 50 ms) costs no clocksource read.
 */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void sc_cpu_ring_init(struct sc_cpu_ring *r, const uint64_t *headp, uint64_t *tailp, const uint8_t *data,
		      uint64_t size, uint32_t slack, uint16_t cpu)
{
	r->headp = headp;
	r->tailp = tailp;
	r->data = data;
	r->size = size;
	r->slack = slack;
	r->cpu = cpu;
	r->head = NULL;
	r->batch = size / 8 < BATCH_MAX ? size / 8 : BATCH_MAX;
	r->pos = r->pub = r->prod_seen = __atomic_load_n(headp, __ATOMIC_ACQUIRE);
	__atomic_store_n(tailp, r->pos, __ATOMIC_RELEASE);
}

static void publish(struct sc_cpu_ring *r)
{
	if (r->pub != r->pos) {
		__atomic_store_n(r->tailp, r->pos, __ATOMIC_RELEASE);
		r->pub = r->pos;
	}
}

/*
 * The ring's next record, past any padding; NULL when it has none yet, or
 * none in the snapshot when !refresh.
 */
static const struct sc_evt_hdr *peek(struct sc_cpu_rings *rs, struct sc_cpu_ring *r, bool refresh)
{
	for (;;) {
		uint64_t off = r->pos & (r->size - 1), to_end = r->size - off;
		const struct sc_evt_hdr *h;

		if (r->pos >= r->prod_seen) {
			if (!refresh)
				return NULL;
			r->prod_seen = __atomic_load_n(r->headp, __ATOMIC_ACQUIRE);
			if (r->pos >= r->prod_seen) {
				publish(r);
				return NULL;
			}
		}
		if (!r->slack && to_end < SC_EVT_HDR_LEN) {   /* too short for a header: skipped */
			r->pos += to_end;
			continue;
		}
		h = (const struct sc_evt_hdr *)(r->data + off);
		if (!r->slack && h->type == SC_RING_PAD) {
			r->pos += to_end;
			continue;
		}
		if (h->len < SC_EVT_HDR_LEN || h->len > to_end + r->slack || r->pos + h->len > r->prod_seen) {
			/* cannot be (producers write whole records): start again at the head */
			rs->damaged++;
			r->pos = r->prod_seen;
			publish(r);
			return NULL;
		}
		r->head_next = r->pos + ((h->len + 7) & ~7ull);
		return h;
	}
}

static void release(struct sc_cpu_ring *r)
{
	r->pos = r->head_next;
	r->head = NULL;
	if (r->pos - r->pub >= r->batch)
		publish(r);
}

/* True (and the clock restarted) when the caller has not had control for YIELD_MS. */
static bool yield_due(struct sc_cpu_rings *rs)
{
	uint64_t now = mono_ms();

	if (now - rs->last_yield_ms < YIELD_MS)
		return false;
	rs->last_yield_ms = now;
	return true;
}

void sc_cpu_rings_restart(struct sc_cpu_rings *rs)
{
	rs->last_yield_ms = mono_ms();
}

int sc_cpu_rings_next(struct sc_cpu_rings *rs, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct sc_cpu_ring *best;
	bool refresh = rs->refresh;
	int tries;

	if (rs->held) {
		release(rs->held);
		/* the snapshot of the ring we read from is used up: read every head again */
		if (rs->held->pos >= rs->held->prod_seen)
			refresh = true;
		rs->held = NULL;
	}
	rs->refresh = false;
	if (++rs->since_yield >= YIELD_EVERY) {
		rs->since_yield = 0;
		if (yield_due(rs))
			return SC_TIMEOUT;
	}
	for (tries = 0; tries < 2; tries++) {
		unsigned i;

		best = NULL;
		for (i = 0; i < rs->n; i++) {
			struct sc_cpu_ring *r = &rs->ring[i];

			if (!r->head)
				r->head = peek(rs, r, refresh);
			if (r->head && (!best || r->head->ts < best->head->ts))
				best = r;
		}
		if (best)
			break;
		if (!refresh) {   /* nothing left in the snapshot: look at the heads before waiting */
			refresh = true;
			tries--;
			continue;
		}
		if (tries == 0) {
			int rc = rs->wait(rs->wait_ctx, err);

			if (rc < 0)
				return rc;
			if (rc > 0)
				break;   /* a signal: let the caller look at it */
		}
	}
	if (!best) {
		rs->last_yield_ms = mono_ms();
		return SC_TIMEOUT;
	}
	/*
	 * Nor with a trickle of records, each found after a wait: after a wait,
	 * yield once YIELD_MS has passed (the record stays peeked for the next
	 * call).
	 */
	if (tries > 0 && yield_due(rs)) {
		rs->refresh = refresh;
		return SC_TIMEOUT;
	}
	if (best->head->type >= SC_EVENT_MAX) {
		rs->skipped++;
		release(best);
		rs->refresh = best->pos >= best->prod_seen;
		return SC_TIMEOUT;
	}
	ev->hdr = best->head;
	ev->cpu = best->cpu;
	ev->flags = 0;
	ev->offset = 0;
	rs->held = best;
	rs->handed++;
	return SC_OK;
}
