// SPDX-License-Identifier: GPL-2.0-only
// Generation from words (harness/gen/draws.ts): the fuzzer's fast path must
// give every case from (seed, index) alone, cover the value range, keep the
// fast path through map(), and shrink a failing case from its words.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Draws, Drawn, sample, sampleCase, seededWords, shrinkCase, where, times } from "../../../harness/gen/draws.js";

/** A value of three draws: a small int, a bigint over the whole u64 range, a bigint below 2^50. */
const triple = new Drawn(8, (w) => {
  const g = new Draws(w);
  return { small: g.int(0, 9), wide: g.big(0n, (1n << 64n) - 1n), mid: g.big(0n, 1n << 50n) };
});

describe("seeded words", () => {
  it("are a function of (seed, index), different across both", () => {
    const all = (seed: number, index: number) => times(16, (i) => seededWords(16, seed, index).at(i));
    expect(all(5, 3)).toEqual(all(5, 3));
    expect(all(5, 3)).not.toEqual(all(5, 4));
    expect(all(5, 3)).not.toEqual(all(6, 3));
    expect(seededWords(16, 5, 3).at(16)).toBeUndefined();
  });

  it("spread over the u32 range (each bit about half the time)", () => {
    const ones = new Array<number>(32).fill(0);
    const n = 4000;
    for (let i = 0; i < n; i++) for (let b = 0, w = seededWords(1, 1, i).at(0)!; b < 32; b++) ones[b]! += (w >>> b) & 1;
    for (const c of ones) expect(Math.abs(c / n - 0.5)).toBeLessThan(0.05);
  });
});

describe("Draws", () => {
  it("maps words monotonically into [min, max], 0 to min and past the end to 0", () => {
    const g = new Draws([0, 0xffff_ffff, 0x8000_0000]);
    expect(g.int(3, 7)).toBe(3);
    expect(g.int(3, 7)).toBe(7);
    expect(g.int(0, 9)).toBe(5);
    expect(g.int(0, 9)).toBe(0); // past the end
    const b = new Draws([0xffff_ffff, 0xffff_ffff, 0, 0]);
    expect(b.big(0n, 1n << 50n)).toBe(1n << 50n); // max is inclusive
    expect(b.big(10n, 1n << 50n)).toBe(10n);
  });

  it("reaches the low bits of wide ranges (two words below 2^53, BigInt above)", () => {
    const xs = sample(triple, 9, 500);
    expect(new Set(xs.map((x) => x.mid & 0xffn)).size).toBeGreaterThan(200);
    expect(new Set(xs.map((x) => x.wide & 0xffn)).size).toBeGreaterThan(200);
    expect(xs.some((x) => x.wide > 1n << 63n)).toBe(true);
  });
});

describe("Drawn", () => {
  it("samples case i of a batch alone, and keeps the fast path through map()", () => {
    const mapped = triple.map((x) => x.small);
    expect(mapped).toBeInstanceOf(Drawn);
    const batch = sample(mapped, 4, 50);
    expect(batch.map((_, i) => sampleCase(mapped, 4, i))).toEqual(batch);
    expect(new Set(batch).size).toBeGreaterThan(5);
  });

  it("is a fast-check arbitrary too (properties in the suite)", () => {
    const xs = fc.sample(triple, { numRuns: 20, seed: 1 });
    for (const x of xs) expect(x.small).toBeGreaterThanOrEqual(0);
  });

  it("shrinks a failing case from its words to the smallest that still fails", () => {
    const fails = (x: { small: number; wide: bigint }) => x.small >= 3 && x.wide > 1000n;
    const batch = sample(triple, 2, 200);
    const index = batch.findIndex(fails);
    expect(index).toBeGreaterThanOrEqual(0);
    const s = shrinkCase(triple, 2, index, fails)!;
    expect(s.complete).toBe(true);
    expect(s.value.small).toBe(3);
    expect(s.value.wide).toBeLessThan(1n << 32n);
    expect(fails(s.value)).toBe(true);
  });

  it("finds nothing to shrink when the case does not fail", () => {
    expect(shrinkCase(triple, 2, 0, () => false)).toBeNull();
  });
});

describe("helpers", () => {
  it("times and where", () => {
    expect(times(4, (i) => i * i)).toEqual([0, 1, 4, 9]);
    expect(where([5, 0, 7, 0], (x) => x === 0)).toEqual([1, 3]);
  });
});
