/* SPDX-License-Identifier: Apache-2.0 */
/*
 * open, openat (absolute and relative to a directory fd), openat2, creat and
 * close, each with its flags and mode as sysdig renders them (O_DIRECTORY
 * also sets O_TMPFILE, as sysdig's driver tests "flags & O_TMPFILE"); and the
 * failing open("/nonexistent") that must report fd=-2(ENOENT).
 */
#include "sct.h"

#include <linux/openat2.h>

int main(int argc, char **argv)
{
	const char *dir;
	char a[512], b[512], c[512];
	struct open_how how = { 0 };
	unsigned dev;
	long fa, fb, fc, fd, fr, f2;

	sct_init(argc, argv);
	dir = sct_tmpdir("open");
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(c, sizeof(c), "%s/c", dir);
	dev = sct_dev(dir);

	sct_begin();

	/* open(2) creating a file, and the state naming its fd after it */
	fa = syscall(SYS_open, a, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	SCT_CHECK(fa >= 0);
	E("> open name=%s flags=262(O_TRUNC|O_CREAT|O_WRONLY) mode=0600", a);
	E("< open fd=%ld(<f>%s) name=%s flags=262(O_TRUNC|O_CREAT|O_WRONLY) mode=0600 dev=%X", fa, a, a, dev);

	/* openat(AT_FDCWD) of the same file, read-only, close-on-exec */
	fb = syscall(SYS_openat, SCT_AT_FDCWD, a, O_RDONLY | O_CLOEXEC, 0);
	SCT_CHECK(fb >= 0);
	E("> openat dirfd=-100(AT_FDCWD) name=%s flags=4097(O_RDONLY|O_CLOEXEC) mode=0", a);
	E("< openat fd=%ld(<f>%s) dirfd=-100(AT_FDCWD) name=%s flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=%X",
	  fb, a, a, dev);

	/* a directory fd, and openat relative to it: the path is resolved against it */
	fd = syscall(SYS_openat, SCT_AT_FDCWD, dir, O_RDONLY | O_DIRECTORY, 0);
	SCT_CHECK(fd >= 0);
	E("> openat dirfd=-100(AT_FDCWD) name=%s flags=9217(O_DIRECTORY|O_RDONLY|O_TMPFILE) mode=0", dir);
	E("< openat fd=%ld(<d>%s) dirfd=-100(AT_FDCWD) name=%s flags=9217(O_DIRECTORY|O_RDONLY|O_TMPFILE) mode=0 dev=%X",
	  fd, dir, dir, dev);
	fr = syscall(SYS_openat, fd, "b", O_RDWR | O_CREAT | O_EXCL | O_APPEND, 0640);
	SCT_CHECK(fr >= 0);
	E("> openat dirfd=%ld(<d>%s) name=b(%s) flags=47(O_EXCL|O_APPEND|O_CREAT|O_RDWR) mode=0640",
	  fd, dir, b);
	E("< openat fd=%ld(<f>%s) dirfd=%ld(<d>%s) name=b(%s) flags=47(O_EXCL|O_APPEND|O_CREAT|O_RDWR) mode=0640 dev=%X",
	  fr, b, fd, dir, b, dev);

	/* openat2 with a resolve flag */
	how.flags = O_RDONLY;
	how.resolve = RESOLVE_NO_SYMLINKS;
	f2 = syscall(SYS_openat2, SCT_AT_FDCWD, a, &how, sizeof(how));
	if (f2 < 0 && errno == ENOSYS)
		sct_exit(SCT_SKIP, "no openat2 on this kernel");
	SCT_CHECK(f2 >= 0);
	E("> openat2 dirfd=-100(AT_FDCWD) name=%s flags=1(O_RDONLY) mode=0 resolve=8(RESOLVE_NO_SYMLINKS)", a);
	E("< openat2 fd=%ld(<f>%s) dirfd=-100(AT_FDCWD) name=%s flags=1(O_RDONLY) mode=0 resolve=8(RESOLVE_NO_SYMLINKS)",
	  f2, a, a);

	/* creat */
	fc = syscall(SYS_creat, c, 0644);
	SCT_CHECK(fc >= 0);
	E("> creat name=%s mode=0644", c);
	E("< creat fd=%ld(<f>%s) name=%s mode=0644 dev=%X", fc, c, c, dev);

	/* close, each fd still named until it is gone */
	SCT_CHECK(syscall(SYS_close, fa) == 0);
	E("> close fd=%ld(<f>%s)", fa, a);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, fb) == 0);
	E("> close fd=%ld(<f>%s)", fb, a);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, fr) == 0);
	E("> close fd=%ld(<f>%s)", fr, b);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, f2) == 0);
	E("> close fd=%ld(<f>%s)", f2, a);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, fc) == 0);
	E("> close fd=%ld(<f>%s)", fc, c);
	E("< close res=0");
	SCT_CHECK(syscall(SYS_close, fd) == 0);
	E("> close fd=%ld(<d>%s)", fd, dir);
	E("< close res=0");

	/* closing a closed fd: EBADF, and no name any more */
	SCT_CHECK(syscall(SYS_close, fd) == -1 && errno == EBADF);
	E("> close fd=%ld", fd);
	E("< close res=-9(EBADF)");

	/* the failing open with a known errno */
	SCT_CHECK(syscall(SYS_open, "/nonexistent", O_RDONLY, 0) == -1 && errno == ENOENT);
	E("> open name=/nonexistent flags=1(O_RDONLY) mode=0");
	E("< open fd=-2(ENOENT) name=/nonexistent flags=1(O_RDONLY) mode=0 dev=0");

	sct_end();
	unlink(a);
	unlink(b);
	unlink(c);
	rmdir(dir);
	return 0;
}
