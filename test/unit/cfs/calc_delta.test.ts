// SPDX-License-Identifier: GPL-2.0-only
// wakeup_gran -> calc_delta_fair -> __calc_delta -> __update_inv_weight:
// gran * NICE_0_LOAD / se->load.weight in 32-bit fixed point,
// (gran * (fact * inv_weight renormalised below 2^32)) >> shift.
import { describe, expect, it } from "vitest";
import { CFS_VARIANTS, MS, oneQueue, run, scenario, se, weightOf } from "./helpers.js";

function gran(v: (typeof CFS_VARIANTS)[number], weight: string, inv_weight = 0, sysctl = MS) {
  const out = run(
    scenario("wakeup_gran", v, {
      ...oneQueue({ entities: [{ load: { weight, inv_weight } }], sys: { sysctl_sched_wakeup_granularity: sysctl } }),
      call: { se: 0 },
    }),
  );
  return { gran: BigInt(out.ret), inv: se(out, 0).load as { inv_weight: number } };
}

describe.each(CFS_VARIANTS)("wakeup_gran / __calc_delta (%s)", (v) => {
  it("is the sysctl unchanged for a nice-0 entity (weight == NICE_0_LOAD: no __calc_delta, inv_weight stays 0)", () => {
    const r = gran(v, (1n << 20n).toString(), 0, 3 * MS);
    expect(r.gran).toBe(3_000_000n);
    expect(r.inv.inv_weight).toBe(0);
  });

  it("scales by 1024/335 for nice 5: inv = 0xffffffff/335 = 12820797, fact = 1024*inv = 13128496128 > 2^32, two halvings -> 3282124032 with shift 30, (1e6 * 3282124032) >> 30 = 3056716", () => {
    const r = gran(v, weightOf(335));
    expect(r.gran).toBe(3056716n);
    expect(r.inv.inv_weight).toBe(12820797); // __update_inv_weight wrote it back
  });

  it("uses a preset inv_weight as is (sched_prio_to_wmult[25] = 12820798 gives the same 3056716)", () => {
    const r = gran(v, weightOf(335), 12820798);
    expect(r.gran).toBe(3056716n);
    expect(r.inv.inv_weight).toBe(12820798);
  });

  it("is about 68x for nice 19 (weight 15): inv = 286331153, fact = 1024*inv = 293203100672, six halvings -> shift 26, result 68266666", () => {
    expect(gran(v, weightOf(15)).gran).toBe(68266666n);
  });

  it("saturates inv_weight at 1 for weights whose scaled value is >= 2^32-1 (BITS_PER_LONG > 32)", () => {
    // w = (2^42 - 2^10) >> 10 = 2^32 - 1 >= WMULT_CONST -> inv 1; fact = 1024, shift 32: (1e6 * 1024) >> 32 = 0
    const r = gran(v, ((1n << 42n) - 1024n).toString());
    expect(r.inv.inv_weight).toBe(1);
    expect(r.gran).toBe(0n);
  });

  it("treats weight 0 as inv_weight WMULT_CONST: (1e6 * 1024 * 0xffffffff, renormalised) = 1023999999", () => {
    const r = gran(v, "0");
    expect(r.inv.inv_weight).toBe(0xffffffff);
    expect(r.gran).toBe(1023999999n);
  });
});

describe("scale_load_down of tiny weights: v5.6 shifts, rfc-base keeps at least 2", () => {
  // weight 1024 (an unscaled nice-0 value): v5.6 scale_load_down = 1 -> inv 0xffffffff -> 1023999999;
  // rfc-base: max(2, 1) = 2 -> inv 0x7fffffff -> half of that, 511999999.
  it.each([
    ["v5.6", 1023999999n, 0xffffffff],
    ["v5.6-ple", 1023999999n, 0xffffffff],
    ["rfc-base", 511999999n, 0x7fffffff],
    ["rfc-v1", 511999999n, 0x7fffffff],
  ] as const)("%s: gran %s, inv_weight %s", (v, g, inv) => {
    const r = gran(v, "1024");
    expect(r.gran).toBe(g);
    expect(r.inv.inv_weight).toBe(inv);
  });
});
