/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pt-helper.c - small programs with known behaviour for the ptrace driver's
 * own tests (run-ptrace-tests.sh), one per first argument:
 *
 *   exit N         exits with status N
 *   mt-exec        a second thread execs "/bin/echo from-thread" while the
 *                  leader waits in pause()
 *   stop-self      stops itself with SIGSTOP (continued by the test), then
 *                  exits 4
 *   signal         catches SIGUSR1 sent to itself, prints "caught 10", exits 0
 *   loop           opens and closes /etc/hostname every 50 ms, forever
 *   tree           forks a child running "loop", then loops itself
 *   fork-exec      forks; the child execs "/bin/true"; waits, exits 0
 *   read-loop N    N one-byte reads of /dev/zero (benchmarks)
 *   open-loop N    N open+close of /etc/hostname (benchmarks)
 *   spawn-loop N   N fork+exec of /bin/true (benchmarks)
 *   seccomp        prints the Seccomp: line of its /proc status
 *   fd-reuse       reads one byte of fds whose numbers are reused (files, a pipe, a socket)
 *   threads N      keeps N threads coming and going (each opens /etc/hostname and ends) forever
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_sig(int sig)
{
	got = sig;
}

static void *exec_thread(void *arg)
{
	char *argv[] = { "/bin/echo", "from-thread", NULL };

	(void)arg;
	execv(argv[0], argv);
	return NULL;
}

static void loop(void)
{
	for (;;) {
		int fd = open("/etc/hostname", O_RDONLY);

		if (fd >= 0)
			close(fd);
		usleep(50000);
	}
}

static void *short_thread(void *arg)
{
	int fd = open("/etc/hostname", O_RDONLY);

	(void)arg;
	if (fd >= 0)
		close(fd);
	usleep(1000);
	return NULL;
}

/* n threads alive at a time, each replaced as soon as it ends */
static void churn(long n)
{
	pthread_t *t = calloc((size_t)n, sizeof(*t));
	long i;

	if (!t)
		exit(99);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, short_thread, NULL);
	for (i = 0;; i = (i + 1) % n) {
		pthread_join(t[i], NULL);
		pthread_create(&t[i], NULL, short_thread, NULL);
	}
}

/* fd numbers reused by other files, a pipe dup2'd over a file, a socket closed and its number reused */
static int fd_reuse(void)
{
	char b;
	int fd, p[2], s;

	fd = open("/etc/hostname", O_RDONLY);
	if (fd < 0 || read(fd, &b, 1) != 1)
		return 1;
	close(fd);
	fd = open("/etc/passwd", O_RDONLY);
	if (fd < 0 || read(fd, &b, 1) != 1 || pipe(p) < 0)
		return 1;
	close(fd);
	if (dup2(p[0], fd) < 0 || write(p[1], "x", 1) != 1 || read(fd, &b, 1) != 1)
		return 1;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		return 1;
	close(s);
	s = open("/etc/passwd", O_RDONLY);
	return s >= 0 && read(s, &b, 1) == 1 ? 0 : 1;
}

static void spawn_true(void)
{
	pid_t c = fork();

	if (c == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (c > 0)
		waitpid(c, NULL, 0);
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0, i;
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "exit"))
		return (int)n;
	if (!strcmp(m, "mt-exec")) {
		pthread_t t;

		pthread_create(&t, NULL, exec_thread, NULL);
		for (;;)
			pause();
	}
	if (!strcmp(m, "stop-self")) {
		raise(SIGSTOP);
		printf("continued\n");
		return 4;
	}
	if (!strcmp(m, "signal")) {
		signal(SIGUSR1, on_sig);
		kill(getpid(), SIGUSR1);
		printf("caught %d\n", (int)got);
		return got == SIGUSR1 ? 0 : 1;
	}
	if (!strcmp(m, "loop"))
		loop();
	if (!strcmp(m, "tree")) {
		if (fork() == 0)
			loop();
		loop();
	}
	if (!strcmp(m, "fork-exec")) {
		spawn_true();
		return 0;
	}
	if (!strcmp(m, "read-loop")) {
		int fd = open("/dev/zero", O_RDONLY);
		char b;

		for (i = 0; i < n; i++)
			if (read(fd, &b, 1) != 1)
				return 1;
		return 0;
	}
	if (!strcmp(m, "open-loop")) {
		for (i = 0; i < n; i++)
			close(open("/etc/hostname", O_RDONLY));
		return 0;
	}
	if (!strcmp(m, "spawn-loop")) {
		for (i = 0; i < n; i++)
			spawn_true();
		return 0;
	}
	if (!strcmp(m, "fd-reuse"))
		return fd_reuse();
	if (!strcmp(m, "threads") && n > 0)
		churn(n);
	if (!strcmp(m, "seccomp")) {
		char line[256];
		FILE *f = fopen("/proc/self/status", "r");

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "Seccomp:", 8))
				fputs(line, stdout);
		return 0;
	}
	fprintf(stderr, "usage: pt-helper exit N|mt-exec|stop-self|signal|loop|tree|fork-exec|"
		"read-loop N|open-loop N|spawn-loop N|threads N|fd-reuse|seccomp\n");
	return 99;
}
