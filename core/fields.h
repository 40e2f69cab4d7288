/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.h - the field registry: every field sysdig users know (evt.*,
 * proc.*, thread.*, fd.*, user.*, group.*, fdlist.* ...), each with its
 * type, flags, description and extractor, plus the rendering of event
 * parameters as sysdig prints them. The formatter, the filter, the chisels
 * and the TUI all read fields through here and nothing else.
 *
 * Ownership: the registry is static const data. A struct sc_fcheck (one use
 * of a field, with its argument) belongs to whoever parsed it and is
 * released with sc_fcheck_release(). Strings inside a struct sc_fval are
 * borrowed: from the event, the state, or the check's scratch buffer, valid
 * until the next extraction with the same check or the next event.
 */
#ifndef SC_FIELDS_H
#define SC_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "evt.h"
#include "snapshot.h"
#include "state.h"
#include "strbuf.h"

/* How data buffers (BYTEBUF parameters, evt.buffer) are rendered. */
enum sc_bufmode {
	SC_BUF_DOTS = 0,     /* printable bytes as they are, others as '.' */
	SC_BUF_ASCII,        /* -A: printable bytes and line ends only */
	SC_BUF_HEX,          /* -x */
	SC_BUF_HEX_ASCII,     /* -X */
	SC_BUF_BASE64,       /* -b */
};

/* Local time, computed once: the offset is valid for [from, until) in UTC seconds. */
struct sc_tzcache {
	int64_t from, until;
	int32_t off;         /* seconds east of UTC */
	char sign_hhmm[6];   /* "+0000" as strftime %z prints it */
	/* the wall clock, sampled now and then, and the last second rendered */
	int64_t now, last_sec, last_check;
	uint32_t calls;
	bool last_sec_valid;
	char last_hms[8];
};

/*
 * What a field needs to read one event. The caller fills it once and
 * updates ev per event; everything is borrowed.
 */
struct sc_fctx {
	const struct sc_evt *ev;
	struct sc_state *st;                /* thread lookups (parents, pid params); may be NULL */
	const struct sc_snapshot *snap;     /* users and groups; may be NULL */
	uint64_t first_ts;                  /* first event read, for relative times */
	uint8_t bufmode;                    /* enum sc_bufmode */
	bool json;                          /* -j: buffers are never cut */
	uint32_t max_buflen;                /* cut of rendered buffers (80 by default), 0 = none */
	char time_mode;                     /* -t: 'h' (default), 'a', 'r', 'd', 'D' */
	struct sc_tzcache *tz;              /* local time cache; may be NULL (then computed per call) */
};

/* Field flags. */
enum sc_field_flag {
	SC_FF_NONE = 0,
	SC_FF_ARG_REQUIRED = 1 << 0,   /* evt.arg.NAME, evt.arg[N], thread.cgroup.X */
	SC_FF_ARG_INDEX = 1 << 1,      /* the argument may be [N] */
	SC_FF_ARG_NAME = 1 << 2,       /* the argument may be .NAME */
	SC_FF_ARG_ALLOWED = 1 << 3,    /* an argument is optional (proc.aname, proc.apid) */
	SC_FF_FILTER_ONLY = 1 << 4,    /* cannot be printed */
	SC_FF_PRINT_ONLY = 1 << 5,     /* cannot be filtered on */
	SC_FF_TABLE_ONLY = 1 << 6,     /* for views and chisels; not listed by -l */
	SC_FF_HIDDEN = 1 << 7,         /* not listed */
};

/*
 * One extracted value. type/fmt say how to read it (enum sc_ptype,
 * enum sc_pfmt); the filter compares on type, the formatter prints by it.
 *  - integers (INT*, UINT*, RELTIME, ABSTIME, PORT, L4PROTO, UID, GID,
 *    FD, PID, ERRNO, BOOL): in i (signed types) or u (unsigned types);
 *  - DOUBLE: in d;
 *  - IPV4ADDR: ip[0..3], network order; IPV6ADDR: ip[0..15];
 *  - CHARBUF, FSPATH, BYTEBUF: s and len (s not necessarily NUL-ended
 *    for BYTEBUF; CHARBUF text is ready to print).
 */
struct sc_fval {
	uint8_t type;
	uint8_t fmt;
	union {
		int64_t i;
		uint64_t u;
		double d;
		uint8_t ip[16];
	} v;
	const char *s;
	size_t len;
};

struct sc_fcheck;
struct sc_field;

typedef bool (*sc_field_extract_fn)(struct sc_fcheck *chk, const struct sc_fctx *ctx,
				    struct sc_fval *out);
/* Optional fast path for text output: appends the value's text, false (nothing appended) if absent. */
typedef bool (*sc_field_render_fn)(struct sc_fcheck *chk, const struct sc_fctx *ctx,
				   struct sc_strbuf *out);

struct sc_field {
	const char *name;
	uint8_t type;         /* enum sc_ptype (SC_PT_DYN for evt.rawarg) */
	uint8_t fmt;          /* enum sc_pfmt */
	uint16_t flags;       /* enum sc_field_flag */
	const char *desc;
	sc_field_extract_fn extract;
	sc_field_render_fn render;    /* or NULL: extract, then sc_fval_to_text() */
};

struct sc_field_class {
	const char *name;     /* "evt", "process", "fd" ... as -l prints it */
	const char *title;    /* the part in parentheses after the name, or NULL */
	const char *desc;
	const struct sc_field *fields;
	size_t nfields;
};

extern const struct sc_field_class sc_field_classes[];
extern const size_t sc_field_nclasses;

/*
 * One use of a field, bound to its argument. The filter and the formatter
 * each hold their own, because some fields keep per-use state (evt.deltatime
 * remembers the previous event it saw).
 */
struct sc_fcheck {
	const struct sc_field *field;
	char name[64];            /* the text that named it, e.g. "evt.arg.fd" */
	int32_t argnum;           /* [N], or -1 */
	char *argname;            /* .NAME, owned, or NULL */
	uint8_t type, fmt;        /* effective type: evt.rawarg takes the parameter's */
	uint64_t prev_ts;         /* per-use state for delta fields */
	void *priv;               /* per-use state of fields that need more (owned, freed on release) */
	struct sc_strbuf tmp;     /* scratch for values that are built */
	struct sc_strbuf tmp2;
};

/* The field called exactly name, or NULL. */
const struct sc_field *sc_field_find(const char *name);

/*
 * Parses the field reference at the start of s (the longest known field
 * name, then its argument if any: "evt.arg.fd", "evt.arg[0]",
 * "proc.aname[2]", "thread.cgroup.cpuacct"). On success fills chk and sets
 * *used to the number of characters consumed. Fails with SC_EFORMAT and a
 * message when no field matches or the argument is malformed.
 */
int sc_fcheck_parse(struct sc_fcheck *chk, const char *s, size_t *used, struct sc_err *err);
void sc_fcheck_release(struct sc_fcheck *chk);

/* Extracts the value for ctx->ev; false when the field has no value for it. */
static inline bool sc_fcheck_extract(struct sc_fcheck *chk, const struct sc_fctx *ctx,
				     struct sc_fval *out)
{
	out->type = chk->type;
	out->fmt = chk->fmt;
	out->s = NULL;
	out->len = 0;
	return chk->field->extract(chk, ctx, out);
}

/*
 * Whether sysdig can print the value: numbers narrower than 64 bits need a
 * print format (evt.type.is.open prints <NA>). Filters still use them.
 */
bool sc_fval_printable(const struct sc_fval *v);
/* Appends a value as sysdig's -p output prints it. */
void sc_fval_to_text(const struct sc_fval *v, const struct sc_fctx *ctx, struct sc_strbuf *out);
/* Appends a value as a JSON value (number, string, true/false) as sysdig -j prints it. */
void sc_fval_to_json(const struct sc_fval *v, const struct sc_fctx *ctx, struct sc_strbuf *out);
/* Appends s as a JSON string literal, quotes included. */
void sc_json_string(struct sc_strbuf *out, const char *s, size_t len);

/*
 * Parameter i of ev as sysdig renders it: the value text appended to val and
 * the resolved text (fd name, errno name, flag names, thread name ...)
 * appended to res when there is one. Nothing is appended when the event has
 * no parameter i.
 */
void sc_param_render(const struct sc_fctx *ctx, const struct sc_evt *ev, uint32_t i,
		     struct sc_strbuf *val, struct sc_strbuf *res);

/* Decimal writers, by hand (the hot path of every line). */
void sc_put_u64(struct sc_strbuf *out, uint64_t v);
void sc_put_i64(struct sc_strbuf *out, int64_t v);

/* Appends a data buffer in the given mode, uncut (see sc_fctx.max_buflen for the cut). */
void sc_buf_render(struct sc_strbuf *out, const uint8_t *p, size_t n, uint8_t bufmode);

/*
 * evt.info / evt.args for ev: "name=value(resolved) " for each parameter,
 * appended to out; scratch is a buffer the caller keeps for reuse.
 */
void sc_evt_args_render(const struct sc_fctx *ctx, const struct sc_evt *ev, struct sc_strbuf *out,
			struct sc_strbuf *scratch);

/*
 * Broken-down local time of ts (ns since the epoch), using and refreshing
 * the cache when given: the offset is looked up only when ts leaves the
 * interval it was computed for (hourly, and so on every DST change).
 */
void sc_tz_offset(struct sc_tzcache *tz, int64_t secs, int32_t *off, const char **zhhmm);

/* Appends ts as "HH:MM:SS.nnnnnnnnn" local time (ns=false: no fraction). */
void sc_time_render(struct sc_strbuf *out, uint64_t ts, struct sc_tzcache *tz, bool date, bool ns);

/* The -l (verbose false) and -lv listing of every field, as sysdig lays it out. */
void sc_fields_list(struct sc_strbuf *out, bool verbose);
/* The same as markdown tables, one per class (sysdig's --list-markdown layout). */
void sc_fields_list_markdown(struct sc_strbuf *out);

/* Name of an enum sc_ptype as -lv prints it ("UINT64", "CHARBUF" ...). */
const char *sc_ptype_name(uint8_t type);

#endif /* SC_FIELDS_H */
