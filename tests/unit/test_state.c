/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the state: tables, fd renderings, tuples, paths, seeding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/state.h"
#include "core/strbuf.h"
#include "core/util.h"

static void test_fdtype_tags(void **state)
{
	assert_int_equal(sc_fdtype_char(SC_FD_FILE), 'f');
	assert_int_equal(sc_fdtype_char(SC_FD_FILE_V2), 'f');
	assert_int_equal(sc_fdtype_char(SC_FD_DIRECTORY), 'd');
	assert_int_equal(sc_fdtype_char(SC_FD_IPV4_SOCK), '4');
	assert_int_equal(sc_fdtype_char(SC_FD_IPV6_SERVSOCK), '6');
	assert_int_equal(sc_fdtype_char(SC_FD_FIFO), 'p');
	assert_int_equal(sc_fdtype_char(SC_FD_UNIX_SOCK), 'u');
	assert_int_equal(sc_fdtype_char(SC_FD_EVENT), 'e');
	assert_int_equal(sc_fdtype_char(SC_FD_SIGNALFD), 's');
	assert_int_equal(sc_fdtype_char(SC_FD_EVENTPOLL), 'l');
	assert_int_equal(sc_fdtype_char(SC_FD_INOTIFY), 'i');
	assert_int_equal(sc_fdtype_char(SC_FD_TIMERFD), 't');
	assert_int_equal(sc_fdtype_char(SC_FD_NETLINK), 'n');
	assert_int_equal(sc_fdtype_char(SC_FD_UNKNOWN), 'o');
	assert_int_equal(sc_fdtype_char(SC_FD_BPF), '?');
	assert_string_equal(sc_fdtype_name(SC_FD_FILE_V2), "file");
	assert_string_equal(sc_fdtype_name(SC_FD_IPV4_SERVSOCK), "ipv4");
	assert_string_equal(sc_fdtype_name(SC_FD_FIFO), "pipe");
	assert_string_equal(sc_fdtype_name(SC_FD_UNKNOWN), "<NA>");
	assert_int_equal(sc_l4proto_from_scap(2), SC_L4_TCP);
	assert_int_equal(sc_l4proto_from_scap(1), SC_L4_NA);
	assert_int_equal(sc_l4proto_to_scap(SC_L4_UDP), 3);
	assert_int_equal(sc_l4proto_to_scap(sc_l4proto_from_scap(5)), 5);
}

static void test_thread_table(void **state)
{
	struct sc_state *st = sc_state_new();
	struct sc_thread *th;
	int64_t t;

	for (t = 1; t <= 5000; t++)
		sc_state_thread_add(st, t * 7)->vtid = t;
	assert_int_equal(sc_state_nthreads(st), 5000);
	for (t = 1; t <= 5000; t += 2)
		sc_state_thread_remove(st, t * 7);
	sc_state_thread_remove(st, 123456789);   /* unknown: no-op */
	assert_int_equal(sc_state_nthreads(st), 2500);
	for (t = 1; t <= 5000; t++) {
		th = sc_state_thread(st, t * 7);
		if (t % 2) {
			assert_null(th);
		} else {
			assert_non_null(th);
			assert_int_equal(th->vtid, t);
		}
	}
	/* blank thread values */
	th = sc_state_thread_add(st, 1);
	assert_int_equal(th->pid, -1);
	assert_int_equal(th->ptid, -1);
	assert_string_equal(th->comm, "");
	assert_string_equal(th->exe, "");
	assert_int_equal(th->uid, UINT32_MAX);
	assert_ptr_equal(sc_state_thread_add(st, 1), th);
	/* stand-in for an unknown tid */
	th = sc_state_thread_get(st, 99);
	assert_string_equal(th->comm, "<NA>");
	assert_string_equal(th->exe, "<NA>");
	assert_int_equal(th->pid, 99);
	assert_int_equal(th->ptid, -1);
	assert_true(sc_thread_is_invalid(th));
	sc_state_free(st);
}

static bool count_fd(struct sc_fdinfo *fi, void *arg)
{
	(*(int *)arg)++;
	return true;
}

static void test_fd_table(void **state)
{
	struct sc_state *st = sc_state_new();
	struct sc_thread *th = sc_state_thread_add(st, 10);
	struct sc_fdinfo *fi;
	int64_t fds[] = { 0, 1, 3, 4095, 4096, 70000, 1LL << 40 };
	size_t i;
	int n = 0;

	for (i = 0; i < SC_ARRAY_SIZE(fds); i++)
		sc_state_fd_add(th, fds[i], SC_FD_FILE_V2, "/x");
	for (i = 0; i < 200; i++)   /* grow the high table */
		sc_state_fd_add(th, 100000 + (int64_t)i, SC_FD_FIFO, NULL);
	assert_int_equal(sc_state_fd_count(th), SC_ARRAY_SIZE(fds) + 200);
	for (i = 0; i < SC_ARRAY_SIZE(fds); i++) {
		fi = sc_state_fd(th, fds[i]);
		assert_non_null(fi);
		assert_int_equal(fi->fd, fds[i]);
		assert_string_equal(fi->name, "/x");
	}
	assert_null(sc_state_fd(th, 2));
	assert_null(sc_state_fd(th, -1));
	assert_null(sc_state_fd(th, 5000));
	for (i = 0; i < 200; i += 2)
		sc_state_fd_remove(th, 100000 + (int64_t)i);
	for (i = 0; i < 200; i++)
		assert_true((sc_state_fd(th, 100000 + (int64_t)i) != NULL) == (i % 2 == 1));
	sc_state_fd_remove(th, 3);
	sc_state_fd_remove(th, 3);
	assert_null(sc_state_fd(th, 3));
	sc_state_foreach_fd(th, count_fd, &n);
	assert_int_equal(n, (int)sc_state_fd_count(th));
	assert_int_equal(n, (int)SC_ARRAY_SIZE(fds) - 1 + 100);
	/* replacing keeps one entry; a copy onto itself keeps the name */
	fi = sc_state_fd_add(th, 1, SC_FD_UNIX_SOCK, "sock");
	fi = sc_state_fd_add_copy(th, 1, fi);
	assert_string_equal(fi->name, "sock");
	assert_int_equal(fi->type, SC_FD_UNIX_SOCK);
	sc_state_free(st);
}

static const char *render(struct sc_strbuf *b, const struct sc_fdinfo *fi)
{
	sc_strbuf_reset(b);
	sc_state_fd_render(fi, b);
	return b->s;
}

static void test_fd_render(void **state)
{
	struct sc_state *st = sc_state_new();
	struct sc_thread *th = sc_state_thread_add(st, 1);
	struct sc_strbuf b = { 0 };
	struct sc_fdinfo *fi;

	fi = sc_state_fd_add(th, 3, SC_FD_FILE_V2, "/etc/pass\x01wd");
	assert_string_equal(render(&b, fi), "<f>/etc/passwd");
	fi = sc_state_fd_add(th, 4, SC_FD_IPV4_SOCK, "");
	fi->l4proto = SC_L4_TCP;
	assert_string_equal(render(&b, fi), "<4>");   /* no role yet */
	assert_int_equal(sc_fdinfo_l4proto(fi), SC_L4_NA);
	fi->flags |= SC_FDF_ROLE_CLIENT;
	sc_state_fd_set_name(fi, "127.0.0.1:40000->127.0.0.1:80", 29);
	assert_string_equal(render(&b, fi), "<4t>127.0.0.1:40000->127.0.0.1:80");
	fi = sc_state_fd_add(th, 5, SC_FD_IPV6_SOCK, "");
	fi->l4proto = SC_L4_RAW;
	assert_string_equal(render(&b, fi), "<6r>");   /* raw shows without a role */
	fi = sc_state_fd_add(th, 6, SC_FD_IPV4_SERVSOCK, "0.0.0.0:80");
	fi->l4proto = SC_L4_UDP;
	assert_string_equal(render(&b, fi), "<4u>0.0.0.0:80");
	fi = sc_state_fd_add(th, 7, SC_FD_UNIX_SOCK, "");
	assert_string_equal(render(&b, fi), "<u>");
	fi = sc_state_fd_add(th, 8, SC_FD_FIFO, "pipe:[22242]");
	assert_string_equal(render(&b, fi), "<p>pipe:[22242]");
	fi = sc_state_fd_add(th, 9, SC_FD_EVENT, "");
	assert_string_equal(render(&b, fi), "<e>");
	sc_strbuf_free(&b);
	sc_state_free(st);
}

static void test_tuples(void **state)
{
	struct sc_strbuf b = { 0 };
	uint8_t t4[13] = { 2, 127, 0, 0, 1, 0x40, 0x9c, 10, 0, 0, 2, 80, 0 };
	uint8_t t6[37] = { 10 };
	uint8_t m6[37] = { 10 };
	uint8_t tu[17 + 8] = { 1 };
	uint8_t s4[7] = { 2, 0, 0, 0, 0, 80, 0 };
	uint8_t s6[19] = { 10 };
	uint8_t su[] = { 1, '/', 't', 'm', 'p', '/', 's', 0 };
	uint64_t a = 0xffff88003c420800ULL;

	sc_state_tuple_render(t4, sizeof(t4), &b);
	assert_string_equal(b.s, "127.0.0.1:40000->10.0.0.2:80");
	sc_strbuf_reset(&b);
	t6[16] = 1;          /* ::1 */
	t6[17] = 0x6f;       /* port 38255 */
	t6[18] = 0x95;
	t6[19] = 0x20;       /* 2001:4860:4860::8888 */
	t6[20] = 0x01;
	t6[21] = 0x48;
	t6[22] = 0x60;
	t6[23] = 0x48;
	t6[24] = 0x60;
	t6[33] = 0x88;
	t6[34] = 0x88;
	t6[35] = 53;
	sc_state_tuple_render(t6, sizeof(t6), &b);
	assert_string_equal(b.s, "::1:38255->2001:4860:4860::8888:53");
	sc_strbuf_reset(&b);
	m6[11] = m6[12] = 0xff;
	m6[13] = 192;
	m6[14] = 168;
	m6[15] = 0;
	m6[16] = 1;
	m6[17] = 1;
	m6[29] = m6[30] = 0xff;
	m6[31] = 8;
	m6[32] = 8;
	m6[33] = 8;
	m6[34] = 8;
	m6[35] = 53;
	sc_state_tuple_render(m6, sizeof(m6), &b);
	assert_string_equal(b.s, "192.168.0.1:1->8.8.8.8:53");
	sc_strbuf_reset(&b);
	memcpy(tu + 9, &a, 8);
	memcpy(tu + 17, "/run/x", 7);
	sc_state_tuple_render(tu, sizeof(tu), &b);
	assert_string_equal(b.s, "0->ffff88003c420800 /run/x");
	sc_strbuf_reset(&b);
	tu[0] = 17;
	sc_state_tuple_render(tu, sizeof(tu), &b);
	assert_string_equal(b.s, "family 17");
	sc_strbuf_reset(&b);
	sc_state_tuple_render(t4, 5, &b);
	assert_string_equal(b.s, "INVALID IPv4");
	sc_strbuf_reset(&b);
	sc_state_sockaddr_render(s4, sizeof(s4), &b);
	assert_string_equal(b.s, "0.0.0.0:80");
	sc_strbuf_reset(&b);
	s6[17] = 0x29;
	s6[18] = 0x09;
	sc_state_sockaddr_render(s6, sizeof(s6), &b);
	assert_string_equal(b.s, ":::2345");
	sc_strbuf_reset(&b);
	sc_state_sockaddr_render(su, sizeof(su), &b);
	assert_string_equal(b.s, "/tmp/s");
	sc_strbuf_free(&b);
}

static const char *cat(struct sc_strbuf *b, const char *dir, const char *name)
{
	sc_strbuf_reset(b);
	sc_state_path_concat(dir, strlen(dir), name, strlen(name) + 1, b);
	return b->s ? b->s : "";
}

static void test_paths(void **state)
{
	struct sc_strbuf b = { 0 };
	char longname[1100];

	assert_string_equal(cat(&b, "/home/u/", "f.txt"), "/home/u/f.txt");
	assert_string_equal(cat(&b, "/home/u/", "./f.txt"), "/home/u/f.txt");
	assert_string_equal(cat(&b, "/home/u/", "../f"), "/home/f");
	assert_string_equal(cat(&b, "/home/u/", "../../../../f"), "/f");
	assert_string_equal(cat(&b, "/home/u/", "a//b/"), "/home/u/a/b");
	assert_string_equal(cat(&b, "/home/u/", "a/./b/.."), "/home/u/a");
	assert_string_equal(cat(&b, "/home/u/", "/etc/passwd"), "/etc/passwd");
	assert_string_equal(cat(&b, "/home/u/", "/"), "/");
	assert_string_equal(cat(&b, "/home/u/", ""), "/home/u");
	assert_string_equal(cat(&b, "/home/u/", "a.b/.hidden"), "/home/u/a.b/.hidden");
	assert_string_equal(cat(&b, "/home/u/", "x\ty"), "/home/u/x.y");
	assert_string_equal(cat(&b, "<UNKNOWN>", "f"), "<UNKNOWN>f");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_string_equal(cat(&b, "/", longname), "/PATH_TOO_LONG");
	sc_strbuf_free(&b);
}

static void test_seed(void **state)
{
	struct sc_snapshot snap = { 0 }, out = { 0 };
	struct sc_snap_proc *p;
	struct sc_snap_fd *f;
	struct sc_state *st = sc_state_new();
	struct sc_thread *main, *thr, *srv;
	struct sc_fdinfo *fi;
	struct sc_strbuf b = { 0 };
	uint8_t lo[4] = { 127, 0, 0, 1 }, ten[4] = { 10, 0, 0, 5 };
	size_t i, nfds = 0;

	p = sc_snapshot_add_proc(&snap);           /* a client process with a thread */
	p->tid = p->pid = 100;
	p->ptid = 1;
	p->comm = xstrdup("curl");
	p->exe = xstrdup("/usr/bin/curl");
	p->cwd = xstrdup("/root");
	f = sc_snapshot_add_fd(p);
	f->fd = 3;
	f->type = SC_FD_FILE_V2;
	f->name = xstrdup("/etc/hosts");
	f = sc_snapshot_add_fd(p);
	f->fd = 4;
	f->type = SC_FD_IPV4_SOCK;
	f->l4proto = 2;  /* tcp, as the file numbers it */
	memcpy(&f->sip, ten, 4);
	memcpy(&f->dip, lo, 4);
	f->sport = 50000;
	f->dport = 80;
	p = sc_snapshot_add_proc(&snap);
	p->tid = 101;
	p->pid = 100;
	p->ptid = 1;
	p->flags = SC_CL_CLONE_THREAD | SC_CL_CLONE_FILES;
	p->comm = xstrdup("curl");
	p = sc_snapshot_add_proc(&snap);           /* a server: listener and accepted socket */
	p->tid = p->pid = 200;
	p->comm = xstrdup("nginx");
	f = sc_snapshot_add_fd(p);
	f->fd = 5;
	f->type = SC_FD_IPV4_SERVSOCK;
	f->l4proto = 2;
	f->sport = 80;
	f = sc_snapshot_add_fd(p);
	f->fd = 6;
	f->type = SC_FD_IPV4_SOCK;
	f->l4proto = 2;
	memcpy(&f->sip, lo, 4);
	memcpy(&f->dip, ten, 4);
	f->sport = 80;
	f->dport = 50000;
	f = sc_snapshot_add_fd(p);
	f->fd = 7;
	f->type = SC_FD_FIFO;
	f->name = xstrdup("pipe:[22242]");

	sc_state_seed(st, &snap);
	main = sc_state_thread(st, 100);
	thr = sc_state_thread(st, 101);
	srv = sc_state_thread(st, 200);
	assert_non_null(main);
	assert_non_null(thr);
	assert_non_null(srv);
	assert_string_equal(main->comm, "curl");
	assert_string_equal(main->cwd, "/root/");
	assert_ptr_equal(thr->fdt, main->fdt);
	assert_ptr_equal(sc_state_fd(thr, 3), sc_state_fd(main, 3));
	assert_int_equal(main->nchilds, 1);
	assert_ptr_equal(sc_state_main_thread(st, thr), main);
	assert_string_equal(sc_state_thread_cwd(st, thr), "/root/");

	fi = sc_state_fd(main, 4);   /* no listener on 50000: a client, as listed */
	assert_true(fi->flags & SC_FDF_ROLE_CLIENT);
	assert_string_equal(render(&b, fi), "<4t>10.0.0.5:50000->127.0.0.1:80");
	fi = sc_state_fd(srv, 6);    /* port 80 is listened on: server side, turned around */
	assert_true(fi->flags & SC_FDF_ROLE_SERVER);
	assert_string_equal(render(&b, fi), "<4t>10.0.0.5:50000->127.0.0.1:80");
	assert_string_equal(render(&b, sc_state_fd(srv, 5)), "<4t>0.0.0.0:80");
	assert_string_equal(render(&b, sc_state_fd(srv, 7)), "<p>pipe:[22242]");

	sc_state_to_snapshot(st, &out);
	assert_int_equal(out.nprocs, 3);
	for (i = 0; i < out.nprocs; i++)
		nfds += out.procs[i].nfds;
	assert_int_equal(nfds, 5);   /* the shared table is written once */
	for (i = 0; i < out.nprocs; i++)
		if (out.procs[i].tid == 200)
			assert_int_equal(out.procs[i].fds[0].l4proto + out.procs[i].fds[1].l4proto, 4);
	sc_snapshot_free(&out);
	sc_snapshot_free(&snap);
	sc_strbuf_free(&b);
	sc_state_free(st);
}

static bool resolve_500(void *arg, int64_t tid, struct sc_snap_proc *p)
{
	struct sc_snap_fd *f;

	(*(int *)arg)++;
	if (tid != 500)
		return false;
	p->pid = 500;
	p->ptid = 1;
	p->comm = xstrdup("live");
	p->cwd = xstrdup("/srv");
	f = sc_snapshot_add_fd(p);
	f->fd = 3;
	f->type = SC_FD_FILE_V2;
	f->name = xstrdup("/srv/data");
	return true;
}

static void test_resolver(void **state)
{
	struct sc_state *st = sc_state_new();
	struct sc_strbuf b = { 0 };
	struct sc_thread *th;
	int calls = 0;

	sc_state_set_resolver(st, resolve_500, &calls);
	th = sc_state_thread_get(st, 500);
	assert_string_equal(th->comm, "live");
	assert_string_equal(th->cwd, "/srv/");
	assert_string_equal(render(&b, sc_state_fd(th, 3)), "<f>/srv/data");
	assert_ptr_equal(sc_state_thread_get(st, 500), th);   /* asked once */
	th = sc_state_thread_get(st, 501);
	assert_string_equal(th->comm, "<NA>");
	assert_int_equal(calls, 2);
	assert_null(sc_state_thread(st, 502));   /* plain lookups never ask */
	assert_int_equal(calls, 2);
	sc_strbuf_free(&b);
	sc_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdtype_tags),
		cmocka_unit_test(test_thread_table),
		cmocka_unit_test(test_fd_table),
		cmocka_unit_test(test_fd_render),
		cmocka_unit_test(test_tuples),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_resolver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
