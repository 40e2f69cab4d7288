/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter.h - sysdig's filter language: compiled once (fields resolved
 * through the field registry, constants parsed by the field's type, 'in'
 * lists hashed, pmatch paths prepared), then evaluated per event without
 * allocating and with short-circuiting. The last stage of
 * filter_lex -> filter_parse -> filter.
 *
 * Ownership: sc_filter_compile() returns a filter the caller owns and
 * releases with sc_filter_free(); it borrows nothing from expr. A filter
 * keeps per-use state (delta fields, scratch buffers), so one filter serves
 * one event stream at a time.
 */
#ifndef SC_FILTER_H
#define SC_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "evt.h"
#include "fields.h"
#include "strbuf.h"

struct sc_filter;
struct sc_inspector;

/*
 * Compiles expr. NULL with err filled on failure: code SC_EFORMAT, col the
 * 1-based column of the offending text, msg what went wrong (what was
 * expected; the closest known field for an unknown one; the field and the
 * value for a type mismatch).
 */
struct sc_filter *sc_filter_compile(const char *expr, struct sc_err *err);
void sc_filter_free(struct sc_filter *f);

/* Does ev pass? Fields are read through the inspector's state. */
bool sc_filter_match(struct sc_filter *f, struct sc_inspector *in, struct sc_evt *ev);

/* The same, in the sc_inspector_match_fn shape: sc_inspector_set_match(in, sc_filter_match_fn, f). */
bool sc_filter_match_fn(void *f, struct sc_inspector *in, struct sc_evt *ev);

/* Does the event in ctx pass? For callers that read fields themselves (chisels, tests). */
bool sc_filter_eval(struct sc_filter *f, const struct sc_fctx *ctx);

/*
 * The event types the filter can match, for filtering at the source: sets
 * bit t of mask (SC_EVENT_MAX bits, (SC_EVENT_MAX + 7) / 8 bytes) for every
 * type that may pass. Returns false (and sets every bit) when the filter
 * does not restrict types. Generic events (the syscall ones) are included
 * whenever a named syscall might be one; "not"/"!=" of a pure evt.type test
 * gives the complement. This is what may be shown: a source must still
 * deliver the events the state learns from (SC_EF_MODIFIES_STATE ...).
 */
bool sc_filter_evttypes(const struct sc_filter *f, uint8_t *mask);

/*
 * Appends an error as users see it: the filter, a caret under err->col (a
 * byte column; the caret lines up under UTF-8 text and tabs), and the
 * message, each line ending in '\n'. Without a column, only the message.
 */
void sc_filter_error_render(const char *expr, const struct sc_err *err, struct sc_strbuf *out);

/*
 * The filters a, b and c (each may be NULL or "") joined with "and", each
 * part parenthesized when there are several. NULL when all are empty; the
 * caller frees the string.
 */
char *sc_filter_join(const char *a, const char *b, const char *c);

/* The expression the filter was compiled from. */
const char *sc_filter_text(const struct sc_filter *f);

#endif /* SC_FILTER_H */
