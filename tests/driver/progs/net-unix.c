/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unix sockets: socket, bind to a path, listen, connect, accept4, sendto,
 * recvfrom, sendmsg, recvmsg, shutdown, socketpair and close. A unix tuple
 * is "SOURCE->DEST PATH" with kernel socket addresses a program cannot know:
 * those are left open ("{*}"), the path is not; the fd names are the
 * inspector's, as sysdig 0.29.3 gives them (an accepted socket carries the
 * listener's path, as the kernel's socket name does).
 */
#include "sct.h"

#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	struct sockaddr_un a = { 0 };
	struct iovec iov[1];
	struct msghdr mh;
	char path[512], buf[128];
	const char *dir;
	long ls, cs, as;
	int sv[2];

	sct_init(argc, argv);
	dir = sct_tmpdir("unix");
	snprintf(path, sizeof(path), "%s/sock", dir);
	if (strlen(path) >= sizeof(a.sun_path))
		sct_exit(SCT_HARD, "socket path too long: %s", path);
	a.sun_family = AF_UNIX;
	strcpy(a.sun_path, path);

	sct_begin();

	ls = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	SCT_CHECK(ls >= 0);
	E("> socket domain=1(AF_LOCAL) type=1 proto=0");
	E("< socket fd=%ld(<u>)", ls);
	SCT_CHECK(syscall(SYS_bind, ls, &a, sizeof(a)) == 0);
	E("> bind fd=%ld(<u>)", ls);
	E("< bind res=0 addr=%s", path);
	SCT_CHECK(syscall(SYS_listen, ls, 3) == 0);
	E("> listen fd=%ld(<u>%s) backlog=3", ls, path);
	E("< listen res=0");

	cs = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	SCT_CHECK(cs >= 0);
	E("> socket domain=1(AF_LOCAL) type=1 proto=0");
	E("< socket fd=%ld(<u>)", cs);
	SCT_CHECK(syscall(SYS_connect, cs, &a, sizeof(a)) == 0);
	E("> connect fd=%ld(<u>%s) addr=%s", cs, path, path);
	E("< connect res=0 tuple={*}->{*} %s", path);
	as = syscall(SYS_accept4, ls, NULL, NULL, SOCK_CLOEXEC);
	SCT_CHECK(as >= 0);
	E("> accept flags=0");
	E("< accept fd=%ld(<u>{*}->{*} %s) tuple={*}->{*} %s queuepct=0 queuelen=0 queuemax=3", as, path, path);

	SCT_CHECK(syscall(SYS_sendto, cs, "hello unix", 10, 0, NULL, 0) == 10);
	E("> sendto fd=%ld(<u>{*}->{*} %s) size=10 tuple=NULL", cs, path);
	E("< sendto res=10 data=hello unix");
	SCT_CHECK(syscall(SYS_recvfrom, as, buf, sizeof(buf), 0, NULL, NULL) == 10);
	E("> recvfrom fd=%ld(<u>{*}->{*} %s) size=128", as, path);
	E("< recvfrom res=10 data=hello unix tuple=NULL");

	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = "reply";
	iov[0].iov_len = 5;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	SCT_CHECK(syscall(SYS_sendmsg, as, &mh, 0) == 5);
	E("> sendmsg fd=%ld(<u>{*}->{*} %s) size=5 tuple=NULL", as, path);
	E("< sendmsg res=5 data=reply");
	iov[0].iov_base = buf;
	iov[0].iov_len = 50;
	SCT_CHECK(syscall(SYS_recvmsg, cs, &mh, 0) == 5);
	E("> recvmsg fd=%ld(<u>{*}->{*} %s)", cs, path);
	E("< recvmsg res=5 size=5 data=reply tuple=NULL");

	SCT_CHECK(syscall(SYS_shutdown, as, SHUT_RDWR) == 0);
	E("> shutdown fd=%ld(<u>{*}->{*} %s) how=2(SHUT_RDWR)", as, path);
	E("< shutdown res=0");
	SCT_CHECK(syscall(SYS_close, as) == 0);
	E("> close fd=%ld(<u>{*}->{*} %s)", as, path);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, cs) == 0);
	E("> close fd=%ld(<u>{*}->{*} %s)", cs, path);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, ls) == 0);
	E("> close fd=%ld(<u>%s)", ls, path);
	E("< close res=0");

	/* connecting to a path nobody listens on */
	SCT_CHECK(syscall(SYS_unlink, path) == 0);
	E("> unlink");
	E("< unlink res=0 path=%s", path);
	cs = syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	SCT_CHECK(cs >= 0);
	E("> socket domain=1(AF_LOCAL) type=2 proto=0");
	E("< socket fd=%ld(<u>)", cs);
	SCT_CHECK(syscall(SYS_connect, cs, &a, sizeof(a)) == -1 && errno == ENOENT);
	E("> connect fd=%ld(<u>%s) addr=%s", cs, path, path);
	E("< connect res=-2(ENOENT) tuple={*}->{*} %s", path);
	SCT_CHECK(syscall(SYS_close, cs) == 0);
	E("> close fd=%ld(<u>%s)", cs, path);
	E("< close res=0");

	/* a connected pair */
	SCT_CHECK(syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	E("> socketpair domain=1(AF_LOCAL) type=1 proto=0");
	E("< socketpair res=0 fd1=%d(<u>{*}) fd2=%d(<u>{*}) source={*} peer={*}", sv[0], sv[1]);

	sct_end();
	rmdir(dir);
	return 0;
}
