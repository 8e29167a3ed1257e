// SPDX-License-Identifier: GPL-2.0-only
// The VM an IPI and a pause-loop exit happen in, for the patch-2 claims: a
// sender S running on CPU 0 (it will spin), a receiver R on CPU 1 in the
// state a claim is about, now and then a third vCPU T (another IPI sender),
// and other vCPUs that are no boost candidate in any variant (running in the
// guest, or halted with nothing pending), so that R is the only candidate.
// vcpu_ids are dense, sparse up to KVM_MAX_VCPU_ID, or around the bit
// boundaries of the patch's masks (31, 32, 63, 64); the sender's APIC is in
// xAPIC or x2APIC mode (x2APIC when the destination needs more than 8 bits).
// vCPU i's thread is task i (se i).
import fc from "fast-check";
import type { RecordJson, Scenario } from "../scenario.js";
import type { ClaimStep } from "./steps.js";

/** R's state when the steps start */
export type ReceiverState =
  | "preempted-user" // scheduled out while runnable, in guest user mode
  | "running" // running on CPU 1 (in the guest or the host)
  | "halted-woken"; // halted (blocked, not preempted), since woken: ready, off or still on the wait queue but runnable

export interface IpiWorld {
  state: Scenario;
  s: number;
  r: number;
  /** a third vCPU, or null */
  t: number | null;
  ids: number[];
  x2apic: boolean[];
  yieldToKernelMode: boolean;
  vector: number;
}

const KVM_MAX_VCPU_ID = 1023;
const XAPIC_BASE = 0xfee0_0900n; // enabled, BSP
const X2APIC_BASE = 0xfee0_0d00n; // enabled, x2APIC (X2APIC_ENABLE, bit 10)
const BOUNDARY_IDS = [0, 1, 2, 30, 31, 32, 33, 63, 64, 65, 95, 96, 127, 128, 255, 256, 1022, 1023];

/** The VM's vcpu_ids (their number is the VM's size): dense, sparse, around the mask boundaries, now and then many. */
const idsArb = (min: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min, max: 8 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
    {
      weight: 3,
      arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: KVM_MAX_VCPU_ID }), { minLength: min, maxLength: 8 }),
    },
    { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom(...BOUNDARY_IDS), { minLength: min, maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: KVM_MAX_VCPU_ID }), { minLength: min, maxLength: MAX_VCPUS }),
    },
  );

const MAX_VCPUS = 40;

interface Plan {
  n: number;
  ids: number[];
  s: number;
  rOff: number;
  tOff: number;
  lastBoosted: number;
  others: ("running" | "halted")[];
  x2apic: boolean[];
  vector: number;
  rFlags: { dyRunnable: boolean; asyncPf: boolean; inSpinLoop: boolean; dyEligible: boolean; stillWaiting: boolean };
  rStale: number[];
  ytkm: boolean;
}

// Roles and per-vCPU choices are drawn as plain numbers and lists and fitted
// to the VM's size afterwards (no chain on the size), so fast-check shrinks
// every part at once: fewer vCPUs, smaller ids, S = vCPU 0, R = vCPU 1.
const planArb = (minVcpus: number, ytkm: fc.Arbitrary<boolean>): fc.Arbitrary<Plan> =>
  fc
    .record({
      ids: idsArb(minVcpus),
      s: fc.nat(),
      rOff: fc.nat(),
      tOff: fc.nat(),
      lastBoosted: fc.nat(),
      others: fc.array(fc.constantFrom<"running" | "halted">("running", "halted"), { maxLength: MAX_VCPUS }),
      x2apic: fc.array(fc.boolean(), { maxLength: MAX_VCPUS }),
      vector: fc.integer({ min: 0x20, max: 0xff }),
      rFlags: fc
        .record({
          dyRunnable: fc.boolean(),
          asyncPf: fc.boolean(),
          inSpinLoop: fc.boolean(),
          dyEligible: fc.boolean(),
          stillWaiting: fc.oneof(
            { weight: 3, arbitrary: fc.constant(false) },
            { weight: 1, arbitrary: fc.constant(true) },
          ),
        })
        // R must be eligible for directed yield: out of a spin loop, or its turn in it
        .map((f) => ({ ...f, dyEligible: f.inSpinLoop ? true : f.dyEligible })),
      rStale: fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as number[]) },
        { weight: 1, arbitrary: fc.array(fc.nat(), { maxLength: 3 }) },
      ),
      ytkm,
    })
    .map((p) => {
      const n = p.ids.length;
      return {
        ...p,
        n,
        s: p.s % n,
        rOff: 1 + (p.rOff % (n - 1)),
        tOff: p.tOff % n,
        lastBoosted: p.lastBoosted % n,
        others: Array.from({ length: n }, (_, i) => p.others[i] ?? "running"),
        x2apic: Array.from({ length: n }, (_, i) => p.x2apic[i] ?? false),
        rStale: p.rStale.map((k) => k % n),
      };
    });

function build(p: Plan, receiver: ReceiverState, third: boolean): IpiWorld {
  const s = p.s;
  const r = (s + p.rOff) % p.n;
  // the third vCPU: any but S and R
  const rest = Array.from({ length: p.n }, (_, i) => i).filter((i) => i !== s && i !== r);
  const t = third && rest.length ? rest[p.tOff % rest.length]! : null;
  const x2apic = p.x2apic.map((x, i) => x || p.ids[i]! > 255 || p.ids[r]! > 255);
  const vcpu: RecordJson[] = p.ids.map((id, i) => {
    const base: RecordJson = {
      kvm: 0,
      vcpu_id: id,
      pid: i,
      arch: { apic_base: (x2apic[i] ? X2APIC_BASE : XAPIC_BASE).toString(), preempted_in_kernel: false },
      yield_to_result: 1,
    };
    if (i === s || i === t || (i !== r && p.others[i] === "running"))
      return { ...base, preempted: false, ready: false, scheduled_out: false, wait_active: false };
    if (i !== r) return { ...base, preempted: false, ready: false, scheduled_out: true, wait_active: true };
    // R; its stale ipi_received bits come from vCPUs other than S and R
    const stale = p.rStale
      .filter((k) => k !== s && k !== r)
      .reduce((m, k) => m | (1n << BigInt(p.ids[k]! & 63)), 0n)
      .toString();
    const spin = { in_spin_loop: p.rFlags.inSpinLoop, dy_eligible: p.rFlags.dyEligible };
    const common = {
      ...base,
      kvm_arch_dy_runnable: p.rFlags.dyRunnable,
      async_pf_done: p.rFlags.asyncPf,
      spin_loop: spin,
    };
    switch (receiver) {
      case "preempted-user":
        return {
          ...common,
          preempted: true,
          ready: true,
          scheduled_out: true,
          wait_active: false,
          ipi_received: stale,
        };
      case "running":
        return {
          ...common,
          preempted: false,
          ready: false,
          scheduled_out: false,
          wait_active: false,
          ipi_received: "0",
        };
      case "halted-woken": {
        // still on the wait queue only when it is runnable for KVM (an interrupt is pending)
        const waiting = p.rFlags.stillWaiting;
        return {
          ...common,
          kvm_arch_dy_runnable: waiting ? true : p.rFlags.dyRunnable,
          preempted: false,
          ready: true,
          scheduled_out: true,
          wait_active: waiting,
          ipi_received: stale,
        };
      }
    }
  });
  const halted = (i: number) => vcpu[i]!.wait_active === true && i !== r;
  const state: Scenario = {
    format: 1,
    target: "",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    kvm: [{ last_boosted_vcpu: p.lastBoosted }],
    rq: [
      { cfs: 0, curr: s },
      { cfs: 1, curr: r },
    ],
    cfs_rq: [{ rq: 0 }, { rq: 1 }],
    se: p.ids.map(() => ({})),
    task: p.ids.map((_, i) => ({ se: i, cpu: i === s ? 0 : 1, state: halted(i) ? "1" : "0" })),
    vcpu,
  };
  return { state, s, r, t, ids: p.ids, x2apic, yieldToKernelMode: p.ytkm, vector: p.vector };
}

export const ipiWorldArb = (o: {
  receiver: ReceiverState;
  third?: boolean;
  ytkm?: fc.Arbitrary<boolean>;
}): fc.Arbitrary<IpiWorld> =>
  planArb(o.third ? 3 : 2, o.ytkm ?? fc.constant(true)).map((p) => build(p, o.receiver, o.third ?? false));

/** The fixed-delivery, physical-destination IPI `from` sends to `to` (ICR low and high words). */
export function ipiStep(w: IpiWorld, from: number, to: number): ClaimStep {
  const icr_low = w.vector | 0x4000; // fixed delivery, physical, assert, edge, no shorthand
  const icr_high = w.x2apic[from] ? w.ids[to]! >>> 0 : ((w.ids[to]! & 0xff) << 24) >>> 0;
  return { target: "kvm_apic_send_ipi", call: { vcpu: from, icr_low, icr_high } };
}

/** S's pause-loop exit: kvm_vcpu_on_spin(S, yield_to_kernel_mode) on CPU 0. */
export const spinStep = (w: IpiWorld, ytkm = w.yieldToKernelMode): ClaimStep => ({
  target: "kvm_vcpu_on_spin",
  call: { me: w.s, yield_to_kernel_mode: ytkm, this_rq: 0 },
});

/** R's thread scheduled in on CPU 1 (the preempt notifier). */
export const schedInStep = (w: IpiWorld): ClaimStep => ({
  target: "kvm_sched_in",
  call: { vcpu: w.r, cpu: 1, this_rq: 1 },
});

/** R's thread preempted on CPU 1 while runnable (current = R's task, TASK_RUNNING). */
export const schedOutStep = (w: IpiWorld): ClaimStep => ({
  target: "kvm_sched_out",
  call: { vcpu: w.r, next: null, this_rq: 1 },
});

/** R enters the guest. */
export const guestEntryStep = (w: IpiWorld): ClaimStep => ({ target: "guest_entry", call: { vcpu: w.r } });
