/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.h - the events behind csyscope's screen: the engine the options
 * name (core/source.h) and its inspector, the filter of the current level
 * (view, drill-down and F4 filter together), and the field context the
 * consumers read with. A capture is read again from its start whenever the
 * filter changes (a new view, a drill-down); a live source goes on.
 *
 * Ownership: the feed owns its engine, inspector and filter; events and the
 * context are borrowed until the next sc_feed_next().
 */
#ifndef SC_TUI_FEED_H
#define SC_TUI_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/fields.h"
#include "core/filter.h"
#include "core/inspector.h"
#include "core/source.h"

struct sc_feed_opts {
	struct sc_source_opts src;
	uint32_t snaplen;
	bool exclude_users;
};

struct sc_feed {
	struct sc_feed_opts o;
	const struct sc_engine_ops *ops;
	struct sc_engine *eng;
	struct sc_inspector *in;
	struct sc_filter *filter;     /* NULL: every event */
	struct sc_fctx ctx;
	struct sc_tzcache tz;
	bool live, eof;
	uint64_t first_ts, last_ts;   /* of the events read since the last start */
	int exit_status;              /* --userspace: the command's, once known; else -1 */
};

/* Opens the source (a bad capture or an unavailable driver is an error here, before any screen). */
int sc_feed_open(struct sc_feed *f, const struct sc_feed_opts *o, struct sc_err *err);
void sc_feed_close(struct sc_feed *f);

/*
 * Compiles filter (NULL or "" = none) and, for a capture, starts it again
 * from its first event. On a bad filter returns SC_EFORMAT with err->col
 * and leaves the feed as it was; when a capture cannot be opened again,
 * returns its error and sc_feed_next() returns an error from then on.
 */
int sc_feed_restart(struct sc_feed *f, const char *filter, struct sc_err *err);

/* SC_OK with *ev (passed the filter), SC_TIMEOUT (live, nothing now), SC_EOF, or <0 with err. */
int sc_feed_next(struct sc_feed *f, struct sc_evt **ev, struct sc_err *err);

/*
 * As csysdig at the end of each tick: one internal event (sysdigevent, no
 * parameters, at time ts) per thread the state knows, given to fn when it
 * passes the filter, so that idle threads and processes still have rows.
 */
void sc_feed_thread_events(struct sc_feed *f, uint64_t ts, void (*fn)(void *ud, const struct sc_fctx *ctx),
			   void *ud);

/* Time from the first to the last event read since the last (re)start, filtered or not (ns). */
uint64_t sc_feed_span(const struct sc_feed *f);

/* Events read since the last (re)start, filtered or not. */
uint64_t sc_feed_nread(const struct sc_feed *f);

#endif /* SC_TUI_FEED_H */
