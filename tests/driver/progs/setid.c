/* SPDX-License-Identifier: Apache-2.0 */
/*
 * setuid, setgid, setresuid, setresgid (and setreuid, a generic event),
 * as root only: each sets what is already set, so nothing changes, and -1
 * ("leave it") shows as <NONE>. Not root: skipped (77).
 */
#include "sct.h"

int main(int argc, char **argv)
{
	sct_init(argc, argv);
	if (geteuid() != 0 || getuid() != 0 || getgid() != 0)
		sct_exit(SCT_SKIP, "the set*id test runs as root (uid and gid 0)");

	sct_begin();

	SCT_CHECK(syscall(SYS_setuid, 0) == 0);
	E("> setuid uid=0(root)");
	E("< setuid res=0");
	SCT_CHECK(syscall(SYS_setgid, 0) == 0);
	E("> setgid gid=0(root)");
	E("< setgid res=0");
	SCT_CHECK(syscall(SYS_setresuid, 0, -1L, 0) == 0);
	E("> setresuid ruid=0(root) euid=-1(<NONE>) suid=0(root)");
	E("< setresuid res=0");
	SCT_CHECK(syscall(SYS_setresgid, -1L, 0, -1L) == 0);
	E("> setresgid rgid=-1(<NONE>) egid=0(root) sgid=-1(<NONE>)");
	E("< setresgid res=0");
	SCT_CHECK(syscall(SYS_setreuid, -1L, -1L) == 0);
	E("> setreuid");
	E("< setreuid");

	sct_end();
	return 0;
}
