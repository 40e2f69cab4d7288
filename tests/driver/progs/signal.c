/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signals: kill and tgkill to ourselves with a handler installed (the
 * signaldeliver event follows the syscall's exit; what the handler's return
 * makes is skipped), kill with signal 0, kill to nobody (ESRCH), and a child
 * killed by SIGKILL (its procexit carries the signal).
 */
#include "sct.h"

#include <signal.h>

static volatile sig_atomic_t got;

static void on_sig(int sig)
{
	got = sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	char comm[16], b;
	long c;
	int p[2];

	sct_init(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || sigaction(SIGUSR2, &sa, NULL) != 0 || pipe(p) != 0)
		sct_exit(SCT_HARD, "cannot set up");
	snprintf(comm, sizeof(comm), "%s", program_invocation_short_name);

	sct_begin();

	SCT_CHECK(syscall(SYS_kill, sct_pid, SIGUSR1) == 0);
	SCT_CHECK(got == SIGUSR1);
	E("> kill pid=%ld(%s) sig=10(SIGUSR1)", sct_pid, comm);
	E("< kill res=0");
	E("> signaldeliver spid=%ld(%s) dpid=%ld(%s) sig=10(SIGUSR1)", sct_pid, comm, sct_pid, comm);
	E("{**}");

	SCT_CHECK(syscall(SYS_tgkill, sct_pid, sct_pid, SIGUSR2) == 0);
	SCT_CHECK(got == SIGUSR2);
	E("> tgkill pid=%ld(%s) tid=%ld(%s) sig=12(SIGUSR2)", sct_pid, comm, sct_pid, comm);
	E("< tgkill res=0");
	E("> signaldeliver spid=%ld(%s) dpid=%ld(%s) sig=12(SIGUSR2)", sct_pid, comm, sct_pid, comm);
	E("{**}");

	SCT_CHECK(syscall(SYS_kill, sct_pid, 0) == 0);
	E("> kill pid=%ld(%s) sig=0", sct_pid, comm);
	E("< kill res=0");
	SCT_CHECK(syscall(SYS_kill, -99999L, SIGUSR1) == -1 && errno == ESRCH);
	E("> kill pid=-99999 sig=10(SIGUSR1)");
	E("< kill res=-3(ESRCH)");

	/* a child that says it runs, then waits to be killed */
	c = syscall(SYS_fork);
	if (c == 0) {
		syscall(SYS_write, p[1], "r", 1);
		for (;;)
			syscall(SYS_pause);
	}
	SCT_CHECK(c > 0);
	SCT_CHECK(syscall(SYS_read, p[0], &b, 1) == 1);
	SCT_CHECK(syscall(SYS_kill, c, SIGKILL) == 0);
	SCT_CHECK(syscall(SYS_wait4, c, NULL, 0, NULL) == c);
	E("> fork");
	E("< fork res=%ld(%s){*}", c, comm);
	E("> read fd=%d(<p>) size=1", p[0]);
	E("< read res=1 data=r");
	E("> kill pid=%ld(%s) sig=9(SIGKILL)", c, comm);
	E("< kill res=0");
	E("> wait4");
	E("< wait4");
	/* the child's write, and what follows, are skipped: the parent may kill
	 * it before a tracer (ptrace) has read the write's result */
	sct_expect(c, "< fork res=0{*}");
	sct_expect(c, "{**}");
	sct_expect(c, "> procexit status=9 ret=0 sig=9(SIGKILL) core=0");

	sct_end();
	return 0;
}
