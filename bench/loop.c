// SPDX-License-Identifier: Apache-2.0
/*
 * loop.c - sc-loop, the workload and stopwatch of bench/kmod-vs-bpf.sh (it
 * runs in the qemu guest, whose busybox has no sub-second clock):
 *
 *   sc-loop getpid N        N getpid() system calls (not glibc's cache)
 *   sc-loop clock N         N clock_gettime(CLOCK_BOOTTIME) system calls (not
 *                           the vDSO): against getpid, what one clocksource
 *                           read costs (each event's timestamp is one)
 *   sc-loop run CMD [ARG...] runs CMD and waits for it
 *
 * Prints "ns T" (the wall time of the loop, or of CMD from fork to its end)
 * on stdout; CMD's own output goes to /dev/null. Exit 0, 1 when CMD could
 * not run or failed, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr, "usage: sc-loop getpid N | sc-loop clock N | sc-loop run CMD [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	long long t0, t1;
	int status = 0;

	if (argc >= 3 && (!strcmp(argv[1], "getpid") || !strcmp(argv[1], "clock"))) {
		bool clock = argv[1][0] == 'c';
		struct timespec ts;
		char *end;
		long n = strtol(argv[2], &end, 10);

		if (*end || n < 1)
			return usage();
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			if (clock)
				syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts);
			else
				syscall(SYS_getpid);
		}
		t1 = now_ns();
	} else if (argc >= 3 && !strcmp(argv[1], "run")) {
		pid_t pid;

		t0 = now_ns();
		pid = fork();
		if (pid < 0) {
			perror("sc-loop: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0) {
			perror("sc-loop: waitpid");
			return 1;
		}
		t1 = now_ns();
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "sc-loop: %s failed (status %#x)\n", argv[2], status);
			return 1;
		}
	} else {
		return usage();
	}
	printf("ns %lld\n", t1 - t0);
	return 0;
}
