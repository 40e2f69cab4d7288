/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter_parse.c - recursive descent over the filter tokens:
 *
 *   expr    := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | primary
 *   primary := '(' expr ')' | check
 *   check   := FIELD 'exists'
 *            | FIELD OP value                 OP: = == != < <= > >= contains
 *                                                 icontains bcontains startswith
 *                                                 bstartswith endswith glob iglob
 *            | FIELD LISTOP '(' [value (',' value)*] ')'
 *                                             LISTOP: in intersects pmatch
 *   value   := WORD | STRING
 *
 * Keywords and operator words are case-sensitive, as in sysdig.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "filter_lex.h"
#include "filter_parse.h"
#include "util.h"

/* ---- arena: every node and string of one tree ---- */

struct sc_filter_arena {
	struct sc_filter_arena *next;
	size_t used, cap;
	max_align_t data[];
};

static void *arena_alloc(struct sc_filter_ast *ast, size_t n)
{
	struct sc_filter_arena *a = ast->arena;
	size_t al = sizeof(max_align_t);
	void *p;

	n = (n + al - 1) / al * al;
	if (!a || a->used + n > a->cap) {
		size_t cap = n > 4096 ? n : 4096;

		a = xmalloc(sizeof(*a) + cap);
		a->next = ast->arena;
		a->used = 0;
		a->cap = cap;
		ast->arena = a;
	}
	p = (char *)a->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

static char *arena_strndup(struct sc_filter_ast *ast, const char *s, size_t n)
{
	char *p = arena_alloc(ast, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sc_filter_ast_free(struct sc_filter_ast *ast)
{
	struct sc_filter_arena *a, *next;

	if (!ast)
		return;
	for (a = ast->arena; a; a = next) {
		next = a->next;
		free(a);
	}
	free(ast);
}

/* ---- operators ---- */

static const struct {
	const char *name;
	enum sc_fop_arity arity;
} fop_table[SC_FOP_COUNT] = {
	[SC_FOP_EQ] = { "=", SC_FOP_VALUE },
	[SC_FOP_NE] = { "!=", SC_FOP_VALUE },
	[SC_FOP_LT] = { "<", SC_FOP_VALUE },
	[SC_FOP_LE] = { "<=", SC_FOP_VALUE },
	[SC_FOP_GT] = { ">", SC_FOP_VALUE },
	[SC_FOP_GE] = { ">=", SC_FOP_VALUE },
	[SC_FOP_CONTAINS] = { "contains", SC_FOP_VALUE },
	[SC_FOP_ICONTAINS] = { "icontains", SC_FOP_VALUE },
	[SC_FOP_BCONTAINS] = { "bcontains", SC_FOP_VALUE },
	[SC_FOP_STARTSWITH] = { "startswith", SC_FOP_VALUE },
	[SC_FOP_BSTARTSWITH] = { "bstartswith", SC_FOP_VALUE },
	[SC_FOP_ENDSWITH] = { "endswith", SC_FOP_VALUE },
	[SC_FOP_GLOB] = { "glob", SC_FOP_VALUE },
	[SC_FOP_IGLOB] = { "iglob", SC_FOP_VALUE },
	[SC_FOP_IN] = { "in", SC_FOP_LIST },
	[SC_FOP_INTERSECTS] = { "intersects", SC_FOP_LIST },
	[SC_FOP_PMATCH] = { "pmatch", SC_FOP_LIST },
	[SC_FOP_EXISTS] = { "exists", SC_FOP_UNARY },
};

const char *sc_fop_name(enum sc_fop op)
{
	return (unsigned)op < SC_FOP_COUNT ? fop_table[op].name : "?";
}

enum sc_fop_arity sc_fop_arity(enum sc_fop op)
{
	return (unsigned)op < SC_FOP_COUNT ? fop_table[op].arity : SC_FOP_VALUE;
}

static bool fop_lookup(const char *s, enum sc_fop *op)
{
	unsigned i;

	if (!strcmp(s, "==")) {
		*op = SC_FOP_EQ;
		return true;
	}
	for (i = 0; i < SC_FOP_COUNT; i++) {
		if (!strcmp(s, fop_table[i].name)) {
			*op = (enum sc_fop)i;
			return true;
		}
	}
	return false;
}

/* ---- parser ---- */

struct parser {
	struct sc_lexer lx;
	struct sc_filter_ast *ast;
	struct sc_err *err;
	int depth;
	bool failed;
};

static void *perr(struct parser *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void *perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return NULL;
	p->failed = true;
	if (p->err) {
		p->err->code = SC_EFORMAT;
		p->err->col = col;
		p->err->offset = 0;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return NULL;
}

static bool next(struct parser *p, enum sc_lex_mode mode, struct sc_token *t)
{
	if (p->failed)
		return false;
	if (sc_filter_lex_next(&p->lx, mode, t, p->err) < 0) {
		p->failed = true;
		return false;
	}
	return true;
}

static bool peek(struct parser *p, enum sc_lex_mode mode, struct sc_token *t)
{
	if (p->failed)
		return false;
	if (sc_filter_lex_peek(&p->lx, mode, t, p->err) < 0) {
		p->failed = true;
		return false;
	}
	return true;
}

static bool is_word(const struct sc_token *t, const char *w)
{
	return t->kind == SC_TOK_WORD && !strcmp(t->text, w);
}

static bool is_keyword(const struct sc_token *t)
{
	return is_word(t, "and") || is_word(t, "or") || is_word(t, "not");
}

/* "'foo'" or "end of filter", for messages; a short-lived static buffer. */
static const char *found(const struct sc_token *t)
{
	static __thread char buf[80];

	if (t->kind == SC_TOK_EOF)
		return "end of filter";
	if (t->kind == SC_TOK_STRING)
		snprintf(buf, sizeof(buf), "quoted string \"%.40s\"", t->text);
	else
		snprintf(buf, sizeof(buf), "'%.40s'", t->text);
	return buf;
}

static struct sc_fnode *new_node(struct parser *p, enum sc_fnode_kind kind, int col)
{
	struct sc_fnode *n = arena_alloc(p->ast, sizeof(*n));

	n->kind = kind;
	n->col = col;
	return n;
}

static struct sc_fnode *parse_or(struct parser *p);

static bool take_value(struct parser *p, const struct sc_token *t, struct sc_fvalue *v)
{
	v->text = arena_strndup(p->ast, t->text, t->text_len);
	v->len = t->text_len;
	v->col = t->col;
	v->width = t->len;
	v->quoted = t->kind == SC_TOK_STRING;
	return true;
}

static struct sc_fnode *parse_list(struct parser *p, struct sc_fnode *n)
{
	struct sc_token t;
	size_t cap = 0;
	int open_col;

	if (!next(p, SC_LEX_VALUE, &t))
		return NULL;
	if (t.kind != SC_TOK_LPAREN)
		return perr(p, t.col, "expected '(' after '%s', found %s", sc_fop_name(n->op), found(&t));
	open_col = t.col;
	n->list = true;
	for (;;) {
		if (!next(p, SC_LEX_LIST, &t))
			return NULL;
		if (t.kind == SC_TOK_RPAREN && n->nvals == 0)
			return n;
		if (t.kind != SC_TOK_WORD && t.kind != SC_TOK_STRING) {
			if (t.kind == SC_TOK_EOF)
				return perr(p, t.col, "missing ')' to close the list opened at column %d", open_col);
			return perr(p, t.col, "expected a value in the list of '%s', found %s",
				    sc_fop_name(n->op), found(&t));
		}
		if (n->nvals == cap) {
			struct sc_fvalue *nv;

			cap = cap ? cap * 2 : 4;
			nv = arena_alloc(p->ast, cap * sizeof(*nv));
			if (n->nvals)
				memcpy(nv, n->vals, n->nvals * sizeof(*nv));
			n->vals = nv;
		}
		take_value(p, &t, &n->vals[n->nvals++]);
		if (!next(p, SC_LEX_LIST, &t))
			return NULL;
		if (t.kind == SC_TOK_RPAREN)
			return n;
		if (t.kind == SC_TOK_EOF)
			return perr(p, t.col, "missing ')' to close the list opened at column %d", open_col);
		if (t.kind != SC_TOK_COMMA)
			return perr(p, t.col, "expected ',' or ')' after a value in the list of '%s', found %s",
				    sc_fop_name(n->op), found(&t));
	}
}

static struct sc_fnode *parse_check(struct parser *p, const struct sc_token *ft)
{
	struct sc_fnode *n = new_node(p, SC_FNODE_CHECK, ft->col);
	const char *br;
	struct sc_token t;

	n->field = arena_strndup(p->ast, ft->text, ft->text_len);
	n->field_col = ft->col;
	n->field_len = ft->len;
	br = strchr(n->field, '[');
	if (br) {
		size_t alen = strlen(br + 1);

		n->fname = arena_strndup(p->ast, n->field, (size_t)(br - n->field));
		/* the lexer ends a bracket at its ']'; text may follow it */
		if (alen == 0 || br[alen] != ']' || memchr(br + 1, ']', alen - 1))
			return perr(p, ft->col + (int)(strchr(br, ']') - n->field) + 1,
				    "unexpected text after ']' in field '%s'", n->field);
		n->farg = arena_strndup(p->ast, br + 1, alen - 1);
	} else {
		n->fname = n->field;
	}

	if (!next(p, SC_LEX_EXPR, &t))
		return NULL;
	if ((t.kind != SC_TOK_OP && t.kind != SC_TOK_WORD) || !fop_lookup(t.text, &n->op))
		return perr(p, t.col,
			    "expected an operator after '%s' (=, !=, <, >, contains, startswith, glob, "
			    "in, pmatch, exists ...), found %s", n->field, found(&t));
	n->op_col = t.col;
	n->op_len = t.len;

	switch (sc_fop_arity(n->op)) {
	case SC_FOP_UNARY:
		return n;
	case SC_FOP_LIST:
		return parse_list(p, n);
	case SC_FOP_VALUE:
		break;
	}
	if (!next(p, SC_LEX_VALUE, &t))
		return NULL;
	if (t.kind != SC_TOK_WORD && t.kind != SC_TOK_STRING)
		return perr(p, t.col, "expected a value after '%s', found %s", sc_fop_name(n->op), found(&t));
	n->vals = arena_alloc(p->ast, sizeof(*n->vals));
	n->nvals = 1;
	take_value(p, &t, n->vals);
	return n;
}

static struct sc_fnode *parse_primary(struct parser *p)
{
	struct sc_token t;
	struct sc_fnode *e;
	int open_col;

	if (!next(p, SC_LEX_EXPR, &t))
		return NULL;
	if (t.kind == SC_TOK_LPAREN) {
		open_col = t.col;
		if (++p->depth > SC_FILTER_MAX_DEPTH)
			return perr(p, t.col, "filter nested too deeply (more than %d levels)", SC_FILTER_MAX_DEPTH);
		if (!(e = parse_or(p)))
			return NULL;
		p->depth--;
		if (!next(p, SC_LEX_EXPR, &t))
			return NULL;
		if (t.kind == SC_TOK_RPAREN)
			return e;
		if (t.kind == SC_TOK_EOF)
			return perr(p, t.col, "missing ')' to close the '(' at column %d", open_col);
		return perr(p, t.col, "expected 'and', 'or' or ')', found %s", found(&t));
	}
	if (t.kind == SC_TOK_WORD && !is_keyword(&t)) {
		unsigned char c = (unsigned char)t.text[0];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			return parse_check(p, &t);
	}
	if (t.kind == SC_TOK_EOF)
		return perr(p, t.col, "unexpected end of filter: expected a field, 'not' or '('");
	return perr(p, t.col, "expected a field, 'not' or '(', found %s", found(&t));
}

static struct sc_fnode *parse_not(struct parser *p)
{
	struct sc_token t;
	struct sc_fnode *n, *kid;

	if (!peek(p, SC_LEX_EXPR, &t))
		return NULL;
	if (!is_word(&t, "not"))
		return parse_primary(p);
	next(p, SC_LEX_EXPR, &t);
	if (++p->depth > SC_FILTER_MAX_DEPTH)
		return perr(p, t.col, "filter nested too deeply (more than %d levels)", SC_FILTER_MAX_DEPTH);
	if (!(kid = parse_not(p)))
		return NULL;
	p->depth--;
	n = new_node(p, SC_FNODE_NOT, t.col);
	n->kids = arena_alloc(p->ast, sizeof(*n->kids));
	n->kids[0] = kid;
	n->nkids = 1;
	return n;
}

/* kid (op kid)* flattened into one node of kind, or the single kid. */
static struct sc_fnode *parse_chain(struct parser *p, enum sc_fnode_kind kind, const char *word,
				    struct sc_fnode *(*sub)(struct parser *))
{
	struct sc_fnode *first, *n, **kids = NULL;
	size_t nk = 0, cap = 0;
	struct sc_token t;

	if (!(first = sub(p)))
		return NULL;
	for (;;) {
		struct sc_fnode *k;

		if (!peek(p, SC_LEX_EXPR, &t))
			return NULL;
		if (!is_word(&t, word))
			break;
		next(p, SC_LEX_EXPR, &t);
		if (!(k = sub(p)))
			return NULL;
		if (nk + 2 > cap) {
			struct sc_fnode **nkids;

			cap = cap ? cap * 2 : 4;
			nkids = arena_alloc(p->ast, cap * sizeof(*nkids));
			if (nk)
				memcpy(nkids, kids, nk * sizeof(*kids));
			kids = nkids;
		}
		if (nk == 0)
			kids[nk++] = first;
		kids[nk++] = k;
	}
	if (nk == 0)
		return first;
	n = new_node(p, kind, first->col);
	n->kids = kids;
	n->nkids = nk;
	return n;
}

static struct sc_fnode *parse_and(struct parser *p)
{
	return parse_chain(p, SC_FNODE_AND, "and", parse_not);
}

static struct sc_fnode *parse_or(struct parser *p)
{
	return parse_chain(p, SC_FNODE_OR, "or", parse_and);
}

struct sc_filter_ast *sc_filter_parse(const char *expr, struct sc_err *err)
{
	struct parser p = { .err = err };
	struct sc_token t;
	struct sc_fnode *root;

	p.ast = xcalloc(1, sizeof(*p.ast));
	sc_filter_lex_init(&p.lx, expr);
	root = parse_or(&p);
	if (root && next(&p, SC_LEX_EXPR, &t) && t.kind != SC_TOK_EOF) {
		if (t.kind == SC_TOK_RPAREN)
			perr(&p, t.col, "unexpected ')': no '(' to close");
		else
			perr(&p, t.col, "expected 'and', 'or' or end of filter, found %s", found(&t));
	}
	sc_filter_lex_free(&p.lx);
	if (p.failed || !root) {
		sc_filter_ast_free(p.ast);
		return NULL;
	}
	p.ast->root = root;
	return p.ast;
}

/* ---- dump ---- */

static void dump_value(const struct sc_fvalue *v, struct sc_strbuf *out)
{
	size_t i;

	sc_strbuf_putc(out, '"');
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->text[i];

		if (c == '"' || c == '\\')
			sc_strbuf_printf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			sc_strbuf_printf(out, "\\x%02x", c);
		else
			sc_strbuf_putc(out, (char)c);
	}
	sc_strbuf_putc(out, '"');
}

void sc_filter_ast_dump(const struct sc_fnode *n, struct sc_strbuf *out)
{
	static const char *const kinds[] = { "and", "or", "not", "check" };
	size_t i;

	if (!n) {
		sc_strbuf_puts(out, "()");
		return;
	}
	sc_strbuf_printf(out, "(%s", kinds[n->kind]);
	if (n->kind != SC_FNODE_CHECK) {
		for (i = 0; i < n->nkids; i++) {
			sc_strbuf_putc(out, ' ');
			sc_filter_ast_dump(n->kids[i], out);
		}
		sc_strbuf_putc(out, ')');
		return;
	}
	sc_strbuf_printf(out, " %s", n->fname);
	if (n->farg)
		sc_strbuf_printf(out, " [%s]", n->farg);
	sc_strbuf_printf(out, " %s", sc_fop_name(n->op));
	if (n->list)
		sc_strbuf_puts(out, " (");
	for (i = 0; i < n->nvals; i++) {
		if (i || !n->list)
			sc_strbuf_putc(out, ' ');
		dump_value(&n->vals[i], out);
	}
	if (n->list)
		sc_strbuf_putc(out, ')');
	sc_strbuf_putc(out, ')');
}
