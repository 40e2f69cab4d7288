/* SPDX-License-Identifier: Apache-2.0 */
/*
 * read, write, pread, pwrite, readv, writev, preadv, pwritev and lseek on a
 * file, with known data: buffers longer than the default snaplen (80 bytes)
 * must come out cut at 80, zero bytes as '.'.
 */
#include "sct.h"

#include <sys/uio.h>

int main(int argc, char **argv)
{
	char path[512], big[100], in[256];
	const char *dir;
	struct iovec iov[2];
	long fd;
	int i;

	sct_init(argc, argv);
	dir = sct_tmpdir("rw");
	snprintf(path, sizeof(path), "%s/data", dir);
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)('0' + i % 10);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		sct_exit(SCT_HARD, "open %s", path);

	sct_begin();

	/* 100 bytes written, 80 shown */
	SCT_CHECK(syscall(SYS_write, fd, big, sizeof(big)) == (long)sizeof(big));
	E("> write fd=%ld(<f>%s) size=100", fd, path);
	E("< write res=100 data=%s", sct_dots(big, 80));

	/* at an offset, beyond the end: a hole of zeros in between */
	SCT_CHECK(syscall(SYS_pwrite64, fd, "hello", 5, 200) == 5);
	E("> pwrite fd=%ld(<f>%s) size=5 pos=200", fd, path);
	E("< pwrite res=5 data=hello");

	/* two buffers in one write */
	iov[0].iov_base = "abc";
	iov[0].iov_len = 3;
	iov[1].iov_base = "defgh";
	iov[1].iov_len = 5;
	SCT_CHECK(syscall(SYS_writev, fd, iov, 2) == 8);
	E("> writev fd=%ld(<f>%s) size=8", fd, path);
	E("< writev res=8 data=abcdefgh");

	iov[0].iov_base = "XY";
	iov[0].iov_len = 2;
	SCT_CHECK(syscall(SYS_pwritev, fd, iov, 1, 300, 0) == 2);
	E("> pwritev fd=%ld(<f>%s) size=2 pos=300", fd, path);
	E("< pwritev res=2 data=XY");

	SCT_CHECK(syscall(SYS_lseek, fd, 0, SEEK_SET) == 0);
	E("> lseek fd=%ld(<f>%s) offset=0 whence=0(SEEK_SET)", fd, path);
	E("< lseek res=0");

	/* read 100, see 80 */
	SCT_CHECK(syscall(SYS_read, fd, in, 100) == 100 && memcmp(in, big, 100) == 0);
	E("> read fd=%ld(<f>%s) size=100", fd, path);
	E("< read res=100 data=%s", sct_dots(big, 80));

	SCT_CHECK(syscall(SYS_pread64, fd, in, 5, 200) == 5 && memcmp(in, "hello", 5) == 0);
	E("> pread fd=%ld(<f>%s) size=5 pos=200", fd, path);
	E("< pread res=5 data=hello");

	/* readv: 4 + 100 bytes from offset 96: "6789", "abcdefgh", zeros */
	SCT_CHECK(syscall(SYS_lseek, fd, 96, SEEK_SET) == 96);
	E("> lseek fd=%ld(<f>%s) offset=96 whence=0(SEEK_SET)", fd, path);
	E("< lseek res=96");
	memset(in, 'z', sizeof(in));
	iov[0].iov_base = in;
	iov[0].iov_len = 4;
	iov[1].iov_base = in + 4;
	iov[1].iov_len = 100;
	SCT_CHECK(syscall(SYS_readv, fd, iov, 2) == 104 && memcmp(in, "6789abcdefgh", 12) == 0);
	E("> readv fd=%ld(<f>%s)", fd, path);
	E("< readv res=104 size=104 data=%s", sct_dots(in, 80));

	iov[0].iov_base = in;
	iov[0].iov_len = 2;
	SCT_CHECK(syscall(SYS_preadv, fd, iov, 1, 300, 0) == 2 && memcmp(in, "XY", 2) == 0);
	E("> preadv fd=%ld(<f>%s) pos=300", fd, path);
	E("< preadv res=2 size=2 data=XY");

	/* end of file: a read of nothing */
	SCT_CHECK(syscall(SYS_pread64, fd, in, 10, 1000) == 0);
	E("> pread fd=%ld(<f>%s) size=10 pos=1000", fd, path);
	E("< pread res=0 data=");

	/* a write to an fd that is not open: EBADF; sysdig's driver still
	 * copies the buffer the write was given (a failed read has none) */
	SCT_CHECK(syscall(SYS_write, 999, "x", 1) == -1 && errno == EBADF);
	E("> write fd=999 size=1");
	E("< write res=-9(EBADF) data=x");
	SCT_CHECK(syscall(SYS_read, 999, in, 10) == -1 && errno == EBADF);
	E("> read fd=999 size=10");
	E("< read res=-9(EBADF) data=");

	sct_end();
	close(fd);
	unlink(path);
	rmdir(dir);
	return 0;
}
