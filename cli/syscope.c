/* SPDX-License-Identifier: Apache-2.0 */
/*
 * syscope - the filterable dumper: options, then one loop over
 * sc_inspector_next() into the chosen sink (formatted text, JSON lines, or
 * a capture file). The only place, with the TUI, that prints.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/capture.h"
#include "core/engine/engine.h"
#include "core/evtlist.h"
#include "core/fields.h"
#include "core/filter.h"
#include "core/format.h"
#include "core/inspector.h"
#include "core/strbuf.h"
#include "output.h"

#define SC_VERSION "0.1.0"

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

struct opts {
	const char *read_path;
	const char *write_path;
	bool gzip;
	uint64_t max_events;      /* -n, 0 = all */
	const char *format;       /* -p */
	struct sc_format_opts fmt;
	bool list_fields, list_verbose, list_events;
	bool debug;               /* -D: also show internal events */
	bool quiet;               /* -q: do not print events */
	bool unbuffered;
	uint32_t snaplen;
	char *filter;             /* trailing arguments joined, or NULL */
};

static void usage(FILE *out)
{
	fprintf(out,
		"syscope version " SC_VERSION "\n"
		"Usage: syscope [options] [filter]\n\n"
		"Options:\n"
		" -A, --print-ascii     print only the text part of data buffers\n"
		" -b, --print-base64    print data buffers in base64\n"
		" -D, --debug           also show syscope's internal events\n"
		" -h, --help            this help\n"
		" -j, --json            one JSON object per event\n"
		" -L, --list-events     list the event types and their parameters\n"
		" -l, --list            list the fields for filters and -p; -lv with details\n"
		" -n, --numevents=N     stop after N events\n"
		" -p, --print=FORMAT    print events with FORMAT (%%field, %%field[arg], leading * to\n"
		"                       print even when fields are missing)\n"
		" -q, --quiet           do not print events (with -w)\n"
		" -r, --read=FILE       read events from a .scap capture (gzip or plain; - = stdin)\n"
		" -s, --snaplen=BYTES   bytes of each I/O buffer to capture (default 80)\n"
		" -t, --timetype=T      h (human, default), a (absolute), r (relative to the first\n"
		"                       event), d (delta from enter), D (delta from previous event)\n"
		"     --unbuffered      write every event out at once\n"
		" -v, --verbose         do not cut data buffers to 40 characters\n"
		"     --version         print the version\n"
		" -w, --write=FILE      write events to a .scap capture (- = stdout)\n"
		" -X, --print-hex-ascii print data buffers in hex and ascii\n"
		" -x, --print-hex       print data buffers in hex\n"
		" -z, --compress        gzip the capture written with -w\n");
}

static int die(const char *what, const struct sc_err *err)
{
	fprintf(stderr, "syscope: %s%s%s\n", what, err && err->msg[0] ? ": " : "",
		err ? err->msg : "");
	return 1;
}

static char *join_args(int argc, char **argv)
{
	struct sc_strbuf b = { 0 };
	int i;

	for (i = 0; i < argc; i++) {
		if (i)
			sc_strbuf_putc(&b, ' ');
		sc_strbuf_puts(&b, argv[i]);
	}
	return b.s;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_UNBUFFERED = 1000, OPT_VERSION };
	static const struct option longopts[] = {
		{ "print-ascii", no_argument, 0, 'A' },
		{ "print-base64", no_argument, 0, 'b' },
		{ "debug", no_argument, 0, 'D' },
		{ "help", no_argument, 0, 'h' },
		{ "json", no_argument, 0, 'j' },
		{ "list-events", no_argument, 0, 'L' },
		{ "list", no_argument, 0, 'l' },
		{ "numevents", required_argument, 0, 'n' },
		{ "print", required_argument, 0, 'p' },
		{ "quiet", no_argument, 0, 'q' },
		{ "read", required_argument, 0, 'r' },
		{ "snaplen", required_argument, 0, 's' },
		{ "timetype", required_argument, 0, 't' },
		{ "unbuffered", no_argument, 0, OPT_UNBUFFERED },
		{ "verbose", no_argument, 0, 'v' },
		{ "version", no_argument, 0, OPT_VERSION },
		{ "write", required_argument, 0, 'w' },
		{ "print-hex-ascii", no_argument, 0, 'X' },
		{ "print-hex", no_argument, 0, 'x' },
		{ "compress", no_argument, 0, 'z' },
		{ 0, 0, 0, 0 }
	};
	int c;
	char *end;

	o->snaplen = 80;
	o->fmt.time_mode = 'h';
	o->fmt.tty = isatty(STDOUT_FILENO);
	while ((c = getopt_long(argc, argv, "+AbDhjLln:p:qr:s:t:vw:Xxz", longopts, NULL)) != -1) {
		switch (c) {
		case 'A': o->fmt.buf_mode = SC_BUF_ASCII; break;
		case 'b': o->fmt.buf_mode = SC_BUF_BASE64; break;
		case 'X': o->fmt.buf_mode = SC_BUF_HEX_ASCII; break;
		case 'x': o->fmt.buf_mode = SC_BUF_HEX; break;
		case 'D': o->debug = true; break;
		case 'h': usage(stdout); exit(0);
		case 'j': o->fmt.json = true; break;
		case 'L': o->list_events = true; break;
		case 'l':
			o->list_fields = true;
			break;
		case 'n':
			errno = 0;
			o->max_events = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg) {
				fprintf(stderr, "syscope: -n takes a number of events, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 'p': o->format = optarg; break;
		case 'q': o->quiet = true; break;
		case 'r': o->read_path = optarg; break;
		case 's':
			errno = 0;
			o->snaplen = (uint32_t)strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || o->snaplen > 65000) {
				fprintf(stderr, "syscope: -s takes a number of bytes up to 65000, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 't':
			if (strlen(optarg) != 1 || !strchr("hardD", optarg[0])) {
				fprintf(stderr, "syscope: -t takes h, a, r, d or D, not '%s'\n", optarg);
				return -1;
			}
			o->fmt.time_mode = optarg[0];
			break;
		case 'v':
			if (o->list_fields)
				o->list_verbose = true;
			o->fmt.verbose = true;
			break;
		case 'w': o->write_path = optarg; break;
		case 'z': o->gzip = true; break;
		case OPT_UNBUFFERED: o->unbuffered = true; break;
		case OPT_VERSION: printf("syscope version %s\n", SC_VERSION); exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		o->filter = join_args(argc - optind, argv + optind);
	return 0;
}

static int list_and_exit(const struct opts *o)
{
	struct sc_output out;

	sc_output_init(&out, STDOUT_FILENO, false);
	if (o->list_events)
		sc_evtlist_write(&out.buf);
	else
		sc_fields_list(&out.buf, o->list_verbose);
	sc_output_flush(&out);
	sc_output_free(&out);
	return 0;
}

/* sysdig hides its internal events unless asked (-D). */
static bool is_internal(const struct sc_evt *ev)
{
	return ev->info->category & SC_EC_INTERNAL;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct sc_err err = { 0 };
	struct sc_open_args args = { 0 };
	struct sc_engine *eng;
	struct sc_inspector *in = NULL;
	struct sc_formatter *fmt = NULL;
	struct sc_filter *filter = NULL;
	struct sc_capture *cap = NULL;
	struct sc_output out;
	struct sc_evt *ev;
	struct sigaction sa = { 0 };
	uint64_t count = 0;
	int rc, status = 0;

	if (parse_opts(argc, argv, &o) < 0)
		return 1;
	if (o.list_events || o.list_fields)
		return list_and_exit(&o);
	if (o.filter) {
		filter = sc_filter_compile(o.filter, &err);
		if (!filter) {
			struct sc_strbuf msg = { 0 };

			sc_filter_error_render(o.filter, &err, &msg);
			fprintf(stderr, "syscope: bad filter:\n%s", msg.s ? msg.s : err.msg);
			if (msg.len && msg.s[msg.len - 1] != '\n')
				fputc('\n', stderr);
			sc_strbuf_free(&msg);
			free(o.filter);
			return 1;
		}
	}
	if (!o.read_path) {
		fprintf(stderr, "syscope: no live driver in this build yet: read a capture with -r FILE\n");
		return 1;
	}
	if (!o.write_path) {   /* as sysdig: -w writes, it does not print */
		fmt = sc_format_new(o.format, &o.fmt, &err);
		if (!fmt) {
			status = die("bad output format", &err);
			goto out;
		}
	}

	args.path = o.read_path;
	args.snaplen = o.snaplen;
	eng = sc_engine_open(&sc_engine_savefile, &args, &err);
	if (!eng) {
		status = die(o.read_path, &err);
		goto out;
	}
	in = sc_inspector_new(eng);
	if (filter)
		sc_inspector_set_match(in, sc_filter_match_fn, filter);
	if (o.write_path) {
		cap = sc_capture_open(o.write_path, o.gzip, &eng->snap, &err);
		if (!cap) {
			status = die(o.write_path, &err);
			goto out;
		}
	}

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	sc_output_init(&out, STDOUT_FILENO, o.unbuffered);
	while (!g_stop && !out.broken) {
		rc = sc_inspector_next(in, &ev, &err);
		if (rc == SC_EOF)
			break;
		if (rc == SC_TIMEOUT)
			continue;
		if (rc < 0) {
			sc_output_flush(&out);
			status = die(o.read_path, &err);
			break;
		}
		if (cap) {
			rc = sc_capture_write(cap, sc_inspector_last_raw(in), &err);
			if (rc < 0) {
				status = die(o.write_path, &err);
				break;
			}
		}
		if (fmt && !o.quiet && (o.debug || !is_internal(ev))) {
			sc_format_event(fmt, in, ev, &out.buf);
			sc_output_maybe_flush(&out);
		}
		if (o.max_events && ++count >= o.max_events)
			break;
	}
	sc_output_flush(&out);
	if (cap && sc_capture_close(cap, &err) < 0 && !status)
		status = die(o.write_path, &err);
	sc_output_free(&out);
out:
	sc_format_free(fmt);
	sc_inspector_free(in);
	sc_filter_free(filter);
	free(o.filter);
	return status;
}
