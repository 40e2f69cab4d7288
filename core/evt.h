/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evt.h - one event as the inspector hands it downstream: the raw record
 * (borrowed from the engine until the next event), its parameters located,
 * and the context the state resolved for it (thread, fd).
 *
 * Everything in a struct sc_evt is borrowed: the record from the engine,
 * thread and fd from the state. They are valid until the next call to
 * sc_inspector_next().
 */
#ifndef SC_EVT_H
#define SC_EVT_H

#include <stdbool.h>
#include <stdint.h>

#include "../driver/abi/sc_abi.h"
#include "err.h"

struct sc_thread;
struct sc_fdinfo;

struct sc_param {
	const uint8_t *val;  /* points into the record */
	uint32_t len;
};

struct sc_evt {
	const struct sc_evt_hdr *hdr;      /* the record */
	const struct sc_event_info *info;  /* table row for hdr->type */
	uint64_t num;                      /* evt.num: 1-based count of events read */
	uint16_t cpu;
	uint32_t flags;                    /* block flags (event-with-flags blocks), else 0 */
	uint32_t nparams;                  /* parameters present in the record */
	/*
	 * Where each parameter is: laid out on first use (sc_evt_param,
	 * sc_evt_params), not by sc_evt_decode(), which only checks that they
	 * fit, so that an event a filter rejects early is never laid out. Read
	 * them only through those two.
	 */
	bool laid_out;
	struct sc_param lay[SC_MAX_EVENT_PARAMS];

	/* Context resolved by the state engine (NULL when unknown). */
	struct sc_thread *thread;
	struct sc_fdinfo *fd;
	int64_t fdnum;                     /* the fd the event uses, or -1 */
	bool filtered_out;                 /* state saw it, the filter rejected it */
};

/*
 * Decodes the record at hdr into ev (ev->hdr, info, nparams): checks that
 * its parameters fit in the record (SC_EFORMAT when they do not), without
 * laying them out yet. Unknown event types (>= SC_EVENT_MAX) fail with
 * SC_ENOTSUP. The usual record (known type, 16-bit lengths) is checked
 * inline; every other one, and every error, goes through
 * sc_evt_decode_full(), which also lays the parameters out.
 */
int sc_evt_decode_full(struct sc_evt *ev, const struct sc_evt_hdr *hdr, struct sc_err *err);

static inline int sc_evt_decode(struct sc_evt *ev, const struct sc_evt_hdr *hdr, struct sc_err *err)
{
	uint32_t len = hdr->len, n = hdr->nparams, at = SC_EVT_HDR_LEN + 2 * n, i, sum;
	uint16_t type = hdr->type;

	if (type < SC_EVENT_MAX && n <= SC_MAX_EVENT_PARAMS && at <= len &&
	    !(sc_event_table[type].flags & SC_EF_LARGE_PAYLOAD)) {
		const uint8_t *lp = (const uint8_t *)hdr + SC_EVT_HDR_LEN;

		/* at most 32 lengths below 2^16: the sum cannot wrap */
		for (i = 0, sum = at; i < n; i++) {
			uint16_t pl;

			__builtin_memcpy(&pl, lp + 2 * i, 2);
			sum += pl;
		}
		if (sum <= len) {
			ev->hdr = hdr;
			ev->info = &sc_event_table[type];
			ev->nparams = n;
			ev->laid_out = false;
			return SC_OK;
		}
	}
	return sc_evt_decode_full(ev, hdr, err);
}

/* Lays the parameters of a decoded event out (once; see sc_evt_param). */
void sc_evt_lay_out(struct sc_evt *ev);

/*
 * The parameters of a decoded event, ev->nparams of them. Laying them out
 * on first use changes only that cache, so a const event may be passed.
 */
static inline const struct sc_param *sc_evt_params(const struct sc_evt *ev)
{
	if (!ev->laid_out)
		sc_evt_lay_out((struct sc_evt *)ev);
	return ev->lay;
}

/* Parameter i, or NULL when the record has fewer parameters. */
static inline const struct sc_param *sc_evt_param(const struct sc_evt *ev, uint32_t i)
{
	return i < ev->nparams ? &sc_evt_params(ev)[i] : 0;
}

/* Index of the parameter called name in the event's table row, or -1. */
int sc_evt_param_index(const struct sc_evt *ev, const char *name);

/* Integer value of parameter i, sign-extended by its type; def if absent or too short. */
int64_t sc_evt_param_int(const struct sc_evt *ev, uint32_t i, int64_t def);

/* Direction of an event type: true for enter (even ids). */
static inline bool sc_evt_is_enter(uint16_t type) { return (type & 1) == 0; }

/* The container metadata events: they feed the state and sysdig's front end never sees them. */
static inline bool sc_evt_is_container_meta(const struct sc_evt *ev)
{
	uint16_t t = ev->hdr->type;

	return t == SCE_CONTAINER_E || t == SCE_CONTAINER_JSON_E || t == SCE_CONTAINER_JSON_2_E;
}

/*
 * Whether sysdig keeps the event out of its output even when the filter
 * matches it: internal events (procinfo ...) and the container metadata
 * events. They still count in evt.num. -D shows them.
 */
static inline bool sc_evt_hidden(const struct sc_evt *ev)
{
	return (ev->info->category & SC_EC_INTERNAL) || sc_evt_is_container_meta(ev);
}

#endif /* SC_EVT_H */
