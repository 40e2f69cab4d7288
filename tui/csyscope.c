/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csyscope - the htop-like live view: options, the source (a capture or a
 * live driver, picked as syscope picks it), the views, and the controller
 * that turns keys into actions on the level stack (view, drill-down filter,
 * sort) and hands the screen manager a model to draw. -j and --list-views
 * print JSON instead, as csysdig does.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "core/fields.h"
#include "core/filter.h"
#include "core/evt.h"
#include "core/format.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "aggregate.h"
#include "feed.h"
#include "jsonview.h"
#include "keys.h"
#include "screen.h"
#include "table.h"
#include "view.h"

#define CSC_VERSION "0.1.0"
#define MAX_DEPTH 32
#define MAX_LINES 10000      /* lines kept by list views, echo and dig */
#ifndef SC_VIEWS_DIR
#define SC_VIEWS_DIR "/usr/local/share/syscope/views"
#endif

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

struct opts {
	struct sc_feed_opts feed;
	uint64_t interval_ms;
	const char *view_id;
	const char *views_dir;
	bool json, list_views;
	long from, to;
	int sortingcol;          /* 1-based, 0 = the view's */
	uint64_t max_events;
	char *filter;
};

static void usage(FILE *out)
{
	fprintf(out,
		"csyscope version " CSC_VERSION "\n"
		"Usage: csyscope [options] [filter]\n"
		"       csyscope --userspace [options] [filter] -- COMMAND [ARGS...]\n\n"
		"An htop-like view of what the system does: processes, files, connections, system\n"
		"calls, errors ... sorted, filtered, searched and drilled into.\n\n"
		"Options:\n"
		" -d, --delay=MS        update every MS milliseconds (default 2000); with -r, of\n"
		"                       the capture's own time\n"
		"     --driver=NAME     live source: auto (default), bpf, kmod or ptrace\n"
		" -E, --exclude-users   (live) no user and group tables from the system\n"
		"     --from=N          (-j) the first row printed (0-based)\n"
		" -h, --help            this help\n"
		" -j, --json            print the view's rows as JSON instead of the screen (the\n"
		"                       whole capture with -r; live: until -n, Ctrl-C or the\n"
		"                       command's end)\n"
		"     --list-views      print the views as JSON\n"
		" -n, --numevents=N     stop reading after N events\n"
		" -r, --read=FILE       read events from a .scap capture\n"
		" -s, --snaplen=BYTES   bytes of each I/O buffer to capture (default 80)\n"
		"     --sortingcol=N    (-j) sort by column N (1-based)\n"
		"     --to=N            (-j) the last row printed\n"
		" -u, --userspace       capture with ptrace: -- COMMAND ARGS launches what to watch\n"
		"     --attach=PID      (--userspace) watch a running process\n"
		" -v, --view=ID         start with the view ID (procs by default; see --list-views)\n"
		"     --views-dir=DIR   read the views from DIR (default: $SYSCOPE_VIEWS_DIR, then\n"
		"                       " SC_VIEWS_DIR ")\n"
		"     --version         print the version\n\n"
		"Keys: F1/h help, F2 views, F4 filter, F5/e echo, F6/d dig, F9/> sort column,\n"
		"<  reverse sort, Shift+1..9 sort by column, / or Ctrl-F search, p pause,\n"
		"Enter drill down, Backspace back up, F10/q quit.\n");
}

static int parse_num(const char *s, const char *opt, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || !*s || *s == '-' || *v > max) {
		fprintf(stderr, "csyscope: %s takes a whole number up to %llu, not '%s'\n", opt,
			(unsigned long long)max, s);
		return -1;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_VERSION = 1000, OPT_DRIVER, OPT_ATTACH, OPT_FROM, OPT_TO, OPT_SORTCOL, OPT_LIST,
	       OPT_VIEWS_DIR };
	static const struct option longopts[] = {
		{ "attach", required_argument, 0, OPT_ATTACH },
		{ "delay", required_argument, 0, 'd' },
		{ "driver", required_argument, 0, OPT_DRIVER },
		{ "exclude-users", no_argument, 0, 'E' },
		{ "from", required_argument, 0, OPT_FROM },
		{ "help", no_argument, 0, 'h' },
		{ "json", no_argument, 0, 'j' },
		{ "list-views", no_argument, 0, OPT_LIST },
		{ "numevents", required_argument, 0, 'n' },
		{ "read", required_argument, 0, 'r' },
		{ "snaplen", required_argument, 0, 's' },
		{ "sortingcol", required_argument, 0, OPT_SORTCOL },
		{ "to", required_argument, 0, OPT_TO },
		{ "userspace", no_argument, 0, 'u' },
		{ "version", no_argument, 0, OPT_VERSION },
		{ "view", required_argument, 0, 'v' },
		{ "views-dir", required_argument, 0, OPT_VIEWS_DIR },
		{ 0, 0, 0, 0 }
	};
	uint64_t v;
	int c;

	o->interval_ms = 2000;
	o->from = 0;
	o->to = -1;
	o->feed.snaplen = 80;
	while ((c = getopt_long(argc, argv, "+d:Ehjn:r:s:uv:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (parse_num(optarg, "-d", 3600000, &o->interval_ms) < 0)
				return -1;
			if (!o->interval_ms) {
				fprintf(stderr, "csyscope: -d takes at least 1 millisecond\n");
				return -1;
			}
			break;
		case 'E': o->feed.exclude_users = true; break;
		case 'h': usage(stdout); exit(0);
		case 'j': o->json = true; break;
		case 'n':
			if (parse_num(optarg, "-n", UINT64_MAX, &o->max_events) < 0)
				return -1;
			break;
		case 'r': o->feed.src.read_path = optarg; break;
		case 's':
			if (parse_num(optarg, "-s", 65000, &v) < 0)
				return -1;
			o->feed.snaplen = (uint32_t)v;
			break;
		case 'u': o->feed.src.userspace = true; break;
		case 'v': o->view_id = optarg; break;
		case OPT_DRIVER: o->feed.src.driver = optarg; break;
		case OPT_ATTACH:
			if (parse_num(optarg, "--attach", INT32_MAX, &v) < 0 || !v)
				return -1;
			o->feed.src.attach_pid = (int64_t)v;
			break;
		case OPT_FROM:
			if (parse_num(optarg, "--from", INT32_MAX, &v) < 0)
				return -1;
			o->from = (long)v;
			break;
		case OPT_TO:
			if (parse_num(optarg, "--to", INT32_MAX, &v) < 0)
				return -1;
			o->to = (long)v;
			break;
		case OPT_SORTCOL:
			if (parse_num(optarg, "--sortingcol", 64, &v) < 0 || !v) {
				fprintf(stderr, "csyscope: --sortingcol counts columns from 1\n");
				return -1;
			}
			o->sortingcol = (int)v;
			break;
		case OPT_LIST: o->list_views = true; break;
		case OPT_VIEWS_DIR: o->views_dir = optarg; break;
		case OPT_VERSION: printf("csyscope version %s\n", CSC_VERSION); exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	/* the filter, then (--userspace) "--" and the command, as syscope takes them */
	{
		struct sc_err err = { 0 };

		if (sc_source_split_args(argc, argv, optind, o->feed.src.userspace, &o->feed.src.cmd, &o->filter,
					 &err) < 0) {
			fprintf(stderr, "csyscope: %s\n", err.msg);
			return -1;
		}
	}
	return 0;
}

/* ---- the controller ---- */

enum mode { MODE_VIEW = 0, MODE_ECHO, MODE_DIG };
enum input_kind { IN_NONE = 0, IN_FILTER, IN_SEARCH };
enum menu_kind { MENU_NONE = 0, MENU_VIEWS, MENU_SORT, MENU_ACTIONS };

struct level {
	const struct sc_view *view;
	char *drill;          /* the filter the drill-downs above set, or NULL */
	char *for_text;       /* what the level is for: "proc.pid=637", or NULL at the top */
	char *drill_field;    /* the key field the level was drilled on ("" at the top) */
	char *sel_key;        /* the selection to come back to */
	int sort_col;         /* -1: the view's */
	bool ascending;
};

struct textlines {
	char **v;
	size_t n, cap;
};

struct app {
	struct opts *o;
	struct sc_viewset views;
	struct sc_feed feed;
	struct level lv[MAX_DEPTH];
	int depth;
	char *user_filter;      /* F4 (starts as the command line's) */
	char *effective;        /* the filter running now */
	enum mode mode;
	char *dig_for;          /* dig and echo: the selection's filter */
	struct sc_aggregate *agg;
	struct sc_table table;
	struct sc_formatter *fmt;
	struct textlines text;
	size_t text_top;
	bool text_follow;
	uint64_t interval_ns, tick_start, nevents;
	bool tick_open, paused, quit, dirty;
	int status;
	/* overlays */
	enum menu_kind menu;
	char **menu_items;
	size_t menu_n, menu_sel;
	const struct sc_view **menu_views;
	bool help, legend;
	char *confirm_cmd;      /* an action waiting for y */
	bool confirm_wait;
	enum input_kind input;
	struct sc_strbuf in_text;
	char *in_error;
	char *search;
	char *message;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void set_message(struct app *a, const char *msg)
{
	free(a->message);
	a->message = msg ? xstrdup(msg) : NULL;
	a->dirty = true;
}

static void text_clear(struct textlines *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	t->n = 0;
}

static void text_add(struct app *a, const char *s, size_t len)
{
	struct textlines *t = &a->text;

	if (t->n >= 2 * MAX_LINES) {   /* drop the oldest half at once */
		size_t drop = t->n - MAX_LINES;

		for (size_t i = 0; i < drop; i++)
			free(t->v[i]);
		memmove(t->v, t->v + drop, (t->n - drop) * sizeof(*t->v));
		t->n -= drop;
		a->text_top = a->text_top > drop ? a->text_top - drop : 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n] = xmalloc(len + 1);
	memcpy(t->v[t->n], s, len);
	t->v[t->n][len] = '\0';
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t->v[t->n][i] < 0x20)
			t->v[t->n][i] = '.';
	t->n++;
}

static struct level *cur(struct app *a)
{
	return &a->lv[a->depth];
}

/* The quoted value of a drill-down filter: "..." with quotes and backslashes escaped. */
static void quote_value(struct sc_strbuf *b, const char *s)
{
	sc_strbuf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sc_strbuf_putc(b, '\\');
		sc_strbuf_putc(b, *s);
	}
	sc_strbuf_putc(b, '"');
}

/* "field=value" for the selected row of the current table, or NULL. */
static char *selection_filter(struct app *a, char **field_out)
{
	const struct sc_agg_row *r = sc_table_selected(&a->table);
	const struct sc_view_col *dc = sc_view_drill_col(cur(a)->view);
	struct sc_strbuf b = { 0 };
	const char *field;

	if (!r || !dc || cur(a)->view->type != SC_VIEW_TABLE)
		return NULL;
	field = dc->filterfield ? dc->filterfield : dc->field;
	sc_strbuf_printf(&b, "%s=", field);
	quote_value(&b, r->key);
	if (field_out)
		*field_out = xstrdup(field);
	return b.s;
}

/* Starts the current level (or dig/echo) over: a new filter, empty panels; a capture is read again. */
static int restart(struct app *a)
{
	struct level *l = cur(a);
	struct sc_err err = { 0 };
	char *base, *filter;
	int rc;

	base = sc_filter_join(l->drill, l->view->filter, NULL);
	if (a->mode == MODE_VIEW) {
		filter = sc_filter_join(base, a->user_filter, NULL);
	} else {
		char *sel = sc_filter_join(base, a->dig_for, a->user_filter);

		filter = sc_filter_join(sel, a->mode == MODE_ECHO ? "evt.is_io=true and evt.dir=<" : NULL, NULL);
		free(sel);
	}
	free(base);
	rc = sc_feed_restart(&a->feed, filter, &err);
	if (rc < 0) {
		struct sc_strbuf msg = { 0 };

		sc_strbuf_printf(&msg, "cannot start the view: %s", err.msg);
		set_message(a, msg.s);
		sc_strbuf_free(&msg);
		free(filter);
		return rc;
	}
	free(a->effective);
	a->effective = filter;
	sc_aggregate_free(a->agg);
	a->agg = NULL;
	sc_table_release(&a->table);
	text_clear(&a->text);
	a->text_top = 0;
	a->text_follow = true;
	if (a->mode == MODE_VIEW) {
		a->agg = sc_aggregate_new(l->view, &err);
		if (!a->agg) {
			set_message(a, err.msg);
			return -1;
		}
		sc_aggregate_set_max_rows(a->agg, MAX_LINES);
		sc_table_init(&a->table, l->view);
		if (l->sort_col >= 0) {
			a->table.sort_col = l->sort_col;
			a->table.ascending = l->ascending;
		}
		if (l->sel_key)
			a->table.sel_key = xstrdup(l->sel_key);
	}
	a->tick_open = false;
	a->nevents = 0;
	if (a->feed.live)
		a->tick_start = mono_ns();
	a->dirty = true;
	return 0;
}

static void add_thread_event(void *ud, const struct sc_fctx *ctx)
{
	sc_aggregate_add(ud, ctx);
}

static void publish(struct app *a, double secs)
{
	struct sc_agg_rows rows = { 0 };

	if (!a->agg)
		return;
	/* idle threads too have rows in the thread and process views, as in csysdig */
	if (cur(a)->view->type == SC_VIEW_TABLE)
		sc_feed_thread_events(&a->feed, a->feed.last_ts, add_thread_event, a->agg);
	sc_aggregate_tick(a->agg, secs, &rows);
	sc_table_set_rows(&a->table, &rows);
	sc_agg_rows_free(&rows);
	a->tick_open = false;
	a->dirty = true;
}

static void consume(struct app *a, struct sc_evt *ev)
{
	struct sc_strbuf b = { 0 };

	a->nevents++;
	a->tick_open = true;
	if (a->mode == MODE_VIEW) {
		sc_aggregate_add(a->agg, &a->feed.ctx);
		return;
	}
	if (a->mode == MODE_DIG) {
		sc_format_ctx(a->fmt, &a->feed.ctx, &b);
		if (b.len && b.s[b.len - 1] == '\n')
			b.len--;
		text_add(a, b.s ? b.s : "", b.len);
	} else {
		/* echo: the data, a line at a time, under a line saying whose it is */
		struct sc_fcheck chk = { 0 };
		struct sc_fval v;
		struct sc_err err = { 0 };
		size_t used;
		struct sc_fctx ctx = a->feed.ctx;

		ctx.bufmode = SC_BUF_ASCII;
		ctx.max_buflen = 0;
		if (sc_fcheck_parse(&chk, "evt.buffer", &used, &err) == 0 && sc_fcheck_extract(&chk, &ctx, &v) &&
		    v.len) {
			const char *p = v.s, *end = v.s + v.len;
			struct sc_strbuf h = { 0 };
			struct sc_fcheck c2 = { 0 };
			struct sc_fval v2;

			sc_strbuf_puts(&h, "------ ");
			if (sc_fcheck_parse(&c2, "evt.type", &used, &err) == 0 && sc_fcheck_extract(&c2, &ctx, &v2))
				sc_fval_to_text(&v2, &ctx, &h);
			sc_fcheck_release(&c2);
			sc_strbuf_printf(&h, " %zuB ", v.len);
			memset(&c2, 0, sizeof(c2));
			if (sc_fcheck_parse(&c2, "fd.name", &used, &err) == 0 && sc_fcheck_extract(&c2, &ctx, &v2))
				sc_fval_to_text(&v2, &ctx, &h);
			sc_fcheck_release(&c2);
			text_add(a, h.s, h.len);
			sc_strbuf_free(&h);
			while (p < end) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

				text_add(a, p, n);
				p += n + (nl ? 1 : 0);
			}
		}
		sc_fcheck_release(&chk);
	}
	sc_strbuf_free(&b);
	if (a->text_follow) {
		size_t page = sc_screen_page();

		a->text_top = a->text.n > page ? a->text.n - page : 0;
	}
	a->dirty = true;
}

/*
 * Reads events for at most budget_ns of wall time: ticks end in the
 * capture's time with -r, in wall time live. Returns false once nothing
 * more will come (end of the capture, -n reached, or an error).
 */
static bool pump(struct app *a, uint64_t budget_ns)
{
	uint64_t t0 = mono_ns();
	struct sc_err err = { 0 };
	struct sc_evt *ev;
	int rc;

	if (a->feed.eof)
		return false;
	while (!g_stop) {
		if (a->o->max_events && a->nevents >= a->o->max_events) {
			if (a->tick_open)
				publish(a, a->feed.live ? (double)(mono_ns() - a->tick_start) / 1e9 : 0);
			a->feed.eof = true;
			return false;
		}
		rc = sc_feed_next(&a->feed, &ev, &err);
		if (rc == SC_EOF) {
			/* the last, partial tick: its rates over the time it covers */
			if (a->tick_open || (a->mode == MODE_VIEW && !a->table.order))
				publish(a, a->feed.live ? (double)(mono_ns() - a->tick_start) / 1e9 :
					   a->o->json ? 0 :   /* csysdig -j -r: the whole capture, rates left as sums */
					   (double)(a->feed.last_ts - a->tick_start) / 1e9);
			a->dirty = true;
			return false;
		}
		if (rc < 0) {
			set_message(a, err.msg);
			a->feed.eof = true;
			return false;
		}
		if (rc == SC_OK && !a->feed.live) {
			uint64_t ts = ev->hdr->ts;

			if (!a->tick_start)
				a->tick_start = ts;
			if (ts >= a->tick_start + a->interval_ns) {
				publish(a, (double)a->interval_ns / 1e9);
				a->tick_start += (ts - a->tick_start) / a->interval_ns * a->interval_ns;
				if (!sc_evt_is_container_meta(ev))
					consume(a, ev);
				return true;   /* a tick ended: let the screen show it */
			}
		}
		/* the container metadata records are the reader's, not events: csysdig never sees them */
		if (rc == SC_OK && !sc_evt_is_container_meta(ev))
			consume(a, ev);
		if (a->feed.live && mono_ns() >= a->tick_start + a->interval_ns) {
			uint64_t now = mono_ns();

			publish(a, (double)(now - a->tick_start) / 1e9);
			a->tick_start = now;
			return true;
		}
		if (rc == SC_TIMEOUT || mono_ns() - t0 >= budget_ns)
			return true;
	}
	return true;
}

/* ---- drawing ---- */

static void draw(struct app *a)
{
	struct sc_screen_model m = { 0 };
	struct sc_strbuf l1 = { 0 }, l2 = { 0 }, fr = { 0 }, help = { 0 }, title = { 0 };
	struct level *l = cur(a);

	sc_strbuf_printf(&l1, "Viewing: %s For: ", l->view->name);
	if (a->depth == 0) {
		sc_strbuf_puts(&l1, "whole machine");
	} else {
		for (int i = 1; i <= a->depth; i++)
			sc_strbuf_printf(&l1, "%s%s", i > 1 ? " and " : "", a->lv[i].for_text);
	}
	if (a->o->feed.src.read_path) {
		struct sc_strbuf d = { 0 };

		sc_table_reltime(sc_feed_span(&a->feed), &d);
		sc_strbuf_printf(&l2, "Source: %s (%llu evts, %s)", a->o->feed.src.read_path,
				 (unsigned long long)sc_feed_nread(&a->feed), d.s);
		sc_strbuf_free(&d);
	} else {
		sc_strbuf_printf(&l2, "Source: Live System (%s)", a->feed.ops->name);
	}
	sc_strbuf_printf(&l2, " Filter: %s", a->effective ? a->effective : "none");
	m.line1 = l1.s;
	m.line2 = l2.s;
	if (a->mode == MODE_VIEW && l->view->type == SC_VIEW_TABLE) {
		m.table = &a->table;
		if (a->table.rows.n)
			sc_strbuf_printf(&fr, "%zu/%zu(%.1f%%)", a->table.sel + 1, a->table.rows.n,
					 100.0 * (double)(a->table.sel + 1) / (double)a->table.rows.n);
	} else if (a->mode == MODE_VIEW) {
		m.table = &a->table;   /* a list view: the table panel, in arrival order */
		if (a->table.rows.n)
			sc_strbuf_printf(&fr, "%zu/%zu", a->table.sel + 1, a->table.rows.n);
	} else {
		m.text = a->text.v;
		m.ntext = a->text.n;
		m.text_top = a->text_top;
		sc_strbuf_printf(&title, "%s: %s", a->mode == MODE_DIG ? "Dig" : "Echo",
				 a->dig_for ? a->dig_for : "everything in the view");
		m.text_title = title.s;
		sc_strbuf_printf(&fr, "%zu lines", a->text.n);
	}
	if (a->paused)
		sc_strbuf_puts(&fr, " PAUSED");
	else if (a->feed.eof && a->o->feed.src.read_path)
		sc_strbuf_puts(&fr, " END");
	m.footer_right = fr.s;
	if (a->menu) {
		m.overlay = SC_OV_MENU;
		m.menu_title = a->menu == MENU_VIEWS ? "Select View" : a->menu == MENU_SORT ? "Sort by" : "Actions";
		m.menu_items = a->menu_items;
		m.menu_n = a->menu_n;
		m.menu_sel = a->menu_sel;
		if (a->menu == MENU_VIEWS && a->menu_n) {
			const struct sc_view *v = a->menu_views[a->menu_sel];
			struct sc_strbuf *s = &help;

			sc_strbuf_printf(s, "%s\n%s\n\n", v->name, v->description ? v->description : "");
			for (size_t i = 0; i < v->ntips; i++)
				sc_strbuf_printf(s, "Tip: %s\n", v->tips[i]);
			sc_strbuf_puts(s, "\nColumns\n");
			for (size_t i = 0; i < v->ncols; i++)
				if (!v->cols[i].is_key && !v->cols[i].is_groupby_key)
					sc_strbuf_printf(s, "%s: %s\n", v->cols[i].name,
							 v->cols[i].description ? v->cols[i].description : "");
			sc_strbuf_printf(s, "\nID: %s\nFilter: %s\n", v->id, v->filter ? v->filter : "none");
			m.menu_side = s->s;
		}
	} else if (a->legend) {
		const struct sc_view *v = l->view;

		m.overlay = SC_OV_HELP;
		sc_strbuf_printf(&help, "%s: the columns (any key closes this legend)\n\n", v->name);
		for (size_t i = 0; i < v->ncols; i++)
			if (!v->cols[i].is_key && !v->cols[i].is_groupby_key)
				sc_strbuf_printf(&help, "  %-12s %s [%s%s%s]\n", v->cols[i].name,
						 v->cols[i].description ? v->cols[i].description : "", v->cols[i].field,
						 v->cols[i].aggregation ? ", " : "",
						 v->cols[i].aggregation ? sc_agg_name(v->cols[i].aggregation) : "");
		m.help_text = help.s;
	} else if (a->help) {
		m.overlay = SC_OV_HELP;
		sc_strbuf_puts(&help, "csyscope " CSC_VERSION " - keys (any key closes this help)\n\n");
		sc_keys_help(&help);
		sc_strbuf_printf(&help, "\nView: %s (%s)\n%s\n", l->view->name, l->view->id,
				 l->view->description ? l->view->description : "");
		m.help_text = help.s;
	} else if (a->input) {
		m.overlay = SC_OV_INPUT;
		m.input_prompt = a->input == IN_FILTER ? "Filter: " : "Search: ";
		m.input_text = a->in_text.s ? a->in_text.s : "";
		m.input_error = a->in_error;
	}
	m.message = a->message;
	sc_screen_draw(&m);
	sc_strbuf_free(&l1);
	sc_strbuf_free(&l2);
	sc_strbuf_free(&fr);
	sc_strbuf_free(&help);
	sc_strbuf_free(&title);
	a->dirty = false;
}

/* ---- actions ---- */

static void menu_close(struct app *a)
{
	for (size_t i = 0; i < a->menu_n; i++)
		free(a->menu_items[i]);
	free(a->menu_items);
	free(a->menu_views);
	a->menu_items = NULL;
	a->menu_views = NULL;
	a->menu_n = a->menu_sel = 0;
	a->menu = MENU_NONE;
	a->dirty = true;
}

static void menu_open_views(struct app *a)
{
	const char *field = cur(a)->drill_field ? cur(a)->drill_field : "";

	a->menu_items = xcalloc(a->views.n + 1, sizeof(*a->menu_items));
	a->menu_views = xcalloc(a->views.n + 1, sizeof(*a->menu_views));
	for (size_t i = 0; i < a->views.n; i++) {
		const struct sc_view *v = &a->views.views[i];

		if (!sc_view_applies_to(v, field))
			continue;
		if (v == cur(a)->view)
			a->menu_sel = a->menu_n;
		a->menu_views[a->menu_n] = v;
		a->menu_items[a->menu_n++] = xstrdup(v->name);
	}
	a->menu = MENU_VIEWS;
	a->dirty = true;
}

static void menu_open_sort(struct app *a)
{
	if (a->mode != MODE_VIEW || !a->table.nshown)
		return;
	a->menu_items = xcalloc(a->table.nshown + 1, sizeof(*a->menu_items));
	for (size_t i = 0; i < a->table.nshown; i++)
		a->menu_items[a->menu_n++] = xstrdup(cur(a)->view->cols[a->table.shown[i]].name);
	a->menu_sel = (size_t)a->table.sort_col;
	a->menu = MENU_SORT;
	a->dirty = true;
}

static void remember_sort(struct app *a)
{
	cur(a)->sort_col = a->table.sort_col;
	cur(a)->ascending = a->table.ascending;
	a->dirty = true;
}

static void level_release(struct level *l)
{
	free(l->drill);
	free(l->for_text);
	free(l->drill_field);
	free(l->sel_key);
	memset(l, 0, sizeof(*l));
}

static void switch_view(struct app *a, const struct sc_view *v)
{
	struct level *l = cur(a);

	l->view = v;
	l->sort_col = -1;
	free(l->sel_key);
	l->sel_key = NULL;
	restart(a);
}

static void drill_down(struct app *a)
{
	struct level *l = cur(a), *n;
	const struct sc_view *target;
	char *sel, *field = NULL;

	if (a->mode != MODE_VIEW || l->view->type != SC_VIEW_TABLE || !l->view->drilldown_target ||
	    !*l->view->drilldown_target || a->depth + 1 >= MAX_DEPTH)
		return;
	target = sc_viewset_find(&a->views, l->view->drilldown_target);
	if (!target) {
		set_message(a, "this view drills down into a view that is not there");
		return;
	}
	sel = selection_filter(a, &field);
	if (!sel)
		return;
	free(l->sel_key);
	l->sel_key = a->table.sel_key ? xstrdup(a->table.sel_key) : NULL;
	n = &a->lv[++a->depth];
	memset(n, 0, sizeof(*n));
	n->view = target;
	n->drill = sc_filter_join(l->drill, l->view->filter, sel);
	n->for_text = sel;
	n->drill_field = field;
	n->sort_col = -1;
	restart(a);
}

static void back_up(struct app *a)
{
	if (a->mode != MODE_VIEW) {
		a->mode = MODE_VIEW;
		free(a->dig_for);
		a->dig_for = NULL;
		restart(a);
		return;
	}
	if (a->depth == 0)
		return;
	level_release(&a->lv[a->depth--]);
	restart(a);
}

static void dig(struct app *a, enum mode m)
{
	if (a->mode != MODE_VIEW)
		return;
	free(a->dig_for);
	a->dig_for = cur(a)->view->type == SC_VIEW_TABLE ? selection_filter(a, NULL) : NULL;
	if (a->table.sel_key) {
		free(cur(a)->sel_key);
		cur(a)->sel_key = xstrdup(a->table.sel_key);
	}
	a->mode = m;
	restart(a);
}

static void apply_input(struct app *a)
{
	const char *text = a->in_text.s ? a->in_text.s : "";

	free(a->in_error);
	a->in_error = NULL;
	if (a->input == IN_FILTER) {
		struct sc_err err = { 0 };
		struct sc_filter *f = NULL;

		if (*text && !(f = sc_filter_compile(text, &err))) {
			struct sc_strbuf msg = { 0 };

			sc_filter_error_render(text, &err, &msg);
			a->in_error = msg.s ? msg.s : xstrdup(err.msg);
			a->dirty = true;
			return;   /* the line stays open to be corrected */
		}
		sc_filter_free(f);
		free(a->user_filter);
		a->user_filter = *text ? xstrdup(text) : NULL;
		a->input = IN_NONE;
		restart(a);
		return;
	}
	free(a->search);
	a->search = xstrdup(text);
	a->input = IN_NONE;
	if (*text && !sc_table_search(&a->table, text, sc_screen_page())) {
		struct sc_strbuf msg = { 0 };

		sc_strbuf_printf(&msg, "not found: %s", text);
		set_message(a, msg.s);
		sc_strbuf_free(&msg);
	}
	a->dirty = true;
}

static void on_input_key(struct app *a, int k)
{
	if (k == 27) {                       /* Esc */
		a->input = IN_NONE;
		free(a->in_error);
		a->in_error = NULL;
	} else if (k == '\n' || k == '\r' || k == KEY_ENTER) {
		apply_input(a);
	} else if (k == ('u' & 0x1f)) {       /* Ctrl-U: clear the line */
		sc_strbuf_reset(&a->in_text);
	} else if (k == KEY_BACKSPACE || k == 127 || k == 8) {
		if (a->in_text.len)
			a->in_text.s[--a->in_text.len] = '\0';
	} else if (k >= 0x20 && k < 0x7f) {
		sc_strbuf_putc(&a->in_text, (char)k);
	}
	a->dirty = true;
}

static void menu_open_actions(struct app *a)
{
	const struct sc_view *v = cur(a)->view;

	if (a->mode != MODE_VIEW || v->type != SC_VIEW_TABLE)
		return;
	if (!v->nactions) {
		set_message(a, "this view has no actions");
		return;
	}
	a->menu_items = xcalloc(v->nactions + 1, sizeof(*a->menu_items));
	for (size_t i = 0; i < v->nactions; i++) {
		struct sc_strbuf b = { 0 };

		sc_strbuf_printf(&b, "%s  %s: %s", v->actions[i].hotkey,
				 v->actions[i].description ? v->actions[i].description : "", v->actions[i].command);
		a->menu_items[a->menu_n++] = b.s;
	}
	a->menu = MENU_ACTIONS;
	a->dirty = true;
}

/* A cell as a command's argument: the value, not its screen form (no K/M, no units). */
static void cell_raw(const struct sc_agg_cell *c, struct sc_strbuf *out)
{
	if (c->kind == SC_CELL_TEXT)
		sc_strbuf_puts(out, c->s ? c->s : "");
	else if (c->kind == SC_CELL_INT)
		sc_strbuf_i64(out, c->v.i);
	else if (c->kind == SC_CELL_UINT)
		sc_strbuf_u64(out, c->v.u);
	else
		sc_strbuf_printf(out, "%g", c->v.d);
}

/*
 * The action's command with each %field replaced by the selected row's
 * value of the column with that field, single-quoted for the shell. NULL
 * with a message when the row has no such column.
 */
static char *expand_command(struct app *a, const char *cmd)
{
	const struct sc_view *v = cur(a)->view;
	const struct sc_agg_row *r = sc_table_selected(&a->table);
	struct sc_strbuf out = { 0 }, val = { 0 };

	if (!r) {
		set_message(a, "no row selected");
		return NULL;
	}
	for (const char *p = cmd; *p; p++) {
		size_t best = 0, col = 0;

		if (*p != '%') {
			sc_strbuf_putc(&out, *p);
			continue;
		}
		for (size_t i = 0; i < v->ncols; i++) {
			size_t n = strlen(v->cols[i].field);

			if (n > best && strncmp(p + 1, v->cols[i].field, n) == 0) {
				best = n;
				col = i;
			}
		}
		if (!best) {
			struct sc_strbuf msg = { 0 };

			sc_strbuf_printf(&msg, "the action needs a field this view has no column for: %.40s", p);
			set_message(a, msg.s);
			sc_strbuf_free(&msg);
			sc_strbuf_free(&out);
			sc_strbuf_free(&val);
			return NULL;
		}
		sc_strbuf_reset(&val);
		cell_raw(&r->cells[col], &val);
		sc_strbuf_putc(&out, '\'');
		for (size_t i = 0; i < val.len; i++) {
			if (val.s[i] == '\'')
				sc_strbuf_puts(&out, "'\\''");
			else
				sc_strbuf_putc(&out, val.s[i]);
		}
		sc_strbuf_putc(&out, '\'');
		p += best;
	}
	sc_strbuf_free(&val);
	return out.s ? out.s : xstrdup("");
}

/* Runs cmd with the terminal given back, then waits for Enter when asked to. */
static void run_command(struct app *a, const char *cmd, bool wait)
{
	int rc;

	sc_screen_suspend();
	printf("$ %s\n", cmd);
	fflush(stdout);
	rc = system(cmd);
	if (wait) {
		int c;

		printf("\n[exit status %d; press Enter to go back to csyscope]", rc == -1 ? -1 : WEXITSTATUS(rc));
		fflush(stdout);
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	sc_screen_resume();
	a->dirty = true;
}

static void pick_action(struct app *a, size_t i)
{
	const struct sc_view_action *act = &cur(a)->view->actions[i];
	char *cmd = expand_command(a, act->command);

	if (!cmd)
		return;
	if (act->ask_confirmation) {
		struct sc_strbuf msg = { 0 };

		free(a->confirm_cmd);
		a->confirm_cmd = cmd;
		a->confirm_wait = act->wait_finish;
		sc_strbuf_printf(&msg, "run %s ? (y to run, any other key not to)", cmd);
		set_message(a, msg.s);
		sc_strbuf_free(&msg);
		return;
	}
	run_command(a, cmd, act->wait_finish);
	free(cmd);
}

static void on_menu_key(struct app *a, int k)
{
	struct sc_keyhit h = sc_keys_lookup(k);
	size_t page = sc_screen_page();

	switch (h.act) {
	case SC_ACT_UP: if (a->menu_sel) a->menu_sel--; break;
	case SC_ACT_DOWN: if (a->menu_sel + 1 < a->menu_n) a->menu_sel++; break;
	case SC_ACT_PGUP: a->menu_sel = a->menu_sel > page ? a->menu_sel - page : 0; break;
	case SC_ACT_PGDN: a->menu_sel = a->menu_n ? (a->menu_sel + page < a->menu_n ? a->menu_sel + page : a->menu_n - 1) : 0; break;
	case SC_ACT_HOME: a->menu_sel = 0; break;
	case SC_ACT_END: a->menu_sel = a->menu_n ? a->menu_n - 1 : 0; break;
	case SC_ACT_ENTER:
		if (a->menu == MENU_VIEWS && a->menu_n) {
			const struct sc_view *v = a->menu_views[a->menu_sel];

			menu_close(a);
			if (a->mode != MODE_VIEW) {
				a->mode = MODE_VIEW;
				free(a->dig_for);
				a->dig_for = NULL;
			}
			switch_view(a, v);
		} else if (a->menu == MENU_ACTIONS && a->menu_n) {
			size_t i = a->menu_sel;

			menu_close(a);
			pick_action(a, i);
		} else if (a->menu == MENU_SORT && a->menu_n) {
			int col = (int)a->menu_sel;

			menu_close(a);
			if (col != a->table.sort_col)
				sc_table_sort(&a->table, col);
			remember_sort(a);
		}
		return;
	case SC_ACT_QUIT:
		if (k == 'q') {
			menu_close(a);
			return;
		}
		a->quit = true;
		return;
	default:
		if (k == 27 || h.act == SC_ACT_BACK || h.act == SC_ACT_VIEWS || h.act == SC_ACT_SORT_MENU ||
		    h.act == SC_ACT_ACTIONS)
			menu_close(a);
		break;
	}
	a->dirty = true;
}

static void scroll_text(struct app *a, long delta)
{
	long top = (long)a->text_top + delta;
	long max = (long)a->text.n - (long)sc_screen_page();

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	a->text_top = (size_t)top;
	a->text_follow = a->text_top + sc_screen_page() >= a->text.n;
	a->dirty = true;
}

static void on_key(struct app *a, int k)
{
	struct sc_keyhit h;
	size_t page = sc_screen_page();
	bool text = a->mode != MODE_VIEW;

	if (k == KEY_RESIZE) {
		a->dirty = true;
		return;
	}
	if (a->input) {
		on_input_key(a, k);
		return;
	}
	if (a->menu) {
		on_menu_key(a, k);
		return;
	}
	if (a->help || a->legend) {
		a->help = a->legend = false;
		a->dirty = true;
		return;
	}
	if (a->confirm_cmd) {
		char *cmd = a->confirm_cmd;

		a->confirm_cmd = NULL;
		set_message(a, NULL);
		if (k == 'y' || k == 'Y')
			run_command(a, cmd, a->confirm_wait);
		free(cmd);
		return;
	}
	if (a->message) {
		set_message(a, NULL);
	}
	h = sc_keys_lookup(k);
	switch (h.act) {
	case SC_ACT_QUIT: a->quit = true; break;
	case SC_ACT_HELP: a->help = true; break;
	case SC_ACT_VIEWS: menu_open_views(a); break;
	case SC_ACT_SORT_MENU: menu_open_sort(a); break;
	case SC_ACT_LEGEND: a->legend = true; break;
	case SC_ACT_ACTIONS: menu_open_actions(a); break;
	case SC_ACT_SORT_FLIP:
		if (!text) {
			sc_table_sort(&a->table, a->table.sort_col);
			remember_sort(a);
		}
		break;
	case SC_ACT_SORT_COL:
		if (!text && h.arg >= 1 && (size_t)h.arg <= a->table.nshown) {
			sc_table_sort(&a->table, h.arg - 1);
			remember_sort(a);
		}
		break;
	case SC_ACT_FILTER:
		a->input = IN_FILTER;
		sc_strbuf_reset(&a->in_text);
		if (a->user_filter)
			sc_strbuf_puts(&a->in_text, a->user_filter);
		break;
	case SC_ACT_SEARCH:
		if (!text) {
			a->input = IN_SEARCH;
			sc_strbuf_reset(&a->in_text);
		}
		break;
	case SC_ACT_SEARCH_NEXT:
		if (!text && a->search && !sc_table_search(&a->table, a->search, page))
			set_message(a, "no other match");
		break;
	case SC_ACT_PAUSE: a->paused = !a->paused; break;
	case SC_ACT_ECHO: dig(a, MODE_ECHO); break;
	case SC_ACT_DIG: dig(a, MODE_DIG); break;
	case SC_ACT_ENTER: drill_down(a); break;
	case SC_ACT_BACK: back_up(a); break;
	case SC_ACT_UP: text ? scroll_text(a, -1) : sc_table_move(&a->table, -1, page); break;
	case SC_ACT_DOWN: text ? scroll_text(a, 1) : sc_table_move(&a->table, 1, page); break;
	case SC_ACT_PGUP: text ? scroll_text(a, -(long)page) : sc_table_move(&a->table, -(long)page, page); break;
	case SC_ACT_PGDN: text ? scroll_text(a, (long)page) : sc_table_move(&a->table, (long)page, page); break;
	case SC_ACT_HOME: text ? scroll_text(a, -(long)a->text.n) : sc_table_move(&a->table, -(long)a->table.rows.n, page); break;
	case SC_ACT_END: text ? scroll_text(a, (long)a->text.n) : sc_table_move(&a->table, (long)a->table.rows.n, page); break;
	case SC_ACT_REDRAW: clearok(stdscr, TRUE); break;
	default: return;
	}
	a->dirty = true;
}

/* ---- the two ways to run ---- */

static int run_json(struct app *a)
{
	struct sc_strbuf out = { 0 };

	a->interval_ns = UINT64_MAX / 2;   /* one slice: the whole capture */
	if (restart(a) < 0) {
		fprintf(stderr, "csyscope: %s\n", a->message ? a->message : "cannot start");
		return 1;
	}
	while (!g_stop && pump(a, UINT64_MAX / 2))
		;
	if (a->message) {
		fprintf(stderr, "csyscope: %s\n", a->message);
		return 1;
	}
	if (g_stop && a->tick_open)
		publish(a, (double)(mono_ns() - a->tick_start) / 1e9);
	if (a->o->sortingcol) {
		if ((size_t)a->o->sortingcol > a->table.nshown) {
			fprintf(stderr, "csyscope: --sortingcol %d: the view has %zu columns\n", a->o->sortingcol,
				a->table.nshown);
			return 1;
		}
		a->table.sort_col = a->o->sortingcol - 1;
		a->table.ascending = true;   /* sc_table_sort flips it to largest first */
		sc_table_sort(&a->table, a->o->sortingcol - 1);
	}
	sc_jsonview_begin(&out);
	sc_jsonview_slice(&a->table, &a->views, a->o->filter, a->o->from, a->o->to, &out);
	sc_jsonview_end(&out);
	fwrite(out.s, 1, out.len, stdout);
	sc_strbuf_free(&out);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void restore_terminal(void)
{
	sc_screen_end();
}

static int run_screen(struct app *a)
{
	struct sc_err err = { 0 };

	if (sc_screen_start(&err) < 0) {
		fprintf(stderr, "csyscope: %s\n", err.msg);
		return 1;
	}
	atexit(restore_terminal);
	restart(a);
	while (!a->quit && !g_stop) {
		bool more = !a->paused && pump(a, 50000000);   /* 50 ms of reading between looks at the keys */
		int k;

		if (a->dirty)
			draw(a);
		k = sc_screen_getkey(more && !a->feed.live ? 0 : 100);
		if (k != ERR)
			on_key(a, k);
	}
	sc_screen_end();
	return 0;
}

static const char *views_dir(const struct opts *o)
{
	const char *env = getenv("SYSCOPE_VIEWS_DIR");

	if (o->views_dir)
		return o->views_dir;
	if (env && *env)
		return env;
	return SC_VIEWS_DIR;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct app a = { 0 };
	struct sc_err err = { 0 };
	struct sigaction sa = { 0 };
	const struct sc_view *start;
	int status;

	if (parse_opts(argc, argv, &o) < 0)
		return 1;
	if (sc_viewset_load_dir(&a.views, views_dir(&o), &err) < 0) {
		fprintf(stderr, "csyscope: %s\n", err.msg);
		return 1;
	}
	/* every view's fields and filter must be valid: a typo in a view file is found now, not when it is chosen */
	for (size_t i = 0; i < a.views.n; i++) {
		struct sc_aggregate *g = sc_aggregate_new(&a.views.views[i], &err);

		if (!g) {
			fprintf(stderr, "csyscope: %s: %s\n", a.views.views[i].path, err.msg);
			sc_viewset_free(&a.views);
			free(o.filter);
			return 1;
		}
		sc_aggregate_free(g);
		if (a.views.views[i].filter) {
			struct sc_filter *f = sc_filter_compile(a.views.views[i].filter, &err);

			if (!f) {
				fprintf(stderr, "csyscope: %s: the view's filter: %s\n", a.views.views[i].path, err.msg);
				sc_viewset_free(&a.views);
				free(o.filter);
				return 1;
			}
			sc_filter_free(f);
		}
	}
	if (o.list_views) {
		struct sc_strbuf out = { 0 };

		sc_jsonview_list(&a.views, &out);
		fwrite(out.s, 1, out.len, stdout);
		sc_strbuf_free(&out);
		sc_viewset_free(&a.views);
		return 0;
	}
	start = sc_viewset_find(&a.views, o.view_id ? o.view_id : "procs");
	if (!start) {
		fprintf(stderr, "csyscope: no view '%s' (--list-views lists them)\n", o.view_id ? o.view_id : "procs");
		sc_viewset_free(&a.views);
		return 1;
	}
	/* a bad filter is an error before anything starts */
	if (o.filter) {
		struct sc_filter *f = sc_filter_compile(o.filter, &err);

		if (!f) {
			struct sc_strbuf msg = { 0 };

			sc_filter_error_render(o.filter, &err, &msg);
			fprintf(stderr, "csyscope: bad filter:\n%s", msg.s ? msg.s : err.msg);
			sc_strbuf_free(&msg);
			sc_viewset_free(&a.views);
			free(o.filter);
			return 1;
		}
		sc_filter_free(f);
	}
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);   /* Ctrl-\ too: ends with the terminal given back, as htop */
	signal(SIGPIPE, SIG_IGN);
	if (sc_feed_open(&a.feed, &o.feed, &err) < 0) {
		fprintf(stderr, "csyscope: %s\n", err.msg);   /* the engine's message names the capture */
		sc_feed_close(&a.feed);
		sc_viewset_free(&a.views);
		free(o.filter);
		return 1;
	}
	if (!o.json && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "csyscope: the screen needs a terminal (use -j for JSON output)\n");
		sc_feed_close(&a.feed);
		sc_viewset_free(&a.views);
		free(o.filter);
		return 1;
	}
	a.o = &o;
	a.interval_ns = o.interval_ms * 1000000ULL;
	a.lv[0].view = start;
	a.lv[0].sort_col = -1;
	a.user_filter = o.filter ? xstrdup(o.filter) : NULL;
	{
		struct sc_format_opts fo = { .time_mode = 'h' };

		a.fmt = sc_format_new(NULL, &fo, &err);
	}
	status = o.json ? run_json(&a) : run_screen(&a);
	if (!status && a.feed.exit_status > 0)
		status = a.feed.exit_status;
	sc_format_free(a.fmt);
	sc_aggregate_free(a.agg);
	sc_table_release(&a.table);
	text_clear(&a.text);
	free(a.text.v);
	for (int i = 0; i <= a.depth; i++)
		level_release(&a.lv[i]);
	menu_close(&a);
	sc_strbuf_free(&a.in_text);
	free(a.in_error);
	free(a.search);
	free(a.message);
	free(a.effective);
	free(a.dig_for);
	free(a.confirm_cmd);
	free(a.user_filter);
	sc_feed_close(&a.feed);
	sc_viewset_free(&a.views);
	free(o.filter);
	return status;
}
