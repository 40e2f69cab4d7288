/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace on a child: PTRACE_ATTACH, PTRACE_PEEKDATA (its data parameter is
 * the word the kernel read, fetched from the caller's buffer), PTRACE_POKEDATA
 * (addr and data as given, in hex), PTRACE_DETACH (data is a signal number),
 * and a failing request, whose addr and data sysdig's driver writes as 0.
 * Under the ptrace driver the child is already traced by syscope, so the
 * attach fails with EPERM: the program then expects that instead.
 */
#include "sct.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

static volatile unsigned long word = 0x5c09e1234abcdUL;

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EIO: return "EIO";
	case EFAULT: return "EFAULT";
	}
	return "?";
}

int main(int argc, char **argv)
{
	const char *comm = "sct-ptrace";
	unsigned long got = 0;
	long c, r;
	int st;

	sct_init(argc, argv);
	c = fork();
	if (c < 0)
		sct_exit(SCT_HARD, "fork");
	if (c == 0) {
		for (;;)
			pause();
	}
	/* whatever the child does (a stop, a signal) is not this test's matter */
	sct_expect(c, "{**}");

	sct_begin();

	r = syscall(SYS_ptrace, PTRACE_ATTACH, c, 0L, 0L);
	E("> ptrace request=11(PTRACE_ATTACH) pid=%ld(%s)", c, comm);
	if (r == 0) {
		E("< ptrace res=0 addr=0 data=0");
		SCT_CHECK(syscall(SYS_wait4, c, &st, __WALL, NULL) == c && WIFSTOPPED(st));
		E("> wait4");
		E("< wait4");

		SCT_CHECK(syscall(SYS_ptrace, PTRACE_PEEKDATA, c, &word, &got) == 0 && got == word);
		E("> ptrace request=3(PTRACE_PEEKDATA) pid=%ld(%s)", c, comm);
		E("< ptrace res=0 addr=%lX data=%lX", (unsigned long)&word, got);

		SCT_CHECK(syscall(SYS_ptrace, PTRACE_POKEDATA, c, &word, 0x1234UL) == 0);
		E("> ptrace request=6(PTRACE_POKEDATA) pid=%ld(%s)", c, comm);
		E("< ptrace res=0 addr=%lX data=1234", (unsigned long)&word);

		SCT_CHECK(syscall(SYS_ptrace, PTRACE_DETACH, c, 0L, 0L) == 0);
		E("> ptrace request=12(PTRACE_DETACH) pid=%ld(%s)", c, comm);
		E("< ptrace res=0 addr=0 data=0");
	} else {
		SCT_CHECK(errno == EPERM);
		E("< ptrace res=-1(EPERM) addr=0 data=0");
	}

	/* not our tracee: the request fails, addr and data are written as 0 */
	r = syscall(SYS_ptrace, PTRACE_PEEKDATA, 1L, &word, &got);
	SCT_CHECK(r == -1);
	E("> ptrace request=3(PTRACE_PEEKDATA) pid=1{*}");
	E("< ptrace res=%d(%s) addr=0 data=0", -errno, errname(errno));

	sct_end();
	kill((pid_t)c, SIGKILL);
	waitpid((pid_t)c, &st, 0);
	return 0;
}
