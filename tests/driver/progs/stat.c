/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stat, lstat, fstat, newfstatat (a generic event in sysdig 0.29's table),
 * access (its mode names, a known errno) and getdents/getdents64 of a
 * directory whose size in bytes the program measured.
 */
#include "sct.h"

int main(int argc, char **argv)
{
	char path[512], buf[4096];
	const char *dir;
	struct stat st;
	long fd, dfd, n, n64;

	sct_init(argc, argv);
	dir = sct_tmpdir("stat");
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || dfd < 0)
		sct_exit(SCT_HARD, "cannot set up %s", dir);
	/* the sizes getdents will return, measured first */
	n64 = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
	lseek(dfd, 0, SEEK_SET);
	n = syscall(SYS_getdents, dfd, buf, sizeof(buf));
	lseek(dfd, 0, SEEK_SET);
	if (n <= 0 || n64 <= 0)
		sct_exit(SCT_HARD, "getdents");

	sct_begin();

	SCT_CHECK(syscall(SYS_stat, path, &st) == 0);
	E("> stat");
	E("< stat res=0 path=%s", path);
	SCT_CHECK(syscall(SYS_lstat, path, &st) == 0);
	E("> lstat");
	E("< lstat res=0 path=%s", path);
	SCT_CHECK(syscall(SYS_fstat, fd, &st) == 0);
	E("> fstat fd=%ld(<f>%s)", fd, path);
	E("< fstat res=0");
	SCT_CHECK(syscall(SYS_newfstatat, SCT_AT_FDCWD, path, &st, 0) == 0);
	E("> newfstatat");
	E("< newfstatat");
	SCT_CHECK(syscall(SYS_stat, "/nonexistent", &st) == -1 && errno == ENOENT);
	E("> stat");
	E("< stat res=-2(ENOENT) path=/nonexistent");

	SCT_CHECK(syscall(SYS_access, path, R_OK | W_OK) == 0);
	E("> access mode=6(R_OK|W_OK)");
	E("< access res=0 name=%s", path);
	SCT_CHECK(syscall(SYS_access, "/nonexistent", F_OK) == -1 && errno == ENOENT);
	E("> access mode=0(F_OK)");
	E("< access res=-2(ENOENT) name=/nonexistent");

	SCT_CHECK(syscall(SYS_getdents64, dfd, buf, sizeof(buf)) == n64);
	E("> getdents64 fd=%ld(<d>%s)", dfd, dir);
	E("< getdents64 res=%ld", n64);
	SCT_CHECK(syscall(SYS_getdents64, dfd, buf, sizeof(buf)) == 0);
	E("> getdents64 fd=%ld(<d>%s)", dfd, dir);
	E("< getdents64 res=0");
	SCT_CHECK(syscall(SYS_lseek, dfd, 0, SEEK_SET) == 0);
	E("> lseek fd=%ld(<d>%s) offset=0 whence=0(SEEK_SET)", dfd, dir);
	E("< lseek res=0");
	SCT_CHECK(syscall(SYS_getdents, dfd, buf, sizeof(buf)) == n);
	E("> getdents fd=%ld(<d>%s)", dfd, dir);
	E("< getdents res=%ld", n);
	SCT_CHECK(syscall(SYS_getdents64, fd, buf, sizeof(buf)) == -1 && errno == ENOTDIR);
	E("> getdents64 fd=%ld(<f>%s)", fd, path);
	E("< getdents64 res=-20(ENOTDIR)");

	sct_end();
	close(fd);
	unlink(path);
	rmdir(dir);
	return 0;
}
