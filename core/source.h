/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.h - which engine a front end's options name (a capture with -r, a
 * live driver with --driver, ptrace with --userspace), the open
 * arguments that go with it, and the filter and command that follow the
 * options. Shared by syscope and csyscope so that both
 * pick drivers the same way and say the same thing when they cannot.
 */
#ifndef SC_SOURCE_H
#define SC_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "engine/engine.h"

struct sc_source_opts {
	const char *read_path;    /* -r */
	const char *driver;       /* --driver: auto (NULL), bpf, kmod, ptrace */
	bool userspace;           /* --userspace */
	char **cmd;               /* -- CMD ARGS (NULL-terminated), borrowed */
	int64_t attach_pid;       /* --attach / --attach-tree */
	bool attach_tree, seccomp, trace_all, sched_switch;
	uint32_t buffer_size;
};

/*
 * The engine for o, with args filled (path, argv, attach, probe ...; the
 * caller sets snaplen and evt_mask). NULL with err (SC_ENOTSUP or -EINVAL
 * and the reason) when the options do not go together or the driver is
 * not part of the build. Reads SYSCOPE_BPF_PROBE.
 */
const struct sc_engine_ops *sc_source_pick(const struct sc_source_opts *o, struct sc_open_args *args,
					   struct sc_err *err);

/*
 * What a front end's options leave, argv[first..argc): the filter (the
 * words joined with spaces; NULL when none) and, with userspace, the
 * command after a "--" (getopt has eaten a "--" that came right after the
 * options: argv[first - 1]). *cmd points into argv, NULL when there is
 * none; the caller frees *filter. -EINVAL with err when "--" ends the line.
 */
int sc_source_split_args(int argc, char **argv, int first, bool userspace, char ***cmd, char **filter,
			 struct sc_err *err);

#endif /* SC_SOURCE_H */
