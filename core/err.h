/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.h - how the library reports failure.
 *
 * Functions return int: 0 on success, a negative -errno or SC_E* code on
 * failure, a positive SC_* outcome that is not a failure (timeout, end of
 * input). The last parameter, when present, is a struct sc_err the caller
 * owns; on failure it holds one line of text and, for parse errors, the
 * 1-based column. Only cli/ and tui/ print it.
 */
#ifndef SC_ERR_H
#define SC_ERR_H

#include <stdint.h>

enum {
	SC_OK = 0,
	SC_TIMEOUT = 1,   /* nothing now, try again */
	SC_EOF = 2,       /* the source is exhausted */
	SC_FILTERED = 3,  /* event consumed but not shown */
};

/* Library error codes beyond errno, all negative and far from errno values. */
enum {
	SC_EFORMAT = -10001,  /* malformed input (capture, filter, template) */
	SC_ETRUNC = -10002,   /* input ends in the middle of a record */
	SC_EVERSION = -10003, /* unsupported format version */
	SC_ENOTSUP = -10004,  /* valid but not supported here */
};

struct sc_err {
	int code;        /* the negative value returned with it */
	int col;         /* 1-based column for parse errors, else 0 */
	uint64_t offset; /* byte offset in the input for capture errors, else 0 */
	char msg[512];
};

/* Fills err (if not NULL) and returns code, so callers can `return sc_err_set(...)`. */
int sc_err_set(struct sc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sc_err_clear(struct sc_err *err);

#endif /* SC_ERR_H */
