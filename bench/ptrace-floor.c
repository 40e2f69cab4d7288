/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace-floor.c - the least a ptrace tracer that stops at every syscall's
 * entry and exit can cost: it launches CMD, follows its forks, clones and
 * execs, and at each stop only waits and resumes (no registers, no memory,
 * no output). It takes the same stops as strace -f: syscall entries and
 * exits, fork/clone/exec/exit events, new tracees' first stops.
 * bench/live.sh runs it beside strace and syscope: no tracer taking those
 * stops can be faster than this on the machine.
 *
 *   ptrace-floor CMD [ARG...]      exits with CMD's status
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	/*
	 * strace -f's options (it seizes with TRACEEXIT too: one exit-event stop
	 * per thread), so that the floor takes exactly the stops strace and
	 * syscope take.
	 */
	const long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
			  PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL;
	int status, code = 0;
	pid_t child, tid;

	if (argc < 2) {
		fprintf(stderr, "usage: ptrace-floor CMD [ARG...]\n");
		return 2;
	}
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		raise(SIGSTOP);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(child, &status, WSTOPPED) < 0 || ptrace(PTRACE_SEIZE, child, 0, (void *)opts) < 0) {
		perror("ptrace-floor");
		kill(child, SIGKILL);
		return 1;
	}
	kill(child, SIGCONT);
	while ((tid = waitpid(-1, &status, __WALL)) > 0) {
		int sig;

		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (tid == child)
				code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			continue;
		}
		sig = WSTOPSIG(status);
		if (status >> 16 == PTRACE_EVENT_STOP) {
			/* a new tracee's first stop, or a group-stop: keep it reporting */
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
				ptrace(PTRACE_LISTEN, tid, 0, 0);
			else
				ptrace(PTRACE_SYSCALL, tid, 0, 0);
			continue;
		}
		/* syscall stops and ptrace events resume quietly; signals are delivered */
		ptrace(PTRACE_SYSCALL, tid, 0, (void *)(long)(sig == (SIGTRAP | 0x80) || status >> 16 ? 0 : sig));
	}
	return code;
}
