/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chisel.c - the chisel runtime (see chisel.h): one Lua 5.4 state per
 * chisel, the API tables bound to it, and the calls into its callbacks.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "chisel.h"
#include "engine/engine.h"
#include "fields.h"
#include "filter.h"
#include "format.h"
#include "inspector.h"
#include "state.h"
#include "util.h"

/* Metatable name of the field handles chisel.request_field() returns. */
#define FIELD_MT "syscope.field"

struct field_handle {
	size_t idx;                 /* into sc_chisel.checks */
};

struct sc_chisel {
	lua_State *L;
	const struct sc_chisel_host *host;
	struct sc_chisel_info info;

	/* fields requested, each its own use of the field */
	struct sc_fcheck **checks;
	size_t nchecks;
	struct sc_fcheck type_chk;  /* evt.get_type() */
	bool type_chk_ok;

	struct sc_filter *filter;           /* chisel.set_filter() */
	struct sc_formatter *formatter;     /* chisel.set_event_formatter() */
	char *global_filter;                /* sysdig.set_filter() */
	uint32_t snaplen;                   /* sysdig.set_snaplen() */
	int bufmode;                        /* sysdig.set_output_format(), or -1 */
	uint64_t interval_ns;               /* chisel.set_interval_s/_ns() */
	uint64_t precise_interval_ns;       /* chisel.set_precise_interval_ns() */
	bool has_on_event, has_on_interval;

	/* chisel.exec() from on_init: the chisel to become, with its arguments */
	char *exec_name;
	char **exec_args;
	size_t exec_nargs;

	/* the capture */
	struct sc_inspector *in;
	struct sc_fctx ctx;
	struct sc_tzcache tz;
	struct sc_evt *ev;                  /* the event being handled (evt.* reads it), or NULL */
	bool first_seen;
	uint64_t last_sample;               /* start of the current interval */
	uint64_t last_tick_ts;              /* time of the last on_interval (0: none yet) */
	uint64_t last_ts;                   /* the last event's time */
	bool end_capture;
};

/* ---- errors ---- */

/*
 * Message handler: Lua's own message ("file:line: cause"); an error whose
 * value is not a string (error({...})) has no position of its own, so it
 * gets that of the innermost Lua function, then its __tostring text or its
 * type.
 */
static int msgh(lua_State *L)
{
	const char *m = lua_tostring(L, 1);
	lua_Debug ar;
	int lv;

	if (m)
		return 1;
	for (lv = 1; lua_getstack(L, lv, &ar); lv++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
			break;
		}
	}
	if (!lua_getstack(L, lv, &ar))
		lua_pushliteral(L, "");   /* no Lua function on the stack: no position */
	if (luaL_callmeta(L, 1, "__tostring")) {
		if (lua_type(L, -1) == LUA_TSTRING) {
			lua_concat(L, 2);
			return 1;
		}
		lua_pop(L, 1);
	}
	lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	lua_concat(L, 2);
	return 1;
}

/* Calls the function below nargs arguments on the stack; on error fills err naming the chisel and what. */
static int pcall(struct sc_chisel *c, int nargs, int nres, const char *what, struct sc_err *err)
{
	lua_State *L = c->L;
	int base = lua_gettop(L) - nargs, rc;

	lua_pushcfunction(L, msgh);
	lua_insert(L, base);
	rc = lua_pcall(L, nargs, nres, base);
	lua_remove(L, base);
	if (rc != LUA_OK) {
		sc_err_set(err, SC_EFORMAT, "chisel %s: %s%s%s", c->info.name, what ? what : "",
			   what ? ": " : "", lua_tostring(L, -1) ? lua_tostring(L, -1) : "error");
		lua_pop(L, 1);
		return SC_EFORMAT;
	}
	return 0;
}

/* The chisel an API function belongs to: every one is registered with it as its upvalue. */
static inline struct sc_chisel *self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/*
 * What the C side reads of a chisel once its code has run (its globals, the
 * fields of its args table) is read raw: a metamethod (a "strict" _G whose
 * __index raises an error for an undeclared name) would otherwise raise an
 * error outside any protected call, and Lua would abort the process.
 */
static int get_global(lua_State *L, const char *name)
{
	int t;

	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	lua_pushstring(L, name);
	t = lua_rawget(L, -2);
	lua_remove(L, -2);
	return t;
}

/* The field key of the table at index t, raw (see get_global). */
static int get_field(lua_State *L, int t, const char *key)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

/* ---- values ---- */

static void push_fval(lua_State *L, struct sc_chisel *c, const struct sc_fval *v)
{
	struct sc_strbuf tmp = { 0 };

	switch (v->type) {
	case SC_PT_INT8: case SC_PT_INT16: case SC_PT_INT32: case SC_PT_INT64:
	case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		lua_pushinteger(L, (lua_Integer)v->v.i);
		return;
	case SC_PT_UINT8: case SC_PT_UINT16: case SC_PT_UINT32: case SC_PT_UINT64:
	case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_PORT: case SC_PT_UID: case SC_PT_GID:
	case SC_PT_SYSCALLID: case SC_PT_SIGTYPE: case SC_PT_MODE:
	case SC_PT_FLAGS8: case SC_PT_FLAGS16: case SC_PT_FLAGS32:
		lua_pushinteger(L, (lua_Integer)v->v.u);
		return;
	case SC_PT_DOUBLE:
		lua_pushnumber(L, v->v.d);
		return;
	case SC_PT_BOOL:
		lua_pushboolean(L, v->v.u != 0);
		return;
	case SC_PT_CHARBUF: case SC_PT_FSPATH: case SC_PT_FSRELPATH: case SC_PT_BYTEBUF:
		lua_pushlstring(L, v->s ? v->s : "", v->s ? v->len : 0);
		return;
	default:
		sc_fval_to_text(v, &c->ctx, &tmp);
		lua_pushlstring(L, tmp.s ? tmp.s : "", tmp.len);
		sc_strbuf_free(&tmp);
		return;
	}
}

/* Integer from a number or a decimal string (timestamps may come as either). */
static uint64_t check_ts(lua_State *L, int i)
{
	if (lua_type(L, i) == LUA_TSTRING) {
		const char *s = lua_tostring(L, i);
		char *end;
		uint64_t v;

		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno || *end || !*s)
			luaL_argerror(L, i, "a timestamp (ns) was expected");
		return v;
	}
	if (lua_isinteger(L, i))
		return (uint64_t)lua_tointeger(L, i);
	return (uint64_t)luaL_checknumber(L, i);
}

/* ---- output ---- */

static void out_value(struct sc_chisel *c, lua_State *L, int i)
{
	size_t n;
	const char *s = luaL_tolstring(L, i, &n);

	sc_strbuf_add(c->host->out, s, n);
	lua_pop(L, 1);
}

static int l_print(lua_State *L)
{
	struct sc_chisel *c = self(L);
	int n = lua_gettop(L), i;

	for (i = 1; i <= n; i++) {
		if (i > 1)
			sc_strbuf_putc(c->host->out, '\t');
		out_value(c, L, i);
	}
	sc_strbuf_putc(c->host->out, '\n');
	return 0;
}

/* os.exit() would leave the front end's buffered output unwritten: a chisel ends a capture with sysdig.end_capture(). */
static int l_os_exit(lua_State *L)
{
	return luaL_error(L, "os.exit() cannot be used in a chisel (sysdig.end_capture() ends the capture)");
}

static int l_io_write(lua_State *L)
{
	struct sc_chisel *c = self(L);
	int n = lua_gettop(L), i;

	for (i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_checklstring(L, i, &len);

		sc_strbuf_add(c->host->out, s, len);
	}
	return 0;
}

/* ---- the chisel.* table ---- */

static int l_request_field(lua_State *L)
{
	struct sc_chisel *c = self(L);
	const char *name = luaL_checkstring(L, 1);
	struct sc_fcheck *chk = xcalloc(1, sizeof(*chk));
	struct field_handle *h;
	struct sc_err err = { 0 };
	size_t used = 0;

	int rc = sc_fcheck_parse(chk, name, &used, &err);

	if (rc < 0 || name[used]) {
		if (rc >= 0)
			sc_fcheck_release(chk);
		free(chk);
		if (rc < 0 && err.msg[0])
			return luaL_error(L, "chisel.request_field: %s", err.msg);
		return luaL_error(L, "chisel.request_field: unknown field '%s'", name);
	}
	c->checks = xrealloc(c->checks, (c->nchecks + 1) * sizeof(*c->checks));
	c->checks[c->nchecks] = chk;
	h = lua_newuserdatauv(L, sizeof(*h), 0);
	h->idx = c->nchecks++;
	luaL_setmetatable(L, FIELD_MT);
	return 1;
}

static int compile_filter(lua_State *L, const char *expr, struct sc_filter **out, const char *who)
{
	struct sc_err err = { 0 };
	struct sc_filter *f = sc_filter_compile(expr, &err);

	if (!f) {
		if (err.col)
			return luaL_error(L, "%s: bad filter '%s' at column %d: %s", who, expr, err.col, err.msg);
		return luaL_error(L, "%s: bad filter '%s': %s", who, expr, err.msg);
	}
	sc_filter_free(*out);
	*out = f;
	return 0;
}

static int l_set_filter(lua_State *L)
{
	struct sc_chisel *c = self(L);

	return compile_filter(L, luaL_checkstring(L, 1), &c->filter, "chisel.set_filter");
}

static int l_set_event_formatter(lua_State *L)
{
	struct sc_chisel *c = self(L);
	const char *tmpl = luaL_checkstring(L, 1);
	struct sc_err err = { 0 };
	struct sc_formatter *f;

	f = sc_format_new(tmpl, &c->host->fmt, &err);
	if (!f)
		return luaL_error(L, "chisel.set_event_formatter: bad format '%s': %s", tmpl, err.msg);
	sc_format_free(c->formatter);
	c->formatter = f;
	return 0;
}

/*
 * Sets the chisel's interval from argument 1, in units of unit_ns: aligned
 * intervals (on_interval once per new one), or precise ones (every step).
 */
static int set_interval(lua_State *L, uint64_t unit_ns, bool precise)
{
	struct sc_chisel *c = self(L);
	lua_Integer v = luaL_checkinteger(L, 1);

	luaL_argcheck(L, v > 0, 1, "the interval must be positive");
	c->interval_ns = precise ? 0 : (uint64_t)v * unit_ns;
	c->precise_interval_ns = precise ? (uint64_t)v * unit_ns : 0;
	return 0;
}

static int l_set_interval_s(lua_State *L)
{
	return set_interval(L, 1000000000ULL, false);
}

static int l_set_interval_ns(lua_State *L)
{
	return set_interval(L, 1, false);
}

static int l_set_precise_interval_ns(lua_State *L)
{
	return set_interval(L, 1, true);
}

static void exec_clear(struct sc_chisel *c)
{
	for (size_t i = 0; i < c->exec_nargs; i++)
		free(c->exec_args[i]);
	free(c->exec_args);
	free(c->exec_name);
	c->exec_args = NULL;
	c->exec_name = NULL;
	c->exec_nargs = 0;
}

static int l_exec(lua_State *L)
{
	struct sc_chisel *c = self(L);
	const char *name = luaL_checkstring(L, 1);
	int n = lua_gettop(L), i;

	exec_clear(c);
	c->exec_name = xstrdup(name);
	c->exec_args = xcalloc((size_t)n, sizeof(char *));
	for (i = 2; i <= n; i++)
		c->exec_args[c->exec_nargs++] = xstrdup(luaL_checkstring(L, i));
	return 0;
}

static const luaL_Reg chisel_api[] = {
	{ "request_field", l_request_field },
	{ "set_filter", l_set_filter },
	{ "set_event_formatter", l_set_event_formatter },
	{ "set_interval_s", l_set_interval_s },
	{ "set_interval_ns", l_set_interval_ns },
	{ "set_precise_interval_ns", l_set_precise_interval_ns },
	{ "exec", l_exec },
	{ NULL, NULL }
};

/* ---- the evt.* table ---- */

static struct sc_evt *cur_evt(lua_State *L, struct sc_chisel *c, const char *fn)
{
	if (!c->ev)
		luaL_error(L, "evt.%s: there is no event here (only in on_event)", fn);
	return c->ev;
}

static int l_field(lua_State *L)
{
	struct sc_chisel *c = self(L);
	struct field_handle *h;
	struct sc_evt *ev = c->ev;
	struct sc_fval v;

	/* as sysdig: nil for a field never requested, and outside of an event (on_capture_end) */
	if (lua_isnil(L, 1) || !ev) {
		lua_pushnil(L);
		return 1;
	}
	h = luaL_checkudata(L, 1, FIELD_MT);

	if (h->idx >= c->nchecks)
		return luaL_argerror(L, 1, "not a field of this chisel");
	c->ctx.ev = ev;
	if (!c->ctx.first_ts && c->in)
		c->ctx.first_ts = sc_inspector_first_ts(c->in);
	if (!sc_fcheck_extract(c->checks[h->idx], &c->ctx, &v)) {
		lua_pushnil(L);
	} else if (v.type == SC_PT_BYTEBUF && c->checks[h->idx]->field->type != SC_PT_DYN) {
		/*
		 * A data buffer comes as sysdig hands it to chisels: rendered in the
		 * chisel's buffer format (non-printable bytes as dots by default, so
		 * its http.lua finds "Host: x.." in evt.buffer); evt.rawarg.data gives
		 * the bytes themselves.
		 */
		struct sc_strbuf tmp = { 0 };

		sc_fval_to_text(&v, &c->ctx, &tmp);
		lua_pushlstring(L, tmp.s ? tmp.s : "", tmp.len);
		sc_strbuf_free(&tmp);
	} else {
		push_fval(L, c, &v);
	}
	return 1;
}

static int l_get_num(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)cur_evt(L, self(L), "get_num")->num);
	return 1;
}

static int l_get_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)cur_evt(L, self(L), "get_ts")->hdr->ts);
	return 1;
}

static int l_get_cpuid(lua_State *L)
{
	lua_pushinteger(L, cur_evt(L, self(L), "get_cpuid")->cpu);
	return 1;
}

static int l_get_dir(lua_State *L)
{
	lua_pushstring(L, sc_evt_is_enter(cur_evt(L, self(L), "get_dir")->hdr->type) ? ">" : "<");
	return 1;
}

static int l_get_type(lua_State *L)
{
	struct sc_chisel *c = self(L);
	struct sc_evt *ev = cur_evt(L, c, "get_type");
	struct sc_fval v;

	c->ctx.ev = ev;
	if (c->type_chk_ok && sc_fcheck_extract(&c->type_chk, &c->ctx, &v) && v.s)
		lua_pushlstring(L, v.s, v.len);
	else
		lua_pushstring(L, ev->info->name);
	return 1;
}

static const luaL_Reg evt_api[] = {
	{ "field", l_field },
	{ "get_num", l_get_num },
	{ "get_ts", l_get_ts },
	{ "get_type", l_get_type },
	{ "get_cpuid", l_get_cpuid },
	{ "get_dir", l_get_dir },
	{ NULL, NULL }
};

/* ---- the sysdig.* table ---- */

static int l_sys_set_filter(lua_State *L)
{
	struct sc_chisel *c = self(L);
	const char *expr = luaL_checkstring(L, 1);
	struct sc_filter *f = NULL;

	compile_filter(L, expr, &f, "sysdig.set_filter");   /* checked now, installed by the front end */
	sc_filter_free(f);
	free(c->global_filter);
	c->global_filter = xstrdup(expr);
	return 0;
}

static int l_set_snaplen(lua_State *L)
{
	struct sc_chisel *c = self(L);
	lua_Integer n = luaL_checkinteger(L, 1);

	luaL_argcheck(L, n > 0 && n <= 65000, 1, "a snaplen from 1 to 65000 bytes was expected");
	c->snaplen = (uint32_t)n;
	return 0;
}

static int l_get_output_format(lua_State *L)
{
	lua_pushstring(L, self(L)->host->json ? "json" : "normal");
	return 1;
}

static int l_set_output_format(lua_State *L)
{
	static const char *const names[] = { "normal", "ascii", "hex", "hexascii", "base64", "json", NULL };
	static const uint8_t modes[] = { SC_BUF_DOTS, SC_BUF_ASCII, SC_BUF_HEX, SC_BUF_HEX_ASCII,
					 SC_BUF_BASE64, SC_BUF_DOTS };
	struct sc_chisel *c = self(L);
	int i = luaL_checkoption(L, 1, NULL, names);

	/* how this chisel's buffer fields (evt.arg.data ...) are rendered */
	c->bufmode = modes[i];
	c->ctx.bufmode = modes[i];
	return 0;
}

static int l_get_filter(lua_State *L)
{
	struct sc_chisel *c = self(L);

	lua_pushstring(L, c->global_filter ? c->global_filter : "");
	return 1;
}

static int l_is_live(lua_State *L)
{
	lua_pushboolean(L, self(L)->host->live);
	return 1;
}

static int l_is_tty(lua_State *L)
{
	lua_pushboolean(L, self(L)->host->tty);
	return 1;
}

static int l_is_print_container_data(lua_State *L)
{
	lua_pushboolean(L, 0);   /* no -pc: containers are not printed */
	return 1;
}

static int l_get_terminal_info(lua_State *L)
{
	struct winsize ws = { 0 };

	lua_newtable(L);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col) {
		lua_pushinteger(L, ws.ws_col);
		lua_setfield(L, -2, "width");
		lua_pushinteger(L, ws.ws_row);
		lua_setfield(L, -2, "height");
	}
	return 1;
}

static int l_get_machine_info(lua_State *L)
{
	struct sc_chisel *c = self(L);
	struct sc_engine *eng = c->in ? sc_inspector_engine(c->in) : NULL;
	const struct sc_machine_info *m = eng ? &eng->snap.machine : NULL;

	if (!m || !m->present) {
		lua_pushnil(L);
		return 1;
	}
	lua_newtable(L);
	lua_pushinteger(L, m->num_cpus);
	lua_setfield(L, -2, "num_cpus");
	lua_pushinteger(L, (lua_Integer)m->memory_size_bytes);
	lua_setfield(L, -2, "memory_size_bytes");
	lua_pushinteger(L, (lua_Integer)m->max_pid);
	lua_setfield(L, -2, "max_pid");
	lua_pushstring(L, m->hostname);
	lua_setfield(L, -2, "hostname");
	return 1;
}

static int l_get_evtsource_name(lua_State *L)
{
	struct sc_chisel *c = self(L);

	lua_pushstring(L, c->host->source_name ? c->host->source_name : "");
	return 1;
}

static int l_get_firstevent_ts(lua_State *L)
{
	struct sc_chisel *c = self(L);

	lua_pushinteger(L, c->in ? (lua_Integer)sc_inspector_first_ts(c->in) : 0);
	return 1;
}

static int l_get_lastevent_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)self(L)->last_ts);
	return 1;
}

static int l_make_ts(lua_State *L)
{
	uint64_t s = check_ts(L, 1), ns = check_ts(L, 2);

	lua_pushinteger(L, (lua_Integer)(s * 1000000000ULL + ns));
	return 1;
}

static int l_add_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)(check_ts(L, 1) + check_ts(L, 2)));
	return 1;
}

static int l_subtract_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)(check_ts(L, 1) - check_ts(L, 2)));
	return 1;
}

static int l_end_capture(lua_State *L)
{
	self(L)->end_capture = true;
	return 0;
}

static int l_log(lua_State *L)
{
	struct sc_chisel *c = self(L);
	const char *msg = luaL_checkstring(L, 1);
	const char *sev = luaL_optstring(L, 2, "info");

	if (c->host->log)
		c->host->log(c->host->log_ud, c->info.name, sev, msg);
	return 0;
}

static const char *user_name(const struct sc_snapshot *snap, uint32_t uid)
{
	for (size_t i = 0; snap && i < snap->nusers; i++)
		if (snap->users[i].uid == uid)
			return snap->users[i].name;
	return NULL;
}

static void push_ip(lua_State *L, const struct sc_fdinfo *fd, const uint8_t *ip)
{
	char buf[INET6_ADDRSTRLEN];
	bool v6 = fd->type == SC_FD_IPV6_SOCK || fd->type == SC_FD_IPV6_SERVSOCK;

	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, ip, buf, sizeof(buf)))
		buf[0] = '\0';
	lua_pushstring(L, buf);
}

static void push_nul_list(lua_State *L, const char *p, uint32_t len)
{
	lua_Integer n = 0;
	uint32_t i = 0;

	lua_newtable(L);
	while (p && i < len) {
		size_t l = strnlen(p + i, len - i);

		lua_pushlstring(L, p + i, l);
		lua_rawseti(L, -2, ++n);
		i += (uint32_t)l + 1;
	}
}

struct ttable_walk {
	lua_State *L;
	struct sc_chisel *c;
	struct sc_filter *filter;
	struct sc_thread *th;
	int nmatched;
	bool with_fds;          /* each thread's fdtable */
	bool full;              /* every field, not only ids, names and args (barebone) */
};

/* A made-up event carrying a thread and an fd, for the thread table's filter. */
struct fake_evt {
	struct sc_evt_hdr hdr;
	uint8_t pad[8];
};

static bool fd_matches(struct ttable_walk *w, struct sc_fdinfo *fd)
{
	struct fake_evt fe;
	struct sc_evt ev;
	struct sc_fctx ctx;

	if (!w->filter)
		return true;
	memset(&fe, 0, sizeof(fe));
	memset(&ev, 0, sizeof(ev));
	fe.hdr.ts = w->c->last_ts;
	fe.hdr.tid = (uint64_t)w->th->tid;
	fe.hdr.len = SC_EVT_HDR_LEN;
	fe.hdr.type = SCE_SYSCALL_READ_E;   /* an event about an fd: fd.* fields read ev->fd */
	ev.hdr = &fe.hdr;
	ev.info = &sc_event_table[SCE_SYSCALL_READ_E];
	ev.laid_out = true;
	ev.thread = w->th;
	ev.fd = fd;
	ev.fdnum = fd ? fd->fd : -1;
	ctx = w->c->ctx;
	ctx.ev = &ev;
	return sc_filter_eval(w->filter, &ctx);
}

static bool push_fd(struct sc_fdinfo *fd, void *arg)
{
	struct ttable_walk *w = arg;
	lua_State *L = w->L;
	char tc[2] = { sc_fdtype_char(fd->type), 0 };
	bool sock = fd->type == SC_FD_IPV4_SOCK || fd->type == SC_FD_IPV6_SOCK;
	bool serv = fd->type == SC_FD_IPV4_SERVSOCK || fd->type == SC_FD_IPV6_SERVSOCK;

	if (!fd_matches(w, fd))
		return true;
	w->nmatched++;
	if (!w->with_fds)
		return true;
	lua_newtable(L);
	lua_pushlstring(L, fd->name, fd->name_len);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, sc_fdtype_name(fd->type));
	lua_setfield(L, -2, "type");
	lua_pushstring(L, tc);
	lua_setfield(L, -2, "typechar");
	if (sock || serv) {
		uint8_t l4 = sc_fdinfo_l4proto(fd);
		const char *l4name = l4 == SC_L4_TCP ? "tcp" : l4 == SC_L4_UDP ? "udp" :
				     l4 == SC_L4_ICMP ? "icmp" : l4 == SC_L4_RAW ? "raw" : "<NA>";

		lua_pushstring(L, l4name);
		lua_setfield(L, -2, "l4proto");
		lua_pushboolean(L, serv);
		lua_setfield(L, -2, "is_server");
		if (serv) {
			/* a listening socket: its own address is the server side, no client */
			push_ip(L, fd, fd->sip);
			lua_setfield(L, -2, "sip");
			lua_pushinteger(L, fd->sport);
			lua_setfield(L, -2, "sport");
		} else {
			/* a connected socket: source is the client, destination the server */
			push_ip(L, fd, fd->sip);
			lua_setfield(L, -2, "cip");
			lua_pushinteger(L, fd->sport);
			lua_setfield(L, -2, "cport");
			push_ip(L, fd, fd->dip);
			lua_setfield(L, -2, "sip");
			lua_pushinteger(L, fd->dport);
			lua_setfield(L, -2, "sport");
		}
	}
	lua_rawseti(L, -2, (lua_Integer)fd->fd);
	return true;
}

static bool push_thread(struct sc_thread *th, void *arg)
{
	struct ttable_walk *w = arg;
	lua_State *L = w->L;
	const char *uname;

	if (sc_thread_is_invalid(th))
		return true;
	w->th = th;
	w->nmatched = 0;
	lua_newtable(L);
	if (w->with_fds || w->filter) {
		if (w->with_fds)
			lua_newtable(L);
		sc_state_foreach_fd(th, push_fd, w);
		if (w->with_fds)
			lua_setfield(L, -2, "fdtable");
	}
	if (w->filter && !w->nmatched && !fd_matches(w, NULL)) {
		lua_pop(L, 1);
		return true;
	}
#define SETI(name, v) (lua_pushinteger(L, (lua_Integer)(v)), lua_setfield(L, -2, name))
#define SETS(name, v) (lua_pushstring(L, (v)), lua_setfield(L, -2, name))
	SETI("tid", th->tid);
	SETI("pid", th->pid);
	SETI("ptid", th->ptid);
	SETI("sid", th->sid);
	SETS("comm", th->comm);
	SETS("exe", th->exe);
	push_nul_list(L, th->args, th->args_len);
	lua_setfield(L, -2, "args");
	if (!w->full) {
		lua_rawseti(L, -2, (lua_Integer)th->tid);
		return true;
	}
	SETS("exepath", th->exepath);
	SETS("cwd", sc_state_thread_cwd(w->c->ctx.st, th));
	SETI("fdlimit", (int64_t)th->fdlimit);
	SETI("uid", th->uid);
	SETI("gid", th->gid);
	SETI("loginuid", th->loginuid);
	SETI("nchilds", th->nchilds);
	SETI("vmsize_kb", th->vmsize_kb);
	SETI("vmrss_kb", th->vmrss_kb);
	SETI("vmswap_kb", th->vmswap_kb);
	SETI("pfmajor", th->pfmajor);
	SETI("pfminor", th->pfminor);
	uname = user_name(w->c->ctx.snap, th->uid);
	SETS("username", uname ? uname : "<NA>");
#undef SETI
#undef SETS
	push_nul_list(L, th->env, th->env_len);
	lua_setfield(L, -2, "env");
	lua_rawseti(L, -2, (lua_Integer)th->tid);
	return true;
}

/*
 * The thread table, keyed by tid, optionally filtered (a thread is kept
 * when one of its fds, or the thread itself, passes the filter).
 */
static int thread_table(lua_State *L, bool with_fds, bool full)
{
	struct sc_chisel *c = self(L);
	struct ttable_walk w = { .L = L, .c = c, .with_fds = with_fds, .full = full };
	const char *expr = luaL_optstring(L, 1, NULL);

	if (!c->in)
		return luaL_error(L, "sysdig.get_thread_table: the capture has not started");
	if (expr && *expr)
		compile_filter(L, expr, &w.filter, "sysdig.get_thread_table");
	lua_newtable(L);
	sc_state_foreach_thread(c->ctx.st, push_thread, &w);
	sc_filter_free(w.filter);
	return 1;
}

static int l_get_thread_table(lua_State *L) { return thread_table(L, true, true); }
static int l_get_thread_table_nofds(lua_State *L) { return thread_table(L, false, true); }
static int l_get_thread_table_barebone(lua_State *L) { return thread_table(L, true, false); }
static int l_get_thread_table_barebone_nofds(lua_State *L) { return thread_table(L, false, false); }

static const luaL_Reg sysdig_api[] = {
	{ "set_filter", l_sys_set_filter },
	{ "get_filter", l_get_filter },
	{ "set_snaplen", l_set_snaplen },
	{ "get_output_format", l_get_output_format },
	{ "set_output_format", l_set_output_format },
	{ "is_live", l_is_live },
	{ "is_tty", l_is_tty },
	{ "is_print_container_data", l_is_print_container_data },
	{ "get_terminal_info", l_get_terminal_info },
	{ "get_machine_info", l_get_machine_info },
	{ "get_thread_table", l_get_thread_table },
	{ "get_thread_table_nofds", l_get_thread_table_nofds },
	{ "get_thread_table_barebone", l_get_thread_table_barebone },
	{ "get_thread_table_barebone_nofds", l_get_thread_table_barebone_nofds },
	{ "get_evtsource_name", l_get_evtsource_name },
	{ "get_firstevent_ts", l_get_firstevent_ts },
	{ "get_lastevent_ts", l_get_lastevent_ts },
	{ "make_ts", l_make_ts },
	{ "add_ts", l_add_ts },
	{ "subtract_ts", l_subtract_ts },
	{ "end_capture", l_end_capture },
	{ "log", l_log },
	{ NULL, NULL }
};

/* ---- loading ---- */

int sc_chisel_find(const char *name, const char *const *dirs, struct sc_strbuf *out,
		   struct sc_err *err)
{
	size_t n = strlen(name);
	struct stat sb;

	if (!n)
		return sc_err_set(err, -ENOENT, "no chisel name given");
	if (n > 4 && strcmp(name + n - 4, ".lua") == 0) {
		if (stat(name, &sb) < 0 || !S_ISREG(sb.st_mode))
			return sc_err_set(err, -ENOENT, "chisel %s: no such file", name);
		sc_strbuf_puts(out, name);
		return 0;
	}
	if (strchr(name, '/'))
		return sc_err_set(err, -ENOENT, "chisel '%s': a chisel is a name, or a path ending in .lua",
				  name);
	for (size_t i = 0; dirs && dirs[i]; i++) {
		size_t mark = out->len;

		if (!*dirs[i])
			continue;
		sc_strbuf_printf(out, "%s/%s.lua", dirs[i], name);
		if (stat(out->s + mark, &sb) == 0 && S_ISREG(sb.st_mode)) {
			memmove(out->s, out->s + mark, out->len - mark + 1);
			out->len -= mark;
			return 0;
		}
		out->len = mark;
		if (out->s)
			out->s[mark] = '\0';
	}
	return sc_err_set(err, -ENOENT, "unknown chisel '%s' (syscope -cl lists them)", name);
}

static char *get_string_global(lua_State *L, const char *name)
{
	char *s = NULL;

	if (get_global(L, name) == LUA_TSTRING)
		s = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

static char *table_string(lua_State *L, int t, const char *key)
{
	char *s = NULL;

	if (get_field(L, t, key) == LUA_TSTRING)
		s = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

static void info_free(struct sc_chisel_info *i)
{
	for (size_t k = 0; k < i->nargs; k++) {
		free(i->args[k].name);
		free(i->args[k].description);
		free(i->args[k].argtype);
	}
	free(i->args);
	free(i->name);
	free(i->path);
	free(i->description);
	free(i->short_description);
	free(i->category);
	memset(i, 0, sizeof(*i));
}

/* Reads the chisel's globals into c->info. */
static int read_info(struct sc_chisel *c, struct sc_err *err)
{
	lua_State *L = c->L;
	struct sc_chisel_info *i = &c->info;

	i->description = get_string_global(L, "description");
	i->short_description = get_string_global(L, "short_description");
	i->category = get_string_global(L, "category");
	get_global(L, "hidden");
	i->hidden = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!i->description || !i->short_description)
		return sc_err_set(err, SC_EFORMAT, "chisel %s: %s is not a chisel (it has no %s string)",
				  i->name, i->path, i->description ? "short_description" : "description");
	if (!i->category)
		i->category = xstrdup("");
	if (get_global(L, "args") == LUA_TTABLE) {
		lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
		bool seen_optional = false;

		i->args = xcalloc((size_t)n + 1, sizeof(*i->args));
		for (lua_Integer k = 1; k <= n; k++) {
			struct sc_chisel_arg *a = &i->args[i->nargs];

			if (lua_rawgeti(L, -1, k) != LUA_TTABLE) {
				lua_pop(L, 2);
				return sc_err_set(err, SC_EFORMAT, "chisel %s: args[%lld] is not a table",
						  i->name, (long long)k);
			}
			a->name = table_string(L, -1, "name");
			a->description = table_string(L, -1, "description");
			a->argtype = table_string(L, -1, "argtype");
			get_field(L, -1, "optional");
			a->optional = lua_toboolean(L, -1);
			lua_pop(L, 2);
			i->nargs++;
			if (!a->name) {
				lua_pop(L, 1);
				return sc_err_set(err, SC_EFORMAT, "chisel %s: args[%lld] has no name",
						  i->name, (long long)k);
			}
			if (!a->description)
				a->description = xstrdup("");
			if (!a->argtype)
				a->argtype = xstrdup("string");
			if (a->optional)
				seen_optional = true;
			else if (seen_optional) {
				lua_pop(L, 1);
				return sc_err_set(err, SC_EFORMAT,
						  "chisel %s: required argument %s comes after an optional one",
						  i->name, a->name);
			} else
				i->nrequired++;
		}
	}
	lua_pop(L, 1);
	return 0;
}

/* package.path: the chisel directories, so that a chisel can require its helpers. */
static void set_package_path(lua_State *L, const char *const *dirs, const char *own_dir)
{
	struct sc_strbuf p = { 0 };

	if (own_dir)
		sc_strbuf_printf(&p, "%s/?.lua;", own_dir);
	for (size_t i = 0; dirs && dirs[i]; i++)
		if (*dirs[i])
			sc_strbuf_printf(&p, "%s/?.lua;", dirs[i]);
	lua_getglobal(L, "package");
	if (lua_istable(L, -1)) {
		lua_pushstring(L, p.s ? p.s : "");
		lua_setfield(L, -2, "path");
		lua_pushstring(L, "");
		lua_setfield(L, -2, "cpath");   /* no native modules */
	}
	lua_pop(L, 1);
	sc_strbuf_free(&p);
}

/*
 * Lua 5.1 compatibility for sysdig's own chisels, written for LuaJIT:
 * string.format converts a number with a fraction given to an integer
 * conversion (%d %i %u %o %x %X %c) by dropping the fraction, as LuaJIT
 * does, where Lua 5.4 raises an error. Everything else is Lua 5.4's own.
 */
static int l_format_compat(lua_State *L)
{
	const char *fmt = luaL_checkstring(L, 1);
	int arg = 1, n = lua_gettop(L);

	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (*++p == '%')
			continue;
		arg++;
		while (*p && strchr("-+ #0123456789.", *p))
			p++;
		if (!*p)
			break;
		if (strchr("diouxXc", *p) && arg <= n && lua_type(L, arg) == LUA_TNUMBER && !lua_isinteger(L, arg)) {
			lua_Number v = lua_tonumber(L, arg);

			if (v >= -9.2e18 && v <= 9.2e18) {
				lua_pushinteger(L, (lua_Integer)v);
				lua_replace(L, arg);
			}
		}
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, 1);
	return 1;
}

static void lua51_compat(lua_State *L)
{
	lua_getglobal(L, "string");
	if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "format");
		lua_pushcclosure(L, l_format_compat, 1);
		lua_setfield(L, -2, "format");
	}
	lua_pop(L, 1);
	/* unpack and loadstring, which 5.1 had as globals */
	lua_getglobal(L, "table");
	if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "unpack");
		lua_setglobal(L, "unpack");
	}
	lua_pop(L, 1);
	lua_getglobal(L, "load");
	lua_setglobal(L, "loadstring");
}

/* A global table name of functions, each with c as its upvalue. */
static void new_lib(lua_State *L, struct sc_chisel *c, const luaL_Reg *fns, const char *name)
{
	lua_newtable(L);
	lua_pushlightuserdata(L, c);
	luaL_setfuncs(L, fns, 1);
	lua_setglobal(L, name);
}

static void register_api(struct sc_chisel *c)
{
	lua_State *L = c->L;

	luaL_newmetatable(L, FIELD_MT);
	lua_pop(L, 1);
	lua51_compat(L);
	new_lib(L, c, chisel_api, "chisel");
	new_lib(L, c, sysdig_api, "sysdig");
	new_lib(L, c, evt_api, "evt");
	lua_pushlightuserdata(L, c);
	lua_pushcclosure(L, l_print, 1);
	lua_setglobal(L, "print");
	lua_getglobal(L, "os");
	if (lua_istable(L, -1)) {
		lua_pushcfunction(L, l_os_exit);
		lua_setfield(L, -2, "exit");
	}
	lua_pop(L, 1);
	lua_getglobal(L, "io");
	if (lua_istable(L, -1)) {
		lua_pushlightuserdata(L, c);
		lua_pushcclosure(L, l_io_write, 1);
		lua_setfield(L, -2, "write");
	}
	lua_pop(L, 1);
}

/* Drops what a loaded chisel holds in Lua and the settings it made (for free, and for chisel.exec). */
static void unload(struct sc_chisel *c)
{
	if (c->L)
		lua_close(c->L);
	c->L = NULL;
	for (size_t i = 0; i < c->nchecks; i++) {
		sc_fcheck_release(c->checks[i]);
		free(c->checks[i]);
	}
	free(c->checks);
	c->checks = NULL;
	c->nchecks = 0;
	sc_filter_free(c->filter);
	c->filter = NULL;
	sc_format_free(c->formatter);
	c->formatter = NULL;
	c->interval_ns = c->precise_interval_ns = 0;
	exec_clear(c);
	info_free(&c->info);
	if (c->type_chk_ok)
		sc_fcheck_release(&c->type_chk);
	c->type_chk_ok = false;
}

/* Loads the file as a text chunk called chunkname; LUA_ERRFILE with a message when it cannot be read. */
static int load_file(lua_State *L, const char *path, const char *chunkname)
{
	struct sc_strbuf text = { 0 };
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		lua_pushfstring(L, "cannot open %s: %s", path, strerror(errno));
		return LUA_ERRFILE;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sc_strbuf_add(&text, buf, n);
	if (ferror(f)) {
		fclose(f);
		sc_strbuf_free(&text);
		lua_pushfstring(L, "cannot read %s", path);
		return LUA_ERRFILE;
	}
	fclose(f);
	rc = luaL_loadbufferx(L, text.s ? text.s : "", text.len, chunkname, "t");
	sc_strbuf_free(&text);
	return rc;
}

/* Which per-event callbacks the chisel has (again after on_init, which may define them). */
static void find_callbacks(struct sc_chisel *c)
{
	get_global(c->L, "on_event");
	c->has_on_event = lua_isfunction(c->L, -1);
	get_global(c->L, "on_interval");
	c->has_on_interval = lua_isfunction(c->L, -1);
	lua_pop(c->L, 2);
}

/*
 * Loads name into c. first_dir (or NULL) is searched before the host's
 * folders: chisel.exec() looks beside the chisel that calls it first.
 */
static int load_into(struct sc_chisel *c, const char *name, const char *first_dir, struct sc_err *err)
{
	struct sc_strbuf path = { 0 }, chunk = { 0 };
	const char *base, *slash;
	char *dir;
	int rc;

	if (first_dir) {
		size_t n = 0;

		while (c->host->dirs && c->host->dirs[n])
			n++;
		{
			const char *dirs[n + 2];

			dirs[0] = first_dir;
			for (size_t i = 0; i < n; i++)
				dirs[i + 1] = c->host->dirs[i];
			dirs[n + 1] = NULL;
			rc = sc_chisel_find(name, dirs, &path, err);
		}
	} else {
		rc = sc_chisel_find(name, c->host->dirs, &path, err);
	}
	if (rc < 0) {
		sc_strbuf_free(&path);
		return rc;
	}
	/* the chisel's name is its file's, without folder and .lua */
	slash = strrchr(path.s, '/');
	base = slash ? slash + 1 : path.s;
	c->info.name = xstrndup(base, strlen(base) - (strlen(base) > 4 &&
			       !strcmp(base + strlen(base) - 4, ".lua") ? 4 : 0));
	c->info.path = path.s;
	dir = slash ? xstrndup(path.s, (size_t)(slash - path.s)) : xstrdup(".");

	c->L = luaL_newstate();
	if (!c->L) {
		free(dir);
		return sc_err_set(err, -ENOMEM, "chisel %s: cannot create a Lua state", c->info.name);
	}
	luaL_openlibs(c->L);
	register_api(c);
	set_package_path(c->L, c->host->dirs, dir);
	free(dir);
	/* errors name the file as "NAME.lua:LINE:" */
	sc_strbuf_printf(&chunk, "@%s", base);
	rc = load_file(c->L, c->info.path, chunk.s);
	if (rc != LUA_OK) {
		const char *m = lua_tostring(c->L, -1);

		rc = sc_err_set(err, rc == LUA_ERRFILE ? -ENOENT : SC_EFORMAT, "chisel %s: %s",
				c->info.name, m ? m : "cannot load");
		sc_strbuf_free(&chunk);
		return rc;
	}
	sc_strbuf_free(&chunk);
	rc = pcall(c, 0, 0, NULL, err);
	if (rc < 0)
		return rc;
	rc = read_info(c, err);
	if (rc < 0)
		return rc;
	find_callbacks(c);
	c->type_chk_ok = sc_fcheck_parse(&c->type_chk, "evt.type", &(size_t){ 0 }, NULL) == 0;
	return 0;
}

struct sc_chisel *sc_chisel_load(const char *name, const struct sc_chisel_host *host,
				 struct sc_err *err)
{
	struct sc_chisel *c = xcalloc(1, sizeof(*c));

	c->host = host;
	c->bufmode = -1;
	if (load_into(c, name, NULL, err) < 0) {
		sc_chisel_free(c);
		return NULL;
	}
	return c;
}

void sc_chisel_free(struct sc_chisel *c)
{
	if (!c)
		return;
	unload(c);
	free(c->global_filter);
	free(c);
}

const struct sc_chisel_info *sc_chisel_info(const struct sc_chisel *c)
{
	return &c->info;
}

uint32_t sc_chisel_snaplen(const struct sc_chisel *c)
{
	return c->snaplen;
}

const char *sc_chisel_global_filter(const struct sc_chisel *c)
{
	return c->global_filter;
}

/* ---- arguments ---- */

static int check_arg_type(struct sc_chisel *c, const struct sc_chisel_arg *a, const char *v,
			  struct sc_err *err)
{
	if (!strcmp(a->argtype, "int")) {
		char *end;

		errno = 0;
		(void)strtoll(v, &end, 10);
		if (errno || !*v || *end)
			return sc_err_set(err, -EINVAL, "chisel %s: argument %s takes a whole number, not '%s'",
					  c->info.name, a->name, v);
	} else if (!strcmp(a->argtype, "ipv4")) {
		struct in_addr ia;

		if (inet_pton(AF_INET, v, &ia) != 1)
			return sc_err_set(err, -EINVAL,
					  "chisel %s: argument %s takes an IPv4 address, not '%s'",
					  c->info.name, a->name, v);
	}
	return 0;
}

int sc_chisel_set_args(struct sc_chisel *c, size_t n, const char *const *vals, struct sc_err *err)
{
	const struct sc_chisel_info *i = &c->info;
	int rc;

	if (n < i->nrequired)
		return sc_err_set(err, -EINVAL, "chisel %s: %zu argument%s required (%s%s), %zu given",
				  i->name, i->nrequired, i->nrequired == 1 ? "" : "s",
				  i->args[0].name, i->nrequired > 1 ? " ..." : "", n);
	if (n > i->nargs)
		return sc_err_set(err, -EINVAL,
				  "chisel %s: too many arguments: %zu required, %zu optional, %zu given",
				  i->name, i->nrequired, i->nargs - i->nrequired, n);
	for (size_t k = 0; k < n; k++)
		if ((rc = check_arg_type(c, &i->args[k], vals[k], err)) < 0)
			return rc;
	for (size_t k = 0; k < n; k++) {
		if (get_global(c->L, "on_set_arg") != LUA_TFUNCTION) {
			lua_pop(c->L, 1);
			return sc_err_set(err, SC_EFORMAT, "chisel %s: it takes arguments but has no on_set_arg()",
					  i->name);
		}
		lua_pushstring(c->L, i->args[k].name);
		lua_pushstring(c->L, vals[k]);
		if ((rc = pcall(c, 2, 1, "on_set_arg", err)) < 0)
			return rc;
		if (!lua_toboolean(c->L, -1)) {
			lua_pop(c->L, 1);
			return sc_err_set(err, -EINVAL, "chisel %s: argument %s='%s' was refused", i->name,
					  i->args[k].name, vals[k]);
		}
		lua_pop(c->L, 1);
	}
	return 0;
}

int sc_chisel_set_args_line(struct sc_chisel *c, const char *line, struct sc_err *err)
{
	char **vals = NULL;
	size_t n = 0, len = strlen(line), j, begin, end;
	struct sc_strbuf cur = { 0 };
	char quote = 0;
	int rc;

	/* sysdig's rule: split at spaces outside '...' or `...`; the quotes are dropped */
	while (len && line[len - 1] == ' ')
		len--;
	for (begin = 0; begin < len && line[begin] == ' '; begin++)
		;
	end = len;
	if (begin < end) {
		for (j = begin; j <= end; j++) {
			char ch = j < end ? line[j] : ' ';

			if (quote) {
				if (ch == quote && j < end)
					quote = 0;
				else if (j == end)
					break;
				else
					sc_strbuf_putc(&cur, ch);
			} else if (ch == '\'' || ch == '`') {
				quote = ch;
			} else if (ch == ' ') {
				vals = xrealloc(vals, (n + 1) * sizeof(*vals));
				vals[n++] = xstrdup(cur.s ? cur.s : "");
				sc_strbuf_reset(&cur);
			} else {
				sc_strbuf_putc(&cur, ch);
			}
		}
	}
	sc_strbuf_free(&cur);
	if (quote)
		rc = sc_err_set(err, -EINVAL, "chisel %s: unbalanced quote in its arguments '%s'",
				c->info.name, line);
	else
		rc = sc_chisel_set_args(c, n, (const char *const *)vals, err);
	for (j = 0; j < n; j++)
		free(vals[j]);
	free(vals);
	return rc;
}

/* ---- callbacks ---- */

int sc_chisel_init(struct sc_chisel *c, struct sc_err *err)
{
	int rc;

	for (int depth = 0;; depth++) {
		char *name, **args, *caller_dir;
		size_t nargs;

		if (get_global(c->L, "on_init") != LUA_TFUNCTION) {
			lua_pop(c->L, 1);
			return 0;
		}
		if ((rc = pcall(c, 0, 1, "on_init", err)) < 0)
			return rc;
		if (!c->exec_name) {
			bool ok = lua_toboolean(c->L, -1);

			find_callbacks(c);
			lua_pop(c->L, 1);
			return ok ? 0 : sc_err_set(err, -EINVAL, "chisel %s: on_init() failed", c->info.name);
		}
		lua_pop(c->L, 1);
		/* chisel.exec(): become the other chisel, with the arguments given */
		if (depth >= 8)
			return sc_err_set(err, -ELOOP, "chisel %s: chisel.exec() goes round in circles",
					  c->info.name);
		{
			const char *slash = strrchr(c->info.path, '/');

			caller_dir = slash ? xstrndup(c->info.path, (size_t)(slash - c->info.path)) : xstrdup(".");
		}
		name = c->exec_name;
		args = c->exec_args;
		nargs = c->exec_nargs;
		c->exec_name = NULL;
		c->exec_args = NULL;
		c->exec_nargs = 0;
		unload(c);
		rc = load_into(c, name, caller_dir, err);
		free(caller_dir);
		if (rc >= 0)
			rc = sc_chisel_set_args(c, nargs, (const char *const *)args, err);
		for (size_t i = 0; i < nargs; i++)
			free(args[i]);
		free(args);
		free(name);
		if (rc < 0)
			return rc;
	}
}

int sc_chisel_capture_start(struct sc_chisel *c, struct sc_inspector *in, struct sc_err *err)
{
	struct sc_engine *eng = sc_inspector_engine(in);
	int rc;

	c->in = in;
	memset(&c->ctx, 0, sizeof(c->ctx));
	c->ctx.st = sc_inspector_state(in);
	c->ctx.snap = eng ? &eng->snap : NULL;
	c->ctx.bufmode = c->bufmode >= 0 ? (uint8_t)c->bufmode : c->host->fmt.buf_mode;
	c->ctx.max_buflen = c->host->fmt.verbose ? 0 : (c->host->fmt.max_buflen ? c->host->fmt.max_buflen : 80);
	c->ctx.time_mode = c->host->fmt.time_mode ? c->host->fmt.time_mode : 'h';
	c->ctx.tz = &c->tz;
	if (get_global(c->L, "on_capture_start") != LUA_TFUNCTION) {
		lua_pop(c->L, 1);
		return 0;
	}
	if ((rc = pcall(c, 0, 1, "on_capture_start", err)) < 0)
		return rc;
	rc = lua_toboolean(c->L, -1) ? 0 :
	     sc_err_set(err, -EINVAL, "chisel %s: on_capture_start() failed", c->info.name);
	lua_pop(c->L, 1);
	return rc;
}

static int call_interval(struct sc_chisel *c, uint64_t ts, uint64_t delta, struct sc_err *err)
{
	int rc;

	if (!c->has_on_interval)
		return 0;
	get_global(c->L, "on_interval");
	lua_pushinteger(c->L, (lua_Integer)(ts / 1000000000ULL));
	lua_pushinteger(c->L, (lua_Integer)(ts % 1000000000ULL));
	lua_pushinteger(c->L, (lua_Integer)delta);
	if ((rc = pcall(c, 3, 1, "on_interval", err)) < 0)
		return rc;
	rc = lua_toboolean(c->L, -1) ? 0 :
	     sc_err_set(err, -ECANCELED, "chisel %s: on_interval() returned false: capture ended",
			c->info.name);
	lua_pop(c->L, 1);
	return rc;
}

/* The interval callbacks due at ts: sysdig's rules (one call per new aligned interval, or every precise step). */
static int ticks(struct sc_chisel *c, uint64_t ts, struct sc_err *err)
{
	int rc;

	if (!c->first_seen) {
		c->first_seen = true;
		if (c->interval_ns)
			c->last_sample = ts - ts % c->interval_ns;
		else if (c->precise_interval_ns)
			c->last_sample = ts;
		return 0;
	}
	if (c->interval_ns) {
		uint64_t sample = ts - ts % c->interval_ns;
		uint64_t delta = 0;

		if (sample == c->last_sample)
			return 0;
		if (c->last_tick_ts) {
			delta = ts - c->last_tick_ts;
			if (!delta)
				return 0;
		}
		if ((rc = call_interval(c, ts, delta, err)) < 0)
			return rc;
		c->last_sample = sample;
		c->last_tick_ts = ts;
	} else if (c->precise_interval_ns) {
		uint64_t step = c->precise_interval_ns, t;

		if (ts < c->last_sample || ts - c->last_sample < step)
			return 0;
		for (t = c->last_sample; t + step <= ts; t += step)
			if ((rc = call_interval(c, t, step, err)) < 0)
				return rc;
		c->last_sample = t;
	}
	return 0;
}

int sc_chisel_event(struct sc_chisel *c, struct sc_evt *ev, struct sc_err *err)
{
	int rc;
	bool go = true;

	c->last_ts = ev->hdr->ts;
	c->ctx.ev = ev;
	if (!c->ctx.first_ts && c->in)
		c->ctx.first_ts = sc_inspector_first_ts(c->in);
	/* on_interval sees the event that ends the interval, as in sysdig */
	c->ev = ev;
	rc = ticks(c, ev->hdr->ts, err);
	c->ev = NULL;
	if (rc < 0)
		return rc;
	if (c->filter && !sc_filter_eval(c->filter, &c->ctx))
		return 0;
	if (c->has_on_event) {
		get_global(c->L, "on_event");
		c->ev = ev;
		rc = pcall(c, 0, 1, "on_event", err);
		c->ev = NULL;
		if (rc < 0)
			return rc;
		go = lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (c->end_capture)
			return SC_EOF;
	}
	if (go && c->formatter)
		sc_format_ctx(c->formatter, &c->ctx, c->host->out);
	return 0;
}

int sc_chisel_timeout(struct sc_chisel *c, uint64_t now, struct sc_err *err)
{
	if (!c->first_seen)
		return 0;
	return ticks(c, now, err);
}

int sc_chisel_end_of_sample(struct sc_chisel *c, struct sc_err *err)
{
	int rc;

	if (get_global(c->L, "on_end_of_sample") != LUA_TFUNCTION) {
		lua_pop(c->L, 1);
		return 0;
	}
	if ((rc = pcall(c, 0, 1, "on_end_of_sample", err)) < 0)
		return rc;
	rc = lua_toboolean(c->L, -1) ? 0 :
	     sc_err_set(err, -ECANCELED, "chisel %s: on_end_of_sample() returned false: capture ended",
			c->info.name);
	lua_pop(c->L, 1);
	return rc;
}

int sc_chisel_capture_end(struct sc_chisel *c, struct sc_err *err)
{
	uint64_t first = c->in ? sc_inspector_first_ts(c->in) : 0, last = c->last_ts;

	if (get_global(c->L, "on_capture_end") != LUA_TFUNCTION) {
		lua_pop(c->L, 1);
		return 0;
	}
	lua_pushinteger(c->L, (lua_Integer)(last / 1000000000ULL));
	lua_pushinteger(c->L, (lua_Integer)(last % 1000000000ULL));
	lua_pushinteger(c->L, (lua_Integer)(last >= first ? last - first : 0));
	return pcall(c, 3, 0, "on_capture_end", err);
}

/* ---- listing ---- */

static int info_cmp(const void *a, const void *b)
{
	const struct sc_chisel_info *x = a, *y = b;
	int r = strcmp(x->category, y->category);

	return r ? r : strcmp(x->name, y->name);
}

int sc_chisel_list(const char *const *dirs, const struct sc_chisel_host *host,
		   struct sc_chisel_info **out, size_t *n, struct sc_err *err)
{
	struct sc_chisel_info *v = NULL;
	size_t cnt = 0;

	for (size_t d = 0; dirs && dirs[d]; d++) {
		DIR *dh = *dirs[d] ? opendir(dirs[d]) : NULL;
		struct dirent *de;

		if (!dh)
			continue;
		while ((de = readdir(dh))) {
			size_t l = strlen(de->d_name);
			struct sc_strbuf path = { 0 };
			struct sc_chisel *c;
			bool dup = false;

			if (l <= 4 || strcmp(de->d_name + l - 4, ".lua"))
				continue;
			for (size_t k = 0; k < cnt; k++)
				if (strlen(v[k].name) == l - 4 && !strncmp(v[k].name, de->d_name, l - 4))
					dup = true;
			if (dup)
				continue;
			sc_strbuf_printf(&path, "%s/%s", dirs[d], de->d_name);
			c = sc_chisel_load(path.s, host, NULL);
			sc_strbuf_free(&path);
			if (!c)
				continue;   /* helpers and broken files are not chisels */
			if (!c->info.hidden) {
				v = xrealloc(v, (cnt + 1) * sizeof(*v));
				v[cnt++] = c->info;
				memset(&c->info, 0, sizeof(c->info));
			}
			sc_chisel_free(c);
		}
		closedir(dh);
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), info_cmp);
	*out = v;
	*n = cnt;
	(void)err;
	return 0;
}

void sc_chisel_infos_free(struct sc_chisel_info *infos, size_t n)
{
	for (size_t i = 0; i < n; i++)
		info_free(&infos[i]);
	free(infos);
}

/* sysdig's layout: names in a 16-column field, text cut every 63 characters (79 for descriptions). */
#define DESC_START 16
#define LINE_LEN 79

static void render_entry(const struct sc_chisel_info *c, struct sc_strbuf *out)
{
	size_t nl = strlen(c->name), l, dl = strlen(c->short_description);

	sc_strbuf_puts(out, c->name);
	if (nl >= DESC_START) {
		sc_strbuf_putc(out, '\n');
		nl = 0;
	}
	for (l = nl; l < DESC_START; l++)
		sc_strbuf_putc(out, ' ');
	for (l = 0; l < dl; l++) {
		if (l && l % (LINE_LEN - DESC_START) == 0)
			sc_strbuf_printf(out, "\n%*s", DESC_START, "");
		sc_strbuf_putc(out, c->short_description[l]);
	}
	sc_strbuf_putc(out, '\n');
}

static void render_list(const struct sc_chisel_info *infos, size_t n, struct sc_strbuf *out)
{
	const char *last = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!last || strcmp(last, infos[i].category)) {
			size_t mark;

			sc_strbuf_putc(out, '\n');
			mark = out->len;
			sc_strbuf_printf(out, "Category: %s", infos[i].category);
			mark = out->len - mark;
			sc_strbuf_putc(out, '\n');
			while (mark--)
				sc_strbuf_putc(out, '-');
			sc_strbuf_putc(out, '\n');
			last = infos[i].category;
		}
		render_entry(&infos[i], out);
	}
}

void sc_chisel_list_render(const struct sc_chisel_info *infos, size_t n, struct sc_strbuf *out)
{
	render_list(infos, n, out);
	sc_strbuf_puts(out, "\nUse the -i flag to get detailed information about a specific chisel\n");
}

void sc_chisel_info_render(const struct sc_chisel_info *info, struct sc_strbuf *out)
{
	struct sc_strbuf a = { 0 };
	size_t l, dl = strlen(info->description);
	long pos = 0;

	render_list(info, 1, out);
	sc_strbuf_putc(out, '\n');
	for (l = 0; l < dl; l++) {
		if (l && l % LINE_LEN == 0)
			sc_strbuf_putc(out, '\n');
		sc_strbuf_putc(out, info->description[l]);
	}
	sc_strbuf_putc(out, '\n');
	sc_strbuf_puts(&a, "Args:\n");
	for (l = 0; l < info->nargs; l++)
		sc_strbuf_printf(&a, "[%s] %s - %s\n", info->args[l].argtype, info->args[l].name,
				 info->args[l].description);
	if (!info->nargs)
		sc_strbuf_puts(&a, "(None)");
	for (l = 0; l < a.len; l++, pos++) {
		if (a.s[l] == '\n')
			pos = -1;
		else if (pos && pos % (LINE_LEN - DESC_START) == 0)
			sc_strbuf_printf(out, "\n%*s", DESC_START, "");
		sc_strbuf_putc(out, a.s[l]);
	}
	sc_strbuf_putc(out, '\n');
	sc_strbuf_free(&a);
}
