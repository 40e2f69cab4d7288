/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the filter's public API beyond single evaluations (those are in
 * tests/filter/cases.txt): error rendering, the event-type set, and the
 * display-filter contract through the inspector and the mem engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/filter.h"
#include "core/inspector.h"
#include "tests/unit/builders.h"

static void render(const char *expr, const char *want)
{
	struct sc_err err = { 0 };
	struct sc_strbuf out = { 0 };
	struct sc_filter *f = sc_filter_compile(expr, &err);

	assert_null(f);
	sc_filter_error_render(expr, &err, &out);
	if (strcmp(out.s, want) != 0)
		fail_msg("render of [%s]:\n%s\nwant:\n%s", expr, out.s, want);
	sc_strbuf_free(&out);
}

static void test_error_render(void **state)
{
	(void)state;
	render("proc.name = bash and",
	       "proc.name = bash and\n"
	       "                    ^\n"
	       "filter error at column 21: unexpected end of filter: expected a field, 'not' or '('\n");
	render("proc.nme = bash",
	       "proc.nme = bash\n"
	       "^\n"
	       "filter error at column 1: unknown field 'proc.nme' (did you mean proc.name?)\n");
	/* tabs are kept under the filter so the caret lines up */
	render("\tfd.num > x",
	       "\tfd.num > x\n"
	       "\t         ^\n"
	       "filter error at column 11: 'x' is not a valid number for field fd.num\n");
	/* the column counts bytes; the caret counts characters */
	render("proc.name = \"\xc3\xa9t\xc3\xa9\" and",
	       "proc.name = \"\xc3\xa9t\xc3\xa9\" and\n"
	       "                     ^\n"
	       "filter error at column 24: unexpected end of filter: expected a field, 'not' or '('\n");
}

static void test_event_type_suggestion(void **state)
{
	(void)state;
	render("evt.type = opne",
	       "evt.type = opne\n"
	       "           ^\n"
	       "filter error at column 12: unknown event type 'opne' (did you mean open?)\n");
	render("evt.type in (read, xyzzy)",
	       "evt.type in (read, xyzzy)\n"
	       "                   ^\n"
	       "filter error at column 20: unknown event type 'xyzzy' for field evt.type\n");
}

static void test_error_without_column(void **state)
{
	struct sc_err err = { .code = SC_EFORMAT, .col = 0 };
	struct sc_strbuf out = { 0 };

	(void)state;
	snprintf(err.msg, sizeof(err.msg), "something");
	sc_filter_error_render("x", &err, &out);
	assert_string_equal(out.s, "filter error: something\n");
	sc_strbuf_free(&out);
}

static bool has(const uint8_t *m, unsigned t)
{
	return (m[t / 8] >> (t % 8)) & 1;
}

static unsigned count(const uint8_t *m)
{
	unsigned t, n = 0;

	for (t = 0; t < SC_EVENT_MAX; t++)
		n += has(m, t);
	return n;
}

static unsigned count_named(const char *name)
{
	unsigned t, n = 0;

	for (t = 0; t < SC_EVENT_MAX; t++)
		n += sc_event_table[t].name && !strcmp(sc_event_table[t].name, name);
	return n;
}

static void evttypes(const char *expr, bool restricted, unsigned n)
{
	struct sc_err err = { 0 };
	struct sc_filter *f = sc_filter_compile(expr, &err);
	uint8_t mask[(SC_EVENT_MAX + 7) / 8];

	if (!f)
		fail_msg("[%s]: %s", expr, err.msg);
	if (sc_filter_evttypes(f, mask) != restricted)
		fail_msg("[%s]: restricted should be %d", expr, restricted);
	if (count(mask) != n)
		fail_msg("[%s]: %u types, want %u", expr, count(mask), n);
	sc_filter_free(f);
}

static void test_evttypes(void **state)
{
	struct sc_err err = { 0 };
	struct sc_filter *f = sc_filter_compile("evt.type=open and proc.name=cat", &err);
	uint8_t mask[(SC_EVENT_MAX + 7) / 8];

	(void)state;
	assert_non_null(f);
	assert_true(sc_filter_evttypes(f, mask));
	assert_true(has(mask, SCE_SYSCALL_OPEN_E));
	assert_true(has(mask, SCE_SYSCALL_OPEN_X));
	assert_false(has(mask, SCE_SYSCALL_READ_X));
	assert_false(has(mask, SCE_GENERIC_E));  /* open has its own events */
	sc_filter_free(f);

	evttypes("proc.name=cat", false, SC_EVENT_MAX);
	/* negations of exact sets are exact complements */
	evttypes("not evt.type=open", true, SC_EVENT_MAX - 2);
	evttypes("evt.type!=open", true, SC_EVENT_MAX - 2);
	evttypes("not (evt.type=open or evt.type=read)", true, SC_EVENT_MAX - 2 - count_named("read"));
	evttypes("not not evt.type=open", true, 2);
	/* ... but not of supersets: a generic event may be another syscall, a check may fail */
	evttypes("not evt.type=arch_prctl", false, SC_EVENT_MAX);
	evttypes("evt.type!=arch_prctl", false, SC_EVENT_MAX);
	evttypes("not (evt.type=open and proc.name=cat)", false, SC_EVENT_MAX);
	evttypes("evt.type!=open and proc.name=cat", true, SC_EVENT_MAX - 2);
	evttypes("evt.type=open or proc.name=cat", false, SC_EVENT_MAX);
	evttypes("evt.type=open and evt.type=read", true, 0);
	evttypes("evt.type=arch_prctl", true, 2);   /* only as a generic event */
}

static void test_evttypes_union(void **state)
{
	struct sc_err err = { 0 };
	struct sc_filter *f = sc_filter_compile("(evt.type=open or evt.type in (read)) and fd.num=3", &err);
	uint8_t mask[(SC_EVENT_MAX + 7) / 8];
	unsigned t;

	(void)state;
	assert_non_null(f);
	assert_true(sc_filter_evttypes(f, mask));
	for (t = 0; t < SC_EVENT_MAX; t++) {
		const char *n = sc_event_table[t].name;
		bool want = n && (!strcmp(n, "open") || !strcmp(n, "read"));

		if (has(mask, t) != want)
			fail_msg("type %u (%s): %d", t, n ? n : "?", has(mask, t));
	}
	sc_filter_free(f);
}

/*
 * Display-filter contract: events the filter rejects are not returned,
 * but the state still learns from them (the open's fd name shows on the
 * read that follows).
 */
static void test_inspector_match(void **state)
{
	struct sc_builder b = { 0 };
	struct sc_open_args args = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *eng;
	struct sc_inspector *in;
	struct sc_filter *f;
	struct sc_evt *ev;
	uint64_t nums[8];
	int rc, n = 0;

	(void)state;
	sc_builder_add(&b, 100, SCE_SYSCALL_OPEN_E, 3, sc_bp_str("/etc/hosts"), sc_bp_u32(0), sc_bp_u32(0));
	sc_builder_add(&b, 100, SCE_SYSCALL_OPEN_X, 5, sc_bp_i64(3), sc_bp_str("/etc/hosts"),
		       sc_bp_u32(1), sc_bp_u32(0), sc_bp_u32(0));
	sc_builder_add(&b, 100, SCE_SYSCALL_READ_E, 2, sc_bp_i64(3), sc_bp_u32(100));
	sc_builder_add(&b, 100, SCE_SYSCALL_READ_X, 2, sc_bp_i64(5), sc_bp_buf("hello", 5));
	sc_builder_add(&b, 100, SCE_SYSCALL_READ_E, 2, sc_bp_i64(0), sc_bp_u32(100));

	f = sc_filter_compile("evt.type=read and fd.name=/etc/hosts", &err);
	assert_non_null(f);
	assert_string_equal(sc_filter_text(f), "evt.type=read and fd.name=/etc/hosts");
	args.mem_buf = b.buf;
	args.mem_len = b.len;
	eng = sc_engine_open(&sc_engine_mem, &args, &err);
	assert_non_null(eng);
	in = sc_inspector_new(eng);
	sc_inspector_set_match(in, sc_filter_match_fn, f);
	while ((rc = sc_inspector_next(in, &ev, &err)) == SC_OK && n < 8)
		nums[n++] = ev->num;
	assert_int_equal(rc, SC_EOF);
	assert_int_equal(n, 2);
	assert_int_equal(nums[0], 3);
	assert_int_equal(nums[1], 4);
	sc_inspector_free(in);
	sc_filter_free(f);
	sc_builder_free(&b);
}

/* Filters joined with "and": parenthesized only when there are several, empty parts skipped. */
static void test_join(void **state)
{
	char *s;

	(void)state;
	assert_null(sc_filter_join(NULL, "", NULL));
	s = sc_filter_join("a=1 or b=2", NULL, "");
	assert_string_equal(s, "a=1 or b=2");
	free(s);
	s = sc_filter_join("a=1 or b=2", "", "c=3");
	assert_string_equal(s, "(a=1 or b=2) and (c=3)");
	free(s);
	s = sc_filter_join("a=1", "b=2", "c=3");
	assert_string_equal(s, "(a=1) and (b=2) and (c=3)");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_render),
		cmocka_unit_test(test_event_type_suggestion),
		cmocka_unit_test(test_error_without_column),
		cmocka_unit_test(test_evttypes),
		cmocka_unit_test(test_evttypes_union),
		cmocka_unit_test(test_inspector_match),
		cmocka_unit_test(test_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
