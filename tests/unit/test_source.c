/* SPDX-License-Identifier: Apache-2.0 */
/* core/source.c: the engine the options name, and the filter and command after the options. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/source.h"

/* Splits argv (NULL-ended) from first; returns the rc, with the filter and the command's first word. */
static int split(char **argv, int first, bool userspace, char **filter, const char **cmd0, struct sc_err *err)
{
	int argc = 0, rc;
	char **cmd = argv;   /* must be set to NULL or the command */

	while (argv[argc])
		argc++;
	memset(err, 0, sizeof(*err));
	rc = sc_source_split_args(argc, argv, first, userspace, &cmd, filter, err);

	*cmd0 = cmd ? cmd[0] : NULL;
	return rc;
}

static void test_split_args(void **state)
{
	struct sc_err err;
	const char *cmd0;
	char *f;

	(void)state;
	/* nothing left */
	assert_int_equal(split((char *[]){ "prog", "-r", "x", NULL }, 3, false, &f, &cmd0, &err), 0);
	assert_null(f);
	assert_null(cmd0);
	/* the words, joined */
	assert_int_equal(split((char *[]){ "prog", "proc.name=a", "and", "fd.num=3", NULL }, 1, false, &f,
			       &cmd0, &err), 0);
	assert_string_equal(f, "proc.name=a and fd.num=3");
	assert_null(cmd0);
	free(f);
	/* without --userspace a "--" is a word of the filter */
	assert_int_equal(split((char *[]){ "prog", "a=1", "--", "ls", NULL }, 1, false, &f, &cmd0, &err), 0);
	assert_string_equal(f, "a=1 -- ls");
	assert_null(cmd0);
	free(f);
	/* --userspace: filter, then the command */
	assert_int_equal(split((char *[]){ "prog", "-u", "a=1", "--", "ls", "-l", NULL }, 2, true, &f, &cmd0,
			       &err), 0);
	assert_string_equal(f, "a=1");
	assert_string_equal(cmd0, "ls");
	free(f);
	/* getopt ate the "--" right after the options: all of the rest is the command */
	assert_int_equal(split((char *[]){ "prog", "-u", "--", "ls", "a=1", NULL }, 3, true, &f, &cmd0, &err), 0);
	assert_null(f);
	assert_string_equal(cmd0, "ls");
	/* --userspace and no "--": only a filter (the caller says a command is missing) */
	assert_int_equal(split((char *[]){ "prog", "-u", "a=1", NULL }, 2, true, &f, &cmd0, &err), 0);
	assert_string_equal(f, "a=1");
	assert_null(cmd0);
	free(f);
	/* a "--" with nothing after it */
	assert_int_equal(split((char *[]){ "prog", "-u", "a=1", "--", NULL }, 2, true, &f, &cmd0, &err), -EINVAL);
	assert_string_equal(err.msg, "no command after --");
	assert_null(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
