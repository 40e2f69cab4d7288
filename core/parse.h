/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.h - applies each event to the state: the one place where clone,
 * execve, open, socket, connect, close, dup, chdir, setuid, exit ... change
 * the thread and fd tables. Also resolves the event's context (ev->thread,
 * ev->fd, ev->fdnum) and keeps the enter/exit pairing.
 *
 * As in sysdig, an event is parsed before it is filtered and printed, so an
 * open's exit already shows its new fd; removals (close, thread exit) are
 * deferred to the start of the next sc_parse_event() so the event that
 * causes them still sees what it removes.
 */
#ifndef SC_PARSE_H
#define SC_PARSE_H

#include "evt.h"
#include "state.h"

void sc_parse_event(struct sc_state *st, struct sc_evt *ev);

/*
 * The enter event paired with exit event ev, if the thread's last enter was
 * of the matching type; decodes it into enter and returns true.
 */
bool sc_parse_enter_of(const struct sc_evt *ev, struct sc_evt *enter);

#endif /* SC_PARSE_H */
