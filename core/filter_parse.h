/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter_parse.h - sysdig's filter language parsed into a syntax tree:
 * and/or/not, parentheses, checks "FIELD OP VALUE", "FIELD OP (V, V ...)"
 * and "FIELD exists". The second stage of filter_lex -> filter_parse ->
 * filter; it does not know which fields exist (the compiler in filter.c
 * resolves them through the field registry).
 *
 * Precedence, loosest first: or, and, not. sysdig 0.29 rejects 'and' and
 * 'or' mixed at one level without parentheses; we accept them with 'and'
 * binding tighter, as later libsinsp versions do, so every filter sysdig
 * 0.29 accepts means the same here. "not a and b" is "(not a) and b".
 *
 * Ownership: sc_filter_parse() returns a tree the caller owns; every node
 * and string in it lives in the tree's arena and goes with
 * sc_filter_ast_free().
 */
#ifndef SC_FILTER_PARSE_H
#define SC_FILTER_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "strbuf.h"

/* Comparison operators; SC_FOP_EQ covers both '=' and '=='. */
enum sc_fop {
	SC_FOP_EQ = 0,
	SC_FOP_NE,
	SC_FOP_LT,
	SC_FOP_LE,
	SC_FOP_GT,
	SC_FOP_GE,
	SC_FOP_CONTAINS,
	SC_FOP_ICONTAINS,
	SC_FOP_BCONTAINS,
	SC_FOP_STARTSWITH,
	SC_FOP_BSTARTSWITH,
	SC_FOP_ENDSWITH,
	SC_FOP_GLOB,
	SC_FOP_IGLOB,
	SC_FOP_IN,
	SC_FOP_INTERSECTS,
	SC_FOP_PMATCH,
	SC_FOP_EXISTS,
	SC_FOP_COUNT
};

/* How an operator takes its right side. */
enum sc_fop_arity {
	SC_FOP_UNARY,     /* exists */
	SC_FOP_VALUE,     /* one value */
	SC_FOP_LIST,      /* a parenthesized list */
};

/* "contains", "=" ...; the spelling used in messages. */
const char *sc_fop_name(enum sc_fop op);
enum sc_fop_arity sc_fop_arity(enum sc_fop op);

/* One constant as written: text with escapes decoded, and where it was. */
struct sc_fvalue {
	const char *text;  /* NUL-terminated; may hold NULs before text + len */
	size_t len;
	int col, width;    /* 1-based column and characters of input */
	bool quoted;
};

enum sc_fnode_kind {
	SC_FNODE_AND,
	SC_FNODE_OR,
	SC_FNODE_NOT,
	SC_FNODE_CHECK,
};

struct sc_fnode {
	enum sc_fnode_kind kind;
	int col;                  /* 1-based column where the node starts */

	/* AND, OR: two or more kids, flattened; NOT: one kid */
	struct sc_fnode **kids;
	size_t nkids;

	/* CHECK */
	const char *field;        /* as written: "proc.aname[2]", "evt.arg.fd" */
	const char *fname;        /* the part before '[': "proc.aname" */
	const char *farg;         /* the text inside [ ], or NULL */
	int field_col, field_len;
	enum sc_fop op;
	int op_col, op_len;
	bool list;                /* the values came as "( , )" */
	struct sc_fvalue *vals;
	size_t nvals;
};

struct sc_filter_arena;

struct sc_filter_ast {
	struct sc_fnode *root;
	struct sc_filter_arena *arena;
};

/* Nesting of parentheses and 'not' beyond which parsing fails. */
#define SC_FILTER_MAX_DEPTH 200

/*
 * Parses expr. NULL with err (code SC_EFORMAT, col = 1-based column where
 * parsing failed, msg saying what was expected) on a malformed filter.
 */
struct sc_filter_ast *sc_filter_parse(const char *expr, struct sc_err *err);
void sc_filter_ast_free(struct sc_filter_ast *ast);

/*
 * Appends the tree as one line of s-expressions, for tests and debugging:
 * (and (check proc.name = "bash") (not (check fd.num exists))).
 */
void sc_filter_ast_dump(const struct sc_fnode *n, struct sc_strbuf *out);

#endif /* SC_FILTER_PARSE_H */
