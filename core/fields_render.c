/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields_render.c - event parameters, data buffers, times and JSON strings
 * rendered as text exactly as sysdig prints them. Numbers are written by
 * hand: this runs for every parameter of every printed event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "util.h"

#define SC_AT_FDCWD (-100)

/* ---- small writers ---------------------------------------------------- */

static const char hexdig_up[] = "0123456789ABCDEF";

static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void sc_put_u64(struct sc_strbuf *out, uint64_t v)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp), *p = e;

	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	if (out->len + (size_t)(e - p) + 1 > out->cap)
		sc_strbuf_grow(out, (size_t)(e - p) + 1);
	memcpy(out->s + out->len, p, (size_t)(e - p));
	out->len += (size_t)(e - p);
	out->s[out->len] = '\0';
}

void sc_put_i64(struct sc_strbuf *out, int64_t v)
{
	if (v < 0) {
		sc_strbuf_putc(out, '-');
		sc_put_u64(out, (uint64_t)0 - (uint64_t)v);
	} else {
		sc_put_u64(out, (uint64_t)v);
	}
}
static const char hexdig_lo[] = "0123456789abcdef";

static inline bool is_print(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

static void put_hex(struct sc_strbuf *out, uint64_t v, bool upper)
{
	const char *d = upper ? hexdig_up : hexdig_lo;
	char tmp[16];
	int i = sizeof(tmp);

	do {
		tmp[--i] = d[v & 15];
		v >>= 4;
	} while (v);
	sc_strbuf_add(out, tmp + i, sizeof(tmp) - i);
}

/* printf "%#o": a leading 0 unless the value is 0. */
static void put_oct_alt(struct sc_strbuf *out, uint64_t v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	if (tmp[i] != '0')
		tmp[--i] = '0';
	sc_strbuf_add(out, tmp + i, sizeof(tmp) - i);
}

/* printf "%0<w>llu". */
static void put_u64_pad(struct sc_strbuf *out, uint64_t v, int w)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp), *p = e;

	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	while (e - p < w)
		*--p = '0';
	if (out->len + (size_t)(e - p) + 1 > out->cap)
		sc_strbuf_grow(out, (size_t)(e - p) + 1);
	memcpy(out->s + out->len, p, (size_t)(e - p));
	out->len += (size_t)(e - p);
	out->s[out->len] = '\0';
}

static void put_i64_pad(struct sc_strbuf *out, int64_t v, int w)
{
	if (v < 0) {
		sc_strbuf_putc(out, '-');
		put_u64_pad(out, (uint64_t)0 - (uint64_t)v, w - 1);
	} else {
		put_u64_pad(out, (uint64_t)v, w);
	}
}

/*
 * A parameter number in sysdig's parameter print formats: decimal prints
 * the value as the signed integer of its width, hex and octal print the
 * bits of the value promoted to at least 32 bits.
 */
static void put_param_num(struct sc_strbuf *out, int64_t sval, unsigned width, uint8_t fmt)
{
	uint64_t bits = width >= 8 ? (uint64_t)sval : (uint64_t)(uint32_t)(int32_t)sval;

	switch (fmt) {
	case SC_PF_OCT:
		put_oct_alt(out, bits);
		break;
	case SC_PF_HEX:
		put_hex(out, bits, true);
		break;
	case SC_PF_10_PADDED_DEC:
		put_i64_pad(out, sval, 9);
		break;
	default:
		sc_put_i64(out, sval);
		break;
	}
}

/* Appends s without the characters sysdig drops from names (non-printable). */
static void put_sanitized(struct sc_strbuf *out, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n && s[i]; i++) {
		if (!is_print((uint8_t)s[i])) {
			if (i > start)
				sc_strbuf_add(out, s + start, i - start);
			start = i + 1;
		}
	}
	if (i > start)
		sc_strbuf_add(out, s + start, i - start);
}

/* ---- names -------------------------------------------------------------- */

static const char *errno_name(int64_t v)
{
	int64_t e = -v;

	if (e > 0 && e < SC_ERRNO_NAMES_MAX)
		return sc_errno_names[e];
	return NULL;
}

static const char *signal_name(uint64_t s)
{
	if (s < SC_SIGNAL_NAMES_MAX)
		return sc_signal_names[s];
	return NULL;
}

/* ---- data buffers ----------------------------------------------------- */

static void buf_dots(struct sc_strbuf *out, const uint8_t *p, size_t n)
{
	char *d;
	size_t i;

	sc_strbuf_grow(out, n + 1);
	d = out->s + out->len;
	for (i = 0; i < n; i++)
		d[i] = is_print(p[i]) ? (char)p[i] : '.';
	out->len += n;
	out->s[out->len] = '\0';
}

static void buf_ascii(struct sc_strbuf *out, const uint8_t *p, size_t n)
{
	size_t i;

	sc_strbuf_putc(out, '\n');
	for (i = 0; i < n; i++) {
		if (is_print(p[i]))
			sc_strbuf_putc(out, (char)p[i]);
		else if (p[i] == '\r')
			sc_strbuf_putc(out, '\n');
		else if (p[i] == '\n' && i > 0 && p[i - 1] != '\r')
			sc_strbuf_putc(out, '\n');
	}
}

static void buf_hex(struct sc_strbuf *out, const uint8_t *p, size_t n, bool ascii)
{
	size_t row, k;

	for (row = 0; row < n; row += 16) {
		size_t end = SC_MIN(row + 16, n);
		int chunks = 0;

		sc_strbuf_add(out, "\n\t0x", 4);
		{
			char o[4];
			uint32_t v = (uint32_t)row;

			for (int j = 3; j >= 0; j--, v >>= 4)
				o[j] = hexdig_lo[v & 15];
			sc_strbuf_add(out, o, 4);
		}
		sc_strbuf_putc(out, ':');
		for (k = row; k < end; k += 2, chunks++) {
			sc_strbuf_putc(out, ' ');
			sc_strbuf_putc(out, hexdig_lo[p[k] >> 4]);
			sc_strbuf_putc(out, hexdig_lo[p[k] & 15]);
			if (k + 1 < end) {
				sc_strbuf_putc(out, hexdig_lo[p[k + 1] >> 4]);
				sc_strbuf_putc(out, hexdig_lo[p[k + 1] & 15]);
			}
		}
		if (ascii) {
			for (; chunks < 8; chunks++)
				sc_strbuf_add(out, "     ", 5);
			sc_strbuf_add(out, "  ", 2);
			for (k = row; k < end; k++)
				sc_strbuf_putc(out, is_print(p[k]) ? (char)p[k] : '.');
		}
	}
	sc_strbuf_putc(out, '\n');
}

static void buf_base64(struct sc_strbuf *out, const uint8_t *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t t = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		char q[4] = { tab[t >> 18], tab[(t >> 12) & 63], tab[(t >> 6) & 63], tab[t & 63] };

		sc_strbuf_add(out, q, 4);
	}
	if (i < n) {
		uint32_t t = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		char q[4] = { tab[t >> 18], tab[(t >> 12) & 63], i + 1 < n ? tab[(t >> 6) & 63] : '=', '=' };

		sc_strbuf_add(out, q, 4);
	}
}

void sc_buf_render(struct sc_strbuf *out, const uint8_t *p, size_t n, uint8_t bufmode)
{
	if (!n)
		return;
	switch (bufmode) {
	case SC_BUF_ASCII:
		buf_ascii(out, p, n);
		break;
	case SC_BUF_HEX:
		buf_hex(out, p, n, false);
		break;
	case SC_BUF_HEX_ASCII:
		buf_hex(out, p, n, true);
		break;
	case SC_BUF_BASE64:
		buf_base64(out, p, n);
		break;
	default:
		buf_dots(out, p, n);
		break;
	}
}

/* A data buffer as a parameter: rendered, then cut to max_buflen with "..." in the normal mode. */
static void put_bytebuf(const struct sc_fctx *ctx, struct sc_strbuf *out, const uint8_t *p, size_t n)
{
	size_t start = out->len;

	sc_buf_render(out, p, n, ctx->bufmode);
	if (ctx->max_buflen && !ctx->json && ctx->bufmode == SC_BUF_DOTS &&
	    out->len - start > ctx->max_buflen) {
		size_t keep = ctx->max_buflen;

		out->len = start + keep;
		if (keep > 3)
			memcpy(out->s + out->len - 3, "...", 3);
		out->s[out->len] = '\0';
	}
}

/* ---- paths --------------------------------------------------------------- */

static struct sc_thread *main_thread(const struct sc_fctx *ctx, struct sc_thread *th)
{
	struct sc_thread *mt;

	if (!th || !ctx->st || th->pid == th->tid)
		return th;
	mt = sc_state_main_thread(ctx->st, th);
	return mt ? mt : th;
}

/* ---- fd rendering --------------------------------------------------------- */

static void render_fd(const struct sc_fctx *ctx, const struct sc_evt *ev, int64_t fd,
		      struct sc_strbuf *val, struct sc_strbuf *res)
{
	sc_put_i64(val, fd);
	if (!ev->thread)
		return;
	if (fd >= 0) {
		const struct sc_fdinfo *fdi = (ev->fd && ev->fdnum == fd) ? ev->fd
					      : sc_state_fd(ev->thread, fd);

		if (fdi)
			sc_state_fd_render(fdi, res);
	} else if (fd == SC_AT_FDCWD) {
		sc_strbuf_puts(res, "AT_FDCWD");
	} else {
		const char *e = errno_name((int32_t)fd);

		if (e)
			sc_strbuf_puts(res, e);
	}
	(void)ctx;
}

/* ---- socket addresses ---------------------------------------------------- */

static void render_sockaddr(struct sc_strbuf *val, const uint8_t *p, uint32_t n)
{
	if (n == 0)
		sc_strbuf_puts(val, "NULL");
	else
		sc_state_sockaddr_render(p, n, val);
}

static void render_socktuple(struct sc_strbuf *val, const uint8_t *p, uint32_t n)
{
	if (n == 0)
		sc_strbuf_puts(val, "NULL");
	else
		sc_state_tuple_render(p, n, val);
}

/* ---- flags ------------------------------------------------------------------ */

/*
 * The names of the bits of v: every table entry whose bits are all set,
 * taken out of v as it goes, stopping at an entry equal to the whole value
 * (which is then named too). A zero entry names only a zero value.
 */
static void put_flag_names(struct sc_strbuf *res, const struct sc_flag_name *f, uint32_t v)
{
	uint32_t init = v;
	bool first = true;

	if (!f)
		return;
	for (; f->name && f->value != init; f++) {
		if ((f->value == 0 && init == 0) || (f->value && (v & f->value) == f->value && v)) {
			if (!first)
				sc_strbuf_putc(res, '|');
			sc_strbuf_puts(res, f->name);
			first = false;
			v &= ~f->value;
		}
	}
	if (f->name) {
		if (!first)
			sc_strbuf_putc(res, '|');
		sc_strbuf_puts(res, f->name);
	}
}

/* ---- user and group names ---------------------------------------------------- */

static const char *user_name(const struct sc_fctx *ctx, uint32_t uid)
{
	const struct sc_snapshot *s = ctx->snap;

	if (!s)
		return NULL;
	for (size_t i = 0; i < s->nusers; i++)
		if (s->users[i].uid == uid)
			return s->users[i].name;
	return NULL;
}

static const char *group_name(const struct sc_fctx *ctx, uint32_t gid)
{
	const struct sc_snapshot *s = ctx->snap;

	if (!s)
		return NULL;
	for (size_t i = 0; i < s->ngroups; i++)
		if (s->groups[i].gid == gid)
			return s->groups[i].name;
	return NULL;
}

/* ---- one parameter ---------------------------------------------------------- */

static int64_t load_signed(const uint8_t *p, uint32_t n)
{
	switch (n) {
	case 1: return (int8_t)p[0];
	case 2: return (int16_t)sc_get_u16(p);
	case 4: return (int32_t)sc_get_u32(p);
	case 8: return (int64_t)sc_get_u64(p);
	default: return 0;
	}
}

static uint64_t load_unsigned(const uint8_t *p, uint32_t n)
{
	switch (n) {
	case 1: return p[0];
	case 2: return sc_get_u16(p);
	case 4: return sc_get_u32(p);
	case 8: return sc_get_u64(p);
	default: return 0;
	}
}

/* The directory a relative path parameter is resolved against, appended to dir. */
static void base_dir(const struct sc_fctx *ctx, const struct sc_evt *ev, const struct sc_param_info *pi,
		     struct sc_strbuf *dir)
{
	struct sc_thread *mt = main_thread(ctx, ev->thread);
	const char *cwd = mt && mt->cwd ? mt->cwd : (ev->thread->cwd ? ev->thread->cwd : "");

	if (pi->type == SC_PT_FSRELPATH && pi->dirfd_param >= 0 &&
	    (uint32_t)pi->dirfd_param < ev->nparams &&
	    ev->info->params[pi->dirfd_param].type == SC_PT_FD) {
		int64_t dfd = sc_evt_param_int(ev, (uint32_t)pi->dirfd_param, SC_AT_FDCWD);

		if (dfd != SC_AT_FDCWD) {
			const struct sc_fdinfo *fdi = sc_state_fd(ev->thread, dfd);

			if (fdi && fdi->name && fdi->name[0]) {
				put_sanitized(dir, fdi->name, strlen(fdi->name));
				sc_strbuf_putc(dir, '/');
			}
			return;
		}
	}
	sc_strbuf_puts(dir, cwd);
}

void sc_param_render(const struct sc_fctx *ctx, const struct sc_evt *ev, uint32_t i,
		     struct sc_strbuf *val, struct sc_strbuf *res)
{
	const struct sc_param_info *pi, *top;
	const uint8_t *p;
	uint32_t n;
	uint8_t type, fmt;

	if (i >= ev->nparams || i >= ev->info->nparams)
		return;
	top = pi = &ev->info->params[i];
	p = sc_evt_params(ev)[i].val;
	n = sc_evt_params(ev)[i].len;
	fmt = top->fmt;
	type = pi->type;
	if (type == SC_PT_DYN && pi->dyn && n) {
		uint8_t idx = p[0];

		if (idx < pi->ninfo) {
			type = pi->dyn[idx].type;
			p++;
			n--;
		}
	}

	switch (type) {
	case SC_PT_INT8:
	case SC_PT_INT16:
	case SC_PT_INT32:
	case SC_PT_INT64:
		put_param_num(val, load_signed(p, n), n, fmt);
		break;
	case SC_PT_UINT8:
	case SC_PT_UINT16:
		put_param_num(val, (int64_t)load_unsigned(p, n), n, fmt);
		break;
	case SC_PT_UINT32:
		put_param_num(val, (int32_t)(uint32_t)load_unsigned(p, n), 4, fmt);
		break;
	case SC_PT_UINT64:
		put_param_num(val, (int64_t)load_unsigned(p, n), 8, fmt);
		break;
	case SC_PT_FD:
		render_fd(ctx, ev, load_signed(p, n), val, res);
		break;
	case SC_PT_PID: {
		int64_t pid = load_signed(p, n);
		struct sc_thread *t = ctx->st ? sc_state_thread(ctx->st, pid) : NULL;

		sc_put_i64(val, pid);
		if (t)
			sc_strbuf_puts(res, t->comm);
		break;
	}
	case SC_PT_ERRNO: {
		int64_t v = load_signed(p, n);

		sc_put_i64(val, v);
		if (v < 0) {
			const char *e = errno_name((int32_t)v);

			if (e)
				sc_strbuf_puts(res, e);
		}
		break;
	}
	case SC_PT_CHARBUF:
		if (n)
			sc_strbuf_add(val, p, strnlen((const char *)p, n));
		break;
	case SC_PT_FSPATH:
	case SC_PT_FSRELPATH: {
		size_t plen = strnlen((const char *)p, n);

		put_sanitized(val, (const char *)p, plen);
		if (ev->thread && !(plen == 4 && memcmp(p, "<NA>", 4) == 0) && plen && p[0] != '/') {
			struct sc_strbuf dir = { 0 };

			base_dir(ctx, ev, top, &dir);
			sc_state_path_concat(dir.s ? dir.s : "", dir.len, (const char *)p, plen, res);
			sc_strbuf_free(&dir);
		}
		break;
	}
	case SC_PT_BYTEBUF:
		put_bytebuf(ctx, val, p, n);
		break;
	case SC_PT_SOCKADDR:
		render_sockaddr(val, p, n);
		break;
	case SC_PT_SOCKTUPLE:
		render_socktuple(val, p, n);
		break;
	case SC_PT_FDLIST: {
		uint16_t nfds;
		uint32_t pos = 2;

		if (!ev->thread || n < 2)
			break;
		nfds = sc_get_u16(p);
		for (uint16_t j = 0; j < nfds && pos + 10 <= n; j++, pos += 10) {
			int64_t fd = (int64_t)sc_get_u64(p + pos);
			const struct sc_fdinfo *fdi = sc_state_fd(ev->thread, fd);
			char tc = fdi ? sc_fdtype_char(fdi->type) : '?';

			if (j)
				sc_strbuf_putc(val, ' ');
			sc_put_u64(val, (uint64_t)fd);
			sc_strbuf_putc(val, ':');
			if (tc)
				sc_strbuf_putc(val, tc);
			put_hex(val, (uint32_t)(int32_t)(int16_t)sc_get_u16(p + pos + 8), false);
		}
		break;
	}
	case SC_PT_SYSCALLID: {
		uint16_t id = (uint16_t)load_unsigned(p, n);

		if (id >= SC_SC_MAX) {
			sc_strbuf_puts(val, "<unknown syscall>");
			break;
		}
		sc_put_u64(val, id);
		if (sc_syscall_names[id])
			sc_strbuf_puts(res, sc_syscall_names[id]);
		break;
	}
	case SC_PT_SIGTYPE: {
		uint8_t s = (uint8_t)load_unsigned(p, n);
		const char *name = signal_name(s);

		sc_put_u64(val, s);
		if (name)
			sc_strbuf_puts(res, name);
		break;
	}
	case SC_PT_RELTIME: {
		uint64_t v = load_unsigned(p, n);

		if (v == UINT64_MAX) {
			sc_strbuf_puts(val, "none");
		} else {
			char tmp[64];

			sc_put_u64(val, v);
			snprintf(tmp, sizeof(tmp), "%lgs", (double)v / 1000000000);
			sc_strbuf_puts(res, tmp);
		}
		break;
	}
	case SC_PT_FLAGS8:
	case SC_PT_FLAGS16:
	case SC_PT_FLAGS32: {
		uint32_t v = (uint32_t)load_unsigned(p, n);

		sc_put_u64(val, v);
		put_flag_names(res, top->flags, v);
		break;
	}
	case SC_PT_MODE: {
		uint32_t v = (uint32_t)load_unsigned(p, n);

		put_param_num(val, (int32_t)v, 4, fmt);
		put_flag_names(res, top->flags, v);
		break;
	}
	case SC_PT_ABSTIME: {
		uint64_t v = load_unsigned(p, n);
		time_t sec = (time_t)(v / 1000000000ULL);
		struct tm tm;
		char tmp[64];

		localtime_r(&sec, &tm);
		strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M:%S.", &tm);
		sc_strbuf_puts(val, tmp);
		/* eight digits: the nanoseconds are cut to fit sysdig's field */
		snprintf(tmp, sizeof(tmp), "%09lu", (unsigned long)(v % 1000000000ULL));
		sc_strbuf_add(val, tmp, 8);
		break;
	}
	case SC_PT_UID:
	case SC_PT_GID: {
		uint32_t v = (uint32_t)load_unsigned(p, n);

		if (v != UINT32_MAX) {
			const char *name = ev->thread ? (type == SC_PT_UID ? user_name(ctx, v)
								: group_name(ctx, v))
						      : NULL;

			sc_put_i64(val, (int32_t)v);
			sc_strbuf_puts(res, name ? name : "<NA>");
		} else {
			sc_strbuf_puts(val, "-1");
			sc_strbuf_puts(res, "<NONE>");
		}
		break;
	}
	case SC_PT_SIGSET: {
		uint32_t v = (uint32_t)load_unsigned(p, n);
		bool first = true;

		for (int sig = 0; sig < 32; sig++) {
			const char *name;

			if (!(v & (1U << sig)) || !(name = signal_name((uint64_t)sig + 1)))
				continue;
			if (!first)
				sc_strbuf_putc(val, ' ');
			sc_strbuf_puts(val, name);
			first = false;
		}
		break;
	}
	case SC_PT_DYN:
		sc_strbuf_puts(val, "INVALID DYNAMIC PARAMETER");
		break;
	default:
		sc_strbuf_puts(val, "(n.a.)");
		break;
	}
}

/* Lengths of the parameter names, per event type, measured once. */
static uint8_t param_name_len[SC_EVENT_MAX][SC_MAX_EVENT_PARAMS];
static bool param_name_len_done;

static void measure_param_names(void)
{
	for (uint32_t e = 0; e < SC_EVENT_MAX; e++)
		for (uint32_t i = 0; i < sc_event_table[e].nparams && i < SC_MAX_EVENT_PARAMS; i++)
			param_name_len[e][i] = (uint8_t)strlen(sc_event_table[e].params[i].name);
	param_name_len_done = true;
}

void sc_evt_args_render(const struct sc_fctx *ctx, const struct sc_evt *ev, struct sc_strbuf *out,
			struct sc_strbuf *scratch)
{
	uint32_t n = SC_MIN(ev->nparams, ev->info->nparams);
	uint16_t type = ev->hdr->type;

	if (!param_name_len_done)
		measure_param_names();
	for (uint32_t i = 0; i < n; i++) {
		uint8_t nl = param_name_len[type][i];

		sc_strbuf_reset(scratch);
		if (out->len + nl + 2 > out->cap)
			sc_strbuf_grow(out, nl + 2);
		memcpy(out->s + out->len, ev->info->params[i].name, nl);
		out->len += nl;
		out->s[out->len++] = '=';
		out->s[out->len] = '\0';
		sc_param_render(ctx, ev, i, out, scratch);
		if (scratch->len) {
			sc_strbuf_putc(out, '(');
			sc_strbuf_add(out, scratch->s, scratch->len);
			sc_strbuf_putc(out, ')');
		}
		sc_strbuf_putc(out, ' ');
	}
}

/* ---- time ------------------------------------------------------------------------ */

void sc_tz_offset(struct sc_tzcache *tz, int64_t now, int32_t *off, const char **zhhmm)
{
	struct sc_tzcache local;

	if (!tz)
		tz = &local;
	if (tz == &local || now < tz->from || now >= tz->until || !tz->until) {
		time_t t = (time_t)now;
		struct tm lt, gt;
		int32_t dt, dir;
		int32_t a;

		localtime_r(&t, &lt);
		gmtime_r(&t, &gt);
		dt = (lt.tm_hour - gt.tm_hour) * 3600 + (lt.tm_min - gt.tm_min) * 60;
		dir = lt.tm_year - gt.tm_year;
		if (dir == 0)
			dir = lt.tm_yday - gt.tm_yday;
		dt += dir * 86400;
		tz->off = dt;
		a = dt < 0 ? -dt : dt;
		tz->sign_hhmm[0] = dt < 0 ? '-' : '+';
		tz->sign_hhmm[1] = (char)('0' + a / 36000);
		tz->sign_hhmm[2] = (char)('0' + a / 3600 % 10);
		tz->sign_hhmm[3] = (char)('0' + a / 600 % 6);
		tz->sign_hhmm[4] = (char)('0' + a / 60 % 10);
		tz->sign_hhmm[5] = '\0';
		/* offsets change on hour boundaries at most: valid until the next one */
		tz->from = now - (now % 3600 + 3600) % 3600;
		tz->until = tz->from + 3600;
	}
	if (off)
		*off = tz->off;
	if (zhhmm)
		*zhhmm = tz == &local ? NULL : tz->sign_hhmm;
}

/* The wall clock, coarse: sysdig prints every event with the offset in force now. */
static int64_t wall_now(void)
{
	struct timespec t;

#ifdef CLOCK_REALTIME_COARSE
	clock_gettime(CLOCK_REALTIME_COARSE, &t);
#else
	clock_gettime(CLOCK_REALTIME, &t);
#endif
	return (int64_t)t.tv_sec;
}

/* The wall clock as the cache last read it, re-read every 4096 calls. */
static int64_t wall_now_cached(struct sc_tzcache *tz)
{
	if (!tz->now || ++tz->calls >= 4096) {
		tz->calls = 0;
		tz->now = wall_now();
	}
	return tz->now;
}

static void put2(struct sc_strbuf *out, int v)
{
	char t[2] = { (char)('0' + v / 10), (char)('0' + v % 10) };

	sc_strbuf_add(out, t, 2);
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	doy = 0;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = (z - era * 146097) - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void sc_time_render(struct sc_strbuf *out, uint64_t ts, struct sc_tzcache *tz, bool date, bool ns)
{
	int32_t off;
	int64_t sec = (int64_t)(ts / 1000000000ULL);
	uint32_t nsec = (uint32_t)(ts % 1000000000ULL);
	int64_t local, s;

	if (tz && !date && tz->last_sec == sec && tz->last_sec_valid &&
	    tz->last_check == wall_now_cached(tz)) {
		sc_strbuf_add(out, tz->last_hms, 8);
		goto frac;
	}
	sc_tz_offset(tz, tz ? wall_now_cached(tz) : wall_now(), &off, NULL);
	local = sec + off;
	s = local % 86400;
	if (s < 0)
		s += 86400;
	if (date) {
		int y, m, d;

		civil_from_days((local - s) / 86400, &y, &m, &d);
		put_u64_pad(out, (uint64_t)y, 4);
		sc_strbuf_putc(out, '-');
		put2(out, m);
		sc_strbuf_putc(out, '-');
		put2(out, d);
		sc_strbuf_putc(out, ' ');
	}
	{
		size_t at = out->len;

		put2(out, (int)(s / 3600));
		sc_strbuf_putc(out, ':');
		put2(out, (int)(s % 3600 / 60));
		sc_strbuf_putc(out, ':');
		put2(out, (int)(s % 60));
		if (tz) {
			memcpy(tz->last_hms, out->s + at, 8);
			tz->last_sec = sec;
			tz->last_sec_valid = true;
			tz->last_check = tz->now;
		}
	}
frac:
	if (ns) {
		sc_strbuf_putc(out, '.');
		put_u64_pad(out, nsec, 9);
	}
}

/* ---- JSON strings -------------------------------------------------------------------- */

static void put_u16_escape(struct sc_strbuf *out, uint32_t cp)
{
	char t[6] = { '\\', 'u', hexdig_lo[(cp >> 12) & 15], hexdig_lo[(cp >> 8) & 15],
		      hexdig_lo[(cp >> 4) & 15], hexdig_lo[cp & 15] };

	sc_strbuf_add(out, t, 6);
}

/* Decodes one UTF-8 sequence at s (n bytes left); U+FFFD and one byte when malformed. */
static uint32_t utf8_next(const uint8_t *s, size_t n, size_t *used)
{
	uint32_t cp;
	size_t k, len;

	if (s[0] < 0xc0) {
		*used = 1;
		return 0xfffd;
	} else if (s[0] < 0xe0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else {
		len = 4;
		cp = s[0] & 0x07;
	}
	if (n < len) {
		*used = n;
		return 0xfffd;
	}
	for (k = 1; k < len; k++)
		cp = cp << 6 | (s[k] & 0x3f);
	*used = len;
	return cp;
}

void sc_json_string(struct sc_strbuf *out, const char *str, size_t len)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t i = 0, start = 0;

	sc_strbuf_putc(out, '"');
	while (i < len) {
		uint8_t c = s[i];
		const char *esc = NULL;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (i > start)
			sc_strbuf_add(out, s + start, i - start);
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			sc_strbuf_puts(out, esc);
			i++;
		} else if (c < 0x20) {
			put_u16_escape(out, c);
			i++;
		} else {
			size_t used;
			uint32_t cp = utf8_next(s + i, len - i, &used);

			if (cp >= 0x10000) {
				cp -= 0x10000;
				put_u16_escape(out, 0xd800 + (cp >> 10));
				put_u16_escape(out, 0xdc00 + (cp & 0x3ff));
			} else {
				put_u16_escape(out, cp);
			}
			i += used;
		}
		start = i;
	}
	if (i > start)
		sc_strbuf_add(out, s + start, i - start);
	sc_strbuf_putc(out, '"');
}
