/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A second thread: its events carry its own tid, the process's pid, and
 * start with the exit of the clone (clone3 with newer glibc) that made it;
 * it ends with exit (not exit_group) and a procexit of its own; the fds
 * it uses are the process's (CLONE_FILES). What
 * glibc's thread start and end make around that is skipped ("{**}").
 */
#include "sct.h"

#include <pthread.h>
#include <sys/resource.h>

/* glibc's pthread_create flags (clone or clone3 alike), in .scap encoding */
#define THREAD_FLAGS "41990659(CLONE_FILES|CLONE_FS|CLONE_PARENT_SETTID|CLONE_SIGHAND|" \
	"CLONE_SYSVSEM|CLONE_THREAD|CLONE_VM|CLONE_CHILD_CLEARTID|CLONE_SETTLS)"

static int pfd[2];
static long ttid;
static char comm[16];

static void *run(void *arg)
{
	(void)arg;
	ttid = syscall(SYS_gettid);
	syscall(SYS_write, pfd[1], "thread", 6);
	return NULL;
}

/*
 * pthread_join returns when the kernel clears the thread's tid, which is
 * before the thread's sched_process_exit fires: wait until the task is
 * released (its /proc entry goes, after the tracepoint) so that its procexit
 * is recorded before the end marker. The main thread's extra syscalls here
 * fall under its "{**}".
 */
static void wait_gone(long tid)
{
	struct timespec ms = { 0, 1000000 };
	char path[64];
	int i;

	snprintf(path, sizeof(path), "/proc/self/task/%ld", tid);
	for (i = 0; i < 2000 && access(path, F_OK) == 0; i++)
		nanosleep(&ms, NULL);
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	pthread_t t;
	long fdlimit;
	unsigned uid, gid;

	sct_init(argc, argv);
	if (pipe(pfd) != 0)
		sct_exit(SCT_HARD, "pipe");
	snprintf(comm, sizeof(comm), "%s", program_invocation_short_name);
	getrlimit(RLIMIT_NOFILE, &rl);
	fdlimit = (long)rl.rlim_cur;
	uid = getuid();
	gid = getgid();

	sct_begin();
	if (pthread_create(&t, NULL, run, NULL) != 0 || pthread_join(t, NULL) != 0)
		sct_exit(SCT_HARD, "pthread");
	SCT_CHECK(ttid > 0 && ttid != sct_pid);
	wait_gone(ttid);
	E("{**}");
	E("< clone{*} res=%ld(%s) exe=%s args= tid=%ld(%s) pid=%ld(%s) ptid={*} cwd= fdlimit=%ld "
	  "pgft_maj={*} pgft_min={*} vm_size={*} vm_rss={*} vm_swap={*} comm=%s cgroups={*} "
	  "flags=" THREAD_FLAGS " uid=%u gid=%u vtid=%ld(%s) vpid=%ld(%s)",
	  ttid, comm, argv[0], sct_pid, comm, sct_pid, comm, fdlimit, comm, uid, gid,
	  sct_pid, comm, sct_pid, comm);
	E("{**}");
	sct_expect(ttid, "< clone{*} res=0 exe=%s args= tid=%ld(%s) pid=%ld(%s) ptid={*} cwd= fdlimit=%ld "
		   "pgft_maj={*} pgft_min={*} vm_size={*} vm_rss={*} vm_swap={*} comm=%s cgroups={*} "
		   "flags=" THREAD_FLAGS " uid=%u gid=%u vtid=%ld(%s) vpid=%ld(%s)",
		   argv[0], ttid, comm, sct_pid, comm, fdlimit, comm, uid, gid,
		   ttid, comm, sct_pid, comm);
	sct_expect(ttid, "{**}");
	sct_expect(ttid, "> gettid");
	sct_expect(ttid, "< gettid");
	sct_expect(ttid, "> write fd=%d(<p>) size=6", pfd[1]);
	sct_expect(ttid, "< write res=6 data=thread");
	sct_expect(ttid, "{**}");
	sct_expect(ttid, "> exit");
	sct_expect(ttid, "> procexit status=0 ret=0 sig=0 core=0");

	sct_end();
	return 0;
}
