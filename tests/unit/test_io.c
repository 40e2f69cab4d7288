/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for core/io.c: buffered plain/gzip input and output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "core/io.h"
#include "core/util.h"

/* gzip-compresses src into a new buffer (one member). */
static uint8_t *gzip_buf(const uint8_t *src, size_t n, size_t *outlen)
{
	z_stream zs;
	size_t cap = compressBound(n) + 64;
	uint8_t *out = xmalloc(cap);

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)src;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static uint8_t *pattern(size_t n)
{
	uint8_t *p = xmalloc(n);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 9));
	return p;
}

/* Reads everything from r in steps of `step`, checking it against want. */
static void read_all_check(struct sc_io_reader *r, const uint8_t *want, size_t n, size_t step, size_t done)
{
	struct sc_err err = { 0 };


	for (;;) {
		const uint8_t *p;
		long got = sc_io_reader_peek(r, step, &p, &err);

		assert_true(got >= 0);
		assert_int_equal(sc_io_reader_offset(r), done);
		assert_true(done + (size_t)got <= n);
		assert_memory_equal(p, want + done, (size_t)got);
		sc_io_reader_skip(r, (size_t)got);
		done += (size_t)got;
		if ((size_t)got < step)
			break;
	}
	assert_int_equal(done, n);
}

/* Writes n bytes of data to a new file from the template path and opens it. */
static struct sc_io_reader *open_temp(char *path, const uint8_t *data, size_t n)
{
	struct sc_err err = { 0 };
	struct sc_io_reader *r;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	r = sc_io_reader_open(path, &err);
	assert_non_null(r);
	return r;
}

static void test_plain_mem(void **state)
{
	size_t n = 3 << 20;
	uint8_t *data = pattern(n);
	struct sc_err err = { 0 };
	struct sc_io_reader *r = sc_io_reader_open_mem(data, n, &err);

	assert_non_null(r);
	assert_false(sc_io_reader_gzipped(r));
	read_all_check(r, data, n, 4099, 0);
	sc_io_reader_close(r);
	free(data);
}

/*
 * A file large enough to be mapped (with the thread that faults it in ahead
 * of the reader): read whole, and closed after one peek (the thread stops
 * and is joined before the unmap; under ASan/TSan a late touch shows).
 */
static void test_mapped_file(void **state)
{
	size_t n = (6 << 20) + 123;
	uint8_t *data = pattern(n);
	char path[] = "/tmp/sc-test-io-XXXXXX";
	struct sc_err err = { 0 };
	struct sc_io_reader *r;
	const uint8_t *p;
	int i;

	(void)state;
	r = open_temp(path, data, n);
	assert_false(sc_io_reader_gzipped(r));
	read_all_check(r, data, n, 65536, 0);
	sc_io_reader_close(r);
	for (i = 0; i < 3; i++) {
		r = sc_io_reader_open(path, &err);
		assert_non_null(r);
		assert_int_equal(sc_io_reader_peek(r, 16, &p, &err), 16);
		assert_memory_equal(p, data, 16);
		sc_io_reader_close(r);
	}
	unlink(path);
	free(data);
}

/*
 * A mapped file read while the bytes behind are released: its helper thread
 * gives those pages back as the reader goes, and every byte ahead still
 * reads right; releasing past the end, twice or backwards is harmless.
 */
static void test_mapped_release(void **state)
{
	size_t n = (40 << 20) + 77, done = 0;
	uint8_t *data = pattern(n);
	char path[] = "/tmp/sc-test-io-XXXXXX";
	struct sc_err err = { 0 };
	struct sc_io_reader *r;

	(void)state;
	r = open_temp(path, data, n);
	for (;;) {
		const uint8_t *p;
		long got = sc_io_reader_peek(r, 1 << 20, &p, &err);

		assert_true(got >= 0);
		assert_memory_equal(p, data + done, (size_t)got);
		sc_io_reader_skip(r, (size_t)got);
		done += (size_t)got;
		if (got < (1 << 20))
			break;
		sc_io_reader_release(r, done - (1 << 20));
		sc_io_reader_release(r, done / 2);   /* backwards: ignored */
	}
	assert_int_equal(done, n);
	sc_io_reader_release(r, n + 12345);
	sc_io_reader_close(r);
	unlink(path);
	free(data);
}

static void test_gzip_mem_and_big_peek(void **state)
{
	size_t n = 5 << 20, zl;
	uint8_t *data = pattern(n);
	uint8_t *z = gzip_buf(data, n, &zl);
	struct sc_err err = { 0 };
	struct sc_io_reader *r = sc_io_reader_open_mem(z, zl, &err);
	const uint8_t *p;

	assert_non_null(r);
	assert_true(sc_io_reader_gzipped(r));
	/* a peek larger than the window grows it */
	assert_int_equal(sc_io_reader_peek(r, 3 << 20, &p, &err), 3 << 20);
	assert_memory_equal(p, data, 3 << 20);
	sc_io_reader_skip(r, 1000);
	assert_int_equal(sc_io_reader_discard(r, 2 << 20, &err), 2 << 20);
	assert_int_equal(sc_io_reader_offset(r), 1000 + (2 << 20));
	read_all_check(r, data, n, 65536, 1000 + (2 << 20));
	sc_io_reader_close(r);
	free(z);
	free(data);
}

static void test_gzip_multi_member(void **state)
{
	uint8_t a[] = "first member|", b[] = "second member";
	size_t la, lb;
	uint8_t *za = gzip_buf(a, sizeof(a) - 1, &la), *zb = gzip_buf(b, sizeof(b) - 1, &lb);
	uint8_t *both = xmalloc(la + lb + 3);
	struct sc_err err = { 0 };
	struct sc_io_reader *r;
	const uint8_t *p;

	memcpy(both, za, la);
	memcpy(both + la, zb, lb);
	memcpy(both + la + lb, "xyz", 3);   /* trailing garbage is ignored, as gzip does */
	r = sc_io_reader_open_mem(both, la + lb + 3, &err);
	assert_non_null(r);
	assert_int_equal(sc_io_reader_peek(r, 100, &p, &err), 26);
	assert_memory_equal(p, "first member|second member", 26);
	sc_io_reader_close(r);
	free(both);
	free(za);
	free(zb);
}

static void test_gzip_truncated(void **state)
{
	size_t n = 1 << 20, zl;
	uint8_t *data = pattern(n);
	uint8_t *z = gzip_buf(data, n, &zl);
	struct sc_err err = { 0 };
	struct sc_io_reader *r = sc_io_reader_open_mem(z, zl / 2, &err);
	const uint8_t *p;
	long got;

	assert_non_null(r);
	got = sc_io_reader_peek(r, n, &p, &err);
	assert_int_equal(got, SC_ETRUNC);
	assert_non_null(strstr(err.msg, "offset"));
	sc_io_reader_close(r);
	free(z);
	free(data);
}

static void writer_roundtrip(bool gz)
{
	char path[] = "/tmp/sc-test-io-XXXXXX";
	int fd = mkstemp(path);
	size_t n = 3 << 20, i;
	uint8_t *data = pattern(n);
	struct sc_err err = { 0 };
	struct sc_io_writer *w;
	struct sc_io_reader *r;

	assert_true(fd >= 0);
	close(fd);
	w = sc_io_writer_open(path, gz, &err);
	assert_non_null(w);
	/* small writes, then one bigger than the buffer */
	for (i = 0; i < (1u << 20); i += 100)
		assert_int_equal(sc_io_writer_write(w, data + i, SC_MIN((size_t)100, (1u << 20) - i), &err), 0);
	assert_int_equal(sc_io_writer_flush(w, &err), 0);
	assert_int_equal(sc_io_writer_write(w, data + (1u << 20), n - (1u << 20), &err), 0);
	assert_int_equal(sc_io_writer_offset(w), n);
	assert_int_equal(sc_io_writer_close(w, &err), 0);

	r = sc_io_reader_open(path, &err);
	assert_non_null(r);
	assert_int_equal(sc_io_reader_gzipped(r), gz);
	read_all_check(r, data, n, 12345, 0);
	sc_io_reader_close(r);
	unlink(path);
	free(data);
}

static void test_writer_plain(void **state)
{
	writer_roundtrip(false);
}

static void test_writer_gzip(void **state)
{
	writer_roundtrip(true);
}

static void test_open_errors(void **state)
{
	struct sc_err err = { 0 };

	assert_null(sc_io_reader_open("/nonexistent/dir/file.scap", &err));
	assert_true(err.code < 0);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/file.scap"));
	assert_null(sc_io_writer_open("/nonexistent/dir/out.scap", false, &err));
}


/* "-" reads standard input: here a pipe holding a gzip stream. */
static void test_stdin_gzip(void **state)
{
	static const uint8_t msg[] = "from standard input";
	size_t zl;
	uint8_t *z = gzip_buf(msg, sizeof(msg), &zl);
	struct sc_err err = { 0 };
	struct sc_io_reader *r;
	const uint8_t *p;
	int fds[2], saved = dup(STDIN_FILENO);

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], z, zl), (ssize_t)zl);
	close(fds[1]);
	assert_true(dup2(fds[0], STDIN_FILENO) >= 0);
	close(fds[0]);
	r = sc_io_reader_open("-", &err);
	assert_non_null(r);
	assert_true(sc_io_reader_gzipped(r));
	assert_string_equal(sc_io_reader_name(r), "standard input");
	assert_int_equal(sc_io_reader_peek(r, 1000, &p, &err), sizeof(msg));
	assert_memory_equal(p, msg, sizeof(msg));
	sc_io_reader_close(r);
	dup2(saved, STDIN_FILENO);
	close(saved);
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_mem),
		cmocka_unit_test(test_gzip_mem_and_big_peek),
		cmocka_unit_test(test_mapped_file),
		cmocka_unit_test(test_mapped_release),
		cmocka_unit_test(test_gzip_multi_member),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_writer_plain),
		cmocka_unit_test(test_writer_gzip),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_stdin_gzip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
