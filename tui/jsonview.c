/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonview.c - the -j and --list-views output.
 */
#include "jsonview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields.h"

static void jstr(struct sc_strbuf *out, const char *s)
{
	sc_json_string(out, s ? s : "", s ? strlen(s) : 0);
}

static void jstrs(struct sc_strbuf *out, char *const *v, size_t n)
{
	sc_strbuf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sc_strbuf_putc(out, ',');
		jstr(out, v[i]);
	}
	sc_strbuf_putc(out, ']');
}

void sc_json_double(double d, struct sc_strbuf *out)
{
	char buf[40];

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	sc_strbuf_puts(out, buf);
	if (!strpbrk(buf, ".eEni"))
		sc_strbuf_puts(out, ".0");
}

static void cell_json(const struct sc_agg_cell *c, struct sc_strbuf *out)
{
	struct sc_strbuf t = { 0 };

	switch (c->kind) {
	case SC_CELL_TEXT:
		jstr(out, c->s);
		return;
	case SC_CELL_DOUBLE:
		if (c->type == SC_PT_RELTIME)
			break;
		sc_json_double(c->v.d, out);
		return;
	case SC_CELL_INT:
		sc_strbuf_i64(out, c->v.i);
		return;
	default:
		if (c->type == SC_PT_RELTIME)
			break;
		sc_strbuf_u64(out, c->v.u);
		return;
	}
	/* times as csysdig prints them: text, right-aligned in ten characters */
	sc_table_reltime(c->kind == SC_CELL_DOUBLE ? (uint64_t)c->v.d : c->v.u, &t);
	sc_strbuf_printf(out, "\"%10s\"", t.s);
	sc_strbuf_free(&t);
}

static const char *fmt_name(uint8_t fmt)
{
	static const char *const names[] = {
		[SC_PF_NA] = "NA", [SC_PF_DEC] = "DEC", [SC_PF_HEX] = "HEX",
		[SC_PF_10_PADDED_DEC] = "10_PADDED_DEC", [SC_PF_ID] = "ID", [SC_PF_DIR] = "DIR",
		[SC_PF_OCT] = "OCT",
	};

	return fmt < sizeof(names) / sizeof(names[0]) && names[fmt] ? names[fmt] : "NA";
}

/* The legend's type and format of a shown column: from its field in the registry. */
static void legend_entry(const struct sc_view_col *c, struct sc_strbuf *out)
{
	struct sc_fcheck chk = { 0 };
	struct sc_err err = { 0 };
	size_t used = 0;
	uint8_t type = SC_PT_CHARBUF, fmt = SC_PF_NA;

	if (sc_fcheck_parse(&chk, c->field, &used, &err) == 0) {
		type = chk.type;
		fmt = chk.fmt;
		sc_fcheck_release(&chk);
	}
	sc_strbuf_puts(out, "{\"format\":");
	jstr(out, fmt_name(fmt));
	sc_strbuf_puts(out, ",\"name\":");
	jstr(out, c->name);
	sc_strbuf_printf(out, ",\"size\":%d,\"type\":", c->colsize);
	jstr(out, sc_ptype_name(type));
	sc_strbuf_putc(out, '}');
}

static void info_json(const struct sc_table *t, const struct sc_viewset *set, const char *user_filter,
		      struct sc_strbuf *out)
{
	const struct sc_view *v = t->view;
	const struct sc_view_col *dc = sc_view_drill_col(v);
	bool drill = v->type == SC_VIEW_TABLE && v->drilldown_target && *v->drilldown_target && dc;

	sc_strbuf_puts(out, "{\"appliesTo\":");
	jstrs(out, v->applies_to, v->napplies);
	sc_strbuf_printf(out, ",\"canDrillDown\":%s", drill ? "true" : "false");
	if (drill) {
		const struct sc_view *target = sc_viewset_find(set, v->drilldown_target);
		const char *key = dc->filterfield ? dc->filterfield : dc->field;
		struct sc_strbuf tmpl = { 0 }, full = { 0 };

		/* the filter of a drill-down, with a placeholder for the selected key */
		if (user_filter && *user_filter)   /* csysdig's spelling: the command line's words and a space */
			sc_strbuf_printf(&tmpl, "(%s ) and (", user_filter);
		if (v->filter)
			sc_strbuf_printf(&tmpl, "(%s) and ", v->filter);
		sc_strbuf_printf(&tmpl, "%s=\"@#$f1CA^&;\"", key);
		if (user_filter && *user_filter)
			sc_strbuf_putc(&tmpl, ')');
		if (target && target->filter)
			sc_strbuf_printf(&full, "(%s) and (%s)", tmpl.s, target->filter);
		else
			sc_strbuf_puts(&full, tmpl.s);
		sc_strbuf_puts(out, ",\"drillDownKeyField\":");
		jstr(out, key);
		sc_strbuf_puts(out, ",\"filterTemplate\":");
		jstr(out, tmpl.s);
		sc_strbuf_puts(out, ",\"filterTemplateF\":");
		jstr(out, full.s);
		sc_strbuf_free(&tmpl);
		sc_strbuf_free(&full);
	}
	sc_strbuf_puts(out, ",\"legend\":[");
	for (size_t i = 0; i < t->nshown; i++) {
		if (i)
			sc_strbuf_putc(out, ',');
		legend_entry(&v->cols[t->shown[i]], out);
	}
	/* the view's own sort column, as csysdig reports it whatever --sortingcol says */
	sc_strbuf_printf(out, "],\"sortingCol\":%d}", sc_view_sort_col(v) + 1);
}

void sc_jsonview_begin(struct sc_strbuf *out)
{
	sc_strbuf_puts(out, "{\"slices\": [\n{\"progress\": 0},\n");
}

void sc_jsonview_end(struct sc_strbuf *out)
{
	sc_strbuf_puts(out, "]}\n");
}

void sc_jsonview_slice(const struct sc_table *t, const struct sc_viewset *set, const char *user_filter,
		       long from, long to, struct sc_strbuf *out)
{
	size_t n = 0;

	if (to < 0 || (size_t)to >= t->rows.n)
		to = (long)t->rows.n - 1;
	if (from < 0)
		from = 0;
	sc_strbuf_puts(out, "{\"progress\": 100, ");
	for (long pos = from; pos <= to; pos++) {
		const struct sc_agg_row *r = &t->rows.rows[t->order[pos]];

		sc_strbuf_puts(out, n ? ",\n" : "\"data\": [\n");
		sc_strbuf_puts(out, "{\"d\":[");
		for (size_t c = 0; c < t->nshown; c++) {
			if (c)
				sc_strbuf_putc(out, ',');
			cell_json(&r->cells[t->shown[c]], out);
		}
		sc_strbuf_puts(out, "],\"k\":");
		jstr(out, r->key);
		sc_strbuf_putc(out, '}');
		n++;
	}
	if (n)
		sc_strbuf_puts(out, "],\n");
	sc_strbuf_printf(out, "\"count\": %zu, \"info\": ", n);
	info_json(t, set, user_filter, out);
	sc_strbuf_puts(out, "}\n");
}

void sc_jsonview_list(const struct sc_viewset *set, struct sc_strbuf *out)
{
	sc_strbuf_putc(out, '[');
	for (size_t i = 0; i < set->n; i++) {
		const struct sc_view *v = &set->views[i];

		if (i)
			sc_strbuf_putc(out, ',');
		sc_strbuf_puts(out, "{\"appliesTo\":");
		jstrs(out, v->applies_to, v->napplies);
		sc_strbuf_printf(out, ",\"canDrillDown\":%s,\"description\":",
				 v->type == SC_VIEW_TABLE ? "true" : "false");
		jstr(out, v->description);
		sc_strbuf_puts(out, ",\"drilldownTarget\":");
		jstr(out, v->drilldown_target);
		sc_strbuf_puts(out, ",\"filter\":");
		jstr(out, v->filter);
		sc_strbuf_puts(out, ",\"id\":");
		jstr(out, v->id);
		sc_strbuf_printf(out, ",\"isRoot\":%s,\"name\":", v->is_root ? "true" : "false");
		jstr(out, v->name);
		if (v->ntags) {
			sc_strbuf_puts(out, ",\"tags\":");
			jstrs(out, v->tags, v->ntags);
		}
		if (v->ntips) {
			sc_strbuf_puts(out, ",\"tips\":");
			jstrs(out, v->tips, v->ntips);
		}
		sc_strbuf_putc(out, '}');
	}
	sc_strbuf_puts(out, "]\n");
}
