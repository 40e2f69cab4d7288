/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"
#include "util.h"

void sc_strbuf_grow(struct sc_strbuf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	b->cap = b->cap ? b->cap : 256;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void sc_strbuf_free(struct sc_strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void sc_strbuf_printf(struct sc_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (!b->s || (size_t)n + 1 > b->cap - b->len) {
		sc_strbuf_grow(b, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void sc_strbuf_u64(struct sc_strbuf *b, uint64_t v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sc_strbuf_add(b, tmp + i, sizeof(tmp) - i);
}

void sc_strbuf_i64(struct sc_strbuf *b, int64_t v)
{
	if (v < 0) {
		sc_strbuf_putc(b, '-');
		sc_strbuf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		sc_strbuf_u64(b, (uint64_t)v);
	}
}
