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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/capture.h"
#include "core/chisel.h"
#include "core/cycle.h"
#include "core/snapshot.h"
#include "core/source.h"
#include "core/state.h"
#include "core/engine/engine.h"
#include "core/engine/kmod.h"
#include "core/evtlist.h"
#include "core/fields.h"
#include "core/filter.h"
#include "core/format.h"
#include "core/inspector.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "output.h"
#include "summary.h"

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
	struct sc_cycle_opts cycle;  /* -C, -G, -e, -W (base: write_path) */
	uint64_t max_events;      /* -n, 0 = all */
	const char *format;       /* -p */
	struct sc_format_opts fmt;
	bool list_fields, list_verbose, list_events, list_markdown;
	bool debug;               /* -D: also show internal events */
	bool display;             /* -d: the filter runs after the state on every event */
	bool exclude_users;       /* -E: no user and group tables from the system */
	bool fatfile;             /* -F: -w also keeps, marked, the state changes the filter rejects */
	bool progress;            /* -P: how far into the capture, on stderr */
	bool quiet;               /* -q: do not print events */
	bool summary;             /* -S: the table of event counts at the end */
	bool unbuffered;
	uint32_t snaplen;
	/* live capture */
	const char *driver;       /* --driver: auto, bpf, kmod, ptrace */
	bool userspace;           /* --userspace: the ptrace driver */
	int64_t attach_pid;
	bool attach_tree;
	bool seccomp, trace_all, sched_switch, print_stats;
	uint32_t buffer_size;
	uint64_t max_seconds;     /* -M */
	char **cmd;               /* after --: command to launch (ptrace) */
	char *filter;             /* trailing arguments joined, or NULL */
	/* chisels (-c), loaded while the options are read, as sysdig does: their args decide
	 * how many words after the name are theirs */
	struct sc_chisel **chisels;
	size_t nchisels;
	bool list_chisels;        /* -cl */
	const char *chisel_info;  /* -i NAME */
};

/* The chisels' host: where they print, where they are looked up, what they may ask. */
static struct sc_output g_out;
static struct sc_chisel_host g_host;
static const char *g_chisel_dirs[8];

static void chisel_log(void *ud, const char *chisel, const char *severity, const char *msg)
{
	(void)ud;
	fprintf(stderr, "syscope: chisel %s: %s: %s\n", chisel, severity, msg);
}

/* $SYSCOPE_CHISEL_DIR, ./chisels, ~/.chisels, the installed folder, the source tree's. */
static void chisel_dirs_init(void)
{
	static char home_dir[4096];
	const char *env = getenv("SYSCOPE_CHISEL_DIR"), *home = getenv("HOME");
	size_t n = 0;

	if (env && *env)
		g_chisel_dirs[n++] = env;
	g_chisel_dirs[n++] = "./chisels";
	if (home && *home && snprintf(home_dir, sizeof(home_dir), "%s/.chisels", home) < (int)sizeof(home_dir))
		g_chisel_dirs[n++] = home_dir;
#ifdef SC_CHISEL_INSTALL_DIR
	g_chisel_dirs[n++] = SC_CHISEL_INSTALL_DIR;
#endif
#ifdef SC_CHISEL_SOURCE_DIR
	g_chisel_dirs[n++] = SC_CHISEL_SOURCE_DIR;
#endif
	g_chisel_dirs[n] = NULL;
	g_host.dirs = g_chisel_dirs;
	g_host.out = &g_out.buf;
	g_host.log = chisel_log;
}

/* Whether the rest of the command line reads as a filter (sysdig's test for optional chisel args). */
static bool is_filter(int argc, char **argv, int from)
{
	char *expr = NULL;
	struct sc_strbuf b = { 0 };
	struct sc_filter *f;

	for (int i = from; i < argc; i++) {
		if (i > from)
			sc_strbuf_putc(&b, ' ');
		sc_strbuf_puts(&b, argv[i]);
	}
	expr = b.s;
	f = expr ? sc_filter_compile(expr, NULL) : NULL;
	sc_filter_free(f);
	free(expr);
	return f != NULL;
}

/*
 * -c NAME: loads it and takes its arguments as sysdig does: a chisel with
 * required args takes the next word (split at spaces, quotes kept
 * together); one with only optional args takes it unless it starts with
 * '-', or reads (with what follows) as a filter, when its one arg is not a
 * filter itself.
 */
static int add_chisel(struct opts *o, const char *name, int argc, char **argv)
{
	struct sc_err err = { 0 };
	struct sc_chisel *c = sc_chisel_load(name, &g_host, &err);
	const struct sc_chisel_info *ci;
	int rc = 0;

	if (!c) {
		fprintf(stderr, "syscope: %s\n", err.msg);
		return -1;
	}
	ci = sc_chisel_info(c);
	if (ci->nargs && optind < argc) {
		const char *a = argv[optind];
		bool take;

		if (ci->nrequired)
			take = true;
		else if (a[0] == '-')
			take = false;
		else if (ci->nargs == 1 && !strcmp(ci->args[0].argtype, "filter"))
			take = true;
		else
			take = !is_filter(argc, argv, optind);
		if (take) {
			/* a filter argument is one argument, whatever its spaces */
			if (ci->nargs == 1 && !strcmp(ci->args[0].argtype, "filter"))
				rc = sc_chisel_set_args(c, 1, (const char *const *)&argv[optind], &err);
			else
				rc = sc_chisel_set_args_line(c, a, &err);
			optind++;
		}
	} else if (ci->nrequired) {
		rc = sc_err_set(&err, -EINVAL, "chisel %s: missing arguments: %s", ci->name,
				ci->args[0].name);
	}
	if (rc < 0) {
		fprintf(stderr, "syscope: %s\n", err.msg);
		sc_chisel_free(c);
		return -1;
	}
	o->chisels = xrealloc(o->chisels, (o->nchisels + 1) * sizeof(*o->chisels));
	o->chisels[o->nchisels++] = c;
	return 0;
}

static void free_chisels(struct opts *o)
{
	for (size_t i = 0; i < o->nchisels; i++)
		sc_chisel_free(o->chisels[i]);
	free(o->chisels);
	o->chisels = NULL;
	o->nchisels = 0;
}

/* -cl and -i NAME. */
static int chisel_listing(const struct opts *o)
{
	struct sc_err err = { 0 };
	struct sc_strbuf b = { 0 };
	int status = 0;

	if (o->list_chisels) {
		struct sc_chisel_info *infos;
		size_t n;

		sc_chisel_list(g_chisel_dirs, &g_host, &infos, &n, &err);
		sc_chisel_list_render(infos, n, &b);
		sc_chisel_infos_free(infos, n);
	} else {
		struct sc_chisel *c = sc_chisel_load(o->chisel_info, &g_host, &err);

		if (!c) {
			fprintf(stderr, "syscope: %s\n", err.msg);
			return 1;
		}
		sc_chisel_info_render(sc_chisel_info(c), &b);
		sc_chisel_free(c);
	}
	if (b.len && fwrite(b.s, 1, b.len, stdout) != b.len)
		status = 1;
	sc_strbuf_free(&b);
	return status;
}

static void usage(FILE *out)
{
	fprintf(out,
		"syscope version " SC_VERSION "\n"
		"Usage: syscope [options] [filter]\n"
		"       syscope --userspace [options] -- COMMAND [ARGS...]\n"
		"       syscope --userspace --attach PID [options] [filter]\n\n"
		"Options:\n"
		" -A, --print-ascii     print only the text part of data buffers\n"
		" -b, --print-base64    print data buffers in base64\n"
		" -B[FILE], --bpf[=FILE] the eBPF driver (--driver bpf), with the probe object FILE\n"
		"                       instead of the embedded one when given (SYSCOPE_BPF_PROBE)\n"
		" -C, --file-size=MB    (-w) start a new file once the current one holds MB\n"
		"                       megabytes (10^6 bytes): FILE0, FILE1 ...\n"
		" -a, --all             (--userspace) stop at every syscall, not only those the\n"
		"                       filter can match\n"
		"     --attach PID      (--userspace) trace a running process and its threads\n"
		"     --attach-tree PID (--userspace) trace a process and all its descendants\n"
		"     --buffer-size=B   bytes of each driver ring buffer\n"
		" -d, --displayflt      filter after the state has seen each event (slower: every\n"
		"                       event is parsed, so fields of events whose enter the\n"
		"                       filter rejects are complete)\n"
		" -D, --debug           also show syscope's internal events\n"
		" -E, --exclude-users   (live) no user and group tables from the system: user.name\n"
		"                       and group.name are <NA>, a capture written holds none\n"
		" -e, --events=N        (-w) start a new file every N events: FILE0, FILE1 ...\n"
		" -F, --fatfile         (-w with a filter) also write the events the filter rejects\n"
		"                       that change the state, marked so that a reader uses them\n"
		"                       for the state and does not show them\n"
		" -G, --seconds=S       (-w) start a new file every S seconds; a FILE with a\n"
		"                       strftime(3) format is named by each file's start time,\n"
		"                       else FILE0, FILE1 ...\n"
		"     --driver=NAME     live source: auto (default), bpf, kmod or ptrace\n"
		" -h, --help            this help\n"
		" -j, --json            one JSON object per event\n"
		" -L, --list-events     list the event types and their parameters\n"
		" -l, --list            list the fields for filters and -p; -lv with details\n"
		"     --list-markdown   the same as markdown tables\n"
		" -M SECONDS            stop after SECONDS of capture\n"
		" -n, --numevents=N     stop after N events\n"
		" -P, --progress        (-r) show how far into the file, in percent, on stderr\n"
		" -p, --print=FORMAT    print events with FORMAT (%%field, %%field[arg], leading * to\n"
		"                       print even when fields are missing); -pp prints the default\n"
		" -q, --quiet           do not print events (with -w)\n"
		" -R                    ports as service names (80 -> http) where /etc/services has one\n"
		" -r, --read=FILE       read events from a .scap capture (gzip or plain; - = stdin)\n"
		" -S, --summary         print how many events of each type passed the filter, at\n"
		"                       the end (with -d, those it hides too, as -n counts them)\n"
		" -s, --snaplen=BYTES   bytes of each I/O buffer to capture (default 80)\n"
		"     --seccomp         (--userspace --attach) install the syscall filter in the\n"
		"                       attached processes too (it cannot be removed later)\n"
		"     --stats           print capture statistics to stderr every second\n"
		"     --switch          (bpf, kmod) also capture context switches\n"
		" -u, --userspace       capture with ptrace, no kernel module or eBPF needed\n"
		" -t, --timetype=T      h (human, default), a (absolute), r (relative to the first\n"
		"                       event), d (delta from enter), D (delta from previous event)\n"
		"     --unbuffered      write every event out at once\n"
		" -v, --verbose         do not cut data buffers to 40 characters\n"
		"     --version         print the version\n"
		" -w, --write=FILE      write events to a .scap capture (- = stdout)\n"
		" -W, --limit=N         (-C, -G, -e) keep N files: the names come round again\n"
		"                       and the oldest file is overwritten (or deleted)\n"
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

static int parse_u64(const char *s, const char *opt, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || !*s || *s == '-') {
		fprintf(stderr, "syscope: %s takes a whole number, not '%s'\n", opt, s);
		return -1;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_UNBUFFERED = 1000, OPT_VERSION, OPT_DRIVER, OPT_ATTACH, OPT_ATTACH_TREE,
	       OPT_SECCOMP, OPT_STATS, OPT_SWITCH, OPT_BUFSIZE, OPT_MARKDOWN };
	static const struct option longopts[] = {
		{ "all", no_argument, 0, 'a' },
		{ "attach", required_argument, 0, OPT_ATTACH },
		{ "attach-tree", required_argument, 0, OPT_ATTACH_TREE },
		{ "buffer-size", required_argument, 0, OPT_BUFSIZE },
		{ "driver", required_argument, 0, OPT_DRIVER },
		{ "bpf", optional_argument, 0, 'B' },
		{ "seccomp", no_argument, 0, OPT_SECCOMP },
		{ "stats", no_argument, 0, OPT_STATS },
		{ "switch", no_argument, 0, OPT_SWITCH },
		{ "userspace", no_argument, 0, 'u' },
		{ "print-ascii", no_argument, 0, 'A' },
		{ "print-base64", no_argument, 0, 'b' },
		{ "debug", no_argument, 0, 'D' },
		{ "displayflt", no_argument, 0, 'd' },
		{ "exclude-users", no_argument, 0, 'E' },
		{ "fatfile", no_argument, 0, 'F' },
		{ "help", no_argument, 0, 'h' },
		{ "json", no_argument, 0, 'j' },
		{ "list-events", no_argument, 0, 'L' },
		{ "list", no_argument, 0, 'l' },
		{ "list-markdown", no_argument, 0, OPT_MARKDOWN },
		{ "numevents", required_argument, 0, 'n' },
		{ "print", required_argument, 0, 'p' },
		{ "progress", no_argument, 0, 'P' },
		{ "quiet", no_argument, 0, 'q' },
		{ "read", required_argument, 0, 'r' },
		{ "snaplen", required_argument, 0, 's' },
		{ "summary", no_argument, 0, 'S' },
		{ "timetype", required_argument, 0, 't' },
		{ "unbuffered", no_argument, 0, OPT_UNBUFFERED },
		{ "verbose", no_argument, 0, 'v' },
		{ "version", no_argument, 0, OPT_VERSION },
		{ "write", required_argument, 0, 'w' },
		{ "print-hex-ascii", no_argument, 0, 'X' },
		{ "print-hex", no_argument, 0, 'x' },
		{ "compress", no_argument, 0, 'z' },
		{ "file-size", required_argument, 0, 'C' },
		{ "seconds", required_argument, 0, 'G' },
		{ "events", required_argument, 0, 'e' },
		{ "limit", required_argument, 0, 'W' },
		{ 0, 0, 0, 0 }
	};
	int c;
	char *end;

	o->snaplen = 80;
	o->fmt.time_mode = 'h';
	o->fmt.tty = isatty(STDOUT_FILENO);
	while ((c = getopt_long(argc, argv, "+aAbB::c:C:dDEe:FG:hi:jLlM:n:Pp:qRr:Ss:t:uvW:w:Xxz", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->trace_all = true; break;
		case 'u': o->userspace = true; break;
		case OPT_DRIVER: o->driver = optarg; break;
		case 'B':
			/* sysdig's spelling: the eBPF driver, with that probe object when one is named */
			o->driver = "bpf";
			if (optarg && *optarg && setenv("SYSCOPE_BPF_PROBE", optarg, 1) < 0) {
				perror("syscope: -B");
				return -1;
			}
			break;
		case OPT_ATTACH:
		case OPT_ATTACH_TREE:
			if (parse_u64(optarg, "--attach", (uint64_t *)&o->attach_pid) < 0 || o->attach_pid <= 0)
				return -1;
			o->attach_tree = c == OPT_ATTACH_TREE;
			break;
		case OPT_BUFSIZE: {
			uint64_t v;

			if (parse_u64(optarg, "--buffer-size", &v) < 0 || v < 4096 || v > (1ULL << 31)) {
				fprintf(stderr, "syscope: --buffer-size takes bytes from 4096 to 2 GiB\n");
				return -1;
			}
			o->buffer_size = (uint32_t)v;
			break;
		}
		case OPT_SECCOMP: o->seccomp = true; break;
		case OPT_MARKDOWN: o->list_fields = o->list_markdown = true; break;
		case OPT_STATS: o->print_stats = true; break;
		case OPT_SWITCH: o->sched_switch = true; break;
		case 'M':
			if (parse_u64(optarg, "-M", &o->max_seconds) < 0)
				return -1;
			break;
		case 'A': o->fmt.buf_mode = SC_BUF_ASCII; break;
		case 'b': o->fmt.buf_mode = SC_BUF_BASE64; break;
		case 'X': o->fmt.buf_mode = SC_BUF_HEX_ASCII; break;
		case 'x': o->fmt.buf_mode = SC_BUF_HEX; break;
		case 'D': o->debug = true; break;
		case 'd': o->display = true; break;
		case 'E': o->exclude_users = true; break;
		case 'F': o->fatfile = true; break;
		case 'R': sc_state_set_port_names(true); break;
		case 'c':
			if (strcmp(optarg, "l") == 0) {
				o->list_chisels = true;
				break;
			}
			if (add_chisel(o, optarg, argc, argv) < 0)
				return -1;
			break;
		case 'i': o->chisel_info = optarg; break;
		case 'h': usage(stdout); exit(0);
		case 'j': o->fmt.json = true; break;
		case 'L': o->list_events = true; break;
		case 'l':
			o->list_fields = true;
			break;
		case 'n':
			if (parse_u64(optarg, "-n", &o->max_events) < 0)
				return -1;
			break;
		case 'p':
			if (strcmp(optarg, "p") == 0) {
				/* -pp: the default line, to start one's own from */
				puts(o->fmt.tty ? SC_FORMAT_DEFAULT_TTY : SC_FORMAT_DEFAULT);
				exit(0);
			}
			o->format = optarg;
			break;
		case 'P': o->progress = true; break;
		case 'q': o->quiet = true; break;
		case 'S': o->summary = true; break;
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
		case 'C': case 'G': case 'e': case 'W': {
			static const char *const names[] = { ['C'] = "-C", ['G'] = "-G", ['e'] = "-e", ['W'] = "-W" };
			uint64_t v;

			if (parse_u64(optarg, names[c], &v) < 0)
				return -1;
			if (!v || v > (1ull << 32)) {
				fprintf(stderr, "syscope: %s takes a number from 1 to 2^32, not '%s'\n", names[c], optarg);
				return -1;
			}
			if (c == 'C')
				o->cycle.megabytes = v;
			else if (c == 'G')
				o->cycle.seconds = v;
			else if (c == 'e')
				o->cycle.events = v;
			else
				o->cycle.files = v;
			break;
		}
		case OPT_UNBUFFERED: o->unbuffered = true; break;
		case OPT_VERSION: printf("syscope version %s\n", SC_VERSION); exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	/*
	 * What is left is the filter; with --userspace, a "--" separates it from
	 * the command to launch.
	 */
	{
		struct sc_err err = { 0 };

		if (sc_source_split_args(argc, argv, optind, o->userspace, &o->cmd, &o->filter, &err) < 0) {
			fprintf(stderr, "syscope: %s\n", err.msg);
			return -1;
		}
	}
	if (o->cycle.megabytes || o->cycle.seconds || o->cycle.events || o->cycle.files) {
		if (!o->write_path || !strcmp(o->write_path, "-")) {
			fprintf(stderr, "syscope: -C, -G, -e and -W cut a capture into files: they need -w FILE\n");
			return -1;
		}
		if (!o->cycle.megabytes && !o->cycle.seconds && !o->cycle.events) {
			fprintf(stderr, "syscope: -W limits the files of -C, -G or -e: give one of them\n");
			return -1;
		}
		o->cycle.base = o->write_path;
	}
	return 0;
}

static int list_and_exit(const struct opts *o)
{
	struct sc_output out;

	sc_output_init(&out, STDOUT_FILENO, false);
	if (o->list_events)
		sc_evtlist_write(&out.buf);
	else if (o->list_markdown)
		sc_fields_list_markdown(&out.buf);
	else
		sc_fields_list(&out.buf, o->list_verbose);
	sc_output_flush(&out);
	sc_output_free(&out);
	return 0;
}

/* Picks the engine the options ask for (core/source.c); NULL with a message printed when it is not available. */
static const struct sc_engine_ops *pick_engine(const struct opts *o, struct sc_open_args *args)
{
	struct sc_source_opts so = {
		.read_path = o->read_path, .driver = o->driver, .userspace = o->userspace,
		.cmd = o->cmd, .attach_pid = o->attach_pid, .attach_tree = o->attach_tree,
		.seccomp = o->seccomp, .trace_all = o->trace_all, .sched_switch = o->sched_switch,
		.buffer_size = o->buffer_size,
	};
	struct sc_err err = { 0 };
	const struct sc_engine_ops *ops = sc_source_pick(&so, args, &err);

	if (!ops)
		fprintf(stderr, "syscope: %s\n", err.msg);
	return ops;
}

/*
 * Lost or skipped events are never silent: the summary is printed whenever
 * a counter is non-zero, and always with -v or --stats.
 */
static void print_stats(struct sc_engine *eng, struct sc_inspector *in, bool always)
{
	struct sc_stats st;

	sc_engine_stats(eng, &st);
	if (!always && !st.drops && !st.drops_bug && !st.drops_fault && !st.skipped_unknown)
		return;
	fprintf(stderr, "syscope: %llu events read", (unsigned long long)sc_inspector_nread(in));
	if (eng->live || st.drops)
		fprintf(stderr, ", %llu dropped by the driver", (unsigned long long)st.drops);
	if (st.drops_bug)
		fprintf(stderr, ", %llu could not be filled", (unsigned long long)st.drops_bug);
	if (st.drops_fault)
		fprintf(stderr, ", %llu parameters unreadable (user memory faults)",
			(unsigned long long)st.drops_fault);
	if (st.skipped_unknown)
		fprintf(stderr, ", %llu of unknown event types skipped",
			(unsigned long long)st.skipped_unknown);
	fputc('\n', stderr);
	if (always && st.drops) {   /* the kernel module counts drops per CPU: which ones lost */
		struct sc_stats cs;
		uint16_t cpu;
		const char *sep = "syscope: dropped per CPU:";

		for (unsigned i = 0; sc_kmod_cpu_stats(eng, i, &cpu, &cs) == 0; i++) {
			if (!cs.drops)
				continue;
			fprintf(stderr, "%s cpu%u %llu", sep, cpu, (unsigned long long)cs.drops);
			sep = ",";
		}
		if (*sep == ',')
			fputc('\n', stderr);
	}
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * -M and --stats, with now in the source's time: the wall clock on live
 * capture (so -M ends it even when no event comes), the events' own time
 * in a recording. True when the capture should stop.
 */
static bool tick(const struct opts *o, struct sc_engine *eng, struct sc_inspector *in,
		 struct sc_output *out, uint64_t now, uint64_t start, uint64_t *last_stats)
{
	if (o->max_seconds && now - start >= o->max_seconds * 1000000000ULL)
		return true;
	if (o->print_stats && now - *last_stats >= 1000000000ULL) {
		sc_output_flush(out);
		print_stats(eng, in, true);
		*last_stats = now;
	}
	return false;
}

/* The capture being written (-w), cut into files when -C, -G or -e ask. */
struct sink {
	const struct opts *o;
	struct sc_engine *eng;
	struct sc_inspector *in;
	struct sc_cycle *cycle;      /* NULL: one file */
	struct sc_capture *cap;      /* NULL until the first file is open */
};

/* Opens the next file: the first from the source's snapshot, later ones from the state as it is now. */
static int sink_open(struct sink *k, const char *name, bool first, struct sc_err *err)
{
	struct sc_snapshot s;

	if (first) {
		k->cap = sc_capture_open(name, k->o->gzip, &k->eng->snap, err);
	} else {
		sc_snapshot_copy_host(&s, &k->eng->snap);
		sc_state_to_snapshot(sc_inspector_state(k->in), &s);
		k->cap = sc_capture_open(name, k->o->gzip, &s, err);
		sc_snapshot_free(&s);
	}
	return k->cap ? 0 : -1;
}

/*
 * -P: the size of the capture read, when progress can be told from the
 * offsets of its events (a plain regular file); 0 otherwise.
 */
static uint64_t progress_size(const char *path)
{
	unsigned char magic[2] = { 0, 0 };
	struct stat sb;
	FILE *f;

	if (!path || !strcmp(path, "-") || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) || !sb.st_size)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	if (fread(magic, 1, 2, f) != 2)
		magic[0] = 0;
	fclose(f);
	return magic[0] == 0x1f && magic[1] == 0x8b ? 0 : (uint64_t)sb.st_size;   /* gzip: offsets are not the file's */
}

/* Writes the inspector's last event (with the block flags more added), into a new file when the rotation says so. */
static int sink_write(struct sink *k, uint32_t more, struct sc_err *err)
{
	struct sc_raw_evt copy = *sc_inspector_last_raw(k->in);
	const struct sc_raw_evt *raw = &copy;
	const char *next, *drop;
	int rc;

	copy.flags |= more;
	if (k->cycle) {
		/* a recording's files start at its first event's time */
		if (!k->cap && sink_open(k, sc_cycle_first(k->cycle, (int64_t)(raw->hdr->ts / 1000000000u)),
					 true, err) < 0)
			return -1;
		next = sc_cycle_check(k->cycle, raw->hdr->ts, sc_capture_bytes(k->cap), &drop);
		if (next) {
			rc = sc_capture_close(k->cap, err);
			k->cap = NULL;
			if (rc < 0)
				return rc;
			if (drop && unlink(drop) < 0 && errno != ENOENT)
				return sc_err_set(err, -errno, "%s: cannot delete the oldest file of the ring: %s",
						  drop, strerror(errno));
			if (sink_open(k, next, false, err) < 0)
				return -1;
		}
	}
	return sc_capture_write(k->cap, raw, err);
}

/* Every chisel sees the event; true when the capture ends (a chisel asked, or failed: *status set). */
static bool chisels_event(struct opts *o, struct sc_evt *ev, int *status)
{
	struct sc_err err = { 0 };
	bool end = false;

	for (size_t i = 0; i < o->nchisels; i++) {
		int rc = sc_chisel_event(o->chisels[i], ev, &err);

		if (rc < 0) {
			sc_output_flush(&g_out);
			*status = die(err.msg, NULL);
			return true;
		}
		if (rc == SC_EOF)
			end = true;
	}
	return end;
}

/* Live capture with nothing to read: the chisels' intervals still tick. */
static bool chisels_timeout(struct opts *o, int *status)
{
	struct sc_err err = { 0 };
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	for (size_t i = 0; i < o->nchisels; i++)
		if (sc_chisel_timeout(o->chisels[i], now, &err) < 0) {
			sc_output_flush(&g_out);
			*status = die(err.msg, NULL);
			return true;
		}
	sc_output_maybe_flush(&g_out);
	return false;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct sc_err err = { 0 };
	struct sc_open_args args = { 0 };
	const struct sc_engine_ops *ops;
	struct sc_engine *eng;
	struct sc_inspector *in = NULL;
	struct sc_formatter *fmt = NULL;
	struct sc_filter *filter = NULL;
	struct sink sink = { 0 };
	struct sc_summary *summary = NULL;
	struct sc_evt *ev;
	struct sc_stats st;
	struct sigaction sa = { 0 };
	uint8_t *mask = NULL;
	uint64_t count = 0, last_stats = 0, clock0, psize = 0;
	double last_pct = 0;
	bool stopping = false, draining = false, stopped = false, shown;
	int empty_polls = 0;
	const char *source;
	int rc, status = 0;

	chisel_dirs_init();
	sc_output_init(&g_out, STDOUT_FILENO, false);
	if (parse_opts(argc, argv, &o) < 0) {
		free_chisels(&o);
		sc_output_free(&g_out);
		free(o.filter);
		return 1;
	}
	if (o.list_chisels || o.chisel_info) {
		free_chisels(&o);
		sc_output_free(&g_out);
		free(o.filter);
		return chisel_listing(&o);
	}
	if (o.progress && !o.read_path) {
		fprintf(stderr, "syscope: -P follows the reading of a capture (-r); a live capture has no end\n");
		return 1;
	}
	if (o.list_events || o.list_fields) {
		free_chisels(&o);
		sc_output_free(&g_out);
		free(o.filter);
		return list_and_exit(&o);
	}
	/* the chisels' on_init: what they ask of the capture (filter, snaplen) comes before it opens */
	g_host.live = !o.read_path;
	g_host.json = o.fmt.json;
	g_host.tty = o.fmt.tty;
	g_host.source_name = o.read_path ? o.read_path : "";
	g_host.fmt = o.fmt;
	for (size_t i = 0; i < o.nchisels; i++) {
		const char *gf;

		if (sc_chisel_init(o.chisels[i], &err) < 0) {
			sc_output_flush(&g_out);
			status = die(err.msg, NULL);
			goto early_out;
		}
		sc_output_maybe_flush(&g_out);
		if (sc_chisel_snaplen(o.chisels[i]))
			o.snaplen = sc_chisel_snaplen(o.chisels[i]);
		if ((gf = sc_chisel_global_filter(o.chisels[i]))) {
			/* sysdig.set_filter(): the capture's filter, with the user's when there is one */
			char *both = sc_filter_join(o.filter, gf, NULL);

			free(o.filter);
			o.filter = both;
		}
	}
	if (o.filter) {
		filter = sc_filter_compile(o.filter, &err);
		if (!filter) {
			struct sc_strbuf msg = { 0 };

			sc_filter_error_render(o.filter, &err, &msg);
			fprintf(stderr, "syscope: bad filter:\n%s", msg.s ? msg.s : err.msg);
			if (msg.len && msg.s[msg.len - 1] != '\n')
				fputc('\n', stderr);
			sc_strbuf_free(&msg);
			status = 1;
			goto early_out;
		}
	}
	ops = pick_engine(&o, &args);
	if (!ops) {
		status = 1;
		goto out;
	}
	source = o.read_path ? o.read_path : ops->name;
	if (!o.write_path && !o.nchisels) {   /* as sysdig: -w writes, it does not print; chisels print */
		fmt = sc_format_new(o.format, &o.fmt, &err);
		if (!fmt) {
			status = die("bad output format", &err);
			goto out;
		}
	}
	/*
	 * Only what the filter can match needs to leave the kernel (or stop the
	 * tracee); a display filter (-d) wants the state to see every event.
	 */
	if (filter && !o.write_path && !o.display) {
		uint8_t bits[(SC_EVENT_MAX + 7) / 8];

		/* the filter answers in bits; engines take a byte per event type (engine.h) */
		mask = calloc(SC_EVENT_MAX, 1);
		if (mask && sc_filter_evttypes(filter, bits)) {
			for (int t = 0; t < SC_EVENT_MAX; t++)
				mask[t] = (bits[t / 8] >> (t % 8)) & 1;
			args.evt_mask = mask;
		}
	}
	args.snaplen = o.snaplen;

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	eng = sc_engine_open(ops, &args, &err);
	if (!eng) {
		status = die(source, &err);
		goto out;
	}
	/* before the state is seeded from the snapshot */
	if (o.exclude_users && eng->live)
		sc_snapshot_drop_users(&eng->snap);
	in = sc_inspector_new(eng);
	/*
	 * A display filter (-d) is run in the loop below, after the parser on
	 * every event: as sysdig, -n, -S and -M still count the events it hides.
	 */
	if (filter && !o.display)
		sc_inspector_set_match(in, sc_filter_match_fn, filter);
	/* the writer keeps some of the events not shown (see the loop) */
	sc_inspector_set_give_filtered(in, o.write_path != NULL);
	sink.o = &o;
	sink.eng = eng;
	sink.in = in;
	if (o.cycle.base && !(sink.cycle = sc_cycle_new(&o.cycle, &err))) {
		status = die(o.write_path, &err);
		goto out;
	}
	/* a live capture's first file starts now; a recording's at its first event */
	if (o.write_path && (!sink.cycle || eng->live) &&
	    sink_open(&sink, sink.cycle ? sc_cycle_first(sink.cycle, time(NULL)) : o.write_path, true, &err) < 0) {
		status = die(o.write_path, &err);
		goto out;
	}
	if (eng->ops->start && (rc = eng->ops->start(eng)) < 0) {
		fprintf(stderr, "syscope: %s: could not start the capture: %s\n", source, strerror(-rc));
		status = 1;
		goto out;
	}

	if (o.summary)
		summary = xcalloc(1, sizeof(*summary));
	if (o.progress)
		psize = progress_size(o.read_path);
	clock0 = last_stats = eng->live ? now_ns() : 0;
	g_out.unbuffered = o.unbuffered;
	for (size_t i = 0; i < o.nchisels && !status; i++)
		if (sc_chisel_capture_start(o.chisels[i], in, &err) < 0) {
			sc_output_flush(&g_out);
			status = die(err.msg, NULL);
		}
	if (status)
		goto out_loop;
	while (!g_out.broken) {
		/*
		 * Ctrl-C or -M: stop the driver, then read what its buffers still
		 * hold (two empty polls in a row end it) before closing.
		 */
		if ((g_stop || stopping) && !draining) {
			if (!eng->drain_after_stop)
				break;
			if (eng->ops->stop)
				eng->ops->stop(eng);
			stopped = draining = true;
		}
		rc = sc_inspector_next(in, &ev, &err);
		if (rc == SC_EOF)
			break;
		if (rc == SC_TIMEOUT) {
			sc_output_flush(&g_out);
			if (draining) {
				if (++empty_polls >= 2)
					break;
				continue;
			}
			if (eng->live && tick(&o, eng, in, &g_out, now_ns(), clock0, &last_stats))
				stopping = true;
			if (eng->live && o.nchisels && chisels_timeout(&o, &status))
				break;
			continue;
		}
		empty_polls = 0;
		if (rc < 0) {
			sc_output_flush(&g_out);
			status = die(source, &err);
			break;
		}
		if (ev->filtered_out)
			shown = false;
		else if (filter && o.display)
			shown = sc_filter_match_fn(filter, in, ev);
		else
			shown = true;
		if (!shown) {
			/*
			 * Not shown. As sysdig's writer: internal events are kept anyway,
			 * and with -F the state changes too, marked for the state only.
			 */
			uint32_t ef = ev->info->flags;
			bool fat = o.fatfile && (ef & SC_EF_MODIFIES_STATE);

			if (o.write_path && (fat || (ev->info->category & SC_EC_INTERNAL)) &&
			    sink_write(&sink, fat ? SC_DF_STATE_ONLY : 0, &err) < 0) {
				status = die(o.write_path, &err);
				break;
			}
			/* what the inspector held back is not counted; what -d hides is */
			if (ev->filtered_out)
				continue;
		} else if (o.write_path && sink_write(&sink, 0, &err) < 0) {
			status = die(o.write_path, &err);
			break;
		}
		if (psize && ev->num % 10000 == 0) {
			/* as sysdig: every 10000 events, when it moved by more than 0.1 % */
			double pct = 100.0 * (double)sc_inspector_last_raw(in)->offset / (double)psize;

			if (pct - last_pct > 0.1) {
				/* one line, rewritten in place */
				fprintf(stderr, "\r      \r%.2f", pct);
				last_pct = pct;
			}
		}
		if (summary)
			sc_summary_add(summary, ev);
		if (shown && o.nchisels && !sc_evt_is_container_meta(ev)) {
			bool end = chisels_event(&o, ev, &status);

			sc_output_maybe_flush(&g_out);
			if (end)
				break;
		}
		if (shown && fmt && !o.quiet && (o.debug || !sc_evt_hidden(ev))) {
			sc_format_event(fmt, in, ev, &g_out.buf);
			sc_output_maybe_flush(&g_out);
		}
		if (!draining && (o.max_seconds || o.print_stats)) {
			uint64_t now = eng->live ? now_ns() : ev->hdr->ts;

			if (!clock0)   /* a recording starts at its first event */
				clock0 = last_stats = now;
			if (tick(&o, eng, in, &g_out, now, clock0, &last_stats))
				stopping = true;
		}
		/* -n counts what sysdig's loop sees: not the container metadata */
		if (o.max_events && !sc_evt_is_container_meta(ev) && ++count >= o.max_events)
			break;
	}
	/* as sysdig: the chisels' ends also when one of them ended the capture, not after an error */
	for (size_t i = 0; i < o.nchisels && !status; i++)
		if (sc_chisel_capture_end(o.chisels[i], &err) < 0) {
			sc_output_flush(&g_out);
			status = die(err.msg, NULL);
		}
out_loop:
	if (summary && !status)
		sc_summary_write(summary, &g_out.buf);
	if (o.progress && !status)
		fputs("\r      \r100.00\n", stderr);
	sc_output_flush(&g_out);
	if (eng->ops->stop && !stopped)
		eng->ops->stop(eng);
	/* a recording without events still leaves its (empty) first file */
	if (sink.cycle && !sink.cap && !status &&
	    sink_open(&sink, sc_cycle_first(sink.cycle, time(NULL)), true, &err) < 0)
		status = die(o.write_path, &err);
	if (sink.cap) {
		rc = sc_capture_close(sink.cap, &err);
		sink.cap = NULL;
		if (rc < 0 && !status)
			status = die(o.write_path, &err);
	}
	if (!status)   /* after an error, the error is the one line to read */
		print_stats(eng, in, o.fmt.verbose || o.print_stats);
	sc_engine_stats(eng, &st);
	if (!status && st.exit_status >= 0)
		status = st.exit_status;   /* --userspace -- CMD: its status becomes ours */
out:
	/* a capture opened before a later step failed still ends as a whole file */
	if (sink.cap)
		sc_capture_close(sink.cap, NULL);
	free(summary);
	sc_cycle_free(sink.cycle);
	sc_format_free(fmt);
	sc_inspector_free(in);
	sc_filter_free(filter);
	free(mask);
early_out:
	free_chisels(&o);
	sc_output_flush(&g_out);
	sc_output_free(&g_out);
	free(o.filter);
	return status;
}
