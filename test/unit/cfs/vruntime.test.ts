// SPDX-License-Identifier: GPL-2.0-only
// entity_before, min_vruntime/max_vruntime (through update_min_vruntime):
// vruntimes compare by the sign of their u64 difference taken as s64, so the
// order survives wrap-around.
import { describe, expect, it } from "vitest";
import { CFS_VARIANTS, cfsRq, oneQueue, run, scenario } from "./helpers.js";

const U64 = 1n << 64n;

describe.each(CFS_VARIANTS)("entity_before (%s)", (v) => {
  const before = (a: bigint, b: bigint) =>
    run(
      scenario("entity_before", v, {
        ...oneQueue({ entities: [{ vruntime: a.toString() }, { vruntime: b.toString() }] }),
        call: { curr: 0, se: 1 },
      }),
    ).ret;

  it("is 1 when a's vruntime is smaller: (s64)(10 - 20) = -10 < 0", () => {
    expect(before(10n, 20n)).toBe("1");
  });
  it("is 0 for equal vruntimes: (s64)0 is not < 0", () => {
    expect(before(7n, 7n)).toBe("0");
  });
  it("is 0 when a is later: (s64)(20 - 10) = 10", () => {
    expect(before(20n, 10n)).toBe("0");
  });
  it("orders across the u64 wrap: (s64)((2^64 - 5) - 3) = -8 < 0, so 2^64-5 is before 3", () => {
    expect(before(U64 - 5n, 3n)).toBe("1");
    expect(before(3n, U64 - 5n)).toBe("0");
  });
  it("flips at a distance of 2^63: (s64)(0 - 2^63) = -2^63 < 0, (s64)(2^63 - 0) = -2^63 < 0 too", () => {
    expect(before(0n, 1n << 63n)).toBe("1");
    expect(before(1n << 63n, 0n)).toBe("1");
  });
});

describe.each(CFS_VARIANTS)("update_min_vruntime (%s)", (v) => {
  const update = (opts: { min: bigint; curr?: { v: bigint; on_rq: number }; left?: bigint }) => {
    const entities = [];
    if (opts.curr) entities.push({ vruntime: opts.curr.v.toString(), on_rq: opts.curr.on_rq });
    if (opts.left !== undefined) entities.push({ vruntime: opts.left.toString(), run_node: { rank: 0 } });
    const out = run(
      scenario("update_min_vruntime", v, {
        ...oneQueue({
          entities: entities.length ? entities : [{ cfs_rq: null, on_rq: 0 }],
          cfs_rq: { min_vruntime: opts.min.toString(), curr: opts.curr ? 0 : null },
        }),
        call: { cfs_rq: 0 },
      }),
    );
    return BigInt(cfsRq(out, 0).min_vruntime as string);
  };

  it("takes min(curr, leftmost) when curr is queued, then max with the old value: max(10, min(100, 50)) = 50", () => {
    expect(update({ min: 10n, curr: { v: 100n, on_rq: 1 }, left: 50n })).toBe(50n);
  });
  it("ignores a curr that is not queued: vruntime = leftmost = 50", () => {
    expect(update({ min: 10n, curr: { v: 20n, on_rq: 0 }, left: 50n })).toBe(50n);
  });
  it("uses curr alone when the timeline is empty: max(10, 30) = 30", () => {
    expect(update({ min: 10n, curr: { v: 30n, on_rq: 1 } })).toBe(30n);
  });
  it("keeps min_vruntime with no curr and an empty timeline", () => {
    expect(update({ min: 12345n })).toBe(12345n);
  });
  it("never moves back: max_vruntime(200, 50) = 200", () => {
    expect(update({ min: 200n, left: 50n })).toBe(200n);
  });
  it("moves forward across the wrap: (s64)(5 - (2^64 - 10)) = 15 > 0, so the new minimum is 5", () => {
    expect(update({ min: U64 - 10n, left: 5n })).toBe(5n);
  });
});
