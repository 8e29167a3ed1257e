// SPDX-License-Identifier: GPL-2.0-only
// Patch 2's problems and claims judged on hand-built VMs. vCPU 0 is the
// sender S (it spins), vCPU 1 the receiver R, vCPU 2 (P3) a third vCPU T.
//  - P2: vanilla skips a vCPU preempted in user mode when
//    yield_to_kernel_mode; both patches boost it once S's IPI marked it.
//    ple-kvm marks with a u64 shift but tests with an int shift: a sender
//    with vcpu_id 32 is looked up at bit 0, so R is skipped again.
//  - P3: vanilla boosts a halted vCPU woken by T's IPI when S spins; both
//    patches skip it (S's bit is not set). The RFC shifts an int: T = 33
//    sets bit 1, which is S's (id 1), and R is boosted again.
//  - C3: an IPI that reached R while it ran, before it was preempted, is not
//    recorded (mark_ipi_receiver looks at scheduled_out): no boost.
//  - C4: once R has run (sched_in clears ipi_received, guest entry too), a
//    later spin of S does not boost it for the old IPI.
import { describe, expect, it } from "vitest";
import { claimScenario, runStepsBoth } from "../../../harness/claims/steps.js";
import { guestEntry, ipi, judge, schedIn, schedOut, spin, vm, PROBLEM_UNTIL_PATCHED, type Variant } from "./helpers.js";

const p2 = (sid: number, rid: number) =>
  claimScenario(vm([sid, rid], ["sender", "preempted-user"]), [ipi(0, rid), spin(0, true)]);

describe("P2: an IPI receiver in user mode is not boosted", () => {
  it.each(PROBLEM_UNTIL_PATCHED)("on %s the witness shows: %s", (v, witness) => {
    const j = judge("P2", p2(0, 1), v);
    expect(j.applicable).toBe(true);
    expect(j.bad).toBe(witness);
  });

  it("v5.6-ple: a sender with vcpu_id 32 is looked up at bit 0 (an int shift, UB) and R is skipped", () => {
    const j = judge("P2", p2(32, 0), "v5.6-ple");
    expect(j.bad).toBe(true);
    expect(j.why).toContain("ipi_received 0x100000000");
    expect(j.why).toContain("UB in kvm_vcpu_on_spin: shift exponent 32");
    // the RFC marks and tests with the same int shift, so the two agree
    expect(judge("P2", p2(32, 0), "rfc-v1").bad).toBe(false);
  });
});

const p3 = (sid: number, rid: number, tid: number) =>
  claimScenario(vm([sid, rid, tid], ["sender", "halted-woken", "running"]), [ipi(2, rid), spin(0, false)]);

describe("P3: a halted IPI receiver is always a candidate", () => {
  it.each(PROBLEM_UNTIL_PATCHED)("on %s the witness shows: %s", (v, witness) => {
    const j = judge("P3", p3(1, 2, 0), v);
    expect(j.applicable).toBe(true);
    expect(j.bad).toBe(witness);
  });

  it("rfc-v1: T = 33 sets bit 1 (1 << 33 in an int), which is S's (id 1): R is boosted", () => {
    expect(judge("P3", p3(1, 2, 33), "rfc-v1").bad).toBe(true);
    expect(judge("P3", p3(1, 2, 33), "v5.6-ple").bad).toBe(false);
  });

  it("v5.6-ple: T = 65 sets bit 1 (a u64 shift by 65, UB), S's again", () => {
    const j = judge("P3", p3(1, 2, 65), "v5.6-ple");
    expect(j.bad).toBe(true);
    expect(j.why).toContain("UB in mark_ipi_receiver: shift exponent 65");
  });

  it("is not applicable when the IPI is the spinner's own", () => {
    const scn = claimScenario(vm([1, 2, 0], ["sender", "halted-woken", "running"]), [ipi(0, 2), spin(0, false)]);
    expect(judge("P3", scn, "v5.6").applicable).toBe(false);
  });
});

describe("C3: with patch 2 a preempted IPI receiver in user mode is a candidate", () => {
  it.each<Variant>(["v5.6-ple", "rfc-v1"])("holds when R was scheduled out when the IPI came (%s)", (v) => {
    expect(judge("C3", p2(0, 1), v)).toMatchObject({ applicable: true, bad: false });
  });

  it.each<Variant>(["v5.6-ple", "rfc-v1"])(
    "fails when the IPI reached R while it ran, then R was preempted (%s)",
    (v) => {
      const scn = claimScenario(vm([0, 1], ["sender", "running"]), [ipi(0, 1), schedOut(1), spin(0, true)]);
      const j = judge("C3", scn, v);
      expect(j.bad).toBe(true);
      expect(j.why).toMatch(/^the IPI reached it while it ran, then it was preempted/);
    },
  );
});

describe("C3's gap, spin after spin", () => {
  it("rfc-v1 marks R on S's first spin and boosts it on the second; v5.6-ple never does", () => {
    const scn = claimScenario(vm([0, 1], ["sender", "running"]), [
      ipi(0, 1),
      schedOut(1),
      spin(0, true),
      spin(0, true),
    ]);
    const boosts = (v: Variant) => {
      const r = runStepsBoth({ ...scn, variants: { cfs: v, kvm: v } });
      expect(r.divergence).toBeNull();
      return r.steps.slice(2).map((st) => st.out.trace.filter((t) => t.call === "yield_to").map((t) => t.args.task));
    };
    expect(boosts("rfc-v1")).toEqual([[], ["1"]]);
    expect(boosts("v5.6-ple")).toEqual([[], []]);
  });
});

describe("C4: with patch 2 no boost for an IPI the receiver has run since", () => {
  const ran = (steps: ReturnType<typeof schedIn>[]) =>
    claimScenario(vm([0, 1], ["sender", "preempted-user"]), [ipi(0, 1), ...steps, schedOut(1), spin(0, true)]);

  it.each<Variant>(["v5.6-ple", "rfc-v1"])("holds after sched_in, and after sched_in + guest entry (%s)", (v) => {
    expect(judge("C4", ran([schedIn(1)]), v)).toMatchObject({ applicable: true, bad: false });
    expect(judge("C4", ran([schedIn(1), guestEntry(1)]), v)).toMatchObject({ applicable: true, bad: false });
  });

  it("is not applicable when R did not run", () => {
    expect(judge("C4", ran([]), "v5.6-ple").applicable).toBe(false);
  });
});
