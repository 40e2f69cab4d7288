/* SPDX-License-Identifier: Apache-2.0 */
/*
 * capture.h - the .scap writer: a section header (version 1.2), machine
 * info, interface, user and process lists and per-process fd lists taken
 * from a snapshot, then one event block per record, in the layout sysdig
 * 0.29.3 writes and reads back (format notes in engine/savefile.h).
 *
 * Ownership: sc_capture_open() returns a writer the caller owns and must
 * release with sc_capture_close(), which flushes and finishes the file
 * (also on the Ctrl-C path: see io.h). The snapshot and the records passed
 * in are only read during the call.
 */
#ifndef SC_CAPTURE_H
#define SC_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "err.h"
#include "snapshot.h"

struct sc_capture;

/*
 * Creates path ("-" = stdout), gzip-compressed if gzip, and writes the
 * header blocks from snap (NULL: empty lists). NULL with err on failure.
 */
struct sc_capture *sc_capture_open(const char *path, bool gzip, const struct sc_snapshot *snap,
				   struct sc_err *err);
/* Appends one event block (EV V2, or EVF V2 when ev->flags is set) with ev->cpu. */
int sc_capture_write(struct sc_capture *cap, const struct sc_raw_evt *ev, struct sc_err *err);
/* Events written so far, and uncompressed bytes written so far. */
uint64_t sc_capture_events(const struct sc_capture *cap);
uint64_t sc_capture_bytes(const struct sc_capture *cap);
/* Flushes and closes; always frees cap. Returns the first error met. */
int sc_capture_close(struct sc_capture *cap, struct sc_err *err);

#endif /* SC_CAPTURE_H */
