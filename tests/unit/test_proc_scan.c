/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_proc_scan.c - the /proc scan (core/proc_scan.c) on this very
 * process: its threads, names and ids, and fds of known kinds (a file opened
 * with known flags, a pipe, an eventfd, a listening TCP socket and a
 * connected one), plus machine info, users and a missing pid.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/proc_scan.h"
#include "core/state.h"

static const struct sc_snap_fd *find_fd(const struct sc_snap_proc *p, int64_t fd)
{
	for (size_t i = 0; i < p->nfds; i++)
		if (p->fds[i].fd == fd)
			return &p->fds[i];
	return NULL;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *idle(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void test_self(void **state)
{
	struct sc_snapshot s = { 0 };
	struct sc_proc_scan_opts o = { .pid = getpid(), .fds = true };
	struct sc_err err = { 0 };
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	const struct sc_snap_proc *me = NULL;
	const struct sc_snap_fd *f;
	int fd, p[2], ev, ls, cs, us;
	pthread_t t;
	size_t i, threads = 0;

	(void)state;
	fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(pipe(p), 0);
	ev = eventfd(0, 0);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(ls, 4), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &al), 0);
	cs = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(cs, (struct sockaddr *)&a, sizeof(a)), 0);
	us = socket(AF_INET, SOCK_DGRAM, 0);
	assert_int_equal(connect(us, (struct sockaddr *)&a, sizeof(a)), 0);
	pthread_mutex_lock(&mu);
	pthread_create(&t, NULL, idle, NULL);

	assert_int_equal(sc_proc_scan(&s, &o, &err), 0);
	for (i = 0; i < s.nprocs; i++) {
		if (s.procs[i].pid == getpid())
			threads++;
		if (s.procs[i].tid == getpid())
			me = &s.procs[i];
	}
	assert_non_null(me);
	assert_int_equal(threads, 2);
	assert_int_equal(me->ptid, getppid());
	assert_string_equal(me->comm, "test_proc_scan");
	assert_non_null(me->exepath);
	assert_non_null(me->cwd);
	assert_int_equal(me->cwd[strlen(me->cwd) - 1], '/');
	assert_int_equal(me->uid, getuid());
	assert_true(me->fdlimit > 0);
	assert_true(me->clone_ts > 0);

	f = find_fd(me, fd);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_FILE_V2);
	assert_string_equal(f->name, "/etc/hostname");
	/* O_RDONLY|O_CLOEXEC, .scap encoding, and O_LARGEFILE the kernel adds on 64-bit */
	assert_int_equal(f->openflags, 0x1 | 0x1000 | 0x800);
	assert_true(f->ino != 0);
	f = find_fd(me, p[0]);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_FIFO);
	f = find_fd(me, ev);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_EVENT);
	f = find_fd(me, ls);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_IPV4_SERVSOCK);
	assert_int_equal(f->sport, ntohs(a.sin_port));
	/* l4proto in the .scap fd list's encoding (what sysdig reads there): 2 TCP, 3 UDP */
	assert_int_equal(f->l4proto, 2);
	f = find_fd(me, cs);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_IPV4_SOCK);
	assert_int_equal(f->dport, ntohs(a.sin_port));
	assert_int_equal(f->dip, htonl(INADDR_LOOPBACK));
	assert_int_equal(f->l4proto, 2);
	f = find_fd(me, us);
	assert_non_null(f);
	assert_int_equal(f->type, SC_FD_IPV4_SOCK);
	assert_int_equal(f->dport, ntohs(a.sin_port));
	assert_int_equal(f->l4proto, 3);

	assert_true(s.machine.present);
	assert_true(s.machine.num_cpus >= 1);
	assert_true(s.nusers >= 1);
	assert_true(s.ngroups >= 1);
	assert_true(s.nifaces >= 1);

	pthread_mutex_unlock(&mu);
	pthread_join(t, NULL);
	close(fd);
	close(p[0]);
	close(p[1]);
	close(ev);
	close(cs);
	close(us);
	close(ls);
	sc_snapshot_free(&s);
}

static void test_missing_pid(void **state)
{
	struct sc_snapshot s = { 0 };
	struct sc_proc_scan_opts o = { .pid = 999999999 };
	struct sc_err err = { 0 };

	(void)state;
	assert_int_equal(sc_proc_scan(&s, &o, &err), -ESRCH);
	assert_non_null(strstr(err.msg, "no such process"));
	sc_snapshot_free(&s);
}

static void test_all(void **state)
{
	struct sc_snapshot s = { 0 };
	size_t i;
	int found = 0;

	(void)state;
	assert_int_equal(sc_proc_scan(&s, NULL, NULL), 0);
	for (i = 0; i < s.nprocs; i++)
		found |= s.procs[i].tid == getpid();
	assert_true(found);
	assert_true(s.nprocs > 1);
	sc_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_missing_pid),
		cmocka_unit_test(test_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
