/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter_lex.h - the tokens of sysdig's filter language. The first stage of
 * filter_lex -> filter_parse -> filter (compile, evaluate); it knows nothing
 * of fields.
 *
 * The language is context dependent, as in sysdig: "a=b" is a field, an
 * operator and a value, but a value may hold '=', '<' and quotes. So the
 * parser asks for the next token in a mode: SC_LEX_EXPR where fields,
 * keywords, operators and parentheses are expected, SC_LEX_VALUE for the
 * value after an operator, SC_LEX_LIST for a value inside "( , )".
 *
 * Ownership: a lexer borrows the input string for its life. The text of a
 * token lives in the lexer's own buffer (escapes decoded) and is valid until
 * the next call; sc_filter_lex_free() releases it.
 */
#ifndef SC_FILTER_LEX_H
#define SC_FILTER_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "strbuf.h"

enum sc_tok_kind {
	SC_TOK_EOF = 0,
	SC_TOK_LPAREN,    /* ( */
	SC_TOK_RPAREN,    /* ) */
	SC_TOK_COMMA,     /* , */
	SC_TOK_OP,        /* = == != < <= > >= */
	SC_TOK_WORD,      /* a bare word: a field, a keyword, a value */
	SC_TOK_STRING,    /* a quoted value, quotes removed */
};

enum sc_lex_mode {
	SC_LEX_EXPR,      /* words end at blanks and ( ) , ! = < > ' " */
	SC_LEX_VALUE,     /* words end at blanks and ( ) */
	SC_LEX_LIST,      /* words end at blanks and ( ) , */
};

struct sc_token {
	enum sc_tok_kind kind;
	int col;          /* 1-based column of the first character */
	int len;          /* characters of input it spans */
	const char *text; /* NUL-terminated, escapes decoded; the lexer's buffer */
	size_t text_len;  /* may hold NULs (\x00 escapes) */
};

struct sc_lexer {
	const char *in;
	size_t pos, end;
	struct sc_strbuf buf;
};

void sc_filter_lex_init(struct sc_lexer *lx, const char *input);
void sc_filter_lex_free(struct sc_lexer *lx);

/*
 * Reads the next token in mode into tok. Returns 0, or SC_EFORMAT with err
 * (col set) for an unterminated quote, a bad escape, a lone '!' or an
 * unterminated '['.
 */
int sc_filter_lex_next(struct sc_lexer *lx, enum sc_lex_mode mode, struct sc_token *tok,
		       struct sc_err *err);

/* The token that would come next in mode, without consuming it. */
int sc_filter_lex_peek(struct sc_lexer *lx, enum sc_lex_mode mode, struct sc_token *tok,
		       struct sc_err *err);

/* Name of a token kind for messages: "end of filter", "'('", "word" ... */
const char *sc_filter_tok_name(enum sc_tok_kind kind);

#endif /* SC_FILTER_LEX_H */
