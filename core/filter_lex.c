/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter_lex.c - tokens of the filter language, read on demand in the mode
 * the parser asks for (see filter_lex.h).
 *
 * Escapes, in quoted and bare values alike (as sysdig 0.29 decodes them):
 * \\ \" \' and \xHH are decoded; any other backslash pair is kept as
 * written, so "C:\temp" and regular-expression-like text survive.
 */
#include <stdio.h>

#include "filter_lex.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Does c end a bare word in mode? */
static bool ends_word(char c, enum sc_lex_mode mode)
{
	if (is_blank(c) || c == '(' || c == ')' || c == '\0')
		return true;
	switch (mode) {
	case SC_LEX_EXPR:
		return c == ',' || c == '!' || c == '=' || c == '<' || c == '>' || c == '\'' || c == '"';
	case SC_LEX_LIST:
		return c == ',';
	case SC_LEX_VALUE:
		return false;
	}
	return false;
}

void sc_filter_lex_init(struct sc_lexer *lx, const char *input)
{
	lx->in = input ? input : "";
	lx->pos = 0;
	lx->end = strlen(lx->in);
	lx->buf.s = NULL;
	lx->buf.len = lx->buf.cap = 0;
	sc_strbuf_puts(&lx->buf, "");
}

void sc_filter_lex_free(struct sc_lexer *lx)
{
	sc_strbuf_free(&lx->buf);
}

static int lex_error(struct sc_err *err, size_t pos, const char *fmt, const char *arg)
{
	sc_err_set(err, SC_EFORMAT, fmt, arg);
	if (err)
		err->col = (int)pos + 1;
	return SC_EFORMAT;
}

/*
 * Decodes one escape at lx->in[*p] == '\\' into the buffer and advances *p
 * past it. Fails on \x without two hex digits.
 */
static int lex_escape(struct sc_lexer *lx, size_t *p, struct sc_err *err)
{
	const char *s = lx->in;
	char c = s[*p + 1];
	int h, l;

	switch (c) {
	case '\\':
	case '"':
	case '\'':
		sc_strbuf_putc(&lx->buf, c);
		*p += 2;
		return 0;
	case 'x':
		h = *p + 2 < lx->end ? hexval(s[*p + 2]) : -1;
		l = *p + 3 < lx->end ? hexval(s[*p + 3]) : -1;
		if (h < 0 || l < 0)
			return lex_error(err, *p, "bad escape sequence: \\x takes two hex digits%s", "");
		sc_strbuf_putc(&lx->buf, (char)(h * 16 + l));
		*p += 4;
		return 0;
	case '\0':
		sc_strbuf_putc(&lx->buf, '\\');
		*p += 1;
		return 0;
	default:
		sc_strbuf_putc(&lx->buf, '\\');
		sc_strbuf_putc(&lx->buf, c);
		*p += 2;
		return 0;
	}
}

static int lex_quoted(struct sc_lexer *lx, struct sc_token *tok, struct sc_err *err)
{
	size_t p = lx->pos + 1;
	char q = lx->in[lx->pos];
	int rc;

	while (p < lx->end && lx->in[p] != q) {
		if (lx->in[p] == '\\') {
			if ((rc = lex_escape(lx, &p, err)) < 0)
				return rc;
			continue;
		}
		sc_strbuf_putc(&lx->buf, lx->in[p++]);
	}
	if (p >= lx->end)
		return lex_error(err, lx->pos, "unterminated string: missing closing %s",
				 q == '"' ? "'\"'" : "\"'\"");
	tok->kind = SC_TOK_STRING;
	p++;
	tok->len = (int)(p - lx->pos);
	lx->pos = p;
	return 0;
}

static int lex_word(struct sc_lexer *lx, enum sc_lex_mode mode, struct sc_token *tok,
		    struct sc_err *err)
{
	size_t p = lx->pos;
	int rc;

	while (p < lx->end && !ends_word(lx->in[p], mode)) {
		char c = lx->in[p];

		if (mode == SC_LEX_EXPR && c == '[') {
			/* a field argument: everything up to the matching ']' */
			size_t open = p;

			while (p < lx->end && lx->in[p] != ']')
				sc_strbuf_putc(&lx->buf, lx->in[p++]);
			if (p >= lx->end)
				return lex_error(err, open, "missing ']' after field argument%s", "");
			sc_strbuf_putc(&lx->buf, lx->in[p++]);
			continue;
		}
		if (mode != SC_LEX_EXPR && c == '\\') {
			if ((rc = lex_escape(lx, &p, err)) < 0)
				return rc;
			continue;
		}
		sc_strbuf_putc(&lx->buf, c);
		p++;
	}
	tok->kind = SC_TOK_WORD;
	tok->len = (int)(p - lx->pos);
	lx->pos = p;
	return 0;
}

int sc_filter_lex_next(struct sc_lexer *lx, enum sc_lex_mode mode, struct sc_token *tok,
		       struct sc_err *err)
{
	const char *s = lx->in;
	int rc = 0;
	char c;

	while (lx->pos < lx->end && is_blank(s[lx->pos]))
		lx->pos++;
	sc_strbuf_reset(&lx->buf);
	tok->col = (int)lx->pos + 1;
	tok->len = 1;
	if (lx->pos >= lx->end) {
		tok->kind = SC_TOK_EOF;
		tok->len = 0;
		goto out;
	}
	c = s[lx->pos];
	switch (c) {
	case '(':
		tok->kind = SC_TOK_LPAREN;
		sc_strbuf_putc(&lx->buf, c);
		lx->pos++;
		goto out;
	case ')':
		tok->kind = SC_TOK_RPAREN;
		sc_strbuf_putc(&lx->buf, c);
		lx->pos++;
		goto out;
	case '"':
	case '\'':
		rc = lex_quoted(lx, tok, err);
		goto out;
	default:
		break;
	}
	if (c == ',' && mode != SC_LEX_VALUE) {
		tok->kind = SC_TOK_COMMA;
		sc_strbuf_putc(&lx->buf, c);
		lx->pos++;
		goto out;
	}
	if (mode == SC_LEX_EXPR && (c == '=' || c == '!' || c == '<' || c == '>')) {
		bool eq = lx->pos + 1 < lx->end && s[lx->pos + 1] == '=';

		if (c == '!' && !eq)
			return lex_error(err, lx->pos, "'!' must be followed by '=' (use 'not' to negate)%s", "");
		tok->kind = SC_TOK_OP;
		tok->len = eq ? 2 : 1;
		sc_strbuf_add(&lx->buf, s + lx->pos, (size_t)tok->len);
		lx->pos += (size_t)tok->len;
		goto out;
	}
	rc = lex_word(lx, mode, tok, err);
out:
	tok->text = lx->buf.s;
	tok->text_len = lx->buf.len;
	return rc;
}

int sc_filter_lex_peek(struct sc_lexer *lx, enum sc_lex_mode mode, struct sc_token *tok,
		       struct sc_err *err)
{
	size_t save = lx->pos;
	int rc = sc_filter_lex_next(lx, mode, tok, err);

	lx->pos = save;
	return rc;
}

const char *sc_filter_tok_name(enum sc_tok_kind kind)
{
	static const char *const names[] = {
		[SC_TOK_EOF] = "end of filter",
		[SC_TOK_LPAREN] = "'('",
		[SC_TOK_RPAREN] = "')'",
		[SC_TOK_COMMA] = "','",
		[SC_TOK_OP] = "operator",
		[SC_TOK_WORD] = "word",
		[SC_TOK_STRING] = "quoted string",
	};
	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "token";
}
