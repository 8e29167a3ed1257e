// SPDX-License-Identifier: GPL-2.0-only
// Bad input at every door gets an error naming the field and the value: the
// TS entry (runTs), the native wrapper (runC) and the raw addon (wire words,
// checked again in native/world.c). Nothing crashes.
import { describe, expect, it } from "vitest";
import { runC, runTs, encodeForC } from "../../../harness/run.js";
import { addon } from "../../../harness/native.js";
import { fieldName } from "../../../harness/outcome.js";
import type { Scenario } from "../../../harness/scenario.js";

const good = (): Scenario => ({
  format: 1,
  target: "wakeup_preempt_entity",
  variants: { cfs: "v5.6", kvm: "v5.6" },
  call: { curr: 0, se: 1 },
  cfs_rq: [{ nr_running: 2 }],
  se: [
    { cfs_rq: 0, vruntime: "5000000", run_node: { rank: 0 } },
    { cfs_rq: 0, vruntime: "1000", parent: null, run_node: { rank: 1 } },
  ],
  rq: [{ cfs: 0, curr: 0 }],
  task: [{ se: 0 }, { se: 1 }],
});

/** The wire index of a named field, e.g. "se[1].parent". */
function wordOf(words: BigUint64Array, name: string): number {
  for (let i = 0; i < words.length; i++) if (fieldName(words, i) === name) return i;
  throw new Error(`no word ${name}`);
}

describe.each([
  ["runTs", runTs],
  ["runC", runC],
])("the %s door", (_, run) => {
  it("accepts a good scenario", () => {
    expect(() => run(good())).not.toThrow();
  });
  it("names an out-of-range index", () => {
    const s = good();
    s.call!.se = 7;
    expect(() => run(s)).toThrow(/^call\.se: 7 is not an index of se \(there are 2 se records; null for NULL\)/);
  });
  it("names a cycle in se->parent", () => {
    const s = good();
    s.se![0]!.parent = 1;
    s.se![1]!.parent = 0;
    expect(() => run(s)).toThrow(/^se\[0\]\.parent: following parent from se\[0\] never ends \(a cycle\)/);
  });
  it("names a vruntime that is not a u64", () => {
    for (const v of ["-1", "18446744073709551616", "12.5", 42]) {
      const s = good();
      s.se![1]!.vruntime = v;
      expect(() => run(s)).toThrow(
        new RegExp(`^se\\[1\\]\\.vruntime: ${JSON.stringify(v).replace(/\./g, "\\.")} is not a u64`),
      );
    }
  });
  it("names an unknown field, variant and target", () => {
    const typo = good();
    typo.se![1] = { ...typo.se![1], vruntme: "1" };
    expect(() => run(typo)).toThrow(/^se\[1\]\.vruntme: unknown field of se/);
    const dotted = good();
    dotted.se![1] = { ...dotted.se![1], "load.weight": "5" };
    expect(() => run(dotted)).toThrow(/^se\[1\]\.load\.weight: unknown field of se/);
    expect(() => run({ ...good(), variants: { cfs: "v5.7", kvm: "v5.6" } })).toThrow(
      /^variants\.cfs: "v5\.7" is not a variant/,
    );
    expect(() => run({ ...good(), target: "schedule" })).toThrow(/^target: "schedule" is not a target/);
  });
  it("names an entity that is neither a task's nor a group's", () => {
    const s = good();
    s.se!.push({ cfs_rq: 0 });
    expect(() => run(s)).toThrow(/^se\[2\]\.my_q: null, but se\[2\] is no task's se/);
  });
  it("names a timeline whose ranks have a gap", () => {
    const s = good();
    s.se![1]!.run_node = { rank: 2 };
    expect(() => run(s)).toThrow(
      /^cfs_rq\[0\]\.tasks_timeline: ranks must be 0\.\.1 without gaps or repeats; rank 1 is missing/,
    );
  });
});

describe("the raw addon checks the wire words itself", () => {
  it("names an out-of-range pointer word", () => {
    const w = encodeForC(good());
    w[wordOf(w, "call.se")] = 9n;
    expect(() => addon().run(w)).toThrow(/^call\.se: 9 is not an index of se \(there are 2 se records\)/);
  });
  it("names a cycle in se->parent", () => {
    const w = encodeForC(good());
    w[wordOf(w, "se[0].parent")] = 1n;
    w[wordOf(w, "se[1].parent")] = 0n;
    expect(() => addon().run(w)).toThrow(/^se\[0\]\.parent: following parent from se\[0\] never ends \(a cycle\)/);
  });
  it("names a bool that is not 0 or 1, and an int out of range", () => {
    const w = encodeForC({ ...good(), sys: { cfs_bandwidth_used: false } });
    w[wordOf(w, "sys.cfs_bandwidth_used")] = 2n;
    expect(() => addon().run(w)).toThrow(/^sys\.cfs_bandwidth_used: 2 is not a bool/);
    const v = encodeForC(good());
    v[wordOf(v, "se[0].depth")] = 1n << 40n;
    expect(() => addon().run(v)).toThrow(/^se\[0\]\.depth: \d+ is not an int/);
  });
  it("rejects a truncated wire and a batch whose length word lies", () => {
    const w = encodeForC(good());
    expect(() => addon().run(w.subarray(0, w.length - 1))).toThrow(/^wire: length word says \d+, buffer has \d+ words/);
    const bad = new BigUint64Array(w);
    bad[1] = 100000n;
    expect(() => addon().runBatch(bad)).toThrow(/^scenario 0: wire: length word 100000 does not fit the batch/);
    expect(() => addon().run(new BigUint64Array([1n, 2n]))).toThrow(/^wire: not a ple-parity scenario/);
  });
  it("rejects what is not a BigUint64Array", () => {
    expect(() => addon().run([1, 2, 3] as never)).toThrow(/expected a BigUint64Array of wire words/);
  });
});
