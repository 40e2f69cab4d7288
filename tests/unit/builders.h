/* SPDX-License-Identifier: Apache-2.0 */
/*
 * builders.h - builds event records in memory for unit tests, to be fed
 * through the mem engine. A struct sc_builder owns its growing buffer;
 * sc_builder_free() releases it.
 */
#ifndef SC_TEST_BUILDERS_H
#define SC_TEST_BUILDERS_H

#include <stddef.h>
#include <stdint.h>

#include "driver/abi/sc_abi.h"

struct sc_builder {
	uint8_t *buf;
	size_t len, cap;
	uint64_t ts;   /* timestamp of the next event; advanced by 1000 ns per event */
};

/* A parameter value: bytes and length. Helpers below make the common ones. */
struct sc_bparam {
	const void *val;
	uint32_t len;
	uint64_t scratch;  /* storage for integer values */
};

struct sc_bparam sc_bp_u8(uint8_t v);
struct sc_bparam sc_bp_u16(uint16_t v);
struct sc_bparam sc_bp_u32(uint32_t v);
struct sc_bparam sc_bp_u64(uint64_t v);
struct sc_bparam sc_bp_i64(int64_t v);
struct sc_bparam sc_bp_str(const char *s);              /* with the NUL */
struct sc_bparam sc_bp_buf(const void *p, uint32_t len);

/*
 * Appends one record of type for tid with n parameters (passed as struct
 * sc_bparam by value). Returns the record's offset in b->buf.
 */
size_t sc_builder_add(struct sc_builder *b, uint64_t tid, uint16_t type, uint32_t n, ...);
void sc_builder_free(struct sc_builder *b);

#endif
