/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parse.h - applies each event to the state: the one place where clone,
 * execve, open, socket, connect, close, dup, chdir, setuid, exit ... change
 * the thread and fd tables. Also resolves the event's context (ev->thread,
 * ev->fd, ev->fdnum) and keeps the enter/exit pairing.
 *
 * As in sysdig, an event that changes the state (SC_EF_MODIFIES_STATE) is
 * parsed before it is filtered and printed, so an open's exit already shows
 * its new fd; other events are filtered between sc_parse_prepare() and
 * sc_parse_apply() (see below). Removals (close, thread exit) are deferred
 * to the start of the next event's parse so the event that causes them
 * still sees what it removes.
 *
 * What sc_parse_event() leaves in ev, as sysdig 0.29 resolves it:
 *   ev->thread  the event's thread. A tid never seen gets a stand-in thread
 *               (comm and exe "<NA>", pid = tid, ptid -1), except for
 *               context switches, procinfo and other internal events, and
 *               for a clone exit in the child, which never invent one.
 *   ev->fdnum   fd.num: the fd of the enter event (for an exit, the fd its
 *               enter named), or the fd the event just created; -1 if none.
 *   ev->fd      that fd's entry, or NULL when the thread does not know it.
 * The thread's latency field is evt.latency (0 for enter events).
 */
#ifndef SC_PARSE_H
#define SC_PARSE_H

#include "evt.h"
#include "state.h"

void sc_parse_event(struct sc_state *st, struct sc_evt *ev);

/*
 * sc_parse_event() in two steps, for sysdig's order when a filter is set:
 * an event that does not change the state (no SC_EF_MODIFIES_STATE) is
 * filtered between the two, and when it fails is not parsed at all
 * (sc_parse_skip instead of sc_parse_apply). sc_parse_prepare() resolves
 * ev->thread, ev->fd, ev->fdnum and the pairing, and says whether
 * sc_parse_apply() has anything left to do. sc_parse_skip() records that the
 * thread's event was skipped, so its exit pairs with nothing (as sysdig).
 */
bool sc_parse_prepare(struct sc_state *st, struct sc_evt *ev);
void sc_parse_apply(struct sc_state *st, struct sc_evt *ev);
void sc_parse_skip(struct sc_state *st, struct sc_evt *ev);

/*
 * The enter event paired with exit event ev, if the thread's last enter was
 * of the matching type (exit type - 1); decodes it into enter and returns
 * true. enter borrows the thread's copy of the record: valid until that
 * thread's next enter event is parsed. Its thread is ev's, its fd unset.
 */
bool sc_parse_enter_of(const struct sc_evt *ev, struct sc_evt *enter);

#endif /* SC_PARSE_H */
