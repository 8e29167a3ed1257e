// SPDX-License-Identifier: GPL-2.0-only
// Patch 1's problem and claims judged on hand-built yields (the answers are
// worked out in test/unit/cfs/patch1.test.ts's terms: A yields to B, 3 ms of
// vruntime to its right, granularity 1 ms).
//  - P1: vanilla keeps A (wpe(B, A) = 1); both patches move A to 102 ms and
//    pick B; ple-kvm with a lighter B (nice 5: wakeup_gran(B) = 3056716)
//    moves A *left*, to 99943284, and still picks it.
//  - C1 fails on both patches once a third entity sits far left (CFS runs
//    it: the patch only takes the yielder out of the way); C1y excludes that.
//  - nested per-vCPU groups: ple-kvm compares the tasks' own cfs_rqs only and
//    does nothing; the RFC climbs to the VM's cfs_rq and moves A's group.
//  - C2: ple-kvm's lighter-target case decreases the yielder's vruntime.
import { describe, expect, it } from "vitest";
import {
  MS,
  judge,
  nestedYieldScenario,
  weightOf,
  yieldScenario,
  PROBLEM_UNTIL_PATCHED,
  type Variant,
} from "./helpers.js";
import { ancestors, meeting } from "../../../harness/claims/yield.js";

describe("P1: CFS ignores the hint of a directed yield", () => {
  it.each(PROBLEM_UNTIL_PATCHED)("on %s the witness shows: %s", (v, witness) => {
    const j = judge("P1", yieldScenario(), v);
    expect(j.applicable).toBe(true);
    expect(j.bad).toBe(witness);
    if (witness) expect(j.why).toMatch(/returned se 0 \(the yielder's entity\), not se 1/);
  });

  it("v5.6-ple still picks the yielder when the target is lighter (it moved the yielder left)", () => {
    const j = judge("P1", yieldScenario({ bWeight: weightOf(335) }), "v5.6-ple");
    expect(j.bad).toBe(true);
    expect(j.why).toContain(`${100 * MS} -> 99943284`);
    expect(judge("P1", yieldScenario({ bWeight: weightOf(335) }), "rfc-v1").bad).toBe(false);
  });

  it("is not applicable when the yield does not go through (the target is not queued)", () => {
    const scn = yieldScenario();
    scn.se![1] = { ...scn.se![1], on_rq: 0, run_node: { rank: -1 } };
    expect(judge("P1", scn, "v5.6").applicable).toBe(false);
  });
});

describe("C1: with patch 1 the next pick returns the target", () => {
  it.each<Variant>(["v5.6-ple", "rfc-v1"])("holds on the plain case (%s)", (v) => {
    const j = judge("C1", yieldScenario(), v);
    expect(j).toMatchObject({ applicable: true, bad: false });
  });

  it.each<Variant>(["v5.6-ple", "rfc-v1"])("fails on %s when a third entity is far left (CFS runs it instead)", (v) => {
    const scn = yieldScenario({ others: [90] });
    const j = judge("C1", scn, v);
    expect(j.bad).toBe(true);
    expect(j.why).toMatch(/returned se 2 \(another entity\)/);
    // C1y leaves that case out: something besides the yielder is in the way
    expect(judge("C1y", scn, v).applicable).toBe(false);
  });

  it("nested per-vCPU groups: v5.6-ple keeps the yielder's group, rfc-v1 picks the target's group", () => {
    const scn = nestedYieldScenario();
    expect(meeting(scn, 0, 1)).toEqual({ cfs_rq: 1, y: 3, t: 4 });
    expect(ancestors(scn, 0)).toEqual([0, 3, 2]);
    const ple = judge("C1y", scn, "v5.6-ple");
    expect(ple.bad).toBe(true);
    expect(ple.why).toMatch(/returned se 3 \(the yielder's group entity\), not se 4/);
    expect(judge("C1y", scn, "rfc-v1")).toMatchObject({ applicable: true, bad: false });
  });
});

describe("C2: patch 1 keeps fairness", () => {
  it.each<Variant>(["v5.6-ple", "rfc-v1"])("the plain case moves only the yielder, right (%s)", (v) => {
    expect(judge("C2", yieldScenario({ pick: false }), v)).toMatchObject({ applicable: true, bad: false });
  });

  it("v5.6-ple decreases the yielder's vruntime when the target is lighter; rfc-v1 does not", () => {
    const scn = yieldScenario({ bWeight: weightOf(335), pick: false });
    const j = judge("C2", scn, "v5.6-ple");
    expect(j.bad).toBe(true);
    expect(j.why).toBe(`se 0 (the yielder's entity) vruntime ${100 * MS} -> 99943284 (-56716): decreased`);
    expect(judge("C2", scn, "rfc-v1").bad).toBe(false);
  });
});
