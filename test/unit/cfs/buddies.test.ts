// SPDX-License-Identifier: GPL-2.0-only
// set_{last,next,skip}_buddy and clear_buddies with CONFIG_FAIR_GROUP_SCHED:
// the buddy is set on every level up to the root (for_each_sched_entity),
// and cleared upwards while each level's buddy is the entity on that level.
//
// World: root cfs_rq 0 (rq 0), group cfs_rq 1 owned by group entity se 2
// (queued on cfs_rq 0); task 0 (se 0) in the group, task 1 (se 1) on the root.
import { describe, expect, it } from "vitest";
import type { RecordJson, Scenario } from "../../../harness/scenario.js";
import { CFS_VARIANTS, cfsRq, run, scenario } from "./helpers.js";

function groupWorld(
  over: { se0?: RecordJson; task0?: RecordJson; q0?: RecordJson; q1?: RecordJson; se2?: RecordJson } = {},
): Partial<Scenario> {
  return {
    rq: [{ curr: 1, cfs: 0, nr_running: 2 }],
    cfs_rq: [
      { rq: 0, nr_running: 2, ...over.q0 },
      { rq: 0, nr_running: 1, ...over.q1 },
    ],
    se: [
      { cfs_rq: 1, parent: 2, depth: 1, on_rq: 1, run_node: { rank: 0 }, ...over.se0 },
      { cfs_rq: 0, on_rq: 1, run_node: { rank: 0 } },
      { cfs_rq: 0, my_q: 1, on_rq: 1, run_node: { rank: 1 }, ...over.se2 },
    ],
    task: [
      { se: 0, cpu: 0, ...over.task0 },
      { se: 1, cpu: 0, on_cpu: 1 },
    ],
  };
}

describe.each(CFS_VARIANTS)("buddies (%s)", (v) => {
  it("set_next_buddy(task in a group) sets next on the group's cfs_rq (to se 0) and on the root (to the group se 2)", () => {
    const out = run(scenario("set_next_buddy", v, { ...groupWorld(), call: { se: 0 } }));
    expect(cfsRq(out, 1).next).toBe(0);
    expect(cfsRq(out, 0).next).toBe(2);
  });
  it("set_last_buddy walks the same way", () => {
    const out = run(scenario("set_last_buddy", v, { ...groupWorld(), call: { se: 0 } }));
    expect(cfsRq(out, 1).last).toBe(0);
    expect(cfsRq(out, 0).last).toBe(2);
  });
  it("set_next_buddy does nothing for a SCHED_IDLE task (task_has_idle_policy)", () => {
    const out = run(scenario("set_next_buddy", v, { ...groupWorld({ task0: { policy: 5 } }), call: { se: 0 } }));
    expect(cfsRq(out, 1).next).toBe(null);
    expect(cfsRq(out, 0).next).toBe(null);
  });
  it("set_next_buddy stops (SCHED_WARN_ON returns true) at the first level that is not on_rq", () => {
    const out = run(scenario("set_next_buddy", v, { ...groupWorld({ se2: { on_rq: 0 } }), call: { se: 0 } }));
    expect(cfsRq(out, 1).next).toBe(0);
    expect(cfsRq(out, 0).next).toBe(null);
  });
  it("set_skip_buddy sets skip on every level, queued or not", () => {
    const out = run(scenario("set_skip_buddy", v, { ...groupWorld({ se2: { on_rq: 0 } }), call: { se: 0 } }));
    expect(cfsRq(out, 1).skip).toBe(0);
    expect(cfsRq(out, 0).skip).toBe(2);
  });
  it("clear_buddies(cfs_rq 1, se 0) clears next on both levels while they point up the chain", () => {
    const out = run(
      scenario("clear_buddies", v, {
        ...groupWorld({ q1: { next: 0, last: 0 }, q0: { next: 2, last: 1 } }),
        call: { cfs_rq: 1, se: 0 },
      }),
    );
    expect(cfsRq(out, 1).next).toBe(null);
    expect(cfsRq(out, 0).next).toBe(null);
    // last: cleared on cfs_rq 1; on the root last is se 1, not the group se 2, so the walk stops there
    expect(cfsRq(out, 1).last).toBe(null);
    expect(cfsRq(out, 0).last).toBe(1);
  });
  it("clear_buddies leaves everything when the entity is not this cfs_rq's buddy", () => {
    const out = run(
      scenario("clear_buddies", v, {
        ...groupWorld({ q1: { skip: null }, q0: { skip: 2 } }),
        call: { cfs_rq: 1, se: 0 },
      }),
    );
    expect(cfsRq(out, 0).skip).toBe(2);
  });
});
