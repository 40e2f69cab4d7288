// SPDX-License-Identifier: GPL-2.0
/*
 * fill.c - the kernel module's interpreter of driver/abi's filling table:
 * builds each event's parameters from the syscall's arguments and result,
 * reading user memory with page faults disabled (a page that is not in
 * leaves the parameter empty and is counted, it never sleeps), plus the
 * hand-written fillers the table names (process image, socket tuples,
 * iovecs, msghdr, rlimits, poll lists, socket options, ptrace, semop,
 * quotactl) and the scheduler events.
 *
 * Runs in the tracepoint probes, preemption disabled: no sleeping, no
 * locks that sleep, only RCU and atomic reads of kernel objects.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <linux/version.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "sc_kmod_int.h"
#include "flag_xlat.h"
#include "fill_shapes.h"

/* .scap socket family numbers (the same as Linux's for these three) */
#define SC_AF_UNIX 1
#define SC_AF_INET 2
#define SC_AF_INET6 10

/* --- building the record --- */

void sc_rec_begin(struct sc_rec *r, u16 type, u64 ts, u64 tid)
{
	const struct sc_event_info *ei = &sc_event_table[type];
	struct sc_evt_hdr *h = (struct sc_evt_hdr *)r->buf;

	r->type = type;
	r->nparams = ei->nparams;
	r->lensz = (ei->flags & SC_EF_LARGE_PAYLOAD) ? 4 : 2;
	r->np = 0;
	r->overflow = false;
	r->is_exit = type & 1;
	r->off = SC_EVT_HDR_LEN + r->lensz * r->nparams;
	h->ts = ts;
	h->tid = tid;
	h->type = type;
	h->nparams = r->nparams;
}

static inline u32 room(const struct sc_rec *r)
{
	return SC_KMOD_SCRATCH - r->off;
}

static inline u8 *cur(struct sc_rec *r)
{
	return r->buf + r->off;
}

/* Closes the parameter whose n bytes were written at cur(r). */
static void put_len(struct sc_rec *r, u32 n)
{
	u8 *l;

	if (r->np >= r->nparams)
		return;
	if (n > room(r)) {
		r->overflow = true;
		n = 0;
	}
	l = r->buf + SC_EVT_HDR_LEN + r->np * r->lensz;
	if (r->lensz == 4) {
		u32 v = n;

		memcpy(l, &v, 4);
	} else {
		u16 v = n > 0xffff ? 0xffff : n;

		n = v;
		memcpy(l, &v, 2);
	}
	r->np++;
	r->off += n;
}

static void put_bytes(struct sc_rec *r, const void *p, u32 n)
{
	if (n > room(r)) {
		r->overflow = true;
		n = 0;
	}
	if (n)
		memcpy(cur(r), p, n);
	put_len(r, n);
}

/*
 * The low size bytes of v, little-endian. Stored by width rather than by
 * put_bytes(): a memcpy of a variable size is an out-of-line call (rep
 * movsb on most CPUs, byte by byte under emulation) for every integer.
 */
static void put_int(struct sc_rec *r, u64 v, u8 size)
{
	u8 *d = cur(r);

	if (size > room(r)) {
		put_bytes(r, &v, size);   /* counts the overflow */
		return;
	}
	/* constant sizes: the compiler makes each a single store (x86: little-endian, unaligned ok) */
	switch (size) {
	case 1:
		*d = v;
		break;
	case 2:
		__builtin_memcpy(d, &v, 2);
		break;
	case 4:
		__builtin_memcpy(d, &v, 4);
		break;
	case 8:
		__builtin_memcpy(d, &v, 8);
		break;
	default:
		put_bytes(r, &v, size);
		return;
	}
	put_len(r, size);
}

static void put_empty(struct sc_rec *r)
{
	put_len(r, 0);
}

static void put_kstr(struct sc_rec *r, const char *s)
{
	put_bytes(r, s, strlen(s) + 1);
}

u32 sc_rec_end(struct sc_rec *r)
{
	struct sc_evt_hdr *h = (struct sc_evt_hdr *)r->buf;

	while (r->np < r->nparams)   /* a filler that stopped short: absent values */
		put_empty(r);
	if (r->overflow)
		return 0;
	h->len = r->off;
	return r->off;
}

/* --- parameter types --- */

/* Width of an integer parameter (0: variable length); *sext: a C int sign-extended. */
static u8 ptype_size(u8 t, bool *sext)
{
	*sext = false;
	switch (t) {
	case SC_PT_INT8:
		*sext = true;
		return 1;
	case SC_PT_UINT8: case SC_PT_SIGTYPE: case SC_PT_FLAGS8: case SC_PT_L4PROTO:
	case SC_PT_SOCKFAMILY:
		return 1;
	case SC_PT_INT16:
		*sext = true;
		return 2;
	case SC_PT_UINT16: case SC_PT_FLAGS16: case SC_PT_PORT: case SC_PT_SYSCALLID:
		return 2;
	case SC_PT_INT32:
		*sext = true;
		return 4;
	case SC_PT_UINT32: case SC_PT_FLAGS32: case SC_PT_UID: case SC_PT_GID: case SC_PT_MODE:
	case SC_PT_BOOL: case SC_PT_SIGSET: case SC_PT_IPV4ADDR:
		return 4;
	case SC_PT_INT64: case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		*sext = true;
		return 8;
	case SC_PT_UINT64: case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_DOUBLE:
		return 8;
	}
	return 0;
}

static u8 param_size(const struct sc_rec *r, u32 i)
{
	bool sext;

	return ptype_size(sc_event_table[r->type].params[i].type, &sext);
}

/* The zero value of parameter i: what a filler this driver lacks writes. */
static void put_zero(struct sc_rec *r, u32 i)
{
	u8 size = param_size(r, i);

	if (size)
		put_int(r, 0, size);
	else
		put_empty(r);
}

/* --- user memory, page faults disabled --- */

static int uread(struct sc_rec *r, void *dst, u64 addr, u32 n)
{
	if (!addr)
		return -EFAULT;
	if (copy_from_user_nofault(dst, (const void __user *)(uintptr_t)addr, n)) {
		r->faults++;
		return -EFAULT;
	}
	return 0;
}

/* Copies a user string to cur(r); its length with the NUL, or <0. */
static long ustr_at(struct sc_rec *r, u64 addr, u32 max)
{
	long n;

	if (max > room(r))
		max = room(r);
	if (!addr || max < 1)
		return -EFAULT;
	/* page by page (strncpy_from_user_nofault is not exported), up to the NUL */
	for (n = 0; n < max - 1;) {
		u32 chunk = PAGE_SIZE - ((addr + n) & (PAGE_SIZE - 1));
		u8 *nul;

		if (chunk > max - 1 - n)
			chunk = max - 1 - n;
		if (copy_from_user_nofault(cur(r) + n, (const void __user *)(uintptr_t)(addr + n), chunk)) {
			if (!n) {
				r->faults++;
				return -EFAULT;
			}
			break;
		}
		nul = memchr(cur(r) + n, 0, chunk);
		if (nul)
			return nul - cur(r) + 1;
		n += chunk;
	}
	cur(r)[n] = 0;   /* cut: keep it a string */
	return n + 1;
}

static void put_ustr(struct sc_rec *r, u64 addr)
{
	long n;

	if (!addr) {
		put_kstr(r, "(NULL)");
		return;
	}
	n = ustr_at(r, addr, SC_KMOD_STR_MAX);
	if (n < 0)
		put_kstr(r, "<NA>");
	else
		put_len(r, n);
}

static void put_ubuf(struct sc_rec *r, u64 addr, s64 len)
{
	u32 n;

	if (!addr || len <= 0) {
		put_empty(r);
		return;
	}
	n = len > r->snaplen ? r->snaplen : len;
	if (n > SC_KMOD_BUF_MAX)
		n = SC_KMOD_BUF_MAX;
	if (n > room(r))
		n = room(r);
	if (uread(r, cur(r), addr, n))
		n = 0;
	put_len(r, n);
}

/* --- sockets --- */

/* The file of the current task's fd with a reference, or NULL. */
static struct file *fd_get(s64 fd)
{
	if (fd < 0 || fd > INT_MAX)
		return NULL;
	return fget_raw(fd);
}

static struct sock *file_sock(struct file *f)
{
	struct socket *so;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	so = sock_from_file(f);
#else
	int err;

	so = sock_from_file(f, &err);
#endif
	return so ? so->sk : NULL;
}

/* A user sockaddr in the .scap SOCKADDR shape: family, then address (and port, host order). */
static void put_sockaddr(struct sc_rec *r, u64 addr, s64 alen)
{
	struct sockaddr_storage ss;
	u8 *d = cur(r);
	u32 n;

	if (!addr || alen <= 0 || room(r) < 2 + UNIX_PATH_MAX) {
		put_empty(r);
		return;
	}
	n = alen > sizeof(ss) ? sizeof(ss) : alen;
	memset(&ss, 0, sizeof(ss));
	if (uread(r, &ss, addr, n)) {
		put_empty(r);
		return;
	}
	switch (ss.ss_family) {
	case AF_INET: {
		struct sockaddr_in *in = (void *)&ss;
		u16 port = ntohs(in->sin_port);

		d[0] = SC_AF_INET;
		memcpy(d + 1, &in->sin_addr.s_addr, 4);
		memcpy(d + 5, &port, 2);
		put_len(r, 7);
		return;
	}
	case AF_INET6: {
		struct sockaddr_in6 *in6 = (void *)&ss;
		u16 port = ntohs(in6->sin6_port);

		d[0] = SC_AF_INET6;
		memcpy(d + 1, &in6->sin6_addr, 16);
		memcpy(d + 17, &port, 2);
		put_len(r, 19);
		return;
	}
	case AF_UNIX: {
		struct sockaddr_un *un = (void *)&ss;
		u32 i = 0;

		d[0] = SC_AF_UNIX;
		if (n > offsetof(struct sockaddr_un, sun_path)) {
			u32 pl = n - offsetof(struct sockaddr_un, sun_path);
			const char *p = un->sun_path;

			if (pl > UNIX_PATH_MAX)
				pl = UNIX_PATH_MAX;
			if (pl && !p[0]) {   /* abstract: shown with a leading '@' */
				d[1] = '@';
				for (i = 1; i < pl && p[i]; i++)
					d[1 + i] = p[i];
			} else {
				for (i = 0; i < pl && p[i]; i++)
					d[1 + i] = p[i];
			}
		}
		d[1 + i] = 0;
		put_len(r, 2 + i);
		return;
	}
	default:
		d[0] = ss.ss_family;
		put_len(r, 1);
	}
}

/* The name of a unix socket's address, into out (a string, maybe empty). */
static void unix_name(struct sock *sk, char *out, size_t cap)
{
	struct unix_address *ua;
	u32 i = 0, len;

	out[0] = 0;
	if (!sk)
		return;
	ua = READ_ONCE(unix_sk(sk)->addr);
	if (!ua || ua->len <= offsetof(struct sockaddr_un, sun_path))
		return;
	len = ua->len - offsetof(struct sockaddr_un, sun_path);
	if (len >= cap)
		len = cap - 1;
	if (ua->name[0].sun_path[0] == 0 && len) {
		out[0] = '@';
		for (i = 1; i < len && ua->name[0].sun_path[i]; i++)
			out[i] = ua->name[0].sun_path[i];
	} else {
		for (i = 0; i < len && ua->name[0].sun_path[i]; i++)
			out[i] = ua->name[0].sun_path[i];
	}
	out[i] = 0;
}

/*
 * The socket tuple of fd in the .scap SOCKTUPLE shape. Outbound: local
 * first; inbound (accept, recvfrom): the peer first. A user address
 * (connect, sendto, recvfrom) names the peer instead of the socket's own.
 */
static void put_tuple(struct sc_rec *r, s64 fd, u64 uaddr, s64 ualen, bool inbound)
{
	struct file *f = fd_get(fd);
	struct sock *sk = f ? file_sock(f) : NULL;
	u8 *d = cur(r);

	if (!sk || room(r) < 64 + UNIX_PATH_MAX) {
		put_empty(r);
		goto out;
	}
	switch (sk->sk_family) {
	case AF_INET: {
		__be32 lip = sk->sk_rcv_saddr, rip = sk->sk_daddr;
		u16 lport = sk->sk_num, rport = ntohs(sk->sk_dport);
		struct sockaddr_in in;

		if (uaddr && ualen >= (s64)sizeof(in) && !uread(r, &in, uaddr, sizeof(in)) &&
		    in.sin_family == AF_INET) {
			rip = in.sin_addr.s_addr;
			rport = ntohs(in.sin_port);
		}
		d[0] = SC_AF_INET;
		memcpy(d + 1, inbound ? &rip : &lip, 4);
		memcpy(d + 5, inbound ? &rport : &lport, 2);
		memcpy(d + 7, inbound ? &lip : &rip, 4);
		memcpy(d + 11, inbound ? &lport : &rport, 2);
		put_len(r, 13);
		break;
	}
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6: {
		struct in6_addr lip = sk->sk_v6_rcv_saddr, rip = sk->sk_v6_daddr;
		u16 lport = sk->sk_num, rport = ntohs(sk->sk_dport);
		struct sockaddr_in6 in6;

		if (uaddr && ualen >= (s64)sizeof(in6) && !uread(r, &in6, uaddr, sizeof(in6)) &&
		    in6.sin6_family == AF_INET6) {
			rip = in6.sin6_addr;
			rport = ntohs(in6.sin6_port);
		}
		d[0] = SC_AF_INET6;
		memcpy(d + 1, inbound ? &rip : &lip, 16);
		memcpy(d + 17, inbound ? &rport : &lport, 2);
		memcpy(d + 19, inbound ? &lip : &rip, 16);
		memcpy(d + 35, inbound ? &lport : &rport, 2);
		put_len(r, 37);
		break;
	}
#endif
	case AF_UNIX: {
		struct sock *peer = READ_ONCE(unix_sk(sk)->peer);
		u64 a = (u64)(uintptr_t)sk, b = (u64)(uintptr_t)peer;
		char *name = (char *)d + 17;

		struct sockaddr_un un;

		d[0] = SC_AF_UNIX;
		memcpy(d + 1, &a, 8);
		memcpy(d + 9, &b, 8);
		name[0] = 0;
		/* the path shown is the address asked for, else the peer's, else ours */
		if (uaddr && ualen > (s64)offsetof(struct sockaddr_un, sun_path)) {
			u32 n = ualen > (s64)sizeof(un) ? sizeof(un) : ualen, pl, k = 0;

			memset(&un, 0, sizeof(un));
			if (!uread(r, &un, uaddr, n) && un.sun_family == AF_UNIX) {
				pl = n - offsetof(struct sockaddr_un, sun_path);
				if (pl && !un.sun_path[0]) {
					name[k++] = '@';
					while (k < pl && un.sun_path[k]) {
						name[k] = un.sun_path[k];
						k++;
					}
				} else {
					while (k < pl && un.sun_path[k]) {
						name[k] = un.sun_path[k];
						k++;
					}
				}
				name[k] = 0;
			}
		}
		if (!name[0])
			unix_name(peer, name, UNIX_PATH_MAX + 1);
		if (!name[0])
			unix_name(sk, name, UNIX_PATH_MAX + 1);
		put_len(r, 17 + strlen(name) + 1);
		break;
	}
	default:
		d[0] = sk->sk_family;
		put_len(r, 1);
	}
out:
	if (f)
		fput(f);
}

/* --- iovecs and msghdr --- */

/* iovec data (len_only: the total length as a u32), at most `limit` bytes and the snaplen. */
static void put_iov(struct sc_rec *r, u64 iovp, u64 count, s64 limit, bool len_only)
{
	struct iovec iov;
	u32 want, got = 0, i;
	u64 sum = 0;
	u8 *d = cur(r);

	want = r->snaplen > SC_KMOD_BUF_MAX ? SC_KMOD_BUF_MAX : r->snaplen;
	if (limit >= 0 && limit < want)
		want = limit;
	if (want > room(r))
		want = room(r);
	if (count > 1024)
		count = 1024;
	for (i = 0; i < count; i++) {
		u32 n;

		if (uread(r, &iov, iovp + i * sizeof(iov), sizeof(iov)))
			break;
		sum += iov.iov_len;
		if (len_only || got >= want)
			continue;
		n = iov.iov_len < want - got ? iov.iov_len : want - got;
		if (n && uread(r, d + got, (u64)(uintptr_t)iov.iov_base, n))
			break;
		got += n;
	}
	if (len_only)
		put_int(r, sum, 4);
	else
		put_len(r, got);
}

static void put_msg(struct sc_rec *r, u8 what)
{
	struct user_msghdr m;
	bool recv = r->type == SCE_SOCKET_RECVMSG_X;

	if (uread(r, &m, r->args[1], sizeof(m))) {
		if (what == SC_FILL_SP_MSG_SIZE)
			put_int(r, 0, 4);
		else
			put_empty(r);
		return;
	}
	switch (what) {
	case SC_FILL_SP_MSG_SIZE:
		if (recv)
			put_int(r, r->ret > 0 ? r->ret : 0, 4);   /* what was received */
		else
			put_iov(r, (u64)(uintptr_t)m.msg_iov, m.msg_iovlen, -1, true);
		return;
	case SC_FILL_SP_MSG_DATA:
		put_iov(r, (u64)(uintptr_t)m.msg_iov, m.msg_iovlen, recv ? (r->ret > 0 ? r->ret : 0) : -1,
			false);
		return;
	default:
		if (m.msg_name && m.msg_namelen)
			put_tuple(r, (int)r->args[0], (u64)(uintptr_t)m.msg_name, m.msg_namelen,
				  r->is_exit && recv);
		else
			put_empty(r);
	}
}

/* poll's pollfd array as FDLIST: u16 count, then (u64 fd, u16 events) each. */
static void put_fdlist(struct sc_rec *r, u64 ptr, u64 n)
{
	u8 *d = cur(r);
	struct pollfd pf;
	u16 k = 0;
	u64 i;

	if (n > 32)
		n = 32;
	if (room(r) < 2 + 32 * 10) {
		put_empty(r);
		return;
	}
	for (i = 0; i < n; i++) {
		s64 fd;
		u16 ev;

		if (uread(r, &pf, ptr + i * sizeof(pf), sizeof(pf)))
			break;
		if (r->is_exit && !pf.revents)
			continue;
		fd = pf.fd;
		ev = sc_xlat_poll_events(r->is_exit ? pf.revents : pf.events);
		memcpy(d + 2 + k * 10, &fd, 8);
		memcpy(d + 10 + k * 10, &ev, 2);
		k++;
	}
	memcpy(d, &k, 2);
	put_len(r, 2 + k * 10);
}

/* --- memory and files of the current task --- */

static u32 encode_dev(dev_t d)
{
	return new_encode_dev(d);
}

static u64 vm_kib(struct mm_struct *mm, int which)
{
	long v;

	if (!mm)
		return 0;
	if (which == 0)
		return mm->total_vm << (PAGE_SHIFT - 10);
	if (which == 1)
		v = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
		    get_mm_counter(mm, MM_SHMEMPAGES);
	else
		v = get_mm_counter(mm, MM_SWAPENTS);
	return v < 0 ? 0 : (u64)v << (PAGE_SHIFT - 10);
}

static void put_fd_dev(struct sc_rec *r, s64 fd)
{
	struct file *f = r->ret >= 0 ? fd_get(fd) : NULL;
	u32 dev = 0;

	if (f) {
		dev = encode_dev(file_inode(f)->i_sb->s_dev);
		fput(f);
	}
	put_int(r, dev, 4);
}

static void put_pipe_ino(struct sc_rec *r)
{
	int fds[2] = { -1, -1 };
	struct file *f;
	u64 ino = 0;

	if (r->ret >= 0 && !uread(r, fds, r->args[0], sizeof(fds))) {
		f = fd_get(fds[0]);
		if (f) {
			ino = file_inode(f)->i_ino;
			fput(f);
		}
	}
	put_int(r, ino, 8);
}

static void put_unix_pair(struct sc_rec *r, bool peer)
{
	int fds[2] = { -1, -1 };
	u64 v = 0;

	if (r->ret >= 0 && !uread(r, fds, r->args[3], sizeof(fds))) {
		struct file *f = fd_get(fds[0]);
		struct sock *sk = f ? file_sock(f) : NULL;

		if (sk)
			v = (u64)(uintptr_t)(peer ? READ_ONCE(unix_sk(sk)->peer) : sk);
		if (f)
			fput(f);
	}
	put_int(r, v, 8);
}

/* --- DYN parameters, semop, quotactl (shapes: driver/abi/fill_shapes.h) --- */

/* A DYN parameter: its shape index, then the low size bytes of v. */
static void put_dyn(struct sc_rec *r, u8 idx, u64 v, u8 size)
{
	u8 b[9];

	b[0] = idx;
	memcpy(b + 1, &v, size);   /* little-endian: the low bytes first */
	put_bytes(r, b, 1 + size);
}

/*
 * setsockopt/getsockopt value: arg3 the value, its length arg4 (setsockopt)
 * or the int at user address arg4 after the call (getsockopt); read
 * whatever the result, as sysdig's driver does.
 */
static void put_sockopt_val(struct sc_rec *r)
{
	u64 ptr = r->args[3];
	u8 shape = sc_shape_sockopt(r->args[1], r->args[2]);
	s64 len = (s32)r->args[4];
	u32 n;

	if (r->type == SCE_SOCKET_GETSOCKOPT_X) {
		s32 l = 0;

		uread(r, &l, r->args[4], sizeof(l));
		len = l;
	}
	if (shape != SC_DYN_SOCKOPT_UNKNOWN) {
		union sc_sockopt_raw u;
		u64 v;
		u8 width;

		memset(&u, 0, sizeof(u));
		if (uread(r, &u, ptr, sc_sockopt_read_len(shape))) {
			put_empty(r);
			return;
		}
		v = sc_sockopt_value(shape, &u, &width);
		put_dyn(r, shape, v, width);
		return;
	}
	/* any other option: its raw bytes, cut to the snaplen */
	if (!room(r)) {
		put_len(r, 1);   /* does not fit: the record is dropped */
		return;
	}
	n = len <= 0 ? 0 : len > r->snaplen ? r->snaplen : len;
	n = min3(n, (u32)SC_KMOD_BUF_MAX, room(r) - 1);
	cur(r)[0] = SC_DYN_SOCKOPT_UNKNOWN;
	if (n && uread(r, cur(r) + 1, ptr, n))
		n = 0;
	put_len(r, 1 + n);
}

/* ptrace exit addr (arg2) or data (arg3); both 0 when the call failed. */
static void put_ptrace(struct sc_rec *r, bool data)
{
	u64 v = data ? r->args[3] : r->args[2];
	u8 shape = SC_DYN_PTRACE_UINT64;
	int deref = 0;

	if (r->ret < 0) {
		put_dyn(r, SC_DYN_PTRACE_UINT64, 0, 8);
		return;
	}
	if (data)
		shape = sc_shape_ptrace_data(r->args[0], &deref);
	if (deref) {   /* PEEK*: the word the kernel stored at data */
		u64 w = 0;

		if (uread(r, &w, v, sizeof(w))) {
			put_empty(r);
			return;
		}
		v = w;
	}
	put_dyn(r, shape, v, shape == SC_DYN_PTRACE_SIGTYPE ? 1 : 8);
}

/* semop exit: res, nsops and the first two sembufs (zeros for a missing second one). */
static void fill_semop(struct sc_rec *r)
{
	u64 n = r->args[2], ptr = r->args[1];
	struct { u16 num; s16 op; s16 flg; } sb[2];
	int j;

	put_int(r, r->ret, 8);
	put_int(r, n, 4);
	if (!n || !ptr)   /* sysdig's driver stops here: the sembufs stay empty */
		return;
	memset(sb, 0, sizeof(sb));
	if (uread(r, sb, ptr, n >= 2 ? sizeof(sb) : sizeof(sb[0])))
		memset(sb, 0, sizeof(sb));
	for (j = 0; j < 2; j++) {
		put_int(r, sb[j].num, 2);
		put_int(r, (u16)sb[j].op, 2);
		put_int(r, sc_xlat_semop_flags((u16)sb[j].flg), 2);
	}
}

/*
 * quotactl: enter cmd, type, id (per-id commands only), format (Q_QUOTAON
 * only); exit res, special, quota file (Q_QUOTAON), the dqblk at arg3
 * (Q_GETQUOTA/Q_SETQUOTA, whatever the result), the dqinfo (Q_GETINFO/
 * Q_SETINFO) and the format Q_GETFMT read back.
 */
static void fill_quotactl(struct sc_rec *r)
{
	u16 cmd = sc_xlat_quotactl_cmd(r->args[0]);
	u64 addr = r->args[3];
	struct sc_if_dqblk b;
	struct sc_if_dqinfo in;
	u32 fmt = 0;
	unsigned int i;

	if (!r->is_exit) {
		put_int(r, cmd, 2);
		put_int(r, sc_xlat_quotactl_type(r->args[0]), 1);
		put_int(r, cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA || cmd == SC_Q_XGETQUOTA ||
			   cmd == SC_Q_XSETQLIM ? (u32)r->args[2] : 0, 4);
		put_int(r, cmd == SC_Q_QUOTAON ? sc_xlat_quotactl_fmt(r->args[2]) : SC_QFMT_NOT_USED, 1);
		return;
	}
	put_int(r, r->ret, 8);
	put_ustr(r, r->args[1]);
	if (cmd == SC_Q_QUOTAON)
		put_ustr(r, addr);
	else
		put_bytes(r, "", 1);
	memset(&b, 0, sizeof(b));
	if ((cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA) && uread(r, &b, addr, sizeof(b)))
		b.valid = 0;
	for (i = 0; i < SC_DQBLK_NPARAMS; i++)
		put_int(r, sc_shape_dqblk(&b, i), 8);
	memset(&in, 0, sizeof(in));
	if ((cmd == SC_Q_GETINFO || cmd == SC_Q_SETINFO) && uread(r, &in, addr, sizeof(in)))
		in.valid = 0;
	put_int(r, sc_shape_dqinfo(&in, 0), 8);
	put_int(r, sc_shape_dqinfo(&in, 1), 8);
	put_int(r, sc_shape_dqinfo(&in, 2), 1);
	if (cmd == SC_Q_GETFMT)
		uread(r, &fmt, addr, sizeof(fmt));
	put_int(r, cmd == SC_Q_GETFMT ? sc_xlat_quotactl_fmt(fmt) : SC_QFMT_NOT_USED, 1);
}

static void put_special(struct sc_rec *r, u8 sp, u32 i)
{
	u64 a0 = r->args[0], a1 = r->args[1], a2 = r->args[2];
	long ret = r->ret;

	switch (sp) {
	case SC_FILL_SP_FD_DEV:
		put_fd_dev(r, ret);
		return;
	case SC_FILL_SP_FD_TUPLE:
		/* connect, even a failed one: the peer is the address asked for */
		if (a1 && a2)
			put_tuple(r, (int)a0, a1, a2, false);
		else
			put_empty(r);
		return;
	case SC_FILL_SP_SENDTO_TUPLE:
		/* none without a destination (a connected socket) */
		if (r->args[4] && r->args[5])
			put_tuple(r, (int)a0, r->args[4], r->args[5], false);
		else
			put_empty(r);
		return;
	case SC_FILL_SP_RECVFROM_TUPLE: {
		int l = 0;

		if (ret >= 0 && r->args[4] && r->args[5] && !uread(r, &l, r->args[5], sizeof(l)) && l > 0)
			put_tuple(r, (int)a0, r->args[4], l, true);
		else   /* none when the caller did not ask for the source */
			put_empty(r);
		return;
	}
	case SC_FILL_SP_ACCEPT_TUPLE:
		if (ret < 0)
			put_empty(r);
		else
			put_tuple(r, ret, 0, 0, true);
		return;
	case SC_FILL_SP_ACCEPT_QUEUEPCT:
	case SC_FILL_SP_ACCEPT_QUEUELEN:
	case SC_FILL_SP_ACCEPT_QUEUEMAX: {
		struct file *f = ret >= 0 ? fd_get((int)a0) : NULL;
		struct sock *sk = f ? file_sock(f) : NULL;
		u32 len = 0, max = 0;

		if (sk) {
			len = READ_ONCE(sk->sk_ack_backlog);
			max = READ_ONCE(sk->sk_max_ack_backlog);
		}
		if (f)
			fput(f);
		put_int(r, sp == SC_FILL_SP_ACCEPT_QUEUELEN ? len : sp == SC_FILL_SP_ACCEPT_QUEUEMAX ? max :
			   max ? len * 100 / max : 0, param_size(r, i));
		return;
	}
	case SC_FILL_SP_PIPE_INO:
		put_pipe_ino(r);
		return;
	case SC_FILL_SP_UNIX_SRC:
	case SC_FILL_SP_UNIX_PEER:
		put_unix_pair(r, sp == SC_FILL_SP_UNIX_PEER);
		return;
	case SC_FILL_SP_IOV_SIZE:
		if (r->type == SCE_SYSCALL_READV_X || r->type == SCE_SYSCALL_PREADV_X)
			put_int(r, ret > 0 ? ret : 0, 4);   /* what was read */
		else
			put_iov(r, a1, a2, -1, true);
		return;
	case SC_FILL_SP_IOV_DATA_RET:
		put_iov(r, a1, a2, ret > 0 ? ret : 0, false);
		return;
	case SC_FILL_SP_IOV_DATA_ARGS:
		put_iov(r, a1, a2, -1, false);
		return;
	case SC_FILL_SP_MSG_SIZE:
	case SC_FILL_SP_MSG_DATA:
	case SC_FILL_SP_MSG_TUPLE:
		put_msg(r, sp);
		return;
	case SC_FILL_SP_VM_SIZE:
	case SC_FILL_SP_VM_RSS:
	case SC_FILL_SP_VM_SWAP:
		put_int(r, vm_kib(current->mm, sp - SC_FILL_SP_VM_SIZE), 4);
		return;
	case SC_FILL_SP_RLIMIT_CUR:
	case SC_FILL_SP_RLIMIT_MAX: {
		s64 rl[2] = { -1, -1 };

		if (ret >= 0 || r->type == SCE_SYSCALL_SETRLIMIT_X)
			uread(r, rl, a1, sizeof(rl));
		put_int(r, rl[sp == SC_FILL_SP_RLIMIT_MAX], 8);
		return;
	}
	case SC_FILL_SP_PRLIMIT_NEWCUR:
	case SC_FILL_SP_PRLIMIT_NEWMAX:
	case SC_FILL_SP_PRLIMIT_OLDCUR:
	case SC_FILL_SP_PRLIMIT_OLDMAX: {
		s64 rl[2] = { -1, -1 };
		bool old = sp == SC_FILL_SP_PRLIMIT_OLDCUR || sp == SC_FILL_SP_PRLIMIT_OLDMAX;
		bool max = sp == SC_FILL_SP_PRLIMIT_NEWMAX || sp == SC_FILL_SP_PRLIMIT_OLDMAX;

		if (ret >= 0)
			uread(r, rl, old ? r->args[3] : a2, sizeof(rl));
		put_int(r, rl[max], 8);
		return;
	}
	case SC_FILL_SP_SIGSET: {
		u32 v = 0;

		uread(r, &v, r->args[3], sizeof(v));
		put_int(r, v, 4);
		return;
	}
	case SC_FILL_SP_FDLIST:
		put_fdlist(r, a0, a1);
		return;
	case SC_FILL_SP_OPENAT2_FLAGS:
	case SC_FILL_SP_OPENAT2_MODE:
	case SC_FILL_SP_OPENAT2_RESOLVE: {
		u64 how[3] = { 0, 0, 0 };

		uread(r, how, a2, sizeof(how));
		put_int(r, sp == SC_FILL_SP_OPENAT2_FLAGS ? sc_xlat_open_flags(how[0]) :
			   sp == SC_FILL_SP_OPENAT2_MODE ? sc_xlat_open_mode(how[0], how[1]) :
			   sc_xlat_openat2_resolve(how[2]), param_size(r, i));
		return;
	}
	case SC_FILL_SP_BPF_RES_OR_FD:
		put_dyn(r, sc_shape_bpf_res(a0, ret), ret, 8);
		return;
	case SC_FILL_SP_SOCKOPT_VAL:
		put_sockopt_val(r);
		return;
	case SC_FILL_SP_SOCKOPT_LEN: {
		u32 l = 0;

		uread(r, &l, r->args[4], sizeof(l));
		put_int(r, l, 4);
		return;
	}
	case SC_FILL_SP_PTRACE_ADDR:
	case SC_FILL_SP_PTRACE_DATA:
		put_ptrace(r, sp == SC_FILL_SP_PTRACE_DATA);
		return;
	case SC_FILL_SP_SEMCTL_VAL:   /* only SETVAL (16) carries a value */
		put_int(r, a2 == 16 ? (u64)(s64)(s32)r->args[3] : 0, param_size(r, i));
		return;
	}
	put_zero(r, i);
}

/* --- the process image of execve, clone and fork exits --- */

enum { LIST_ALL, LIST_FIRST, LIST_REST };

/* A NULL-terminated user array of strings (argv, envp) as NUL-separated bytes. */
static void put_user_list(struct sc_rec *r, u64 arr, int mode, u32 limit)
{
	u32 o = 0, i;
	u8 *d = cur(r);

	if (room(r) < 2) {
		put_empty(r);
		return;
	}
	if (limit > room(r) - 1)
		limit = room(r) - 1;
	for (i = mode == LIST_REST ? 1 : 0; arr && i < 256 && o < limit; i++) {
		u64 p = 0;
		long n;

		if (uread(r, &p, arr + i * 8, 8) || !p)
			break;
		r->off += o;
		n = ustr_at(r, p, limit - o);
		r->off -= o;
		if (n < 0)
			break;
		o += n;
		if (mode == LIST_FIRST)
			break;
	}
	if (mode == LIST_FIRST) {
		if (!o)
			d[o++] = 0;
	}
	put_len(r, o);
}

/* A range of the task's own memory (args, environment), NUL-terminated. */
static void put_mm_range(struct sc_rec *r, unsigned long start, unsigned long end, u32 limit,
			 bool first_only, bool skip_first)
{
	u8 *d = cur(r);
	u32 n, f = 0;

	if (!start || end <= start || !room(r)) {
		put_empty(r);
		return;
	}
	n = end - start > limit ? limit : end - start;
	if (n > room(r))
		n = room(r);
	if (uread(r, d, start, n)) {
		put_empty(r);
		return;
	}
	d[n - 1] = 0;
	f = strnlen(d, n) + 1;
	if (first_only) {
		put_len(r, f > n ? n : f);
		return;
	}
	if (skip_first) {
		if (f >= n) {
			put_empty(r);
			return;
		}
		memmove(d, d + f, n - f);
		n -= f;
	}
	put_len(r, n);
}

static s64 pid_in_ns(struct pid *p)
{
	return p ? pid_vnr(p) : 0;
}

static void fill_proc_startupdate(struct sc_rec *r)
{
	const struct sc_event_info *ei = &sc_event_table[r->type];
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;
	const struct cred *cred = current_cred();
	bool is_exec = r->type == SCE_SYSCALL_EXECVE_19_X || r->type == SCE_SYSCALL_EXECVEAT_X;
	bool failed_exec = is_exec && r->ret < 0;
	int argi = r->type == SCE_SYSCALL_EXECVEAT_X ? 2 : 1;
	u32 big = r->snaplen > SC_KMOD_ARGS_MAX ? r->snaplen : SC_KMOD_ARGS_MAX;
	u32 i;

	if (big > SC_KMOD_BUF_MAX)
		big = SC_KMOD_BUF_MAX;
	for (i = 0; i < ei->nparams; i++) {
		const char *name = ei->params[i].name;
		u8 size = param_size(r, i);

		if (!strcmp(name, "res")) {
			put_int(r, r->ret, size);
		} else if (!strcmp(name, "exe")) {
			if (failed_exec)
				put_user_list(r, r->args[argi], LIST_FIRST, SC_KMOD_STR_MAX);
			else if (mm)
				put_mm_range(r, mm->arg_start, mm->arg_end, SC_KMOD_STR_MAX, true, false);
			else
				put_kstr(r, "");
		} else if (!strcmp(name, "args")) {
			if (failed_exec)
				put_user_list(r, r->args[argi], LIST_REST, big);
			else if (mm)
				put_mm_range(r, mm->arg_start, mm->arg_end, big, false, true);
			else
				put_empty(r);
		} else if (!strcmp(name, "env")) {
			if (failed_exec)
				put_user_list(r, r->args[argi + 1], LIST_ALL, SC_KMOD_ARGS_MAX);
			else if (mm)
				put_mm_range(r, mm->env_start, mm->env_end, SC_KMOD_ARGS_MAX, false, false);
			else
				put_empty(r);
		} else if (!strcmp(name, "tid")) {
			put_int(r, t->pid, size);
		} else if (!strcmp(name, "pid")) {
			put_int(r, t->tgid, size);
		} else if (!strcmp(name, "ptid")) {
			s64 pp;

			rcu_read_lock();
			pp = rcu_dereference(t->real_parent)->pid;
			rcu_read_unlock();
			put_int(r, pp, size);
		} else if (!strcmp(name, "cwd")) {
			put_kstr(r, "");   /* as sysdig's driver: user space keeps the cwd */
		} else if (!strcmp(name, "fdlimit")) {
			put_int(r, task_rlimit(t, RLIMIT_NOFILE), size);
		} else if (!strcmp(name, "pgft_maj")) {
			put_int(r, t->maj_flt, size);
		} else if (!strcmp(name, "pgft_min")) {
			put_int(r, t->min_flt, size);
		} else if (!strcmp(name, "vm_size")) {
			put_int(r, vm_kib(mm, 0), size);
		} else if (!strcmp(name, "vm_rss")) {
			put_int(r, vm_kib(mm, 1), size);
		} else if (!strcmp(name, "vm_swap")) {
			put_int(r, vm_kib(mm, 2), size);
		} else if (!strcmp(name, "comm")) {
			char comm[TASK_COMM_LEN];

			strscpy(comm, t->comm, sizeof(comm));
			put_kstr(r, comm);
		} else if (!strcmp(name, "cgroups")) {
			put_empty(r);
		} else if (!strcmp(name, "tty")) {
			struct tty_struct *tty = READ_ONCE(t->signal->tty);
			u32 v = 0;

			if (tty && tty->driver)
				v = encode_dev(MKDEV(tty->driver->major, tty->driver->minor_start) + tty->index);
			put_int(r, v, size);
		} else if (!strcmp(name, "pgid")) {
			s64 v;

			rcu_read_lock();
			v = pid_in_ns(task_pgrp(t));
			rcu_read_unlock();
			put_int(r, v, size);
		} else if (!strcmp(name, "loginuid")) {
			put_int(r, (u32)from_kuid(&init_user_ns, audit_get_loginuid(t)), size);   /* none: -1 */
		} else if (!strcmp(name, "flags")) {
			u64 fl = 0;

			/* only clone's own flag argument counts (fork and vfork: none) */
			if (r->type == SCE_SYSCALL_CLONE_20_X)
				fl = r->args[0];
			else if (r->type == SCE_SYSCALL_CLONE3_X)
				uread(r, &fl, r->args[0], 8);
			put_int(r, is_exec ? 0 : sc_xlat_clone_flags(fl), size);
		} else if (!strcmp(name, "uid")) {
			put_int(r, from_kuid_munged(&init_user_ns, cred->euid), size);
		} else if (!strcmp(name, "gid")) {
			put_int(r, from_kgid_munged(&init_user_ns, cred->egid), size);
		} else if (!strcmp(name, "vtid")) {
			put_int(r, task_pid_vnr(t), size);
		} else if (!strcmp(name, "vpid")) {
			put_int(r, task_tgid_vnr(t), size);
		} else {
			put_zero(r, i);
		}
	}
}

/* --- the table walk --- */

static u64 arg_of(const struct sc_rec *r, u8 i)
{
	return i < 6 ? r->args[i] : 0;
}

void sc_fill_syscall(struct sc_rec *r, long nr)
{
	const struct sc_fill_event *fe = &sc_fill_table[r->type];
	u32 i;

	if (fe->special == SC_FILL_SP_GENERIC) {
		put_int(r, nr >= 0 && nr < SC_X86_SYSCALL_MAX ? sc_x86_syscalls[nr].code : SC_SC_UNKNOWN, 2);
		if (!r->is_exit)
			put_int(r, nr, 2);
		return;
	}
	if (fe->special == SC_FILL_SP_PROC_STARTUPDATE) {
		fill_proc_startupdate(r);
		return;
	}
	if (fe->special == SC_FILL_SP_SEMOP) {
		fill_semop(r);
		return;
	}
	if (fe->special == SC_FILL_SP_QUOTACTL) {
		fill_quotactl(r);
		return;
	}
	if (fe->special || !(fe->flags & SC_FILL_F_FILLED)) {
		for (i = 0; i < r->nparams; i++)
			put_zero(r, i);
		return;
	}
	for (i = 0; i < fe->nparams && i < r->nparams; i++) {
		const struct sc_fill_param *p = &fe->params[i];
		u8 type = sc_event_table[r->type].params[i].type;
		bool sext;
		u8 size = ptype_size(type, &sext);
		u64 a = arg_of(r, p->arg);

		switch (p->src) {
		case SC_FILL_ARG:
			if (p->xlat)
				a = sc_xlat_apply(p->xlat, a, arg_of(r, p->len));
			else if (sext)
				a = (s64)(s32)a;
			put_int(r, a, size);
			break;
		case SC_FILL_RET:
			put_int(r, p->xlat ? sc_xlat_apply(p->xlat, r->ret, 0) : (u64)r->ret, size);
			break;
		case SC_FILL_STR:
			put_ustr(r, a);
			break;
		case SC_FILL_BUF:
			put_ubuf(r, a, p->len == SC_FILL_LEN_RET ? r->ret : (s64)arg_of(r, p->len));
			break;
		case SC_FILL_SOCKADDR:
			if (p->len & SC_FILL_LEN_DEREF) {
				int l = 0;

				if (r->ret >= 0 && !uread(r, &l, arg_of(r, p->len & 7), sizeof(l)))
					put_sockaddr(r, a, l);
				else
					put_empty(r);
			} else {
				put_sockaddr(r, a, arg_of(r, p->len));
			}
			break;
		case SC_FILL_TIMESPEC: {
			s64 ts[2] = { 0, 0 };

			if (a)
				uread(r, ts, a, sizeof(ts));
			put_int(r, ts[0] * 1000000000ULL + ts[1], 8);
			break;
		}
		case SC_FILL_CONST:
			put_int(r, (s64)p->value, size);
			break;
		case SC_FILL_DEREF: {
			u64 v = 0;

			if (a) {
				a += p->value;
				if (sext || size <= 4) {
					s32 v32 = 0;

					uread(r, &v32, a, sizeof(v32));
					v = sext ? (u64)(s64)v32 : (u32)v32;
				} else {
					uread(r, &v, a, sizeof(v));
				}
			}
			put_int(r, v, size);
			break;
		}
		case SC_FILL_SPECIAL:
			put_special(r, p->xlat, i);
			break;
		default:
			put_empty(r);
			break;
		}
	}
}

/* procexit: wait status, exit code, signal, core dumped. */
void sc_fill_procexit(struct sc_rec *r, struct task_struct *p)
{
	u32 code = p->exit_code;

	put_int(r, (s64)code, 8);
	put_int(r, (s64)(code >> 8), 8);
	put_int(r, code & 0x7f, 1);
	put_int(r, (code & 0x80) ? 1 : 0, 1);
}

/* signaldeliver: the sender when the signal says (user-sent, SIGKILL, SIGCHLD), the receiver, the signal. */
void sc_fill_signal(struct sc_rec *r, int sig, const struct kernel_siginfo *info)
{
	s64 spid = 0;

	if ((unsigned long)info > 1 && (info->si_code <= 0 || sig == SIGKILL || sig == SIGCHLD))
		spid = info->si_pid;
	put_int(r, spid, 8);
	put_int(r, current->pid, 8);
	put_int(r, sig, 1);
}

void sc_fill_switch(struct sc_rec *r, struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = prev->mm;

	put_int(r, next->pid, 8);
	put_int(r, prev->maj_flt, 8);
	put_int(r, prev->min_flt, 8);
	put_int(r, vm_kib(mm, 0), 4);
	put_int(r, vm_kib(mm, 1), 4);
	put_int(r, vm_kib(mm, 2), 4);
}
