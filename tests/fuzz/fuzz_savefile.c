/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_savefile - libFuzzer harness for the capture reader: every input is
 * opened as a .scap capture from memory (gzip or plain), every event read
 * and decoded, and the stats taken. Any crash, hang, leak or sanitizer
 * report is a bug; a failure must come back as an error with an offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine/engine.h"
#include "core/evt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_open_args a = { 0 };
	struct sc_err err = { 0 };
	struct sc_engine *e;
	struct sc_raw_evt ev;
	struct sc_stats st;
	int rc;

	a.mem_buf = data;
	a.mem_len = size;
	e = sc_engine_open(&sc_engine_savefile, &a, &err);
	if (!e) {
		if (err.code >= 0)
			abort();
		return 0;
	}
	while ((rc = sc_engine_next(e, &ev, &err)) == SC_OK) {
		struct sc_evt d;
		uint32_t i;

		if (sc_evt_decode(&d, ev.hdr, NULL) == SC_OK)
			for (i = 0; i < d.nparams; i++)
				(void)sc_evt_param_int(&d, i, 0);
	}
	if (rc < 0 && !strstr(err.msg, "offset"))
		abort();
	sc_engine_stats(e, &st);
	sc_engine_close(e);
	return 0;
}
