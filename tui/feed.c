/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.c - opens, restarts and reads csyscope's source of events.
 */
#include "feed.h"

#include <errno.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/util.h"

static int open_engine(struct sc_feed *f, struct sc_err *err)
{
	struct sc_open_args args = { 0 };
	int rc;

	f->ops = sc_source_pick(&f->o.src, &args, err);
	if (!f->ops)
		return err->code ? err->code : SC_ENOTSUP;
	args.snaplen = f->o.snaplen ? f->o.snaplen : 80;
	f->eng = sc_engine_open(f->ops, &args, err);
	if (!f->eng)
		return err->code ? err->code : -1;
	f->live = f->eng->live;
	if (f->o.exclude_users && f->eng->live)
		sc_snapshot_drop_users(&f->eng->snap);
	f->in = sc_inspector_new(f->eng);
	if (f->filter)
		sc_inspector_set_match(f->in, sc_filter_match_fn, f->filter);
	if (f->eng->ops->start && (rc = f->eng->ops->start(f->eng)) < 0)
		return sc_err_set(err, rc, "could not start the capture: %s", strerror(-rc));
	f->eof = false;
	f->first_ts = f->last_ts = 0;
	memset(&f->ctx, 0, sizeof(f->ctx));
	f->ctx.st = sc_inspector_state(f->in);
	f->ctx.snap = &f->eng->snap;
	f->ctx.time_mode = 'h';
	f->ctx.max_buflen = 80;
	f->ctx.tz = &f->tz;
	return 0;
}

static void close_engine(struct sc_feed *f)
{
	if (f->eng && f->eng->ops->stop)
		f->eng->ops->stop(f->eng);
	sc_inspector_free(f->in);   /* closes the engine */
	f->in = NULL;
	f->eng = NULL;
}

int sc_feed_open(struct sc_feed *f, const struct sc_feed_opts *o, struct sc_err *err)
{
	memset(f, 0, sizeof(*f));
	f->o = *o;
	f->exit_status = -1;
	return open_engine(f, err);
}

void sc_feed_close(struct sc_feed *f)
{
	close_engine(f);
	sc_filter_free(f->filter);
	f->filter = NULL;
}

int sc_feed_restart(struct sc_feed *f, const char *filter, struct sc_err *err)
{
	struct sc_filter *nf = NULL;

	if (filter && *filter && !(nf = sc_filter_compile(filter, err)))
		return err->code ? err->code : SC_EFORMAT;
	if (!f->live) {
		close_engine(f);
		sc_filter_free(f->filter);
		f->filter = nf;
		return open_engine(f, err);
	}
	sc_inspector_set_match(f->in, nf ? sc_filter_match_fn : NULL, nf);
	sc_filter_free(f->filter);
	f->filter = nf;
	return 0;
}

int sc_feed_next(struct sc_feed *f, struct sc_evt **ev, struct sc_err *err)
{
	int rc;

	if (f->eof)
		return SC_EOF;
	if (!f->in)   /* a capture that could not be opened again (sc_feed_restart failed) */
		return sc_err_set(err, -EBADF, "no source of events: the capture could not be opened again");
	rc = sc_inspector_next(f->in, ev, err);
	if (rc == SC_EOF) {
		struct sc_stats st;

		f->eof = true;
		if (sc_engine_stats(f->eng, &st) == 0 && st.exit_status >= 0)
			f->exit_status = st.exit_status;
		return rc;
	}
	if (rc != SC_OK)
		return rc;
	if (!f->first_ts)
		f->first_ts = (*ev)->hdr->ts;
	f->last_ts = (*ev)->hdr->ts;
	f->ctx.ev = *ev;
	f->ctx.first_ts = sc_inspector_first_ts(f->in);
	return SC_OK;
}

struct thread_walk {
	struct sc_feed *f;
	struct sc_evt_hdr hdr;
	struct sc_evt ev;
	struct sc_fctx ctx;
	void (*fn)(void *ud, const struct sc_fctx *ctx);
	void *ud;
};

static bool thread_event(struct sc_thread *th, void *arg)
{
	struct thread_walk *w = arg;

	w->hdr.tid = (uint64_t)th->tid;
	memset(&w->ev, 0, sizeof(w->ev));
	w->ev.hdr = &w->hdr;
	w->ev.info = &sc_event_table[SCE_SYSDIGEVENT_X];
	w->ev.laid_out = true;
	w->ev.thread = th;
	w->ev.fdnum = -1;
	w->ctx.ev = &w->ev;
	if (!w->f->filter || sc_filter_eval(w->f->filter, &w->ctx))
		w->fn(w->ud, &w->ctx);
	return true;
}

void sc_feed_thread_events(struct sc_feed *f, uint64_t ts, void (*fn)(void *ud, const struct sc_fctx *ctx),
			   void *ud)
{
	struct thread_walk w = { .f = f, .fn = fn, .ud = ud };

	if (!f->in)
		return;
	w.hdr.ts = ts;
	w.hdr.len = sizeof(w.hdr);
	w.hdr.type = SCE_SYSDIGEVENT_X;
	w.ctx = f->ctx;
	sc_state_foreach_thread(sc_inspector_state(f->in), thread_event, &w);
}

uint64_t sc_feed_span(const struct sc_feed *f)
{
	const struct sc_raw_evt *raw = f->in ? sc_inspector_last_raw(f->in) : NULL;
	uint64_t first = f->in ? sc_inspector_first_ts(f->in) : 0;

	if (!raw || !raw->hdr || !first || raw->hdr->ts < first)
		return 0;
	return raw->hdr->ts - first;
}

uint64_t sc_feed_nread(const struct sc_feed *f)
{
	return f->in ? sc_inspector_nread(f->in) : 0;
}
