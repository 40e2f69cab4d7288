/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen.h - the screen manager: the only place that talks to the terminal
 * (ncursesw). It draws a model the controller fills (two header bars, the
 * table panel or a text panel, the footer, and at most one overlay: a menu,
 * the help, or an input line) and hands out keys. The terminal is given
 * back as it was by sc_screen_end(), also from a signal or an error path.
 *
 * Ownership: the model and everything it points to stay the caller's.
 */
#ifndef SC_TUI_SCREEN_H
#define SC_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "table.h"

enum sc_overlay { SC_OV_NONE = 0, SC_OV_MENU, SC_OV_HELP, SC_OV_INPUT };

struct sc_screen_model {
	const char *line1, *line2;          /* what is viewed, and the source and filter */
	const struct sc_table *table;       /* the table panel, or NULL for the text panel */
	char *const *text;                  /* text panel lines (echo, dig) */
	size_t ntext, text_top;
	const char *text_title;             /* the text panel's header bar */
	const char *footer_right;           /* e.g. "3/38(7.9%)" */
	enum sc_overlay overlay;
	const char *menu_title;
	char *const *menu_items;
	size_t menu_n, menu_sel;
	const char *menu_side;              /* text beside the menu (the view's description) */
	const char *help_text;
	const char *input_prompt, *input_text;
	const char *input_error;            /* under the input line, or NULL */
	const char *message;                /* a one-line note above the footer, or NULL */
};

/* Starts ncurses on the terminal; -ENOTTY with a message when stdin/stdout is not one. */
int sc_screen_start(struct sc_err *err);
/* Gives the terminal back (idempotent, safe after a failed start). */
void sc_screen_end(void);
/* A key (ncurses code, KEY_RESIZE after SIGWINCH), or -1 after timeout_ms without one. */
int sc_screen_getkey(int timeout_ms);
/* Gives the terminal to a command (the shell's mode back) and takes it again afterwards. */
void sc_screen_suspend(void);
void sc_screen_resume(void);
/* Rows the table or text panel shows. */
size_t sc_screen_page(void);
void sc_screen_draw(const struct sc_screen_model *m);

#endif /* SC_TUI_SCREEN_H */
