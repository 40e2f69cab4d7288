/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for core/capture.c: records built with the builders are
 * written with the capture writer and read back with the savefile engine,
 * byte for byte, with cpu, flags and the whole snapshot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "builders.h"
#include "core/capture.h"
#include "core/engine/engine.h"
#include "core/engine/savefile.h"
#include "core/io.h"
#include "core/state.h"
#include "core/util.h"

static void make_snapshot(struct sc_snapshot *s)
{
	struct sc_snap_proc *p;
	struct sc_snap_fd *f;
	struct sc_snap_iface *i;
	struct sc_snap_user *u;
	struct sc_snap_group *g;
	static const char args[] = "-l\0/tmp\0", env[] = "HOME=/root\0PATH=/bin\0",
			  cg[] = "cpu=/init.scope\0memory=/\0";

	memset(s, 0, sizeof(*s));
	s->machine.present = true;
	s->machine.num_cpus = 2;
	s->machine.memory_size_bytes = 4ull << 30;
	s->machine.max_pid = 4194304;
	strcpy(s->machine.hostname, "testhost");

	i = sc_snapshot_add_iface(s);
	i->name = xstrdup("lo");
	i->addr = 0x0100007f;
	i->netmask = 0xff;
	i->bcast = 0x0100007f;
	i->linkspeed = 1000;
	i = sc_snapshot_add_iface(s);
	i->v6 = true;
	i->name = xstrdup("eth0");
	i->addr6[0] = 0xfe;
	i->addr6[15] = 1;
	memset(i->netmask6, 0xff, 8);

	u = sc_snapshot_add_user(s);
	u->uid = 0;
	u->gid = 0;
	u->name = xstrdup("root");
	u->homedir = xstrdup("/root");
	u->shell = xstrdup("/bin/bash");
	g = sc_snapshot_add_group(s);
	g->gid = 100;
	g->name = xstrdup("users");

	p = sc_snapshot_add_proc(s);
	p->tid = p->pid = 1234;
	p->ptid = 1;
	p->sid = 1200;
	p->vpgid = 1234;
	p->comm = xstrdup("ls");
	p->exe = xstrdup("/bin/ls");
	p->exepath = xstrdup("/usr/bin/ls");
	p->cwd = xstrdup("/tmp/");
	p->root = xstrdup("/");
	p->args = xmemdup(args, sizeof(args) - 1);
	p->args_len = sizeof(args) - 1;
	p->env = xmemdup(env, sizeof(env) - 1);
	p->env_len = sizeof(env) - 1;
	p->cgroups = xmemdup(cg, sizeof(cg) - 1);
	p->cgroups_len = sizeof(cg) - 1;
	p->fdlimit = 1024;
	p->flags = 0x40;
	p->uid = 1000;
	p->gid = 100;
	p->loginuid = 1000;
	p->vmsize_kb = 10;
	p->vmrss_kb = 20;
	p->vmswap_kb = 30;
	p->pfmajor = 40;
	p->pfminor = 50;
	p->vtid = 7;
	p->vpid = 7;

	f = sc_snapshot_add_fd(p);
	f->fd = 0;
	f->type = SC_FD_FILE_V2;
	f->openflags = 3;
	f->dev = 0x801;
	f->ino = 99;
	f->name = xstrdup("/dev/pts/0");
	f = sc_snapshot_add_fd(p);
	f->fd = 3;
	f->type = SC_FD_IPV4_SOCK;
	f->sip = 0x0100007f;
	f->dip = 0x0200007f;
	f->sport = 40000;
	f->dport = 80;
	f->l4proto = 2;
	f = sc_snapshot_add_fd(p);
	f->fd = 4;
	f->type = SC_FD_IPV4_SERVSOCK;
	f->sip = 0;
	f->sport = 8080;
	f->l4proto = 2;
	f = sc_snapshot_add_fd(p);
	f->fd = 5;
	f->type = SC_FD_IPV6_SOCK;
	f->sip6[15] = 1;
	f->dip6[15] = 2;
	f->sport = 1;
	f->dport = 2;
	f->l4proto = 3;
	f = sc_snapshot_add_fd(p);
	f->fd = 6;
	f->type = SC_FD_IPV6_SERVSOCK;
	f->sport = 443;
	f->l4proto = 2;
	f = sc_snapshot_add_fd(p);
	f->fd = 7;
	f->type = SC_FD_UNIX_SOCK;
	f->unix_src = 0xffff1;
	f->unix_dst = 0xffff2;
	f->name = xstrdup("/run/sock");
	f = sc_snapshot_add_fd(p);
	f->fd = 8;
	f->type = SC_FD_DIRECTORY;
	f->name = xstrdup("/tmp");
	f = sc_snapshot_add_fd(p);
	f->fd = 9;
	f->type = SC_FD_FIFO;
	f->name = xstrdup("pipe:[123]");

	p = sc_snapshot_add_proc(s);   /* a thread of the same process, no fds */
	p->tid = 1235;
	p->pid = 1234;
	p->ptid = 1;
	p->comm = xstrdup("ls");
}

static void assert_str_eq_or_empty(const char *a, const char *b)
{
	assert_string_equal(a ? a : "", b ? b : "");
}

static void check_snapshot(const struct sc_snapshot *a, const struct sc_snapshot *b)
{
	size_t i, j;

	assert_int_equal(a->machine.num_cpus, b->machine.num_cpus);
	assert_int_equal(a->machine.memory_size_bytes, b->machine.memory_size_bytes);
	assert_int_equal(a->machine.max_pid, b->machine.max_pid);
	assert_string_equal(a->machine.hostname, b->machine.hostname);
	assert_int_equal(a->nifaces, b->nifaces);
	for (i = 0; i < a->nifaces; i++) {
		assert_int_equal(a->ifaces[i].v6, b->ifaces[i].v6);
		assert_string_equal(a->ifaces[i].name, b->ifaces[i].name);
		assert_int_equal(a->ifaces[i].addr, b->ifaces[i].addr);
		assert_int_equal(a->ifaces[i].netmask, b->ifaces[i].netmask);
		assert_memory_equal(a->ifaces[i].addr6, b->ifaces[i].addr6, 16);
		assert_memory_equal(a->ifaces[i].netmask6, b->ifaces[i].netmask6, 16);
		assert_int_equal(a->ifaces[i].linkspeed, b->ifaces[i].linkspeed);
	}
	assert_int_equal(a->nusers, b->nusers);
	assert_int_equal(a->ngroups, b->ngroups);
	assert_string_equal(a->users[0].shell, b->users[0].shell);
	assert_string_equal(a->groups[0].name, b->groups[0].name);
	assert_int_equal(a->groups[0].gid, b->groups[0].gid);
	assert_int_equal(a->nprocs, b->nprocs);
	for (i = 0; i < a->nprocs; i++) {
		const struct sc_snap_proc *p = &a->procs[i], *q = &b->procs[i];

		assert_int_equal(p->tid, q->tid);
		assert_int_equal(p->pid, q->pid);
		assert_int_equal(p->ptid, q->ptid);
		assert_int_equal(p->sid, q->sid);
		assert_int_equal(p->vpgid, q->vpgid);
		assert_str_eq_or_empty(p->comm, q->comm);
		assert_str_eq_or_empty(p->exe, q->exe);
		assert_str_eq_or_empty(p->exepath, q->exepath);
		assert_str_eq_or_empty(p->cwd, q->cwd);
		assert_str_eq_or_empty(p->root, q->root);
		assert_int_equal(p->args_len, q->args_len);
		assert_memory_equal(p->args ? p->args : "", q->args ? q->args : "", p->args_len);
		assert_int_equal(p->env_len, q->env_len);
		assert_memory_equal(p->env ? p->env : "", q->env ? q->env : "", p->env_len);
		assert_int_equal(p->cgroups_len, q->cgroups_len);
		assert_int_equal(p->fdlimit, q->fdlimit);
		assert_int_equal(p->flags, q->flags);
		assert_int_equal(p->uid, q->uid);
		assert_int_equal(p->gid, q->gid);
		assert_int_equal(p->loginuid, q->loginuid);
		assert_int_equal(p->vmsize_kb, q->vmsize_kb);
		assert_int_equal(p->vmswap_kb, q->vmswap_kb);
		assert_int_equal(p->pfminor, q->pfminor);
		assert_int_equal(p->vtid, q->vtid);
		assert_int_equal(p->vpid, q->vpid);
		assert_int_equal(p->nfds, q->nfds);
		for (j = 0; j < p->nfds; j++) {
			const struct sc_snap_fd *f = &p->fds[j], *g = &q->fds[j];

			assert_int_equal(f->fd, g->fd);
			assert_int_equal(f->type, g->type);
			assert_int_equal(f->ino, g->ino);
			assert_int_equal(f->openflags, g->openflags);
			assert_int_equal(f->dev, g->dev);
			assert_int_equal(f->sip, g->sip);
			assert_int_equal(f->dip, g->dip);
			assert_int_equal(f->sport, g->sport);
			assert_int_equal(f->dport, g->dport);
			assert_int_equal(f->l4proto, g->l4proto);
			assert_memory_equal(f->sip6, g->sip6, 16);
			assert_int_equal(f->unix_src, g->unix_src);
			assert_int_equal(f->unix_dst, g->unix_dst);
			assert_str_eq_or_empty(f->name, g->name);
		}
	}
}

static void roundtrip(bool gz)
{
	char path[] = "/tmp/sc-test-cap-XXXXXX";
	int fd = mkstemp(path);
	struct sc_builder b = { 0 };
	struct sc_snapshot snap;
	struct sc_err err = { 0 };
	struct sc_capture *cap;
	struct sc_open_args a = { .path = path };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	size_t offs[8], n = 0, i;
	static char big[70000];
	uint8_t data[100];

	assert_true(fd >= 0);
	close(fd);
	make_snapshot(&snap);
	memset(big, 'x', sizeof(big) - 1);
	memset(data, 0xab, sizeof(data));
	offs[n++] = sc_builder_add(&b, 1234, SCE_SYSCALL_OPEN_E, 0);
	offs[n++] = sc_builder_add(&b, 1234, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(3), sc_bp_str("/etc/hosts"),
				   sc_bp_u32(1), sc_bp_u32(0));
	offs[n++] = sc_builder_add(&b, 1234, SCE_SYSCALL_READ_X, 2, sc_bp_i64(100), sc_bp_buf(data, 99));
	offs[n++] = sc_builder_add(&b, 1235, SCE_CONTAINER_JSON_2_E, 1, sc_bp_str(big));
	offs[n++] = sc_builder_add(&b, 1235, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	offs[n++] = sc_builder_add(&b, 1235, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0));

	cap = sc_capture_open(path, gz, &snap, &err);
	assert_non_null(cap);
	for (i = 0; i < n; i++) {
		struct sc_raw_evt w = { .hdr = (const void *)(b.buf + offs[i]), .cpu = (uint16_t)i,
					.flags = i == 2 ? 0x5u : 0 };

		assert_int_equal(sc_capture_write(cap, &w, &err), 0);
	}
	assert_int_equal(sc_capture_events(cap), n);
	assert_int_equal(sc_capture_close(cap, &err), 0);

	e = sc_engine_open(&sc_engine_savefile, &a, &err);
	assert_non_null(e);
	check_snapshot(&snap, &e->snap);
	for (i = 0; i < n; i++) {
		const struct sc_evt_hdr *h = (const void *)(b.buf + offs[i]);

		assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
		assert_int_equal(ev.hdr->len, h->len);
		assert_memory_equal(ev.hdr, h, h->len);
		assert_int_equal(ev.cpu, i);
		assert_int_equal(ev.flags, i == 2 ? 5 : 0);
	}
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EOF);
	sc_engine_close(e);
	sc_snapshot_free(&snap);
	sc_builder_free(&b);
	unlink(path);
}

static void test_roundtrip_plain(void **state)
{
	roundtrip(false);
}

static void test_roundtrip_gzip(void **state)
{
	roundtrip(true);
}

/* The block types on disk: what sysdig 0.29.3 reads. */
static void test_block_layout(void **state)
{
	char path[] = "/tmp/sc-test-cap-XXXXXX";
	int fd = mkstemp(path);
	struct sc_builder b = { 0 };
	struct sc_snapshot snap;
	struct sc_err err = { 0 };
	struct sc_capture *cap;
	struct sc_io_reader *r;
	const uint8_t *p;
	long n;
	static const uint32_t want[] = { SC_BLK_SHB, SC_BLK_MI, SC_BLK_IL_V2, SC_BLK_UL_V2, SC_BLK_PL_V9,
					 SC_BLK_FDL_V2, SC_BLK_EV_V2, SC_BLK_EVF_V2 };
	size_t off = 0, i, o1 = sc_builder_add(&b, 1, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	struct sc_raw_evt w = { .hdr = (const void *)(b.buf + o1), .cpu = 1 };

	close(fd);
	make_snapshot(&snap);
	cap = sc_capture_open(path, false, &snap, &err);
	assert_non_null(cap);
	assert_int_equal(sc_capture_write(cap, &w, &err), 0);
	w.flags = 1;
	assert_int_equal(sc_capture_write(cap, &w, &err), 0);
	assert_int_equal(sc_capture_close(cap, &err), 0);

	r = sc_io_reader_open(path, &err);
	n = sc_io_reader_peek(r, 1 << 20, &p, &err);
	assert_true(n > 0);
	for (i = 0; i < SC_ARRAY_SIZE(want); i++) {
		uint32_t total;

		assert_true(off + 8 <= (size_t)n);
		assert_int_equal(sc_get_u32(p + off), want[i]);
		total = sc_get_u32(p + off + 4);
		assert_int_equal(total % 4, 0);
		assert_int_equal(sc_get_u32(p + off + total - 4), total);
		if (want[i] == SC_BLK_SHB) {
			assert_int_equal(total, 28);
			assert_int_equal(sc_get_u16(p + off + 12), 1);
			assert_int_equal(sc_get_u16(p + off + 14), 2);
		}
		if (want[i] == SC_BLK_MI)
			assert_int_equal(total, 12 + SC_SCAP_MI_BODY);
		off += total;
	}
	assert_int_equal(off, (size_t)n);
	sc_io_reader_close(r);
	sc_snapshot_free(&snap);
	sc_builder_free(&b);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_plain),
		cmocka_unit_test(test_roundtrip_gzip),
		cmocka_unit_test(test_block_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
