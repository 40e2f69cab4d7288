/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mem.c - the engine that replays records from memory (see mem.h).
 */
#include <string.h>

#include "mem.h"
#include "../util.h"

struct mem {
	const uint8_t *buf;
	size_t len, pos;
	struct sc_stats st;
};

static int mem_open(struct sc_engine *e, const struct sc_open_args *args, struct sc_err *err)
{
	struct mem *m = e->priv;

	if (!args || (!args->mem_buf && args->mem_len))
		return sc_err_set(err, SC_EFORMAT, "mem: no buffer given");
	m->buf = args->mem_buf;
	m->len = args->mem_len;
	if (args->mem_snapshot)
		sc_snapshot_copy(&e->snap, args->mem_snapshot);
	e->live = false;
	return SC_OK;
}

static int mem_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct mem *m = e->priv;

	for (;;) {
		size_t left = m->len - m->pos;
		const uint8_t *rec = m->buf + m->pos;
		uint32_t len;

		if (left == 0)
			return SC_EOF;
		if (left < SC_EVT_HDR_LEN) {
			sc_err_set(err, SC_ETRUNC, "mem: %zu stray bytes after the last record at byte offset %zu",
				   left, m->pos);
			if (err)
				err->offset = m->pos;
			return SC_ETRUNC;
		}
		len = sc_get_u32(rec + 16);
		if (len < SC_EVT_HDR_LEN || len > left) {
			sc_err_set(err, SC_EFORMAT, "mem: record of length %u with %zu bytes left at byte offset %zu",
				   len, left, m->pos);
			if (err)
				err->offset = m->pos;
			return SC_EFORMAT;
		}
		ev->offset = m->pos;
		m->pos += len;
		if (sc_get_u16(rec + 20) >= SC_EVENT_MAX) {
			m->st.skipped_unknown++;
			continue;
		}
		ev->hdr = (const struct sc_evt_hdr *)rec;
		ev->cpu = 0;
		ev->flags = 0;
		m->st.events++;
		return SC_OK;
	}
}

static int mem_nop(struct sc_engine *e)
{
	return SC_OK;
}

static int mem_configure(struct sc_engine *e, enum sc_setting s, uint64_t a, uint64_t b)
{
	return SC_OK;   /* accepted and ignored: the records are already made */
}

static int mem_stats(struct sc_engine *e, struct sc_stats *st)
{
	const struct mem *m = e->priv;

	st->events = m->st.events;
	st->skipped_unknown = m->st.skipped_unknown;
	return SC_OK;
}

static void mem_close(struct sc_engine *e)
{
}

const struct sc_engine_ops sc_engine_mem = {
	.name = "mem",
	.priv_size = sizeof(struct mem),
	.open = mem_open,
	.next = mem_next,
	.start = mem_nop,
	.stop = mem_nop,
	.configure = mem_configure,
	.stats = mem_stats,
	.close = mem_close,
};
