/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the chisel runtime: small chisels written here into a temporary
 * folder, fed events built in memory through the mem engine and the
 * inspector, their printed output compared line by line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/chisel.h"
#include "core/engine/engine.h"
#include "core/inspector.h"
#include "core/snapshot.h"
#include "core/state.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "tests/unit/builders.h"

#define SEC 1000000000ULL

static char g_dir[64];
static const char *g_dirs[2];
static struct sc_strbuf g_out;
static struct sc_chisel_host g_host;

static int setup(void **state)
{
	(void)state;
	strcpy(g_dir, "/tmp/sc-chisel-test.XXXXXX");
	if (!mkdtemp(g_dir))
		return -1;
	g_dirs[0] = g_dir;
	g_dirs[1] = NULL;
	memset(&g_host, 0, sizeof(g_host));
	g_host.out = &g_out;
	g_host.dirs = g_dirs;
	g_host.source_name = "test";
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
	if (system(cmd) != 0)
		return -1;
	sc_strbuf_free(&g_out);
	return 0;
}

/* Writes NAME.lua with a chisel's mandatory globals, then body. */
static void write_chisel(const char *name, const char *args, const char *body)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.lua", g_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "description = \"a test chisel\"\nshort_description = \"test\"\ncategory = \"Test\"\n"
		   "args = {%s}\n%s", args ? args : "", body);
	fclose(f);
}

/* What the write below writes (5 bytes) */
static const char *g_wdata = "hello";

/* Events for one thread: an open of /tmp/x (fd 3), a write of 5 bytes to it, a failed read on fd 9. */
static void build_events(struct sc_builder *b, const uint64_t *ts)
{
	size_t i = 0;

	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_OPEN_E, 0);
	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(3), sc_bp_str("/tmp/x"), sc_bp_u32(1),
		       sc_bp_u32(0));
	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_WRITE_E, 2, sc_bp_i64(3), sc_bp_u32(5));
	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_WRITE_X, 2, sc_bp_i64(5), sc_bp_buf(g_wdata, 5));
	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_READ_E, 2, sc_bp_i64(9), sc_bp_u32(10));
	b->ts = ts[i++];
	sc_builder_add(b, 42, SCE_SYSCALL_READ_X, 2, sc_bp_i64(-EBADF), sc_bp_buf("", 0));
}

static const uint64_t ts_close[] = { 1 * SEC + 500000000, 1 * SEC + 500001000, 1 * SEC + 700000000,
				     1 * SEC + 700002000, 2 * SEC + 200000000, 4 * SEC + 100000000 };

/*
 * Runs the chisel over the events as the CLI does: load, args, init,
 * capture start, every event, capture end. Returns the first error (or 0,
 * or SC_EOF when the chisel ended the capture) with err filled.
 */
static int run(const char *name, const char *argline, const uint64_t *ts, struct sc_err *err)
{
	struct sc_builder b = { 0 };
	struct sc_open_args oa = { 0 };
	struct sc_inspector *in;
	struct sc_chisel *c;
	struct sc_evt *ev;
	int rc = 0;

	sc_strbuf_reset(&g_out);
	build_events(&b, ts ? ts : ts_close);
	c = sc_chisel_load(name, &g_host, err);
	if (!c) {
		sc_builder_free(&b);
		return err->code;
	}
	if (argline)
		rc = sc_chisel_set_args_line(c, argline, err);
	if (!rc)
		rc = sc_chisel_init(c, err);
	oa.mem_buf = b.buf;
	oa.mem_len = b.len;
	in = sc_inspector_new(sc_engine_open(&sc_engine_mem, &oa, err));
	assert_non_null(in);
	if (!rc)
		rc = sc_chisel_capture_start(c, in, err);
	while (!rc && sc_inspector_next(in, &ev, err) == SC_OK)
		rc = sc_chisel_event(c, ev, err);
	if (rc >= 0) {
		int end = sc_chisel_capture_end(c, err);

		if (end < 0)
			rc = end;
	}
	sc_chisel_free(c);
	sc_inspector_free(in);
	sc_builder_free(&b);
	return rc;
}

static const char *out_text(void)
{
	return g_out.s ? g_out.s : "";
}

/* Field values reach Lua typed: integers as integers, text as strings, booleans, nil for <NA>. */
static void test_field_values(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("fields", NULL,
		     "local f = {}\n"
		     "function on_init()\n"
		     "  for _, n in ipairs{ 'evt.num', 'evt.type', 'evt.rawarg.res', 'fd.name', 'evt.is_io_read', 'evt.dir' } do\n"
		     "    f[#f + 1] = chisel.request_field(n)\n"
		     "  end\n"
		     "  chisel.set_filter('evt.dir=<')\n"
		     "  return true\n"
		     "end\n"
		     "function on_event()\n"
		     "  local parts = {}\n"
		     "  for i, h in ipairs(f) do\n"
		     "    local v = evt.field(h)\n"
		     "    parts[i] = (math.type(v) or type(v)) .. ':' .. tostring(v)\n"
		     "  end\n"
		     "  print(table.concat(parts, ' '), evt.get_num(), evt.get_type(), evt.get_cpuid())\n"
		     "  return true\n"
		     "end\n");
	assert_int_equal(run("fields", NULL, NULL, &err), 0);
	assert_string_equal(out_text(),
		/* open's exit has no parameter res (it is fd): nil; fd 9 was never opened: its name is empty */
		"integer:2 string:open nil:nil string:/tmp/x boolean:false string:<\t2\topen\t0\n"
		"integer:4 string:write integer:5 string:/tmp/x boolean:false string:<\t4\twrite\t0\n"
		"integer:6 string:read integer:-9 string: boolean:true string:<\t6\tread\t0\n");
}

/*
 * Buffers reach chisels as sysdig hands them over: evt.buffer and evt.arg.data
 * rendered (non-printable bytes as dots: sysdig's http.lua looks for "Host: x.."),
 * evt.rawarg.data as the bytes themselves.
 */
static void test_buffer_fields(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("bufs", NULL,
		     "local b, a, r\n"
		     "function on_init()\n"
		     "  b = chisel.request_field('evt.buffer')\n"
		     "  a = chisel.request_field('evt.arg.data')\n"
		     "  r = chisel.request_field('evt.rawarg.data')\n"
		     "  chisel.set_filter('evt.type=write and evt.dir=<')\n"
		     "  return true\n"
		     "end\n"
		     "function on_event()\n"
		     "  local raw = evt.field(r)\n"
		     "  print(evt.field(b), evt.field(a), #raw, raw:byte(2), raw:byte(3))\n"
		     "  return true\n"
		     "end\n");
	g_wdata = "a\r\nbc";
	assert_int_equal(run("bufs", NULL, NULL, &err), 0);
	g_wdata = "hello";
	assert_string_equal(out_text(), "a..bc\ta..bc\t5\t13\t10\n");
}

/* on_interval: once per new aligned interval with the time since the last call; precise: every step. */
static void test_intervals(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("ticks", NULL,
		     "function on_init() chisel.set_interval_s(1) return true end\n"
		     "function on_event() return true end\n"
		     "function on_interval(s, ns, delta)\n"
		     "  print('tick', s, ns, delta, math.type(s), evt.get_num())\n"
		     "  return true\n"
		     "end\n"
		     "function on_capture_end(s, ns, delta) print('end', s, ns, delta) end\n");
	assert_int_equal(run("ticks", NULL, NULL, &err), 0);
	assert_string_equal(out_text(),
		"tick\t2\t200000000\t0\tinteger\t5\n"
		"tick\t4\t100000000\t1900000000\tinteger\t6\n"
		"end\t4\t100000000\t2600000000\n");

	write_chisel("precise", NULL,
		     "function on_init() chisel.set_precise_interval_ns(1000000000) return true end\n"
		     "function on_interval(s, ns, delta) print('tick', s, ns, delta) return true end\n");
	assert_int_equal(run("precise", NULL, NULL, &err), 0);
	assert_string_equal(out_text(),
		"tick\t1\t500000000\t1000000000\n"
		"tick\t2\t500000000\t1000000000\n");

	/* on_interval returning false ends the run with an error naming the chisel */
	write_chisel("stopper", NULL,
		     "function on_init() chisel.set_interval_s(1) return true end\n"
		     "function on_interval() return false end\n");
	assert_true(run("stopper", NULL, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "chisel stopper: on_interval() returned false"));
}

/* chisel.set_filter narrows on_event; an event formatter prints after on_event returns true only. */
static void test_filter_and_formatter(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("flt", NULL,
		     "local n = 0\n"
		     "function on_init()\n"
		     "  chisel.set_filter('evt.type=write or evt.type=read')\n"
		     "  chisel.set_event_formatter('%evt.num %evt.type %fd.name')\n"
		     "  return true\n"
		     "end\n"
		     "function on_event() n = n + 1 return evt.get_dir() == '<' end\n"
		     "function on_capture_end() print('seen ' .. n) end\n");
	assert_int_equal(run("flt", NULL, NULL, &err), 0);
	assert_string_equal(out_text(), "4 write /tmp/x\n6 read \nseen 4\n");

	write_chisel("badflt", NULL, "function on_init() chisel.set_filter('evt.type=') return true end\n");
	assert_true(run("badflt", NULL, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "chisel badflt: on_init: badflt.lua:5: chisel.set_filter: bad filter"));
}

/* sysdig.end_capture(): the event that asked is the last; on_capture_end still runs. */
static void test_end_capture(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("stop", NULL,
		     "function on_event()\n"
		     "  print(evt.get_num())\n"
		     "  if evt.get_num() == 2 then sysdig.end_capture() end\n"
		     "  return true\n"
		     "end\n"
		     "function on_capture_end() print('end') end\n");
	assert_int_equal(run("stop", NULL, NULL, &err), SC_EOF);
	assert_string_equal(out_text(), "1\n2\nend\n");
}

/*
 * A chisel whose _G raises an error for an undeclared global ("strict"
 * mode) and whose args entry has a metatable too: the runtime reads their
 * globals raw, and runs them, where Lua used to abort the process.
 */
static void test_strict_globals(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("strict", "setmetatable({ name = 'n', description = 'd' },"
		     " { __index = function(t, k) error('no field ' .. k) end })",
		     "local n = 0\n"
		     "function on_set_arg(name, val) return true end\n"
		     "function on_init() return true end\n"
		     "function on_event() n = n + 1 return true end\n"
		     "function on_capture_end() print('events ' .. n) end\n"
		     "setmetatable(_G, { __index = function(t, k) error('undeclared global ' .. k, 2) end,\n"
		     "                   __newindex = function(t, k) error('new global ' .. k, 2) end })\n");
	assert_int_equal(run("strict", "x", NULL, &err), 0);
	assert_string_equal(out_text(), "events 6\n");
}

/* Errors name the chisel, the file and line, and the cause; what was printed before is kept. */
static void test_errors(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("boom", NULL,
		     "function on_event()\n"
		     "  print('before')\n"
		     "  if evt.get_num() == 3 then\n"
		     "    local t = nil\n"
		     "    return t.x\n"
		     "  end\n"
		     "  return true\n"
		     "end\n");
	assert_true(run("boom", NULL, NULL, &err) < 0);
	assert_string_equal(err.msg, "chisel boom: on_event: boom.lua:9: attempt to index a nil value (local 't')");
	assert_string_equal(out_text(), "before\nbefore\nbefore\n");

	write_chisel("syntax", NULL, "function on_event(\n");
	assert_true(run("syntax", NULL, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "chisel syntax: syntax.lua:6:"));

	assert_int_equal(run("missing", NULL, NULL, &err), -ENOENT);
	assert_string_equal(err.msg, "unknown chisel 'missing' (syscope -cl lists them)");

	write_chisel("notone", NULL, "");
	{
		FILE *f = fopen("/dev/null", "r");   /* a file without the globals is not a chisel */
		char path[256];

		fclose(f);
		snprintf(path, sizeof(path), "%s/plain.lua", g_dir);
		f = fopen(path, "w");
		fputs("x = 1\n", f);
		fclose(f);
	}
	assert_true(run("plain", NULL, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "is not a chisel"));

	/* an error value that is not a string still says where */
	write_chisel("tbl", NULL, "function on_event()\n  error({ code = 1 })\nend\n");
	assert_true(run("tbl", NULL, NULL, &err) < 0);
	assert_string_equal(err.msg, "chisel tbl: on_event: tbl.lua:6: (error object is a table value)");
	write_chisel("tostr", NULL, "function on_event()\n  error(setmetatable({}, { __tostring = function() return 'mine' end }))\nend\n");
	assert_true(run("tostr", NULL, NULL, &err) < 0);
	assert_string_equal(err.msg, "chisel tostr: on_event: tostr.lua:6: mine");

	write_chisel("field", NULL, "function on_init() chisel.request_field('no.such') return true end\n");
	assert_true(run("field", NULL, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "chisel field: on_init: field.lua:5: chisel.request_field:"));
}

/* Arguments: sysdig's splitting (quotes), the count, the declared types, on_set_arg's answer. */
static void test_args(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("withargs",
		     "{ name = 'n', description = 'a number', argtype = 'int' },"
		     "{ name = 'text', description = 'some text', argtype = 'string', optional = true },"
		     "{ name = 'ip', description = 'an address', argtype = 'ipv4', optional = true },",
		     "function on_set_arg(name, val) print(name .. '=[' .. val .. ']') return val ~= 'no' end\n");
	assert_int_equal(run("withargs", "12 'two words' 10.0.0.1", NULL, &err), 0);
	assert_string_equal(out_text(), "n=[12]\ntext=[two words]\nip=[10.0.0.1]\n");
	assert_int_equal(run("withargs", "  7  ", NULL, &err), 0);
	assert_string_equal(out_text(), "n=[7]\n");
	assert_int_equal(run("withargs", "", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "chisel withargs: 1 argument required (n), 0 given");
	assert_int_equal(run("withargs", "1 2 3 4", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "chisel withargs: too many arguments: 1 required, 2 optional, 4 given");
	assert_int_equal(run("withargs", "x", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "chisel withargs: argument n takes a whole number, not 'x'");
	assert_int_equal(run("withargs", "1 a 300.1.1.1", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "chisel withargs: argument ip takes an IPv4 address, not '300.1.1.1'");
	assert_int_equal(run("withargs", "1 'open", NULL, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unbalanced quote"));
	assert_int_equal(run("withargs", "1 no", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "chisel withargs: argument text='no' was refused");
}

/* chisel.exec(): the chisel becomes another one, with the arguments given. */
static void test_exec(void **state)
{
	struct sc_err err = { 0 };

	(void)state;
	write_chisel("inner", "{ name = 'word', description = 'w', argtype = 'string' },",
		     "local w\n"
		     "function on_set_arg(n, v) w = v return true end\n"
		     "function on_event() print(w .. ' ' .. evt.get_num()) return true end\n");
	write_chisel("outer", NULL,
		     "function on_init() chisel.exec('inner', 'hi') return true end\n"
		     "function on_event() print('outer runs') return true end\n");
	assert_int_equal(run("outer", NULL, NULL, &err), 0);
	assert_string_equal(out_text(), "hi 1\nhi 2\nhi 3\nhi 4\nhi 5\nhi 6\n");
}

/* The helpers of sysdig.*: timestamps, settings asked for the capture, is_live. */
static void test_sysdig_api(void **state)
{
	struct sc_err err = { 0 };
	struct sc_chisel *c;

	(void)state;
	write_chisel("api", NULL,
		     "function on_init()\n"
		     "  print(sysdig.make_ts(3, 5), sysdig.add_ts('10', 5), sysdig.subtract_ts(10, 4))\n"
		     "  print(sysdig.is_live(), sysdig.get_output_format(), sysdig.get_evtsource_name())\n"
		     "  print(string.format('%d %5.2u %x %s %.1f', 2.7, 3.0, 255.0, 1.5, 2), unpack({ 1, 2 }))\n"
		     "  sysdig.set_snaplen(2000)\n"
		     "  sysdig.set_filter('proc.name=foo')\n"
		     "  return true\n"
		     "end\n"
		     "function on_event() return true end\n"
		     "function on_capture_end() print(sysdig.get_firstevent_ts(), sysdig.get_lastevent_ts()) end\n");
	sc_strbuf_reset(&g_out);
	c = sc_chisel_load("api", &g_host, &err);
	assert_non_null(c);
	assert_int_equal(sc_chisel_init(c, &err), 0);
	assert_int_equal(sc_chisel_snaplen(c), 2000);
	assert_string_equal(sc_chisel_global_filter(c), "proc.name=foo");
	sc_chisel_free(c);
	assert_int_equal(run("api", NULL, NULL, &err), 0);
	assert_string_equal(out_text(), "3000000005\t15\t6\nfalse\tnormal\ttest\n2    03 ff 1.5 2.0\t1\t2\n1500000000\t4100000000\n");
}

/* sysdig.get_thread_table(): threads with their fds, user names, and a filter on the fds. */
static void test_thread_table(void **state)
{
	struct sc_snapshot snap = { 0 };
	struct sc_snap_proc *p;
	struct sc_snap_fd *fd;
	struct sc_snap_user *u;
	struct sc_builder b = { 0 };
	struct sc_open_args oa = { 0 };
	struct sc_err err = { 0 };
	struct sc_inspector *in;
	struct sc_chisel *c;
	struct sc_evt *ev;

	(void)state;
	p = sc_snapshot_add_proc(&snap);
	p->tid = p->pid = 100;
	p->ptid = 1;
	p->comm = xstrdup("sshd");
	p->exe = xstrdup("/usr/sbin/sshd");
	p->args = xmemdup("-D\0-p\0", 6);
	p->args_len = 6;
	p->fdlimit = 1024;
	p->vmsize_kb = 2048;
	fd = sc_snapshot_add_fd(p);
	fd->fd = 3;
	fd->type = SC_FD_FILE_V2;
	fd->name = xstrdup("/etc/passwd");
	fd = sc_snapshot_add_fd(p);
	fd->fd = 4;
	fd->type = SC_FD_IPV4_SERVSOCK;
	fd->l4proto = 2;   /* tcp, in the .scap numbering */
	fd->sport = 22;
	u = sc_snapshot_add_user(&snap);
	u->uid = 0;
	u->name = xstrdup("root");
	write_chisel("threads", NULL,
		     "local function show(t)\n"
		     "  for tid, th in pairs(t) do\n"
		     "    print(tid, th.pid, th.comm, th.exe, th.username, th.fdlimit, th.vmsize_kb, table.concat(th.args, ','))\n"
		     "    for _, n in ipairs{ 3, 4 } do\n"
		     "      local f = th.fdtable[n]\n"
		     "      if f then print(n, f.type, f.typechar, f.name, f.l4proto, f.sip, f.sport, f.cip, f.is_server) end\n"
		     "    end\n"
		     "  end\n"
		     "end\n"
		     "function on_event()\n"
		     "  show(sysdig.get_thread_table())\n"
		     "  show(sysdig.get_thread_table('fd.type=ipv4'))\n"
		     "  show(sysdig.get_thread_table('proc.name=nothere'))\n"
		     "  local t = sysdig.get_thread_table_nofds()[100]\n"
		     "  print(t.comm, t.fdtable, t.username)\n"
		     "  t = sysdig.get_thread_table_barebone_nofds('fd.name=/etc/passwd')[100]\n"
		     "  print(t.comm, t.fdtable, t.username, t.args[1])\n"
		     "  sysdig.end_capture()\n"
		     "  return false\n"
		     "end\n");
	sc_strbuf_reset(&g_out);
	b.ts = SEC;
	sc_builder_add(&b, 100, SCE_SYSCALL_BRK_4_E, 1, sc_bp_u64(0));
	oa.mem_buf = b.buf;
	oa.mem_len = b.len;
	oa.mem_snapshot = &snap;
	in = sc_inspector_new(sc_engine_open(&sc_engine_mem, &oa, &err));
	assert_non_null(in);
	c = sc_chisel_load("threads", &g_host, &err);
	assert_non_null(c);
	assert_int_equal(sc_chisel_init(c, &err), 0);
	assert_int_equal(sc_chisel_capture_start(c, in, &err), 0);
	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_OK);
	assert_int_equal(sc_chisel_event(c, ev, &err), SC_EOF);
	assert_string_equal(out_text(),
		"100\t100\tsshd\t/usr/sbin/sshd\troot\t1024\t2048\t-D,-p\n"
		"3\tfile\tf\t/etc/passwd\tnil\tnil\tnil\tnil\tnil\n"
		"4\tipv4\t4\t0.0.0.0:22\ttcp\t0.0.0.0\t22\tnil\ttrue\n"
		"100\t100\tsshd\t/usr/sbin/sshd\troot\t1024\t2048\t-D,-p\n"
		"4\tipv4\t4\t0.0.0.0:22\ttcp\t0.0.0.0\t22\tnil\ttrue\n"
		"sshd\tnil\troot\n"
		"sshd\tnil\tnil\t-D\n");
	sc_chisel_free(c);
	sc_inspector_free(in);
	sc_builder_free(&b);
	sc_snapshot_free(&snap);
}

/* -i and -cl layouts: names in 16 columns, text cut at sysdig's widths. */
static void test_listing(void **state)
{
	struct sc_err err = { 0 };
	struct sc_chisel_info *infos;
	struct sc_strbuf b = { 0 };
	struct sc_chisel *c;
	size_t n;

	(void)state;
	write_chisel("a_very_long_chisel_name", "{ name = 'key', description = 'the field to group by', argtype = 'string' },",
		     "function on_set_arg() return true end\n");
	c = sc_chisel_load("a_very_long_chisel_name", &g_host, &err);
	assert_non_null(c);
	sc_chisel_info_render(sc_chisel_info(c), &b);
	assert_string_equal(b.s,
		"\nCategory: Test\n--------------\na_very_long_chisel_name\n                test\n\n"
		"a test chisel\nArgs:\n[string] key - the field to group by\n\n");
	sc_chisel_free(c);
	sc_strbuf_reset(&b);
	assert_int_equal(sc_chisel_list(g_dirs, &g_host, &infos, &n, &err), 0);
	assert_true(n >= 1);
	sc_chisel_list_render(infos, n, &b);
	assert_non_null(strstr(b.s, "a_very_long_chisel_name\n                test\n"));
	assert_null(strstr(b.s, "plain"));   /* not a chisel */
	sc_chisel_infos_free(infos, n);
	sc_strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_buffer_fields),
		cmocka_unit_test(test_intervals),
		cmocka_unit_test(test_filter_and_formatter),
		cmocka_unit_test(test_end_capture),
		cmocka_unit_test(test_strict_globals),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_sysdig_api),
		cmocka_unit_test(test_thread_table),
		cmocka_unit_test(test_listing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
