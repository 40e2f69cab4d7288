/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_filter_cases - runs tests/filter/cases.txt: filters evaluated
 * against events described in the file, each with the result it must give.
 *
 * The file, one item a line ('#' starts a comment line):
 *   @event NAME< | NAME> [param=value ...]   the event (exit '<', enter '>')
 *   @thread key=value ...                    its thread (tid pid ptid comm exe
 *                                            exepath cwd args uid gid loginuid)
 *   @fd key=value ...                        its fd (num type name sip dip sport
 *                                            dport l4proto openflags role connected)
 *   EXPECT<TAB>FILTER                        EXPECT: true, false or error@COL
 * @event resets @thread and @fd. Values may be quoted ("a b") and use the
 * filter's escapes (\xHH, \", \\). A thread's args are split on blanks.
 * Exit status: 0 when every case holds, 1 otherwise (each failure printed).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/evt.h"
#include "core/fields.h"
#include "core/filter.h"
#include "core/state.h"
#include "core/util.h"
#include "tests/unit/builders.h"

struct world {
	struct sc_builder b;
	struct sc_evt ev;
	struct sc_thread th;
	struct sc_fdinfo fd;
	bool have_ev, have_th, have_fd;
	char *strs[64];   /* owned strings the thread and fd point to */
	size_t nstrs;
};

static char *keep(struct world *w, char *s)
{
	if (w->nstrs < SC_ARRAY_SIZE(w->strs))
		w->strs[w->nstrs++] = s;
	return s;
}

static void world_reset(struct world *w)
{
	size_t i;

	for (i = 0; i < w->nstrs; i++)
		free(w->strs[i]);
	w->nstrs = 0;
	sc_builder_free(&w->b);
	memset(w, 0, sizeof(*w));
}

/* Splits "key=value" items off *p; value unquoted and unescaped into a new string. */
static bool next_item(char **p, char **key, char **val, size_t *vlen)
{
	char *s = *p, *o;
	struct sc_strbuf v = { 0 };

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '\n')
		return false;
	*key = s;
	while (*s && *s != '=' && *s != ' ' && *s != '\n')
		s++;
	if (*s != '=') {
		*s = '\0';
		*val = NULL;
		*p = s + 1;
		return true;
	}
	*s++ = '\0';
	sc_strbuf_puts(&v, "");
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1] == 'x' && s[2] && s[3]) {
				char hex[3] = { s[2], s[3], 0 };

				sc_strbuf_putc(&v, (char)strtol(hex, NULL, 16));
				s += 3;
			} else if (*s == '\\' && s[1]) {
				sc_strbuf_putc(&v, *++s);
			} else {
				sc_strbuf_putc(&v, *s);
			}
		}
		if (*s == '"')
			s++;
	} else {
		for (; *s && *s != ' ' && *s != '\t' && *s != '\n'; s++)
			sc_strbuf_putc(&v, *s);
	}
	o = v.s;
	*vlen = v.len;
	*val = o;
	*p = s;
	return true;
}

static int find_event(const char *spec)
{
	size_t n = strlen(spec);
	bool enter;
	int t, found = -1;

	if (n < 2 || (spec[n - 1] != '<' && spec[n - 1] != '>'))
		return -1;
	enter = spec[n - 1] == '>';
	for (t = 0; t < SC_EVENT_MAX; t++) {
		const struct sc_event_info *ei = &sc_event_table[t];

		if (sc_evt_is_enter((uint16_t)t) != enter || !ei->name || strncmp(ei->name, spec, n - 1) ||
		    ei->name[n - 1])
			continue;
		if (found < 0 || !(ei->flags & SC_EF_OLD_VERSION))
			found = t;
	}
	return found;
}

static uint32_t ptype_size(uint8_t t)
{
	switch (t) {
	case SC_PT_INT8: case SC_PT_UINT8: case SC_PT_SIGTYPE: case SC_PT_L4PROTO:
	case SC_PT_SOCKFAMILY: case SC_PT_FLAGS8:
		return 1;
	case SC_PT_INT16: case SC_PT_UINT16: case SC_PT_PORT: case SC_PT_FLAGS16: case SC_PT_SYSCALLID:
		return 2;
	case SC_PT_INT32: case SC_PT_UINT32: case SC_PT_FLAGS32: case SC_PT_UID: case SC_PT_GID:
	case SC_PT_MODE: case SC_PT_BOOL: case SC_PT_SIGSET: case SC_PT_IPV4ADDR:
		return 4;
	case SC_PT_INT64: case SC_PT_UINT64: case SC_PT_FD: case SC_PT_PID: case SC_PT_ERRNO:
	case SC_PT_RELTIME: case SC_PT_ABSTIME: case SC_PT_DOUBLE:
		return 8;
	case SC_PT_IPV6ADDR:
		return 16;
	default:
		return 0;   /* variable */
	}
}

static bool is_string_type(uint8_t t)
{
	return t == SC_PT_CHARBUF || t == SC_PT_FSPATH || t == SC_PT_FSRELPATH;
}

static int load_event(struct world *w, char *line)
{
	char *p = line, *key, *val, *vals[SC_MAX_EVENT_PARAMS] = { 0 };
	size_t vlen, lens[SC_MAX_EVENT_PARAMS] = { 0 };
	struct sc_bparam bp[SC_MAX_EVENT_PARAMS];
	const struct sc_event_info *ei;
	struct sc_err err = { 0 };
	int type;
	uint32_t i;

	world_reset(w);
	if (!next_item(&p, &key, &val, &vlen) || (type = find_event(key)) < 0) {
		fprintf(stderr, "bad @event: %s\n", line);
		return -1;
	}
	ei = &sc_event_table[type];
	while (next_item(&p, &key, &val, &vlen)) {
		for (i = 0; i < ei->nparams; i++)
			if (!strcmp(ei->params[i].name, key))
				break;
		if (i == ei->nparams || !val) {
			fprintf(stderr, "event %s has no parameter %s\n", ei->name, key);
			free(val);
			return -1;
		}
		vals[i] = keep(w, val);
		lens[i] = vlen;
	}
	for (i = 0; i < ei->nparams; i++) {
		uint8_t t = ei->params[i].type;
		uint32_t sz = ptype_size(t);

		memset(&bp[i], 0, sizeof(bp[i]));
		if (is_string_type(t)) {
			bp[i] = sc_bp_buf(vals[i] ? vals[i] : "", (uint32_t)(vals[i] ? lens[i] : 0) + 1);
		} else if (t == SC_PT_IPV4ADDR || t == SC_PT_IPV6ADDR) {
			bp[i].len = sz;
			if (vals[i])
				inet_pton(t == SC_PT_IPV4ADDR ? AF_INET : AF_INET6, vals[i], &bp[i].scratch);
			if (t == SC_PT_IPV6ADDR) {
				uint8_t *b = xcalloc(1, 16);

				if (vals[i])
					inet_pton(AF_INET6, vals[i], b);
				bp[i] = sc_bp_buf(keep(w, (char *)b), 16);
			}
		} else if (sz) {
			uint64_t v = vals[i] ? (uint64_t)strtoll(vals[i], NULL, 0) : 0;

			if (t == SC_PT_DOUBLE && vals[i]) {
				double d = strtod(vals[i], NULL);

				memcpy(&v, &d, 8);
			}
			bp[i].len = sz;
			memcpy(&bp[i].scratch, &v, sz);
		} else {
			bp[i] = sc_bp_buf(vals[i] ? vals[i] : "", (uint32_t)(vals[i] ? lens[i] : 0));
		}
	}
	/* sc_builder_add takes up to a fixed count of variadic parameters: pass them all */
	sc_builder_add(&w->b, 1, (uint16_t)type, ei->nparams,
		       bp[0], bp[1], bp[2], bp[3], bp[4], bp[5], bp[6], bp[7], bp[8], bp[9], bp[10],
		       bp[11], bp[12], bp[13], bp[14], bp[15], bp[16], bp[17], bp[18], bp[19], bp[20],
		       bp[21], bp[22], bp[23], bp[24], bp[25], bp[26], bp[27], bp[28], bp[29], bp[30],
		       bp[31]);
	if (sc_evt_decode(&w->ev, (const struct sc_evt_hdr *)w->b.buf, &err) < 0) {
		fprintf(stderr, "cannot decode @event %s: %s\n", line, err.msg);
		return -1;
	}
	w->ev.num = 1;
	w->ev.fdnum = -1;
	w->have_ev = true;
	return 0;
}

static char *sdup(struct world *w, const char *v)
{
	return keep(w, xstrdup(v ? v : ""));
}

static int load_thread(struct world *w, char *line)
{
	char *p = line, *key, *val;
	size_t vlen;
	struct sc_thread *th = &w->th;

	memset(th, 0, sizeof(*th));
	th->exe = th->exepath = th->cwd = th->root = sdup(w, "");
	th->args = sdup(w, "");
	th->env = sdup(w, "");
	th->cgroups = sdup(w, "");
	th->loginuid = UINT32_MAX;
	th->vtid = th->vpid = -1;
	while (next_item(&p, &key, &val, &vlen)) {
		keep(w, val);
		if (!val)
			continue;
		if (!strcmp(key, "tid"))
			th->tid = strtoll(val, NULL, 0);
		else if (!strcmp(key, "pid"))
			th->pid = strtoll(val, NULL, 0);
		else if (!strcmp(key, "ptid"))
			th->ptid = strtoll(val, NULL, 0);
		else if (!strcmp(key, "comm"))
			snprintf(th->comm, sizeof(th->comm), "%s", val);
		else if (!strcmp(key, "exe"))
			th->exe = val;
		else if (!strcmp(key, "exepath"))
			th->exepath = val;
		else if (!strcmp(key, "cwd"))
			th->cwd = val;
		else if (!strcmp(key, "uid"))
			th->uid = (uint32_t)strtoul(val, NULL, 0);
		else if (!strcmp(key, "gid"))
			th->gid = (uint32_t)strtoul(val, NULL, 0);
		else if (!strcmp(key, "loginuid"))
			th->loginuid = (uint32_t)strtoul(val, NULL, 0);
		else if (!strcmp(key, "args")) {
			size_t i;

			th->args = val;
			th->args_len = (uint32_t)vlen + (vlen ? 1 : 0);
			for (i = 0; i < vlen; i++)
				if (val[i] == ' ')
					val[i] = '\0';
		} else {
			fprintf(stderr, "unknown @thread key %s\n", key);
			return -1;
		}
	}
	w->ev.thread = th;
	w->have_th = true;
	return 0;
}

static const struct {
	const char *name;
	uint8_t type;
} fdtypes[] = {
	{ "file", SC_FD_FILE }, { "directory", SC_FD_DIRECTORY }, { "ipv4", SC_FD_IPV4_SOCK },
	{ "ipv6", SC_FD_IPV6_SOCK }, { "ipv4_server", SC_FD_IPV4_SERVSOCK },
	{ "ipv6_server", SC_FD_IPV6_SERVSOCK }, { "pipe", SC_FD_FIFO }, { "unix", SC_FD_UNIX_SOCK },
	{ "event", SC_FD_EVENT }, { "signalfd", SC_FD_SIGNALFD }, { "netlink", SC_FD_NETLINK },
};

static int load_fd(struct world *w, char *line)
{
	char *p = line, *key, *val;
	size_t vlen, i;
	struct sc_fdinfo *fd = &w->fd;

	memset(fd, 0, sizeof(*fd));
	fd->name = sdup(w, "");
	while (next_item(&p, &key, &val, &vlen)) {
		keep(w, val);
		if (!val)
			continue;
		if (!strcmp(key, "num")) {
			fd->fd = strtoll(val, NULL, 0);
		} else if (!strcmp(key, "type")) {
			for (i = 0; i < SC_ARRAY_SIZE(fdtypes); i++)
				if (!strcmp(fdtypes[i].name, val))
					fd->type = fdtypes[i].type;
		} else if (!strcmp(key, "name")) {
			fd->name = val;
			fd->name_len = vlen;
		} else if (!strcmp(key, "sip") || !strcmp(key, "dip")) {
			uint8_t *ip = key[0] == 's' ? fd->sip : fd->dip;

			if (inet_pton(AF_INET, val, ip) != 1 && inet_pton(AF_INET6, val, ip) != 1) {
				fprintf(stderr, "bad address %s\n", val);
				return -1;
			}
		} else if (!strcmp(key, "sport")) {
			fd->sport = (uint16_t)strtoul(val, NULL, 0);
		} else if (!strcmp(key, "dport")) {
			fd->dport = (uint16_t)strtoul(val, NULL, 0);
		} else if (!strcmp(key, "l4proto")) {
			fd->l4proto = !strcmp(val, "tcp") ? 1 : !strcmp(val, "udp") ? 2 : (uint8_t)atoi(val);
		} else if (!strcmp(key, "role")) {
			fd->flags |= !strcmp(val, "server") ? SC_FDF_ROLE_SERVER : SC_FDF_ROLE_CLIENT;
		} else if (!strcmp(key, "connected")) {
			if (!strcmp(val, "true"))
				fd->flags |= SC_FDF_CONNECTED;
		} else if (!strcmp(key, "openflags")) {
			fd->openflags = (uint32_t)strtoul(val, NULL, 0);
		} else {
			fprintf(stderr, "unknown @fd key %s\n", key);
			return -1;
		}
	}
	w->ev.fd = fd;
	w->ev.fdnum = fd->fd;
	w->have_fd = true;
	return 0;
}

/* One case: returns true when it holds. */
static bool run_case(struct world *w, const char *expect, const char *filter, int lineno)
{
	struct sc_err err = { 0 };
	struct sc_filter *f = sc_filter_compile(filter, &err);
	char got[64];
	bool ok;

	if (!f) {
		snprintf(got, sizeof(got), "error@%d", err.col);
	} else if (!w->have_ev) {
		snprintf(got, sizeof(got), "compiled");
	} else {
		struct sc_fctx ctx = { .ev = &w->ev, .time_mode = 'h' };

		snprintf(got, sizeof(got), "%s", sc_filter_eval(f, &ctx) ? "true" : "false");
	}
	ok = !strcmp(got, expect);
	if (!ok) {
		fprintf(stderr, "cases.txt:%d: [%s] gave %s, want %s", lineno, filter, got, expect);
		if (!f)
			fprintf(stderr, " (%s)", err.msg);
		fputc('\n', stderr);
	}
	sc_filter_free(f);
	return ok;
}

int main(int argc, char **argv)
{
	struct world w;
	char line[4096];
	FILE *in;
	int lineno = 0, failed = 0, passed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s cases.txt\n", argv[0]);
		return 99;
	}
	if (!(in = fopen(argv[1], "r"))) {
		perror(argv[1]);
		return 99;
	}
	memset(&w, 0, sizeof(w));
	while (fgets(line, sizeof(line), in)) {
		char *tab;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!strncmp(line, "@event ", 7)) {
			if (load_event(&w, line + 7) < 0)
				return 99;
			continue;
		}
		if (!strncmp(line, "@thread ", 8)) {
			if (load_thread(&w, line + 8) < 0)
				return 99;
			continue;
		}
		if (!strncmp(line, "@fd ", 4)) {
			if (load_fd(&w, line + 4) < 0)
				return 99;
			continue;
		}
		if (!(tab = strchr(line, '\t'))) {
			fprintf(stderr, "cases.txt:%d: expected EXPECT<TAB>FILTER\n", lineno);
			return 99;
		}
		*tab = '\0';
		if (run_case(&w, line, tab + 1, lineno))
			passed++;
		else
			failed++;
	}
	fclose(in);
	world_reset(&w);
	printf("%d cases passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
