/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aggregate.h - a view's numbers: every event that passed the view's filter
 * is read through the field registry into one row per key value, each
 * column folded by its aggregation (SUM, AVG, TIME_AVG, MIN, MAX, or the
 * last value); at the end of a tick the rows are grouped again by the
 * group-by key (groupby_aggregation) and handed out. A list view keeps one
 * row per event instead.
 *
 * Ownership: sc_aggregate_new() returns an aggregator the caller frees with
 * sc_aggregate_free(); it borrows the view, which must outlive it. The rows
 * of sc_aggregate_tick() belong to the caller (sc_agg_rows_free()).
 */
#ifndef SC_TUI_AGGREGATE_H
#define SC_TUI_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/fields.h"
#include "view.h"

enum sc_cell_kind { SC_CELL_INT = 0, SC_CELL_UINT, SC_CELL_DOUBLE, SC_CELL_TEXT };

struct sc_agg_cell {
	uint8_t kind;          /* enum sc_cell_kind */
	uint8_t type, fmt;     /* the field's enum sc_ptype / sc_pfmt (the legend) */
	bool rate;             /* a TIME_AVG divided by the tick: v.d holds it */
	uint64_t n;            /* values folded in (for AVG) */
	union {
		int64_t i;
		uint64_t u;
		double d;
	} v;
	char *s;               /* SC_CELL_TEXT, owned */
};

struct sc_agg_row {
	char *key;                 /* the key's text (list views: the line number), owned */
	struct sc_agg_cell *cells; /* one per column of the view, owned */
};

struct sc_agg_rows {
	struct sc_agg_row *rows;
	size_t n, cap;
	size_t ncols;
};

struct sc_aggregate;

/* NULL with err (the column and its field) when a column names no known field. */
struct sc_aggregate *sc_aggregate_new(const struct sc_view *v, struct sc_err *err);
void sc_aggregate_free(struct sc_aggregate *a);

/* Folds in the event of ctx (which already passed the view's filter). */
void sc_aggregate_add(struct sc_aggregate *a, const struct sc_fctx *ctx);

/*
 * Ends a tick: AVG columns divided by their counts, TIME_AVG ones by secs
 * (secs <= 0: left as sums), rows grouped by the group-by key; the rows
 * are moved into *out (emptied first) and the aggregator starts again empty.
 */
void sc_aggregate_tick(struct sc_aggregate *a, double secs, struct sc_agg_rows *out);
/* Rows folded in since the last tick. */
size_t sc_aggregate_nrows(const struct sc_aggregate *a);
/* List views: at most max lines are kept (the oldest go first); 0 = no bound. */
void sc_aggregate_set_max_rows(struct sc_aggregate *a, size_t max);

void sc_agg_rows_free(struct sc_agg_rows *r);

/* Compares two cells of one column: <0, 0, >0 (numbers by value, text by bytes). */
int sc_agg_cell_cmp(const struct sc_agg_cell *a, const struct sc_agg_cell *b);

#endif /* SC_TUI_AGGREGATE_H */
