/* SPDX-License-Identifier: Apache-2.0 */
/* tui/feed.c: a capture read again for a new filter, and one that can no longer be opened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "builders.h"
#include "core/capture.h"
#include "feed.h"

/* A capture of n close events in a fresh file; its path goes to path (PATH_MAX bytes). */
static void write_capture(char *path, int n)
{
	struct sc_builder b = { 0 };
	struct sc_capture *cap;
	struct sc_err err = { 0 };
	size_t offs[16];
	int fd;

	strcpy(path, "/tmp/sc_test_feed_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (int i = 0; i < n; i++)
		offs[i] = sc_builder_add(&b, 100, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(i));
	cap = sc_capture_open(path, false, NULL, &err);
	assert_non_null(cap);
	for (int i = 0; i < n; i++) {
		struct sc_raw_evt w = { .hdr = (const void *)(b.buf + offs[i]) };

		assert_int_equal(sc_capture_write(cap, &w, &err), 0);
	}
	assert_int_equal(sc_capture_close(cap, &err), 0);
	sc_builder_free(&b);
}

static int count(struct sc_feed *f)
{
	struct sc_err err = { 0 };
	struct sc_evt *ev;
	int n = 0, rc;

	while ((rc = sc_feed_next(f, &ev, &err)) == SC_OK)
		n++;
	assert_int_equal(rc, SC_EOF);
	return n;
}

static void test_restart_filters(void **state)
{
	char path[64];
	struct sc_feed f;
	struct sc_feed_opts o = { 0 };
	struct sc_err err = { 0 };

	(void)state;
	write_capture(path, 4);
	o.src.read_path = path;
	assert_int_equal(sc_feed_open(&f, &o, &err), 0);
	assert_int_equal(count(&f), 4);
	assert_int_equal(sc_feed_restart(&f, "evt.arg.fd>=2", &err), 0);
	assert_int_equal(count(&f), 2);
	assert_true(sc_feed_restart(&f, "evt.arg.fd>=", &err) < 0);   /* a bad filter: as it was */
	sc_feed_close(&f);
	unlink(path);
}

/* The capture is gone when a new view starts: an error from every read after, never a crash. */
static void test_restart_capture_gone(void **state)
{
	char path[64];
	struct sc_feed f;
	struct sc_feed_opts o = { 0 };
	struct sc_err err = { 0 };
	struct sc_evt *ev;

	(void)state;
	write_capture(path, 4);
	o.src.read_path = path;
	assert_int_equal(sc_feed_open(&f, &o, &err), 0);
	assert_int_equal(sc_feed_next(&f, &ev, &err), SC_OK);   /* half way through */
	unlink(path);
	assert_true(sc_feed_restart(&f, "evt.arg.fd>=2", &err) < 0);
	assert_non_null(strstr(err.msg, path));
	memset(&err, 0, sizeof(err));
	assert_true(sc_feed_next(&f, &ev, &err) < 0);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(sc_feed_nread(&f), 0);
	assert_int_equal(sc_feed_span(&f), 0);
	sc_feed_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restart_filters),
		cmocka_unit_test(test_restart_capture_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
