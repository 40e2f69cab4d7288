/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.c - applies every event to the state (see parse.h), following what
 * sysdig 0.29 (libsinsp) does event by event: which thread an event belongs
 * to (a stand-in "<NA>" thread for unknown tids), which fd it uses (taken
 * from the enter event for exits), and how clone, execve, procexit, open,
 * socket, connect, accept, bind, pipe, dup, fcntl, close, chdir, set*id,
 * setsid, rlimits and the memory counters change threads and fds.
 *
 * Parsers are grouped by family below; sc_parse_event() routes through one
 * table indexed by event type.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "strbuf.h"
#include "util.h"

/* Values of the .scap format used below. */
enum {
	AF_P_UNIX = 1,
	AF_P_INET = 2,
	AF_P_INET6 = 10,
	AF_P_NETLINK = 16,
	O_P_DIRECTORY = 1 << 10,
	AT_P_FDCWD = -100,
	FCNTL_P_DUPFD = 1,
	FCNTL_P_DUPFD_CLOEXEC = 26,
	RLIMIT_P_NOFILE = 7,
	SOCK_P_STREAM = 1,
	SOCK_P_DGRAM = 2,
	SOCK_P_RAW = 3,
	IPPROTO_P_IP = 0,
	IPPROTO_P_ICMP = 1,
	IPPROTO_P_TCP = 6,
	IPPROTO_P_UDP = 17,
	IPPROTO_P_RAW = 255,
};

/* ---- parameter access ------------------------------------------------------ */

static inline const struct sc_param *par(const struct sc_evt *ev, uint32_t i)
{
	return i < ev->nparams ? &sc_evt_params(ev)[i] : NULL;
}

static inline __attribute__((always_inline)) int64_t p_int(const struct sc_evt *ev, uint32_t i, int64_t def)
{
	const struct sc_param *p = par(ev, i);

	if (!p)
		return def;
	switch (p->len) {
	case 8: return (int64_t)sc_get_u64(p->val);
	case 4: return (int32_t)sc_get_u32(p->val);
	case 2: return (int16_t)sc_get_u16(p->val);
	case 1: return (int8_t)p->val[0];
	default: return def;
	}
}

static inline __attribute__((always_inline)) uint64_t p_uint(const struct sc_evt *ev, uint32_t i, uint64_t def)
{
	const struct sc_param *p = par(ev, i);

	if (!p)
		return def;
	switch (p->len) {
	case 8: return sc_get_u64(p->val);
	case 4: return sc_get_u32(p->val);
	case 2: return sc_get_u16(p->val);
	case 1: return p->val[0];
	default: return def;
	}
}

/* Index of the parameter called name in ev's table row, or -1. */
static int pidx(const struct sc_evt *ev, const char *name)
{
	uint32_t i;

	for (i = 0; i < ev->info->nparams; i++)
		if (strcmp(ev->info->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Parameter called name, if the record has it (empty parameters count as absent). */
static const struct sc_param *pnamed(const struct sc_evt *ev, const char *name)
{
	int i = pidx(ev, name);
	const struct sc_param *p = i < 0 ? NULL : par(ev, (uint32_t)i);

	return p && p->len ? p : NULL;
}

static int64_t pnamed_int(const struct sc_evt *ev, const char *name, int64_t def)
{
	int i = pidx(ev, name);

	return i < 0 ? def : p_int(ev, (uint32_t)i, def);
}

/* Length of a string parameter without its terminating NUL. */
static size_t pstrlen(const struct sc_param *p)
{
	return p ? strnlen((const char *)p->val, p->len) : 0;
}

static void set_str(char **dst, const struct sc_param *p)
{
	size_t n = pstrlen(p);

	free(*dst);
	*dst = xstrndup(p ? (const char *)p->val : "", n);
}

static void set_blob(char **dst, uint32_t *dlen, const struct sc_param *p)
{
	free(*dst);
	*dst = NULL;
	*dlen = 0;
	if (p && p->len) {
		*dst = xmemdup(p->val, p->len);
		*dlen = p->len;
	}
}

static void set_comm(struct sc_thread *th, const char *s, size_t n)
{
	if (n >= sizeof(th->comm))
		n = sizeof(th->comm) - 1;
	memcpy(th->comm, s, n);
	th->comm[n] = '\0';
}

static void copy_strdup(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src ? src : "");
}

static void copy_blob(char **dst, uint32_t *dlen, const char *src, uint32_t len)
{
	free(*dst);
	*dst = len ? xmemdup(src, len) : NULL;
	*dlen = len;
}

/* ---- enter/exit pairing ------------------------------------------------------ */

static void store_enter(struct sc_thread *th, const struct sc_evt *ev)
{
	uint32_t len = ev->hdr->len;

	if (len > th->last_enter_cap) {
		th->last_enter_cap = len < 256 ? 256 : len;
		th->last_enter = xrealloc(th->last_enter, th->last_enter_cap);
	}
	memcpy(th->last_enter, ev->hdr, len);
	th->last_enter_len = len;
	th->last_enter_cpu = ev->cpu;
}

/* Whether enter type et pairs with exit type xt. */
/* last_enter_type after a filter skipped the thread's event (sc_parse_skip): nothing pairs */
#define ENTER_SKIPPED (UINT16_MAX - 1)

static inline bool pairs(uint16_t et, uint16_t xt)
{
	return et + 1 == xt;
}

bool sc_parse_enter_of(const struct sc_evt *ev, struct sc_evt *enter)
{
	const struct sc_thread *th = ev->thread;
	const struct sc_evt_hdr *h;

	if (!th || sc_evt_is_enter(ev->hdr->type) || !th->last_enter_valid || !th->last_enter_len)
		return false;
	h = (const struct sc_evt_hdr *)th->last_enter;
	if (!pairs(h->type, ev->hdr->type))
		return false;
	memset(enter, 0, offsetof(struct sc_evt, lay));
	if (sc_evt_decode(enter, h, NULL) != 0)
		return false;
	enter->num = 0;
	enter->cpu = th->last_enter_cpu;
	enter->thread = ev->thread;
	enter->fd = NULL;
	enter->fdnum = -1;
	return true;
}

/* ---- fd helpers ------------------------------------------------------------- */

/* Adds a new fd as sysdig's add_fd does: it becomes the event's fd (fd.num). */
static struct sc_fdinfo *add_fd(struct sc_evt *ev, int64_t fd, uint8_t type, const char *name)
{
	struct sc_fdinfo *fi = sc_state_fd_add(ev->thread, fd, type, name);

	ev->thread->lastevent_fd = fd;
	ev->fd = fi;
	return fi;
}

static struct sc_fdinfo *add_fd_copy(struct sc_evt *ev, int64_t fd, const struct sc_fdinfo *src)
{
	struct sc_fdinfo *fi = sc_state_fd_add_copy(ev->thread, fd, src);

	fi->flags &= ~(uint32_t)SC_FDF_NAME_CHANGED;
	ev->thread->lastevent_fd = fd;
	ev->fd = fi;
	return fi;
}

static void set_name_from(struct sc_fdinfo *fi, struct sc_strbuf *b)
{
	sc_state_fd_set_name(fi, b->s ? b->s : "", b->len);
}

/* ---- files ------------------------------------------------------------------ */

/*
 * The directory a relative name is resolved against: the cwd for AT_FDCWD,
 * the dirfd's name otherwise ("<UNKNOWN>" when the dirfd is not known).
 * Like sysdig, a known dirfd becomes the event's fd until replaced.
 */
static void dirfd_base(struct sc_state *st, struct sc_evt *ev, const char *name, int64_t dirfd,
		       struct sc_strbuf *dir)
{
	struct sc_fdinfo *fi;

	sc_strbuf_reset(dir);
	if (name[0] == '/') {
		sc_strbuf_putc(dir, '.');
	} else if (dirfd == AT_P_FDCWD) {
		sc_strbuf_puts(dir, sc_state_thread_cwd(st, ev->thread));
	} else {
		fi = sc_state_fd(ev->thread, dirfd);
		ev->fd = fi;
		if (!fi) {
			sc_strbuf_puts(dir, "<UNKNOWN>");
		} else {
			sc_strbuf_add(dir, fi->name, fi->name_len);
			sc_strbuf_putc(dir, '/');
		}
	}
}

static void parse_open_x(struct sc_state *st, struct sc_evt *ev)
{
	uint16_t type = ev->hdr->type;
	const struct sc_param *name;
	struct sc_evt enter;
	struct sc_strbuf dir = { 0 }, full = { 0 };
	uint32_t flags = 0, dev = 0;
	int64_t fd, dirfd;
	struct sc_fdinfo *fi;

	if (type != SCE_SYSCALL_OPENAT_2_X && type != SCE_SYSCALL_OPENAT2_X &&
	    !sc_parse_enter_of(ev, &enter))
		return;
	fd = p_int(ev, 0, -1);
	switch (type) {
	case SCE_SYSCALL_OPEN_X:
		name = par(ev, 1);
		flags = (uint32_t)p_uint(ev, 2, 0);
		dev = (uint32_t)p_uint(ev, 4, 0);
		sc_strbuf_puts(&dir, sc_state_thread_cwd(st, ev->thread));
		break;
	case SCE_SYSCALL_CREAT_X:
		name = par(ev, 1);
		dev = (uint32_t)p_uint(ev, 3, 0);
		sc_strbuf_puts(&dir, sc_state_thread_cwd(st, ev->thread));
		break;
	case SCE_SYSCALL_OPENAT_X:
		name = par(&enter, 1);
		flags = (uint32_t)p_uint(&enter, 2, 0);
		dirfd = p_int(&enter, 0, AT_P_FDCWD);
		dirfd_base(st, ev, name ? (const char *)name->val : "", dirfd, &dir);
		break;
	default: /* openat (new), openat2 */
		name = par(ev, 2);
		flags = (uint32_t)p_uint(ev, 3, 0);
		dirfd = p_int(ev, 1, AT_P_FDCWD);
		if (type == SCE_SYSCALL_OPENAT_2_X)
			dev = (uint32_t)p_uint(ev, 5, 0);
		dirfd_base(st, ev, name && name->len ? (const char *)name->val : "", dirfd, &dir);
		break;
	}
	if (fd >= 0) {
		sc_state_path_concat(dir.s ? dir.s : "", dir.len, name ? (const char *)name->val : "",
				     name ? name->len : 0, &full);
		fi = add_fd(ev, fd, (flags & O_P_DIRECTORY) ? SC_FD_DIRECTORY : SC_FD_FILE_V2, NULL);
		set_name_from(fi, &full);
		fi->openflags = flags;
		fi->dev = dev;
	}
	sc_strbuf_free(&dir);
	sc_strbuf_free(&full);
}

/* A new fd with no name: eventfd, signalfd, timerfd, inotify. */
static void parse_single_fd_x(struct sc_state *st, struct sc_evt *ev, uint8_t type)
{
	int64_t fd = p_int(ev, 0, -1);

	(void)st;
	if (fd >= 0)
		add_fd(ev, fd, type, "");
}

static void parse_eventfd_x(struct sc_state *st, struct sc_evt *ev) { parse_single_fd_x(st, ev, SC_FD_EVENT); }
static void parse_signalfd_x(struct sc_state *st, struct sc_evt *ev) { parse_single_fd_x(st, ev, SC_FD_SIGNALFD); }
static void parse_timerfd_x(struct sc_state *st, struct sc_evt *ev) { parse_single_fd_x(st, ev, SC_FD_TIMERFD); }
static void parse_inotify_x(struct sc_state *st, struct sc_evt *ev) { parse_single_fd_x(st, ev, SC_FD_INOTIFY); }

static void parse_pipe_x(struct sc_state *st, struct sc_evt *ev)
{
	int64_t fd1, fd2;
	uint64_t ino;
	struct sc_fdinfo *fi;

	(void)st;
	if (p_int(ev, 0, -1) < 0)
		return;
	fd1 = p_int(ev, 1, -1);
	fd2 = p_int(ev, 2, -1);
	ino = p_uint(ev, 3, 0);
	fi = add_fd(ev, fd1, SC_FD_FIFO, "");
	fi->ino = ino;
	fi = add_fd(ev, fd2, SC_FD_FIFO, "");
	fi->ino = ino;
}

static void parse_close_e(struct sc_state *st, struct sc_evt *ev)
{
	(void)st;
	if (ev->fd)
		ev->fd->flags |= SC_FDF_CLOSE_IN_PROGRESS;
}

static void defer_fd_removal(struct sc_state *st, struct sc_thread *th, int64_t fd)
{
	struct sc_state_pending *pd = sc_state_pending(st);

	if (pd->nfds && pd->fd_tid != th->tid)
		pd->nfds = 0;   /* one thread at a time, as sysdig keeps it */
	pd->fd_tid = th->tid;
	if (pd->nfds == pd->capfds) {
		pd->capfds = pd->capfds ? pd->capfds * 2 : 8;
		pd->fds = xrealloc(pd->fds, pd->capfds * sizeof(*pd->fds));
	}
	pd->fds[pd->nfds++] = fd;
}

static void parse_close_x(struct sc_state *st, struct sc_evt *ev)
{
	if (!ev->fd)
		return;
	/*
	 * sysdig 0.29 marks an fd recreated between close enter and exit, but
	 * its close exit still removes that fd: so do we.
	 */
	if (p_int(ev, 0, -1) >= 0) {
		defer_fd_removal(st, ev->thread, ev->thread->lastevent_fd);
	} else {
		ev->fd->flags &= ~(uint32_t)SC_FDF_CLOSE_IN_PROGRESS;
	}
}

static void parse_dup_x(struct sc_state *st, struct sc_evt *ev)
{
	int64_t res = p_int(ev, 0, -1);

	(void)st;
	if (res < 0)
		return;
	if (res == 0)
		ev->thread->flags |= SC_CL_PIPE_DST;
	if (res == 1)
		ev->thread->flags |= SC_CL_PIPE_SRC;
	if (!ev->fd)
		return;
	add_fd_copy(ev, res, ev->fd);
}

static void parse_fcntl_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_evt enter;
	int64_t res = p_int(ev, 0, -1);
	uint64_t cmd;

	(void)st;
	if (!sc_parse_enter_of(ev, &enter))
		return;
	cmd = p_uint(&enter, 1, 0);
	if (cmd != FCNTL_P_DUPFD && cmd != FCNTL_P_DUPFD_CLOEXEC)
		return;
	if (res >= 0 && ev->fd)
		add_fd_copy(ev, res, ev->fd);
}

/* ---- sockets ---------------------------------------------------------------- */

static void parse_socket_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_evt enter;
	int64_t fd = p_int(ev, 0, -1);
	uint32_t domain, stype, proto;
	uint8_t type = SC_FD_UNKNOWN, l4 = SC_L4_UNKNOWN;
	struct sc_fdinfo *fi;

	(void)st;
	if (fd < 0 || !sc_parse_enter_of(ev, &enter))
		return;
	domain = (uint32_t)p_uint(&enter, 0, 0);
	stype = (uint32_t)p_uint(&enter, 1, 0) & 0xf;
	proto = (uint32_t)p_uint(&enter, 2, 0);
	if (domain == AF_P_UNIX) {
		type = SC_FD_UNIX_SOCK;
	} else if (domain == AF_P_INET || domain == AF_P_INET6) {
		type = domain == AF_P_INET ? SC_FD_IPV4_SOCK : SC_FD_IPV6_SOCK;
		switch (proto) {
		case IPPROTO_P_TCP:
			l4 = stype == SOCK_P_RAW ? SC_L4_RAW : SC_L4_TCP;
			break;
		case IPPROTO_P_UDP:
			l4 = stype == SOCK_P_RAW ? SC_L4_RAW : SC_L4_UDP;
			break;
		case IPPROTO_P_IP:
			l4 = stype == SOCK_P_STREAM ? SC_L4_TCP : stype == SOCK_P_DGRAM ? SC_L4_UDP :
			     stype == SOCK_P_RAW ? SC_L4_RAW : SC_L4_UNKNOWN;
			break;
		case IPPROTO_P_ICMP:
			l4 = stype == SOCK_P_RAW ? SC_L4_RAW : SC_L4_ICMP;
			break;
		case IPPROTO_P_RAW:
			l4 = SC_L4_RAW;
			break;
		default:
			break;
		}
	} else if (domain == AF_P_NETLINK) {
		type = SC_FD_NETLINK;
	}
	fi = add_fd(ev, fd, type, "");
	fi->l4proto = l4;
}

static void parse_socketpair_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_fdinfo *fi;
	uint64_t src, dst;
	int i;

	(void)st;
	if (p_int(ev, 0, -1) < 0)
		return;
	src = p_uint(ev, 3, 0);
	dst = p_uint(ev, 4, 0);
	for (i = 1; i <= 2; i++) {
		fi = add_fd(ev, p_int(ev, (uint32_t)i, -1), SC_FD_UNIX_SOCK, "");
		fi->unix_src = src;
		fi->unix_dst = dst;
	}
}

static const uint8_t v4mapped_pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* sysdig's test for an IPv4 address in IPv6 form: ::ffff:a.b.c.d, and also :: */
static bool v4mapped(const uint8_t *ip)
{
	static const uint8_t zero[16];

	return !memcmp(ip, v4mapped_pfx, 12) || !memcmp(ip, zero, 16);
}

static bool v6_mapped_pair(const uint8_t *v)
{
	return v4mapped(v + 1) && v4mapped(v + 19);
}

static bool is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/*
 * Sets fi's addresses from one side pair (alen bytes per address). Returns
 * false, changing nothing, when fi already has that tuple either way round.
 * As in sysdig 0.29, a destination address or port already known is kept:
 * only the source side always follows the event.
 */
static bool set_addrs(struct sc_fdinfo *fi, uint8_t type, const uint8_t *sip, uint16_t sport,
		      const uint8_t *dip, uint16_t dport, size_t alen)
{
	if (fi->type == type &&
	    ((!memcmp(fi->sip, sip, alen) && fi->sport == sport && !memcmp(fi->dip, dip, alen) &&
	      fi->dport == dport) ||
	     (!memcmp(fi->sip, dip, alen) && fi->sport == dport && !memcmp(fi->dip, sip, alen) &&
	      fi->dport == sport)))
		return false;
	memcpy(fi->sip, sip, alen);
	fi->sport = sport;
	if (is_zero(fi->dip, 16))
		memcpy(fi->dip, dip, alen);
	if (!fi->dport)
		fi->dport = dport;
	return true;
}

/* Tuple value v (INET or INET6) into fi; fi->type must already be the socket's new type. */
static bool set_inet_tuple(struct sc_fdinfo *fi, uint8_t oldtype, const uint8_t *v, uint32_t len)
{
	uint8_t saved = fi->type;
	bool r;

	fi->type = oldtype;   /* the "same tuple" test looks at the type the fd had */
	if (v[0] == AF_P_INET && len >= 13)
		r = set_addrs(fi, saved, v + 1, sc_get_u16(v + 5), v + 7, sc_get_u16(v + 11), 4);
	else if (v[0] == AF_P_INET6 && len >= 37 && v6_mapped_pair(v))
		r = set_addrs(fi, saved, v + 13, sc_get_u16(v + 17), v + 31, sc_get_u16(v + 35), 4);
	else if (v[0] == AF_P_INET6 && len >= 37)
		r = set_addrs(fi, saved, v + 1, sc_get_u16(v + 17), v + 19, sc_get_u16(v + 35), 16);
	else
		r = false;
	fi->type = saved;
	return r;
}

static void set_unix(struct sc_fdinfo *fi, const uint8_t *v, uint32_t len)
{
	if (len >= 17) {
		fi->unix_src = sc_get_u64(v + 1);
		fi->unix_dst = sc_get_u64(v + 9);
	}
}

static void swap_addrs(struct sc_fdinfo *fi)
{
	uint8_t ip[16];
	uint16_t p = fi->sport;

	memcpy(ip, fi->sip, 16);
	memcpy(fi->sip, fi->dip, 16);
	memcpy(fi->dip, ip, 16);
	fi->sport = fi->dport;
	fi->dport = p;
}

static bool is_udp4(const struct sc_fdinfo *fi)
{
	return fi->type == SC_FD_IPV4_SOCK && fi->l4proto == SC_L4_UDP;
}

static bool is_tcp4(const struct sc_fdinfo *fi)
{
	return fi->type == SC_FD_IPV4_SOCK && fi->l4proto == SC_L4_TCP;
}

/* sysdig's name for an inet socket built from its own fields ("<unknown>" for odd protocols). */
static void name_from_fields(struct sc_fdinfo *fi)
{
	struct sc_strbuf b = { 0 };
	uint8_t l4 = fi->l4proto;
	bool v6 = fi->type == SC_FD_IPV6_SOCK;
	bool mapped = v6 && v4mapped(fi->sip) && v4mapped(fi->dip);
	const uint8_t *s4 = mapped ? fi->sip + 12 : fi->sip, *d4 = mapped ? fi->dip + 12 : fi->dip;
	uint8_t tup[37];

	if (fi->type != SC_FD_IPV4_SOCK && !v6) {
		sc_strbuf_puts(&b, "<unknown>");
	} else if (l4 == SC_L4_TCP || l4 == SC_L4_UDP) {
		if (!v6 || mapped) {
			tup[0] = AF_P_INET;
			memcpy(tup + 1, s4, 4);
			memcpy(tup + 5, &fi->sport, 2);
			memcpy(tup + 7, d4, 4);
			memcpy(tup + 11, &fi->dport, 2);
			sc_state_tuple_render(tup, 13, &b);
		} else {
			tup[0] = AF_P_INET6;
			memcpy(tup + 1, fi->sip, 16);
			memcpy(tup + 17, &fi->sport, 2);
			memcpy(tup + 19, fi->dip, 16);
			memcpy(tup + 35, &fi->dport, 2);
			sc_state_tuple_render(tup, 37, &b);
		}
	} else if (l4 == SC_L4_ICMP || l4 == SC_L4_RAW) {
		if (!v6 || mapped) {
			sc_strbuf_printf(&b, "%u.%u.%u.%u->%u.%u.%u.%u", s4[0], s4[1], s4[2], s4[3], d4[0],
					 d4[1], d4[2], d4[3]);
		} else {
			char a[INET6_ADDRSTRLEN];

			/* sysdig prints the source address on both sides here */
			if (!inet_ntop(AF_INET6, fi->sip, a, sizeof(a)))
				a[0] = '\0';
			sc_strbuf_printf(&b, "%s->%s", a, a);
		}
	} else {
		sc_strbuf_puts(&b, "<unknown>");
	}
	set_name_from(fi, &b);
	sc_strbuf_free(&b);
}

static void name_from_tuple(struct sc_fdinfo *fi, const struct sc_param *p)
{
	struct sc_strbuf b = { 0 };

	sc_state_tuple_render(p->val, p->len, &b);
	set_name_from(fi, &b);
	sc_strbuf_free(&b);
}

static void parse_connect_e(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *a = par(ev, 1);
	struct sc_fdinfo *fi = ev->fd;
	struct sc_strbuf b = { 0 };

	(void)st;
	if (!fi || !a || !a->len)
		return;
	if (a->val[0] == AF_P_INET && a->len >= 7) {
		fi->type = SC_FD_IPV4_SOCK;
		memset(fi->dip, 0, 16);
		memcpy(fi->dip, a->val + 1, 4);
		fi->dport = sc_get_u16(a->val + 5);
	} else if (a->val[0] == AF_P_INET6 && a->len >= 19) {
		memset(fi->dip, 0, 16);
		if (v4mapped(a->val + 1)) {
			fi->type = SC_FD_IPV4_SOCK;
			memcpy(fi->dip, a->val + 13, 4);
		} else {
			fi->type = SC_FD_IPV6_SOCK;
			memcpy(fi->dip, a->val + 1, 16);
		}
		fi->dport = sc_get_u16(a->val + 17);
	} else {
		sc_state_sockaddr_render(a->val, a->len, &b);
		set_name_from(fi, &b);
		sc_strbuf_free(&b);
	}
}

static void parse_connect_x(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *t = par(ev, 1);
	struct sc_fdinfo *fi = ev->fd;
	int64_t res = p_int(ev, 0, -1);
	uint8_t old;

	(void)st;
	if (!fi || (res < 0 && res != -115 /* EINPROGRESS */))
		return;
	if (!t || !t->len)
		return;
	if (t->val[0] == AF_P_INET || t->val[0] == AF_P_INET6) {
		old = fi->type;
		fi->type = t->val[0] == AF_P_INET6 && t->len >= 37 && !v6_mapped_pair(t->val) ?
			   SC_FD_IPV6_SOCK : SC_FD_IPV4_SOCK;
		if (set_inet_tuple(fi, old, t->val, t->len) &&
		    (fi->flags & SC_FDF_ROLE_SERVER) && is_udp4(fi))
			swap_addrs(fi);
		name_from_fields(fi);
	} else {
		name_from_tuple(fi, t);
		set_unix(fi, t->val, t->len);
	}
	if (!(fi->flags & (SC_FDF_ROLE_CLIENT | SC_FDF_ROLE_SERVER)))
		fi->flags |= SC_FDF_ROLE_CLIENT;
	fi->flags |= SC_FDF_CONNECTED;
}

/* ---- reads and writes on sockets ------------------------------------------------ */

/* The ports sysdig reads when guessing roles: an IPv4 view of the fd's address fields. */
static uint16_t view_sport(const struct sc_fdinfo *fi)
{
	return fi->type == SC_FD_IPV4_SOCK ? fi->sport : sc_get_u16(fi->sip + 8);
}

static uint16_t view_dport(const struct sc_fdinfo *fi)
{
	return fi->type == SC_FD_IPV4_SOCK ? fi->dport : sc_get_u16(fi->sip + 10);
}

struct port_q {
	uint16_t port;
	bool server;   /* looking for a listener (true) or a client port (false) */
	bool found;
};

static bool port_cb(struct sc_fdinfo *fi, void *arg)
{
	struct port_q *q = arg;

	if (q->server) {
		if ((fi->type == SC_FD_IPV4_SOCK && fi->dport == q->port) ||
		    (fi->type == SC_FD_IPV4_SERVSOCK && fi->sport == q->port))
			q->found = true;
	} else if (fi->type == SC_FD_IPV4_SOCK && fi->sport == q->port) {
		q->found = true;
	}
	return !q->found;
}

static void guess_role(struct sc_thread *th, struct sc_fdinfo *fi, bool incoming)
{
	struct port_q q = { view_dport(fi), true, false };

	sc_state_foreach_fd(th, port_cb, &q);
	if (!q.found) {
		fi->flags |= SC_FDF_ROLE_CLIENT;
		return;
	}
	q.port = view_sport(fi);
	q.server = false;
	q.found = false;
	sc_state_foreach_fd(th, port_cb, &q);
	if (!q.found)
		fi->flags |= SC_FDF_ROLE_SERVER;
	else
		fi->flags |= incoming ? SC_FDF_ROLE_SERVER : SC_FDF_ROLE_CLIENT;
}

/* Fills the missing local or remote address of a tuple from the machine's interfaces. */
static void complete_tuple(struct sc_state *st, struct sc_fdinfo *fi)
{
	if (fi->type == SC_FD_IPV4_SOCK) {
		uint32_t s, d, n;

		memcpy(&s, fi->sip, 4);
		memcpy(&d, fi->dip, 4);
		if (s && d)
			return;
		n = sc_state_infer_ipv4(st, s ? s : d);
		if (n == (s ? s : d) && fi->sport == fi->dport)
			return;
		memcpy(s ? fi->dip : fi->sip, &n, 4);
	} else if (fi->type == SC_FD_IPV6_SOCK) {
		bool sz = is_zero(fi->sip, 16), dz = is_zero(fi->dip, 16);
		uint8_t n[16];

		if (!sz && !dz)
			return;
		sc_state_infer_ipv6(st, sz ? fi->dip : fi->sip, n);
		memcpy(sz ? fi->sip : fi->dip, n, 16);
	}
}

/* A tuple seen on a read or write updates the socket; false when nothing changed. */
static bool update_fd_tuple(struct sc_state *st, struct sc_fdinfo *fi, const struct sc_param *t)
{
	uint8_t old = fi->type;

	if (!t || !t->len)
		return false;
	switch (t->val[0]) {
	case AF_P_INET:
		fi->type = SC_FD_IPV4_SOCK;
		if (!set_inet_tuple(fi, old, t->val, t->len))
			return false;
		break;
	case AF_P_INET6:
		if (t->len >= 37 && v6_mapped_pair(t->val))
			fi->type = SC_FD_IPV4_SOCK;
		if (!set_inet_tuple(fi, old, t->val, t->len))
			return false;
		break;
	case AF_P_UNIX:
		fi->type = SC_FD_UNIX_SOCK;
		set_unix(fi, t->val, t->len);
		if (t->len > 17)
			sc_state_fd_set_name(fi, (const char *)t->val + 17,
					     strnlen((const char *)t->val + 17, t->len - 17));
		return true;
	default:
		return true;
	}
	if ((fi->type == SC_FD_IPV4_SOCK || fi->type == SC_FD_IPV6_SOCK) && fi->l4proto == SC_L4_UNKNOWN)
		fi->l4proto = SC_L4_UDP;
	complete_tuple(st, fi);
	return true;
}

static void rw_tuple(struct sc_state *st, struct sc_evt *ev, const struct sc_param *t, bool incoming)
{
	struct sc_fdinfo *fi = ev->fd;

	if (!update_fd_tuple(st, fi, t))
		return;
	fi->flags |= SC_FDF_CONNECTED;   /* as sysdig: a socket with a known peer counts as connected */
	if (fi->type == SC_FD_IPV4_SOCK || fi->type == SC_FD_IPV6_SOCK) {
		if (!(fi->flags & (SC_FDF_ROLE_CLIENT | SC_FDF_ROLE_SERVER)))
			guess_role(ev->thread, fi, incoming);
		if ((fi->flags & (incoming ? SC_FDF_ROLE_CLIENT : SC_FDF_ROLE_SERVER)))
			swap_addrs(fi);
		name_from_fields(fi);
	} else {
		name_from_tuple(fi, t);
	}
}

static void parse_read_x(struct sc_state *st, struct sc_evt *ev)
{
	uint16_t type = ev->hdr->type;
	struct sc_fdinfo *fi = ev->fd;

	if (!fi || p_int(ev, 0, -1) < 0)
		return;
	if (type != SCE_SOCKET_RECVFROM_X && type != SCE_SOCKET_RECVMSG_X)
		return;
	if (fi->name_len && is_tcp4(fi))
		return;
	rw_tuple(st, ev, par(ev, type == SCE_SOCKET_RECVFROM_X ? 2 : 3), true);
}

static void parse_write_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_fdinfo *fi = ev->fd;
	struct sc_evt enter;

	if (!fi || p_int(ev, 0, -1) < 0)
		return;
	if (ev->hdr->type != SCE_SOCKET_SENDTO_X && ev->hdr->type != SCE_SOCKET_SENDMSG_X)
		return;
	if (fi->name_len && is_tcp4(fi))
		return;
	if (!sc_parse_enter_of(ev, &enter))
		return;
	rw_tuple(st, ev, par(&enter, 2), false);
}

/* A sendto on an fd sysdig has never seen makes a UDP socket of it. */
static void parse_sendto_e(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *t = par(ev, 2);
	int64_t fd = p_int(ev, 0, -1);
	struct sc_fdinfo *fi;

	(void)st;
	if (ev->fd || fd < 0 || !t || !t->len)
		return;
	if (t->val[0] != AF_P_INET && t->val[0] != AF_P_INET6)
		return;
	fi = add_fd(ev, fd, t->val[0] == AF_P_INET ? SC_FD_IPV4_SOCK : SC_FD_IPV6_SOCK, "");
	fi->l4proto = SC_L4_UDP;
}

static void parse_accept_x(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *t = par(ev, 1);
	int64_t fd = p_int(ev, 0, -1);
	uint8_t type, l4 = SC_L4_UNKNOWN;
	struct sc_fdinfo *fi;

	(void)st;
	if (fd < 0 || !t || !t->len)
		return;
	switch (t->val[0]) {
	case AF_P_INET:
		type = SC_FD_IPV4_SOCK;
		l4 = SC_L4_TCP;
		break;
	case AF_P_INET6:
		type = t->len >= 37 && v6_mapped_pair(t->val) ? SC_FD_IPV4_SOCK : SC_FD_IPV6_SOCK;
		l4 = SC_L4_TCP;
		break;
	case AF_P_UNIX:
		type = SC_FD_UNIX_SOCK;
		break;
	default:
		return;
	}
	fi = add_fd(ev, fd, type, "");
	fi->l4proto = l4;
	if (type == SC_FD_UNIX_SOCK)
		set_unix(fi, t->val, t->len);
	else
		set_inet_tuple(fi, SC_FD_UNKNOWN, t->val, t->len);
	name_from_tuple(fi, t);
	fi->flags = SC_FDF_ROLE_SERVER | SC_FDF_CONNECTED | (fi->flags & SC_FDF_NAME_CHANGED);
}

static void parse_bind_x(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *a = par(ev, 1);
	struct sc_fdinfo *fi = ev->fd;
	struct sc_strbuf b = { 0 };
	uint16_t port;

	(void)st;
	if (!fi || p_int(ev, 0, -1) < 0 || !a || !a->len)
		return;
	if (a->val[0] == AF_P_INET && a->len >= 7) {
		port = sc_get_u16(a->val + 5);
		if (port > 0) {
			fi->type = SC_FD_IPV4_SERVSOCK;
			memset(fi->sip, 0, 16);
			memcpy(fi->sip, a->val + 1, 4);
			fi->sport = port;
		}
	} else if (a->val[0] == AF_P_INET6 && a->len >= 19) {
		port = sc_get_u16(a->val + 17);
		if (port > 0) {
			memset(fi->sip, 0, 16);
			if (v4mapped(a->val + 1)) {
				fi->type = SC_FD_IPV4_SERVSOCK;
				memcpy(fi->sip, a->val + 13, 4);
			} else {
				fi->type = SC_FD_IPV6_SERVSOCK;
				memcpy(fi->sip, a->val + 1, 16);
			}
			fi->sport = port;
		}
	}
	sc_state_sockaddr_render(a->val, a->len, &b);
	set_name_from(fi, &b);
	sc_strbuf_free(&b);
}

/* ---- processes ---------------------------------------------------------------- */

/* Copies one fd into the new process arg (a struct sc_thread), marked as cloned. */
static bool copy_fd_cb(struct sc_fdinfo *fi, void *arg)
{
	sc_state_fd_add_copy(arg, fi->fd, fi)->flags |= SC_FDF_IS_CLONED;
	return true;
}

/* Fills the fields every clone exit carries about the new thread. */
static void clone_fill_from_event(struct sc_thread *c, const struct sc_evt *ev)
{
	const struct sc_param *p;

	set_str(&c->exe, par(ev, 1));
	set_blob(&c->args, &c->args_len, par(ev, 2));
	if ((p = pnamed(ev, "comm")))
		set_comm(c, (const char *)p->val, pstrlen(p));
	else
		set_comm(c, c->exe, strlen(c->exe));
	c->fdlimit = (uint64_t)p_int(ev, 7, -1);
	if (pnamed(ev, "vm_swap")) {
		c->pfmajor = (uint64_t)pnamed_int(ev, "pgft_maj", 0);
		c->pfminor = (uint64_t)pnamed_int(ev, "pgft_min", 0);
		c->vmsize_kb = (uint32_t)pnamed_int(ev, "vm_size", 0);
		c->vmrss_kb = (uint32_t)pnamed_int(ev, "vm_rss", 0);
		c->vmswap_kb = (uint32_t)pnamed_int(ev, "vm_swap", 0);
	}
	c->uid = (uint32_t)pnamed_int(ev, "uid", -1);
	c->gid = (uint32_t)pnamed_int(ev, "gid", -1);
	if ((p = pnamed(ev, "cgroups")))
		set_blob(&c->cgroups, &c->cgroups_len, p);
	c->clone_ts = ev->hdr->ts;
}

/* What a new thread takes from the thread it is cloned from (or its leader). */
static void clone_inherit(struct sc_state *st, struct sc_thread *c, struct sc_thread *from, bool leader)
{
	struct sc_thread *fmain;

	copy_strdup(&c->exepath, from->exepath);
	copy_strdup(&c->root, from->root);
	c->exe_writable = from->exe_writable;
	c->sid = from->sid;
	c->vpgid = from->vpgid;
	c->tty = from->tty;
	c->loginuid = from->loginuid;
	if (leader) {
		if (from->fdt)
			sc_state_foreach_fd(from, copy_fd_cb, c);
		fmain = sc_state_main_thread(st, from);
		copy_strdup(&c->cwd, sc_state_thread_cwd(st, from));
		if (!fmain)
			fmain = from;
		copy_blob(&c->env, &c->env_len, fmain->env, fmain->env_len);
	} else {
		c->lastexec_ts = from->lastexec_ts;
	}
}

/* Registers a new thread in its process: shares the leader's fd table, counts it. */
static void clone_attach(struct sc_state *st, struct sc_thread *c)
{
	struct sc_thread *mt;

	if (c->flags & SC_CL_CLONE_THREAD) {
		c->flags |= SC_CL_CLONE_FILES;
		sc_state_thread_link(st, c);
		mt = sc_state_thread_get(st, c->pid);
		if (mt != c)
			mt->nchilds++;
	}
}

static void remove_thread_now(struct sc_state *st, int64_t tid, bool force);

static void parse_clone_caller(struct sc_state *st, struct sc_evt *ev, int64_t child_tid)
{
	int64_t tid = (int64_t)ev->hdr->tid;
	struct sc_thread *caller = sc_state_thread_get(st, tid), *c, *old;
	uint32_t flags = (uint32_t)pnamed_int(ev, "flags", 0);
	bool valid = !sc_thread_is_invalid(caller);

	ev->thread = caller;
	if (flags & (SC_CL_CHILD_IN_PIDNS | SC_CL_CLONE_NEWPID))
		return;   /* the child's own clone exit describes it */
	old = sc_state_thread(st, child_tid);
	if (old) {
		if (old->flags & SC_CL_CLONE_INVERTED)
			return;
		remove_thread_now(st, child_tid, true);
		caller = sc_state_thread_get(st, tid);
		ev->thread = caller;
	}
	c = sc_state_thread_add(st, child_tid);
	c->flags = flags;
	if (!(flags & SC_CL_CLONE_THREAD)) {
		c->pid = child_tid;
	} else {
		c->pid = caller->pid;
	}
	c->ptid = caller->tid;
	c->vtid = c->tid;
	c->vpid = c->pid;
	clone_fill_from_event(c, ev);
	if (valid) {
		clone_inherit(st, c, caller, !(flags & SC_CL_CLONE_THREAD));
	} else if (!strcmp(caller->comm, "<NA>")) {
		/*
		 * A stand-in caller takes its names from the event, once, and
		 * shows no latency for it (what sysdig 0.29.3 prints).
		 */
		copy_strdup(&caller->exe, c->exe);
		set_comm(caller, c->comm, strlen(c->comm));
		copy_blob(&caller->args, &caller->args_len, c->args, c->args_len);
		caller->latency = 0;
	}
	clone_attach(st, c);
}

static void parse_clone_child(struct sc_state *st, struct sc_evt *ev)
{
	int64_t tid = (int64_t)ev->hdr->tid, lookup_tid;
	struct sc_thread *c = ev->thread, *from;
	bool leader, valid;

	if (c) {
		/*
		 * Already known (made by the caller's exit, or by an earlier event
		 * of this tid): sysdig 0.29 only takes the namespace ids from here.
		 */
		if (pnamed(ev, "vpid")) {
			c->vtid = pnamed_int(ev, "vtid", -1);
			c->vpid = pnamed_int(ev, "vpid", -1);
		}
		return;
	}
	c = sc_state_thread_add(st, tid);
	c->pid = p_int(ev, 4, -1);
	c->ptid = p_int(ev, 5, -1);
	if (pnamed(ev, "vpid")) {
		c->vtid = pnamed_int(ev, "vtid", -1);
		c->vpid = pnamed_int(ev, "vpid", -1);
	} else {
		c->vtid = tid;
		c->vpid = -1;
	}
	c->flags = (uint32_t)pnamed_int(ev, "flags", 0) | SC_CL_CLONE_INVERTED;
	leader = !(c->flags & SC_CL_CLONE_THREAD);
	lookup_tid = leader ? c->ptid : c->pid;
	if (!leader)
		c->flags |= SC_CL_CLONE_FILES;
	from = sc_state_thread_get(st, lookup_tid);
	valid = !sc_thread_is_invalid(from);
	clone_fill_from_event(c, ev);
	if (valid) {
		clone_inherit(st, c, from, leader);
	} else if (!leader) {
		copy_strdup(&from->exe, c->exe);
		set_comm(from, c->comm, strlen(c->comm));
		copy_blob(&from->args, &from->args_len, c->args, c->args_len);
	}
	clone_attach(st, c);
	ev->thread = c;
}

static void parse_clone_x(struct sc_state *st, struct sc_evt *ev)
{
	int64_t res = p_int(ev, 0, -1);

	if (res < 0)
		return;
	if (res == 0)
		parse_clone_child(st, ev);
	else
		parse_clone_caller(st, ev, res);
}

static void parse_execve_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_thread *th = ev->thread;
	const struct sc_param *p;
	struct sc_evt enter;

	if (p_int(ev, 0, -1) < 0)
		return;
	set_str(&th->exe, par(ev, 1));
	th->lastexec_ts = ev->hdr->ts;
	if (pidx(ev, "comm") >= 0) {
		p = pnamed(ev, "comm");
		set_comm(th, p ? (const char *)p->val : "", pstrlen(p));
	} else {
		set_comm(th, th->exe, strlen(th->exe));   /* old records have no comm */
	}
	set_blob(&th->args, &th->args_len, par(ev, 2));
	th->pid = p_int(ev, 4, th->pid);
	th->ptid = p_int(ev, 5, th->ptid);
	th->fdlimit = (uint64_t)p_int(ev, 7, (int64_t)th->fdlimit);
	if (pidx(ev, "vm_swap") >= 0) {
		th->pfmajor = (uint64_t)pnamed_int(ev, "pgft_maj", 0);
		th->pfminor = (uint64_t)pnamed_int(ev, "pgft_min", 0);
		th->vmsize_kb = (uint32_t)pnamed_int(ev, "vm_size", 0);
		th->vmrss_kb = (uint32_t)pnamed_int(ev, "vm_rss", 0);
		th->vmswap_kb = (uint32_t)pnamed_int(ev, "vm_swap", 0);
	}
	if (pidx(ev, "cgroups") >= 0)
		set_blob(&th->cgroups, &th->cgroups_len, pnamed(ev, "cgroups"));
	if (pidx(ev, "env") >= 0)
		set_blob(&th->env, &th->env_len, pnamed(ev, "env"));
	if (pidx(ev, "tty") >= 0)
		th->tty = (uint32_t)pnamed_int(ev, "tty", 0);
	if (pidx(ev, "pgid") >= 0) {
		th->vpgid = pnamed_int(ev, "pgid", -1);
		th->loginuid = (uint32_t)pnamed_int(ev, "loginuid", -1);
	}
	if (pidx(ev, "flags") >= 0)
		th->exe_writable = (pnamed_int(ev, "flags", 0) & 1 /* PPM_EXE_WRITABLE */) != 0;
	if (sc_parse_enter_of(ev, &enter)) {
		struct sc_strbuf dir = { 0 }, full = { 0 };
		const struct sc_param *fn = NULL;

		if (enter.hdr->type == SCE_SYSCALL_EXECVE_18_E || enter.hdr->type == SCE_SYSCALL_EXECVE_19_E) {
			fn = par(&enter, 0);
			sc_strbuf_puts(&dir, sc_state_thread_cwd(st, th));
		} else if (enter.hdr->type == SCE_SYSCALL_EXECVEAT_E) {
			fn = par(&enter, 1);
			if (fn && fn->len)
				dirfd_base(st, ev, (const char *)fn->val, p_int(&enter, 0, AT_P_FDCWD), &dir);
		}
		if (fn && fn->len) {
			sc_state_path_concat(dir.s ? dir.s : "", dir.len, (const char *)fn->val, fn->len, &full);
			free(th->exepath);
			th->exepath = xstrndup(full.s ? full.s : "", full.len);
		}
		sc_strbuf_free(&dir);
		sc_strbuf_free(&full);
	}
	th->flags |= SC_CL_NAME_CHANGED;
}

static void parse_procexit(struct sc_state *st, struct sc_evt *ev)
{
	ev->thread->flags |= SC_CL_CLOSED;
	sc_state_pending(st)->tid_to_remove = ev->thread->tid;
}

/*
 * cwd of th's process becomes dir (relative to the current one), always
 * ending with '/'. len counts dir's NUL when it has one, as parameters do.
 */
static void set_cwd(struct sc_state *st, struct sc_thread *th, const char *dir, size_t len)
{
	struct sc_thread *mt = sc_state_main_thread(st, th);
	struct sc_strbuf b = { 0 };

	if (!mt)
		return;
	sc_state_path_concat(mt->cwd, strlen(mt->cwd), dir, len, &b);
	if (!b.len || b.s[b.len - 1] != '/')
		sc_strbuf_putc(&b, '/');
	free(mt->cwd);
	mt->cwd = xstrndup(b.s, b.len);
	sc_strbuf_free(&b);
}

static void parse_chdir_x(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *p = par(ev, 1);

	if (p_int(ev, 0, -1) >= 0 && p)
		set_cwd(st, ev->thread, (const char *)p->val, p->len);
}

static void parse_fchdir_x(struct sc_state *st, struct sc_evt *ev)
{
	if (p_int(ev, 0, -1) >= 0 && ev->fd)
		set_cwd(st, ev->thread, ev->fd->name, ev->fd->name_len);
}

static void parse_chroot_x(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *p = par(ev, 1);
	struct sc_strbuf b = { 0 };
	const char *cwd;

	if (p_int(ev, 0, -1) != 0 || !p)
		return;
	cwd = sc_state_thread_cwd(st, ev->thread);
	sc_state_path_concat(cwd, strlen(cwd), (const char *)p->val, p->len, &b);
	free(ev->thread->root);
	ev->thread->root = xstrndup(b.s ? b.s : "", b.len);
	sc_strbuf_free(&b);
}

/* setuid/setgid (enter param 0) and setresuid/setresgid (the effective id, enter param 1). */
static void parse_setid_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_evt enter;
	uint16_t type = ev->hdr->type;
	uint32_t id;
	bool is_res;

	(void)st;
	if (p_int(ev, 0, -1) != 0 || !sc_parse_enter_of(ev, &enter))
		return;
	is_res = type == SCE_SYSCALL_SETRESUID_X || type == SCE_SYSCALL_SETRESGID_X;
	id = (uint32_t)p_uint(&enter, is_res ? 1 : 0, UINT32_MAX);
	if (id == UINT32_MAX)
		return;
	if (type == SCE_SYSCALL_SETUID_X || type == SCE_SYSCALL_SETRESUID_X)
		ev->thread->uid = id;
	else
		ev->thread->gid = id;
}

static void parse_setsid_x(struct sc_state *st, struct sc_evt *ev)
{
	int64_t res = p_int(ev, 0, -1);

	(void)st;
	if (res >= 0)
		ev->thread->sid = res;
}

static void parse_rlimit_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_evt enter;
	struct sc_thread *mt;
	int64_t cur;

	if (p_int(ev, 0, -1) < 0 || !sc_parse_enter_of(ev, &enter))
		return;
	if (p_uint(&enter, 0, 0) != RLIMIT_P_NOFILE)
		return;
	cur = p_int(ev, 1, -1);
	if (cur == -1)
		return;
	mt = sc_state_main_thread(st, ev->thread);
	if (mt)
		mt->fdlimit = (uint64_t)cur;
}

static void parse_prlimit_x(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_evt enter;
	struct sc_thread *t, *mt;
	int64_t cur, tid;

	if (p_int(ev, 0, -1) < 0 || !sc_parse_enter_of(ev, &enter))
		return;
	if (p_uint(&enter, 1, 0) != RLIMIT_P_NOFILE)
		return;
	cur = p_int(ev, 1, -1);
	if (cur == -1)
		return;
	tid = p_int(&enter, 0, 0);
	if (tid == 0)
		tid = ev->thread->tid;
	t = sc_state_thread_get(st, tid);
	mt = sc_state_main_thread(st, t);
	if (mt)
		mt->fdlimit = (uint64_t)cur;
}

/* brk, mmap, mmap2, munmap exits carry the memory counters. */
static void parse_mem_x(struct sc_state *st, struct sc_evt *ev)
{
	(void)st;
	if (ev->nparams < 4)
		return;
	ev->thread->vmsize_kb = (uint32_t)p_uint(ev, 1, 0);
	ev->thread->vmrss_kb = (uint32_t)p_uint(ev, 2, 0);
	ev->thread->vmswap_kb = (uint32_t)p_uint(ev, 3, 0);
}

static void parse_switch(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_param *p = sc_evt_params(ev);
	struct sc_thread *mt;
	uint64_t maj, min;
	uint32_t size, rss, swap;

	if (ev->nparams < 6)
		return;
	if (p[1].len == 8 && p[2].len == 8 && p[3].len == 4 && p[4].len == 4 && p[5].len == 4) {
		/* the widths the table gives (nearly every record): what p_uint reads, without its cases */
		maj = sc_get_u64(p[1].val);
		min = sc_get_u64(p[2].val);
		size = sc_get_u32(p[3].val);
		rss = sc_get_u32(p[4].val);
		swap = sc_get_u32(p[5].val);
	} else {
		maj = p_uint(ev, 1, 0);
		min = p_uint(ev, 2, 0);
		size = (uint32_t)p_uint(ev, 3, 0);
		rss = (uint32_t)p_uint(ev, 4, 0);
		swap = (uint32_t)p_uint(ev, 5, 0);
	}
	ev->thread->pfmajor = maj;
	ev->thread->pfminor = min;
	mt = sc_thread_is_main(ev->thread) ? ev->thread : sc_state_main_thread(st, ev->thread);
	if (mt) {
		mt->vmsize_kb = size;
		mt->vmrss_kb = rss;
		mt->vmswap_kb = swap;
	}
}

/* ---- routing ------------------------------------------------------------------ */

typedef void (*parse_fn)(struct sc_state *, struct sc_evt *);

static const parse_fn parsers[SC_EVENT_MAX] = {
	[SCE_SYSCALL_OPEN_X] = parse_open_x,
	[SCE_SYSCALL_CREAT_X] = parse_open_x,
	[SCE_SYSCALL_OPENAT_X] = parse_open_x,
	[SCE_SYSCALL_OPENAT_2_X] = parse_open_x,
	[SCE_SYSCALL_OPENAT2_X] = parse_open_x,
	[SCE_SYSCALL_CLONE_11_X] = parse_clone_x,
	[SCE_SYSCALL_CLONE_16_X] = parse_clone_x,
	[SCE_SYSCALL_CLONE_17_X] = parse_clone_x,
	[SCE_SYSCALL_CLONE_20_X] = parse_clone_x,
	[SCE_SYSCALL_FORK_X] = parse_clone_x,
	[SCE_SYSCALL_FORK_17_X] = parse_clone_x,
	[SCE_SYSCALL_FORK_20_X] = parse_clone_x,
	[SCE_SYSCALL_VFORK_X] = parse_clone_x,
	[SCE_SYSCALL_VFORK_17_X] = parse_clone_x,
	[SCE_SYSCALL_VFORK_20_X] = parse_clone_x,
	[SCE_SYSCALL_CLONE3_X] = parse_clone_x,
	[SCE_SYSCALL_EXECVE_8_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_13_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_14_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_15_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_16_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_17_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_18_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVE_19_X] = parse_execve_x,
	[SCE_SYSCALL_EXECVEAT_X] = parse_execve_x,
	[SCE_PROCEXIT_E] = parse_procexit,
	[SCE_PROCEXIT_1_E] = parse_procexit,
	[SCE_SYSCALL_PIPE_X] = parse_pipe_x,
	[SCE_SOCKET_SOCKET_X] = parse_socket_x,
	[SCE_SOCKET_SOCKETPAIR_X] = parse_socketpair_x,
	[SCE_SOCKET_BIND_X] = parse_bind_x,
	[SCE_SOCKET_CONNECT_E] = parse_connect_e,
	[SCE_SOCKET_CONNECT_X] = parse_connect_x,
	[SCE_SOCKET_SENDTO_E] = parse_sendto_e,
	[SCE_SOCKET_RECVFROM_X] = parse_read_x,
	[SCE_SOCKET_RECVMSG_X] = parse_read_x,
	[SCE_SOCKET_SENDTO_X] = parse_write_x,
	[SCE_SOCKET_SENDMSG_X] = parse_write_x,
	[SCE_SOCKET_ACCEPT_X] = parse_accept_x,
	[SCE_SOCKET_ACCEPT_5_X] = parse_accept_x,
	[SCE_SOCKET_ACCEPT4_X] = parse_accept_x,
	[SCE_SOCKET_ACCEPT4_5_X] = parse_accept_x,
	[SCE_SYSCALL_CLOSE_E] = parse_close_e,
	[SCE_SYSCALL_CLOSE_X] = parse_close_x,
	[SCE_SYSCALL_FCNTL_X] = parse_fcntl_x,
	[SCE_SYSCALL_EVENTFD_X] = parse_eventfd_x,
	[SCE_SYSCALL_SIGNALFD_X] = parse_signalfd_x,
	[SCE_SYSCALL_TIMERFD_CREATE_X] = parse_timerfd_x,
	[SCE_SYSCALL_INOTIFY_INIT_X] = parse_inotify_x,
	[SCE_SYSCALL_CHDIR_X] = parse_chdir_x,
	[SCE_SYSCALL_FCHDIR_X] = parse_fchdir_x,
	[SCE_SYSCALL_CHROOT_X] = parse_chroot_x,
	[SCE_SYSCALL_DUP_X] = parse_dup_x,
	[SCE_SYSCALL_GETRLIMIT_X] = parse_rlimit_x,
	[SCE_SYSCALL_SETRLIMIT_X] = parse_rlimit_x,
	[SCE_SYSCALL_PRLIMIT_X] = parse_prlimit_x,
	[SCE_SYSCALL_SETUID_X] = parse_setid_x,
	[SCE_SYSCALL_SETGID_X] = parse_setid_x,
	[SCE_SYSCALL_SETRESUID_X] = parse_setid_x,
	[SCE_SYSCALL_SETRESGID_X] = parse_setid_x,
	[SCE_SYSCALL_SETSID_X] = parse_setsid_x,
	[SCE_SYSCALL_BRK_4_X] = parse_mem_x,
	[SCE_SYSCALL_MMAP_X] = parse_mem_x,
	[SCE_SYSCALL_MMAP2_X] = parse_mem_x,
	[SCE_SYSCALL_MUNMAP_X] = parse_mem_x,
	[SCE_SCHEDSWITCH_6_E] = parse_switch,
};

static bool is_clone_exit(uint16_t type)
{
	return parsers[type] == parse_clone_x;
}

/* Removes tid unless it is a main thread whose threads live on (sysdig keeps those). */
static void remove_thread_now(struct sc_state *st, int64_t tid, bool force)
{
	struct sc_thread *th = sc_state_thread(st, tid), *mt;

	if (!th || (th->nchilds > 0 && !force))
		return;
	if ((th->flags & SC_CL_CLONE_THREAD) && th->pid != th->tid) {
		mt = sc_state_thread(st, th->pid);
		if (mt && mt->nchilds > 0)
			mt->nchilds--;
	}
	sc_state_thread_remove(st, tid);
}

/* The removals the previous event left; the caller checked there are some. */
static void __attribute__((noinline)) apply_pending(struct sc_state *st)
{
	struct sc_state_pending *pd = sc_state_pending(st);
	struct sc_thread *th;
	size_t i;

	if (pd->tid_to_remove != -1) {
		remove_thread_now(st, pd->tid_to_remove, false);
		pd->tid_to_remove = -1;
	}
	if (pd->nfds) {
		th = sc_state_thread(st, pd->fd_tid);
		for (i = 0; th && i < pd->nfds; i++)
			sc_state_fd_remove(th, pd->fds[i]);
		pd->nfds = 0;
	}
}

static bool is_meta_event(uint16_t type)
{
	switch (type) {
	case SCE_CONTAINER_JSON_E:
	case SCE_CONTAINER_JSON_X:
	case SCE_CONTAINER_JSON_2_E:
	case SCE_CONTAINER_JSON_2_X:
		return true;
	default:
		return false;
	}
}

/* fd.name_changed is about the current event only: cleared before the event is parsed. */
static inline void clear_name_changed(struct sc_fdinfo *fi)
{
	if (fi)
		fi->flags &= ~(uint32_t)SC_FDF_NAME_CHANGED;
}

/*
 * The context part of a thread's event (th known, or a stand-in when query),
 * sysdig's "reset": the pairing and timing fields and the event's fd. The
 * type's own parser runs after, in parse_apply (unless a filter drops the
 * event first, see parse.h).
 */
static inline __attribute__((always_inline)) bool prepare_thread_event(struct sc_evt *ev, struct sc_thread *th,
								       uint32_t eflags, bool query)
{
	const struct sc_evt_hdr *h = ev->hdr;
	uint16_t type = h->type;

	ev->thread = th;
	if (query)
		th->flags |= SC_CL_ACTIVE;
	th->prev_event_ts = th->last_event_ts;
	th->last_event_ts = h->ts;
	th->last_event_type = type;
	if (sc_evt_is_enter(type)) {
		th->lastevent_fd = -1;
		th->last_enter_type = type;
		th->last_enter_ts = h->ts;
		th->last_enter_valid = false;
		th->latency = 0;
		store_enter(th, ev);
		if ((eflags & SC_EF_USES_FD) && ev->nparams) {
			th->lastevent_fd = p_int(ev, 0, -1);
			ev->fd = sc_state_fd(th, th->lastevent_fd);
		}
	} else {
		th->latency = th->last_enter_ts ? h->ts - th->last_enter_ts : 0;
		th->last_enter_valid = th->last_enter_type != UINT16_MAX && pairs(th->last_enter_type, type);
		/*
		 * As sysdig: an exit whose enter a filter skipped has no fd of its own
		 * (fd.* still find it through fd.num), except write, whose fd sysdig
		 * looks up again when a filter is set (its tracer check).
		 */
		if (eflags & SC_EF_USES_FD) {
			if (th->last_enter_type != ENTER_SKIPPED || type == SCE_SYSCALL_WRITE_X)
				ev->fd = sc_state_fd(th, th->lastevent_fd);
			else
				clear_name_changed(sc_state_fd(th, th->lastevent_fd));
		}
	}
	ev->fdnum = th->lastevent_fd;
	clear_name_changed(ev->fd);
	return true;
}

/* Events that are not a thread's syscall: procinfo and the other internal ones, and clone exits. */
static bool __attribute__((noinline)) prepare_other(struct sc_state *st, struct sc_evt *ev, uint32_t eflags)
{
	uint16_t type = ev->hdr->type;
	int64_t tid = (int64_t)ev->hdr->tid;

	if (eflags & SC_EF_SKIPPARSERESET) {
		if (type == SCE_PROCINFO_E)
			ev->thread = sc_state_thread(st, tid);
		return false;
	}
	if (is_meta_event(type))
		return false;
	/* a clone exit: the child's first event never invents its thread */
	ev->thread = sc_state_thread(st, tid);
	if (!ev->thread) {
		parse_clone_x(st, ev);
		if (ev->thread)
			ev->fdnum = ev->thread->lastevent_fd;
		return false;
	}
	return prepare_thread_event(ev, ev->thread, eflags, false);
}

/*
 * Routes every event: true when the event's own parser still has to run
 * (parse_apply); clone exits of unknown threads are parsed here already.
 */
static inline __attribute__((always_inline)) bool parse_prepare(struct sc_state *st, struct sc_evt *ev)
{
	const struct sc_state_pending *pd = sc_state_pending(st);
	uint16_t type = ev->hdr->type;
	int64_t tid = (int64_t)ev->hdr->tid;
	struct sc_thread *th;
	uint32_t eflags;

	if (pd->tid_to_remove != -1 || pd->nfds)
		apply_pending(st);
	ev->thread = NULL;
	ev->fd = NULL;
	ev->fdnum = -1;
	if (type >= SC_EVENT_MAX)
		return false;
	if (type == SCE_SCHEDSWITCH_6_E) {
		/* the counters of a thread already known (none is invented) */
		ev->thread = sc_state_thread(st, tid);
		return ev->thread != NULL;
	}
	eflags = ev->info->flags;
	if ((eflags & SC_EF_SKIPPARSERESET) || is_meta_event(type) || is_clone_exit(type))
		return prepare_other(st, ev, eflags);
	th = sc_state_thread(st, tid);   /* inline when it is the last one found */
	return prepare_thread_event(ev, th ? th : sc_state_thread_get(st, tid), eflags, true);
}

/* The event's own parser, after parse_prepare. */
static inline __attribute__((always_inline)) void parse_apply(struct sc_state *st, struct sc_evt *ev)
{
	uint16_t type = ev->hdr->type;

	if (type == SCE_SCHEDSWITCH_6_E) {
		parse_switch(st, ev);
		return;
	}
	if (parsers[type])
		parsers[type](st, ev);
	if (ev->thread)
		ev->fdnum = ev->thread->lastevent_fd;
}

void sc_parse_event(struct sc_state *st, struct sc_evt *ev)
{
	if (parse_prepare(st, ev))
		parse_apply(st, ev);
}

bool sc_parse_prepare(struct sc_state *st, struct sc_evt *ev)
{
	return parse_prepare(st, ev);
}

void sc_parse_apply(struct sc_state *st, struct sc_evt *ev)
{
	parse_apply(st, ev);
}

void sc_parse_skip(struct sc_state *st, struct sc_evt *ev)
{
	struct sc_thread *th = ev->thread;

	(void)st;
	if (th && !(ev->info->flags & SC_EF_SKIPPARSERESET) && ev->hdr->type != SCE_SCHEDSWITCH_6_E)
		th->last_enter_type = ENTER_SKIPPED;
}
