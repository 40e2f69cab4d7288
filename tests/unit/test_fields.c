/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fields.c - the field registry and parameter rendering: each
 * parameter type printed as sysdig 0.29 prints it, field references parsed
 * with their arguments, typed values, and the -l layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builders.h"
#include "core/fields.h"
#include "core/state.h"
#include "core/strbuf.h"

struct fx {
	struct sc_builder b;
	struct sc_evt ev;
	struct sc_state *st;
	struct sc_thread *th;
	struct sc_fctx ctx;
	struct sc_strbuf val, res;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->st = sc_state_new();
	f->th = sc_state_thread_add(f->st, 100);
	f->th->pid = 100;
	f->th->ptid = 1;
	strcpy(f->th->comm, "cat");
	f->ctx.st = f->st;
	f->ctx.max_buflen = 80;
	f->ctx.time_mode = 'h';
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sc_builder_free(&f->b);
	sc_strbuf_free(&f->val);
	sc_strbuf_free(&f->res);
	sc_state_free(f->st);
	free(f);
	return 0;
}

/* Builds one record, decodes it into f->ev with the thread resolved. */
#define EVENT(f, type, n, ...)                                                            \
	do {                                                                              \
		struct sc_err e_;                                                         \
		size_t at_;                                                               \
		sc_builder_free(&(f)->b);                                                 \
		at_ = sc_builder_add(&(f)->b, 100, (type), (n), __VA_ARGS__);             \
		assert_int_equal(sc_evt_decode(&(f)->ev, (const struct sc_evt_hdr *)((f)->b.buf + at_), &e_), 0); \
		(f)->ev.thread = (f)->th;                                                 \
		(f)->ev.fd = NULL;                                                        \
		(f)->ev.fdnum = -1;                                                       \
		(f)->ev.num = 7;                                                          \
		(f)->ctx.ev = &(f)->ev;                                                   \
	} while (0)

static const char *render(struct fx *f, uint32_t i)
{
	sc_strbuf_reset(&f->val);
	sc_strbuf_reset(&f->res);
	sc_strbuf_puts(&f->val, "");
	sc_strbuf_puts(&f->res, "");
	sc_param_render(&f->ctx, &f->ev, i, &f->val, &f->res);
	return f->val.s;
}

static const char *args(struct fx *f)
{
	struct sc_strbuf scratch = { 0 };

	sc_strbuf_reset(&f->val);
	sc_strbuf_puts(&f->val, "");
	sc_evt_args_render(&f->ctx, &f->ev, &f->val, &scratch);
	sc_strbuf_free(&scratch);
	return f->val.s;
}

static void test_errno_and_fd(void **state)
{
	struct fx *f = *state;

	sc_state_fd_add(f->th, 3, SC_FD_FILE, "/etc/passwd");
	EVENT(f, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(3), sc_bp_str("/etc/passwd"), sc_bp_u32(4097),
	      sc_bp_u32(0));
	assert_string_equal(args(f), "fd=3(<f>/etc/passwd) name=/etc/passwd flags=4097(O_RDONLY|O_CLOEXEC) mode=0 ");

	EVENT(f, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(-2), sc_bp_str("/nope"), sc_bp_u32(1), sc_bp_u32(0644));
	assert_string_equal(args(f), "fd=-2(ENOENT) name=/nope flags=1(O_RDONLY) mode=0644 ");

	/* an fd the thread does not have prints as a plain number */
	EVENT(f, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(9));
	assert_string_equal(args(f), "fd=9 ");
	/* no thread: plain number too */
	f->ev.thread = NULL;
	assert_string_equal(args(f), "fd=9 ");

	EVENT(f, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(-9));
	assert_string_equal(args(f), "res=-9(EBADF) ");
}

static void test_relative_path(void **state)
{
	struct fx *f = *state;

	free(f->th->cwd);
	f->th->cwd = strdup("/home/u/");
	EVENT(f, SCE_SYSCALL_OPEN_E, 3, sc_bp_str("../x/./y"), sc_bp_u32(1), sc_bp_u32(0));
	render(f, 0);
	assert_string_equal(f->val.s, "../x/./y");
	assert_string_equal(f->res.s, "/home/x/y");
	/* absolute paths have no resolved text */
	EVENT(f, SCE_SYSCALL_OPEN_E, 3, sc_bp_str("/etc/x"), sc_bp_u32(1), sc_bp_u32(0));
	render(f, 0);
	assert_string_equal(f->res.s, "");
}

static void test_hex_and_numbers(void **state)
{
	struct fx *f = *state;

	EVENT(f, SCE_SYSCALL_BRK_4_X, 4, sc_bp_u64(0x55db0de73000ULL), sc_bp_u32(508), sc_bp_u32(4),
	      sc_bp_u32(0));
	assert_string_equal(args(f), "res=55DB0DE73000 vm_size=508 vm_rss=4 vm_swap=0 ");
}

static void test_buffers(void **state)
{
	struct fx *f = *state;
	uint8_t data[100];

	for (int i = 0; i < 100; i++)
		data[i] = (uint8_t)('A' + i % 26);
	data[0] = 0;
	data[1] = '\n';
	EVENT(f, SCE_SYSCALL_READ_X, 2, sc_bp_i64(100), sc_bp_buf(data, 100));
	render(f, 1);
	assert_int_equal(f->val.len, 80);
	assert_memory_equal(f->val.s, "..CDEFG", 7);
	assert_string_equal(f->val.s + 77, "...");

	f->ctx.max_buflen = 0;   /* -v */
	render(f, 1);
	assert_int_equal(f->val.len, 100);

	f->ctx.bufmode = SC_BUF_HEX;
	EVENT(f, SCE_SYSCALL_READ_X, 2, sc_bp_i64(3), sc_bp_buf("ab\n", 3));
	render(f, 1);
	assert_string_equal(f->val.s, "\n\t0x0000: 6162 0a\n");

	f->ctx.bufmode = SC_BUF_HEX_ASCII;
	render(f, 1);
	/* two chunks written, six padded with five spaces each, two spaces, the text */
	assert_string_equal(f->val.s, "\n\t0x0000: 6162 0a"
			    "                              " "  ab.\n");

	f->ctx.bufmode = SC_BUF_BASE64;
	render(f, 1);
	assert_string_equal(f->val.s, "YWIK");

	f->ctx.bufmode = SC_BUF_ASCII;
	EVENT(f, SCE_SYSCALL_READ_X, 2, sc_bp_i64(6), sc_bp_buf("a\r\nb\tc", 6));
	render(f, 1);
	assert_string_equal(f->val.s, "\na\nbc");
	f->ctx.bufmode = SC_BUF_DOTS;
	f->ctx.max_buflen = 80;

	/* an empty buffer prints nothing */
	EVENT(f, SCE_SYSCALL_READ_X, 2, sc_bp_i64(0), sc_bp_buf("", 0));
	assert_string_equal(args(f), "res=0 data= ");
}

static void test_sockets(void **state)
{
	struct fx *f = *state;
	uint8_t t4[13] = { 2, 127, 0, 0, 1, 0x50, 0xb8, 127, 0, 0, 1, 80, 0 };
	uint8_t t6[37] = { 10 };

	EVENT(f, SCE_SOCKET_CONNECT_X, 2, sc_bp_i64(-115), sc_bp_buf(t4, 13));
	assert_string_equal(args(f), "res=-115(EINPROGRESS) tuple=127.0.0.1:47184->127.0.0.1:80 ");
	t6[16] = 1;
	t6[17] = 0x8f;
	t6[18] = 0x95;
	t6[34] = 1;
	t6[35] = 0x29;
	t6[36] = 0x09;
	EVENT(f, SCE_SOCKET_CONNECT_X, 2, sc_bp_i64(0), sc_bp_buf(t6, 37));
	assert_string_equal(args(f), "res=0 tuple=::1:38287->::1:2345 ");
	EVENT(f, SCE_SOCKET_CONNECT_X, 2, sc_bp_i64(0), sc_bp_buf("", 0));
	assert_string_equal(args(f), "res=0 tuple=NULL ");
}

static void test_pid_and_signal(void **state)
{
	struct fx *f = *state;
	struct sc_thread *t = sc_state_thread_add(f->st, 2987);

	strcpy(t->comm, "sysdig");
	EVENT(f, SCE_SYSCALL_KILL_E, 2, sc_bp_i64(2987), sc_bp_u8(17));
	assert_string_equal(args(f), "pid=2987(sysdig) sig=17(SIGCHLD) ");
	EVENT(f, SCE_SYSCALL_KILL_E, 2, sc_bp_i64(4242), sc_bp_u8(9));
	assert_string_equal(args(f), "pid=4242 sig=9(SIGKILL) ");
}

static void test_reltime(void **state)
{
	struct fx *f = *state;

	EVENT(f, SCE_SYSCALL_NANOSLEEP_E, 1, sc_bp_u64(1500000000ULL));
	assert_string_equal(args(f), "interval=1500000000(1.5s) ");
	EVENT(f, SCE_SYSCALL_NANOSLEEP_E, 1, sc_bp_u64(0));
	assert_string_equal(args(f), "interval=0(0s) ");
}

static void test_uid(void **state)
{
	struct fx *f = *state;

	EVENT(f, SCE_SYSCALL_SETUID_E, 1, sc_bp_u32(UINT32_MAX));
	assert_string_equal(args(f), "uid=-1(<NONE>) ");
	EVENT(f, SCE_SYSCALL_SETUID_E, 1, sc_bp_u32(1000));
	assert_string_equal(args(f), "uid=1000(<NA>) ");
}

static void extract_text(struct fx *f, const char *name, char *buf, size_t n)
{
	struct sc_fcheck chk;
	struct sc_fval v;
	struct sc_strbuf out = { 0 };
	struct sc_err err;
	size_t used;

	assert_int_equal(sc_fcheck_parse(&chk, name, &used, &err), 0);
	assert_int_equal(used, strlen(name));
	if (sc_fcheck_extract(&chk, &f->ctx, &v)) {
		sc_strbuf_puts(&out, "");
		sc_fval_to_text(&v, &f->ctx, &out);
		snprintf(buf, n, "%s", out.s);
	} else {
		snprintf(buf, n, "<NA>");
	}
	sc_strbuf_free(&out);
	sc_fcheck_release(&chk);
}

static void test_fields_extract(void **state)
{
	struct fx *f = *state;
	char b[256];

	sc_state_fd_add(f->th, 3, SC_FD_FILE, "/etc/passwd");
	EVENT(f, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(-2), sc_bp_str("/x"), sc_bp_u32(1), sc_bp_u32(0));
	extract_text(f, "evt.num", b, sizeof(b));
	assert_string_equal(b, "7");
	extract_text(f, "evt.type", b, sizeof(b));
	assert_string_equal(b, "open");
	extract_text(f, "evt.dir", b, sizeof(b));
	assert_string_equal(b, "<");
	extract_text(f, "evt.res", b, sizeof(b));
	assert_string_equal(b, "ENOENT");
	extract_text(f, "evt.rawres", b, sizeof(b));
	assert_string_equal(b, "-2");
	extract_text(f, "evt.failed", b, sizeof(b));
	assert_string_equal(b, "true");
	extract_text(f, "evt.arg.name", b, sizeof(b));
	assert_string_equal(b, "/x");
	extract_text(f, "evt.arg[0]", b, sizeof(b));
	assert_string_equal(b, "ENOENT");
	extract_text(f, "evt.rawarg.fd", b, sizeof(b));
	assert_string_equal(b, "-2");
	extract_text(f, "evt.arg.data", b, sizeof(b));
	assert_string_equal(b, "<NA>");
	extract_text(f, "proc.name", b, sizeof(b));
	assert_string_equal(b, "cat");
	extract_text(f, "thread.tid", b, sizeof(b));
	assert_string_equal(b, "100");
	extract_text(f, "evt.category", b, sizeof(b));
	assert_string_equal(b, "file");
	extract_text(f, "fd.name", b, sizeof(b));
	assert_string_equal(b, "/x");
	extract_text(f, "evt.is_io", b, sizeof(b));
	assert_string_equal(b, "false");

	f->ev.thread = NULL;
	extract_text(f, "proc.name", b, sizeof(b));
	assert_string_equal(b, "<NA>");
	extract_text(f, "thread.tid", b, sizeof(b));
	assert_string_equal(b, "100");
}

static void test_dirfd_paths(void **state)
{
	struct fx *f = *state;
	char b[256];

	free(f->th->cwd);
	f->th->cwd = strdup("/home/u/");
	sc_state_fd_add(f->th, 7, SC_FD_DIRECTORY, "/var/lib");
	/* a name relative to a directory fd resolves against that directory */
	EVENT(f, SCE_SYSCALL_OPENAT_2_X, 5, sc_bp_i64(3), sc_bp_i64(7), sc_bp_str("x/../db"),
	      sc_bp_u32(1), sc_bp_u32(0));
	render(f, 2);
	assert_string_equal(f->res.s, "/var/lib/db");
	extract_text(f, "evt.abspath", b, sizeof(b));
	assert_string_equal(b, "/var/lib/db");
	/* AT_FDCWD: the working directory */
	EVENT(f, SCE_SYSCALL_OPENAT_2_X, 5, sc_bp_i64(3), sc_bp_i64(-100), sc_bp_str("db"),
	      sc_bp_u32(1), sc_bp_u32(0));
	assert_string_equal(args(f), "fd=3 dirfd=-100(AT_FDCWD) name=db(/home/u/db) flags=1(O_RDONLY) mode=0 ");
	extract_text(f, "evt.abspath", b, sizeof(b));
	assert_string_equal(b, "/home/u/db");
}

static void test_host_and_quirks(void **state)
{
	struct fx *f = *state;
	char b[256];
	struct sc_fcheck chk;
	struct sc_err err;
	size_t used;

	EVENT(f, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0));
	extract_text(f, "container.id", b, sizeof(b));
	assert_string_equal(b, "host");
	extract_text(f, "container.image", b, sizeof(b));
	assert_string_equal(b, "<NA>");
	/* evt.type.is reads to the end of its text, as sysdig does */
	assert_int_equal(sc_fcheck_parse(&chk, "evt.type.is.close", &used, &err), 0);
	assert_int_equal(used, 17);
	sc_fcheck_release(&chk);
	assert_int_equal(sc_fcheck_parse(&chk, "evt.type.is.close rest", &used, &err), 0);
	assert_int_equal(used, 0);
	sc_fcheck_release(&chk);
	/* numbers without a print format have no text */
	{
		struct sc_fval v = { .type = SC_PT_UINT32, .fmt = SC_PF_NA, .v.u = 1 };

		assert_false(sc_fval_printable(&v));
		v.type = SC_PT_INT64;
		assert_true(sc_fval_printable(&v));
	}
}

static void test_parse_errors(void **state)
{
	struct sc_fcheck chk;
	struct sc_err err;
	size_t used;

	(void)state;
	assert_int_equal(sc_fcheck_parse(&chk, "nosuch.field", &used, &err), SC_EFORMAT);
	assert_int_equal(sc_fcheck_parse(&chk, "evt.arg", &used, &err), SC_EFORMAT);
	sc_fcheck_release(&chk);
	/* the longest field name wins and the rest is left to the caller */
	assert_int_equal(sc_fcheck_parse(&chk, "evt.args)", &used, &err), 0);
	assert_int_equal(used, 8);
	assert_string_equal(chk.field->name, "evt.args");
	sc_fcheck_release(&chk);
	assert_int_equal(sc_fcheck_parse(&chk, "proc.aname[2] x", &used, &err), 0);
	assert_int_equal(chk.argnum, 2);
	assert_int_equal(used, 13);
	sc_fcheck_release(&chk);
	assert_int_equal(sc_fcheck_parse(&chk, "evt.arg.fd", &used, &err), 0);
	assert_string_equal(chk.argname, "fd");
	sc_fcheck_release(&chk);
	assert_int_equal(sc_fcheck_parse(&chk, "evt.rawarg.res", &used, &err), 0);
	assert_int_equal(chk.type, SC_PT_ERRNO);
	sc_fcheck_release(&chk);
}

static void test_json_values(void **state)
{
	struct sc_fctx ctx = { 0 };
	struct sc_strbuf out = { 0 };
	struct sc_fval v = { .type = SC_PT_INT64, .fmt = SC_PF_ID, .v.i = -1 };

	(void)state;
	sc_fval_to_json(&v, &ctx, &out);
	assert_string_equal(out.s, "-1");
	sc_strbuf_reset(&out);
	v.type = SC_PT_BOOL;
	v.v.u = 0;
	sc_fval_to_json(&v, &ctx, &out);
	assert_string_equal(out.s, "false");
	sc_strbuf_reset(&out);
	sc_json_string(&out, "a\"b\\\n\x01\xc3\xa9", 8);
	assert_string_equal(out.s, "\"a\\\"b\\\\\\n\\u0001\\u00e9\"");
	sc_strbuf_free(&out);
}

static void test_list_layout(void **state)
{
	struct sc_strbuf out = { 0 };

	(void)state;
	sc_fields_list(&out, false);
	assert_memory_equal(out.s, "-------------------------------\nField Class:                  evt (All event types)\n", 83);
	assert_non_null(strstr(out.s, "\nevt.num                       sequence number"));
	assert_null(strstr(out.s, "evt.outputtime"));
	for (char *l = out.s; *l; l = strchr(l, '\n') + 1)
		assert_true(strchr(l, '\n') - l <= 120);
	sc_strbuf_reset(&out);
	sc_fields_list(&out, true);
	assert_non_null(strstr(out.s, "evt.num                       (Type: UINT64) "));
	sc_strbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_errno_and_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hex_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sockets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid_and_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reltime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fields_extract, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirfd_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_and_quirks, setup, teardown),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_list_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
