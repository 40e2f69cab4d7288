/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aggregate.c - group-by aggregation of a view's columns, one hash table of
 * rows per tick (open addressing on the key's text).
 */
#include "aggregate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct sc_aggregate {
	const struct sc_view *v;
	struct sc_fcheck *chk;     /* one per column */
	uint8_t *kind;             /* enum sc_cell_kind per column */
	size_t key_col;
	long gb_col;               /* -1: no group-by key */
	struct sc_agg_rows rows;
	size_t *slots;             /* row index + 1, 0 = empty */
	size_t nslots;
	uint64_t seq;              /* list views: lines seen */
	size_t max_rows;
	bool thread_keyed;         /* the key or group-by key is a proc.* or thread.* field */
	struct sc_strbuf tmp;
};

static uint8_t kind_of(uint8_t type)
{
	switch (type) {
	case SC_PT_INT8: case SC_PT_INT16: case SC_PT_INT32: case SC_PT_INT64:
	case SC_PT_ERRNO: case SC_PT_FD: case SC_PT_PID:
		return SC_CELL_INT;
	case SC_PT_UINT8: case SC_PT_UINT16: case SC_PT_UINT32: case SC_PT_UINT64:
	case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_PORT: case SC_PT_UID: case SC_PT_GID:
	case SC_PT_BOOL:
		return SC_CELL_UINT;
	case SC_PT_DOUBLE:
		return SC_CELL_DOUBLE;
	default:
		return SC_CELL_TEXT;
	}
}

struct sc_aggregate *sc_aggregate_new(const struct sc_view *v, struct sc_err *err)
{
	struct sc_aggregate *a = xcalloc(1, sizeof(*a));

	a->v = v;
	a->gb_col = -1;
	a->chk = xcalloc(v->ncols + 1, sizeof(*a->chk));
	a->kind = xcalloc(v->ncols + 1, 1);
	a->rows.ncols = v->ncols;
	a->max_rows = 0;
	for (size_t i = 0; i < v->ncols; i++) {
		const struct sc_view_col *c = &v->cols[i];
		size_t used = 0;
		struct sc_err e = { 0 };

		if (sc_fcheck_parse(&a->chk[i], c->field, &used, &e) < 0 || c->field[used]) {
			if (used && !e.msg[0])
				sc_err_set(&e, SC_EFORMAT, "unexpected text after the field name");
			sc_err_set(err, SC_EFORMAT, "view %s: column %s: field '%s': %s", v->id, c->name,
				   c->field, e.msg);
			for (size_t j = 0; j <= i; j++)
				sc_fcheck_release(&a->chk[j]);
			free(a->chk);
			free(a->kind);
			free(a);
			return NULL;
		}
		a->kind[i] = kind_of(a->chk[i].type);
		if (c->is_key)
			a->key_col = i;
		if ((c->is_key || c->is_groupby_key) &&
		    (strncmp(c->field, "proc.", 5) == 0 || strncmp(c->field, "thread.", 7) == 0))
			a->thread_keyed = true;
		if (c->is_groupby_key && a->gb_col < 0)
			a->gb_col = (long)i;
	}
	return a;
}

static void row_release(struct sc_agg_row *r, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++)
		free(r->cells[i].s);
	free(r->cells);
	free(r->key);
}

void sc_agg_rows_free(struct sc_agg_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		row_release(&r->rows[i], r->ncols);
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
}

void sc_aggregate_free(struct sc_aggregate *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->v->ncols; i++)
		sc_fcheck_release(&a->chk[i]);
	free(a->chk);
	free(a->kind);
	sc_agg_rows_free(&a->rows);
	free(a->slots);
	sc_strbuf_free(&a->tmp);
	free(a);
}

void sc_aggregate_set_max_rows(struct sc_aggregate *a, size_t max)
{
	a->max_rows = max;
}

size_t sc_aggregate_nrows(const struct sc_aggregate *a)
{
	return a->rows.n;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	return h;
}

static void rehash(struct sc_aggregate *a, size_t nslots)
{
	free(a->slots);
	a->slots = xcalloc(nslots, sizeof(*a->slots));
	a->nslots = nslots;
	for (size_t i = 0; i < a->rows.n; i++) {
		size_t s = hash_str(a->rows.rows[i].key) & (nslots - 1);

		while (a->slots[s])
			s = (s + 1) & (nslots - 1);
		a->slots[s] = i + 1;
	}
}

static struct sc_agg_row *row_append(struct sc_agg_rows *rs, const char *key, const uint8_t *kind,
				     const struct sc_fcheck *chk)
{
	struct sc_agg_row *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->rows = xrealloc(rs->rows, rs->cap * sizeof(*rs->rows));
	}
	r = &rs->rows[rs->n++];
	r->key = xstrdup(key);
	r->cells = xcalloc(rs->ncols + 1, sizeof(*r->cells));
	for (size_t i = 0; i < rs->ncols; i++) {
		r->cells[i].kind = kind[i];
		r->cells[i].type = chk[i].type;
		r->cells[i].fmt = chk[i].fmt;
	}
	return r;
}

/* The row of key, created when new. */
static struct sc_agg_row *row_get(struct sc_aggregate *a, const char *key)
{
	size_t s;

	if ((a->rows.n + 1) * 2 > a->nslots)
		rehash(a, a->nslots ? a->nslots * 2 : 256);
	s = hash_str(key) & (a->nslots - 1);
	while (a->slots[s]) {
		struct sc_agg_row *r = &a->rows.rows[a->slots[s] - 1];

		if (strcmp(r->key, key) == 0)
			return r;
		s = (s + 1) & (a->nslots - 1);
	}
	a->slots[s] = a->rows.n + 1;
	return row_append(&a->rows, key, a->kind, a->chk);
}

/* Folds a number (in the cell's kind) into c. */
static void fold_num(struct sc_agg_cell *c, enum sc_agg agg, int64_t i, uint64_t u, double d)
{
	bool first = c->n == 0;

	switch (agg) {
	case SC_AGG_NONE:
		c->v.i = 0;
		if (c->kind == SC_CELL_INT) c->v.i = i;
		else if (c->kind == SC_CELL_UINT) c->v.u = u;
		else c->v.d = d;
		break;
	case SC_AGG_SUM: case SC_AGG_TIME_AVG: case SC_AGG_AVG:
		if (c->kind == SC_CELL_INT) c->v.i += i;
		else if (c->kind == SC_CELL_UINT) c->v.u += u;
		else c->v.d += d;
		break;
	case SC_AGG_MIN:
		if (c->kind == SC_CELL_INT) { if (first || i < c->v.i) c->v.i = i; }
		else if (c->kind == SC_CELL_UINT) { if (first || u < c->v.u) c->v.u = u; }
		else if (first || d < c->v.d) c->v.d = d;
		break;
	case SC_AGG_MAX:
		if (c->kind == SC_CELL_INT) { if (first || i > c->v.i) c->v.i = i; }
		else if (c->kind == SC_CELL_UINT) { if (first || u > c->v.u) c->v.u = u; }
		else if (first || d > c->v.d) c->v.d = d;
		break;
	}
	c->n++;
}

static void fold_text(struct sc_agg_cell *c, enum sc_agg agg, const char *s, bool keep_first)
{
	int cmp = c->s ? strcmp(s, c->s) : 0;

	if (!c->s || (agg == SC_AGG_MAX && cmp > 0) || (agg == SC_AGG_MIN && cmp < 0) ||
	    (agg != SC_AGG_MAX && agg != SC_AGG_MIN && !keep_first)) {
		free(c->s);
		c->s = xstrdup(s);
	}
	c->n++;
}

/* The value of column i for ctx's event into cell c. */
static void fold_event(struct sc_aggregate *a, size_t i, struct sc_agg_cell *c, const struct sc_fctx *ctx,
		       enum sc_agg agg)
{
	struct sc_fval v;

	if (!sc_fcheck_extract(&a->chk[i], ctx, &v)) {
		if (c->kind == SC_CELL_TEXT && !c->s)
			c->s = xstrdup("");
		return;
	}
	switch (c->kind) {
	case SC_CELL_INT:
		fold_num(c, agg, v.v.i, 0, 0);
		break;
	case SC_CELL_UINT:
		fold_num(c, agg, 0, v.v.u, 0);
		break;
	case SC_CELL_DOUBLE:
		fold_num(c, agg, 0, 0, v.v.d);
		break;
	default:
		sc_strbuf_reset(&a->tmp);
		sc_fval_to_text(&v, ctx, &a->tmp);
		fold_text(c, agg, a->tmp.s ? a->tmp.s : "", false);
		break;
	}
}

void sc_aggregate_add(struct sc_aggregate *a, const struct sc_fctx *ctx)
{
	const struct sc_view *v = a->v;
	struct sc_agg_row *r;
	struct sc_fval kv;

	if (v->type == SC_VIEW_LIST) {
		char num[24];

		if (a->max_rows && a->rows.n >= 2 * a->max_rows) {
			/* drop the oldest half at once: amortized, no per-line move */
			size_t drop = a->rows.n - a->max_rows + 1;

			for (size_t i = 0; i < drop; i++)
				row_release(&a->rows.rows[i], a->rows.ncols);
			memmove(a->rows.rows, a->rows.rows + drop, (a->rows.n - drop) * sizeof(*a->rows.rows));
			a->rows.n -= drop;
		}
		snprintf(num, sizeof(num), "%llu", (unsigned long long)++a->seq);
		r = row_append(&a->rows, num, a->kind, a->chk);
		for (size_t i = 0; i < v->ncols; i++)
			fold_event(a, i, &r->cells[i], ctx, SC_AGG_NONE);
		return;
	}
	/* as csysdig: rows keyed by a thread or process have none for an event of an unknown thread */
	if (a->thread_keyed && !ctx->ev->thread)
		return;
	sc_strbuf_reset(&a->tmp);
	if (sc_fcheck_extract(&a->chk[a->key_col], ctx, &kv))
		sc_fval_to_text(&kv, ctx, &a->tmp);
	r = row_get(a, a->tmp.s ? a->tmp.s : "");
	for (size_t i = 0; i < v->ncols; i++)
		fold_event(a, i, &r->cells[i], ctx, v->cols[i].aggregation);
}

static void finish_cell(struct sc_agg_cell *c, enum sc_agg agg, double secs)
{
	if (agg == SC_AGG_AVG && c->n > 1) {
		if (c->kind == SC_CELL_INT) c->v.i /= (int64_t)c->n;
		else if (c->kind == SC_CELL_UINT) c->v.u /= c->n;
		else if (c->kind == SC_CELL_DOUBLE) c->v.d /= (double)c->n;
	} else if (agg == SC_AGG_TIME_AVG && secs > 0 && c->kind != SC_CELL_TEXT) {
		double x = c->kind == SC_CELL_INT ? (double)c->v.i :
			   c->kind == SC_CELL_UINT ? (double)c->v.u : c->v.d;

		c->v.d = x / secs;
		c->kind = SC_CELL_DOUBLE;
		c->rate = true;
	}
	c->n = c->n ? 1 : 0;
}

/* Folds a finished cell src into the group's cell dst. */
static void merge_cell(struct sc_agg_cell *dst, const struct sc_agg_cell *src, enum sc_agg agg)
{
	if (src->kind == SC_CELL_TEXT) {
		fold_text(dst, agg, src->s ? src->s : "", true);
		return;
	}
	if (agg == SC_AGG_NONE) {   /* the first row of the group gives it */
		if (!dst->n) {
			dst->v = src->v;
			dst->kind = src->kind;
			dst->rate = src->rate;
		}
		dst->n++;
		return;
	}
	dst->kind = src->kind;
	dst->rate = src->rate;
	fold_num(dst, agg, src->v.i, src->v.u, src->v.d);
}

void sc_aggregate_tick(struct sc_aggregate *a, double secs, struct sc_agg_rows *out)
{
	const struct sc_view *v = a->v;

	sc_agg_rows_free(out);
	out->ncols = v->ncols;
	for (size_t r = 0; r < a->rows.n && v->type == SC_VIEW_TABLE; r++)
		for (size_t i = 0; i < v->ncols; i++)
			finish_cell(&a->rows.rows[r].cells[i], v->cols[i].aggregation, secs);
	if (a->gb_col >= 0 && v->type == SC_VIEW_TABLE) {
		struct sc_agg_rows keyed = a->rows;
		size_t g = (size_t)a->gb_col;

		/* the same table again, keyed by the group-by column's value */
		memset(&a->rows, 0, sizeof(a->rows));
		a->rows.ncols = v->ncols;
		memset(a->slots, 0, a->nslots * sizeof(*a->slots));
		for (size_t r = 0; r < keyed.n; r++) {
			const struct sc_agg_cell *gc = &keyed.rows[r].cells[g];
			struct sc_agg_row *grp;

			sc_strbuf_reset(&a->tmp);
			if (gc->kind == SC_CELL_TEXT)
				sc_strbuf_puts(&a->tmp, gc->s ? gc->s : "");
			else if (gc->kind == SC_CELL_INT)
				sc_strbuf_i64(&a->tmp, gc->v.i);
			else if (gc->kind == SC_CELL_UINT)
				sc_strbuf_u64(&a->tmp, gc->v.u);
			else
				sc_strbuf_printf(&a->tmp, "%g", gc->v.d);
			grp = row_get(a, a->tmp.s);
			for (size_t i = 0; i < v->ncols; i++)
				merge_cell(&grp->cells[i], &keyed.rows[r].cells[i], v->cols[i].groupby_aggregation);
		}
		for (size_t r = 0; r < a->rows.n; r++)
			for (size_t i = 0; i < v->ncols; i++)
				if (v->cols[i].groupby_aggregation == SC_AGG_AVG)
					finish_cell(&a->rows.rows[r].cells[i], SC_AGG_AVG, 0);
		sc_agg_rows_free(&keyed);
	}
	*out = a->rows;
	memset(&a->rows, 0, sizeof(a->rows));
	a->rows.ncols = v->ncols;
	if (a->slots)
		memset(a->slots, 0, a->nslots * sizeof(*a->slots));
	if (v->type == SC_VIEW_LIST) {
		/* a list keeps its lines: the caller gets a copy */
		struct sc_agg_rows keep = { .ncols = v->ncols };

		for (size_t r = 0; r < out->n; r++) {
			struct sc_agg_row *c = row_append(&keep, out->rows[r].key, a->kind, a->chk);

			for (size_t i = 0; i < v->ncols; i++) {
				c->cells[i] = out->rows[r].cells[i];
				c->cells[i].s = out->rows[r].cells[i].s ? xstrdup(out->rows[r].cells[i].s) : NULL;
			}
		}
		a->rows = keep;
	}
}

int sc_agg_cell_cmp(const struct sc_agg_cell *a, const struct sc_agg_cell *b)
{
	if (a->kind == SC_CELL_TEXT || b->kind == SC_CELL_TEXT)
		return strcmp(a->s ? a->s : "", b->s ? b->s : "");
	if (a->kind == SC_CELL_DOUBLE || b->kind == SC_CELL_DOUBLE) {
		double x = a->kind == SC_CELL_DOUBLE ? a->v.d : a->kind == SC_CELL_INT ? (double)a->v.i : (double)a->v.u;
		double y = b->kind == SC_CELL_DOUBLE ? b->v.d : b->kind == SC_CELL_INT ? (double)b->v.i : (double)b->v.u;

		return x < y ? -1 : x > y;
	}
	if (a->kind == SC_CELL_INT)
		return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
	return a->v.u < b->v.u ? -1 : a->v.u > b->v.u;
}
