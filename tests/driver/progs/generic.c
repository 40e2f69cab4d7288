/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Syscalls without an event of their own become the generic event, shown
 * with the syscall's name and no arguments: getpid, getppid, sched_yield,
 * and a failing one (wait4 with no child: ECHILD is not printed, generic
 * exits carry no result).
 */
#include "sct.h"

int main(int argc, char **argv)
{
	sct_init(argc, argv);
	sct_begin();

	SCT_CHECK(syscall(SYS_getpid) == sct_pid);
	E("> getpid");
	E("< getpid");
	SCT_CHECK(syscall(SYS_getppid) > 0);
	E("> getppid");
	E("< getppid");
	SCT_CHECK(syscall(SYS_sched_yield) == 0);
	E("> sched_yield");
	E("< sched_yield");
	SCT_CHECK(syscall(SYS_wait4, -1L, NULL, 0, NULL) == -1 && errno == ECHILD);
	E("> wait4");
	E("< wait4");

	sct_end();
	return 0;
}
