/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builders.h"
#include "core/util.h"

#define BP_INT(fn, T)                                                   \
	struct sc_bparam fn(T v)                                        \
	{                                                               \
		struct sc_bparam p = { .len = sizeof(T) };              \
		memcpy(&p.scratch, &v, sizeof(T));                      \
		return p;                                               \
	}
BP_INT(sc_bp_u8, uint8_t)
BP_INT(sc_bp_u16, uint16_t)
BP_INT(sc_bp_u32, uint32_t)
BP_INT(sc_bp_u64, uint64_t)
BP_INT(sc_bp_i64, int64_t)

struct sc_bparam sc_bp_str(const char *s)
{
	struct sc_bparam p = { .val = s, .len = (uint32_t)strlen(s) + 1 };
	return p;
}

struct sc_bparam sc_bp_buf(const void *v, uint32_t len)
{
	struct sc_bparam p = { .val = v, .len = len };
	return p;
}

static void reserve(struct sc_builder *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	b->cap = (b->len + more) * 2;
	b->buf = xrealloc(b->buf, b->cap);
}

size_t sc_builder_add(struct sc_builder *b, uint64_t tid, uint16_t type, uint32_t n, ...)
{
	struct sc_bparam ps[SC_MAX_EVENT_PARAMS];
	struct sc_evt_hdr h;
	size_t at = b->len, total = SC_EVT_HDR_LEN;
	int large = type < SC_EVENT_MAX && (sc_event_table[type].flags & SC_EF_LARGE_PAYLOAD);
	size_t lsz = large ? 4 : 2;
	va_list ap;
	uint32_t i;

	va_start(ap, n);
	for (i = 0; i < n && i < SC_MAX_EVENT_PARAMS; i++) {
		ps[i] = va_arg(ap, struct sc_bparam);
		total += lsz + ps[i].len;
	}
	va_end(ap);
	if (!b->ts)
		b->ts = 1000000000ULL;
	h.ts = b->ts;
	b->ts += 1000;
	h.tid = tid;
	h.len = (uint32_t)total;
	h.type = type;
	h.nparams = n;
	reserve(b, total);
	memcpy(b->buf + b->len, &h, SC_EVT_HDR_LEN);
	b->len += SC_EVT_HDR_LEN;
	for (i = 0; i < n; i++) {
		if (large) {
			memcpy(b->buf + b->len, &ps[i].len, 4);
		} else {
			uint16_t l = (uint16_t)ps[i].len;
			memcpy(b->buf + b->len, &l, 2);
		}
		b->len += lsz;
	}
	for (i = 0; i < n; i++) {
		memcpy(b->buf + b->len, ps[i].val ? ps[i].val : (const void *)&ps[i].scratch, ps[i].len);
		b->len += ps[i].len;
	}
	return at;
}

void sc_builder_free(struct sc_builder *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}
