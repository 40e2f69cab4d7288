/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace.c - the userspace driver's tracing loop (see ptrace.h): launching
 * or seizing tracees, the seccomp filter, the thread table, and turning
 * every ptrace stop into records (syscall enter/exit through the filling
 * table, clone children, execs, exits, signal deliveries) while re-injecting
 * signals and keeping group-stops with PTRACE_LISTEN.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptrace.h"
#include "ptrace_int.h"
#include "../proc_scan.h"
#include "../state.h"
#include "../util.h"

#define NBUCKETS 1024

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct pt_thr {
	struct pt_thr *next;
	pid_t tid, pid;
	bool in_sc;        /* between a syscall's entry and its exit */
	bool emit;         /* the pending syscall's events are wanted */
	bool pre_exec;     /* the launched child before its execve: its own set-up, not shown */
	bool started;      /* its first stop has been seen */
	bool listening;    /* in a group-stop, parked with PTRACE_LISTEN */
	bool parked;       /* a new child stopped before its parent's clone event: left stopped */
	bool filtered;     /* its process has our seccomp filter: stops come from it */
	bool shown;        /* in the snapshot, or records were made for it: the consumer knows it */
	uint8_t inj;       /* enum inj_step: where the filter's injection into an attached process is */
	uint16_t enter_evt;
	int statfd;        /* /proc/TID/stat, for evt.cpu when not pinned; -1 */
	int statmfd;       /* /proc/PID/statm, for the memory figures of mmap/brk; -1 */
	int statusfd;      /* /proc/PID/status, for their swap (when the machine has swap); -1 */
	int imgstatfd;     /* /proc/TID/stat, for the process image of its clone/execve exits; -1 */
	int cmdlinefd;     /* /proc/TID/cmdline, the same; -1 */
	int pidfd;         /* a pidfd of its process, for its fds' stat; -1 (not yet), -2 (none) */
	struct pt_call call;
	struct user_regs_struct saved;   /* registers of the syscall the injection stands in for */
};

/* Installing the filter in an attached process (--seccomp), from one of its syscall-entry stops. */
enum inj_step {
	INJ_NONE,
	INJ_PRCTL,      /* prctl(PR_SET_NO_NEW_PRIVS) runs in place of the tracee's syscall */
	INJ_REENTER1,   /* rewound: waiting for the tracee's syscall to enter again */
	INJ_SECCOMP,    /* seccomp(SET_MODE_FILTER, TSYNC) runs in its place */
	INJ_REENTER2,   /* rewound again: the next entry is the tracee's own syscall */
};

/* A process and where the filter is in it (attached processes with --seccomp). */
struct pt_filt {
	pid_t pid;
	uint8_t state;   /* 1 being installed, 2 installed, 3 failed */
};

/* A child announced by its parent's fork/vfork/clone event, before its own first stop. */
struct pt_birth {
	pid_t tid;
	uint16_t exit_evt;
	uint64_t clone_flags;
};

struct ptr {
	struct pt_thr *buckets[NBUCKETS];
	size_t nthreads;
	struct pt_birth births[64];
	size_t nbirths;
	pid_t child;           /* the launched command, or 0 */
	pid_t attach_pid;
	bool all;              /* every syscall is wanted */
	bool lazy_fds;         /* fd-table syscalls not followed: fds looked up when an event uses them */
	bool lazy_procs;       /* clone/execve not followed either: threads looked up when shown */
	pid_t *changed;        /* lazy_procs: threads the consumer knows that exec'd since, to describe again */
	size_t nchanged, capchanged;
	pid_t deferred;        /* a thread left stopped until its records are read (lazy_fds), or 0 */
	bool pinned;
	int cpu;
	bool stopping, done;
	int exit_status;
	uint8_t want[SC_EVENT_MAX];      /* events the consumer wants, plus state changes */
	uint8_t trace_nr[SC_X86_SYSCALL_MAX];
	struct sock_filter filter[300];
	int nfilter;                     /* instructions in filter, or <= 0 when there is none */
	bool inject;                     /* --seccomp: install it in attached processes */
	struct pt_filt filts[256];
	size_t nfilts;
	struct pt_queue q;
	struct pt_rec rec;
	struct pt_fill_ctx fx;
	struct sc_stats st;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Thread table */

static struct pt_thr *thr_find(struct ptr *p, pid_t tid)
{
	struct pt_thr *t;

	for (t = p->buckets[(unsigned)tid % NBUCKETS]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static pid_t tgid_of(pid_t tid)
{
	char path[64], buf[2048], *s;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	if (pt_read_file(path, buf, sizeof(buf)) > 0 && (s = strstr(buf, "\nTgid:")))
		return (pid_t)strtol(s + 6, NULL, 10);
	return tid;
}

/* Whether tid is a thread of process pid (a stat of /proc/PID/task/TID: cheaper than status). */
static bool same_process(pid_t pid, pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", pid, tid);
	return access(path, F_OK) == 0;
}

static struct pt_thr *thr_add(struct ptr *p, pid_t tid, pid_t pid)
{
	struct pt_thr *t = thr_find(p, tid);
	unsigned b = (unsigned)tid % NBUCKETS;

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->pid = pid ? pid : tgid_of(tid);
	t->statfd = -1;
	t->statmfd = -1;
	t->statusfd = -1;
	t->imgstatfd = -1;
	t->cmdlinefd = -1;
	t->pidfd = -1;
	t->next = p->buckets[b];
	p->buckets[b] = t;
	p->nthreads++;
	return t;
}

static void thr_del(struct ptr *p, pid_t tid)
{
	struct pt_thr **pp;

	for (pp = &p->buckets[(unsigned)tid % NBUCKETS]; *pp; pp = &(*pp)->next) {
		if ((*pp)->tid == tid) {
			struct pt_thr *t = *pp;

			*pp = t->next;
			if (t->statfd >= 0)
				close(t->statfd);
			if (t->statmfd >= 0)
				close(t->statmfd);
			if (t->statusfd >= 0)
				close(t->statusfd);
			if (t->imgstatfd >= 0)
				close(t->imgstatfd);
			if (t->cmdlinefd >= 0)
				close(t->cmdlinefd);
			if (t->pidfd >= 0)
				close(t->pidfd);
			free(t);
			p->nthreads--;
			return;
		}
	}
}

/* Where the tracee ran: our CPU when both are pinned, else field 39 of its stat. */
static uint16_t thr_cpu(struct ptr *p, struct pt_thr *t)
{
	char buf[1024], *s;
	ssize_t n;
	int i;

	if (p->pinned)
		return (uint16_t)p->cpu;
	if (t->statfd < 0) {
		snprintf(buf, sizeof(buf), "/proc/%d/task/%d/stat", t->pid, t->tid);
		t->statfd = open(buf, O_RDONLY | O_CLOEXEC);
		if (t->statfd < 0)
			return 0;
	}
	n = pread(t->statfd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	s = strrchr(buf, ')');
	/* field 3 follows ") "; field 39 is 36 spaces later */
	for (i = 0; s && i < 37; i++)
		s = strchr(s + 1, ' ');
	return s ? (uint16_t)strtoul(s + 1, NULL, 10) : 0;
}

/* Records */

static void emit_rec(struct ptr *p, struct pt_thr *t)
{
	uint64_t ts = now_ns();

	t->shown = true;
	pt_rec_commit(&p->rec, &p->q, ts, (uint64_t)t->tid);
	/* the CPU rides in the record's slot after it, read back by next() */
	{
		uint16_t cpu = thr_cpu(p, t);

		if (p->q.len + 2 > p->q.cap) {
			p->q.cap = p->q.cap * 2 + 64;
			p->q.buf = xrealloc(p->q.buf, p->q.cap);
		}
		memcpy(p->q.buf + p->q.len, &cpu, 2);
		p->q.len += 2;
	}
}

static uint16_t enter_event_of(int64_t nr)
{
	if (nr < 0 || nr >= SC_X86_SYSCALL_MAX)
		return SCE_GENERIC_E;
	if (sc_x86_syscalls[nr].code == SC_SC_UNKNOWN && nr != 0)
		return SCE_GENERIC_E;
	return sc_x86_syscalls[nr].enter_event;
}

/* The call's kept /proc descriptors: t's own (set again at exit: t->call may come from another thread). */
static void call_keep_fds(struct pt_thr *t, struct pt_call *c)
{
	c->statm_fd = &t->statmfd;
	c->status_fd = &t->statusfd;
	c->stat_fd = &t->imgstatfd;
	c->cmdline_fd = &t->cmdlinefd;
	c->pidfd = &t->pidfd;
}

static void on_sc_enter(struct ptr *p, struct pt_thr *t, int64_t nr, const uint64_t *args)
{
	uint16_t ev = enter_event_of(nr);

	t->in_sc = true;
	t->enter_evt = ev;
	t->call.tid = t->tid;
	t->call.pid = t->pid;
	call_keep_fds(t, &t->call);
	t->call.nr = nr;
	memcpy(t->call.args, args, sizeof(t->call.args));
	t->call.ret = 0;
	if (t->pre_exec && (nr == SYS_execve || nr == SYS_execveat))
		t->pre_exec = false;
	t->emit = !t->pre_exec && (p->want[ev] || p->want[ev + 1]);
	if (!t->emit)
		return;
	pt_rec_begin(&p->rec, ev);
	pt_fill_event(&p->fx, &p->rec, ev, &t->call);
	emit_rec(p, t);
}

static void on_sc_exit(struct ptr *p, struct pt_thr *t, int64_t ret)
{
	uint16_t ev = t->enter_evt + 1;

	if (!t->in_sc)
		return;
	t->in_sc = false;
	if (!t->emit)
		return;
	t->call.ret = ret;
	t->call.tid = t->tid;
	t->call.pid = t->pid;
	call_keep_fds(t, &t->call);
	pt_rec_begin(&p->rec, ev);
	pt_fill_event(&p->fx, &p->rec, ev, &t->call);
	emit_rec(p, t);
}

/* A new child's side of its clone/fork/vfork: the exit event with res 0. */
static void emit_birth(struct ptr *p, struct pt_thr *t, const struct pt_birth *b)
{
	struct pt_call c = { .tid = t->tid, .pid = t->pid, .nr = -1, .ret = 0 };

	if (!p->want[b->exit_evt] && !p->want[b->exit_evt - 1])
		return;
	c.args[0] = b->clone_flags;
	call_keep_fds(t, &c);
	pt_rec_begin(&p->rec, b->exit_evt);
	pt_fill_event(&p->fx, &p->rec, b->exit_evt, &c);
	emit_rec(p, t);
}

static void emit_procexit(struct ptr *p, struct pt_thr *t, unsigned long status)
{
	if (!p->want[SCE_PROCEXIT_1_E] || t->pre_exec)
		return;
	if (p->lazy_procs && !t->shown)
		return;   /* the consumer never learned of it: nothing to forget */
	pt_rec_begin(&p->rec, SCE_PROCEXIT_1_E);
	pt_rec_u64(&p->rec, (uint64_t)status);
	pt_rec_u64(&p->rec, (uint64_t)((status >> 8) & 0xff));
	pt_rec_u8(&p->rec, (uint8_t)(status & 0x7f));
	pt_rec_u8(&p->rec, (uint8_t)((status & 0x80) != 0));
	emit_rec(p, t);
}

/*
 * Whether the kernel would have discarded sig without a tracer (ignored, or
 * default-ignored and not caught): then a kernel driver shows no delivery,
 * and neither do we. Ptrace alone makes such signals stop the tracee.
 */
static bool sig_ignored(struct pt_thr *t, int sig)
{
	char path[64], buf[4096], *s;
	unsigned long long ign = 0, cgt = 0, bit = 1ULL << (sig - 1);

	if (sig < 1 || sig > 64)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/status", t->tid);
	if (pt_read_file(path, buf, sizeof(buf)) <= 0)
		return false;
	if ((s = strstr(buf, "\nSigIgn:")))
		ign = strtoull(s + 8, NULL, 16);
	if ((s = strstr(buf, "\nSigCgt:")))
		cgt = strtoull(s + 8, NULL, 16);
	if (ign & bit)
		return true;
	return !(cgt & bit) && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT);
}

static void emit_signal(struct ptr *p, struct pt_thr *t, int sig)
{
	siginfo_t si;
	int64_t spid = 0, dpid = t->tid;

	if (!p->want[SCE_SIGNALDELIVER_E] || t->pre_exec || sig_ignored(t, sig))
		return;
	/* the sender when a process sent it (kill, tgkill, sigqueue) or a child's state changed */
	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 && (si.si_code <= 0 || sig == SIGCHLD))
		spid = si.si_pid;
	pt_rec_begin(&p->rec, SCE_SIGNALDELIVER_E);
	pt_rec_u64(&p->rec, (uint64_t)spid);
	pt_rec_u64(&p->rec, (uint64_t)dpid);
	pt_rec_u8(&p->rec, (uint8_t)sig);
	emit_rec(p, t);
}

/* Resumes a stopped tracee the way its state asks, delivering sig. */
static void resume(struct ptr *p, struct pt_thr *t, int sig)
{
	enum __ptrace_request req = (!t->filtered || t->in_sc || t->pre_exec || t->inj) ?
				    PTRACE_SYSCALL : PTRACE_CONT;

	if (p->stopping && p->attach_pid) {
		ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)sig);
		thr_del(p, t->tid);
		return;
	}
	ptrace(req, t->tid, 0, (void *)(long)sig);
}

/*
 * After a syscall stop: with lazy fds, a thread whose stop made records
 * stays stopped until they have been read, so that the fds they use are
 * looked up (fd_check) as they were at the stop; otherwise resumed now.
 */
static void resume_after_read(struct ptr *p, struct pt_thr *t)
{
	if (p->lazy_fds && p->q.len > p->q.pos && !p->stopping) {
		p->deferred = t->tid;
		return;
	}
	resume(p, t, 0);
}

static void resume_deferred(struct ptr *p)
{
	struct pt_thr *t = p->deferred ? thr_find(p, p->deferred) : NULL;

	p->deferred = 0;
	if (t)
		resume(p, t, 0);
}

static struct pt_birth *birth_find(struct ptr *p, pid_t tid)
{
	size_t i;

	for (i = 0; i < p->nbirths; i++)
		if (p->births[i].tid == tid)
			return &p->births[i];
	return NULL;
}

static void birth_del(struct ptr *p, struct pt_birth *b)
{
	*b = p->births[--p->nbirths];
}

/* The exit event a clone-like syscall produces, from its native number. */
static uint16_t clone_exit_evt(int64_t nr, int event)
{
	if (nr == SYS_clone3)
		return SCE_SYSCALL_CLONE3_X;
	if (nr == SYS_fork)
		return SCE_SYSCALL_FORK_20_X;
	if (nr == SYS_vfork)
		return SCE_SYSCALL_VFORK_20_X;
	if (nr == SYS_clone)
		return SCE_SYSCALL_CLONE_20_X;
	return event == PTRACE_EVENT_VFORK ? SCE_SYSCALL_VFORK_20_X :
	       event == PTRACE_EVENT_FORK ? SCE_SYSCALL_FORK_20_X : SCE_SYSCALL_CLONE_20_X;
}

static void on_exited(struct ptr *p, pid_t tid, int status)
{
	struct pt_thr *t = thr_find(p, tid);

	if (t && t->pid == tid)
		pt_fill_forget(&p->fx, tid);
	/* the launched command's status becomes ours, unless we ended it (-n, -M, Ctrl-C) */
	if (tid == p->child && !p->stopping) {
		p->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		p->st.exit_status = p->exit_status;
	}
	thr_del(p, tid);
	if (p->nthreads == 0)
		p->done = true;
}

static struct pt_filt *filt_of(struct ptr *p, pid_t pid)
{
	size_t i;

	for (i = 0; i < p->nfilts; i++)
		if (p->filts[i].pid == pid)
			return &p->filts[i];
	if (p->nfilts == SC_ARRAY_SIZE(p->filts))
		return NULL;
	p->filts[p->nfilts].pid = pid;
	p->filts[p->nfilts].state = 0;
	return &p->filts[p->nfilts++];
}

static void filt_done(struct ptr *p, struct pt_thr *t, bool ok)
{
	struct pt_filt *f = filt_of(p, t->pid);
	size_t b;

	if (f)
		f->state = ok ? 2 : 3;
	if (!ok)
		return;
	/* TSYNC put it in every thread of the process */
	for (b = 0; b < NBUCKETS; b++) {
		struct pt_thr *o;

		for (o = p->buckets[b]; o; o = o->next)
			if (o->pid == t->pid)
				o->filtered = true;
	}
}

/* Runs syscall nr(a0, a1, a2) in place of the one t is entering; false when it cannot. */
static bool inject_call(struct pt_thr *t, long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0)
		return false;
	t->saved = r;
	r.orig_rax = (uint64_t)nr;
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	return ptrace(PTRACE_SETREGS, t->tid, 0, &r) == 0;
}

/* Puts t back before its own syscall instruction, to enter that syscall again. */
static bool inject_rewind(struct pt_thr *t, int64_t *result)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0)
		return false;
	*result = (int64_t)r.rax;
	r = t->saved;
	r.rip -= 2;              /* the syscall instruction */
	r.rax = t->saved.orig_rax;
	return ptrace(PTRACE_SETREGS, t->tid, 0, &r) == 0;
}

/*
 * The filter's injection into an attached process, one syscall stop at a
 * time; true when the stop was the injection's (t has been resumed).
 */
static bool inject_step(struct ptr *p, struct pt_thr *t, int op)
{
	struct pt_filt *f;
	int64_t res = 0;

	switch (t->inj) {
	case INJ_NONE:
		if (op != PTRACE_SYSCALL_INFO_ENTRY || t->in_sc || t->filtered || p->nfilter <= 0)
			return false;
		f = filt_of(p, t->pid);
		if (!f || f->state)
			return false;
		f->state = 1;
		if (!inject_call(t, SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0)) {
			f->state = 3;
			return false;
		}
		t->inj = INJ_PRCTL;
		break;
	case INJ_PRCTL:
	case INJ_SECCOMP:
		if (op != PTRACE_SYSCALL_INFO_EXIT)
			return false;
		if (!inject_rewind(t, &res)) {
			t->inj = INJ_NONE;
			filt_done(p, t, false);
			return false;
		}
		if (res < 0) {
			/* it did not take: the tracee's syscall goes on, stopping at every one */
			filt_done(p, t, false);
			t->inj = INJ_REENTER2;
		} else {
			t->inj = t->inj == INJ_PRCTL ? INJ_REENTER1 : INJ_REENTER2;
			if (t->inj == INJ_REENTER2)
				filt_done(p, t, true);
		}
		break;
	case INJ_REENTER1: {
		struct sock_fprog prog;
		struct user_regs_struct r;
		struct iovec l[2], rm;
		uint64_t at;
		size_t sz = (size_t)p->nfilter * sizeof(p->filter[0]);

		if (op != PTRACE_SYSCALL_INFO_ENTRY)
			return false;
		if (ptrace(PTRACE_GETREGS, t->tid, 0, &r) < 0)
			return false;
		/* the program goes on the tracee's stack, below its red zone */
		at = (r.rsp - 256 - sz - sizeof(prog)) & ~(uint64_t)15;
		prog.len = (unsigned short)p->nfilter;
		prog.filter = (struct sock_filter *)(uintptr_t)(at + sizeof(prog));
		l[0].iov_base = &prog;
		l[0].iov_len = sizeof(prog);
		l[1].iov_base = p->filter;
		l[1].iov_len = sz;
		rm.iov_base = (void *)(uintptr_t)at;
		rm.iov_len = sizeof(prog) + sz;
		if (process_vm_writev(t->tid, l, 2, &rm, 1, 0) != (ssize_t)rm.iov_len ||
		    !inject_call(t, SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, at)) {
			t->inj = INJ_NONE;
			filt_done(p, t, false);
			return false;
		}
		t->inj = INJ_SECCOMP;
		break;
	}
	case INJ_REENTER2:
		if (op != PTRACE_SYSCALL_INFO_ENTRY)
			return false;
		t->inj = INJ_NONE;
		return false;   /* the tracee's own syscall: handled as any other */
	default:
		return false;
	}
	resume(p, t, 0);
	return true;
}

static void handle_stop(struct ptr *p, pid_t tid, int status)
{
	struct pt_thr *t;
	int sig, event;

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		on_exited(p, tid, status);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	t = thr_find(p, tid);
	if (!t) {
		/* a new child stopping before its parent's clone event: that event sets its pid */
		t = thr_add(p, tid, tid);
	}
	sig = WSTOPSIG(status);
	event = status >> 16;

	if (!t->started) {
		struct pt_birth *b = birth_find(p, tid);

		if (!b) {
			if (p->stopping && p->attach_pid) {
				ptrace(PTRACE_DETACH, tid, 0, 0);
				thr_del(p, tid);
				return;
			}
			/* stopped before its parent reported it: wait for the parent's event */
			t->parked = true;
			return;
		}
		t->started = true;
		emit_birth(p, t, b);
		birth_del(p, b);
	}

	if (sig == (SIGTRAP | 0x80)) {
		struct __ptrace_syscall_info si;

		if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(si), &si) <= 0) {
			resume(p, t, 0);
			return;
		}
		if (p->inject && !p->stopping && inject_step(p, t, si.op))
			return;
		if (si.op == PTRACE_SYSCALL_INFO_ENTRY)
			on_sc_enter(p, t, (int64_t)si.entry.nr, si.entry.args);
		else if (si.op == PTRACE_SYSCALL_INFO_EXIT) {
			int64_t nr = t->call.nr;

			on_sc_exit(p, t, si.exit.rval);
			if (t->pre_exec && nr == SYS_seccomp && si.exit.rval < 0)
				t->filtered = false;   /* the filter did not go in: stop at every syscall */
		}
		resume_after_read(p, t);
		return;
	}
	if (sig == SIGTRAP && event) {
		unsigned long msg = 0;

		/* a seccomp stop's message is the filter's data, a new tracee's first stop has none: not asked */
		if (event != PTRACE_EVENT_SECCOMP && event != PTRACE_EVENT_STOP)
			ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
		switch (event) {
		case PTRACE_EVENT_SECCOMP: {
			struct __ptrace_syscall_info si;

			if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(si), &si) > 0 &&
			    si.op == PTRACE_SYSCALL_INFO_SECCOMP && !t->in_sc && !t->inj)
				on_sc_enter(p, t, (int64_t)si.seccomp.nr, si.seccomp.args);
			break;
		}
		case PTRACE_EVENT_FORK:
		case PTRACE_EVENT_VFORK:
		case PTRACE_EVENT_CLONE: {
			pid_t ctid = (pid_t)msg;
			struct pt_thr *c = thr_find(p, ctid);
			struct pt_birth b = {
				.tid = ctid,
				.exit_evt = clone_exit_evt(t->in_sc ? t->call.nr : -1, event),
				.clone_flags = t->in_sc && t->call.nr == SYS_clone ? t->call.args[0] : 0,
			};

			if (t->in_sc && t->call.nr == SYS_clone3)
				pt_read_mem(tid, t->call.args[0], &b.clone_flags, 8);

			/* a thread of t's process, or a new process (its pid is its tid) */
			bool flags_known = t->in_sc && (t->call.nr == SYS_clone || t->call.nr == SYS_clone3);
			bool thread = event == PTRACE_EVENT_CLONE &&
				      (flags_known ? (b.clone_flags & CLONE_THREAD) != 0 : same_process(t->pid, ctid));

			if (!c)
				c = thr_add(p, ctid, thread ? t->pid : ctid);
			c->pid = thread ? t->pid : ctid;
			if (!thread && !(b.clone_flags & (CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_INTO_CGROUP)))
				pt_fill_inherit(&p->fx, ctid, t->pid);
			c->filtered = t->filtered;
			if (c->parked) {
				/* the child stopped first and waited for this */
				c->parked = false;
				c->started = true;
				emit_birth(p, c, &b);
				resume(p, c, 0);
			} else if (!c->started) {
				if (p->nbirths < SC_ARRAY_SIZE(p->births))
					p->births[p->nbirths++] = b;
				else
					thr_find(p, ctid)->started = true;   /* no room: no child event */
			}
			break;
		}
		case PTRACE_EVENT_EXEC:
			if ((pid_t)msg != tid) {
				/* a non-leader thread exec'd: it now has the leader's tid */
				struct pt_thr *old = thr_find(p, (pid_t)msg);

				if (old) {
					t->in_sc = old->in_sc;
					t->emit = old->emit;
					t->enter_evt = old->enter_evt;
					t->call = old->call;
					thr_del(p, (pid_t)msg);
				}
			}
			t->pid = tid;
			t->pre_exec = false;   /* the launched command is running (execve may not be traced) */
			if (p->lazy_procs && t->shown) {
				if (p->nchanged == p->capchanged) {
					p->capchanged = p->capchanged ? p->capchanged * 2 : 16;
					p->changed = xrealloc(p->changed, p->capchanged * sizeof(*p->changed));
				}
				p->changed[p->nchanged++] = tid;
			}
			break;
		case PTRACE_EVENT_EXIT:
			t->in_sc = false;   /* exit/exit_group never return */
			emit_procexit(p, t, msg);
			break;
		case PTRACE_EVENT_STOP:
			break;
		default:
			break;
		}
		if (event == PTRACE_EVENT_SECCOMP)
			resume_after_read(p, t);
		else
			resume(p, t, 0);
		return;
	}
	if (event == PTRACE_EVENT_STOP) {
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			/* group-stop: stay stopped, but keep reporting (SIGCONT, detach) */
			t->listening = true;
			if (p->stopping && p->attach_pid) {
				ptrace(PTRACE_DETACH, tid, 0, 0);
				thr_del(p, tid);
				return;
			}
			ptrace(PTRACE_LISTEN, tid, 0, 0);
			return;
		}
		t->listening = false;
		resume(p, t, 0);
		return;
	}
	/* signal-delivery-stop: deliver it */
	emit_signal(p, t, sig);
	resume(p, t, sig);
}

/* Seccomp filter */

static int build_filter(struct ptr *p, struct sock_filter *f, size_t max)
{
	int lo[SC_X86_SYSCALL_MAX], hi[SC_X86_SYSCALL_MAX];
	int nr, n = 0, i, k = 0;

	for (nr = 0; nr < SC_X86_SYSCALL_MAX; nr++) {
		if (!p->trace_nr[nr])
			continue;
		if (n && hi[n - 1] == nr - 1)
			hi[n - 1] = nr;
		else
			lo[n] = hi[n] = nr, n++;
	}
	if ((size_t)(2 * n + 6) > max || 2 * n + 2 > 255)
		return -1;
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (i = 0; i < n; i++) {
		int left = 2 * (n - i);   /* instructions from the next one to ALLOW */

		/* nr < lo: no later range can hold it */
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (unsigned)lo[i], 0,
						      (uint8_t)(left - 1));
		/* lo <= nr <= hi: trace */
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (unsigned)hi[i], 0,
						      (uint8_t)(left - 2 + 1));
	}
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	return k;
}

/*
 * Events that change only the fd table with no more than /proc tells
 * afterwards (a path, a pipe, an anonymous inode): with lazy fds they are
 * not followed. Sockets (socket, accept, connect, bind...) still are: their
 * tuples change without their inode changing.
 */
static bool fd_table_only(int e)
{
	const char *n = sc_event_table[e].name;
	static const char *const names[] = { "open", "openat", "openat2", "creat", "close", "dup", "dup2",
					     "dup3", "pipe", "pipe2", "eventfd", "eventfd2", "signalfd",
					     "signalfd4", "timerfd_create", "inotify_init", "inotify_init1",
					     "userfaultfd", "fcntl" };
	size_t i;

	if (!n || !(sc_event_table[e].flags & (SC_EF_MODIFIES_STATE | SC_EF_CREATES_FD | SC_EF_DESTROYS_FD)))
		return false;
	for (i = 0; i < SC_ARRAY_SIZE(names); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

/*
 * The events that make or change a thread's description (clone and its
 * kin, execve, procexit): with lazy procs the syscalls are not followed and
 * a thread is described from /proc when an event of it is shown (and again
 * after its exec event).
 */
static bool proc_image(int e)
{
	const char *n = sc_event_table[e].name;
	static const char *const names[] = { "clone", "clone3", "fork", "vfork", "execve", "execveat", "procexit" };
	size_t i;

	for (i = 0; n && i < SC_ARRAY_SIZE(names); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

/* Which events and syscalls matter: the consumer's, plus whatever changes state. */
static void choose(struct ptr *p, const struct sc_open_args *a)
{
	int nr, e;
	size_t traced = 0;
	const char *lazy = getenv("SYSCOPE_PTRACE_LAZY_FDS");

	/* fds looked up when used rather than followed, unless the consumer wants those syscalls */
	p->lazy_fds = a->evt_mask && !a->trace_all && !(lazy && strcmp(lazy, "0") == 0);
	for (e = 0; e < SC_EVENT_MAX && p->lazy_fds; e++)
		if (a->evt_mask[e] && fd_table_only(e))
			p->lazy_fds = false;
	lazy = getenv("SYSCOPE_PTRACE_LAZY_PROCS");
	p->lazy_procs = p->lazy_fds && !(lazy && strcmp(lazy, "0") == 0);
	for (e = 0; e < SC_EVENT_MAX && p->lazy_procs; e++)
		if (a->evt_mask[e] && proc_image(e))
			p->lazy_procs = false;
	for (e = 0; e < SC_EVENT_MAX; e++) {
		const struct sc_event_info *ei = &sc_event_table[e];
		uint16_t fl = ei->flags;

		p->want[e] = !a->evt_mask || a->trace_all || a->evt_mask[e] ||
			     ((fl & (SC_EF_MODIFIES_STATE | SC_EF_CREATES_FD | SC_EF_DESTROYS_FD)) &&
			      !(p->lazy_fds && fd_table_only(e)) && !(p->lazy_procs && proc_image(e)));
	}
	p->want[SCE_PROCEXIT_1_E] = 1;
	for (nr = 0; nr < SC_X86_SYSCALL_MAX; nr++) {
		uint16_t ev = sc_x86_syscalls[nr].enter_event;
		bool known = sc_x86_syscalls[nr].code != SC_SC_UNKNOWN || nr == 0;

		if (!known)
			ev = SCE_GENERIC_E;
		p->trace_nr[nr] = p->want[ev] || p->want[ev + 1];
		traced += p->trace_nr[nr];
	}
	p->all = traced == SC_X86_SYSCALL_MAX || a->trace_all;
}

/* Errors that say why and what to do */

/* The TracerPid of tid's status (0: none), or -1. */
static pid_t tracer_of(pid_t tid)
{
	char path[64], buf[4096], *s;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	if (pt_read_file(path, buf, sizeof(buf)) <= 0 || !(s = strstr(buf, "TracerPid:")))
		return -1;
	return (pid_t)strtol(s + 10, NULL, 10);
}

static int seize_error(pid_t pid, int e, struct sc_err *err)
{
	char path[64], buf[4096], *s;
	long tracer = 0;
	int scope = -1;

	if (e == ESRCH)
		return sc_err_set(err, -ESRCH, "no such process: %d", pid);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (pt_read_file(path, buf, sizeof(buf)) > 0 && (s = strstr(buf, "TracerPid:")))
		tracer = strtol(s + 10, NULL, 10);
	if (tracer > 0)
		return sc_err_set(err, -e, "cannot trace %d: it is already traced by process %ld "
				  "(only one tracer at a time; stop that one first)", pid, tracer);
	if (pt_read_file("/proc/sys/kernel/yama/ptrace_scope", buf, sizeof(buf)) > 0)
		scope = atoi(buf);
	if (e == EPERM && scope >= 1)
		return sc_err_set(err, -e, "cannot trace %d: kernel.yama.ptrace_scope is %d, which lets only "
				  "root (or a parent) trace; run as root, or set it to 0 with "
				  "'sysctl kernel.yama.ptrace_scope=0'", pid, scope);
	if (e == EPERM)
		return sc_err_set(err, -e, "cannot trace %d: permission denied (it belongs to another user or "
				  "is privileged); run as its owner or as root", pid);
	return sc_err_set(err, -e, "cannot trace %d: %s", pid, strerror(e));
}

static const unsigned long SEIZE_OPTS = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
					PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT |
					PTRACE_O_TRACESECCOMP;

/* Seizes every thread of pid (threads may appear while we do). */
static int seize_process(struct ptr *p, pid_t pid, struct sc_err *err)
{
	char path[64];
	bool added = true;
	int rounds = 0;

	while (added && rounds++ < 10) {
		DIR *d;
		struct dirent *de;

		added = false;
		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		d = opendir(path);
		if (!d)
			return p->nthreads ? 0 : sc_err_set(err, -ESRCH, "no such process: %d", pid);
		while ((de = readdir(d))) {
			pid_t tid = (pid_t)atoi(de->d_name);
			struct pt_thr *t;

			if (tid <= 0 || thr_find(p, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0, (void *)SEIZE_OPTS) < 0) {
				int e = errno;

				if (e == ESRCH)
					continue;   /* the thread is gone */
				/*
				 * A thread made by one we have already seized is ours
				 * already (PTRACE_O_TRACECLONE): its first stop and its
				 * parent's clone event add it. It may also have exited
				 * since (its status is gone): nothing to seize either.
				 */
				if (e == EPERM && p->nthreads) {
					pid_t tr = tracer_of(tid);

					if (tr == getpid() || tr < 0)
						continue;
				}
				closedir(d);
				return seize_error(pid, e, err);
			}
			t = thr_add(p, tid, pid);
			t->started = true;
			t->shown = true;   /* in the snapshot the consumer starts from */
			added = true;
		}
		closedir(d);
	}
	return 0;
}

static int attach_tree(struct ptr *p, pid_t root, struct sc_err *err)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int rc = seize_process(p, root, err);

	if (rc < 0 || !d) {
		if (d)
			closedir(d);
		return rc;
	}
	/* descendants: walk parents through /proc/PID/stat */
	while ((de = readdir(d))) {
		pid_t pid = (pid_t)atoi(de->d_name), q = pid;
		int depth = 0;

		if (pid <= 0 || pid == root || pid == getpid())
			continue;
		while (q > 1 && depth++ < 64) {
			char path[64], buf[1024], *s;
			pid_t pp = 0;

			snprintf(path, sizeof(path), "/proc/%d/stat", q);
			if (pt_read_file(path, buf, sizeof(buf)) <= 0 || !(s = strrchr(buf, ')')))
				break;
			pp = (pid_t)atoi(s + 4);
			if (pp == root) {
				seize_process(p, pid, NULL);
				break;
			}
			q = pp;
		}
	}
	closedir(d);
	return 0;
}

/* Is cmd something execvp would run? */
static bool command_exists(const char *cmd)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? path : ".", cmd);
		if (access(buf, X_OK) == 0)
			return true;
		path += n + (c ? 1 : 0);
	}
	return false;
}

static int launch(struct ptr *p, char **argv, struct sc_err *err)
{
	struct sock_fprog prog = { 0 };
	int n = p->nfilter, status;
	pid_t pid;

	if (!argv[0] || !command_exists(argv[0]))
		return sc_err_set(err, -ENOENT, "%s: command not found", argv[0] ? argv[0] : "");
	if (n > 0) {
		prog.len = (unsigned short)n;
		prog.filter = p->filter;
	}
	pid = fork();
	if (pid < 0)
		return sc_err_set(err, -errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		raise(SIGSTOP);
		if (n > 0) {
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
				syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
			else
				syscall(SYS_seccomp, -1, 0, NULL);   /* tells the tracer: no filter */
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, WSTOPPED) < 0 || !WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		return sc_err_set(err, -ECHILD, "%s: the command did not start", argv[0]);
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(SEIZE_OPTS | PTRACE_O_EXITKILL)) < 0) {
		int e = errno;

		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return seize_error(pid, e, err);
	}
	p->child = pid;
	{
		struct pt_thr *t = thr_add(p, pid, pid);

		t->started = true;
		t->shown = true;   /* in the snapshot the consumer starts from */
		t->pre_exec = true;
		t->filtered = n > 0;
	}
	return 0;
}

/* Engine */

static int pt_open(struct sc_engine *e, const struct sc_open_args *a, struct sc_err *err)
{
	struct ptr *p = e->priv;
	const char *pin = getenv("SYSCOPE_PTRACE_PIN");
	struct sc_proc_scan_opts so = { 0 };
	int rc;

	e->live = true;
	p->exit_status = -1;
	p->st.exit_status = -1;
	p->fx.snaplen = a->snaplen ? a->snaplen : 80;
	choose(p, a);
	p->nfilter = p->all ? -1 : build_filter(p, p->filter, SC_ARRAY_SIZE(p->filter));
	p->inject = a->seccomp && !a->argv && p->nfilter > 0;
	if (!a->argv && a->attach_pid <= 0)
		return sc_err_set(err, SC_ENOTSUP, "ptrace: give a command to launch or a pid to attach");
	if (a->argv) {
		if (!(pin && strcmp(pin, "0") == 0)) {
			cpu_set_t set;

			p->cpu = sched_getcpu();
			CPU_ZERO(&set);
			CPU_SET(p->cpu, &set);
			p->pinned = p->cpu >= 0 && sched_setaffinity(0, sizeof(set), &set) == 0;
		}
		rc = launch(p, a->argv, err);
		if (rc < 0)
			return rc;
		so.pid = p->child;
	} else {
		p->attach_pid = (pid_t)a->attach_pid;
		if (kill(p->attach_pid, 0) < 0 && errno == ESRCH)
			return sc_err_set(err, -ESRCH, "no such process: %lld", (long long)a->attach_pid);
		rc = a->attach_tree ? attach_tree(p, p->attach_pid, err) : seize_process(p, p->attach_pid, err);
		if (rc < 0)
			return rc;
		so.pid = p->attach_pid;
		so.tree = a->attach_tree;
	}
	so.fds = true;
	sc_proc_scan(&e->snap, &so, NULL);
	return 0;
}

static int pt_start(struct sc_engine *e)
{
	struct ptr *p = e->priv;
	size_t b;

	if (p->child) {
		/* out of its self-stop: it installs the filter and execs */
		kill(p->child, SIGCONT);
		return 0;
	}
	for (b = 0; b < NBUCKETS; b++) {
		struct pt_thr *t;

		for (t = p->buckets[b]; t; t = t->next)
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
	}
	return 0;
}

static int pt_next(struct sc_engine *e, struct sc_raw_evt *ev, struct sc_err *err)
{
	struct ptr *p = e->priv;

	for (;;) {
		int status;
		pid_t tid;

		if (p->q.pos < p->q.len) {
			const struct sc_evt_hdr *h = (const void *)(p->q.buf + p->q.pos);
			uint32_t len;
			uint16_t cpu;

			memcpy(&len, (const uint8_t *)h + 16, 4);
			memcpy(&cpu, p->q.buf + p->q.pos + len, 2);
			ev->hdr = h;
			ev->cpu = cpu;
			ev->flags = 0;
			ev->offset = 0;
			p->q.pos += len + 2;
			p->st.events++;
			return SC_OK;
		}
		p->q.pos = p->q.len = 0;
		if (p->deferred)
			resume_deferred(p);
		if (p->done || p->nthreads == 0)
			return SC_EOF;
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				return SC_TIMEOUT;
			if (errno == ECHILD) {
				p->done = true;
				return SC_EOF;
			}
			return sc_err_set(err, -errno, "ptrace: waitpid: %s", strerror(errno));
		}
		handle_stop(p, tid, status);
		p->st.drops_bug = p->fx.unfillable;
	}
}

static void kill_all(struct ptr *p)
{
	size_t b;

	for (b = 0; b < NBUCKETS; b++) {
		struct pt_thr *t;

		for (t = p->buckets[b]; t; t = t->next)
			kill(t->tid, SIGKILL);
	}
}

static int pt_stop(struct sc_engine *e)
{
	struct ptr *p = e->priv;
	size_t b;
	int status, rounds = 0;

	if (p->deferred)
		resume_deferred(p);
	if (p->done || p->nthreads == 0)
		return 0;
	p->stopping = true;
	if (p->child) {
		/* a launched command goes with us */
		kill_all(p);
		while (p->nthreads && rounds++ < 100000) {
			pid_t tid = waitpid(-1, &status, __WALL);

			if (tid < 0)
				break;
			if (WIFEXITED(status) || WIFSIGNALED(status))
				on_exited(p, tid, status);
			else if (WIFSTOPPED(status))
				/* a stop it reached first, or its exit stop (TRACEEXIT): let it die */
				ptrace(PTRACE_CONT, tid, 0, 0);
		}
		p->done = true;
		return 0;
	}
	/* attached: stop every thread where it can be detached, and let it go */
	for (b = 0; b < NBUCKETS; b++) {
		struct pt_thr *t, *next;

		for (t = p->buckets[b]; t; t = next) {
			next = t->next;
			if (t->parked) {
				/* already in a ptrace-stop: an interrupt would not report */
				ptrace(PTRACE_DETACH, t->tid, 0, 0);
				thr_del(p, t->tid);
				continue;
			}
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
		}
	}
	{
		struct timespec t0, now, nap = { 0, 1000000 };

		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (p->nthreads) {
			pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);

			if (tid < 0 && errno != EINTR)
				break;
			if (tid > 0) {
				handle_stop(p, tid, status);   /* resume() detaches while stopping */
				continue;
			}
			/* a thread that never reports is detached by the kernel when we exit */
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - t0.tv_sec >= 3)
				break;
			nanosleep(&nap, NULL);
		}
	}
	p->done = true;
	return 0;
}

static int pt_configure(struct sc_engine *e, enum sc_setting s, uint64_t a, uint64_t b)
{
	struct ptr *p = e->priv;

	(void)b;
	if (s == SC_SET_SNAPLEN) {
		p->fx.snaplen = (uint32_t)a;
		return SC_OK;
	}
	return SC_ENOTSUP;
}

static int pt_stats(struct sc_engine *e, struct sc_stats *st)
{
	struct ptr *p = e->priv;

	*st = p->st;
	st->drops_bug = p->fx.unfillable;
	st->exit_status = p->exit_status;
	return SC_OK;
}

static void pt_close(struct sc_engine *e)
{
	struct ptr *p = e->priv;
	size_t b;

	if (!p)
		return;
	if (!p->done && p->nthreads)
		pt_stop(e);
	for (b = 0; b < NBUCKETS; b++)
		while (p->buckets[b])
			thr_del(p, p->buckets[b]->tid);
	free(p->q.buf);
	free(p->changed);
	pt_rec_free(&p->rec);
}

/*
 * With lazy fds: fd of tid as /proc shows it now (the thread is stopped at
 * the event that uses it), against what the consumer knows. Files and
 * anonymous inodes compare by name, sockets and pipes by inode.
 */
static int pt_fd_check(struct sc_engine *e, int64_t tid, int64_t fd, const char *known_name, uint64_t known_ino,
		       struct sc_snap_fd *out)
{
	struct ptr *p = e->priv;
	struct pt_thr *t;
	char path[64], link[4096];
	ssize_t n;
	pid_t pid;

	if (!p->lazy_fds)
		return 0;
	t = thr_find(p, (pid_t)tid);
	pid = t ? t->pid : (pid_t)tid;
	snprintf(path, sizeof(path), "/proc/%d/fd/%lld", pid, (long long)fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	if (known_name) {
		/*
		 * Sockets are followed (socket, accept, connect...): one the state
		 * learned from those has no inode and is taken as right; one seeded
		 * from /proc has its inode, compared.
		 */
		if (!strncmp(link, "socket:[", 8) && (!known_ino || known_ino == strtoull(link + 8, NULL, 10)))
			return 0;
		if (!strncmp(link, "pipe:[", 6) && known_ino == strtoull(link + 6, NULL, 10))
			return 0;
		if (strncmp(link, "socket:[", 8) && strncmp(link, "pipe:[", 6) && !strcmp(known_name, link))
			return 0;
	}
	if (sc_proc_scan_fd(out, NULL, pid, fd) < 0)
		return -ENOENT;
	if (out->type == SC_FD_FIFO) {
		/* a pipe followed from its pipe() has no name: the same here */
		out->name[0] = 0;
	}
	return 1;
}

static bool pt_thread_info(struct sc_engine *e, int64_t tid, struct sc_snap_proc *out)
{
	struct ptr *p = e->priv;
	struct pt_thr *t = thr_find(p, (pid_t)tid);
	struct sc_snapshot tmp = { 0 };
	struct sc_proc_scan_opts o = { 0 };
	bool ok;

	if (!p->lazy_procs || !t)
		return false;
	ok = sc_proc_scan_thread(&tmp, &o, t->pid, tid) == 0 && tmp.nprocs == 1;
	if (ok) {
		*out = tmp.procs[0];   /* handed over: the state frees it */
		tmp.nprocs = 0;
	}
	sc_snapshot_free(&tmp);
	return ok;
}

static bool pt_thread_changed(struct sc_engine *e, int64_t *tid)
{
	struct ptr *p = e->priv;

	if (!p->nchanged)
		return false;
	*tid = p->changed[--p->nchanged];
	return true;
}

const struct sc_engine_ops sc_engine_ptrace = {
	.name = "ptrace",
	.priv_size = sizeof(struct ptr),
	.open = pt_open,
	.next = pt_next,
	.start = pt_start,
	.stop = pt_stop,
	.configure = pt_configure,
	.stats = pt_stats,
	.close = pt_close,
	.fd_check = pt_fd_check,
	.thread_info = pt_thread_info,
	.thread_changed = pt_thread_changed,
};
