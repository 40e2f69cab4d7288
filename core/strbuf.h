/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strbuf.h - a growable byte buffer for building output text. The buffer
 * owns its memory; sc_strbuf_free() releases it. Appends never fail (they
 * abort on out-of-memory like xmalloc). The text is kept NUL-terminated.
 */
#ifndef SC_STRBUF_H
#define SC_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sc_strbuf {
	char *s;
	size_t len, cap;
};

void sc_strbuf_grow(struct sc_strbuf *b, size_t more);
void sc_strbuf_free(struct sc_strbuf *b);
void sc_strbuf_printf(struct sc_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal (fast path, no printf). */
void sc_strbuf_u64(struct sc_strbuf *b, uint64_t v);
void sc_strbuf_i64(struct sc_strbuf *b, int64_t v);

static inline void sc_strbuf_add(struct sc_strbuf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sc_strbuf_grow(b, n + 1);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void sc_strbuf_puts(struct sc_strbuf *b, const char *s)
{
	sc_strbuf_add(b, s, strlen(s));
}

static inline void sc_strbuf_putc(struct sc_strbuf *b, char c)
{
	if (b->len + 2 > b->cap)
		sc_strbuf_grow(b, 2);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static inline void sc_strbuf_reset(struct sc_strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

#endif /* SC_STRBUF_H */
