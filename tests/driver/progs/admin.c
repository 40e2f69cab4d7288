/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Administrative syscalls, most of them failing on purpose (their
 * parameters are filled all the same): quotactl (cmd/type/id/format on
 * entry; on exit the dqblk the caller's buffer holds for Q_GETQUOTA, read
 * whatever the result, and the quota file for Q_QUOTAON), bpf (a map
 * create gives an fd, a bad command an errno: the DYN res_or_fd), prctl
 * (a generic event), seccomp (SECCOMP_GET_ACTION_AVAIL: op only), mount
 * (flags with the MS_MGC_VAL magic removed; dev, dir and type) and umount2.
 */
#include "sct.h"

#include <linux/bpf.h>
#include <linux/quota.h>
#include <linux/seccomp.h>
#include <sys/mount.h>
#include <sys/prctl.h>

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EFAULT: return "EFAULT";
	case ENOTBLK: return "ENOTBLK";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	case EACCES: return "EACCES";
	}
	return "?";
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/sct-no-such-dev", *qfile = "/sct-no-such-quota";
	const char *dir = "/sct-no-such-mountpoint";
	struct if_dqblk dq;
	union bpf_attr attr;
	unsigned action = SECCOMP_RET_KILL_PROCESS;
	char name[16];
	long r, fd;

	sct_init(argc, argv);
	memset(&dq, 0, sizeof(dq));
	dq.dqb_bhardlimit = 100;
	dq.dqb_bsoftlimit = 50;
	dq.dqb_curspace = 4096;
	dq.dqb_ihardlimit = 10;
	dq.dqb_isoftlimit = 5;
	dq.dqb_valid = QIF_BLIMITS | QIF_SPACE | QIF_ILIMITS | QIF_BTIME | QIF_ITIME;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;

	sct_begin();

	r = syscall(SYS_quotactl, (long)QCMD(Q_GETQUOTA, USRQUOTA), dev, 1000L, &dq);
	SCT_CHECK(r == -1);
	E("> quotactl cmd=32(Q_GETQUOTA) type=1(USRQUOTA) id=1000 quota_fmt=1(QFMT_NOT_USED)");
	E("< quotactl res=%d(%s) special=%s quotafilepath= dqb_bhardlimit=100 dqb_bsoftlimit=50 "
	  "dqb_curspace=4096 dqb_ihardlimit=10 dqb_isoftlimit=5 dqb_btime=0(0s) dqb_itime=0(0s) "
	  "dqi_bgrace=0(0s) dqi_igrace=0(0s) dqi_flags=0 quota_fmt_out=1(QFMT_NOT_USED)", -errno, errname(errno), dev);
	r = syscall(SYS_quotactl, (long)QCMD(Q_QUOTAON, GRPQUOTA), dev, (long)QFMT_VFS_V0, qfile);
	SCT_CHECK(r == -1);
	E("> quotactl cmd=1(Q_QUOTAON) type=2(GRPQUOTA) id=0 quota_fmt=4(QFMT_VFS_V0)");
	E("< quotactl res=%d(%s) special=%s quotafilepath=%s dqb_bhardlimit=0 dqb_bsoftlimit=0 "
	  "dqb_curspace=0 dqb_ihardlimit=0 dqb_isoftlimit=0 dqb_btime=0(0s) dqb_itime=0(0s) "
	  "dqi_bgrace=0(0s) dqi_igrace=0(0s) dqi_flags=0 quota_fmt_out=1(QFMT_NOT_USED)", -errno, errname(errno),
	  dev, qfile);

	fd = syscall(SYS_bpf, (long)BPF_MAP_CREATE, &attr, (long)sizeof(attr));
	if (fd < 0)
		sct_exit(SCT_SKIP, "cannot create a bpf map (errno %d): not root?", errno);
	E("> bpf cmd=0");
	E("< bpf res_or_fd=%ld", fd);
	SCT_CHECK(syscall(SYS_bpf, 9999L, &attr, (long)sizeof(attr)) == -1 && errno == EINVAL);
	E("> bpf cmd=9999");
	E("< bpf res_or_fd=-22(EINVAL)");
	SCT_CHECK(syscall(SYS_close, fd) == 0);
	E("> close fd=%ld", fd);
	E("< close res=0");

	SCT_CHECK(syscall(SYS_prctl, (long)PR_GET_NAME, name, 0L, 0L, 0L) == 0);
	E("> prctl");
	E("< prctl");

	SCT_CHECK(syscall(SYS_seccomp, (long)SECCOMP_GET_ACTION_AVAIL, 0L, &action) == 0);
	E("> seccomp op=2");
	E("< seccomp res=0");

	r = syscall(SYS_mount, "none", dir, "tmpfs", (long)(MS_MGC_VAL | MS_RDONLY | MS_NOSUID), NULL);
	SCT_CHECK(r == -1);
	E("> mount flags=3(RDONLY|NOSUID)");
	E("< mount res=%d(%s) dev=none dir=%s type=tmpfs", -errno, errname(errno), dir);
	r = syscall(SYS_umount2, dir, (long)MNT_DETACH);
	SCT_CHECK(r == -1);
	E("> umount flags=2(DETACH)");
	E("< umount res=%d(%s) name=%s", -errno, errname(errno), dir);

	sct_end();
	return 0;
}
