/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pipe, pipe2 (the same "pipe" event in sysdig 0.29's table), dup, dup2,
 * dup3 (all "dup"), fcntl and close. A pipe's inode number comes from fstat.
 * fcntl's result is an fd-typed parameter, so a small number resolves to
 * whatever that fd is: only the number is pinned there.
 */
#include "sct.h"

/* The pipe's inode, with a raw fstat (libc's may be newfstatat or statx): expected too. */
static unsigned long ino_of(int fd)
{
	struct stat st;

	SCT_CHECK(syscall(SYS_fstat, fd, &st) == 0);
	E("> fstat fd=%d(<p>)", fd);
	E("< fstat res=0");
	return (unsigned long)st.st_ino;
}

int main(int argc, char **argv)
{
	int p[2], q[2];
	unsigned long ino, ino2;
	long d1, d2, d3, d4;

	sct_init(argc, argv);
	if (fcntl(20, F_GETFD) >= 0 || fcntl(21, F_GETFD) >= 0 || fcntl(30, F_GETFD) >= 0)
		sct_exit(SCT_HARD, "fds 20, 21 and 30 must be free");

	sct_begin();

	SCT_CHECK(syscall(SYS_pipe, p) == 0);
	E("> pipe");
	E("< pipe res=0 fd1=%d(<p>) fd2=%d(<p>) ino={*}", p[0], p[1]);
	ino = ino_of(p[0]);
	SCT_CHECK(syscall(SYS_pipe2, q, O_CLOEXEC | O_NONBLOCK) == 0);
	E("> pipe");
	E("< pipe res=0 fd1=%d(<p>) fd2=%d(<p>) ino={*}", q[0], q[1]);
	ino2 = ino_of(q[0]);
	/* the inode numbers, now known, replace the two "{*}" above */
	sct_fill("ino={*}", "ino=%lu", ino);
	sct_fill("ino={*}", "ino=%lu", ino2);

	d1 = syscall(SYS_dup, p[0]);
	SCT_CHECK(d1 >= 0);
	E("> dup fd=%d(<p>)", p[0]);
	E("< dup res=%ld(<p>)", d1);
	d2 = syscall(SYS_dup2, p[1], 20);
	SCT_CHECK(d2 == 20);
	E("> dup fd=%d(<p>)", p[1]);
	E("< dup res=20(<p>)");
	d3 = syscall(SYS_dup3, q[0], 21, O_CLOEXEC);
	SCT_CHECK(d3 == 21);
	E("> dup fd=%d(<p>)", q[0]);
	E("< dup res=21(<p>)");

	d4 = syscall(SYS_fcntl, p[0], F_DUPFD, 30);
	SCT_CHECK(d4 == 30);
	E("> fcntl fd=%d(<p>) cmd=1(F_DUPFD)", p[0]);
	E("< fcntl res=30(<p>)");
	SCT_CHECK(syscall(SYS_fcntl, q[0], F_GETFD) == FD_CLOEXEC);
	E("> fcntl fd=%d(<p>) cmd=2(F_GETFD)", q[0]);
	E("< fcntl res=1{*}");
	SCT_CHECK(syscall(SYS_fcntl, p[0], F_SETFL, O_NONBLOCK) == 0);
	E("> fcntl fd=%d(<p>) cmd=5(F_SETFL)", p[0]);
	E("< fcntl res=0{*}");

	/* data through the pipe, and through a dup of its write end */
	SCT_CHECK(syscall(SYS_write, 20, "through", 7) == 7);
	E("> write fd=20(<p>) size=7");
	E("< write res=7 data=through");
	{
		char b[16];

		SCT_CHECK(syscall(SYS_read, 30, b, sizeof(b)) == 7);
	}
	E("> read fd=30(<p>) size=16");
	E("< read res=7 data=through");

	/* a dup of a closed fd: EBADF */
	SCT_CHECK(syscall(SYS_dup, 999) == -1 && errno == EBADF);
	E("> dup fd=999");
	E("< dup res=-9(EBADF)");

	SCT_CHECK(syscall(SYS_close, 30) == 0);
	E("> close fd=30(<p>)");
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, 20) == 0);
	E("> close fd=20(<p>)");
	E("< close res=0");

	sct_end();
	return 0;
}
