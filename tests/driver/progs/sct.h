/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sct.h - the shared frame of every driver test program (tests/driver/progs).
 *
 * A program makes known syscalls between two markers and states, as text, the
 * exact lines syscope must print for them with the suite's format
 *
 *     %thread.tid %evt.dir %evt.type %evt.args
 *
 * The markers are failing openat(AT_FDCWD, "/syscope-test-begin"|"-end")
 * calls; run-driver-suite.sh keeps what lies strictly between them. Inside
 * the region a program calls syscall(2) directly (no libc wrapper that could
 * add or substitute a syscall, no stdio, no malloc): every syscall there is
 * one the program expects. The expected lines are collected in a static
 * buffer with sct_expect() and written once the end marker is passed: to the
 * file named by $SCT_EXPECT, or to stdout when it is unset.
 *
 * Expected lines may contain "{*}", which matches any text (kernel pointers,
 * memory counters: what a program cannot know), and a line "{**}" (written
 * with sct_expect(tid, "{**}")) any number of lines, up to one matching the
 * next expected line (a new image's startup). Lines are compared per
 * thread (first column), in order, so threads and children may interleave.
 *
 * Exit codes: 0 done, 77 skip (with the reason on stderr), 99 the program
 * itself could not set up or its syscalls did not behave as it assumed.
 * "PROG --sct-ping NAME" only makes a failing openat of "/syscope-test-NAME":
 * the runner uses it to see that a live capture has started or drained.
 */
#ifndef SCT_H
#define SCT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define SCT_UNUSED __attribute__((unused))

/*
 * Negative int arguments are passed as long, sign-extended as glibc's own
 * wrappers pass them: syscall(2) is variadic, and a bare int -100 could
 * reach the kernel as 0x00000000ffffff9c in the register the drivers read.
 */
#define SCT_AT_FDCWD ((long)AT_FDCWD)

#define SCT_SKIP 77
#define SCT_HARD 99

static char sct_buf[1 << 17];
static size_t sct_len;
static long sct_pid;   /* our pid (= our main thread's tid) */

/* The failing openat the markers and pings are made of. */
static inline long sct_marker(const char *path)
{
	return syscall(SYS_openat, SCT_AT_FDCWD, path, O_RDONLY, 0);
}

/* Appends the line "TID FORMATTED" to the expected output. */
__attribute__((format(printf, 2, 3))) SCT_UNUSED
static void sct_expect(long tid, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(sct_buf + sct_len, sizeof(sct_buf) - sct_len, "%ld ", tid);
	if (n < 0 || (size_t)n >= sizeof(sct_buf) - sct_len)
		abort();
	sct_len += (size_t)n;
	va_start(ap, fmt);
	n = vsnprintf(sct_buf + sct_len, sizeof(sct_buf) - sct_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n + 1 >= sizeof(sct_buf) - sct_len)
		abort();
	sct_len += (size_t)n;
	sct_buf[sct_len++] = '\n';
}

/*
 * Replaces the first "pat" in the expected lines so far with the formatted
 * text: for a value known only after later syscalls (which must be expected
 * in between).
 */
__attribute__((format(printf, 2, 3))) SCT_UNUSED
static void sct_fill(const char *pat, const char *fmt, ...)
{
	char val[256], *at;
	size_t plen = strlen(pat), vlen;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	sct_buf[sct_len] = '\0';
	at = strstr(sct_buf, pat);
	vlen = strlen(val);
	if (!at || sct_len - plen + vlen >= sizeof(sct_buf))
		abort();
	memmove(at + vlen, at + plen, sct_len - (size_t)(at - sct_buf) - plen);
	memcpy(at, val, vlen);
	sct_len = sct_len - plen + vlen;
}

/* Lines of the program's own main thread. */
#define E(...) sct_expect(sct_pid, __VA_ARGS__)

__attribute__((format(printf, 2, 3), noreturn))
static void sct_exit(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", code == SCT_SKIP ? "skip" : "error");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* A syscall inside the region did not return what the program assumed. */
#define SCT_CHECK(cond) \
	do { if (!(cond)) sct_exit(SCT_HARD, "%s:%d: %s failed (errno %d)", __FILE__, __LINE__, #cond, errno); } while (0)

/* Handles --sct-ping; call first in main. */
SCT_UNUSED static void sct_init(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--sct-ping") == 0) {
		char path[128];

		snprintf(path, sizeof(path), "/syscope-test-%s", argv[2]);
		sct_marker(path);
		exit(0);
	}
	sct_pid = getpid();
}

SCT_UNUSED static void sct_begin(void)
{
	sct_marker("/syscope-test-begin");
}

/* Ends the region and writes the expected lines. */
SCT_UNUSED static int sct_end(void)
{
	const char *path;
	FILE *f;

	sct_marker("/syscope-test-end");
	path = getenv("SCT_EXPECT");
	if (path && !*path)
		path = NULL;
	f = path ? fopen(path, "w") : stdout;
	if (!f)
		sct_exit(SCT_HARD, "cannot write %s", path);
	/* the runner finds our region (and our threads) by this pid */
	if (fprintf(f, "#pid %ld\n", sct_pid) < 0 ||
	    fwrite(sct_buf, 1, sct_len, f) != sct_len || (path ? fclose(f) : fflush(f)) != 0)
		sct_exit(SCT_HARD, "cannot write the expected lines");
	return 0;
}

/*
 * The device number the drivers report for a file (sysdig's "dev"): the
 * kernel's new_encode_dev() of the file system's device.
 */
SCT_UNUSED static unsigned sct_dev(const char *path)
{
	struct stat st;
	unsigned ma, mi;

	if (stat(path, &st) != 0)
		sct_exit(SCT_HARD, "stat %s", path);
	ma = major(st.st_dev);
	mi = minor(st.st_dev);
	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

/* A fresh directory for the program's files, made before the region. */
SCT_UNUSED static const char *sct_tmpdir(const char *name)
{
	static char dir[128];

	snprintf(dir, sizeof(dir), "/tmp/sct-%s-%ld", name, (long)getpid());
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		sct_exit(SCT_HARD, "mkdir %s", dir);
	return dir;
}

/* sysdig's rendering of a data buffer: printable ASCII kept, the rest '.', cut at the snaplen. */
SCT_UNUSED static const char *sct_dots(const void *data, size_t len)
{
	static char out[4][256];
	static int which;
	const unsigned char *p = data;
	char *o = out[which++ & 3];
	size_t i;

	if (len > 80)
		len = 80;
	for (i = 0; i < len; i++)
		o[i] = p[i] >= 32 && p[i] <= 126 ? (char)p[i] : '.';
	o[i] = '\0';
	return o;
}

#endif
