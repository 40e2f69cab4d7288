/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the mem engine: records from memory, snapshot copy, damage. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "builders.h"
#include "core/engine/engine.h"
#include "core/util.h"

static void test_replay(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_snapshot snap = { 0 };
	struct sc_snap_proc *p = sc_snapshot_add_proc(&snap);
	struct sc_open_args a = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	struct sc_stats st;
	size_t o1, o2;

	p->tid = p->pid = 42;
	p->comm = xstrdup("cat");
	sc_snapshot_add_fd(p)->name = xstrdup("/etc/passwd");
	o1 = sc_builder_add(&b, 42, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	sc_builder_add(&b, 42, SC_EVENT_MAX + 1, 0);   /* unknown: counted, skipped */
	o2 = sc_builder_add(&b, 42, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0));
	a.mem_buf = b.buf;
	a.mem_len = b.len;
	a.mem_snapshot = &snap;
	assert_ptr_equal(sc_engine_find("mem"), &sc_engine_mem);
	assert_null(sc_engine_find("nosuch"));
	e = sc_engine_open(&sc_engine_mem, &a, &err);
	assert_non_null(e);
	sc_snapshot_free(&snap);   /* the engine holds its own copy */
	assert_int_equal(e->snap.nprocs, 1);
	assert_string_equal(e->snap.procs[0].comm, "cat");
	assert_string_equal(e->snap.procs[0].fds[0].name, "/etc/passwd");

	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_ptr_equal(ev.hdr, b.buf + o1);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_ptr_equal(ev.hdr, b.buf + o2);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EOF);
	assert_int_equal(sc_engine_stats(e, &st), 0);
	assert_int_equal(st.events, 2);
	assert_int_equal(st.skipped_unknown, 1);
	assert_int_equal(st.exit_status, -1);   /* not a launched command */
	sc_engine_close(e);
	sc_builder_free(&b);
}

static void test_damaged(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_open_args a = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	size_t o2;
	uint32_t bad = 5000;

	sc_builder_add(&b, 1, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	o2 = sc_builder_add(&b, 1, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0));
	memcpy(b.buf + o2 + 16, &bad, 4);
	a.mem_buf = b.buf;
	a.mem_len = b.len;
	e = sc_engine_open(&sc_engine_mem, &a, &err);
	assert_non_null(e);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EFORMAT);
	assert_int_equal(err.offset, o2);
	sc_engine_close(e);

	/* a tail shorter than a header */
	a.mem_len = o2 + 10;
	e = sc_engine_open(&sc_engine_mem, &a, &err);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_ETRUNC);
	sc_engine_close(e);
	sc_builder_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
