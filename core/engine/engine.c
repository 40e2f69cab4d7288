/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - the engine registry and the calls every engine shares (see
 * engine.h): an engine is one allocation, the public struct followed by
 * ops->priv_size bytes of private state.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "kmod.h"
#include "ptrace.h"
#include "../util.h"

/*
 * Contract for every engine: open() may fail half-way, after which close()
 * is still called and must release whatever open() got; e->snap is freed
 * here, not by the engine. Live engines join this table when they land.
 */
#ifdef SC_HAVE_BPF
extern const struct sc_engine_ops sc_engine_bpf;   /* bpf.c, built with the eBPF toolchain */
#endif

static const struct sc_engine_ops *const engines[] = {
	&sc_engine_savefile,
	&sc_engine_mem,
	&sc_engine_ptrace,
	&sc_engine_kmod,
#ifdef SC_HAVE_BPF
	&sc_engine_bpf,
#endif
};

const struct sc_engine_ops *sc_engine_find(const char *name)
{
	size_t i;

	for (i = 0; i < SC_ARRAY_SIZE(engines); i++)
		if (strcmp(engines[i]->name, name) == 0)
			return engines[i];
	return NULL;
}

struct sc_engine *sc_engine_open(const struct sc_engine_ops *ops, const struct sc_open_args *args,
				 struct sc_err *err)
{
	/* keep the private area aligned for any type */
	size_t head = (sizeof(struct sc_engine) + 15) & ~(size_t)15;
	struct sc_engine *e = xcalloc(1, head + ops->priv_size);

	e->ops = ops;
	e->priv = ops->priv_size ? (uint8_t *)e + head : NULL;
	if (ops->open(e, args, err) < 0) {
		if (ops->close)
			ops->close(e);
		sc_snapshot_free(&e->snap);
		free(e);
		return NULL;
	}
	return e;
}

int sc_engine_stats(struct sc_engine *e, struct sc_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->exit_status = -1;
	return e->ops->stats ? e->ops->stats(e, st) : 0;
}

void sc_engine_close(struct sc_engine *e)
{
	if (!e)
		return;
	if (e->ops->close)
		e->ops->close(e);
	sc_snapshot_free(&e->snap);
	free(e);
}
