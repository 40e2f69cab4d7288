/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonview.h - csyscope's non-interactive output, in csysdig's layout: -j
 * writes a view's rows (slices of {"d": values, "k": key} with the view's
 * legend and drill-down templates), --list-views the views themselves.
 */
#ifndef SC_TUI_JSONVIEW_H
#define SC_TUI_JSONVIEW_H

#include <stddef.h>

#include "core/strbuf.h"
#include "table.h"
#include "view.h"

/*
 * One data slice: rows from..to (display order, both included; to < 0 =
 * the last), then the view's info. set gives the drill-down target's filter;
 * user_filter (the command line's, or NULL) is part of the drill-down templates.
 */
void sc_jsonview_slice(const struct sc_table *t, const struct sc_viewset *set, const char *user_filter,
		       long from, long to, struct sc_strbuf *out);
/* The opening of the output and its first, empty slice; and the close. */
void sc_jsonview_begin(struct sc_strbuf *out);
void sc_jsonview_end(struct sc_strbuf *out);
/* --list-views: every view as one JSON array, sorted by name. */
void sc_jsonview_list(const struct sc_viewset *set, struct sc_strbuf *out);

/* A double as the shortest text that reads back the same, with ".0" when it is whole. */
void sc_json_double(double d, struct sc_strbuf *out);

#endif /* SC_TUI_JSONVIEW_H */
