// SPDX-License-Identifier: GPL-2.0-only
// Single-call targets of the cfs family, mirroring native/targets_cfs.c: each
// reads its arguments from w.call, calls the scenario's cfs variant and sets
// w.ret (pointers as record index or -1, bools 0/1, unsigned long as its
// s64 bits). Kernel pointers that may be NULL are passed on as they are
// (`!` only quiets the type checker), so a NULL argument faults inside the
// kernel function, as in C. The generators (harness/gen/cfs.ts) pass only
// what the kernel's callers pass: no NULL where a caller never passes one.
import type { TargetDef } from "../target.js";
import { PLE_IDX } from "../../ts-port/kernel/world.js";
import {
  anyCfsRq,
  anySe,
  busyCfsRq,
  callerRq,
  cfsScenario,
  deltaNs,
  queuedMember,
  nextBuddySe,
  sePair,
  userTask,
  yieldee,
  yieldingRq,
} from "../gen/cfs.js";

const b = (x: boolean): bigint => (x ? 1n : 0n);
const describePtr = (rec: string) => (ret: bigint) => (ret < 0n ? "NULL" : `${rec} ${ret}`);

export const cfsTargets: TargetDef[] = [
  {
    name: "entity_before",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt(cfs.entity_before(w.call.curr!, w.call.se!));
    },
    arb: cfsScenario("entity_before", (g, w) => {
      const { a, b } = sePair(g, w);
      return { curr: a, se: b };
    }),
  },
  {
    name: "update_min_vruntime",
    family: "cfs",
    run(w, cfs) {
      cfs.update_min_vruntime(w.call.cfs_rq!);
      w.ret = 0n;
    },
    arb: cfsScenario("update_min_vruntime", (g, w) => ({ cfs_rq: anyCfsRq(g, w) })),
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
    arb: cfsScenario("update_curr", (g, w) => ({ cfs_rq: anyCfsRq(g, w) })),
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
    arb: cfsScenario("wakeup_preempt_entity", (g, w) => {
      const { a, b } = sePair(g, w);
      return { curr: a, se: b };
    }),
  },
  {
    name: "pick_next_entity",
    family: "cfs",
    run(w, cfs) {
      w.ret = PLE_IDX(cfs.pick_next_entity(w.call.cfs_rq!, w.call.curr));
    },
    arb: cfsScenario("pick_next_entity", (g, w) => busyCfsRq(g, w), { queued: true }),
    describe: describePtr("se"),
  },
  {
    name: "clear_buddies",
    family: "cfs",
    run(w, cfs) {
      cfs.clear_buddies(w.call.cfs_rq!, w.call.se);
      w.ret = 0n;
    },
    arb: cfsScenario("clear_buddies", (g, w) => queuedMember(g, w), { queued: true }),
  },
  {
    name: "set_last_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_last_buddy(w.call.se!);
      w.ret = 0n;
    },
    // check_preempt_wakeup passes the running task's entity
    arb: cfsScenario("set_last_buddy", (g, w) => ({ se: w.taskSe[w.currTask[yieldingRq(g, w)]!]! }), {
      fairCurr: true,
    }),
  },
  {
    name: "set_next_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_next_buddy(w.call.se!);
      w.ret = 0n;
    },
    arb: cfsScenario("set_next_buddy", (g, w) => ({ se: nextBuddySe(g, w) }), { queued: true }),
  },
  {
    name: "set_skip_buddy",
    family: "cfs",
    run(w, cfs) {
      cfs.set_skip_buddy(w.call.se!);
      w.ret = 0n;
    },
    // yield_task_fair passes the running task's entity
    arb: cfsScenario("set_skip_buddy", (g, w) => ({ se: w.taskSe[w.currTask[yieldingRq(g, w)]!]! }), {
      fairCurr: true,
    }),
  },
  {
    name: "yield_task_fair",
    family: "cfs",
    run(w, cfs) {
      cfs.yield_task_fair(w.call.this_rq!);
      w.ret = 0n;
    },
    arb: cfsScenario("yield_task_fair", (g, w) => ({ this_rq: yieldingRq(g, w) }), { fairCurr: true }),
  },
  {
    name: "yield_to_task_fair",
    family: "cfs",
    run(w, cfs) {
      w.ret = b(cfs.yield_to_task_fair(w.call.this_rq!, w.call.p!, w.call.preempt));
    },
    arb: cfsScenario("yield_to_task_fair", (g, w) => ({ this_rq: yieldingRq(g, w), p: yieldee(g, w), preempt: true }), {
      fairCurr: true,
      yieldee: "any",
    }),
  },
  {
    // the patch's helper on its own (variants without it: no call, ret 0)
    name: "deboost_yield_task",
    family: "cfs",
    run(w, cfs) {
      if (cfs.deboost_yield_task) cfs.deboost_yield_task(w.call.se!, w.call.curr!);
      w.ret = 0n;
    },
    // yield_to_task_fair calls it with p's queued entity (not throttled) and current's
    arb: cfsScenario(
      "deboost_yield_task",
      (g, w) => ({ se: w.taskSe[yieldee(g, w, true)]!, curr: w.taskSe[w.currTask[yieldingRq(g, w)]!]! }),
      { fairCurr: true, yieldee: "queued" },
    ),
  },
  {
    name: "yield_to",
    family: "cfs",
    run(w, cfs) {
      w.ret = BigInt(cfs.yield_to(w.call.p!, w.call.preempt));
    },
    arb: cfsScenario("yield_to", (g, w) => ({ this_rq: callerRq(g, w), p: userTask(g, w), preempt: true }), {
      fairCurr: true,
    }),
  },
];
