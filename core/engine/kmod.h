/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kmod.h - what the kmod engine (kmod.c, the reader of syscope.ko's rings)
 * offers beyond the engine vtable: its counters CPU by CPU, which the
 * module keeps in each ring's header (driver/abi/sc_kmod.h).
 */
#ifndef SC_ENGINE_KMOD_H
#define SC_ENGINE_KMOD_H

#include "engine.h"

extern const struct sc_engine_ops sc_engine_kmod;

/*
 * Fills st with ring i's counters (events, drops, drops_bug, preemptions)
 * and sets *cpu to its CPU number. Returns 0, or -ENOENT past the last
 * ring (and -EINVAL when e is not a kmod engine).
 */
int sc_kmod_cpu_stats(struct sc_engine *e, unsigned i, uint16_t *cpu, struct sc_stats *st);

#endif /* SC_ENGINE_KMOD_H */
