/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "inspector.h"
#include "parse.h"
#include "util.h"

struct sc_inspector {
	struct sc_engine *eng;
	struct sc_state *st;
	sc_inspector_match_fn match;
	void *match_ud;
	struct sc_raw_evt raw;
	struct sc_evt ev;
	uint64_t nread;
	uint64_t first_ts;
};

struct sc_inspector *sc_inspector_new(struct sc_engine *engine)
{
	struct sc_inspector *in = xcalloc(1, sizeof(*in));

	in->eng = engine;
	in->st = sc_state_new();
	sc_state_seed(in->st, &engine->snap);
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
		sc_parse_event(in->st, ev);   /* sets thread, fd and fdnum */
		if (in->match && !in->match(in->match_ud, in, ev)) {
			ev->filtered_out = true;
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
