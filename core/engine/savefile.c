/* SPDX-License-Identifier: Apache-2.0 */
/*
 * savefile.c - the engine that reads .scap capture files (format notes in
 * savefile.h): versions 1.0 to 1.2, plain or gzip, from a path or stdin.
 *
 * The capture comes from args->path ("-" = stdin) or, when path is NULL,
 * from args->mem_buf/mem_len (borrowed for the engine's life).
 *
 * open() reads the header blocks into e->snap and stops in front of the
 * first event block. next() returns one event per call; a V2 record is
 * handed out where it lies in the reader's buffer, an old record (22-byte
 * header) is rewritten into the 26-byte form in a scratch buffer. Records
 * of event types this build does not know are counted and skipped.
 *
 * Damage: each block is checked whole before anything in it is used
 * (length, trailer, every field against the block end), so every event
 * before the damage comes out and then next() fails, and keeps failing,
 * with SC_ETRUNC or SC_EFORMAT and a message naming the byte offset in the
 * uncompressed stream.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "savefile.h"
#include "../io.h"
#include "../util.h"

#define SF_MAX_BLOCK (256u << 20)   /* larger claims are corruption */

struct sf {
	struct sc_io_reader *in;
	struct sc_stats st;
	uint16_t major, minor;
	uint8_t *scratch;
	size_t scratch_cap;
	size_t proc_hint;
	int fail_code;              /* sticky error after damage */
	struct sc_err fail;
	/*
	 * The reader's window as next() walks it without calling the reader:
	 * [wstart, wend) starts at stream offset wbase, cur is the next block.
	 * Blocks before cur are consumed but not yet skipped in the reader;
	 * win_sync() tells it before anything else reads from it.
	 */
	const uint8_t *wstart, *cur, *wend;
	uint64_t wbase;
	uint64_t wdelta;            /* wbase - (uintptr_t)wstart: a block's offset is wdelta + its address */
	uintptr_t release_at;       /* next() tells the reader what is behind it once past this address */
};

struct blk {
	uint32_t type, total;
	uint64_t off;
	const uint8_t *body;
	uint32_t len;               /* body bytes: total - 12 */
	bool have_type;             /* the 8-byte block header was there */
};

static int fail_at(struct sc_err *err, int code, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(struct sc_err *err, int code, uint64_t off, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	sc_err_set(err, code, "%s at byte offset %llu", what, (unsigned long long)off);
	if (err)
		err->offset = off;
	return code;
}

/*
 * Reads the next whole block (header, body, trailer) without consuming it.
 * Returns SC_OK, SC_EOF at a clean end, or an error.
 */
static int __attribute__((noinline)) block_peek_slow(struct sf *sf, struct blk *b, struct sc_err *err)
{
	const uint8_t *p;
	long n;

	b->off = sc_io_reader_offset(sf->in);
	b->have_type = false;
	n = sc_io_reader_peek(sf->in, 8, &p, err);
	if (n < 0) {
		if (err)
			err->offset = b->off;
		return (int)n;
	}
	if (n == 0)
		return SC_EOF;
	if (n < 8)
		return fail_at(err, SC_ETRUNC, b->off,
			       "truncated capture: the file ends inside a block header (%ld of 8 bytes)", n);
	b->type = sc_get_u32(p);
	b->total = sc_get_u32(p + 4);
	b->have_type = true;
	if (b->total < SC_SCAP_BLOCK_OVERHEAD || b->total > SF_MAX_BLOCK)
		return fail_at(err, SC_EFORMAT, b->off, "corrupted capture: block of type 0x%x claims %u bytes",
			       b->type, b->total);
	n = sc_io_reader_peek(sf->in, b->total, &p, err);
	if (n < 0) {
		if (err)
			err->offset = b->off;
		return (int)n;
	}
	if ((uint32_t)n < b->total)
		return fail_at(err, SC_ETRUNC, b->off,
			       "truncated capture: block of type 0x%x needs %u bytes, the file ends after %ld",
			       b->type, b->total, n);
	if (sc_get_u32(p + b->total - 4) != b->total)
		return fail_at(err, SC_EFORMAT, b->off,
			       "corrupted capture: block of type 0x%x has length %u in its header and %u in its trailer",
			       b->type, b->total, sc_get_u32(p + b->total - 4));
	b->body = p + 8;
	b->len = b->total - SC_SCAP_BLOCK_OVERHEAD;
	return SC_OK;
}

/* The same, inline where the whole block is in the reader's window and sound (the usual case). */
static inline __attribute__((always_inline)) int block_peek(struct sf *sf, struct blk *b, struct sc_err *err)
{
	const uint8_t *p;
	size_t w = sc_io_reader_window(sf->in, &p, &b->off);

	if (w >= 8) {
		uint32_t total = sc_get_u32(p + 4);

		if (total >= SC_SCAP_BLOCK_OVERHEAD && total <= SF_MAX_BLOCK && total <= w &&
		    sc_get_u32(p + total - 4) == total) {
			b->type = sc_get_u32(p);
			b->total = total;
			b->have_type = true;
			b->body = p + 8;
			b->len = total - SC_SCAP_BLOCK_OVERHEAD;
			return SC_OK;
		}
	}
	return block_peek_slow(sf, b, err);
}

/* ---- bounds-checked field reading inside one block ---- */

struct cur {
	const uint8_t *p, *end;
	bool bad;
};

static bool need(struct cur *c, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		return false;
	}
	return true;
}

static uint8_t c8(struct cur *c)
{
	if (!need(c, 1))
		return 0;
	return *c->p++;
}

static uint16_t c16(struct cur *c)
{
	uint16_t v;

	if (!need(c, 2))
		return 0;
	v = sc_get_u16(c->p);
	c->p += 2;
	return v;
}

static uint32_t c32(struct cur *c)
{
	uint32_t v;

	if (!need(c, 4))
		return 0;
	v = sc_get_u32(c->p);
	c->p += 4;
	return v;
}

static uint64_t c64(struct cur *c)
{
	uint64_t v;

	if (!need(c, 8))
		return 0;
	v = sc_get_u64(c->p);
	c->p += 8;
	return v;
}

static void cbytes(struct cur *c, void *dst, size_t n)
{
	if (!need(c, n))
		return;
	memcpy(dst, c->p, n);
	c->p += n;
}

/* A u16-length string; owned copy, NUL-terminated; *lenp gets its length. */
static char *cstr(struct cur *c, uint32_t *lenp)
{
	uint16_t n = c16(c);
	char *s;

	if (!need(c, n))
		return NULL;
	s = xmalloc((size_t)n + 1);
	memcpy(s, c->p, n);
	s[n] = '\0';
	c->p += n;
	if (lenp)
		*lenp = n;
	return s;
}

static size_t left(const struct cur *c)
{
	return (size_t)(c->end - c->p);
}

/* ---- header blocks ---- */

static int read_shb(struct sf *sf, const struct blk *b, struct sc_err *err)
{
	uint32_t magic;

	if (b->len < SC_SCAP_SHB_BODY)
		return fail_at(err, SC_EFORMAT, b->off, "corrupted capture: section header block too short (%u bytes)",
			       b->total);
	magic = sc_get_u32(b->body);
	if (magic == 0x4D3C2B1Au)
		return fail_at(err, SC_ENOTSUP, b->off, "big-endian captures are not supported");
	if (magic != SC_SCAP_MAGIC)
		return fail_at(err, SC_EFORMAT, b->off, "not a .scap capture: bad byte-order magic 0x%08x", magic);
	sf->major = sc_get_u16(b->body + 4);
	sf->minor = sc_get_u16(b->body + 6);
	if (sf->major != SC_SCAP_MAJOR)
		return fail_at(err, SC_EVERSION, b->off, "unsupported .scap version %u.%u (this reader knows 1.x)",
			       sf->major, sf->minor);
	/* pcapng options after the fixed part are covered by total_len: skipped */
	return SC_OK;
}

static void read_mi(struct sc_engine *e, const struct blk *b)
{
	struct sc_machine_info *mi = &e->snap.machine;
	struct cur c = { b->body, b->body + b->len, false };

	mi->num_cpus = c32(&c);
	mi->memory_size_bytes = c64(&c);
	mi->max_pid = c64(&c);
	if (left(&c) >= sizeof(mi->hostname)) {
		memcpy(mi->hostname, c.p, sizeof(mi->hostname));
		mi->hostname[sizeof(mi->hostname) - 1] = '\0';
	}
	mi->present = !c.bad;
}

static int pl_version(uint32_t type)
{
	switch (type) {
	case SC_BLK_PL_V1: case SC_BLK_PL_V1_INT: return 1;
	case SC_BLK_PL_V2: case SC_BLK_PL_V2_INT: return 2;
	case SC_BLK_PL_V3: case SC_BLK_PL_V3_INT: return 3;
	case SC_BLK_PL_V4: return 4;
	case SC_BLK_PL_V5: return 5;
	case SC_BLK_PL_V6: return 6;
	case SC_BLK_PL_V7: return 7;
	case SC_BLK_PL_V8: return 8;
	case SC_BLK_PL_V9: return 9;
	default: return 0;
	}
}

/*
 * The fields after root in a V9 entry exist in two layouts, told apart by
 * their total size: the 2022 one (loginuid, exe_writable, capabilities:
 * 4, 5 or 29 bytes) and the later one, which put the pid-namespace start
 * time and tty first (12, 16, 17, 41 ... bytes).
 */
static void pl_tail(struct sc_snap_proc *p, const uint8_t *t, size_t n)
{
	if (n == 4 || n == 5 || n == 29) {
		p->loginuid = sc_get_u32(t);
		p->exe_writable = n >= 5 && t[4] != 0;
		return;
	}
	if (n >= 12)
		p->tty = sc_get_u32(t + 8);
	if (n >= 16)
		p->loginuid = sc_get_u32(t + 12);
	if (n >= 17)
		p->exe_writable = t[16] != 0;
}

static int read_pl(struct sc_engine *e, const struct blk *b, struct sc_err *err)
{
	int v = pl_version(b->type);
	struct cur c = { b->body, b->body + b->len, false };

	while (left(&c) >= 4) {
		const uint8_t *start = c.p;
		uint32_t sub = 0;
		struct sc_snap_proc *p;
		struct cur ec;

		if (v == 9) {
			sub = sc_get_u32(c.p);
			if (sub < 4 || sub > left(&c))
				return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
					       "corrupted capture: process entry of %u bytes in a %u-byte block",
					       sub, b->total);
			ec.p = c.p + 4;
			ec.end = c.p + sub;
			ec.bad = false;
		} else {
			ec = c;
		}
		p = sc_snapshot_add_proc(&e->snap);
		p->tid = (int64_t)c64(&ec);
		p->pid = (int64_t)c64(&ec);
		p->ptid = (int64_t)c64(&ec);
		if (v >= 6)
			p->sid = (int64_t)c64(&ec);
		if (v >= 8)
			p->vpgid = (int64_t)c64(&ec);
		p->comm = cstr(&ec, NULL);
		p->exe = cstr(&ec, NULL);
		if (v >= 7)
			p->exepath = cstr(&ec, NULL);
		p->args = cstr(&ec, &p->args_len);
		p->cwd = cstr(&ec, NULL);
		p->fdlimit = c64(&ec);
		p->flags = c32(&ec);
		p->uid = c32(&ec);
		p->gid = c32(&ec);
		if (v >= 2) {
			p->vmsize_kb = c32(&ec);
			p->vmrss_kb = c32(&ec);
			p->vmswap_kb = c32(&ec);
			p->pfmajor = c64(&ec);
			p->pfminor = c64(&ec);
		}
		if (v >= 3)
			p->env = cstr(&ec, &p->env_len);
		if (v >= 4) {
			p->vtid = (int64_t)c64(&ec);
			p->vpid = (int64_t)c64(&ec);
			p->cgroups = cstr(&ec, &p->cgroups_len);
		}
		if (v >= 5)
			p->root = cstr(&ec, NULL);
		if (ec.bad)
			return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
				       "corrupted capture: process entry (V%d) runs past its end", v);
		if (v == 9) {
			pl_tail(p, ec.p, left(&ec));
			c.p = start + sub;
		} else {
			c.p = ec.p;
		}
	}
	return SC_OK;
}

static struct sc_snap_proc *find_proc(struct sf *sf, struct sc_snapshot *s, int64_t tid)
{
	/* fd lists usually follow the process list order */
	if (sf->proc_hint < s->nprocs && s->procs[sf->proc_hint].tid == tid)
		return &s->procs[sf->proc_hint];
	if (sf->proc_hint + 1 < s->nprocs && s->procs[sf->proc_hint + 1].tid == tid)
		return &s->procs[++sf->proc_hint];
	for (size_t i = s->nprocs; i-- > 0;)
		if (s->procs[i].tid == tid) {
			sf->proc_hint = i;
			return &s->procs[i];
		}
	return NULL;
}

/* fd types whose entry is just a name. */
static bool fd_named(uint8_t t)
{
	switch (t) {
	case 1: case 2: case 7: case 9: case 10: case 11: case 12: case 13: case 14: case 15:
	case 17: case 18: case 19: case 20: case 21:
		return true;
	default:
		return false;
	}
}

static int read_fdl(struct sf *sf, struct sc_engine *e, const struct blk *b, struct sc_err *err)
{
	bool v2 = b->type == SC_BLK_FDL_V2;
	struct cur c = { b->body, b->body + b->len, false };
	struct sc_snap_proc *p;
	int64_t tid = (int64_t)c64(&c);

	if (c.bad)
		return fail_at(err, SC_EFORMAT, b->off, "corrupted capture: fd list block too short");
	p = find_proc(sf, &e->snap, tid);
	while (left(&c) >= 4) {
		const uint8_t *start = c.p;
		uint32_t sub = 0;
		struct sc_snap_fd tmp, *f = &tmp;
		struct cur ec;
		uint8_t type;

		if (v2) {
			sub = sc_get_u32(c.p);
			if (sub < 4 || sub > left(&c))
				return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
					       "corrupted capture: fd entry of %u bytes in a %u-byte block", sub, b->total);
			ec.p = c.p + 4;
			ec.end = c.p + sub;
			ec.bad = false;
		} else {
			ec = c;
		}
		memset(&tmp, 0, sizeof(tmp));
		f->fd = (int64_t)c64(&ec);
		f->ino = c64(&ec);
		type = c8(&ec);
		f->type = type;
		switch (type) {
		case 3:   /* IPv4 socket */
			f->sip = c32(&ec);
			f->dip = c32(&ec);
			f->sport = c16(&ec);
			f->dport = c16(&ec);
			f->l4proto = c8(&ec);
			break;
		case 5:   /* IPv4 server socket */
			f->sip = c32(&ec);
			f->sport = c16(&ec);
			f->l4proto = c8(&ec);
			break;
		case 4:   /* IPv6 socket */
			cbytes(&ec, f->sip6, 16);
			cbytes(&ec, f->dip6, 16);
			f->sport = c16(&ec);
			f->dport = c16(&ec);
			f->l4proto = c8(&ec);
			break;
		case 6:   /* IPv6 server socket */
			cbytes(&ec, f->sip6, 16);
			f->sport = c16(&ec);
			f->l4proto = c8(&ec);
			break;
		case 8:   /* unix socket */
			f->unix_src = c64(&ec);
			f->unix_dst = c64(&ec);
			f->name = cstr(&ec, NULL);
			break;
		case 16:  /* file with open flags and device */
			f->openflags = c32(&ec);
			f->name = cstr(&ec, NULL);
			if (v2 && left(&ec) >= 4)   /* only entries with a length carry dev */
				f->dev = c32(&ec);
			break;
		case 0:
			break;
		default:
			if (fd_named(type)) {
				f->name = cstr(&ec, NULL);
			} else if (v2) {
				char nm[40];

				snprintf(nm, sizeof(nm), "unknown-type:[%d]", (int)type);
				f->type = 10;   /* unsupported */
				f->name = xstrdup(nm);
			} else {
				return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
					       "corrupted capture: fd entry of unknown type %u", type);
			}
			break;
		}
		if (ec.bad) {
			free(f->name);
			return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
				       "corrupted capture: fd entry runs past its end");
		}
		if (p) {
			struct sc_snap_fd *dst = sc_snapshot_add_fd(p);

			*dst = tmp;
		} else {
			free(f->name);   /* fds of a thread the process list does not have */
		}
		c.p = v2 ? start + sub : ec.p;
	}
	return SC_OK;
}

static int read_il(struct sc_engine *e, const struct blk *b, struct sc_err *err)
{
	bool v2 = b->type == SC_BLK_IL_V2;
	struct cur c = { b->body, b->body + b->len, false };

	while (left(&c) >= 4) {
		const uint8_t *start = c.p;
		uint32_t elen = 0;
		struct cur ec;
		uint16_t type, nlen;
		struct sc_snap_iface tmp;

		if (v2) {
			elen = c32(&c);
			if (elen > left(&c))
				return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
					       "corrupted capture: interface entry of %u bytes in a %u-byte block",
					       elen, b->total);
			ec.p = c.p;
			ec.end = c.p + elen;
			ec.bad = false;
		} else {
			ec = c;
		}
		memset(&tmp, 0, sizeof(tmp));
		type = c16(&ec);
		nlen = c16(&ec);
		switch (type) {
		case SC_IFACE_IPV4:
		case SC_IFACE_IPV4_NOSPEED:
			tmp.addr = c32(&ec);
			tmp.netmask = c32(&ec);
			tmp.bcast = c32(&ec);
			if (type == SC_IFACE_IPV4)
				tmp.linkspeed = c64(&ec);
			break;
		case SC_IFACE_IPV6:
		case SC_IFACE_IPV6_NOSPEED:
			tmp.v6 = true;
			cbytes(&ec, tmp.addr6, 16);
			cbytes(&ec, tmp.netmask6, 16);
			cbytes(&ec, tmp.bcast6, 16);
			if (type == SC_IFACE_IPV6)
				tmp.linkspeed = c64(&ec);
			break;
		default:
			if (v2) {
				c.p += elen;   /* a kind this reader does not know */
				continue;
			}
			return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
				       "corrupted capture: interface entry of unknown type %u", type);
		}
		if (need(&ec, nlen)) {
			tmp.name = xstrndup((const char *)ec.p, nlen);
			ec.p += nlen;
		}
		if (ec.bad)
			return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
				       "corrupted capture: interface entry runs past its end");
		*sc_snapshot_add_iface(&e->snap) = tmp;
		c.p = v2 ? c.p + elen : ec.p;
	}
	return SC_OK;
}

static int read_ul(struct sc_engine *e, const struct blk *b, struct sc_err *err)
{
	bool v2 = b->type == SC_BLK_UL_V2;
	struct cur c = { b->body, b->body + b->len, false };

	while (left(&c) >= 4) {
		const uint8_t *start = c.p;
		uint32_t sub = 0;
		struct cur ec;

		if (v2) {
			sub = sc_get_u32(c.p);
			if (sub < 4 || sub > left(&c))
				return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
					       "corrupted capture: user entry of %u bytes in a %u-byte block", sub, b->total);
			ec.p = c.p + 4;
			ec.end = c.p + sub;
			ec.bad = false;
		} else {
			ec = c;
		}
		if (c8(&ec) == SC_ULIST_USER) {
			struct sc_snap_user u;

			u.uid = c32(&ec);
			u.gid = c32(&ec);
			u.name = cstr(&ec, NULL);
			u.homedir = cstr(&ec, NULL);
			u.shell = cstr(&ec, NULL);
			if (ec.bad) {
				free(u.name);
				free(u.homedir);
				free(u.shell);
			} else {
				*sc_snapshot_add_user(&e->snap) = u;
			}
		} else {
			struct sc_snap_group g;

			g.gid = c32(&ec);
			g.name = cstr(&ec, NULL);
			if (ec.bad)
				free(g.name);
			else
				*sc_snapshot_add_group(&e->snap) = g;
		}
		if (ec.bad)
			return fail_at(err, SC_EFORMAT, b->off + 8 + (uint64_t)(start - b->body),
				       "corrupted capture: user list entry runs past its end");
		c.p = v2 ? start + sub : ec.p;
	}
	return SC_OK;
}

static bool is_event_block(uint32_t t)
{
	switch (t) {
	case SC_BLK_EV: case SC_BLK_EV_INT: case SC_BLK_EV_V2: case SC_BLK_EV_V2_LARGE:
	case SC_BLK_EVF: case SC_BLK_EVF_V2: case SC_BLK_EVF_V2_LARGE:
		return true;
	default:
		return false;
	}
}

/* One header block into the snapshot; unknown kinds are ignored. */
static int read_header_block(struct sf *sf, struct sc_engine *e, const struct blk *b, struct sc_err *err)
{
	switch (b->type) {
	case SC_BLK_SHB:
		return read_shb(sf, b, err);
	case SC_BLK_MI: case SC_BLK_MI_INT:
		read_mi(e, b);
		return SC_OK;
	case SC_BLK_FDL: case SC_BLK_FDL_INT: case SC_BLK_FDL_V2:
		return read_fdl(sf, e, b, err);
	case SC_BLK_IL: case SC_BLK_IL_INT: case SC_BLK_IL_V2:
		return read_il(e, b, err);
	case SC_BLK_UL: case SC_BLK_UL_INT: case SC_BLK_UL_V2:
		return read_ul(e, b, err);
	default:
		if (pl_version(b->type))
			return read_pl(e, b, err);
		return SC_OK;
	}
}

static int sf_open(struct sc_engine *e, const struct sc_open_args *args, struct sc_err *err)
{
	struct sf *sf = e->priv;
	struct sc_err local;
	struct blk b;
	int rc;

	if (!err)
		err = &local;
	if (!args || (!args->path && !args->mem_buf))
		return sc_err_set(err, -EINVAL, "savefile: no capture file given");
	if (args->path)
		sf->in = sc_io_reader_open(args->path, err);
	else   /* a capture already in memory (tests, fuzzing): borrowed */
		sf->in = sc_io_reader_open_mem(args->mem_buf, args->mem_len, err);
	if (!sf->in)
		return err ? err->code : -1;
	rc = block_peek(sf, &b, err);
	if (rc == SC_EOF)
		return fail_at(err, SC_ETRUNC, 0, "%s: empty file, not a .scap capture", sc_io_reader_name(sf->in));
	if (rc < 0)
		return rc;
	if (b.type != SC_BLK_SHB)
		return fail_at(err, SC_EFORMAT, 0, "%s: not a .scap capture (first block type 0x%08x)",
			       sc_io_reader_name(sf->in), b.type);
	for (;;) {
		if ((rc = read_header_block(sf, e, &b, err)) < 0)
			return rc;
		sc_io_reader_skip(sf->in, b.total);
		rc = block_peek(sf, &b, err);
		if (rc == SC_EOF)
			break;          /* a capture without events */
		if (rc < 0 && (!b.have_type || is_event_block(b.type))) {
			/*
			 * Damage where the events may begin is the events' damage:
			 * open succeeds and the first next() reports it.
			 */
			sf->fail_code = rc;
			sf->fail = *err;
			sf->fail.code = rc;
			sc_err_clear(err);
			break;
		}
		if (rc < 0)
			return rc;
		if (is_event_block(b.type))
			break;          /* left in place for the first next() */
	}
	e->live = false;
	return SC_OK;
}

static uint8_t *scratch(struct sf *sf, size_t n)
{
	if (sf->scratch_cap < n) {
		sf->scratch_cap = SC_MAX(n, (size_t)65536);
		sf->scratch = xrealloc(sf->scratch, sf->scratch_cap);
	}
	return sf->scratch;
}

/* Rewrites an old record (no nparams) into the 26-byte header form. */
static int convert_old(struct sf *sf, const struct blk *b, const uint8_t *rec, uint32_t room,
		       const struct sc_evt_hdr **out, struct sc_err *err)
{
	uint32_t olen = sc_get_u32(rec + 16);
	uint16_t type = sc_get_u16(rec + 20);
	uint32_t len, np, lsz, maxnp;
	uint8_t *d;

	if (olen < SC_SCAP_OLD_EVT_HDR_LEN || olen > room)
		return fail_at(err, SC_EFORMAT, b->off,
			       "corrupted capture: event of length %u in a block with room for %u", olen, room);
	d = scratch(sf, (size_t)olen + 4);
	memcpy(d, rec, SC_SCAP_OLD_EVT_HDR_LEN);
	memset(d + SC_SCAP_OLD_EVT_HDR_LEN, 0, 4);
	memcpy(d + SC_EVT_HDR_LEN, rec + SC_SCAP_OLD_EVT_HDR_LEN, olen - SC_SCAP_OLD_EVT_HDR_LEN);
	len = olen + 4;
	if ((type == SC_SCAP_OLD_NOTIFICATION_E || type == SC_SCAP_OLD_INFRASTRUCTURE_E) && len >= SC_EVT_HDR_LEN + 3)
		len -= 3;
	/* the parameter count is the one whose lengths add up to the record */
	lsz = (sc_event_table[type].flags & SC_EF_LARGE_PAYLOAD) ? 4 : 2;
	maxnp = SC_MIN(sc_event_table[type].nparams, (uint32_t)SC_MAX_EVENT_PARAMS);
	for (np = maxnp + 1; np-- > 0;) {
		uint64_t at = SC_EVT_HDR_LEN + (uint64_t)np * lsz;
		uint32_t i;

		if (at > len)
			continue;
		for (i = 0; i < np; i++) {
			const uint8_t *lp = d + SC_EVT_HDR_LEN + i * lsz;

			at += lsz == 4 ? sc_get_u32(lp) : sc_get_u16(lp);
		}
		if (at == len)
			break;
	}
	if (np == (uint32_t)-1)
		return fail_at(err, SC_EFORMAT, b->off,
			       "corrupted capture: old-format event of type %u: parameter lengths do not add up to %u",
			       type, len);
	memcpy(d + 16, &len, 4);
	memcpy(d + 22, &np, 4);
	*out = (const struct sc_evt_hdr *)d;
	return SC_OK;
}

/* Hands the blocks walked in the window over to the reader (consumed). */
static void win_sync(struct sf *sf)
{
	if (sf->cur != sf->wstart)
		sc_io_reader_skip(sf->in, (size_t)(sf->cur - sf->wstart));
	sf->wstart = sf->cur = sf->wend = NULL;
}

/* Takes the reader's window (already read bytes) for the fast path. */
static void win_load(struct sf *sf)
{
	const uint8_t *p;
	size_t w = sc_io_reader_window(sf->in, &p, &sf->wbase);

	sf->wstart = sf->cur = p;
	sf->wend = p + w;
	sf->wdelta = sf->wbase - (uint64_t)(uintptr_t)p;
}

/*
 * Every block kind, damage and end of the window, through the reader: the
 * fast path in sf_next() hands everything it does not handle whole to here,
 * at the same position.
 */
static int __attribute__((noinline)) sf_next_slow(struct sc_engine *e, struct sc_raw_evt *ev,
						  struct sc_err *err)
{
	struct sf *sf = e->priv;
	struct sc_err local;
	struct blk b;
	int rc;

	if (!err)
		err = &local;
	win_sync(sf);
	if (sf->fail_code) {
		*err = sf->fail;
		return sf->fail_code;
	}
	for (;;) {
		uint32_t pre, room;
		const uint8_t *rec;
		bool v2, flags;

		rc = block_peek(sf, &b, err);
		if (rc == SC_EOF)
			return SC_EOF;
		if (rc < 0)
			goto failed;
		switch (b.type) {
		case SC_BLK_EV_V2: case SC_BLK_EV_V2_LARGE:
			flags = false, v2 = true;
			break;
		case SC_BLK_EVF_V2: case SC_BLK_EVF_V2_LARGE:
			flags = true, v2 = true;
			break;
		case SC_BLK_EV: case SC_BLK_EV_INT:
			flags = false, v2 = false;
			break;
		case SC_BLK_EVF:
			flags = true, v2 = false;
			break;
		default:
			/* header blocks after the events (concatenated captures) carry nothing we replay */
			sc_io_reader_skip(sf->in, b.total);
			continue;
		}
		pre = flags ? 6 : 2;
		if (b.len < pre + (v2 ? SC_EVT_HDR_LEN : SC_SCAP_OLD_EVT_HDR_LEN)) {
			rc = fail_at(err, SC_EFORMAT, b.off, "corrupted capture: event block of %u bytes is too short",
				     b.total);
			goto failed;
		}
		room = b.len - pre;
		rec = b.body + pre;
		ev->cpu = sc_get_u16(b.body);
		ev->flags = flags ? sc_get_u32(b.body + 2) : 0;
		ev->offset = b.off;
		if (sc_get_u16(rec + 20) >= SC_EVENT_MAX) {
			sf->st.skipped_unknown++;
			sc_io_reader_skip(sf->in, b.total);
			continue;
		}
		if (v2) {
			uint32_t len = sc_get_u32(rec + 16);

			if (len < SC_EVT_HDR_LEN || len > room) {
				rc = fail_at(err, SC_EFORMAT, b.off,
					     "corrupted capture: event of length %u in a block with room for %u", len, room);
				goto failed;
			}
			ev->hdr = (const struct sc_evt_hdr *)rec;
		} else if ((rc = convert_old(sf, &b, rec, room, &ev->hdr, err)) < 0) {
			goto failed;
		}
		sc_io_reader_skip(sf->in, b.total);
		sf->st.events++;
		/* the record stays where it is: loading the window moves no byte */
		win_load(sf);
		return SC_OK;
	}
failed:
	sf->fail_code = rc;
	sf->fail = *err;
	sf->fail.code = rc;
	return rc;
}

#define SF_RELEASE_STEP (1u << 20)

/*
 * Tells the reader the bytes well behind the event at p will not be read
 * again (events are borrowed only until the next call; the margin is for
 * safety): a mapped capture gives their pages back on its helper thread.
 * Called every SF_RELEASE_STEP bytes.
 */
static void __attribute__((noinline)) release_behind(struct sf *sf, const uint8_t *p)
{
	uint64_t off = sf->wdelta + (uint64_t)(uintptr_t)p;

	if (off > 2 * SF_RELEASE_STEP)
		sc_io_reader_release(sf->in, off - 2 * SF_RELEASE_STEP);
	sf->release_at = (uintptr_t)p + SF_RELEASE_STEP;
}

/*
 * The usual block at p: a V2 event block (with or without flags), whole
 * before end and sound, with the same checks the slow path makes. 1 when it
 * is one (its length in *total, the bytes before its event in *pre), 2 when
 * it is one but its event type is unknown (to skip), 0 for anything else.
 */
static inline __attribute__((always_inline)) int usual_block(const uint8_t *p, const uint8_t *end,
							     uint32_t *total, uint32_t *pre)
{
	uint32_t type, t, pr, len;
	const uint8_t *rec;

	if ((size_t)(end - p) < 8 + 2 + SC_EVT_HDR_LEN + 4)
		return 0;
	type = sc_get_u32(p);
	t = sc_get_u32(p + 4);
	if (type == SC_BLK_EV_V2 || type == SC_BLK_EV_V2_LARGE)
		pr = 2;
	else if (type == SC_BLK_EVF_V2 || type == SC_BLK_EVF_V2_LARGE)
		pr = 6;
	else
		return 0;
	/* total in [overhead + pre + header, SF_MAX_BLOCK], in the window, trailer equal */
	if (t - (SC_SCAP_BLOCK_OVERHEAD + pr + SC_EVT_HDR_LEN) >
		    SF_MAX_BLOCK - (SC_SCAP_BLOCK_OVERHEAD + pr + SC_EVT_HDR_LEN) ||
	    t > (size_t)(end - p) || sc_get_u32(p + t - 4) != t)
		return 0;
	*total = t;
	*pre = pr;
	rec = p + 8 + pr;
	if (sc_get_u16(rec + 20) >= SC_EVENT_MAX)
		return 2;
	/* len in [header, room]: room is at least a header, see above */
	len = sc_get_u32(rec + 16);
	return len - SC_EVT_HDR_LEN <= t - SC_SCAP_BLOCK_OVERHEAD - pr - SC_EVT_HDR_LEN;
}

/* Hands out the event of the usual block at p and moves past it. */
static inline __attribute__((always_inline)) void hand_out(struct sf *sf, const uint8_t *p, uint32_t total,
							   uint32_t pre, struct sc_raw_evt *ev)
{
	ev->hdr = (const struct sc_evt_hdr *)(p + 8 + pre);
	ev->cpu = sc_get_u16(p + 8);
	ev->flags = pre == 6 ? sc_get_u32(p + 10) : 0;
	ev->offset = sf->wdelta + (uint64_t)(uintptr_t)p;
	sf->cur = p + total;
	sf->st.events++;
}

/* sf_next() past what its one-block path takes: blocks to skip, the release mark, the slow path. */
static int __attribute__((noinline)) sf_next_more(struct sc_engine *e, struct sc_raw_evt *ev,
						  struct sc_err *err)
{
	struct sf *sf = e->priv;
	const uint8_t *p = sf->cur, *end = sf->wend;
	uint32_t total, pre;
	int k;

	while ((k = usual_block(p, end, &total, &pre))) {
		if (k == 2) {
			sf->st.skipped_unknown++;
			p += total;
			continue;
		}
		hand_out(sf, p, total, pre, ev);
		if ((uintptr_t)p >= sf->release_at)
			release_behind(sf, p);
		return SC_OK;
	}
	sf->cur = p;
	return sf_next_slow(e, ev, err);
}

/*
 * One event. The usual block (a V2 event, whole in the window, sound) is
 * taken here straight from the window with the same checks the slow path
 * makes, in a function that calls nothing; records of unknown types are
 * skipped by sf_next_more(), which hands anything else to sf_next_slow()
 * from the same block, so all paths give the same events and errors.
 */
static int sf_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct sf *sf = e->priv;
	const uint8_t *p = sf->cur;
	uint32_t total, pre;

	if (usual_block(p, sf->wend, &total, &pre) != 1 || (uintptr_t)p >= sf->release_at)
		return sf_next_more(e, ev, err);
	hand_out(sf, p, total, pre, ev);
	return SC_OK;
}

static int sf_stats(struct sc_engine *e, struct sc_stats *st)
{
	struct sf *sf = e->priv;

	/* only the counters a recording has; the rest keeps sc_engine_stats' defaults */
	st->events = sf->st.events;
	st->skipped_unknown = sf->st.skipped_unknown;
	return SC_OK;
}

static int sf_nop(struct sc_engine *e)
{
	return SC_OK;
}

static int sf_configure(struct sc_engine *e, enum sc_setting s, uint64_t a, uint64_t b)
{
	return SC_ENOTSUP;   /* a recording has no capture-side settings */
}

static void sf_close(struct sc_engine *e)
{
	struct sf *sf = e->priv;

	sf->wstart = sf->cur = sf->wend = NULL;
	sc_io_reader_close(sf->in);
	sf->in = NULL;
	free(sf->scratch);
	sf->scratch = NULL;
}

const struct sc_engine_ops sc_engine_savefile = {
	.name = "savefile",
	.priv_size = sizeof(struct sf),
	.open = sf_open,
	.next = sf_next,
	.start = sf_nop,
	.stop = sf_nop,
	.configure = sf_configure,
	.stats = sf_stats,
	.close = sf_close,
};
