/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace_fill.c - the ptrace driver's interpreter of the filling table
 * (driver/abi/fill.tbl): builds each syscall event's parameters from the
 * call's arguments and result, reading the tracee's memory with
 * process_vm_readv, plus the hand-written fillers the table names
 * (process image on execve/clone, socket tuples, iovecs, msghdr, rlimits).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <linux/inet_diag.h>
#include <time.h>
#include <unistd.h>

#include "ptrace_int.h"
#include "../../driver/abi/flag_xlat.h"
#include "../../driver/abi/fill_shapes.h"
#include "../util.h"

#define PT_STR_MAX 4096

/* .scap socket family numbers (the same as Linux's for these three) */
#define SC_AF_UNIX_SCAP 1
#define SC_AF_INET_SCAP 2
#define SC_AF_INET6_SCAP 10

/* Record building */

void pt_rec_begin(struct pt_rec *r, uint16_t type)
{
	r->type = type;
	r->nparams = 0;
	r->vlen = 0;
}

static void rec_reserve(struct pt_rec *r, size_t n)
{
	if (r->vlen + n > r->vcap) {
		r->vcap = SC_MAX(r->vcap * 2, r->vlen + n + 256);
		r->val = xrealloc(r->val, r->vcap);
	}
}

void pt_rec_add(struct pt_rec *r, const void *p, size_t n)
{
	if (r->nparams >= SC_MAX_EVENT_PARAMS)
		return;
	if (n > 65535)
		n = 65535;
	rec_reserve(r, n);
	if (n)
		memcpy(r->val + r->vlen, p, n);
	r->vlen += n;
	r->lens[r->nparams++] = (uint16_t)n;
}

void pt_rec_u8(struct pt_rec *r, uint8_t v) { pt_rec_add(r, &v, 1); }
void pt_rec_u16(struct pt_rec *r, uint16_t v) { pt_rec_add(r, &v, 2); }
void pt_rec_u32(struct pt_rec *r, uint32_t v) { pt_rec_add(r, &v, 4); }
void pt_rec_u64(struct pt_rec *r, uint64_t v) { pt_rec_add(r, &v, 8); }
void pt_rec_str(struct pt_rec *r, const char *s) { pt_rec_add(r, s, strlen(s) + 1); }

void pt_rec_commit(struct pt_rec *r, struct pt_queue *q, uint64_t ts, uint64_t tid)
{
	struct sc_evt_hdr h;
	size_t need = SC_EVT_HDR_LEN + 2 * (size_t)r->nparams + r->vlen;

	if (q->len + need > q->cap) {
		q->cap = SC_MAX(q->cap * 2, q->len + need + 4096);
		q->buf = xrealloc(q->buf, q->cap);
	}
	h.ts = ts;
	h.tid = tid;
	h.len = (uint32_t)need;
	h.type = r->type;
	h.nparams = r->nparams;
	memcpy(q->buf + q->len, &h, SC_EVT_HDR_LEN);
	memcpy(q->buf + q->len + SC_EVT_HDR_LEN, r->lens, 2 * (size_t)r->nparams);
	if (r->vlen)
		memcpy(q->buf + q->len + SC_EVT_HDR_LEN + 2 * r->nparams, r->val, r->vlen);
	q->len += need;
}

void pt_rec_free(struct pt_rec *r)
{
	free(r->val);
	r->val = NULL;
	r->vcap = r->vlen = 0;
}

/* Tracee memory */

ssize_t pt_read_mem(pid_t tid, uint64_t addr, void *dst, size_t n)
{
	struct iovec l = { dst, n }, rm = { (void *)(uintptr_t)addr, n };

	if (!addr)
		return -1;
	if (!n)
		return 0;
	return process_vm_readv(tid, &l, 1, &rm, 1, 0);
}

ssize_t pt_read_str(pid_t tid, uint64_t addr, char *dst, size_t max)
{
	size_t got = 0;

	if (!addr || max == 0)
		return -1;
	while (got < max - 1) {
		/* read up to the end of the page, so a string near unmapped memory still reads */
		size_t chunk = 4096 - ((addr + got) & 4095);
		ssize_t n;
		char *nul;

		if (chunk > max - 1 - got)
			chunk = max - 1 - got;
		n = pt_read_mem(tid, addr + got, dst + got, chunk);
		if (n <= 0)
			break;
		nul = memchr(dst + got, 0, (size_t)n);
		if (nul)
			return nul - dst;
		got += (size_t)n;
	}
	if (got == 0)
		return -1;
	dst[got] = 0;
	return (ssize_t)got;
}

ssize_t pt_read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	/*
	 * A /proc file fills a read as far as it can: a short read is its end
	 * (no second read() to learn so).
	 */
	while (len < cap - 1) {
		size_t want = cap - 1 - len;

		n = read(fd, buf + len, want);
		if (n <= 0)
			break;
		len += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	close(fd);
	buf[len] = 0;
	return (ssize_t)len;
}

/* Value helpers */

static bool ptype_signed(uint8_t t)
{
	switch (t) {
	case SC_PT_INT8: case SC_PT_INT16: case SC_PT_INT32: case SC_PT_INT64:
	case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		return true;
	default:
		return false;
	}
}

static size_t ptype_width(uint8_t t)
{
	switch (t) {
	case SC_PT_INT8: case SC_PT_UINT8: case SC_PT_FLAGS8: case SC_PT_SIGTYPE:
	case SC_PT_L4PROTO: case SC_PT_SOCKFAMILY:
		return 1;
	case SC_PT_INT16: case SC_PT_UINT16: case SC_PT_FLAGS16: case SC_PT_PORT:
	case SC_PT_SYSCALLID:
		return 2;
	case SC_PT_INT32: case SC_PT_UINT32: case SC_PT_FLAGS32: case SC_PT_UID:
	case SC_PT_GID: case SC_PT_BOOL: case SC_PT_SIGSET: case SC_PT_MODE:
	case SC_PT_IPV4ADDR:
		return 4;
	case SC_PT_INT64: case SC_PT_UINT64: case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
	case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_DOUBLE:
		return 8;
	default:
		return 0;   /* variable length */
	}
}

/* Appends an integer of the parameter's width (little-endian). */
static void put_int(struct pt_rec *r, uint8_t type, uint64_t v)
{
	size_t w = ptype_width(type);

	if (!w) {
		pt_rec_add(r, NULL, 0);
		return;
	}
	pt_rec_add(r, &v, w);
}

/* The zero value of a parameter: what a filler we lack writes. */
static void put_zero(struct pt_rec *r, uint8_t type)
{
	if (type == SC_PT_CHARBUF || type == SC_PT_FSPATH || type == SC_PT_FSRELPATH)
		pt_rec_str(r, "");   /* a string is at least its NUL */
	else
		put_int(r, type, 0);
}

/* An argument as the parameter takes it: signed types as a C int. */
static uint64_t arg_as(uint8_t type, uint64_t a)
{
	if (ptype_signed(type))
		return (uint64_t)(int64_t)(int32_t)a;
	return a;
}

static void put_str_at(struct pt_fill_ctx *fx, struct pt_rec *r, pid_t tid, uint64_t addr)
{
	char buf[PT_STR_MAX];
	ssize_t n;

	/* the exit event of the call whose entry just read it: the same string */
	if (fx->str_tid == tid && fx->str_addr == addr && addr && (r->type & 1)) {
		fx->str_tid = 0;
		pt_rec_add(r, fx->str, fx->str_len + 1);
		return;
	}
	n = pt_read_str(tid, addr, buf, sizeof(buf));
	if (n >= 0 && !(r->type & 1) && (size_t)n < sizeof(fx->str)) {
		memcpy(fx->str, buf, (size_t)n + 1);
		fx->str_len = (size_t)n;
		fx->str_tid = tid;
		fx->str_addr = addr;
	}

	if (n < 0) {
		if (addr)
			fx->unfillable++;
		pt_rec_str(r, addr ? "<NA>" : "(NULL)");
		return;
	}
	pt_rec_add(r, buf, (size_t)n + 1);
}

static void put_buf_at(struct pt_fill_ctx *fx, struct pt_rec *r, pid_t tid, uint64_t addr, uint64_t len)
{
	uint8_t stack[256];
	uint8_t *p = stack;
	ssize_t n;

	if (len > fx->snaplen)
		len = fx->snaplen;
	if (!addr || !len) {
		pt_rec_add(r, NULL, 0);
		return;
	}
	if (len > sizeof(stack))
		p = xmalloc(len);
	n = pt_read_mem(tid, addr, p, len);
	if (n < 0) {
		fx->unfillable++;
		n = 0;
	}
	pt_rec_add(r, p, (size_t)n);
	if (p != stack)
		free(p);
}

/* Socket addresses in the .scap encodings */

/* sockaddr -> SOCKADDR parameter bytes; returns the length (0 for unknown families). */
static size_t pack_sockaddr(const struct sockaddr_storage *ss, size_t slen, uint8_t *out)
{
	if (slen < sizeof(sa_family_t))
		return 0;
	switch (ss->ss_family) {
	case AF_INET: {
		const struct sockaddr_in *in = (const void *)ss;
		uint16_t port = ntohs(in->sin_port);

		out[0] = SC_AF_INET_SCAP;
		memcpy(out + 1, &in->sin_addr.s_addr, 4);
		memcpy(out + 5, &port, 2);
		return 7;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *in6 = (const void *)ss;
		uint16_t port = ntohs(in6->sin6_port);

		out[0] = SC_AF_INET6_SCAP;
		memcpy(out + 1, in6->sin6_addr.s6_addr, 16);
		memcpy(out + 17, &port, 2);
		return 19;
	}
	case AF_UNIX: {
		const struct sockaddr_un *un = (const void *)ss;
		size_t pl = slen > offsetof(struct sockaddr_un, sun_path) ?
			    slen - offsetof(struct sockaddr_un, sun_path) : 0;
		size_t i = 0;

		out[0] = SC_AF_UNIX_SCAP;
		if (pl > sizeof(un->sun_path))
			pl = sizeof(un->sun_path);
		/* an abstract name starts with NUL: shown with '@' as sysdig does */
		if (pl && un->sun_path[0] == 0) {
			out[1] = '@';
			for (i = 1; i < pl && un->sun_path[i]; i++)
				out[1 + i] = (uint8_t)un->sun_path[i];
		} else {
			for (i = 0; i < pl && un->sun_path[i]; i++)
				out[1 + i] = (uint8_t)un->sun_path[i];
		}
		out[1 + i] = 0;
		return 2 + i;
	}
	default:
		return 0;
	}
}

/* A tuple from a local and a remote address (both of one family); returns the length. */
static size_t pack_tuple(const struct sockaddr_storage *loc, const struct sockaddr_storage *rem,
			 size_t remlen, const uint64_t unix_ids[2], uint8_t *out)
{
	int fam = rem->ss_family ? rem->ss_family : loc->ss_family;

	if (fam == AF_INET) {
		const struct sockaddr_in *l = (const void *)loc, *r = (const void *)rem;
		uint16_t sp = loc->ss_family == AF_INET ? ntohs(l->sin_port) : 0, dp = ntohs(r->sin_port);
		uint32_t si = loc->ss_family == AF_INET ? l->sin_addr.s_addr : 0;

		out[0] = SC_AF_INET_SCAP;
		memcpy(out + 1, &si, 4);
		memcpy(out + 5, &sp, 2);
		memcpy(out + 7, &r->sin_addr.s_addr, 4);
		memcpy(out + 11, &dp, 2);
		return 13;
	}
	if (fam == AF_INET6) {
		const struct sockaddr_in6 *l = (const void *)loc, *r = (const void *)rem;
		uint16_t sp = loc->ss_family == AF_INET6 ? ntohs(l->sin6_port) : 0, dp = ntohs(r->sin6_port);
		static const uint8_t zero[16];

		out[0] = SC_AF_INET6_SCAP;
		memcpy(out + 1, loc->ss_family == AF_INET6 ? l->sin6_addr.s6_addr : zero, 16);
		memcpy(out + 17, &sp, 2);
		memcpy(out + 19, r->sin6_addr.s6_addr, 16);
		memcpy(out + 35, &dp, 2);
		return 37;
	}
	if (fam == AF_UNIX) {
		uint8_t tmp[sizeof(struct sockaddr_un) + 2];
		/* the path shown is the peer's, or ours when the peer has none (an accepted socket) */
		size_t n = pack_sockaddr(rem, remlen, tmp);

		if (n <= 2)
			n = pack_sockaddr(loc, sizeof(*loc), tmp);

		out[0] = SC_AF_UNIX_SCAP;
		memcpy(out + 1, unix_ids, 16);
		if (n >= 2) {
			memcpy(out + 17, tmp + 1, n - 1);
			return 16 + n;
		}
		out[17] = 0;
		return 18;
	}
	return 0;
}

/* A duplicate of the tracee's fd in our process (pidfd_getfd), or -1. */
static int grab_fd(pid_t pid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int dup;

	if (pidfd < 0)
		return -1;
	dup = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	return dup;
}

/*
 * stat of the tracee's fd: through a duplicate taken with the process's
 * pidfd (kept in *c->pidfd, -2 once pidfd_open failed), which costs about
 * half the walk through /proc/PID/fd/FD and its magic link; that walk when
 * the pidfd cannot be had. 0 or -1.
 */
static int fd_stat(const struct pt_call *c, int fd, struct stat *st)
{
	char path[64];
	int *keep = c->pidfd, mine, rc;

	if (keep && *keep == -1) {
		*keep = (int)syscall(SYS_pidfd_open, c->pid, 0);
		if (*keep < 0)
			*keep = -2;
	}
	if (keep && *keep >= 0) {
		mine = (int)syscall(SYS_pidfd_getfd, *keep, fd, 0);
		if (mine >= 0) {
			rc = fstat(mine, st);
			close(mine);
			return rc;
		}
		if (errno == EPERM) {
			/* not allowed (Yama, an LSM): not asked again, each refusal may be logged */
			close(*keep);
			*keep = -2;
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", c->pid, fd);
	return stat(path, st);
}

/*
 * Asks sock_diag about the unix socket with inode ino, for the attribute
 * type want (UNIX_DIAG_PEER or UNIX_DIAG_RQLEN, asked for with show), and
 * copies at most n bytes of its payload to out. True when it was found.
 */
static bool unix_diag_attr(uint64_t ino, uint32_t show, unsigned short want, void *out, size_t n)
{
	struct {
		struct nlmsghdr nh;
		struct unix_diag_req r;
	} req = { 0 };
	uint8_t rb[4096];
	bool found = false;
	ssize_t got;
	int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (s < 0)
		return false;
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.r.sdiag_family = AF_UNIX;
	req.r.udiag_states = ~0u;
	req.r.udiag_ino = (uint32_t)ino;
	req.r.udiag_show = show;
	req.r.udiag_cookie[0] = req.r.udiag_cookie[1] = ~0u;
	if (send(s, &req, sizeof(req), 0) == (ssize_t)sizeof(req) && (got = recv(s, rb, sizeof(rb), 0)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)rb;

		if (NLMSG_OK(h, (size_t)got) && h->nlmsg_type == SOCK_DIAG_BY_FAMILY) {
			struct unix_diag_msg *m = NLMSG_DATA(h);
			struct rtattr *a = (struct rtattr *)(m + 1);
			int alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));

			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == want && RTA_PAYLOAD(a) >= n) {
					memcpy(out, RTA_DATA(a), n);
					found = true;
				}
		}
	}
	close(s);
	return found;
}

/*
 * The inode of the unix socket peer of the socket with inode ino (sock_diag),
 * or 0 (no peer, not a unix socket, or no answer).
 */
static uint64_t unix_peer_ino(uint64_t ino)
{
	uint32_t peer = 0;

	return unix_diag_attr(ino, UDIAG_SHOW_PEER, UNIX_DIAG_PEER, &peer, sizeof(peer)) ? peer : 0;
}

/*
 * Stand-ins for the kernel addresses sysdig's driver puts in unix socket
 * tuples and socketpair events (struct sock pointers, which user space
 * cannot see): the socket's inode number and its peer's. They identify the
 * same sockets the same way: each end's id is the other's peer id.
 * ids[0] = the socket (fd, already duplicated into our process), ids[1] = its peer.
 */
static void unix_ids(int mine, uint64_t ids[2])
{
	struct stat st;

	ids[0] = ids[1] = 0;
	if (mine < 0 || fstat(mine, &st) < 0 || !S_ISSOCK(st.st_mode))
		return;
	ids[0] = st.st_ino;
	ids[1] = unix_peer_ino(st.st_ino);
}

/* The tuple of the tracee's socket fd; rem (when given) overrides its peer. */
static void put_fd_tuple(struct pt_rec *r, const struct pt_call *c, int fd,
			 const struct sockaddr_storage *rem, size_t remlen, bool inbound)
{
	struct sockaddr_storage loc = { 0 }, peer = { 0 };
	socklen_t ll = sizeof(loc), pl = sizeof(peer);
	uint8_t out[sizeof(struct sockaddr_un) + 32];
	int mine = grab_fd(c->pid, fd);
	uint64_t ids[2] = { 0, 0 };
	size_t n;

	if (mine >= 0) {
		if (getsockname(mine, (struct sockaddr *)&loc, &ll) < 0)
			memset(&loc, 0, sizeof(loc));
		if (loc.ss_family == AF_UNIX || (rem && rem->ss_family == AF_UNIX)) {
			uint64_t us[2];

			/* inbound: us then the peer; outbound: the peer then us (sysdig's order) */
			unix_ids(mine, us);
			ids[0] = inbound ? us[0] : us[1];
			ids[1] = inbound ? us[1] : us[0];
		}
		if (!rem && getpeername(mine, (struct sockaddr *)&peer, &pl) == 0) {
			rem = &peer;
			remlen = pl;
		}
		close(mine);
	}
	if (!rem) {
		memset(&peer, 0, sizeof(peer));
		rem = &peer;
		remlen = 0;
	}
	if (inbound && rem->ss_family != AF_UNIX)
		n = pack_tuple(rem, &loc, sizeof(loc), ids, out);   /* source is the peer */
	else
		n = pack_tuple(&loc, rem, remlen, ids, out);
	pt_rec_add(r, out, n);
}

static bool read_sockaddr(pid_t tid, uint64_t addr, uint64_t len, struct sockaddr_storage *ss, size_t *slen)
{
	memset(ss, 0, sizeof(*ss));
	if (!addr || !len)
		return false;
	if (len > sizeof(*ss))
		len = sizeof(*ss);
	if (pt_read_mem(tid, addr, ss, len) <= 0)
		return false;
	*slen = len;
	return true;
}

/* The accept queue of a listening socket: length and maximum (its backlog). */
static void sock_queue(pid_t pid, int fd, uint32_t *len, uint32_t *max)
{
	static const int fams[] = { AF_INET, AF_INET6 };
	char path[64];
	struct stat st;
	size_t i;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	if (stat(path, &st) < 0 || !S_ISSOCK(st.st_mode))
		return;
	/* a TCP listener: inet_diag says its backlog (wqueue) and waiting connections (rqueue) */
	for (i = 0; i < SC_ARRAY_SIZE(fams); i++) {
		struct {
			struct nlmsghdr nh;
			struct inet_diag_req_v2 r;
		} req = { 0 };
		int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
		bool done = false, found = false;

		if (s < 0)
			return;
		req.nh.nlmsg_len = sizeof(req);
		req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
		req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		req.r.sdiag_family = (uint8_t)fams[i];
		req.r.sdiag_protocol = IPPROTO_TCP;
		req.r.idiag_states = 1u << 10;   /* TCP_LISTEN */
		if (send(s, &req, sizeof(req), 0) != (ssize_t)sizeof(req)) {
			close(s);
			continue;
		}
		while (!done) {
			uint8_t rb[16384];
			ssize_t n = recv(s, rb, sizeof(rb), 0);
			struct nlmsghdr *h;

			if (n <= 0)
				break;
			for (h = (struct nlmsghdr *)rb; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
				struct inet_diag_msg *m;

				if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
					done = true;
					break;
				}
				m = NLMSG_DATA(h);
				if (m->idiag_inode == st.st_ino) {
					*len = m->idiag_rqueue;
					*max = m->idiag_wqueue;
					found = true;
				}
			}
		}
		close(s);
		if (found)
			return;
	}
	/* a unix socket: ask sock_diag */
	{
		struct unix_diag_rqlen q;

		if (unix_diag_attr(st.st_ino, UDIAG_SHOW_RQLEN, UNIX_DIAG_RQLEN, &q, sizeof(q))) {
			*len = q.udiag_rqueue;
			*max = q.udiag_wqueue;
		}
	}
}

/* iovec walks */

static uint64_t iov_total(pid_t tid, uint64_t addr, uint64_t cnt)
{
	struct iovec v[64];
	uint64_t t = 0, i;

	if (cnt > 64)
		cnt = 64;
	if (pt_read_mem(tid, addr, v, cnt * sizeof(v[0])) < (ssize_t)(cnt * sizeof(v[0])))
		return 0;
	for (i = 0; i < cnt; i++)
		t += v[i].iov_len;
	return t;
}

static void put_iov_data(struct pt_fill_ctx *fx, struct pt_rec *r, pid_t tid, uint64_t addr, uint64_t cnt,
			 uint64_t limit)
{
	struct iovec v[64], l[64];
	uint8_t *p;
	uint64_t want = limit < fx->snaplen ? limit : fx->snaplen, got = 0, i;
	size_t n = 0;
	ssize_t rd;

	if (cnt > 64)
		cnt = 64;
	if (!want || !cnt || pt_read_mem(tid, addr, v, cnt * sizeof(v[0])) < (ssize_t)(cnt * sizeof(v[0]))) {
		pt_rec_add(r, NULL, 0);
		return;
	}
	p = xmalloc(want);
	for (i = 0; i < cnt && got < want; i++) {
		uint64_t take = v[i].iov_len < want - got ? v[i].iov_len : want - got;

		if (!take)
			continue;
		l[n].iov_base = p + got;
		l[n].iov_len = take;
		v[n].iov_base = v[i].iov_base;
		v[n].iov_len = take;
		n++;
		got += take;
	}
	rd = n ? process_vm_readv(tid, l, n, v, n, 0) : 0;
	if (rd < 0) {
		fx->unfillable++;
		rd = 0;
	}
	pt_rec_add(r, p, (size_t)rd);
	free(p);
}

/* /proc readers for the process-image filler */

/* The number after "\nKEY" in a /proc status text (its first one), or 0. */
static uint64_t status_num(const char *buf, const char *key)
{
	const char *s = strstr(buf, key);

	return s ? strtoull(s + strlen(key), NULL, 10) : 0;
}

/*
 * Whether any process can have swapped pages: not while the machine has no
 * swap (swapoff brings every page back first). Asked again after a second
 * (one sysinfo call), so that a swapon during the capture counts.
 */
static bool swap_in_use(struct pt_fill_ctx *fx)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	if (!fx->swap_checked || now.tv_sec != fx->swap_checked) {
		struct sysinfo si;

		fx->swap = sysinfo(&si) != 0 || si.totalswap != 0;
		fx->swap_checked = now.tv_sec ? now.tv_sec : 1;
	}
	return fx->swap;
}

/* pread of a kept /proc descriptor (opened from path on first use into *keep); length or -1. */
static ssize_t pread_kept(int *keep, const char *path, char *buf, size_t cap)
{
	int fd = keep ? *keep : -1;
	ssize_t n;

	if (fd < 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (keep)
			*keep = fd;
	}
	n = fd >= 0 ? pread(fd, buf, cap - 1, 0) : -1;
	if (n >= 0)
		buf[n] = 0;
	if (fd >= 0 && !keep)
		close(fd);
	return n;
}

/*
 * The process's memory in KiB after the call (which: 0 size, 1 resident,
 * 2 swap), as sysdig's driver takes them from the mm counters: size and
 * resident from statm (one pread on a kept descriptor), swap from status
 * (five times dearer to make) only when the machine has swap, else 0. Read
 * once per event for its three parameters.
 */
static void put_proc_vm(struct pt_fill_ctx *fx, struct pt_rec *r, const struct pt_call *c, int which)
{
	struct proc_status *ps = &fx->vm;

	if (!fx->vm_read) {
		char path[64], buf[4096];
		unsigned long long size = 0, res = 0;
		uint64_t kib = (uint64_t)sysconf(_SC_PAGESIZE) / 1024;

		fx->vm_read = true;
		memset(ps, 0, sizeof(*ps));
		snprintf(path, sizeof(path), "/proc/%d/statm", c->pid);
		if (pread_kept(c->statm_fd, path, buf, sizeof(buf)) > 0 &&
		    sscanf(buf, "%llu %llu", &size, &res) == 2) {
			ps->vmsize = (uint32_t)(size * kib);
			ps->vmrss = (uint32_t)(res * kib);
		}
		snprintf(path, sizeof(path), "/proc/%d/status", c->pid);
		if (swap_in_use(fx) && pread_kept(c->status_fd, path, buf, sizeof(buf)) > 0)
			ps->vmswap = (uint32_t)status_num(buf, "\nVmSwap:");
	}
	pt_rec_u32(r, which == 0 ? ps->vmsize : which == 1 ? ps->vmrss : ps->vmswap);
}

/*
 * What a process keeps across its clones and execs (cgroups, loginuid, its
 * pid namespace): read once per process, not at every clone and execve.
 */
static size_t render_cgroups(pid_t tid, char *out, size_t cap);

static struct pt_pcache *pcache_get(struct pt_fill_ctx *fx, pid_t pid)
{
	struct pt_pcache *e;
	char path[64], buf[4096], mine[64], its[64];
	ssize_t n, m;
	size_t i;

	for (i = 0; i < SC_ARRAY_SIZE(fx->pcache); i++)
		if (fx->pcache[i].pid == pid)
			return &fx->pcache[i];
	e = &fx->pcache[fx->pnext++ % SC_ARRAY_SIZE(fx->pcache)];
	memset(e, 0, sizeof(*e));
	e->pid = pid;
	e->loginuid = UINT32_MAX;
	snprintf(path, sizeof(path), "/proc/%d/loginuid", pid);
	if (pt_read_file(path, buf, sizeof(buf)) > 0)
		e->loginuid = (uint32_t)strtoul(buf, NULL, 10);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	n = readlink("/proc/self/ns/pid", mine, sizeof(mine));
	m = readlink(path, its, sizeof(its));
	e->same_ns = n > 0 && n == m && !memcmp(mine, its, (size_t)n);
	e->cglen = (uint16_t)render_cgroups(pid, e->cg, sizeof(e->cg));
	return e;
}

void pt_fill_inherit(struct pt_fill_ctx *fx, pid_t child, pid_t parent)
{
	size_t i;

	for (i = 0; i < SC_ARRAY_SIZE(fx->pcache); i++) {
		if (fx->pcache[i].pid == parent) {
			struct pt_pcache *e = &fx->pcache[fx->pnext++ % SC_ARRAY_SIZE(fx->pcache)];

			if (e != &fx->pcache[i]) {
				*e = fx->pcache[i];
				e->pid = child;
			}
			return;
		}
	}
}

void pt_fill_forget(struct pt_fill_ctx *fx, pid_t pid)
{
	size_t i;

	for (i = 0; i < SC_ARRAY_SIZE(fx->pcache); i++)
		if (fx->pcache[i].pid == pid)
			fx->pcache[i].pid = 0;
}

struct proc_img {
	char comm[64];
	int ppid, pgid, sid, tty;
	uint64_t minflt, majflt;
	uint32_t vmsize, vmrss, vmswap, uid, gid;
	int64_t vtid, vpid;
	uint64_t fdlimit;
	uint32_t loginuid;
};

/* NSpid and NStgid's last fields: the ids in the process's own pid namespace. */
static void status_nsids(char *buf, struct proc_img *pi)
{
	char *p, *q;

	if ((p = strstr(buf, "\nNSpid:"))) {
		/* the last field is the id in the innermost namespace */
		char *end = strchr(p + 1, '\n'), *last = p + 7;

		for (q = p + 7; q && (!end || q < end); q = strpbrk(q + 1, " \t"))
			last = q;
		pi->vtid = strtoll(last, NULL, 10);
	}
	if ((p = strstr(buf, "\nNStgid:"))) {
		char *end = strchr(p + 1, '\n'), *last = p + 8;

		for (q = p + 8; q && (!end || q < end); q = strpbrk(q + 1, " \t"))
			last = q;
		pi->vpid = strtoll(last, NULL, 10);
	}
}

/*
 * tid's process image. stat and statm are preads of descriptors the thread
 * keeps (*stat_fd, *statm_fd, opened on first use). statm stays: stat's rss
 * comes from the mm's approximate per-CPU counters (0 for a process that has
 * just exec'd), statm's resident from their sums.
 */
static void read_proc_img(struct pt_fill_ctx *fx, const struct pt_call *c, bool same_ns, struct proc_img *pi)
{
	char path[64], buf[8192];
	char *p, *q;
	pid_t tid = c->tid;

	memset(pi, 0, sizeof(*pi));
	pi->vtid = tid;
	pi->loginuid = UINT32_MAX;
	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	if (pread_kept(c->stat_fd, path, buf, sizeof(buf)) > 0 && (p = strchr(buf, '(')) && (q = strrchr(buf, ')'))) {
		unsigned long minflt = 0, majflt = 0;
		size_t cl = (size_t)(q - p - 1);

		if (cl >= sizeof(pi->comm))
			cl = sizeof(pi->comm) - 1;
		memcpy(pi->comm, p + 1, cl);
		sscanf(q + 2, "%*c %d %d %d %d %*d %*u %lu %*u %lu", &pi->ppid, &pi->pgid, &pi->sid,
		       &pi->tty, &minflt, &majflt);
		pi->minflt = minflt;
		pi->majflt = majflt;
	}
	/* memory from statm (pages); every thread of the process sees the same mm */
	snprintf(path, sizeof(path), "/proc/%d/statm", c->pid);
	if (pread_kept(c->statm_fd, path, buf, sizeof(buf)) > 0) {
		unsigned long long size = 0, res = 0;
		uint64_t kib = (uint64_t)sysconf(_SC_PAGESIZE) / 1024;

		sscanf(buf, "%llu %llu", &size, &res);
		pi->vmsize = (uint32_t)(size * kib);
		pi->vmrss = (uint32_t)(res * kib);
	}
	/* the effective ids own /proc/TID */
	snprintf(path, sizeof(path), "/proc/%d", tid);
	{
		struct stat st;

		if (stat(path, &st) == 0) {
			pi->uid = st.st_uid;
			pi->gid = st.st_gid;
		}
	}
	/* status (dear to make) for the swap and another pid namespace's ids, only when they can matter */
	if (!same_ns || swap_in_use(fx)) {
		snprintf(path, sizeof(path), "/proc/%d/status", tid);
		if (pt_read_file(path, buf, sizeof(buf)) > 0) {
			pi->vmswap = (uint32_t)status_num(buf, "\nVmSwap:");
			if (!same_ns)
				status_nsids(buf, pi);
		}
	}
	{
		struct rlimit rl;

		if (prlimit(tid, RLIMIT_NOFILE, NULL, &rl) == 0)
			pi->fdlimit = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : rl.rlim_cur;
	}
}

/* cmdline/environ-like file as a BYTEBUF: NUL-separated, cut at limit. */
static void put_proc_list(struct pt_rec *r, pid_t tid, const char *what, size_t skip_first, size_t limit)
{
	char path[64];
	char *buf = xmalloc(limit + 1);
	ssize_t n;
	size_t off = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", tid, what);
	n = pt_read_file(path, buf, limit + 1);
	if (n < 0)
		n = 0;
	if (skip_first && n > 0) {
		off = strnlen(buf, (size_t)n) + 1;
		if (off > (size_t)n)
			off = (size_t)n;
	}
	pt_rec_add(r, buf + off, (size_t)n - off);
	free(buf);
}

/* /proc/PID/cgroup as sysdig's "subsys=path" list, NUL-separated; its length. */
static size_t render_cgroups(pid_t tid, char *out, size_t cap)
{
	char path[64], buf[4096];
	size_t o = 0;
	char *line, *save = NULL;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", tid);
	if (pt_read_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	/* "ID:SUBSYS:PATH" lines -> "SUBSYS=PATH\0"...; cgroup v2 ("0::PATH") as sysdig names them */
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		static const char *const v2[] = { "cpuset", "cpu", "cpuacct", "io", "memory", "devices",
						  "freezer", "net_cls", "perf_event", "net_prio", "hugetlb",
						  "pids", "rdma", "misc" };
		size_t i, k, n = 1;
		const char *one = NULL;

		if (!c2)
			continue;
		*c2 = 0;
		if (c2 == c1 + 1)
			n = SC_ARRAY_SIZE(v2);
		else
			one = c1 + 1;
		for (k = 0; k < n; k++) {
			const char *name = one ? one : v2[k];
			size_t nl = strlen(name), pl = strlen(c2 + 1);

			if (o + nl + pl + 2 > cap)
				return o;
			memcpy(out + o, name, nl);
			out[o + nl] = '=';
			memcpy(out + o + nl + 1, c2 + 1, pl + 1);
			o += nl + pl + 2;
		}
		(void)i;
	}
	return o;
}

/*
 * A NULL-terminated array of user strings (argv, envp) as a BYTEBUF of
 * NUL-separated strings without the last NUL; only_first: argv[0] as a
 * string; else for argv the strings after the first.
 */
enum { LIST_ALL, LIST_FIRST, LIST_REST };

static void put_user_list(struct pt_fill_ctx *fx, struct pt_rec *r, pid_t tid, uint64_t arr, int mode,
			  size_t limit)
{
	bool only_first = mode == LIST_FIRST;
	uint64_t ptrs[64];
	char *out = xmalloc(limit + PT_STR_MAX);
	size_t o = 0, i, first = 0;
	ssize_t got = arr ? pt_read_mem(tid, arr, ptrs, sizeof(ptrs)) : -1;

	(void)fx;
	if (got < 0)
		got = 0;
	if (mode == LIST_REST)
		first = 1;
	for (i = first; i < (size_t)got / 8 && ptrs[i] && o < limit; i++) {
		ssize_t n = pt_read_str(tid, ptrs[i], out + o, PT_STR_MAX);

		if (n < 0)
			break;
		o += (size_t)n + 1;
		if (only_first)
			break;
	}
	if (only_first) {
		if (!o)
			out[0] = 0;
		pt_rec_str(r, out);
	} else {
		if (o > limit)
			o = limit;
		pt_rec_add(r, out, o);
	}
	free(out);
}

/* execve, execveat, clone, fork, vfork, clone3 exit: the process image of c->tid. */
static void fill_proc_startupdate(struct pt_fill_ctx *fx, struct pt_rec *r, uint16_t type, const struct pt_call *c)
{
	const struct sc_event_info *ei = &sc_event_table[type];
	struct proc_img pi;
	char path[64], exe[4096];
	ssize_t cl_len = -1;
	struct pt_pcache *pc;
	uint32_t i;
	bool is_exec = type == SCE_SYSCALL_EXECVE_19_X || type == SCE_SYSCALL_EXECVEAT_X;
	bool failed_exec = is_exec && c->ret < 0;

	pc = pcache_get(fx, c->pid);
	read_proc_img(fx, c, pc->same_ns, &pi);
	pi.loginuid = pc->loginuid;
	if (pc->same_ns) {
		pi.vtid = c->tid;
		pi.vpid = c->pid;
	}
	for (i = 0; i < ei->nparams; i++) {
		const char *name = ei->params[i].name;
		uint8_t t = ei->params[i].type;

		if (!strcmp(name, "res")) {
			put_int(r, t, (uint64_t)c->ret);
		} else if (failed_exec && (!strcmp(name, "exe") || !strcmp(name, "args") || !strcmp(name, "env"))) {
			/* the image did not change: what execve was given */
			int a = type == SCE_SYSCALL_EXECVEAT_X ? 2 : 1;

			if (!strcmp(name, "env"))
				put_user_list(fx, r, c->tid, c->args[a + 1], LIST_ALL, 4096);
			else if (!strcmp(name, "exe"))
				put_user_list(fx, r, c->tid, c->args[a], LIST_FIRST, PT_STR_MAX);
			else
				put_user_list(fx, r, c->tid, c->args[a], LIST_REST,
					      fx->snaplen > 4096 ? fx->snaplen : 4096);
		} else if (!strcmp(name, "exe")) {
			/* exe is argv[0], args the rest: one read of cmdline for both */
			snprintf(path, sizeof(path), "/proc/%d/cmdline", c->tid);
			cl_len = pread_kept(c->cmdline_fd, path, exe, sizeof(exe));
			if (cl_len < 0)
				cl_len = 0, exe[0] = 0;
			pt_rec_str(r, exe);
		} else if (!strcmp(name, "args")) {
			size_t first = strnlen(exe, (size_t)cl_len) + 1;
			size_t lim = fx->snaplen > 4096 ? fx->snaplen : 4096;

			if (cl_len < 0 || (size_t)cl_len + 1 >= sizeof(exe)) {
				/* did not fit (or no exe came first): read it whole */
				put_proc_list(r, c->tid, "cmdline", 1, lim);
			} else {
				size_t n = (size_t)cl_len > first ? (size_t)cl_len - first : 0;

				pt_rec_add(r, exe + first, n < lim ? n : lim);
			}
		} else if (!strcmp(name, "env")) {
			put_proc_list(r, c->tid, "environ", 0, 4096);
		} else if (!strcmp(name, "tid")) {
			put_int(r, t, (uint64_t)c->tid);
		} else if (!strcmp(name, "pid")) {
			put_int(r, t, (uint64_t)c->pid);
		} else if (!strcmp(name, "ptid")) {
			put_int(r, t, (uint64_t)pi.ppid);
		} else if (!strcmp(name, "cwd")) {
			/* sysdig's driver sends it empty; the state keeps the cwd itself */
			pt_rec_str(r, "");
		} else if (!strcmp(name, "fdlimit")) {
			put_int(r, t, pi.fdlimit);
		} else if (!strcmp(name, "pgft_maj")) {
			put_int(r, t, pi.majflt);
		} else if (!strcmp(name, "pgft_min")) {
			put_int(r, t, pi.minflt);
		} else if (!strcmp(name, "vm_size")) {
			put_int(r, t, pi.vmsize);
		} else if (!strcmp(name, "vm_rss")) {
			put_int(r, t, pi.vmrss);
		} else if (!strcmp(name, "vm_swap")) {
			put_int(r, t, pi.vmswap);
		} else if (!strcmp(name, "comm")) {
			pt_rec_str(r, pi.comm);
		} else if (!strcmp(name, "cgroups")) {
			pt_rec_add(r, pc->cg, pc->cglen);
		} else if (!strcmp(name, "tty")) {
			put_int(r, t, (uint64_t)(int64_t)pi.tty);
		} else if (!strcmp(name, "pgid")) {
			put_int(r, t, (uint64_t)(int64_t)pi.pgid);
		} else if (!strcmp(name, "loginuid")) {
			put_int(r, t, pi.loginuid);
		} else if (!strcmp(name, "flags")) {
			uint64_t fl = 0;

			/* only clone's own flag argument counts (fork and vfork: none) */
			if (type == SCE_SYSCALL_CLONE_20_X || (type == SCE_SYSCALL_CLONE3_X && c->nr < 0))
				fl = c->args[0];   /* a child's side carries the flags themselves */
			else if (type == SCE_SYSCALL_CLONE3_X)
				pt_read_mem(c->tid, c->args[0], &fl, 8);
			put_int(r, t, is_exec ? 0 : sc_xlat_clone_flags(fl));
		} else if (!strcmp(name, "uid")) {
			put_int(r, t, pi.uid);
		} else if (!strcmp(name, "gid")) {
			put_int(r, t, pi.gid);
		} else if (!strcmp(name, "vtid")) {
			put_int(r, t, (uint64_t)pi.vtid);
		} else if (!strcmp(name, "vpid")) {
			put_int(r, t, (uint64_t)(pi.vpid ? pi.vpid : c->pid));
		} else {
			put_zero(r, t);
		}
	}
}

/* One parameter from a SPECIAL source. */
static void fill_special(struct pt_fill_ctx *fx, struct pt_rec *r, uint8_t sp, uint8_t type,
			 const struct pt_call *c)
{
	pid_t tid = c->tid;
	struct sockaddr_storage ss;
	size_t slen = 0;
	char path[64];
	struct stat st;

	switch (sp) {
	case SC_FILL_SP_FD_DEV:
		if (c->ret >= 0 && fd_stat(c, (int)c->ret, &st) == 0)
			put_int(r, type, ((minor(st.st_dev) & 0xff) | (major(st.st_dev) << 8) |
					  ((minor(st.st_dev) & ~0xffu) << 12)));
		else
			put_zero(r, type);
		return;
	case SC_FILL_SP_FD_TUPLE:
		/* connect, even a failed one: the peer is the address asked for */
		if (read_sockaddr(tid, c->args[1], c->args[2], &ss, &slen))
			put_fd_tuple(r, c, (int)c->args[0], &ss, slen, false);
		else
			pt_rec_add(r, NULL, 0);
		return;
	case SC_FILL_SP_SENDTO_TUPLE:
		if (read_sockaddr(tid, c->args[4], c->args[5], &ss, &slen))
			put_fd_tuple(r, c, (int)c->args[0], &ss, slen, false);
		else
			pt_rec_add(r, NULL, 0);
		return;
	case SC_FILL_SP_RECVFROM_TUPLE: {
		uint32_t alen = 0;

		if (c->ret >= 0 && c->args[4] && c->args[5] && pt_read_mem(tid, c->args[5], &alen, 4) == 4 &&
		    read_sockaddr(tid, c->args[4], alen, &ss, &slen))
			put_fd_tuple(r, c, (int)c->args[0], &ss, slen, true);
		else
			pt_rec_add(r, NULL, 0);
		return;
	}
	case SC_FILL_SP_ACCEPT_TUPLE:
		if (c->ret >= 0)
			put_fd_tuple(r, c, (int)c->ret, NULL, 0, true);
		else
			pt_rec_add(r, NULL, 0);
		return;
	case SC_FILL_SP_ACCEPT_QUEUEPCT:
	case SC_FILL_SP_ACCEPT_QUEUELEN:
	case SC_FILL_SP_ACCEPT_QUEUEMAX: {
		uint32_t qlen = 0, qmax = 0;

		if (c->ret >= 0)
			sock_queue(c->pid, (int)c->args[0], &qlen, &qmax);
		put_int(r, type, sp == SC_FILL_SP_ACCEPT_QUEUELEN ? qlen : sp == SC_FILL_SP_ACCEPT_QUEUEMAX ? qmax :
				 qmax ? qlen * 100 / qmax : 0);
		return;
	}
	case SC_FILL_SP_IOV_SIZE:
		if (r->type == SCE_SYSCALL_READV_X || r->type == SCE_SYSCALL_PREADV_X)
			put_int(r, type, c->ret > 0 ? (uint64_t)c->ret : 0);   /* what was read */
		else
			put_int(r, type, iov_total(tid, c->args[1], c->args[2]));
		return;
	case SC_FILL_SP_IOV_DATA_RET:
		put_iov_data(fx, r, tid, c->args[1], c->args[2], c->ret > 0 ? (uint64_t)c->ret : 0);
		return;
	case SC_FILL_SP_IOV_DATA_ARGS:
		put_iov_data(fx, r, tid, c->args[1], c->args[2], UINT64_MAX);
		return;
	case SC_FILL_SP_MSG_SIZE:
	case SC_FILL_SP_MSG_DATA:
	case SC_FILL_SP_MSG_TUPLE: {
		struct msghdr m;

		if (pt_read_mem(tid, c->args[1], &m, sizeof(m)) != sizeof(m)) {
			if (sp == SC_FILL_SP_MSG_SIZE)
				put_zero(r, type);
			else
				pt_rec_add(r, NULL, 0);
			return;
		}
		if (sp == SC_FILL_SP_MSG_SIZE && r->type == SCE_SOCKET_RECVMSG_X) {
			put_int(r, type, c->ret > 0 ? (uint64_t)c->ret : 0);
		} else if (sp == SC_FILL_SP_MSG_SIZE) {
			put_int(r, type, iov_total(tid, (uint64_t)(uintptr_t)m.msg_iov, m.msg_iovlen));
		} else if (sp == SC_FILL_SP_MSG_DATA) {
			uint64_t lim = r->type == SCE_SOCKET_RECVMSG_X ? (c->ret > 0 ? (uint64_t)c->ret : 0) : UINT64_MAX;

			put_iov_data(fx, r, tid, (uint64_t)(uintptr_t)m.msg_iov, m.msg_iovlen, lim);
		} else if (m.msg_name && m.msg_namelen &&
			   read_sockaddr(tid, (uint64_t)(uintptr_t)m.msg_name, m.msg_namelen, &ss, &slen)) {
			put_fd_tuple(r, c, (int)c->args[0], &ss, slen, r->type == SCE_SOCKET_RECVMSG_X);
		} else {
			pt_rec_add(r, NULL, 0);
		}
		return;
	}
	case SC_FILL_SP_RLIMIT_CUR:
	case SC_FILL_SP_RLIMIT_MAX: {
		int64_t rl[2] = { -1, -1 };

		if (c->ret >= 0 || r->type == SCE_SYSCALL_SETRLIMIT_X)
			pt_read_mem(tid, c->args[1], rl, sizeof(rl));
		put_int(r, type, (uint64_t)rl[sp == SC_FILL_SP_RLIMIT_MAX]);
		return;
	}
	case SC_FILL_SP_PRLIMIT_NEWCUR:
	case SC_FILL_SP_PRLIMIT_NEWMAX:
	case SC_FILL_SP_PRLIMIT_OLDCUR:
	case SC_FILL_SP_PRLIMIT_OLDMAX: {
		int64_t rl[2] = { -1, -1 };
		bool is_new = sp == SC_FILL_SP_PRLIMIT_NEWCUR || sp == SC_FILL_SP_PRLIMIT_NEWMAX;

		if (c->ret >= 0)
			pt_read_mem(tid, c->args[is_new ? 2 : 3], rl, sizeof(rl));
		put_int(r, type, (uint64_t)rl[sp == SC_FILL_SP_PRLIMIT_NEWMAX || sp == SC_FILL_SP_PRLIMIT_OLDMAX]);
		return;
	}
	case SC_FILL_SP_FDLIST: {
		struct pollfd pf[32];
		uint64_t n = c->args[1] < 32 ? c->args[1] : 32, i;
		uint8_t out[2 + 32 * 10];
		size_t o = 2;
		bool at_exit = r->type & 1;

		if (pt_read_mem(tid, c->args[0], pf, n * sizeof(pf[0])) != (ssize_t)(n * sizeof(pf[0])))
			n = 0;
		for (i = 0; i < n; i++) {
			int64_t fd = pf[i].fd;
			uint16_t ev = sc_xlat_poll_events((uint16_t)(at_exit ? pf[i].revents : pf[i].events));

			if (at_exit && !pf[i].revents)
				continue;
			memcpy(out + o, &fd, 8);
			memcpy(out + o + 8, &ev, 2);
			o += 10;
		}
		{
			uint16_t cnt = (uint16_t)((o - 2) / 10);

			memcpy(out, &cnt, 2);
		}
		pt_rec_add(r, out, o);
		return;
	}
	case SC_FILL_SP_SIGSET: {
		uint32_t s = 0;

		pt_read_mem(tid, c->args[3], &s, 4);
		put_int(r, type, s);
		return;
	}
	case SC_FILL_SP_OPENAT2_FLAGS:
	case SC_FILL_SP_OPENAT2_MODE:
	case SC_FILL_SP_OPENAT2_RESOLVE: {
		uint64_t how[3] = { 0 };

		pt_read_mem(tid, c->args[2], how, sizeof(how));
		put_int(r, type, sp == SC_FILL_SP_OPENAT2_FLAGS ? sc_xlat_open_flags(how[0]) :
				 sp == SC_FILL_SP_OPENAT2_MODE ? sc_xlat_open_mode(how[0], how[1]) :
				 sc_xlat_openat2_resolve(how[2]));
		return;
	}
	case SC_FILL_SP_SOCKOPT_VAL: {
		/*
		 * set: the value given, its length arg4; get: the value returned, its
		 * length at user address arg4. Read whatever the result, in the shape
		 * sysdig's driver gives the option (fill_shapes.h).
		 */
		uint8_t shape = sc_shape_sockopt(c->args[1], c->args[2]);
		int64_t len = (int32_t)c->args[4];
		uint8_t b[1 + 4096];

		if (r->type == SCE_SOCKET_GETSOCKOPT_X) {
			int32_t l = 0;

			pt_read_mem(tid, c->args[4], &l, 4);
			len = l;
		}
		b[0] = shape;
		if (shape != SC_DYN_SOCKOPT_UNKNOWN) {
			union sc_sockopt_raw u;
			size_t want = sc_sockopt_read_len(shape);
			uint64_t v;
			uint8_t width;

			memset(&u, 0, sizeof(u));
			if (pt_read_mem(tid, c->args[3], &u, want) != (ssize_t)want) {
				fx->unfillable++;
				pt_rec_add(r, NULL, 0);
				return;
			}
			v = sc_sockopt_value(shape, &u, &width);
			memcpy(b + 1, &v, width);
			pt_rec_add(r, b, 1 + width);
		} else {
			/* any other option: its raw bytes, cut to the snaplen */
			size_t n = len <= 0 ? 0 : (size_t)len;
			ssize_t got;

			if (n > fx->snaplen)
				n = fx->snaplen;
			if (n > sizeof(b) - 1)
				n = sizeof(b) - 1;
			got = n ? pt_read_mem(tid, c->args[3], b + 1, n) : 0;
			if (got < 0) {
				fx->unfillable++;
				got = 0;
			}
			pt_rec_add(r, b, 1 + (size_t)got);
		}
		return;
	}
	case SC_FILL_SP_SOCKOPT_LEN: {
		uint32_t len = 0;

		pt_read_mem(tid, c->args[4], &len, 4);
		put_int(r, type, len);
		return;
	}
	case SC_FILL_SP_PTRACE_ADDR:
	case SC_FILL_SP_PTRACE_DATA: {
		/* both 0 when the call failed; PEEK* data: the word stored at the address */
		uint8_t b[9], shape = SC_DYN_PTRACE_UINT64;
		uint64_t v = c->args[sp == SC_FILL_SP_PTRACE_ADDR ? 2 : 3];
		int deref = 0;

		if (c->ret < 0)
			v = 0;
		else if (sp == SC_FILL_SP_PTRACE_DATA)
			shape = sc_shape_ptrace_data(c->args[0], &deref);
		if (deref && pt_read_mem(tid, v, &v, 8) != 8) {
			fx->unfillable++;
			pt_rec_add(r, NULL, 0);
			return;
		}
		b[0] = shape;
		memcpy(b + 1, &v, 8);
		pt_rec_add(r, b, shape == SC_DYN_PTRACE_SIGTYPE ? 2 : 9);
		return;
	}
	case SC_FILL_SP_BPF_RES_OR_FD: {
		/* BPF_MAP_CREATE and BPF_PROG_LOAD make an fd */
		uint8_t b[9];
		int64_t v = c->ret;

		b[0] = sc_shape_bpf_res(c->args[0], c->ret);
		memcpy(b + 1, &v, 8);
		pt_rec_add(r, b, 9);
		return;
	}
	case SC_FILL_SP_SEMCTL_VAL:
		/* SETVAL (16) carries a value */
		put_int(r, type, c->args[2] == 16 ? (uint64_t)(int64_t)(int32_t)c->args[3] : 0);
		return;
	case SC_FILL_SP_VM_SIZE:
		put_proc_vm(fx, r, c, 0);
		return;
	case SC_FILL_SP_VM_RSS:
		put_proc_vm(fx, r, c, 1);
		return;
	case SC_FILL_SP_VM_SWAP:
		put_proc_vm(fx, r, c, 2);
		return;
	case SC_FILL_SP_UNIX_SRC:
	case SC_FILL_SP_UNIX_PEER: {
		int fds[2];
		uint64_t ids[2] = { 0, 0 };

		if (c->ret >= 0 && pt_read_mem(tid, c->args[3], fds, sizeof(fds)) == sizeof(fds)) {
			int mine = grab_fd(c->pid, fds[0]);

			unix_ids(mine, ids);
			if (mine >= 0)
				close(mine);
		}
		put_int(r, type, ids[sp == SC_FILL_SP_UNIX_PEER]);
		return;
	}
	case SC_FILL_SP_PIPE_INO: {
		int fds[2];

		snprintf(path, sizeof(path), "/proc/%d/fd/%d", c->pid,
			 pt_read_mem(tid, c->args[0], fds, sizeof(fds)) == sizeof(fds) ? fds[0] : -1);
		put_int(r, type, c->ret >= 0 && stat(path, &st) == 0 ? st.st_ino : 0);
		return;
	}
	default:
		put_zero(r, type);
		return;
	}
}

/*
 * semop exit: the result, nsops and the first two sembufs (sem_num, sem_op,
 * sem_flg each); with no sembuf array the event has only the first two, as
 * sysdig's driver writes it. An unreadable array reads as zeros.
 */
static void fill_semop(struct pt_rec *r, uint16_t type, const struct pt_call *c)
{
	struct { uint16_t num; int16_t op; int16_t flg; } sb[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	uint64_t nsops = c->args[2];
	unsigned j;

	if (!(type & 1)) {
		pt_rec_u32(r, (uint32_t)c->args[0]);   /* semid (not reached: the enter event is table-filled) */
		return;
	}
	put_int(r, SC_PT_ERRNO, (uint64_t)c->ret);
	pt_rec_u32(r, (uint32_t)nsops);
	if (!nsops || !c->args[1])
		return;
	if (pt_read_mem(c->tid, c->args[1], sb, (nsops < 2 ? nsops : 2) * sizeof(sb[0])) < 0)
		memset(sb, 0, sizeof(sb));
	for (j = 0; j < 2; j++) {
		if (j >= nsops)
			sb[j].num = 0, sb[j].op = 0, sb[j].flg = 0;
		pt_rec_u16(r, sb[j].num);
		pt_rec_u16(r, (uint16_t)sb[j].op);
		pt_rec_u16(r, sc_xlat_semop_flags((uint64_t)(uint16_t)sb[j].flg));
	}
}

/*
 * quotactl(cmd, special, id, addr). Enter: cmd, type (USRQUOTA/GRPQUOTA),
 * the id for the per-id commands and the format for Q_QUOTAON. Exit: the
 * result, special, the quota file for Q_QUOTAON, the if_dqblk fields its
 * dqb_valid marks (Q_GETQUOTA/Q_SETQUOTA), the if_dqinfo fields its
 * dqi_valid marks (Q_GETINFO/Q_SETINFO) and the format Q_GETFMT returns.
 */
static void fill_quotactl(struct pt_fill_ctx *fx, struct pt_rec *r, uint16_t type, const struct pt_call *c)
{
	uint16_t cmd = sc_xlat_quotactl_cmd(c->args[0]);
	uint64_t addr = c->args[3];

	if (!(type & 1)) {
		bool per_id = cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA || cmd == SC_Q_XGETQUOTA ||
			      cmd == SC_Q_XSETQLIM;

		pt_rec_u16(r, cmd);
		pt_rec_u8(r, sc_xlat_quotactl_type(c->args[0]));
		pt_rec_u32(r, per_id ? (uint32_t)c->args[2] : 0);
		pt_rec_u8(r, cmd == SC_Q_QUOTAON ? sc_xlat_quotactl_fmt(c->args[2]) : SC_QFMT_NOT_USED);
		return;
	}
	{
		struct sc_if_dqblk dq = { 0 };
		struct sc_if_dqinfo di = { 0 };
		uint32_t fmt = 0;
		uint8_t fmt_out = SC_QFMT_NOT_USED;
		unsigned int i;

		put_int(r, SC_PT_ERRNO, (uint64_t)c->ret);
		put_str_at(fx, r, c->tid, c->args[1]);
		if (cmd == SC_Q_QUOTAON)
			put_str_at(fx, r, c->tid, addr);
		else
			pt_rec_str(r, "");
		/* read whatever the result, as sysdig's driver does */
		if ((cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA) &&
		    pt_read_mem(c->tid, addr, &dq, sizeof(dq)) != sizeof(dq))
			memset(&dq, 0, sizeof(dq));
		for (i = 0; i < SC_DQBLK_NPARAMS; i++)
			pt_rec_u64(r, sc_shape_dqblk(&dq, i));
		if ((cmd == SC_Q_GETINFO || cmd == SC_Q_SETINFO) &&
		    pt_read_mem(c->tid, addr, &di, sizeof(di)) != sizeof(di))
			memset(&di, 0, sizeof(di));
		pt_rec_u64(r, sc_shape_dqinfo(&di, 0));
		pt_rec_u64(r, sc_shape_dqinfo(&di, 1));
		pt_rec_u8(r, (uint8_t)sc_shape_dqinfo(&di, 2));
		if (cmd == SC_Q_GETFMT && pt_read_mem(c->tid, addr, &fmt, 4) == 4)
			fmt_out = sc_xlat_quotactl_fmt(fmt);
		pt_rec_u8(r, fmt_out);
	}
}

void pt_fill_event(struct pt_fill_ctx *fx, struct pt_rec *r, uint16_t type, const struct pt_call *c)
{
	const struct sc_fill_event *fe = &sc_fill_table[type];
	const struct sc_event_info *ei = &sc_event_table[type];
	uint32_t i;

	fx->vm_read = false;
	if (fe->special == SC_FILL_SP_GENERIC) {
		const struct sc_x86_syscall *xs = c->nr >= 0 && c->nr < SC_X86_SYSCALL_MAX ?
						  &sc_x86_syscalls[c->nr] : NULL;

		pt_rec_u16(r, xs ? xs->code : SC_SC_UNKNOWN);
		if (!(type & 1))
			pt_rec_u16(r, (uint16_t)c->nr);
		return;
	}
	if (fe->special == SC_FILL_SP_PROC_STARTUPDATE) {
		fill_proc_startupdate(fx, r, type, c);
		return;
	}
	if (fe->special == SC_FILL_SP_SEMOP) {
		fill_semop(r, type, c);
		return;
	}
	if (fe->special == SC_FILL_SP_QUOTACTL) {
		fill_quotactl(fx, r, type, c);
		return;
	}
	if (fe->special || !(fe->flags & SC_FILL_F_FILLED)) {
		for (i = 0; i < ei->nparams; i++)
			put_zero(r, ei->params[i].type);
		return;
	}
	for (i = 0; i < fe->nparams && i < ei->nparams; i++) {
		const struct sc_fill_param *p = &fe->params[i];
		uint8_t t = ei->params[i].type;

		switch (p->src) {
		case SC_FILL_ARG: {
			uint64_t v = c->args[p->arg];

			if (p->xlat)
				v = sc_xlat_apply(p->xlat, v, c->args[p->len < 6 ? p->len : 0]);
			else
				v = arg_as(t, v);
			put_int(r, t, v);
			break;
		}
		case SC_FILL_RET:
			put_int(r, t, p->xlat ? sc_xlat_apply(p->xlat, (uint64_t)c->ret, 0) : (uint64_t)c->ret);
			break;
		case SC_FILL_STR:
			put_str_at(fx, r, c->tid, c->args[p->arg]);
			break;
		case SC_FILL_BUF: {
			uint64_t len;

			if (p->len == SC_FILL_LEN_RET)
				len = c->ret > 0 ? (uint64_t)c->ret : 0;
			else
				len = c->args[p->len % 6];
			put_buf_at(fx, r, c->tid, c->args[p->arg], len);
			break;
		}
		case SC_FILL_SOCKADDR: {
			struct sockaddr_storage ss;
			size_t slen = 0;
			uint64_t len;
			uint8_t out[sizeof(struct sockaddr_un) + 4];

			if (p->len & SC_FILL_LEN_DEREF) {
				uint32_t l = 0;

				pt_read_mem(c->tid, c->args[p->len & 7], &l, 4);
				len = l;
			} else {
				len = c->args[p->len % 6];
			}
			if (read_sockaddr(c->tid, c->args[p->arg], len, &ss, &slen))
				pt_rec_add(r, out, pack_sockaddr(&ss, slen, out));
			else
				pt_rec_add(r, NULL, 0);
			break;
		}
		case SC_FILL_TIMESPEC: {
			int64_t ts[2] = { 0, 0 };

			pt_read_mem(c->tid, c->args[p->arg], ts, sizeof(ts));
			put_int(r, t, (uint64_t)(ts[0] * 1000000000LL + ts[1]));
			break;
		}
		case SC_FILL_CONST:
			put_int(r, t, (uint64_t)(int64_t)p->value);
			break;
		case SC_FILL_DEREF: {
			uint64_t v = 0;
			size_t w = ptype_width(t);

			if (t == SC_PT_FD || t == SC_PT_PID || w == 4) {
				int32_t i32 = 0;

				pt_read_mem(c->tid, c->args[p->arg] ? c->args[p->arg] + (uint64_t)p->value : 0, &i32, 4);
				v = ptype_signed(t) ? (uint64_t)(int64_t)i32 : (uint32_t)i32;
			} else {
				pt_read_mem(c->tid, c->args[p->arg] ? c->args[p->arg] + (uint64_t)p->value : 0, &v,
					    w ? w : 8);
			}
			put_int(r, t, v);
			break;
		}
		case SC_FILL_SPECIAL:
			fill_special(fx, r, p->xlat, t, c);
			break;
		case SC_FILL_EMPTY:
		default:
			pt_rec_add(r, NULL, 0);
			break;
		}
	}
}
