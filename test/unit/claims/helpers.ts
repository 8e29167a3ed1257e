// SPDX-License-Identifier: GPL-2.0-only
// Hand-built claim scenarios whose answers are worked out by hand in the
// tests, and a judge that runs every step on both sides (C and TS must
// agree) before judging.
import { expect } from "vitest";
import type { RecordJson, Scenario } from "../../../harness/scenario.js";
import { claimScenario, type ClaimStep } from "../../../harness/claims/steps.js";
import { replayClaimScenario } from "../../../harness/claims/replay.js";
import type { Judgement } from "../../../harness/claims/claim.js";

export const MS = 1_000_000;
export const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"] as const;
export type Variant = (typeof VARIANTS)[number];
/** Where a problem the cover letter names shows (a witness): the unpatched bases, not the patched variants. */
export const PROBLEM_UNTIL_PATCHED: [Variant, boolean][] = [
  ["v5.6", true],
  ["rfc-base", true],
  ["v5.6-ple", false],
  ["rfc-v1", false],
];
/** scale_load(sched_prio_to_weight[nice + 20]) */
export const weightOf = (w: number): string => (BigInt(w) << 10n).toString();

/** Judge a claim on a variant after running every step on both sides (they must agree). */
export function judge(id: string, scn: Scenario, variant: Variant): Judgement {
  const r = replayClaimScenario(id, { ...scn, variants: { cfs: variant, kvm: variant } });
  expect(r.run.divergence, `C and TS differ on ${id} (${variant})`).toBeNull();
  return r.judgement;
}

const state = (parts: Partial<Scenario>): Scenario => ({
  format: 1,
  target: "",
  variants: { cfs: "v5.6", kvm: "v5.6" },
  ...parts,
});

/**
 * One CPU, one cfs_rq: the yielder A (task 0, se 0, running, curr) at 100 ms
 * of vruntime, the target B (task 1, se 1, queued) at `b` ms, granularity
 * 1 ms, nice 0 unless `bWeight`; `others` are more queued tasks (vruntime
 * in ms). Steps: yield_to_task_fair(rq 0, B), then update_curr and
 * pick_next_entity on the cfs_rq (curr A), as pick_next_task_fair does.
 */
export function yieldScenario(o: { b?: number; bWeight?: string; others?: number[]; pick?: boolean } = {}): Scenario {
  const others = o.others ?? [];
  const n = 2 + others.length;
  const queued = [{ i: 1, v: (o.b ?? 103) * MS }, ...others.map((v, k) => ({ i: 2 + k, v: v * MS }))].sort(
    (x, y) => x.v - y.v,
  );
  const rank = new Map(queued.map((q, r) => [q.i, r]));
  const se: RecordJson[] = [
    { cfs_rq: 0, on_rq: 1, vruntime: String(100 * MS), exec_start: "5000" },
    {
      cfs_rq: 0,
      on_rq: 1,
      vruntime: String((o.b ?? 103) * MS),
      run_node: { rank: rank.get(1)! },
      ...(o.bWeight ? { load: { weight: o.bWeight } } : {}),
    },
    ...others.map((v, k) => ({ cfs_rq: 0, on_rq: 1, vruntime: String(v * MS), run_node: { rank: rank.get(2 + k)! } })),
  ];
  const steps: ClaimStep[] = [{ target: "yield_to_task_fair", call: { this_rq: 0, p: 1, preempt: true } }];
  if (o.pick !== false) {
    steps.push({ target: "update_curr", call: { cfs_rq: 0 } });
    steps.push({ target: "pick_next_entity", call: { cfs_rq: 0, curr: 0 } });
  }
  return claimScenario(
    state({
      sys: { sysctl_sched_wakeup_granularity: MS },
      rq: [{ curr: 0, cfs: 0, nr_running: n, clock_task: "5000", clock_update_flags: 2 }],
      cfs_rq: [{ rq: 0, nr_running: n, curr: 0, min_vruntime: String(95 * MS) }],
      se,
      task: se.map((_, i) => ({ se: i, cpu: 0, on_cpu: i === 0 ? 1 : 0 })),
    }),
    steps,
  );
}

/**
 * The libvirt layout with one cgroup per vCPU: the VM's group entity (se 2,
 * owning cfs_rq 1) on the root cfs_rq 0; under it the vCPU groups of A (se
 * 3 -> cfs_rq 2) and B (se 4 -> cfs_rq 3), where the tasks' entities A (se
 * 0) and B (se 1) are queued. A and B meet on cfs_rq 1 through their vCPU
 * groups: A's group at 100 ms (curr), B's at 103 ms. Steps as yieldScenario,
 * the pick on cfs_rq 1.
 */
export function nestedYieldScenario(): Scenario {
  const v = (ms: number) => String(ms * MS);
  return claimScenario(
    state({
      sys: { sysctl_sched_wakeup_granularity: MS },
      rq: [{ curr: 0, cfs: 0, nr_running: 2, clock_task: "5000", clock_update_flags: 2 }],
      cfs_rq: [
        { rq: 0, nr_running: 1, curr: 2, min_vruntime: v(50) },
        { rq: 0, nr_running: 2, curr: 3, min_vruntime: v(95) },
        { rq: 0, nr_running: 1, curr: 0, min_vruntime: v(10) },
        { rq: 0, nr_running: 1, curr: null, min_vruntime: v(10) },
      ],
      se: [
        { cfs_rq: 2, parent: 3, depth: 2, on_rq: 1, vruntime: v(10), exec_start: "5000" },
        { cfs_rq: 3, parent: 4, depth: 2, on_rq: 1, vruntime: v(10), run_node: { rank: 0 } },
        { cfs_rq: 0, my_q: 1, depth: 0, on_rq: 1, vruntime: v(50), exec_start: "5000" },
        { cfs_rq: 1, my_q: 2, parent: 2, depth: 1, on_rq: 1, vruntime: v(100), exec_start: "5000" },
        { cfs_rq: 1, my_q: 3, parent: 2, depth: 1, on_rq: 1, vruntime: v(103), run_node: { rank: 0 } },
      ],
      task: [
        { se: 0, cpu: 0, on_cpu: 1 },
        { se: 1, cpu: 0 },
      ],
    }),
    [
      { target: "yield_to_task_fair", call: { this_rq: 0, p: 1, preempt: true } },
      { target: "update_curr", call: { cfs_rq: 1 } },
      { target: "pick_next_entity", call: { cfs_rq: 1, curr: 3 } },
    ],
  );
}

export const X2APIC = String(0xfee0_0d00);
export type VcpuRole = "sender" | "preempted-user" | "running" | "halted-woken";

/**
 * One VM; vCPU i is task i on CPU 0 (the first) or CPU 1 (the others), with
 * x2APIC on so an ICR high word is the destination id. Roles: the sender
 * runs; a preempted-user vCPU is scheduled out while runnable in guest user
 * mode; a running vCPU is in the guest on CPU 1 (its task is CPU 1's curr);
 * a halted-woken one blocked (not preempted) and was since woken (ready).
 */
export function vm(ids: number[], roles: VcpuRole[]): Scenario {
  const flags: Record<VcpuRole, RecordJson> = {
    sender: {},
    "preempted-user": { preempted: true, ready: true, scheduled_out: true },
    running: {},
    "halted-woken": { ready: true, scheduled_out: true },
  };
  const runningOn1 = roles.findIndex((r, i) => i > 0 && r !== "sender");
  return state({
    kvm: [{ last_boosted_vcpu: 0 }],
    rq: [
      { cfs: 0, curr: 0 },
      { cfs: 1, curr: runningOn1 < 0 ? null : runningOn1 },
    ],
    cfs_rq: [{ rq: 0 }, { rq: 1 }],
    se: ids.map(() => ({})),
    task: ids.map((_, i) => ({ se: i, cpu: i === 0 ? 0 : 1 })),
    vcpu: ids.map((id, i) => ({
      kvm: 0,
      vcpu_id: id,
      pid: i,
      arch: { apic_base: X2APIC },
      yield_to_result: 1,
      ...flags[roles[i]!],
    })),
  });
}

export const ipi = (from: number, toId: number): ClaimStep => ({
  target: "kvm_apic_send_ipi",
  call: { vcpu: from, icr_low: 0x40fd, icr_high: toId },
});
export const spin = (me: number, ytkm: boolean): ClaimStep => ({
  target: "kvm_vcpu_on_spin",
  call: { me, yield_to_kernel_mode: ytkm, this_rq: 0 },
});
export const schedIn = (v: number): ClaimStep => ({ target: "kvm_sched_in", call: { vcpu: v, cpu: 1, this_rq: 1 } });
export const schedOut = (v: number): ClaimStep => ({
  target: "kvm_sched_out",
  call: { vcpu: v, next: null, this_rq: 1 },
});
export const guestEntry = (v: number): ClaimStep => ({ target: "guest_entry", call: { vcpu: v } });
