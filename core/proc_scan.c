/* SPDX-License-Identifier: Apache-2.0 */
/*
 * proc_scan.c - a snapshot of the running system from /proc and /etc
 * (see proc_scan.h).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "proc_scan.h"
#include "state.h"
#include "util.h"
#include "../driver/abi/flag_xlat.h"

/* The .scap layer-4 protocol codes the snapshot stores (scap_l4_proto: 2 TCP, 3 UDP, 5 raw). */
enum { L4_TCP = 2, L4_UDP = 3, L4_RAW = 5 };

struct sock_ent {
	uint64_t ino;
	uint8_t type;      /* enum sc_fdtype */
	uint8_t l4;
	uint8_t sip[16], dip[16];
	uint16_t sport, dport;
	char *path;        /* unix */
};

struct sock_tab {
	struct sock_ent *v;
	size_t n, cap;
	bool loaded;       /* read on the first socket fd met: /proc/net/tcp alone takes ms to make */
};

static ssize_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len < cap - 1 && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	return (ssize_t)len;
}

/* A whole file, however big, owned by the caller; NULL when unreadable. */
static char *slurp(const char *path, size_t *lenp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 8192;
	char *b;
	ssize_t n;

	if (fd < 0)
		return NULL;
	b = xmalloc(cap);
	while ((n = read(fd, b + len, cap - 1 - len)) > 0) {
		len += (size_t)n;
		if (len + 1 >= cap)
			b = xrealloc(b, cap *= 2);
	}
	close(fd);
	b[len] = 0;
	if (lenp)
		*lenp = len;
	return b;
}

static void hex_ip(const char *h, uint8_t *out, bool v6)
{
	size_t i, n = v6 ? 16 : 4;

	/* /proc/net prints each 32-bit word in host order */
	for (i = 0; i < n; i += 4) {
		unsigned int w = 0;

		sscanf(h + 2 * i, "%8x", &w);
		memcpy(out + i, &w, 4);
	}
}

static void load_inet(struct sock_tab *t, const char *proc, const char *name, uint8_t l4, bool v6)
{
	char path[256], *buf, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/net/%s", proc, name);
	buf = slurp(path, NULL);
	if (!buf)
		return;
	line = strtok_r(buf, "\n", &save);   /* header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char la[64], ra[64];
		unsigned lp, rp, st;
		unsigned long long ino;
		struct sock_ent *e;

		if (sscanf(line, "%*d: %63[0-9A-Fa-f]:%x %63[0-9A-Fa-f]:%x %x %*s %*s %*s %*u %*u %llu",
			   la, &lp, ra, &rp, &st, &ino) != 6 || !ino)
			continue;
		if (t->n == t->cap)
			t->v = xrealloc(t->v, (t->cap = t->cap ? t->cap * 2 : 64) * sizeof(*t->v));
		e = &t->v[t->n++];
		memset(e, 0, sizeof(*e));
		e->ino = ino;
		e->l4 = l4;
		hex_ip(la, e->sip, v6);
		hex_ip(ra, e->dip, v6);
		e->sport = (uint16_t)lp;
		e->dport = (uint16_t)rp;
		/* TCP_LISTEN is 10; an unconnected UDP socket is a server too */
		if ((l4 == L4_TCP && st == 10) || (l4 == L4_UDP && rp == 0))
			e->type = v6 ? SC_FD_IPV6_SERVSOCK : SC_FD_IPV4_SERVSOCK;
		else
			e->type = v6 ? SC_FD_IPV6_SOCK : SC_FD_IPV4_SOCK;
	}
	free(buf);
}

static void load_unix(struct sock_tab *t, const char *proc)
{
	char path[256], *buf, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/net/unix", proc);
	buf = slurp(path, NULL);
	if (!buf)
		return;
	line = strtok_r(buf, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		unsigned long long ino;
		int off = 0;
		struct sock_ent *e;

		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %llu%n", &ino, &off) != 1)
			continue;
		if (t->n == t->cap)
			t->v = xrealloc(t->v, (t->cap = t->cap ? t->cap * 2 : 64) * sizeof(*t->v));
		e = &t->v[t->n++];
		memset(e, 0, sizeof(*e));
		e->ino = ino;
		e->type = SC_FD_UNIX_SOCK;
		while (line[off] == ' ')
			off++;
		e->path = line[off] ? xstrdup(line + off) : NULL;
	}
	free(buf);
}

static const struct sock_ent *sock_find(const struct sock_tab *t, uint64_t ino)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].ino == ino)
			return &t->v[i];
	return NULL;
}

static uint32_t enc_dev(dev_t d)
{
	return (minor(d) & 0xff) | (major(d) << 8) | ((minor(d) & ~0xffu) << 12);
}

static void load_socks(struct sock_tab *t, const char *proc)
{
	if (t->loaded)
		return;
	t->loaded = true;
	load_inet(t, proc, "tcp", L4_TCP, false);
	load_inet(t, proc, "tcp6", L4_TCP, true);
	load_inet(t, proc, "udp", L4_UDP, false);
	load_inet(t, proc, "udp6", L4_UDP, true);
	load_inet(t, proc, "raw", L4_RAW, false);
	load_inet(t, proc, "raw6", L4_RAW, true);
	load_unix(t, proc);
}

static void free_socks(struct sock_tab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
	t->loaded = false;
}

/*
 * Fills f (fd already set) for fd of pid: its link, stat and fdinfo; socks
 * resolves sockets, read at the first socket (NULL: read for this one, only
 * when it is a socket). false when the fd is not open.
 */
static bool describe_fd(struct sc_snap_fd *f, const char *proc, int64_t pid, struct sock_tab *socks)
{
	char path[512], link[4096], info[1024];
	struct stat st;
	ssize_t n;
	char *p;

	snprintf(path, sizeof(path), "%s/%lld/fd/%lld", proc, (long long)pid, (long long)f->fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = 0;
	memset(&st, 0, sizeof(st));
	if (stat(path, &st) == 0) {
		f->ino = st.st_ino;
		f->dev = enc_dev(st.st_dev);
	}
	snprintf(path, sizeof(path), "%s/%lld/fdinfo/%lld", proc, (long long)pid, (long long)f->fd);
	if (read_file(path, info, sizeof(info)) > 0 && (p = strstr(info, "flags:")))
		f->openflags = sc_xlat_open_flags(strtoull(p + 6, NULL, 8));
	if (!strncmp(link, "socket:[", 8)) {
		uint64_t ino = strtoull(link + 8, NULL, 10);
		struct sock_tab own = { 0 };
		const struct sock_ent *s;

		if (!socks)
			socks = &own;
		load_socks(socks, proc);
		s = sock_find(socks, ino);
		f->ino = ino;
		if (!s) {
			f->type = SC_FD_UNKNOWN;
			f->name = xstrdup("");
		} else {
			f->type = s->type;
			f->l4proto = s->l4;
			if (s->type == SC_FD_IPV4_SOCK || s->type == SC_FD_IPV4_SERVSOCK) {
				memcpy(&f->sip, s->sip, 4);
				memcpy(&f->dip, s->dip, 4);
			} else {
				memcpy(f->sip6, s->sip, 16);
				memcpy(f->dip6, s->dip, 16);
			}
			f->sport = s->sport;
			f->dport = s->dport;
			f->name = xstrdup(s->path ? s->path : "");
		}
		free_socks(&own);
	} else if (!strncmp(link, "pipe:[", 6)) {
		f->type = SC_FD_FIFO;
		f->name = xstrdup(link);
	} else if (!strncmp(link, "anon_inode:", 11)) {
		const char *k = link + 11;

		f->type = strstr(k, "eventfd") ? SC_FD_EVENT :
			  strstr(k, "signalfd") ? SC_FD_SIGNALFD :
			  strstr(k, "eventpoll") ? SC_FD_EVENTPOLL :
			  strstr(k, "inotify") ? SC_FD_INOTIFY :
			  strstr(k, "timerfd") ? SC_FD_TIMERFD :
			  strstr(k, "bpf") ? SC_FD_BPF :
			  strstr(k, "userfaultfd") ? SC_FD_USERFAULTFD :
			  strstr(k, "io_uring") ? SC_FD_IOURING :
			  strstr(k, "pidfd") ? SC_FD_PIDFD : SC_FD_UNSUPPORTED;
		f->name = xstrdup(link);
	} else if (link[0] == '/') {
		f->type = S_ISDIR(st.st_mode) ? SC_FD_DIRECTORY : SC_FD_FILE_V2;
		if (!strncmp(link, "/memfd:", 7))
			f->type = SC_FD_MEMFD;
		f->name = xstrdup(link);
	} else {
		f->type = SC_FD_UNSUPPORTED;
		f->name = xstrdup(link);
	}
	return true;
}

static void scan_fds(struct sc_snap_proc *sp, const char *proc, int64_t pid, struct sock_tab *socks)
{
	char dpath[256];
	DIR *d;
	struct dirent *de;

	snprintf(dpath, sizeof(dpath), "%s/%lld/fd", proc, (long long)pid);
	d = opendir(dpath);
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct sc_snap_fd *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		f = sc_snapshot_add_fd(sp);
		memset(f, 0, sizeof(*f));
		f->fd = strtoll(de->d_name, NULL, 10);
		if (!describe_fd(f, proc, pid, socks))
			sp->nfds--;   /* closed meanwhile: the slot is reused */
	}
	closedir(d);
}

int sc_proc_scan_fd(struct sc_snap_fd *f, const char *proc, int64_t pid, int64_t fd)
{
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	return describe_fd(f, proc ? proc : "/proc", pid, NULL) ? 0 : -ENOENT;
}

/* The last number of a "Key:\tA\tB\tC" status line. */
static int64_t last_field(const char *buf, const char *key, int64_t def)
{
	const char *p = strstr(buf, key), *end, *last;

	if (!p)
		return def;
	p += strlen(key);
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	last = p;
	for (; p < end; p++)
		if ((*p == '\t' || *p == ' ') && p + 1 < end && p[1] != '\t' && p[1] != ' ')
			last = p + 1;
	return strtoll(last, NULL, 10);
}

static char *dup_list(const char *path, uint32_t *len)
{
	size_t n = 0;
	char *b = slurp(path, &n);

	if (!b) {
		*len = 0;
		return NULL;
	}
	*len = (uint32_t)n;
	return b;
}

int sc_proc_scan_thread(struct sc_snapshot *snap, const struct sc_proc_scan_opts *o, int64_t pid, int64_t tid)
{
	const char *proc = o && o->proc ? o->proc : "/proc";
	char base[256], path[512], buf[8192], link[4096], *p, *q;
	struct sc_snap_proc *sp;
	ssize_t n;
	unsigned long long start = 0;

	snprintf(base, sizeof(base), "%s/%lld/task/%lld", proc, (long long)pid, (long long)tid);
	snprintf(path, sizeof(path), "%s/stat", base);
	if (read_file(path, buf, sizeof(buf)) <= 0 || !(p = strchr(buf, '(')) || !(q = strrchr(buf, ')')))
		return -ENOENT;
	sp = sc_snapshot_add_proc(snap);
	sp->tid = tid;
	sp->pid = pid;
	*q = 0;
	sp->comm = xstrdup(p + 1);
	{
		int ppid = 0, pgid = 0, sid = 0, tty = 0;
		unsigned long minflt = 0, majflt = 0;

		sscanf(q + 2, "%*c %d %d %d %d %*d %*u %lu %*u %lu %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		       &ppid, &pgid, &sid, &tty, &minflt, &majflt, &start);
		sp->ptid = ppid;
		sp->vpgid = pgid;
		sp->sid = sid;
		sp->tty = (uint32_t)tty;
		sp->pfminor = minflt;
		sp->pfmajor = majflt;
	}
	{
		/* clone time: boot time + start ticks */
		struct timespec rt, mono;
		long hz = sysconf(_SC_CLK_TCK);

		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_BOOTTIME, &mono);
		sp->clone_ts = (uint64_t)(rt.tv_sec - mono.tv_sec) * 1000000000ULL +
			       (uint64_t)(rt.tv_nsec - mono.tv_nsec) +
			       (uint64_t)(start * (1000000000ULL / (uint64_t)(hz > 0 ? hz : 100)));
	}
	snprintf(path, sizeof(path), "%s/status", base);
	if (read_file(path, buf, sizeof(buf)) > 0) {
		if ((p = strstr(buf, "\nUid:")))
			sp->uid = (uint32_t)strtoul(p + 5, &q, 10), sp->uid = (uint32_t)strtoul(q, NULL, 10);
		if ((p = strstr(buf, "\nGid:")))
			sp->gid = (uint32_t)strtoul(p + 5, &q, 10), sp->gid = (uint32_t)strtoul(q, NULL, 10);
		/* "VmSize:\t  1234 kB": the number (the line's last field is the unit) */
		if ((p = strstr(buf, "\nVmSize:")))
			sp->vmsize_kb = (uint32_t)strtoul(p + 8, NULL, 10);
		if ((p = strstr(buf, "\nVmRSS:")))
			sp->vmrss_kb = (uint32_t)strtoul(p + 7, NULL, 10);
		if ((p = strstr(buf, "\nVmSwap:")))
			sp->vmswap_kb = (uint32_t)strtoul(p + 8, NULL, 10);
		sp->vtid = last_field(buf, "\nNSpid:", tid);
		sp->vpid = last_field(buf, "\nNStgid:", pid);
	}
	snprintf(path, sizeof(path), "%s/loginuid", base);
	if (read_file(path, buf, sizeof(buf)) > 0)
		sp->loginuid = (uint32_t)strtoul(buf, NULL, 10);
	snprintf(path, sizeof(path), "%s/limits", base);
	if (read_file(path, buf, sizeof(buf)) > 0 && (p = strstr(buf, "Max open files"))) {
		p += 14;
		while (*p == ' ')
			p++;
		sp->fdlimit = strncmp(p, "unlimited", 9) == 0 ? UINT64_MAX : strtoull(p, NULL, 10);
	}
	snprintf(path, sizeof(path), "%s/exe", base);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		sp->exepath = xstrdup(link);
	}
	snprintf(path, sizeof(path), "%s/cwd", base);
	n = readlink(path, link, sizeof(link) - 2);
	if (n > 0) {
		/* the state keeps cwds ending with '/' */
		if (link[n - 1] != '/')
			link[n++] = '/';
		link[n] = 0;
		sp->cwd = xstrdup(link);
	}
	snprintf(path, sizeof(path), "%s/root", base);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		sp->root = xstrdup(link);
	}
	snprintf(path, sizeof(path), "%s/cmdline", base);
	{
		uint32_t len = 0;
		char *cl = dup_list(path, &len);

		if (cl && len) {
			size_t first = strnlen(cl, len);

			sp->exe = xstrndup(cl, first);
			if (first + 1 < len) {
				sp->args_len = (uint32_t)(len - first - 1);
				sp->args = xmemdup(cl + first + 1, sp->args_len);
			}
		} else {
			sp->exe = xstrdup(sp->comm);
		}
		free(cl);
	}
	snprintf(path, sizeof(path), "%s/environ", base);
	sp->env = dup_list(path, &sp->env_len);
	snprintf(path, sizeof(path), "%s/cgroup", base);
	if (read_file(path, buf, sizeof(buf)) > 0) {
		char out[8192], *line, *save = NULL;
		size_t on = 0;

		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			int w;

			if (!c2)
				continue;
			*c2 = 0;
			w = snprintf(out + on, sizeof(out) - on, "%s=%s", c2 == c1 + 1 ? "unified" : c1 + 1, c2 + 1);
			if (w < 0 || (size_t)w + 1 >= sizeof(out) - on)
				break;
			on += (size_t)w + 1;
		}
		if (on) {
			sp->cgroups = xmemdup(out, on);
			sp->cgroups_len = (uint32_t)on;
		}
	}
	return 0;
}

static void scan_process(struct sc_snapshot *snap, const struct sc_proc_scan_opts *o, const char *proc,
			 int64_t pid, struct sock_tab *socks)
{
	char path[256];
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof(path), "%s/%lld/task", proc, (long long)pid);
	d = opendir(path);
	if (!d)
		return;
	/* the leader first: it carries the fds */
	if (sc_proc_scan_thread(snap, o, pid, pid) == 0 && o->fds)
		scan_fds(&snap->procs[snap->nprocs - 1], proc, pid, socks);
	while ((de = readdir(d))) {
		int64_t tid = strtoll(de->d_name, NULL, 10);

		if (tid > 0 && tid != pid)
			sc_proc_scan_thread(snap, o, pid, tid);
	}
	closedir(d);
}

static int64_t ppid_of(const char *proc, int64_t pid)
{
	char path[256], buf[1024], *s;

	snprintf(path, sizeof(path), "%s/%lld/stat", proc, (long long)pid);
	if (read_file(path, buf, sizeof(buf)) <= 0 || !(s = strrchr(buf, ')')))
		return -1;
	return strtoll(s + 4, NULL, 10);
}

static bool descends(const char *proc, int64_t pid, int64_t root)
{
	int depth = 0;

	while (pid > 1 && depth++ < 128) {
		pid = ppid_of(proc, pid);
		if (pid == root)
			return true;
	}
	return false;
}

static void scan_machine(struct sc_snapshot *snap, const char *proc)
{
	char path[256], buf[4096], *p;
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);

	snap->machine.present = true;
	snap->machine.num_cpus = (uint32_t)sysconf(_SC_NPROCESSORS_ONLN);
	snap->machine.memory_size_bytes = pages > 0 && psz > 0 ? (uint64_t)pages * (uint64_t)psz : 0;
	snprintf(path, sizeof(path), "%s/sys/kernel/pid_max", proc);
	snap->machine.max_pid = read_file(path, buf, sizeof(buf)) > 0 ? strtoull(buf, NULL, 10) : 32768;
	gethostname(snap->machine.hostname, sizeof(snap->machine.hostname) - 1);
	(void)p;
}

static void scan_ifaces(struct sc_snapshot *snap)
{
	struct ifaddrs *ifs, *i;

	if (getifaddrs(&ifs) < 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		struct sc_snap_iface *f;

		if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
			continue;
		f = sc_snapshot_add_iface(snap);
		f->name = xstrdup(i->ifa_name);
		if (i->ifa_addr->sa_family == AF_INET) {
			f->addr = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
			if (i->ifa_netmask)
				f->netmask = ((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr;
			if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr)
				f->bcast = ((struct sockaddr_in *)i->ifa_broadaddr)->sin_addr.s_addr;
		} else {
			f->v6 = true;
			memcpy(f->addr6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
			if (i->ifa_netmask)
				memcpy(f->netmask6, &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr, 16);
		}
	}
	freeifaddrs(ifs);
}

static void scan_users(struct sc_snapshot *snap, const char *etc)
{
	char path[256], *buf, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/passwd", etc);
	if ((buf = slurp(path, NULL))) {
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *f[7] = { 0 }, *s = line;
			int k;

			for (k = 0; k < 7 && s; k++) {
				f[k] = s;
				s = strchr(s, ':');
				if (s)
					*s++ = 0;
			}
			if (k == 7 && f[6]) {
				struct sc_snap_user *u = sc_snapshot_add_user(snap);

				u->name = xstrdup(f[0]);
				u->uid = (uint32_t)strtoul(f[2], NULL, 10);
				u->gid = (uint32_t)strtoul(f[3], NULL, 10);
				u->homedir = xstrdup(f[5]);
				u->shell = xstrdup(f[6]);
			}
		}
		free(buf);
	}
	snprintf(path, sizeof(path), "%s/group", etc);
	save = NULL;
	if ((buf = slurp(path, NULL))) {
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			struct sc_snap_group *g;

			if (!c2)
				continue;
			*c1 = 0;
			g = sc_snapshot_add_group(snap);
			g->name = xstrdup(line);
			g->gid = (uint32_t)strtoul(c2 + 1, NULL, 10);
		}
		free(buf);
	}
}

int sc_proc_scan(struct sc_snapshot *snap, const struct sc_proc_scan_opts *o, struct sc_err *err)
{
	struct sc_proc_scan_opts def = { 0 };
	const char *proc, *etc;
	struct sock_tab socks = { 0 };
	DIR *d;
	struct dirent *de;

	if (!o)
		o = &def;
	proc = o->proc ? o->proc : "/proc";
	etc = o->etc ? o->etc : "/etc";
	scan_machine(snap, proc);
	scan_ifaces(snap);
	scan_users(snap, etc);
	if (o->pid > 0) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%lld", proc, (long long)o->pid);
		if (access(path, F_OK) < 0) {
			free_socks(&socks);
			return sc_err_set(err, -ESRCH, "no such process: %lld", (long long)o->pid);
		}
		scan_process(snap, o, proc, o->pid, &socks);
	}
	if (o->pid <= 0 || o->tree) {
		d = opendir(proc);
		while (d && (de = readdir(d))) {
			int64_t pid = strtoll(de->d_name, NULL, 10);

			if (pid <= 0 || pid == o->pid)
				continue;
			if (o->pid > 0 && !descends(proc, pid, o->pid))
				continue;
			scan_process(snap, o, proc, pid, &socks);
		}
		if (d)
			closedir(d);
	}
	free_socks(&socks);
	return 0;
}
