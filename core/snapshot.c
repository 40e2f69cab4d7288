/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.c - the machine as a source saw it before its first event
 * (see snapshot.h). Growable arrays of zeroed entries; the snapshot owns
 * every string.
 */
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "util.h"

/* Makes room for one more element of size sz in *arr and returns it, zeroed. */
static void *push(void **arr, size_t *n, size_t *cap, size_t sz)
{
	uint8_t *e;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = xrealloc(*arr, *cap * sz);
	}
	e = (uint8_t *)*arr + *n * sz;
	memset(e, 0, sz);
	(*n)++;
	return e;
}

struct sc_snap_proc *sc_snapshot_add_proc(struct sc_snapshot *s)
{
	struct sc_snap_proc *p = push((void **)&s->procs, &s->nprocs, &s->capprocs, sizeof(*p));

	p->sid = -1;
	p->vpgid = -1;
	p->vtid = -1;
	p->vpid = -1;
	p->loginuid = UINT32_MAX;
	return p;
}

struct sc_snap_fd *sc_snapshot_add_fd(struct sc_snap_proc *p)
{
	return push((void **)&p->fds, &p->nfds, &p->capfds, sizeof(struct sc_snap_fd));
}

struct sc_snap_user *sc_snapshot_add_user(struct sc_snapshot *s)
{
	return push((void **)&s->users, &s->nusers, &s->capusers, sizeof(struct sc_snap_user));
}

struct sc_snap_group *sc_snapshot_add_group(struct sc_snapshot *s)
{
	return push((void **)&s->groups, &s->ngroups, &s->capgroups, sizeof(struct sc_snap_group));
}

struct sc_snap_iface *sc_snapshot_add_iface(struct sc_snapshot *s)
{
	return push((void **)&s->ifaces, &s->nifaces, &s->capifaces, sizeof(struct sc_snap_iface));
}

struct sc_snap_proc *sc_snapshot_find_proc(struct sc_snapshot *s, int64_t tid)
{
	size_t i;

	/* Last match wins, as a later list entry replaces an earlier one. */
	for (i = s->nprocs; i-- > 0;)
		if (s->procs[i].tid == tid)
			return &s->procs[i];
	return NULL;
}

static void proc_free(struct sc_snap_proc *p)
{
	size_t i;

	free(p->comm);
	free(p->exe);
	free(p->exepath);
	free(p->cwd);
	free(p->root);
	free(p->args);
	free(p->env);
	free(p->cgroups);
	for (i = 0; i < p->nfds; i++)
		free(p->fds[i].name);
	free(p->fds);
}

void sc_snapshot_drop_users(struct sc_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nusers; i++) {
		free(s->users[i].name);
		free(s->users[i].homedir);
		free(s->users[i].shell);
	}
	free(s->users);
	for (i = 0; i < s->ngroups; i++)
		free(s->groups[i].name);
	free(s->groups);
	s->users = NULL;
	s->groups = NULL;
	s->nusers = s->capusers = s->ngroups = s->capgroups = 0;
}

void sc_snapshot_free(struct sc_snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nprocs; i++)
		proc_free(&s->procs[i]);
	free(s->procs);
	sc_snapshot_drop_users(s);
	for (i = 0; i < s->nifaces; i++)
		free(s->ifaces[i].name);
	free(s->ifaces);
	memset(s, 0, sizeof(*s));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *dup_bytes(const char *s, uint32_t len)
{
	char *d;

	if (!s)
		return NULL;
	d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

static void copy(struct sc_snapshot *dst, const struct sc_snapshot *src, bool procs)
{
	size_t i, j;

	memset(dst, 0, sizeof(*dst));
	dst->machine = src->machine;
	for (i = 0; procs && i < src->nprocs; i++) {
		const struct sc_snap_proc *sp = &src->procs[i];
		struct sc_snap_proc *p = sc_snapshot_add_proc(dst);

		*p = *sp;
		p->comm = dup_or_null(sp->comm);
		p->exe = dup_or_null(sp->exe);
		p->exepath = dup_or_null(sp->exepath);
		p->cwd = dup_or_null(sp->cwd);
		p->root = dup_or_null(sp->root);
		p->args = dup_bytes(sp->args, sp->args_len);
		p->env = dup_bytes(sp->env, sp->env_len);
		p->cgroups = dup_bytes(sp->cgroups, sp->cgroups_len);
		p->fds = NULL;
		p->nfds = p->capfds = 0;
		for (j = 0; j < sp->nfds; j++) {
			struct sc_snap_fd *f = sc_snapshot_add_fd(p);

			*f = sp->fds[j];
			f->name = dup_or_null(sp->fds[j].name);
		}
	}
	for (i = 0; i < src->nusers; i++) {
		struct sc_snap_user *u = sc_snapshot_add_user(dst);

		*u = src->users[i];
		u->name = dup_or_null(src->users[i].name);
		u->homedir = dup_or_null(src->users[i].homedir);
		u->shell = dup_or_null(src->users[i].shell);
	}
	for (i = 0; i < src->ngroups; i++) {
		struct sc_snap_group *g = sc_snapshot_add_group(dst);

		*g = src->groups[i];
		g->name = dup_or_null(src->groups[i].name);
	}
	for (i = 0; i < src->nifaces; i++) {
		struct sc_snap_iface *f = sc_snapshot_add_iface(dst);

		*f = src->ifaces[i];
		f->name = dup_or_null(src->ifaces[i].name);
	}
}

void sc_snapshot_copy(struct sc_snapshot *dst, const struct sc_snapshot *src)
{
	copy(dst, src, true);
}

void sc_snapshot_copy_host(struct sc_snapshot *dst, const struct sc_snapshot *src)
{
	copy(dst, src, false);
}
