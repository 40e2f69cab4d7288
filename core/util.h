/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.h - allocation that cannot fail (it aborts on out-of-memory) and
 * small helpers every module uses. Memory from x* functions is owned by the
 * caller and freed with free().
 */
#ifndef SC_UTIL_H
#define SC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

#define SC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SC_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Unaligned little-endian loads from record bytes. */
static inline uint16_t sc_get_u16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t sc_get_u32(const void *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t sc_get_u64(const void *p) { uint64_t v; memcpy(&v, p, 8); return v; }

#endif /* SC_UTIL_H */
