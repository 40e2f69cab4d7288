// SPDX-License-Identifier: GPL-2.0
/*
 * stress.c - the kernel module's stress load (run in the qemu guest by
 * guest.sh): THREADS threads each make CALLS getppid() calls, with an open,
 * a write and a close of /dev/null every 64th, as fast as they can, while
 * syscope reads. Prints "calls N", the getppid calls made, so the harness can
 * check that every one is either reported or counted as dropped, and
 * "ns T", the wall time the threads took (for the guest's driver benchmark).
 *
 *   sc-stress [THREADS [CALLS]]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long calls = 20000;

static void *worker(void *arg)
{
	static const char buf[100];
	long i;

	(void)arg;
	for (i = 0; i < calls; i++) {
		syscall(SYS_getppid);
		if (i % 64 == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				if (write(fd, buf, sizeof(buf)) < 0)
					perror("write");
				close(fd);
			}
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 4, i;
	pthread_t t[64];
	struct timespec a, b;

	if (argc > 2)
		calls = atol(argv[2]);
	if (threads < 1 || threads > 64 || calls < 1) {
		fprintf(stderr, "usage: sc-stress [THREADS(1-64) [CALLS]]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, worker, NULL)) {
			perror("pthread_create");
			return 1;
		}
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("calls %ld\nns %lld\n", calls * threads,
	       (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
	return 0;
}
