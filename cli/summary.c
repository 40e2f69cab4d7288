/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

void sc_summary_add(struct sc_summary *s, const struct sc_evt *ev)
{
	uint16_t t = ev->hdr->type;

	if (sc_evt_is_container_meta(ev))
		return;   /* sysdig's table does not see it */
	if (t == SCE_GENERIC_E || t == SCE_GENERIC_X) {
		int64_t id = sc_evt_param_int(ev, 0, -1);

		if (id >= 0 && id < SC_SC_MAX) {
			s->by_syscall[id][t & 1]++;
			return;
		}
	}
	if (t < SC_EVENT_MAX)
		s->by_type[t]++;
}

struct row {
	uint64_t n;
	const char *name;
	char dir;
	uint32_t order;   /* ties keep the table's order */
};

static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* "> " or "< ", the name cut or padded to 16 columns, the count: sysdig's layout. */
void sc_summary_write(const struct sc_summary *s, struct sc_strbuf *out)
{
	struct row *rows = calloc(SC_EVENT_MAX + 2 * SC_SC_MAX, sizeof(*rows));
	uint32_t n = 0, i;
	char line[64];

	if (!rows)
		return;
	for (i = 0; i < SC_EVENT_MAX; i++)
		if (s->by_type[i])
			rows[n++] = (struct row){ s->by_type[i], sc_event_table[i].name, (i & 1) ? '<' : '>', i };
	for (i = 0; i < 2 * SC_SC_MAX; i++)
		if (s->by_syscall[i / 2][i & 1] && sc_syscall_names[i / 2])
			rows[n++] = (struct row){ s->by_syscall[i / 2][i & 1], sc_syscall_names[i / 2],
						  (i & 1) ? '<' : '>', SC_EVENT_MAX + i };
	qsort(rows, n, sizeof(*rows), by_count);
	sc_strbuf_puts(out, "----------------------\nEvent           #Calls\n----------------------\n");
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%c %-16.16s%llu\n", rows[i].dir, rows[i].name,
			 (unsigned long long)rows[i].n);
		sc_strbuf_puts(out, line);
	}
	free(rows);
}
