/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the inspector's hooks for live engines that do not follow every
 * fd change (engine fd_check): the mem engine's records, with a fake
 * fd_check standing in for what /proc would say at each event.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/engine/engine.h"
#include "core/inspector.h"
#include "core/state.h"
#include "core/util.h"
#include "tests/unit/builders.h"

/* What the fake fd_check answers, call by call: 1 (an fd described), or an error. */
static int answers[4];
static int nanswer;

/* As /proc would: fd 3 is /dev/null at the first check, not open at the next. */
static int fake_fd_check(struct sc_engine *e, int64_t tid, int64_t fd, const char *known_name, uint64_t known_ino,
			 struct sc_snap_fd *out)
{
	int rc = answers[nanswer++];

	(void)e;
	(void)tid;
	(void)known_name;
	(void)known_ino;
	if (rc != 1)
		return rc;
	memset(out, 0, sizeof(*out));
	out->fd = fd;
	out->type = SC_FD_FILE_V2;
	out->name = xstrdup("/dev/null");
	return 1;
}

/*
 * An fd the state learned from fd_check, then closed unseen: when fd_check
 * says it is no longer open (-ENOENT), the next event on it has no fd (as a
 * driver that follows close shows it), not the old name.
 */
static void test_fd_check_closed(void **state)
{
	static struct sc_engine_ops lazy;
	struct sc_builder b = { 0 };
	struct sc_open_args args = { 0 };
	struct sc_err err = { 0 };
	struct sc_inspector *in;
	struct sc_evt *ev;

	(void)state;
	lazy = sc_engine_mem;
	lazy.fd_check = fake_fd_check;
	answers[0] = 1;
	answers[1] = -ENOENT;
	nanswer = 0;
	sc_builder_add(&b, 100, SCE_SYSCALL_WRITE_E, 2, sc_bp_i64(3), sc_bp_u32(1));
	sc_builder_add(&b, 100, SCE_SYSCALL_WRITE_X, 2, sc_bp_i64(1), sc_bp_buf("a", 1));
	sc_builder_add(&b, 100, SCE_SYSCALL_WRITE_E, 2, sc_bp_i64(3), sc_bp_u32(1));
	sc_builder_add(&b, 100, SCE_SYSCALL_WRITE_X, 2, sc_bp_i64(-EBADF), sc_bp_buf("b", 1));
	args.mem_buf = b.buf;
	args.mem_len = b.len;
	in = sc_inspector_new(sc_engine_open(&lazy, &args, &err));
	assert_non_null(in);

	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_OK);
	assert_non_null(ev->fd);
	assert_string_equal(ev->fd->name, "/dev/null");
	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_OK);
	assert_non_null(ev->fd);
	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_OK);
	assert_int_equal(nanswer, 2);
	assert_null(ev->fd);
	assert_int_equal(ev->fdnum, 3);
	assert_null(sc_state_fd(ev->thread, 3));
	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_OK);
	assert_null(ev->fd);
	assert_int_equal(sc_inspector_next(in, &ev, &err), SC_EOF);
	sc_inspector_free(in);
	sc_builder_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_check_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
