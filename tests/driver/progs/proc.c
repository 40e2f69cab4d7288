/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Processes: fork, clone and vfork (both sides: the parent's exit event with
 * the child's pid, the child's with 0), execve of this same program (so the
 * process name, which the live drivers filter on, stays), a failing execve,
 * exit and exit_group, and the procexit event with the exit status. Memory
 * and page-fault counters, cgroups, tty and the exe-writable flag are left
 * open ("{*}"); pids, exe, args, env, cwd (sysdig's driver sends it empty),
 * fdlimit, uid/gid, pgid, loginuid and clone flags are pinned. Assumes the
 * initial pid namespace (vtid = tid).
 */
#include "sct.h"

#include <libgen.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

static char self[512], comm[16];
static const char *argv0;
static long ppid, fdlimit, loginuid;
static unsigned uid, gid;

/* The exit event of a clone/fork/vfork, seen by thread tid of the child or the parent. */
static void expect_clone_x(long tid, const char *type, long res, long pid, long ptid_)
{
	char resb[64];

	if (res > 0)
		snprintf(resb, sizeof(resb), "%ld(%s)", res, comm);
	else
		snprintf(resb, sizeof(resb), "%ld", res);
	/* sysdig's driver: exe and args from the process's argv, cwd always empty,
	 * flags only from clone's own argument (SIGCHLD alone maps to none) */
	sct_expect(tid, "< %s res=%s exe=%s args= tid=%ld(%s) pid=%ld(%s) ptid=%ld{*} cwd= fdlimit=%ld "
		   "pgft_maj={*} pgft_min={*} vm_size={*} vm_rss={*} vm_swap={*} comm=%s cgroups={*} "
		   "flags=0 uid=%u gid=%u vtid=%ld(%s) vpid=%ld(%s)",
		   type, resb, argv0, tid, comm, pid, comm, ptid_, fdlimit, comm, uid, gid, tid, comm, pid, comm);
}

int main(int argc, char **argv)
{
	static char *const env[] = { "A=1", "B=two", NULL };
	char *cargv[] = { self, "child", "x y", NULL };
	struct rlimit rl;
	FILE *f;
	long c, pgid;
	ssize_t n;
	int st;

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		syscall(SYS_exit_group, 3);   /* the exec'd child: nothing else */
	sct_init(argc, argv);
	argv0 = argv[0];
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		sct_exit(SCT_HARD, "readlink /proc/self/exe");
	self[n] = '\0';
	snprintf(comm, sizeof(comm), "%s", basename(strdup(self)));
	ppid = getppid();
	pgid = getpgrp();
	uid = getuid();
	gid = getgid();
	getrlimit(RLIMIT_NOFILE, &rl);
	fdlimit = (long)rl.rlim_cur;
	loginuid = -1;
	f = fopen("/proc/self/loginuid", "r");
	if (f) {
		unsigned long v;

		if (fscanf(f, "%lu", &v) == 1)
			loginuid = (long)(int)(unsigned)v;   /* sent as a signed 32-bit number */
		fclose(f);
	}

	sct_begin();

	/* fork: the child leaves with exit_group(5) */
	c = syscall(SYS_fork);
	if (c == 0)
		syscall(SYS_exit_group, 5);
	SCT_CHECK(c > 0);
	SCT_CHECK(syscall(SYS_wait4, c, &st, 0, NULL) == c && WIFEXITED(st) && WEXITSTATUS(st) == 5);
	E("> fork");
	expect_clone_x(sct_pid, "fork", c, sct_pid, ppid);
	E("> wait4");
	E("< wait4");
	expect_clone_x(c, "fork", 0, c, sct_pid);
	sct_expect(c, "> exit_group");
	sct_expect(c, "> procexit status=1280 ret=5 sig=0 core=0");

	/* clone as a fork: the child leaves with exit(0) */
	c = syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (c == 0)
		syscall(SYS_exit, 0);
	SCT_CHECK(c > 0);
	SCT_CHECK(syscall(SYS_wait4, c, &st, 0, NULL) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	E("> clone");
	expect_clone_x(sct_pid, "clone", c, sct_pid, ppid);
	E("> wait4");
	E("< wait4");
	expect_clone_x(c, "clone", 0, c, sct_pid);
	sct_expect(c, "> exit");
	sct_expect(c, "> procexit status=0 ret=0 sig=0 core=0");

	/* vfork + execve of ourselves with known args and env; the new image leaves with 3 */
	c = vfork();
	if (c == 0) {
		syscall(SYS_execve, self, cargv, env);
		syscall(SYS_exit_group, 99);
	}
	SCT_CHECK(c > 0);
	SCT_CHECK(syscall(SYS_wait4, c, &st, 0, NULL) == c && WIFEXITED(st) && WEXITSTATUS(st) == 3);
	E("> vfork");
	expect_clone_x(sct_pid, "vfork", c, sct_pid, ppid);
	E("> wait4");
	E("< wait4");
	expect_clone_x(c, "vfork", 0, c, sct_pid);
	sct_expect(c, "> execve filename=%s", self);
	sct_expect(c, "< execve res=0 exe=%s args=child.x y. tid=%ld(%s) pid=%ld(%s) ptid=%ld(%s) cwd= "
		   "fdlimit=%ld pgft_maj={*} pgft_min={*} vm_size={*} vm_rss={*} vm_swap={*} comm=%s "
		   "cgroups={*} env=A=1.B=two. tty={*} pgid=%ld{*} loginuid=%ld flags={*}",
		   self, c, comm, c, comm, sct_pid, comm, fdlimit, comm, pgid, loginuid);
	sct_expect(c, "{**}");   /* the new image's own startup */
	sct_expect(c, "> exit_group");
	sct_expect(c, "> procexit status=768 ret=3 sig=0 core=0");

	/* an execve that fails: exe, args and env are those it was given */
	SCT_CHECK(syscall(SYS_execve, "/nonexistent", cargv, env) == -1 && errno == ENOENT);
	E("> execve filename=/nonexistent");
	E("< execve res=-2(ENOENT) exe=%s args=child.x y. tid=%ld(%s) pid=%ld(%s) ptid=%ld{*} cwd= "
	  "fdlimit=%ld pgft_maj={*} pgft_min={*} vm_size={*} vm_rss={*} vm_swap={*} comm=%s "
	  "cgroups={*} env=A=1.B=two. tty={*} pgid=%ld{*} loginuid=%ld flags={*}",
	  self, sct_pid, comm, sct_pid, comm, ppid, fdlimit, comm, pgid, loginuid);

	sct_end();
	return 0;
}
