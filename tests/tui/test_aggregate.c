/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tui/aggregate.c and tui/table.c: events from the mem engine folded per key
 * (SUM, AVG, MIN, MAX, TIME_AVG, last value), grouped again by the group-by
 * key, sorted, and shown with csysdig's time units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "builders.h"
#include "core/inspector.h"
#include "core/util.h"
#include "aggregate.h"
#include "table.h"
#include "view.h"

static void add_proc(struct sc_snapshot *s, int64_t tid, int64_t pid, const char *comm)
{
	struct sc_snap_proc *p = sc_snapshot_add_proc(s);

	p->tid = tid;
	p->pid = pid;
	p->ptid = 1;
	p->comm = xstrdup(comm);
	p->exe = xstrdup(comm);
}

/* close() calls: tid, result */
static const struct { int64_t tid, res; } calls[] = {
	{ 100, 0 }, { 100, -2 }, { 101, 0 }, { 101, -9 }, { 101, -9 }, { 200, 0 },
};

static const char *view_text =
	"view_info = { id = 't', name = 'T', view_type = 'table', columns = {"
	" { name = 'NA', field = 'thread.tid', is_key = true },"
	" { name = 'NA', field = 'proc.pid', is_groupby_key = true },"
	" { name = 'CALLS', field = 'evt.count.exit', aggregation = 'SUM', groupby_aggregation = 'SUM' },"
	" { name = 'ERRS', field = 'evt.count.error', aggregation = 'SUM', groupby_aggregation = 'MAX' },"
	" { name = 'MINRES', field = 'evt.rawres', aggregation = 'MIN', groupby_aggregation = 'MIN' },"
	" { name = 'AVGRES', field = 'evt.rawres', aggregation = 'AVG', groupby_aggregation = 'AVG' },"
	" { name = 'RATE', field = 'evt.count', aggregation = 'TIME_AVG', groupby_aggregation = 'SUM' },"
	" { name = 'COMM', field = 'proc.name' } } }";

static void run(const char *text, double secs, struct sc_view *v, struct sc_table *t)
{
	struct sc_builder b = { 0 };
	struct sc_snapshot snap = { 0 };
	struct sc_open_args args = { 0 };
	struct sc_err err = { 0 };
	struct sc_inspector *in;
	struct sc_aggregate *a;
	struct sc_agg_rows rows = { 0 };
	struct sc_fctx ctx = { 0 };
	struct sc_evt *ev;

	add_proc(&snap, 100, 100, "alpha");
	add_proc(&snap, 101, 100, "alpha");
	add_proc(&snap, 200, 200, "beta");
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		sc_builder_add(&b, (uint64_t)calls[i].tid, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
		sc_builder_add(&b, (uint64_t)calls[i].tid, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(calls[i].res));
	}
	args.mem_buf = b.buf;
	args.mem_len = b.len;
	args.mem_snapshot = &snap;
	in = sc_inspector_new(sc_engine_open(&sc_engine_mem, &args, &err));
	assert_non_null(in);
	assert_int_equal(sc_view_load_string("t", text, v, &err), 0);
	a = sc_aggregate_new(v, &err);
	assert_non_null(a);
	ctx.st = sc_inspector_state(in);
	while (sc_inspector_next(in, &ev, &err) == SC_OK) {
		ctx.ev = ev;
		sc_aggregate_add(a, &ctx);
	}
	sc_aggregate_tick(a, secs, &rows);
	sc_table_init(t, v);
	sc_table_set_rows(t, &rows);
	/* a table starts each tick empty; a list keeps its lines */
	assert_int_equal(sc_aggregate_nrows(a), v->type == SC_VIEW_TABLE ? 0 : t->rows.n);
	sc_agg_rows_free(&rows);
	sc_aggregate_free(a);
	sc_inspector_free(in);
	sc_builder_free(&b);
	sc_snapshot_free(&snap);
}

static const struct sc_agg_cell *cell(const struct sc_table *t, size_t pos, size_t col)
{
	return &t->rows.rows[t->order[pos]].cells[col];
}

static void test_groupby(void **state)
{
	struct sc_view v;
	struct sc_table t;

	(void)state;
	run(view_text, 2.0, &v, &t);
	assert_int_equal(t.rows.n, 2);                       /* pids 100 and 200 */
	/* sorted by the first shown column (CALLS), largest first */
	assert_string_equal(t.rows.rows[t.order[0]].key, "100");
	assert_int_equal(cell(&t, 0, 2)->v.u, 5);            /* 2 + 3 exits */
	assert_int_equal(cell(&t, 0, 3)->v.u, 2);            /* MAX over threads of 1 and 2 errors */
	assert_int_equal(cell(&t, 0, 4)->v.i, -9);           /* MIN */
	/* AVG per thread (-1 and -6), then AVG of the two: integer division as the field is an integer */
	assert_int_equal(cell(&t, 0, 5)->v.i, (-1 + -6) / 2);
	assert_true(cell(&t, 0, 6)->rate);                   /* 10 events over 2 s, summed over threads */
	assert_true(cell(&t, 0, 6)->v.d > 4.99 && cell(&t, 0, 6)->v.d < 5.01);
	assert_string_equal(cell(&t, 0, 7)->s, "alpha");
	assert_string_equal(t.rows.rows[t.order[1]].key, "200");
	assert_int_equal(cell(&t, 1, 2)->v.u, 1);
	/* sort by MINRES (shown column 2): the largest first, then again reversed */
	sc_table_sort(&t, 2);
	assert_string_equal(t.rows.rows[t.order[0]].key, "200");
	sc_table_sort(&t, 2);
	assert_string_equal(t.rows.rows[t.order[0]].key, "100");
	sc_table_release(&t);
	sc_view_release(&v);
}

static void test_no_time_division(void **state)
{
	struct sc_view v;
	struct sc_table t;

	(void)state;
	run(view_text, 0, &v, &t);                         /* -j over a capture: rates stay sums */
	assert_false(cell(&t, 0, 6)->rate);
	assert_int_equal(cell(&t, 0, 6)->v.u, 10);
	sc_table_release(&t);
	sc_view_release(&v);
}

static void test_list_view(void **state)
{
	struct sc_view v;
	struct sc_table t;

	(void)state;
	run("return { id = 'l', name = 'L', view_type = 'list', filter = 'evt.dir=<', columns = {"
	    " { name = 'TID', field = 'thread.tid' }, { name = 'RES', field = 'evt.rawres' } } }", 1, &v, &t);
	/* one row per event in arrival order (no filter here: the caller applies the view's) */
	assert_int_equal(t.rows.n, 2 * 6);
	assert_string_equal(t.rows.rows[t.order[0]].key, "1");
	assert_int_equal(cell(&t, 0, 0)->v.i, 100);
	sc_table_release(&t);
	sc_view_release(&v);
}

static void test_search_and_lines(void **state)
{
	struct sc_view v;
	struct sc_table t;
	struct sc_strbuf b = { 0 };

	(void)state;
	run(view_text, 2.0, &v, &t);
	assert_true(sc_table_search(&t, "beta", 10));
	assert_string_equal(sc_table_selected(&t)->key, "200");
	assert_false(sc_table_search(&t, "gamma", 10));
	sc_table_header(&t, 200, &b);
	assert_non_null(strstr(b.s, "CALLS"));
	assert_null(strstr(b.s, "NA"));                     /* key columns are not shown */
	sc_strbuf_reset(&b);
	sc_table_line(&t, 0, 20, &b);
	assert_true(b.len <= 20);                            /* cut to the width */
	sc_strbuf_free(&b);
	sc_table_release(&t);
	sc_view_release(&v);
}

static void test_reltime(void **state)
{
	static const struct { uint64_t ns; const char *text; } cases[] = {
		{ 0, "0ns" }, { 999, "999ns" }, { 3010, "3.01us" }, { 40100, "40us" }, { 3050000, "3.05ms" },
		{ 643000000, "643ms" }, { 1280000000, "1.28s" }, { 16000000, "16ms" },
		{ 3056700, "3.05ms" }, { 15900, "15us" }, { 9999, "9.99us" },
		{ 59999999999ULL, "59s" }, { 191000000000ULL, "3:11" },
	};
	struct sc_strbuf b = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sc_strbuf_reset(&b);
		sc_table_reltime(cases[i].ns, &b);
		assert_string_equal(b.s, cases[i].text);
	}
	sc_strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groupby),
		cmocka_unit_test(test_no_time_division),
		cmocka_unit_test(test_list_view),
		cmocka_unit_test(test_search_and_lines),
		cmocka_unit_test(test_reltime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
