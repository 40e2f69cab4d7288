/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.h - the sortable table panel: the rows of the last tick, their order
 * by the sort column, the selection (kept on the same key across ticks),
 * scrolling and search; and the text of each line, cut to the columns'
 * widths. It draws nothing itself: the screen manager puts the lines it
 * returns on the terminal (and the tests read them without a terminal).
 *
 * Ownership: the table borrows the view; it owns the rows given to
 * sc_table_set_rows() (which takes them and empties the caller's struct).
 */
#ifndef SC_TUI_TABLE_H
#define SC_TUI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "aggregate.h"
#include "view.h"

#define SC_TABLE_MAX_COLS 64

struct sc_table {
	const struct sc_view *view;
	size_t shown[SC_TABLE_MAX_COLS];  /* view column index of each shown column */
	size_t nshown;
	struct sc_agg_rows rows;
	size_t *order;                    /* rows in display order */
	int sort_col;                     /* index among shown columns */
	bool ascending;
	size_t sel;                       /* position in order */
	size_t top;                       /* first position drawn */
	char *sel_key;                    /* the selected row's key, kept across ticks */
};

void sc_table_init(struct sc_table *t, const struct sc_view *v);
void sc_table_release(struct sc_table *t);

/* Takes the rows (rows is emptied), sorts them, and keeps the selection on the same key. */
void sc_table_set_rows(struct sc_table *t, struct sc_agg_rows *rows);
/* Sort by shown column col; the same column again flips the direction. Numbers start descending. */
void sc_table_sort(struct sc_table *t, int col);

/* Moves the selection by delta rows (clamped); page is the rows visible, for keeping it in view. */
void sc_table_move(struct sc_table *t, long delta, size_t page);
/* The selected row, or NULL when the table is empty. */
const struct sc_agg_row *sc_table_selected(const struct sc_table *t);
/* Selects the next row (after the selection, wrapping) with text in any shown cell; false if none. */
bool sc_table_search(struct sc_table *t, const char *text, size_t page);

/* The header line (column names, the sort column marked) and row line pos, width characters at most. */
void sc_table_header(const struct sc_table *t, size_t width, struct sc_strbuf *out);
void sc_table_line(const struct sc_table *t, size_t pos, size_t width, struct sc_strbuf *out);

/* A cell's text as the table shows it (sizes with K/M/G, times with units, rates with decimals). */
void sc_table_cell_text(const struct sc_agg_cell *c, struct sc_strbuf *out);
/* A relative time in ns as csysdig shows it: 0ns, 3.01us, 40us, 643ms, 1.28s. */
void sc_table_reltime(uint64_t ns, struct sc_strbuf *out);

#endif /* SC_TUI_TABLE_H */
