// SPDX-License-Identifier: GPL-2.0-only
// ts-port/kernel/int.ts against the C semantics it stands for (gcc, x86-64).
import { describe, expect, it, beforeEach } from "vitest";
import {
  u64,
  s64,
  u32,
  s32,
  shl_int,
  shl_u64,
  shr_u64,
  add_int,
  sub_int,
  mul_int,
  add_s64,
  sub_s64,
  mul_s64,
  mul_u64_u32_shr,
} from "../../../ts-port/kernel/int.js";
import { ple_faults, ple_faults_reset } from "../../../ts-port/kernel/faults.js";

beforeEach(() => ple_faults_reset());

describe("wrapping conversions", () => {
  it("u64 wraps modulo 2^64 and s64 reinterprets the top bit", () => {
    expect(u64(-1n)).toBe(0xffff_ffff_ffff_ffffn);
    expect(u64(1n << 64n)).toBe(0n);
    expect(s64(0xffff_ffff_ffff_ffffn)).toBe(-1n);
    expect(s64(1n << 63n)).toBe(-(1n << 63n));
  });
  it("u32 and s32 truncate numbers and bigints to 32 bits", () => {
    expect(u32(-1)).toBe(0xffffffff);
    expect(u32(0x1_0000_0005n)).toBe(5);
    expect(s32(0xffffffff)).toBe(-1);
    expect(s32(0x8000_0000n)).toBe(-0x8000_0000);
  });
});

describe("shifts: UBSan's shift-exponent check, x86's count masking", () => {
  it("int << 31 is defined in GNU C (no event) and gives INT_MIN", () => {
    expect(shl_int(1, 31)).toBe(-0x8000_0000);
    expect(ple_faults()).toEqual([]);
  });
  it("int << 32 records the event and shifts by 32 & 31 = 0, as sall does", () => {
    expect(shl_int(1, 32)).toBe(1);
    expect(ple_faults()).toMatchObject([
      { kind: "ub-shift-exponent", op: "shift", bits: 32, signed: true, lhs: 1n, rhs: 32n },
    ]);
  });
  it("int << -1 is a negative exponent: recorded, count masked to 31", () => {
    expect(shl_int(1, -1)).toBe(-0x8000_0000);
    expect(ple_faults()[0]).toMatchObject({ kind: "ub-shift-exponent", rhs: -1n });
  });
  it("u64 << 64 records the event and shifts by 0; << 63 is fine", () => {
    expect(shl_u64(1n, 63)).toBe(1n << 63n);
    expect(ple_faults()).toEqual([]);
    expect(shl_u64(3n, 65)).toBe(6n);
    expect(ple_faults()).toMatchObject([{ bits: 64, signed: false, lhs: 3n, rhs: 65n }]);
  });
  it("u64 >> 70 shifts by 70 & 63 = 6", () => {
    expect(shr_u64(1n << 10n, 70)).toBe(1n << 4n);
    expect(ple_faults()).toMatchObject([
      { kind: "ub-shift-exponent", op: "shift", bits: 64, signed: false, lhs: 1n << 10n, rhs: 70n },
    ]);
  });
  it("u64 >> 63 and >> 0 are defined; >> 64 and >> -1 are recorded", () => {
    expect(shr_u64(1n << 63n, 63)).toBe(1n);
    expect(shr_u64(5n, 0)).toBe(5n);
    expect(ple_faults()).toEqual([]);
    expect(shr_u64(5n, 64)).toBe(5n);
    expect(shr_u64(1n << 63n, -1)).toBe(1n);
    expect(ple_faults()).toMatchObject([{ rhs: 64n }, { rhs: -1n }]);
  });
  it("u64 << 0 is defined; u64 << -1 is recorded, count masked to 63", () => {
    expect(shl_u64(5n, 0)).toBe(5n);
    expect(ple_faults()).toEqual([]);
    expect(shl_u64(1n, -1)).toBe(1n << 63n);
    expect(ple_faults()).toMatchObject([{ kind: "ub-shift-exponent", bits: 64, signed: false, rhs: -1n }]);
  });
});

describe("signed overflow: recorded, result wraps", () => {
  it("INT_MAX + 1 wraps to INT_MIN with one event", () => {
    expect(add_int(0x7fff_ffff, 1)).toBe(-0x8000_0000);
    expect(ple_faults()).toMatchObject([{ kind: "ub-signed-overflow", op: "+", bits: 32, lhs: 0x7fff_ffffn, rhs: 1n }]);
  });
  it("in-range int arithmetic records nothing", () => {
    expect(sub_int(-5, 7)).toBe(-12);
    expect(mul_int(-46341, 46340)).toBe(-2147441940);
    expect(ple_faults()).toEqual([]);
  });
  it("s64 overflow is recorded with 64-bit operands", () => {
    expect(add_s64((1n << 63n) - 1n, 1n)).toBe(-(1n << 63n));
    expect(ple_faults()[0]).toMatchObject({ bits: 64, signed: true, op: "+" });
  });
  it("each overflow names its operator", () => {
    expect(mul_int(0x10000, 0x10000)).toBe(0);
    expect(sub_s64(-(1n << 63n), 1n)).toBe((1n << 63n) - 1n);
    expect(mul_s64(1n << 62n, 4n)).toBe(0n);
    expect(ple_faults()).toMatchObject([
      { kind: "ub-signed-overflow", op: "*", bits: 32, lhs: 0x10000n, rhs: 0x10000n },
      { kind: "ub-signed-overflow", op: "-", bits: 64, lhs: -(1n << 63n), rhs: 1n },
      { kind: "ub-signed-overflow", op: "*", bits: 64, lhs: 1n << 62n, rhs: 4n },
    ]);
  });
  it("in-range s64 arithmetic records nothing", () => {
    expect(sub_s64(-5n, 7n)).toBe(-12n);
    expect(mul_s64(-3n, 1n << 40n)).toBe(-3n << 40n);
    expect(ple_faults()).toEqual([]);
  });
});

describe("mul_u64_u32_shr: the __int128 form x86-64 builds", () => {
  it("keeps the high bits of a 96-bit product", () => {
    // (2^63 * 2^31) >> 32 = 2^62, which a 64-bit product would have lost
    expect(mul_u64_u32_shr(1n << 63n, 0x8000_0000, 32)).toBe(1n << 62n);
  });
  it("truncates the shifted product to 64 bits", () => {
    expect(mul_u64_u32_shr(0xffff_ffff_ffff_ffffn, 0xffff_ffff, 0)).toBe(u64(0xffff_ffff_ffff_ffffn * 0xffff_ffffn));
  });
});
