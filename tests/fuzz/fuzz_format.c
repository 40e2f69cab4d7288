/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_format - libFuzzer harness for -p templates: every input is compiled
 * as a template (text and JSON, each buffer mode chosen by the first byte)
 * and, when it compiles, used to format a few fixed events with a thread and
 * an fd. Any crash, leak or sanitizer report is a bug; the output itself is
 * checked by tests/unit/test_format.c and the golden tests.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/state.h"
#include "tests/unit/builders.h"

static struct sc_builder b;
static struct sc_evt evs[3];
static struct sc_state *st;

static void setup(void)
{
	static const char data[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n\x01\x02\xff";
	size_t at[3];
	struct sc_err err = { 0 };
	struct sc_thread *th;

	st = sc_state_new();
	th = sc_state_thread_add(st, 42);
	th->pid = 42;
	th->ptid = 1;
	strcpy(th->comm, "cat");
	sc_state_fd_add(th, 3, SC_FD_FILE, "/etc/passwd");
	at[0] = sc_builder_add(&b, 42, SCE_SYSCALL_READ_X, 2, sc_bp_i64(sizeof(data) - 1),
			       sc_bp_buf(data, sizeof(data) - 1));
	at[1] = sc_builder_add(&b, 42, SCE_SYSCALL_OPEN_X, 4, sc_bp_i64(3), sc_bp_str("rel/../x"),
			       sc_bp_u32(4097), sc_bp_u32(0755));
	at[2] = sc_builder_add(&b, 7, SCE_GENERIC_E, 2, sc_bp_u16(1), sc_bp_u16(1));
	for (int i = 0; i < 3; i++) {
		if (sc_evt_decode(&evs[i], (const struct sc_evt_hdr *)(b.buf + at[i]), &err) < 0)
			abort();
		evs[i].num = (uint64_t)i + 1;
		evs[i].thread = i < 2 ? th : NULL;
		evs[i].fdnum = 3;
		evs[i].fd = i < 2 ? sc_state_fd(th, 3) : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct sc_format_opts o = { 0 };
	struct sc_formatter *f;
	struct sc_strbuf out = { 0 };
	struct sc_fctx ctx = { 0 };
	struct sc_err err = { 0 };
	char *tmpl;

	if (!ready) {
		setup();
		ready = true;
	}
	if (!size)
		return 0;
	o.buf_mode = data[0] % 5;
	o.json = data[0] & 8;
	o.verbose = data[0] & 16;
	o.time_mode = "harD"[(data[0] >> 5) & 3];
	tmpl = malloc(size);
	memcpy(tmpl, data + 1, size - 1);
	tmpl[size - 1] = '\0';
	f = sc_format_new(tmpl, &o, &err);
	if (f) {
		ctx.st = st;
		for (int i = 0; i < 3; i++) {
			ctx.ev = &evs[i];
			sc_format_ctx(f, &ctx, &out);
		}
		sc_format_free(f);
	}
	sc_strbuf_free(&out);
	free(tmpl);
	return 0;
}
