/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TCP and UDP over 127.0.0.1: socket, bind, listen, connect, accept4,
 * sendto, recvfrom, sendmsg, recvmsg, shutdown and close, with the socket
 * tuples (addresses and ports) the drivers must fill. The ports are the
 * kernel's choice, learned with getsockname (whose events are expected too).
 * What a socket fd resolves to in parentheses is the inspector's state
 * (validated with SCT_RENDER=sysdig: sysdig 0.29.3 names them the same).
 */
#include "sct.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static struct sockaddr_in lo(unsigned port)
{
	struct sockaddr_in a = { 0 };

	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static unsigned port_of(long fd)
{
	struct sockaddr_in a;
	socklen_t n = sizeof(a);

	SCT_CHECK(syscall(SYS_getsockname, fd, &a, &n) == 0);
	return ntohs(a.sin_port);
}

/* getsockname has an event of its own, with no parameters. */
static void expect_getsockname(void)
{
	E("> getsockname");
	E("< getsockname");
}

int main(int argc, char **argv)
{
	struct sockaddr_in a, from;
	socklen_t flen;
	struct iovec iov[2];
	struct msghdr mh;
	char buf[128], tcp[64], udp[64];
	long ls, cs, as, u1, u2;
	unsigned lport, cport, p1, p2;

	sct_init(argc, argv);
	sct_begin();

	/* ---- TCP: a listener, a client, the accepted connection */
	ls = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	SCT_CHECK(ls >= 0);
	E("> socket domain=2(AF_INET) type=1 proto=0");
	E("< socket fd=%ld(<4>)", ls);
	a = lo(0);
	SCT_CHECK(syscall(SYS_bind, ls, &a, sizeof(a)) == 0);
	E("> bind fd=%ld(<4>)", ls);
	E("< bind res=0 addr=127.0.0.1:0");
	SCT_CHECK(syscall(SYS_listen, ls, 5) == 0);
	E("> listen fd=%ld(<4>127.0.0.1:0) backlog=5", ls);
	E("< listen res=0");
	lport = port_of(ls);
	expect_getsockname();

	cs = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	SCT_CHECK(cs >= 0);
	E("> socket domain=2(AF_INET) type=1 proto=0");
	E("< socket fd=%ld(<4>)", cs);
	a = lo(lport);
	SCT_CHECK(syscall(SYS_connect, cs, &a, sizeof(a)) == 0);
	E("> connect fd=%ld(<4>) addr=127.0.0.1:%u", cs, lport);
	cport = port_of(cs);
	E("< connect res=0 tuple=127.0.0.1:%u->127.0.0.1:%u", cport, lport);
	snprintf(tcp, sizeof(tcp), "<4t>127.0.0.1:%u->127.0.0.1:%u", cport, lport);
	expect_getsockname();

	flen = sizeof(from);
	as = syscall(SYS_accept4, ls, &from, &flen, 0);
	SCT_CHECK(as >= 0);
	E("> accept flags=0");
	E("< accept fd=%ld(%s) tuple=127.0.0.1:%u->127.0.0.1:%u queuepct=0 queuelen=0 queuemax=5",
	  as, tcp, cport, lport);

	/* a connected TCP socket: sendto without an address, recvfrom */
	SCT_CHECK(syscall(SYS_sendto, cs, "hello", 5, 0, NULL, 0) == 5);
	E("> sendto fd=%ld(%s) size=5 tuple=NULL", cs, tcp);
	E("< sendto res=5 data=hello");
	SCT_CHECK(syscall(SYS_recvfrom, as, buf, sizeof(buf), 0, NULL, NULL) == 5);
	E("> recvfrom fd=%ld(%s) size=128", as, tcp);
	E("< recvfrom res=5 data=hello tuple=NULL");

	/* sendmsg/recvmsg with two buffers */
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = "abc";
	iov[0].iov_len = 3;
	iov[1].iov_base = "defg";
	iov[1].iov_len = 4;
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	SCT_CHECK(syscall(SYS_sendmsg, as, &mh, 0) == 7);
	E("> sendmsg fd=%ld(%s) size=7 tuple=NULL", as, tcp);
	E("< sendmsg res=7 data=abcdefg");
	iov[0].iov_base = buf;
	iov[0].iov_len = 2;
	iov[1].iov_base = buf + 2;
	iov[1].iov_len = 30;
	SCT_CHECK(syscall(SYS_recvmsg, cs, &mh, 0) == 7);
	E("> recvmsg fd=%ld(%s)", cs, tcp);
	E("< recvmsg res=7 size=7 data=abcdefg tuple=NULL");

	SCT_CHECK(syscall(SYS_shutdown, cs, SHUT_WR) == 0);
	E("> shutdown fd=%ld(%s) how=1(SHUT_WR)", cs, tcp);
	E("< shutdown res=0");
	SCT_CHECK(syscall(SYS_close, as) == 0);
	E("> close fd=%ld(%s)", as, tcp);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, cs) == 0);
	E("> close fd=%ld(%s)", cs, tcp);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, ls) == 0);
	E("> close fd=%ld(<4>127.0.0.1:0)", ls);
	E("< close res=0");

	/* ---- UDP: addressed datagrams, both ends bound so their ports are known */
	u1 = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	SCT_CHECK(u1 >= 0);
	E("> socket domain=2(AF_INET) type=2 proto=0");
	E("< socket fd=%ld(<4>)", u1);
	u2 = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	SCT_CHECK(u2 >= 0);
	E("> socket domain=2(AF_INET) type=2 proto=0");
	E("< socket fd=%ld(<4>)", u2);
	a = lo(0);
	SCT_CHECK(syscall(SYS_bind, u1, &a, sizeof(a)) == 0);
	E("> bind fd=%ld(<4>)", u1);
	E("< bind res=0 addr=127.0.0.1:0");
	SCT_CHECK(syscall(SYS_bind, u2, &a, sizeof(a)) == 0);
	E("> bind fd=%ld(<4>)", u2);
	E("< bind res=0 addr=127.0.0.1:0");
	p1 = port_of(u1);
	expect_getsockname();
	p2 = port_of(u2);
	expect_getsockname();

	a = lo(p2);
	SCT_CHECK(syscall(SYS_sendto, u1, "ping", 4, 0, &a, sizeof(a)) == 4);
	E("> sendto fd=%ld(<4>127.0.0.1:0) size=4 tuple=127.0.0.1:%u->127.0.0.1:%u", u1, p1, p2);
	E("< sendto res=4 data=ping");
	flen = sizeof(from);
	SCT_CHECK(syscall(SYS_recvfrom, u2, buf, sizeof(buf), 0, &from, &flen) == 4);
	E("> recvfrom fd=%ld(<4>127.0.0.1:0) size=128", u2);
	E("< recvfrom res=4 data=ping tuple=127.0.0.1:%u->127.0.0.1:%u", p1, p2);
	/* the inspector names both ends of the datagram exchange after it */
	snprintf(udp, sizeof(udp), "<4u>127.0.0.1:%u->127.0.0.1:%u", p1, p2);

	memset(&mh, 0, sizeof(mh));
	a = lo(p1);
	mh.msg_name = &a;
	mh.msg_namelen = sizeof(a);
	iov[0].iov_base = "pong";
	iov[0].iov_len = 4;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	SCT_CHECK(syscall(SYS_sendmsg, u2, &mh, 0) == 4);
	E("> sendmsg fd=%ld(%s) size=4 tuple=127.0.0.1:%u->127.0.0.1:%u", u2, udp, p2, p1);
	E("< sendmsg res=4 data=pong");
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &from;
	mh.msg_namelen = sizeof(from);
	iov[0].iov_base = buf;
	iov[0].iov_len = 64;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	SCT_CHECK(syscall(SYS_recvmsg, u1, &mh, 0) == 4);
	E("> recvmsg fd=%ld(%s)", u1, udp);
	E("< recvmsg res=4 size=4 data=pong tuple=127.0.0.1:%u->127.0.0.1:%u", p2, p1);

	SCT_CHECK(syscall(SYS_close, u1) == 0);
	E("> close fd=%ld(%s)", u1, udp);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, u2) == 0);
	E("> close fd=%ld(%s)", u2, udp);
	E("< close res=0");

	/* a refused connection: a known errno */
	cs = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	SCT_CHECK(cs >= 0);
	E("> socket domain=2(AF_INET) type=1 proto=0");
	E("< socket fd=%ld(<4>)", cs);
	a = lo(lport);   /* the listener is closed now */
	SCT_CHECK(syscall(SYS_connect, cs, &a, sizeof(a)) == -1 && errno == ECONNREFUSED);
	E("> connect fd=%ld(<4>) addr=127.0.0.1:%u", cs, lport);
	E("< connect res=-111(ECONNREFUSED) tuple={*}->127.0.0.1:%u", lport);
	SCT_CHECK(syscall(SYS_close, cs) == 0);
	E("> close fd=%ld(<4>)", cs);
	E("< close res=0");

	sct_end();
	return 0;
}
