/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for core/engine/cpu_ring.c: reading per-CPU rings in place,
 * padded (the kernel module's) and with slack (the eBPF probe's), merged by
 * timestamp; a damaged record; the tail published in batches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/engine/cpu_ring.h"
#include "driver/abi/sc_kmod.h"

#define SIZE 2048u   /* the reader publishes every 256 bytes */
#define SLACK 128u

/* A ring as a producer sees it: positions and data (size + slack bytes). */
struct fake {
	uint64_t head, tail;
	uint8_t data[SIZE + SLACK];
};

static int waits;

static int no_wait(void *ctx, struct sc_err *err)
{
	(void)ctx, (void)err;
	waits++;
	return 0;
}

/* Writes a record of len bytes (>= header) at the head, as a producer with slack does. */
static void put(struct fake *f, uint64_t ts, uint32_t len, uint16_t type)
{
	struct sc_evt_hdr *h = (struct sc_evt_hdr *)(f->data + (f->head & (SIZE - 1)));

	memset(h, 0, len);
	h->ts = ts;
	h->tid = ts * 10;
	h->len = len;
	h->type = type;
	h->nparams = 0;
	f->head += (len + 7) & ~7u;
}

/* As the kernel module does: a record that does not fit before the end leaves padding. */
static void put_padded(struct fake *f, uint64_t ts, uint32_t len)
{
	uint64_t off = f->head & (SIZE - 1), to_end = SIZE - off;

	if (to_end < ((len + 7) & ~7u)) {
		if (to_end >= SC_EVT_HDR_LEN) {
			struct sc_evt_hdr *h = (struct sc_evt_hdr *)(f->data + off);

			h->len = (uint32_t)to_end;
			h->type = SC_RING_PAD;
		}
		f->head += to_end;
	}
	put(f, ts, len, 1);
}

static void setup(struct sc_cpu_rings *rs, struct sc_cpu_ring *r, struct fake *f, unsigned n, uint32_t slack)
{
	unsigned i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < n; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		sc_cpu_ring_init(&r[i], &f[i].head, &f[i].tail, f[i].data, SIZE, slack, (uint16_t)(i + 3));
	}
	rs->ring = r;
	rs->n = n;
	rs->wait = no_wait;
	waits = 0;
}

/* The next record's timestamp, or 0 when there is none (SC_TIMEOUT). */
static uint64_t next_ts(struct sc_cpu_rings *rs, uint16_t *cpu)
{
	struct sc_raw_evt ev;
	struct sc_err err = { 0 };
	int rc = sc_cpu_rings_next(rs, &ev, &err);

	if (rc == SC_TIMEOUT)
		return 0;
	assert_int_equal(rc, SC_OK);
	if (cpu)
		*cpu = ev.cpu;
	return ev.hdr->ts;
}

static void test_merge_by_time(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r[2];
	struct fake f[2];
	uint16_t cpu;

	(void)state;
	setup(&rs, r, f, 2, SLACK);
	put(&f[0], 10, 30, 1);
	put(&f[1], 5, 30, 1);
	put(&f[0], 20, 30, 1);
	put(&f[1], 15, 30, 1);
	assert_int_equal(next_ts(&rs, &cpu), 5);
	assert_int_equal(cpu, 4);
	assert_int_equal(next_ts(&rs, &cpu), 10);
	assert_int_equal(cpu, 3);
	assert_int_equal(next_ts(&rs, NULL), 15);
	assert_int_equal(next_ts(&rs, NULL), 20);
	assert_int_equal(next_ts(&rs, NULL), 0);
	assert_int_equal(waits, 1);
	assert_int_equal(rs.handed, 4);
	/* dry: everything read is published */
	assert_int_equal(f[0].tail, f[0].head);
	assert_int_equal(f[1].tail, f[1].head);
}

/* Records that start near the end run on into the slack and come out whole, lap after lap. */
static void test_slack_wrap(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r;
	struct fake f;
	uint64_t ts;

	(void)state;
	setup(&rs, &r, &f, 1, SLACK);
	for (ts = 1; ts <= 100; ts++) {
		put(&f, ts, 26 + (uint32_t)(ts * 7 % 60), 1);
		assert_int_equal(next_ts(&rs, NULL), ts);
	}
	assert_int_equal(rs.damaged, 0);
	assert_true(f.head > 2 * SIZE);
}

static void test_padding(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r;
	struct fake f;
	uint64_t ts;

	(void)state;
	setup(&rs, &r, &f, 1, 0);
	for (ts = 1; ts <= 100; ts++) {
		put_padded(&f, ts, 26 + (uint32_t)(ts * 13 % 90));
		assert_int_equal(next_ts(&rs, NULL), ts);
	}
	assert_int_equal(rs.damaged, 0);
}

/* A length that cannot be: the ring starts again at the head, the others go on. */
static void test_damaged(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r[2];
	struct fake f[2];

	(void)state;
	setup(&rs, r, f, 2, SLACK);
	put(&f[0], 1, 30, 1);
	put(&f[0], 2, 30, 1);
	((struct sc_evt_hdr *)f[0].data)->len = 3;
	put(&f[1], 3, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 3);
	assert_int_equal(rs.damaged, 1);
	assert_int_equal(f[0].tail, f[0].head);
	put(&f[0], 4, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 4);
}

/* An event type past the table is skipped and counted, not handed out. */
static void test_unknown_type(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r;
	struct fake f;

	(void)state;
	setup(&rs, &r, &f, 1, SLACK);
	put(&f, 1, 30, SC_EVENT_MAX);
	put(&f, 2, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 0);
	assert_int_equal(rs.skipped, 1);
	assert_int_equal(next_ts(&rs, NULL), 2);
}

/* While records keep coming the tail moves in batches (an eighth of the ring), not per record. */
static void test_batched_tail(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r;
	struct fake f;
	uint64_t ts, moves = 0, last = 0;

	(void)state;
	setup(&rs, &r, &f, 1, SLACK);
	for (ts = 1; ts <= 20; ts++)
		put(&f, ts, 32, 1);
	for (ts = 1; ts <= 20; ts++) {
		assert_int_equal(next_ts(&rs, NULL), ts);
		if (f.tail != last) {
			moves++;
			last = f.tail;
		}
	}
	/* 20 records of 32 bytes: published after the 8th and the 16th (the 20th is still held) */
	assert_int_equal(moves, 2);
	assert_int_equal(f.tail, 16 * 32);
	assert_int_equal(next_ts(&rs, NULL), 0);   /* dry: all of it */
	assert_int_equal(f.tail, f.head);
}

/*
 * Heads are read in snapshots: a record that lands in an idle ring while
 * another ring's snapshot lasts comes once that snapshot is used up, and
 * nothing is lost or repeated.
 */
static void test_snapshots(void **state)
{
	struct sc_cpu_rings rs;
	struct sc_cpu_ring r[2];
	struct fake f[2];

	(void)state;
	setup(&rs, r, f, 2, SLACK);
	put(&f[0], 10, 30, 1);
	put(&f[0], 20, 30, 1);
	put(&f[0], 30, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 10);
	/* lands after the snapshot was taken (a real producer's record would be newer than all of it) */
	put(&f[1], 25, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 20);
	assert_int_equal(next_ts(&rs, NULL), 30);
	assert_int_equal(next_ts(&rs, NULL), 25);
	put(&f[0], 40, 30, 1);
	put(&f[1], 35, 30, 1);
	assert_int_equal(next_ts(&rs, NULL), 35);
	assert_int_equal(next_ts(&rs, NULL), 40);
	assert_int_equal(next_ts(&rs, NULL), 0);
	assert_int_equal(rs.handed, 6);
	assert_int_equal(waits, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_by_time),
		cmocka_unit_test(test_slack_wrap),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_batched_tail),
		cmocka_unit_test(test_snapshots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
