/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_abi.c - the generated event ABI tables (driver/abi .tbl files through
 * gen-abi.py): shape of every event, the facts sysdig prints, the x86_64
 * syscall table, the flag, errno and signal names, and the -L listing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/evtlist.h"
#include "core/strbuf.h"
#include "driver/abi/sc_abi.h"

static int has_flag(const struct sc_flag_name *t, const char *name, uint32_t value)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t->value == value;
	return 0;
}

static void test_every_event_is_described(void **state)
{
	(void)state;
	for (unsigned type = 0; type < SC_EVENT_MAX; type++) {
		const struct sc_event_info *ei = &sc_event_table[type];

		assert_non_null(ei->name);
		assert_true(ei->name[0] != '\0');
		assert_in_range(ei->nparams, 0, SC_MAX_EVENT_PARAMS);
		assert_true(ei->nparams == 0 || ei->params != NULL);
		for (uint32_t i = 0; i < ei->nparams; i++) {
			const struct sc_param_info *p = &ei->params[i];

			assert_non_null(p->name);
			assert_in_range(p->type, SC_PT_NONE + 1, SC_PT_MAX - 1);
			assert_in_range(p->fmt, SC_PF_NA, SC_PF_OCT);
			if (p->type == SC_PT_DYN) {
				assert_non_null(p->dyn);
				assert_true(p->ninfo > 0);
			}
			if (p->type == SC_PT_FSRELPATH) {
				/* the dirfd is an earlier FD parameter */
				assert_in_range(p->dirfd_param, 0, (int)i - 1);
				assert_int_equal(ei->params[p->dirfd_param].type, SC_PT_FD);
			} else {
				assert_int_equal(p->dirfd_param, -1);
			}
		}
	}
	assert_ptr_equal(sc_abi_event_info(SCE_SYSCALL_OPEN_X), &sc_event_table[3]);
	assert_null(sc_abi_event_info(SC_EVENT_MAX));
}

/* Enter and exit of one pair share the name, except where the exit id is a
 * placeholder (the scheduler, hotplug and internal events have no exit). */
static void test_pairs_share_names(void **state)
{
	(void)state;
	for (unsigned type = 0; type < SC_EVENT_MAX; type += 2) {
		const struct sc_event_info *e = &sc_event_table[type];
		const struct sc_event_info *x = &sc_event_table[type + 1];

		if (x->flags & SC_EF_UNUSED)
			continue;
		assert_string_equal(e->name, x->name);
	}
	assert_string_equal(sc_event_table[SCE_SCHEDSWITCH_6_X].name, "NA2");
	assert_true(sc_event_table[SCE_SCHEDSWITCH_6_X].flags & SC_EF_UNUSED);
}

static void test_known_events(void **state)
{
	static const char *const names[] = {"fd", "name", "flags", "mode", "dev"};
	static const uint8_t types[] = {SC_PT_FD, SC_PT_FSPATH, SC_PT_FLAGS32, SC_PT_UINT32, SC_PT_UINT32};
	static const uint8_t fmts[] = {SC_PF_DEC, SC_PF_NA, SC_PF_HEX, SC_PF_OCT, SC_PF_HEX};
	const struct sc_event_info *open_x = &sc_event_table[SCE_SYSCALL_OPEN_X];
	const struct sc_event_info *openat_x = &sc_event_table[SCE_SYSCALL_OPENAT_2_X];
	const struct sc_event_info *gen = &sc_event_table[SCE_GENERIC_E];

	(void)state;
	assert_int_equal(SCE_SYSCALL_OPEN_E, 2);
	assert_int_equal(SCE_SYSCALL_CLONE3_X, 335);
	assert_int_equal(SC_EVENT_MAX, 336);

	assert_string_equal(open_x->name, "open");
	assert_int_equal(open_x->category, SC_EC_FILE);
	assert_int_equal(open_x->flags, SC_EF_CREATES_FD | SC_EF_MODIFIES_STATE);
	assert_int_equal(open_x->nparams, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(open_x->params[i].name, names[i]);
		assert_int_equal(open_x->params[i].type, types[i]);
		assert_int_equal(open_x->params[i].fmt, fmts[i]);
	}
	assert_ptr_equal(open_x->params[2].flags, sc_flags_file_flags);

	assert_string_equal(openat_x->params[2].name, "name");
	assert_int_equal(openat_x->params[2].type, SC_PT_FSRELPATH);
	assert_int_equal(openat_x->params[2].dirfd_param, 1);

	assert_string_equal(gen->name, "syscall");
	assert_int_equal(gen->nparams, 2);
	assert_int_equal(gen->params[0].type, SC_PT_SYSCALLID);

	assert_int_equal(sc_event_table[SCE_SOCKET_SETSOCKOPT_X].params[4].type, SC_PT_DYN);
	assert_ptr_equal(sc_event_table[SCE_SOCKET_SETSOCKOPT_X].params[4].dyn, sc_dyn_sockopt);
	assert_int_equal(sc_event_table[SCE_SOCKET_SETSOCKOPT_X].params[4].ninfo, SC_DYN_SOCKOPT_MAX);
	assert_int_equal(sc_dyn_sockopt[SC_DYN_SOCKOPT_TIMEVAL].type, SC_PT_RELTIME);
	assert_int_equal(sc_event_table[SCE_PLUGINEVENT_E].flags, SC_EF_LARGE_PAYLOAD);
	assert_string_equal(sc_event_table[SCE_PLUGINEVENT_E].params[0].name, "plugin ID");
	assert_string_equal(sc_ptype_names[SC_PT_DYN], "DYNAMIC");
	assert_string_equal(sc_ptype_names[SC_PT_FSRELPATH], "FSRELPATH");
}

static void test_x86_64_syscalls(void **state)
{
	(void)state;
	/* open(2) has its own events */
	assert_int_equal(sc_x86_syscalls[2].enter_event, SCE_SYSCALL_OPEN_E);
	assert_int_equal(sc_x86_syscalls[2].code, SC_SC_OPEN);
	assert_true(sc_x86_syscalls[2].flags & SC_UF_USED);
	assert_true(sc_x86_syscalls[2].flags & SC_UF_NEVER_DROP);
	/* getpid(2) goes through the generic event, named by its code */
	assert_int_equal(sc_x86_syscalls[39].enter_event, SCE_GENERIC_E);
	assert_int_equal(sc_x86_syscalls[39].code, SC_SC_GETPID);
	assert_string_equal(sc_syscall_names[SC_SC_GETPID], "getpid");
	assert_string_equal(sc_abi_syscall_name(SC_SC_GETPID), "getpid");
	assert_null(sc_abi_syscall_name(SC_SC_MAX));
	/* openat2, clone3 */
	assert_int_equal(sc_x86_syscalls[437].enter_event, SCE_SYSCALL_OPENAT2_E);
	assert_int_equal(sc_x86_syscalls[435].enter_event, SCE_SYSCALL_CLONE3_E);
	/* a number nobody uses */
	assert_int_equal(sc_x86_syscalls[511].code, SC_SC_UNKNOWN);
	assert_int_equal(sc_x86_syscalls[511].enter_event, SCE_GENERIC_E);

	for (unsigned nr = 0; nr < SC_X86_SYSCALL_MAX; nr++) {
		const struct sc_x86_syscall *s = &sc_x86_syscalls[nr];

		assert_true(s->code < SC_SC_MAX);
		assert_true(s->enter_event < SC_EVENT_MAX);
		assert_int_equal(s->enter_event % 2, 0);
	}
	for (unsigned c = 0; c < SC_SC_MAX; c++) {
		assert_non_null(sc_syscall_names[c]);
		assert_string_equal(sc_syscall_info[c].name, sc_syscall_names[c]);
	}
}

static void test_flag_names(void **state)
{
	uint32_t v = 0;

	(void)state;
	/* sysdig prints flags=4097(O_RDONLY|O_CLOEXEC) for open(path, O_RDONLY|O_CLOEXEC) */
	assert_true(has_flag(sc_flags_file_flags, "O_RDONLY", 1));
	assert_true(has_flag(sc_flags_file_flags, "O_CLOEXEC", 4096));
	for (const struct sc_flag_name *f = sc_flags_file_flags; f->name; f++)
		if (!strcmp(f->name, "O_RDONLY") || !strcmp(f->name, "O_CLOEXEC"))
			v |= f->value;
	assert_int_equal(v, 4097);
	assert_true(has_flag(sc_flags_socket_families, "AF_INET6", 10));
	assert_true(has_flag(sc_flags_clone_flags, "CLONE_THREAD", 0x2000));
	assert_true(has_flag(sc_flags_prot_flags, "PROT_READ", 1));

	assert_string_equal(sc_errno_names[2], "ENOENT");
	assert_string_equal(sc_errno_names[11], "EAGAIN");
	assert_null(sc_errno_names[0]);
	assert_true(SC_ERRNO_NAMES_MAX > 512);
	assert_true(has_flag(sc_flags_errno, "EACCES", 13));
	assert_string_equal(sc_signal_names[17], "SIGCHLD");
	assert_string_equal(sc_signal_names[9], "SIGKILL");
	assert_int_equal(SC_SIGNAL_NAMES_MAX, 32);
}

static void test_evtlist(void **state)
{
	struct sc_strbuf b = {0};
	int n;

	(void)state;
	n = sc_evtlist_write(&b);
	assert_true(n > 200);
	assert_true(strncmp(b.s, "> syscall(SYSCALLID ID, UINT16 nativeID)\n< syscall(SYSCALLID ID)\n", 65) == 0);
	assert_non_null(strstr(b.s, "\n< open(FD fd, FSPATH name, FLAGS32 flags, UINT32 mode, UINT32 dev)\n"));
	assert_non_null(strstr(b.s, "DYNAMIC val"));
	assert_null(strstr(b.s, "NA1"));     /* unused ids are not listed */
	assert_null(strstr(b.s, "> drop(")); /* internal events neither */
	sc_strbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_event_is_described),
		cmocka_unit_test(test_pairs_share_names),
		cmocka_unit_test(test_known_events),
		cmocka_unit_test(test_x86_64_syscalls),
		cmocka_unit_test(test_flag_names),
		cmocka_unit_test(test_evtlist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
