/* SPDX-License-Identifier: Apache-2.0 */
/*
 * setsockopt and getsockopt: the value (a DYN parameter) in each of the
 * shapes sysdig's driver gives it. SOL_SOCKET options with an int value
 * (SO_REUSEADDR, SO_RCVBUF) are a UINT32, SO_ERROR an errno (negated),
 * SO_RCVTIMEO/SO_SNDTIMEO a timeval as RELTIME nanoseconds, any other level
 * (TCP_NODELAY) the raw bytes. setsockopt's optlen is the argument,
 * getsockopt's the length the kernel wrote back; a failing call still
 * carries the value it was given.
 */
#include "sct.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

int main(int argc, char **argv)
{
	int one = 1, rcv = 65536, got = 0;
	struct timeval tv = { 2, 500000 }, tvo = { 0, 0 };
	socklen_t len;
	long s;

	sct_init(argc, argv);
	sct_begin();

	s = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	SCT_CHECK(s >= 0);
	E("> socket domain=2(AF_INET) type=1 proto=0");
	E("< socket fd=%ld(<4>)", s);

	SCT_CHECK(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
	E("> setsockopt");
	E("< setsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=2(SO_REUSEADDR) val=1 optlen=4", s);

	SCT_CHECK(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv)) == 0);
	E("> setsockopt");
	E("< setsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=8(SO_RCVBUF) val=65536 optlen=4", s);

	len = sizeof(got);
	SCT_CHECK(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 && len == 4);
	E("> getsockopt");
	E("< getsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=8(SO_RCVBUF) val=%d optlen=4", s, got);

	SCT_CHECK(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	E("> setsockopt");
	E("< setsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=20(SO_RCVTIMEO) val=2500000000(2.5s) optlen=16", s);

	len = sizeof(tvo);
	SCT_CHECK(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO, &tvo, &len) == 0 && len == 16 &&
		  tvo.tv_sec == 2 && tvo.tv_usec == 500000);
	E("> getsockopt");
	E("< getsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=20(SO_RCVTIMEO) val=2500000000(2.5s) optlen=16", s);

	got = 7;
	len = sizeof(got);
	SCT_CHECK(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_ERROR, &got, &len) == 0 && got == 0);
	E("> getsockopt");
	E("< getsockopt res=0 fd=%ld(<4>) level=1(SOL_SOCKET) optname=4(SO_ERROR) val=0 optlen=4", s);

	SCT_CHECK(syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0);
	E("> setsockopt");
	E("< setsockopt res=0 fd=%ld(<4>) level=2(SOL_TCP) optname=0(UNKNOWN) val=.... optlen=4", s);

	/* a bad fd: the value is still read */
	SCT_CHECK(syscall(SYS_setsockopt, 999L, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 &&
		  errno == EBADF);
	E("> setsockopt");
	E("< setsockopt res=-9(EBADF) fd=999 level=1(SOL_SOCKET) optname=2(SO_REUSEADDR) val=1 optlen=4");

	SCT_CHECK(syscall(SYS_close, s) == 0);
	E("> close fd=%ld(<4>)", s);
	E("< close res=0");

	sct_end();
	return 0;
}
