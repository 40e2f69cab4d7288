/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.h - turns events into output lines: the default sysdig line, -p
 * templates ("%evt.num %proc.name", "%10fd.name", a leading '*' to print
 * events whose fields are missing) and -j JSON lines, with the buffer
 * renderings (-A, -x, -X, -b), the 80-character buffer cut unless -v, and
 * the -t time modes.
 *
 * A template is compiled once by sc_format_new(); the formatter is owned by
 * the caller and released with sc_format_free(). Lines are appended to a
 * caller's struct sc_strbuf, newline included: the caller writes the buffer
 * out in large chunks. Nothing here allocates per event once warmed up.
 */
#ifndef SC_FORMAT_H
#define SC_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "evt.h"
#include "fields.h"
#include "strbuf.h"

struct sc_inspector;

/* sysdig's default line, and the one it uses on a terminal (with colours). */
#define SC_FORMAT_DEFAULT \
	"*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"
#define SC_FORMAT_DEFAULT_TTY                                                              \
	"*%evt.num %evt.outputtime %evt.cpu \033[01;32m%proc.name\033[00m "                   \
	"(\033[01;36m%proc.pid\033[00m.%thread.tid) %evt.dir \033[01;34m%evt.type\033[00m %evt.info"

/* What sysdig writes once when it exits with a terminal as output (resets the colours). */
#define SC_FORMAT_TTY_END "\033[00m"

struct sc_format_opts {
	uint8_t buf_mode;     /* enum sc_bufmode: SC_BUF_DOTS, or -A/-x/-X/-b */
	bool verbose;         /* -v: data buffers are not cut */
	bool json;            /* -j */
	bool tty;             /* the default line is the terminal one */
	char time_mode;       /* -t h|a|r|d|D; 0 means 'h' */
	uint32_t max_buflen;  /* cut of data buffers without -v; 0 means sysdig's 80 */
};

struct sc_formatter;

/*
 * Compiles tmpl (NULL: the default line). Returns NULL with err filled
 * (SC_EFORMAT and the 1-based column) when the template is malformed or
 * names an unknown field.
 */
struct sc_formatter *sc_format_new(const char *tmpl, const struct sc_format_opts *opts,
				   struct sc_err *err);
void sc_format_free(struct sc_formatter *f);

/*
 * Appends the line for ev (read through in) to out. Returns 1 when a line
 * was appended, 0 when the event is skipped because the template has no
 * '*' and one of its fields has no value for ev.
 */
int sc_format_event(struct sc_formatter *f, struct sc_inspector *in, const struct sc_evt *ev,
		    struct sc_strbuf *out);

/*
 * The same with the context given directly (tests, chisels): ctx->ev is the
 * event; the formatter's options override ctx's buffer and time settings.
 */
int sc_format_ctx(struct sc_formatter *f, struct sc_fctx *ctx, struct sc_strbuf *out);

/* The context the formatter fills for sc_format_event(), for callers that want the same settings. */
const struct sc_fctx *sc_format_context(const struct sc_formatter *f);

#endif /* SC_FORMAT_H */
