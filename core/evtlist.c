/* SPDX-License-Identifier: Apache-2.0 */
/* evtlist.c - the `-L` event listing, rendered from the event table. */
#include "evtlist.h"

#include "sc_abi.h"

/* sysdig lists what a user can meet in a capture: no placeholders, no
 * superseded layouts, no internal bookkeeping events. */
static int listed(const struct sc_event_info *ei)
{
	return !(ei->flags & (SC_EF_UNUSED | SC_EF_OLD_VERSION)) &&
	       !(ei->category & SC_EC_INTERNAL);
}

int sc_evtlist_write(struct sc_strbuf *out)
{
	int lines = 0;

	for (uint16_t type = 0; type < SC_EVENT_MAX; type++) {
		const struct sc_event_info *ei = &sc_event_table[type];

		if (!listed(ei))
			continue;
		sc_strbuf_putc(out, type % 2 == 0 ? '>' : '<');
		sc_strbuf_putc(out, ' ');
		sc_strbuf_puts(out, ei->name);
		sc_strbuf_putc(out, '(');
		for (uint32_t i = 0; i < ei->nparams; i++) {
			const struct sc_param_info *p = &ei->params[i];

			if (i > 0)
				sc_strbuf_puts(out, ", ");
			sc_strbuf_puts(out, p->type < SC_PT_MAX ? sc_ptype_names[p->type] : "NONE");
			sc_strbuf_putc(out, ' ');
			sc_strbuf_puts(out, p->name);
		}
		sc_strbuf_puts(out, ")\n");
		lines++;
	}
	return lines;
}
