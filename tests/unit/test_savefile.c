/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the savefile engine: hand-built files for every block
 * version and damage case, the shared real captures, and the cut test
 * (every trace decompressed and cut at every block boundary +-1 and a
 * stride: the reader must return exactly the whole events before the cut,
 * then one error naming the offset, or a clean end at a boundary).
 *
 * The shared traces come from $SC_TRACES (set by ctest) or the directory
 * compiled in; without them those tests are skipped and the program exits
 * 77, which ctest reports as skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "builders.h"
#include "core/engine/engine.h"
#include "core/engine/savefile.h"
#include "core/evt.h"
#include "core/io.h"
#include "core/util.h"

#ifndef SC_TRACES_DIR
#define SC_TRACES_DIR ""
#endif

static bool g_skipped;

/* ---- building files by hand ---- */

struct fb {
	uint8_t *p;
	size_t len, cap;
};

static void fb_add(struct fb *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}
static void fb_u8(struct fb *b, uint8_t v) { fb_add(b, &v, 1); }
static void fb_u16(struct fb *b, uint16_t v) { fb_add(b, &v, 2); }
static void fb_u32(struct fb *b, uint32_t v) { fb_add(b, &v, 4); }
static void fb_u64(struct fb *b, uint64_t v) { fb_add(b, &v, 8); }
static void fb_str(struct fb *b, const char *s, size_t n)
{
	fb_u16(b, (uint16_t)n);
	fb_add(b, s, n);
}

static size_t blk_begin(struct fb *b, uint32_t type)
{
	size_t at = b->len;

	fb_u32(b, type);
	fb_u32(b, 0);
	return at;
}

static void blk_end(struct fb *b, size_t at)
{
	uint32_t total;

	while ((b->len - at) % 4)
		fb_u8(b, 0);
	total = (uint32_t)(b->len - at + 4);
	memcpy(b->p + at + 4, &total, 4);
	fb_u32(b, total);
}

static void shb(struct fb *b, uint16_t major, uint16_t minor, bool options)
{
	size_t at = blk_begin(b, SC_BLK_SHB);

	fb_u32(b, SC_SCAP_MAGIC);
	fb_u16(b, major);
	fb_u16(b, minor);
	fb_u64(b, UINT64_MAX);
	if (options) {   /* a pcapng comment option, then end of options */
		fb_u16(b, 1);
		fb_u16(b, 11);
		fb_add(b, "hello world\0", 12);
		fb_u32(b, 0);
	}
	blk_end(b, at);
}

static void ev_v2(struct fb *b, const void *rec, uint16_t cpu, uint32_t flags)
{
	uint32_t len = sc_get_u32((const uint8_t *)rec + 16);
	size_t at = blk_begin(b, flags ? SC_BLK_EVF_V2 : SC_BLK_EV_V2);

	fb_u16(b, cpu);
	if (flags)
		fb_u32(b, flags);
	fb_add(b, rec, len);
	blk_end(b, at);
}

/* The record in the old 22-byte-header form (no nparams). */
static void ev_old(struct fb *b, const void *rec, uint16_t cpu, uint32_t flags)
{
	const uint8_t *r = rec;
	uint32_t len = sc_get_u32(r + 16), olen = len - 4;
	size_t at = blk_begin(b, flags ? SC_BLK_EVF : SC_BLK_EV);

	fb_u16(b, cpu);
	if (flags)
		fb_u32(b, flags);
	fb_add(b, r, 16);
	fb_u32(b, olen);
	fb_add(b, r + 20, 2);
	fb_add(b, r + SC_EVT_HDR_LEN, len - SC_EVT_HDR_LEN);
	blk_end(b, at);
}

static char *write_tmp(const void *p, size_t n)
{
	char *path = xstrdup("/tmp/sc-test-sf-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
	return path;
}

static struct sc_engine *open_buf(const struct fb *b, char **pathp, struct sc_err *err)
{
	struct sc_open_args a = { 0 };

	*pathp = write_tmp(b->p, b->len);
	a.path = *pathp;
	return sc_engine_open(&sc_engine_savefile, &a, err);
}

static void done_path(char *path)
{
	unlink(path);
	free(path);
}

/* ---- process list versions ---- */

static void pl_entry(struct fb *b, int v, bool new_tail, uint64_t tid)
{
	size_t e = b->len;

	if (v == 9)
		fb_u32(b, 0);
	fb_u64(b, tid);
	fb_u64(b, 100);
	fb_u64(b, 1);
	if (v >= 6)
		fb_u64(b, 5);
	if (v >= 8)
		fb_u64(b, 6);
	fb_str(b, "comm", 4);
	fb_str(b, "exe", 3);
	if (v >= 7)
		fb_str(b, "/bin/exe", 8);
	fb_str(b, "a\0b\0", 4);
	fb_str(b, "/cwd", 4);
	fb_u64(b, 64);
	fb_u32(b, 0);
	fb_u32(b, 7);
	fb_u32(b, 8);
	if (v >= 2) {
		fb_u32(b, 1);
		fb_u32(b, 2);
		fb_u32(b, 3);
		fb_u64(b, 4);
		fb_u64(b, 5);
	}
	if (v >= 3)
		fb_str(b, "E=1\0", 4);
	if (v >= 4) {
		fb_u64(b, 9);
		fb_u64(b, 10);
		fb_str(b, "cpu=/\0", 6);
	}
	if (v >= 5)
		fb_str(b, "/root", 5);
	if (v == 9) {
		if (new_tail) {
			fb_u64(b, 123456789);   /* pid namespace start */
			fb_u32(b, 34816);       /* tty */
			fb_u32(b, 4242);        /* loginuid */
			fb_u8(b, 0);
		} else {
			fb_u32(b, 4242);
			fb_u8(b, 1);
		}
		uint32_t sub = (uint32_t)(b->len - e);
		memcpy(b->p + e, &sub, 4);
	}
}

static const uint32_t pl_types[10] = { 0, SC_BLK_PL_V1, SC_BLK_PL_V2, SC_BLK_PL_V3, SC_BLK_PL_V4, SC_BLK_PL_V5,
				       SC_BLK_PL_V6, SC_BLK_PL_V7, SC_BLK_PL_V8, SC_BLK_PL_V9 };

static void check_pl(int v, bool new_tail)
{
	struct fb b = { 0 };
	struct sc_builder eb = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	const struct sc_snap_proc *p;
	size_t at, o;
	char *path;

	shb(&b, 1, 2, false);
	at = blk_begin(&b, pl_types[v]);
	pl_entry(&b, v, new_tail, 50 + v);
	pl_entry(&b, v, new_tail, 100 + v);   /* the walk must land on the second */
	blk_end(&b, at);
	at = blk_begin(&b, SC_BLK_FDL);
	fb_u64(&b, 100 + v);
	fb_u64(&b, 3);
	fb_u64(&b, 77);
	fb_u8(&b, 1);   /* file */
	fb_str(&b, "/etc/x", 6);
	blk_end(&b, at);
	o = sc_builder_add(&eb, 100 + v, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	ev_v2(&b, eb.buf + o, 0, 0);

	e = open_buf(&b, &path, &err);
	assert_non_null(e);
	assert_int_equal(e->snap.nprocs, 2);
	p = &e->snap.procs[1];
	assert_int_equal(p->tid, 100 + v);
	assert_int_equal(p->pid, 100);
	assert_int_equal(p->ptid, 1);
	assert_int_equal(p->sid, v >= 6 ? 5 : -1);
	assert_int_equal(p->vpgid, v >= 8 ? 6 : -1);
	assert_string_equal(p->comm, "comm");
	assert_string_equal(p->exe, "exe");
	if (v >= 7)
		assert_string_equal(p->exepath, "/bin/exe");
	else
		assert_null(p->exepath);
	assert_int_equal(p->args_len, 4);
	assert_memory_equal(p->args, "a\0b\0", 4);
	assert_string_equal(p->cwd, "/cwd");
	assert_int_equal(p->fdlimit, 64);
	assert_int_equal(p->uid, 7);
	assert_int_equal(p->gid, 8);
	assert_int_equal(p->vmswap_kb, v >= 2 ? 3 : 0);
	assert_int_equal(p->pfminor, v >= 2 ? 5 : 0);
	assert_int_equal(p->env_len, v >= 3 ? 4 : 0);
	assert_int_equal(p->vtid, v >= 4 ? 9 : -1);
	assert_int_equal(p->vpid, v >= 4 ? 10 : -1);
	assert_int_equal(p->cgroups_len, v >= 4 ? 6 : 0);
	if (v >= 5)
		assert_string_equal(p->root, "/root");
	assert_int_equal(p->loginuid, v == 9 ? 4242 : UINT32_MAX);
	assert_int_equal(p->tty, v == 9 && new_tail ? 34816 : 0);
	assert_int_equal(e->snap.procs[0].tid, 50 + v);
	assert_int_equal(e->snap.procs[0].nfds, 0);
	assert_int_equal(p->nfds, 1);
	assert_int_equal(p->fds[0].fd, 3);
	assert_int_equal(p->fds[0].ino, 77);
	assert_string_equal(p->fds[0].name, "/etc/x");
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EOF);
	sc_engine_close(e);
	done_path(path);
	free(b.p);
	sc_builder_free(&eb);
}

static void test_pl_versions(void **state)
{
	int v;

	for (v = 1; v <= 9; v++)
		check_pl(v, false);
	check_pl(9, true);
}

/* ---- events: old form, flags, unknown types and blocks ---- */

static void test_event_blocks(void **state)
{
	struct fb b = { 0 };
	struct sc_builder eb = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	struct sc_stats st;
	size_t o[5], at;
	char *path;
	int i;

	o[0] = sc_builder_add(&eb, 9, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(3), sc_bp_str("/etc/hosts"), sc_bp_u32(1),
			      sc_bp_u32(0));
	o[1] = sc_builder_add(&eb, 9, SCE_SYSCALL_OPEN_X, 2, sc_bp_i64(4), sc_bp_str("/old"));  /* fewer params */
	o[2] = sc_builder_add(&eb, 9, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	o[3] = sc_builder_add(&eb, 9, SCE_SYSCALL_CLOSE_X, 1, sc_bp_i64(0));
	o[4] = sc_builder_add(&eb, 9, SC_EVENT_MAX + 7, 1, sc_bp_u64(1));

	shb(&b, 1, 0, true);   /* section header with options */
	at = blk_begin(&b, 0x7777);   /* an unknown header block */
	fb_u32(&b, 1);
	blk_end(&b, at);
	ev_old(&b, eb.buf + o[0], 1, 0);
	ev_old(&b, eb.buf + o[1], 1, 0);
	ev_old(&b, eb.buf + o[4], 1, 0);   /* unknown type: skipped */
	at = blk_begin(&b, 0x7778);   /* an unknown block between events */
	blk_end(&b, at);
	ev_old(&b, eb.buf + o[2], 2, 0x11);
	ev_v2(&b, eb.buf + o[3], 3, 0x22);
	ev_v2(&b, eb.buf + o[4], 3, 0);

	e = open_buf(&b, &path, &err);
	assert_non_null(e);
	for (i = 0; i < 4; i++) {
		const struct sc_evt_hdr *h = (const void *)(eb.buf + o[i]);
		struct sc_evt d;

		assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
		assert_int_equal(ev.hdr->len, h->len);
		assert_int_equal(ev.hdr->nparams, h->nparams);
		assert_memory_equal(ev.hdr, h, h->len);
		assert_int_equal(ev.cpu, i < 2 ? 1 : i);
		assert_int_equal(ev.flags, i == 2 ? 0x11 : i == 3 ? 0x22 : 0);
		assert_int_equal(sc_evt_decode(&d, ev.hdr, &err), SC_OK);
	}
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EOF);
	assert_int_equal(sc_engine_stats(e, &st), 0);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.skipped_unknown, 2);
	sc_engine_close(e);
	done_path(path);
	free(b.p);
	sc_builder_free(&eb);
}

/* ---- damage ---- */

static void expect_open_fails(struct fb *b, int code, uint64_t off)
{
	struct sc_err err = { 0 };
	char *path;

	assert_null(open_buf(b, &path, &err));
	assert_int_equal(err.code, code);
	assert_int_equal(err.offset, off);
	done_path(path);
}

static void test_bad_headers(void **state)
{
	struct fb b = { 0 };
	struct sc_err err = { 0 };
	struct sc_open_args a = { .path = "/nonexistent/x.scap" };

	assert_null(sc_engine_open(&sc_engine_savefile, &a, &err));
	assert_true(err.code < 0);

	shb(&b, 2, 0, false);
	expect_open_fails(&b, SC_EVERSION, 0);
	b.len = 0;
	shb(&b, 1, 2, false);
	b.p[8] ^= 0x55;   /* magic */
	expect_open_fails(&b, SC_EFORMAT, 0);
	b.len = 0;
	fb_add(&b, "PK\3\4 this is a zip file, not a capture", 38);
	expect_open_fails(&b, SC_EFORMAT, 0);
	b.len = 0;
	expect_open_fails(&b, SC_ETRUNC, 0);
	shb(&b, 1, 2, false);
	b.p[b.len - 1] = 9;   /* trailer differs from header */
	expect_open_fails(&b, SC_EFORMAT, 0);
	b.len = 0;
	shb(&b, 1, 2, false);
	{
		size_t at = blk_begin(&b, SC_BLK_PL_V9);

		fb_u32(&b, 5000);   /* entry longer than its block */
		fb_u64(&b, 1);
		blk_end(&b, at);
	}
	expect_open_fails(&b, SC_EFORMAT, 28 + 8);
	free(b.p);
}

static void test_bad_event_block(void **state)
{
	struct fb b = { 0 };
	struct sc_builder eb = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	size_t o, bad_at;
	char *path;
	uint32_t big = 4000;

	o = sc_builder_add(&eb, 9, SCE_SYSCALL_CLOSE_E, 1, sc_bp_i64(3));
	shb(&b, 1, 2, false);
	ev_v2(&b, eb.buf + o, 0, 0);
	bad_at = b.len;
	ev_v2(&b, eb.buf + o, 0, 0);
	memcpy(b.p + bad_at + 8 + 2 + 16, &big, 4);   /* record longer than its block */
	ev_v2(&b, eb.buf + o, 0, 0);

	e = open_buf(&b, &path, &err);
	assert_non_null(e);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EFORMAT);
	assert_int_equal(err.offset, bad_at);
	assert_non_null(strstr(err.msg, "offset"));
	memset(&err, 0, sizeof(err));
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_EFORMAT);   /* and it stays failed */
	assert_int_equal(err.offset, bad_at);
	sc_engine_close(e);
	done_path(path);
	free(b.p);
	sc_builder_free(&eb);
}

/* ---- the shared traces ---- */

static const char *traces_dir(void)
{
	const char *d = getenv("SC_TRACES");

	if (!d || !*d)
		d = SC_TRACES_DIR;
	return d;
}

/* Names of the *.scap files in the traces dir (NULL-terminated), or NULL. */
static char **list_traces(void)
{
	DIR *dir;
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	if (!*traces_dir() || !(dir = opendir(traces_dir())))
		return NULL;
	while ((de = readdir(dir))) {
		size_t l = strlen(de->d_name);

		if (l > 5 && strcmp(de->d_name + l - 5, ".scap") == 0) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n] = xmalloc(strlen(traces_dir()) + l + 2);
			sprintf(v[n], "%s/%s", traces_dir(), de->d_name);
			n++;
			v[n] = NULL;
		}
	}
	closedir(dir);
	return v;
}

static void free_list(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static uint8_t *slurp(const char *path, size_t *n, bool decompress)
{
	struct sc_err err = { 0 };
	uint8_t *out = NULL;
	size_t len = 0;

	if (decompress) {
		struct sc_io_reader *r = sc_io_reader_open(path, &err);
		const uint8_t *p;
		long got;

		assert_non_null(r);
		while ((got = sc_io_reader_peek(r, 1 << 16, &p, &err)) > 0) {
			out = xrealloc(out, len + (size_t)got);
			memcpy(out + len, p, (size_t)got);
			len += (size_t)got;
			sc_io_reader_skip(r, (size_t)got);
		}
		assert_int_equal(got, 0);
		sc_io_reader_close(r);
	} else {
		FILE *f = fopen(path, "rb");
		char buf[65536];
		size_t got;

		assert_non_null(f);
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
			out = xrealloc(out, len + got);
			memcpy(out + len, buf, got);
			len += got;
		}
		fclose(f);
	}
	*n = len;
	return out;
}

static bool is_ev_block(uint32_t t)
{
	return t == SC_BLK_EV || t == SC_BLK_EV_V2 || t == SC_BLK_EV_V2_LARGE || t == SC_BLK_EVF ||
	       t == SC_BLK_EVF_V2 || t == SC_BLK_EVF_V2_LARGE || t == SC_BLK_EV_INT;
}

/* What a full read returns: each event's block offset and record bytes. */
struct full {
	size_t n;
	uint64_t *off;
	uint8_t **rec;
	uint64_t skipped;
	size_t nprocs, nfds;
};

static void read_full(const char *path, struct full *f)
{
	struct sc_open_args a = { .path = path };
	struct sc_err err = { 0 };
	struct sc_engine *e = sc_engine_open(&sc_engine_savefile, &a, &err);
	struct sc_raw_evt ev;
	struct sc_stats st;
	size_t i;
	int rc;

	if (!e)
		fail_msg("%s: %s", path, err.msg);
	memset(f, 0, sizeof(*f));
	while ((rc = sc_engine_next(e, &ev, &err)) == SC_OK) {
		struct sc_evt d;

		assert_int_equal(sc_evt_decode(&d, ev.hdr, &err), SC_OK);
		f->off = xrealloc(f->off, (f->n + 1) * sizeof(*f->off));
		f->rec = xrealloc(f->rec, (f->n + 1) * sizeof(*f->rec));
		f->off[f->n] = ev.offset;
		f->rec[f->n] = xmemdup(ev.hdr, ev.hdr->len);
		f->n++;
	}
	if (rc != SC_EOF)
		fail_msg("%s: %s", path, err.msg);
	sc_engine_stats(e, &st);
	f->skipped = st.skipped_unknown;
	f->nprocs = e->snap.nprocs;
	for (i = 0; i < e->snap.nprocs; i++)
		f->nfds += e->snap.procs[i].nfds;
	sc_engine_close(e);
}

static void free_full(struct full *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->rec[i]);
	free(f->rec);
	free(f->off);
}

static void test_traces(void **state)
{
	char **v = list_traces();
	size_t i;

	if (!v) {
		g_skipped = true;
		skip();
	}
	for (i = 0; v[i]; i++) {
		struct full f;
		size_t n, off = 0, nev = 0;
		uint8_t *d = slurp(v[i], &n, true);

		read_full(v[i], &f);
		/* count event blocks independently of the reader */
		while (off + 8 <= n) {
			uint32_t t = sc_get_u32(d + off), total = sc_get_u32(d + off + 4);

			assert_true(total >= 12);
			if (is_ev_block(t))
				nev++;
			off += total;
		}
		assert_int_equal(off, n);
		assert_int_equal(f.n + f.skipped, nev);
		assert_true(f.nprocs > 0);
		print_message("%s: %zu events, %llu skipped, %zu processes, %zu fds\n", v[i], f.n,
			      (unsigned long long)f.skipped, f.nprocs, f.nfds);
		free_full(&f);
		free(d);
	}
	free_list(v);
}

static void test_comments_trace(void **state)
{
	char a[4096], b[4096];
	struct full fa, fb_;
	size_t i;

	if (!*traces_dir()) {
		g_skipped = true;
		skip();
	}
	snprintf(a, sizeof(a), "%s/curl_google.scap", traces_dir());
	snprintf(b, sizeof(b), "%s/curl_google_comments.scap", traces_dir());
	if (access(a, R_OK) || access(b, R_OK)) {
		g_skipped = true;
		skip();
	}
	read_full(a, &fa);
	read_full(b, &fb_);
	assert_int_equal(fa.n, fb_.n);
	assert_int_equal(fa.nprocs, fb_.nprocs);
	assert_int_equal(fa.nfds, fb_.nfds);
	for (i = 0; i < fa.n; i++)
		assert_memory_equal(fa.rec[i], fb_.rec[i], sc_get_u32(fa.rec[i] + 16));
	free_full(&fa);
	free_full(&fb_);
}

/* Reads the file cut at c and checks it against the full read. */
static void check_cut(const uint8_t *d, size_t c, const uint64_t *bounds, size_t nb, uint64_t hdr_end,
		      const struct full *f, const char *tmp, bool via_file)
{
	struct sc_open_args a = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	uint64_t cut_blk = 0;
	bool at_boundary = false;
	size_t i, k = 0, want = 0;
	int rc;

	if (via_file) {   /* the buffered file reader */
		FILE *fp = fopen(tmp, "wb");

		assert_non_null(fp);
		assert_int_equal(fwrite(d, 1, c, fp), c);
		fclose(fp);
		a.path = tmp;
	} else {          /* the same bytes from memory: faster, so every cut fits */
		a.mem_buf = d;
		a.mem_len = c;
	}
	for (i = 0; i < nb; i++) {
		if (bounds[i] == c)
			at_boundary = true;
		if (bounds[i] <= c)
			cut_blk = bounds[i];
	}
	for (i = 0; i < f->n; i++)
		if (f->off[i] + sc_get_u32(d + f->off[i] + 4) <= c)
			want++;

	e = sc_engine_open(&sc_engine_savefile, &a, &err);
	/* damage inside a header block fails the open; a cut block header is left to next() */
	if (c == 0 || (c < hdr_end && !at_boundary && (cut_blk == 0 || c - cut_blk >= 8))) {
		if (e)
			fail_msg("cut at %zu: open should fail", c);
		if (err.code != SC_ETRUNC || err.offset != cut_blk || !strstr(err.msg, "offset"))
			fail_msg("cut at %zu: got %d at %llu (%s), want truncation at %llu", c, err.code,
				 (unsigned long long)err.offset, err.msg, (unsigned long long)cut_blk);
		return;
	}
	if (!e)
		fail_msg("cut at %zu: open failed: %s", c, err.msg);
	while ((rc = sc_engine_next(e, &ev, &err)) == SC_OK) {
		if (k >= f->n || ev.offset != f->off[k] ||
		    memcmp(ev.hdr, f->rec[k], sc_get_u32(f->rec[k] + 16)) != 0)
			fail_msg("cut at %zu: event %zu differs from the full read", c, k);
		k++;
	}
	if (k != want)
		fail_msg("cut at %zu: %zu events, want %zu", c, k, want);
	if (at_boundary) {
		if (rc != SC_EOF)
			fail_msg("cut at block boundary %zu: got %d (%s), want a clean end", c, rc, err.msg);
	} else {
		if (rc != SC_ETRUNC || err.offset != cut_blk || !strstr(err.msg, "offset"))
			fail_msg("cut at %zu: got %d at %llu (%s), want truncation at %llu", c, rc,
				 (unsigned long long)err.offset, err.msg, (unsigned long long)cut_blk);
		memset(&err, 0, sizeof(err));
		if (sc_engine_next(e, &ev, &err) != rc || err.offset != cut_blk)
			fail_msg("cut at %zu: the error did not stick", c);
	}
	sc_engine_close(e);
}

static void test_cut_traces(void **state)
{
	char **v = list_traces();
	char tmp[] = "/tmp/sc-test-cut-XXXXXX";
	int fd = mkstemp(tmp);
	size_t i, ncuts = 0;

	assert_true(fd >= 0);
	close(fd);
	if (!v) {
		unlink(tmp);
		g_skipped = true;
		skip();
	}
	for (i = 0; v[i]; i++) {
		struct full f;
		size_t n, c, nb = 0, j;
		uint64_t *bounds = NULL, off = 0, hdr_end = 0;
		uint8_t *d = slurp(v[i], &n, true);

		read_full(v[i], &f);
		while (off + 8 <= n) {
			bounds = xrealloc(bounds, (nb + 2) * sizeof(*bounds));
			bounds[nb++] = off;
			if (!hdr_end && is_ev_block(sc_get_u32(d + off)))
				hdr_end = off;
			off += sc_get_u32(d + off + 4);
		}
		bounds[nb++] = n;
		if (!hdr_end)
			hdr_end = n;
		for (j = 0; j < nb; j++) {
			for (c = bounds[j] ? bounds[j] - 1 : 0; c <= bounds[j] + 1 && c < n; c++) {
				check_cut(d, c, bounds, nb, hdr_end, &f, tmp, ncuts % 8 == 0);
				ncuts++;
			}
		}
		for (c = 5; c < n; c += 997) {
			check_cut(d, c, bounds, nb, hdr_end, &f, tmp, ncuts % 8 == 0);
			ncuts++;
		}
		free(bounds);
		free_full(&f);
		free(d);
	}
	print_message("%zu cuts checked\n", ncuts);
	unlink(tmp);
	free_list(v);
}

/* Cutting the compressed file: a prefix of the events, then an error. */
static void test_cut_gzip(void **state)
{
	char **v = list_traces();
	char tmp[] = "/tmp/sc-test-cutz-XXXXXX";
	int fd = mkstemp(tmp);
	size_t i;

	assert_true(fd >= 0);
	close(fd);
	if (!v) {
		unlink(tmp);
		g_skipped = true;
		skip();
	}
	for (i = 0; v[i]; i++) {
		struct full f;
		size_t n, c;
		uint8_t *z = slurp(v[i], &n, false);

		if (n < 2 || z[0] != 0x1f || z[1] != 0x8b) {
			free(z);
			continue;
		}
		read_full(v[i], &f);
		for (c = 1; c < n; c += n / 41 + 1) {
			struct sc_open_args a = { .path = tmp };
			struct sc_err err = { 0 };
			struct sc_engine *e;
			struct sc_raw_evt ev;
			FILE *fp = fopen(tmp, "wb");
			size_t k = 0;
			int rc;

			fwrite(z, 1, c, fp);
			fclose(fp);
			e = sc_engine_open(&sc_engine_savefile, &a, &err);
			if (!e) {
				assert_true(err.code < 0);
				continue;
			}
			while ((rc = sc_engine_next(e, &ev, &err)) == SC_OK) {
				assert_true(k < f.n);
				assert_memory_equal(ev.hdr, f.rec[k], sc_get_u32(f.rec[k] + 16));
				k++;
			}
			if (rc >= 0 || !strstr(err.msg, "offset"))
				fail_msg("%s cut at compressed %zu: rc %d (%s)", v[i], c, rc, err.msg);
			sc_engine_close(e);
		}
		free_full(&f);
		free(z);
	}
	unlink(tmp);
	free_list(v);
}


/* Old captures store notification records 3 bytes longer than they are. */
static void test_old_notification(void **state)
{
	struct fb b = { 0 };
	struct sc_builder eb = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	size_t o = sc_builder_add(&eb, 9, SC_SCAP_OLD_NOTIFICATION_E, 2, sc_bp_str("1"), sc_bp_str("hello"));
	const uint8_t *r = eb.buf + o;
	uint32_t len = sc_get_u32(r + 16), olen = len - 4 + 3;
	size_t at;
	char *path;

	shb(&b, 1, 0, false);
	at = blk_begin(&b, SC_BLK_EV);
	fb_u16(&b, 0);
	fb_add(&b, r, 16);
	fb_u32(&b, olen);
	fb_add(&b, r + 20, 2);
	fb_add(&b, r + SC_EVT_HDR_LEN, len - SC_EVT_HDR_LEN);
	fb_add(&b, "\0\0\0", 3);
	blk_end(&b, at);
	e = open_buf(&b, &path, &err);
	assert_non_null(e);
	assert_int_equal(sc_engine_next(e, &ev, &err), SC_OK);
	assert_int_equal(ev.hdr->len, len);
	assert_int_equal(ev.hdr->nparams, 2);
	assert_memory_equal(ev.hdr, r, len);
	sc_engine_close(e);
	done_path(path);
	free(b.p);
	sc_builder_free(&eb);
}

/*
 * Corruption: random bytes of each decompressed trace overwritten. The
 * reader must not crash, hang or leak, must return a prefix-sized run of
 * events, and must end cleanly or with an error that names an offset.
 */
static void test_corrupt_traces(void **state)
{
	char **v = list_traces();
	char tmp[] = "/tmp/sc-test-bad-XXXXXX";
	int fd = mkstemp(tmp);
	size_t i, round;
	uint32_t seed = 12345;

	assert_true(fd >= 0);
	close(fd);
	if (!v) {
		unlink(tmp);
		g_skipped = true;
		skip();
	}
	for (i = 0; v[i]; i++) {
		size_t n;
		uint8_t *d = slurp(v[i], &n, true);
		uint8_t *c = xmalloc(n);

		for (round = 0; round < 60; round++) {
			struct sc_open_args a = { .path = tmp };
			struct sc_err err = { 0 };
			struct sc_engine *e;
			struct sc_raw_evt ev;
			FILE *fp;
			size_t k, hits = 1 + round % 4, events = 0;
			int rc;

			memcpy(c, d, n);
			for (k = 0; k < hits; k++) {
				seed = seed * 1103515245u + 12345u;
				c[(seed >> 8) % n] = (uint8_t)(seed >> 3);
			}
			if (round % 8 == 0) {
				fp = fopen(tmp, "wb");
				fwrite(c, 1, n, fp);
				fclose(fp);
			} else {
				a.path = NULL;
				a.mem_buf = c;
				a.mem_len = n;
			}
			e = sc_engine_open(&sc_engine_savefile, &a, &err);
			if (!e) {
				assert_true(err.code < 0);
				assert_non_null(strstr(err.msg, "offset"));
				continue;
			}
			while ((rc = sc_engine_next(e, &ev, &err)) == SC_OK) {
				struct sc_evt dv;
				struct sc_err e2;

				(void)sc_evt_decode(&dv, ev.hdr, &e2);   /* may fail, must not crash */
				events++;
			}
			assert_true(events <= n / 12);
			assert_true(rc == SC_EOF || (rc < 0 && strstr(err.msg, "offset")));
			sc_engine_close(e);
		}
		free(c);
		free(d);
	}
	unlink(tmp);
	free_list(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pl_versions),
		cmocka_unit_test(test_event_blocks),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_event_block),
		cmocka_unit_test(test_traces),
		cmocka_unit_test(test_comments_trace),
		cmocka_unit_test(test_cut_traces),
		cmocka_unit_test(test_cut_gzip),
		cmocka_unit_test(test_old_notification),
		cmocka_unit_test(test_corrupt_traces),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	if (failed)
		return failed;
	return g_skipped ? 77 : 0;
}
