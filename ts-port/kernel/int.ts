// SPDX-License-Identifier: GPL-2.0-only
// Exact C integer semantics for the ports (x86-64, gcc): u64/s64 as BigInt,
// u32/int as numbers. Where C has undefined behaviour the helper records the
// same UBSan event the C reference records, then returns what x86-64 code
// computes (shift counts masked to the operand width, two's-complement wrap).
import { ple_ub } from "./faults.js";

const INT = { bits: 32, signed: true } as const;
const S64 = { bits: 64, signed: true } as const;
const U64 = { bits: 64, signed: false } as const;

/** (u64)x */
export const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
/** (s64)x */
export const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
/** (u32)x, from a number or a 64-bit value (truncation) */
export const u32 = (x: number | bigint): number => (typeof x === "bigint" ? Number(BigInt.asUintN(32, x)) : x >>> 0);
/** (int)x, from a number or a 64-bit value (truncation) */
export const s32 = (x: number | bigint): number => (typeof x === "bigint" ? Number(BigInt.asIntN(32, x)) : x | 0);

/** int << int */
export function shl_int(a: number, b: number): number {
  if (b < 0 || b >= 32) ple_ub("ub-shift-exponent", "shift", INT, BigInt(a), BigInt(b));
  return (a << (b & 31)) | 0;
}

/** u64 << int */
export function shl_u64(a: bigint, b: number): bigint {
  if (b < 0 || b >= 64) ple_ub("ub-shift-exponent", "shift", U64, a, BigInt(b));
  return u64(a << BigInt(b & 63));
}

/** u64 >> int */
export function shr_u64(a: bigint, b: number): bigint {
  if (b < 0 || b >= 64) ple_ub("ub-shift-exponent", "shift", U64, a, BigInt(b));
  return a >> BigInt(b & 63);
}

function signedOp(op: "+" | "-" | "*", a: bigint, b: bigint, t: { bits: number; signed: true }): bigint {
  const exact = op === "+" ? a + b : op === "-" ? a - b : a * b;
  const wrapped = BigInt.asIntN(t.bits, exact);
  if (wrapped !== exact) ple_ub("ub-signed-overflow", op, t, a, b);
  return wrapped;
}

/** int + int, int - int, int * int */
export const add_int = (a: number, b: number): number => Number(signedOp("+", BigInt(a), BigInt(b), INT));
export const sub_int = (a: number, b: number): number => Number(signedOp("-", BigInt(a), BigInt(b), INT));
export const mul_int = (a: number, b: number): number => Number(signedOp("*", BigInt(a), BigInt(b), INT));

/** s64 + s64, s64 - s64, s64 * s64 */
export const add_s64 = (a: bigint, b: bigint): bigint => signedOp("+", a, b, S64);
export const sub_s64 = (a: bigint, b: bigint): bigint => signedOp("-", a, b, S64);
export const mul_s64 = (a: bigint, b: bigint): bigint => signedOp("*", a, b, S64);

/** include/linux/math64.h mul_u64_u32_shr, the __int128 version x86-64 builds: (a * mul) >> shift, truncated to u64 */
export function mul_u64_u32_shr(a: bigint, mul: number, shift: number): bigint {
  return u64((a * BigInt(mul >>> 0)) >> BigInt(shift));
}
