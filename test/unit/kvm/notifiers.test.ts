// SPDX-License-Identifier: GPL-2.0-only
// The preempt notifiers kvm_sched_in / kvm_sched_out and the guest-entry
// clearing, hand-derived per variant; and the sequence patch 2 exists for.
import { describe, expect, it } from "vitest";
import { scenario, run, next, vcpusOf, yieldedTo, VARIANTS, PATCHED } from "./helpers.js";

describe("kvm_sched_out", () => {
  for (const v of VARIANTS) {
    it(`${v}: current still TASK_RUNNING (preemption): preempted and ready set${PATCHED[v] ? ", scheduled_out set" : ""}`, () => {
      // current = this_rq()->curr = task 0, state 0 == TASK_RUNNING.
      const o = run(
        scenario("kvm_sched_out", v, [{}], { vcpu: 0, next: null }, { rq: { curr: 0, kvm_running_vcpu: 0 } }),
      );
      expect(vcpusOf(o)[0]).toMatchObject({ preempted: true, ready: true, scheduled_out: PATCHED[v] });
      expect(o.trace).toEqual([{ call: "kvm_arch_vcpu_put", args: { vcpu: "0" } }]);
      expect((o.state.rq as { kvm_running_vcpu: number | null }[])[0]!.kvm_running_vcpu).toBeNull();
    });
    it(`${v}: current sleeping (state 1): preempted and ready untouched`, () => {
      const o = run(scenario("kvm_sched_out", v, [{}], { vcpu: 0, next: null }, { taskState: ["1"] }));
      expect(vcpusOf(o)[0]).toMatchObject({ preempted: false, ready: false, scheduled_out: PATCHED[v] });
    });
  }
  it("an empty run queue (curr NULL) is an oops in kvm_sched_out on both sides", () => {
    const o = run(scenario("kvm_sched_out", "v5.6", [{}], { vcpu: 0, next: null }, { rq: { curr: null } }));
    expect(o.faults).toEqual([{ kind: "oops-null", fn: "kvm_sched_out" }]);
    expect(o.trace).toEqual([]);
  });
});

describe("kvm_sched_in", () => {
  for (const v of VARIANTS) {
    it(`${v}: clears preempted and ready${PATCHED[v] ? ", scheduled_out and ipi_received" : ""}; sets kvm_running_vcpu`, () => {
      const vcpu = { preempted: true, ready: true, scheduled_out: true, ipi_received: "5" };
      const o = run(scenario("kvm_sched_in", v, [{}, vcpu], { vcpu: 1, cpu: 3 }));
      expect(vcpusOf(o)[1]).toMatchObject({
        preempted: false,
        ready: false,
        scheduled_out: !PATCHED[v],
        ipi_received: PATCHED[v] ? "0" : "5",
      });
      expect((o.state.rq as { kvm_running_vcpu: number | null }[])[0]!.kvm_running_vcpu).toBe(1);
      expect(o.trace).toEqual([
        { call: "kvm_arch_sched_in", args: { vcpu: "1", cpu: "3" } },
        { call: "kvm_arch_vcpu_load", args: { vcpu: "1", cpu: "3" } },
      ]);
    });
  }
});

describe("guest entry (vcpu_enter_guest in v5.6, vmx_vcpu_run in v5.12)", () => {
  for (const v of VARIANTS) {
    it(`${v}: ipi_received ${PATCHED[v] ? "cleared" : "kept"} on entry`, () => {
      const o = run(scenario("guest_entry", v, [{ ipi_received: "6" }], { vcpu: 0 }));
      expect(vcpusOf(o)[0]!.ipi_received).toBe(PATCHED[v] ? "0" : "6");
    });
  }
  it("rfc-v1: vmx_vcpu_run returns before the clearing while emulation_required (invalid guest state)", () => {
    const o = run(
      scenario("guest_entry", "rfc-v1", [{ ipi_received: "6", vmx: { emulation_required: true } }], { vcpu: 0 }),
    );
    expect(vcpusOf(o)[0]!.ipi_received).toBe("6");
  });
  it("v5.6-ple: vcpu_enter_guest clears whatever the VMX state", () => {
    const o = run(
      scenario("guest_entry", "v5.6-ple", [{ ipi_received: "6", vmx: { emulation_required: true } }], { vcpu: 0 }),
    );
    expect(vcpusOf(o)[0]!.ipi_received).toBe("0");
  });
});

describe("a vCPU that has entered the guest since its IPI is not boosted for it", () => {
  for (const v of ["v5.6-ple", "rfc-v1"] as const) {
    it(`${v}: IPI from vCPU 0 recorded, guest entry, preempted in user mode, PLE exit of vCPU 0`, () => {
      // vCPU 1 holds bit 0 (an IPI from vCPU 0). It enters the guest (bit
      // cleared), is preempted in user mode (kvm_sched_out with current
      // running), then vCPU 0 spins with yield_to_kernel_mode: the user-mode
      // test finds no bit for vCPU 0 and skips vCPU 1. Without the guest
      // entry in between, the same steps boost vCPU 1.
      const start = scenario(
        "guest_entry",
        v,
        [{}, { ipi_received: "1", yield_to_result: 1 }],
        { vcpu: 1 },
        { rq: { curr: 1 } },
      );
      const entered = run(start);
      expect(vcpusOf(entered)[1]!.ipi_received).toBe("0");
      const out = run(next(start, entered, "kvm_sched_out", { vcpu: 1, next: 0 }));
      expect(vcpusOf(out)[1]).toMatchObject({ preempted: true, ready: true, scheduled_out: true });
      const spun = run(next(start, out, "kvm_vcpu_on_spin", { me: 0, yield_to_kernel_mode: true }));
      expect(yieldedTo(spun)).toEqual([]);

      const outDirect = run({
        ...next(
          start,
          run({ ...start, target: "kvm_sched_in", call: { vcpu: 0, cpu: 0, this_rq: 0 } }),
          "kvm_sched_out",
          { vcpu: 1, next: 0 },
        ),
      });
      const spunDirect = run(next(start, outDirect, "kvm_vcpu_on_spin", { me: 0, yield_to_kernel_mode: true }));
      expect(yieldedTo(spunDirect)).toEqual([1]);
    });
  }
});
