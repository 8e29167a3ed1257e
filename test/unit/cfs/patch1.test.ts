// SPDX-License-Identifier: GPL-2.0-only
// The case patch 1 exists for. Yielder A (current, se 0) and target B (se 1,
// queued) share one cfs_rq, B more than a wakeup granularity to the right
// (A @100 ms, B @103 ms of vruntime, nice 0, granularity 1 ms). KVM calls
// yield_to(B) -> yield_to_task_fair(rq, B), then the scheduler runs
// pick_next_entity(cfs_rq, curr = A).
//
// Vanilla: set_next_buddy(B); yield_task_fair: update_curr (no time passed)
// and skip = A. pick: left = A (100 < 103); A is the skip buddy and curr, so
// second = leftmost = B, but wpe(B, A) = 1 (3 ms > 1 ms): keep A; next = B,
// but wpe(B, left = A) = 1 again: keep A. The yielder runs again, and
// clear_buddies drops skip (= A) while next stays B.
//
// Patched: deboost_yield_task(B, A) sees wpe(B, A) = 1 >= 1 and sets
// A->vruntime = B - wakeup_gran(1 ms) = 102 ms. pick: left = A (102 < 103),
// wpe(B, A) = 0 (1 ms is not > 1 ms), so the skip check already moves to B
// and the next buddy confirms it; clear_buddies drops next (= B).
import { describe, expect, it } from "vitest";
import {
  CFS_VARIANTS,
  MS,
  PATCHED,
  cfsRq,
  next,
  oneQueue,
  run,
  scenario,
  se,
  traceNames,
  weightOf,
} from "./helpers.js";

function yieldThenPick(v: (typeof CFS_VARIANTS)[number], bWeight?: string) {
  const yielded = run(
    scenario("yield_to_task_fair", v, {
      ...oneQueue({
        entities: [
          { vruntime: String(100 * MS), exec_start: "5000" },
          { vruntime: String(103 * MS), run_node: { rank: 0 }, ...(bWeight ? { load: { weight: bWeight } } : {}) },
        ],
        rq: { clock_task: "5000", clock_update_flags: 2 },
      }),
      call: { this_rq: 0, p: 1, preempt: true },
    }),
  );
  const picked = run(next(yielded, "pick_next_entity", v, { cfs_rq: 0, curr: 0 }));
  return { yielded, picked };
}

describe.each(CFS_VARIANTS)("yield_to_task_fair then pick_next_entity (%s)", (v) => {
  const patched = PATCHED.includes(v);

  it(patched ? "picks the target B" : "ignores the next buddy and picks the yielder A again", () => {
    const { yielded, picked } = yieldThenPick(v);
    expect(yielded.ret).toBe("1");
    expect(cfsRq(yielded, 0).next).toBe(1);
    expect(cfsRq(yielded, 0).skip).toBe(0);
    expect(traceNames(yielded)).toEqual(["update_rq_clock"]); // update_curr: delta 0, returns early
    expect(se(yielded, 0).vruntime).toBe(String((patched ? 102 : 100) * MS));
    expect(picked.ret).toBe(patched ? "1" : "0");
    expect(cfsRq(picked, 0).next).toBe(patched ? null : 1);
    expect(cfsRq(picked, 0).skip).toBe(patched ? 0 : null);
  });
});

// The two patches differ when B is lighter than A. B nice 5: wakeup_gran(B) =
// 3056716, wakeup_gran(A) = 1 ms. wpe(B, A) = 1 (3 ms > gran(A) = 1 ms), so both deboost:
//  - ple-kvm: A = B - gran(B) = 103 ms - 3056716 = 99943284: A moves LEFT (a
//    boost, not a deboost) and pick still returns A (wpe(B, A) = 1).
//  - RFC:     A = B - gran(A) = 102 ms, and pick returns B (wpe(B, A) = 0).
describe("a lighter target: ple-kvm uses wakeup_gran(next_se), the RFC wakeup_gran(yield_se)", () => {
  it("v5.6-ple moves the yielder left, to 99943284, and still picks it", () => {
    const { yielded, picked } = yieldThenPick("v5.6-ple", weightOf(335));
    expect(se(yielded, 0).vruntime).toBe("99943284");
    expect(picked.ret).toBe("0");
  });
  it("rfc-v1 moves the yielder to 102 ms and picks the target", () => {
    const { yielded, picked } = yieldThenPick("rfc-v1", weightOf(335));
    expect(se(yielded, 0).vruntime).toBe(String(102 * MS));
    expect(picked.ret).toBe("1");
  });
});
