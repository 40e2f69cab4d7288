/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Directory and file-system operations: mkdir, mkdirat, chdir, fchdir,
 * rmdir, unlink, unlinkat, rename, renameat, renameat2, link, linkat,
 * symlink, symlinkat, chmod, fchmod, fchmodat, chown (a generic event in
 * sysdig 0.29's table). Relative paths are shown resolved against the cwd
 * the inspector tracked through chdir/fchdir.
 */
#include "sct.h"

#include <linux/fs.h>

int main(int argc, char **argv)
{
	char d[256], sub[300], f1[300], f2[300], f3[300], f4[300];
	const char *dir;
	long dfd, ffd, uid, gid;

	sct_init(argc, argv);
	dir = sct_tmpdir("fsops");
	snprintf(d, sizeof(d), "%s", dir);
	snprintf(sub, sizeof(sub), "%s/sub", d);
	snprintf(f1, sizeof(f1), "%s/f1", d);
	snprintf(f2, sizeof(f2), "%s/f2", d);
	snprintf(f3, sizeof(f3), "%s/f3", d);
	snprintf(f4, sizeof(f4), "%s/f4", d);
	uid = getuid();   /* here: inside the region they would be syscalls of their own */
	gid = getgid();
	ffd = open(f1, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dfd = open(d, O_RDONLY | O_DIRECTORY);
	if (ffd < 0 || dfd < 0)
		sct_exit(SCT_HARD, "cannot set up %s", d);

	sct_begin();

	SCT_CHECK(syscall(SYS_mkdir, sub, 0755) == 0);
	E("> mkdir mode=0");   /* sysdig's driver never filled it */
	E("< mkdir res=0 path=%s", sub);
	SCT_CHECK(syscall(SYS_chdir, sub) == 0);
	E("> chdir");
	E("< chdir res=0 path=%s", sub);
	SCT_CHECK(syscall(SYS_mkdirat, SCT_AT_FDCWD, "in", 0700) == 0);
	E("> mkdirat");
	E("< mkdirat res=0 dirfd=-100(AT_FDCWD) path=in(%s/in) mode=1C0", sub);
	SCT_CHECK(syscall(SYS_rmdir, "in") == 0);
	E("> rmdir");
	E("< rmdir res=0 path=in(%s/in)", sub);
	SCT_CHECK(syscall(SYS_fchdir, dfd) == 0);
	E("> fchdir fd=%ld(<d>%s)", dfd, d);
	E("< fchdir res=0");
	SCT_CHECK(syscall(SYS_rmdir, "sub") == 0);
	E("> rmdir");
	E("< rmdir res=0 path=sub(%s)", sub);
	SCT_CHECK(syscall(SYS_rmdir, "sub") == -1 && errno == ENOENT);
	E("> rmdir");
	E("< rmdir res=-2(ENOENT) path=sub(%s)", sub);

	SCT_CHECK(syscall(SYS_rename, f1, f2) == 0);
	E("> rename");
	E("< rename res=0 oldpath=%s newpath=%s", f1, f2);
	SCT_CHECK(syscall(SYS_renameat, SCT_AT_FDCWD, "f2", dfd, "f1") == 0);
	E("> renameat");
	E("< renameat res=0 olddirfd=-100(AT_FDCWD) oldpath=f2(%s) newdirfd=%ld(<d>%s) newpath=f1(%s)",
	  f2, dfd, d, f1);
	SCT_CHECK(syscall(SYS_renameat2, SCT_AT_FDCWD, f1, SCT_AT_FDCWD, f2, RENAME_NOREPLACE) == 0);
	E("> renameat2");
	E("< renameat2 res=0 olddirfd=-100(AT_FDCWD) oldpath=%s newdirfd=-100(AT_FDCWD) newpath=%s flags=1(RENAME_NOREPLACE)",
	  f1, f2);

	SCT_CHECK(syscall(SYS_link, f2, f3) == 0);
	E("> link");
	E("< link res=0 oldpath=%s newpath=%s", f2, f3);
	SCT_CHECK(syscall(SYS_linkat, SCT_AT_FDCWD, f2, dfd, "f4", 0) == 0);
	E("> linkat");
	E("< linkat res=0 olddir=-100(AT_FDCWD) oldpath=%s newdir=%ld(<d>%s) newpath=f4(%s) flags=0",
	  f2, dfd, d, f4);
	SCT_CHECK(syscall(SYS_unlink, f4) == 0);
	E("> unlink");
	E("< unlink res=0 path=%s", f4);
	SCT_CHECK(syscall(SYS_symlink, "f2", f4) == 0);
	E("> symlink");
	E("< symlink res=0 target=f2 linkpath=%s", f4);
	SCT_CHECK(syscall(SYS_unlinkat, dfd, "f4", 0) == 0);
	E("> unlinkat");
	E("< unlinkat res=0 dirfd=%ld(<d>%s) name=f4(%s) flags=0", dfd, d, f4);
	SCT_CHECK(syscall(SYS_symlinkat, "f3", SCT_AT_FDCWD, "f4") == 0);
	E("> symlinkat");
	E("< symlinkat res=0 target=f3 linkdirfd=-100(AT_FDCWD) linkpath=f4(%s)", f4);

	SCT_CHECK(syscall(SYS_chmod, f2, 0600) == 0);
	E("> chmod");
	E("< chmod res=0 filename=%s mode=0600(S_IWUSR|S_IRUSR)", f2);
	SCT_CHECK(syscall(SYS_fchmod, ffd, 0644) == 0);
	E("> fchmod");
	E("< fchmod res=0 fd=%ld(<f>%s) mode=0644(S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR)", ffd, f1);
	SCT_CHECK(syscall(SYS_fchmodat, SCT_AT_FDCWD, "f3", 0400) == 0);
	E("> fchmodat");
	E("< fchmodat res=0 dirfd=-100(AT_FDCWD) filename=f3(%s) mode=0400(S_IRUSR)", f3);
	SCT_CHECK(syscall(SYS_chown, f2, uid, gid) == 0);
	E("> chown");
	E("< chown");

	SCT_CHECK(syscall(SYS_unlinkat, SCT_AT_FDCWD, f3, 0) == 0);
	E("> unlinkat");
	E("< unlinkat res=0 dirfd=-100(AT_FDCWD) name=%s flags=0", f3);
	SCT_CHECK(syscall(SYS_mkdir, sub, 0700) == 0);
	E("> mkdir mode=0");
	E("< mkdir res=0 path=%s", sub);
	SCT_CHECK(syscall(SYS_unlinkat, SCT_AT_FDCWD, sub, AT_REMOVEDIR) == 0);
	E("> unlinkat");
	E("< unlinkat res=0 dirfd=-100(AT_FDCWD) name=%s flags=512(AT_REMOVEDIR)", sub);
	SCT_CHECK(syscall(SYS_unlink, f1) == -1 && errno == ENOENT);
	E("> unlink");
	E("< unlink res=-2(ENOENT) path=%s", f1);

	sct_end();
	unlink(f2);
	unlink(f4);
	chdir("/");
	rmdir(d);
	return 0;
}
