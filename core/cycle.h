/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cycle.h - when a capture being written moves on to its next file, and
 * what that file is called: sysdig's rotation options -C (megabytes per
 * file), -G (seconds per file), -e (events per file) and -W (files kept).
 * It only decides and names; the caller closes and opens the files, and
 * deletes the one it is told to drop.
 *
 * Names, as sysdig makes them from the -w name BASE:
 *  - with -G and a '%' in BASE: BASE through strftime(3) at the file's
 *    start time (local time); with -W, the oldest of the last W such files
 *    is deleted when a new one starts;
 *  - with -G and no '%': BASE followed by the file's index;
 *  - with -C: the name above (or BASE) followed by the index, zero-padded
 *    to as many digits as W has (not padded without -W);
 *  - with -e: BASE followed by the index.
 * The index counts from 0; with -W it starts again at 0 after W files, so
 * the files form a ring (a file of the same name is overwritten).
 *
 * Ownership: sc_cycle_new() returns an object freed with sc_cycle_free();
 * the names it returns are borrowed until its next call.
 */
#ifndef SC_CYCLE_H
#define SC_CYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct sc_cycle_opts {
	const char *base;      /* the -w name */
	uint64_t megabytes;    /* -C: a new file once the current one holds more (10^6 bytes) */
	uint64_t seconds;      /* -G: a new file when an event comes this much after the file's start */
	uint64_t events;       /* -e: events per file */
	uint64_t files;        /* -W: files kept, 0 = no limit */
};

struct sc_cycle;

/* NULL with err set when the options say nothing to rotate by, or a name cannot be made. */
struct sc_cycle *sc_cycle_new(const struct sc_cycle_opts *o, struct sc_err *err);
void sc_cycle_free(struct sc_cycle *c);

/* Whether the first file's name depends on its start time (-G with a '%'). */
bool sc_cycle_timed_name(const struct sc_cycle *c);

/* The first file, starting at t0 (seconds since the epoch: now, or the first event's time). */
const char *sc_cycle_first(struct sc_cycle *c, int64_t t0);

/*
 * After sc_cycle_first(), before an event at ts (ns since the epoch) is
 * written to the current file, which holds `bytes` so far: NULL to go on in the same file, or the
 * name of the next file, which the event opens. *drop is then a file the
 * ring no longer keeps, for the caller to delete, or NULL.
 */
const char *sc_cycle_check(struct sc_cycle *c, uint64_t ts, uint64_t bytes, const char **drop);

#endif /* SC_CYCLE_H */
