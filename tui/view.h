/* SPDX-License-Identifier: Apache-2.0 */
/*
 * view.h - csyscope's view definitions: the Lua data files of
 * chisels/views/ (each sets or returns a table `view_info`, as csysdig's
 * do), read with a Lua state that has no I/O or OS library, into plain C
 * structs. Columns tagged "containers" are left out (no container columns
 * without -pc, as csysdig).
 *
 * Ownership: a struct sc_viewset owns its views and every string in them;
 * sc_viewset_free() releases it all. Views found in it are borrowed.
 */
#ifndef SC_TUI_VIEW_H
#define SC_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum sc_view_type { SC_VIEW_TABLE = 0, SC_VIEW_LIST };

/* How a column folds the values of many events (or of many keys, for groupby_aggregation). */
enum sc_agg { SC_AGG_NONE = 0, SC_AGG_SUM, SC_AGG_AVG, SC_AGG_TIME_AVG, SC_AGG_MIN, SC_AGG_MAX };

struct sc_view_col {
	char *name;
	char *field;            /* a field of the registry, with its argument if any */
	char *description;      /* or NULL */
	int colsize;            /* 0: the rest of the line */
	enum sc_agg aggregation;
	enum sc_agg groupby_aggregation;
	bool is_key;            /* rows are one per value of this field */
	bool is_groupby_key;    /* then grouped again by this one */
	bool is_sorting;        /* the default sort column */
	char *filterfield;      /* drill-down uses this field instead of the key's, or NULL */
};

struct sc_view_action {
	char *hotkey, *command, *description;
	bool ask_confirmation;
	bool wait_finish;       /* wait for a key after the command (default true) */
};

struct sc_view {
	char *id, *name, *description;   /* description may be NULL */
	char **tips; size_t ntips;
	char **tags; size_t ntags;
	enum sc_view_type type;
	char *filter;                    /* or NULL */
	char **applies_to; size_t napplies;
	bool is_root, use_defaults, propagate_filter;
	char *drilldown_target;          /* a view id, or NULL */
	struct sc_view_col *cols; size_t ncols;
	struct sc_view_action *actions; size_t nactions;
	char *path;                      /* the file it came from */
};

struct sc_viewset {
	struct sc_view *views; size_t n;   /* sorted by name, as the F2 menu lists them */
};

/* Reads one view file into *v (zeroed first). SC_EFORMAT with the file and what is wrong. */
int sc_view_load_file(const char *path, struct sc_view *v, struct sc_err *err);
/* Reads one view from Lua source text (name is used in messages). */
int sc_view_load_string(const char *name, const char *text, struct sc_view *v, struct sc_err *err);
void sc_view_release(struct sc_view *v);

/* Loads every *.lua file of dir; a bad file fails the whole load (views are part of the program). */
int sc_viewset_load_dir(struct sc_viewset *set, const char *dir, struct sc_err *err);
void sc_viewset_free(struct sc_viewset *set);
/* The view with that id, or NULL. */
const struct sc_view *sc_viewset_find(const struct sc_viewset *set, const char *id);
/* Does v offer itself for a level whose drill-down key is field ("" at the top)? */
bool sc_view_applies_to(const struct sc_view *v, const char *field);

/* Columns shown (not the key columns), and the one sorting by default (index among shown, or 0). */
size_t sc_view_shown_cols(const struct sc_view *v, size_t *idx, size_t max);
int sc_view_sort_col(const struct sc_view *v);
/* The column whose value a drill-down filters on (group-by key, else key), or NULL. */
const struct sc_view_col *sc_view_drill_col(const struct sc_view *v);

const char *sc_agg_name(enum sc_agg a);

#endif /* SC_TUI_VIEW_H */
