/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace.h - the userspace driver: an engine that traces a launched command
 * or attached processes with ptrace (seized, following forks, clones and
 * execs), stopping them only at the syscalls the consumer can use plus the
 * state-changing ones (a seccomp-BPF filter in launched commands), and
 * builds the .scap records from the filling table (ptrace_fill.c).
 *
 * Open with sc_engine_open(&sc_engine_ptrace, args): args->argv launches a
 * command (killed with us), args->attach_pid attaches (detached, left
 * running, on stop()). Records are borrowed until the next call to next().
 * stats() reports the launched command's exit status (128+signal when a
 * signal killed it), -1 until it is known.
 *
 * Environment: SYSCOPE_PTRACE_PIN=0 keeps the tracer and a launched command
 * unpinned (by default both run on the tracer's CPU, where a stop costs a
 * tenth of what it costs across CPUs, and evt.cpu is that CPU).
 */
#ifndef SC_ENGINE_PTRACE_H
#define SC_ENGINE_PTRACE_H

#include "engine.h"

extern const struct sc_engine_ops sc_engine_ptrace;

#endif /* SC_ENGINE_PTRACE_H */
