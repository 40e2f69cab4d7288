/* SPDX-License-Identifier: Apache-2.0 */
/*
 * io.c - buffered, optionally gzip-compressed byte streams (see io.h).
 *
 * The reader keeps one window of uncompressed bytes, buf[pos..len), whose
 * first byte sits at stream offset base + pos. Peeks are served from the
 * window; when it runs short the unread tail moves to the front and the
 * rest is refilled in one large read (or one large inflate), so a caller
 * walking records touches each byte once and never copies it.
 */
#define _GNU_SOURCE  /* sched_getcpu, CPU_* and pthread_attr_setaffinity_np */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "io.h"
#include "util.h"

#define IO_CHUNK (1u << 20)       /* window size and read size */
#define IO_RAW_CHUNK (256u << 10) /* compressed bytes read at once */
#define IO_MAP_MIN (4u << 20)     /* regular files from this size are mapped, not read */

struct sc_io_reader {
	int fd;
	bool own_fd;
	char name[256];
	/* memory source (fd < 0) */
	const uint8_t *mem;
	size_t mem_len, mem_pos;
	bool src_eof;

	/* gzip state */
	bool gz, gz_member_open;
	z_stream zs;
	bool zs_init;
	uint8_t *raw;
	size_t raw_cap;

	/* the uncompressed window */
	uint8_t *buf;
	bool buf_borrowed;    /* plain memory source: buf is the caller's */
	size_t cap, pos, len;
	uint64_t base;
	bool eof;             /* no more bytes will come */
	int pend_code;        /* error to report once the window runs dry */
	char pend_msg[256];

	/* a mapped file is read as a memory source: map, map_len to unmap */
	void *map;
	size_t map_len;
	/*
	 * The thread that faults the mapping in ahead of the reader and gives
	 * back the pages behind it (see map_helper). toucher_stop: 1 once close
	 * asks it to end (also the futex word its naps wait on); released:
	 * bytes from the map's start the reader is done with; unmapped: bytes
	 * it has given back (the helper's until joined).
	 */
	pthread_t toucher;
	bool toucher_on;
	_Atomic uint32_t toucher_stop;
	_Atomic size_t released;
	size_t unmapped;
};

static long src_read(struct sc_io_reader *r, uint8_t *dst, size_t n, struct sc_err *err)
{
	ssize_t got;

	if (r->src_eof)
		return 0;
	if (r->fd < 0) {
		size_t left = r->mem_len - r->mem_pos;

		if (n > left)
			n = left;
		memcpy(dst, r->mem + r->mem_pos, n);
		r->mem_pos += n;
		if (!n)
			r->src_eof = true;
		return (long)n;
	}
	do {
		got = read(r->fd, dst, n);
	} while (got < 0 && errno == EINTR);
	if (got < 0)
		return sc_err_set(err, -errno, "%s: read error: %s", r->name, strerror(errno));
	if (got == 0)
		r->src_eof = true;
	return (long)got;
}

static void set_pending(struct sc_io_reader *r, int code, const char *what)
{
	if (r->pend_code)
		return;
	r->pend_code = code;
	snprintf(r->pend_msg, sizeof(r->pend_msg), "%s", what);
	r->eof = true;
}

/* Refills the raw (compressed) buffer when inflate has consumed it. */
static int gz_refill(struct sc_io_reader *r, struct sc_err *err)
{
	long got;

	if (r->zs.avail_in && r->zs.next_in != r->raw)
		memmove(r->raw, r->zs.next_in, r->zs.avail_in);
	r->zs.next_in = r->raw;
	got = src_read(r, r->raw + r->zs.avail_in, r->raw_cap - r->zs.avail_in, err);
	if (got < 0)
		return (int)got;
	r->zs.avail_in += (uInt)got;
	return 0;
}

/* Inflates into buf[len..cap); sets eof or a pending error at the end. */
static int gz_fill(struct sc_io_reader *r, size_t want, struct sc_err *err)
{
	int rc;

	while (r->len - r->pos < want && r->len < r->cap && !r->eof) {
		if (!r->gz_member_open) {
			/* between members: another one starts only with the magic */
			if (r->zs.avail_in < 2 && !r->src_eof && (rc = gz_refill(r, err)) < 0)
				return rc;
			if (r->zs.avail_in < 2 || r->zs.next_in[0] != 0x1f || r->zs.next_in[1] != 0x8b) {
				r->eof = true;   /* end, or trailing garbage as gzip tools ignore it */
				break;
			}
			inflateReset(&r->zs);
			r->gz_member_open = true;
		}
		if (r->zs.avail_in == 0) {
			if ((rc = gz_refill(r, err)) < 0)
				return rc;
			if (r->zs.avail_in == 0) {
				set_pending(r, SC_ETRUNC, "compressed stream ends in the middle of a gzip member");
				break;
			}
		}
		r->zs.next_out = r->buf + r->len;
		r->zs.avail_out = (uInt)(r->cap - r->len);
		rc = inflate(&r->zs, Z_NO_FLUSH);
		r->len = r->cap - r->zs.avail_out;
		if (rc == Z_STREAM_END) {
			r->gz_member_open = false;
		} else if (rc == Z_BUF_ERROR && r->zs.avail_in == 0) {
			continue;   /* needs more input; the refill above handles it */
		} else if (rc != Z_OK) {
			char m[200];

			snprintf(m, sizeof(m), "gzip data error (%s)", r->zs.msg ? r->zs.msg : "corrupt stream");
			set_pending(r, SC_EFORMAT, m);
			break;
		}
	}
	return 0;
}

static int fill(struct sc_io_reader *r, size_t want, struct sc_err *err)
{
	long got;
	int rc;

	if (r->buf_borrowed)
		return 0;
	if (r->cap - r->pos < want && r->pos) {
		/* move the unread tail to the front */
		size_t keep = r->len - r->pos;

		memmove(r->buf, r->buf + r->pos, keep);
		r->base += r->pos;
		r->pos = 0;
		r->len = keep;
	}
	while (r->len - r->pos < want && !r->eof) {
		if (r->len == r->cap) {
			/* grow as data arrives, so a bogus length cannot allocate ahead */
			r->cap = SC_MIN(r->cap * 2, r->pos + want);
			r->buf = xrealloc(r->buf, r->cap);
		}
		if (r->gz) {
			if ((rc = gz_fill(r, want, err)) < 0)
				return rc;
			continue;
		}
		got = src_read(r, r->buf + r->len, r->cap - r->len, err);
		if (got < 0)
			return (int)got;
		if (got == 0)
			r->eof = true;
		r->len += (size_t)got;
	}
	return 0;
}

static struct sc_io_reader *reader_new(void)
{
	struct sc_io_reader *r = xcalloc(1, sizeof(*r));

	r->fd = -1;
	return r;
}

/* Reads the first bytes, detects gzip and sets up inflate. */
static int reader_start(struct sc_io_reader *r, struct sc_err *err)
{
	int rc;

	if (r->fd < 0 && !(r->mem_len >= 2 && r->mem[0] == 0x1f && r->mem[1] == 0x8b)) {
		/* plain memory: the window is the caller's buffer, nothing is copied */
		r->buf = (uint8_t *)r->mem;
		r->buf_borrowed = true;
		r->cap = r->len = r->mem_len;
		r->eof = r->src_eof = true;
		return 0;
	}
	r->cap = IO_CHUNK;
	r->buf = xmalloc(r->cap);
	while (r->len < 2 && !r->src_eof) {
		long got = src_read(r, r->buf + r->len, r->cap - r->len, err);

		if (got < 0)
			return (int)got;
		r->len += (size_t)got;
	}
	if (r->len >= 2 && r->buf[0] == 0x1f && r->buf[1] == 0x8b) {
		r->gz = true;
		r->raw_cap = SC_MAX(IO_RAW_CHUNK, r->len);
		r->raw = xmalloc(r->raw_cap);
		memcpy(r->raw, r->buf, r->len);
		memset(&r->zs, 0, sizeof(r->zs));
		r->zs.next_in = r->raw;
		r->zs.avail_in = (uInt)r->len;
		rc = inflateInit2(&r->zs, 15 + 16);   /* gzip wrapper only */
		if (rc != Z_OK)
			return sc_err_set(err, SC_EFORMAT, "%s: cannot start gzip decoder", r->name);
		r->zs_init = true;
		r->gz_member_open = true;
		r->len = 0;
	} else if (r->src_eof) {
		r->eof = true;
	}
	return 0;
}

struct sc_io_reader *sc_io_reader_open_fd(int fd, const char *name, struct sc_err *err)
{
	struct sc_io_reader *r = reader_new();

	r->fd = fd;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "input");
	if (reader_start(r, err) < 0) {
		sc_io_reader_close(r);
		return NULL;
	}
	return r;
}

#define IO_GIVE_BACK (2u << 20)   /* bytes of a mapping given back at a time */
#define IO_NAP_MIN 1000000L       /* ns: the helper's look-again interval while the reader moves */
#define IO_NAP_MAX 64000000L      /* ns: ... and when it does not */

/*
 * The helper naps for ns at most; only close wakes it early. The reader's
 * releases do not wake it: a wake-up from the reader's CPU invites the
 * scheduler to run the helper there, beside the reader, which then loses
 * what the helper was meant to take off it (measured: 41-95 context
 * switches a run and wall times from 17 to 26 ms on a quiet machine).
 */
static void helper_wait(struct sc_io_reader *r, long ns)
{
	struct timespec t = { ns / 1000000000L, ns % 1000000000L };

	/* returns at once if close has already asked (the futex compares the word) */
	(void)syscall(SYS_futex, &r->toucher_stop, FUTEX_WAIT_PRIVATE, 0, &t, NULL, 0);
}

/*
 * A mapped file's helper thread. It faults the mapping in, page by page, so
 * the page-table work overlaps with the reader's instead of adding to it;
 * then, as the reader releases what it has read (sc_io_reader_release), it
 * drops those pages from the mapping (MADV_DONTNEED, looking every
 * millisecond while the reader moves), so the teardown of a
 * large mapping, as long as faulting it in when the page cache holds the
 * file in small pages, is not left to the reader's close. Only reads and
 * drops pages the reader said it is done with; ends when told (close).
 */
static void *map_helper(void *arg)
{
	struct sc_io_reader *r = arg;
	const volatile uint8_t *p = r->map;
	long page = sysconf(_SC_PAGESIZE);
	size_t step = page > 0 ? (size_t)page : 4096, touched = 0;
	long nap = IO_NAP_MIN;
	uint8_t sink = 0;

	while (!atomic_load_explicit(&r->toucher_stop, memory_order_relaxed)) {
		size_t rel = atomic_load_explicit(&r->released, memory_order_acquire);
		size_t upto = rel - rel % IO_GIVE_BACK;
		size_t i;

		if (upto > r->unmapped) {
			(void)madvise((uint8_t *)r->map + r->unmapped, upto - r->unmapped, MADV_DONTNEED);
			r->unmapped = upto;
			touched = SC_MAX(touched, upto);
			nap = IO_NAP_MIN;
			continue;
		}
		if (touched < r->map_len) {
			for (i = 0; i < (1u << 20) && touched < r->map_len; i += step, touched += step)
				sink ^= p[touched];
			continue;
		}
		/* look again soon while the reader moves, less and less often when it does not */
		helper_wait(r, nap);
		nap = SC_MIN(nap * 2, IO_NAP_MAX);
	}
	(void)sink;
	return NULL;
}

/*
 * Starts map_helper on a CPU other than the reader's, when there is one: a
 * new thread may otherwise start on its creator's CPU and share it with the
 * reader until the scheduler moves one of them.
 */
static bool start_helper(struct sc_io_reader *r)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int cpu = sched_getcpu();
	bool ok;

	if (pthread_attr_init(&attr))
		return false;
	if (cpu >= 0 && sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_ISSET(cpu, &set) &&
	    CPU_COUNT(&set) > 1) {
		CPU_CLR(cpu, &set);
		(void)pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	ok = pthread_create(&r->toucher, &attr, map_helper, r) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

/*
 * A large regular file is mapped and read in place, as a memory source:
 * no read() copies, and the window is the whole file. Anything else (pipes,
 * small files, a failed mmap) keeps the buffered reads. The size is the one
 * at open: bytes appended later are not read, and a file truncated while it
 * is read ends the run with SIGBUS. Measured gain: ~8% wall time on the
 * 78 MB replay bench (the copy read() makes), within the machine's noise.
 */
static void map_file(struct sc_io_reader *r)
{
	struct stat sb;
	void *m;

	if (fstat(r->fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size < (off_t)IO_MAP_MIN ||
	    (uint64_t)sb.st_size > (uint64_t)SIZE_MAX)
		return;
	m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (m == MAP_FAILED)
		return;
	(void)madvise(m, (size_t)sb.st_size, MADV_SEQUENTIAL);
	r->map = m;
	r->map_len = (size_t)sb.st_size;
	r->mem = m;
	r->mem_len = r->map_len;
	close(r->fd);
	r->fd = -1;
	r->own_fd = false;
	atomic_init(&r->toucher_stop, 0);
	atomic_init(&r->released, 0);
	r->unmapped = 0;
	r->toucher_on = start_helper(r);
}

struct sc_io_reader *sc_io_reader_open(const char *path, struct sc_err *err)
{
	struct sc_io_reader *r;
	int fd;

	if (strcmp(path, "-") == 0)
		return sc_io_reader_open_fd(STDIN_FILENO, "standard input", err);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sc_err_set(err, -errno, "%s: %s", path, strerror(errno));
		return NULL;
	}
	r = reader_new();
	r->fd = fd;
	r->own_fd = true;
	snprintf(r->name, sizeof(r->name), "%s", path);
	map_file(r);
	if (reader_start(r, err) < 0) {
		sc_io_reader_close(r);
		return NULL;
	}
	return r;
}

struct sc_io_reader *sc_io_reader_open_mem(const void *buf, size_t len, struct sc_err *err)
{
	struct sc_io_reader *r = reader_new();

	r->mem = buf;
	r->mem_len = len;
	snprintf(r->name, sizeof(r->name), "memory");
	if (reader_start(r, err) < 0) {
		sc_io_reader_close(r);
		return NULL;
	}
	return r;
}

long sc_io_reader_peek(struct sc_io_reader *r, size_t n, const uint8_t **p, struct sc_err *err)
{
	size_t avail = r->len - r->pos;
	int rc;

	if (avail < n && !r->eof) {
		if ((rc = fill(r, n, err)) < 0)
			return rc;
		avail = r->len - r->pos;
	}
	*p = r->buf + r->pos;
	if (avail >= n)
		return (long)n;
	if (r->pend_code)
		return sc_err_set(err, r->pend_code, "%s: %s at offset %llu", r->name, r->pend_msg,
				  (unsigned long long)(r->base + r->len));
	return (long)avail;
}

void sc_io_reader_skip(struct sc_io_reader *r, size_t n)
{
	if (n > r->len - r->pos)
		n = r->len - r->pos;
	r->pos += n;
}

long sc_io_reader_discard(struct sc_io_reader *r, uint64_t n, struct sc_err *err)
{
	uint64_t done = 0;

	while (done < n) {
		const uint8_t *p;
		size_t want = (size_t)SC_MIN(n - done, (uint64_t)IO_CHUNK);
		long got = sc_io_reader_peek(r, want, &p, err);

		if (got < 0)
			return got;
		sc_io_reader_skip(r, (size_t)got);
		done += (uint64_t)got;
		if ((size_t)got < want)
			break;
	}
	return (long)done;
}

uint64_t sc_io_reader_offset(const struct sc_io_reader *r)
{
	return r->base + r->pos;
}

size_t sc_io_reader_window(const struct sc_io_reader *r, const uint8_t **p, uint64_t *off)
{
	*p = r->buf + r->pos;
	*off = r->base + r->pos;
	return r->len - r->pos;
}

void sc_io_reader_release(struct sc_io_reader *r, uint64_t off)
{
	/* only where the window is the mapped file itself (not a gzip source) */
	if (!r->toucher_on || r->buf != (uint8_t *)r->map || off <= atomic_load(&r->released))
		return;
	/* no wake-up: the helper looks on its own (see helper_wait) */
	atomic_store_explicit(&r->released, (size_t)SC_MIN(off, (uint64_t)r->map_len), memory_order_release);
}

bool sc_io_reader_gzipped(const struct sc_io_reader *r)
{
	return r->gz;
}

const char *sc_io_reader_name(const struct sc_io_reader *r)
{
	return r->name;
}

void sc_io_reader_close(struct sc_io_reader *r)
{
	if (!r)
		return;
	if (r->zs_init)
		inflateEnd(&r->zs);
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	if (!r->buf_borrowed)
		free(r->buf);
	if (r->toucher_on) {
		atomic_store(&r->toucher_stop, 1);
		(void)syscall(SYS_futex, &r->toucher_stop, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		pthread_join(r->toucher, NULL);
	}
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->raw);
	free(r);
}

/* ---- output ---- */

struct sc_io_writer {
	int fd;
	bool own_fd;
	bool gz;
	bool failed;
	struct sc_err fail;   /* the first error, returned again by close */
	z_stream zs;
	uint8_t *buf, *zout;
	size_t len, cap, zcap;
	uint64_t off;
	char name[256];
};

static int write_all(struct sc_io_writer *w, const uint8_t *p, size_t n, struct sc_err *err)
{
	while (n) {
		ssize_t put = write(w->fd, p, n);

		if (put < 0) {
			if (errno == EINTR)
				continue;
			w->failed = true;
			sc_err_set(&w->fail, -errno, "%s: write error: %s", w->name, strerror(errno));
			if (err)
				*err = w->fail;
			return w->fail.code;
		}
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

/* Compresses (or writes) n bytes; flush is a zlib flush mode. */
static int emit(struct sc_io_writer *w, const uint8_t *p, size_t n, int flush, struct sc_err *err)
{
	int rc;

	if (!w->gz)
		return write_all(w, p, n, err);
	w->zs.next_in = (Bytef *)p;
	w->zs.avail_in = (uInt)n;
	do {
		w->zs.next_out = w->zout;
		w->zs.avail_out = (uInt)w->zcap;
		rc = deflate(&w->zs, flush);
		if (rc == Z_STREAM_ERROR) {
			w->failed = true;
			sc_err_set(&w->fail, SC_EFORMAT, "%s: gzip compression failed", w->name);
			if (err)
				*err = w->fail;
			return w->fail.code;
		}
		if ((rc = write_all(w, w->zout, w->zcap - w->zs.avail_out, err)) < 0)
			return rc;
	} while (w->zs.avail_out == 0 || w->zs.avail_in);
	return 0;
}

struct sc_io_writer *sc_io_writer_open(const char *path, bool gzip, struct sc_err *err)
{
	struct sc_io_writer *w = xcalloc(1, sizeof(*w));

	if (strcmp(path, "-") == 0) {
		w->fd = STDOUT_FILENO;
		snprintf(w->name, sizeof(w->name), "standard output");
	} else {
		w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (w->fd < 0) {
			sc_err_set(err, -errno, "%s: %s", path, strerror(errno));
			free(w);
			return NULL;
		}
		w->own_fd = true;
		snprintf(w->name, sizeof(w->name), "%s", path);
	}
	w->gz = gzip;
	w->cap = IO_CHUNK;
	w->buf = xmalloc(w->cap);
	if (gzip) {
		w->zcap = IO_CHUNK;
		w->zout = xmalloc(w->zcap);
		if (deflateInit2(&w->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			sc_err_set(err, SC_EFORMAT, "%s: cannot start gzip encoder", w->name);
			if (w->own_fd)
				close(w->fd);
			free(w->zout);
			free(w->buf);
			free(w);
			return NULL;
		}
	}
	return w;
}

int sc_io_writer_write(struct sc_io_writer *w, const void *p, size_t n, struct sc_err *err)
{
	int rc;

	if (w->failed) {
		if (err)
			*err = w->fail;
		return w->fail.code;
	}
	w->off += n;
	if (w->len + n <= w->cap) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
		return 0;
	}
	if ((rc = emit(w, w->buf, w->len, Z_NO_FLUSH, err)) < 0)
		return rc;
	w->len = 0;
	if (n >= w->cap)
		return emit(w, p, n, Z_NO_FLUSH, err);
	memcpy(w->buf, p, n);
	w->len = n;
	return 0;
}

int sc_io_writer_flush(struct sc_io_writer *w, struct sc_err *err)
{
	int rc;

	if (w->failed) {
		if (err)
			*err = w->fail;
		return w->fail.code;
	}
	rc = emit(w, w->buf, w->len, w->gz ? Z_SYNC_FLUSH : Z_NO_FLUSH, err);
	w->len = 0;
	return rc;
}

uint64_t sc_io_writer_offset(const struct sc_io_writer *w)
{
	return w->off;
}

int sc_io_writer_close(struct sc_io_writer *w, struct sc_err *err)
{
	int rc = 0;

	if (!w)
		return 0;
	if (!w->failed) {
		rc = emit(w, w->buf, w->len, w->gz ? Z_FINISH : Z_NO_FLUSH, err);
	} else {
		rc = w->fail.code;
		if (err)
			*err = w->fail;
	}
	if (w->gz)
		deflateEnd(&w->zs);
	if (w->own_fd) {
		if (close(w->fd) < 0 && rc == 0)
			rc = sc_err_set(err, -errno, "%s: close: %s", w->name, strerror(errno));
	}
	free(w->buf);
	free(w->zout);
	free(w);
	return rc;
}
