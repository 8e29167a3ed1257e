/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for include/linux/math64.h on x86-64 (CONFIG_ARCH_SUPPORTS_INT128):
 * the two multiply helpers __calc_delta uses. Shims are not instrumented, so
 * like the TS twins in ts-port/kernel/int.ts they never name a function. */
#ifndef PLE_LINUX_MATH64_H
#define PLE_LINUX_MATH64_H

#include "linux/types.h"

/* include/linux/math64.h mul_u32_u32 (generic; x86-64 has no override) */
static inline u64 mul_u32_u32(u32 a, u32 b)
{
	return (u64)a * b;
}

/* include/linux/math64.h mul_u64_u32_shr, the __int128 version */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * mul) >> shift);
}

#endif
