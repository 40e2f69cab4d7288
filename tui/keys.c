/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c - the key table. One row per key: the code, the action, and the
 * help line when the key is the first one listed for its action.
 */
#include "keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)

struct keyrow {
	int key;
	enum sc_action act;
	int arg;
	const char *name;   /* for the help screen; NULL: an alias of the row before */
	const char *help;
};

static const struct keyrow keys[] = {
	{ KEY_F(1), SC_ACT_HELP, 0, "F1 h ?", "this help" },
	{ 'h', SC_ACT_HELP, 0, NULL, NULL },
	{ '?', SC_ACT_HELP, 0, NULL, NULL },
	{ KEY_F(2), SC_ACT_VIEWS, 0, "F2", "choose a view (those that apply to this level)" },
	{ KEY_F(4), SC_ACT_FILTER, 0, "F4", "filter: a sysdig filter typed at the bottom; empty removes it" },
	{ KEY_F(5), SC_ACT_ECHO, 0, "F5 e", "echo: the data read and written by the selection" },
	{ 'e', SC_ACT_ECHO, 0, NULL, NULL },
	{ KEY_F(6), SC_ACT_DIG, 0, "F6 d", "dig: the events of the selection, as sysdig prints them" },
	{ 'd', SC_ACT_DIG, 0, NULL, NULL },
	{ KEY_F(7), SC_ACT_LEGEND, 0, "F7 l", "legend: what each column of the view shows" },
	{ 'l', SC_ACT_LEGEND, 0, NULL, NULL },
	{ KEY_F(8), SC_ACT_ACTIONS, 0, "F8 a", "actions: run one of the view's commands on the selected row" },
	{ 'a', SC_ACT_ACTIONS, 0, NULL, NULL },
	{ KEY_F(9), SC_ACT_SORT_MENU, 0, "F9 >", "choose the sort column" },
	{ '>', SC_ACT_SORT_MENU, 0, NULL, NULL },
	{ '<', SC_ACT_SORT_FLIP, 0, "<", "reverse the sort order" },
	{ '!', SC_ACT_SORT_COL, 1, "Shift+1..9", "sort by column 1..9 (again: reverse)" },
	{ '@', SC_ACT_SORT_COL, 2, NULL, NULL },
	{ '#', SC_ACT_SORT_COL, 3, NULL, NULL },
	{ '$', SC_ACT_SORT_COL, 4, NULL, NULL },
	{ '%', SC_ACT_SORT_COL, 5, NULL, NULL },
	{ '^', SC_ACT_SORT_COL, 6, NULL, NULL },
	{ '&', SC_ACT_SORT_COL, 7, NULL, NULL },
	{ '*', SC_ACT_SORT_COL, 8, NULL, NULL },
	{ '(', SC_ACT_SORT_COL, 9, NULL, NULL },
	{ '/', SC_ACT_SEARCH, 0, "/ Ctrl-F", "search the rows for text" },
	{ CTRL('f'), SC_ACT_SEARCH, 0, NULL, NULL },
	{ 'n', SC_ACT_SEARCH_NEXT, 0, "n", "next match of the last search" },
	{ 'p', SC_ACT_PAUSE, 0, "p", "pause or resume the updates" },
	{ '\n', SC_ACT_ENTER, 0, "Enter", "drill down into the selected row" },
	{ '\r', SC_ACT_ENTER, 0, NULL, NULL },
	{ KEY_ENTER, SC_ACT_ENTER, 0, NULL, NULL },
	{ KEY_BACKSPACE, SC_ACT_BACK, 0, "Backspace", "back up one level (or leave echo and dig)" },
	{ 127, SC_ACT_BACK, 0, NULL, NULL },
	{ 8, SC_ACT_BACK, 0, NULL, NULL },
	{ KEY_UP, SC_ACT_UP, 0, "Up Down", "move the selection" },
	{ KEY_DOWN, SC_ACT_DOWN, 0, NULL, NULL },
	{ KEY_PPAGE, SC_ACT_PGUP, 0, "PgUp PgDn", "a page up or down" },
	{ KEY_NPAGE, SC_ACT_PGDN, 0, NULL, NULL },
	{ KEY_HOME, SC_ACT_HOME, 0, "Home End", "the first or the last row" },
	{ KEY_END, SC_ACT_END, 0, NULL, NULL },
	{ CTRL('l'), SC_ACT_REDRAW, 0, "Ctrl-L", "redraw the screen" },
	{ KEY_RESIZE, SC_ACT_RESIZE, 0, NULL, NULL },
	{ KEY_F(10), SC_ACT_QUIT, 0, "F10 q", "quit" },
	{ 'q', SC_ACT_QUIT, 0, NULL, NULL },
};

struct sc_keyhit sc_keys_lookup(int key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].key == key)
			return (struct sc_keyhit){ keys[i].act, keys[i].arg };
	return (struct sc_keyhit){ SC_ACT_NONE, 0 };
}

void sc_keys_help(struct sc_strbuf *out)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].name)
			sc_strbuf_printf(out, "  %-12s %s\n", keys[i].name, keys[i].help);
}
