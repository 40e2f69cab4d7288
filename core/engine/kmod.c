/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kmod.c - the live engine on the kernel module (driver/kmod, syscope.ko):
 * opens /dev/syscope<N> for every CPU the module made a device for, sizes
 * (--buffer-size) and maps each ring (layout: driver/abi/sc_kmod.h), sets
 * the snaplen, the syscall mask and context switches, scans /proc so what
 * already runs is known, and on start() enables capture. next() reads the
 * rings in place, merging the CPUs by timestamp (cpu_ring.c); when every
 * ring is empty it sleeps a little (the module never wakes anyone: a wakeup
 * from inside the scheduler's tracepoint is not safe) and reports
 * SC_TIMEOUT, as it does at least every 50 ms while events flow, so the
 * caller keeps control.
 *
 * A record handed out by next() lies in the ring's memory; it is released
 * (the ring's tail advanced) on the following next() or close().
 */
#include "kmod.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cpu_ring.h"
#include "../proc_scan.h"
#include "../util.h"
#include "../../driver/abi/sc_kmod.h"

#define KMOD_MAX_CPUS 1024
#define KMOD_IDLE_NS (5 * 1000 * 1000)   /* sleep when every ring is empty */
#define KMOD_SNAPLEN_MAX 32768           /* the module's SC_KMOD_BUF_MAX */

struct kring {
	int fd;
	int cpu;
	size_t map_len;
	struct sc_ring_hdr *hdr;
};

struct kmode {
	struct kring *rings;
	unsigned nrings;
	struct sc_cpu_ring *readers;     /* one per ring */
	struct sc_cpu_rings merge;
	bool enabled;
};

/*
 * Opens and maps the ring of CPU cpu; ring_bytes (0: the module's default,
 * its ring_kib parameter) sizes it first.
 */
static int ring_open(struct kring *r, int cpu, uint32_t ring_bytes, struct sc_err *err)
{
	char path[64];
	void *p;
	long page = sysconf(_SC_PAGESIZE);
	struct sc_ring_hdr h;

	snprintf(path, sizeof(path), "/dev/" SC_KMOD_DEV_NAME "%d", cpu);
	r->cpu = cpu;
	r->fd = open(path, O_RDWR | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;

		if (e == EBUSY)
			return sc_err_set(err, -EBUSY, "%s is busy: another syscope (or sysdig-like consumer) "
					  "holds the kernel module", path);
		if (e == EACCES || e == EPERM)
			return sc_err_set(err, -e, "%s: permission denied (the kernel module needs root)", path);
		return sc_err_set(err, -e, "%s: %s", path, strerror(e));
	}
	if (ring_bytes && ioctl(r->fd, SC_IOC_SET_RING_SIZE, (unsigned long)ring_bytes) < 0) {
		int e = errno;

		if (e == ENOTTY)
			return sc_err_set(err, -ENOTSUP, "%s: the loaded module cannot size its rings "
					  "(--buffer-size): reload it (scripts/syscope-driver-loader)", path);
		if (e == ENOMEM)
			return sc_err_set(err, -ENOMEM, "%s: the kernel cannot allocate a %u KiB ring "
					  "(--buffer-size): try a smaller size", path, ring_bytes >> 10);
		return sc_err_set(err, -e, "%s: cannot size the ring to %u bytes: %s", path, ring_bytes,
				  strerror(e));
	}
	/* the header first, to learn the ring's size */
	p = mmap(NULL, page, PROT_READ, MAP_SHARED, r->fd, 0);
	if (p == MAP_FAILED)
		return sc_err_set(err, -errno, "%s: cannot map the ring: %s", path, strerror(errno));
	memcpy(&h, p, sizeof(h));
	munmap(p, page);
	if (h.api_version != SC_KMOD_API_VERSION)
		return sc_err_set(err, -EPROTO, "%s: the loaded module speaks version %u, syscope %u: "
				  "reload it (scripts/syscope-driver-loader)", path, h.api_version,
				  SC_KMOD_API_VERSION);
	if (!h.data_size || (h.data_size & (h.data_size - 1)) || h.data_offset != (uint32_t)page)
		return sc_err_set(err, -EPROTO, "%s: unexpected ring layout", path);
	r->map_len = (size_t)page + h.data_size;
	p = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (p == MAP_FAILED) {
		r->map_len = 0;
		return sc_err_set(err, -errno, "%s: cannot map the ring: %s", path, strerror(errno));
	}
	r->hdr = p;
	return 0;
}

/*
 * The ring size for --buffer-size want (0: the module's default): rounded up
 * to a power of two of at least 64 KiB, as the eBPF engine does; -EINVAL past
 * the module's 1 GiB.
 */
static int ring_size(uint32_t want, uint32_t *out, struct sc_err *err)
{
	uint64_t s = SC_KMOD_RING_MIN;

	*out = 0;
	if (!want)
		return 0;
	while (s < want)
		s <<= 1;
	if (s > SC_KMOD_RING_MAX)
		return sc_err_set(err, -EINVAL, "--buffer-size %u: the kernel module's rings take at most "
				  "%u MiB", want, SC_KMOD_RING_MAX >> 20);
	*out = (uint32_t)s;
	return 0;
}

/* Which syscalls leave the kernel: those whose events the consumer can use, and every state changer. */
static void build_mask(struct sc_kmod_mask *m, const uint8_t *evt_mask)
{
	unsigned i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < SC_KMOD_NR_MAX; i++) {
		const struct sc_x86_syscall *sc;
		uint16_t e, fl;
		bool want;

		if (!evt_mask || i >= SC_X86_SYSCALL_MAX) {
			want = !evt_mask || evt_mask[SCE_GENERIC_E] || evt_mask[SCE_GENERIC_X];
		} else {
			sc = &sc_x86_syscalls[i];
			e = sc->enter_event;
			fl = sc_event_table[e].flags | (e + 1 < SC_EVENT_MAX ? sc_event_table[e + 1].flags : 0);
			want = evt_mask[e] || (e + 1 < SC_EVENT_MAX && evt_mask[e + 1]) ||
			       (fl & (SC_EF_MODIFIES_STATE | SC_EF_CREATES_FD | SC_EF_DESTROYS_FD)) ||
			       (sc->flags & SC_UF_NEVER_DROP);
		}
		if (want)
			m->bits[i / 64] |= 1ull << (i % 64);
	}
}

/* The module never wakes anyone (a wakeup from inside the scheduler's tracepoint is not safe): sleep. */
static int idle_wait(void *ctx, struct sc_err *err)
{
	struct timespec ts = { 0, KMOD_IDLE_NS };

	(void)ctx, (void)err;
	nanosleep(&ts, NULL);
	return 0;
}

static int kmod_open(struct sc_engine *e, const struct sc_open_args *args, struct sc_err *err)
{
	struct kmode *k = e->priv;
	struct sc_kmod_mask mask;
	uint32_t snaplen, ring_bytes;
	unsigned i;
	int rc;

	e->live = true;
	e->drain_after_stop = true;
	if (access("/dev/" SC_KMOD_DEV_NAME "0", F_OK) != 0)
		return sc_err_set(err, -ENODEV, "the kernel module is not loaded (no /dev/syscope0); "
				  "load it with scripts/syscope-driver-loader, or use --driver bpf");
	rc = ring_size(args->buffer_size, &ring_bytes, err);
	if (rc < 0)
		return rc;
	k->rings = xcalloc(KMOD_MAX_CPUS, sizeof(*k->rings));
	/* one device per possible CPU; their numbers may have holes */
	for (i = 0; i < KMOD_MAX_CPUS; i++) {
		struct kring *r = &k->rings[k->nrings];
		char path[64];

		snprintf(path, sizeof(path), "/dev/" SC_KMOD_DEV_NAME "%u", i);
		if (access(path, F_OK) != 0)
			continue;
		r->fd = -1;
		k->nrings++;
		rc = ring_open(r, (int)i, ring_bytes, err);
		if (rc < 0)
			return rc;
	}
	k->readers = xcalloc(k->nrings ? k->nrings : 1, sizeof(*k->readers));
	for (i = 0; i < k->nrings; i++) {
		struct kring *r = &k->rings[i];

		sc_cpu_ring_init(&k->readers[i], &r->hdr->head, &r->hdr->tail,
				 (const uint8_t *)r->hdr + r->hdr->data_offset, r->hdr->data_size, 0,
				 (uint16_t)r->cpu);
	}
	k->merge.ring = k->readers;
	k->merge.n = k->nrings;
	k->merge.wait = idle_wait;
	/* every setting goes through the first device; they are module-wide */
	if (ioctl(k->rings[0].fd, SC_IOC_DISABLE) < 0)
		return sc_err_set(err, -errno, "the kernel module refused an ioctl: %s", strerror(errno));
	snaplen = args->snaplen ? args->snaplen : 80;
	if (snaplen > KMOD_SNAPLEN_MAX)
		snaplen = KMOD_SNAPLEN_MAX;
	if (ioctl(k->rings[0].fd, SC_IOC_SET_SNAPLEN, (unsigned long)snaplen) < 0)
		return sc_err_set(err, -errno, "cannot set the snaplen to %u: %s", args->snaplen,
				  strerror(errno));
	build_mask(&mask, args->evt_mask);
	if (ioctl(k->rings[0].fd, SC_IOC_SET_MASK, &mask) < 0)
		return sc_err_set(err, -errno, "cannot set the syscall mask: %s", strerror(errno));
	ioctl(k->rings[0].fd, SC_IOC_SET_SWITCH, (unsigned long)args->sched_switch);
	ioctl(k->rings[0].fd, SC_IOC_EXCLUDE_TGID, (unsigned long)getpid());
	/* the probes are attached (not yet capturing): what already runs, so its names and files show */
	{
		struct sc_proc_scan_opts so = { .fds = true };

		rc = sc_proc_scan(&e->snap, &so, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int kmod_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct kmode *k = e->priv;

	return sc_cpu_rings_next(&k->merge, ev, err);
}

static int kmod_start(struct sc_engine *e)
{
	struct kmode *k = e->priv;

	if (!k->nrings || ioctl(k->rings[0].fd, SC_IOC_ENABLE) < 0)
		return -errno;
	k->enabled = true;
	sc_cpu_rings_restart(&k->merge);
	return 0;
}

static int kmod_stop(struct sc_engine *e)
{
	struct kmode *k = e->priv;

	if (k->nrings && k->rings[0].fd >= 0)
		ioctl(k->rings[0].fd, SC_IOC_DISABLE);
	k->enabled = false;
	return 0;
}

static int kmod_configure(struct sc_engine *e, enum sc_setting s, uint64_t a, uint64_t v)
{
	struct kmode *k = e->priv;

	if (!k->nrings)
		return -ENODEV;
	switch (s) {
	case SC_SET_SNAPLEN:
		return ioctl(k->rings[0].fd, SC_IOC_SET_SNAPLEN,
			     (unsigned long)(a > KMOD_SNAPLEN_MAX ? KMOD_SNAPLEN_MAX : a)) < 0 ? -errno : 0;
	case SC_SET_SYSCALL_MASK:
		if (a >= SC_KMOD_NR_MAX)
			return -EINVAL;
		return ioctl(k->rings[0].fd, SC_IOC_SET_SYSCALL,
			     (unsigned long)a | (v ? SC_IOC_SYSCALL_ON : 0)) < 0 ? -errno : 0;
	case SC_SET_DROP_SELF:
		return ioctl(k->rings[0].fd, SC_IOC_EXCLUDE_TGID, (unsigned long)(a ? getpid() : 0)) < 0 ?
		       -errno : 0;
	}
	return SC_ENOTSUP;
}

static int kmod_stats(struct sc_engine *e, struct sc_stats *st)
{
	struct kmode *k = e->priv;
	unsigned i;

	for (i = 0; i < k->nrings; i++) {
		const struct sc_ring_hdr *h = k->rings[i].hdr;

		if (!h)
			continue;
		st->events += __atomic_load_n(&h->events, __ATOMIC_RELAXED);
		st->drops += __atomic_load_n(&h->drops_full, __ATOMIC_RELAXED);
		st->drops_bug += __atomic_load_n(&h->drops_bug, __ATOMIC_RELAXED);
		st->preemptions += __atomic_load_n(&h->preemptions, __ATOMIC_RELAXED);
	}
	st->skipped_unknown = k->merge.skipped;
	st->drops_bug += k->merge.damaged;   /* a ring restarted at its head: what lay between is lost */
	return 0;
}

int sc_kmod_cpu_stats(struct sc_engine *e, unsigned i, uint16_t *cpu, struct sc_stats *st)
{
	struct kmode *k = e->priv;
	const struct sc_ring_hdr *h;

	if (e->ops != &sc_engine_kmod)
		return -EINVAL;
	if (i >= k->nrings || !k->rings[i].hdr)
		return -ENOENT;
	h = k->rings[i].hdr;
	memset(st, 0, sizeof(*st));
	st->exit_status = -1;
	st->events = __atomic_load_n(&h->events, __ATOMIC_RELAXED);
	st->drops = __atomic_load_n(&h->drops_full, __ATOMIC_RELAXED);
	st->drops_bug = __atomic_load_n(&h->drops_bug, __ATOMIC_RELAXED);
	st->preemptions = __atomic_load_n(&h->preemptions, __ATOMIC_RELAXED);
	*cpu = (uint16_t)k->rings[i].cpu;
	return 0;
}

static void kmod_close(struct sc_engine *e)
{
	struct kmode *k = e->priv;
	unsigned i;

	if (!k->rings)
		return;
	if (k->nrings && k->rings[0].fd >= 0)
		ioctl(k->rings[0].fd, SC_IOC_DISABLE);
	for (i = 0; i < k->nrings; i++) {
		struct kring *r = &k->rings[i];

		if (r->hdr)
			munmap(r->hdr, r->map_len);
		if (r->fd >= 0)
			close(r->fd);
	}
	free(k->rings);
	k->rings = NULL;
	k->nrings = 0;
	free(k->readers);
	k->readers = NULL;
}

const struct sc_engine_ops sc_engine_kmod = {
	.name = "kmod",
	.priv_size = sizeof(struct kmode),
	.open = kmod_open,
	.next = kmod_next,
	.start = kmod_start,
	.stop = kmod_stop,
	.configure = kmod_configure,
	.stats = kmod_stats,
	.close = kmod_close,
};
