// SPDX-License-Identifier: GPL-2.0-only
// Single-call targets of the kvm family, mirroring native/targets_kvm.c:
// each reads its arguments from w.call, calls the scenario's kvm variant and
// sets w.ret (pointers as record index or -1, bools 0/1). In
// kvm_vcpu_on_spin the chain stops at yield_to(): its result is the input
// yield_to_result of the vCPU whose task it is, and the call is traced.
// The generators (harness/gen/kvm.ts) pass what the kernel's callers pass:
// the vCPU of an exit, an ICR write or a guest entry runs on this_rq, the
// notifiers fire for the thread switching out or in; ICR words and
// destination ids, which the guest controls, stay arbitrary.
import type { TargetDef } from "../target.js";
import { kvmScenario, icrLow, icrHigh, idFor, type KvmWorld } from "../gen/kvm.js";
import { chance, int, type Draws } from "../gen/draws.js";
import type { RecordJson } from "../scenario.js";

const b = (x: boolean): bigint => (x ? 1n : 0n);

/** The vCPU in KVM_RUN on this_rq (its thread is this_rq->curr). */
const inGuest = (w: KvmWorld) => ({ vcpu: w.vcpu, this_rq: w.rq });

/** A pause-loop exit of me, handled in its thread on this_rq. */
export const onSpinCall = (g: Draws, w: KvmWorld): RecordJson => ({
  me: w.vcpu,
  yield_to_kernel_mode: chance(g, 50),
  this_rq: w.rq,
});

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
    arb: kvmScenario("kvm_vcpu_on_spin", "inGuest", onSpinCall),
  },
  {
    name: "kvm_vcpu_eligible_for_directed_yield",
    family: "kvm",
    run(w, _cfs, kvm) {
      w.ret = b(kvm.kvm_vcpu_eligible_for_directed_yield(w.call.vcpu!));
    },
    // any candidate of the spin loop, in any state
    arb: kvmScenario("kvm_vcpu_eligible_for_directed_yield", "inGuest", (g, w) => ({ vcpu: int(g, 0, w.n - 1) })),
  },
  {
    name: "vcpu_dy_runnable",
    family: "kvm",
    run(w, _cfs, kvm) {
      w.ret = b(kvm.vcpu_dy_runnable(w.call.vcpu!));
    },
    arb: kvmScenario("vcpu_dy_runnable", "inGuest", (g, w) => ({ vcpu: int(g, 0, w.n - 1) })),
  },
  {
    name: "kvm_get_vcpu_by_id",
    family: "kvm",
    run(w, _cfs, kvm) {
      const v = kvm.kvm_get_vcpu_by_id(w.call.kvm!, w.call.id);
      w.ret = v ? BigInt(v.__ple_idx) : -1n;
    },
    // any VM, any id (an IPI destination or an ioctl argument)
    arb: kvmScenario("kvm_get_vcpu_by_id", "inGuest", (g, w) => {
      const m = int(g, 0, (w.scn.kvm?.length ?? 1) - 1);
      return {
        kvm: m,
        id: idFor(
          g,
          w.ids.filter((_, i) => w.scn.vcpu![i]!.kvm === m),
        ),
      };
    }),
    describe: describePtr("vcpu"),
  },
  {
    name: "kvm_sched_in",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_sched_in(w.call.vcpu!, w.call.cpu);
      w.ret = 0n;
    },
    // the thread that loaded vcpu arrives on this_rq (it is curr); cpu is that CPU
    arb: kvmScenario("kvm_sched_in", "arriving", (_g, w) => ({ vcpu: w.vcpu, cpu: w.rq, this_rq: w.rq })),
  },
  {
    name: "kvm_sched_out",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_sched_out(w.call.vcpu!, w.call.next);
      w.ret = 0n;
    },
    // current = this_rq->curr is the thread that loaded vcpu; next another task of that CPU
    arb: kvmScenario("kvm_sched_out", "leaving", (_g, w) => ({
      vcpu: w.vcpu,
      next: w.next,
      this_rq: w.rq,
    })),
  },
  {
    name: "guest_entry",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.guest_entry(w.call.vcpu!);
      w.ret = 0n;
    },
    arb: kvmScenario("guest_entry", "inGuest", (_g, w) => inGuest(w)),
  },
  {
    name: "kvm_apic_send_ipi",
    family: "kvm",
    run(w, _cfs, kvm) {
      kvm.kvm_apic_send_ipi(w.call.vcpu!, w.call.icr_low, w.call.icr_high);
      w.ret = 0n;
    },
    // the running sender's guest writes any ICR value
    arb: kvmScenario("kvm_apic_send_ipi", "inGuest", (g, w) => ({
      ...inGuest(w),
      icr_low: icrLow(g),
      icr_high: icrHigh(g, w.ids),
    })),
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
    // the running sender, any destination id (u32 in x2APIC mode)
    arb: kvmScenario("mark_ipi_receiver", "inGuest", (g, w) => ({ ...inGuest(w), id: idFor(g, w.ids) })),
  },
];
