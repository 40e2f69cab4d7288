/* SPDX-License-Identifier: Apache-2.0 */
/* tui/view.c: view files read into C, and every kind of bad file refused with a clear message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "view.h"

static void test_global_and_return(void **state)
{
	struct sc_view v;
	struct sc_err err = { 0 };

	(void)state;
	assert_int_equal(sc_view_load_string("t", "view_info = { id = 'a', name = 'A', view_type = 'table',"
					     " filter = 'evt.type=open', applies_to = {'', 'proc.pid'},"
					     " drilldown_target = 'b', columns = {"
					     " { name = 'K', field = 'proc.pid', is_key = true },"
					     " { name = 'N', field = 'evt.count', aggregation = 'SUM', is_sorting = true, colsize = 7 },"
					     " { name = 'C', field = 'container.name', tags = {'containers'} },"
					     " { name = 'X', field = 'proc.name', colsize = 0 } } }", &v, &err), 0);
	assert_string_equal(v.id, "a");
	assert_int_equal(v.type, SC_VIEW_TABLE);
	assert_int_equal(v.ncols, 3);   /* the container column is left out */
	assert_int_equal(v.cols[1].aggregation, SC_AGG_SUM);
	assert_int_equal(v.cols[1].colsize, 7);
	assert_int_equal(v.cols[2].colsize, 0);
	assert_int_equal(v.cols[2].colsize, 0);
	assert_true(sc_view_applies_to(&v, ""));
	assert_true(sc_view_applies_to(&v, "proc.pid"));
	assert_false(sc_view_applies_to(&v, "fd.name"));
	assert_int_equal(sc_view_sort_col(&v), 0);
	assert_string_equal(sc_view_drill_col(&v)->field, "proc.pid");
	sc_view_release(&v);

	assert_int_equal(sc_view_load_string("t", "return { id = 'l', name = 'L', view_type = 'list',"
					     " columns = { { name = 'T', field = 'evt.time' } } }", &v, &err), 0);
	assert_int_equal(v.type, SC_VIEW_LIST);
	assert_null(v.filter);
	sc_view_release(&v);
}

static void expect_error(const char *text, const char *part)
{
	struct sc_view v;
	struct sc_err err = { 0 };

	assert_int_equal(sc_view_load_string("bad.lua", text, &v, &err), SC_EFORMAT);
	if (!strstr(err.msg, part))
		fail_msg("'%s' does not say '%s'", err.msg, part);
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_error("view_info = {", "bad.lua:1: ");                       /* Lua syntax, with the line */
	expect_error("x = 1\nerror('mine')", "bad.lua:2: mine");
	expect_error("\x1bLua\x54", "attempt to load a binary chunk");   /* text only: no bytecode */
	expect_error("x = 1", "no view_info");
	expect_error("view_info = { name = 'A', columns = {} }", "'id' is missing");
	expect_error("view_info = { id = 'a', name = 'A', columns = { { name = 'K', field = 'x', is_key = true,"
		     " aggregation = 'SUMM' } } }", "unknown aggregation 'SUMM'");
	expect_error("view_info = { id = 'a', name = 'A', columns = { { name = 'K', field = 'proc.pid' } } }",
		     "exactly one column with is_key");
	expect_error("view_info = { id = 'a', name = 'A', view_type = 'pie', columns = {} }", "view_type 'pie'");
	expect_error("view_info = { id = 'a', name = 'A', columns = 3 }", "'columns' must be");
	expect_error("while true do end", "runs too long");
	expect_error("view_info = io.open('/etc/passwd')", "io");                 /* no io library */
	expect_error("view_info = { id = 'a', name = 'A', columns = { { name = 'K', field = 'proc.pid',"
		     " is_key = true, colsize = -1 } } }", "colsize");
	/* what the file left behind is read raw: its metamethods do not run (Lua aborted on their error) */
	expect_error("view_info = setmetatable({}, { __index = function(t, k) error('no key ' .. k) end })",
		     "'id' is missing");
	expect_error("setmetatable(_G, { __index = function(t, k) while true do end end })", "no view_info");
	expect_error("error({})", "bad.lua: an error with a table value");
}

static void test_stock_views(void **state)
{
	struct sc_viewset set;
	struct sc_err err = { 0 };
	static const char *const ids[] = { "procs", "threads", "files", "directories", "connections",
		"syscalls", "errors", "procs_errors", "io_by_type", "spy_users", "port_bindings" };

	(void)state;
	assert_int_equal(sc_viewset_load_dir(&set, SC_VIEWS_DIR, &err), 0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(sc_viewset_find(&set, ids[i]));
	/* sorted by name for the F2 menu */
	for (size_t i = 1; i < set.n; i++)
		assert_true(strcasecmp(set.views[i - 1].name, set.views[i].name) <= 0);
	/* every drill-down target is there */
	for (size_t i = 0; i < set.n; i++)
		if (set.views[i].drilldown_target)
			assert_non_null(sc_viewset_find(&set, set.views[i].drilldown_target));
	sc_viewset_free(&set);
	assert_true(sc_viewset_load_dir(&set, "/nonexistent-views", &err) < 0);
	assert_non_null(strstr(err.msg, "/nonexistent-views"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_and_return),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_stock_views),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
