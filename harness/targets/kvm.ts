// SPDX-License-Identifier: GPL-2.0-only
// Single-call targets of the kvm family, mirroring native/targets_kvm.c:
// each reads its arguments from w.call, calls the scenario's kvm variant and
// sets w.ret (pointers as record index or -1, bools 0/1). In
// kvm_vcpu_on_spin the chain stops at yield_to(): its result is the input
// yield_to_result of the vCPU whose task it is, and the call is traced.
import fc from "fast-check";
import type { TargetDef } from "../target.js";
import type { Scenario, RecordJson } from "../scenario.js";
import { kvmWorld, icrLow, icrHigh, idFor, intNear, indexOrNull, type KvmWorld } from "../gen/kvm.js";

const b = (x: boolean): bigint => (x ? 1n : 0n);

/** A kvm world with the call record built from it. */
function withCall(target: string, call: (w: KvmWorld) => fc.Arbitrary<RecordJson>): fc.Arbitrary<Scenario> {
  return kvmWorld().chain((w) => call(w).map((c) => ({ ...w.scn, target, call: { ...w.scn.call, ...c } })));
}

const vcpuIndex = (w: KvmWorld) => fc.integer({ min: 0, max: w.n - 1 });
const rqIndex = (w: KvmWorld) => fc.integer({ min: 0, max: w.nrq - 1 });

const describePtr = (rec: string) => (ret: bigint) => (ret < 0n ? "NULL" : `${rec} ${ret}`);

export const kvmTargets: TargetDef[] = [
  {
    name: "kvm_vcpu_on_spin",
    family: "kvm",
    run(w, _cfs, kvm) {
      w.stub_yield_to = true;
      kvm.kvm_vcpu_on_spin(w.call.me!, w.call.yield_to_kernel_mode);
      w.ret = 0n;
    },
    arb: withCall("kvm_vcpu_on_spin", (w) =>
      fc.record({ me: vcpuIndex(w), yield_to_kernel_mode: fc.boolean(), this_rq: rqIndex(w) }),
    ),
  },
  {
    name: "kvm_vcpu_eligible_for_directed_yield",
    family: "kvm",
    run(w, _cfs, kvm) {
      w.ret = b(kvm.kvm_vcpu_eligible_for_directed_yield(w.call.vcpu!));
    },
    arb: withCall("kvm_vcpu_eligible_for_directed_yield", (w) => fc.record({ vcpu: vcpuIndex(w) })),
  },
  {
    name: "vcpu_dy_runnable",
    family: "kvm",
    run(w, _cfs, kvm) {
      w.ret = b(kvm.vcpu_dy_runnable(w.call.vcpu!));
    },
    arb: withCall("vcpu_dy_runnable", (w) => fc.record({ vcpu: vcpuIndex(w) })),
  },
  {
    name: "kvm_get_vcpu_by_id",
    family: "kvm",
    run(w, _cfs, kvm) {
      const v = kvm.kvm_get_vcpu_by_id(w.call.kvm!, w.call.id);
      w.ret = v ? BigInt(v.__ple_idx) : -1n;
    },
    arb: withCall("kvm_get_vcpu_by_id", (w) =>
      fc.record({ kvm: fc.integer({ min: 0, max: (w.scn.kvm?.length ?? 1) - 1 }), id: idFor(w.ids) }),
    ),
    describe: describePtr("vcpu"),
  },
  {
    name: "kvm_sched_in",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_sched_in(w.call.vcpu!, w.call.cpu);
      w.ret = 0n;
    },
    arb: withCall("kvm_sched_in", (w) => fc.record({ vcpu: vcpuIndex(w), cpu: intNear(w.nrq), this_rq: rqIndex(w) })),
  },
  {
    name: "kvm_sched_out",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_sched_out(w.call.vcpu!, w.call.next);
      w.ret = 0n;
    },
    // current is this_rq()->curr: mostly the vCPU's own thread (as when the
    // notifier fires), sometimes whatever the run queue says.
    arb: kvmWorld().chain((w) =>
      fc
        .record({ vcpu: vcpuIndex(w), next: indexOrNull(w.ntask, 4), this_rq: rqIndex(w), ownCurr: fc.boolean() })
        .map(({ vcpu, next, this_rq, ownCurr }) => {
          const pid = (w.scn.vcpu![vcpu]!.pid ?? null) as number | null;
          const rq = w.scn.rq!.map((r, i) => (ownCurr && i === this_rq && pid !== null ? { ...r, curr: pid } : r));
          return { ...w.scn, target: "kvm_sched_out", rq, call: { vcpu, next, this_rq } };
        }),
    ),
  },
  {
    name: "guest_entry",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.guest_entry(w.call.vcpu!);
      w.ret = 0n;
    },
    arb: withCall("guest_entry", (w) => fc.record({ vcpu: vcpuIndex(w) })),
  },
  {
    name: "kvm_apic_send_ipi",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_apic_send_ipi(w.call.vcpu!, w.call.icr_low, w.call.icr_high);
      w.ret = 0n;
    },
    arb: withCall("kvm_apic_send_ipi", (w) =>
      fc.record({ vcpu: vcpuIndex(w), icr_low: icrLow(), icr_high: icrHigh(w.ids) }),
    ),
  },
  {
    // The variants before patch 2 have no mark_ipi_receiver: ret -1, no effect.
    name: "mark_ipi_receiver",
    family: "kvm",
    run(w, _cfs, kvm) {
      if (!kvm.mark_ipi_receiver) {
        w.ret = -1n;
        return;
      }
      kvm.mark_ipi_receiver(w.call.vcpu!, w.call.id >>> 0);
      w.ret = 0n;
    },
    arb: withCall("mark_ipi_receiver", (w) => fc.record({ vcpu: vcpuIndex(w), id: idFor(w.ids) })),
  },
];
