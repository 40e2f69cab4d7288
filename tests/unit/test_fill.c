/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fill.c - the filling table (driver/abi/fill.tbl through gen-abi.py)
 * and the native->.scap translations of flag_xlat.h: every syscall event a
 * driver can produce has a row that fits its event, and the translations
 * give the encodings sysdig prints.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "driver/abi/flag_xlat.h"
#include "driver/abi/sc_abi.h"

static void test_every_syscall_event_has_a_row(void **state)
{
	(void)state;
	for (unsigned nr = 0; nr < SC_X86_SYSCALL_MAX; nr++) {
		uint16_t e = sc_x86_syscalls[nr].enter_event;

		assert_true(sc_fill_table[e].flags & SC_FILL_F_FILLED);
		assert_true(sc_fill_table[e + 1].flags & SC_FILL_F_FILLED);
	}
}

static void test_rows_fit_their_events(void **state)
{
	(void)state;
	for (unsigned t = 0; t < SC_EVENT_MAX; t++) {
		const struct sc_fill_event *f = &sc_fill_table[t];

		if (!(f->flags & SC_FILL_F_FILLED))
			continue;
		assert_true(f->special < SC_FILL_SP_MAX);
		if (f->special) {
			assert_int_equal(f->nparams, 0);
			continue;
		}
		assert_int_equal(f->nparams, sc_event_table[t].nparams);
		for (unsigned i = 0; i < f->nparams; i++) {
			const struct sc_fill_param *p = &f->params[i];

			assert_true(p->src > SC_FILL_NONE && p->src <= SC_FILL_SPECIAL);
			assert_true(p->arg < 6);
			if (p->src == SC_FILL_ARG || p->src == SC_FILL_RET)
				assert_true(p->xlat < SC_XLAT_MAX);
			if (p->src == SC_FILL_SPECIAL)
				assert_true(p->xlat > 0 && p->xlat < SC_FILL_SP_MAX);
			if (p->src == SC_FILL_STR)
				assert_true(sc_event_table[t].params[i].type == SC_PT_FSPATH ||
					    sc_event_table[t].params[i].type == SC_PT_FSRELPATH ||
					    sc_event_table[t].params[i].type == SC_PT_CHARBUF);
		}
	}
}

static void test_known_rows(void **state)
{
	const struct sc_fill_event *o = &sc_fill_table[SCE_SYSCALL_OPENAT_2_X];
	const struct sc_fill_event *r = &sc_fill_table[SCE_SYSCALL_READ_X];
	const struct sc_fill_event *w = &sc_fill_table[SCE_SYSCALL_WRITE_X];
	const struct sc_fill_event *c = &sc_fill_table[SCE_SOCKET_CONNECT_E];

	(void)state;
	/* openat exit: ret, dirfd, path at 1, flags at 2 translated, mode with flags, dev */
	assert_int_equal(o->params[0].src, SC_FILL_RET);
	assert_int_equal(o->params[1].src, SC_FILL_ARG);
	assert_int_equal(o->params[2].src, SC_FILL_STR);
	assert_int_equal(o->params[2].arg, 1);
	assert_int_equal(o->params[3].xlat, SC_XLAT_OPEN_FLAGS);
	assert_int_equal(o->params[4].xlat, SC_XLAT_OPEN_MODE);
	assert_int_equal(o->params[4].len, 2);
	assert_int_equal(o->params[5].src, SC_FILL_SPECIAL);
	assert_int_equal(o->params[5].xlat, SC_FILL_SP_FD_DEV);
	/* read's data is as long as the result, write's as its size argument */
	assert_int_equal(r->params[1].src, SC_FILL_BUF);
	assert_int_equal(r->params[1].len, SC_FILL_LEN_RET);
	assert_int_equal(w->params[1].len, 2);
	assert_int_equal(c->params[1].src, SC_FILL_SOCKADDR);
	assert_int_equal(c->params[1].len, 2);
	assert_int_equal(sc_fill_table[SCE_SYSCALL_EXECVE_19_X].special, SC_FILL_SP_PROC_STARTUPDATE);
	assert_int_equal(sc_fill_table[SCE_GENERIC_E].special, SC_FILL_SP_GENERIC);
	/* internal events have no row */
	assert_false(sc_fill_table[SCE_DROP_E].flags & SC_FILL_F_FILLED);
}

static void test_open_flags(void **state)
{
	(void)state;
	assert_int_equal(sc_xlat_open_flags(O_RDONLY), 0x1);
	assert_int_equal(sc_xlat_open_flags(O_WRONLY | O_CREAT | O_TRUNC), 0x2 | 0x4 | 0x100);
	assert_int_equal(sc_xlat_open_flags(O_RDWR | O_APPEND | O_EXCL), 0x3 | 0x8 | 0x20);
	assert_int_equal(sc_xlat_open_flags(O_RDONLY | O_CLOEXEC | O_NONBLOCK), 0x1 | 0x1000 | 0x40);
	/* as sysdig's driver: O_DIRECTORY is part of O_TMPFILE's bits */
	assert_int_equal(sc_xlat_open_flags(O_RDONLY | O_DIRECTORY), 0x1 | 0x400 | 0x2000);
	assert_int_equal(sc_xlat_open_mode(O_CREAT, 0644), 0644);
	assert_int_equal(sc_xlat_open_mode(O_RDONLY, 0644), 0);
	assert_int_equal(sc_xlat_apply(SC_XLAT_OPEN_MODE, 0600, O_WRONLY | O_CREAT), 0600);
}

static void test_other_translations(void **state)
{
	(void)state;
	assert_int_equal(sc_xlat_socket_family(AF_INET6), 10);
	assert_int_equal(sc_xlat_socket_family(200), 0);
	assert_int_equal(sc_xlat_prot(PROT_READ | PROT_EXEC), 0x5);
	assert_int_equal(sc_xlat_mmap_flags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), 0x2 | 0x8 | 0x4);
	assert_int_equal(sc_xlat_clone_flags(CLONE_VM | CLONE_THREAD | CLONE_FILES), 0x8000 | 0x2000 | 0x1);
	assert_int_equal(sc_xlat_clone_flags(SIGCHLD), 0);
	assert_int_equal(sc_xlat_fcntl_cmd(F_DUPFD), 1);
	assert_int_equal(sc_xlat_fcntl_cmd(F_SETFL), 5);
	assert_int_equal(sc_xlat_fcntl_cmd(F_DUPFD_CLOEXEC), 26);
	assert_int_equal(sc_xlat_fcntl_cmd(12345), 0);
	assert_int_equal(sc_xlat_rlimit_resource(99), 255);
	assert_int_equal(sc_xlat_semget_flags(01000 | 02000), 0x6000);
	assert_int_equal(sc_xlat_ptrace_req(0x4206), 20);
	assert_int_equal(sc_xlat_apply(SC_XLAT_SOCKOPT_OPTNAME, 2, 1), 2);   /* SO_REUSEADDR */
	assert_int_equal(sc_xlat_apply(SC_XLAT_SOCKOPT_OPTNAME, 2, 6), 0);   /* another level */
	assert_int_equal(sc_xlat_apply(SC_XLAT_NONE, 1234, 0), 1234);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_syscall_event_has_a_row),
		cmocka_unit_test(test_rows_fit_their_events),
		cmocka_unit_test(test_known_rows),
		cmocka_unit_test(test_open_flags),
		cmocka_unit_test(test_other_translations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
