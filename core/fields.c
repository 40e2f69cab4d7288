/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.c - the field registry: the table of every field, its extractor,
 * the parsing of field references ("evt.arg.fd", "proc.aname[2]"), and
 * the text and JSON rendering of extracted values.
 *
 * Adding a field means adding a row to one of the class tables below and,
 * when no existing extractor fits, a small extractor function.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "util.h"

#define NS 1000000000ULL

/* ---- helpers shared by extractors ------------------------------------------ */

static inline const struct sc_evt *EV(const struct sc_fctx *c) { return c->ev; }

static inline bool set_str(struct sc_fval *o, const char *s, size_t n)
{
	o->s = s;
	o->len = n;
	return true;
}

static inline bool set_cstr(struct sc_fval *o, const char *s)
{
	return set_str(o, s, strlen(s));
}

static inline bool set_tmp(struct sc_fval *o, struct sc_fcheck *chk)
{
	return set_str(o, chk->tmp.s ? chk->tmp.s : "", chk->tmp.len);
}

static inline bool set_u(struct sc_fval *o, uint64_t v)
{
	o->v.u = v;
	return true;
}

static inline bool set_i(struct sc_fval *o, int64_t v)
{
	o->v.i = v;
	return true;
}

static struct sc_thread *find_thread(const struct sc_fctx *c, int64_t tid)
{
	return c->st ? sc_state_thread(c->st, tid) : NULL;
}

static struct sc_thread *main_of(const struct sc_fctx *c, struct sc_thread *th)
{
	struct sc_thread *mt;

	if (!th || th->pid == th->tid || !c->st)
		return th;
	mt = sc_state_main_thread(c->st, th);
	return mt;
}

static int param_by_name(const struct sc_evt *ev, const char *name)
{
	uint32_t n = SC_MIN(ev->nparams, ev->info->nparams);

	for (uint32_t i = 0; i < n; i++)
		if (strcmp(ev->info->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int64_t param_i64(const struct sc_evt *ev, int i)
{
	return sc_evt_param_int(ev, (uint32_t)i, 0);
}

static uint16_t evt_type(const struct sc_evt *ev)
{
	return ev->hdr->type;
}

static bool is_generic(const struct sc_evt *ev)
{
	return evt_type(ev) == SCE_GENERIC_E || evt_type(ev) == SCE_GENERIC_X;
}

static uint16_t generic_id(const struct sc_evt *ev)
{
	return (uint16_t)sc_evt_param_int(ev, 0, 0);
}

/* The "res" parameter, or for exits of fd-creating events the "fd" one; -1 if none. */
static int res_param(const struct sc_evt *ev)
{
	int i = param_by_name(ev, "res");

	if (i < 0 && (ev->info->flags & SC_EF_CREATES_FD) && !sc_evt_is_enter(evt_type(ev)))
		i = param_by_name(ev, "fd");
	return i;
}

static void join_nul_list(struct sc_strbuf *out, const char *p, uint32_t n, char sep)
{
	uint32_t i = 0;
	bool first = true;

	while (i < n) {
		size_t l = strnlen(p + i, n - i);

		if (!first)
			sc_strbuf_putc(out, sep);
		sc_strbuf_add(out, p + i, l);
		first = false;
		i += (uint32_t)l + 1;
	}
}

/* ---- evt.* ------------------------------------------------------------------- */

static bool x_evt_num(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_u(o, EV(c)->num);
}

static bool x_evt_time(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name;
	bool date = strncmp(n, "evt.datetime", 12) == 0;
	bool ns = strcmp(n + strlen(n) - 2, ".s") != 0;

	if (c->json) {
		/* sysdig -j prints times as the raw timestamp */
		o->type = SC_PT_ABSTIME;
		o->fmt = SC_PF_DEC;
		return set_u(o, EV(c)->hdr->ts);
	}
	sc_strbuf_reset(&k->tmp);
	sc_time_render(&k->tmp, EV(c)->hdr->ts, c->tz, date, ns);
	return set_tmp(o, k);
}

static bool x_evt_iso8601(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t ts = EV(c)->hdr->ts;
	time_t sec = (time_t)(ts / NS);
	struct tm tm;
	char t[64];

	if (c->json) {
		o->type = SC_PT_ABSTIME;
		o->fmt = SC_PF_DEC;
		return set_u(o, ts);
	}
	/* sysdig writes this one in UTC */
	gmtime_r(&sec, &tm);
	sc_strbuf_reset(&k->tmp);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S.", &tm);
	sc_strbuf_puts(&k->tmp, t);
	snprintf(t, sizeof(t), "%09u", (unsigned)(ts % NS));
	sc_strbuf_puts(&k->tmp, t);
	strftime(t, sizeof(t), "%z", &tm);
	sc_strbuf_puts(&k->tmp, t);
	return set_tmp(o, k);
}

static bool x_evt_rawtime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t ts = EV(c)->hdr->ts;
	const char *n = k->field->name + 11;  /* after "evt.rawtime" */

	return set_u(o, !*n ? ts : n[1] == 's' ? ts / NS : ts % NS);
}

static bool x_evt_reltime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t d = EV(c)->hdr->ts - c->first_ts;
	const char *n = k->field->name + 11;  /* after "evt.reltime" */

	return set_u(o, !*n ? d : n[1] == 's' ? d / NS : d % NS);
}

static bool is_internal(const struct sc_evt *ev)
{
	return (ev->info->category & SC_EC_INTERNAL) != 0;
}

/* Time between this exit event and its enter event, 0 when unpaired (the state keeps it). */
static uint64_t latency(const struct sc_evt *ev)
{
	return ev->thread ? ev->thread->latency : 0;
}

static bool x_evt_latency(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name + 11;  /* after "evt.latency" */
	uint64_t l;

	if (EV(c)->thread && is_internal(EV(c)))
		return false;
	l = latency(EV(c));
	return set_u(o, !*n ? l : n[1] == 's' ? l / NS : l % NS);
}

/* sysdig's short time: 1.53us, 213ms, 2.05s ... */
static void put_human_time(struct sc_strbuf *out, uint64_t ns)
{
	char t[64];

	if (ns >= NS)
		snprintf(t, sizeof(t), "%u.%02us", (unsigned)(ns / NS), (unsigned)(ns % NS / 10000000));
	else if (ns >= NS / 100)
		snprintf(t, sizeof(t), "%ums", (unsigned)(ns / 1000000));
	else if (ns >= NS / 1000)
		snprintf(t, sizeof(t), "%u.%02ums", (unsigned)(ns / 1000000), (unsigned)(ns % 1000000 / 10000));
	else if (ns >= NS / 100000)
		snprintf(t, sizeof(t), "%uus", (unsigned)(ns / 1000));
	else if (ns >= NS / 1000000)
		snprintf(t, sizeof(t), "%u.%02uus", (unsigned)(ns / 1000), (unsigned)(ns % 1000 / 10));
	else
		snprintf(t, sizeof(t), "%uns", (unsigned)ns);
	sc_strbuf_puts(out, t);
}

static bool x_evt_latency_human(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (EV(c)->thread && is_internal(EV(c)))
		return false;
	/* without a thread sysdig repeats the text of the previous event */
	if (!EV(c)->thread)
		return set_tmp(o, k);
	sc_strbuf_reset(&k->tmp);
	put_human_time(&k->tmp, latency(EV(c)));
	return set_tmp(o, k);
}

static bool x_evt_deltatime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t ts = EV(c)->hdr->ts, d;
	const char *n = k->field->name + 13;  /* after "evt.deltatime" */

	/* -j asks every field twice, so sysdig's delta there is always 0 */
	d = (!k->prev_ts || c->json) ? 0 : ts - k->prev_ts;
	k->prev_ts = ts;
	return set_u(o, !*n ? d : n[1] == 's' ? d / NS : d % NS);
}

static bool x_evt_outputtime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t ts = EV(c)->hdr->ts, v;

	if (c->json) {
		o->type = SC_PT_ABSTIME;
		o->fmt = SC_PF_DEC;
		return set_u(o, ts);
	}
	sc_strbuf_reset(&k->tmp);
	switch (c->time_mode) {
	case 'a':
		sc_put_u64(&k->tmp, ts / NS);
		sc_strbuf_putc(&k->tmp, '.');
		sc_put_u64(&k->tmp, ts % NS);
		return set_tmp(o, k);
	case 'r':
	case 'd':
	case 'D':
		if (c->time_mode == 'r') {
			v = ts - c->first_ts;
		} else if (c->time_mode == 'd') {
			v = latency(EV(c));
		} else {
			v = k->prev_ts ? ts - k->prev_ts : 0;
			k->prev_ts = ts;
		}
		sc_put_u64(&k->tmp, v / NS);
		sc_strbuf_putc(&k->tmp, '.');
		{
			char t[16];

			snprintf(t, sizeof(t), "%09u", (unsigned)(v % NS));
			sc_strbuf_puts(&k->tmp, t);
		}
		return set_tmp(o, k);
	default:
		sc_time_render(&k->tmp, ts, c->tz, false, true);
		return set_tmp(o, k);
	}
}

static bool x_evt_dir(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_str(o, sc_evt_is_enter(evt_type(EV(c))) ? ">" : "<", 1);
}

static bool x_evt_type(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);

	if (is_generic(ev)) {
		uint16_t id = generic_id(ev);

		return set_cstr(o, id < SC_SC_MAX && sc_syscall_names[id] ? sc_syscall_names[id] : "");
	}
	return set_cstr(o, ev->info->name);
}

static bool x_syscall_type(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	uint16_t t = evt_type(ev);

	if (t == SCE_SCHEDSWITCH_6_E || (ev->info->flags & SC_EF_SKIPPARSERESET) ||
	    (ev->info->flags & SC_EC_INTERNAL))
		return false;
	return x_evt_type(k, c, o);
}

static bool x_evt_type_is(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint16_t t = evt_type(EV(c));

	if (k->argnum >= 0)
		return set_u(o, t == (uint32_t)k->argnum);
	return set_u(o, k->argname && strcmp(EV(c)->info->name, k->argname) == 0 &&
			       !is_generic(EV(c)));
}

static const char *category_name(const struct sc_evt *ev)
{
	uint16_t cat;

	if (is_generic(ev)) {
		uint16_t id = generic_id(ev);

		cat = id < SC_SC_MAX ? sc_syscall_info[id].category : SC_EC_UNKNOWN;
	} else {
		cat = ev->info->category;
	}
	switch (cat) {
	case SC_EC_UNKNOWN: return "unknown";
	case SC_EC_OTHER: return "other";
	case SC_EC_FILE: return "file";
	case SC_EC_NET: return "net";
	case SC_EC_IPC: return "IPC";
	case SC_EC_MEMORY: return "memory";
	case SC_EC_PROCESS: return "process";
	case SC_EC_SLEEP: return "sleep";
	case SC_EC_SYSTEM: return "system";
	case SC_EC_SIGNAL: return "signal";
	case SC_EC_USER: return "user";
	case SC_EC_TIME: return "time";
	case SC_EC_PROCESSING: return "processing";
	case SC_EC_IO_READ:
	case SC_EC_IO_WRITE:
	case SC_EC_IO_OTHER:
		if (is_generic(ev) || !ev->fd)
			return "unknown";
		switch (ev->fd->type) {
		case SC_FD_FILE:
		case SC_FD_FILE_V2:
		case SC_FD_DIRECTORY:
			return "file";
		case SC_FD_IPV4_SOCK:
		case SC_FD_IPV6_SOCK:
		case SC_FD_IPV4_SERVSOCK:
		case SC_FD_IPV6_SERVSOCK:
			return "net";
		case SC_FD_FIFO:
		case SC_FD_UNIX_SOCK:
		case SC_FD_EVENT:
		case SC_FD_SIGNALFD:
		case SC_FD_INOTIFY:
		case SC_FD_USERFAULTFD:
			return "ipc";
		default:
			return "unknown";
		}
	case SC_EC_WAIT: return "wait";
	case SC_EC_SCHEDULER: return "scheduler";
	default: return "unknown";
	}
}

static bool x_evt_category(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_cstr(o, category_name(EV(c)));
}

static bool x_evt_cpu(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_i(o, (int16_t)EV(c)->cpu);
}

/* ---- syslog: messages written to /dev/log ------------------------------------------ */

static const char *const syslog_facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "clock",
	"authpriv", "ftp", "ntp", "logaudit", "logalert", "cron", "local0", "local1", "local2",
	"local3", "local4", "local5", "local6", "local7",
};
static const char *const syslog_severities[8] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

/*
 * The message an exit event wrote to /dev/log, decoded as sysdig 0.29 does:
 * the data must start with "<PRI>" (decimal digits only; the number wraps
 * at 32 bits), the message is what follows, up to the first NUL of the
 * captured bytes. False for other events and for data without a priority.
 */
static bool syslog_decode(const struct sc_evt *ev, uint32_t *pri, const char **msg, size_t *mlen)
{
	const struct sc_param *p;
	const char *d;
	size_t i, n;
	uint32_t v = 0;
	int di;

	if (!(ev->info->flags & SC_EF_WRITES_TO_FD) || sc_evt_is_enter(ev->hdr->type) || !ev->fd ||
	    !ev->fd->name || !strstr(ev->fd->name, "/dev/log"))
		return false;
	di = param_by_name(ev, "data");
	if (di < 0)
		return false;
	p = &sc_evt_params(ev)[di];
	d = (const char *)p->val;
	n = strnlen(d, p->len);
	if (n < 3 || d[0] != '<')
		return false;
	for (i = 1; i < n && isdigit((unsigned char)d[i]); i++)
		v = v * 10 + (uint32_t)(d[i] - '0');
	if (i == 1 || i >= n || d[i] != '>')
		return false;
	*pri = v;
	*msg = d + i + 1;
	*mlen = n - i - 1;
	return true;
}

static bool x_syslog(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name + 7;  /* "facility", "facility.str", "severity" ... */
	const char *msg;
	size_t mlen;
	uint32_t pri;

	if (!syslog_decode(EV(c), &pri, &msg, &mlen))
		return false;
	if (n[0] == 'm')
		return set_str(o, msg, mlen);
	if (n[0] == 'f') {
		if (!n[8])
			return set_u(o, pri >> 3);
		return (pri >> 3) < 24 && set_cstr(o, syslog_facilities[pri >> 3]);
	}
	if (!n[8])
		return set_u(o, pri & 7);
	return set_cstr(o, syslog_severities[pri & 7]);
}

/* Appends "syslog sev=SEVERITY msg=MESSAGE" when ev wrote a message to /dev/log. */
static __attribute__((noinline)) bool syslog_info(const struct sc_evt *ev, struct sc_strbuf *out)
{
	const char *msg;
	size_t mlen;
	uint32_t pri;

	if (!syslog_decode(ev, &pri, &msg, &mlen))
		return false;
	sc_strbuf_puts(out, "syslog sev=");
	sc_strbuf_puts(out, syslog_severities[pri & 7]);
	sc_strbuf_puts(out, " msg=");
	sc_strbuf_add(out, msg, mlen);
	return true;
}

static bool r_evt_args(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out);

/* evt.info: the decoded message for writes to /dev/log, evt.args otherwise (the flag test first:
 * this runs for every default line). */
static bool r_evt_info(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	if ((EV(c)->info->flags & SC_EF_WRITES_TO_FD) && syslog_info(EV(c), out))
		return true;
	return r_evt_args(k, c, out);
}

static bool x_evt_info(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	sc_strbuf_reset(&k->tmp);
	r_evt_info(k, c, &k->tmp);
	return set_tmp(o, k);
}

static bool x_evt_args(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	sc_strbuf_reset(&k->tmp);
	if (!is_generic(EV(c)))
		sc_evt_args_render(c, EV(c), &k->tmp, &k->tmp2);
	return set_tmp(o, k);
}

static bool r_evt_args(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	if (!is_generic(EV(c)))
		sc_evt_args_render(c, EV(c), out, &k->tmp2);
	return true;
}

static bool x_evt_arg(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	int i = k->argnum >= 0 ? k->argnum : k->argname ? param_by_name(ev, k->argname) : -1;

	if (i < 0 || (uint32_t)i >= SC_MIN(ev->nparams, ev->info->nparams))
		return false;
	sc_strbuf_reset(&k->tmp);
	sc_strbuf_reset(&k->tmp2);
	sc_param_render(c, ev, (uint32_t)i, &k->tmp, &k->tmp2);
	if (k->tmp2.len)
		return set_str(o, k->tmp2.s, k->tmp2.len);
	return set_tmp(o, k);
}

static bool x_evt_rawarg(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	int i = param_by_name(ev, k->argname);
	const uint8_t *p;
	uint32_t n;

	if (i < 0)
		return false;
	p = sc_evt_params(ev)[i].val;
	n = sc_evt_params(ev)[i].len;
	o->type = ev->info->params[i].type;
	switch (o->type) {
	case SC_PT_INT8: case SC_PT_INT16: case SC_PT_INT32: case SC_PT_INT64:
	case SC_PT_FD: case SC_PT_PID: case SC_PT_ERRNO:
		return set_i(o, sc_evt_param_int(ev, (uint32_t)i, 0));
	case SC_PT_CHARBUF: case SC_PT_FSPATH: case SC_PT_FSRELPATH:
		return set_str(o, (const char *)p, strnlen((const char *)p, n));
	case SC_PT_BYTEBUF:
		return set_str(o, (const char *)p, n);
	case SC_PT_IPV4ADDR:
		if (n >= 4)
			memcpy(o->v.ip, p, 4);
		return true;
	case SC_PT_IPV6ADDR:
		if (n >= 16)
			memcpy(o->v.ip, p, 16);
		return true;
	default:
		switch (n) {
		case 1: return set_u(o, p[0]);
		case 2: return set_u(o, sc_get_u16(p));
		case 4: return set_u(o, sc_get_u32(p));
		case 8: return set_u(o, sc_get_u64(p));
		default:
			o->type = SC_PT_BYTEBUF;
			return set_str(o, (const char *)p, n);
		}
	}
}

static bool x_evt_buffer(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	int i = param_by_name(ev, "data");

	if (i < 0)
		return false;
	return set_str(o, (const char *)sc_evt_params(ev)[i].val, sc_evt_params(ev)[i].len);
}

static bool is_io_cat(const struct sc_evt *ev)
{
	return (ev->info->category & SC_EC_IO_BASE) != 0 && !is_generic(ev);
}

static bool x_evt_buflen(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	int64_t r;

	if (!ev->fd || !is_io_cat(ev) || sc_evt_is_enter(evt_type(ev)) || ev->nparams < 1)
		return false;
	r = param_i64(ev, 0);
	if (r < 0)
		return false;
	return set_u(o, (uint64_t)r);
}

static bool x_evt_res(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	int i = res_param(ev);
	int64_t r;

	if (i < 0)
		return false;
	r = param_i64(ev, i);
	if (r >= 0)
		return set_cstr(o, "SUCCESS");
	sc_strbuf_reset(&k->tmp);
	sc_strbuf_reset(&k->tmp2);
	sc_param_render(c, ev, (uint32_t)i, &k->tmp, &k->tmp2);
	if (k->tmp2.len)
		return set_str(o, k->tmp2.s, k->tmp2.len);
	return set_tmp(o, k);
}

static bool x_evt_rawres(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	int i = res_param(EV(c));

	if (i < 0)
		return false;
	return set_i(o, param_i64(EV(c), i));
}

static bool x_evt_failed(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	int i = res_param(EV(c));

	return set_u(o, i >= 0 && param_i64(EV(c), i) < 0);
}

static bool x_evt_flagbool(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name;
	uint16_t f = EV(c)->info->flags;
	uint16_t mask;

	if (strcmp(n, "evt.is_io") == 0)
		mask = SC_EF_READS_FROM_FD | SC_EF_WRITES_TO_FD;
	else if (strcmp(n, "evt.is_io_read") == 0)
		mask = SC_EF_READS_FROM_FD;
	else if (strcmp(n, "evt.is_io_write") == 0)
		mask = SC_EF_WRITES_TO_FD;
	else
		mask = SC_EF_WAITS;
	return set_u(o, (f & mask) != 0);
}

static bool x_evt_io_dir(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint16_t f = EV(c)->info->flags;

	if (f & SC_EF_WRITES_TO_FD)
		return set_cstr(o, "write");
	if (f & SC_EF_READS_FROM_FD)
		return set_cstr(o, "read");
	return false;
}

static bool x_evt_wait_latency(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);

	if (!(ev->info->flags & SC_EF_WAITS) || sc_evt_is_enter(evt_type(ev)))
		return false;
	return set_u(o, latency(ev));
}

static bool x_evt_is_syslog(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);

	return set_u(o, (ev->info->flags & SC_EF_WRITES_TO_FD) && ev->fd && ev->fd->name &&
			       strstr(ev->fd->name, "/dev/log"));
}

static bool x_evt_count(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_u(o, 1);
}

static bool x_evt_count_exit(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (sc_evt_is_enter(evt_type(EV(c))))
		return false;
	return set_u(o, 1);
}

static bool is_file_type(uint8_t t)
{
	return t == SC_FD_FILE || t == SC_FD_FILE_V2 || t == SC_FD_DIRECTORY;
}

static bool is_net_type(uint8_t t)
{
	return t == SC_FD_IPV4_SOCK || t == SC_FD_IPV6_SOCK || t == SC_FD_IPV4_SERVSOCK ||
	       t == SC_FD_IPV6_SERVSOCK || t == SC_FD_UNIX_SOCK;
}

static bool is_open_x(uint16_t t)
{
	return t == SCE_SYSCALL_OPEN_X || t == SCE_SYSCALL_CREAT_X || t == SCE_SYSCALL_OPENAT_X ||
	       t == SCE_SYSCALL_OPENAT_2_X;
}

static bool is_net_creator_x(uint16_t t)
{
	return t == SCE_SOCKET_ACCEPT_X || t == SCE_SOCKET_ACCEPT_5_X || t == SCE_SOCKET_ACCEPT4_X ||
	       t == SCE_SOCKET_ACCEPT4_5_X || t == SCE_SOCKET_CONNECT_X;
}

/*
 * The views' I/O sizes (table only): evt.buflen[.file|.net][.in|.out], the
 * length of an I/O exit event's data when its fd is of that kind (net: IPv4
 * and IPv6 sockets) and it goes that way (in: reads, out: writes).
 */
static bool x_evt_buflen_table(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	const char *n = k->field->name + 10;  /* after "evt.buflen" */
	uint16_t f = ev->info->flags;
	uint8_t t;

	if (!x_evt_buflen(k, c, o))
		return false;
	t = ev->fd->type;
	if (strncmp(n, ".file", 5) == 0) {
		if (!is_file_type(t))
			return false;
		n += 5;
	} else if (strncmp(n, ".net", 4) == 0) {
		if (t != SC_FD_IPV4_SOCK && t != SC_FD_IPV6_SOCK)
			return false;
		n += 4;
	}
	if (strcmp(n, ".in") == 0)
		return (f & SC_EF_READS_FROM_FD) != 0;
	if (strcmp(n, ".out") == 0)
		return (f & SC_EF_WRITES_TO_FD) != 0;
	return true;
}

static bool x_evt_count_error(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	const char *n = k->field->name + 15;  /* after "evt.count.error" */
	int i = res_param(ev);
	uint16_t t = evt_type(ev);
	bool match;

	if (*n == '.') {
		n++;
		if (strcmp(n, "file") == 0)
			match = ev->fd ? is_file_type(ev->fd->type) : is_open_x(t);
		else if (strcmp(n, "net") == 0)
			match = ev->fd ? is_net_type(ev->fd->type) : is_net_creator_x(t);
		else if (strcmp(n, "memory") == 0)
			match = ev->info->category == SC_EC_MEMORY;
		else
			match = ev->fd ? !(is_file_type(ev->fd->type) || is_net_type(ev->fd->type))
				       : !(is_open_x(t) || is_net_creator_x(t) ||
					   ev->info->category == SC_EC_MEMORY);
		if (!match)
			return false;
	}
	if (i < 0 || param_i64(ev, i) >= 0)
		return false;
	return set_u(o, 1);
}

static bool x_evt_is_open(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	uint16_t t = evt_type(ev);
	char what = k->field->name[12];  /* 'r', 'w' or 'e' in evt.is_open_X */
	const uint32_t exec_bits = 0111;
	const uint32_t O_RDONLY_ = 1, O_WRONLY_ = 2, O_CREAT_ = 4, O_TMPFILE_ = 0x2000;
	uint64_t v = 0;

	if (t == SCE_SYSCALL_OPEN_X || t == SCE_SYSCALL_OPENAT_E || t == SCE_SYSCALL_OPENAT_2_X) {
		int fi = t == SCE_SYSCALL_OPENAT_2_X ? 3 : 2;
		uint32_t fl = (uint32_t)sc_evt_param_int(ev, (uint32_t)fi, 0);

		if (what == 'r' && (fl & O_RDONLY_))
			v = 1;
		if (what == 'w' && (fl & O_WRONLY_))
			v = 1;
		if (what == 'e' && (fl & (O_TMPFILE_ | O_CREAT_)))
			v = ((uint32_t)sc_evt_param_int(ev, (uint32_t)fi + 1, 0) & exec_bits) != 0;
	} else if (what == 'e' && t == SCE_SYSCALL_CREAT_X) {
		v = ((uint32_t)sc_evt_param_int(ev, 2, 0) & exec_bits) != 0;
	}
	return set_u(o, v);
}

/* evt.abspath[.src|.dst]: a dirfd-relative path of *at calls made absolute. */
static bool x_evt_abspath(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	uint16_t t = evt_type(ev);
	bool dst = k->argname && strcmp(k->argname, "dst") == 0;
	const char *dfa = NULL, *pa = NULL;
	int di, pi;
	const char *path, *dir;
	size_t plen;
	int64_t dfd;

	if (!ev->thread)
		return false;
	if (t == SCE_SYSCALL_RENAMEAT_X || t == SCE_SYSCALL_RENAMEAT2_X) {
		dfa = dst ? "newdirfd" : "olddirfd";
		pa = dst ? "newpath" : "oldpath";
	} else if (t == SCE_SYSCALL_SYMLINKAT_X) {
		dfa = "linkdirfd";
		pa = "linkpath";
	} else if (t == SCE_SYSCALL_OPENAT_E || t == SCE_SYSCALL_OPENAT_2_X ||
		   t == SCE_SYSCALL_UNLINKAT_E || t == SCE_SYSCALL_UNLINKAT_2_X) {
		dfa = "dirfd";
		pa = "name";
	} else if (t == SCE_SYSCALL_LINKAT_E || t == SCE_SYSCALL_LINKAT_2_X) {
		dfa = dst ? "newdir" : "olddir";
		pa = dst ? "newpath" : "oldpath";
	} else if (t == SCE_SYSCALL_MKDIRAT_X) {
		dfa = "dirfd";
		pa = "path";
	} else if (t == SCE_SYSCALL_FCHMODAT_X) {
		dfa = "dirfd";
		pa = "filename";
	} else {
		return false;
	}
	di = param_by_name(ev, dfa);
	pi = param_by_name(ev, pa);
	if (di < 0 || pi < 0)
		return false;
	dfd = param_i64(ev, di);
	path = (const char *)sc_evt_params(ev)[pi].val;
	plen = strnlen(path, sc_evt_params(ev)[pi].len);
	sc_strbuf_reset(&k->tmp2);
	if (plen && path[0] == '/') {
		sc_strbuf_putc(&k->tmp2, '.');
	} else if (dfd == -100) {
		struct sc_thread *mt = main_of(c, ev->thread);

		dir = mt && mt->cwd ? mt->cwd : "";
		sc_strbuf_puts(&k->tmp2, dir);
	} else {
		const struct sc_fdinfo *fdi = sc_state_fd(ev->thread, dfd);

		if (fdi && fdi->name)
			sc_strbuf_puts(&k->tmp2, fdi->name);
		else
			sc_strbuf_puts(&k->tmp2, "<UNKNOWN>");
		if (!k->tmp2.len || k->tmp2.s[k->tmp2.len - 1] != '/')
			sc_strbuf_putc(&k->tmp2, '/');
	}
	sc_strbuf_reset(&k->tmp);
	sc_state_path_concat(k->tmp2.s ? k->tmp2.s : "", k->tmp2.len, path, plen, &k->tmp);
	return set_tmp(o, k);
}

static bool x_none(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return false;
}

/* ---- proc.* / thread.* ----------------------------------------------------- */

#define TH(c) (EV(c)->thread)

static bool x_thread_tid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return set_i(o, (int64_t)EV(c)->hdr->tid);
}

static bool x_proc_pid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_i(o, TH(c)->pid);
}

static bool x_proc_sid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_i(o, TH(c)->sid);
}

static bool x_proc_vpgid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_i(o, TH(c)->vpgid);
}

static bool x_proc_tty(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_i(o, (int32_t)TH(c)->tty);
}

static bool x_proc_name(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_cstr(o, TH(c)->comm);
}

static bool x_proc_exe(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_cstr(o, TH(c)->exe ? TH(c)->exe : "");
}

static bool x_proc_exepath(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_cstr(o, TH(c)->exepath ? TH(c)->exepath : "");
}

static bool x_proc_args(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c))
		return false;
	sc_strbuf_reset(&k->tmp);
	join_nul_list(&k->tmp, TH(c)->args, TH(c)->args_len, ' ');
	return set_tmp(o, k);
}

static bool x_proc_env(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	if (!TH(c))
		return false;
	/* threads show their process's environment */
	if (!mt)
		mt = TH(c);
	sc_strbuf_reset(&k->tmp);
	join_nul_list(&k->tmp, mt->env, mt->env_len, ' ');
	return set_tmp(o, k);
}

static void put_cmdline(struct sc_strbuf *out, const struct sc_thread *th)
{
	sc_strbuf_puts(out, th->comm);
	if (th->args_len) {
		sc_strbuf_putc(out, ' ');
		join_nul_list(out, th->args, th->args_len, ' ');
	}
}

static bool x_proc_cmdline(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c))
		return false;
	sc_strbuf_reset(&k->tmp);
	put_cmdline(&k->tmp, TH(c));
	return set_tmp(o, k);
}

static bool x_proc_exeline(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c))
		return false;
	sc_strbuf_reset(&k->tmp);
	sc_strbuf_puts(&k->tmp, TH(c)->exe ? TH(c)->exe : "");
	sc_strbuf_putc(&k->tmp, ' ');
	join_nul_list(&k->tmp, TH(c)->args, TH(c)->args_len, ' ');
	return set_tmp(o, k);
}

static bool x_proc_cwd(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	if (!TH(c))
		return false;
	size_t l;

	if (!mt)
		mt = TH(c);
	l = mt->cwd ? strlen(mt->cwd) : 0;
	if (!l || mt->cwd[l - 1] == '/')
		return set_str(o, l ? mt->cwd : "", l);
	/* sysdig keeps directories with their trailing '/' */
	sc_strbuf_reset(&k->tmp);
	sc_strbuf_add(&k->tmp, mt->cwd, l);
	sc_strbuf_putc(&k->tmp, '/');
	return set_tmp(o, k);
}

static bool x_proc_nthreads(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	if (!TH(c) || !mt)
		return false;
	if (k->field->name[6] == 't')  /* proc.nthreads */
		return set_u(o, (uint64_t)mt->nchilds + 1);
	return set_u(o, (uint64_t)TH(c)->nchilds);
}

static bool x_proc_ppid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	return mt && set_i(o, mt->ptid);
}

static bool x_proc_pname(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *p = TH(c) ? find_thread(c, TH(c)->ptid) : NULL;

	return p && set_cstr(o, p->comm);
}

static bool x_proc_pcmdline(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *p = TH(c) ? find_thread(c, TH(c)->ptid) : NULL;

	if (!p)
		return false;
	sc_strbuf_reset(&k->tmp);
	put_cmdline(&k->tmp, p);
	return set_tmp(o, k);
}

/* The ancestor n levels above th's process (0: its main thread), or NULL. */
static struct sc_thread *ancestor(const struct sc_fctx *c, struct sc_thread *th, int32_t n)
{
	struct sc_thread *mt = main_of(c, th);

	for (int32_t j = 0; mt && j < n; j++)
		mt = mt->ptid == mt->tid ? NULL : find_thread(c, mt->ptid);
	return mt;
}

static bool x_proc_apid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *a;

	if (!TH(c))
		return false;
	/* without an index (filters match every ancestor) the value is the process itself */
	a = ancestor(c, TH(c), k->argnum < 0 ? 0 : k->argnum);
	return a && set_i(o, a->pid);
}

static bool x_proc_aname(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *a;

	if (!TH(c))
		return false;
	a = ancestor(c, TH(c), k->argnum < 0 ? 0 : k->argnum);
	return a && set_cstr(o, a->comm);
}

static bool x_proc_loginshellid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));
	bool found = false;
	int64_t pid = 0;

	/* the oldest ancestor whose name ends in "sh"; bounded against parent loops */
	for (int j = 0; mt && j < 4096; j++) {
		size_t l = strlen(mt->comm);

		if (l >= 2 && mt->comm[l - 2] == 's' && mt->comm[l - 1] == 'h') {
			pid = mt->pid;
			found = true;
		}
		mt = mt->ptid == mt->tid ? NULL : find_thread(c, mt->ptid);
	}
	return found && set_i(o, pid);
}

static bool x_proc_duration(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c) || !TH(c)->clone_ts)
		return false;
	return set_u(o, EV(c)->hdr->ts - TH(c)->clone_ts);
}

static bool x_proc_fdlimit(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	return mt && set_i(o, (int64_t)mt->fdlimit);
}

static bool x_proc_vm(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name;
	const struct sc_thread *th = TH(c);
	bool thread_only = strncmp(n, "thread.", 7) == 0;

	if (!th)
		return false;
	if (thread_only && th->pid != th->tid)
		return set_u(o, 0);
	n = strchr(n, '.') + 1;
	if (strcmp(n, "vmsize.b") == 0)   /* the views' byte counts */
		return set_u(o, (uint64_t)th->vmsize_kb * 1024);
	if (strcmp(n, "vmrss.b") == 0)
		return set_u(o, (uint64_t)th->vmrss_kb * 1024);
	if (strcmp(n, "vmsize") == 0)
		return set_u(o, th->vmsize_kb);
	if (strcmp(n, "vmrss") == 0)
		return set_u(o, th->vmrss_kb);
	return set_u(o, th->vmswap_kb);
}

static bool x_thread_pf(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c))
		return false;
	return set_u(o, k->field->name[10] == 'a' ? TH(c)->pfmajor : TH(c)->pfminor);
}

static bool x_thread_ismain(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_u(o, TH(c)->pid == TH(c)->tid);
}

static bool x_thread_vtid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && TH(c)->vtid != -1 && set_i(o, TH(c)->vtid);
}

static bool x_proc_vpid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && TH(c)->vpid != -1 && set_i(o, TH(c)->vpid);
}

static bool x_thread_cgroups(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_thread *th = TH(c);
	uint32_t i = 0;

	if (!th || !th->cgroups_len)
		return false;
	sc_strbuf_reset(&k->tmp);
	while (i < th->cgroups_len) {
		const char *e = th->cgroups + i;
		size_t l = strnlen(e, th->cgroups_len - i);

		if (i)
			sc_strbuf_putc(&k->tmp, ' ');
		/* sysdig names the cgroup-v2 era "io" controller by its old name, "blkio" */
		if (l >= 3 && memcmp(e, "io=", 3) == 0)
			sc_strbuf_puts(&k->tmp, "blk");
		sc_strbuf_add(&k->tmp, e, l);
		i += (uint32_t)l + 1;
	}
	return set_tmp(o, k);
}

static bool x_thread_cgroup(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_thread *th = TH(c);
	size_t al;
	uint32_t i = 0;

	if (!th || !th->cgroups_len || !k->argname)
		return false;
	al = strlen(k->argname);
	while (i < th->cgroups_len) {
		const char *e = th->cgroups + i;
		size_t l = strnlen(e, th->cgroups_len - i);

		/* "io" is known as "blkio" only, as thread.cgroups shows it */
		if (l >= 3 && memcmp(e, "io=", 3) == 0) {
			if (strcmp(k->argname, "blkio") == 0)
				return set_str(o, e + 3, l - 3);
		} else if (l > al && e[al] == '=' && memcmp(e, k->argname, al) == 0) {
			return set_str(o, e + al + 1, l - al - 1);
		}
		i += (uint32_t)l + 1;
	}
	return false;
}

static bool x_proc_sname(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *s, *mt;

	if (!TH(c))
		return false;
	s = find_thread(c, TH(c)->sid);
	if (s)
		return set_cstr(o, s->comm);
	mt = main_of(c, TH(c));
	if (!mt)
		return false;
	for (int j = 0; j < 4096; j++) {
		struct sc_thread *p = mt->ptid == mt->tid ? NULL : find_thread(c, mt->ptid);

		if (!p || p->sid != TH(c)->sid)
			break;
		mt = p;
	}
	return set_cstr(o, mt->comm);
}

static bool x_thread_nametid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c))
		return false;
	sc_strbuf_reset(&k->tmp);
	sc_strbuf_puts(&k->tmp, TH(c)->comm);
	sc_put_i64(&k->tmp, (int64_t)EV(c)->hdr->tid);
	return set_tmp(o, k);
}

/*
 * Per-use memory of thread.exectime, thread.totexectime and thread.cpu*:
 * the last switch time of each CPU, and one number per thread id.
 */
struct tidmap {
	uint64_t *cpu_last;
	size_t ncpu;
	struct { int64_t tid; uint64_t v; bool used; } *slots;
	size_t cap, n;
};

static void tidmap_free(void *p)
{
	struct tidmap *m = p;

	if (!m)
		return;
	free(m->cpu_last);
	free(m->slots);
	free(m);
}

static struct tidmap *tidmap_of(struct sc_fcheck *k)
{
	if (!k->priv)
		k->priv = xcalloc(1, sizeof(struct tidmap));
	return k->priv;
}

/* The number kept for tid, created at 0. */
static uint64_t *tidmap_get(struct tidmap *m, int64_t tid)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t oldcap = m->cap;
		__typeof__(m->slots) old = m->slots;

		m->cap = m->cap ? m->cap * 2 : 64;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		m->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				*tidmap_get(m, old[i].tid) = old[i].v;
		free(old);
	}
	i = (size_t)((uint64_t)tid * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1);
	while (m->slots[i].used && m->slots[i].tid != tid)
		i = (i + 1) & (m->cap - 1);
	if (!m->slots[i].used) {
		m->slots[i].used = true;
		m->slots[i].tid = tid;
		m->slots[i].v = 0;
		m->n++;
	}
	return &m->slots[i].v;
}

/* For switch events: time since the previous switch on the same CPU (0 for the first). */
static uint64_t switch_exectime(struct sc_fcheck *k, const struct sc_fctx *c)
{
	struct tidmap *m = tidmap_of(k);
	uint16_t cpu = EV(c)->cpu;
	uint64_t ts = EV(c)->hdr->ts, r = 0;
	uint16_t t = evt_type(EV(c));

	if (t != SCE_SCHEDSWITCH_1_E && t != SCE_SCHEDSWITCH_6_E)
		return 0;
	if (cpu >= m->ncpu) {
		size_t n = (size_t)cpu + 1;

		m->cpu_last = xrealloc(m->cpu_last, n * sizeof(uint64_t));
		memset(m->cpu_last + m->ncpu, 0, (n - m->ncpu) * sizeof(uint64_t));
		m->ncpu = n;
	}
	if (m->cpu_last[cpu])
		r = ts - m->cpu_last[cpu];
	m->cpu_last[cpu] = ts;
	return r;
}

static bool x_thread_exectime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t v = switch_exectime(k, c);

	/* -j reads each field twice; the second read of a switch sees no time pass */
	return set_u(o, c->json ? 0 : v);
}

static bool x_thread_totexectime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	uint64_t v = switch_exectime(k, c), *tot;

	if (!TH(c))
		return false;
	tot = tidmap_get(tidmap_of(k), TH(c)->tid);
	*tot += v;
	return set_u(o, *tot);
}

/* thread.cpu*: from procinfo events, the CPU time since the thread's previous one, capped at 100. */
static bool x_thread_cpu(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name + 10;  /* "", ".user" or ".system" */
	uint64_t tot = 0, *last;

	if (!TH(c) || evt_type(EV(c)) != SCE_PROCINFO_E)
		return false;
	if (n[0] != '.' || n[1] == 'u')
		tot += (uint64_t)sc_evt_param_int(EV(c), 0, 0);
	if (n[0] != '.' || n[1] == 's')
		tot += (uint64_t)sc_evt_param_int(EV(c), 1, 0);
	last = tidmap_get(tidmap_of(k), TH(c)->tid);
	o->v.d = 0;
	if (*last) {
		o->v.d = (double)(tot - *last);
		if (o->v.d > 100)
			o->v.d = 100;
	}
	*last = tot;
	return true;
}

/* ---- user.* / group.* -------------------------------------------------------- */

static const struct sc_snap_user *find_user(const struct sc_fctx *c, uint32_t uid)
{
	if (!c->snap)
		return NULL;
	for (size_t i = 0; i < c->snap->nusers; i++)
		if (c->snap->users[i].uid == uid)
			return &c->snap->users[i];
	return NULL;
}

static bool x_user_uid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_u(o, TH(c)->uid);
}

static bool x_user_str(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *n = k->field->name + 5;
	const struct sc_snap_user *u;

	if (!TH(c))
		return false;
	u = find_user(c, n[0] == 'l' ? TH(c)->loginuid : TH(c)->uid);
	if (!u)
		return false;
	if (strcmp(n, "homedir") == 0)
		return set_cstr(o, u->homedir ? u->homedir : "");
	if (strcmp(n, "shell") == 0)
		return set_cstr(o, u->shell ? u->shell : "");
	return set_cstr(o, u->name ? u->name : "");
}

static bool x_user_loginuid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_i(o, (int32_t)TH(c)->loginuid);
}

/*
 * sysdig 0.29 declares group.gid as 64 bits over a 32-bit gid, so its value
 * carries the low half of the thread's child count in its high half; we
 * print what it prints.
 */
static bool x_group_gid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_u(o, (uint64_t)TH(c)->gid | (uint64_t)(uint32_t)TH(c)->nchilds << 32);
}

static bool x_group_name(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	if (!TH(c) || TH(c)->gid == UINT32_MAX || !c->snap)
		return false;
	for (size_t i = 0; i < c->snap->ngroups; i++)
		if (c->snap->groups[i].gid == TH(c)->gid)
			return set_cstr(o, c->snap->groups[i].name ? c->snap->groups[i].name : "");
	return false;
}

/* ---- fd.* ------------------------------------------------------------------------ */

/* The fd the event is about: false when the event has none or the thread is unknown. */
static bool event_fd(const struct sc_fctx *c, const struct sc_fdinfo **fdi)
{
	const struct sc_evt *ev = EV(c);

	if (!(ev->info->flags & (SC_EF_CREATES_FD | SC_EF_USES_FD | SC_EF_DESTROYS_FD)) || !ev->thread)
		return false;
	*fdi = ev->fd;
	if (!*fdi && ev->fdnum != -1)
		*fdi = sc_state_fd(ev->thread, ev->fdnum);
	return true;
}

static bool x_fd_num(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi))
		return false;
	return set_i(o, EV(c)->fdnum);
}

/* For an event whose fd is unknown: the name its creating event carries. */
static bool name_from_creator(struct sc_fcheck *k, const struct sc_fctx *c)
{
	const struct sc_evt *ev = EV(c);
	uint16_t t = evt_type(ev);

	sc_strbuf_reset(&k->tmp);
	if (sc_evt_is_enter(t))
		return false;
	if (t == SCE_SYSCALL_OPEN_X || t == SCE_SOCKET_ACCEPT_X || t == SCE_SOCKET_ACCEPT_5_X ||
	    t == SCE_SOCKET_ACCEPT4_X || t == SCE_SOCKET_ACCEPT4_5_X || t == SCE_SYSCALL_CREAT_X ||
	    t == SCE_SOCKET_CONNECT_X) {
		sc_strbuf_reset(&k->tmp2);
		sc_param_render(c, ev, 1, &k->tmp, &k->tmp2);
		if (k->tmp2.len) {
			sc_strbuf_reset(&k->tmp);
			sc_strbuf_add(&k->tmp, k->tmp2.s, k->tmp2.len);
		}
	} else if (t == SCE_SYSCALL_OPENAT_2_X && ev->nparams > 2) {
		const char *name = (const char *)sc_evt_params(ev)[2].val;
		size_t nl = strnlen(name, sc_evt_params(ev)[2].len);
		int64_t dfd = param_i64(ev, 1);

		if (nl && name[0] == '/') {
			sc_strbuf_add(&k->tmp, name, nl);
		} else {
			struct sc_thread *mt = main_of(c, ev->thread);
			const char *dir = mt && mt->cwd ? mt->cwd : "";

			if (dfd != -100) {
				const struct sc_fdinfo *d = sc_state_fd(ev->thread, dfd);

				dir = d && d->name ? d->name : "<UNKNOWN>";
			}
			sc_strbuf_puts(&k->tmp, dir);
			if (k->tmp.len && k->tmp.s[k->tmp.len - 1] != '/')
				sc_strbuf_putc(&k->tmp, '/');
			sc_strbuf_add(&k->tmp, name, nl);
		}
	}
	return true;
}

static bool fd_unusable(const struct sc_fctx *c, const struct sc_fdinfo *fdi)
{
	const struct sc_evt *ev = EV(c);

	return !fdi || (evt_type(ev) == SCE_SOCKET_CONNECT_X && param_i64(ev, 0) < 0);
}

static bool x_fd_name(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi))
		return false;
	if (fd_unusable(c, fdi))
		return name_from_creator(k, c) && set_tmp(o, k);
	return set_cstr(o, fdi->name ? fdi->name : "");
}

static bool x_fd_type(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	return set_cstr(o, sc_fdtype_name(fdi->type));
}

static bool x_fd_typechar(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	char ch;

	if (!event_fd(c, &fdi))
		return false;
	if (fdi) {
		ch = sc_fdtype_char(fdi->type);
	} else {
		uint16_t t = evt_type(EV(c)) & ~1u;

		if (t == SCE_SYSCALL_OPEN_E || t == SCE_SYSCALL_OPENAT_E || t == SCE_SYSCALL_OPENAT_2_E ||
		    t == SCE_SYSCALL_CREAT_E)
			ch = 'f';
		else if (t == SCE_SOCKET_SOCKET_E || t == SCE_SOCKET_ACCEPT_E || t == SCE_SOCKET_ACCEPT_5_E ||
			 t == SCE_SOCKET_ACCEPT4_E || t == SCE_SOCKET_ACCEPT4_5_E)
			ch = '4';
		else if (t == SCE_SYSCALL_PIPE_E)
			ch = 'p';
		else if (t == SCE_SYSCALL_EVENTFD_E)
			ch = 'e';
		else if (t == SCE_SYSCALL_SIGNALFD_E)
			ch = 's';
		else if (t == SCE_SYSCALL_TIMERFD_CREATE_E)
			ch = 't';
		else if (t == SCE_SYSCALL_INOTIFY_INIT_E)
			ch = 'i';
		else
			ch = 'o';
	}
	k->tmp.len = 0;
	sc_strbuf_putc(&k->tmp, ch);
	return set_tmp(o, k);
}

static bool x_fd_directory(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	const char *slash;

	if (!event_fd(c, &fdi))
		return false;
	sc_strbuf_reset(&k->tmp);
	if (!fdi) {
		if (!name_from_creator(k, c))
			return false;
	} else {
		if (!is_file_type(fdi->type))
			return false;
		if (fdi->name)
			sc_strbuf_puts(&k->tmp, fdi->name);
		if (fdi->type == SC_FD_DIRECTORY)
			return set_tmp(o, k);
	}
	slash = k->tmp.s ? strrchr(k->tmp.s, '/') : NULL;
	if (slash && slash != k->tmp.s) {
		if ((size_t)(slash - k->tmp.s) < k->tmp.len - 1) {
			k->tmp.len = (size_t)(slash - k->tmp.s);
			k->tmp.s[k->tmp.len] = '\0';
		}
	} else {
		sc_strbuf_reset(&k->tmp);
		sc_strbuf_putc(&k->tmp, '/');
	}
	return set_tmp(o, k);
}

static bool x_fd_filename(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	const char *slash;
	uint16_t t = evt_type(EV(c));

	if (!event_fd(c, &fdi))
		return false;
	sc_strbuf_reset(&k->tmp);
	if (!fdi) {
		if (t != SCE_SYSCALL_OPEN_E && t != SCE_SYSCALL_OPENAT_E && t != SCE_SYSCALL_OPENAT_2_E &&
		    t != SCE_SYSCALL_CREAT_E)
			return false;
		if (!name_from_creator(k, c))
			return false;
		slash = k->tmp.s ? strrchr(k->tmp.s, '/') : NULL;
		if (slash && (size_t)(slash - k->tmp.s) < k->tmp.len - 1) {
			size_t off = (size_t)(slash - k->tmp.s) + 1;

			memmove(k->tmp.s, k->tmp.s + off, k->tmp.len - off + 1);
			k->tmp.len -= off;
		}
		return set_tmp(o, k);
	}
	if (fdi->type != SC_FD_FILE && fdi->type != SC_FD_FILE_V2)
		return false;
	if (fdi->name)
		sc_strbuf_puts(&k->tmp, fdi->name);
	slash = k->tmp.s ? strrchr(k->tmp.s, '/') : NULL;
	if (slash) {
		if ((size_t)(slash - k->tmp.s) < k->tmp.len - 1) {
			size_t off = (size_t)(slash - k->tmp.s) + 1;

			memmove(k->tmp.s, k->tmp.s + off, k->tmp.len - off + 1);
			k->tmp.len -= off;
		}
	} else {
		sc_strbuf_reset(&k->tmp);
		sc_strbuf_putc(&k->tmp, '/');
	}
	return set_tmp(o, k);
}

static bool set_ip(struct sc_fval *o, const struct sc_fdinfo *fdi, const uint8_t *ip)
{
	bool v6 = fdi->type == SC_FD_IPV6_SOCK || fdi->type == SC_FD_IPV6_SERVSOCK;

	o->type = v6 ? SC_PT_IPV6ADDR : SC_PT_IPV4ADDR;
	memcpy(o->v.ip, ip, v6 ? 16 : 4);
	return true;
}

static bool has_role(const struct sc_fdinfo *fdi)
{
	return (fdi->flags & (SC_FDF_ROLE_CLIENT | SC_FDF_ROLE_SERVER)) != 0;
}

static bool is_sock(const struct sc_fdinfo *fdi)
{
	return fdi->type == SC_FD_IPV4_SOCK || fdi->type == SC_FD_IPV6_SOCK;
}

static bool is_servsock(const struct sc_fdinfo *fdi)
{
	return fdi->type == SC_FD_IPV4_SERVSOCK || fdi->type == SC_FD_IPV6_SERVSOCK;
}

/* fd.cip / fd.sip: the ends of a connected socket; a listening socket has only a server end. */
static bool x_fd_ip(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	char which = k->field->name[3];  /* 'c' or 's' */

	if (!event_fd(c, &fdi) || !fdi || !has_role(fdi))
		return false;
	if (is_sock(fdi))
		return set_ip(o, fdi, which == 'c' ? fdi->sip : fdi->dip);
	if (which == 's' && is_servsock(fdi))
		return set_ip(o, fdi, fdi->sip);
	return false;
}

static bool x_fd_port(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	char which = k->field->name[3];

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	if (is_sock(fdi))
		return has_role(fdi) && set_u(o, which == 'c' ? fdi->sport : fdi->dport);
	if (which == 's' && is_servsock(fdi))
		return set_u(o, fdi->sport);
	/* sysdig gives other sockets with a role a client port of 0 */
	return which == 'c' && has_role(fdi) && set_u(o, 0);
}

static bool x_fd_l4proto(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	switch (sc_fdinfo_l4proto(fdi)) {
	case SC_L4_TCP: return set_cstr(o, "tcp");
	case SC_L4_UDP: return set_cstr(o, "udp");
	case SC_L4_ICMP: return set_cstr(o, "icmp");
	case SC_L4_RAW: return set_cstr(o, "raw");
	default: return set_cstr(o, "<NA>");
	}
}

static bool x_fd_sockfamily(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	if (fdi->type == SC_FD_IPV4_SOCK || fdi->type == SC_FD_IPV6_SOCK ||
	    fdi->type == SC_FD_IPV4_SERVSOCK || fdi->type == SC_FD_IPV6_SERVSOCK)
		return set_cstr(o, "ip");
	if (fdi->type == SC_FD_UNIX_SOCK)
		return set_cstr(o, "unix");
	return false;
}

static bool x_fd_uid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi))
		return false;
	sc_strbuf_reset(&k->tmp);
	sc_put_i64(&k->tmp, EV(c)->thread->tid);
	sc_put_i64(&k->tmp, EV(c)->fdnum);
	return set_tmp(o, k);
}

static bool x_fd_dev(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	const char *n = k->field->name + 6;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	if (!*n)
		return set_i(o, (int32_t)fdi->dev);
	if (n[1] == 'm' && n[2] == 'a')
		return set_i(o, (int32_t)((fdi->dev & 0xfff00) >> 8));
	return set_i(o, (int32_t)((fdi->dev & 0xff) | ((fdi->dev >> 12) & 0xfff00)));
}

/* Whether ip (network order, 4 or 16 bytes) is an address of one of the machine's interfaces. */
static bool ip_is_local(const struct sc_fctx *c, const struct sc_fdinfo *fdi, const uint8_t *ip)
{
	bool v6 = fdi->type == SC_FD_IPV6_SOCK || fdi->type == SC_FD_IPV6_SERVSOCK;

	if (!c->snap)
		return false;
	for (size_t i = 0; i < c->snap->nifaces; i++) {
		const struct sc_snap_iface *f = &c->snap->ifaces[i];

		if (f->v6 != v6)
			continue;
		/* as sysdig: an IPv6 address is local when it is in an interface's /64 */
		if (v6 ? memcmp(f->addr6, ip, 8) == 0 : memcmp(&f->addr, ip, 4) == 0)
			return true;
	}
	return false;
}

/* fd.lip, fd.rip, fd.lport, fd.rport: the local and remote ends of a connected socket. */
static bool x_fd_local_remote(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	const char *n = k->field->name + 3;  /* "lip", "rip", "lport", "rport" */
	bool local_src, want_src;

	if (!event_fd(c, &fdi) || !fdi || !is_sock(fdi) || !has_role(fdi))
		return false;
	local_src = ip_is_local(c, fdi, fdi->sip);
	/* the local end is the source when the source address is ours */
	want_src = (n[0] == 'l') == local_src;
	if (n[1] == 'i')
		return set_ip(o, fdi, want_src ? fdi->sip : fdi->dip);
	return set_u(o, want_src ? fdi->sport : fdi->dport);
}

static bool x_fd_is_server(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	if (is_servsock(fdi))
		return set_u(o, 1);
	if (is_sock(fdi))
		return set_u(o, ip_is_local(c, fdi, fdi->dip));
	return set_u(o, 0);
}

/* The parser marks an fd whose name the current event changed (open, connect, a new tuple). */
static bool x_fd_name_changed(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	return event_fd(c, &fdi) && fdi && set_u(o, (fdi->flags & SC_FDF_NAME_CHANGED) != 0);
}

static bool x_fd_connected(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;

	return event_fd(c, &fdi) && fdi && set_u(o, (fdi->flags & SC_FDF_CONNECTED) != 0);
}

/*
 * fd.cproto, fd.sproto, fd.lproto, fd.rproto: the port of that end as text
 * (sysdig 0.29 does not turn it into a service name when reading a capture).
 * Sockets with a role that are not IP sockets, and the server end of a
 * listening socket, give "" as sysdig does; sockets with no role give none.
 */
static bool x_fd_proto(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_fdinfo *fdi;
	char which = k->field->name[3];  /* 'c', 's', 'l', 'r' */
	uint16_t port;

	if (!event_fd(c, &fdi) || !fdi)
		return false;
	sc_strbuf_reset(&k->tmp);
	if (which == 'c') {
		if (!has_role(fdi))
			return false;
		if (!is_sock(fdi))
			return set_cstr(o, "");
		port = fdi->sport;
	} else if (which == 's') {
		if (is_servsock(fdi))
			return set_cstr(o, "");
		if (!is_sock(fdi) || !has_role(fdi))
			return false;
		port = fdi->dport;
	} else {
		bool local_src;

		if (!is_sock(fdi) || !has_role(fdi))
			return false;
		local_src = ip_is_local(c, fdi, fdi->sip);
		port = ((which == 'l') == local_src) ? fdi->sport : fdi->dport;
	}
	sc_put_u64(&k->tmp, port);
	return set_tmp(o, k);
}

/*
 * fd.cip.name ...: the domain name of an address, which sysdig learns only
 * from its live DNS cache: a capture never has one, so these are absent.
 */
static bool x_fd_ipname(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	(void)k;
	(void)c;
	(void)o;
	return false;
}

/*
 * The container id of a thread: the first 12 characters of a 64-hex-digit
 * component of its cgroup paths (docker, containerd, cri-o layouts), or
 * "" on the host.
 */
static size_t container_id(const struct sc_thread *th, const char **id)
{
	uint32_t i = 0;

	while (th && i < th->cgroups_len) {
		const char *e = th->cgroups + i;
		size_t l = strnlen(e, th->cgroups_len - i);
		size_t run = 0;

		for (size_t j = 0; j < l; j++) {
			if (isxdigit((unsigned char)e[j]) && !isupper((unsigned char)e[j])) {
				run++;
				if (run == 64 && (j + 1 == l || !isxdigit((unsigned char)e[j + 1]))) {
					*id = e + j + 1 - 64;
					return 12;
				}
			} else {
				run = 0;
			}
		}
		i += (uint32_t)l + 1;
	}
	*id = "";
	return 0;
}

static bool x_container_host(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *id;
	size_t l;

	if (!TH(c))
		return false;
	l = container_id(TH(c), &id);
	if (!l)
		return set_cstr(o, "host");
	/* without the container's metadata only the id is known */
	if (strcmp(k->field->name, "container.id") != 0)
		return false;
	return set_str(o, id, l);
}

static bool x_fd_container(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const char *id;
	size_t l;
	struct sc_fval v;
	bool dir = strcmp(k->field->name, "fd.containerdirectory") == 0;

	v.type = SC_PT_CHARBUF;
	if (!(dir ? x_fd_directory(k, c, &v) : x_fd_name(k, c, &v)))
		return false;
	l = container_id(EV(c)->thread, &id);
	sc_strbuf_reset(&k->tmp2);
	sc_strbuf_add(&k->tmp2, id, l);
	sc_strbuf_putc(&k->tmp2, ':');
	sc_strbuf_add(&k->tmp2, v.s, v.len);
	return set_str(o, k->tmp2.s, k->tmp2.len);
}

static bool count_one_fd(struct sc_fdinfo *fd, void *arg)
{
	(void)fd;
	(*(size_t *)arg)++;
	return true;
}

static size_t count_fds(const struct sc_thread *th)
{
	struct sc_thread *t = (struct sc_thread *)th;
	size_t n = 0;

	sc_state_foreach_fd(t, count_one_fd, &n);
	return n;
}

static bool x_proc_fdopencount(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	if (!TH(c))
		return false;
	return set_u(o, count_fds(mt ? mt : TH(c)));
}

static bool x_proc_fdusage(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	struct sc_thread *mt = main_of(c, TH(c));

	if (!TH(c))
		return false;
	if (!mt)
		mt = TH(c);
	o->v.d = mt->fdlimit ? (double)count_fds(mt) / (double)mt->fdlimit * 100 : 0;
	return true;
}

static bool x_false_with_thread(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_u(o, 0);
}

/* From execve's flags (EXE_WRITABLE), inherited at clone, or from the capture's process list. */
static bool x_proc_is_exe_writable(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	return TH(c) && set_u(o, TH(c)->exe_writable);
}

/* ---- fdlist.* ---------------------------------------------------------------------- */

static bool x_fdlist(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_fval *o)
{
	const struct sc_evt *ev = EV(c);
	uint16_t t = evt_type(ev);
	const char *what = k->field->name + 7;
	const uint8_t *p;
	uint32_t n, pos = 2;
	uint16_t nfds;
	int pi;

	if (t == SCE_SYSCALL_POLL_E || t == SCE_SYSCALL_PPOLL_E)
		pi = 0;
	else if (t == SCE_SYSCALL_POLL_X || t == SCE_SYSCALL_PPOLL_X)
		pi = 1;
	else
		return false;
	if ((uint32_t)pi >= ev->nparams || !ev->thread)
		return false;
	p = sc_evt_params(ev)[pi].val;
	n = sc_evt_params(ev)[pi].len;
	if (n < 2)
		return false;
	nfds = sc_get_u16(p);
	sc_strbuf_reset(&k->tmp);
	for (uint16_t j = 0; j < nfds && pos + 10 <= n; j++, pos += 10) {
		int64_t fd = (int64_t)sc_get_u64(p + pos);
		const struct sc_fdinfo *fdi = sc_state_fd(ev->thread, fd);
		bool sock = fdi && (fdi->type == SC_FD_IPV4_SOCK || fdi->type == SC_FD_IPV6_SOCK);
		size_t before = k->tmp.len;

		if (strcmp(what, "nums") == 0) {
			sc_put_i64(&k->tmp, fd);
		} else if (strcmp(what, "names") == 0) {
			sc_strbuf_puts(&k->tmp, fdi && fdi->name && fdi->name[0] ? fdi->name : "<NA>");
		} else if (strcmp(what, "cips") == 0 || strcmp(what, "sips") == 0) {
			struct sc_fval v;

			if (!sock && !(what[0] == 's' && fdi &&
				       (fdi->type == SC_FD_IPV4_SERVSOCK || fdi->type == SC_FD_IPV6_SERVSOCK)))
				continue;
			set_ip(&v, fdi, (what[0] == 'c' || !sock) ? fdi->sip : fdi->dip);
			v.fmt = SC_PF_NA;
			sc_fval_to_text(&v, c, &k->tmp);
		} else {
			if (!sock)
				continue;
			sc_put_u64(&k->tmp, what[0] == 'c' ? fdi->sport : fdi->dport);
		}
		if (k->tmp.len != before)
			sc_strbuf_putc(&k->tmp, ',');
	}
	if (!k->tmp.len)
		return false;
	if (k->tmp.s[k->tmp.len - 1] == ',')
		k->tmp.s[--k->tmp.len] = '\0';
	return set_tmp(o, k);
}

/* ---- text fast paths for the default line's fields ------------------------------ */

static bool r_evt_num(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	sc_put_u64(out, EV(c)->num);
	return true;
}

static bool r_evt_cpu(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	sc_put_i64(out, (int16_t)EV(c)->cpu);
	return true;
}

static bool r_thread_tid(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	sc_put_i64(out, (int64_t)EV(c)->hdr->tid);
	return true;
}

static bool r_proc_name(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	if (!EV(c)->thread)
		return false;
	sc_strbuf_puts(out, EV(c)->thread->comm);
	return true;
}

static bool r_evt_dir(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	sc_strbuf_putc(out, sc_evt_is_enter(evt_type(EV(c))) ? '>' : '<');
	return true;
}

static bool r_evt_type(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	struct sc_fval v;

	x_evt_type(k, c, &v);
	sc_strbuf_add(out, v.s, v.len);
	return true;
}

static bool r_evt_outputtime(struct sc_fcheck *k, const struct sc_fctx *c, struct sc_strbuf *out)
{
	struct sc_fval v;

	if (c->time_mode == 'h' || !c->time_mode) {
		sc_time_render(out, EV(c)->hdr->ts, c->tz, false, true);
		return true;
	}
	x_evt_outputtime(k, c, &v);
	sc_strbuf_add(out, v.s, v.len);
	return true;
}

/* ---- the table ------------------------------------------------------------------------ */

#define F(n, t, f, fl, x, d) { n, SC_PT_##t, SC_PF_##f, fl, d, x, NULL }
#define FR(n, t, f, fl, x, r, d) { n, SC_PT_##t, SC_PF_##f, fl, d, x, r }

static const struct sc_field evt_gen_fields[] = {
	FR("evt.num", UINT64, ID, 0, x_evt_num, r_evt_num, "sequence number of the event, counting from 1."),
	F("evt.time", CHARBUF, NA, 0, x_evt_time, "time of the event, local clock, with nanoseconds."),
	F("evt.time.s", CHARBUF, NA, 0, x_evt_time, "time of the event, local clock, whole seconds."),
	F("evt.time.iso8601", CHARBUF, NA, 0, x_evt_iso8601, "time of the event in ISO 8601 form, nanoseconds and UTC offset included."),
	F("evt.datetime", CHARBUF, NA, 0, x_evt_time, "date and time of the event, local clock, with nanoseconds."),
	F("evt.datetime.s", CHARBUF, NA, 0, x_evt_time, "date and time of the event, local clock, whole seconds."),
	F("evt.rawtime", ABSTIME, DEC, 0, x_evt_rawtime, "time of the event in nanoseconds since the epoch."),
	F("evt.rawtime.s", ABSTIME, DEC, 0, x_evt_rawtime, "seconds part of evt.rawtime."),
	F("evt.rawtime.ns", ABSTIME, 10_PADDED_DEC, 0, x_evt_rawtime, "nanoseconds part of evt.rawtime."),
	F("evt.reltime", RELTIME, 10_PADDED_DEC, 0, x_evt_reltime, "nanoseconds since the first event of the capture."),
	F("evt.reltime.s", RELTIME, DEC, 0, x_evt_reltime, "seconds part of evt.reltime."),
	F("evt.reltime.ns", RELTIME, 10_PADDED_DEC, 0, x_evt_reltime, "nanoseconds part of evt.reltime."),
	F("evt.pluginname", CHARBUF, NA, 0, x_none, "for events produced by a plugin, the plugin's name (plugins are not supported: always absent)."),
	F("evt.plugininfo", CHARBUF, NA, 0, x_none, "for events produced by a plugin, the plugin's summary of the event (always absent)."),
};

static const struct sc_field evt_fields[] = {
	F("evt.latency", RELTIME, DEC, 0, x_evt_latency, "for an exit event, nanoseconds since its enter event."),
	F("evt.latency.s", RELTIME, DEC, 0, x_evt_latency, "seconds part of evt.latency."),
	F("evt.latency.ns", RELTIME, 10_PADDED_DEC, 0, x_evt_latency, "nanoseconds part of evt.latency."),
	F("evt.latency.quantized", UINT64, DEC, SC_FF_TABLE_ONLY, x_none, "evt.latency on a log10 scale, for views."),
	F("evt.latency.human", CHARBUF, NA, 0, x_evt_latency_human, "evt.latency written for people, e.g. 10.3ms."),
	F("evt.deltatime", RELTIME, DEC, 0, x_evt_deltatime, "nanoseconds since the previous event shown."),
	F("evt.deltatime.s", RELTIME, DEC, 0, x_evt_deltatime, "seconds part of evt.deltatime."),
	F("evt.deltatime.ns", RELTIME, 10_PADDED_DEC, 0, x_evt_deltatime, "nanoseconds part of evt.deltatime."),
	FR("evt.outputtime", CHARBUF, NA, SC_FF_PRINT_ONLY | SC_FF_HIDDEN, x_evt_outputtime, r_evt_outputtime, "the event time in the form chosen with -t (evt.time by default)."),
	FR("evt.dir", CHARBUF, DIR, 0, x_evt_dir, r_evt_dir, "'>' for an enter event, '<' for an exit event."),
	FR("evt.type", CHARBUF, NA, 0, x_evt_type, r_evt_type, "The event's name, e.g. 'open'."),
	F("evt.type.is", UINT32, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_NAME, x_evt_type_is, "1 when the event is of the type named after it (evt.type.is.open), else 0."),
	F("syscall.type", CHARBUF, NA, 0, x_syscall_type, "For system call events, the name of the system call; absent for other events such as switch or internal ones. Unlike evt.type it is set only for real system calls."),
	F("evt.category", CHARBUF, NA, 0, x_evt_category, "The kind of activity: 'file', 'net', 'memory', 'process', 'IPC', 'wait' and so on; I/O events take the kind of their fd."),
	FR("evt.cpu", INT16, ID, 0, x_evt_cpu, r_evt_cpu, "the CPU that produced the event."),
	FR("evt.args", CHARBUF, NA, 0, x_evt_args, r_evt_args, "every parameter of the event as name=value pairs in one string."),
	F("evt.arg", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_evt_arg, "one parameter, picked by name (evt.arg.fd) or position (evt.arg[0]), shown with its resolved text (fd names, errno names ...) when there is one."),
	F("evt.rawarg", DYN, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_NAME, x_evt_rawarg, "one parameter, picked by name (evt.rawarg.fd), as its raw value: handy for numeric comparisons."),
	FR("evt.info", CHARBUF, NA, 0, x_evt_info, r_evt_info, "what sysdig prints at the end of its default line: usually evt.args, or a decoded summary when the event allows one."),
	F("evt.buffer", BYTEBUF, NA, 0, x_evt_buffer, "the data buffer of I/O events (read, recvfrom ...); search it with 'contains'."),
	F("evt.buflen", UINT64, DEC, 0, x_evt_buflen, "length of the data of I/O events."),
	F("evt.buflen.in", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of reads (for views)."),
	F("evt.buflen.out", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of writes (for views)."),
	F("evt.buflen.file", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen on files (for views)."),
	F("evt.buflen.file.in", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of file reads (for views)."),
	F("evt.buflen.file.out", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of file writes (for views)."),
	F("evt.buflen.net", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen on IPv4 and IPv6 sockets (for views)."),
	F("evt.buflen.net.in", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of network reads (for views)."),
	F("evt.buflen.net.out", UINT64, DEC, SC_FF_TABLE_ONLY, x_evt_buflen_table, "evt.buflen of network writes (for views)."),
	F("evt.res", CHARBUF, DEC, 0, x_evt_res, "the result as text: 'SUCCESS', or the error name (e.g. 'ENOENT') when the call failed."),
	F("evt.rawres", INT64, DEC, 0, x_evt_rawres, "the result as a number (e.g. -2): handy for range comparisons."),
	F("evt.failed", BOOL, NA, 0, x_evt_failed, "'true' when the call returned an error."),
	F("evt.is_io", BOOL, NA, 0, x_evt_flagbool, "'true' for events that read from or write to an fd."),
	F("evt.is_io_read", BOOL, NA, 0, x_evt_flagbool, "'true' for events that read from an fd."),
	F("evt.is_io_write", BOOL, NA, 0, x_evt_flagbool, "'true' for events that write to an fd."),
	F("evt.io_dir", CHARBUF, NA, 0, x_evt_io_dir, "'read' or 'write' for I/O events."),
	F("evt.is_wait", BOOL, NA, 0, x_evt_flagbool, "'true' for events that put the thread to sleep (sleep, select, poll ...)."),
	F("evt.wait_latency", RELTIME, DEC, 0, x_evt_wait_latency, "for exits of waiting events, the nanoseconds spent waiting."),
	F("evt.is_syslog", BOOL, NA, 0, x_evt_is_syslog, "'true' for writes to /dev/log."),
	F("evt.count", UINT32, DEC, 0, x_evt_count, "always 1: counts events in chisels and views."),
	F("evt.count.error", UINT32, DEC, 0, x_evt_count_error, "1 for events that failed: counts errors in chisels and views."),
	F("evt.count.error.file", UINT32, DEC, 0, x_evt_count_error, "1 for failed events about files."),
	F("evt.count.error.net", UINT32, DEC, 0, x_evt_count_error, "1 for failed events about the network."),
	F("evt.count.error.memory", UINT32, DEC, 0, x_evt_count_error, "1 for failed events about memory."),
	F("evt.count.error.other", UINT32, DEC, 0, x_evt_count_error, "1 for failed events about anything else."),
	F("evt.count.exit", UINT32, DEC, 0, x_evt_count_exit, "1 for exit events: counts calls in chisels and views."),
	F("evt.around", UINT64, DEC, SC_FF_FILTER_ONLY | SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX, x_none, "Matches events within D milliseconds of time T, written evt.around[T]=D with T an evt.rawtime value."),
	F("evt.abspath", CHARBUF, NA, SC_FF_ARG_NAME, x_evt_abspath, "The absolute path built from a directory fd and a relative name (renameat, symlinkat ...); evt.abspath.src and evt.abspath.dst for calls with two paths."),
	F("evt.is_open_read", BOOL, NA, 0, x_evt_is_open, "'true' for opens that ask for reading."),
	F("evt.is_open_write", BOOL, NA, 0, x_evt_is_open, "'true' for opens that ask for writing."),
	F("evt.is_open_exec", BOOL, NA, 0, x_evt_is_open, "'true' for opens and creats that make a file with execute permission."),
};

static const struct sc_field proc_fields[] = {
	F("proc.pid", INT64, ID, 0, x_proc_pid, "id of the process of the event."),
	F("proc.exe", CHARBUF, NA, 0, x_proc_exe, "the first command line argument (normally the executable, or a name the process chose)."),
	FR("proc.name", CHARBUF, NA, 0, x_proc_name, r_proc_name, "name of the process's executable, without the path."),
	F("proc.args", CHARBUF, NA, 0, x_proc_args, "command line arguments of the process, after the executable."),
	F("proc.env", CHARBUF, NA, 0, x_proc_env, "environment of the process."),
	F("proc.cmdline", CHARBUF, NA, 0, x_proc_cmdline, "the whole command line: proc.name and proc.args."),
	F("proc.exeline", CHARBUF, NA, 0, x_proc_exeline, "the whole command line with the executable first: proc.exe and proc.args."),
	F("proc.cwd", CHARBUF, NA, 0, x_proc_cwd, "working directory of the process."),
	F("proc.nthreads", UINT32, DEC, 0, x_proc_nthreads, "number of threads of the process, the main one included."),
	F("proc.nchilds", UINT32, DEC, 0, x_proc_nthreads, "number of threads of the process besides the main one."),
	F("proc.ppid", INT64, ID, 0, x_proc_ppid, "pid of the parent process."),
	F("proc.pname", CHARBUF, NA, 0, x_proc_pname, "name of the parent process, without the path."),
	F("proc.pcmdline", CHARBUF, NA, 0, x_proc_pcmdline, "command line of the parent process (proc.name and proc.args)."),
	F("proc.apid", INT64, ID, SC_FF_ARG_INDEX | SC_FF_ARG_ALLOWED, x_proc_apid, "pid of an ancestor: proc.apid[1] is the parent, proc.apid[2] the grandparent and so on, proc.apid[0] the process itself. Without an index it can only be used in filters, where it matches any ancestor."),
	F("proc.aname", CHARBUF, NA, SC_FF_ARG_INDEX | SC_FF_ARG_ALLOWED, x_proc_aname, "name of an ancestor: proc.aname[1] is the parent, proc.aname[2] the grandparent and so on, proc.aname[0] the process itself. Without an index it can only be used in filters, where it matches any ancestor."),
	F("proc.loginshellid", INT64, ID, 0, x_proc_loginshellid, "pid of the oldest shell among the ancestors, if any: tells user sessions apart (see the spy_users chisel)."),
	F("proc.duration", RELTIME, DEC, 0, x_proc_duration, "nanoseconds since the process started."),
	F("proc.fdopencount", UINT64, DEC, 0, x_proc_fdopencount, "number of fds the process has open."),
	F("proc.fdlimit", INT64, DEC, 0, x_proc_fdlimit, "the most fds the process may open."),
	F("proc.fdusage", DOUBLE, DEC, 0, x_proc_fdusage, "open fds as a percentage of the most the process may open."),
	F("proc.vmsize", UINT64, DEC, 0, x_proc_vm, "virtual memory of the process, in kB."),
	F("proc.vmrss", UINT64, DEC, 0, x_proc_vm, "resident memory of the process, in kB."),
	F("proc.vmswap", UINT64, DEC, 0, x_proc_vm, "swapped memory of the process, in kB."),
	F("thread.pfmajor", UINT64, DEC, 0, x_thread_pf, "major page faults since the thread started."),
	F("thread.pfminor", UINT64, DEC, 0, x_thread_pf, "minor page faults since the thread started."),
	FR("thread.tid", INT64, ID, 0, x_thread_tid, r_thread_tid, "id of the thread of the event."),
	F("thread.ismain", BOOL, NA, 0, x_thread_ismain, "'true' when the thread is the process's main thread."),
	F("thread.exectime", RELTIME, DEC, 0, x_thread_exectime, "for switch events, the CPU time the thread switched out had just used, in nanoseconds."),
	F("thread.totexectime", RELTIME, DEC, 0, x_thread_totexectime, "for switch events, the CPU time the thread has used since the capture began, in nanoseconds."),
	F("thread.cgroups", CHARBUF, NA, 0, x_thread_cgroups, "every cgroup of the thread, in one string."),
	F("thread.cgroup", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_NAME, x_thread_cgroup, "the thread's cgroup for one subsystem, e.g. thread.cgroup.cpuacct."),
	F("thread.vtid", INT64, ID, 0, x_thread_vtid, "id of the thread inside its pid namespace."),
	F("proc.vpid", INT64, ID, 0, x_proc_vpid, "id of the process inside its pid namespace."),
	F("thread.cpu", DOUBLE, NA, 0, x_thread_cpu, "CPU the thread used in the last second (from procinfo events)."),
	F("thread.cpu.user", DOUBLE, NA, 0, x_thread_cpu, "user CPU the thread used in the last second (from procinfo events)."),
	F("thread.cpu.system", DOUBLE, NA, 0, x_thread_cpu, "system CPU the thread used in the last second (from procinfo events)."),
	F("thread.vmsize", UINT64, DEC, 0, x_proc_vm, "for the main thread, the process's virtual memory in kB; 0 for other threads."),
	F("thread.vmrss", UINT64, DEC, 0, x_proc_vm, "for the main thread, the process's resident memory in kB; 0 for other threads."),
	F("thread.vmsize.b", UINT64, DEC, SC_FF_TABLE_ONLY, x_proc_vm, "thread.vmsize in bytes (for views)."),
	F("thread.vmrss.b", UINT64, DEC, SC_FF_TABLE_ONLY, x_proc_vm, "thread.vmrss in bytes (for views)."),
	F("proc.sid", INT64, ID, 0, x_proc_sid, "session id of the process."),
	F("proc.sname", CHARBUF, NA, 0, x_proc_sname, "name of the session leader: the process whose pid is proc.sid, or the oldest ancestor in the same session."),
	F("proc.tty", INT32, ID, 0, x_proc_tty, "controlling terminal of the process, 0 when none."),
	F("proc.exepath", CHARBUF, NA, 0, x_proc_exepath, "full path of the process's executable."),
	F("thread.nametid", CHARBUF, NA, SC_FF_TABLE_ONLY, x_thread_nametid, "process name and thread id run together, to tell one exec of a thread from another."),
	F("proc.vpgid", INT64, ID, 0, x_proc_vpgid, "process group id inside the pid namespace."),
	F("proc.is_container_healthcheck", BOOL, NA, 0, x_false_with_thread, "'true' when the process runs as a container's health check."),
	F("proc.is_container_liveness_probe", BOOL, NA, 0, x_false_with_thread, "'true' when the process runs as a container's liveness probe."),
	F("proc.is_container_readiness_probe", BOOL, NA, 0, x_false_with_thread, "'true' when the process runs as a container's readiness probe."),
	F("proc.is_exe_writable", BOOL, NA, 0, x_proc_is_exe_writable, "'true' when the user who started the process may write its executable file."),
};

static const struct sc_field user_fields[] = {
	F("user.uid", UINT32, ID, 0, x_user_uid, "user id."),
	F("user.name", CHARBUF, NA, 0, x_user_str, "user name."),
	F("user.homedir", CHARBUF, NA, 0, x_user_str, "the user's home directory."),
	F("user.shell", CHARBUF, NA, 0, x_user_str, "the user's login shell."),
	F("user.loginuid", INT32, ID, 0, x_user_loginuid, "audit user id (auid)."),
	F("user.loginname", CHARBUF, NA, 0, x_user_str, "audit user name (from the auid)."),
};

static const struct sc_field group_fields[] = {
	F("group.gid", UINT64, ID, 0, x_group_gid, "group id."),
	F("group.name", CHARBUF, NA, 0, x_group_name, "group name."),
};

static const struct sc_field fd_fields[] = {
	F("fd.num", INT64, ID, 0, x_fd_num, "number of the file descriptor."),
	F("fd.type", CHARBUF, DEC, 0, x_fd_type, "kind of fd: 'file', 'directory', 'ipv4', 'ipv6', 'unix', 'pipe', 'event', 'signalfd', 'eventpoll', 'inotify' ..."),
	F("fd.typechar", CHARBUF, DEC, 0, x_fd_typechar, "kind of fd in one letter: 'f' file, '4' IPv4 socket, '6' IPv6 socket, 'u' unix socket, 'p' pipe, 'e' eventfd, 's' signalfd, 'l' eventpoll, 'i' inotify, 'o' other."),
	F("fd.name", CHARBUF, NA, 0, x_fd_name, "full name of the fd: the path for files, the connection tuple for sockets."),
	F("fd.directory", CHARBUF, NA, 0, x_fd_directory, "for files, the directory holding the file."),
	F("fd.filename", CHARBUF, NA, 0, x_fd_filename, "for files, the file name without its directory."),
	F("fd.ip", IPADDR, NA, SC_FF_FILTER_ONLY, x_none, "matches either end's IP address of the fd."),
	F("fd.cip", IPADDR, NA, 0, x_fd_ip, "client IP address."),
	F("fd.sip", IPADDR, NA, 0, x_fd_ip, "server IP address."),
	F("fd.lip", IPADDR, NA, 0, x_fd_local_remote, "local IP address."),
	F("fd.rip", IPADDR, NA, 0, x_fd_local_remote, "remote IP address."),
	F("fd.port", PORT, DEC, SC_FF_FILTER_ONLY, x_none, "matches either end's port of the fd."),
	F("fd.cport", PORT, DEC, 0, x_fd_port, "for TCP and UDP fds, the client port."),
	F("fd.sport", PORT, DEC, 0, x_fd_port, "for TCP and UDP fds, the server port."),
	F("fd.lport", PORT, DEC, 0, x_fd_local_remote, "for TCP and UDP fds, the local port."),
	F("fd.rport", PORT, DEC, 0, x_fd_local_remote, "for TCP and UDP fds, the remote port."),
	F("fd.l4proto", CHARBUF, NA, 0, x_fd_l4proto, "IP protocol of a socket: 'tcp', 'udp', 'icmp' or 'raw'."),
	F("fd.sockfamily", CHARBUF, NA, 0, x_fd_sockfamily, "socket family: 'ip' or 'unix'."),
	F("fd.is_server", BOOL, NA, 0, x_fd_is_server, "'true' when the process holding the fd is the server end of the connection."),
	F("fd.uid", CHARBUF, NA, 0, x_fd_uid, "an id unique to the fd: the thread id followed by the fd number."),
	F("fd.containername", CHARBUF, NA, 0, x_fd_container, "the container id and the fd name joined by ':', telling apart the same name in different containers."),
	F("fd.containerdirectory", CHARBUF, NA, 0, x_fd_container, "the container id and the directory name joined by ':'."),
	F("fd.proto", PORT, NA, SC_FF_FILTER_ONLY, x_none, "matches either end's protocol (port) of the fd."),
	F("fd.cproto", CHARBUF, NA, 0, x_fd_proto, "for TCP and UDP fds, the client's protocol (its port, as text)."),
	F("fd.sproto", CHARBUF, NA, 0, x_fd_proto, "for TCP and UDP fds, the server's protocol (its port, as text)."),
	F("fd.lproto", CHARBUF, NA, 0, x_fd_proto, "for TCP and UDP fds, the local protocol (its port, as text)."),
	F("fd.rproto", CHARBUF, NA, 0, x_fd_proto, "for TCP and UDP fds, the remote protocol (its port, as text)."),
	F("fd.net", IPNET, NA, SC_FF_FILTER_ONLY, x_none, "matches either end's IP network of the fd."),
	F("fd.cnet", IPNET, NA, SC_FF_FILTER_ONLY, x_none, "matches the client's IP network of the fd."),
	F("fd.snet", IPNET, NA, SC_FF_FILTER_ONLY, x_none, "matches the server's IP network of the fd."),
	F("fd.lnet", IPNET, NA, SC_FF_FILTER_ONLY, x_none, "matches the local IP network of the fd."),
	F("fd.rnet", IPNET, NA, SC_FF_FILTER_ONLY, x_none, "matches the remote IP network of the fd."),
	F("fd.connected", BOOL, NA, 0, x_fd_connected, "for TCP and UDP fds, 'true' once the socket is connected."),
	F("fd.name_changed", BOOL, NA, 0, x_fd_name_changed, "'true' when the event changed the name of its fd (a UDP socket whose tuple changed, for instance)."),
	F("fd.cip.name", CHARBUF, NA, 0, x_fd_ipname, "domain name of the client IP address (known only from a live DNS cache)."),
	F("fd.sip.name", CHARBUF, NA, 0, x_fd_ipname, "domain name of the server IP address (known only from a live DNS cache)."),
	F("fd.lip.name", CHARBUF, NA, 0, x_fd_ipname, "domain name of the local IP address (known only from a live DNS cache)."),
	F("fd.rip.name", CHARBUF, NA, 0, x_fd_ipname, "domain name of the remote IP address (known only from a live DNS cache)."),
	F("fd.dev", INT32, HEX, 0, x_fd_dev, "device (major and minor) of the file the fd refers to."),
	F("fd.dev.major", INT32, DEC, 0, x_fd_dev, "major device number of the file the fd refers to."),
	F("fd.dev.minor", INT32, DEC, 0, x_fd_dev, "minor device number of the file the fd refers to."),
};

static const struct sc_field container_fields[] = {
	F("container.id", CHARBUF, NA, 0, x_container_host, "the container id, from the process's cgroups; 'host' outside containers."),
	F("container.name", CHARBUF, NA, 0, x_container_host, "the container name; 'host' outside containers."),
	F("container.image", CHARBUF, NA, 0, x_none, "the container's image name, e.g. falcosecurity/falco:latest."),
	F("container.image.id", CHARBUF, NA, 0, x_none, "the container's image id."),
	F("container.type", CHARBUF, NA, 0, x_container_host, "the container's runtime (docker, cri-o ...); 'host' outside containers."),
	F("container.privileged", BOOL, NA, 0, x_none, "'true' for containers running privileged."),
	F("container.mounts", CHARBUF, NA, 0, x_none, "the container's mounts, each as source:dest:mode:rdwr:propagation, comma-separated."),
	F("container.mount", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "one mount, by position (container.mount[0]) or by source (container.mount[/usr/local])."),
	F("container.mount.source", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "the source of one mount, by position or by destination."),
	F("container.mount.dest", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "the destination of one mount, by position or by source."),
	F("container.mount.mode", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "the mode of one mount, by position or by source."),
	F("container.mount.rdwr", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "whether one mount is writable, by position or by source."),
	F("container.mount.propagation", CHARBUF, NA, SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME, x_none, "the propagation of one mount, by position or by source."),
	F("container.image.repository", CHARBUF, NA, 0, x_none, "the repository of the container's image."),
	F("container.image.tag", CHARBUF, NA, 0, x_none, "the tag of the container's image."),
	F("container.image.digest", CHARBUF, NA, 0, x_none, "the registry digest of the container's image."),
	F("container.healthcheck", CHARBUF, NA, 0, x_none, "the container's health check command, or NONE."),
	F("container.liveness_probe", CHARBUF, NA, 0, x_none, "the container's liveness probe command, or NONE."),
	F("container.readiness_probe", CHARBUF, NA, 0, x_none, "the container's readiness probe command, or NONE."),
};

static const struct sc_field syslog_fields[] = {
	F("syslog.facility.str", CHARBUF, NA, 0, x_syslog, "facility of a message written to /dev/log, as a name."),
	F("syslog.facility", UINT32, DEC, 0, x_syslog, "facility of a message written to /dev/log, as a number (0-23)."),
	F("syslog.severity.str", CHARBUF, NA, 0, x_syslog, "severity of a message written to /dev/log, as a name."),
	F("syslog.severity", UINT32, DEC, 0, x_syslog, "severity of a message written to /dev/log, as a number (0-7)."),
	F("syslog.message", CHARBUF, NA, 0, x_syslog, "text of a message written to /dev/log."),
};

static const struct sc_field fdlist_fields[] = {
	F("fdlist.nums", CHARBUF, ID, 0, x_fdlist, "for poll events, the fd numbers of the 'fds' parameter, comma-separated."),
	F("fdlist.names", CHARBUF, NA, 0, x_fdlist, "for poll events, the fd names of the 'fds' parameter, comma-separated."),
	F("fdlist.cips", CHARBUF, NA, 0, x_fdlist, "for poll events, the client IP addresses of the 'fds' parameter, comma-separated."),
	F("fdlist.sips", CHARBUF, NA, 0, x_fdlist, "for poll events, the server IP addresses of the 'fds' parameter, comma-separated."),
	F("fdlist.cports", CHARBUF, DEC, 0, x_fdlist, "for poll events, the client TCP/UDP ports of the 'fds' parameter, comma-separated."),
	F("fdlist.sports", CHARBUF, DEC, 0, x_fdlist, "for poll events, the server TCP/UDP ports of the 'fds' parameter, comma-separated."),
};

#define CLASS(n, t, d, arr) { n, t, d, arr, SC_ARRAY_SIZE(arr) }

const struct sc_field_class sc_field_classes[] = {
	CLASS("evt", "All event types", "Fields every event has.", evt_gen_fields),
	CLASS("evt", "Syscall events only", "Fields of system call events. Each parameter of an event can also be read on its own with evt.arg, e.g. evt.arg.filename.", evt_fields),
	CLASS("process", NULL, "The process and thread that made the event.", proc_fields),
	CLASS("user", NULL, "The user the process runs as.", user_fields),
	CLASS("group", NULL, "The group the process runs as.", group_fields),
	CLASS("container", NULL, "The container the process runs in. Outside containers, id and name are 'host'.", container_fields),
	CLASS("fd", NULL, "The file descriptor an event works on, for every event with an fd among its parameters.", fd_fields),
	CLASS("syslog", NULL, "Messages written to syslog (/dev/log).", syslog_fields),
	CLASS("fdlist", NULL, "The fds of poll events.", fdlist_fields),
};

const size_t sc_field_nclasses = SC_ARRAY_SIZE(sc_field_classes);

/* ---- lookup and parsing ------------------------------------------------------------ */

const struct sc_field *sc_field_find(const char *name)
{
	for (size_t c = 0; c < sc_field_nclasses; c++)
		for (size_t i = 0; i < sc_field_classes[c].nfields; i++)
			if (strcmp(sc_field_classes[c].fields[i].name, name) == 0)
				return &sc_field_classes[c].fields[i];
	return NULL;
}

/* The longest field name that prefixes s. */
static const struct sc_field *longest_prefix(const char *s)
{
	const struct sc_field *best = NULL;
	size_t bestlen = 0;

	for (size_t c = 0; c < sc_field_nclasses; c++) {
		for (size_t i = 0; i < sc_field_classes[c].nfields; i++) {
			const struct sc_field *f = &sc_field_classes[c].fields[i];
			size_t l = strlen(f->name);

			if (l > bestlen && strncmp(s, f->name, l) == 0) {
				best = f;
				bestlen = l;
			}
		}
	}
	return best;
}

/* The longest parameter name of any event that prefixes s, and its type. */
static const struct sc_param_info *longest_param(const char *s)
{
	const struct sc_param_info *best = NULL;
	size_t bestlen = 0;

	for (uint32_t e = 0; e < SC_EVENT_MAX; e++) {
		const struct sc_event_info *ei = &sc_event_table[e];

		for (uint32_t j = 0; j < ei->nparams; j++) {
			size_t l = strlen(ei->params[j].name);

			if (l > bestlen && strncmp(s, ei->params[j].name, l) == 0) {
				best = &ei->params[j];
				bestlen = l;
			}
		}
	}
	return best;
}

int sc_fcheck_parse(struct sc_fcheck *chk, const char *s, size_t *used, struct sc_err *err)
{
	const struct sc_field *f = longest_prefix(s);
	size_t n;

	memset(chk, 0, sizeof(*chk));
	if (!f)
		return sc_err_set(err, SC_EFORMAT, "unknown field %.*s", (int)strcspn(s, " \t,)%"), s);
	n = strlen(f->name);
	chk->field = f;
	chk->argnum = -1;
	chk->type = f->type;
	chk->fmt = f->fmt;

	/* "evt.arg" is a prefix of "evt.args": only a real argument makes it evt.arg */
	if ((f->flags & (SC_FF_ARG_INDEX | SC_FF_ARG_NAME)) && (s[n] == '[' || s[n] == '.')) {
		if (s[n] == '[' && strcmp(f->name, "evt.around") == 0) {
			/* evt.around[T]: T is an evt.rawtime, kept as text in argname for the filter */
			char *end;

			errno = 0;
			(void)strtoull(s + n + 1, &end, 10);
			if (end == s + n + 1 || *end != ']' || s[n + 1] == '-' || errno)
				return sc_err_set(err, SC_EFORMAT, "%.*s is not a valid number",
						  (int)strcspn(s + n + 1, "]"), s + n + 1);
			chk->argname = xstrndup(s + n + 1, (size_t)(end - (s + n + 1)));
			n = (size_t)(end - s) + 1;
		} else if (s[n] == '[' && strncmp(f->name, "container.mount", 15) == 0 &&
			   !isdigit((unsigned char)s[n + 1])) {
			/* container.mount*[PATH]: a mount named by its path (a glob) rather than by position */
			const char *end = strchr(s + n + 1, ']');

			if (!end || end == s + n + 1)
				return sc_err_set(err, SC_EFORMAT, "bad mount path in %s", s);
			chk->argname = xstrndup(s + n + 1, (size_t)(end - (s + n + 1)));
			n = (size_t)(end - s) + 1;
		} else if (s[n] == '[' && (f->flags & SC_FF_ARG_INDEX)) {
			char *end;
			long long v = strtoll(s + n + 1, &end, 10);

			if (end == s + n + 1 || *end != ']')
				return sc_err_set(err, SC_EFORMAT, "bad index in %s", s);
			if (v < 0 || v > INT32_MAX)
				return sc_err_set(err, SC_EFORMAT, "index out of range in %s", s);
			chk->argnum = (int32_t)v;
			n = (size_t)(end - s) + 1;
		} else if (s[n] == '.' && (f->flags & SC_FF_ARG_NAME)) {
			const char *a = s + n + 1;
			size_t al;

			if (strcmp(f->name, "evt.arg") == 0 || strcmp(f->name, "evt.rawarg") == 0) {
				const struct sc_param_info *pi = longest_param(a);

				if (!pi)
					return sc_err_set(err, SC_EFORMAT, "unknown event argument %s", a);
				al = strlen(pi->name);
				if (f->type == SC_PT_DYN)
					chk->type = pi->type;
			} else if (strcmp(f->name, "evt.type.is") == 0) {
				/*
				 * sysdig takes everything after "evt.type.is." as the type:
				 * unless that is a number or an event name up to the end of
				 * the text, the field consumes nothing and never has a value
				 * (in a -p template the rest is printed as literal text).
				 */
				char *end;
				unsigned long v = strtoul(a, &end, 10);
				bool known = false;

				al = strlen(a);
				if (end != a && !*end) {
					chk->argnum = (int32_t)v;
					known = true;
				}
				for (uint32_t e = 0; !known && e < SC_EVENT_MAX; e++)
					known = strcmp(sc_event_table[e].name, a) == 0;
				if (!known) {
					chk->name[0] = '\0';
					*used = 0;
					return 0;
				}
			} else {
				al = 0;
				while (isalnum((unsigned char)a[al]) || a[al] == '_')
					al++;
			}
			if (!al)
				return sc_err_set(err, SC_EFORMAT, "missing argument in %s", s);
			chk->argname = xstrndup(a, al);
			n += 1 + al;
		} else {
			return sc_err_set(err, SC_EFORMAT, "bad argument syntax in %s", s);
		}
	} else if (f->flags & SC_FF_ARG_REQUIRED) {
		return sc_err_set(err, SC_EFORMAT, "%s needs an argument", f->name);
	} else if ((f->flags & SC_FF_ARG_ALLOWED) && (f->flags & SC_FF_ARG_INDEX) && s[n]) {
		/*
		 * sysdig accepts proc.apid/proc.aname without an index only as
		 * the whole text; followed by more it consumes nothing (the rest
		 * of a template prints literally) and reads the process itself.
		 */
		chk->argnum = 0;
		chk->name[0] = '\0';
		*used = 0;
		return 0;
	}
	memcpy(chk->name, s, SC_MIN(n, sizeof(chk->name) - 1));
	chk->name[SC_MIN(n, sizeof(chk->name) - 1)] = '\0';
	*used = n;
	return 0;
}

static void tidmap_free(void *p);

void sc_fcheck_release(struct sc_fcheck *chk)
{
	tidmap_free(chk->priv);
	chk->priv = NULL;
	free(chk->argname);
	chk->argname = NULL;
	sc_strbuf_free(&chk->tmp);
	sc_strbuf_free(&chk->tmp2);
}

/* ---- value rendering -------------------------------------------------------------------- */

static bool type_is_signed(uint8_t t)
{
	return t == SC_PT_INT8 || t == SC_PT_INT16 || t == SC_PT_INT32 || t == SC_PT_INT64 ||
	       t == SC_PT_FD || t == SC_PT_PID || t == SC_PT_ERRNO;
}

static bool type_is_unsigned(uint8_t t)
{
	switch (t) {
	case SC_PT_UINT8: case SC_PT_UINT16: case SC_PT_UINT32: case SC_PT_UINT64:
	case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_PORT: case SC_PT_L4PROTO:
	case SC_PT_UID: case SC_PT_GID: case SC_PT_FLAGS8: case SC_PT_FLAGS16:
	case SC_PT_FLAGS32: case SC_PT_SOCKFAMILY: case SC_PT_SYSCALLID: case SC_PT_SIGTYPE:
	case SC_PT_MODE: case SC_PT_SIGSET:
		return true;
	default:
		return false;
	}
}

static void put_num_fmt(struct sc_strbuf *out, uint64_t bits, bool neg_ok, uint8_t fmt)
{
	char t[32];

	switch (fmt) {
	case SC_PF_OCT:
		snprintf(t, sizeof(t), "%llo", (unsigned long long)bits);
		sc_strbuf_puts(out, t);
		break;
	case SC_PF_HEX:
		snprintf(t, sizeof(t), "%llX", (unsigned long long)bits);
		sc_strbuf_puts(out, t);
		break;
	case SC_PF_10_PADDED_DEC:
		if (neg_ok)
			snprintf(t, sizeof(t), "%09lld", (long long)bits);
		else
			snprintf(t, sizeof(t), "%09llu", (unsigned long long)bits);
		sc_strbuf_puts(out, t);
		break;
	default:
		if (neg_ok)
			sc_put_i64(out, (int64_t)bits);
		else
			sc_put_u64(out, bits);
		break;
	}
}

static void put_ip_text(struct sc_strbuf *out, const struct sc_fval *v)
{
	struct sc_strbuf *o = out;

	if (v->type == SC_PT_IPV4ADDR) {
		for (int k = 0; k < 4; k++) {
			if (k)
				sc_strbuf_putc(o, '.');
			sc_put_u64(o, v->v.ip[k]);
		}
	} else {
		char t[64];
		const uint8_t *ip = v->v.ip;
		/* reuse the parameter renderer's layout through a socktuple-free path */
		int best = -1, bestlen = 0, cur = -1, curlen = 0, k;
		uint16_t g[8];
		size_t tl = 0;

		for (k = 0; k < 8; k++)
			g[k] = (uint16_t)(ip[2 * k] << 8 | ip[2 * k + 1]);
		for (k = 0; k < 8; k++) {
			if (!g[k]) {
				if (cur < 0) {
					cur = k;
					curlen = 0;
				}
				if (++curlen > bestlen) {
					best = cur;
					bestlen = curlen;
				}
			} else {
				cur = -1;
			}
		}
		if (bestlen < 2)
			best = -1;
		if (best == 0 && (bestlen == 6 || (bestlen == 5 && g[5] == 0xffff))) {
			snprintf(t, sizeof(t), "%s%u.%u.%u.%u", bestlen == 5 ? "::ffff:" : "::", ip[12],
				 ip[13], ip[14], ip[15]);
			sc_strbuf_puts(o, t);
			return;
		}
		for (k = 0; k < 8; k++) {
			if (k == best) {
				tl += (size_t)snprintf(t + tl, sizeof(t) - tl, "::");
				k += bestlen - 1;
				continue;
			}
			if (k && k != best + bestlen)
				t[tl++] = ':';
			tl += (size_t)snprintf(t + tl, sizeof(t) - tl, "%x", g[k]);
		}
		sc_strbuf_add(o, t, tl);
	}
}

bool sc_fval_printable(const struct sc_fval *v)
{
	switch (v->type) {
	case SC_PT_INT64: case SC_PT_FD: case SC_PT_PID: case SC_PT_ERRNO:
	case SC_PT_UINT64: case SC_PT_RELTIME: case SC_PT_ABSTIME:
		return true;
	default:
		/* sysdig has no text for narrower numbers without a print format */
		if (type_is_signed(v->type) || type_is_unsigned(v->type))
			return v->fmt != SC_PF_NA && v->fmt != SC_PF_DIR;
		return true;
	}
}

void sc_fval_to_text(const struct sc_fval *v, const struct sc_fctx *ctx, struct sc_strbuf *out)
{
	uint8_t t = v->type;

	if (type_is_signed(t)) {
		put_num_fmt(out, (uint64_t)v->v.i, true, v->fmt);
	} else if (t == SC_PT_BOOL) {
		sc_strbuf_puts(out, v->v.u ? "true" : "false");
	} else if (type_is_unsigned(t)) {
		put_num_fmt(out, v->v.u, false, v->fmt);
	} else if (t == SC_PT_BYTEBUF) {
		size_t start = out->len;

		sc_buf_render(out, (const uint8_t *)v->s, v->len, ctx->bufmode);
		if (ctx->max_buflen && !ctx->json && ctx->bufmode == SC_BUF_DOTS &&
		    out->len - start > ctx->max_buflen) {
			out->len = start + ctx->max_buflen;
			if (ctx->max_buflen > 3)
				memcpy(out->s + out->len - 3, "...", 3);
			out->s[out->len] = '\0';
		}
	} else if (t == SC_PT_IPV4ADDR || t == SC_PT_IPV6ADDR) {
		put_ip_text(out, v);
	} else if (t == SC_PT_DOUBLE) {
		char b[64];

		snprintf(b, sizeof(b), "%.1lf", v->v.d);
		sc_strbuf_puts(out, b);
	} else if (v->s) {
		sc_strbuf_add(out, v->s, v->len);
	}
}

void sc_fval_to_json(const struct sc_fval *v, const struct sc_fctx *ctx, struct sc_strbuf *out)
{
	uint8_t t = v->type;

	if (t == SC_PT_BOOL) {
		sc_strbuf_puts(out, v->v.u ? "true" : "false");
	} else if (t == SC_PT_RELTIME || t == SC_PT_ABSTIME) {
		sc_put_i64(out, (int64_t)v->v.u);
	} else if ((type_is_signed(t) || type_is_unsigned(t)) &&
		   (v->fmt == SC_PF_DEC || v->fmt == SC_PF_ID || v->fmt == SC_PF_NA || v->fmt == SC_PF_DIR)) {
		if (type_is_signed(t))
			sc_put_i64(out, v->v.i);
		else
			sc_put_u64(out, v->v.u);
	} else if (t == SC_PT_DOUBLE && v->fmt == SC_PF_DEC) {
		sc_put_i64(out, (int64_t)v->v.d);
	} else if (t == SC_PT_DOUBLE) {
		char b[64];

		snprintf(b, sizeof(b), "%.17g", v->v.d);
		sc_strbuf_puts(out, b);
	} else {
		struct sc_strbuf tmp = { 0 };

		if (v->s && t != SC_PT_BYTEBUF && !type_is_signed(t) && !type_is_unsigned(t)) {
			sc_json_string(out, v->s, v->len);
			return;
		}
		sc_fval_to_text(v, ctx, &tmp);
		sc_json_string(out, tmp.s ? tmp.s : "", tmp.len);
		sc_strbuf_free(&tmp);
	}
}

/* ---- -l / -lv ------------------------------------------------------------------------------- */

const char *sc_ptype_name(uint8_t type)
{
	static const char *const names[SC_PT_MAX] = {
		[SC_PT_NONE] = "NONE", [SC_PT_INT8] = "INT8", [SC_PT_INT16] = "INT16",
		[SC_PT_INT32] = "INT32", [SC_PT_INT64] = "INT64", [SC_PT_UINT8] = "UINT8",
		[SC_PT_UINT16] = "UINT16", [SC_PT_UINT32] = "UINT32", [SC_PT_UINT64] = "UINT64",
		[SC_PT_CHARBUF] = "CHARBUF", [SC_PT_BYTEBUF] = "BYTEBUF", [SC_PT_ERRNO] = "ERRNO",
		[SC_PT_SOCKADDR] = "SOCKADDR", [SC_PT_SOCKTUPLE] = "SOCKTUPLE", [SC_PT_FD] = "FD",
		[SC_PT_PID] = "PID", [SC_PT_FDLIST] = "FDLIST", [SC_PT_FSPATH] = "FSPATH",
		[SC_PT_SYSCALLID] = "SYSCALLID", [SC_PT_SIGTYPE] = "SIGTYPE", [SC_PT_RELTIME] = "RELTIME",
		[SC_PT_ABSTIME] = "ABSTIME", [SC_PT_PORT] = "PORT", [SC_PT_L4PROTO] = "L4PROTO",
		[SC_PT_SOCKFAMILY] = "SOCKFAMILY", [SC_PT_BOOL] = "BOOL", [SC_PT_IPV4ADDR] = "IPV4ADDR",
		[SC_PT_DYN] = "DYNAMIC", [SC_PT_FLAGS8] = "FLAGS8", [SC_PT_FLAGS16] = "FLAGS16",
		[SC_PT_FLAGS32] = "FLAGS32", [SC_PT_UID] = "UID", [SC_PT_GID] = "GID",
		[SC_PT_DOUBLE] = "DOUBLE", [SC_PT_SIGSET] = "SIGSET", [SC_PT_CHARBUFARRAY] = "CHARBUFARRAY",
		[SC_PT_CHARBUF_PAIR_ARRAY] = "CHARBUFPAIRARRAY", [SC_PT_IPV4NET] = "IPV4NET",
		[SC_PT_IPV6ADDR] = "IPV6ADDR", [SC_PT_IPV6NET] = "IPV6NET", [SC_PT_IPADDR] = "IPADDR",
		[SC_PT_IPNET] = "IPNET", [SC_PT_MODE] = "MODE", [SC_PT_FSRELPATH] = "FSRELPATH",
	};

	return type < SC_PT_MAX && names[type] ? names[type] : "UNKNOWN";
}

#define LIST_COL 30
#define LIST_WIDTH 120

/* Appends words of text after the first column, wrapping at LIST_WIDTH; each word ends with a space. */
static void list_wrapped(struct sc_strbuf *out, size_t col, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t wl;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		wl = strcspn(p, " ");
		if (col + wl + 1 > LIST_WIDTH && col > LIST_COL) {
			sc_strbuf_putc(out, '\n');
			sc_strbuf_printf(out, "%*s", LIST_COL, "");
			col = LIST_COL;
		}
		sc_strbuf_add(out, p, wl);
		sc_strbuf_putc(out, ' ');
		col += wl + 1;
		p += wl;
	}
	sc_strbuf_putc(out, '\n');
}

void sc_fields_list_markdown(struct sc_strbuf *out)
{
	for (size_t c = 0; c < sc_field_nclasses; c++) {
		const struct sc_field_class *fc = &sc_field_classes[c];

		sc_strbuf_printf(out, "\n## Field Class: %s\n\n%s\n\n", fc->name, fc->desc);
		sc_strbuf_puts(out, "Name | Type | Description\n:----|:-----|:-----------\n");
		for (size_t i = 0; i < fc->nfields; i++) {
			const struct sc_field *f = &fc->fields[i];

			if (!(f->flags & (SC_FF_HIDDEN | SC_FF_TABLE_ONLY)))
				sc_strbuf_printf(out, "`%s` | %s | %s\n", f->name, sc_ptype_name(f->type), f->desc);
		}
	}
}

void sc_fields_list(struct sc_strbuf *out, bool verbose)
{
	struct sc_strbuf d = { 0 };

	for (size_t c = 0; c < sc_field_nclasses; c++) {
		const struct sc_field_class *fc = &sc_field_classes[c];

		sc_strbuf_puts(out, "-------------------------------\n");
		sc_strbuf_printf(out, "%-*s%s", LIST_COL, "Field Class:", fc->name);
		if (fc->title)
			sc_strbuf_printf(out, " (%s)", fc->title);
		sc_strbuf_putc(out, '\n');
		sc_strbuf_printf(out, "%-*s", LIST_COL, "Description:");
		list_wrapped(out, LIST_COL, fc->desc);
		sc_strbuf_putc(out, '\n');
		for (size_t i = 0; i < fc->nfields; i++) {
			const struct sc_field *f = &fc->fields[i];
			size_t nl = strlen(f->name);

			if (f->flags & (SC_FF_HIDDEN | SC_FF_TABLE_ONLY))
				continue;
			sc_strbuf_reset(&d);
			if (verbose)
				sc_strbuf_printf(&d, "(Type: %s) ", sc_ptype_name(f->type));
			if (f->flags & SC_FF_FILTER_ONLY)
				sc_strbuf_puts(&d, "(FILTER ONLY) ");
			sc_strbuf_puts(&d, f->desc);
			if (nl < LIST_COL) {
				sc_strbuf_printf(out, "%-*s", LIST_COL, f->name);
				list_wrapped(out, LIST_COL, d.s);
			} else {
				sc_strbuf_puts(out, f->name);
				sc_strbuf_putc(out, ' ');
				list_wrapped(out, nl + 1, d.s);
			}
		}
		sc_strbuf_putc(out, '\n');
	}
	sc_strbuf_free(&d);
}
