// SPDX-License-Identifier: GPL-2.0-only
// The ICR write (apic_send_ipi / kvm_apic_send_ipi) and patch 2's
// mark_ipi_receiver, hand-derived per variant.
import { describe, expect, it } from "vitest";
import { scenario, run, vcpusOf, VARIANTS, PATCHED } from "./helpers.js";

const X2APIC = (0xfee0_0000n | (1n << 10n) | (1n << 11n)).toString(); // enabled, x2APIC mode
const XAPIC = (0xfee0_0000n | (1n << 11n)).toString();

describe("ICR decode", () => {
  // icr_low 0xCCCFD: vector 0xFD, delivery mode NMI (4 << 8), logical
  // destination (0x800), level assert (0x4000), level trigger (0x8000),
  // shorthand all-excluding-self (3 << 18); the delivery status bit is not
  // part of the irq.
  const low = 0xcccfd | 0x1000;
  for (const v of VARIANTS) {
    it(`${v}: xAPIC takes the destination from ICR-high bits 24-31`, () => {
      // (vCPUs with ids 18 and 259 exist, so the RFC's lookup finds a vCPU)
      const o = run(
        scenario("kvm_apic_send_ipi", v, [{ arch: { apic_base: XAPIC } }, { vcpu_id: 18 }, { vcpu_id: 259 }], {
          vcpu: 0,
          icr_low: low,
          icr_high: 0x12345678,
        }),
      );
      const delivery = o.trace.find((t) => t.call === "kvm_irq_delivery_to_apic");
      expect(delivery!.args).toEqual({
        src_vcpu: "0",
        vector: "253",
        delivery_mode: "1024",
        dest_mode: "2048",
        level: "1",
        trig_mode: "32768",
        shorthand: "786432",
        dest_id: "18",
      });
    });
    it(`${v}: x2APIC takes the whole ICR-high as destination`, () => {
      // 0x103 = 259: in xAPIC mode this would be destination 0
      const o = run(
        scenario("kvm_apic_send_ipi", v, [{ arch: { apic_base: X2APIC } }, { vcpu_id: 18 }, { vcpu_id: 259 }], {
          vcpu: 0,
          icr_low: 0xfd,
          icr_high: 0x103,
        }),
      );
      const delivery = o.trace.find((t) => t.call === "kvm_irq_delivery_to_apic");
      expect(delivery!.args).toMatchObject({ vector: "253", level: "0", shorthand: "0", dest_id: "259" });
    });
  }
});

describe("mark_ipi_receiver through the ICR write", () => {
  for (const v of VARIANTS) {
    it(`${v}: an IPI to a scheduled-out vCPU ${PATCHED[v] ? "sets the sender's bit" : "changes nothing"}`, () => {
      // vCPU 2 (id 2) sends a fixed IPI to xAPIC id 1; vCPU 1 is scheduled out.
      const o = run(
        scenario("kvm_apic_send_ipi", v, [{}, { scheduled_out: true }, {}], {
          vcpu: 2,
          icr_low: 0x40fd,
          icr_high: 1 << 24,
        }),
      );
      expect(vcpusOf(o)[1]!.ipi_received).toBe(PATCHED[v] ? "4" : "0");
      expect(o.trace.map((t) => t.call)).toEqual(["kvm_irq_delivery_to_apic"]);
    });
    it(`${v}: a running receiver (not scheduled out) is not marked`, () => {
      const o = run(scenario("kvm_apic_send_ipi", v, [{}, {}, {}], { vcpu: 2, icr_low: 0x40fd, icr_high: 1 << 24 }));
      expect(vcpusOf(o)[1]!.ipi_received).toBe("0");
    });
  }

  it("rfc-v1: a destination id with no vCPU is a NULL dereference in mark_ipi_receiver, and the IPI is never delivered", () => {
    // x2APIC broadcast 0xFFFFFFFF -> irq.dest_id -> int id -1 ->
    // kvm_get_vcpu_by_id returns NULL -> READ_ONCE(dest_vcpu->sched_outed) oopses.
    const o = run(
      scenario("kvm_apic_send_ipi", "rfc-v1", [{ arch: { apic_base: X2APIC } }, {}], {
        vcpu: 0,
        icr_low: 0xfd,
        icr_high: 0xffffffff,
      }),
    );
    expect(o.faults).toEqual([{ kind: "oops-null", fn: "mark_ipi_receiver" }]);
    expect(o.trace).toEqual([]);
  });
  it("v5.6-ple: the same broadcast finds no vCPU, returns, and the IPI is delivered", () => {
    const o = run(
      scenario("kvm_apic_send_ipi", "v5.6-ple", [{ arch: { apic_base: X2APIC } }, {}], {
        vcpu: 0,
        icr_low: 0xfd,
        icr_high: 0xffffffff,
      }),
    );
    expect(o.faults).toEqual([]);
    expect(o.trace[0]!.args.dest_id).toBe(String(0xffffffff));
  });
  it("rfc-v1: an xAPIC broadcast (dest 0xFF) oopses unless a vCPU has id 255", () => {
    const call = { vcpu: 0, icr_low: 0xfd, icr_high: 0xff000000 };
    expect(run(scenario("kvm_apic_send_ipi", "rfc-v1", [{}, {}], call)).faults).toEqual([
      { kind: "oops-null", fn: "mark_ipi_receiver" },
    ]);
    expect(run(scenario("kvm_apic_send_ipi", "rfc-v1", [{}, { vcpu_id: 255 }], call)).faults).toEqual([]);
  });
  it("rfc-v1: a shorthand IPI (all-but-self, destination field 0) marks the vCPU with id 0", () => {
    // The shorthand is ignored by mark_ipi_receiver: dest_id 0 names vCPU 0.
    const o = run(
      scenario("kvm_apic_send_ipi", "rfc-v1", [{ scheduled_out: true }, {}], {
        vcpu: 1,
        icr_low: 0xc00fd,
        icr_high: 0,
      }),
    );
    expect(vcpusOf(o)[0]!.ipi_received).toBe("2");
  });
});

describe("mark_ipi_receiver alone", () => {
  it("rfc-v1: a dest id with no vCPU oopses (no NULL check in the RFC)", () => {
    const o = run(scenario("mark_ipi_receiver", "rfc-v1", [{}, {}], { vcpu: 0, id: 5 }));
    expect(o.faults).toEqual([{ kind: "oops-null", fn: "mark_ipi_receiver" }]);
  });
  it("v5.6-ple: a dest id with no vCPU returns", () => {
    const o = run(scenario("mark_ipi_receiver", "v5.6-ple", [{}, {}], { vcpu: 0, id: 5 }));
    expect(o.faults).toEqual([]);
    expect(vcpusOf(o).map((x) => x.ipi_received)).toEqual(["0", "0"]);
  });
  it("rfc-v1: sender vcpu_id 40 is UB in `1 << vcpu_id` and marks bit 8", () => {
    const o = run(
      scenario("mark_ipi_receiver", "rfc-v1", [{ vcpu_id: 40 }, { scheduled_out: true }], { vcpu: 0, id: 1 }),
    );
    expect(vcpusOf(o)[1]!.ipi_received).toBe("256");
    expect(o.faults).toEqual([
      { kind: "ub-shift-exponent", fn: "mark_ipi_receiver", op: "shift", type: "s32", lhs: "1", rhs: "40" },
    ]);
  });
  it("v5.6-ple: sender vcpu_id 40 marks bit 40 (1ull <<); id 64 is UB for u64 and marks bit 0", () => {
    const o = run(
      scenario("mark_ipi_receiver", "v5.6-ple", [{ vcpu_id: 40 }, { scheduled_out: true }], { vcpu: 0, id: 1 }),
    );
    expect(vcpusOf(o)[1]!.ipi_received).toBe((1n << 40n).toString());
    const o64 = run(
      scenario("mark_ipi_receiver", "v5.6-ple", [{ vcpu_id: 64 }, { scheduled_out: true }], { vcpu: 0, id: 1 }),
    );
    expect(vcpusOf(o64)[1]!.ipi_received).toBe("1");
    expect(o64.faults).toEqual([
      { kind: "ub-shift-exponent", fn: "mark_ipi_receiver", op: "shift", type: "u64", lhs: "1", rhs: "64" },
    ]);
  });
  it("the unpatched variants have no mark_ipi_receiver: ret -1, nothing changes", () => {
    for (const v of ["v5.6", "rfc-base"] as const) {
      const o = run(scenario("mark_ipi_receiver", v, [{}, { scheduled_out: true }], { vcpu: 0, id: 1 }));
      expect(o.ret).toBe("-1");
      expect(vcpusOf(o)[1]!.ipi_received).toBe("0");
    }
  });
});
