/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for core/cycle.c: when a capture moves on to its next file, and the names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cycle.h"

#define SEC 1000000000ull

static struct sc_cycle *make(const char *base, uint64_t mb, uint64_t secs, uint64_t events, uint64_t files)
{
	struct sc_cycle_opts o = { base, mb, secs, events, files };
	struct sc_err err = { 0 };
	struct sc_cycle *c = sc_cycle_new(&o, &err);

	assert_non_null(c);
	return c;
}

/* Feeds one event; returns the next file's name (copied into buf) or "" */
static const char *feed(struct sc_cycle *c, uint64_t ts, uint64_t bytes, char *buf, const char **drop)
{
	const char *d = NULL, *n = sc_cycle_check(c, ts, bytes, &d);

	strcpy(buf, n ? n : "");
	if (drop)
		*drop = d;
	return buf;
}

static void test_events(void **state)
{
	struct sc_cycle *c = make("x.scap", 0, 0, 3, 0);
	char b[64];
	int i;

	(void)state;
	assert_string_equal(sc_cycle_first(c, 100), "x.scap0");
	for (i = 0; i < 3; i++)   /* exactly three events a file */
		assert_string_equal(feed(c, 100 * SEC, 0, b, NULL), "");
	assert_string_equal(feed(c, 100 * SEC, 0, b, NULL), "x.scap1");
	assert_string_equal(feed(c, 100 * SEC, 0, b, NULL), "");
	assert_string_equal(feed(c, 100 * SEC, 0, b, NULL), "");
	assert_string_equal(feed(c, 100 * SEC, 0, b, NULL), "x.scap2");
	sc_cycle_free(c);
}

static void test_events_ring(void **state)
{
	struct sc_cycle *c = make("x.scap", 0, 0, 1, 2);
	char b[64];

	(void)state;
	assert_string_equal(sc_cycle_first(c, 0), "x.scap0");
	assert_string_equal(feed(c, 0, 0, b, NULL), "");
	assert_string_equal(feed(c, 0, 0, b, NULL), "x.scap1");
	assert_string_equal(feed(c, 0, 0, b, NULL), "x.scap0");   /* the ring comes round */
	assert_string_equal(feed(c, 0, 0, b, NULL), "x.scap1");
	sc_cycle_free(c);
}

static void test_size(void **state)
{
	struct sc_cycle *c = make("cap", 2, 0, 0, 0);
	char b[64];

	(void)state;
	assert_string_equal(sc_cycle_first(c, 0), "cap0");
	assert_string_equal(feed(c, 0, 2000000, b, NULL), "");        /* not more than 2 * 10^6 */
	assert_string_equal(feed(c, 0, 2000001, b, NULL), "cap1");
	assert_string_equal(feed(c, 0, 300, b, NULL), "");
	sc_cycle_free(c);
}

static void test_size_padded(void **state)
{
	struct sc_cycle *c = make("cap", 1, 0, 0, 12);
	char b[64];
	int i;

	(void)state;
	assert_string_equal(sc_cycle_first(c, 0), "cap00");   /* as many digits as 12 has */
	for (i = 1; i < 12; i++)
		feed(c, 0, 1000001, b, NULL);
	assert_string_equal(b, "cap11");
	assert_string_equal(feed(c, 0, 1000001, b, NULL), "cap00");
	sc_cycle_free(c);
}

static void test_seconds_counter(void **state)
{
	struct sc_cycle *c = make("t.scap", 0, 10, 0, 0);
	char b[64];

	(void)state;
	assert_string_equal(sc_cycle_first(c, 1000), "t.scap0");
	assert_string_equal(feed(c, 1009 * SEC + SEC - 1, 0, b, NULL), "");   /* 1009.999: same slice */
	assert_string_equal(feed(c, 1010 * SEC, 0, b, NULL), "t.scap1");
	assert_string_equal(feed(c, 1015 * SEC, 0, b, NULL), "");
	assert_string_equal(feed(c, 1100 * SEC, 0, b, NULL), "t.scap2");   /* a gap: one new file */
	assert_string_equal(feed(c, 1105 * SEC, 0, b, NULL), "");
	sc_cycle_free(c);
}

static void test_seconds_strftime_ring(void **state)
{
	struct sc_cycle *c;
	const char *drop;
	char b[64];

	(void)state;
	setenv("TZ", "UTC", 1);
	c = make("cap-%H%M%S.scap", 0, 60, 0, 2);
	assert_true(sc_cycle_timed_name(c));
	assert_string_equal(sc_cycle_first(c, 3600), "cap-010000.scap");
	assert_string_equal(feed(c, 3660 * SEC, 0, b, &drop), "cap-010100.scap");
	assert_null(drop);
	/* the third file takes the first one's place in the ring of two: that one goes */
	assert_string_equal(feed(c, 3720 * SEC, 0, b, &drop), "cap-010200.scap");
	assert_non_null(drop);
	assert_string_equal(drop, "cap-010000.scap");
	assert_string_equal(feed(c, 3780 * SEC, 0, b, &drop), "cap-010300.scap");
	assert_string_equal(drop, "cap-010100.scap");
	sc_cycle_free(c);
}

/* -G with a time format and -C: the ring drops the file by its whole name, index included */
static void test_seconds_strftime_size_ring(void **state)
{
	struct sc_cycle *c;
	const char *drop;
	char b[64];

	(void)state;
	setenv("TZ", "UTC", 1);
	c = make("cap-%H%M%S.scap", 1, 60, 0, 1);
	assert_string_equal(sc_cycle_first(c, 3600), "cap-010000.scap0");
	assert_string_equal(feed(c, 3660 * SEC, 0, b, &drop), "cap-010100.scap0");
	assert_non_null(drop);
	assert_string_equal(drop, "cap-010000.scap0");
	/* a new file by size in the same second has the same name: nothing to drop */
	assert_string_equal(feed(c, 3660 * SEC, 2000000, b, &drop), "cap-010100.scap0");
	assert_null(drop);
	sc_cycle_free(c);
}

static void test_bad_options(void **state)
{
	struct sc_cycle_opts none = { "x", 0, 0, 0, 5 }, noname = { "", 1, 0, 0, 0 };
	struct sc_err err = { 0 };

	(void)state;
	assert_null(sc_cycle_new(&none, &err));
	assert_true(strstr(err.msg, "-W needs") != NULL);
	assert_null(sc_cycle_new(&noname, &err));
	assert_true(strstr(err.msg, "file name") != NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_events_ring),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_size_padded),
		cmocka_unit_test(test_seconds_counter),
		cmocka_unit_test(test_seconds_strftime_ring),
		cmocka_unit_test(test_seconds_strftime_size_ring),
		cmocka_unit_test(test_bad_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
