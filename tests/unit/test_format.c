/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_format.c - compiled templates: the default line, '*' versus
 * skipped events, widths, time modes, JSON lines with sorted keys, and
 * template errors with their column.
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
#include "core/format.h"
#include "core/state.h"

struct fx {
	struct sc_builder b;
	struct sc_evt ev;
	struct sc_state *st;
	struct sc_thread *th;
	struct sc_fctx ctx;
	struct sc_strbuf out;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	setenv("TZ", "UTC", 1);
	f->st = sc_state_new();
	f->th = sc_state_thread_add(f->st, 100);
	f->th->pid = 100;
	strcpy(f->th->comm, "cat");
	f->ctx.st = f->st;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sc_builder_free(&f->b);
	sc_strbuf_free(&f->out);
	sc_state_free(f->st);
	free(f);
	return 0;
}

/* 2016-08-04 16:17:57.881730713 UTC */
#define TS0 1470327477881730713ULL

static void event(struct fx *f, uint64_t ts, uint16_t type, uint32_t n, struct sc_bparam a,
		  struct sc_bparam b)
{
	struct sc_err e;
	size_t at;

	sc_builder_free(&f->b);
	f->b.ts = ts;
	at = n == 2 ? sc_builder_add(&f->b, 100, type, 2, a, b) : sc_builder_add(&f->b, 100, type, n, a);
	assert_int_equal(sc_evt_decode(&f->ev, (const struct sc_evt_hdr *)(f->b.buf + at), &e), 0);
	f->ev.thread = f->th;
	f->ev.fdnum = -1;
	f->ev.num = 131;
	f->ev.cpu = 1;
	f->ctx.ev = &f->ev;
}

static const char *line(struct fx *f, struct sc_formatter *fm, int expect)
{
	sc_strbuf_reset(&f->out);
	assert_int_equal(sc_format_ctx(fm, &f->ctx, &f->out), expect);
	return f->out.s ? f->out.s : "";
}

static void test_default_line(void **state)
{
	struct fx *f = *state;
	struct sc_format_opts o = { 0 };
	struct sc_err err;
	struct sc_formatter *fm = sc_format_new(NULL, &o, &err);

	assert_non_null(fm);
	event(f, TS0, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(-2), sc_bp_i64(0));
	assert_string_equal(line(f, fm, 1),
			    "131 16:17:57.881730713 1 cat (100) < close res=-2(ENOENT) \n");
	f->ev.thread = NULL;
	assert_string_equal(line(f, fm, 1),
			    "131 16:17:57.881730713 1 <NA> (100) < close res=-2(ENOENT) \n");
	sc_format_free(fm);
}

static void test_star_and_missing(void **state)
{
	struct fx *f = *state;
	struct sc_err err;
	struct sc_formatter *strict = sc_format_new("%evt.num %fd.name", NULL, &err);
	struct sc_formatter *lax = sc_format_new("*%evt.num %fd.name", NULL, &err);

	event(f, TS0, SCE_SYSCALL_BRK_4_E, 1, sc_bp_u64(0), sc_bp_i64(0));
	assert_string_equal(line(f, strict, 0), "");
	assert_string_equal(line(f, lax, 1), "131 <NA>\n");
	sc_format_free(strict);
	sc_format_free(lax);
}

static void test_width_and_literals(void **state)
{
	struct fx *f = *state;
	struct sc_err err;
	struct sc_formatter *fm = sc_format_new("[%6proc.name][%2evt.type]%evt.dir!", NULL, &err);

	assert_non_null(fm);
	event(f, TS0, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0), sc_bp_i64(0));
	assert_string_equal(line(f, fm, 1), "[cat   ][cl]<!\n");
	sc_format_free(fm);
}

static void test_time_modes(void **state)
{
	struct fx *f = *state;
	struct sc_format_opts o = { 0 };
	struct sc_err err;
	struct sc_formatter *fm;

	f->ctx.first_ts = TS0 - 1000000001ULL;
	o.time_mode = 'a';
	fm = sc_format_new("%evt.outputtime", &o, &err);
	event(f, TS0, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0), sc_bp_i64(0));
	assert_string_equal(line(f, fm, 1), "1470327477.881730713\n");
	sc_format_free(fm);

	o.time_mode = 'r';
	fm = sc_format_new("%evt.outputtime", &o, &err);
	assert_string_equal(line(f, fm, 1), "1.000000001\n");
	sc_format_free(fm);

	o.time_mode = 'D';
	fm = sc_format_new("%evt.outputtime", &o, &err);
	assert_string_equal(line(f, fm, 1), "0.000000000\n");
	event(f, TS0 + 1500, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0), sc_bp_i64(0));
	assert_string_equal(line(f, fm, 1), "0.000001500\n");
	sc_format_free(fm);

	fm = sc_format_new("%evt.datetime|%evt.time.s|%evt.rawtime.ns|%evt.reltime", NULL, &err);
	assert_string_equal(line(f, fm, 1), "2016-08-04 16:17:57.881732213|16:17:57|881732213|1000001501\n");
	sc_format_free(fm);
}

static void test_json(void **state)
{
	struct fx *f = *state;
	struct sc_format_opts o = { .json = true };
	struct sc_err err;
	struct sc_formatter *fm = sc_format_new(NULL, &o, &err);

	event(f, TS0, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(-2), sc_bp_i64(0));
	assert_string_equal(line(f, fm, 1),
			    "{\"evt.cpu\":1,\"evt.dir\":\"<\",\"evt.info\":\"res=-2(ENOENT) \",\"evt.num\":131,"
			    "\"evt.outputtime\":1470327477881730713,\"evt.type\":\"close\",\"proc.name\":\"cat\","
			    "\"thread.tid\":100}\n");
	f->ev.thread = NULL;
	assert_non_null(strstr(line(f, fm, 1), "\"proc.name\":null"));
	sc_format_free(fm);

	fm = sc_format_new("%evt.num %fd.num", &o, &err);
	assert_string_equal(line(f, fm, 0), "");
	sc_format_free(fm);
}

static void test_errors(void **state)
{
	struct sc_err err;

	(void)state;
	assert_null(sc_format_new("abc %nosuch", NULL, &err));
	assert_int_equal(err.code, SC_EFORMAT);
	assert_int_equal(err.col, 6);
	assert_non_null(strstr(err.msg, "nosuch"));
	assert_null(sc_format_new("abc %", NULL, &err));
	assert_null(sc_format_new("", NULL, &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_star_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_width_and_literals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
