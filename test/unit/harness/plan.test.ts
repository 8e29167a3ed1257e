// SPDX-License-Identifier: GPL-2.0-only
// Campaign planning: cells per family, deterministic seeds, disjoint shards.
import { describe, expect, it } from "vitest";
import { batchSeed, parseShard, planCells, shardBatch, type Cell } from "../../../harness/fuzz/plan.js";

const cell: Cell = { target: "pick_next_entity", family: "cfs", cfs: "v5.6", kvm: "v5.6" };

describe("planCells", () => {
  it("varies a single-family target over its own family and a composed one over all pairs", () => {
    const cells = planCells(
      [
        { name: "a", family: "cfs" },
        { name: "b", family: "kvm" },
        { name: "c", family: "compose" },
      ],
      ["x", "y"],
      ["p", "q", "r"],
    );
    expect(cells.filter((c) => c.target === "a").map((c) => c.cfs)).toEqual(["x", "y"]);
    expect(cells.filter((c) => c.target === "b").map((c) => c.kvm)).toEqual(["p", "q", "r"]);
    expect(cells.filter((c) => c.target === "c")).toHaveLength(6);
  });
});

describe("seeds", () => {
  it("the same campaign seed gives the same batch seeds", () => {
    expect(batchSeed(42, cell, 7)).toBe(batchSeed(42, cell, 7));
    expect(batchSeed(42, cell, 7)).not.toBe(batchSeed(43, cell, 7));
    expect(batchSeed(42, cell, 7)).not.toBe(batchSeed(42, { ...cell, cfs: "v5.6-ple" }, 7));
  });
  it("shards of n take disjoint batch numbers that together cover 0..", () => {
    const n = 3;
    const seen = new Set<number>();
    for (let k = 1; k <= n; k++)
      for (let b = 0; b < 50; b++) {
        const g = shardBatch(b, { k, n });
        expect(seen.has(g)).toBe(false);
        seen.add(g);
      }
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(150).keys()]);
  });
  it("parseShard names the option and rejects k outside 1..n", () => {
    expect(parseShard("2/4")).toEqual({ k: 2, n: 4 });
    expect(() => parseShard("0/4")).toThrow(/--shard: "0\/4"/);
    expect(() => parseShard("5/4")).toThrow(/--shard/);
    expect(() => parseShard("x")).toThrow(/--shard/);
  });
});
