// SPDX-License-Identifier: GPL-2.0-only
// kvm_vcpu_on_spin, hand-derived per variant. Each case says which lines of
// the kernel loop decide it. In all of them the chain stops at yield_to():
// a vCPU task's stub result is its yield_to_result.
import { describe, expect, it } from "vitest";
import { scenario, run, vcpusOf, yieldedTo, VARIANTS, PATCHED } from "./helpers.js";

const spin = (v: (typeof VARIANTS)[number], vcpus: object[], call: object, lbv = 0) =>
  scenario("kvm_vcpu_on_spin", v, vcpus as never, { me: 0, ...call }, { last_boosted_vcpu: lbv });

describe("kvm_vcpu_on_spin: the round robin every variant shares", () => {
  for (const v of VARIANTS) {
    it(`${v}: boosts the preempted, ready vCPU after last_boosted_vcpu and records it there`, () => {
      // lbv = 0: pass 0 skips i = 0 (i <= lbv), visits vCPU 1: ready, not me,
      // no waiter, yield_to_kernel_mode off, not in a spin loop (eligible);
      // yield_to() returns 1 > 0 -> last_boosted_vcpu = 1 and the loop ends.
      // The patched variants skip their IPI blocks because vCPU 1 is preempted.
      const o = run(
        spin(v, [{}, { preempted: true, ready: true, yield_to_result: 1 }], { yield_to_kernel_mode: false }),
      );
      expect(yieldedTo(o)).toEqual([1]);
      expect(o.trace[0]).toEqual({ call: "yield_to", args: { task: "1", preempt: "1", ret: "1" } });
      expect((o.state.kvm as { last_boosted_vcpu: number }[])[0]!.last_boosted_vcpu).toBe(1);
      // me leaves the spin loop not eligible for the next one
      expect(vcpusOf(o)[0]!.spin_loop).toEqual({ in_spin_loop: false, dy_eligible: false });
      expect(o.faults).toEqual([]);
    });

    it(`${v}: -ESRCH three times ends the search (try reaches 0)`, () => {
      // vCPUs 1..4 are candidates; each yield_to() fails with -ESRCH: try
      // goes 3 -> 2 -> 1 -> 0 and the loop breaks before vCPU 4.
      const cand = { preempted: true, ready: true, yield_to_result: -3 };
      const o = run(spin(v, [{}, cand, cand, cand, cand], { yield_to_kernel_mode: false }));
      expect(yieldedTo(o)).toEqual([1, 2, 3]);
      expect((o.state.kvm as { last_boosted_vcpu: number }[])[0]!.last_boosted_vcpu).toBe(0);
    });

    it(`${v}: a refused yield (0) goes on to the next candidate, and pass 1 wraps around`, () => {
      // lbv = 2: pass 0 visits i = 3 (refused, 0), pass 1 visits i = 0 (me),
      // 1 (boosted) -> last_boosted_vcpu = 1.
      const o = run(
        spin(
          v,
          [
            {},
            { preempted: true, ready: true, yield_to_result: 5 },
            {},
            { preempted: true, ready: true, yield_to_result: 0 },
          ],
          {},
          2,
        ),
      );
      expect(yieldedTo(o)).toEqual([3, 1]);
      expect((o.state.kvm as { last_boosted_vcpu: number }[])[0]!.last_boosted_vcpu).toBe(1);
    });
  }
});

describe("kvm_vcpu_on_spin: patch 2's choice", () => {
  // vCPU 1 was preempted in user mode (arch.preempted_in_kernel false) and
  // has an IPI from me (vcpu_id 0) recorded in ipi_received bit 0.
  const receiver = { preempted: true, ready: true, ipi_received: "1", yield_to_result: 1 };

  for (const v of VARIANTS) {
    it(`${v}: a preempted IPI receiver in user mode is a candidate ${PATCHED[v] ? "(patched)" : "only with patch 2"}`, () => {
      // Base: `preempted && yield_to_kernel_mode && !kvm_arch_vcpu_in_kernel`
      // skips it. v5.6-ple: `yield_to_kernel_mode && !in_kernel` then looks at
      // ipi_received & (1 << 0) = 1 and does not skip. rfc-v1: the same test
      // inside the preempted/user-mode branch finds the bit and goes on.
      const o = run(spin(v, [{}, receiver], { yield_to_kernel_mode: true }));
      expect(yieldedTo(o)).toEqual(PATCHED[v] ? [1] : []);
    });
  }

  it("v5.6-ple: without the bit the receiver is skipped, and me marks its own ipi_received in pass 1", () => {
    // vCPU 1: no bit -> continue. Pass 1 visits i = 0 = me: not preempted,
    // so ipi_received = 0 and !(ready && bit) holds -> me.ipi_received |= 1ull << 0.
    const o = run(spin("v5.6-ple", [{}, { ...receiver, ipi_received: "0" }], { yield_to_kernel_mode: true }));
    expect(yieldedTo(o)).toEqual([]);
    expect(vcpusOf(o).map((x) => x.ipi_received)).toEqual(["1", "0"]);
  });

  it("rfc-v1: without the bit the receiver is skipped but gets the bit set, so the next spin boosts it", () => {
    // Inside the preempted/user-mode branch prev & (1 << 0) is 0 -> the RFC
    // writes prev | 1 into vCPU 1 and continues. Pass 1: me is not ready ->
    // continue before any IPI test. A second PLE exit then finds the bit.
    const scn = spin("rfc-v1", [{}, { ...receiver, ipi_received: "0" }], { yield_to_kernel_mode: true });
    const o = run(scn);
    expect(yieldedTo(o)).toEqual([]);
    expect(vcpusOf(o).map((x) => x.ipi_received)).toEqual(["0", "1"]);
    const again = run({ ...scn, vcpu: vcpusOf(o) });
    expect(yieldedTo(again)).toEqual([1]);
  });

  it("v5.6-ple: a running (not preempted) candidate is boosted only if ready and already marked by me", () => {
    // vCPU 1 not preempted, ready, no bit: !(ready && bit) -> set bit, skip.
    // vCPU 2 not preempted, ready, bit set: passes the block and is boosted.
    const o = run(
      spin(
        "v5.6-ple",
        [{}, { ready: true, yield_to_result: 1 }, { ready: true, ipi_received: "1", yield_to_result: 1 }],
        {},
      ),
    );
    expect(yieldedTo(o)).toEqual([2]);
    expect(vcpusOf(o)[1]!.ipi_received).toBe("1");
  });

  it("v5.6-ple: ipi_received marks with 1ull << vcpu_id: me id 40 sets bit 40, no UB", () => {
    const o = run(spin("v5.6-ple", [{ vcpu_id: 40 }, { ready: false }], {}));
    expect(vcpusOf(o)[1]!.ipi_received).toBe((1n << 40n).toString());
    expect(o.faults).toEqual([]);
  });

  it("v5.6-ple: the user-mode test uses int 1 << vcpu_id: me id 40 is UB (exponent 40) and tests bit 8", () => {
    // 1 << 40 on int: UBSan shift exponent, x86 masks the count to 8. vCPU 1
    // has bit 8 (not bit 40) and is boosted.
    const o = run(
      spin("v5.6-ple", [{ vcpu_id: 40 }, { ...receiver, ipi_received: "256" }], { yield_to_kernel_mode: true }),
    );
    expect(yieldedTo(o)).toEqual([1]);
    expect(o.faults).toEqual([
      { kind: "ub-shift-exponent", fn: "kvm_vcpu_on_spin", op: "shift", type: "s32", lhs: "1", rhs: "40" },
    ]);
  });

  it("rfc-v1: me with vcpu_id >= 32 is UB in `1 << me->vcpu_id` at every IPI test", () => {
    // vCPU 1 not preempted: prev & (1 << 40) -> UB, masked to 1 << 8 = 256;
    // bit 8 clear -> write prev | (1 << 40) -> UB again; ipi_received = 256.
    const o = run(spin("rfc-v1", [{ vcpu_id: 40 }, { ready: true }], {}));
    expect(vcpusOf(o)[1]!.ipi_received).toBe("256");
    const ub = { kind: "ub-shift-exponent", fn: "kvm_vcpu_on_spin", op: "shift", type: "s32", lhs: "1", rhs: "40" };
    expect(o.faults).toEqual([ub, ub]);
  });

  it("rfc-v1: me with vcpu_id 31 marks bits 31..63 (int 1 << 31 is INT_MIN, sign-extended to u64)", () => {
    const o = run(spin("rfc-v1", [{ vcpu_id: 31 }, { ready: true }], {}));
    expect(vcpusOf(o)[1]!.ipi_received).toBe(0xffff_ffff_8000_0000n.toString());
    expect(o.faults).toEqual([]);
  });

  for (const v of VARIANTS)
    it(`${v}: a preempted vCPU in kernel mode stays a candidate with yield_to_kernel_mode`, () => {
      // kvm_arch_vcpu_in_kernel reads arch.preempted_in_kernel (set by
      // kvm_arch_vcpu_put from the CPL); true -> no user-mode skip in any variant.
      const kern = { preempted: true, ready: true, arch: { preempted_in_kernel: true }, yield_to_result: 1 };
      expect(yieldedTo(run(spin(v, [{}, kern], { yield_to_kernel_mode: true })))).toEqual([1]);
    });
});
