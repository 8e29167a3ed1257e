// SPDX-License-Identifier: GPL-2.0-only
// wakeup_preempt_entity(curr, se): vdiff = (s64)(curr->vruntime - se->vruntime);
// -1 if vdiff <= 0, 1 if vdiff > wakeup_gran(se) (strictly), else 0.
import { describe, expect, it } from "vitest";
import { CFS_VARIANTS, MS, oneQueue, run, scenario, weightOf } from "./helpers.js";

describe.each(CFS_VARIANTS)("wakeup_preempt_entity (%s)", (v) => {
  const wpe = (curr: bigint, s: bigint, seWeight?: string) =>
    run(
      scenario("wakeup_preempt_entity", v, {
        ...oneQueue({
          entities: [
            { vruntime: curr.toString() },
            { vruntime: s.toString(), ...(seWeight ? { load: { weight: seWeight } } : {}) },
          ],
        }),
        call: { curr: 0, se: 1 },
      }),
    ).ret;

  it("is -1 when se is not behind curr (vdiff = 0)", () => {
    expect(wpe(10n * 1_000_000n, 10n * 1_000_000n)).toBe("-1");
  });
  it("is -1 when se is ahead (vdiff < 0)", () => {
    expect(wpe(5n, 6n)).toBe("-1");
  });
  it("is 0 within the granularity: vdiff = 0.5 ms <= 1 ms", () => {
    expect(wpe(10_000_000n, 9_500_000n)).toBe("0");
  });
  it("is 0 at exactly the granularity: vdiff = 1 ms is not > 1 ms", () => {
    expect(wpe(10_000_000n, 9_000_000n)).toBe("0");
  });
  it("is 1 past the granularity: vdiff = 1 ms + 1 ns", () => {
    expect(wpe(10_000_001n, 9_000_000n)).toBe("1");
  });
  it("scales the granularity by se's weight: nice 5 gran = 3056716, so vdiff = 3 ms gives 0 and 3.1 ms gives 1", () => {
    expect(wpe(13_000_000n, 10_000_000n, weightOf(335))).toBe("0");
    expect(wpe(13_100_000n, 10_000_000n, weightOf(335))).toBe("1");
  });
  it("works across the wrap: curr = 5, se = 2^64 - 2 ms: vdiff = 2 ms + 5 > 1 ms", () => {
    expect(wpe(5n, (1n << 64n) - 2n * BigInt(MS))).toBe("1");
  });
});
