/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.h - csyscope's key table: which key does what (csysdig's keys, plus
 * letters for terminals without function keys), and the help text that the
 * same table prints. Input flows one way: key -> action -> handler.
 */
#ifndef SC_TUI_KEYS_H
#define SC_TUI_KEYS_H

#include "core/strbuf.h"

enum sc_action {
	SC_ACT_NONE = 0,
	SC_ACT_HELP, SC_ACT_VIEWS, SC_ACT_FILTER, SC_ACT_ECHO, SC_ACT_DIG, SC_ACT_SORT_MENU,
	SC_ACT_SORT_FLIP, SC_ACT_QUIT, SC_ACT_SEARCH, SC_ACT_SEARCH_NEXT, SC_ACT_PAUSE,
	SC_ACT_UP, SC_ACT_DOWN, SC_ACT_PGUP, SC_ACT_PGDN, SC_ACT_HOME, SC_ACT_END,
	SC_ACT_ENTER, SC_ACT_BACK, SC_ACT_REDRAW, SC_ACT_RESIZE,
	SC_ACT_LEGEND, SC_ACT_ACTIONS,
	SC_ACT_SORT_COL,      /* + column number 0..9 in the argument */
};

struct sc_keyhit {
	enum sc_action act;
	int arg;
};

/* The action of an ncurses key code (as wgetch returns it with keypad on). */
struct sc_keyhit sc_keys_lookup(int key);
/* The help screen: one line per key, as the table says. */
void sc_keys_help(struct sc_strbuf *out);

#endif /* SC_TUI_KEYS_H */
