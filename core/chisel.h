/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chisel.h - the chisel runtime: Lua 5.4 scripts with sysdig's chisel API
 * (the description/args globals, the on_* callbacks, and the chisel.*,
 * sysdig.* and evt.* tables), fed with the events of an inspector. Fields
 * are read through the field registry, filters through core/filter.
 *
 * Ownership: sc_chisel_load() returns a chisel the caller owns and releases
 * with sc_chisel_free(). The host it is given (struct sc_chisel_host) is
 * borrowed for the chisel's whole life. Everything a chisel prints goes to
 * host->out, never to a stream of its own; the caller writes it out.
 * Errors come back as negative codes with the text in struct sc_err; a Lua
 * error names the chisel, the file and line, and the cause. sysdig's own
 * chisels were written for LuaJIT (Lua 5.1): string.format drops the
 * fraction of a number given to %d as LuaJIT did, and unpack/loadstring
 * exist; nothing else differs from Lua 5.4.
 */
#ifndef SC_CHISEL_H
#define SC_CHISEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "evt.h"
#include "format.h"
#include "strbuf.h"

struct sc_inspector;
struct sc_chisel;

/* What the front end gives every chisel (borrowed). */
struct sc_chisel_host {
	struct sc_strbuf *out;          /* print(), io.write() and formatter lines go here */
	const char *const *dirs;        /* where chisels and their helpers are looked up, NULL-ended */
	bool live;                      /* sysdig.is_live() */
	bool json;                      /* sysdig.get_output_format() is "json" */
	bool tty;                       /* sysdig.is_tty() */
	const char *source_name;        /* sysdig.get_evtsource_name(): the capture read, "" live */
	struct sc_format_opts fmt;      /* for chisel.set_event_formatter() */
	/* sysdig.log(): the front end decides whether and where it shows; may be NULL */
	void (*log)(void *ud, const char *chisel, const char *severity, const char *msg);
	void *log_ud;
};

/* One declared argument of a chisel. */
struct sc_chisel_arg {
	char *name, *description, *argtype;   /* owned */
	bool optional;
};

/* What a chisel says of itself (its globals). Owned by the chisel. */
struct sc_chisel_info {
	char *name;                 /* as looked up: "topprocs_file" */
	char *path;                 /* the file loaded */
	char *description, *short_description, *category;
	bool hidden;
	struct sc_chisel_arg *args;
	size_t nargs, nrequired;    /* required ones come first */
};

/*
 * Finds the file for name: a path ending in ".lua" as it is, otherwise
 * NAME.lua in each of dirs in order. Appends the path to out; -ENOENT with
 * a message naming the chisel when there is none.
 */
int sc_chisel_find(const char *name, const char *const *dirs, struct sc_strbuf *out,
		   struct sc_err *err);

/*
 * Loads a chisel: runs its file (its globals and function definitions),
 * reads its description and args. NULL with err filled when the file is
 * missing, does not compile, fails while running, or is not a chisel.
 */
struct sc_chisel *sc_chisel_load(const char *name, const struct sc_chisel_host *host,
				 struct sc_err *err);
void sc_chisel_free(struct sc_chisel *c);
const struct sc_chisel_info *sc_chisel_info(const struct sc_chisel *c);

/*
 * Arguments. sc_chisel_set_args_line() splits one string as sysdig does
 * (at spaces, except inside '...' or `...`); sc_chisel_set_args() takes
 * them already split. Either checks the count (required/optional) and the
 * declared types (int, ipv4), then calls on_set_arg for each.
 */
int sc_chisel_set_args_line(struct sc_chisel *c, const char *line, struct sc_err *err);
int sc_chisel_set_args(struct sc_chisel *c, size_t n, const char *const *vals, struct sc_err *err);

/*
 * on_init. A chisel that calls chisel.exec(NAME, ARGS...) there is replaced
 * by NAME, given ARGS, and initialized in turn.
 */
int sc_chisel_init(struct sc_chisel *c, struct sc_err *err);

/* What on_init asked of the capture: a snaplen (0: none) and a filter for the whole capture (NULL: none). */
uint32_t sc_chisel_snaplen(const struct sc_chisel *c);
const char *sc_chisel_global_filter(const struct sc_chisel *c);

/* on_capture_start, once the source is open; in gives the chisel its state and fields. */
int sc_chisel_capture_start(struct sc_chisel *c, struct sc_inspector *in, struct sc_err *err);

/*
 * One event: the interval callbacks due by its time, then the chisel's
 * filter, on_event, and the event formatter when on_event returned true.
 * Returns 0, SC_EOF when the chisel asked to end the capture
 * (sysdig.end_capture()), or <0 with err filled.
 */
int sc_chisel_event(struct sc_chisel *c, struct sc_evt *ev, struct sc_err *err);

/* Live capture with nothing to read: the interval callbacks due by now (ns since the epoch). */
int sc_chisel_timeout(struct sc_chisel *c, uint64_t now, struct sc_err *err);

/* on_end_of_sample (for front ends that cut a capture into samples). */
int sc_chisel_end_of_sample(struct sc_chisel *c, struct sc_err *err);

/* on_capture_end(ts_s, ts_ns, delta) with the last event's time and the capture's span. */
int sc_chisel_capture_end(struct sc_chisel *c, struct sc_err *err);

/*
 * Every chisel in dirs (a name found twice: the first directory wins), as
 * loaded infos sorted by category then name; chisels that fail to load are
 * skipped. The caller frees the array with sc_chisel_infos_free().
 */
int sc_chisel_list(const char *const *dirs, const struct sc_chisel_host *host,
		   struct sc_chisel_info **out, size_t *n, struct sc_err *err);
void sc_chisel_infos_free(struct sc_chisel_info *infos, size_t n);

/* sysdig's -cl listing and its -i page for one chisel. */
void sc_chisel_list_render(const struct sc_chisel_info *infos, size_t n, struct sc_strbuf *out);
void sc_chisel_info_render(const struct sc_chisel_info *info, struct sc_strbuf *out);

#endif /* SC_CHISEL_H */
