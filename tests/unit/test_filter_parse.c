/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the filter parser: each case is a filter and either the tree it
 * must give (as sc_filter_ast_dump writes it) or "error@COL" and a piece of
 * the message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/filter_parse.h"

struct pcase {
	const char *filter;
	const char *want;   /* a dump, or "error@COL" */
	const char *msg;    /* for errors: a substring of the message */
};

static const struct pcase trees[] = {
	{ "evt.type=open", "(check evt.type = \"open\")", NULL },
	{ "evt.type == open", "(check evt.type = \"open\")", NULL },
	{ "proc.name!=bash", "(check proc.name != \"bash\")", NULL },
	{ "fd.num<3", "(check fd.num < \"3\")", NULL },
	{ "fd.num<=3", "(check fd.num <= \"3\")", NULL },
	{ "fd.num>3", "(check fd.num > \"3\")", NULL },
	{ "fd.num>=0x10", "(check fd.num >= \"0x10\")", NULL },
	{ "fd.name contains /etc", "(check fd.name contains \"/etc\")", NULL },
	{ "proc.name icontains BA", "(check proc.name icontains \"BA\")", NULL },
	{ "evt.buffer bcontains 4745", "(check evt.buffer bcontains \"4745\")", NULL },
	{ "fd.name startswith /tmp", "(check fd.name startswith \"/tmp\")", NULL },
	{ "evt.buffer bstartswith 47", "(check evt.buffer bstartswith \"47\")", NULL },
	{ "fd.name endswith .so", "(check fd.name endswith \".so\")", NULL },
	{ "fd.name glob '/etc/*'", "(check fd.name glob \"/etc/*\")", NULL },
	{ "proc.name iglob 'B*'", "(check proc.name iglob \"B*\")", NULL },
	{ "fd.num exists", "(check fd.num exists)", NULL },
	{ "evt.type in (open, 'b c', 3)", "(check evt.type in (\"open\" \"b c\" \"3\"))", NULL },
	{ "evt.type in(open)", "(check evt.type in (\"open\"))", NULL },
	{ "proc.name intersects (a,b)", "(check proc.name intersects (\"a\" \"b\"))", NULL },
	{ "fd.name pmatch (/etc, /tmp)", "(check fd.name pmatch (\"/etc\" \"/tmp\"))", NULL },
	{ "evt.type in ()", "(check evt.type in ())", NULL },
	/* field arguments */
	{ "proc.aname[2]=bash", "(check proc.aname [2] = \"bash\")", NULL },
	{ "evt.arg[0] = 3", "(check evt.arg [0] = \"3\")", NULL },
	{ "evt.arg.fd = 3", "(check evt.arg.fd = \"3\")", NULL },
	{ "proc.apid[1]>1", "(check proc.apid [1] > \"1\")", NULL },
	/* precedence: not > and > or; chains flatten */
	{ "a=1 and b=2 and c=3", "(and (check a = \"1\") (check b = \"2\") (check c = \"3\"))", NULL },
	{ "a=1 or b=2 or c=3", "(or (check a = \"1\") (check b = \"2\") (check c = \"3\"))", NULL },
	{ "a=1 and b=2 or c=3",
	  "(or (and (check a = \"1\") (check b = \"2\")) (check c = \"3\"))", NULL },
	{ "a=1 or b=2 and c=3",
	  "(or (check a = \"1\") (and (check b = \"2\") (check c = \"3\")))", NULL },
	{ "not a=1 and b=2", "(and (not (check a = \"1\")) (check b = \"2\"))", NULL },
	{ "not (a=1 and b=2)", "(not (and (check a = \"1\") (check b = \"2\")))", NULL },
	{ "not(a=1)", "(not (check a = \"1\"))", NULL },
	{ "not not a=1", "(not (not (check a = \"1\")))", NULL },
	{ "a=1 and (b=2 or c=3)",
	  "(and (check a = \"1\") (or (check b = \"2\") (check c = \"3\")))", NULL },
	{ "((a=1))", "(check a = \"1\")", NULL },
	{ "(a exists)and(b exists)", "(and (check a exists) (check b exists))", NULL },
	/* values */
	{ "a = b=c", "(check a = \"b=c\")", NULL },
	{ "a = x,y", "(check a = \"x,y\")", NULL },
	{ "a = 'x y' and b=\"it's\"", "(and (check a = \"x y\") (check b = \"it's\"))", NULL },
	{ "a = '' ", "(check a = \"\")", NULL },
	{ "a = 'C:\\temp'", "(check a = \"C:\\\\temp\")", NULL },
	{ "a = \\x41\\x00", "(check a = \"A\\x00\")", NULL },
	{ "a = -1", "(check a = \"-1\")", NULL },
	{ "a = 10.0.0.0/8", "(check a = \"10.0.0.0/8\")", NULL },
	{ "\ta=1\n", "(check a = \"1\")", NULL },
	/* keyword-looking values and fields are fine where a value is expected */
	{ "a = and", "(check a = \"and\")", NULL },
	{ "a in (or, not)", "(check a in (\"or\" \"not\"))", NULL },
};

static const struct pcase errors[] = {
	{ "", "error@1", "unexpected end of filter" },
	{ "   ", "error@4", "unexpected end of filter" },
	{ "and", "error@1", "expected a field" },
	{ "a=1 and", "error@8", "unexpected end of filter" },
	{ "a=1 or", "error@7", "unexpected end of filter" },
	{ "a=1 and not", "error@12", "unexpected end of filter" },
	{ "not", "error@4", "unexpected end of filter" },
	{ "a", "error@2", "expected an operator after 'a'" },
	{ "a foo bar", "error@3", "expected an operator" },
	{ "a containsx b", "error@3", "expected an operator" },
	{ "a =", "error@4", "expected a value after '='" },
	{ "a = )", "error@5", "expected a value after '='" },
	{ "a contains", "error@11", "expected a value after 'contains'" },
	{ "a=1 b=2", "error@5", "expected 'and', 'or' or end of filter" },
	{ "a=1 AND b=2", "error@5", "expected 'and', 'or' or end of filter" },
	{ "a=1 && b=2", "error@5", "expected 'and', 'or' or end of filter" },
	{ "a=1)", "error@4", "unexpected ')'" },
	{ "(a=1", "error@5", "missing ')' to close the '(' at column 1" },
	{ "(a=1 b", "error@6", "expected 'and', 'or' or ')'" },
	{ "()", "error@2", "expected a field" },
	{ "a=1 and ()", "error@10", "expected a field" },
	{ "a in b", "error@6", "expected '(' after 'in'" },
	{ "a in", "error@5", "expected '(' after 'in'" },
	{ "a in (x y)", "error@9", "expected ',' or ')'" },
	{ "a in (x,)", "error@9", "expected a value" },
	{ "a in (x", "error@8", "missing ')' to close the list opened at column 6" },
	{ "a in (,)", "error@7", "expected a value" },
	{ "a pmatch x", "error@10", "expected '('" },
	{ "a = 'abc", "error@5", "unterminated string" },
	{ "a = \"abc", "error@5", "unterminated string" },
	{ "a = x\\x4g", "error@6", "escape" },
	{ "a ! b", "error@3", "'!'" },
	{ "a[1 = 2", "error@2", "missing ']'" },
	{ "a[1]b = 2", "error@5", "unexpected text after ']'" },
	{ "1a = 2", "error@1", "expected a field" },
	{ "'a' = 2", "error@1", "expected a field" },
	{ "a = 1 or or b = 2", "error@10", "expected a field" },
	{ ", a=1", "error@1", "expected a field" },
};

static void check_case(const struct pcase *c)
{
	struct sc_err err = { 0 };
	struct sc_filter_ast *ast = sc_filter_parse(c->filter, &err);
	char got[1024];

	if (ast) {
		struct sc_strbuf b = { 0 };

		sc_filter_ast_dump(ast->root, &b);
		snprintf(got, sizeof(got), "%s", b.s);
		sc_strbuf_free(&b);
		sc_filter_ast_free(ast);
	} else {
		snprintf(got, sizeof(got), "error@%d", err.col);
		assert_int_equal(err.code, SC_EFORMAT);
	}
	if (strcmp(got, c->want) != 0)
		fail_msg("filter [%s]: got %s (%s), want %s", c->filter, got, ast ? "" : err.msg, c->want);
	if (c->msg && !strstr(err.msg, c->msg))
		fail_msg("filter [%s]: message \"%s\" lacks \"%s\"", c->filter, err.msg, c->msg);
}

static void test_trees(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		check_case(&trees[i]);
}

static void test_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		check_case(&errors[i]);
}

static void test_positions(void **state)
{
	struct sc_err err = { 0 };
	struct sc_filter_ast *ast = sc_filter_parse("not  proc.aname[3] contains 'a b' or x in (1, \"2\")", &err);
	const struct sc_fnode *or, *not, *chk, *in;

	(void)state;
	assert_non_null(ast);
	or = ast->root;
	assert_int_equal(or->kind, SC_FNODE_OR);
	assert_int_equal(or->nkids, 2);
	not = or->kids[0];
	assert_int_equal(not->kind, SC_FNODE_NOT);
	assert_int_equal(not->col, 1);
	chk = not->kids[0];
	assert_int_equal(chk->kind, SC_FNODE_CHECK);
	assert_string_equal(chk->field, "proc.aname[3]");
	assert_string_equal(chk->fname, "proc.aname");
	assert_string_equal(chk->farg, "3");
	assert_int_equal(chk->field_col, 6);
	assert_int_equal(chk->field_len, 13);
	assert_int_equal(chk->op, SC_FOP_CONTAINS);
	assert_int_equal(chk->op_col, 20);
	assert_int_equal(chk->nvals, 1);
	assert_true(chk->vals[0].quoted);
	assert_int_equal(chk->vals[0].col, 29);
	assert_int_equal(chk->vals[0].width, 5);
	in = or->kids[1];
	assert_true(in->list);
	assert_int_equal(in->nvals, 2);
	assert_false(in->vals[0].quoted);
	assert_int_equal(in->vals[0].col, 44);
	assert_true(in->vals[1].quoted);
	assert_int_equal(in->vals[1].col, 47);
	sc_filter_ast_free(ast);
}

static void test_depth_limit(void **state)
{
	char buf[4 * (SC_FILTER_MAX_DEPTH + 10) + 16];
	struct sc_err err = { 0 };
	struct sc_filter_ast *ast;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < SC_FILTER_MAX_DEPTH + 5; i++)
		buf[n++] = '(';
	strcpy(buf + n, "a=1");
	ast = sc_filter_parse(buf, &err);
	assert_null(ast);
	assert_non_null(strstr(err.msg, "nested"));

	n = 0;
	for (i = 0; i < SC_FILTER_MAX_DEPTH + 5; i++) {
		memcpy(buf + n, "not ", 4);
		n += 4;
	}
	strcpy(buf + n, "a=1");
	assert_null(sc_filter_parse(buf, &err));

	/* just below the limit parses */
	n = 0;
	for (i = 0; i < SC_FILTER_MAX_DEPTH - 1; i++)
		buf[n++] = '(';
	strcpy(buf + n, "a=1");
	n += 3;
	for (i = 0; i < SC_FILTER_MAX_DEPTH - 1; i++)
		buf[n++] = ')';
	buf[n] = '\0';
	ast = sc_filter_parse(buf, &err);
	assert_non_null(ast);
	sc_filter_ast_free(ast);
}

static void test_long_chain(void **state)
{
	struct sc_strbuf f = { 0 };
	struct sc_err err = { 0 };
	struct sc_filter_ast *ast;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		sc_strbuf_printf(&f, "%sfd.num=%d", i ? " or " : "", i);
	ast = sc_filter_parse(f.s, &err);
	assert_non_null(ast);
	assert_int_equal(ast->root->kind, SC_FNODE_OR);
	assert_int_equal(ast->root->nkids, 1000);
	sc_filter_ast_free(ast);
	sc_strbuf_free(&f);
}

static void test_operator_names(void **state)
{
	(void)state;
	assert_string_equal(sc_fop_name(SC_FOP_BSTARTSWITH), "bstartswith");
	assert_int_equal(sc_fop_arity(SC_FOP_EXISTS), SC_FOP_UNARY);
	assert_int_equal(sc_fop_arity(SC_FOP_PMATCH), SC_FOP_LIST);
	assert_int_equal(sc_fop_arity(SC_FOP_GLOB), SC_FOP_VALUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trees),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_operator_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
