// SPDX-License-Identifier: GPL-2.0-only
// The small helpers: kvm_vcpu_eligible_for_directed_yield, vcpu_dy_runnable,
// kvm_get_vcpu_by_id, hand-derived (the same in every variant).
import { describe, expect, it } from "vitest";
import { scenario, run, vcpusOf, VARIANTS, type VcpuSpec } from "./helpers.js";

describe("kvm_vcpu_eligible_for_directed_yield", () => {
  // eligible = !in_spin_loop || dy_eligible; a vCPU in a spin loop has
  // dy_eligible toggled each time it is asked.
  const cases: [boolean, boolean, string, boolean][] = [
    [false, false, "1", false],
    [false, true, "1", true],
    [true, false, "0", true],
    [true, true, "1", false],
  ];
  for (const v of VARIANTS)
    for (const [in_spin_loop, dy_eligible, ret, after] of cases)
      it(`${v}: in_spin_loop=${in_spin_loop} dy_eligible=${dy_eligible} -> ${ret}, dy_eligible ${after}`, () => {
        const o = run(
          scenario("kvm_vcpu_eligible_for_directed_yield", v, [{ spin_loop: { in_spin_loop, dy_eligible } }], {
            vcpu: 0,
          }),
        );
        expect(o.ret).toBe(ret);
        expect(vcpusOf(o)[0]!.spin_loop).toEqual({ in_spin_loop, dy_eligible: after });
      });
});

describe("vcpu_dy_runnable", () => {
  for (const v of VARIANTS)
    it(`${v}: kvm_arch_dy_runnable or a completed async page fault`, () => {
      const r = (x: VcpuSpec) => run(scenario("vcpu_dy_runnable", v, [x], { vcpu: 0 })).ret;
      expect(r({ kvm_arch_dy_runnable: true })).toBe("1");
      expect(r({ async_pf_done: true })).toBe("1");
      expect(r({})).toBe("0");
    });
});

describe("kvm_get_vcpu_by_id", () => {
  const by = (v: (typeof VARIANTS)[number], ids: number[], id: number) =>
    run(
      scenario(
        "kvm_get_vcpu_by_id",
        v,
        ids.map((vcpu_id) => ({ vcpu_id })),
        { kvm: 0, id },
      ),
    ).ret;
  for (const v of VARIANTS) {
    it(`${v}: the fast path vcpus[id] when its vcpu_id matches, else the scan`, () => {
      // ids [5, 0, 7]: id 0 -> vcpus[0] has id 5 -> scan finds index 1.
      // id 7 -> 7 >= online_vcpus, array_index_nospec clamps to 0 -> id 5,
      // no match -> scan finds index 2. id 5 -> index 0 via the clamp.
      expect(by(v, [5, 0, 7], 0)).toBe("1");
      expect(by(v, [5, 0, 7], 7)).toBe("2");
      expect(by(v, [5, 0, 7], 5)).toBe("0");
    });
    it(`${v}: negative ids and absent ids are NULL (-1); ids >= KVM_MAX_VCPUS only by the scan`, () => {
      expect(by(v, [0, 1], -1)).toBe("-1");
      expect(by(v, [0, 1], 9)).toBe("-1");
      expect(by(v, [0, 300], 300)).toBe("1");
    });
    it(`${v}: with duplicate ids the fast path can return a later vCPU than the scan would`, () => {
      // ids [1, 1]: vcpus[1] has id 1 -> returned, though vcpus[0] has it too.
      expect(by(v, [1, 1], 1)).toBe("1");
    });
  }
});
