/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.h - the CLI's standard output: one large buffer written out in
 * big chunks (never a write per line), flushed at the end, on Ctrl-C, or
 * after every event with --unbuffered. The caller owns the struct.
 */
#ifndef SC_CLI_OUTPUT_H
#define SC_CLI_OUTPUT_H

#include <stdbool.h>

#include "core/strbuf.h"

struct sc_output {
	int fd;
	bool unbuffered;
	bool broken;          /* the reader went away (EPIPE): stop producing */
	struct sc_strbuf buf;
};

void sc_output_init(struct sc_output *o, int fd, bool unbuffered);
/* Writes the buffer out when it is large enough (or always when unbuffered). */
void sc_output_maybe_flush(struct sc_output *o);
/* Writes everything out; false when the write failed. */
bool sc_output_flush(struct sc_output *o);
void sc_output_free(struct sc_output *o);

#endif
