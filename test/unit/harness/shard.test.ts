// SPDX-License-Identifier: GPL-2.0-only
// The cases a campaign draws: the same --seed gives the same cases, and
// --shard 1/2 and --shard 2/2 draw disjoint ones (through the campaign's own
// seed plan and generators).
import { describe, expect, it } from "vitest";
import { batchSeed, shardBatch, type Cell, type Shard } from "../../../harness/fuzz/plan.js";
import { cellArbitrary } from "../../../harness/fuzz/batch.js";
import { sample } from "../../../harness/gen/draws.js";

const cells: Cell[] = [
  { target: "pick_next_entity", family: "cfs", cfs: "v5.6-ple", kvm: "v5.6-ple" },
  { target: "kvm_vcpu_on_spin", family: "kvm", cfs: "rfc-v1", kvm: "rfc-v1" },
];

/** The scenarios shard `shard` draws in its first `batches` batches of `cell`. */
function drawn(seed: number, cell: Cell, shard: Shard, batches: number, size = 40): string[] {
  const out: string[] = [];
  for (let b = 0; b < batches; b++)
    for (const s of sample(cellArbitrary(cell), batchSeed(seed, cell, shardBatch(b, shard)), size))
      out.push(JSON.stringify(s));
  return out;
}

describe.each(cells)("shards of $target", (cell) => {
  it("the same seed draws the same cases", () => {
    expect(drawn(1234, cell, { k: 1, n: 1 }, 3)).toEqual(drawn(1234, cell, { k: 1, n: 1 }, 3));
  });
  it("shard 1/2 and shard 2/2 draw disjoint cases", () => {
    const a = new Set(drawn(99, cell, { k: 1, n: 2 }, 5));
    const b = drawn(99, cell, { k: 2, n: 2 }, 5);
    expect(b.filter((s) => a.has(s))).toEqual([]);
  });
  it("two shards together draw what one machine draws, batch for batch", () => {
    const whole = drawn(5, cell, { k: 1, n: 1 }, 4);
    const one = drawn(5, cell, { k: 1, n: 2 }, 2);
    const two = drawn(5, cell, { k: 2, n: 2 }, 2);
    const size = 40;
    const interleaved = [0, 1].flatMap((b) => [
      ...one.slice(b * size, (b + 1) * size),
      ...two.slice(b * size, (b + 1) * size),
    ]);
    expect(interleaved).toEqual(whole);
  });
});
