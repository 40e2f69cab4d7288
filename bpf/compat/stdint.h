/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * compat/stdint.h - lets the probe include driver/abi/ headers: vmlinux.h
 * already defines the fixed-width integer types the kernel uses, so
 * <stdint.h> has nothing to add for the BPF target.
 */
#ifndef SC_BPF_COMPAT_STDINT_H
#define SC_BPF_COMPAT_STDINT_H
#endif
