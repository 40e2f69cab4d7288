/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for parse.c: events made with the builders, replayed through
 * the mem engine, decoded and applied with sc_parse_event(); each test
 * checks threads, fds, names and tuples after the events that change them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "builders.h"
#include "core/engine/engine.h"
#include "core/parse.h"
#include "core/strbuf.h"
#include "core/util.h"

/* ---- a small rig: build every record first, then step through them ------------ */

struct rig {
	struct sc_builder b;
	struct sc_snapshot snap;
	struct sc_engine *e;
	struct sc_state *st;
	struct sc_evt ev;
	struct sc_strbuf sb;
};

static void rig_start(struct rig *r)
{
	struct sc_open_args a = { 0 };
	struct sc_err err = { 0 };

	a.mem_buf = r->b.buf;
	a.mem_len = r->b.len;
	a.mem_snapshot = &r->snap;
	r->e = sc_engine_open(&sc_engine_mem, &a, &err);
	assert_non_null(r->e);
	r->st = sc_state_new();
	sc_state_seed(r->st, &r->e->snap);
}

/* Parses the next record; returns the event. */
static struct sc_evt *step(struct rig *r)
{
	struct sc_raw_evt raw;
	struct sc_err err = { 0 };

	assert_int_equal(sc_engine_next(r->e, &raw, &err), SC_OK);
	memset(&r->ev, 0, sizeof(r->ev));
	assert_int_equal(sc_evt_decode(&r->ev, raw.hdr, &err), 0);
	sc_parse_event(r->st, &r->ev);
	return &r->ev;
}

static struct sc_evt *steps(struct rig *r, int n)
{
	while (n--)
		step(r);
	return &r->ev;
}

static void rig_end(struct rig *r)
{
	struct sc_raw_evt raw;
	struct sc_err err = { 0 };

	assert_int_equal(sc_engine_next(r->e, &raw, &err), SC_EOF);
	sc_engine_close(r->e);
	sc_state_free(r->st);
	sc_builder_free(&r->b);
	sc_snapshot_free(&r->snap);
	sc_strbuf_free(&r->sb);
}

static const char *fdr(struct rig *r, int64_t tid, int64_t fd)
{
	struct sc_fdinfo *fi = sc_state_fd(sc_state_thread(r->st, tid), fd);

	sc_strbuf_reset(&r->sb);
	if (!fi)
		return "(none)";
	sc_state_fd_render(fi, &r->sb);
	return r->sb.s;
}

static struct sc_snap_proc *proc(struct rig *r, int64_t tid, int64_t pid, int64_t ptid, const char *comm,
				 const char *cwd)
{
	struct sc_snap_proc *p = sc_snapshot_add_proc(&r->snap);

	p->tid = tid;
	p->pid = pid;
	p->ptid = ptid;
	p->comm = xstrdup(comm);
	p->exe = xstrdup(comm);
	p->cwd = xstrdup(cwd);
	p->uid = 1000;
	p->gid = 1000;
	p->fdlimit = 1024;
	return p;
}

static void snap_file(struct sc_snap_proc *p, int64_t fd, const char *name)
{
	struct sc_snap_fd *f = sc_snapshot_add_fd(p);

	f->fd = fd;
	f->type = SC_FD_FILE_V2;
	f->name = xstrdup(name);
}

/* ---- record helpers ------------------------------------------------------------ */

static void open_pair(struct rig *r, int64_t tid, const char *name, uint32_t flags, int64_t res)
{
	sc_builder_add(&r->b, tid, SCE_SYSCALL_OPEN_E, 3, sc_bp_str(name), sc_bp_u32(flags), sc_bp_u32(0));
	sc_builder_add(&r->b, tid, SCE_SYSCALL_OPEN_X, 5, sc_bp_i64(res), sc_bp_str(name), sc_bp_u32(flags),
		       sc_bp_u32(0), sc_bp_u32(0));
}

static void close_pair(struct rig *r, int64_t tid, int64_t fd, int64_t res)
{
	sc_builder_add(&r->b, tid, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(fd));
	sc_builder_add(&r->b, tid, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(res));
}

static struct sc_bparam tuple4(uint8_t *buf, const char *s, uint16_t sport, const char *d, uint16_t dport)
{
	unsigned a, b, c, e;

	buf[0] = 2;
	sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &e);
	buf[1] = (uint8_t)a; buf[2] = (uint8_t)b; buf[3] = (uint8_t)c; buf[4] = (uint8_t)e;
	memcpy(buf + 5, &sport, 2);
	sscanf(d, "%u.%u.%u.%u", &a, &b, &c, &e);
	buf[7] = (uint8_t)a; buf[8] = (uint8_t)b; buf[9] = (uint8_t)c; buf[10] = (uint8_t)e;
	memcpy(buf + 11, &dport, 2);
	return sc_bp_buf(buf, 13);
}

static struct sc_bparam addr4(uint8_t *buf, const char *ip, uint16_t port)
{
	unsigned a, b, c, e;

	buf[0] = 2;
	sscanf(ip, "%u.%u.%u.%u", &a, &b, &c, &e);
	buf[1] = (uint8_t)a; buf[2] = (uint8_t)b; buf[3] = (uint8_t)c; buf[4] = (uint8_t)e;
	memcpy(buf + 5, &port, 2);
	return sc_bp_buf(buf, 7);
}

static void socket_pair(struct rig *r, int64_t tid, uint32_t domain, uint32_t type, uint32_t proto, int64_t fd)
{
	sc_builder_add(&r->b, tid, SCE_SOCKET_SOCKET_E, 3, sc_bp_u32(domain), sc_bp_u32(type), sc_bp_u32(proto));
	sc_builder_add(&r->b, tid, SCE_SOCKET_SOCKET_X, 1, sc_bp_i64(fd));
}

/* clone/fork exit, version 20, as the caller (res = child) or the child (res = 0) sees it */
static void clone_x(struct rig *r, uint16_t type, int64_t tid, int64_t res, int64_t pid, int64_t ptid,
		    const char *comm, uint32_t flags)
{
	static const char args[] = "-v\0x\0";

	sc_builder_add(&r->b, tid, type, 20, sc_bp_i64(res), sc_bp_str(comm), sc_bp_buf(args, sizeof(args) - 1),
		       sc_bp_i64(tid), sc_bp_i64(pid), sc_bp_i64(ptid), sc_bp_str("/ignored"), sc_bp_i64(4096),
		       sc_bp_u64(1), sc_bp_u64(2), sc_bp_u32(300), sc_bp_u32(40), sc_bp_u32(0), sc_bp_str(comm),
		       sc_bp_buf("cpu=/\0", 6), sc_bp_u32(flags), sc_bp_u32(1000), sc_bp_u32(1000), sc_bp_i64(tid),
		       sc_bp_i64(pid));
}

static void execve_pair(struct rig *r, int64_t tid, int64_t pid, int64_t ptid, const char *filename,
			const char *exe, const char *comm, int64_t res)
{
	static const char args[] = "-la\0/tmp\0";
	static const char env[] = "HOME=/root\0";

	sc_builder_add(&r->b, tid, SCE_SYSCALL_EXECVE_19_E, 1, sc_bp_str(filename));
	sc_builder_add(&r->b, tid, SCE_SYSCALL_EXECVE_19_X, 20, sc_bp_i64(res), sc_bp_str(exe),
		       sc_bp_buf(args, sizeof(args) - 1), sc_bp_i64(tid), sc_bp_i64(pid), sc_bp_i64(ptid),
		       sc_bp_str("/cwd-not-used"), sc_bp_u64(2048), sc_bp_u64(0), sc_bp_u64(33), sc_bp_u32(508),
		       sc_bp_u32(4), sc_bp_u32(0), sc_bp_str(comm), sc_bp_buf("cpu=/\0", 6),
		       sc_bp_buf(env, sizeof(env) - 1), sc_bp_u32(34816), sc_bp_i64(pid), sc_bp_u32(1000),
		       sc_bp_u32(0));
}

static void procexit(struct rig *r, int64_t tid)
{
	sc_builder_add(&r->b, tid, SCE_PROCEXIT_1_E, 4, sc_bp_i64(0), sc_bp_i64(0), sc_bp_u8(0), sc_bp_u8(0));
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_unknown_thread(void **state)
{
	struct rig r = { 0 };
	struct sc_evt *ev;

	sc_builder_add(&r.b, 777, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(9));
	sc_builder_add(&r.b, 778, SCE_SCHEDSWITCH_6_E, 6, sc_bp_i64(1), sc_bp_u64(0), sc_bp_u64(0), sc_bp_u32(0),
		       sc_bp_u32(0), sc_bp_u32(0));
	sc_builder_add(&r.b, 779, SCE_PROCINFO_E, 2, sc_bp_u64(1), sc_bp_u64(2));
	rig_start(&r);
	ev = step(&r);
	assert_non_null(ev->thread);
	assert_string_equal(ev->thread->comm, "<NA>");
	assert_string_equal(ev->thread->exe, "<NA>");
	assert_int_equal(ev->thread->pid, 777);
	assert_int_equal(ev->thread->ptid, -1);
	assert_int_equal(ev->thread->uid, UINT32_MAX);
	assert_int_equal(ev->fdnum, 9);
	assert_null(ev->fd);
	ev = step(&r);   /* context switches and procinfo never make threads */
	assert_null(ev->thread);
	ev = step(&r);
	assert_null(ev->thread);
	assert_null(sc_state_thread(r.st, 778));
	assert_null(sc_state_thread(r.st, 779));
	rig_end(&r);
}

static void test_open_close(void **state)
{
	struct rig r = { 0 };
	struct sc_evt *ev;

	proc(&r, 10, 10, 1, "cat", "/home/u");
	open_pair(&r, 10, "/etc/passwd", 1, 3);
	open_pair(&r, 10, "notes/../a.txt", 1, 4);
	open_pair(&r, 10, "/tmp", 1 | (1 << 10), 5);
	open_pair(&r, 10, "/nonexistent", 1, -2);
	/* an open exit whose enter is missing does not add the fd, as in sysdig */
	sc_builder_add(&r.b, 10, SCE_SYSCALL_READ_E, 2, sc_bp_i64(4), sc_bp_u32(10));
	sc_builder_add(&r.b, 10, SCE_SYSCALL_OPEN_X, 5, sc_bp_i64(6), sc_bp_str("/lost"), sc_bp_u32(1),
		       sc_bp_u32(0), sc_bp_u32(0));
	close_pair(&r, 10, 3, 0);
	sc_builder_add(&r.b, 10, SCE_SYSCALL_READ_E, 2, sc_bp_i64(4), sc_bp_u32(10));
	close_pair(&r, 10, 4, -9);   /* failed close keeps the fd */
	sc_builder_add(&r.b, 10, SCE_SYSCALL_READ_E, 2, sc_bp_i64(4), sc_bp_u32(10));
	rig_start(&r);
	ev = step(&r);
	assert_int_equal(ev->fdnum, -1);
	ev = step(&r);
	assert_non_null(ev->fd);
	assert_int_equal(ev->fdnum, 3);
	assert_string_equal(ev->fd->name, "/etc/passwd");
	assert_int_equal(ev->fd->openflags, 1);
	assert_string_equal(fdr(&r, 10, 3), "<f>/etc/passwd");
	steps(&r, 2);
	assert_string_equal(fdr(&r, 10, 4), "<f>/home/u/a.txt");
	steps(&r, 2);
	assert_string_equal(fdr(&r, 10, 5), "<d>/tmp");
	ev = steps(&r, 2);
	assert_null(ev->fd);
	assert_int_equal(ev->fdnum, -1);
	steps(&r, 2);
	assert_string_equal(fdr(&r, 10, 6), "(none)");

	ev = step(&r);   /* close enter */
	assert_int_equal(ev->fdnum, 3);
	assert_string_equal(ev->fd->name, "/etc/passwd");
	ev = step(&r);   /* close exit: the fd is still there while the event is shown */
	assert_non_null(ev->fd);
	assert_string_equal(ev->fd->name, "/etc/passwd");
	assert_string_equal(fdr(&r, 10, 3), "<f>/etc/passwd");
	step(&r);        /* the next event removes it */
	assert_string_equal(fdr(&r, 10, 3), "(none)");
	steps(&r, 3);
	assert_string_equal(fdr(&r, 10, 4), "<f>/home/u/a.txt");
	rig_end(&r);
}

static void test_openat_dirfd(void **state)
{
	struct rig r = { 0 };
	struct sc_evt *ev;

	snap_file(proc(&r, 10, 10, 1, "ls", "/"), 7, "/var/log");
	sc_builder_add(&r.b, 10, SCE_SYSCALL_OPENAT_2_X, 6, sc_bp_i64(8), sc_bp_i64(7), sc_bp_str("syslog"),
		       sc_bp_u32(1), sc_bp_u32(0), sc_bp_u32(0x803));
	sc_builder_add(&r.b, 10, SCE_SYSCALL_OPENAT_2_X, 6, sc_bp_i64(9), sc_bp_i64(-100), sc_bp_str("etc/x"),
		       sc_bp_u32(1), sc_bp_u32(0), sc_bp_u32(0));
	sc_builder_add(&r.b, 10, SCE_SYSCALL_OPENAT_2_X, 6, sc_bp_i64(11), sc_bp_i64(55), sc_bp_str("y"),
		       sc_bp_u32(1), sc_bp_u32(0), sc_bp_u32(0));
	rig_start(&r);
	ev = step(&r);
	assert_string_equal(fdr(&r, 10, 8), "<f>/var/log/syslog");
	assert_int_equal(ev->fd->dev, 0x803);
	step(&r);
	assert_string_equal(fdr(&r, 10, 9), "<f>/etc/x");
	step(&r);
	assert_string_equal(fdr(&r, 10, 11), "<f><UNKNOWN>y");
	rig_end(&r);
}

static void test_tcp_client(void **state)
{
	struct rig r = { 0 };
	uint8_t t[13], a[7];
	struct sc_evt *ev;

	proc(&r, 20, 20, 1, "curl", "/");
	socket_pair(&r, 20, 2, 1, 0, 5);
	sc_builder_add(&r.b, 20, SCE_SOCKET_CONNECT_E, 2, sc_bp_i64(5), addr4(a, "127.0.0.1", 80));
	sc_builder_add(&r.b, 20, SCE_SOCKET_CONNECT_X, 2, sc_bp_i64(-115),
		       tuple4(t, "127.0.0.1", 40000, "127.0.0.1", 80));
	socket_pair(&r, 20, 1, 1, 0, 6);
	rig_start(&r);
	ev = steps(&r, 2);
	assert_int_equal(ev->fdnum, 5);
	assert_string_equal(fdr(&r, 20, 5), "<4>");   /* no role before connect */
	assert_int_equal(ev->fd->l4proto, SC_L4_TCP);
	ev = step(&r);
	assert_int_equal(ev->fdnum, 5);
	ev = step(&r);
	assert_string_equal(ev->fd->name, "127.0.0.1:40000->127.0.0.1:80");
	assert_string_equal(fdr(&r, 20, 5), "<4t>127.0.0.1:40000->127.0.0.1:80");
	assert_int_equal(sc_fdinfo_l4proto(ev->fd), SC_L4_TCP);
	steps(&r, 2);
	assert_string_equal(fdr(&r, 20, 6), "<u>");
	rig_end(&r);
}

static void test_server(void **state)
{
	struct rig r = { 0 };
	uint8_t t[13], a[7];
	struct sc_evt *ev;

	proc(&r, 30, 30, 1, "nginx", "/");
	socket_pair(&r, 30, 2, 1, 6, 3);
	sc_builder_add(&r.b, 30, SCE_SOCKET_BIND_E, 1, sc_bp_i64(3));
	sc_builder_add(&r.b, 30, SCE_SOCKET_BIND_X, 2, sc_bp_i64(0), addr4(a, "0.0.0.0", 8080));
	sc_builder_add(&r.b, 30, SCE_SOCKET_ACCEPT_5_E, 0);
	sc_builder_add(&r.b, 30, SCE_SOCKET_ACCEPT_5_X, 5, sc_bp_i64(4),
		       tuple4(t, "10.0.0.9", 51000, "10.0.0.1", 8080), sc_bp_u8(0), sc_bp_u32(0), sc_bp_u32(5));
	rig_start(&r);
	steps(&r, 4);
	assert_string_equal(fdr(&r, 30, 3), "<4t>0.0.0.0:8080");
	assert_int_equal(sc_state_fd(sc_state_thread(r.st, 30), 3)->type, SC_FD_IPV4_SERVSOCK);
	steps(&r, 1);
	ev = step(&r);
	assert_int_equal(ev->fdnum, 4);
	assert_true(ev->fd->flags & SC_FDF_ROLE_SERVER);
	assert_string_equal(fdr(&r, 30, 4), "<4t>10.0.0.9:51000->10.0.0.1:8080");
	rig_end(&r);
}

static void test_udp_sendto(void **state)
{
	struct rig r = { 0 };
	uint8_t t[13];

	proc(&r, 40, 40, 1, "dig", "/");
	socket_pair(&r, 40, 2, 2, 0, 3);
	sc_builder_add(&r.b, 40, SCE_SOCKET_SENDTO_E, 3, sc_bp_i64(3), sc_bp_u32(6),
		       tuple4(t, "10.1.1.1", 5353, "8.8.8.8", 53));
	sc_builder_add(&r.b, 40, SCE_SOCKET_SENDTO_X, 2, sc_bp_i64(6), sc_bp_buf("abcdef", 6));
	/* a sendto on an fd never seen makes a UDP socket of it */
	sc_builder_add(&r.b, 40, SCE_SOCKET_SENDTO_E, 3, sc_bp_i64(9), sc_bp_u32(6),
		       tuple4(t, "10.1.1.1", 6000, "1.1.1.1", 53));
	rig_start(&r);
	steps(&r, 2);
	assert_string_equal(fdr(&r, 40, 3), "<4>");
	steps(&r, 2);
	assert_string_equal(fdr(&r, 40, 3), "<4u>10.1.1.1:5353->8.8.8.8:53");
	step(&r);
	assert_string_equal(fdr(&r, 40, 9), "<4>");
	assert_int_equal(sc_state_fd(sc_state_thread(r.st, 40), 9)->l4proto, SC_L4_UDP);
	rig_end(&r);
}

static void test_pipe_dup_fcntl(void **state)
{
	struct rig r = { 0 };
	struct sc_evt *ev;
	struct sc_thread *th;

	snap_file(proc(&r, 50, 50, 1, "sh", "/"), 3, "/etc/passwd");
	sc_builder_add(&r.b, 50, SCE_SYSCALL_PIPE_E, 0);
	sc_builder_add(&r.b, 50, SCE_SYSCALL_PIPE_X, 4, sc_bp_i64(0), sc_bp_i64(4), sc_bp_i64(5), sc_bp_u64(1234));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_DUP_E, 1, sc_bp_i64(5));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_DUP_X, 1, sc_bp_i64(1));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_FCNTL_E, 2, sc_bp_i64(3), sc_bp_u8(1));   /* F_DUPFD */
	sc_builder_add(&r.b, 50, SCE_SYSCALL_FCNTL_X, 1, sc_bp_i64(10));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_FCNTL_E, 2, sc_bp_i64(3), sc_bp_u8(4));   /* F_GETFL */
	sc_builder_add(&r.b, 50, SCE_SYSCALL_FCNTL_X, 1, sc_bp_i64(11));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_EVENTFD_E, 2, sc_bp_u64(0), sc_bp_u32(0));
	sc_builder_add(&r.b, 50, SCE_SYSCALL_EVENTFD_X, 1, sc_bp_i64(12));
	rig_start(&r);
	ev = steps(&r, 2);
	assert_int_equal(ev->fdnum, 5);
	assert_string_equal(fdr(&r, 50, 4), "<p>");
	assert_int_equal(sc_state_fd(sc_state_thread(r.st, 50), 5)->ino, 1234);
	ev = steps(&r, 2);
	assert_int_equal(ev->fdnum, 1);
	assert_string_equal(fdr(&r, 50, 1), "<p>");
	th = sc_state_thread(r.st, 50);
	assert_true(th->flags & SC_CL_PIPE_SRC);
	steps(&r, 2);
	assert_string_equal(fdr(&r, 50, 10), "<f>/etc/passwd");
	steps(&r, 2);
	assert_string_equal(fdr(&r, 50, 11), "(none)");
	steps(&r, 2);
	assert_string_equal(fdr(&r, 50, 12), "<e>");
	rig_end(&r);
}

static void test_clone_thread_and_fork(void **state)
{
	struct rig r = { 0 };
	struct sc_thread *p, *t, *c;
	struct sc_evt *ev;

	snap_file(proc(&r, 60, 60, 1, "srv", "/srv"), 3, "/etc/hosts");
	/* a thread (CLONE_THREAD|CLONE_FILES|CLONE_VM) seen from the caller, then from itself */
	sc_builder_add(&r.b, 60, SCE_SYSCALL_CLONE_20_E, 0);
	clone_x(&r, SCE_SYSCALL_CLONE_20_X, 60, 61, 60, 1, "srv", SC_CL_CLONE_THREAD | SC_CL_CLONE_FILES | SC_CL_CLONE_VM);
	clone_x(&r, SCE_SYSCALL_CLONE_20_X, 61, 0, 60, 1, "srv", SC_CL_CLONE_THREAD | SC_CL_CLONE_FILES | SC_CL_CLONE_VM);
	open_pair(&r, 61, "log", 1, 4);           /* opened by the thread, seen by the process */
	/* a fork: the child gets a copy of the fds */
	sc_builder_add(&r.b, 60, SCE_SYSCALL_FORK_20_E, 0);
	clone_x(&r, SCE_SYSCALL_FORK_20_X, 60, 62, 60, 1, "srv", 0);
	close_pair(&r, 62, 3, 0);
	sc_builder_add(&r.b, 62, SCE_SYSCALL_READ_E, 2, sc_bp_i64(4), sc_bp_u32(1));
	/* a child whose parent's exit was lost: its own clone exit describes it */
	clone_x(&r, SCE_SYSCALL_CLONE_20_X, 63, 0, 63, 60, "worker", 0);
	rig_start(&r);
	steps(&r, 2);
	p = sc_state_thread(r.st, 60);
	t = sc_state_thread(r.st, 61);
	assert_non_null(t);
	assert_int_equal(t->pid, 60);
	assert_int_equal(t->ptid, 60);
	assert_ptr_equal(t->fdt, p->fdt);
	assert_int_equal(p->nchilds, 1);
	assert_string_equal(t->comm, "srv");
	assert_int_equal(t->pfminor, 2);
	assert_int_equal(t->uid, 1000);
	assert_int_equal(t->clone_ts, r.ev.hdr->ts);
	assert_int_equal(t->args_len, 5);
	ev = step(&r);   /* the thread's own clone exit changes nothing */
	assert_ptr_equal(ev->thread, t);
	assert_int_equal(t->pfminor, 2);
	steps(&r, 2);
	assert_string_equal(fdr(&r, 60, 4), "<f>/srv/log");
	steps(&r, 2);
	c = sc_state_thread(r.st, 62);
	assert_non_null(c);
	assert_int_equal(c->pid, 62);
	assert_int_equal(c->ptid, 60);
	assert_ptr_not_equal(c->fdt, p->fdt);
	assert_string_equal(c->cwd, "/srv/");
	assert_string_equal(fdr(&r, 62, 3), "<f>/etc/hosts");
	assert_true(sc_state_fd(c, 3)->flags & SC_FDF_IS_CLONED);
	steps(&r, 3);   /* closing in the child leaves the parent's fd */
	assert_string_equal(fdr(&r, 62, 3), "(none)");
	assert_string_equal(fdr(&r, 60, 3), "<f>/etc/hosts");
	ev = step(&r);
	c = sc_state_thread(r.st, 63);
	assert_ptr_equal(ev->thread, c);
	assert_int_equal(c->ptid, 60);
	assert_true(c->flags & SC_CL_CLONE_INVERTED);
	assert_string_equal(c->comm, "worker");
	assert_string_equal(fdr(&r, 63, 4), "<f>/srv/log");
	rig_end(&r);
}

static void test_execve_exit(void **state)
{
	struct rig r = { 0 };
	struct sc_thread *th;
	struct sc_evt *ev, enter;

	proc(&r, 70, 70, 1, "bash", "/home/u");
	execve_pair(&r, 70, 70, 1, "bin/ls", "ls", "ls", 0);
	execve_pair(&r, 70, 70, 1, "/bin/nope", "nope", "nope", -2);
	/* a first event that is an execve exit: the stand-in thread gets the process */
	sc_builder_add(&r.b, 71, SCE_SYSCALL_EXECVE_19_X, 20, sc_bp_i64(0), sc_bp_str("cat"),
		       sc_bp_buf("f\0", 2), sc_bp_i64(71), sc_bp_i64(71), sc_bp_i64(70), sc_bp_str("/x"),
		       sc_bp_u64(1024), sc_bp_u64(0), sc_bp_u64(1), sc_bp_u32(1), sc_bp_u32(1), sc_bp_u32(0),
		       sc_bp_str("cat"), sc_bp_buf("", 0), sc_bp_buf("", 0), sc_bp_u32(0), sc_bp_i64(71),
		       sc_bp_u32(-1), sc_bp_u32(0));
	rig_start(&r);
	step(&r);
	ev = step(&r);
	th = sc_state_thread(r.st, 70);
	assert_string_equal(th->comm, "ls");
	assert_string_equal(th->exe, "ls");
	assert_memory_equal(th->args, "-la\0/tmp\0", 9);
	assert_string_equal(th->exepath, "/home/u/bin/ls");
	assert_string_equal(th->cwd, "/home/u/");   /* execve's cwd parameter is not used */
	assert_int_equal(th->fdlimit, 2048);
	assert_int_equal(th->vmsize_kb, 508);
	assert_int_equal(th->tty, 34816);
	assert_int_equal(th->loginuid, 1000);
	assert_int_equal(th->env_len, 11);
	assert_true(sc_parse_enter_of(ev, &enter));
	assert_int_equal(enter.hdr->type, SCE_SYSCALL_EXECVE_19_E);
	assert_int_equal(th->latency, 1000);
	steps(&r, 2);
	assert_string_equal(th->comm, "ls");   /* a failed execve changes nothing */
	ev = step(&r);
	th = ev->thread;
	assert_string_equal(th->comm, "cat");
	assert_int_equal(th->ptid, 70);
	assert_int_equal(th->latency, 0);
	assert_false(sc_parse_enter_of(ev, &enter));
	rig_end(&r);
}

static void test_procexit(void **state)
{
	struct rig r = { 0 };
	struct sc_evt *ev;

	proc(&r, 80, 80, 1, "a", "/");
	proc(&r, 81, 80, 1, "a", "/")->flags = SC_CL_CLONE_THREAD | SC_CL_CLONE_FILES;
	proc(&r, 90, 90, 1, "b", "/");
	procexit(&r, 90);
	sc_builder_add(&r.b, 80, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(0));
	procexit(&r, 80);   /* a main thread with live threads stays */
	procexit(&r, 81);
	sc_builder_add(&r.b, 80, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(0));
	rig_start(&r);
	ev = step(&r);
	assert_ptr_equal(ev->thread, sc_state_thread(r.st, 90));   /* still there for this event */
	assert_true(ev->thread->flags & SC_CL_CLOSED);
	step(&r);
	assert_null(sc_state_thread(r.st, 90));
	steps(&r, 2);
	assert_non_null(sc_state_thread(r.st, 80));
	step(&r);
	assert_null(sc_state_thread(r.st, 81));
	assert_non_null(sc_state_thread(r.st, 80));
	assert_int_equal(sc_state_thread(r.st, 80)->nchilds, 0);
	rig_end(&r);
}

static void test_cwd_ids_limits(void **state)
{
	struct rig r = { 0 };
	struct sc_thread *th, *t2;

	snap_file(proc(&r, 100, 100, 1, "sh", "/home"), 3, "/var/tmp");
	proc(&r, 101, 100, 1, "sh", "/")->flags = SC_CL_CLONE_THREAD | SC_CL_CLONE_FILES;
	sc_builder_add(&r.b, 100, SCE_SYSCALL_CHDIR_E, 0);
	sc_builder_add(&r.b, 100, SCE_SYSCALL_CHDIR_X, 2, sc_bp_i64(0), sc_bp_str("u/../w"));
	sc_builder_add(&r.b, 101, SCE_SYSCALL_FCHDIR_E, 1, sc_bp_i64(3));
	sc_builder_add(&r.b, 101, SCE_SYSCALL_FCHDIR_X, 1, sc_bp_i64(0));
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETUID_E, 1, sc_bp_u32(0));
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETUID_X, 1, sc_bp_i64(0));
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETRESGID_E, 3, sc_bp_u32(5), sc_bp_u32(6), sc_bp_u32(7));
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETRESGID_X, 1, sc_bp_i64(0));
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETSID_E, 0);
	sc_builder_add(&r.b, 100, SCE_SYSCALL_SETSID_X, 1, sc_bp_i64(100));
	sc_builder_add(&r.b, 101, SCE_SYSCALL_PRLIMIT_E, 2, sc_bp_i64(0), sc_bp_u8(7));
	sc_builder_add(&r.b, 101, SCE_SYSCALL_PRLIMIT_X, 5, sc_bp_i64(0), sc_bp_i64(65536), sc_bp_i64(65536),
		       sc_bp_i64(1024), sc_bp_i64(4096));
	sc_builder_add(&r.b, 101, SCE_SCHEDSWITCH_6_E, 6, sc_bp_i64(0), sc_bp_u64(7), sc_bp_u64(8), sc_bp_u32(900),
		       sc_bp_u32(90), sc_bp_u32(9));
	rig_start(&r);
	th = sc_state_thread(r.st, 100);
	t2 = sc_state_thread(r.st, 101);
	steps(&r, 2);
	assert_string_equal(th->cwd, "/home/w/");
	assert_string_equal(sc_state_thread_cwd(r.st, t2), "/home/w/");
	steps(&r, 2);   /* a thread's fchdir moves its process */
	assert_string_equal(th->cwd, "/var/tmp/");
	steps(&r, 2);
	assert_int_equal(th->uid, 0);
	steps(&r, 2);
	assert_int_equal(th->gid, 6);
	steps(&r, 2);
	assert_int_equal(th->sid, 100);
	steps(&r, 2);
	assert_int_equal(th->fdlimit, 65536);
	step(&r);
	assert_int_equal(t2->pfminor, 8);
	assert_int_equal(th->vmsize_kb, 900);   /* memory is the process's */
	rig_end(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_thread),
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_openat_dirfd),
		cmocka_unit_test(test_tcp_client),
		cmocka_unit_test(test_server),
		cmocka_unit_test(test_udp_sendto),
		cmocka_unit_test(test_pipe_dup_fcntl),
		cmocka_unit_test(test_clone_thread_and_fork),
		cmocka_unit_test(test_execve_exit),
		cmocka_unit_test(test_procexit),
		cmocka_unit_test(test_cwd_ids_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
