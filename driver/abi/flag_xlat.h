/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * flag_xlat.h - native Linux (x86_64) flag and enumeration values to their
 * .scap encodings (the values flags.tbl names: O_RDONLY is 1 in a capture,
 * CLONE_THREAD 0x2000). Owns every such conversion, so that the kernel
 * module, the BPF programs and the ptrace driver translate alike, and
 * sc_xlat_apply(), the one entry point the filling table's interpreters use.
 *
 * No libc and no kernel headers: the native numbers are written here as the
 * x86_64 ABI defines them, prefixed SC_N_ so they clash with nothing. Every
 * function is static inline and allocation-free (usable in BPF).
 *
 * Where sysdig 0.29's kernel driver tests a multi-bit native macro with a
 * plain "flags & MACRO" (O_SYNC includes O_DSYNC, O_TMPFILE includes
 * O_DIRECTORY), we do the same, so that both drivers print the same flags.
 */
#ifndef SC_FLAG_XLAT_H
#define SC_FLAG_XLAT_H

#include "sc_abi.h"

/* open(2) */
#define SC_N_O_ACCMODE 03
#define SC_N_O_WRONLY 01
#define SC_N_O_RDWR 02
#define SC_N_O_CREAT 0100
#define SC_N_O_EXCL 0200
#define SC_N_O_TRUNC 01000
#define SC_N_O_APPEND 02000
#define SC_N_O_NONBLOCK 04000
#define SC_N_O_DSYNC 010000
#define SC_N_O_DIRECT 040000
#define SC_N_O_LARGEFILE 0100000
#define SC_N_O_DIRECTORY 0200000
#define SC_N_O_CLOEXEC 02000000
#define SC_N_O_SYNC 04010000
#define SC_N_O_TMPFILE 020200000

/* .scap open flags (flags.tbl [file_flags]) */
#define SC_O_RDONLY 0x1
#define SC_O_WRONLY 0x2
#define SC_O_RDWR 0x3
#define SC_O_CREAT 0x4
#define SC_O_APPEND 0x8
#define SC_O_DSYNC 0x10
#define SC_O_EXCL 0x20
#define SC_O_NONBLOCK 0x40
#define SC_O_SYNC 0x80
#define SC_O_TRUNC 0x100
#define SC_O_DIRECT 0x200
#define SC_O_DIRECTORY 0x400
#define SC_O_LARGEFILE 0x800
#define SC_O_CLOEXEC 0x1000
#define SC_O_TMPFILE 0x2000

static inline uint32_t sc_xlat_open_flags(uint64_t f)
{
	uint32_t r;

	switch (f & SC_N_O_ACCMODE) {
	case SC_N_O_WRONLY: r = SC_O_WRONLY; break;
	case SC_N_O_RDWR: r = SC_O_RDWR; break;
	default: r = SC_O_RDONLY; break;
	}
	if (f & SC_N_O_CREAT) r |= SC_O_CREAT;
	if (f & SC_N_O_TMPFILE) r |= SC_O_TMPFILE;
	if (f & SC_N_O_APPEND) r |= SC_O_APPEND;
	if (f & SC_N_O_DSYNC) r |= SC_O_DSYNC;
	if (f & SC_N_O_EXCL) r |= SC_O_EXCL;
	if (f & SC_N_O_NONBLOCK) r |= SC_O_NONBLOCK;
	if (f & SC_N_O_SYNC) r |= SC_O_SYNC;
	if (f & SC_N_O_TRUNC) r |= SC_O_TRUNC;
	if (f & SC_N_O_DIRECT) r |= SC_O_DIRECT;
	if (f & SC_N_O_DIRECTORY) r |= SC_O_DIRECTORY;
	if (f & SC_N_O_LARGEFILE) r |= SC_O_LARGEFILE;
	if (f & SC_N_O_CLOEXEC) r |= SC_O_CLOEXEC;
	return r;
}

/* Mode bits: the .scap S_I* bits have the native values; 0 unless the open creates. */
static inline uint32_t sc_xlat_chmod_mode(uint64_t mode)
{
	return (uint32_t)(mode & 07777);
}

static inline uint32_t sc_xlat_open_mode(uint64_t flags, uint64_t mode)
{
	if (!(flags & (SC_N_O_CREAT | SC_N_O_TMPFILE)))
		return 0;
	return sc_xlat_chmod_mode(mode);
}

/* Socket families: the .scap numbers are Linux's; unknown ones become AF_UNSPEC. */
static inline uint8_t sc_xlat_socket_family(uint64_t fam)
{
	return fam <= 39 ? (uint8_t)fam : 0;
}

static inline uint32_t sc_xlat_prot(uint64_t p)
{
	uint32_t r = (uint32_t)(p & 0xf);   /* READ 1, WRITE 2, EXEC 4, SEM 8: same values */

	if (p & 0x01000000) r |= 0x10;      /* PROT_GROWSDOWN */
	if (p & 0x02000000) r |= 0x20;      /* PROT_GROWSUP */
	return r;
}

static inline uint32_t sc_xlat_mmap_flags(uint64_t f)
{
	uint32_t r = 0;

	if (f & 0x01) r |= 0x1;       /* MAP_SHARED */
	if (f & 0x02) r |= 0x2;       /* MAP_PRIVATE */
	if (f & 0x10) r |= 0x4;       /* MAP_FIXED */
	if (f & 0x20) r |= 0x8;       /* MAP_ANONYMOUS */
	if (f & 0x40) r |= 0x10;      /* MAP_32BIT */
	if (f & 0x4000) r |= 0x40;    /* MAP_NORESERVE */
	if (f & 0x8000) r |= 0x80;    /* MAP_POPULATE */
	if (f & 0x10000) r |= 0x100;  /* MAP_NONBLOCK */
	if (f & 0x100) r |= 0x200;    /* MAP_GROWSDOWN */
	if (f & 0x800) r |= 0x400;    /* MAP_DENYWRITE */
	if (f & 0x1000) r |= 0x800;   /* MAP_EXECUTABLE */
	if (f & 0x2000) r |= 0x4000;  /* MAP_LOCKED */
	return r;
}

/* clone(2), unshare(2), setns(2) flags */
static inline uint32_t sc_xlat_clone_flags(uint64_t f)
{
	uint32_t r = 0;

	if (f & 0x400) r |= 0x1;                /* CLONE_FILES */
	if (f & 0x200) r |= 0x2;                /* CLONE_FS */
	if (f & 0x80000000ULL) r |= 0x4;        /* CLONE_IO */
	if (f & 0x08000000) r |= 0x8;           /* CLONE_NEWIPC */
	if (f & 0x40000000) r |= 0x10;          /* CLONE_NEWNET */
	if (f & 0x00020000) r |= 0x20;          /* CLONE_NEWNS */
	if (f & 0x20000000) r |= 0x40;          /* CLONE_NEWPID */
	if (f & 0x04000000) r |= 0x80;          /* CLONE_NEWUTS */
	if (f & 0x00008000) r |= 0x100;         /* CLONE_PARENT */
	if (f & 0x00100000) r |= 0x200;         /* CLONE_PARENT_SETTID */
	if (f & 0x00002000) r |= 0x400;         /* CLONE_PTRACE */
	if (f & 0x00000800) r |= 0x800;         /* CLONE_SIGHAND */
	if (f & 0x00040000) r |= 0x1000;        /* CLONE_SYSVSEM */
	if (f & 0x00010000) r |= 0x2000;        /* CLONE_THREAD */
	if (f & 0x00800000) r |= 0x4000;        /* CLONE_UNTRACED */
	if (f & 0x00000100) r |= 0x8000;        /* CLONE_VM */
	if (f & 0x10000000) r |= 0x100000;      /* CLONE_NEWUSER */
	if (f & 0x00200000) r |= 0x800000;      /* CLONE_CHILD_CLEARTID */
	if (f & 0x01000000) r |= 0x1000000;     /* CLONE_CHILD_SETTID */
	if (f & 0x00080000) r |= 0x2000000;     /* CLONE_SETTLS */
	if (f & 0x00004000) r |= 0x8000000;     /* CLONE_VFORK */
	if (f & 0x02000000) r |= 0x10000000;    /* CLONE_NEWCGROUP */
	return r;
}

/* .scap-only clone flag bits the drivers add. */
#define SC_CL_CLONE_INVERTED 0x10000
#define SC_CL_NAME_CHANGED 0x20000

static inline uint8_t sc_xlat_fcntl_cmd(uint64_t c)
{
	switch (c) {
	case 0: return 1;      /* F_DUPFD */
	case 1: return 2;      /* F_GETFD */
	case 2: return 3;      /* F_SETFD */
	case 3: return 4;      /* F_GETFL */
	case 4: return 5;      /* F_SETFL */
	case 5: return 6;      /* F_GETLK */
	case 6: return 8;      /* F_SETLK */
	case 7: return 9;      /* F_SETLKW */
	case 8: return 10;     /* F_SETOWN */
	case 9: return 12;     /* F_GETOWN */
	case 10: return 13;    /* F_SETSIG */
	case 11: return 15;    /* F_GETSIG */
	case 15: return 21;    /* F_SETOWN_EX */
	case 16: return 22;    /* F_GETOWN_EX */
	case 36: return 30;    /* F_OFD_GETLK */
	case 37: return 31;    /* F_OFD_SETLK */
	case 38: return 32;    /* F_OFD_SETLKW */
	case 1024: return 23;  /* F_SETLEASE */
	case 1025: return 24;  /* F_GETLEASE */
	case 1026: return 27;  /* F_NOTIFY */
	case 1029: return 25;  /* F_CANCELLK */
	case 1030: return 26;  /* F_DUPFD_CLOEXEC */
	case 1031: return 28;  /* F_SETPIPE_SZ */
	case 1032: return 29;  /* F_GETPIPE_SZ */
	default: return 0;     /* UNKNOWN */
	}
}

/* access(2): X_OK 1, W_OK 2, R_OK 4 have the native values; F_OK is 0. */
static inline uint32_t sc_xlat_access_mode(uint64_t m)
{
	return (uint32_t)(m & 7);
}

/* futex(2): the command and the PRIVATE (128) and CLOCK_REALTIME (256) bits keep their values. */
static inline uint16_t sc_xlat_futex_op(uint64_t op)
{
	uint16_t cmd = op & 127;

	return (uint16_t)((cmd <= 12 ? cmd : 0) | (op & 0x180));
}

static inline uint8_t sc_xlat_lseek_whence(uint64_t w)
{
	return w <= 2 ? (uint8_t)w : 0;
}

static inline uint8_t sc_xlat_shutdown_how(uint64_t h)
{
	return (uint8_t)h;
}

static inline uint8_t sc_xlat_rlimit_resource(uint64_t r)
{
	return r <= 15 ? (uint8_t)r : 255;
}

/* flock(2): LOCK_SH 1, LOCK_EX 2, LOCK_NB 4, LOCK_UN 8, same values. */
static inline uint32_t sc_xlat_flock_flags(uint64_t f)
{
	return (uint32_t)(f & 0xf);
}

static inline uint16_t sc_xlat_semop_flags(uint64_t f)
{
	return (uint16_t)(((f & 04000) ? 0x1 : 0) | ((f & 0x1000) ? 0x2 : 0));
}

static inline uint32_t sc_xlat_semget_flags(uint64_t f)
{
	return ((f & 01000) ? 0x2000 : 0) | ((f & 02000) ? 0x4000 : 0);
}

static inline uint16_t sc_xlat_semctl_cmd(uint64_t c)
{
	switch (c) {
	case 2: return 0x1;     /* IPC_STAT */
	case 1: return 0x2;     /* IPC_SET */
	case 0: return 0x4;     /* IPC_RMID */
	case 3: return 0x8;     /* IPC_INFO */
	case 19: return 0x10;   /* SEM_INFO */
	case 18: return 0x20;   /* SEM_STAT */
	case 13: return 0x40;   /* GETALL */
	case 14: return 0x80;   /* GETNCNT */
	case 11: return 0x100;  /* GETPID */
	case 12: return 0x200;  /* GETVAL */
	case 15: return 0x400;  /* GETZCNT */
	case 17: return 0x800;  /* SETALL */
	case 16: return 0x1000; /* SETVAL */
	default: return 0;
	}
}

static inline uint16_t sc_xlat_ptrace_req(uint64_t r)
{
	switch (r) {
	case 0: return 1;         /* TRACEME */
	case 1: return 2;         /* PEEKTEXT */
	case 2: return 3;         /* PEEKDATA */
	case 3: return 4;         /* PEEKUSR */
	case 4: return 5;         /* POKETEXT */
	case 5: return 6;         /* POKEDATA */
	case 6: return 7;         /* POKEUSR */
	case 7: return 8;         /* CONT */
	case 8: return 9;         /* KILL */
	case 9: return 10;        /* SINGLESTEP */
	case 16: return 11;       /* ATTACH */
	case 17: return 12;       /* DETACH */
	case 24: return 13;       /* SYSCALL */
	case 0x4200: return 14;   /* SETOPTIONS */
	case 0x4201: return 15;   /* GETEVENTMSG */
	case 0x4202: return 16;   /* GETSIGINFO */
	case 0x4203: return 17;   /* SETSIGINFO */
	case 0x4204: return 18;   /* GETREGSET */
	case 0x4205: return 19;   /* SETREGSET */
	case 0x4206: return 20;   /* SEIZE */
	case 0x4207: return 21;   /* INTERRUPT */
	case 0x4208: return 22;   /* LISTEN */
	case 0x4209: return 23;   /* PEEKSIGINFO */
	case 0x420a: return 24;   /* GETSIGMASK */
	case 0x420b: return 25;   /* SETSIGMASK */
	case 12: return 26;       /* GETREGS */
	case 13: return 27;       /* SETREGS */
	case 14: return 28;       /* GETFPREGS */
	case 15: return 29;       /* SETFPREGS */
	case 18: return 30;       /* GETFPXREGS */
	case 19: return 31;       /* SETFPXREGS */
	case 21: return 32;       /* OLDSETOPTIONS */
	case 25: return 33;       /* GET_THREAD_AREA */
	case 26: return 34;       /* SET_THREAD_AREA */
	case 30: return 35;       /* ARCH_PRCTL */
	case 31: return 36;       /* SYSEMU */
	case 32: return 37;       /* SYSEMU_SINGLESTEP */
	case 33: return 38;       /* SINGLEBLOCK */
	default: return 0;
	}
}

static inline uint32_t sc_xlat_execveat_flags(uint64_t f)
{
	return ((f & 0x1000) ? 0x1 : 0) | ((f & 0x100) ? 0x2 : 0);
}

/* AT_REMOVEDIR 0x200 keeps its value. */
static inline uint32_t sc_xlat_unlinkat_flags(uint64_t f)
{
	return (uint32_t)(f & 0x200);
}

/* AT_SYMLINK_FOLLOW 0x400 and AT_EMPTY_PATH 0x1000 keep their values. */
static inline uint32_t sc_xlat_linkat_flags(uint64_t f)
{
	return (uint32_t)(f & 0x1400);
}

static inline uint32_t sc_xlat_openat2_resolve(uint64_t f)
{
	uint32_t r = 0;

	if (f & 0x08) r |= 0x1;   /* RESOLVE_BENEATH */
	if (f & 0x10) r |= 0x2;   /* RESOLVE_IN_ROOT */
	if (f & 0x02) r |= 0x4;   /* RESOLVE_NO_MAGICLINKS */
	if (f & 0x04) r |= 0x8;   /* RESOLVE_NO_SYMLINKS */
	if (f & 0x01) r |= 0x10;  /* RESOLVE_NO_XDEV */
	if (f & 0x20) r |= 0x20;  /* RESOLVE_CACHED */
	return r;
}

/* MS_* keep their values; the old magic in the high half is dropped. */
static inline uint32_t sc_xlat_mount_flags(uint64_t f)
{
	if ((f & 0xffff0000) == 0xc0ed0000)
		f &= 0xffff;
	return (uint32_t)f;
}

static inline uint16_t sc_xlat_poll_events(uint64_t e)
{
	uint16_t r = (uint16_t)(e & 0x7);   /* POLLIN, POLLPRI, POLLOUT */

	if (e & 0x2000) r |= 0x8;           /* POLLRDHUP */
	if (e & 0x8) r |= 0x10;             /* POLLERR */
	if (e & 0x10) r |= 0x20;            /* POLLHUP */
	if (e & 0x20) r |= 0x40;            /* POLLNVAL */
	if (e & 0x40) r |= 0x80;            /* POLLRDNORM */
	if (e & 0x80) r |= 0x100;           /* POLLRDBAND */
	if (e & 0x100) r |= 0x200;          /* POLLWRNORM */
	if (e & 0x200) r |= 0x400;          /* POLLWRBAND */
	return r;
}

static inline uint8_t sc_xlat_sockopt_level(uint64_t l)
{
	return l == 1 ? 1 : l == 6 ? 2 : 0;   /* SOL_SOCKET, SOL_TCP */
}

static inline uint8_t sc_xlat_sockopt_optname(uint64_t level, uint64_t o)
{
	if (level != 1)
		return 0;
	if (o >= 1 && o <= 50)
		return (uint8_t)o;   /* SO_DEBUG .. SO_ATTACH_BPF keep their values */
	switch (o) {
	case 55: return 52;   /* SO_MEMINFO */
	case 57: return 53;   /* SO_COOKIE */
	case 59: return 51;   /* SO_PEERGROUPS */
	case 66: return 20;   /* SO_RCVTIMEO_NEW */
	case 67: return 21;   /* SO_SNDTIMEO_NEW */
	default: return 0;
	}
}

/*
 * The translation a filling-table source names (enum sc_xlat), applied to
 * the native value v; v2 is the second argument of the two-argument ones
 * (open_mode: the open flags; sockopt_optname: the level).
 */
static inline uint64_t sc_xlat_apply(uint8_t xlat, uint64_t v, uint64_t v2)
{
	switch (xlat) {
	case SC_XLAT_OPEN_FLAGS: return sc_xlat_open_flags(v);
	case SC_XLAT_OPEN_MODE: return sc_xlat_open_mode(v2, v);
	case SC_XLAT_CHMOD_MODE: return sc_xlat_chmod_mode(v);
	case SC_XLAT_SOCKET_FAMILY: return sc_xlat_socket_family(v);
	case SC_XLAT_PROT: return sc_xlat_prot(v);
	case SC_XLAT_MMAP_FLAGS: return sc_xlat_mmap_flags(v);
	case SC_XLAT_CLONE_FLAGS: return sc_xlat_clone_flags(v);
	case SC_XLAT_FCNTL_CMD: return sc_xlat_fcntl_cmd(v);
	case SC_XLAT_ACCESS_MODE: return sc_xlat_access_mode(v);
	case SC_XLAT_FUTEX_OP: return sc_xlat_futex_op(v);
	case SC_XLAT_LSEEK_WHENCE: return sc_xlat_lseek_whence(v);
	case SC_XLAT_SHUTDOWN_HOW: return sc_xlat_shutdown_how(v);
	case SC_XLAT_RLIMIT_RESOURCE: return sc_xlat_rlimit_resource(v);
	case SC_XLAT_FLOCK_FLAGS: return sc_xlat_flock_flags(v);
	case SC_XLAT_SEMOP_FLAGS: return sc_xlat_semop_flags(v);
	case SC_XLAT_SEMGET_FLAGS: return sc_xlat_semget_flags(v);
	case SC_XLAT_SEMCTL_CMD: return sc_xlat_semctl_cmd(v);
	case SC_XLAT_PTRACE_REQ: return sc_xlat_ptrace_req(v);
	case SC_XLAT_EXECVEAT_FLAGS: return sc_xlat_execveat_flags(v);
	case SC_XLAT_UNLINKAT_FLAGS: return sc_xlat_unlinkat_flags(v);
	case SC_XLAT_LINKAT_FLAGS: return sc_xlat_linkat_flags(v);
	case SC_XLAT_OPENAT2_RESOLVE: return sc_xlat_openat2_resolve(v);
	case SC_XLAT_RENAMEAT2_FLAGS: return v & 0x7;
	case SC_XLAT_SPLICE_FLAGS: return v & 0xf;
	case SC_XLAT_MOUNT_FLAGS: return sc_xlat_mount_flags(v);
	case SC_XLAT_UMOUNT_FLAGS: return v & 0xf;
	case SC_XLAT_POLL_EVENTS: return sc_xlat_poll_events(v);
	case SC_XLAT_SOCKOPT_LEVEL: return sc_xlat_sockopt_level(v);
	case SC_XLAT_SOCKOPT_OPTNAME: return sc_xlat_sockopt_optname(v2, v);
	default: return v;
	}
}

#endif /* SC_FLAG_XLAT_H */
