/* SPDX-License-Identifier: Apache-2.0 */
/*
 * io.h - byte streams for capture files: a buffered input over a path or
 * stdin ("-"), plain or gzip (detected by its magic, concatenated members
 * included), and a buffered output to a path or stdout ("-"), plain or gzip.
 *
 * Ownership: sc_io_reader_open()/sc_io_writer_open() return objects the
 * caller owns and releases with sc_io_reader_close()/sc_io_writer_close().
 * Pointers returned by sc_io_reader_peek() are borrowed: they point into the
 * reader's buffer and stay valid until the next peek, skip or close.
 *
 * Offsets are positions in the uncompressed stream, so an error message can
 * name the same byte whether the file was gzipped or not.
 *
 * Ctrl-C: the writer is not async-signal-safe (zlib allocates, the buffer
 * may be half-filled). The CLI installs a SIGINT/SIGTERM handler that only
 * sets a `volatile sig_atomic_t` flag; the main loop checks the flag between
 * events, leaves the loop and calls sc_io_writer_close() (through
 * sc_capture_close()), which flushes the buffer, finishes the gzip trailer
 * and closes the file. A write interrupted by the signal (EINTR) is retried,
 * so the flag arriving mid-write loses nothing.
 */
#ifndef SC_IO_H
#define SC_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct sc_io_reader;
struct sc_io_writer;

/* Opens path ("-" = stdin) for reading. NULL with err filled on failure. */
struct sc_io_reader *sc_io_reader_open(const char *path, struct sc_err *err);
/* Reads from an fd the caller keeps owning (it is not closed). */
struct sc_io_reader *sc_io_reader_open_fd(int fd, const char *name, struct sc_err *err);
/* Reads from memory (borrowed for the reader's life); gzip is detected too. */
struct sc_io_reader *sc_io_reader_open_mem(const void *buf, size_t len, struct sc_err *err);

/*
 * Makes up to n bytes from the current position available contiguously and
 * sets *p to them. Returns the number of bytes available (< n only at the
 * end of the stream), or <0 with err filled on a read or decompression error.
 */
long sc_io_reader_peek(struct sc_io_reader *r, size_t n, const uint8_t **p, struct sc_err *err);
/* Consumes n bytes; n must not exceed what the last peek returned. */
void sc_io_reader_skip(struct sc_io_reader *r, size_t n);
/*
 * Skips n bytes that need not have been peeked. Returns the number skipped
 * (< n at the end of the stream) or <0 with err filled.
 */
long sc_io_reader_discard(struct sc_io_reader *r, uint64_t n, struct sc_err *err);
/* Offset of the current position in the uncompressed stream. */
uint64_t sc_io_reader_offset(const struct sc_io_reader *r);
/*
 * The bytes already in the window at the current position, without reading
 * more: sets *p and *off (as sc_io_reader_offset) and returns how many
 * there are (possibly 0). A fast path for readers of small records; peek
 * when this is not enough.
 */
size_t sc_io_reader_window(const struct sc_io_reader *r, const uint8_t **p, uint64_t *off);
/*
 * The caller will not look at stream bytes before off again (nor keep
 * pointers to them): a mapped file gives their pages back early, on its
 * helper thread. A no-op for every other reader.
 */
void sc_io_reader_release(struct sc_io_reader *r, uint64_t off);
bool sc_io_reader_gzipped(const struct sc_io_reader *r);
/* Name for messages: the path, "standard input" or "memory". */
const char *sc_io_reader_name(const struct sc_io_reader *r);
void sc_io_reader_close(struct sc_io_reader *r);

/* Opens path ("-" = stdout) for writing, truncating it; gzip compresses. */
struct sc_io_writer *sc_io_writer_open(const char *path, bool gzip, struct sc_err *err);
/* Appends n bytes. 0 or <0 with err filled (the writer is then unusable). */
int sc_io_writer_write(struct sc_io_writer *w, const void *p, size_t n, struct sc_err *err);
/* Pushes buffered bytes to the file (a gzip sync point when compressing). */
int sc_io_writer_flush(struct sc_io_writer *w, struct sc_err *err);
/* Bytes accepted so far (uncompressed). */
uint64_t sc_io_writer_offset(const struct sc_io_writer *w);
/*
 * Flushes, finishes the gzip stream and closes the file (stdout is flushed,
 * not closed). Always frees w; returns the first error met, if any.
 */
int sc_io_writer_close(struct sc_io_writer *w, struct sc_err *err);

#endif /* SC_IO_H */
