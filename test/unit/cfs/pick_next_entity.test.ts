// SPDX-License-Identifier: GPL-2.0-only
// pick_next_entity(cfs_rq, curr): left = leftmost of the timeline, or curr
// when it is further left (curr is not on the timeline); se = left; the skip
// buddy gives way to the runner-up if wakeup_preempt_entity(second, left) < 1;
// then last, then next (next wins), each only if wakeup_preempt_entity(buddy,
// left) < 1; clear_buddies(cfs_rq, se) drops the buddies that were picked.
import { describe, expect, it } from "vitest";
import type { RecordJson } from "../../../harness/scenario.js";
import { CFS_VARIANTS, cfsRq, oneQueue, run, scenario } from "./helpers.js";

const M = 1_000_000;
/** se 0 is curr (off the timeline); se 1.. are queued with the given ranks. */
function pick(
  v: (typeof CFS_VARIANTS)[number],
  vr: number[],
  ranks: number[],
  buddies: RecordJson,
  curr: number | null = 0,
) {
  const out = run(
    scenario("pick_next_entity", v, {
      ...oneQueue({
        entities: vr.map((x, i) => ({ vruntime: String(x * M), run_node: { rank: ranks[i] ?? -1 } })),
        cfs_rq: { curr, ...buddies },
      }),
      call: { cfs_rq: 0, curr },
    }),
  );
  return { se: Number(out.ret), q: cfsRq(out, 0) };
}

describe.each(CFS_VARIANTS)("pick_next_entity (%s)", (v) => {
  it("returns the leftmost entity when curr is further right", () => {
    expect(pick(v, [5, 3, 4], [-1, 0, 1], {}).se).toBe(1);
  });
  it("returns curr when it is left of the leftmost", () => {
    expect(pick(v, [2, 3, 4], [-1, 0, 1], {}).se).toBe(0);
  });
  it("returns curr with an empty timeline, NULL (-1) with neither", () => {
    expect(pick(v, [2], [-1], {}).se).toBe(0);
    expect(pick(v, [2], [-1], {}, null).se).toBe(-1);
  });
  it("avoids the skip buddy (curr) for the leftmost when within a granularity: wpe(se1 @3, curr @2.5) = 0", () => {
    const r = pick(v, [2.5, 3, 4], [-1, 0, 1], { skip: 0 });
    expect(r.se).toBe(1);
    expect(r.q.skip).toBe(0); // clear_buddies only clears buddies equal to the pick
  });
  it("keeps the skip buddy when the runner-up is more than a granularity right: wpe(se1 @4, curr @2) = 1", () => {
    const r = pick(v, [2, 4, 5], [-1, 0, 1], { skip: 0 });
    expect(r.se).toBe(0);
    expect(r.q.skip).toBe(null); // picked, so __clear_buddies_skip cleared it
  });
  it("takes the runner-up in the tree when the skipped leftmost is not curr: second = __pick_next_entity(se1) = se2", () => {
    expect(pick(v, [9, 3, 3.5], [-1, 0, 1], { skip: 1 }).se).toBe(2);
  });
  it("takes the last buddy when fair enough (wpe(se2 @3.9, left @3) = 0) and clears it", () => {
    const r = pick(v, [9, 3, 3.9], [-1, 0, 1], { last: 2 });
    expect(r.se).toBe(2);
    expect(r.q.last).toBe(null);
  });
  it("ignores the next buddy when it is more than a granularity right of left (wpe = 1) and leaves it set", () => {
    const r = pick(v, [9, 3, 4.5], [-1, 0, 1], { next: 2 });
    expect(r.se).toBe(1);
    expect(r.q.next).toBe(2);
  });
  it("prefers next over last when both are fair enough", () => {
    const r = pick(v, [9, 3, 3.5, 3.6], [-1, 0, 1, 2], { next: 3, last: 2 });
    expect(r.se).toBe(3);
    expect(r.q.next).toBe(null);
    expect(r.q.last).toBe(2);
  });
  it("falls back to last when next is too unfair", () => {
    const r = pick(v, [9, 3, 3.5, 5], [-1, 0, 1, 2], { next: 3, last: 2 });
    expect(r.se).toBe(2);
  });
});
