/* SPDX-License-Identifier: Apache-2.0 */
/*
 * state.c - the thread table and the per-process fd tables (see state.h),
 * seeding from a snapshot and writing back to one, and the fd text
 * conventions sysdig prints (type tags, tuples, absolute paths).
 *
 * Threads live in an open-addressing hash keyed by tid (linear probing,
 * backward-shift deletion, no tombstones). An fd table keeps small fds in a
 * direct array and the rest in a small hash of the same kind, so the lookup
 * made for nearly every event is an index or one probe.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "strbuf.h"
#include "util.h"

#define FD_DIRECT_MAX 4096   /* fds below this are indexed directly */
#define PATH_MAX_SC 1024     /* sysdig's longest path; longer ones become /PATH_TOO_LONG */

struct fd_slot {
	int64_t fd;
	struct sc_fdinfo *fi;   /* NULL: free slot */
};

struct sc_fdtable {
	int refs;
	struct sc_fdinfo **low;  /* fds 0..nlow-1 */
	uint32_t nlow;
	struct fd_slot *hi;      /* other fds; capacity a power of two */
	uint32_t hicap, hicount;
	size_t count;
};

struct th_slot {
	int64_t tid;
	struct sc_thread *th;   /* NULL: free slot */
};

struct if4 {
	uint32_t addr, netmask;   /* network order, as the capture stores them */
};

struct sc_state {
	struct sc_state_hot hot;  /* first: see state.h */
	struct th_slot *slots;
	uint32_t cap, count;   /* cap a power of two */
	struct if4 *if4;
	size_t nif4;
	uint8_t (*if6)[16];
	size_t nif6;
	sc_state_resolve_fn resolve;
	void *resolve_arg;
};

static inline uint32_t hash64(int64_t k)
{
	uint64_t x = (uint64_t)k;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

/* ---- fd types and tags ---------------------------------------------------- */

char sc_fdtype_char(uint8_t type)
{
	static const char tags[SC_FD_FILE_V2 + 1] = {
		[SC_FD_UNKNOWN] = 'o', [SC_FD_FILE] = 'f', [SC_FD_DIRECTORY] = 'd',
		[SC_FD_IPV4_SOCK] = '4', [SC_FD_IPV6_SOCK] = '6', [SC_FD_IPV4_SERVSOCK] = '4',
		[SC_FD_IPV6_SERVSOCK] = '6', [SC_FD_FIFO] = 'p', [SC_FD_UNIX_SOCK] = 'u',
		[SC_FD_EVENT] = 'e', [SC_FD_UNSUPPORTED] = 'X', [SC_FD_SIGNALFD] = 's',
		[SC_FD_EVENTPOLL] = 'l', [SC_FD_INOTIFY] = 'i', [SC_FD_TIMERFD] = 't',
		[SC_FD_NETLINK] = 'n', [SC_FD_FILE_V2] = 'f',
	};

	return type <= SC_FD_FILE_V2 ? tags[type] : '?';
}

const char *sc_fdtype_name(uint8_t type)
{
	static const char *const names[SC_FD_FILE_V2 + 1] = {
		[SC_FD_FILE] = "file", [SC_FD_DIRECTORY] = "directory",
		[SC_FD_IPV4_SOCK] = "ipv4", [SC_FD_IPV6_SOCK] = "ipv6",
		[SC_FD_IPV4_SERVSOCK] = "ipv4", [SC_FD_IPV6_SERVSOCK] = "ipv6",
		[SC_FD_FIFO] = "pipe", [SC_FD_UNIX_SOCK] = "unix", [SC_FD_EVENT] = "event",
		[SC_FD_SIGNALFD] = "signalfd", [SC_FD_EVENTPOLL] = "eventpoll",
		[SC_FD_INOTIFY] = "inotify", [SC_FD_TIMERFD] = "timerfd",
		[SC_FD_NETLINK] = "netlink", [SC_FD_FILE_V2] = "file",
	};

	return type <= SC_FD_FILE_V2 && names[type] ? names[type] : "<NA>";
}

uint8_t sc_l4proto_from_scap(uint8_t v)
{
	static const uint8_t map[6] = { SC_L4_UNKNOWN, SC_L4_NA, SC_L4_TCP, SC_L4_UDP, SC_L4_ICMP, SC_L4_RAW };

	return v < 6 ? map[v] : SC_L4_UNKNOWN;
}

uint8_t sc_l4proto_to_scap(uint8_t v)
{
	static const uint8_t map[6] = { 0, 2, 3, 4, 5, 1 };

	return v < 6 ? map[v] : 0;
}

uint8_t sc_fdinfo_l4proto(const struct sc_fdinfo *fd)
{
	switch (fd->type) {
	case SC_FD_IPV4_SOCK:
	case SC_FD_IPV6_SOCK:
		if (fd->l4proto == SC_L4_RAW)
			return SC_L4_RAW;
		if (!(fd->flags & (SC_FDF_ROLE_CLIENT | SC_FDF_ROLE_SERVER)))
			return SC_L4_NA;
		return fd->l4proto;
	case SC_FD_IPV4_SERVSOCK:
	case SC_FD_IPV6_SERVSOCK:
		return fd->l4proto;
	default:
		return SC_L4_NA;
	}
}

char sc_l4proto_char(uint8_t l4)
{
	switch (l4) {
	case SC_L4_TCP: return 't';
	case SC_L4_UDP: return 'u';
	case SC_L4_ICMP: return 'i';
	case SC_L4_RAW: return 'r';
	default: return 0;
	}
}

static inline bool printable(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Appends s[0..n) without the bytes sysdig strips from names it prints. */
static void put_stripped(struct sc_strbuf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		if (!printable((unsigned char)s[i])) {
			if (run)
				sc_strbuf_add(out, s + i - run, run);
			run = 0;
		} else {
			run++;
		}
	}
	if (run)
		sc_strbuf_add(out, s + n - run, run);
}

void sc_state_fd_render(const struct sc_fdinfo *fd, struct sc_strbuf *out)
{
	char tag[4];
	size_t n = 0;
	char l4;

	tag[n++] = '<';
	tag[n++] = sc_fdtype_char(fd->type);
	if (fd->type >= SC_FD_IPV4_SOCK && fd->type <= SC_FD_IPV6_SERVSOCK &&
	    (l4 = sc_l4proto_char(sc_fdinfo_l4proto(fd))))
		tag[n++] = l4;
	tag[n++] = '>';
	sc_strbuf_add(out, tag, n);
	put_stripped(out, fd->name, fd->name_len);
}

/* ---- addresses ----------------------------------------------------------- */

/*
 * Port names (sysdig's -R): off unless asked. The names come from the
 * services database once per port and are kept for the process's life
 * (a table of 65536 entries, made on first use; NOT_FOUND: no name).
 */
static bool port_names;
static const char **port_name_cache;
static const char NOT_FOUND[] = "";

void sc_state_set_port_names(bool on)
{
	port_names = on;
}

static void put_port(struct sc_strbuf *out, uint16_t port)
{
	const char *name;

	if (port_names && port) {
		if (!port_name_cache)
			port_name_cache = xcalloc(65536, sizeof(*port_name_cache));
		name = port_name_cache[port];
		if (!name) {
			/* either protocol: a tuple does not say which */
			struct servent *se = getservbyport(htons(port), NULL);

			name = se && se->s_name ? xstrdup(se->s_name) : NOT_FOUND;
			port_name_cache[port] = name;
		}
		if (*name) {
			sc_strbuf_puts(out, name);
			return;
		}
	}
	sc_strbuf_printf(out, "%u", port);
}

static void put_ipv4(struct sc_strbuf *out, const uint8_t *ip, uint16_t port)
{
	sc_strbuf_printf(out, "%u.%u.%u.%u:", ip[0], ip[1], ip[2], ip[3]);
	put_port(out, port);
}

static void put_ipv6(struct sc_strbuf *out, const uint8_t *ip, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, ip, a, sizeof(a)))
		a[0] = '\0';
	sc_strbuf_printf(out, "%s:", a);
	put_port(out, port);
}

/* sysdig's test for an IPv4 address in IPv6 form: ::ffff:a.b.c.d, and also :: */
static bool v4mapped(const uint8_t *ip)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const uint8_t zero[16];

	return memcmp(ip, pfx, 12) == 0 || memcmp(ip, zero, 16) == 0;
}

enum { AF_SC_UNIX = 1, AF_SC_INET = 2, AF_SC_INET6 = 10 };

void sc_state_tuple_render(const uint8_t *v, uint32_t len, struct sc_strbuf *out)
{
	if (!len)
		return;
	switch (v[0]) {
	case AF_SC_INET:
		if (len != 13) {
			sc_strbuf_puts(out, "INVALID IPv4");
			return;
		}
		put_ipv4(out, v + 1, sc_get_u16(v + 5));
		sc_strbuf_add(out, "->", 2);
		put_ipv4(out, v + 7, sc_get_u16(v + 11));
		return;
	case AF_SC_INET6:
		if (len != 37) {
			sc_strbuf_puts(out, "INVALID IPv6");
			return;
		}
		if (v4mapped(v + 1) && v4mapped(v + 19)) {
			put_ipv4(out, v + 13, sc_get_u16(v + 17));
			sc_strbuf_add(out, "->", 2);
			put_ipv4(out, v + 31, sc_get_u16(v + 35));
		} else {
			put_ipv6(out, v + 1, sc_get_u16(v + 17));
			sc_strbuf_add(out, "->", 2);
			put_ipv6(out, v + 19, sc_get_u16(v + 35));
		}
		return;
	case AF_SC_UNIX:
		if (len < 17) {
			sc_strbuf_puts(out, "INVALID UNIX");
			return;
		}
		sc_strbuf_printf(out, "%" PRIx64 "->%" PRIx64 " ", sc_get_u64(v + 1), sc_get_u64(v + 9));
		put_stripped(out, (const char *)v + 17, strnlen((const char *)v + 17, len - 17));
		return;
	default:
		sc_strbuf_printf(out, "family %d", v[0]);
	}
}

void sc_state_sockaddr_render(const uint8_t *v, uint32_t len, struct sc_strbuf *out)
{
	if (!len)
		return;
	switch (v[0]) {
	case AF_SC_UNIX:
		put_stripped(out, (const char *)v + 1, strnlen((const char *)v + 1, len - 1));
		return;
	case AF_SC_INET:
		if (len != 7)
			sc_strbuf_puts(out, "INVALID IPv4");
		else
			put_ipv4(out, v + 1, sc_get_u16(v + 5));
		return;
	case AF_SC_INET6:
		if (len != 19)
			sc_strbuf_puts(out, "INVALID IPv6");
		else
			put_ipv6(out, v + 1, sc_get_u16(v + 17));
		return;
	default:
		sc_strbuf_printf(out, "family %d", v[0]);
	}
}

/* ---- paths ---------------------------------------------------------------- */

/*
 * Copies path into buf at t, folding "./", "../", ".." at the end and
 * repeated '/', never rewinding before base. Returns the end.
 */
static char *fold_path(char *base, char *t, const char *p, const char *pend)
{
	while (p < pend && *p) {
		unsigned char c = (unsigned char)*p;

		if (!printable(c)) {
			*t++ = '.';
			p++;
			continue;
		}
		if (c == '.' && (t == base || t[-1] == '/')) {
			size_t left = (size_t)(pend - p);
			char c1 = left > 1 ? p[1] : 0, c2 = left > 2 ? p[2] : 0;

			if (c1 == '.' && (c2 == '/' || c2 == 0)) {
				/* up one level (a relative base can be used up entirely) */
				if (t > base + 1) {
					t--;
					while (t > base && t[-1] != '/')
						t--;
				}
				p += c2 ? 3 : 2;
				continue;
			}
			if (c1 == '/' || c1 == 0) {
				p += c1 ? 2 : 1;
				continue;
			}
		}
		if (c == '/' && t > base && t[-1] == '/') {
			p++;
			continue;
		}
		*t++ = (char)c;
		p++;
	}
	if (t > base + 1 && t[-1] == '/')
		t--;
	return t;
}

void sc_state_path_concat(const char *dir, size_t dirlen, const char *name, size_t namelen,
			  struct sc_strbuf *out)
{
	char buf[PATH_MAX_SC + 8];
	char *end;
	size_t nl = strnlen(name, namelen);

	if (dirlen + nl + 1 > PATH_MAX_SC) {
		sc_strbuf_puts(out, "/PATH_TOO_LONG");
		return;
	}
	if (namelen && name[0] != '/') {
		memcpy(buf, dir, dirlen);
		end = fold_path(buf, buf + dirlen, name, name + nl);
	} else {
		end = fold_path(buf, buf, name, name + nl);
	}
	sc_strbuf_add(out, buf, (size_t)(end - buf));
}

/* ---- fd tables ------------------------------------------------------------ */

static struct sc_fdtable *fdt_new(void)
{
	struct sc_fdtable *t = xcalloc(1, sizeof(*t));

	t->refs = 1;
	return t;
}

static void fdinfo_free(struct sc_fdinfo *fi)
{
	if (fi) {
		free(fi->name);
		free(fi);
	}
}

static void fdt_clear(struct sc_fdtable *t)
{
	uint32_t i;

	for (i = 0; i < t->nlow; i++)
		fdinfo_free(t->low[i]);
	for (i = 0; i < t->hicap; i++)
		fdinfo_free(t->hi[i].fi);
	free(t->low);
	free(t->hi);
	t->low = NULL;
	t->hi = NULL;
	t->nlow = t->hicap = t->hicount = 0;
	t->count = 0;
}

static void fdt_unref(struct sc_fdtable *t)
{
	if (t && --t->refs == 0) {
		fdt_clear(t);
		free(t);
	}
}

static struct sc_fdinfo **fdt_slot_hi(struct sc_fdtable *t, int64_t fd, bool create)
{
	uint32_t mask, i;

	if (!t->hicap) {
		if (!create)
			return NULL;
		t->hicap = 16;
		t->hi = xcalloc(t->hicap, sizeof(*t->hi));
	} else if (create && (t->hicount + 1) * 4 > t->hicap * 3) {
		struct fd_slot *old = t->hi;
		uint32_t oldcap = t->hicap, j;

		t->hicap *= 2;
		t->hi = xcalloc(t->hicap, sizeof(*t->hi));
		for (j = 0; j < oldcap; j++) {
			if (!old[j].fi)
				continue;
			mask = t->hicap - 1;
			for (i = hash64(old[j].fd) & mask; t->hi[i].fi; i = (i + 1) & mask)
				;
			t->hi[i] = old[j];
		}
		free(old);
	}
	mask = t->hicap - 1;
	for (i = hash64(fd) & mask; t->hi[i].fi; i = (i + 1) & mask)
		if (t->hi[i].fd == fd)
			return &t->hi[i].fi;
	if (!create)
		return NULL;
	t->hi[i].fd = fd;
	t->hicount++;
	return &t->hi[i].fi;
}

static void fdt_hi_delete(struct sc_fdtable *t, int64_t fd)
{
	uint32_t mask, i, j, k;

	if (!t->hicap)
		return;
	mask = t->hicap - 1;
	for (i = hash64(fd) & mask; t->hi[i].fi; i = (i + 1) & mask)
		if (t->hi[i].fd == fd)
			break;
	if (!t->hi[i].fi)
		return;
	fdinfo_free(t->hi[i].fi);
	t->hi[i].fi = NULL;
	t->hicount--;
	/* backward shift */
	for (j = (i + 1) & mask; t->hi[j].fi; j = (j + 1) & mask) {
		k = hash64(t->hi[j].fd) & mask;
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			t->hi[i] = t->hi[j];
			t->hi[j].fi = NULL;
			i = j;
		}
	}
}

static inline struct sc_fdinfo *fdt_get(const struct sc_fdtable *t, int64_t fd)
{
	struct sc_fdinfo **s;

	if (fd >= 0 && fd < (int64_t)t->nlow)
		return t->low[fd];
	if (fd >= 0 && fd < FD_DIRECT_MAX)
		return NULL;
	s = fdt_slot_hi((struct sc_fdtable *)t, fd, false);
	return s ? *s : NULL;
}

/* The slot where fd lives or will live. */
static struct sc_fdinfo **fdt_slot(struct sc_fdtable *t, int64_t fd)
{
	if (fd >= 0 && fd < FD_DIRECT_MAX) {
		if (fd >= (int64_t)t->nlow) {
			uint32_t n = t->nlow ? t->nlow : 16;

			while ((int64_t)n <= fd)
				n *= 2;
			if (n > FD_DIRECT_MAX)
				n = FD_DIRECT_MAX;
			t->low = xrealloc(t->low, n * sizeof(*t->low));
			memset(t->low + t->nlow, 0, (n - t->nlow) * sizeof(*t->low));
			t->nlow = n;
		}
		return &t->low[fd];
	}
	return fdt_slot_hi(t, fd, true);
}

static void fdt_remove(struct sc_fdtable *t, int64_t fd)
{
	if (fd >= 0 && fd < FD_DIRECT_MAX) {
		if (fd < (int64_t)t->nlow && t->low[fd]) {
			fdinfo_free(t->low[fd]);
			t->low[fd] = NULL;
			t->count--;
		}
		return;
	}
	if (fdt_get(t, fd)) {
		fdt_hi_delete(t, fd);
		t->count--;
	}
}

static bool fdt_foreach(struct sc_fdtable *t, bool (*fn)(struct sc_fdinfo *, void *), void *arg)
{
	uint32_t i;

	for (i = 0; i < t->nlow; i++)
		if (t->low[i] && !fn(t->low[i], arg))
			return false;
	for (i = 0; i < t->hicap; i++)
		if (t->hi[i].fi && !fn(t->hi[i].fi, arg))
			return false;
	return true;
}

struct sc_fdinfo *sc_state_fd(struct sc_thread *th, int64_t fd)
{
	return th && th->fdt ? fdt_get(th->fdt, fd) : NULL;
}

void sc_state_fd_set_name(struct sc_fdinfo *fi, const char *name, size_t len)
{
	char *n;

	if (!fi->name || fi->name_len != len || memcmp(fi->name, name, len) != 0)
		fi->flags |= SC_FDF_NAME_CHANGED;
	n = xmalloc(len + 1);
	memcpy(n, name, len);
	n[len] = '\0';
	free(fi->name);
	fi->name = n;
	fi->name_len = len;
}

/* The entry for fd in th's table, reset to zeroes (flags kept in *oldflags). */
static struct sc_fdinfo *fd_put(struct sc_thread *th, int64_t fd, uint32_t *oldflags)
{
	struct sc_fdinfo **slot = fdt_slot(th->fdt, fd);
	struct sc_fdinfo *fi = *slot;

	*oldflags = 0;
	if (fi) {
		*oldflags = fi->flags;
		free(fi->name);
	} else {
		fi = xmalloc(sizeof(*fi));
		*slot = fi;
		th->fdt->count++;
	}
	memset(fi, 0, sizeof(*fi));
	fi->fd = fd;
	return fi;
}

/* A close in progress on the replaced fd is canceled by the new one (as sysdig does). */
static void fd_close_cancel(struct sc_fdinfo *fi, uint32_t oldflags)
{
	fi->flags &= ~(uint32_t)SC_FDF_CLOSE_IN_PROGRESS;
	if (oldflags & SC_FDF_CLOSE_IN_PROGRESS)
		fi->flags |= SC_FDF_CLOSE_CANCELED;
}

struct sc_fdinfo *sc_state_fd_add(struct sc_thread *th, int64_t fd, uint8_t type, const char *name)
{
	struct sc_fdinfo *fi;
	uint32_t oldflags;

	if (!th->fdt)
		th->fdt = fdt_new();
	fi = fd_put(th, fd, &oldflags);
	fi->type = type;
	fi->name_len = name ? strlen(name) : 0;
	fi->name = xstrndup(name ? name : "", fi->name_len);
	fd_close_cancel(fi, oldflags);
	return fi;
}

struct sc_fdinfo *sc_state_fd_add_copy(struct sc_thread *th, int64_t fd, const struct sc_fdinfo *src)
{
	struct sc_fdinfo tmp = *src, *fi;
	uint32_t oldflags;

	/* src may be the very entry being replaced: copy its name first */
	tmp.name = xstrndup(src->name ? src->name : "", src->name_len);
	if (!th->fdt)
		th->fdt = fdt_new();
	fi = fd_put(th, fd, &oldflags);
	*fi = tmp;
	fi->fd = fd;
	fd_close_cancel(fi, oldflags);
	return fi;
}

void sc_state_fd_remove(struct sc_thread *th, int64_t fd)
{
	if (th && th->fdt)
		fdt_remove(th->fdt, fd);
}

size_t sc_state_fd_count(struct sc_thread *th)
{
	return th && th->fdt ? th->fdt->count : 0;
}

void sc_state_foreach_fd(struct sc_thread *th, bool (*fn)(struct sc_fdinfo *, void *), void *arg)
{
	if (th && th->fdt)
		fdt_foreach(th->fdt, fn, arg);
}

/* ---- threads -------------------------------------------------------------- */

struct sc_state *sc_state_new(void)
{
	struct sc_state *st = xcalloc(1, sizeof(*st));

	st->cap = 1024;
	st->slots = xcalloc(st->cap, sizeof(*st->slots));
	st->hot.pending.tid_to_remove = -1;
	st->hot.pending.fd_tid = -1;
	return st;
}

static void thread_free(struct sc_thread *th)
{
	free(th->exe);
	free(th->exepath);
	free(th->cwd);
	free(th->root);
	free(th->args);
	free(th->env);
	free(th->cgroups);
	free(th->last_enter);
	fdt_unref(th->fdt);
	free(th);
}

void sc_state_free(struct sc_state *st)
{
	uint32_t i;

	if (!st)
		return;
	for (i = 0; i < st->cap; i++)
		if (st->slots[i].th)
			thread_free(st->slots[i].th);
	free(st->slots);
	free(st->hot.pending.fds);
	free(st->if4);
	free(st->if6);
	free(st);
}

/* The table lookup alone, leaving the last-found cache as it is. */
static struct sc_thread *probe(const struct sc_state *st, int64_t tid)
{
	uint32_t mask = st->cap - 1, i;

	for (i = hash64(tid) & mask; st->slots[i].th; i = (i + 1) & mask)
		if (st->slots[i].tid == tid)
			return st->slots[i].th;
	return NULL;
}

struct sc_thread *sc_state_thread_find(struct sc_state *st, int64_t tid)
{
	struct sc_thread *th = probe(st, tid);

	if (th)
		return st->hot.last = th;
	st->hot.last_miss = tid;
	st->hot.has_miss = true;
	return NULL;
}

static void grow_threads(struct sc_state *st)
{
	struct th_slot *old = st->slots;
	uint32_t oldcap = st->cap, j, i, mask;

	st->cap *= 2;
	st->slots = xcalloc(st->cap, sizeof(*st->slots));
	mask = st->cap - 1;
	for (j = 0; j < oldcap; j++) {
		if (!old[j].th)
			continue;
		for (i = hash64(old[j].tid) & mask; st->slots[i].th; i = (i + 1) & mask)
			;
		st->slots[i] = old[j];
	}
	free(old);
}

struct sc_thread *sc_state_thread_add(struct sc_state *st, int64_t tid)
{
	struct sc_thread *th = sc_state_thread(st, tid);
	uint32_t mask, i;

	if (th)
		return th;
	if ((st->count + 1) * 4 > st->cap * 3)
		grow_threads(st);
	th = xcalloc(1, sizeof(*th));
	th->tid = tid;
	th->pid = th->ptid = th->sid = th->vpgid = th->vtid = th->vpid = -1;
	th->exe = xstrdup("");
	th->exepath = xstrdup("");
	th->cwd = xstrdup("");
	th->root = xstrdup("");
	th->uid = th->gid = th->loginuid = UINT32_MAX;
	th->fdlimit = UINT64_MAX;
	th->flags = SC_CL_NAME_CHANGED;
	th->last_enter_type = UINT16_MAX;
	th->lastevent_fd = -1;
	th->fdt = fdt_new();
	mask = st->cap - 1;
	for (i = hash64(tid) & mask; st->slots[i].th; i = (i + 1) & mask)
		;
	st->slots[i].tid = tid;
	st->slots[i].th = th;
	st->count++;
	st->hot.has_miss = false;   /* it may have been tid */
	return th;
}

static struct sc_thread *resolve_thread(struct sc_state *st, int64_t tid);

struct sc_thread *sc_state_thread_get(struct sc_state *st, int64_t tid)
{
	struct sc_thread *th = sc_state_thread(st, tid);

	if (th)
		return th;
	if (st->resolve && (th = resolve_thread(st, tid)))
		return th;
	th = sc_state_thread_add(st, tid);
	th->pid = tid;
	strcpy(th->comm, "<NA>");
	free(th->exe);
	th->exe = xstrdup("<NA>");
	return th;
}

void sc_state_thread_remove(struct sc_state *st, int64_t tid)
{
	uint32_t mask = st->cap - 1, i, j, k;

	for (i = hash64(tid) & mask; st->slots[i].th; i = (i + 1) & mask)
		if (st->slots[i].tid == tid)
			break;
	if (!st->slots[i].th)
		return;
	if (st->hot.last == st->slots[i].th)
		st->hot.last = NULL;
	thread_free(st->slots[i].th);
	st->slots[i].th = NULL;
	st->count--;
	for (j = (i + 1) & mask; st->slots[j].th; j = (j + 1) & mask) {
		k = hash64(st->slots[j].tid) & mask;
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			st->slots[i] = st->slots[j];
			st->slots[j].th = NULL;
			i = j;
		}
	}
}

struct sc_thread *sc_state_main_thread(struct sc_state *st, struct sc_thread *th)
{
	if (!th)
		return NULL;
	if (sc_thread_is_main(th))
		return th;
	/* not through the last-found cache: the next event is most likely th's again */
	return probe(st, th->pid);
}

const char *sc_state_thread_cwd(struct sc_state *st, struct sc_thread *th)
{
	struct sc_thread *mt = sc_state_main_thread(st, th);

	return mt ? mt->cwd : th->cwd;
}

void sc_state_thread_link(struct sc_state *st, struct sc_thread *th)
{
	struct sc_thread *mt;

	if (!(th->flags & SC_CL_CLONE_FILES) || sc_thread_is_main(th))
		return;
	mt = sc_state_thread_get(st, th->pid);
	if (mt == th || mt->fdt == th->fdt)
		return;
	if (!mt->fdt)
		mt->fdt = fdt_new();
	fdt_unref(th->fdt);
	th->fdt = mt->fdt;
	th->fdt->refs++;
}

void sc_state_foreach_thread(struct sc_state *st, bool (*fn)(struct sc_thread *, void *), void *arg)
{
	uint32_t i;

	for (i = 0; i < st->cap; i++)
		if (st->slots[i].th && !fn(st->slots[i].th, arg))
			return;
}

size_t sc_state_nthreads(const struct sc_state *st)
{
	return st->count;
}

/* ---- interfaces ------------------------------------------------------------ */

uint32_t sc_state_infer_ipv4(const struct sc_state *st, uint32_t dst)
{
	static const uint8_t lo[4] = { 127, 0, 0, 1 };
	uint32_t loaddr;
	size_t i;

	memcpy(&loaddr, lo, 4);
	for (i = 0; i < st->nif4; i++)
		if (st->if4[i].addr == dst)
			return dst;
	for (i = 0; i < st->nif4; i++)
		if ((st->if4[i].addr & st->if4[i].netmask) == (dst & st->if4[i].netmask))
			return st->if4[i].addr;
	for (i = 0; i < st->nif4; i++)
		if (st->if4[i].addr != loaddr)
			return st->if4[i].addr;
	return 0;
}

void sc_state_infer_ipv6(const struct sc_state *st, const uint8_t dst[16], uint8_t out[16])
{
	static const uint8_t lo[16] = { [15] = 1 };
	size_t i;

	for (i = 0; i < st->nif6; i++)
		if (!memcmp(st->if6[i], dst, 16))
			goto found;
	for (i = 0; i < st->nif6; i++)
		if (!memcmp(st->if6[i], dst, 8))
			goto found;
	for (i = 0; i < st->nif6; i++)
		if (memcmp(st->if6[i], lo, 16))
			goto found;
	memset(out, 0, 16);
	return;
found:
	memcpy(out, st->if6[i], 16);
}

static void seed_ifaces(struct sc_state *st, const struct sc_snapshot *snap)
{
	size_t i;

	for (i = 0; i < snap->nifaces; i++) {
		const struct sc_snap_iface *f = &snap->ifaces[i];

		if (f->v6) {
			st->if6 = xrealloc(st->if6, (st->nif6 + 1) * sizeof(*st->if6));
			memcpy(st->if6[st->nif6++], f->addr6, 16);
		} else {
			st->if4 = xrealloc(st->if4, (st->nif4 + 1) * sizeof(*st->if4));
			st->if4[st->nif4].addr = f->addr;
			st->if4[st->nif4++].netmask = f->netmask;
		}
	}
}

/* ---- seeding -------------------------------------------------------------- */

static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src ? src : "");
}

static void set_blob(char **dst, uint32_t *dlen, const char *src, uint32_t len)
{
	free(*dst);
	*dst = len ? xmemdup(src, len) : NULL;
	*dlen = src ? len : 0;
}

/* A cwd from the snapshot, folded like any path and ending with '/', as sysdig keeps it. */
static void seed_cwd(struct sc_thread *th, const char *cwd)
{
	struct sc_strbuf b = { 0 };

	cwd = cwd ? cwd : "";
	sc_state_path_concat("", 0, cwd, strlen(cwd) + 1, &b);
	if (!b.len || b.s[b.len - 1] != '/')
		sc_strbuf_putc(&b, '/');
	free(th->cwd);
	th->cwd = xstrndup(b.s, b.len);
	sc_strbuf_free(&b);
}

/* The name sysdig gives a socket read from a capture's fd list. */
static void seed_socket_name(struct sc_fdinfo *fi, struct sc_strbuf *b)
{
	sc_strbuf_reset(b);
	switch (fi->type) {
	case SC_FD_IPV4_SOCK:
		put_ipv4(b, fi->sip, fi->sport);
		sc_strbuf_add(b, "->", 2);
		put_ipv4(b, fi->dip, fi->dport);
		break;
	case SC_FD_IPV6_SOCK:
		put_ipv6(b, fi->sip, fi->sport);
		sc_strbuf_add(b, "->", 2);
		put_ipv6(b, fi->dip, fi->dport);
		break;
	case SC_FD_IPV4_SERVSOCK:
		put_ipv4(b, fi->sip, fi->sport);
		break;
	case SC_FD_IPV6_SERVSOCK:
		put_ipv6(b, fi->sip, fi->sport);
		break;
	default:
		return;
	}
	sc_state_fd_set_name(fi, b->s, b->len);
}

static void seed_fd(struct sc_thread *th, const struct sc_snap_fd *sf, struct sc_strbuf *b)
{
	struct sc_fdinfo *fi = sc_state_fd_add(th, sf->fd, sf->type, NULL);

	/* names read from /proc can carry a newline (unix sockets): sysdig shows them without */
	sc_strbuf_reset(b);
	if (sf->name)
		put_stripped(b, sf->name, strlen(sf->name));
	sc_state_fd_set_name(fi, b->s ? b->s : "", b->len);

	fi->openflags = sf->openflags;
	fi->ino = sf->ino;
	fi->dev = sf->dev;
	fi->flags = SC_FDF_FROM_PROC;
	fi->l4proto = sc_l4proto_from_scap(sf->l4proto);
	switch (sf->type) {
	case SC_FD_IPV4_SOCK:
		memcpy(fi->sip, &sf->sip, 4);
		memcpy(fi->dip, &sf->dip, 4);
		fi->sport = sf->sport;
		fi->dport = sf->dport;
		seed_socket_name(fi, b);
		break;
	case SC_FD_IPV4_SERVSOCK:
		memcpy(fi->sip, &sf->sip, 4);
		fi->sport = sf->sport;
		seed_socket_name(fi, b);
		break;
	case SC_FD_IPV6_SOCK:
		memcpy(fi->sip, sf->sip6, 16);
		memcpy(fi->dip, sf->dip6, 16);
		fi->sport = sf->sport;
		fi->dport = sf->dport;
		seed_socket_name(fi, b);
		break;
	case SC_FD_IPV6_SERVSOCK:
		memcpy(fi->sip, sf->sip6, 16);
		fi->sport = sf->sport;
		seed_socket_name(fi, b);
		break;
	case SC_FD_UNIX_SOCK:
		fi->unix_src = sf->unix_src;
		fi->unix_dst = sf->unix_dst;
		/* as sysdig: a named unix socket from the list is a server end, an unnamed one a client */
		fi->flags |= fi->name_len ? SC_FDF_ROLE_SERVER : SC_FDF_ROLE_CLIENT;
		break;
	default:
		break;
	}
}

struct port_set {
	uint16_t *v;
	size_t n, cap;
};

static bool collect_server_ports(struct sc_fdinfo *fi, void *arg)
{
	struct port_set *ps = arg;

	if (fi->type == SC_FD_IPV4_SERVSOCK) {
		if (ps->n == ps->cap) {
			ps->cap = ps->cap ? ps->cap * 2 : 64;
			ps->v = xrealloc(ps->v, ps->cap * sizeof(*ps->v));
		}
		ps->v[ps->n++] = fi->sport;
	}
	return true;
}

struct fix_ctx {
	struct port_set *ps;
	struct sc_strbuf *b;
};

/*
 * IPv4 sockets read from a capture are oriented by the listening ports of
 * the whole machine: one whose local port some process listens on is the
 * server side (its tuple turned around), any other a client.
 */
static bool fix_socket(struct sc_fdinfo *fi, void *arg)
{
	struct fix_ctx *fx = arg;
	size_t i;
	bool server = false;

	if (fi->type != SC_FD_IPV4_SOCK || !(fi->flags & SC_FDF_FROM_PROC) ||
	    (fi->flags & (SC_FDF_ROLE_CLIENT | SC_FDF_ROLE_SERVER)))
		return true;
	for (i = 0; i < fx->ps->n && !server; i++)
		server = fx->ps->v[i] == fi->sport;
	if (server) {
		uint8_t ip[4];
		uint16_t p = fi->sport;

		memcpy(ip, fi->sip, 4);
		memcpy(fi->sip, fi->dip, 4);
		memcpy(fi->dip, ip, 4);
		fi->sport = fi->dport;
		fi->dport = p;
		seed_socket_name(fi, fx->b);
		fi->flags |= SC_FDF_ROLE_SERVER;
	} else {
		fi->flags |= SC_FDF_ROLE_CLIENT;
	}
	return true;
}

static bool seed_collect(struct sc_thread *th, void *arg)
{
	if (sc_thread_is_main(th) || !(th->flags & SC_CL_CLONE_FILES))
		sc_state_foreach_fd(th, collect_server_ports, arg);
	return true;
}

static bool seed_fix(struct sc_thread *th, void *arg)
{
	if (sc_thread_is_main(th) || !(th->flags & SC_CL_CLONE_FILES))
		sc_state_foreach_fd(th, fix_socket, arg);
	return true;
}

static bool seed_link(struct sc_thread *th, void *arg)
{
	struct sc_state *st = arg;
	struct sc_thread *mt;

	if (!(th->flags & SC_CL_CLONE_FILES) || sc_thread_is_main(th))
		return true;
	/* a thread's own fds (if the capture lists any) stay with it */
	if (th->fdt && th->fdt->count)
		return true;
	sc_state_thread_link(st, th);
	if (th->flags & SC_CL_CLONE_THREAD) {
		mt = sc_state_thread(st, th->pid);
		if (mt && mt != th)
			mt->nchilds++;
	}
	return true;
}

/* One process entry of a snapshot into thread tid's fields and fds. */
static struct sc_thread *seed_proc(struct sc_state *st, const struct sc_snap_proc *p, struct sc_strbuf *b)
{
	struct sc_thread *th = sc_state_thread_add(st, p->tid);
	size_t j;

	th->pid = p->pid;
	th->ptid = p->ptid;
	th->sid = p->sid;
	th->vpgid = p->vpgid;
	snprintf(th->comm, sizeof(th->comm), "%s", p->comm ? p->comm : "");
	set_str(&th->exe, p->exe);
	set_str(&th->exepath, p->exepath);
	seed_cwd(th, p->cwd);
	set_str(&th->root, p->root);
	set_blob(&th->args, &th->args_len, p->args, p->args_len);
	set_blob(&th->env, &th->env_len, p->env, p->env_len);
	set_blob(&th->cgroups, &th->cgroups_len, p->cgroups, p->cgroups_len);
	th->fdlimit = p->fdlimit;
	th->flags = p->flags;
	th->uid = p->uid;
	th->gid = p->gid;
	th->loginuid = p->loginuid;
	th->vmsize_kb = p->vmsize_kb;
	th->vmrss_kb = p->vmrss_kb;
	th->vmswap_kb = p->vmswap_kb;
	th->pfmajor = p->pfmajor;
	th->pfminor = p->pfminor;
	th->vtid = p->vtid;
	th->vpid = p->vpid;
	th->clone_ts = p->clone_ts;
	th->tty = p->tty;
	th->exe_writable = p->exe_writable;
	for (j = 0; j < p->nfds; j++)
		seed_fd(th, &p->fds[j], b);
	return th;
}

void sc_state_seed(struct sc_state *st, const struct sc_snapshot *snap)
{
	struct sc_strbuf b = { 0 };
	struct port_set ps = { 0 };
	struct fix_ctx fx = { &ps, &b };
	size_t i;

	if (!snap)
		return;
	seed_ifaces(st, snap);
	for (i = 0; i < snap->nprocs; i++)
		seed_proc(st, &snap->procs[i], &b);
	sc_state_foreach_thread(st, seed_link, st);
	sc_state_foreach_thread(st, seed_collect, &ps);
	sc_state_foreach_thread(st, seed_fix, &fx);
	free(ps.v);
	sc_strbuf_free(&b);
}

void sc_state_set_resolver(struct sc_state *st, sc_state_resolve_fn fn, void *arg)
{
	st->resolve = fn;
	st->resolve_arg = arg;
}

/* A live source's description of a thread the state has never seen, or NULL. */
static struct sc_thread *resolve_thread(struct sc_state *st, int64_t tid)
{
	struct sc_snapshot tmp = { 0 };
	struct sc_snap_proc *p;
	struct sc_thread *th = NULL;
	struct sc_strbuf b = { 0 };

	p = sc_snapshot_add_proc(&tmp);
	p->tid = tid;
	if (st->resolve(st->resolve_arg, tid, p) && p->tid == tid) {
		th = seed_proc(st, p, &b);
		seed_link(th, st);
	}
	sc_snapshot_free(&tmp);
	sc_strbuf_free(&b);
	return th;
}

void sc_state_fd_seed(struct sc_state *st, int64_t tid, const struct sc_snap_fd *sf)
{
	struct sc_strbuf b = { 0 };

	seed_fd(sc_state_thread_get(st, tid), sf, &b);
	sc_strbuf_free(&b);
}

/* ---- back to a snapshot ---------------------------------------------------- */

struct snap_ctx {
	struct sc_snapshot *out;
	struct sc_snap_proc *p;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static bool snap_fd(struct sc_fdinfo *fi, void *arg)
{
	struct snap_ctx *c = arg;
	struct sc_snap_fd *f = sc_snapshot_add_fd(c->p);

	f->fd = fi->fd;
	f->type = fi->type;
	f->openflags = fi->openflags;
	f->ino = fi->ino;
	f->dev = fi->dev;
	f->l4proto = sc_l4proto_to_scap(fi->l4proto);
	switch (fi->type) {
	case SC_FD_IPV4_SOCK:
	case SC_FD_IPV4_SERVSOCK:
		memcpy(&f->sip, fi->sip, 4);
		memcpy(&f->dip, fi->dip, 4);
		break;
	case SC_FD_IPV6_SOCK:
	case SC_FD_IPV6_SERVSOCK:
		memcpy(f->sip6, fi->sip, 16);
		memcpy(f->dip6, fi->dip, 16);
		break;
	default:
		break;
	}
	f->sport = fi->sport;
	f->dport = fi->dport;
	f->unix_src = fi->unix_src;
	f->unix_dst = fi->unix_dst;
	f->name = xstrdup(fi->name ? fi->name : "");
	return true;
}

static bool snap_thread(struct sc_thread *th, void *arg)
{
	struct snap_ctx *c = arg;
	struct sc_snap_proc *p = sc_snapshot_add_proc(c->out);

	p->tid = th->tid;
	p->pid = th->pid;
	p->ptid = th->ptid;
	p->sid = th->sid;
	p->vpgid = th->vpgid;
	p->comm = xstrdup(th->comm);
	p->exe = dup_or_null(th->exe);
	p->exepath = dup_or_null(th->exepath);
	p->cwd = dup_or_null(th->cwd);
	p->root = dup_or_null(th->root);
	if (th->args_len) {
		p->args = xmemdup(th->args, th->args_len);
		p->args_len = th->args_len;
	}
	if (th->env_len) {
		p->env = xmemdup(th->env, th->env_len);
		p->env_len = th->env_len;
	}
	if (th->cgroups_len) {
		p->cgroups = xmemdup(th->cgroups, th->cgroups_len);
		p->cgroups_len = th->cgroups_len;
	}
	p->fdlimit = th->fdlimit;
	p->flags = th->flags;
	p->uid = th->uid;
	p->gid = th->gid;
	p->loginuid = th->loginuid;
	p->exe_writable = th->exe_writable;
	p->vmsize_kb = th->vmsize_kb;
	p->vmrss_kb = th->vmrss_kb;
	p->vmswap_kb = th->vmswap_kb;
	p->pfmajor = th->pfmajor;
	p->pfminor = th->pfminor;
	p->vtid = th->vtid;
	p->vpid = th->vpid;
	p->clone_ts = th->clone_ts;
	p->tty = th->tty;
	/* a shared table is written once, under the thread that owns it */
	if (th->fdt && (th->fdt->refs == 1 || sc_thread_is_main(th))) {
		c->p = p;
		fdt_foreach(th->fdt, snap_fd, c);
	}
	return true;
}

void sc_state_to_snapshot(struct sc_state *st, struct sc_snapshot *out)
{
	struct snap_ctx c = { out, NULL };

	sc_state_foreach_thread(st, snap_thread, &c);
}
