/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * bpf.c - the live engine on the eBPF probe (bpf/syscope.bpf.c), loaded from
 * the skeleton embedded in the binary or from SYSCOPE_BPF_PROBE's object.
 *
 * One lifecycle: open the object -> set its read-only data (own pid,
 * snaplen, clock offset, the syscall routing and the filling table built
 * from driver/abi's sc_fill_table[], the ring map's size) -> load -> map the
 * per-CPU rings (bpf/syscope.h) and the wakeup ring, attach -> start() lets
 * records flow -> next() reads the rings in place, merging the CPUs by
 * timestamp (cpu_ring.c). Everything open() acquires is released by
 * close(), the one cleanup path.
 *
 * A record handed out by next() lies in the ring's memory; it is released
 * (the consumer position advanced) on the following next() or close().
 */
#include "engine.h"

#ifdef SC_HAVE_BPF

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cpu_ring.h"
#include "../proc_scan.h"
#include "../util.h"
#include "syscope.h"
#include "syscope.skel.h"

#define RING_DEFAULT (8u << 20)
#define RING_ALL_DEFAULT (512u << 20)   /* machines with many CPUs: this much in all by default */
#define RING_MIN (1u << 16)
#define RING_MAX (1u << 28)   /* 256 MiB: below the verifier's 1 << 29 on a map value offset */
#define POLL_MS 50   /* the reader looks at the rings at least this often */

_Static_assert(SC_BPF_EVENT_MAX == SC_EVENT_MAX, "bpf/syscope.h and events.tbl disagree");
_Static_assert(SC_BPF_NR_MAX == SC_X86_SYSCALL_MAX, "bpf/syscope.h and syscalls.tbl disagree");
_Static_assert(SCE_SIGNALDELIVER_E == 232 && SCE_PROCEXIT_1_E == 186 && SCE_SCHEDSWITCH_6_E == 152 &&
	       SCE_SYSCALL_EXECVE_19_X == 293 && SCE_SYSCALL_CLONE3_X == 335,
	       "the event ids syscope.bpf.c writes by hand moved");
_Static_assert(SC_BPF_TBL_PARAMS == SC_FILL_MAX_PARAMS, "bpf/syscope.h and sc_abi.h disagree");

struct bpfe {
	struct syscope_bpf *skel;
	void *probe_buf;             /* SYSCOPE_BPF_PROBE object, owned */
	struct sc_cpu_ring *rings;   /* one per possible CPU */
	unsigned nrings;
	struct sc_cpu_rings merge;
	uint8_t *map;                /* the ring map's mapping, map_len bytes */
	size_t map_len;
	uint64_t size;               /* ring data bytes, a power of two */
	struct ring_buffer *wake;    /* the probe's wakeups */
};

/* libbpf talks through one global callback: keep its last lines for errors. */
static char g_log[1 << 18];
static size_t g_log_len;

static int log_cb(enum libbpf_print_level lvl, const char *fmt, va_list ap)
{
	static char line[1 << 17];
	int n;

	if (lvl == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n <= 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (g_log_len + n >= sizeof(g_log)) {   /* keep the tail */
		size_t keep = sizeof(g_log) / 2;

		memmove(g_log, g_log + g_log_len - keep, keep);
		g_log_len = keep;
	}
	memcpy(g_log + g_log_len, line, n);
	g_log_len += n;
	g_log[g_log_len] = 0;
	return 0;
}

static bool noise(const char *l, size_t n)
{
	static const char *const skip[] = { "libbpf:", "-- ", "processed ", "verification time",
					    "stack depth", "Retrying", NULL };
	int i;

	if (n == 0)
		return true;
	for (i = 0; skip[i]; i++)
		if (n >= strlen(skip[i]) && !strncmp(l, skip[i], strlen(skip[i])))
			return true;
	return false;
}

/* The last `want` meaningful lines of the libbpf (verifier) log, joined by " | ". */
static const char *log_tail(char *out, size_t cap, int want)
{
	const char *end = g_log + g_log_len, *starts[8];
	size_t lens[8];
	int got = 0, i;
	size_t o = 0;

	while (end > g_log && got < want && got < 8) {
		const char *e = end, *b;

		while (e > g_log && e[-1] == '\n')
			e--;
		b = e;
		while (b > g_log && b[-1] != '\n')
			b--;
		if (!noise(b, e - b)) {
			starts[got] = b;
			lens[got] = e - b;
			got++;
		}
		end = b;
	}
	out[0] = 0;
	for (i = got - 1; i >= 0 && o + 8 < cap; i--)
		o += snprintf(out + o, cap - o, "%s%.*s", o ? " | " : "", (int)lens[i], starts[i]);
	if (!got)
		snprintf(out, cap, "(no log)");
	return out;
}

/* The program libbpf names in "prog 'NAME': failed to load", or NULL. */
static const char *failed_prog(char *out, size_t cap)
{
	const char *p = strstr(g_log, "prog '");
	const char *last = NULL;

	while (p) {
		if (strstr(p, "failed to load") || strstr(p, "BPF program load failed"))
			last = p;
		p = strstr(p + 1, "prog '");
	}
	if (!last)
		return NULL;
	last += 6;
	snprintf(out, cap, "%.*s", (int)(strchr(last, '\'') ? strchr(last, '\'') - last : 0), last);
	return out;
}

/* --- building the probe's tables from driver/abi --- */

static uint8_t ptype_size(uint8_t t, uint8_t *sext)
{
	*sext = 0;
	switch (t) {
	case SC_PT_INT8: *sext = 1; return 1;
	case SC_PT_UINT8: case SC_PT_SIGTYPE: case SC_PT_FLAGS8: case SC_PT_L4PROTO:
	case SC_PT_SOCKFAMILY:
		return 1;
	case SC_PT_INT16: *sext = 1; return 2;
	case SC_PT_UINT16: case SC_PT_FLAGS16: case SC_PT_PORT: case SC_PT_SYSCALLID:
		return 2;
	case SC_PT_INT32: *sext = 1; return 4;
	case SC_PT_UINT32: case SC_PT_FLAGS32: case SC_PT_UID: case SC_PT_GID: case SC_PT_MODE:
	case SC_PT_BOOL: case SC_PT_SIGSET: case SC_PT_IPV4ADDR:
		return 4;
	case SC_PT_INT64: case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		*sext = 1;
		return 8;
	case SC_PT_UINT64: case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_DOUBLE:
		return 8;
	}
	return 0;
}

/* An enter record that reads user strings is written at exit, when the pages are in. */
static bool reads_strings(const struct sc_fill_event *f)
{
	int i;

	for (i = 0; i < f->nparams && i < SC_FILL_MAX_PARAMS; i++)
		if (f->params[i].src == SC_FILL_STR)
			return true;
	return false;
}

/*
 * SC_BPF_FAST_* for a filled row: integers the probe can take straight from
 * the registers, the return value or the row, then at most one trailing
 * user buffer. Anything else (translations, strings, specials) takes the
 * general path.
 */
static uint8_t fast_shape(const struct sc_fill_event *f, const struct sc_bpf_event *b)
{
	uint8_t shape = SC_BPF_FAST_INTS;
	int k;

	if (f->special || !(f->flags & SC_FILL_F_FILLED) || !f->nparams ||
	    f->nparams > SC_BPF_TBL_PARAMS || b->nparams != f->nparams)
		return SC_BPF_FAST_NONE;
	for (k = 0; k < f->nparams; k++) {
		const struct sc_fill_param *fp = &f->params[k];
		const struct sc_bpf_param *bp = &b->p[k];

		switch (fp->src) {
		case SC_FILL_ARG:
			if (fp->xlat || fp->arg >= 6 || !bp->size)
				return SC_BPF_FAST_NONE;
			break;
		case SC_FILL_RET:
			if (fp->xlat || !bp->size)
				return SC_BPF_FAST_NONE;
			break;
		case SC_FILL_CONST:
			if (!bp->size)
				return SC_BPF_FAST_NONE;
			break;
		case SC_FILL_BUF:
			if (k != f->nparams - 1 || fp->arg >= 6 ||
			    (fp->len != SC_FILL_LEN_RET && fp->len >= 6))
				return SC_BPF_FAST_NONE;
			shape = SC_BPF_FAST_INTS_BUF;
			break;
		default:
			return SC_BPF_FAST_NONE;
		}
	}
	return shape;
}

static void build_tables(struct syscope_bpf *skel)
{
	struct sc_bpf_event *ev = (struct sc_bpf_event *)skel->rodata->ev_table;
	struct sc_bpf_nr *nr = (struct sc_bpf_nr *)skel->rodata->nr_table;
	unsigned i, k;

	for (i = 0; i < SC_EVENT_MAX; i++) {
		const struct sc_fill_event *f = &sc_fill_table[i];
		const struct sc_event_info *info = &sc_event_table[i];

		memset(&ev[i], 0, sizeof(ev[i]));
		ev[i].special = f->special;
		ev[i].nparams = f->special ? info->nparams : f->nparams;
		for (k = 0; k < f->nparams && k < SC_BPF_TBL_PARAMS; k++) {
			const struct sc_fill_param *fp = &f->params[k];
			struct sc_bpf_param *bp = &ev[i].p[k];

			bp->src = fp->src;
			bp->arg = fp->arg;
			bp->len = fp->len;
			bp->xlat = fp->xlat;
			bp->value = fp->value;
			bp->size = k < info->nparams ? ptype_size(info->params[k].type, &bp->sext) : 0;
		}
		ev[i].fast = fast_shape(f, &ev[i]);
		/* execve's path must be read before the old image goes away */
		if (!(i & 1) && reads_strings(f) && i != SCE_SYSCALL_EXECVE_19_E &&
		    i != SCE_SYSCALL_EXECVEAT_E)
			ev[i].at_exit = 1;
	}
	for (i = 0; i < SC_X86_SYSCALL_MAX; i++) {
		uint16_t e = sc_x86_syscalls[i].enter_event;

		/* an event without a filling row goes out as the generic event */
		if (e != SCE_GENERIC_E && (e + 1 >= SC_EVENT_MAX ||
					   !(sc_fill_table[e].flags & SC_FILL_F_FILLED) ||
					   !(sc_fill_table[e + 1].flags & SC_FILL_F_FILLED)))
			e = SCE_GENERIC_E;
		nr[i].enter_event = e;
		nr[i].code = sc_x86_syscalls[i].code;
	}
}

/* Which syscalls leave the kernel: those whose events the consumer can use, and every state changer. */
static void build_mask(uint8_t *wanted, const uint8_t *evt_mask)
{
	unsigned i;

	for (i = 0; i < SC_X86_SYSCALL_MAX; i++) {
		const struct sc_x86_syscall *sc = &sc_x86_syscalls[i];
		uint16_t e = sc->enter_event;
		uint16_t fl;

		if (!(sc->flags & SC_UF_USED) && e == SCE_GENERIC_E && sc->code == SC_SC_UNKNOWN) {
			wanted[i] = evt_mask ? evt_mask[SCE_GENERIC_E] || evt_mask[SCE_GENERIC_X] : 1;
			continue;
		}
		if (!evt_mask) {
			wanted[i] = 1;
			continue;
		}
		fl = sc_event_table[e].flags | (e + 1 < SC_EVENT_MAX ? sc_event_table[e + 1].flags : 0);
		wanted[i] = evt_mask[e] || (e + 1 < SC_EVENT_MAX && evt_mask[e + 1]) ||
			    (fl & (SC_EF_MODIFIES_STATE | SC_EF_CREATES_FD | SC_EF_DESTROYS_FD)) ||
			    (sc->flags & SC_UF_NEVER_DROP);
	}
}

/* What turns the probe's clock (CLOCK_MONOTONIC) into epoch ns. */
static uint64_t mono_to_epoch(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &bt);
	return ((uint64_t)rt.tv_sec * 1000000000ull + rt.tv_nsec) -
	       ((uint64_t)bt.tv_sec * 1000000000ull + bt.tv_nsec);
}

/*
 * Ring data bytes per CPU: --buffer-size rounded up to a power of two, at
 * most RING_MAX: the probe reaches into the ring at (head & (size - 1)), and
 * the verifier refuses a map value offset that can reach 1 << 29
 * (BPF_MAX_VAR_OFF: "unbounded memory access"): with the record offsets added
 * to it, a ring of 512 MiB or more might not load.
 */
static uint32_t ring_size(uint32_t want, int ncpus)
{
	uint32_t s = RING_MIN;

	if (!want) {
		want = RING_DEFAULT;
		while (want > RING_MIN && (uint64_t)want * ncpus > RING_ALL_DEFAULT)
			want >>= 1;
	}
	while (s < want && s < RING_MAX)
		s <<= 1;
	return s;
}

static void *read_file(const char *path, size_t *len, struct sc_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	void *buf;

	if (!f) {
		sc_err_set(err, -errno, "SYSCOPE_BPF_PROBE: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) < 0 || st.st_size <= 0) {
		sc_err_set(err, -EINVAL, "SYSCOPE_BPF_PROBE: %s: empty or unreadable", path);
		fclose(f);
		return NULL;
	}
	buf = xmalloc(st.st_size);
	if (fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		sc_err_set(err, -EIO, "SYSCOPE_BPF_PROBE: %s: short read", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = st.st_size;
	return buf;
}

static int open_skel(struct bpfe *b, const struct sc_open_args *args, struct sc_err *err)
{
	struct syscope_bpf *s = calloc(1, sizeof(*s));
	size_t len = 0;
	int rc;

	if (!s)
		return sc_err_set(err, -ENOMEM, "out of memory");
	b->skel = s;
	if (syscope_bpf__create_skeleton(s))
		return sc_err_set(err, -ENOMEM, "could not set up the eBPF skeleton");
	if (args->probe_path && *args->probe_path) {
		b->probe_buf = read_file(args->probe_path, &len, err);
		if (!b->probe_buf)
			return err->code;
		s->skeleton->data = b->probe_buf;
		s->skeleton->data_sz = len;
	}
	rc = bpf_object__open_skeleton(s->skeleton, NULL);
	if (rc)
		return sc_err_set(err, rc < 0 ? rc : -EINVAL, "could not open the eBPF probe%s%s: %s",
				  b->probe_buf ? " " : "", b->probe_buf ? args->probe_path : "",
				  strerror(rc < 0 ? -rc : EINVAL));
	return 0;
}

static int explain_load(int rc, struct sc_err *err)
{
	char prog[128], tail[1024];
	const char *dump = getenv("SYSCOPE_BPF_LOG");

	if (dump && *dump) {   /* developer aid: the whole libbpf/verifier log */
		FILE *f = fopen(dump, "w");

		if (f) {
			fputs(g_log, f);
			fclose(f);
		}
	}

	if (rc == -EPERM || rc == -EACCES) {
		if (geteuid() != 0)
			return sc_err_set(err, rc, "the eBPF probe needs root (or CAP_BPF and CAP_PERFMON)");
		if (failed_prog(prog, sizeof(prog)))
			return sc_err_set(err, rc, "the kernel verifier rejected program '%s': %s", prog,
					  log_tail(tail, sizeof(tail), 4));
		return sc_err_set(err, rc, "the kernel refused the eBPF probe (%s); "
				  "is RLIMIT_MEMLOCK too low or unprivileged BPF in the way? %s",
				  strerror(-rc), log_tail(tail, sizeof(tail), 3));
	}
	if (failed_prog(prog, sizeof(prog)))
		return sc_err_set(err, rc, "the kernel verifier rejected program '%s': %s", prog,
				  log_tail(tail, sizeof(tail), 4));
	return sc_err_set(err, rc, "could not load the eBPF probe: %s: %s", strerror(-rc),
			  log_tail(tail, sizeof(tail), 3));
}

static int wake_cb(void *ctx, void *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

/* The probe wakes us only past a threshold: also look again after a short wait. */
static int wake_wait(void *ctx, struct sc_err *err)
{
	struct bpfe *b = ctx;
	int n = ring_buffer__poll(b->wake, POLL_MS);

	if (n == -EINTR)
		return 1;
	if (n < 0)
		return sc_err_set(err, n, "waiting for the eBPF probe: %s", strerror(-n));
	return 0;
}

/* Maps the rings (one value per CPU of the ring map) and the wakeup ring. */
static int map_rings(struct bpfe *b, struct sc_err *err)
{
	size_t vsize = SC_BPF_RING_HDR + b->size + SC_BPF_RING_SLACK;
	void *p;
	unsigned i;

	b->map_len = vsize * b->nrings;
	p = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(b->skel->maps.ring_map), 0);
	if (p == MAP_FAILED)
		return sc_err_set(err, -errno, "could not map the ring buffers (%zu KiB): %s", b->map_len >> 10,
				  strerror(errno));
	b->map = p;
	for (i = 0; i < b->nrings; i++) {
		struct sc_bpf_ring_hdr *h = (struct sc_bpf_ring_hdr *)(b->map + i * vsize);

		sc_cpu_ring_init(&b->rings[i], (const uint64_t *)&h->head, (uint64_t *)&h->tail,
				 (const uint8_t *)h + SC_BPF_RING_HDR, b->size, SC_BPF_RING_SLACK, (uint16_t)i);
	}
	b->merge.ring = b->rings;
	b->merge.n = b->nrings;
	b->merge.wait = wake_wait;
	b->merge.wait_ctx = b;
	b->wake = ring_buffer__new(bpf_map__fd(b->skel->maps.wake_map), wake_cb, NULL, NULL);
	if (!b->wake)
		return sc_err_set(err, -errno, "could not map the wakeup ring: %s", strerror(errno));
	return 0;
}

/* Opens the object and sets everything that must be fixed before load. */
static int prepare(struct bpfe *b, const struct sc_open_args *args, bool raw, struct sc_err *err)
{
	struct syscope_bpf__rodata *ro;
	int rc;

	rc = open_skel(b, args, err);
	if (rc < 0)
		return rc;
	ro = b->skel->rodata;
	ro->self_tgid = getpid();
	ro->snaplen = args->snaplen ? args->snaplen : 80;
	ro->mono_to_epoch = mono_to_epoch();
	/* a wakeup per 256 KiB written, or per quarter of a smaller ring (sizes are powers of 2) */
	ro->wake_shift = b->size / 4 < (256u << 10) ? (unsigned)__builtin_ctz(b->size / 4) : 18;
	ro->ring_mask = b->size - 1;
	ro->want_switch = args->sched_switch && !raw;
	ro->want_procexit = 1;
	build_tables(b->skel);
	build_mask(b->skel->bss->nr_wanted, args->evt_mask);
	b->skel->bss->capturing = 0;

	bpf_map__set_max_entries(b->skel->maps.ring_map, b->nrings);
	bpf_map__set_value_size(b->skel->maps.ring_map, SC_BPF_RING_HDR + b->size + SC_BPF_RING_SLACK);
	bpf_map__set_max_entries(b->skel->maps.scratch_map, b->nrings);
	/* tp_btf (the fastest) unless we fall back to raw tracepoints */
	bpf_program__set_autoload(b->skel->progs.sys_enter_raw, raw);
	bpf_program__set_autoload(b->skel->progs.sys_exit_raw, raw);
	bpf_program__set_autoload(b->skel->progs.sys_enter_btf, !raw);
	bpf_program__set_autoload(b->skel->progs.sys_exit_btf, !raw);
	bpf_program__set_autoload(b->skel->progs.sched_exit_btf, !raw);
	bpf_program__set_autoload(b->skel->progs.sched_exit_raw, raw);
	bpf_program__set_autoload(b->skel->progs.signal_deliver_btf, !raw);
	bpf_program__set_autoload(b->skel->progs.signal_deliver_raw, raw);
	bpf_program__set_autoload(b->skel->progs.sched_switch_btf, !raw && args->sched_switch);
	if (getenv("SYSCOPE_BPF_LOG")) {   /* developer aid: the verifier's statistics too */
		struct bpf_program *p;

		static char logs[8][1 << 16];
		int k = 0;

		bpf_object__for_each_program(p, b->skel->obj) {
			if (k < 8) {
				logs[k][0] = 0;
				bpf_program__set_log_buf(p, logs[k++], sizeof(logs[0]));
			}
			bpf_program__set_log_level(p, 4);
		}
	}
	return 0;
}

static int bpf_open(struct sc_engine *e, const struct sc_open_args *args, struct sc_err *err)
{
	struct bpfe *b = e->priv;
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	char first[sizeof(err->msg)];
	int ncpus, rc;

	e->live = true;
	e->drain_after_stop = true;
	g_log_len = 0;
	g_log[0] = 0;
	libbpf_set_print(log_cb);

	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return sc_err_set(err, -ENOTSUP, "the eBPF probe needs kernel BTF "
				  "(/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF); this kernel has none");
	/* older kernels charge BPF memory to RLIMIT_MEMLOCK; newer ones ignore it */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0)
		return sc_err_set(err, ncpus ? ncpus : -EINVAL, "cannot count the CPUs");
	b->nrings = (unsigned)ncpus;
	b->rings = xcalloc(b->nrings, sizeof(*b->rings));
	b->size = ring_size(args->buffer_size, ncpus);

	/* SYSCOPE_BPF_RAW_TP=1 starts with the fallback (for testing it) */
	rc = prepare(b, args, getenv("SYSCOPE_BPF_RAW_TP") != NULL, err);
	if (rc < 0)
		return rc;
	rc = syscope_bpf__load(b->skel);
	if (rc) {
		explain_load(rc, err);
		if ((rc == -EPERM || rc == -EACCES) && geteuid() != 0)
			return err->code;
		/* the kernel may refuse tp_btf: try raw tracepoints before giving up */
		snprintf(first, sizeof(first), "%s", err->msg);
		syscope_bpf__destroy(b->skel);
		b->skel = NULL;
		g_log_len = 0;
		g_log[0] = 0;
		rc = prepare(b, args, true, err);
		if (rc < 0)
			return rc;
		rc = syscope_bpf__load(b->skel);
		if (rc)
			return sc_err_set(err, rc, "%s", first);
	}
	if (getenv("SYSCOPE_BPF_LOG") && *getenv("SYSCOPE_BPF_LOG")) {
		FILE *f = fopen(getenv("SYSCOPE_BPF_LOG"), "w");

		struct bpf_program *p;

		if (f) {
			bpf_object__for_each_program(p, b->skel->obj) {
				size_t n = 0;
				const char *l = bpf_program__log_buf(p, &n);

				fprintf(f, "%s: %s\n", bpf_program__name(p), l ? l : "");
			}
			fclose(f);
		}
	}
	rc = map_rings(b, err);
	if (rc < 0)
		return rc;
	rc = syscope_bpf__attach(b->skel);
	if (rc) {
		char tail[512];

		return sc_err_set(err, rc, "could not attach the eBPF probe: %s: %s", strerror(-rc),
				  log_tail(tail, sizeof(tail), 2));
	}
	/* attached but not yet capturing: what already runs, so its names and files show */
	{
		struct sc_proc_scan_opts so = { .fds = true };

		rc = sc_proc_scan(&e->snap, &so, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int bpf_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct bpfe *b = e->priv;

	return sc_cpu_rings_next(&b->merge, ev, err);
}

static int bpf_start(struct sc_engine *e)
{
	struct bpfe *b = e->priv;

	__atomic_store_n(&b->skel->bss->capturing, 1, __ATOMIC_RELEASE);
	sc_cpu_rings_restart(&b->merge);
	return 0;
}

static int bpf_stop(struct sc_engine *e)
{
	struct bpfe *b = e->priv;

	if (b->skel && b->skel->bss)
		__atomic_store_n(&b->skel->bss->capturing, 0, __ATOMIC_RELEASE);
	return 0;
}

static int bpf_configure(struct sc_engine *e, enum sc_setting s, uint64_t a, uint64_t v)
{
	struct bpfe *b = e->priv;

	switch (s) {
	case SC_SET_SYSCALL_MASK:
		if (a >= SC_BPF_NR_MAX)
			return -EINVAL;
		b->skel->bss->nr_wanted[a] = v ? 1 : 0;
		return 0;
	case SC_SET_DROP_SELF:
		return 0;   /* always: the probe drops our own events */
	default:
		return SC_ENOTSUP;   /* the snaplen is fixed at load */
	}
}

static int bpf_stats(struct sc_engine *e, struct sc_stats *st)
{
	struct bpfe *b = e->priv;
	int n = libbpf_num_possible_cpus();
	struct sc_bpf_counters *c;
	uint32_t zero = 0;
	int i;

	if (!b->skel || n <= 0)
		return 0;
	c = xcalloc(n, sizeof(*c));
	if (!bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.counters), &zero, c)) {
		for (i = 0; i < n; i++) {
			st->drops += c[i].drops_full;
			st->drops_bug += c[i].drops_bug;
			st->drops_fault += c[i].drops_fault;
			st->preemptions += c[i].preemptions;
			st->drops += c[i].drops_nested;
		}
	}
	free(c);
	st->skipped_unknown = b->merge.skipped;
	st->drops_bug += b->merge.damaged;   /* a ring restarted at its head: what lay between is lost */
	st->events = b->merge.handed;
	return 0;
}

static void bpf_close(struct sc_engine *e)
{
	struct bpfe *b = e->priv;

	if (b->skel && b->skel->bss)
		b->skel->bss->capturing = 0;
	if (b->wake)
		ring_buffer__free(b->wake);
	b->wake = NULL;
	if (b->map)
		munmap(b->map, b->map_len);
	b->map = NULL;
	free(b->rings);
	b->rings = NULL;
	if (b->skel)
		syscope_bpf__destroy(b->skel);
	b->skel = NULL;
	free(b->probe_buf);
	b->probe_buf = NULL;
}

const struct sc_engine_ops sc_engine_bpf = {
	.name = "bpf",
	.priv_size = sizeof(struct bpfe),
	.open = bpf_open,
	.next = bpf_next,
	.start = bpf_start,
	.stop = bpf_stop,
	.configure = bpf_configure,
	.stats = bpf_stats,
	.close = bpf_close,
};

#endif /* SC_HAVE_BPF */
