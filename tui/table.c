/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.c - the sortable table panel: order, selection, search, line text.
 */
#define _GNU_SOURCE   /* qsort_r */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void sc_table_init(struct sc_table *t, const struct sc_view *v)
{
	memset(t, 0, sizeof(*t));
	t->view = v;
	t->nshown = sc_view_shown_cols(v, t->shown, SC_TABLE_MAX_COLS);
	if (t->nshown > SC_TABLE_MAX_COLS)
		t->nshown = SC_TABLE_MAX_COLS;
	t->sort_col = sc_view_sort_col(v);
	/* a list keeps the order of its events; a table starts with the largest first */
	t->ascending = v->type == SC_VIEW_LIST;
}

void sc_table_release(struct sc_table *t)
{
	sc_agg_rows_free(&t->rows);
	free(t->order);
	free(t->sel_key);
	memset(t, 0, sizeof(*t));
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const struct sc_table *t = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct sc_agg_row *ra = &t->rows.rows[a], *rb = &t->rows.rows[b];
	int c = 0;

	if (t->nshown) {
		size_t col = t->shown[t->sort_col];

		c = sc_agg_cell_cmp(&ra->cells[col], &rb->cells[col]);
		if (!t->ascending)
			c = -c;
	}
	/* ties in key order, so that the same data always gives the same screen */
	if (!c)
		c = strcmp(ra->key, rb->key);
	return c ? c : (a < b ? -1 : a > b);
}

static void resort(struct sc_table *t)
{
	const char *key = t->sel_key;

	free(t->order);
	t->order = xcalloc(t->rows.n + 1, sizeof(*t->order));
	for (size_t i = 0; i < t->rows.n; i++)
		t->order[i] = i;
	if (t->view->type == SC_VIEW_TABLE)   /* a list keeps the order of its events */
		qsort_r(t->order, t->rows.n, sizeof(*t->order), cmp_rows, t);
	t->sel = 0;
	if (key)
		for (size_t i = 0; i < t->rows.n; i++)
			if (strcmp(t->rows.rows[t->order[i]].key, key) == 0) {
				t->sel = i;
				break;
			}
	if (t->view->type == SC_VIEW_LIST && !key && t->rows.n)
		t->sel = t->rows.n - 1;   /* a list follows its newest line until one is chosen */
	if (t->top > t->sel)
		t->top = t->sel;
}

void sc_table_set_rows(struct sc_table *t, struct sc_agg_rows *rows)
{
	sc_agg_rows_free(&t->rows);
	t->rows = *rows;
	memset(rows, 0, sizeof(*rows));
	rows->ncols = t->rows.ncols;
	resort(t);
}

void sc_table_sort(struct sc_table *t, int col)
{
	if (col < 0 || (size_t)col >= t->nshown)
		return;
	if (col == t->sort_col) {
		t->ascending = !t->ascending;
	} else {
		t->sort_col = col;
		/* numbers from the largest, text from A */
		t->ascending = t->rows.n && t->rows.rows[0].cells[t->shown[col]].kind == SC_CELL_TEXT;
	}
	resort(t);
}

static void select_pos(struct sc_table *t, size_t pos, size_t page)
{
	t->sel = pos;
	if (t->sel < t->top)
		t->top = t->sel;
	if (page && t->sel >= t->top + page)
		t->top = t->sel - page + 1;
	free(t->sel_key);
	t->sel_key = t->rows.n ? xstrdup(t->rows.rows[t->order[pos]].key) : NULL;
}

void sc_table_move(struct sc_table *t, long delta, size_t page)
{
	long pos = (long)t->sel + delta;

	if (!t->rows.n)
		return;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)t->rows.n)
		pos = (long)t->rows.n - 1;
	select_pos(t, (size_t)pos, page);
}

const struct sc_agg_row *sc_table_selected(const struct sc_table *t)
{
	return t->rows.n ? &t->rows.rows[t->order[t->sel]] : NULL;
}

bool sc_table_search(struct sc_table *t, const char *text, size_t page)
{
	struct sc_strbuf b = { 0 };

	for (size_t k = 1; k <= t->rows.n && *text; k++) {
		size_t pos = (t->sel + k) % t->rows.n;
		const struct sc_agg_row *r = &t->rows.rows[t->order[pos]];

		for (size_t c = 0; c < t->nshown; c++) {
			sc_strbuf_reset(&b);
			sc_table_cell_text(&r->cells[t->shown[c]], &b);
			if (b.s && strstr(b.s, text)) {
				sc_strbuf_free(&b);
				select_pos(t, pos, page);
				return true;
			}
		}
	}
	sc_strbuf_free(&b);
	return false;
}

void sc_table_reltime(uint64_t ns, struct sc_strbuf *out)
{
	static const struct { uint64_t div; const char *unit; } u[] = {
		{ 1000000000ULL, "s" }, { 1000000ULL, "ms" }, { 1000ULL, "us" },
	};

	/* a minute and more as csysdig: M:SS (and H:MM:SS from an hour) */
	if (ns >= 60000000000ULL) {
		uint64_t s = ns / 1000000000ULL;

		if (s >= 3600)
			sc_strbuf_printf(out, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600),
					 (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
		else
			sc_strbuf_printf(out, "%llu:%02llu", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
		return;
	}
	/* cut, not rounded, as csysdig: 3.0567 ms is 3.05ms, 15.9 us is 15us */
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (ns >= u[i].div) {
			uint64_t whole = ns / u[i].div;

			if (whole >= 10)
				sc_strbuf_printf(out, "%llu%s", (unsigned long long)whole, u[i].unit);
			else
				sc_strbuf_printf(out, "%llu.%02llu%s", (unsigned long long)whole,
						 (unsigned long long)(ns % u[i].div * 100 / u[i].div), u[i].unit);
			return;
		}
	sc_strbuf_printf(out, "%lluns", (unsigned long long)ns);
}

/* Byte-like sizes with a 1024 unit once they no longer fit a column comfortably. */
static void put_size(struct sc_strbuf *out, uint64_t v)
{
	static const char units[] = "KMGTP";
	double x = (double)v;
	int u = -1;

	if (v < 100000) {
		sc_strbuf_u64(out, v);
		return;
	}
	while (x >= 1024 && u < 4) {
		x /= 1024;
		u++;
	}
	sc_strbuf_printf(out, x >= 10 ? "%.0f%c" : "%.1f%c", x, units[u]);
}

void sc_table_cell_text(const struct sc_agg_cell *c, struct sc_strbuf *out)
{
	switch (c->kind) {
	case SC_CELL_TEXT:
		sc_strbuf_puts(out, c->s ? c->s : "");
		break;
	case SC_CELL_DOUBLE:
		if (c->type == SC_PT_RELTIME)
			sc_table_reltime(c->v.d > 0 ? (uint64_t)c->v.d : 0, out);
		else if (c->rate && c->v.d >= 100000)
			put_size(out, (uint64_t)c->v.d);
		else
			sc_strbuf_printf(out, "%.2f", c->v.d);
		break;
	case SC_CELL_INT:
		sc_strbuf_i64(out, c->v.i);
		break;
	default:
		if (c->type == SC_PT_RELTIME)
			sc_table_reltime(c->v.u, out);
		else if (c->fmt == SC_PF_ID || c->type == SC_PT_PORT || c->type == SC_PT_UID ||
			 c->type == SC_PT_GID)
			sc_strbuf_u64(out, c->v.u);
		else
			put_size(out, c->v.u);
		break;
	}
}

static bool right_aligned(const struct sc_agg_cell *c)
{
	return c->kind != SC_CELL_TEXT;
}

/* Appends text in a field of w characters (w == 0: the rest, up to room), then a space. */
static void put_field(struct sc_strbuf *out, const char *s, size_t w, bool right, size_t room)
{
	size_t n = strlen(s);

	if (!w) {
		sc_strbuf_add(out, s, n < room ? n : room);
		return;
	}
	if (w > room)
		w = room;
	if (n > w)
		n = w;
	if (right)
		for (size_t i = n; i < w; i++)
			sc_strbuf_putc(out, ' ');
	sc_strbuf_add(out, s, n);
	if (!right)
		for (size_t i = n; i < w; i++)
			sc_strbuf_putc(out, ' ');
	if (w < room)
		sc_strbuf_putc(out, ' ');
}

void sc_table_header(const struct sc_table *t, size_t width, struct sc_strbuf *out)
{
	size_t start = out->len;

	for (size_t c = 0; c < t->nshown && out->len - start < width; c++) {
		const struct sc_view_col *vc = &t->view->cols[t->shown[c]];
		bool right = t->rows.n ? right_aligned(&t->rows.rows[0].cells[t->shown[c]]) :
			     vc->aggregation != SC_AGG_NONE;

		put_field(out, vc->name, (size_t)vc->colsize, right, width - (out->len - start));
	}
}

void sc_table_line(const struct sc_table *t, size_t pos, size_t width, struct sc_strbuf *out)
{
	const struct sc_agg_row *r;
	struct sc_strbuf cell = { 0 };
	size_t start = out->len;

	if (pos >= t->rows.n)
		return;
	r = &t->rows.rows[t->order[pos]];
	for (size_t c = 0; c < t->nshown && out->len - start < width; c++) {
		const struct sc_agg_cell *ce = &r->cells[t->shown[c]];

		sc_strbuf_reset(&cell);
		sc_table_cell_text(ce, &cell);
		/* control characters would move the cursor */
		for (size_t i = 0; i < cell.len; i++)
			if ((unsigned char)cell.s[i] < 0x20 || cell.s[i] == 0x7f)
				cell.s[i] = '.';
		put_field(out, cell.s ? cell.s : "", (size_t)t->view->cols[t->shown[c]].colsize, right_aligned(ce),
			  width - (out->len - start));
	}
	sc_strbuf_free(&cell);
}
