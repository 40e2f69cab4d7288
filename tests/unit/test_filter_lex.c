/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the filter lexer: modes, columns, quotes and escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/filter_lex.h"

struct want {
	enum sc_tok_kind kind;
	const char *text;
	int col;
};

/* Lexes input in one mode and checks every token up to EOF. */
static void expect_tokens(const char *input, enum sc_lex_mode mode, const struct want *w, size_t n)
{
	struct sc_lexer lx;
	struct sc_token t;
	struct sc_err err = { 0 };
	size_t i;

	sc_filter_lex_init(&lx, input);
	for (i = 0; i < n; i++) {
		assert_int_equal(sc_filter_lex_next(&lx, mode, &t, &err), 0);
		assert_int_equal(t.kind, w[i].kind);
		assert_string_equal(t.text, w[i].text);
		assert_int_equal(t.col, w[i].col);
	}
	assert_int_equal(sc_filter_lex_next(&lx, mode, &t, &err), 0);
	assert_int_equal(t.kind, SC_TOK_EOF);
	assert_int_equal(t.col, (int)strlen(input) + 1);
	sc_filter_lex_free(&lx);
}

static void expect_error(const char *input, enum sc_lex_mode mode, int ntok_before, int col)
{
	struct sc_lexer lx;
	struct sc_token t;
	struct sc_err err = { 0 };
	int i;

	sc_filter_lex_init(&lx, input);
	for (i = 0; i < ntok_before; i++)
		assert_int_equal(sc_filter_lex_next(&lx, mode, &t, &err), 0);
	assert_int_equal(sc_filter_lex_next(&lx, mode, &t, &err), SC_EFORMAT);
	assert_int_equal(err.code, SC_EFORMAT);
	assert_int_equal(err.col, col);
	assert_true(err.msg[0] != '\0');
	sc_filter_lex_free(&lx);
}

static void test_expr_mode(void **state)
{
	static const struct want w[] = {
		{ SC_TOK_LPAREN, "(", 1 },
		{ SC_TOK_WORD, "proc.name", 2 },
		{ SC_TOK_OP, "=", 11 },
		{ SC_TOK_WORD, "bash", 12 },
		{ SC_TOK_RPAREN, ")", 16 },
		{ SC_TOK_WORD, "and", 18 },
		{ SC_TOK_WORD, "fd.num", 22 },
		{ SC_TOK_OP, ">=", 28 },
		{ SC_TOK_WORD, "3", 30 },
		{ SC_TOK_WORD, "or", 32 },
		{ SC_TOK_WORD, "a", 35 },
		{ SC_TOK_OP, "!=", 36 },
		{ SC_TOK_WORD, "b", 38 },
		{ SC_TOK_COMMA, ",", 39 },
		{ SC_TOK_OP, "<", 40 },
		{ SC_TOK_OP, "<=", 41 },
		{ SC_TOK_OP, ">=", 43 },
		{ SC_TOK_OP, "=", 45 },
	};
	(void)state;
	expect_tokens("(proc.name=bash) and fd.num>=3 or a!=b,<<=>==", SC_LEX_EXPR, w, sizeof(w) / sizeof(w[0]));
}

static void test_field_arguments(void **state)
{
	static const struct want w[] = {
		{ SC_TOK_WORD, "proc.aname[2]", 1 },
		{ SC_TOK_OP, "=", 14 },
		{ SC_TOK_WORD, "evt.arg[a b=c]", 15 },
		{ SC_TOK_WORD, "evt.arg.fd", 30 },
	};
	(void)state;
	expect_tokens("proc.aname[2]=evt.arg[a b=c] evt.arg.fd", SC_LEX_EXPR, w, sizeof(w) / sizeof(w[0]));
	expect_error("proc.aname[2", SC_LEX_EXPR, 0, 11);
}

static void test_value_mode(void **state)
{
	/* in value mode '=', '<', ',' and inner quotes belong to the word */
	static const struct want w[] = {
		{ SC_TOK_WORD, "a=b<c,d", 1 },
		{ SC_TOK_WORD, "x\"y", 9 },
		{ SC_TOK_LPAREN, "(", 13 },
		{ SC_TOK_WORD, "/tmp", 14 },
		{ SC_TOK_RPAREN, ")", 18 },
	};
	(void)state;
	expect_tokens("a=b<c,d x\"y (/tmp)", SC_LEX_VALUE, w, sizeof(w) / sizeof(w[0]));
}

static void test_list_mode(void **state)
{
	static const struct want w[] = {
		{ SC_TOK_LPAREN, "(", 1 },
		{ SC_TOK_WORD, "open", 2 },
		{ SC_TOK_COMMA, ",", 6 },
		{ SC_TOK_STRING, "b c", 8 },
		{ SC_TOK_COMMA, ",", 13 },
		{ SC_TOK_WORD, "3", 14 },
		{ SC_TOK_RPAREN, ")", 15 },
	};
	(void)state;
	expect_tokens("(open, 'b c',3)", SC_LEX_LIST, w, sizeof(w) / sizeof(w[0]));
}

static void test_quotes_and_escapes(void **state)
{
	static const struct want w[] = {
		{ SC_TOK_STRING, "a \"b\" c", 1 },
		{ SC_TOK_STRING, "it's", 13 },
		{ SC_TOK_STRING, "say \"hi\"", 21 },
		{ SC_TOK_STRING, "C:\\temp\\n", 32 },
		{ SC_TOK_WORD, "aAb", 44 },
		{ SC_TOK_STRING, "", 51 },
	};
	(void)state;
	expect_tokens("\"a \\\"b\\\" c\" 'it\\'s' 'say \"hi\"' \"C:\\temp\\n\" a\\x41b ''",
		      SC_LEX_VALUE, w, sizeof(w) / sizeof(w[0]));
}

static void test_nul_escape_keeps_length(void **state)
{
	struct sc_lexer lx;
	struct sc_token t;
	struct sc_err err = { 0 };

	(void)state;
	sc_filter_lex_init(&lx, "'a\\x00b'");
	assert_int_equal(sc_filter_lex_next(&lx, SC_LEX_VALUE, &t, &err), 0);
	assert_int_equal(t.kind, SC_TOK_STRING);
	assert_int_equal(t.text_len, 3);
	assert_memory_equal(t.text, "a\0b", 3);
	assert_int_equal(t.len, 8);
	sc_filter_lex_free(&lx);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("x = 'abc", SC_LEX_VALUE, 2, 5);   /* the opening quote */
	expect_error("\"abc", SC_LEX_VALUE, 0, 1);
	expect_error("a\\x4g", SC_LEX_VALUE, 0, 2);     /* the backslash */
	expect_error("a\\x4", SC_LEX_VALUE, 0, 2);
	expect_error("a !b", SC_LEX_EXPR, 1, 3);
}

static void test_peek_does_not_consume(void **state)
{
	struct sc_lexer lx;
	struct sc_token t;
	struct sc_err err = { 0 };

	(void)state;
	sc_filter_lex_init(&lx, "  not x");
	assert_int_equal(sc_filter_lex_peek(&lx, SC_LEX_EXPR, &t, &err), 0);
	assert_string_equal(t.text, "not");
	assert_int_equal(t.col, 3);
	assert_int_equal(sc_filter_lex_next(&lx, SC_LEX_EXPR, &t, &err), 0);
	assert_string_equal(t.text, "not");
	assert_int_equal(sc_filter_lex_next(&lx, SC_LEX_EXPR, &t, &err), 0);
	assert_string_equal(t.text, "x");
	assert_int_equal(t.col, 7);
	sc_filter_lex_free(&lx);
	assert_string_equal(sc_filter_tok_name(SC_TOK_EOF), "end of filter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_mode),
		cmocka_unit_test(test_field_arguments),
		cmocka_unit_test(test_value_mode),
		cmocka_unit_test(test_list_mode),
		cmocka_unit_test(test_quotes_and_escapes),
		cmocka_unit_test(test_nul_escape_keeps_length),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_peek_does_not_consume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
