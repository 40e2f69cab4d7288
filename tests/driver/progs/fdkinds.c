/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The special fds: eventfd, signalfd, timerfd_create and inotify_init
 * (their events, and the fd type letter the state gives them: e, s, t, i),
 * and memfd_create and pidfd_open, which sysdig 0.29's table does not know:
 * generic events whose name is left open. Parameters sysdig's own driver
 * never filled are 0 (eventfd flags, signalfd mask and flags, timerfd
 * clockid and flags, inotify flags): so they must be here too.
 */
#include "sct.h"

#include <signal.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

int main(int argc, char **argv)
{
	sigset_t mask;
	long e, s, t, i, m, pf;

	sct_init(argc, argv);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);

	sct_begin();

	e = syscall(SYS_eventfd2, 5, EFD_CLOEXEC);
	SCT_CHECK(e >= 0);
	E("> eventfd initval=5 flags=0");
	E("< eventfd res=%ld(<e>)", e);
	s = syscall(SYS_signalfd4, -1L, &mask, 8, SFD_CLOEXEC);
	SCT_CHECK(s >= 0);
	E("> signalfd fd=-1(EPERM) mask=0 flags=0");
	E("< signalfd res=%ld(<s>)", s);
	t = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC);
	SCT_CHECK(t >= 0);
	E("> timerfd_create clockid=0 flags=0");
	E("< timerfd_create res=%ld(<t>)", t);
	i = syscall(SYS_inotify_init1, IN_CLOEXEC);
	SCT_CHECK(i >= 0);
	E("> inotify_init flags=0");
	E("< inotify_init res=%ld(<i>)", i);
	m = syscall(SYS_memfd_create, "sct", 0);
	SCT_CHECK(m >= 0);
	E("> {*}");
	E("< {*}");
	pf = syscall(SYS_pidfd_open, sct_pid, 0);
	if (pf < 0 && errno != ENOSYS)
		sct_exit(SCT_HARD, "pidfd_open");
	E("> {*}");
	E("< {*}");

	/* each is an fd like any other: reads and closes name it by its type */
	{
		unsigned long long v;

		SCT_CHECK(syscall(SYS_read, e, &v, sizeof(v)) == 8 && v == 5);
	}
	E("> read fd=%ld(<e>) size=8", e);
	E("< read res=8 data=........");
	SCT_CHECK(syscall(SYS_close, e) == 0);
	E("> close fd=%ld(<e>)", e);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, s) == 0);
	E("> close fd=%ld(<s>)", s);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, t) == 0);
	E("> close fd=%ld(<t>)", t);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, i) == 0);
	E("> close fd=%ld(<i>)", i);
	E("< close res=0");

	sct_end();
	return 0;
}
