/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary.h - the -S table: how many times each event type was shown,
 * enter and exit apart, syscalls without their own event type under their
 * own name, most frequent first, printed at the end as sysdig prints it.
 * The caller owns the struct (zeroed to start; nothing to free).
 */
#ifndef SC_CLI_SUMMARY_H
#define SC_CLI_SUMMARY_H

#include <stdint.h>

#include "core/evt.h"
#include "core/strbuf.h"

struct sc_summary {
	uint64_t by_type[SC_EVENT_MAX];
	uint64_t by_syscall[SC_SC_MAX][2];   /* generic events: [syscall code][exit] */
};

void sc_summary_add(struct sc_summary *s, const struct sc_evt *ev);
/* Appends the table (header and one line per counted row) to out. */
void sc_summary_write(const struct sc_summary *s, struct sc_strbuf *out);

#endif
