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
//
// The hosts (harness/gen/host.ts) are states the kernel can be in: me runs in
// the guest on call.this_rq, every CPU has a curr, buddies are queued
// entities, throttled groups are off their parent's queue (the invariants are
// listed at the top of that file).
import type { TargetDef } from "../target.js";
import type { ple_world } from "../../ts-port/kernel/world.js";
import type { CfsOps } from "../../ts-port/kernel/cfs_ops.js";
import type { KvmOps } from "../../ts-port/kernel/kvm_ops.js";
import type { cfs_rq, rq, sched_entity, task_struct } from "../../ts-port/kernel/sched.js";
import { u64 } from "../../ts-port/kernel/int.js";
import type { Scenario } from "../scenario.js";
import { TRACE_KINDS } from "../layout.js";
import { drawHost, hostArb, HOST_WORDS } from "../gen/host.js";
import { Draws, Drawn, anyOf, int, pick } from "../gen/draws.js";

const SCHEDULE = BigInt(TRACE_KINDS.findIndex((t) => t.name === "schedule"));

/** pick_next_task_fair's walk down the group hierarchy, picking at each level. */
function pickNextTask(w: ple_world, cfs: CfsOps, rq: rq): task_struct | null {
  let cfs_rq: cfs_rq | null = rq.cfs;
  let se: sched_entity | null;
  do {
    let curr = cfs_rq.curr;
    if (curr && !curr.on_rq) curr = null;
    se = cfs.pick_next_entity(cfs_rq, curr);
    if (!se) return null;
    cfs_rq = se.my_q;
  } while (cfs_rq);
  return w.task.find((t) => t.se === se) ?? null;
}

/**
 * A tick on any CPU of the host, of any length (0, a few ms, up to the u64
 * range: the clock wraps), drawn beside the host (both shrink apart).
 */
const tickArb = new Drawn<Scenario>(HOST_WORDS + 8, (words) => {
  const s = drawHost(new Draws(words));
  const g = new Draws(words, HOST_WORDS, 8);
  const cpu = int(g, 0, 3);
  const delta = pick<bigint>(g, [
    [1, () => anyOf(g, [0n, 1n, 4_000_000n])],
    [1, () => g.big(0n, 10_000_000n)],
    [1, () => g.big(0n, (1n << 64n) - 1n)],
  ]);
  return { ...s, target: "tick", call: { this_rq: cpu % (s.rq?.length ?? 1), delta: delta.toString() } };
});

const vcpuOf = (w: ple_world, p: task_struct) => w.vcpu.find((v) => v.pid === p) ?? null;

/** schedule() on rq: pick, and switch if the pick is another task. */
function switchToNext(w: ple_world, cfs: CfsOps, kvm: KvmOps, rq: rq): void {
  const prev = rq.curr!;
  w.ret = -1n;
  const next = pickNextTask(w, cfs, rq);
  if (!next || next === prev) return;
  w.ret = BigInt(next.__ple_idx);
  const out = vcpuOf(w, prev);
  if (out) kvm.kvm_sched_out(out, next);
  rq.curr = next;
  const inn = vcpuOf(w, next);
  if (inn) kvm.kvm_sched_in(inn, rq.__ple_idx);
}

function ple_exit(w: ple_world, cfs: CfsOps, kvm: KvmOps): void {
  kvm.kvm_vcpu_on_spin(w.call.me!, w.call.yield_to_kernel_mode);
  w.ret = -1n;
  if (w.trace.some((e) => e[0] === SCHEDULE)) switchToNext(w, cfs, kvm, w.call.this_rq!);
}

/** A context switch on call.this_rq (the sequence target's switch event). */
const context_switch = (w: ple_world, cfs: CfsOps, kvm: KvmOps): void => switchToNext(w, cfs, kvm, w.call.this_rq!);

/**
 * A scheduler tick on call.this_rq: its clock advances by call.delta, then,
 * as task_tick_fair's walk does, update_curr at every level of the running
 * fair task's hierarchy.
 */
function tick(w: ple_world, cfs: CfsOps): void {
  const rq = w.call.this_rq!;
  rq.clock_task = u64(rq.clock_task + w.call.delta);
  if (!rq.curr || rq.curr.sched_class !== cfs.fair_sched_class) return;
  for (let se: sched_entity | null = rq.curr.se; se; se = se.parent) cfs.update_curr(se.cfs_rq!);
}

const describeSwitch = (r: bigint) => (r < 0n ? "no switch" : `switched to task ${r}`);

export const composeTargets: TargetDef[] = [
  { name: "ple_exit", family: "compose", run: ple_exit, arb: hostArb, describe: describeSwitch },
  {
    name: "context_switch",
    family: "compose",
    run: context_switch,
    arb: hostArb.map((s) => ({ ...s, target: "context_switch" })),
    describe: describeSwitch,
  },
  { name: "tick", family: "compose", run: tick, arb: tickArb },
];
