// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - syscope.ko: the devices, the rings and the probes.
 *
 * One character device per possible CPU, /dev/syscope<N>, each exposing an
 * mmappable ring (layout and ioctls: driver/abi/sc_kmod.h). The first
 * process to open a device holds them all until it closes the last one;
 * others get EBUSY. The first open registers the probes on the raw_syscalls
 * and sched tracepoints (found by name with for_each_kernel_tracepoint()),
 * the last close unregisters them and waits for running probes before the
 * rings are freed. The module cannot be removed while a device is open.
 *
 * Probes run with preemption disabled and write into this CPU's ring
 * through this CPU's scratch area; a full ring drops the record and counts
 * it, the traced task never waits.
 */
#include <linux/bitmap.h>
#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <trace/events/sched.h>
#include <trace/events/signal.h>
#include <trace/events/syscalls.h>

#include "sc_kmod_int.h"
#include "sc_kmod.h"

/*
 * Probe functions are not type-checked by tracepoint_probe_register(): check
 * each against the tracepoint's own declaration, so a kernel that changes a
 * prototype fails the build instead of crashing.
 */
#define SC_CHECK_PROBE(tp, fn) \
	static_assert(__builtin_types_compatible_p(typeof(&register_trace_##tp), \
						   int (*)(typeof(&fn), void *)), \
		      "probe " #fn " does not match tracepoint " #tp)

static unsigned int ring_kib = 8192;
module_param(ring_kib, uint, 0444);
MODULE_PARM_DESC(ring_kib, "default record space per CPU in KiB (a power of two, 64 to 1048576; "
		 "a consumer may size its own with SC_IOC_SET_RING_SIZE)");

struct sc_cpu {
	struct sc_ring_hdr __rcu *hdr;  /* the mapping: header page, then data; NULL when closed */
	u8 *data;
	u32 size;                        /* data bytes, a power of two */
	u64 head;                        /* the kernel's own copy: the mapped one is user-writable */
	bool opened;
	bool mapped;                     /* the open file was mmapped: its ring keeps its size */
	struct sc_rec rec;               /* scratch of this CPU */
	struct device *dev;
};

static struct sc_cpu *sc_cpus;
static dev_t sc_devt;
static struct cdev sc_cdev;
static struct class *sc_class;

static DEFINE_MUTEX(sc_lock);           /* opens, closes and settings */
static pid_t sc_holder;                 /* tgid holding the devices, 0: none */
static unsigned int sc_nopen;

/* Settings the probes read */
static int sc_capturing;
static u32 sc_snaplen = 80;
static pid_t sc_exclude;
static bool sc_want_switch;
static u64 sc_boot_to_epoch;
static DECLARE_BITMAP(sc_mask, SC_KMOD_NR_MAX);

/* Per native syscall: the enter event (SCE_GENERIC_E without a filled one). */
static u16 sc_nr_event[SC_KMOD_NR_MAX];
/* Enter events whose user strings are read at exit, when the pages are in. */
static bool sc_late_enter[SC_EVENT_MAX];

/* Enter times of the late enter events, by tid; a clash costs only a timestamp. */
#define SC_ENTER_SLOTS 4096
struct sc_enter_slot {
	u32 tid;
	u64 ts;
};
static struct sc_enter_slot sc_enter_ts[SC_ENTER_SLOTS];

/* --- tracepoints --- */

static void probe_sys_enter(void *data, struct pt_regs *regs, long id);
static void probe_sys_exit(void *data, struct pt_regs *regs, long ret);
/* sched_process_exit gained group_dead in 6.16; the static_assert below confirms the guess */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define SC_EXIT_PROTO struct task_struct *p, bool group_dead
#else
#define SC_EXIT_PROTO struct task_struct *p
#endif
static void probe_proc_exit(void *data, SC_EXIT_PROTO);
static void probe_proc_fork(void *data, struct task_struct *parent, struct task_struct *child);
static void probe_signal(void *data, int sig, struct kernel_siginfo *info, struct k_sigaction *ka);
static void probe_proc_exec(void *data, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
static void probe_switch(void *data, bool preempt, struct task_struct *prev, struct task_struct *next,
			 unsigned int prev_state);
#else
static void probe_switch(void *data, bool preempt, struct task_struct *prev, struct task_struct *next);
#endif

SC_CHECK_PROBE(sys_enter, probe_sys_enter);
SC_CHECK_PROBE(sys_exit, probe_sys_exit);
SC_CHECK_PROBE(sched_process_exit, probe_proc_exit);
SC_CHECK_PROBE(sched_process_fork, probe_proc_fork);
SC_CHECK_PROBE(sched_process_exec, probe_proc_exec);
SC_CHECK_PROBE(sched_switch, probe_switch);
SC_CHECK_PROBE(signal_deliver, probe_signal);

static struct sc_tp {
	const char *name;
	void *probe;
	bool required;
	struct tracepoint *tp;
	bool registered;
} sc_tps[] = {
	{ "sys_enter", probe_sys_enter, true },
	{ "sys_exit", probe_sys_exit, true },
	{ "sched_process_exit", probe_proc_exit, true },
	{ "sched_process_fork", probe_proc_fork, false },
	{ "sched_process_exec", probe_proc_exec, false },
	{ "sched_switch", probe_switch, false },
	{ "signal_deliver", probe_signal, false },
};

static void find_tp(struct tracepoint *tp, void *priv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sc_tps); i++)
		if (!strcmp(tp->name, sc_tps[i].name))
			sc_tps[i].tp = tp;
}

static void unregister_probes(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sc_tps); i++) {
		if (sc_tps[i].registered)
			tracepoint_probe_unregister(sc_tps[i].tp, sc_tps[i].probe, NULL);
		sc_tps[i].registered = false;
	}
	/* no probe runs past this point */
	tracepoint_synchronize_unregister();
}

static int register_probes(void)
{
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(sc_tps); i++) {
		if (!sc_tps[i].tp)
			continue;
		rc = tracepoint_probe_register(sc_tps[i].tp, sc_tps[i].probe, NULL);
		if (rc) {
			pr_err("syscope: cannot attach to tracepoint %s: %d\n", sc_tps[i].name, rc);
			unregister_probes();
			return rc;
		}
		sc_tps[i].registered = true;
	}
	return 0;
}

/* --- rings --- */

/*
 * Epoch ns from the boot clock read like the eBPF probe's
 * bpf_ktime_get_boot_ns(): the lockless fast accessor, not the
 * seqcount-retrying ktime_get_boottime_ns() (same clock, same offset).
 */
static u64 sc_now(void)
{
	return ktime_get_boot_fast_ns() + READ_ONCE(sc_boot_to_epoch);
}

/*
 * Copies a record of len bytes to dst, both 8-byte aligned, zeroing the
 * padding up to the next multiple of 8. Records are mostly a few dozen
 * bytes: word stores beat the out-of-line memcpy (rep movsb, byte by byte
 * under emulation) there; long ones still go to memcpy.
 */
static void ring_copy(u8 *dst, const u8 *src, u32 len)
{
	u64 *d = (u64 *)dst;
	const u64 *s = (const u64 *)src;
	u32 words = len / 8, rest = len & 7;

	if (len > 256) {
		memcpy(dst, src, len);
		if (rest)
			memset(dst + len, 0, 8 - rest);
		return;
	}
	while (words--)
		*d++ = *s++;
	if (rest)   /* the bytes past len are not the record's: zero them */
		*d = *s & (~0ull >> (64 - 8 * rest));
}

/* Appends a finished record to the ring, or counts it lost. */
static void ring_put(struct sc_cpu *c, struct sc_ring_hdr *h, const u8 *rec, u32 len)
{
	u32 alen = ALIGN(len, 8), pos, to_end;
	u64 head = c->head, used = head - smp_load_acquire(&h->tail), need;

	if (!len || alen > c->size / 2) {
		h->drops_bug++;
		return;
	}
	pos = head & (c->size - 1);
	to_end = c->size - pos;
	need = to_end < alen ? (u64)to_end + alen : alen;
	if (used > c->size || c->size - used < need) {
		h->drops_full++;
		return;
	}
	if (to_end < alen) {
		if (to_end >= SC_EVT_HDR_LEN) {
			struct sc_evt_hdr pad = { .len = to_end, .type = SC_RING_PAD };

			memcpy(c->data + pos, &pad, sizeof(pad));
		}
		head += to_end;
		pos = 0;
	}
	ring_copy(c->data + pos, rec, len);
	head += alen;
	c->head = head;
	smp_store_release(&h->head, head);
	h->events++;
}

/* This CPU's open ring, or NULL; preemption must be disabled. */
static struct sc_cpu *this_ring(struct sc_ring_hdr **h)
{
	struct sc_cpu *c = &sc_cpus[smp_processor_id()];

	*h = rcu_dereference_sched(c->hdr);
	return *h ? c : NULL;
}

static void send(struct sc_cpu *c, struct sc_ring_hdr *h)
{
	h->faults += c->rec.faults;
	ring_put(c, h, c->rec.buf, sc_rec_end(&c->rec));
}

static void load_args(struct sc_rec *r, struct pt_regs *regs)
{
	r->args[0] = regs->di;
	r->args[1] = regs->si;
	r->args[2] = regs->dx;
	r->args[3] = regs->r10;
	r->args[4] = regs->r8;
	r->args[5] = regs->r9;
}

static void emit_syscall(struct pt_regs *regs, u16 ev, long nr, long ret, u64 ts)
{
	struct sc_ring_hdr *h;
	struct sc_cpu *c = this_ring(&h);
	struct sc_rec *r;

	if (!c)
		return;
	r = &c->rec;
	load_args(r, regs);
	r->ret = ret;
	r->snaplen = READ_ONCE(sc_snaplen);
	r->faults = 0;
	sc_rec_begin(r, ev, ts, current->pid);
	sc_fill_syscall(r, nr);
	send(c, h);
}

static bool wanted(long id)
{
	if (!READ_ONCE(sc_capturing) || id < 0 || id >= SC_KMOD_NR_MAX || !test_bit(id, sc_mask))
		return false;
	if (in_compat_syscall())
		return false;   /* 32-bit syscall numbers are another table */
	return current->tgid != READ_ONCE(sc_exclude);
}

static void probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	u16 ev;

	if (!wanted(id))
		return;
	ev = sc_nr_event[id];
	preempt_disable_notrace();
	if (sc_late_enter[ev]) {
		struct sc_enter_slot *s = &sc_enter_ts[current->pid % SC_ENTER_SLOTS];

		WRITE_ONCE(s->ts, sc_now());
		WRITE_ONCE(s->tid, current->pid);
	} else {
		emit_syscall(regs, ev, id, 0, sc_now());
	}
	preempt_enable_notrace();
}

static void probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long id = syscall_get_nr(current, regs);
	u64 ts;
	u16 ev;

	if (!wanted(id))
		return;
	ev = sc_nr_event[id];
	preempt_disable_notrace();
	ts = sc_now();
	if (sc_late_enter[ev]) {
		struct sc_enter_slot *s = &sc_enter_ts[current->pid % SC_ENTER_SLOTS];
		u64 ets = READ_ONCE(s->ts);

		if (READ_ONCE(s->tid) != current->pid || !ets || ets > ts)
			ets = ts;
		WRITE_ONCE(s->tid, 0);
		emit_syscall(regs, ev, id, 0, ets);
	}
	emit_syscall(regs, ev + 1, id, ret, ts);
	preempt_enable_notrace();
}

static void probe_proc_exit(void *data, SC_EXIT_PROTO)
{
	struct sc_ring_hdr *h;
	struct sc_cpu *c;

	if (!READ_ONCE(sc_capturing) || p->tgid == READ_ONCE(sc_exclude))
		return;
	preempt_disable_notrace();
	c = this_ring(&h);
	if (c) {
		c->rec.faults = 0;
		sc_rec_begin(&c->rec, SCE_PROCEXIT_1_E, sc_now(), p->pid);
		sc_fill_procexit(&c->rec, p);
		send(c, h);
	}
	preempt_enable_notrace();
}

/* A signal about to be handled by the current task (after the exit of the syscall it interrupted). */
static void probe_signal(void *data, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct sc_ring_hdr *h;
	struct sc_cpu *c;

	if (!READ_ONCE(sc_capturing) || current->tgid == READ_ONCE(sc_exclude))
		return;
	preempt_disable_notrace();
	c = this_ring(&h);
	if (c) {
		c->rec.faults = 0;
		sc_rec_begin(&c->rec, SCE_SIGNALDELIVER_E, sc_now(), current->pid);
		sc_fill_signal(&c->rec, sig, info);
		send(c, h);
	}
	preempt_enable_notrace();
}

/* A new thread starts without a pending enter time (its tid may be recycled). */
static void probe_proc_fork(void *data, struct task_struct *parent, struct task_struct *child)
{
	struct sc_enter_slot *s = &sc_enter_ts[child->pid % SC_ENTER_SLOTS];

	if (READ_ONCE(s->tid) == child->pid)
		WRITE_ONCE(s->tid, 0);
}

/* A de-threading exec gives the caller the leader's tid: forget the old one's enter time. */
static void probe_proc_exec(void *data, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct sc_enter_slot *s = &sc_enter_ts[old_pid % SC_ENTER_SLOTS];

	if (old_pid != p->pid && READ_ONCE(s->tid) == old_pid)
		WRITE_ONCE(s->tid, 0);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
static void probe_switch(void *data, bool preempt, struct task_struct *prev, struct task_struct *next,
			 unsigned int prev_state)
#else
static void probe_switch(void *data, bool preempt, struct task_struct *prev, struct task_struct *next)
#endif
{
	struct sc_ring_hdr *h;
	struct sc_cpu *c;

	preempt_disable_notrace();
	c = this_ring(&h);
	if (c) {
		h->preemptions++;
		if (READ_ONCE(sc_capturing) && READ_ONCE(sc_want_switch) &&
		    prev->tgid != READ_ONCE(sc_exclude)) {
			c->rec.faults = 0;
			sc_rec_begin(&c->rec, SCE_SCHEDSWITCH_6_E, sc_now(), prev->pid);
			sc_fill_switch(&c->rec, prev, next);
			send(c, h);
		}
	}
	preempt_enable_notrace();
}

/* --- the devices --- */

static u32 ring_bytes(void)
{
	u32 want = clamp(ring_kib, SC_KMOD_RING_MIN >> 10, SC_KMOD_RING_MAX >> 10);

	return roundup_pow_of_two(want) * 1024;
}

/*
 * A zeroed ring of size data bytes, its header filled; NULL when out of
 * memory, or when it would take more than half of what is available (a
 * failing vmalloc of that size warns on the console and OOM-kills first).
 */
static struct sc_ring_hdr *ring_alloc(unsigned int cpu, u32 size)
{
	struct sc_ring_hdr *h;

	if ((size >> PAGE_SHIFT) + 1 > si_mem_available() / 2)
		return NULL;
	h = vmalloc_user(PAGE_SIZE + (size_t)size);
	if (!h)
		return NULL;
	h->data_size = size;
	h->data_offset = PAGE_SIZE;
	h->api_version = SC_KMOD_API_VERSION;
	h->cpu = cpu;
	return h;
}

/* Replaces c's ring by an empty one of size bytes; sc_lock held, capture off, not mapped. */
static int ring_resize(struct sc_cpu *c, unsigned int cpu, unsigned long size)
{
	struct sc_ring_hdr *old, *h;

	if (size < SC_KMOD_RING_MIN || size > SC_KMOD_RING_MAX || !is_power_of_2(size))
		return -EINVAL;
	if (c->mapped || READ_ONCE(sc_capturing))
		return -EBUSY;
	h = ring_alloc(cpu, size);
	if (!h)
		return -ENOMEM;
	old = rcu_dereference_protected(c->hdr, lockdep_is_held(&sc_lock));
	RCU_INIT_POINTER(c->hdr, NULL);
	synchronize_rcu();   /* no probe holds the old ring (the switch probe counts even when off) */
	c->data = (u8 *)h + PAGE_SIZE;
	c->size = size;
	c->head = 0;
	rcu_assign_pointer(c->hdr, h);
	vfree(old);
	return 0;
}

static int sc_open(struct inode *inode, struct file *f)
{
	unsigned int cpu = iminor(inode);
	struct sc_ring_hdr *h;
	struct sc_cpu *c;
	u32 size;
	int rc = 0;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -ENODEV;
	c = &sc_cpus[cpu];
	mutex_lock(&sc_lock);
	if ((sc_holder && sc_holder != current->tgid) || c->opened) {
		rc = -EBUSY;
		goto out;
	}
	size = ring_bytes();
	h = ring_alloc(cpu, size);
	if (!h) {
		rc = -ENOMEM;
		goto out;
	}
	c->mapped = false;
	c->data = (u8 *)h + PAGE_SIZE;
	c->size = size;
	c->head = 0;
	if (!sc_nopen) {
		/* a new holder starts from the defaults */
		WRITE_ONCE(sc_capturing, 0);
		sc_snaplen = 80;
		sc_want_switch = false;
		bitmap_fill(sc_mask, SC_KMOD_NR_MAX);
		WRITE_ONCE(sc_exclude, current->tgid);
		rc = register_probes();
		if (rc) {
			vfree(h);
			goto out;
		}
		sc_holder = current->tgid;
	}
	rcu_assign_pointer(c->hdr, h);
	c->opened = true;
	sc_nopen++;
	f->private_data = c;
out:
	mutex_unlock(&sc_lock);
	return rc;
}

static int sc_release(struct inode *inode, struct file *f)
{
	struct sc_cpu *c = f->private_data;
	struct sc_ring_hdr *h;

	mutex_lock(&sc_lock);
	h = rcu_dereference_protected(c->hdr, lockdep_is_held(&sc_lock));
	RCU_INIT_POINTER(c->hdr, NULL);
	c->opened = false;
	if (--sc_nopen == 0) {
		WRITE_ONCE(sc_capturing, 0);
		unregister_probes();
		sc_holder = 0;
	} else {
		synchronize_rcu();   /* probes on this CPU are done with the ring */
	}
	vfree(h);
	mutex_unlock(&sc_lock);
	return 0;
}

static int sc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sc_cpu *c = f->private_data;
	struct sc_ring_hdr *h;
	int rc;

	mutex_lock(&sc_lock);
	h = rcu_dereference_protected(c->hdr, lockdep_is_held(&sc_lock));
	if (!h || vma->vm_pgoff || vma->vm_end - vma->vm_start > PAGE_SIZE + c->size)
		rc = -EINVAL;
	else
		rc = remap_vmalloc_range(vma, h, 0);
	if (!rc)
		c->mapped = true;
	mutex_unlock(&sc_lock);
	return rc;
}

static void mask_load(const struct sc_kmod_mask *m)
{
	unsigned int i;

	for (i = 0; i < SC_KMOD_NR_MAX; i++) {
		if (m->bits[i / 64] & (1ull << (i % 64)))
			set_bit(i, sc_mask);
		else
			clear_bit(i, sc_mask);
	}
}

static long sc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct sc_kmod_mask m;
	long rc = 0;

	mutex_lock(&sc_lock);
	switch (cmd) {
	case SC_IOC_ENABLE:
		WRITE_ONCE(sc_boot_to_epoch, ktime_get_real_ns() - ktime_get_boottime_ns());
		WRITE_ONCE(sc_capturing, 1);
		break;
	case SC_IOC_DISABLE:
		WRITE_ONCE(sc_capturing, 0);
		break;
	case SC_IOC_SET_SNAPLEN:
		if (arg > SC_KMOD_BUF_MAX)
			rc = -EINVAL;
		else
			WRITE_ONCE(sc_snaplen, arg);
		break;
	case SC_IOC_SET_MASK:
		if (copy_from_user(&m, (void __user *)arg, sizeof(m)))
			rc = -EFAULT;
		else
			mask_load(&m);
		break;
	case SC_IOC_SET_SYSCALL:
		if ((arg & 0xffff) >= SC_KMOD_NR_MAX)
			rc = -EINVAL;
		else if (arg & SC_IOC_SYSCALL_ON)
			set_bit(arg & 0xffff, sc_mask);
		else
			clear_bit(arg & 0xffff, sc_mask);
		break;
	case SC_IOC_EXCLUDE_TGID:
		WRITE_ONCE(sc_exclude, (pid_t)arg);
		break;
	case SC_IOC_SET_SWITCH:
		WRITE_ONCE(sc_want_switch, !!arg);
		break;
	case SC_IOC_API_VERSION:
		rc = SC_KMOD_API_VERSION;
		break;
	case SC_IOC_SET_RING_SIZE: {
		struct sc_cpu *c = f->private_data;

		rc = ring_resize(c, c - sc_cpus, arg);
		break;
	}
	default:
		rc = -ENOTTY;
	}
	mutex_unlock(&sc_lock);
	return rc;
}

static const struct file_operations sc_fops = {
	.owner = THIS_MODULE,
	.open = sc_open,
	.release = sc_release,
	.mmap = sc_mmap,
	.unlocked_ioctl = sc_ioctl,
	.llseek = noop_llseek,
};

/* --- module --- */

/* Which event each syscall enters, and which enter events wait for the exit. */
static void build_tables(void)
{
	unsigned int i, k;

	for (i = 0; i < SC_KMOD_NR_MAX; i++) {
		u16 e = i < SC_X86_SYSCALL_MAX ? sc_x86_syscalls[i].enter_event : SCE_GENERIC_E;

		if (e != SCE_GENERIC_E && (e + 1 >= SC_EVENT_MAX ||
					   !(sc_fill_table[e].flags & SC_FILL_F_FILLED) ||
					   !(sc_fill_table[e + 1].flags & SC_FILL_F_FILLED)))
			e = SCE_GENERIC_E;
		sc_nr_event[i] = e;
	}
	for (i = 0; i < SC_EVENT_MAX; i += 2) {
		const struct sc_fill_event *f = &sc_fill_table[i];

		/* execve's path must be read before the old image goes away */
		if (i == SCE_SYSCALL_EXECVE_19_E || i == SCE_SYSCALL_EXECVEAT_E)
			continue;
		for (k = 0; k < f->nparams && k < SC_FILL_MAX_PARAMS; k++)
			if (f->params[k].src == SC_FILL_STR)
				sc_late_enter[i] = true;
	}
}

static void free_cpus(void)
{
	unsigned int cpu;

	if (!sc_cpus)
		return;
	for_each_possible_cpu(cpu)
		vfree(sc_cpus[cpu].rec.buf);
	kfree(sc_cpus);
	sc_cpus = NULL;
}

static char *sc_devnode(
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	const struct device *dev,
#else
	struct device *dev,
#endif
	umode_t *mode)
{
	if (mode)
		*mode = 0600;
	return NULL;
}

static int __init sc_init(void)
{
	unsigned int cpu;
	size_t i;
	int rc;

	build_tables();
	for_each_kernel_tracepoint(find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(sc_tps); i++) {
		if (!sc_tps[i].tp && sc_tps[i].required) {
			pr_err("syscope: tracepoint %s not found\n", sc_tps[i].name);
			return -ENOENT;
		}
	}
	sc_cpus = kcalloc(nr_cpu_ids, sizeof(*sc_cpus), GFP_KERNEL);
	if (!sc_cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		sc_cpus[cpu].rec.buf = vmalloc(SC_KMOD_SCRATCH);
		if (!sc_cpus[cpu].rec.buf) {
			rc = -ENOMEM;
			goto fail_cpus;
		}
	}
	rc = alloc_chrdev_region(&sc_devt, 0, nr_cpu_ids, SC_KMOD_DEV_NAME);
	if (rc)
		goto fail_cpus;
	cdev_init(&sc_cdev, &sc_fops);
	sc_cdev.owner = THIS_MODULE;
	rc = cdev_add(&sc_cdev, sc_devt, nr_cpu_ids);
	if (rc)
		goto fail_region;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	sc_class = class_create(SC_KMOD_DEV_NAME);
#else
	sc_class = class_create(THIS_MODULE, SC_KMOD_DEV_NAME);
#endif
	if (IS_ERR(sc_class)) {
		rc = PTR_ERR(sc_class);
		goto fail_cdev;
	}
	sc_class->devnode = sc_devnode;
	for_each_possible_cpu(cpu) {
		struct device *d = device_create(sc_class, NULL, MKDEV(MAJOR(sc_devt), cpu), NULL,
						 SC_KMOD_DEV_NAME "%u", cpu);

		if (IS_ERR(d)) {
			rc = PTR_ERR(d);
			goto fail_devs;
		}
		sc_cpus[cpu].dev = d;
	}
	pr_info("syscope: ready, %u devices, %u KiB rings\n", num_possible_cpus(), ring_bytes() >> 10);
	return 0;

fail_devs:
	for_each_possible_cpu(cpu)
		if (sc_cpus[cpu].dev)
			device_destroy(sc_class, MKDEV(MAJOR(sc_devt), cpu));
	class_destroy(sc_class);
fail_cdev:
	cdev_del(&sc_cdev);
fail_region:
	unregister_chrdev_region(sc_devt, nr_cpu_ids);
fail_cpus:
	free_cpus();
	return rc;
}

static void __exit sc_exit(void)
{
	unsigned int cpu;

	/* no device is open (each open holds the module), so no probe is registered */
	for_each_possible_cpu(cpu)
		if (sc_cpus[cpu].dev)
			device_destroy(sc_class, MKDEV(MAJOR(sc_devt), cpu));
	class_destroy(sc_class);
	cdev_del(&sc_cdev);
	unregister_chrdev_region(sc_devt, nr_cpu_ids);
	free_cpus();
	pr_info("syscope: unloaded\n");
}

module_init(sc_init);
module_exit(sc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("syscope: system call capture into per-CPU rings");
MODULE_AUTHOR("the syscope authors");
