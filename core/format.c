/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.c - compiled output templates: literal text and field tokens,
 * rendered to text lines or to JSON objects with sorted keys, as sysdig
 * prints them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "inspector.h"
#include "util.h"

/* The widest %NNfield column accepted. */
#define SC_FORMAT_MAX_WIDTH 65536

struct token {
	char *lit;             /* literal text, or NULL for a field */
	size_t litlen;
	struct sc_fcheck chk;  /* the field */
	uint32_t width;        /* %NNfield: pad or cut to NN, 0 = as is */
	bool ok;               /* per event: a value was extracted */
	struct sc_fval val;
};

struct sc_formatter {
	struct token *toks;
	size_t ntoks;
	bool require_all;      /* no leading '*' */
	bool json;
	size_t *json_order;    /* field tokens by key, duplicates dropped */
	size_t njson;
	struct sc_fctx ctx;
	struct sc_tzcache tz;
};

static void add_literal(struct sc_formatter *f, const char *s, size_t n)
{
	struct token *t;

	if (!n)
		return;
	f->toks = xrealloc(f->toks, (f->ntoks + 1) * sizeof(*f->toks));
	t = &f->toks[f->ntoks++];
	memset(t, 0, sizeof(*t));
	t->lit = xstrndup(s, n);
	t->litlen = n;
}

/* Orders the field tokens by key for JSON; a key used twice keeps its last token. */
static void build_json_order(struct sc_formatter *f)
{
	size_t n = 0;

	f->json_order = xcalloc(f->ntoks ? f->ntoks : 1, sizeof(size_t));
	for (size_t i = 0; i < f->ntoks; i++) {
		bool dup = false;

		if (f->toks[i].lit)
			continue;
		for (size_t j = i + 1; j < f->ntoks; j++)
			if (!f->toks[j].lit && strcmp(f->toks[i].chk.name, f->toks[j].chk.name) == 0)
				dup = true;
		if (!dup)
			f->json_order[n++] = i;
	}
	/* few keys: insertion sort by name */
	for (size_t i = 1; i < n; i++) {
		size_t v = f->json_order[i], j = i;

		while (j && strcmp(f->toks[f->json_order[j - 1]].chk.name, f->toks[v].chk.name) > 0) {
			f->json_order[j] = f->json_order[j - 1];
			j--;
		}
		f->json_order[j] = v;
	}
	f->njson = n;
}

struct sc_formatter *sc_format_new(const char *tmpl, const struct sc_format_opts *opts,
				   struct sc_err *err)
{
	struct sc_formatter *f = xcalloc(1, sizeof(*f));
	const char *s, *lit;
	size_t base = 0;

	if (!tmpl)
		tmpl = opts && opts->tty && !opts->json ? SC_FORMAT_DEFAULT_TTY : SC_FORMAT_DEFAULT;
	if (!*tmpl) {
		sc_err_set(err, SC_EFORMAT, "empty formatting token");
		free(f);
		return NULL;
	}
	s = tmpl;
	f->require_all = true;
	if (*s == '*') {
		f->require_all = false;
		s++;
		base = 1;
	}
	lit = s;
	while (*s) {
		struct token *t;
		uint32_t width = 0;
		size_t used;
		int rc;

		if (*s != '%') {
			s++;
			continue;
		}
		add_literal(f, lit, (size_t)(s - lit));
		if (!s[1]) {
			sc_err_set(err, SC_EFORMAT, "invalid formatting syntax: formatting cannot end with a %%");
			if (err)
				err->col = (int)(s - tmpl) + 1;
			sc_format_free(f);
			return NULL;
		}
		s++;
		while (isdigit((unsigned char)*s)) {
			width = width * 10 + (uint32_t)(*s++ - '0');
			if (width > SC_FORMAT_MAX_WIDTH) {
				sc_err_set(err, SC_EFORMAT, "field width too large (at most %d)", SC_FORMAT_MAX_WIDTH);
				if (err)
					err->col = (int)(s - tmpl);
				sc_format_free(f);
				return NULL;
			}
		}
		f->toks = xrealloc(f->toks, (f->ntoks + 1) * sizeof(*f->toks));
		t = &f->toks[f->ntoks];
		memset(t, 0, sizeof(*t));
		rc = sc_fcheck_parse(&t->chk, s, &used, err);
		if (rc < 0) {
			if (err) {
				err->col = (int)(s - tmpl) + 1;
				if (strncmp(err->msg, "unknown field", 13) == 0)
					sc_err_set(err, SC_EFORMAT, "invalid formatting token %s", s);
				err->col = (int)(s - tmpl) + 1;
			}
			sc_fcheck_release(&t->chk);
			sc_format_free(f);
			return NULL;
		}
		t->width = width;
		f->ntoks++;
		s += used;
		lit = s;
	}
	add_literal(f, lit, (size_t)(s - lit));
	(void)base;

	f->json = opts && opts->json;
	f->ctx.bufmode = opts ? opts->buf_mode : SC_BUF_DOTS;
	f->ctx.json = f->json;
	f->ctx.time_mode = opts && opts->time_mode ? opts->time_mode : 'h';
	f->ctx.max_buflen = opts && opts->verbose ? 0 : (opts && opts->max_buflen ? opts->max_buflen : 80);
	f->ctx.tz = &f->tz;
	if (f->json)
		build_json_order(f);
	return f;
}

void sc_format_free(struct sc_formatter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->ntoks; i++) {
		free(f->toks[i].lit);
		if (!f->toks[i].lit)
			sc_fcheck_release(&f->toks[i].chk);
	}
	free(f->toks);
	free(f->json_order);
	free(f);
}

static int line_text(struct sc_formatter *f, struct sc_fctx *ctx, struct sc_strbuf *out)
{
	size_t start = out->len;
	bool ok = true;

	for (size_t i = 0; i < f->ntoks; i++) {
		struct token *t = &f->toks[i];
		size_t at;

		if (t->lit) {
			if (ok)
				sc_strbuf_add(out, t->lit, t->litlen);
			continue;
		}
		if (ok && !t->width && t->chk.field->render) {
			/* fields that write their text straight into the line */
			if (t->chk.field->render(&t->chk, ctx, out))
				continue;
			if (f->require_all)
				ok = false;
			else
				sc_strbuf_add(out, "<NA>", 4);
			continue;
		}
		/* every field is read even after a miss: some keep state across events */
		t->ok = sc_fcheck_extract(&t->chk, ctx, &t->val) && sc_fval_printable(&t->val);
		if (!ok)
			continue;
		if (!t->ok && f->require_all) {
			ok = false;
			continue;
		}
		at = out->len;
		if (t->ok)
			sc_fval_to_text(&t->val, ctx, out);
		else
			sc_strbuf_add(out, "<NA>", 4);
		if (t->width) {
			size_t n = out->len - at;

			if (n > t->width) {
				out->len = at + t->width;
				out->s[out->len] = '\0';
			} else {
				for (; n < t->width; n++)
					sc_strbuf_putc(out, ' ');
			}
		}
	}
	if (!ok) {
		out->len = start;
		if (out->s)
			out->s[start] = '\0';
		return 0;
	}
	sc_strbuf_putc(out, '\n');
	return 1;
}

static int line_json(struct sc_formatter *f, struct sc_fctx *ctx, struct sc_strbuf *out)
{
	bool ok = true;

	for (size_t i = 0; i < f->ntoks; i++) {
		struct token *t = &f->toks[i];

		if (t->lit)
			continue;
		t->ok = sc_fcheck_extract(&t->chk, ctx, &t->val) && sc_fval_printable(&t->val);
		if (!t->ok && f->require_all)
			ok = false;
	}
	if (!ok)
		return 0;
	sc_strbuf_putc(out, '{');
	for (size_t j = 0; j < f->njson; j++) {
		struct token *t = &f->toks[f->json_order[j]];

		if (j)
			sc_strbuf_putc(out, ',');
		sc_json_string(out, t->chk.name, strlen(t->chk.name));
		sc_strbuf_putc(out, ':');
		if (t->ok)
			sc_fval_to_json(&t->val, ctx, out);
		else
			sc_strbuf_add(out, "null", 4);
	}
	sc_strbuf_add(out, "}\n", 2);
	return 1;
}

int sc_format_ctx(struct sc_formatter *f, struct sc_fctx *ctx, struct sc_strbuf *out)
{
	struct sc_tzcache *own = ctx->tz;
	int rc;

	ctx->bufmode = f->ctx.bufmode;
	ctx->json = f->ctx.json;
	ctx->time_mode = f->ctx.time_mode;
	ctx->max_buflen = f->ctx.max_buflen;
	/* the formatter's time cache serves for this call only: ctx may outlive f */
	if (!own)
		ctx->tz = &f->tz;
	rc = f->json ? line_json(f, ctx, out) : line_text(f, ctx, out);
	ctx->tz = own;
	return rc;
}

int sc_format_event(struct sc_formatter *f, struct sc_inspector *in, const struct sc_evt *ev,
		    struct sc_strbuf *out)
{
	struct sc_fctx *ctx = &f->ctx;

	ctx->ev = ev;
	if (in) {
		ctx->st = sc_inspector_state(in);
		ctx->snap = &sc_inspector_engine(in)->snap;
		ctx->first_ts = sc_inspector_first_ts(in);
	}
	return f->json ? line_json(f, ctx, out) : line_text(f, ctx, out);
}

const struct sc_fctx *sc_format_context(const struct sc_formatter *f)
{
	return &f->ctx;
}
