// SPDX-License-Identifier: GPL-2.0-only
// Composed targets: chains across both families, as native/targets_compose.c.
//
// ple_exit is one pause-loop exit of vCPU `me` on call.this_rq: the kvm
// variant's kvm_vcpu_on_spin picks a candidate and, through
// kvm_vcpu_yield_to -> yield_to, the cfs variant's yield_to_task_fair sets
// the buddies (and, patched, deboosts the yielder). If a yield went through,
// yield_to called schedule(): the chain then makes the next pick on the
// yielder's run queue, walking the group hierarchy with pick_next_entity as
// pick_next_task_fair does, and switches to the picked task, firing
// kvm_sched_out for the vCPU thread leaving and kvm_sched_in for the one
// arriving. ret is the picked task (-1 when no switch was made).
import type { TargetDef } from "../target.js";
import type { ple_world } from "../../ts-port/kernel/world.js";
import type { CfsOps } from "../../ts-port/kernel/cfs_ops.js";
import type { KvmOps } from "../../ts-port/kernel/kvm_ops.js";
import type { rq, sched_entity, task_struct } from "../../ts-port/kernel/sched.js";
import { TRACE_KINDS } from "../layout.js";
import { hostArb } from "../gen/host.js";

const SCHEDULE = BigInt(TRACE_KINDS.findIndex((t) => t.name === "schedule"));

/** pick_next_task_fair's walk down the group hierarchy, picking at each level. */
function pickNextTask(w: ple_world, cfs: CfsOps, rq: rq): task_struct | null {
  let cfs_rq = rq.cfs;
  let se: sched_entity | null;
  do {
    let curr = cfs_rq.curr;
    if (curr && !curr.on_rq) curr = null;
    se = cfs.pick_next_entity(cfs_rq, curr);
    if (!se) return null;
    cfs_rq = se.my_q!;
  } while (cfs_rq);
  return w.task.find((t) => t.se === se) ?? null;
}

const vcpuOf = (w: ple_world, p: task_struct) => w.vcpu.find((v) => v.pid === p) ?? null;

function ple_exit(w: ple_world, cfs: CfsOps, kvm: KvmOps): void {
  const rq = w.call.this_rq!;
  const prev = rq.curr!;
  kvm.kvm_vcpu_on_spin(w.call.me!, w.call.yield_to_kernel_mode);
  w.ret = -1n;
  if (!w.trace.some((e) => e[0] === SCHEDULE)) return;
  const next = pickNextTask(w, cfs, rq);
  if (!next || next === prev) return;
  w.ret = BigInt(next.__ple_idx);
  const out = vcpuOf(w, prev);
  if (out) kvm.kvm_sched_out(out, next);
  rq.curr = next;
  const inn = vcpuOf(w, next);
  if (inn) kvm.kvm_sched_in(inn, rq.__ple_idx);
}

export const composeTargets: TargetDef[] = [
  { name: "ple_exit", family: "compose", run: ple_exit, arb: hostArb, describe: (r) => (r < 0n ? "no switch" : `switched to task ${r}`) },
];
