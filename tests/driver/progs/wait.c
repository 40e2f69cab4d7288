/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Waiting: poll (fd lists with the fd type and the events), select,
 * epoll_wait, nanosleep, and futex wake/wait with their operations.
 */
#include "sct.h"

#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct pollfd pf[2];
	struct epoll_event ev = { 0 }, out[4];
	struct timespec ts = { 0, 1000000 };
	struct timeval tv = { 0, 0 };
	fd_set rs;
	int p[2], ep, fx = 1;

	sct_init(argc, argv);
	if (pipe(p) != 0 || write(p[1], "x", 1) != 1)
		sct_exit(SCT_HARD, "cannot set up a pipe");
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = p[0];
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) != 0)
		sct_exit(SCT_HARD, "cannot set up epoll");

	sct_begin();

	pf[0].fd = p[0];
	pf[0].events = POLLIN;
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	SCT_CHECK(syscall(SYS_poll, pf, 2, 0) == 2);
	E("> poll fds=%d:p1 %d:p4 timeout=0", p[0], p[1]);
	E("< poll res=2 fds=%d:p1 %d:p4", p[0], p[1]);

	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	SCT_CHECK(syscall(SYS_select, p[0] + 1, &rs, NULL, NULL, &tv) == 1);
	E("> select");
	E("< select res=1");

	SCT_CHECK(syscall(SYS_epoll_wait, ep, out, 4, 0) == 1);
	E("> epoll_wait maxevents=4");
	E("< epoll_wait res=1");

	SCT_CHECK(syscall(SYS_nanosleep, &ts, NULL) == 0);
	E("> nanosleep interval=1000000(0.001s)");
	E("< nanosleep res=0");

	SCT_CHECK(syscall(SYS_futex, &fx, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0);
	E("> futex addr=%lX op=129(FUTEX_PRIVATE_FLAG|FUTEX_WAKE) val=1", (unsigned long)&fx);
	E("< futex res=0");
	SCT_CHECK(syscall(SYS_futex, &fx, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0) == -1 && errno == EAGAIN);
	E("> futex addr=%lX op=128(FUTEX_PRIVATE_FLAG) val=2", (unsigned long)&fx);
	E("< futex res=-11(EAGAIN)");

	sct_end();
	return 0;
}
