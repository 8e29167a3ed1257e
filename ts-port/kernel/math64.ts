// SPDX-License-Identifier: GPL-2.0-only
// Shim for include/linux/math64.h on x86-64, as c-reference/include/linux/math64.h.
// mul_u64_u32_shr lives in int.ts.
export { mul_u64_u32_shr } from "./int.js";

/** include/linux/math64.h mul_u32_u32: (u64)a * b, a and b u32 */
export const mul_u32_u32 = (a: number, b: number): bigint => BigInt(a >>> 0) * BigInt(b >>> 0);
