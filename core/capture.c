/* SPDX-License-Identifier: Apache-2.0 */
/*
 * capture.c - the .scap writer (see capture.h).
 *
 * Header blocks are assembled in memory, one block at a time, and written
 * whole; events are written as they come through the buffered output of
 * io.c. Field layouts are the ones sysdig 0.29.3 reads: process list V9
 * (with loginuid and exe_writable after root), fd list V2, interface list
 * V2, user list V2, event blocks EV V2 / EVF V2 (V2 LARGE only for records
 * too big for the others, which that version cannot read anyway). Strings
 * are cut to the sizes its reader accepts, and fd types it does not know
 * are written as "unsupported".
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "engine/savefile.h"
#include "io.h"
#include "state.h"
#include "util.h"

#define CAP_MAX_PATH 1024     /* longest name, path or comm the 0.29 reader takes */
#define CAP_MAX_ARGS 4096     /* args, env, cgroups */
#define CAP_SMALL_BLOCK 65536 /* largest non-large event block body */
#define CAP_MAX_FDTYPE_029 16 /* fd types above this are unknown to sysdig 0.29 */

struct sc_capture {
	struct sc_io_writer *out;
	uint64_t events;
};

/* A growable little-endian byte builder for one block. */
struct bb {
	uint8_t *p;
	size_t len, cap;
};

static void bb_add(struct bb *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = SC_MAX(b->len + n, b->cap * 2 + 256);
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void bb_u8(struct bb *b, uint8_t v) { bb_add(b, &v, 1); }
static void bb_u16(struct bb *b, uint16_t v) { bb_add(b, &v, 2); }
static void bb_u32(struct bb *b, uint32_t v) { bb_add(b, &v, 4); }
static void bb_u64(struct bb *b, uint64_t v) { bb_add(b, &v, 8); }

static void bb_put32(struct bb *b, size_t at, uint32_t v)
{
	memcpy(b->p + at, &v, 4);
}

/* u16 length and bytes, at most max of them; NULL writes an empty string. */
static void bb_str(struct bb *b, const char *s, size_t len, size_t max)
{
	if (!s)
		len = 0;
	if (len > max)
		len = max;
	bb_u16(b, (uint16_t)len);
	if (len)
		bb_add(b, s, len);
}

static void bb_cstr(struct bb *b, const char *s, size_t max)
{
	bb_str(b, s, s ? strnlen(s, max) : 0, max);
}

/* Starts a block: type and a placeholder length. Returns where it starts. */
static size_t blk_begin(struct bb *b, uint32_t type)
{
	size_t at = b->len;

	bb_u32(b, type);
	bb_u32(b, 0);
	return at;
}

/* Pads the body to 4 bytes, fills in the length and appends the trailer. */
static void blk_end(struct bb *b, size_t at)
{
	static const uint8_t zero[4];
	uint32_t total;

	bb_add(b, zero, sc_scap_pad4((uint32_t)(b->len - at)) - (b->len - at));
	total = (uint32_t)(b->len - at + 4);
	bb_put32(b, at + 4, total);
	bb_u32(b, total);
}

static void write_shb_mi(struct bb *b, const struct sc_snapshot *s)
{
	size_t at = blk_begin(b, SC_BLK_SHB);
	uint8_t host[128];
	int i;

	bb_u32(b, SC_SCAP_MAGIC);
	bb_u16(b, SC_SCAP_MAJOR);
	bb_u16(b, SC_SCAP_MINOR);
	bb_u64(b, UINT64_MAX);   /* section length: not given */
	blk_end(b, at);

	at = blk_begin(b, SC_BLK_MI);
	memset(host, 0, sizeof(host));
	if (s) {
		memcpy(host, s->machine.hostname, strnlen(s->machine.hostname, sizeof(host) - 1));
		bb_u32(b, s->machine.num_cpus);
		bb_u64(b, s->machine.memory_size_bytes);
		bb_u64(b, s->machine.max_pid);
	} else {
		bb_u32(b, 0);
		bb_u64(b, 0);
		bb_u64(b, 0);
	}
	bb_add(b, host, sizeof(host));
	for (i = 0; i < 4; i++)
		bb_u64(b, 0);   /* reserved */
	blk_end(b, at);
}

static void write_il(struct bb *b, const struct sc_snapshot *s)
{
	size_t at = blk_begin(b, SC_BLK_IL_V2), i;

	for (i = 0; s && i < s->nifaces; i++) {
		const struct sc_snap_iface *f = &s->ifaces[i];
		size_t nlen = f->name ? strnlen(f->name, CAP_MAX_PATH - 1) : 0;
		size_t e = b->len;

		bb_u32(b, 0);
		bb_u16(b, f->v6 ? SC_IFACE_IPV6 : SC_IFACE_IPV4);
		bb_u16(b, (uint16_t)nlen);
		if (f->v6) {
			bb_add(b, f->addr6, 16);
			bb_add(b, f->netmask6, 16);
			bb_add(b, f->bcast6, 16);
		} else {
			bb_u32(b, f->addr);
			bb_u32(b, f->netmask);
			bb_u32(b, f->bcast);
		}
		bb_u64(b, f->linkspeed);
		if (nlen)
			bb_add(b, f->name, nlen);
		bb_put32(b, e, (uint32_t)(b->len - e - 4));   /* entry length leaves itself out */
	}
	blk_end(b, at);
}

static void write_ul(struct bb *b, const struct sc_snapshot *s)
{
	size_t at = blk_begin(b, SC_BLK_UL_V2), i;

	for (i = 0; s && i < s->nusers; i++) {
		const struct sc_snap_user *u = &s->users[i];
		size_t e = b->len;

		bb_u32(b, 0);
		bb_u8(b, SC_ULIST_USER);
		bb_u32(b, u->uid);
		bb_u32(b, u->gid);
		bb_cstr(b, u->name, 255);
		bb_cstr(b, u->homedir, 255);
		bb_cstr(b, u->shell, 255);
		bb_put32(b, e, (uint32_t)(b->len - e));   /* entry length counts itself */
	}
	for (i = 0; s && i < s->ngroups; i++) {
		const struct sc_snap_group *g = &s->groups[i];
		size_t e = b->len;

		bb_u32(b, 0);
		bb_u8(b, SC_ULIST_GROUP);
		bb_u32(b, g->gid);
		bb_cstr(b, g->name, 255);
		bb_put32(b, e, (uint32_t)(b->len - e));
	}
	blk_end(b, at);
}

static void write_pl(struct bb *b, const struct sc_snapshot *s)
{
	size_t at, i;

	if (!s || !s->nprocs)
		return;
	at = blk_begin(b, SC_BLK_PL_V9);
	for (i = 0; i < s->nprocs; i++) {
		const struct sc_snap_proc *p = &s->procs[i];
		size_t e = b->len;

		bb_u32(b, 0);
		bb_u64(b, (uint64_t)p->tid);
		bb_u64(b, (uint64_t)p->pid);
		bb_u64(b, (uint64_t)p->ptid);
		bb_u64(b, (uint64_t)p->sid);
		bb_u64(b, (uint64_t)p->vpgid);
		bb_cstr(b, p->comm, CAP_MAX_PATH);
		bb_cstr(b, p->exe, CAP_MAX_PATH);
		bb_cstr(b, p->exepath, CAP_MAX_PATH);
		bb_str(b, p->args, p->args_len, CAP_MAX_ARGS);
		bb_cstr(b, p->cwd, CAP_MAX_PATH);
		bb_u64(b, p->fdlimit);
		bb_u32(b, (uint32_t)p->flags);
		bb_u32(b, p->uid);
		bb_u32(b, p->gid);
		bb_u32(b, p->vmsize_kb);
		bb_u32(b, p->vmrss_kb);
		bb_u32(b, p->vmswap_kb);
		bb_u64(b, p->pfmajor);
		bb_u64(b, p->pfminor);
		bb_str(b, p->env, p->env_len, CAP_MAX_ARGS);
		bb_u64(b, (uint64_t)p->vtid);
		bb_u64(b, (uint64_t)p->vpid);
		bb_str(b, p->cgroups, p->cgroups_len, CAP_MAX_ARGS);
		bb_cstr(b, p->root, CAP_MAX_PATH);
		bb_u32(b, p->loginuid);
		bb_u8(b, p->exe_writable ? 1 : 0);
		bb_put32(b, e, (uint32_t)(b->len - e));
	}
	blk_end(b, at);
}

static void write_fd(struct bb *b, const struct sc_snap_fd *f)
{
	size_t e = b->len;
	uint8_t type = f->type;

	if (type == SC_FD_UNKNOWN || type >= SC_FD_TYPE_MAX)
		return;
	if (type > CAP_MAX_FDTYPE_029)
		type = SC_FD_UNSUPPORTED;
	bb_u32(b, 0);
	bb_u64(b, (uint64_t)f->fd);
	bb_u64(b, f->ino);
	bb_u8(b, type);
	switch (type) {
	case SC_FD_IPV4_SOCK:
		bb_u32(b, f->sip);
		bb_u32(b, f->dip);
		bb_u16(b, f->sport);
		bb_u16(b, f->dport);
		bb_u8(b, f->l4proto);
		break;
	case SC_FD_IPV4_SERVSOCK:
		bb_u32(b, f->sip);
		bb_u16(b, f->sport);
		bb_u8(b, f->l4proto);
		break;
	case SC_FD_IPV6_SOCK:
		bb_add(b, f->sip6, 16);
		bb_add(b, f->dip6, 16);
		bb_u16(b, f->sport);
		bb_u16(b, f->dport);
		bb_u8(b, f->l4proto);
		break;
	case SC_FD_IPV6_SERVSOCK:
		bb_add(b, f->sip6, 16);
		bb_u16(b, f->sport);
		bb_u8(b, f->l4proto);
		break;
	case SC_FD_UNIX_SOCK:
		bb_u64(b, f->unix_src);
		bb_u64(b, f->unix_dst);
		bb_cstr(b, f->name, CAP_MAX_PATH);
		break;
	case SC_FD_FILE_V2:
		bb_u32(b, f->openflags);
		bb_cstr(b, f->name, CAP_MAX_PATH);
		bb_u32(b, f->dev);
		break;
	default:
		bb_cstr(b, f->name, CAP_MAX_PATH);
		break;
	}
	bb_put32(b, e, (uint32_t)(b->len - e));
}

static void write_fdl(struct bb *b, const struct sc_snap_proc *p)
{
	size_t at, i;

	if (!p->nfds)
		return;
	at = blk_begin(b, SC_BLK_FDL_V2);
	bb_u64(b, (uint64_t)p->tid);
	for (i = 0; i < p->nfds; i++)
		write_fd(b, &p->fds[i]);
	blk_end(b, at);
}

/* Writes what b holds and empties it. */
static int flush_bb(struct sc_capture *cap, struct bb *b, struct sc_err *err)
{
	int rc = sc_io_writer_write(cap->out, b->p, b->len, err);

	b->len = 0;
	return rc;
}

struct sc_capture *sc_capture_open(const char *path, bool gzip, const struct sc_snapshot *snap,
				   struct sc_err *err)
{
	struct sc_capture *cap;
	struct bb b = { 0 };
	size_t i;
	int rc;

	cap = xcalloc(1, sizeof(*cap));
	cap->out = sc_io_writer_open(path, gzip, err);
	if (!cap->out) {
		free(cap);
		return NULL;
	}
	write_shb_mi(&b, snap);
	write_il(&b, snap);
	write_ul(&b, snap);
	write_pl(&b, snap);
	rc = flush_bb(cap, &b, err);
	for (i = 0; rc == 0 && snap && i < snap->nprocs; i++) {
		write_fdl(&b, &snap->procs[i]);
		if (b.len >= (1u << 20))
			rc = flush_bb(cap, &b, err);
	}
	if (rc == 0)
		rc = flush_bb(cap, &b, err);
	free(b.p);
	if (rc < 0) {
		sc_io_writer_close(cap->out, NULL);
		free(cap);
		return NULL;
	}
	return cap;
}

int sc_capture_write(struct sc_capture *cap, const struct sc_raw_evt *ev, struct sc_err *err)
{
	static const uint8_t zero[4];
	uint8_t head[14];
	uint32_t len = ev->hdr->len, pre = ev->flags ? 6 : 2, body, total, type;
	int rc;

	if (len < SC_EVT_HDR_LEN)
		return sc_err_set(err, SC_EFORMAT, "capture: record of length %u is shorter than its header", len);
	body = pre + len;
	total = sc_scap_pad4(8 + body) + 4;
	if (ev->flags)
		type = total - 12 > CAP_SMALL_BLOCK ? SC_BLK_EVF_V2_LARGE : SC_BLK_EVF_V2;
	else
		type = total - 12 > CAP_SMALL_BLOCK ? SC_BLK_EV_V2_LARGE : SC_BLK_EV_V2;
	memcpy(head, &type, 4);
	memcpy(head + 4, &total, 4);
	memcpy(head + 8, &ev->cpu, 2);
	memcpy(head + 10, &ev->flags, 4);
	if ((rc = sc_io_writer_write(cap->out, head, 8 + pre, err)) < 0 ||
	    (rc = sc_io_writer_write(cap->out, ev->hdr, len, err)) < 0 ||
	    (rc = sc_io_writer_write(cap->out, zero, total - 4 - 8 - body, err)) < 0 ||
	    (rc = sc_io_writer_write(cap->out, &total, 4, err)) < 0)
		return rc;
	cap->events++;
	return 0;
}

uint64_t sc_capture_events(const struct sc_capture *cap)
{
	return cap->events;
}

uint64_t sc_capture_bytes(const struct sc_capture *cap)
{
	return sc_io_writer_offset(cap->out);
}

int sc_capture_close(struct sc_capture *cap, struct sc_err *err)
{
	int rc;

	if (!cap)
		return 0;
	rc = sc_io_writer_close(cap->out, err);
	free(cap);
	return rc;
}
