/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cycle.h"
#include "util.h"

#define NAME_MAX_LEN 4096

struct sc_cycle {
	struct sc_cycle_opts o;
	bool timed;              /* -G with a '%' in the name */
	int digits;              /* -C: zero-padding of the index */
	uint64_t index;          /* of the next file */
	int64_t start;           /* the current file's start (s) */
	uint64_t in_file;        /* events given to the current file */
	char name[NAME_MAX_LEN];
	char **kept;             /* -G -W with a time format: the last W names, a ring by index */
	char *dropped;           /* the name sc_cycle_check() last told the caller to drop */
};

struct sc_cycle *sc_cycle_new(const struct sc_cycle_opts *o, struct sc_err *err)
{
	struct sc_cycle *c;
	uint64_t w;

	if (!o->base || !*o->base)
		return sc_err_set(err, -EINVAL, "rotation needs a file name (-w)"), NULL;
	if (!o->megabytes && !o->seconds && !o->events)
		return sc_err_set(err, -EINVAL, "nothing to rotate by: -W needs -C, -G or -e"), NULL;
	if (strlen(o->base) > NAME_MAX_LEN / 2)
		return sc_err_set(err, -EINVAL, "the -w name is too long to rotate"), NULL;
	c = xcalloc(1, sizeof(*c));
	c->o = *o;
	c->timed = o->seconds && strchr(o->base, '%');
	for (w = o->files; w; w /= 10)
		c->digits++;
	if (c->timed && o->files)
		c->kept = xcalloc(o->files, sizeof(*c->kept));
	return c;
}

void sc_cycle_free(struct sc_cycle *c)
{
	uint64_t i;

	if (!c)
		return;
	if (c->kept)
		for (i = 0; i < c->o.files; i++)
			free(c->kept[i]);
	free(c->kept);
	free(c->dropped);
	free(c);
}

bool sc_cycle_timed_name(const struct sc_cycle *c)
{
	return c->timed;
}

/* Names the file at c->index starting at c->start, and moves the index on. */
static const char *next_name(struct sc_cycle *c)
{
	const char *base = c->o.base;
	uint64_t slot;
	size_t n;

	if (c->o.files && c->index >= c->o.files)
		c->index = 0;
	slot = c->index;
	free(c->dropped);
	c->dropped = NULL;
	if (c->timed) {
		time_t t = (time_t)c->start;
		struct tm tm;

		if (!localtime_r(&t, &tm) || !strftime(c->name, sizeof(c->name), base, &tm))
			snprintf(c->name, sizeof(c->name), "%s", base);
	} else if (c->o.seconds) {
		snprintf(c->name, sizeof(c->name), "%s%llu", base, (unsigned long long)slot);
	} else {
		snprintf(c->name, sizeof(c->name), "%s", base);
	}
	if (c->o.megabytes) {
		n = strlen(c->name);
		snprintf(c->name + n, sizeof(c->name) - n, "%0*llu", c->digits, (unsigned long long)slot);
	}
	if (c->o.events)
		snprintf(c->name, sizeof(c->name), "%s%llu", base, (unsigned long long)slot);
	if (c->kept) {
		/* the whole name (with -C's index): the ring's oldest goes, unless the new one is the same file */
		if (c->kept[slot] && strcmp(c->kept[slot], c->name))
			c->dropped = c->kept[slot];
		else
			free(c->kept[slot]);
		c->kept[slot] = xstrdup(c->name);
	}
	c->index++;
	return c->name;
}

const char *sc_cycle_first(struct sc_cycle *c, int64_t t0)
{
	c->start = t0;
	c->in_file = 0;
	return next_name(c);
}

const char *sc_cycle_check(struct sc_cycle *c, uint64_t ts, uint64_t bytes, const char **drop)
{
	int64_t sec = (int64_t)(ts / 1000000000u);
	bool next = false;

	*drop = NULL;
	if (c->o.seconds && sec - c->start >= (int64_t)c->o.seconds)
		next = true;
	else if (c->o.megabytes && bytes > c->o.megabytes * 1000000u)
		next = true;
	else if (c->o.events && c->in_file >= c->o.events)
		next = true;
	if (!next) {
		c->in_file++;
		return NULL;
	}
	c->start = sec;
	c->in_file = 1;
	next_name(c);
	*drop = c->dropped;
	return c->name;
}
