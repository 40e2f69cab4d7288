/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <unistd.h>

#include "output.h"

#define SC_OUTPUT_CHUNK (256 * 1024)

void sc_output_init(struct sc_output *o, int fd, bool unbuffered)
{
	o->fd = fd;
	o->unbuffered = unbuffered;
	o->broken = false;
	o->buf = (struct sc_strbuf){ 0 };
	sc_strbuf_grow(&o->buf, SC_OUTPUT_CHUNK + 4096);
}

bool sc_output_flush(struct sc_output *o)
{
	size_t off = 0;

	while (off < o->buf.len && !o->broken) {
		ssize_t n = write(o->fd, o->buf.s + off, o->buf.len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->broken = true;
			break;
		}
		off += (size_t)n;
	}
	sc_strbuf_reset(&o->buf);
	return !o->broken;
}

void sc_output_maybe_flush(struct sc_output *o)
{
	if (o->unbuffered || o->buf.len >= SC_OUTPUT_CHUNK)
		sc_output_flush(o);
}

void sc_output_free(struct sc_output *o)
{
	sc_strbuf_free(&o->buf);
}
