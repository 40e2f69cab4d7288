/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evtlist.h - owns the event listing of `syscope -L`: one line per event
 * type a user can see, rendered from sc_event_table[] exactly as
 * `sysdig -L` prints it. It only appends text; the caller prints.
 */
#ifndef SC_EVTLIST_H
#define SC_EVTLIST_H

#include "strbuf.h"

/*
 * Appends the listing to out: for every event that is neither unused, an
 * old version nor internal, "> name(TYPE param, ...)" for an enter event
 * and "< name(...)" for an exit event, each line ending in '\n'.
 * Returns the number of lines written.
 */
int sc_evtlist_write(struct sc_strbuf *out);

#endif /* SC_EVTLIST_H */
