// SPDX-License-Identifier: GPL-2.0-only
// Faults as outcomes (DESIGN §6), at the addon: a NULL dereference in the C
// reference is contained and reported, a million of them neither kill the
// process nor grow it, and UB is recorded every time, not once per line.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeForC, runCBatch } from "../../../harness/run.js";
import { addon } from "../../../harness/native.js";
import { readOutcome } from "../../../harness/outcome.js";
import type { Scenario } from "../../../harness/scenario.js";

const oops: Scenario = JSON.parse(readFileSync("examples/rfc-v1-ipi-to-missing-vcpu.json", "utf8")).scenario;

/** `copies` back-to-back copies of one wire: one addon call. */
function batchOf(wire: BigUint64Array, copies: number): BigUint64Array {
  const all = new BigUint64Array(wire.length * copies);
  for (let i = 0; i < copies; i++) all.set(wire, i * wire.length);
  return all;
}

describe("kernel oops in the C reference", () => {
  it("is an outcome on both sides, and the process goes on", () => {
    const [c] = runCBatch([encodeForC(oops)]);
    expect(readOutcome(c!).faults).toEqual([{ kind: "oops-null", fn: "mark_ipi_receiver" }]);
    // the same call again: the guard was left in a usable state
    expect(readOutcome(addon().run(encodeForC(oops))).faults).toHaveLength(1);
  });

  it("1,000,000 faulting calls: every one reported, no death, no growth", () => {
    const wire = encodeForC(oops);
    const batch = batchOf(wire, 100);
    const outLen = addon().run(wire).length; // words of one outcome
    let rssAfterWarmup = 0;
    for (let round = 0; round < 10_000; round++) {
      const out = addon().runBatch(batch);
      expect(out.length).toBe(outLen * 100);
      // spot-check the last outcome of the round: still exactly one oops
      expect(readOutcome(out.subarray(out.length - outLen)).faults).toEqual([
        { kind: "oops-null", fn: "mark_ipi_receiver" },
      ]);
      if (round === 999) rssAfterWarmup = process.memoryUsage().rss;
    }
    // Each round's outcomes (360 KB) are garbage at once, so the heap's own swing stays
    // small (rounds of 3.6 MB swung RSS by up to 13 MB); a leak of even 16 bytes per
    // contained fault would add 14 MB.
    const growth = process.memoryUsage().rss - rssAfterWarmup;
    expect(growth).toBeLessThan(12 * 1024 * 1024);
  });
});

describe("undefined behaviour", () => {
  it("is recorded at every execution, with its operands (not once per source line)", () => {
    const ub: Scenario = {
      format: 1,
      target: "mark_ipi_receiver",
      variants: { cfs: "rfc-v1", kvm: "rfc-v1" },
      call: { vcpu: 1, id: 0 },
      kvm: [{}],
      vcpu: [
        { kvm: 0, vcpu_id: 0, scheduled_out: true },
        { kvm: 0, vcpu_id: 40 },
      ],
    };
    const outs = runCBatch([encodeForC(ub), encodeForC(ub), encodeForC(ub)]);
    for (const o of outs)
      expect(readOutcome(o).faults).toEqual([
        { kind: "ub-shift-exponent", fn: "mark_ipi_receiver", op: "shift", type: "s32", lhs: "1", rhs: "40" },
      ]);
  });
});
