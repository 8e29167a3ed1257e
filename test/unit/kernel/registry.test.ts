// SPDX-License-Identifier: GPL-2.0-only
// ts-port/index.ts, the variant registry: every variant loads with both
// families, under its own name, with the sentence `ple-parity variants` shows;
// and kernel/world.ts's trace recorder, which every variant's stubs call.
// The registry is imported inside the test, not at the top of the file: a
// module that fails while it loads then fails this test instead of the file's
// collection (which Stryker's vitest runner would not count as a failure).
import { describe, expect, it } from "vitest";

const NAMES = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"];

describe("ts-port/index.ts", () => {
  it("loads every variant, each family's entry points tagged with the variant's name", async () => {
    const { VARIANTS, VARIANT_NAMES } = await import("../../../ts-port/index.js");
    expect(VARIANT_NAMES).toEqual(NAMES);
    for (const name of NAMES) {
      const v = VARIANTS[name]!;
      expect(v.cfs.variant).toBe(name);
      expect(v.kvm.variant).toBe(name);
      expect(typeof v.cfs.pick_next_entity).toBe("function");
      expect(typeof v.kvm.kvm_vcpu_on_spin).toBe("function");
      expect(v.about.length).toBeGreaterThan(10);
    }
  });

  it("describes each variant by its tree: vanilla, ple-kvm, the RFC's base or the RFC", async () => {
    const { VARIANTS } = await import("../../../ts-port/index.js");
    expect(VARIANTS["v5.6"]!.about).toMatch(/vanilla/);
    expect(VARIANTS["v5.6-ple"]!.about).toMatch(/ple-kvm/);
    expect(VARIANTS["rfc-base"]!.about).toMatch(/RFC was posted against/);
    expect(VARIANTS["rfc-v1"]!.about).toMatch(/RFC v1 patch/);
  });

  it("records a stubbed call under its trace kind's number", async () => {
    const { TRACE_KINDS } = await import("../../../harness/layout.js");
    const { ple_set_world, ple_trace } = await import("../../../ts-port/kernel/world.js");
    const trace: bigint[][] = [];
    ple_set_world({ trace } as unknown as Parameters<typeof ple_set_world>[0]);
    ple_trace(TRACE_KINDS[1]!.name, 7n);
    expect(trace).toEqual([[1n, 7n]]);
  });

  it("keeps at most TRACE_MAX calls, as the C side's fixed trace buffer", async () => {
    const { TRACE_KINDS, TRACE_MAX } = await import("../../../harness/layout.js");
    const { ple_set_world, ple_trace } = await import("../../../ts-port/kernel/world.js");
    const trace: bigint[][] = Array.from({ length: TRACE_MAX - 1 }, () => [0n]);
    ple_set_world({ trace } as unknown as Parameters<typeof ple_set_world>[0]);
    ple_trace(TRACE_KINDS[1]!.name, 1n);
    ple_trace(TRACE_KINDS[1]!.name, 2n);
    expect(trace).toHaveLength(TRACE_MAX);
    expect(trace.at(-1)).toEqual([1n, 1n]);
  });
});
