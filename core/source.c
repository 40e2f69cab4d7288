/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.c - picks the engine from a front end's options, and splits the
 * words after them into a filter and a command.
 */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"

const struct sc_engine_ops *sc_source_pick(const struct sc_source_opts *o, struct sc_open_args *args,
					   struct sc_err *err)
{
	const char *name = o->driver ? o->driver : "auto";
	const char *probe = getenv("SYSCOPE_BPF_PROBE");
	const struct sc_engine_ops *ops;

	if (o->read_path) {
		if (o->userspace || o->driver || o->cmd || o->attach_pid) {
			sc_err_set(err, -EINVAL, "-r reads a capture; it does not go with a live driver");
			return NULL;
		}
		args->path = o->read_path;
		return &sc_engine_savefile;
	}
	if (o->userspace || o->cmd || o->attach_pid) {
		if (strcmp(name, "auto") != 0 && strcmp(name, "ptrace") != 0) {
			sc_err_set(err, -EINVAL, "--userspace uses the ptrace driver, not '%s'", name);
			return NULL;
		}
		if (!o->cmd && !o->attach_pid) {
			sc_err_set(err, -EINVAL, "--userspace needs a command (-- CMD ARGS) or --attach PID");
			return NULL;
		}
		name = "ptrace";
	} else if (strcmp(name, "ptrace") == 0) {
		sc_err_set(err, -EINVAL, "the ptrace driver needs a command (-- CMD ARGS) or --attach PID");
		return NULL;
	}
	if (strcmp(name, "auto") == 0) {
		if (probe)
			name = "bpf";
		else
			name = access("/dev/syscope0", R_OK) == 0 ? "kmod" : "bpf";
	}
	if (probe && *probe && strcmp(name, "bpf") == 0)
		args->probe_path = probe;
	args->argv = o->cmd;
	args->attach_pid = o->attach_pid;
	args->attach_tree = o->attach_tree;
	args->seccomp = o->seccomp;
	args->trace_all = o->trace_all;
	args->buffer_size = o->buffer_size;
	args->sched_switch = o->sched_switch;
	ops = sc_engine_find(name);
	if (!ops)
		sc_err_set(err, SC_ENOTSUP, "the %s driver is not part of this build%s", name,
			   strcmp(name, "bpf") && strcmp(name, "kmod") && strcmp(name, "ptrace") ?
			   " (drivers: auto, bpf, kmod, ptrace)" : "; read a capture with -r FILE");
	return ops;
}

int sc_source_split_args(int argc, char **argv, int first, bool userspace, char ***cmd, char **filter,
			 struct sc_err *err)
{
	struct sc_strbuf b = { 0 };
	int end = argc;

	*cmd = NULL;
	*filter = NULL;
	if (userspace) {
		int cmd_at = -1;

		if (first > 1 && strcmp(argv[first - 1], "--") == 0) {
			cmd_at = first;
			end = first;
		} else {
			for (int i = first; i < argc; i++)
				if (strcmp(argv[i], "--") == 0) {
					cmd_at = i + 1;
					end = i;
					break;
				}
		}
		if (cmd_at >= 0) {
			if (cmd_at >= argc)
				return sc_err_set(err, -EINVAL, "no command after --");
			*cmd = argv + cmd_at;
		}
	}
	for (int i = first; i < end; i++) {
		if (i > first)
			sc_strbuf_putc(&b, ' ');
		sc_strbuf_puts(&b, argv[i]);
	}
	*filter = b.s;
	return 0;
}
