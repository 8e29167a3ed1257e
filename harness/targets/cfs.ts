// SPDX-License-Identifier: GPL-2.0-only
// Single-call targets of the cfs family, mirroring native/targets_cfs.c: each
// reads its arguments from w.call, calls the scenario's cfs variant and sets
// w.ret (pointers as record index or -1, bools 0/1, unsigned long as its
// s64 bits). Kernel pointers that may be NULL are passed on as they are
// (`!` only quiets the type checker), so a NULL argument faults inside the
// kernel function, as in C.
import type { TargetDef } from "../target.js";
import { PLE_IDX } from "../../ts-port/kernel/world.js";
import { anySe, cfsRqAndCurr, cfsScenario, chance, deltaNs, indexOrNull, yieldCall } from "../gen/cfs.js";

const b = (x: boolean): bigint => (x ? 1n : 0n);
const describePtr = (rec: string) => (ret: bigint) => (ret < 0n ? "NULL" : `${rec} ${ret}`);

export const cfsTargets: TargetDef[] = [
  {
    name: "entity_before",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt(cfs.entity_before(w.call.curr!, w.call.se!));
    },
    arb: cfsScenario("entity_before", (g, w) => ({ curr: anySe(g, w), se: anySe(g, w) })),
  },
  {
    name: "update_min_vruntime",
    family: "cfs",
    run(w, cfs) {
      cfs.update_min_vruntime(w.call.cfs_rq!);
      w.ret = 0n;
    },
    arb: cfsScenario("update_min_vruntime", (g, w) => ({ cfs_rq: indexOrNull(g, w.ncfs, 2) })),
  },
  {
    // call.delta is the nanoseconds to convert
    name: "calc_delta_fair",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt.asIntN(64, cfs.calc_delta_fair(w.call.delta, w.call.se!));
    },
    arb: cfsScenario("calc_delta_fair", (g, w) => ({ se: anySe(g, w), delta: deltaNs(g) })),
  },
  {
    name: "update_curr",
    family: "cfs",
    run(w, cfs) {
      cfs.update_curr(w.call.cfs_rq!);
      w.ret = 0n;
    },
    arb: cfsScenario("update_curr", (g, w) => ({ cfs_rq: indexOrNull(g, w.ncfs, 2) })),
  },
  {
    name: "wakeup_gran",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt.asIntN(64, cfs.wakeup_gran(w.call.se!));
    },
    arb: cfsScenario("wakeup_gran", (g, w) => ({ se: anySe(g, w) })),
  },
  {
    name: "wakeup_preempt_entity",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt(cfs.wakeup_preempt_entity(w.call.curr!, w.call.se!));
    },
    arb: cfsScenario("wakeup_preempt_entity", (g, w) => ({ curr: anySe(g, w), se: anySe(g, w) })),
  },
  {
    name: "pick_next_entity",
    family: "cfs",
    run(w, cfs) {
      w.ret = PLE_IDX(cfs.pick_next_entity(w.call.cfs_rq!, w.call.curr));
    },
    arb: cfsScenario("pick_next_entity", (g, w) => cfsRqAndCurr(g, w)),
    describe: describePtr("se"),
  },
  {
    name: "clear_buddies",
    family: "cfs",
    run(w, cfs) {
      cfs.clear_buddies(w.call.cfs_rq!, w.call.se);
      w.ret = 0n;
    },
    arb: cfsScenario("clear_buddies", (g, w) => {
      const { cfs_rq } = cfsRqAndCurr(g, w);
      return { cfs_rq, se: anySe(g, w) };
    }),
  },
  {
    name: "set_last_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_last_buddy(w.call.se!);
      w.ret = 0n;
    },
    arb: cfsScenario("set_last_buddy", (g, w) => ({ se: anySe(g, w) })),
  },
  {
    name: "set_next_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_next_buddy(w.call.se!);
      w.ret = 0n;
    },
    arb: cfsScenario("set_next_buddy", (g, w) => ({ se: anySe(g, w) })),
  },
  {
    name: "set_skip_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_skip_buddy(w.call.se!);
      w.ret = 0n;
    },
    arb: cfsScenario("set_skip_buddy", (g, w) => ({ se: anySe(g, w) })),
  },
  {
    name: "yield_task_fair",
    family: "cfs",
    run(w, cfs) {
      cfs.yield_task_fair(w.call.this_rq!);
      w.ret = 0n;
    },
    arb: cfsScenario("yield_task_fair", (g, w) => ({ this_rq: yieldCall(g, w).this_rq })),
  },
  {
    name: "yield_to_task_fair",
    family: "cfs",
    run(w, cfs) {
      w.ret = b(cfs.yield_to_task_fair(w.call.this_rq!, w.call.p!, w.call.preempt));
    },
    arb: cfsScenario("yield_to_task_fair", (g, w) => yieldCall(g, w)),
  },
  {
    // the patch's helper on its own (variants without it: no call, ret 0)
    name: "deboost_yield_task",
    family: "cfs",
    run(w, cfs) {
      if (cfs.deboost_yield_task) cfs.deboost_yield_task(w.call.se!, w.call.curr!);
      w.ret = 0n;
    },
    arb: cfsScenario("deboost_yield_task", (g, w) => {
      const { this_rq, p } = yieldCall(g, w);
      const yielder = this_rq === null ? null : w.currTask[this_rq]!;
      return {
        se: chance(g, 80) ? p : anySe(g, w),
        curr: chance(g, 80) ? yielder : anySe(g, w),
      };
    }),
  },
  {
    name: "yield_to",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt(cfs.yield_to(w.call.p!, w.call.preempt));
    },
    arb: cfsScenario("yield_to", (g, w) => yieldCall(g, w)),
  },
];
