/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdlib.h>

#include "inspector.h"
#include "parse.h"
#include "util.h"

struct sc_inspector {
	struct sc_engine *eng;
	struct sc_state *st;
	sc_inspector_match_fn match;
	void *match_ud;
	bool give_filtered;   /* return the events the filter rejects too, marked */
	bool recorded;        /* the engine replays a recording (not live) */
	struct sc_raw_evt raw;
	struct sc_evt ev;
	uint64_t nread;
	uint64_t first_ts;
	bool hooks;   /* the engine has thread_changed or fd_check (see engine_hooks) */
};

/* The state's resolver for an engine that describes threads it did not follow (thread_info). */
static bool resolve_thread(void *arg, int64_t tid, struct sc_snap_proc *p)
{
	struct sc_engine *e = arg;

	return e->ops->thread_info(e, tid, p);
}

struct sc_inspector *sc_inspector_new(struct sc_engine *engine)
{
	struct sc_inspector *in = xcalloc(1, sizeof(*in));

	in->eng = engine;
	in->st = sc_state_new();
	sc_state_seed(in->st, &engine->snap);
	if (engine->ops->thread_info)
		sc_state_set_resolver(in->st, resolve_thread, engine);
	in->hooks = engine->ops->thread_changed || engine->ops->fd_check;
	in->recorded = !engine->live;
	return in;
}

void sc_inspector_free(struct sc_inspector *in)
{
	if (!in)
		return;
	sc_state_free(in->st);
	sc_engine_close(in->eng);
	free(in);
}

void sc_inspector_set_match(struct sc_inspector *in, sc_inspector_match_fn fn, void *ud)
{
	in->match = fn;
	in->match_ud = ud;
}

void sc_inspector_set_give_filtered(struct sc_inspector *in, bool give)
{
	in->give_filtered = give;
}

/*
 * An engine that does not follow every fd change checks each fd an enter
 * event carries against the state before the state takes the event.
 */
static void check_fds(struct sc_inspector *in, const struct sc_evt *ev)
{
	int64_t tid = (int64_t)ev->hdr->tid;
	uint32_t i;

	if (!sc_evt_is_enter(ev->hdr->type))
		return;
	for (i = 0; i < ev->nparams && i < ev->info->nparams; i++) {
		const struct sc_param *p = &sc_evt_params(ev)[i];
		struct sc_thread *th;
		struct sc_fdinfo *fi = NULL;
		struct sc_snap_fd sf;
		int64_t fd;
		int rc;

		if (ev->info->params[i].type != SC_PT_FD || p->len != 8)
			continue;
		fd = (int64_t)sc_get_u64(p->val);
		if (fd < 0)
			continue;
		th = sc_state_thread(in->st, tid);
		if (th)
			fi = sc_state_fd(th, fd);
		rc = in->eng->ops->fd_check(in->eng, tid, fd, fi ? fi->name : NULL, fi ? fi->ino : 0, &sf);
		if (rc == 1) {
			sc_state_fd_seed(in->st, tid, &sf);
			free(sf.name);
		} else if (rc == -ENOENT && fi) {
			/* closed unseen: the event has no fd, as with a driver that follows close */
			sc_state_fd_remove(th, fd);
		}
	}
}

/*
 * What an engine that does not follow every change asks of the state before
 * an event is parsed: threads it saw exec re-described, the event's fds checked.
 * Kept out of sc_inspector_next's loop, which replays never pay for.
 */
static void __attribute__((noinline)) engine_hooks(struct sc_inspector *in, const struct sc_evt *ev)
{
	if (in->eng->ops->thread_changed) {
		int64_t tid;

		/* an exec the engine did not follow: the thread described again, as it is now */
		while (in->eng->ops->thread_changed(in->eng, &tid)) {
			sc_state_thread_remove(in->st, tid);
			sc_state_thread_get(in->st, tid);
		}
	}
	if (in->eng->ops->fd_check)
		check_fds(in, ev);
}

int sc_inspector_next(struct sc_inspector *in, struct sc_evt **out, struct sc_err *err)
{
	struct sc_evt *ev = &in->ev;
	int rc;

	for (;;) {
		rc = sc_engine_next(in->eng, &in->raw, err);
		if (rc != SC_OK)
			return rc;
		rc = sc_evt_decode(ev, in->raw.hdr, err);
		if (rc == SC_ENOTSUP)
			continue;   /* unknown type: the engine counted it */
		if (rc < 0) {
			err->offset = in->raw.offset;
			return rc;
		}
		ev->cpu = in->raw.cpu;
		ev->flags = in->raw.flags;
		ev->num = ++in->nread;
		if (!in->first_ts)
			in->first_ts = ev->hdr->ts;
		ev->filtered_out = false;
		if (in->hooks)
			engine_hooks(in, ev);
		if (in->match && !(ev->info->flags & SC_EF_MODIFIES_STATE)) {
			/* as sysdig: filtered before its parser runs, and not parsed if it fails */
			bool todo = sc_parse_prepare(in->st, ev);

			if (!in->match(in->match_ud, in, ev)) {
				sc_parse_skip(in->st, ev);
				ev->filtered_out = true;
				if (!in->give_filtered)
					continue;
			} else if (todo) {
				sc_parse_apply(in->st, ev);
			}
		} else {
			sc_parse_event(in->st, ev);
			if (in->match && !in->match(in->match_ud, in, ev)) {
				ev->filtered_out = true;
				if (!in->give_filtered)
					continue;
			}
		}
		/* a recorded event that is there for the state only (a fatfile's) is never shown */
		if (__builtin_expect(ev->flags & SC_DF_STATE_ONLY, 0) && in->recorded && !ev->filtered_out) {
			ev->filtered_out = true;
			if (!in->give_filtered)
				continue;
		}
		*out = ev;
		return SC_OK;
	}
}

struct sc_state *sc_inspector_state(struct sc_inspector *in)
{
	return in->st;
}

struct sc_engine *sc_inspector_engine(struct sc_inspector *in)
{
	return in->eng;
}

uint64_t sc_inspector_first_ts(const struct sc_inspector *in)
{
	return in->first_ts;
}

uint64_t sc_inspector_nread(const struct sc_inspector *in)
{
	return in->nread;
}

const struct sc_raw_evt *sc_inspector_last_raw(const struct sc_inspector *in)
{
	return &in->raw;
}
