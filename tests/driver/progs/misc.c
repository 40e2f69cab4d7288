/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sendfile (with and without an offset: sysdig's driver shows the offset
 * the caller's pointer holds, before and after), splice (its flags as
 * given) and ioctl (request and argument as raw numbers).
 */
#include "sct.h"

#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	char path[512], out[512], big[100];
	const char *dir;
	long fd, fo;
	off_t off = 10;
	int p[2], n = -1, i;

	sct_init(argc, argv);
	dir = sct_tmpdir("misc");
	snprintf(path, sizeof(path), "%s/in", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)('0' + i % 10);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fo < 0 || write(fd, big, sizeof(big)) != (ssize_t)sizeof(big) ||
	    lseek(fd, 0, SEEK_SET) != 0 || pipe(p) != 0)
		sct_exit(SCT_HARD, "cannot set up %s", dir);

	sct_begin();

	SCT_CHECK(syscall(SYS_sendfile, p[1], fd, &off, 20) == 20 && off == 30);
	E("> sendfile out_fd=%d(<p>) in_fd=%ld(<f>%s) offset=10 size=20", p[1], fd, path);
	E("< sendfile res=20 offset=30");
	SCT_CHECK(syscall(SYS_sendfile, p[1], fd, NULL, 5) == 5);
	E("> sendfile out_fd=%d(<p>) in_fd=%ld(<f>%s) offset=0 size=5", p[1], fd, path);
	E("< sendfile res=5 offset=0");

	SCT_CHECK(syscall(SYS_splice, p[0], NULL, fo, NULL, 25, 0) == 25);
	E("> splice fd_in=%d(<p>) fd_out=%ld(<f>%s) size=25 flags=0", p[0], fo, out);
	E("< splice res=25");

	SCT_CHECK(syscall(SYS_ioctl, p[0], FIONREAD, &n) == 0 && n == 0);
	E("> ioctl fd=%d(<p>) request=541B argument=%lX", p[0], (unsigned long)&n);
	E("< ioctl res=0");
	SCT_CHECK(syscall(SYS_ioctl, fd, FIONREAD, &n) == 0);
	E("> ioctl fd=%ld(<f>%s) request=541B argument=%lX", fd, path, (unsigned long)&n);
	E("< ioctl res=0");

	sct_end();
	unlink(path);
	unlink(out);
	rmdir(dir);
	return 0;
}
