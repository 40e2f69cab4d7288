/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inspector.h - the pipeline's middle: owns an engine, the state and the
 * filter, and hands out the next event that passes the filter with its
 * context resolved. Every front end (cli, tui, chisels) reads events here.
 *
 * sc_inspector_new() takes ownership of the engine; sc_inspector_free()
 * closes it. Events returned are borrowed until the next call.
 */
#ifndef SC_INSPECTOR_H
#define SC_INSPECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "evt.h"
#include "state.h"

struct sc_inspector;

struct sc_inspector *sc_inspector_new(struct sc_engine *engine);
void sc_inspector_free(struct sc_inspector *in);

/*
 * The filter: events for which it returns false are not returned (the
 * state still sees every event that changes it). As sysdig, the match is
 * asked before the parser for events that change no state, and those it
 * rejects are not parsed (their thread's next exit then has no fd of its
 * own). NULL shows everything. The filter module plugs in here; ud stays
 * the caller's. A display filter (sysdig's -d), which must see what the
 * state made of every event, is the caller's to run on what comes out.
 */
typedef bool (*sc_inspector_match_fn)(void *ud, struct sc_inspector *in, struct sc_evt *ev);
void sc_inspector_set_match(struct sc_inspector *in, sc_inspector_match_fn fn, void *ud);
/*
 * Also return the events that are not to be shown (rejected by the filter,
 * or recorded for the state only), with ev->filtered_out set: the capture
 * writer keeps some of them (sysdig: internal events always, the ones that
 * change state with -F). Off by default.
 */
void sc_inspector_set_give_filtered(struct sc_inspector *in, bool give);

/*
 * SC_OK with *ev set to the next shown event (or filtered-out one, see
 * sc_inspector_set_give_filtered), SC_TIMEOUT (live, nothing
 * yet), SC_EOF, or <0 with err filled (events before the error were all
 * returned).
 */
int sc_inspector_next(struct sc_inspector *in, struct sc_evt **ev, struct sc_err *err);

struct sc_state *sc_inspector_state(struct sc_inspector *in);
struct sc_engine *sc_inspector_engine(struct sc_inspector *in);
/* Timestamp of the first event read (0 before it), for relative time fields. */
uint64_t sc_inspector_first_ts(const struct sc_inspector *in);
/* Events read, shown (passed the filter), and records skipped as unknown. */
uint64_t sc_inspector_nread(const struct sc_inspector *in);
/* The raw record of the last event read, and its cpu/flags, e.g. for the capture writer. */
const struct sc_raw_evt *sc_inspector_last_raw(const struct sc_inspector *in);

#endif /* SC_INSPECTOR_H */
