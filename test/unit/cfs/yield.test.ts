// SPDX-License-Identifier: GPL-2.0-only
// yield_task_fair, yield_to_task_fair (with the patches' deboost_* helpers)
// and core.c yield_to: their checks, return values and recorded calls.
import { describe, expect, it } from "vitest";
import type { RecordJson, Scenario } from "../../../harness/scenario.js";
import { CFS_VARIANTS, MS, PATCHED, cfsRq, oneQueue, rq, run, scenario, se, traceNames } from "./helpers.js";

/** Task 0 (se 0) runs on rq 0 (clock 5000, exec_start 1000: 4000 ns to charge); task 1 (se 1) is queued behind it. */
const twoTasks = (
  over: { t0?: RecordJson; t1?: RecordJson; se1?: RecordJson; q?: RecordJson; rq?: RecordJson; sys?: RecordJson } = {},
) =>
  oneQueue({
    entities: [
      { vruntime: String(10 * MS), exec_start: "1000" },
      { vruntime: String(11 * MS), run_node: { rank: 0 }, ...over.se1 },
    ],
    rq: { clock_task: "5000", ...over.rq },
    cfs_rq: over.q,
    tasks: [over.t0 ?? {}, over.t1 ?? {}],
    sys: over.sys,
  });

describe.each(CFS_VARIANTS)("yield_task_fair (%s)", (v) => {
  it("returns at once when curr is alone on the rq (rq->nr_running == 1)", () => {
    const out = run(scenario("yield_task_fair", v, { ...twoTasks({ rq: { nr_running: 1 } }), call: { this_rq: 0 } }));
    expect(out.trace).toEqual([]);
    expect(cfsRq(out, 0).skip).toBe(null);
  });
  it("charges curr, marks the clock update skippable, and makes curr the skip buddy", () => {
    const out = run(scenario("yield_task_fair", v, { ...twoTasks(), call: { this_rq: 0 } }));
    expect(traceNames(out)).toEqual(["update_rq_clock", "account_cfs_rq_runtime"]);
    expect(se(out, 0).vruntime).toBe(String(10 * MS + 4000));
    expect(rq(out, 0).clock_update_flags).toBe(1); // RQCF_REQ_SKIP
    expect(cfsRq(out, 0).skip).toBe(0);
  });
  it("does not charge a SCHED_BATCH curr, but still sets skip", () => {
    const out = run(scenario("yield_task_fair", v, { ...twoTasks({ t0: { policy: 3 } }), call: { this_rq: 0 } }));
    expect(out.trace).toEqual([]);
    expect(se(out, 0).vruntime).toBe(String(10 * MS));
    expect(cfsRq(out, 0).skip).toBe(0);
  });
  it("clears curr's own buddies first", () => {
    const out = run(scenario("yield_task_fair", v, { ...twoTasks({ q: { next: 0, last: 0 } }), call: { this_rq: 0 } }));
    expect(cfsRq(out, 0)).toMatchObject({ next: null, last: null, skip: 0 });
  });
});

describe.each(CFS_VARIANTS)("yield_to_task_fair (%s)", (v) => {
  it("is false for a target that is not queued, and changes nothing", () => {
    const out = run(
      scenario("yield_to_task_fair", v, {
        ...twoTasks({ se1: { on_rq: 0, run_node: { rank: -1 } } }),
        call: { this_rq: 0, p: 1 },
      }),
    );
    expect(out.ret).toBe("0");
    expect(cfsRq(out, 0).next).toBe(null);
  });
  it("is false in a throttled hierarchy when bandwidth control is in use", () => {
    const out = run(
      scenario("yield_to_task_fair", v, {
        ...twoTasks({ q: { throttle_count: 1 }, sys: { cfs_bandwidth_used: true } }),
        call: { this_rq: 0, p: 1 },
      }),
    );
    expect(out.ret).toBe("0");
  });
  it("ignores throttle_count while the bandwidth static key is off", () => {
    const out = run(
      scenario("yield_to_task_fair", v, { ...twoTasks({ q: { throttle_count: 1 } }), call: { this_rq: 0, p: 1 } }),
    );
    expect(out.ret).toBe("1");
  });
  it("sets the next buddy to the target, yields, and (patched) deboosts the yielder when the target is > gran right", () => {
    // B @12 ms vs A @10 ms + 4000 ns: the deboost runs before update_curr, on A @10 ms: wpe(B, A) = 1 (2 ms > 1 ms)
    const out = run(
      scenario("yield_to_task_fair", v, {
        ...twoTasks({ se1: { vruntime: String(12 * MS) } }),
        call: { this_rq: 0, p: 1 },
      }),
    );
    expect(out.ret).toBe("1");
    expect(cfsRq(out, 0)).toMatchObject({ next: 1, skip: 0 });
    expect(se(out, 0).vruntime).toBe(String((PATCHED.includes(v) ? 11 * MS : 10 * MS) + 4000));
  });
  it("does not deboost when the target is within a granularity (wpe = 0)", () => {
    const out = run(scenario("yield_to_task_fair", v, { ...twoTasks(), call: { this_rq: 0, p: 1 } }));
    expect(se(out, 0).vruntime).toBe(String(10 * MS + 4000));
  });
});

// Yielder in a task group, target on the root: ple-kvm deboosts only on one
// cfs_rq (cfs_rq_of differ: nothing); the RFC climbs to the yielder's group
// entity (se 2, on the root with the target) and deboosts that: se 2 =
// B - wakeup_gran(se 2) = 13 ms - 1 ms = 12 ms.
describe("deboost across task groups", () => {
  const world = (): Partial<Scenario> => ({
    sys: { sysctl_sched_wakeup_granularity: MS },
    rq: [{ curr: 0, cfs: 0, nr_running: 2, clock_task: "0" }],
    cfs_rq: [
      { rq: 0, nr_running: 2, curr: 2 },
      { rq: 0, nr_running: 1, curr: 0 },
    ],
    se: [
      { cfs_rq: 1, parent: 2, depth: 1, on_rq: 1, vruntime: String(5 * MS) },
      { cfs_rq: 0, on_rq: 1, vruntime: String(13 * MS), run_node: { rank: 0 } },
      { cfs_rq: 0, my_q: 1, on_rq: 1, vruntime: String(10 * MS) },
    ],
    task: [
      { se: 0, cpu: 0, on_cpu: 1 },
      { se: 1, cpu: 0 },
    ],
  });
  it.each([
    ["v5.6-ple", String(5 * MS), String(10 * MS)],
    ["rfc-v1", String(5 * MS), String(12 * MS)],
  ] as const)("%s: yielder %s, its group entity %s", (v, yielder, group) => {
    const out = run(scenario("deboost_yield_task", v, { ...world(), call: { se: 1, curr: 0 } }));
    expect(se(out, 0).vruntime).toBe(yielder);
    expect(se(out, 2).vruntime).toBe(group);
  });
  it("rfc-v1: nothing when the two are on different CPUs (rq_of differ)", () => {
    const w = world();
    w.rq!.push({ curr: null, cfs: 2, nr_running: 0 });
    w.cfs_rq!.push({ rq: 1 });
    w.se![1]!.cfs_rq = 2;
    w.se![1]!.run_node = { rank: 0 };
    const out = run(scenario("deboost_yield_task", "rfc-v1", { ...w, call: { se: 1, curr: 0 } }));
    expect(se(out, 2).vruntime).toBe(String(10 * MS));
  });
});

describe.each(CFS_VARIANTS)("yield_to (%s)", (v) => {
  const yieldTo = (over: Parameters<typeof twoTasks>[0] = {}, call: RecordJson = {}) =>
    run(scenario("yield_to", v, { ...twoTasks(over), call: { this_rq: 0, p: 1, preempt: true, ...call } }));

  it("is -ESRCH when this rq and p's rq both run a single task", () => {
    const out = yieldTo({ rq: { nr_running: 1 } });
    expect(out.ret).toBe("-3");
    expect(out.trace).toEqual([]);
  });
  it("is 1 and calls schedule() after a successful yield; no resched_curr on the same rq", () => {
    const out = yieldTo();
    expect(out.ret).toBe("1");
    expect(traceNames(out)).toEqual(["update_rq_clock", "account_cfs_rq_runtime", "schedule"]);
  });
  it("reschedules p's CPU when it is another one and preempt is set", () => {
    const w = twoTasks();
    w.rq!.push({ curr: null, cfs: 1, nr_running: 2 });
    w.cfs_rq!.push({ rq: 1, nr_running: 1 });
    w.se![1]!.cfs_rq = 1;
    w.task![1]!.cpu = 1;
    const out = run(scenario("yield_to", v, { ...w, call: { this_rq: 0, p: 1, preempt: true } }));
    expect(out.ret).toBe("1");
    expect(out.trace.map((t) => [t.call, t.args.rq])).toEqual([
      ["update_rq_clock", "0"],
      ["account_cfs_rq_runtime", undefined],
      ["resched_curr", "1"],
      ["schedule", undefined],
    ]);
  });
  it.each([
    ["p is running (on_cpu)", { t1: { on_cpu: 1 } }],
    ["p is not TASK_RUNNING (state != 0)", { t1: { state: "1" } }],
    ["p is in another class (rt)", { t1: { sched_class: 1 } }],
    ["curr's class has no yield_to_task (rt curr)", { t0: { sched_class: 1 } }],
  ] as const)("is 0 when %s, with no schedule()", (_why, over) => {
    const out = yieldTo(over as Parameters<typeof twoTasks>[0]);
    expect(out.ret).toBe("0");
    expect(out.trace).toEqual([]);
  });
  it("is 0 when yield_to_task_fair refuses (p not queued), with no schedule()", () => {
    const out = yieldTo({ se1: { on_rq: 0, run_node: { rank: -1 } } });
    expect(out.ret).toBe("0");
    expect(out.trace).toEqual([]);
  });
});

describe.each(CFS_VARIANTS)("kernel oops (%s)", (v) => {
  it("yield_to with a NULL current (this_rq->curr) oopses in yield_to, after the -ESRCH check", () => {
    const out = run(scenario("yield_to", v, { ...twoTasks({ rq: { curr: null } }), call: { this_rq: 0, p: 1 } }));
    expect(out.faults).toEqual([{ kind: "oops-null", fn: "yield_to" }]);
  });
  it("update_curr on a cfs_rq without an rq oopses in assert_clock_updated (the first read of rq)", () => {
    const out = run(scenario("update_curr", v, { ...twoTasks({ q: { rq: null } }), call: { cfs_rq: 0 } }));
    expect(out.faults).toEqual([{ kind: "oops-null", fn: "assert_clock_updated" }]);
  });
  it("yield_to_task_fair with a NULL rq->curr: patched variants oops in cfs_rq_of (deboost reads &curr->se), vanilla in task_cfs_rq", () => {
    const out = run(
      scenario("yield_to_task_fair", v, { ...twoTasks({ rq: { curr: null } }), call: { this_rq: 0, p: 1 } }),
    );
    expect(out.faults).toEqual([{ kind: "oops-null", fn: PATCHED.includes(v) ? "cfs_rq_of" : "task_cfs_rq" }]);
  });
});
