/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter.c - the filter compiler and evaluator.
 *
 * Compiling walks the parse tree once: each check's field is resolved
 * through the registry (sc_fcheck_parse), its operator is checked against
 * the field's type, and its constants are parsed by that type (integers
 * decimal or 0x hex, true/false, IPv4/IPv6 addresses and networks, hex byte
 * strings for bcontains/bstartswith, strings lowered for icontains/iglob).
 * 'in' lists become a hash set (strings) or a sorted array (integers).
 *
 * The compiled filter is a flat array of nodes in pre-order; each node
 * knows where its subtree ends, so and/or walk their kids in place and stop
 * at the first one that decides. Evaluation allocates nothing.
 *
 * Semantics follow sysdig: a check whose field has no value for the event
 * is false, whatever the operator (also '!='); string comparisons are
 * byte-wise; glob has fnmatch rules without FNM_PATHNAME ('*' crosses '/');
 * pmatch matches a path equal to, or under, one of the listed paths. glob
 * agrees with glibc fnmatch(pattern, s, 0), checked on millions of random
 * patterns, except for "[.x.]" and "[=x=]" inside brackets.
 */
#define _GNU_SOURCE  /* memmem */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "filter.h"
#include "filter_parse.h"
#include "inspector.h"
#include "util.h"

/* How values of a type compare. */
enum vclass {
	VC_SIGNED,
	VC_UNSIGNED,
	VC_DOUBLE,
	VC_STRING,
	VC_BUFFER,
	VC_ADDR,
	VC_NET,
	VC_DYN,   /* known only per event (evt.rawarg): constants keep every reading */
};

static enum vclass ptype_class(uint8_t t)
{
	switch (t) {
	case SC_PT_INT8: case SC_PT_INT16: case SC_PT_INT32: case SC_PT_INT64:
	case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		return VC_SIGNED;
	case SC_PT_UINT8: case SC_PT_UINT16: case SC_PT_UINT32: case SC_PT_UINT64:
	case SC_PT_SYSCALLID: case SC_PT_SIGTYPE: case SC_PT_RELTIME: case SC_PT_ABSTIME:
	case SC_PT_PORT: case SC_PT_L4PROTO: case SC_PT_SOCKFAMILY: case SC_PT_BOOL:
	case SC_PT_FLAGS8: case SC_PT_FLAGS16: case SC_PT_FLAGS32: case SC_PT_UID:
	case SC_PT_GID: case SC_PT_SIGSET: case SC_PT_MODE:
		return VC_UNSIGNED;
	case SC_PT_DOUBLE:
		return VC_DOUBLE;
	case SC_PT_BYTEBUF:
		return VC_BUFFER;
	case SC_PT_IPV4ADDR: case SC_PT_IPV6ADDR: case SC_PT_IPADDR:
		return VC_ADDR;
	case SC_PT_IPV4NET: case SC_PT_IPV6NET: case SC_PT_IPNET:
		return VC_NET;
	case SC_PT_DYN:
		return VC_DYN;
	default:
		return VC_STRING;
	}
}

static const char *vclass_desc(enum vclass c)
{
	static const char *const d[] = {
		[VC_SIGNED] = "a number", [VC_UNSIGNED] = "a number", [VC_DOUBLE] = "a number",
		[VC_STRING] = "a string", [VC_BUFFER] = "a byte buffer", [VC_ADDR] = "an IP address",
		[VC_NET] = "an IP network", [VC_DYN] = "typed by the event",
	};
	return d[c];
}

/* One constant, read every way the field's type may need. */
struct cconst {
	char *s;              /* owned, NUL-terminated; lowered (icontains, iglob) or bytes (b*) */
	size_t len;
	int64_t i;            /* num_ok: the integer (unsigned values cast) */
	double d;             /* dbl_ok */
	bool num_ok, dbl_ok;
	uint8_t family;       /* 4 or 6 when the text is an address or network, else 0 */
	uint8_t prefix;       /* network bits */
	uint8_t ip[16];
};

struct ccheck {
	struct sc_fcheck fc;
	uint8_t fast;             /* enum fast: a test evaluated without the registry's extractor */
	uint8_t either;           /* enum either: fd.ip, fd.port, fd.net read both ends */
	enum sc_fop op;
	enum vclass cls;      /* declared */
	struct cconst *vals;
	size_t nvals;
	/* in/intersects on strings: open addressing, slots hold value index + 1 */
	uint32_t *hslots;
	uint32_t hmask;
	size_t minlen, maxlen;
	/* in/intersects on integers: sorted copies */
	int64_t *sints;
	uint64_t *uints;
	size_t nints;
	/* proc.aname, proc.apid without an index: any ancestor (parent first) may match */
	bool any_ancestor;
	/* evt.type =, !=, in: the names as bits over event ids and generic syscall codes */
	uint8_t *type_bits, *syscall_bits;
	/* evt.around[T]=D: T and D (in ns) */
	uint64_t around_ts, around_delta;
};

/* How far up any_ancestor checks look. */
#define ANCESTOR_MAX 64

enum nkind { N_AND, N_OR, N_NOT, N_CHECK };

struct cnode {
	uint8_t kind;
	uint32_t nkids;
	uint32_t end;         /* index just past this subtree */
	struct ccheck *chk;
};

#define MASK_BYTES ((SC_EVENT_MAX + 7) / 8)
#define SMASK_BYTES ((SC_SC_MAX + 7) / 8)

/*
 * What sc_filter_eval can decide from the event type alone, when the part
 * that decides is a pure evt.type test (no field with per-use state is
 * skipped that the tree walk would have read): PRE_ROOT, the whole filter
 * is one; PRE_FIRST, the root is an 'and' whose first kid is one, so an
 * event outside tmask fails at once and one inside need not test it again.
 * Generic events are named by their syscall code: smask holds the codes
 * that part passes for them.
 */
enum pre { PRE_NONE, PRE_ROOT, PRE_FIRST };

struct sc_filter {
	char *text;
	struct cnode *nodes;
	size_t nnodes, cap;
	struct sc_tzcache tz;
	uint8_t pre;                  /* enum pre */
	struct ccheck *root_chk;      /* the whole filter when it is one check and pre is PRE_NONE */
	uint8_t tmask[MASK_BYTES];
	/* the same part for generic events, by syscall code (type_eval's reading); soob for codes past the table */
	uint8_t smask[SMASK_BYTES];
	bool soob;
	/* sc_filter_match's context, filled once per inspector */
	struct sc_inspector *mctx_in;
	struct sc_fctx mctx;
};

/* ---- small helpers ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

static inline unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0)
		return h ? h : "";
	if (!h || hn < nn)
		return NULL;
	return memmem(h, hn, n, nn);
}

/* n is already lowercase. */
static bool find_icase(const char *h, size_t hn, const char *n, size_t nn)
{
	size_t i, j;

	if (nn == 0)
		return true;
	if (hn < nn)
		return false;
	for (i = 0; i + nn <= hn; i++) {
		if (lower((unsigned char)h[i]) != (unsigned char)n[0])
			continue;
		for (j = 1; j < nn && lower((unsigned char)h[i + j]) == (unsigned char)n[j]; j++)
			;
		if (j == nn)
			return true;
	}
	return false;
}

/*
 * A "[:name:]" inside a bracket expression at p: returns (length << 1) |
 * whether c is in the class, or -1 when p does not start a known class.
 */
static int posix_class(const char *p, size_t pn, unsigned char c)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
		{ "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
		{ "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};
	size_t i, n;

	for (i = 0; i < SC_ARRAY_SIZE(classes); i++) {
		n = strlen(classes[i].name);
		if (pn >= n + 4 && !memcmp(p + 2, classes[i].name, n) && p[n + 2] == ':' && p[n + 3] == ']')
			return (int)((n + 4) << 1) | (classes[i].is(c) != 0);
	}
	return -1;
}

/* Matches one [...] class at p (after '['); sets *plen to the class length incl. ']'. */
static bool glob_class(const char *p, size_t pn, unsigned char c, bool icase, size_t *plen, bool *ok)
{
	size_t i = 0;
	bool neg = false, match = false;

	if (i < pn && (p[i] == '!' || p[i] == '^')) {
		neg = true;
		i++;
	}
	if (i < pn && p[i] == ']') {  /* a leading ']' is literal */
		match = c == ']';
		i++;
	}
	for (; i < pn && p[i] != ']'; i++) {
		unsigned char lo = (unsigned char)p[i], hi = lo;
		int cls;

		if (lo == '[' && i + 1 < pn && p[i + 1] == ':' && (cls = posix_class(p + i, pn - i, c)) >= 0) {
			match |= cls & 1;
			i += (size_t)(cls >> 1) - 1;
			continue;
		}
		if (lo == '\\' && i + 1 < pn)
			lo = hi = (unsigned char)p[++i];
		if (i + 2 < pn && p[i + 1] == '-' && p[i + 2] != ']') {
			hi = (unsigned char)p[i + 2];
			i += 2;
		}
		if (icase) {
			if ((lower(c) >= lower(lo) && lower(c) <= lower(hi)) || (c >= lo && c <= hi))
				match = true;
		} else if (c >= lo && c <= hi) {
			match = true;
		}
	}
	if (i >= pn) {  /* no closing ']': '[' is a literal */
		*ok = false;
		return false;
	}
	*ok = true;
	*plen = i + 1;
	return match != neg;
}

/* fnmatch(3) rules without FNM_PATHNAME/FNM_PERIOD, over counted strings. */
static bool glob_match(const char *p, size_t pn, const char *s, size_t sn, bool icase)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0, adv;

	while (si < sn) {
		if (pi < pn) {
			unsigned char pc = (unsigned char)p[pi], sc = (unsigned char)s[si];

			if (pc == '*') {
				star_p = ++pi;
				star_s = si;
				continue;
			}
			if (pc == '?') {
				pi++;
				si++;
				continue;
			}
			if (pc == '[') {
				size_t clen = 0;
				bool ok;
				bool m = glob_class(p + pi + 1, pn - pi - 1, sc, icase, &clen, &ok);

				if (ok) {
					if (m) {
						pi += 1 + clen;
						si++;
						continue;
					}
					goto backtrack;
				}
			}
			adv = 1;
			if (pc == '\\' && pi + 1 == pn)
				return false;  /* a trailing '\' matches nothing, as in fnmatch */
			if (pc == '\\' && pi + 1 < pn) {
				pc = (unsigned char)p[pi + 1];
				adv = 2;
			}
			if (pc == sc || (icase && lower(pc) == lower(sc))) {
				pi += adv;
				si++;
				continue;
			}
		}
backtrack:
		if (star_p == (size_t)-1)
			return false;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

static bool parse_int(const char *s, int64_t *out)
{
	const char *p = s;
	bool neg = false;
	uint64_t v = 0;
	int base = 10, digits = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
	}
	if (!digits)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

static bool parse_double(const char *s, double *out)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0;
}

/* "a.b.c.d", "x::y", optionally "/bits"; net says whether a prefix may follow. */
static bool parse_ip(const char *s, bool net, struct cconst *k)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int64_t bits = -1;

	if (n >= sizeof(buf) || (slash && !net))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(k->ip, 0, sizeof(k->ip));
	if (inet_pton(AF_INET, buf, k->ip) == 1)
		k->family = 4;
	else if (inet_pton(AF_INET6, buf, k->ip) == 1)
		k->family = 6;
	else
		return false;
	if (slash) {
		if (!parse_int(slash + 1, &bits) || slash[1] == '-' || slash[1] == '+' ||
		    bits > (k->family == 4 ? 32 : 128)) {
			k->family = 0;
			return false;
		}
	}
	k->prefix = (uint8_t)(bits >= 0 ? bits : (k->family == 4 ? 32 : 128));
	return true;
}

static bool ip_prefix_eq(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(a, b, full))
		return false;
	if (rest) {
		uint8_t m = (uint8_t)(0xff << (8 - rest));

		return (a[full] & m) == (b[full] & m);
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)lower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes hex digits (blanks allowed between bytes) in place. */
static bool unhex(char *s, size_t *len)
{
	size_t i = 0, o = 0;

	while (i < *len) {
		int h, l;

		if (s[i] == ' ') {
			i++;
			continue;
		}
		if (i + 1 >= *len || (h = hexval(s[i])) < 0 || (l = hexval(s[i + 1])) < 0)
			return false;
		s[o++] = (char)(h * 16 + l);
		i += 2;
	}
	s[o] = '\0';
	*len = o;
	return o > 0;
}

/* ---- evaluation ---- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool rel(enum sc_fop op, int c)
{
	switch (op) {
	case SC_FOP_EQ: return c == 0;
	case SC_FOP_NE: return c != 0;
	case SC_FOP_LT: return c < 0;
	case SC_FOP_LE: return c <= 0;
	case SC_FOP_GT: return c > 0;
	case SC_FOP_GE: return c >= 0;
	default: return false;
	}
}

static bool is_list_op(enum sc_fop op)
{
	return op == SC_FOP_IN || op == SC_FOP_INTERSECTS || op == SC_FOP_PMATCH;
}

static bool eval_int(const struct ccheck *c, int64_t x, bool is_signed)
{
	size_t i;

	if (is_list_op(c->op)) {
		if (is_signed && c->sints)
			return bsearch(&x, c->sints, c->nints, sizeof(int64_t), cmp_i64) != NULL;
		if (!is_signed && c->uints)
			return bsearch(&x, c->uints, c->nints, sizeof(uint64_t), cmp_u64) != NULL;
		for (i = 0; i < c->nvals; i++)
			if (c->vals[i].num_ok && c->vals[i].i == x)
				return true;
		return false;
	}
	if (!c->vals[0].num_ok)
		return false;
	if (is_signed) {
		int64_t k = c->vals[0].i;

		return rel(c->op, x < k ? -1 : x > k);
	} else {
		uint64_t u = (uint64_t)x, k = (uint64_t)c->vals[0].i;

		return rel(c->op, u < k ? -1 : u > k);
	}
}

static bool eval_double(const struct ccheck *c, double x)
{
	size_t i;

	for (i = 0; i < c->nvals; i++) {
		const struct cconst *k = &c->vals[i];

		if (!k->dbl_ok)
			continue;
		if (is_list_op(c->op)) {
			if (x == k->d)
				return true;
			continue;
		}
		return rel(c->op, x < k->d ? -1 : x > k->d ? 1 : 0);
	}
	return false;
}

static bool str_in(const struct ccheck *c, const char *s, size_t n)
{
	uint32_t h, slot;

	if (n < c->minlen || n > c->maxlen)
		return false;
	h = hash_bytes(s, n);
	for (slot = h & c->hmask; c->hslots[slot]; slot = (slot + 1) & c->hmask) {
		const struct cconst *k = &c->vals[c->hslots[slot] - 1];

		if (k->len == n && !memcmp(k->s, s, n))
			return true;
	}
	return false;
}

static bool path_under(const struct cconst *k, const char *s, size_t n)
{
	if (k->len == 0)  /* "/" */
		return n > 0 && s[0] == '/';
	return n >= k->len && !memcmp(s, k->s, k->len) && (n == k->len || s[k->len] == '/');
}

static bool eval_str(const struct ccheck *c, const char *s, size_t n)
{
	const struct cconst *k = &c->vals[0];
	size_t i;
	int r;

	if (!s) {
		s = "";
		n = 0;
	}
	switch (c->op) {
	case SC_FOP_EQ:
		return n == k->len && !memcmp(s, k->s, n);
	case SC_FOP_NE:
		return !(n == k->len && !memcmp(s, k->s, n));
	case SC_FOP_LT: case SC_FOP_LE: case SC_FOP_GT: case SC_FOP_GE:
		r = memcmp(s, k->s, SC_MIN(n, k->len));
		if (r == 0)
			r = n < k->len ? -1 : n > k->len;
		return rel(c->op, r);
	case SC_FOP_CONTAINS:
	case SC_FOP_BCONTAINS:
		return find_bytes(s, n, k->s, k->len) != NULL;
	case SC_FOP_ICONTAINS:
		return find_icase(s, n, k->s, k->len);
	case SC_FOP_STARTSWITH:
	case SC_FOP_BSTARTSWITH:
		return n >= k->len && !memcmp(s, k->s, k->len);
	case SC_FOP_ENDSWITH:
		return n >= k->len && !memcmp(s + n - k->len, k->s, k->len);
	case SC_FOP_GLOB:
		return glob_match(k->s, k->len, s, n, false);
	case SC_FOP_IGLOB:
		return glob_match(k->s, k->len, s, n, true);
	case SC_FOP_IN:
	case SC_FOP_INTERSECTS:
		if (c->hslots)
			return str_in(c, s, n);
		for (i = 0; i < c->nvals; i++)  /* typed by the event (evt.rawarg): no set was built */
			if (c->vals[i].len == n && !memcmp(c->vals[i].s, s, n))
				return true;
		return false;
	case SC_FOP_PMATCH:
		for (i = 0; i < c->nvals; i++)
			if (path_under(&c->vals[i], s, n))
				return true;
		return false;
	default:
		return false;
	}
}

static bool eval_ip(const struct ccheck *c, const struct sc_fval *v)
{
	unsigned fam = v->type == SC_PT_IPV6ADDR || v->type == SC_PT_IPV6NET || v->len == 16 ? 6 : 4;
	size_t i;
	bool hit = false;

	for (i = 0; i < c->nvals && !hit; i++) {
		const struct cconst *k = &c->vals[i];

		if (k->family == fam && ip_prefix_eq(v->v.ip, k->ip, k->prefix))
			hit = true;
		if (!is_list_op(c->op))
			break;
	}
	return c->op == SC_FOP_NE ? !hit : hit;
}

static bool compare(const struct ccheck *c, const struct sc_fval *v);

enum either { EITHER_NONE, EITHER_IP, EITHER_PORT, EITHER_AROUND };

/* The fd the event acts on, found as the field registry finds it. */
static const struct sc_fdinfo *event_fdinfo(const struct sc_evt *ev)
{
	if (!ev->info || !ev->thread ||
	    !(ev->info->flags & (SC_EF_CREATES_FD | SC_EF_USES_FD | SC_EF_DESTROYS_FD)))
		return NULL;
	if (ev->fd)
		return ev->fd;
	return ev->fdnum != -1 ? sc_state_fd(ev->thread, ev->fdnum) : NULL;
}

/*
 * fd.ip, fd.port, fd.net as sysdig 0.29 compares them: on the socket's raw
 * addresses (both ends of a connected or unconnected socket, the local one
 * of a listening socket), true when either end matches, except '!=' which
 * needs every end to differ.
 */
static bool either_eval(const struct ccheck *c, const struct sc_evt *ev)
{
	const struct sc_fdinfo *fd = event_fdinfo(ev);
	struct sc_fval v;
	bool v6, serv, hit;
	int end, ends;

	if (!fd)
		return false;
	v6 = fd->type == SC_FD_IPV6_SOCK || fd->type == SC_FD_IPV6_SERVSOCK;
	serv = fd->type == SC_FD_IPV4_SERVSOCK || fd->type == SC_FD_IPV6_SERVSOCK;
	if (!serv && fd->type != SC_FD_IPV4_SOCK && fd->type != SC_FD_IPV6_SOCK)
		return false;
	if (c->op == SC_FOP_EXISTS)
		return true;
	ends = serv ? 1 : 2;
	memset(&v, 0, sizeof(v));
	for (end = 0; end < ends; end++) {
		if (c->either == EITHER_PORT) {
			v.type = SC_PT_PORT;
			v.v.u = end ? fd->dport : fd->sport;
		} else {
			v.type = v6 ? SC_PT_IPV6ADDR : SC_PT_IPV4ADDR;
			memcpy(v.v.ip, end ? fd->dip : fd->sip, v6 ? 16 : 4);
		}
		hit = compare(c, &v);
		if (c->op == SC_FOP_NE && !hit)
			return false;
		if (c->op != SC_FOP_NE && hit)
			return true;
	}
	return c->op == SC_FOP_NE;
}

static inline bool bit(const uint8_t *m, unsigned i)
{
	return (m[i / 8] >> (i % 8)) & 1;
}

/* evt.type by number: what x_evt_type would name, without building the name. */
static bool type_eval(const struct ccheck *c, const struct sc_evt *ev)
{
	uint16_t t = ev->hdr->type;
	bool hit;

	if (t == SCE_GENERIC_E || t == SCE_GENERIC_X) {
		uint16_t id = (uint16_t)sc_evt_param_int(ev, 0, 0);

		hit = id < SC_SC_MAX && bit(c->syscall_bits, id);
	} else {
		hit = t < SC_EVENT_MAX && bit(c->type_bits, t);
	}
	return c->op == SC_FOP_NE ? !hit : hit;
}

/*
 * Tests the hot path decides in place: proc.name = or != a constant (no NUL
 * inside, shorter than comm) compares the thread's comm without measuring
 * it, as x_proc_name and compare() would decide (no thread: false).
 */
enum fast { FAST_NONE, FAST_COMM };

static inline bool comm_eval(const struct ccheck *c, const struct sc_evt *ev)
{
	const struct sc_thread *th = ev ? ev->thread : NULL;
	const struct cconst *k = &c->vals[0];
	bool eq;

	if (!th)
		return false;
	/* k->s ends with its NUL, and comm with its own: len + 1 bytes compare the lengths too */
	eq = th->comm[0] == k->s[0] && memcmp(th->comm, k->s, k->len + 1) == 0;
	return c->op == SC_FOP_EQ ? eq : !eq;
}

static bool check_eval_full(struct ccheck *c, const struct sc_fctx *ctx);

static inline bool check_eval(struct ccheck *c, const struct sc_fctx *ctx)
{
	if (c->fast == FAST_COMM)
		return comm_eval(c, ctx->ev);
	return check_eval_full(c, ctx);
}

static bool check_eval_full(struct ccheck *c, const struct sc_fctx *ctx)
{
	struct sc_fval v;
	int32_t a;
	bool hit = false;

	if (c->type_bits)
		return type_eval(c, ctx->ev);
	if (c->either == EITHER_AROUND) {
		/* as sysdig 0.29: within D ms of T, bounds included; 'in' never matches */
		uint64_t ts = ctx->ev->hdr->ts;

		return c->op != SC_FOP_IN && ts >= c->around_ts - c->around_delta &&
		       ts <= c->around_ts + c->around_delta;
	}
	if (c->either)
		return either_eval(c, ctx->ev);
	if (!c->any_ancestor) {
		if (!sc_fcheck_extract(&c->fc, ctx, &v))
			return false;
		if (c->op == SC_FOP_EQ && (v.type == SC_PT_CHARBUF || v.type == SC_PT_FSPATH) && v.s)
			return v.len == c->vals[0].len && !memcmp(v.s, c->vals[0].s, v.len);   /* as compare() */
		return c->op == SC_FOP_EXISTS || compare(c, &v);
	}
	for (a = 1; a <= ANCESTOR_MAX && !hit; a++) {
		c->fc.argnum = a;
		if (!sc_fcheck_extract(&c->fc, ctx, &v))
			break;
		hit = c->op == SC_FOP_EXISTS || compare(c, &v);
	}
	c->fc.argnum = -1;
	return hit;
}

static bool compare(const struct ccheck *c, const struct sc_fval *v)
{
	if ((c->op == SC_FOP_EQ || c->op == SC_FOP_NE) && (v->type == SC_PT_CHARBUF || v->type == SC_PT_FSPATH)) {
		/* the common string test, as eval_str does it */
		const struct cconst *k = &c->vals[0];
		bool eq = v->s ? v->len == k->len && !memcmp(v->s, k->s, v->len) : k->len == 0;

		return c->op == SC_FOP_EQ ? eq : !eq;
	}
	switch (ptype_class(v->type)) {
	case VC_SIGNED:
		return eval_int(c, v->v.i, true);
	case VC_UNSIGNED:
		return eval_int(c, (int64_t)v->v.u, false);
	case VC_DOUBLE:
		return eval_double(c, v->v.d);
	case VC_ADDR:
	case VC_NET:
		return eval_ip(c, v);
	default:
		return eval_str(c, v->s, v->len);
	}
}

static bool eval(struct sc_filter *f, uint32_t i, const struct sc_fctx *ctx)
{
	const struct cnode *n = &f->nodes[i];
	uint32_t j, k;

	switch (n->kind) {
	case N_CHECK:
		return check_eval(n->chk, ctx);
	case N_NOT:
		return !eval(f, i + 1, ctx);
	case N_AND:
		for (j = i + 1, k = 0; k < n->nkids; k++, j = f->nodes[j].end)
			if (!eval(f, j, ctx))
				return false;
		return true;
	case N_OR:
		for (j = i + 1, k = 0; k < n->nkids; k++, j = f->nodes[j].end)
			if (eval(f, j, ctx))
				return true;
		return false;
	}
	return false;
}

static bool __attribute__((noinline)) eval_top(struct sc_filter *f, const struct sc_fctx *ctx)
{
	const struct cnode *root;
	uint32_t j, k;
	uint16_t t;

	if (!f->nnodes)
		return true;
	if (f->pre == PRE_NONE || !ctx->ev || !ctx->ev->hdr)
		return f->nodes[0].kind == N_CHECK ? check_eval(f->nodes[0].chk, ctx) : eval(f, 0, ctx);
	t = ctx->ev->hdr->type;
	if (t >= SC_EVENT_MAX)
		return eval(f, 0, ctx);
	if (t == SCE_GENERIC_E || t == SCE_GENERIC_X) {
		/* named by its syscall code, as type_eval reads it */
		uint16_t id = (uint16_t)sc_evt_param_int(ctx->ev, 0, 0);

		if (!(id < SC_SC_MAX ? bit(f->smask, id) : f->soob))
			return false;
	} else if (!bit(f->tmask, t)) {
		return false;
	}
	if (f->pre == PRE_ROOT)
		return true;
	/* the first kid of the root 'and' holds: the others decide */
	root = &f->nodes[0];
	for (j = f->nodes[1].end, k = 1; k < root->nkids; k++, j = f->nodes[j].end)
		if (!eval(f, j, ctx))
			return false;
	return true;
}

bool sc_filter_eval(struct sc_filter *f, const struct sc_fctx *ctx)
{
	return eval_top(f, ctx);
}

static void __attribute__((noinline)) match_setup(struct sc_filter *f, struct sc_inspector *in)
{
	struct sc_fctx *ctx = &f->mctx;

	if (!in || in != f->mctx_in) {
		struct sc_engine *eng = in ? sc_inspector_engine(in) : NULL;

		memset(ctx, 0, sizeof(*ctx));
		ctx->st = in ? sc_inspector_state(in) : NULL;
		ctx->snap = eng ? &eng->snap : NULL;
		ctx->bufmode = SC_BUF_DOTS;
		ctx->time_mode = 'h';
		ctx->tz = &f->tz;
		f->mctx_in = in;
	}
	/* the first event's time is set once, before the first match */
	if (!ctx->first_ts && in)
		ctx->first_ts = sc_inspector_first_ts(in);
}

static inline bool match(struct sc_filter *f, struct sc_inspector *in, struct sc_evt *ev)
{
	struct sc_fctx *ctx = &f->mctx;

	if (__builtin_expect(!in || in != f->mctx_in || !ctx->first_ts, 0))
		match_setup(f, in);
	ctx->ev = ev;
	if (f->root_chk)
		return check_eval(f->root_chk, ctx);
	if (f->pre != PRE_NONE && ev && ev->hdr) {
		/* most events fail the type pre-check: no call for them (eval_top decides the rest) */
		uint16_t t = ev->hdr->type;

		if (t < SC_EVENT_MAX && t != SCE_GENERIC_E && t != SCE_GENERIC_X && !bit(f->tmask, t))
			return false;
	}
	return eval_top(f, ctx);
}

bool sc_filter_match(struct sc_filter *f, struct sc_inspector *in, struct sc_evt *ev)
{
	return match(f, in, ev);
}

bool sc_filter_match_fn(void *f, struct sc_inspector *in, struct sc_evt *ev)
{
	return match(f, in, ev);
}

/* ---- compilation ---- */

struct compiler {
	struct sc_filter *f;
	struct sc_err *err;
	bool failed;
};

static void cerr(struct compiler *cc, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void cerr(struct compiler *cc, int col, const char *fmt, ...)
{
	va_list ap;

	if (cc->failed)
		return;
	cc->failed = true;
	if (cc->err) {
		cc->err->code = SC_EFORMAT;
		cc->err->col = col;
		cc->err->offset = 0;
		va_start(ap, fmt);
		vsnprintf(cc->err->msg, sizeof(cc->err->msg), fmt, ap);
		va_end(ap);
	}
}

/* Edit distance with adjacent transpositions (optimal string alignment); long names give up. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t rows[3][128];   /* row r of the table lives in rows[r % 3] */

	if (la >= 128 || lb >= 128)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *c = rows[i % 3], *p = rows[(i - 1) % 3], *pp = rows[(i + 1) % 3];

		c[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = p[j - 1] + (a[i - 1] != b[j - 1]);

			best = SC_MIN(best, p[j] + 1);
			best = SC_MIN(best, c[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = SC_MIN(best, pp[j - 2] + 1);
			c[j] = best;
		}
	}
	return rows[la % 3][lb];
}

/* Does name start with a field that takes an argument, followed by one? */
static bool names_arg_field(const char *name)
{
	size_t c, i;

	for (c = 0; c < sc_field_nclasses; c++) {
		const struct sc_field_class *fc = &sc_field_classes[c];

		for (i = 0; i < fc->nfields; i++) {
			const struct sc_field *f = &fc->fields[i];
			size_t n = strlen(f->name);

			if ((f->flags & (SC_FF_ARG_REQUIRED | SC_FF_ARG_INDEX | SC_FF_ARG_NAME |
					 SC_FF_ARG_ALLOWED)) &&
			    !strncmp(name, f->name, n) &&
			    (name[n] == '.' || name[n] == '[' || name[n] == '\0'))
				return true;
		}
	}
	return false;
}

/* The known field closest to name, or NULL when none is close. */
static const char *closest_field(const char *name)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, c, i;

	for (c = 0; c < sc_field_nclasses; c++) {
		const struct sc_field_class *fc = &sc_field_classes[c];

		for (i = 0; i < fc->nfields; i++) {
			size_t d;

			if (fc->fields[i].flags & SC_FF_HIDDEN)
				continue;
			d = edit_distance(name, fc->fields[i].name);
			if (d < bestd) {
				bestd = d;
				best = fc->fields[i].name;
			}
		}
	}
	if (!best || bestd > SC_MAX((size_t)2, strlen(name) / 3))
		return NULL;
	return best;
}

static bool is_event_name(const char *s)
{
	size_t i;

	for (i = 0; i < SC_EVENT_MAX; i++)
		if (sc_event_table[i].name && !strcmp(sc_event_table[i].name, s))
			return true;
	for (i = 0; i < SC_SC_MAX; i++)
		if (sc_syscall_names[i] && !strcmp(sc_syscall_names[i], s))
			return true;
	return false;
}

/* The event or syscall name closest to s, or NULL when none is close. */
static const char *closest_event_name(const char *s)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i, d;

	for (i = 0; i < SC_EVENT_MAX + SC_SC_MAX; i++) {
		const char *n = i < SC_EVENT_MAX ? sc_event_table[i].name : sc_syscall_names[i - SC_EVENT_MAX];

		if (!n || !n[0] || (d = edit_distance(s, n)) >= bestd)
			continue;
		bestd = d;
		best = n;
	}
	return best && bestd <= SC_MAX((size_t)1, strlen(s) / 4) ? best : NULL;
}

/* Is op meaningful for a field of class cls? */
static bool op_applies(enum vclass cls, enum sc_fop op)
{
	switch (op) {
	case SC_FOP_EQ: case SC_FOP_NE: case SC_FOP_IN: case SC_FOP_INTERSECTS: case SC_FOP_EXISTS:
		return true;
	case SC_FOP_LT: case SC_FOP_LE: case SC_FOP_GT: case SC_FOP_GE:
		return cls == VC_SIGNED || cls == VC_UNSIGNED || cls == VC_DOUBLE || cls == VC_STRING ||
		       cls == VC_DYN;
	case SC_FOP_CONTAINS: case SC_FOP_STARTSWITH: case SC_FOP_ENDSWITH:
	case SC_FOP_BCONTAINS: case SC_FOP_BSTARTSWITH:
		return cls == VC_STRING || cls == VC_BUFFER || cls == VC_DYN;
	case SC_FOP_ICONTAINS: case SC_FOP_GLOB: case SC_FOP_IGLOB: case SC_FOP_PMATCH:
		return cls == VC_STRING || cls == VC_DYN;
	default:
		return false;
	}
}

static bool parse_const(struct compiler *cc, struct ccheck *c, const struct sc_fnode *n,
			const struct sc_fvalue *fv, struct cconst *k)
{
	const char *fname = n->field;
	size_t i;

	k->s = xmalloc(fv->len + 1);
	memcpy(k->s, fv->text, fv->len);
	k->s[fv->len] = '\0';
	k->len = fv->len;
	if (c->op == SC_FOP_ICONTAINS || c->op == SC_FOP_IGLOB)
		for (i = 0; i < k->len; i++)
			k->s[i] = (char)lower((unsigned char)k->s[i]);
	if (c->op == SC_FOP_BCONTAINS || c->op == SC_FOP_BSTARTSWITH) {
		if (!unhex(k->s, &k->len)) {
			cerr(cc, fv->col, "'%s' is not a hexadecimal byte string: '%s' takes bytes as hex "
			     "digits, e.g. 474554", fv->text, sc_fop_name(c->op));
			return false;
		}
		return true;
	}
	if (c->op == SC_FOP_PMATCH) {
		while (k->len > 0 && k->s[k->len - 1] == '/')
			k->s[--k->len] = '\0';
		return true;
	}
	k->num_ok = memchr(fv->text, '\0', fv->len) == NULL && parse_int(k->s, &k->i);
	k->dbl_ok = k->num_ok ? (k->d = (double)k->i, true) : parse_double(k->s, &k->d);

	switch (c->cls) {
	case VC_SIGNED:
	case VC_UNSIGNED:
		if (c->fc.type == SC_PT_BOOL) {
			if (!strcmp(k->s, "true"))
				k->i = 1;
			else if (!strcmp(k->s, "false"))
				k->i = 0;
			else {
				cerr(cc, fv->col, "'%s' is not a boolean value for field %s: use true or false",
				     fv->text, fname);
				return false;
			}
			k->num_ok = true;
			return true;
		}
		if (!k->num_ok) {
			cerr(cc, fv->col, "'%s' is not a valid number for field %s", fv->text, fname);
			return false;
		}
		return true;
	case VC_DOUBLE:
		if (!k->dbl_ok) {
			cerr(cc, fv->col, "'%s' is not a valid number for field %s", fv->text, fname);
			return false;
		}
		return true;
	case VC_ADDR:
		if (!parse_ip(k->s, false, k)) {
			cerr(cc, fv->col, "'%s' is not a valid IP address for field %s", fv->text, fname);
			return false;
		}
		return true;
	case VC_NET:
		if (!parse_ip(k->s, true, k)) {
			cerr(cc, fv->col, "'%s' is not a valid IP network for field %s (e.g. 10.0.0.0/8)",
			     fv->text, fname);
			return false;
		}
		return true;
	case VC_DYN:
		parse_ip(k->s, true, k);
		return true;
	case VC_STRING:
	case VC_BUFFER:
		if (!strcmp(n->fname, "evt.type") &&
		    (c->op == SC_FOP_EQ || c->op == SC_FOP_NE || c->op == SC_FOP_IN ||
		     c->op == SC_FOP_INTERSECTS) && !is_event_name(k->s)) {
			const char *near = closest_event_name(k->s);

			if (near)
				cerr(cc, fv->col, "unknown event type '%s' (did you mean %s?)", fv->text, near);
			else
				cerr(cc, fv->col, "unknown event type '%s' for field evt.type", fv->text);
			return false;
		}
		return true;
	}
	return true;
}

static void build_sets(struct ccheck *c)
{
	size_t i, n = c->nvals, size = 4;

	if (!is_list_op(c->op) || c->op == SC_FOP_PMATCH || n == 0)
		return;
	if (c->cls == VC_STRING || c->cls == VC_BUFFER) {
		while (size < n * 2)
			size *= 2;
		c->hslots = xcalloc(size, sizeof(*c->hslots));
		c->hmask = (uint32_t)size - 1;
		c->minlen = (size_t)-1;
		for (i = 0; i < n; i++) {
			const struct cconst *k = &c->vals[i];
			uint32_t slot = hash_bytes(k->s, k->len) & c->hmask;

			while (c->hslots[slot])
				slot = (slot + 1) & c->hmask;
			c->hslots[slot] = (uint32_t)i + 1;
			c->minlen = SC_MIN(c->minlen, k->len);
			c->maxlen = SC_MAX(c->maxlen, k->len);
		}
	} else if (c->cls == VC_SIGNED || c->cls == VC_UNSIGNED) {
		c->nints = n;
		if (c->cls == VC_SIGNED) {
			c->sints = xmalloc(n * sizeof(*c->sints));
			for (i = 0; i < n; i++)
				c->sints[i] = c->vals[i].i;
			qsort(c->sints, n, sizeof(*c->sints), cmp_i64);
		} else {
			c->uints = xmalloc(n * sizeof(*c->uints));
			for (i = 0; i < n; i++)
				c->uints[i] = (uint64_t)c->vals[i].i;
			qsort(c->uints, n, sizeof(*c->uints), cmp_u64);
		}
	}
}

/* For evt.type with =, !=, in, intersects: the bit sets type_eval reads. */
static void build_type_bits(struct ccheck *c)
{
	size_t v, t;

	if (strcmp(c->fc.field->name, "evt.type") != 0 || c->fc.argnum >= 0 || c->fc.argname ||
	    (c->op != SC_FOP_EQ && c->op != SC_FOP_NE && c->op != SC_FOP_IN && c->op != SC_FOP_INTERSECTS))
		return;
	c->type_bits = xcalloc((SC_EVENT_MAX + 7) / 8, 1);
	c->syscall_bits = xcalloc((SC_SC_MAX + 7) / 8, 1);
	for (v = 0; v < c->nvals; v++) {
		const char *name = c->vals[v].s;

		if (strlen(name) != c->vals[v].len)
			continue;
		for (t = 0; t < SC_EVENT_MAX; t++)
			if (t != SCE_GENERIC_E && t != SCE_GENERIC_X && sc_event_table[t].name &&
			    !strcmp(sc_event_table[t].name, name))
				c->type_bits[t / 8] |= (uint8_t)(1u << (t % 8));
		for (t = 0; t < SC_SC_MAX; t++)
			if (sc_syscall_names[t] && !strcmp(sc_syscall_names[t], name))
				c->syscall_bits[t / 8] |= (uint8_t)(1u << (t % 8));
	}
}

static void check_free(struct ccheck *c)
{
	size_t i;

	if (!c)
		return;
	free(c->type_bits);
	free(c->syscall_bits);
	sc_fcheck_release(&c->fc);
	for (i = 0; i < c->nvals; i++)
		free(c->vals[i].s);
	free(c->vals);
	free(c->hslots);
	free(c->sints);
	free(c->uints);
	free(c);
}

/*
 * Filter-only network fields the registry has no extractor for, read
 * through the address field of their end (fd.ip, fd.port and fd.net are
 * compared on both ends by either_eval).
 */
static const struct {
	const char *name, *reads;
} net_alias[] = {
	{ "fd.cnet", "fd.cip" },
	{ "fd.snet", "fd.sip" },
	{ "fd.lnet", "fd.lip" },
	{ "fd.rnet", "fd.rip" },
};

/* Rebinds c->fc to the field a network field reads, keeping the declared type (IPNET). */
static void bind_net_alias(struct ccheck *c)
{
	struct sc_fcheck a = { 0 };
	struct sc_err err = { 0 };
	size_t i, used;

	for (i = 0; i < SC_ARRAY_SIZE(net_alias); i++) {
		if (strcmp(net_alias[i].name, c->fc.field->name) != 0)
			continue;
		if (sc_fcheck_parse(&a, net_alias[i].reads, &used, &err) < 0)
			return;
		a.type = c->fc.type;
		a.fmt = c->fc.fmt;
		sc_fcheck_release(&c->fc);
		c->fc = a;
		return;
	}
}

/* Marks the tests check_eval() decides without the field's extractor (enum fast). */
static void set_fast(struct ccheck *c)
{
	static const struct sc_field *proc_name;
	const struct cconst *k = c->vals;

	if (!proc_name)
		proc_name = sc_field_find("proc.name");
	if (c->fc.field == proc_name && proc_name && c->fc.argnum < 0 && !c->fc.argname &&
	    (c->op == SC_FOP_EQ || c->op == SC_FOP_NE) && c->nvals == 1 && k->s &&
	    k->len < sizeof(((struct sc_thread *)0)->comm) && !memchr(k->s, '\0', k->len) &&
	    (c->fc.type == SC_PT_CHARBUF || c->fc.type == SC_PT_FSPATH))
		c->fast = FAST_COMM;
}

static struct ccheck *compile_check(struct compiler *cc, const struct sc_fnode *n)
{
	struct ccheck *c = xcalloc(1, sizeof(*c));
	struct sc_err ferr = { 0 };
	size_t used = 0, i;
	int rc;

	c->op = n->op;
	rc = sc_fcheck_parse(&c->fc, n->field, &used, &ferr);
	if (rc < 0 || used != strlen(n->field)) {
		const char *near = closest_field(n->fname);

		if (rc == 0)
			sc_fcheck_release(&c->fc);
		else if (ferr.msg[0] && names_arg_field(n->field)) {
			/* a known field with a bad argument: the registry says what is wrong */
			cerr(cc, n->field_col, "%s", ferr.msg[0] ? ferr.msg : "bad field argument");
			free(c);
			return NULL;
		}
		if (near)
			cerr(cc, n->field_col, "unknown field '%s' (did you mean %s?)", n->field, near);
		else
			cerr(cc, n->field_col, "unknown field '%s'", n->field);
		free(c);
		return NULL;
	}
	if (c->fc.field->flags & SC_FF_PRINT_ONLY) {
		cerr(cc, n->field_col, "field %s can be printed but not used in a filter", n->field);
		check_free(c);
		return NULL;
	}
	if (!strcmp(c->fc.field->name, "evt.around")) {
		if (c->op != SC_FOP_EQ && c->op != SC_FOP_EXISTS && c->op != SC_FOP_IN) {
			cerr(cc, n->op_col, "evt.around supports only the '=' operator");
			check_free(c);
			return NULL;
		}
		c->either = EITHER_AROUND;
		c->around_ts = strtoull(c->fc.argname ? c->fc.argname : "0", NULL, 10);
	} else if (!strcmp(c->fc.field->name, "fd.ip") || !strcmp(c->fc.field->name, "fd.net"))
		c->either = EITHER_IP;
	else if (!strcmp(c->fc.field->name, "fd.port") || !strcmp(c->fc.field->name, "fd.proto"))
		c->either = EITHER_PORT;
	else
		bind_net_alias(c);
	c->cls = ptype_class(c->fc.type);
	c->any_ancestor = (c->fc.field->flags & SC_FF_ARG_ALLOWED) && c->fc.argnum < 0 && !c->fc.argname;
	if (!op_applies(c->cls, c->op)) {
		cerr(cc, n->op_col, "operator '%s' does not apply to field %s, which is %s",
		     sc_fop_name(c->op), n->field, vclass_desc(c->cls));
		check_free(c);
		return NULL;
	}
	if (c->op == SC_FOP_PMATCH && c->cls != VC_STRING && c->cls != VC_DYN) {
		cerr(cc, n->op_col, "pmatch needs a string field; %s is %s", n->field, vclass_desc(c->cls));
		check_free(c);
		return NULL;
	}
	c->nvals = n->nvals;
	c->vals = xcalloc(n->nvals ? n->nvals : 1, sizeof(*c->vals));
	if (!is_list_op(c->op) && c->op != SC_FOP_EXISTS && n->nvals == 0) {
		cerr(cc, n->op_col, "'%s' needs a value", sc_fop_name(c->op));
		check_free(c);
		return NULL;
	}
	for (i = 0; i < n->nvals; i++) {
		if (!parse_const(cc, c, n, &n->vals[i], &c->vals[i])) {
			check_free(c);
			return NULL;
		}
	}
	if (c->either == EITHER_AROUND && c->op == SC_FOP_EQ)
		c->around_delta = (uint64_t)c->vals[0].i * 1000000u;
	build_sets(c);
	build_type_bits(c);
	set_fast(c);
	return c;
}

static uint32_t add_node(struct sc_filter *f, uint8_t kind)
{
	if (f->nnodes == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->nodes = xrealloc(f->nodes, f->cap * sizeof(*f->nodes));
	}
	memset(&f->nodes[f->nnodes], 0, sizeof(f->nodes[0]));
	f->nodes[f->nnodes].kind = kind;
	return (uint32_t)f->nnodes++;
}

static void compile_node(struct compiler *cc, const struct sc_fnode *n)
{
	static const uint8_t kinds[] = {
		[SC_FNODE_AND] = N_AND, [SC_FNODE_OR] = N_OR, [SC_FNODE_NOT] = N_NOT, [SC_FNODE_CHECK] = N_CHECK,
	};
	uint32_t at;
	size_t i;

	if (cc->failed)
		return;
	at = add_node(cc->f, kinds[n->kind]);
	if (n->kind == SC_FNODE_CHECK) {
		cc->f->nodes[at].chk = compile_check(cc, n);
	} else {
		cc->f->nodes[at].nkids = (uint32_t)n->nkids;
		for (i = 0; i < n->nkids; i++)
			compile_node(cc, n->kids[i]);
	}
	cc->f->nodes[at].end = (uint32_t)cc->f->nnodes;
}

static void build_pre(struct sc_filter *f);

struct sc_filter *sc_filter_compile(const char *expr, struct sc_err *err)
{
	struct sc_filter_ast *ast;
	struct compiler cc = { .err = err };

	if (!expr)
		expr = "";
	ast = sc_filter_parse(expr, err);
	if (!ast)
		return NULL;
	cc.f = xcalloc(1, sizeof(*cc.f));
	cc.f->text = xstrdup(expr);
	compile_node(&cc, ast->root);
	sc_filter_ast_free(ast);
	if (cc.failed) {
		sc_filter_free(cc.f);
		return NULL;
	}
	build_pre(cc.f);
	return cc.f;
}

void sc_filter_free(struct sc_filter *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nnodes; i++)
		check_free(f->nodes[i].chk);
	free(f->nodes);
	free(f->text);
	free(f);
}

const char *sc_filter_text(const struct sc_filter *f)
{
	return f->text;
}

/* ---- event types ---- */

static void mask_fill(uint8_t *m, bool on)
{
	memset(m, on ? 0xff : 0, MASK_BYTES);
}

static void mask_set(uint8_t *m, unsigned t)
{
	m[t / 8] |= (uint8_t)(1u << (t % 8));
}

/* Can syscall code sc arrive as a generic event? Not when every native syscall with that code has its own event. */
static bool syscall_may_be_generic(uint16_t sc)
{
	size_t i;
	bool seen = false;

	for (i = 0; i < SC_X86_SYSCALL_MAX; i++) {
		if (sc_x86_syscalls[i].code != sc)
			continue;
		seen = true;
		if (sc_x86_syscalls[i].enter_event == SCE_GENERIC_E)
			return true;
	}
	return !seen;
}

/* What evttypes() knows of a node. */
enum tset {
	TS_ALL,     /* any type may pass */
	TS_SUPER,   /* only types in the mask may pass */
	TS_EXACT,   /* the node is true for every event of a type in the mask, false for the others */
};

static void mask_not(uint8_t *m)
{
	unsigned t;

	for (t = 0; t < MASK_BYTES; t++)
		m[t] = (uint8_t)~m[t];
	for (t = SC_EVENT_MAX; t < MASK_BYTES * 8; t++)
		m[t / 8] &= (uint8_t)~(1u << (t % 8));
}

/* The types evt.type's values name; exact unless a generic event had to be included. */
static enum tset type_names(const struct ccheck *c, uint8_t *m)
{
	enum tset r = TS_EXACT;
	size_t v, t;

	mask_fill(m, false);
	for (v = 0; v < c->nvals; v++) {
		if (strlen(c->vals[v].s) != c->vals[v].len)
			continue;   /* as build_type_bits: a name with a NUL in it names nothing */
		for (t = 0; t < SC_EVENT_MAX; t++)
			if (t != SCE_GENERIC_E && t != SCE_GENERIC_X && sc_event_table[t].name &&
			    !strcmp(sc_event_table[t].name, c->vals[v].s))
				mask_set(m, (unsigned)t);
		for (t = 0; t < SC_SC_MAX; t++)
			if (sc_syscall_names[t] && !strcmp(sc_syscall_names[t], c->vals[v].s) &&
			    syscall_may_be_generic((uint16_t)t)) {
				mask_set(m, SCE_GENERIC_E);
				mask_set(m, SCE_GENERIC_X);
				r = TS_SUPER;  /* other syscalls' generic events do not match */
			}
	}
	return r;
}

/* Fills m with the types node i may pass (every type for TS_ALL). */
static enum tset evttypes(const struct sc_filter *f, uint32_t i, uint8_t *m)
{
	const struct cnode *n = &f->nodes[i];
	uint8_t sub[MASK_BYTES];
	uint32_t j, k, b;
	enum tset r, kr;
	bool any;

	switch (n->kind) {
	case N_CHECK:
		if (!n->chk->type_bits)
			break;
		r = type_names(n->chk, m);
		if (n->chk->op != SC_FOP_NE)
			return r;
		if (r == TS_EXACT) {
			mask_not(m);
			return TS_EXACT;
		}
		break;
	case N_AND:
		r = TS_EXACT;
		any = false;
		mask_fill(m, true);
		for (j = i + 1, k = 0; k < n->nkids; k++, j = f->nodes[j].end) {
			kr = evttypes(f, j, sub);
			if (kr != TS_EXACT)
				r = TS_SUPER;
			if (kr == TS_ALL)
				continue;
			any = true;
			for (b = 0; b < MASK_BYTES; b++)
				m[b] &= sub[b];
		}
		if (any)
			return r;
		break;
	case N_OR:
		r = TS_EXACT;
		mask_fill(m, false);
		for (j = i + 1, k = 0; k < n->nkids; k++, j = f->nodes[j].end) {
			kr = evttypes(f, j, sub);
			if (kr == TS_ALL)
				break;
			if (kr == TS_SUPER)
				r = TS_SUPER;
			for (b = 0; b < MASK_BYTES; b++)
				m[b] |= sub[b];
		}
		if (k == n->nkids)
			return r;
		break;
	case N_NOT:
		if (evttypes(f, i + 1, m) == TS_EXACT) {
			mask_not(m);
			return TS_EXACT;
		}
		break;
	}
	mask_fill(m, true);
	return TS_ALL;
}

/*
 * For a subtree of evt.type tests only (evttypes() said TS_EXACT): fills m
 * with the syscall codes for which it is true on a generic event, as
 * type_eval() decides there, and returns its value for codes past the
 * syscall table (no test hits them).
 */
static bool syscodes(const struct sc_filter *f, uint32_t i, uint8_t *m)
{
	const struct cnode *n = &f->nodes[i];
	uint8_t sub[SMASK_BYTES];
	uint32_t j, k, b;
	bool oob;

	switch (n->kind) {
	case N_CHECK:
		if (n->chk->syscall_bits)
			memcpy(m, n->chk->syscall_bits, SMASK_BYTES);
		else
			memset(m, 0, SMASK_BYTES);
		if (n->chk->op != SC_FOP_NE)
			return false;
		for (b = 0; b < SMASK_BYTES; b++)
			m[b] = (uint8_t)~m[b];
		return true;
	case N_NOT:
		oob = !syscodes(f, i + 1, m);
		for (b = 0; b < SMASK_BYTES; b++)
			m[b] = (uint8_t)~m[b];
		return oob;
	case N_AND:
	case N_OR:
		oob = n->kind == N_AND;
		memset(m, n->kind == N_AND ? 0xff : 0, SMASK_BYTES);
		for (j = i + 1, k = 0; k < n->nkids; k++, j = f->nodes[j].end) {
			bool kid = syscodes(f, j, sub);

			for (b = 0; b < SMASK_BYTES; b++)
				m[b] = n->kind == N_AND ? (uint8_t)(m[b] & sub[b]) : (uint8_t)(m[b] | sub[b]);
			oob = n->kind == N_AND ? (oob && kid) : (oob || kid);
		}
		return oob;
	}
	return false;
}

/* Sets f->pre, f->tmask and f->smask (see enum pre). */
static void build_pre(struct sc_filter *f)
{
	f->pre = PRE_NONE;
	f->root_chk = NULL;
	if (!f->nnodes)
		return;
	if (evttypes(f, 0, f->tmask) == TS_EXACT) {
		f->pre = PRE_ROOT;
		f->soob = syscodes(f, 0, f->smask);
	} else if (f->nodes[0].kind == N_AND && f->nodes[0].nkids > 1 && evttypes(f, 1, f->tmask) == TS_EXACT) {
		f->pre = PRE_FIRST;
		f->soob = syscodes(f, 1, f->smask);
	}
	if (f->pre == PRE_NONE && f->nodes[0].kind == N_CHECK)
		f->root_chk = f->nodes[0].chk;
}

bool sc_filter_evttypes(const struct sc_filter *f, uint8_t *mask)
{
	if (!f || !f->nnodes || evttypes(f, 0, mask) == TS_ALL) {
		mask_fill(mask, true);
		return false;
	}
	return true;
}

/* ---- errors as users see them ---- */

void sc_filter_error_render(const char *expr, const struct sc_err *err, struct sc_strbuf *out)
{
	size_t n = expr ? strlen(expr) : 0, i;

	if (!err)
		return;
	if (err->col > 0 && expr) {
		for (i = 0; i < n; i++)
			sc_strbuf_putc(out, expr[i] == '\n' || expr[i] == '\r' ? ' ' : expr[i]);
		sc_strbuf_putc(out, '\n');
		for (i = 0; i + 1 < (size_t)err->col && i < n; i++) {
			if (((unsigned char)expr[i] & 0xc0) == 0x80)
				continue;  /* UTF-8 continuation: one space per character */
			sc_strbuf_putc(out, expr[i] == '\t' ? '\t' : ' ');
		}
		for (; i + 1 < (size_t)err->col; i++)
			sc_strbuf_putc(out, ' ');
		sc_strbuf_puts(out, "^\n");
		sc_strbuf_printf(out, "filter error at column %d: %s\n", err->col, err->msg);
	} else {
		sc_strbuf_printf(out, "filter error: %s\n", err->msg);
	}
}

char *sc_filter_join(const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	struct sc_strbuf out = { 0 };
	size_t n = 0;

	for (int i = 0; i < 3; i++)
		n += parts[i] && *parts[i];
	for (int i = 0; i < 3; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (out.len)
			sc_strbuf_puts(&out, " and ");
		if (n > 1)
			sc_strbuf_printf(&out, "(%s)", parts[i]);
		else
			sc_strbuf_puts(&out, parts[i]);
	}
	return out.s;
}
