// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * syscope.bpf.c - the eBPF probe: taps raw_syscalls enter/exit and the
 * scheduler's process events and writes .scap records (driver/abi/sc_abi.h)
 * into one BPF ring buffer per CPU.
 *
 * Most records are described by a table row (struct sc_bpf_event, filled by
 * the loader before load): one loop here interprets it, and rows of plain
 * integers with at most one trailing buffer (read, write, close...) take a
 * one-pass path without a call per parameter (emit_fast). Only the process
 * snapshot of execve/clone exits, procexit, context switches and the
 * generic event are written by hand.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#include "sc_abi.h"
#include "flag_xlat.h"
#include "fill_shapes.h"
#include "syscope.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Event ids the probe writes by hand (checked against sc_events.h by the loader). */
#define EV_GENERIC_E 0
#define EV_GENERIC_X 1
#define EV_SCHEDSWITCH_6_E 152
#define EV_PROCEXIT_1_E 186
#define EV_SIGNALDELIVER_E 232
#define EV_CLONE_20_X 223
#define EV_FORK_20_X 225
#define EV_VFORK_20_X 227
#define EV_EXECVE_19_X 293
#define EV_EXECVEAT_X 331
#define EV_CLONE3_X 335

#define HDR_LEN 26
/* v &= mask in a way clang cannot drop: the verifier needs to see the bound */
#define BOUND(v, mask) asm volatile("%[x] &= " #mask : [x] "+r"(v))
#define MASK (SC_BPF_HALF - 1)
#define AT_FDCWD_NATIVE -100

/* Load-time settings, written by the loader through the skeleton. */
const volatile __u32 self_tgid;
const volatile __u32 snaplen = 80;
const volatile __u64 mono_to_epoch;     /* add to CLOCK_MONOTONIC ns to get epoch ns */
const volatile __u32 wake_shift = 18;   /* wake the reader at each 1 << wake_shift bytes written */
const volatile __u32 ring_mask = (1 << 16) - 1;   /* ring data bytes - 1 (a power of two) */
const volatile __u8 want_switch;
const volatile __u8 want_procexit = 1;
const volatile __u8 want_signals = 1;
const volatile struct sc_bpf_nr nr_table[SC_BPF_NR_MAX];
const volatile struct sc_bpf_event ev_table[SC_BPF_EVENT_MAX];

/* Runtime switches (mmapped by the loader): which syscalls leave the kernel. */
__u8 nr_wanted[SC_BPF_NR_MAX];
__u8 capturing;

/*
 * The per-CPU rings (syscope.h), one value per CPU; the loader sets the value
 * size (header + ring + slack) and the number of CPUs. No BTF type: the
 * value is raw bytes.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(key_size, 4);
	__uint(value_size, SC_BPF_RING_HDR + (1 << 16) + SC_BPF_RING_SLACK);
	__uint(max_entries, 1);
} ring_map SEC(".maps");

/* Nothing but wakeups: the reader sleeps on it (epoll) between looks at the rings. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} wake_map SEC(".maps");

struct scratch {
	__u32 off;       /* where the next value goes */
	__u32 idx;       /* next parameter */
	__u32 np;        /* parameters in the record */
	__u32 pad;
	__u64 args[6];
	__s64 ret;
	__u32 is_exit;
	__u32 pad2;
	struct sc_bpf_param cur;  /* the table parameter being filled */
	__u32 pad3;
	__u8 buf[SC_BPF_SCRATCH];
	__u8 tmp[256];   /* sockaddrs */
};

/* One per CPU (indexed by CPU id, sized by the loader): too big for a per-CPU map. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sc_bpf_counters);
} counters SEC(".maps");

/* Enter time of syscalls whose enter record is written at exit. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} enter_ts SEC(".maps");

static __always_inline struct sc_bpf_counters *cnt(void)
{
	__u32 z = 0;

	return bpf_map_lookup_elem(&counters, &z);
}

/*
 * The time of an event. The monotonic clock, as sysdig's first eBPF probe
 * read it: its helper is one call shorter than the boot-time one's, and with
 * two reads per syscall that was ~25 ns a syscall here (bpf_stats, dd loop).
 * The price: time a machine spends suspended during a capture is not
 * counted, so events after a resume are stamped that much early.
 */
static __always_inline __u64 now(void)
{
	return bpf_ktime_get_ns() + mono_to_epoch;
}

/*
 * Writing a record into this CPU's ring. slot_open() checks the room for
 * `need` bytes and returns where the record goes (NULL: no room, counted as
 * a drop); the caller writes it in place, at most `need` bytes, and
 * slot_close() publishes it by moving the head. No lock and no helper call:
 * the hooks run with preemption off, so one CPU's ring has one writer at a
 * time; the busy mark makes a hook that would nest (none does on kernels we
 * know) drop its record, counted, rather than corrupt the one under way.
 */
struct slot {
	__u8 *base;   /* the ring's value: header page, then data */
	__u64 head;
};

static __always_inline __u8 *slot_open(struct slot *o, __u32 need)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct sc_bpf_ring_hdr *h;
	struct sc_bpf_counters *c;
	__u8 *b = bpf_map_lookup_elem(&ring_map, &cpu);
	__u64 head;

	if (!b)
		return NULL;
	h = (void *)b;
	if (*(volatile __u64 *)&h->busy) {
		c = cnt();
		if (c)
			c->drops_nested++;
		return NULL;
	}
	/*
	 * The mark goes up before the head is read: a hook that nests between
	 * the test above and the mark runs to its end first, so the head read
	 * below already has its record; one that nests after the mark drops.
	 */
	*(volatile __u64 *)&h->busy = 1;
	head = *(volatile __u64 *)&h->head;
	if (head - *(volatile __u64 *)&h->tail > (__u64)ring_mask + 1 - need) {
		*(volatile __u64 *)&h->busy = 0;
		c = cnt();   /* looked up only when needed: the success path stays short */
		if (c)
			c->drops_full++;
		return NULL;
	}
	o->base = b;
	o->head = head;
	return b + SC_BPF_RING_HDR + (head & ring_mask);
}

/*
 * Wakes the reader when the head crosses a multiple of 1 << wake_shift bytes
 * (256 KiB), never per record: a wakeup is an irq_work, a self-interrupt, a
 * VM exit here. The reader also looks on its own every few tens of ms.
 */
static __always_inline void slot_close(struct slot *o, __u32 len)
{
	struct sc_bpf_ring_hdr *h = (void *)o->base;
	__u64 head = o->head, next = head + ((len + 7) & ~7u);

	asm volatile("" ::: "memory");   /* the record before the head that publishes it */
	*(volatile __u64 *)&h->head = next;
	*(volatile __u64 *)&h->busy = 0;   /* after the head (volatile: not moved before it) */
	if ((head >> wake_shift) != (next >> wake_shift)) {
		__u64 one = 1;

		bpf_ringbuf_output(&wake_map, &one, sizeof(one), BPF_RB_FORCE_WAKEUP);
	}
}

/* --- record assembly in the per-CPU scratch --- */

static __always_inline struct scratch *get_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&scratch_map, &cpu);
}

static __always_inline void rec_begin(struct scratch *s, __u16 type, __u32 np, __u64 ts, __u64 tid)
{
	struct sc_evt_hdr_bpf {
		__u64 ts;
		__u64 tid;
		__u32 len;
		__u16 type;
		__u32 nparams;
	} __attribute__((packed)) *h = (void *)s->buf;

	h->ts = ts;
	h->tid = tid;
	h->len = 0;
	h->type = type;
	h->nparams = np;
	s->np = np & 63;
	s->idx = 0;
	s->off = HDR_LEN + 2 * (np & 63);
}

static __always_inline void put_len(struct scratch *s, __u32 len)
{
	/* records never have more than 32 parameters; the mask is for the verifier */
	__u32 i = s->idx & 31;

	*(__u16 *)&s->buf[HDR_LEN + 2 * i] = len;
	s->idx = i + 1;
	s->off += len;
}

static __always_inline void put_int(struct scratch *s, __u64 v, __u8 size)
{
	__u32 off = s->off & MASK;

	switch (size) {
	case 1: *(__u8 *)&s->buf[off] = v; break;
	case 2: *(__u16 *)&s->buf[off] = v; break;
	case 4: *(__u32 *)&s->buf[off] = v; break;
	default: *(__u64 *)&s->buf[off] = v; size = 8; break;
	}
	put_len(s, size);
}

static __always_inline void put_empty(struct scratch *s)
{
	put_len(s, 0);
}

/* User memory a filler needed could not be read. */
static __always_inline void count_fault(void)
{
	struct sc_bpf_counters *c = cnt();

	if (c)
		c->drops_fault++;
}

/* A user string; "(NULL)" for a null pointer, empty when it cannot be read. */
static __noinline int put_ustr(struct scratch *s, __u64 ptr)
{
	__u32 off = s->off & MASK;
	long n;

	if (!ptr) {
		n = bpf_probe_read_kernel_str(&s->buf[off], 7, "(NULL)");
	} else {
		n = bpf_probe_read_user_str(&s->buf[off], SC_BPF_STR_MAX, (void *)ptr);
		if (n < 0) {
			count_fault();
			n = 0;
		}
	}
	if (n < 0)
		n = 0;
	put_len(s, n);
	return 0;
}

static __noinline int put_kstr(struct scratch *s, const void *p)
{
	__u32 off = s->off & MASK;
	long n = bpf_probe_read_kernel_str(&s->buf[off], SC_BPF_STR_MAX, p);

	put_len(s, n > 0 ? n : 0);
	return 0;
}

#define SMALL_READ 80   /* bytes; a multiple of 8 */

/* User bytes, cut to the snaplen. */
static __noinline int put_ubuf(struct scratch *s, __u64 ptr, __s64 len)
{
	__u32 off = s->off & MASK;
	__u32 n;

	if (len <= 0 || !ptr) {
		put_len(s, 0);
		return 0;
	}
	n = len > snaplen ? snaplen : len;
	if (n > SC_BPF_BUF_MAX)
		n = SC_BPF_BUF_MAX;
	n &= MASK;
	if (n <= SMALL_READ) {
		/*
		 * Small reads (the default snaplen) land on the stack first: the
		 * kernel's usercopy hardening checks a stack destination in a few
		 * instructions, a map value (vmalloc memory) through a longer path.
		 */
		__u64 tmp[SMALL_READ / 8] = { 0 };

		if (bpf_probe_read_user(tmp, n, (void *)ptr)) {
			count_fault();
			n = 0;
		}
		__builtin_memcpy(&s->buf[off], tmp, SMALL_READ);
		put_len(s, n);
		return 0;
	}
	if (bpf_probe_read_user(&s->buf[off], n, (void *)ptr)) {
		count_fault();
		n = 0;
	}
	put_len(s, n);
	return 0;
}

/* iovec data: up to `total` bytes (and the snaplen) gathered from `cnt` entries. */
struct iov_walk {
	struct scratch *s;
	__u64 iovp;
	__u64 count;
	__u32 room, got, sum, off;
	__u32 len_only;
};

/* One iovec of the walk (a bpf_loop callback: verified once, whatever the count). */
static long iov_step(__u32 i, void *ctx)
{
	struct iov_walk *w = ctx;
	struct scratch *s = w->s;
	struct iovec iov;
	__u32 n;

	if (i >= w->count || !s)
		return 1;
	if (bpf_probe_read_user(&iov, sizeof(iov), (void *)(w->iovp + i * sizeof(iov))))
		return 1;
	w->sum += iov.iov_len;
	if (w->len_only || w->got >= w->room)
		return 0;
	n = w->room - w->got;
	if (iov.iov_len < n)
		n = iov.iov_len;
	if (n > SC_BPF_BUF_MAX)
		n = SC_BPF_BUF_MAX;
	BOUND(n, 0x7fff);
	if (bpf_probe_read_user(&s->buf[(w->off + w->got) & MASK], n, iov.iov_base))
		return 1;
	w->got += n;
	return 0;
}

/* iovec data: up to `total` bytes (and the snaplen) gathered from `count` entries. */
static __always_inline int put_iov_body(struct scratch *s, __u64 iovp, __u64 count, __s64 total, bool len_only)
{
	struct iov_walk w = { .s = s, .iovp = iovp, .count = count, .off = s->off,
			      .len_only = len_only };

	w.room = snaplen > SC_BPF_BUF_MAX ? SC_BPF_BUF_MAX : snaplen;
	if (total >= 0 && total < w.room)
		w.room = total;
	if (count > 1024)
		count = 1024;
	bpf_loop(count, iov_step, &w, 0);
	if (len_only) {
		*(__u32 *)&s->buf[w.off & MASK] = w.sum;
		put_len(s, 4);
	} else {
		put_len(s, w.got);
	}
	return 0;
}

/* Verified once, on its own (a global function); s is never NULL in practice. */
__noinline int put_iov(struct scratch *s, __u64 iovp, __u64 count, __s64 total, bool len_only)
{
	if (!s)
		return 0;
	return put_iov_body(s, iovp, count, total, len_only);
}

/* struct sockaddr from user space, in the .scap SOCKADDR shape. */
static __noinline int put_sockaddr(struct scratch *s, __u64 ptr, __s64 alen)
{
	__u32 off = s->off & MASK;
	__u8 *d = &s->buf[off];
	__u16 fam;
	__u32 n;

	if (!ptr || alen <= 0) {
		put_len(s, 0);
		return 0;
	}
	n = alen > 128 ? 128 : alen;
	if (bpf_probe_read_user(s->tmp, n & 255, (void *)ptr)) {
		put_len(s, 0);
		return 0;
	}
	fam = *(__u16 *)s->tmp;
	if (fam == 2) {             /* AF_INET: family, addr, port (host order) */
		struct sockaddr_in *in = (void *)s->tmp;

		d[0] = 2;
		*(__u32 *)&d[1] = in->sin_addr.s_addr;
		*(__u16 *)&d[5] = bpf_ntohs(in->sin_port);
		put_len(s, 7);
	} else if (fam == 10) {     /* AF_INET6 */
		struct sockaddr_in6 *in6 = (void *)s->tmp;

		d[0] = 10;
		__builtin_memcpy(&d[1], &in6->sin6_addr, 16);
		*(__u16 *)&d[17] = bpf_ntohs(in6->sin6_port);
		put_len(s, 19);
	} else if (fam == 1) {      /* AF_UNIX: family, path */
		long k;

		d[0] = 1;
		k = bpf_probe_read_kernel_str(&s->buf[(off + 1) & MASK], 109, &s->tmp[2]);
		if (k <= 0) {
			s->buf[(off + 1) & MASK] = 0;
			k = 1;
		}
		put_len(s, 1 + k);
	} else {
		d[0] = fam;
		put_len(s, 1);
	}
	return 0;
}

static __always_inline struct file *fd_file(__s64 fd)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct file **fds;
	unsigned int max;

	if (fd < 0)
		return NULL;
	max = BPF_CORE_READ(t, files, fdt, max_fds);
	if (fd >= max)
		return NULL;
	fds = BPF_CORE_READ(t, files, fdt, fd);
	struct file *f = NULL;

	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/*
 * The socket tuple of fd, in the .scap SOCKTUPLE shape. Outbound: local
 * first; inbound (accept, recvfrom): the peer first. When `uaddr` is given
 * (connect, sendto) it names the peer instead of the socket's own idea.
 */
static __always_inline int put_tuple_body(struct scratch *s, __s64 fd, __u64 uaddr, __s64 ualen, bool inbound)
{
	__u32 off = s->off & MASK;
	__u8 *d = &s->buf[off];
	struct file *f = fd_file(fd);
	struct socket *sock;
	struct sock *sk;
	__u16 fam;

	if (!f) {
		put_len(s, 0);
		return 0;
	}
	sock = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk) {
		put_len(s, 0);
		return 0;
	}
	fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (fam == 2) {
		__u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));

		if (uaddr && ualen >= sizeof(struct sockaddr_in)) {
			struct sockaddr_in in;

			if (!bpf_probe_read_user(&in, sizeof(in), (void *)uaddr) && in.sin_family == 2) {
				rip = in.sin_addr.s_addr;
				rport = bpf_ntohs(in.sin_port);
			}
		}
		d[0] = 2;
		if (inbound) {
			*(__u32 *)&d[1] = rip;
			*(__u16 *)&d[5] = rport;
			*(__u32 *)&d[7] = lip;
			*(__u16 *)&d[11] = lport;
		} else {
			*(__u32 *)&d[1] = lip;
			*(__u16 *)&d[5] = lport;
			*(__u32 *)&d[7] = rip;
			*(__u16 *)&d[11] = rport;
		}
		put_len(s, 13);
	} else if (fam == 10) {
		struct in6_addr lip = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr rip = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));

		if (uaddr && ualen >= sizeof(struct sockaddr_in6)) {
			struct sockaddr_in6 in6;

			if (!bpf_probe_read_user(&in6, sizeof(in6), (void *)uaddr) && in6.sin6_family == 10) {
				rip = in6.sin6_addr;
				rport = bpf_ntohs(in6.sin6_port);
			}
		}
		d[0] = 10;
		if (inbound) {
			__builtin_memcpy(&d[1], &rip, 16);
			*(__u16 *)&d[17] = rport;
			__builtin_memcpy(&d[19], &lip, 16);
			*(__u16 *)&d[35] = lport;
		} else {
			__builtin_memcpy(&d[1], &lip, 16);
			*(__u16 *)&d[17] = lport;
			__builtin_memcpy(&d[19], &rip, 16);
			*(__u16 *)&d[35] = rport;
		}
		put_len(s, 37);
	} else if (fam == 1) {
		struct unix_sock *us = (void *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		struct unix_address *ua = NULL;
		long k = 0;

		d[0] = 1;
		*(__u64 *)&d[1] = (__u64)sk;
		*(__u64 *)&d[9] = (__u64)peer;
		if (uaddr && ualen > 2) {
			/* connect, sendto: the path the caller named */
			k = bpf_probe_read_user_str(&s->buf[(off + 17) & MASK], 108, (void *)uaddr + 2);
			if (k > 0) {
				put_len(s, 17 + k);
				return 0;
			}
		}
		if (peer)
			ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
		if (!ua)
			ua = BPF_CORE_READ(us, addr);
		if (ua)
			k = bpf_probe_read_kernel_str(&s->buf[(off + 17) & MASK], 108,
						      (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2);
		if (k <= 0) {
			s->buf[(off + 17) & MASK] = 0;
			k = 1;
		}
		put_len(s, 17 + k);
	} else {
		d[0] = fam;
		put_len(s, 1);
	}
	return 0;
}

/* Verified once, on its own (a global function); s is never NULL in practice. */
__noinline int put_tuple(struct scratch *s, __s64 fd, __u64 uaddr, __s64 ualen, bool inbound)
{
	if (!s)
		return 0;
	return put_tuple_body(s, fd, uaddr, ualen, inbound);
}

static __noinline int put_msg(struct scratch *s, __u64 msgp, __u8 what, __s64 ret, bool inbound)
{
	struct user_msghdr m;

	if (bpf_probe_read_user(&m, sizeof(m), (void *)msgp)) {
		put_len(s, 0);
		return 0;
	}
	if (what == SC_FILL_SP_MSG_TUPLE && !m.msg_name) {
		put_len(s, 0);   /* connected socket, no address: NULL */
		return 0;
	}
	if (what == SC_FILL_SP_MSG_TUPLE)
		return put_tuple(s, (__s32)s->args[0], (__u64)m.msg_name, m.msg_namelen, inbound);
	if (what == SC_FILL_SP_MSG_SIZE)
		return put_iov(s, (__u64)m.msg_iov, m.msg_iovlen, -1, true);
	return put_iov(s, (__u64)m.msg_iov, m.msg_iovlen, ret, false);
}

struct fdl_walk {
	struct scratch *s;
	__u64 ptr, n;
	__u32 off, k;
};

static long fdl_step(__u32 i, void *ctx)
{
	struct fdl_walk *w = ctx;
	struct scratch *s = w->s;
	struct pollfd pf;

	if (i >= w->n || !s)
		return 1;
	if (bpf_probe_read_user(&pf, sizeof(pf), (void *)(w->ptr + i * sizeof(pf))))
		return 1;
	*(__u64 *)&s->buf[(w->off + 2 + w->k * 10) & MASK] = (__s64)pf.fd;
	*(__u16 *)&s->buf[(w->off + 10 + w->k * 10) & MASK] =
		sc_xlat_poll_events(s->is_exit ? pf.revents : pf.events);
	w->k++;
	return 0;
}

/* poll's pollfd array as FDLIST: u16 count, then (u64 fd, u16 events) each. */
static __noinline int put_fdlist(struct scratch *s, __u64 ptr, __u64 n)
{
	struct fdl_walk w = { .s = s, .ptr = ptr, .n = n, .off = s->off };

	bpf_loop(n > 256 ? 256 : n, fdl_step, &w, 0);
	*(__u16 *)&s->buf[w.off & MASK] = w.k;
	put_len(s, 2 + w.k * 10);
	return 0;
}

static __noinline int put_dev(struct scratch *s, __s64 fd)
{
	struct file *f = fd_file(fd);
	__u32 dev = 0;

	if (f) {
		dev_t d = BPF_CORE_READ(f, f_inode, i_sb, s_dev);

		/* new_encode_dev */
		dev = (d & 0xff) | ((d >> 20) << 8) | (((d & 0xfffff) & ~0xff) << 12);
	}
	put_int(s, dev, 4);
	return 0;
}

static __always_inline __u64 arg_n(struct scratch *s, __u8 i)
{
	if (i >= 6)
		return 0;
	return s->args[i];
}

/*
 * mm->rss_stat before 6.2: one struct of atomic counters. From 6.2 on it is an
 * array of percpu_counter (what vmlinux.h has); the ___old flavour lets the
 * same object read either, the loader resolving which branch exists.
 */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

/* rss_page_count(mm, i): counter i (MM_FILEPAGES 0, MM_ANONPAGES 1, MM_SWAPENTS 2,
 * MM_SHMEMPAGES 3) in pages; 0 when negative (per-CPU parts not yet folded) or
 * when neither layout is known. */
static __always_inline __u64 rss_page_count(struct mm_struct *mm, int i)
{
	__s64 v = 0;

	if (bpf_core_field_exists(mm->rss_stat[0].count)) {
		switch (i) {        /* constant indexes: each is its own relocation */
		case 0: v = BPF_CORE_READ(mm, rss_stat[0].count); break;
		case 1: v = BPF_CORE_READ(mm, rss_stat[1].count); break;
		case 2: v = BPF_CORE_READ(mm, rss_stat[2].count); break;
		default: v = BPF_CORE_READ(mm, rss_stat[3].count); break;
		}
	} else {
		struct mm_struct___old *o = (void *)mm;

		if (bpf_core_field_exists(o->rss_stat.count)) {
			switch (i) {
			case 0: v = BPF_CORE_READ(o, rss_stat.count[0].counter); break;
			case 1: v = BPF_CORE_READ(o, rss_stat.count[1].counter); break;
			case 2: v = BPF_CORE_READ(o, rss_stat.count[2].counter); break;
			default: v = BPF_CORE_READ(o, rss_stat.count[3].counter); break;
			}
		}
	}
	return v < 0 ? 0 : (__u64)v;
}

/* mm_rss_swap_kib: resident (file + anon + shmem) and swapped-out KiB of mm. */
static __always_inline void mm_rss_swap_kib(struct mm_struct *mm, __u64 *rss, __u64 *swap)
{
	*rss = (rss_page_count(mm, 0) + rss_page_count(mm, 1) + rss_page_count(mm, 3)) << 2;
	*swap = rss_page_count(mm, 2) << 2;
}

static __always_inline __u64 vm_kib(struct mm_struct *mm, int which)
{
	__u64 rss, swap;

	if (!mm)
		return 0;
	if (which == 0)
		return BPF_CORE_READ(mm, total_vm) << 2;      /* pages -> KiB */
	mm_rss_swap_kib(mm, &rss, &swap);
	return which == 1 ? rss : swap;
}

/* A DYN parameter: its shape index, then `size` bytes of v. */
static __always_inline void put_dyn_int(struct scratch *s, __u8 idx, __u64 v, __u8 size)
{
	__u32 off = s->off & MASK;

	s->buf[off] = idx;
	off = (off + 1) & MASK;
	switch (size) {
	case 1: *(__u8 *)&s->buf[off] = v; break;
	case 4: *(__u32 *)&s->buf[off] = v; break;
	default: *(__u64 *)&s->buf[off] = v; size = 8; break;
	}
	put_len(s, 1 + size);
}

/*
 * setsockopt/getsockopt value (fill_shapes.h): arg3 the value, its length
 * arg4 (setsockopt) or the int at user address arg4 after the call
 * (getsockopt). Read whatever the result, as sysdig's driver does.
 */
static __noinline int put_sockopt_val(struct scratch *s)
{
	__u64 ptr = s->args[3];
	__u8 shape = sc_shape_sockopt(s->args[1], s->args[2]);
	__u32 off, n;
	__s64 len = (__s32)s->args[4];

	if (*(__u16 *)&s->buf[20] == SCE_SOCKET_GETSOCKOPT_X) {
		__s32 l = 0;

		if (bpf_probe_read_user(&l, sizeof(l), (void *)s->args[4]))
			count_fault();
		len = l;
	}
	if (shape != SC_DYN_SOCKOPT_UNKNOWN) {
		union sc_sockopt_raw u;
		__u64 v;
		__u8 width;

		__builtin_memset(&u, 0, sizeof(u));
		if (bpf_probe_read_user(&u, sc_sockopt_read_len(shape), (void *)ptr)) {
			count_fault();
			put_len(s, 0);
			return 0;
		}
		v = sc_sockopt_value(shape, &u, &width);
		put_dyn_int(s, shape, v, width);
		return 0;
	}
	/* any other option: its raw bytes, cut to the snaplen */
	off = s->off & MASK;
	s->buf[off] = SC_DYN_SOCKOPT_UNKNOWN;
	n = len <= 0 ? 0 : len > snaplen ? snaplen : len;
	if (n > SC_BPF_BUF_MAX)
		n = SC_BPF_BUF_MAX;
	n &= MASK;
	off = (off + 1) & MASK;
	if (n && bpf_probe_read_user(&s->buf[off], n, (void *)ptr)) {
		count_fault();
		n = 0;
	}
	put_len(s, 1 + n);
	return 0;
}

/* ptrace exit addr (arg2) or data (arg3): both 0 when the call failed. */
static __noinline int put_ptrace(struct scratch *s, bool data)
{
	__u64 v = data ? s->args[3] : s->args[2];
	__u8 shape = SC_DYN_PTRACE_UINT64;
	int deref = 0;

	if (s->ret < 0) {
		put_dyn_int(s, SC_DYN_PTRACE_UINT64, 0, 8);
		return 0;
	}
	if (data)
		shape = sc_shape_ptrace_data(s->args[0], &deref);
	if (deref) {
		__u64 w = 0;

		if (bpf_probe_read_user(&w, sizeof(w), (void *)v)) {
			count_fault();
			put_len(s, 0);
			return 0;
		}
		v = w;
	}
	put_dyn_int(s, shape, v, shape == SC_DYN_PTRACE_SIGTYPE ? 1 : 8);
	return 0;
}

static __always_inline int put_special_body(struct scratch *s, __u8 sp, __u8 size)
{
	__u64 a0 = s->args[0], a1 = s->args[1], a2 = s->args[2];
	__s64 ret = s->ret;

	switch (sp) {
	case SC_FILL_SP_FD_DEV:
		return put_dev(s, ret);
	case SC_FILL_SP_FD_TUPLE:
		return put_tuple(s, (__s32)a0, s->args[1], s->args[2], false);
	case SC_FILL_SP_SENDTO_TUPLE:
		if (!s->args[4]) {   /* a connected socket: no destination given */
			put_len(s, 0);
			return 0;
		}
		return put_tuple(s, (__s32)a0, s->args[4], s->args[5], false);
	case SC_FILL_SP_ACCEPT_QUEUEPCT:
	case SC_FILL_SP_ACCEPT_QUEUELEN:
	case SC_FILL_SP_ACCEPT_QUEUEMAX: {
		struct file *f = fd_file((__s32)a0);
		struct socket *so = f ? BPF_CORE_READ(f, private_data) : NULL;
		struct sock *sk = so ? BPF_CORE_READ(so, sk) : NULL;
		__u32 len = 0, max = 0;

		if (sk) {
			len = BPF_CORE_READ(sk, sk_ack_backlog);
			max = BPF_CORE_READ(sk, sk_max_ack_backlog);
		}
		if (sp == SC_FILL_SP_ACCEPT_QUEUEPCT)
			put_int(s, max ? len * 100 / max : 0, size);
		else
			put_int(s, sp == SC_FILL_SP_ACCEPT_QUEUELEN ? len : max, size);
		return 0;
	}
	case SC_FILL_SP_OPENAT2_FLAGS:
	case SC_FILL_SP_OPENAT2_MODE:
	case SC_FILL_SP_OPENAT2_RESOLVE: {
		struct { __u64 flags, mode, resolve; } how = { 0, 0, 0 };

		if (a2)
			bpf_probe_read_user(&how, sizeof(how), (void *)a2);
		if (sp == SC_FILL_SP_OPENAT2_FLAGS)
			put_int(s, sc_xlat_open_flags(how.flags), size);
		else if (sp == SC_FILL_SP_OPENAT2_MODE)
			put_int(s, sc_xlat_open_mode(how.flags, how.mode), size);
		else
			put_int(s, sc_xlat_openat2_resolve(how.resolve), size);
		return 0;
	}
	case SC_FILL_SP_RECVFROM_TUPLE: {
		int l = 0;

		if (ret >= 0 && s->args[4] && s->args[5] &&
		    !bpf_probe_read_user(&l, sizeof(l), (void *)s->args[5]) && l > 0)
			return put_tuple(s, (__s32)a0, s->args[4], l, true);
		put_len(s, 0);   /* no source address asked for: NULL */
		return 0;
	}
	case SC_FILL_SP_ACCEPT_TUPLE:
		if (ret < 0) {
			put_len(s, 0);
			return 0;
		}
		return put_tuple(s, ret, 0, 0, true);
	case SC_FILL_SP_PIPE_INO: {
		int fds[2] = { -1, -1 };
		__u64 ino = 0;
		struct file *f;

		if (ret >= 0 && !bpf_probe_read_user(fds, sizeof(fds), (void *)a0)) {
			f = fd_file(fds[0]);
			if (f)
				ino = BPF_CORE_READ(f, f_inode, i_ino);
		}
		put_int(s, ino, 8);
		return 0;
	}
	case SC_FILL_SP_UNIX_SRC:
	case SC_FILL_SP_UNIX_PEER: {
		int fds[2] = { -1, -1 };
		__u64 v = 0;

		if (ret >= 0 && !bpf_probe_read_user(fds, sizeof(fds), (void *)s->args[3])) {
			struct file *f = fd_file(fds[0]);
			struct socket *so = f ? BPF_CORE_READ(f, private_data) : NULL;
			struct sock *sk = so ? BPF_CORE_READ(so, sk) : NULL;

			if (sp == SC_FILL_SP_UNIX_SRC)
				v = (__u64)sk;
			else if (sk)
				v = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
		put_int(s, v, 8);
		return 0;
	}
	case SC_FILL_SP_IOV_SIZE:
		return put_iov(s, a1, a2, -1, true);
	case SC_FILL_SP_IOV_DATA_RET:
		return put_iov(s, a1, a2, ret, false);
	case SC_FILL_SP_IOV_DATA_ARGS:
		return put_iov(s, a1, a2, -1, false);
	case SC_FILL_SP_MSG_SIZE:
		if (s->is_exit) {   /* recvmsg: what arrived */
			put_int(s, ret > 0 ? ret : 0, 4);
			return 0;
		}
		return put_msg(s, a1, SC_FILL_SP_MSG_SIZE, ret, false);
	case SC_FILL_SP_MSG_DATA:
		return put_msg(s, a1, SC_FILL_SP_MSG_DATA, ret, false);
	case SC_FILL_SP_MSG_TUPLE:
		return put_msg(s, a1, SC_FILL_SP_MSG_TUPLE, ret, s->is_exit);
	case SC_FILL_SP_VM_SIZE:
	case SC_FILL_SP_VM_RSS:
	case SC_FILL_SP_VM_SWAP: {
		struct task_struct *t = bpf_get_current_task_btf();

		put_int(s, vm_kib(BPF_CORE_READ(t, mm), sp - SC_FILL_SP_VM_SIZE), 4);
		return 0;
	}
	case SC_FILL_SP_RLIMIT_CUR:
	case SC_FILL_SP_RLIMIT_MAX: {
		__s64 r[2] = { -1, -1 };

		if (ret >= 0 && a1)
			bpf_probe_read_user(r, sizeof(r), (void *)a1);
		put_int(s, r[sp == SC_FILL_SP_RLIMIT_MAX], 8);
		return 0;
	}
	case SC_FILL_SP_PRLIMIT_NEWCUR:
	case SC_FILL_SP_PRLIMIT_NEWMAX:
	case SC_FILL_SP_PRLIMIT_OLDCUR:
	case SC_FILL_SP_PRLIMIT_OLDMAX: {
		__s64 r[2] = { -1, -1 };
		bool old = sp >= SC_FILL_SP_PRLIMIT_OLDCUR;
		__u64 p = old ? s->args[3] : a2;

		if (ret >= 0 && p)
			bpf_probe_read_user(r, sizeof(r), (void *)p);
		put_int(s, r[(sp - SC_FILL_SP_PRLIMIT_NEWCUR) & 1], 8);
		return 0;
	}
	case SC_FILL_SP_SIGSET: {
		__u32 v = 0;

		if (s->args[3])
			bpf_probe_read_user(&v, sizeof(v), (void *)s->args[3]);
		put_int(s, v, 4);
		return 0;
	}
	case SC_FILL_SP_FDLIST:
		return put_fdlist(s, a0, a1);
	case SC_FILL_SP_BPF_RES_OR_FD:
		put_dyn_int(s, sc_shape_bpf_res(a0, ret), ret, 8);
		return 0;
	case SC_FILL_SP_SOCKOPT_VAL:
		return put_sockopt_val(s);
	case SC_FILL_SP_SOCKOPT_LEN: {
		__u32 l = 0;

		if (bpf_probe_read_user(&l, sizeof(l), (void *)s->args[4]))
			count_fault();
		put_int(s, l, 4);
		return 0;
	}
	case SC_FILL_SP_PTRACE_ADDR:
	case SC_FILL_SP_PTRACE_DATA:
		return put_ptrace(s, sp == SC_FILL_SP_PTRACE_DATA);
	case SC_FILL_SP_SEMCTL_VAL:   /* only SETVAL (16) carries a value */
		put_int(s, a2 == 16 ? (__u64)(__s64)(__s32)s->args[3] : 0, size);
		return 0;
	}
	/* A filler this probe lacks: the zero value of the parameter. */
	if (size)
		put_int(s, 0, size);
	else
		put_len(s, 0);
	return 0;
}

/* Verified once, on its own (a global function); s is never NULL in practice. */
__noinline int put_special(struct scratch *s, __u8 sp, __u8 size)
{
	if (!s)
		return 0;
	return put_special_body(s, sp, size);
}

/* One parameter of a fill.tbl row: the one in s->cur. Verified once, on its own. */
static __always_inline int fill_param_body(struct scratch *s)
{
	__u8 src = s->cur.src, arg = s->cur.arg, len = s->cur.len, size = s->cur.size;
	__u8 x = s->cur.xlat;
	__u64 a = arg_n(s, arg);
	__s64 ret = s->ret;

	switch (src) {
	case SC_FILL_ARG:
		if (x)
			a = sc_xlat_apply(x, a, arg_n(s, len));
		else if (s->cur.sext)
			a = (__s64)(__s32)a;
		put_int(s, a, size);
		break;
	case SC_FILL_RET:
		put_int(s, x ? sc_xlat_apply(x, ret, 0) : (__u64)ret, size);
		break;
	case SC_FILL_CONST:
		put_int(s, (__s64)s->cur.value, size);
		break;
	case SC_FILL_STR:
		put_ustr(s, a);
		break;
	case SC_FILL_BUF:
		if (len == SC_FILL_LEN_RET)
			put_ubuf(s, a, ret);
		else
			put_ubuf(s, a, arg_n(s, len));
		break;
	case SC_FILL_SOCKADDR:
		if (len & SC_FILL_LEN_DEREF) {
			int l = 0;

			if (ret >= 0 && !bpf_probe_read_user(&l, sizeof(l), (void *)arg_n(s, len & 7)))
				put_sockaddr(s, a, l);
			else
				put_len(s, 0);
		} else {
			put_sockaddr(s, a, arg_n(s, len));
		}
		break;
	case SC_FILL_TIMESPEC: {
		struct { __s64 sec, nsec; } ts = { 0, 0 };

		if (a)
			bpf_probe_read_user(&ts, sizeof(ts), (void *)a);
		put_int(s, ts.sec * 1000000000ULL + ts.nsec, 8);
		break;
	}
	case SC_FILL_DEREF: {
		__u64 v = 0;

		if (a) {
			a += s->cur.value;
			if (s->cur.sext || size <= 4) {
				__s32 i = 0;

				bpf_probe_read_user(&i, sizeof(i), (void *)a);
				v = s->cur.sext ? (__u64)(__s64)i : (__u32)i;
			} else {
				bpf_probe_read_user(&v, sizeof(v), (void *)a);
			}
		}
		put_int(s, v, size);
		break;
	}
	case SC_FILL_SPECIAL:
		put_special(s, x, size);
		break;
	default:
		put_empty(s);
		break;
	}
	return 0;
}

/* Verified once, on its own (a global function); s is never NULL in practice. */
__noinline int fill_param(struct scratch *s)
{
	if (!s)
		return 0;
	return fill_param_body(s);
}

/* Sends the record in the scratch to this CPU's ring. */
static __always_inline int rec_submit(struct scratch *s)
{
	struct sc_bpf_counters *c;
	struct slot o;
	__u32 len = s->off;
	__u8 *r;

	if (len > SC_BPF_HALF - 1) {
		c = cnt();
		if (c)
			c->drops_bug++;
		return 0;
	}
	*(__u32 *)&s->buf[16] = len;
	/* clang drops a plain mask after the check above; the verifier needs it */
	BOUND(len, 0x7fff);
	if (len < HDR_LEN)
		return 0;
	r = slot_open(&o, len);
	if (!r)
		return 0;
	bpf_probe_read_kernel(r, len, s->buf);
	slot_close(&o, len);
	return 0;
}

static __always_inline void fill_table(struct scratch *s, const volatile struct sc_bpf_event *e)
{
	__u32 i, np = e->nparams;

	for (i = 0; i < SC_BPF_TBL_PARAMS; i++) {
		if (i >= np)
			break;
		s->cur.src = e->p[i].src;
		s->cur.arg = e->p[i].arg;
		s->cur.len = e->p[i].len;
		s->cur.xlat = e->p[i].xlat;
		s->cur.size = e->p[i].size;
		s->cur.sext = e->p[i].sext;
		s->cur.value = e->p[i].value;
		fill_param(s);
	}
}

/* --- the process snapshot of execve and clone exits --- */

struct argv_walk {
	struct scratch *s;
	__u64 argv;
	__u32 off, got;
};

/* One string of a user argv/envp array, appended NUL-terminated (a bpf_loop callback). */
static long argv_step(__u32 i, void *ctx)
{
	struct argv_walk *w = ctx;
	struct scratch *s = w->s;
	__u64 p = 0;
	long n;

	if (!s || w->got >= SC_BPF_ARGS_MAX)
		return 1;
	if (bpf_probe_read_user(&p, sizeof(p), (void *)(w->argv + i * 8)) || !p)
		return 1;
	n = bpf_probe_read_user_str(&s->buf[(w->off + w->got) & MASK], SC_BPF_ARGS_MAX, (void *)p);
	if (n <= 0)
		return 1;
	w->got += n;
	return 0;
}

/* The strings of a user argv-style array at `argv`, NUL-separated; returns their length. */
static __noinline __u32 put_argv(struct scratch *s, __u64 argv)
{
	struct argv_walk w = { .s = s, .argv = argv, .off = s->off };

	if (argv)
		bpf_loop(256, argv_step, &w, 0);
	return w.got > SC_BPF_ARGS_MAX ? SC_BPF_ARGS_MAX : w.got;
}


static __always_inline __u32 encode_dev(__u32 d)
{
	return (d & 0xff) | ((d >> 20) << 8) | (((d & 0xfffff) & ~0xff) << 12);
}

static __noinline int put_mm_range(struct scratch *s, __u64 start, __u64 end)
{
	__u32 off = s->off & MASK;
	__u64 n = end - start;

	if (!start || end <= start) {
		put_len(s, 0);
		return 0;
	}
	if (n > SC_BPF_ARGS_MAX)
		n = SC_BPF_ARGS_MAX;
	n &= MASK;
	if (bpf_probe_read_user(&s->buf[off], n, (void *)start))
		n = 0;
	else if (n)
		s->buf[(off + n - 1) & MASK] = 0;
	put_len(s, n);
	return 0;
}

static __always_inline int fill_proc_body(struct scratch *s, __u16 type)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	__u64 astart = 0, aend = 0, vm = 0, rss = 0, swap = 0;
	__u32 off, exelen;
	bool clone = type == EV_CLONE_20_X || type == EV_FORK_20_X || type == EV_VFORK_20_X ||
		     type == EV_CLONE3_X;
	long n;

	put_int(s, s->ret, 8);                          /* res */
	if (mm) {
		astart = BPF_CORE_READ(mm, arg_start);
		aend = BPF_CORE_READ(mm, arg_end);
		vm = BPF_CORE_READ(mm, total_vm) << 2;      /* pages -> KiB */
		mm_rss_swap_kib(mm, &rss, &swap);
	}
	/* exe: the first of the args; args: the rest, NUL-separated */
	off = s->off & MASK;
	n = aend - astart;
	if (!astart || aend <= astart || (!clone && s->ret < 0))
		n = 0;
	if (n > SC_BPF_ARGS_MAX)
		n = SC_BPF_ARGS_MAX;
	n &= MASK;
	if (n && bpf_probe_read_user(&s->buf[off], n, (void *)astart))
		n = 0;
	if (!n && !clone && s->ret < 0) {
		/* a failed execve: what it was asked to run */
		__u64 av = type == EV_EXECVEAT_X ? s->args[2] : s->args[1];

		n = put_argv(s, av) & MASK;
	}
	if (n) {
		s->buf[(off + n - 1) & MASK] = 0;
		/* the exe is the first string of the args */
		long k = bpf_probe_read_kernel_str(s->tmp, sizeof(s->tmp), &s->buf[off]);

		exelen = k <= 0 || k > n ? n : k;
		put_len(s, exelen);
		put_len(s, n - exelen);
	} else {
		s->buf[off] = 0;
		put_len(s, 1);
		put_len(s, 0);
	}
	put_int(s, BPF_CORE_READ(t, pid), 8);            /* tid */
	put_int(s, BPF_CORE_READ(t, tgid), 8);           /* pid */
	put_int(s, BPF_CORE_READ(t, real_parent, pid), 8); /* ptid */
	s->buf[s->off & MASK] = 0;                       /* cwd: user space keeps it */
	put_len(s, 1);
	put_int(s, BPF_CORE_READ(t, signal, rlim[7].rlim_cur), 8); /* fdlimit (RLIMIT_NOFILE) */
	put_int(s, BPF_CORE_READ(t, maj_flt), 8);
	put_int(s, BPF_CORE_READ(t, min_flt), 8);
	put_int(s, vm, 4);
	put_int(s, rss, 4);
	put_int(s, swap, 4);
	put_kstr(s, t->comm);                            /* comm */
	put_len(s, 0);                                   /* cgroups */
	if (clone) {
		__u64 flags = 0;
		struct pid *p;
		unsigned int lvl;

		if (type == EV_CLONE_20_X)
			flags = s->args[0];
		else if (type == EV_CLONE3_X)
			bpf_probe_read_user(&flags, sizeof(flags), (void *)s->args[0]);
		put_int(s, sc_xlat_clone_flags(flags), 4);
		put_int(s, BPF_CORE_READ(t, cred, euid.val), 4);
		put_int(s, BPF_CORE_READ(t, cred, egid.val), 4);
		p = BPF_CORE_READ(t, thread_pid);
		lvl = BPF_CORE_READ(p, level);
		put_int(s, BPF_CORE_READ(p, numbers[lvl & 7].nr), 8);    /* vtid */
		p = BPF_CORE_READ(t, signal, pids[PIDTYPE_TGID]);
		lvl = BPF_CORE_READ(p, level);
		put_int(s, BPF_CORE_READ(p, numbers[lvl & 7].nr), 8);    /* vpid */
	} else {
		struct tty_struct *tty;
		__u32 ttyv = 0;
		struct pid *p;
		unsigned int lvl;

		if (s->ret >= 0 && mm)
			put_mm_range(s, BPF_CORE_READ(mm, env_start), BPF_CORE_READ(mm, env_end));
		else                                        /* env */
			put_len(s, put_argv(s, type == EV_EXECVEAT_X ? s->args[3] : s->args[2]));
		tty = BPF_CORE_READ(t, signal, tty);
		if (tty) {
			int idx = BPF_CORE_READ(tty, index);
			int major = BPF_CORE_READ(tty, driver, major);
			int minor = BPF_CORE_READ(tty, driver, minor_start);

			ttyv = encode_dev(((major << 20) | minor) + idx);
		}
		put_int(s, ttyv, 4);                        /* tty */
		p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
		lvl = BPF_CORE_READ(p, level);
		put_int(s, BPF_CORE_READ(p, numbers[lvl & 7].nr), 8);    /* pgid */
		put_int(s, BPF_CORE_READ(t, loginuid.val), 4);
		put_int(s, 0, 4);                           /* flags */
	}
	return 0;
}

/* Verified once, on its own (a global function); s is never NULL in practice. */
__noinline int fill_proc(struct scratch *s, __u16 type)
{
	if (!s)
		return 0;
	return fill_proc_body(s, type);
}

static __noinline int fill_generic(struct scratch *s, __u16 code, __u32 nr, bool enter)
{
	put_int(s, code, 2);
	if (enter)
		put_int(s, nr, 2);
	return 0;
}

/* semop exit: res, nsops and the first two sembufs (zeros for a missing second one). */
static __noinline int fill_semop(struct scratch *s)
{
	__u64 n = s->args[2], ptr = s->args[1];
	struct { __u16 num; __s16 op; __s16 flg; } sb[2];
	int j;

	put_int(s, s->ret, 8);
	put_int(s, n, 4);
	if (!n || !ptr)   /* sysdig's driver stops here: the sembufs stay empty */
		return 0;
	__builtin_memset(sb, 0, sizeof(sb));
	if (bpf_probe_read_user(sb, n >= 2 ? sizeof(sb) : sizeof(sb[0]), (void *)ptr)) {
		count_fault();
		__builtin_memset(sb, 0, sizeof(sb));
	}
	for (j = 0; j < 2; j++) {
		put_int(s, sb[j].num, 2);
		put_int(s, (__u16)sb[j].op, 2);
		put_int(s, sc_xlat_semop_flags((__u16)sb[j].flg), 2);
	}
	return 0;
}

/*
 * quotactl: enter cmd, type, id (only for the per-id commands), format (only
 * for Q_QUOTAON); exit res, special, quota file (Q_QUOTAON), the dqblk at
 * arg3 (Q_GETQUOTA/Q_SETQUOTA: the caller's buffer, whatever the result),
 * the dqinfo (Q_GETINFO/Q_SETINFO) and the format read back by Q_GETFMT.
 */
static __noinline int fill_quotactl(struct scratch *s, bool exit)
{
	__u16 cmd = sc_xlat_quotactl_cmd(s->args[0]);
	__u64 addr = s->args[3];
	struct sc_if_dqblk b;
	struct sc_if_dqinfo in;
	__u32 fmt = 0;

	if (!exit) {
		put_int(s, cmd, 2);
		put_int(s, sc_xlat_quotactl_type(s->args[0]), 1);
		put_int(s, cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA || cmd == SC_Q_XGETQUOTA ||
			   cmd == SC_Q_XSETQLIM ? (__u32)s->args[2] : 0, 4);
		put_int(s, cmd == SC_Q_QUOTAON ? sc_xlat_quotactl_fmt(s->args[2]) : SC_QFMT_NOT_USED, 1);
		return 0;
	}
	put_int(s, s->ret, 8);
	put_ustr(s, s->args[1]);
	if (cmd == SC_Q_QUOTAON) {
		put_ustr(s, addr);
	} else {
		s->buf[s->off & MASK] = 0;
		put_len(s, 1);
	}
	__builtin_memset(&b, 0, sizeof(b));
	if ((cmd == SC_Q_GETQUOTA || cmd == SC_Q_SETQUOTA) &&
	    bpf_probe_read_user(&b, sizeof(b), (void *)addr)) {
		count_fault();
		b.valid = 0;
	}
#pragma unroll
	for (int i = 0; i < SC_DQBLK_NPARAMS; i++)
		put_int(s, sc_shape_dqblk(&b, i), 8);
	__builtin_memset(&in, 0, sizeof(in));
	if ((cmd == SC_Q_GETINFO || cmd == SC_Q_SETINFO) &&
	    bpf_probe_read_user(&in, sizeof(in), (void *)addr)) {
		count_fault();
		in.valid = 0;
	}
	put_int(s, sc_shape_dqinfo(&in, 0), 8);
	put_int(s, sc_shape_dqinfo(&in, 1), 8);
	put_int(s, sc_shape_dqinfo(&in, 2), 1);
	if (cmd == SC_Q_GETFMT && bpf_probe_read_user(&fmt, sizeof(fmt), (void *)addr))
		count_fault();
	put_int(s, cmd == SC_Q_GETFMT ? sc_xlat_quotactl_fmt(fmt) : SC_QFMT_NOT_USED, 1);
	return 0;
}

/* An event filled by a hand-written filler (fill.tbl "EVENT @NAME") or by its table row. */
static __always_inline void fill_event(struct scratch *s, const volatile struct sc_bpf_event *e,
				       __u16 type)
{
	switch (e->special) {
	case SC_FILL_SP_PROC_STARTUPDATE:
		fill_proc(s, type);
		break;
	case SC_FILL_SP_SEMOP:
		fill_semop(s);
		break;
	case SC_FILL_SP_QUOTACTL:
		fill_quotactl(s, type & 1);
		break;
	default:
		fill_table(s, e);
		break;
	}
}

/* --- the syscall hooks --- */

static __always_inline bool skip_self(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == self_tgid;
}

/* Small fixed records (the generic event) straight into the ring. */
static __always_inline int emit_generic_fast(__u16 type, __u16 code, __u16 nr, bool enter, __u64 tid)
{
	__u32 len = HDR_LEN + (enter ? 2 * 2 + 2 + 2 : 2 + 2);
	struct slot o;
	__u8 *r = slot_open(&o, HDR_LEN + 8);

	if (!r)
		return 0;
	*(__u64 *)&r[0] = now();
	*(__u64 *)&r[8] = tid;
	*(__u32 *)&r[16] = len;
	*(__u16 *)&r[20] = type;
	*(__u32 *)&r[22] = enter ? 2 : 1;
	*(__u16 *)&r[26] = 2;
	if (enter) {
		*(__u16 *)&r[28] = 2;
		*(__u16 *)&r[30] = code;
		*(__u16 *)&r[32] = nr;
	} else {
		*(__u16 *)&r[28] = code;
	}
	/* records written are counted by the reader: nothing more to do per event */
	slot_close(&o, len);
	return 0;
}

static __always_inline void load_args(struct scratch *s, struct pt_regs *regs, bool btf)
{
	if (btf) {
		s->args[0] = regs->di;
		s->args[1] = regs->si;
		s->args[2] = regs->dx;
		s->args[3] = regs->r10;
		s->args[4] = regs->r8;
		s->args[5] = regs->r9;
	} else {
		s->args[0] = BPF_CORE_READ(regs, di);
		s->args[1] = BPF_CORE_READ(regs, si);
		s->args[2] = BPF_CORE_READ(regs, dx);
		s->args[3] = BPF_CORE_READ(regs, r10);
		s->args[4] = BPF_CORE_READ(regs, r8);
		s->args[5] = BPF_CORE_READ(regs, r9);
	}
}

/*
 * Rows the loader marked fast (SC_BPF_FAST_*, syscope.h): integers from the
 * arguments in s->args, the return value or the row, then at most one user
 * buffer, written in one pass straight into the ring. Each integer goes in
 * as 8 little-endian bytes and the offset moves by its width: the next value
 * (or the end of the record) covers the rest. Returns 1 when the record was
 * sent or dropped, 0 when the general path must write it (a buffer longer
 * than SMALL_READ, which only a snaplen above the default allows).
 */
#define FAST_MAX 256   /* the longest fast record: header, 8 lengths and values, SMALL_READ */
static __always_inline int emit_fast(struct scratch *s, const volatile struct sc_bpf_event *e,
				     __u16 type, __u64 ts, __u64 tid, __s64 ret)
{
	__u32 np = e->nparams & 15;
	__u32 nint = np, off, i, n = 0, k = 0;
	__u64 ptr = 0;
	struct slot o;
	__u8 *r;

	if (np > SC_BPF_TBL_PARAMS)
		return 0;
	if (e->fast == SC_BPF_FAST_INTS_BUF) {
		__u8 lenarg;
		__s64 len;

		nint = np - 1;
		k = (np - 1) & (SC_BPF_TBL_PARAMS - 1);
		lenarg = e->p[k].len;
		ptr = s->args[e->p[k].arg & 7];
		len = lenarg == SC_FILL_LEN_RET ? ret : (__s64)s->args[lenarg & 7];
		n = len <= 0 || !ptr ? 0 : len > snaplen ? snaplen : len;
		if (n > SMALL_READ)
			return 0;
	}
	r = slot_open(&o, FAST_MAX);
	if (!r)
		return 1;
	off = HDR_LEN + 2 * np;
	for (i = 0; i < SC_BPF_TBL_PARAMS; i++) {
		__u8 src, size;
		__u64 v;

		if (i >= nint)
			break;
		src = e->p[i].src;
		size = e->p[i].size & 15;
		if (src == SC_FILL_RET)
			v = ret;
		else if (src == SC_FILL_CONST)
			v = (__s64)e->p[i].value;
		else if (e->p[i].sext)
			v = (__s64)(__s32)s->args[e->p[i].arg & 7];
		else
			v = s->args[e->p[i].arg & 7];
		*(__u64 *)&r[off & 127] = v;
		*(__u16 *)&r[HDR_LEN + 2 * i] = size;
		off += size;
	}
	if (e->fast == SC_BPF_FAST_INTS_BUF) {
		/* the user's bytes go straight into the ring: no copy through the stack */
		n &= 127;
		if (n && bpf_probe_read_user(&r[off & 127], n, (void *)ptr)) {
			count_fault();
			n = 0;
		}
		*(__u16 *)&r[HDR_LEN + 2 * k] = n;
		off += n;
	}
	off &= 255;
	*(__u64 *)&r[0] = ts;
	*(__u64 *)&r[8] = tid;
	*(__u32 *)&r[16] = off;
	*(__u16 *)&r[20] = type;
	*(__u32 *)&r[22] = np;
	slot_close(&o, off);
	return 1;
}

static __always_inline int on_enter(struct pt_regs *regs, long id, bool btf)
{
	const volatile struct sc_bpf_event *e;
	__u64 pt, ts;
	struct scratch *s;
	__u16 ev;

	if (!capturing || id < 0 || id >= SC_BPF_NR_MAX || !nr_wanted[id])
		return 0;
	pt = bpf_get_current_pid_tgid();
	if ((pt >> 32) == self_tgid)
		return 0;
	ev = nr_table[id].enter_event;
	if (ev == EV_GENERIC_E)
		return emit_generic_fast(EV_GENERIC_E, nr_table[id].code, id, true, pt & 0xffffffff);
	if (ev >= SC_BPF_EVENT_MAX)
		return 0;
	e = &ev_table[ev];
	if (e->at_exit) {
		struct task_struct *t = bpf_get_current_task_btf();
		__u64 *ts = bpf_task_storage_get(&enter_ts, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

		if (ts)
			*ts = now();
		return 0;
	}
	s = get_scratch();
	if (!s)
		return 0;
	load_args(s, regs, btf);
	ts = now();
	if (e->fast && emit_fast(s, e, ev, ts, pt & 0xffffffff, 0))
		return 0;
	s->ret = 0;
	s->is_exit = 0;
	rec_begin(s, ev, e->nparams, ts, pt & 0xffffffff);
	fill_event(s, e, ev);
	return rec_submit(s);
}

static __always_inline int on_exit(struct pt_regs *regs, long ret, bool btf)
{
	const volatile struct sc_bpf_event *e;
	__u64 pt;
	struct scratch *s;
	__u64 ts, tid;
	long id;
	__u16 ev;

	if (!capturing)
		return 0;
	id = btf ? regs->orig_ax : BPF_CORE_READ(regs, orig_ax);
	if (id < 0 || id >= SC_BPF_NR_MAX || !nr_wanted[id])
		return 0;
	pt = bpf_get_current_pid_tgid();
	if ((pt >> 32) == self_tgid)
		return 0;
	ev = nr_table[id].enter_event;
	if (ev == EV_GENERIC_E)
		return emit_generic_fast(EV_GENERIC_X, nr_table[id].code, id, false, pt & 0xffffffff);
	if (ev >= SC_BPF_EVENT_MAX - 1)
		return 0;
	s = get_scratch();
	if (!s)
		return 0;
	load_args(s, regs, btf);
	s->ret = ret;
	ts = now();
	tid = pt & 0xffffffff;
	/*
	 * ev was checked before the calls above and may come back from the
	 * stack: 6.1's verifier forgets the bound of a spilled value, so check
	 * it again where it indexes the table.
	 */
	asm volatile("" : "+r"(ev));
	if (ev >= SC_BPF_EVENT_MAX - 1)
		return 0;
	e = &ev_table[ev];
	s->is_exit = 0;
	if (e->at_exit) {
		struct task_struct *t = bpf_get_current_task_btf();
		__u64 *ets = bpf_task_storage_get(&enter_ts, t, 0, 0);
		__u64 ets_v = ets && *ets ? *ets : ts;

		if (ets)
			*ets = 0;
		rec_begin(s, ev, e->nparams, ets_v, tid);
		fill_event(s, e, ev);
		rec_submit(s);
	}
	ev++;
	asm volatile("" : "+r"(ev));    /* as above: reloaded values need their own check */
	if (ev >= SC_BPF_EVENT_MAX)
		return 0;
	e = &ev_table[ev];
	if (e->fast && emit_fast(s, e, ev, ts, tid, ret))
		return 0;
	s->is_exit = 1;
	rec_begin(s, ev, e->nparams, ts, tid);
	fill_event(s, e, ev);
	return rec_submit(s);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter_btf, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, true);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_btf, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, true);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(sys_enter_raw, struct pt_regs *regs, long id)
{
	return on_enter(regs, id, false);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(sys_exit_raw, struct pt_regs *regs, long ret)
{
	return on_exit(regs, ret, false);
}

/* procexit: status (wait status), ret (exit code), signal, core dumped. */
static __always_inline int on_procexit(struct task_struct *p)
{
	struct scratch *s;
	__u32 code;

	if (!capturing || !want_procexit || skip_self())
		return 0;
	s = get_scratch();
	if (!s)
		return 0;
	code = BPF_CORE_READ(p, exit_code);
	rec_begin(s, EV_PROCEXIT_1_E, 4, now(), BPF_CORE_READ(p, pid));
	put_int(s, (__s64)code, 8);
	put_int(s, (__s64)(code >> 8), 8);
	put_int(s, code & 0x7f, 1);
	put_int(s, (code & 0x80) ? 1 : 0, 1);
	return rec_submit(s);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit_btf, struct task_struct *p)
{
	return on_procexit(p);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(sched_exit_raw, struct task_struct *p)
{
	return on_procexit(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm;
	struct scratch *s;
	struct sc_bpf_counters *c = cnt();
	__u64 vm = 0, rss = 0, swap = 0;

	if (c)
		c->preemptions++;
	if (!capturing || !want_switch)
		return 0;
	if (BPF_CORE_READ(prev, tgid) == self_tgid)
		return 0;
	s = get_scratch();
	if (!s)
		return 0;
	mm = BPF_CORE_READ(prev, mm);
	if (mm) {
		vm = BPF_CORE_READ(mm, total_vm) << 2;
		mm_rss_swap_kib(mm, &rss, &swap);
	}
	rec_begin(s, EV_SCHEDSWITCH_6_E, 6, now(), BPF_CORE_READ(prev, pid));
	put_int(s, BPF_CORE_READ(next, pid), 8);
	put_int(s, BPF_CORE_READ(prev, maj_flt), 8);
	put_int(s, BPF_CORE_READ(prev, min_flt), 8);
	put_int(s, vm, 4);
	put_int(s, rss, 4);
	put_int(s, swap, 4);
	return rec_submit(s);
}

/* signaldeliver: sender (0 when the kernel sent it), receiver, signal. */
static __always_inline int on_signal(int sig, struct kernel_siginfo *info)
{
	struct scratch *s;
	__u64 spid = 0;
	__u32 tid;

	if (!capturing || !want_signals || skip_self())
		return 0;
	s = get_scratch();
	if (!s)
		return 0;
	if (info) {
		int code = BPF_CORE_READ(info, si_code);

		/* SI_USER, SI_TKILL, SI_QUEUE and the like carry the sender's pid */
		if (code <= 0 || code == 0x80)
			spid = BPF_CORE_READ(info, _sifields._kill._pid);
	}
	tid = bpf_get_current_pid_tgid() & 0xffffffff;
	rec_begin(s, EV_SIGNALDELIVER_E, 3, now(), tid);
	put_int(s, spid, 8);
	put_int(s, tid, 8);
	put_int(s, sig, 1);
	return rec_submit(s);
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(signal_deliver_btf, int sig, struct kernel_siginfo *info)
{
	return on_signal(sig, info);
}

SEC("raw_tp/signal_deliver")
int BPF_PROG(signal_deliver_raw, int sig, struct kernel_siginfo *info)
{
	return on_signal(sig, info);
}
