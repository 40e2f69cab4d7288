/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_filter - libFuzzer harness for the filter language: every input is
 * parsed (and its tree dumped), compiled, evaluated against one fixed event
 * with a thread and an fd, and, when it fails, its error rendered. Any
 * crash, leak or sanitizer report is a bug; wrong answers are for the
 * cases in tests/filter/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/evt.h"
#include "core/fields.h"
#include "core/filter.h"
#include "core/filter_parse.h"
#include "core/state.h"
#include "tests/unit/builders.h"

static struct sc_builder b;
static struct sc_evt ev;
static struct sc_thread th;
static struct sc_fdinfo fd;
static char args[] = "/etc/passwd\0-n";

static void setup(void)
{
	struct sc_err err = { 0 };
	static const char data[] = "hello\0world";

	sc_builder_add(&b, 42, SCE_SYSCALL_READ_X, 2, sc_bp_i64(11), sc_bp_buf(data, sizeof(data) - 1));
	if (sc_evt_decode(&ev, (const struct sc_evt_hdr *)b.buf, &err) < 0)
		abort();
	snprintf(th.comm, sizeof(th.comm), "cat");
	th.tid = th.pid = 42;
	th.ptid = 1;
	th.exe = th.exepath = (char *)"/bin/cat";
	th.cwd = th.root = (char *)"/";
	th.args = args;
	th.args_len = sizeof(args);
	th.env = th.cgroups = (char *)"";
	fd.fd = 3;
	fd.type = SC_FD_IPV4_SOCK;
	fd.name = (char *)"10.0.0.1:1234->10.0.0.2:80";
	fd.name_len = strlen(fd.name);
	fd.sip[0] = 10, fd.sip[3] = 1;
	fd.dip[0] = 10, fd.dip[3] = 2;
	fd.sport = 1234;
	fd.dport = 80;
	ev.num = 7;
	ev.thread = &th;
	ev.fd = &fd;
	ev.fdnum = 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct sc_err err = { 0 };
	struct sc_strbuf out = { 0 };
	struct sc_filter_ast *ast;
	struct sc_filter *f;
	char *expr;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size > 4096)
		return 0;
	expr = malloc(size + 1);
	memcpy(expr, data, size);
	expr[size] = '\0';

	ast = sc_filter_parse(expr, &err);
	if (ast) {
		sc_filter_ast_dump(ast->root, &out);
		sc_filter_ast_free(ast);
	}
	f = sc_filter_compile(expr, &err);
	if (f) {
		struct sc_fctx ctx = { .ev = &ev, .time_mode = 'h' };
		uint8_t mask[(SC_EVENT_MAX + 7) / 8];

		sc_filter_eval(f, &ctx);
		sc_filter_eval(f, &ctx);
		sc_filter_evttypes(f, mask);
		sc_filter_free(f);
	} else {
		sc_filter_error_render(expr, &err, &out);
	}
	sc_strbuf_free(&out);
	free(expr);
	return 0;
}
