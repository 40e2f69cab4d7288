/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mem.h - the mem engine (sc_engine_mem, declared in engine.h): replays
 * records laid back to back in memory, each one a 26-byte header and its
 * parameters, as tests/unit/builders.h makes them. A real engine, not a
 * mock: the same vtable, checks and statistics as the others.
 *
 * Ownership: args->mem_buf is borrowed for the engine's life (records are
 * handed out in place); args->mem_snapshot is deep-copied into e->snap at
 * open, so the caller may free it right after.
 *
 * Records come out with cpu 0 and flags 0. A record whose length does not
 * fit fails with SC_EFORMAT naming its offset; records of unknown event
 * types are counted in skipped_unknown and skipped, as the savefile does.
 */
#ifndef SC_ENGINE_MEM_H
#define SC_ENGINE_MEM_H

#include "engine.h"

#endif /* SC_ENGINE_MEM_H */
