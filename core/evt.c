/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evt.c - locating the parameters of a record (see evt.h). Every length is
 * checked against the record's own len, so a damaged record fails here
 * instead of being read past its end.
 */
#include <string.h>

#include "evt.h"
#include "util.h"

int sc_evt_decode_full(struct sc_evt *ev, const struct sc_evt_hdr *hdr, struct sc_err *err)
{
	const uint8_t *rec = (const uint8_t *)hdr;
	uint32_t len = hdr->len, n = hdr->nparams, i, lsz, at;
	uint16_t type = hdr->type;
	bool large;

	ev->hdr = hdr;
	ev->nparams = 0;
	ev->laid_out = true;   /* here they are laid out as they are checked */
	if (type >= SC_EVENT_MAX) {
		ev->info = NULL;
		return sc_err_set(err, SC_ENOTSUP, "unknown event type %u", type);
	}
	ev->info = &sc_event_table[type];
	if (len < SC_EVT_HDR_LEN)
		return sc_err_set(err, SC_EFORMAT, "event of type %u: length %u shorter than its header",
				  type, len);
	if (n > SC_MAX_EVENT_PARAMS)
		return sc_err_set(err, SC_EFORMAT, "event of type %u: %u parameters (at most %u)", type, n,
				  SC_MAX_EVENT_PARAMS);
	large = (ev->info->flags & SC_EF_LARGE_PAYLOAD) != 0;
	lsz = large ? 4 : 2;
	at = SC_EVT_HDR_LEN + n * lsz;
	if (at > len)
		return sc_err_set(err, SC_EFORMAT,
				  "event of type %u: %u parameter lengths do not fit in length %u", type, n, len);
	/* fast path: lay the parameters out, then check their sum once (cannot wrap: at most
	 * SC_MAX_EVENT_PARAMS lengths below 2^32 each) */
	{
		const uint8_t *lp = rec + SC_EVT_HDR_LEN;
		uint64_t end = at;

		if (large) {
			for (i = 0; i < n; i++) {
				uint32_t pl = sc_get_u32(lp + 4 * i);

				ev->lay[i].val = rec + end;   /* used only if all fit */
				ev->lay[i].len = pl;
				end += pl;
			}
		} else {
			for (i = 0; i < n; i++) {
				uint32_t pl = sc_get_u16(lp + 2 * i);

				ev->lay[i].val = rec + end;   /* used only if all fit */
				ev->lay[i].len = pl;
				end += pl;
			}
		}
		if (end <= len) {
			ev->nparams = n;
			return SC_OK;
		}
	}
	/* some parameter runs past the end: find which, for the message */
	for (i = 0; i < n; i++) {
		const uint8_t *lp = rec + SC_EVT_HDR_LEN + i * lsz;
		uint32_t pl = large ? sc_get_u32(lp) : sc_get_u16(lp);

		if (pl > len - at)
			return sc_err_set(err, SC_EFORMAT,
					  "event of type %u: parameter %u (%u bytes) runs past the record end",
					  type, i, pl);
		ev->lay[i].val = rec + at;
		ev->lay[i].len = pl;
		at += pl;
	}
	ev->nparams = n;
	return SC_OK;
}

void sc_evt_lay_out(struct sc_evt *ev)
{
	/* the record was checked at decode: the full decode lays it out and cannot fail */
	(void)sc_evt_decode_full(ev, ev->hdr, NULL);
}

int sc_evt_param_index(const struct sc_evt *ev, const char *name)
{
	uint32_t i;

	if (!ev->info)
		return -1;
	for (i = 0; i < ev->info->nparams; i++)
		if (ev->info->params[i].name && strcmp(ev->info->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Width in bytes of the integer types, 0 for the others. */
static unsigned int int_width(uint8_t type, bool *is_signed)
{
	*is_signed = false;
	switch (type) {
	case SC_PT_INT8:
		*is_signed = true;
		/* fallthrough */
	case SC_PT_UINT8: case SC_PT_SIGTYPE: case SC_PT_L4PROTO: case SC_PT_SOCKFAMILY:
	case SC_PT_FLAGS8:
		return 1;
	case SC_PT_INT16:
		*is_signed = true;
		/* fallthrough */
	case SC_PT_UINT16: case SC_PT_PORT: case SC_PT_SYSCALLID: case SC_PT_FLAGS16:
		return 2;
	case SC_PT_INT32:
		*is_signed = true;
		/* fallthrough */
	case SC_PT_UINT32: case SC_PT_BOOL: case SC_PT_FLAGS32: case SC_PT_UID: case SC_PT_GID:
	case SC_PT_MODE: case SC_PT_SIGSET: case SC_PT_IPV4ADDR:
		return 4;
	case SC_PT_INT64: case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		*is_signed = true;
		/* fallthrough */
	case SC_PT_UINT64: case SC_PT_RELTIME: case SC_PT_ABSTIME:
		return 8;
	default:
		return 0;
	}
}

int64_t sc_evt_param_int(const struct sc_evt *ev, uint32_t i, int64_t def)
{
	const struct sc_param *p = sc_evt_param(ev, i);
	bool sgn = false;
	unsigned int w = 0;

	if (!p)
		return def;
	if (ev->info && i < ev->info->nparams)
		w = int_width(ev->info->params[i].type, &sgn);
	if (!w) {
		/* not an integer type in the table: go by the stored width */
		if (p->len == 1 || p->len == 2 || p->len == 4 || p->len == 8)
			w = p->len;
		else
			return def;
	}
	if (p->len < w)
		return def;
	switch (w) {
	case 1:
		return sgn ? (int64_t)(int8_t)p->val[0] : (int64_t)p->val[0];
	case 2:
		return sgn ? (int64_t)(int16_t)sc_get_u16(p->val) : (int64_t)sc_get_u16(p->val);
	case 4:
		return sgn ? (int64_t)(int32_t)sc_get_u32(p->val) : (int64_t)sc_get_u32(p->val);
	default:
		return (int64_t)sc_get_u64(p->val);
	}
}
