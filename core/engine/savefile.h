/* SPDX-License-Identifier: Apache-2.0 */
/*
 * savefile.h - the .scap capture-file format as the reader (savefile.c) and
 * the writer (core/capture.c) share it: block type ids and fixed sizes.
 * Nothing here allocates; the engine itself is sc_engine_savefile
 * (engine.h), which owns its reader and hands out borrowed records.
 *
 * The format, once: a file is a sequence of blocks
 *   u32 type, u32 total_len, body, padding to 4 bytes, u32 total_len
 * (total_len counts all of it). The first block is the section header
 * (magic, major 1, minor 0..2, u64 section length, optional pcapng options
 * that readers skip). Then machine info, interface list, user list,
 * process list and per-process fd lists, then events. Event blocks carry
 * u16 cpu [u32 flags] and one record; the original EV/EVF blocks hold
 * records with a 22-byte header (no nparams), the V2 ones the 26-byte one.
 * Numbers are little-endian.
 */
#ifndef SC_SAVEFILE_H
#define SC_SAVEFILE_H

#include <stdint.h>

enum sc_scap_block {
	SC_BLK_SHB = 0x0A0D0D0A,
	SC_BLK_MI = 0x201,
	SC_BLK_MI_INT = 0x8002ABCD,
	SC_BLK_PL_V1 = 0x202,
	SC_BLK_PL_V1_INT = 0x8000ABCD,
	SC_BLK_PL_V2 = 0x207,
	SC_BLK_PL_V2_INT = 0x8013ABCD,
	SC_BLK_PL_V3 = 0x209,
	SC_BLK_PL_V3_INT = 0x8014ABCD,
	SC_BLK_PL_V4 = 0x210,
	SC_BLK_PL_V5 = 0x211,
	SC_BLK_PL_V6 = 0x212,
	SC_BLK_PL_V7 = 0x213,
	SC_BLK_PL_V8 = 0x214,
	SC_BLK_PL_V9 = 0x215,
	SC_BLK_FDL = 0x203,
	SC_BLK_FDL_INT = 0x8001ABCD,
	SC_BLK_FDL_V2 = 0x218,
	SC_BLK_EV = 0x204,
	SC_BLK_EV_INT = 0x8010ABCD,
	SC_BLK_EV_V2 = 0x216,
	SC_BLK_EV_V2_LARGE = 0x221,
	SC_BLK_EVF = 0x208,
	SC_BLK_EVF_V2 = 0x217,
	SC_BLK_EVF_V2_LARGE = 0x222,
	SC_BLK_IL = 0x205,
	SC_BLK_IL_INT = 0x8011ABCD,
	SC_BLK_IL_V2 = 0x219,
	SC_BLK_UL = 0x206,
	SC_BLK_UL_INT = 0x8012ABCD,
	SC_BLK_UL_V2 = 0x220,
};

#define SC_SCAP_MAGIC 0x1A2B3C4Du
#define SC_SCAP_MAJOR 1
#define SC_SCAP_MINOR 2
#define SC_SCAP_BLOCK_OVERHEAD 12u     /* header + trailer */
#define SC_SCAP_SHB_BODY 16u           /* magic, major, minor, section length */
#define SC_SCAP_MI_BODY 180u           /* cpus, memory, max pid, hostname[128], 4 reserved u64 */
#define SC_SCAP_OLD_EVT_HDR_LEN 22u    /* ts, tid, len, type: no nparams */

/* Interface entry kinds and user-list entry kinds. */
enum { SC_IFACE_IPV4 = 1, SC_IFACE_IPV6 = 2, SC_IFACE_IPV4_NOSPEED = 3, SC_IFACE_IPV6_NOSPEED = 4 };
enum { SC_ULIST_USER = 0, SC_ULIST_GROUP = 1 };

/* Event ids whose length old captures store 3 bytes too long. */
enum { SC_SCAP_OLD_NOTIFICATION_E = 280, SC_SCAP_OLD_INFRASTRUCTURE_E = 286 };

static inline uint32_t sc_scap_pad4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

#endif /* SC_SAVEFILE_H */
