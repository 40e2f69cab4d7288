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
 * When the consumer's event types leave out every fd-table-only syscall
 * (open*, creat, close, dup*, pipe*, eventfd, signalfd, timerfd, inotify,
 * userfaultfd, fcntl), those are not followed ("lazy fds"): fd_check looks
 * each fd an enter event carries up in /proc while its thread is still
 * stopped (the thread is resumed once its records have been read). When
 * clone, fork, vfork, clone3, execve, execveat and procexit are left out
 * as well ("lazy procs"), threads are described from /proc when first
 * shown and again after their exec (thread_info, thread_changed). Fds and
 * threads then carry what /proc says (symlinks resolved, memory figures
 * of that moment), as the ones already there at the start do.
 *
 * Environment: SYSCOPE_PTRACE_PIN=0 keeps the tracer and a launched command
 * unpinned (by default both run on the tracer's CPU, where a stop costs a
 * tenth of what it costs across CPUs, and evt.cpu is that CPU).
 * SYSCOPE_PTRACE_LAZY_FDS=0 and SYSCOPE_PTRACE_LAZY_PROCS=0 follow every fd
 * and process syscall the state needs, whatever the consumer wants.
 */
#ifndef SC_ENGINE_PTRACE_H
#define SC_ENGINE_PTRACE_H

#include "engine.h"

extern const struct sc_engine_ops sc_engine_ptrace;

#endif /* SC_ENGINE_PTRACE_H */
