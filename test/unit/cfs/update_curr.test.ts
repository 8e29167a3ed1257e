// SPDX-License-Identifier: GPL-2.0-only
// update_curr(cfs_rq): delta_exec = rq_clock_task - curr->exec_start; nothing
// happens unless (s64)delta_exec > 0; then exec_start = now, sum_exec_runtime
// += delta, vruntime += calc_delta_fair(delta, curr), update_min_vruntime,
// and account_cfs_rq_runtime(cfs_rq, delta) (a recorded stub).
import { describe, expect, it } from "vitest";
import { CFS_VARIANTS, cfsRq, oneQueue, run, scenario, se, weightOf } from "./helpers.js";

const U64 = 1n << 64n;

describe.each(CFS_VARIANTS)("update_curr (%s)", (v) => {
  const update = (clock: bigint, exec_start: bigint, extra: { weight?: string; noCurr?: boolean } = {}) =>
    run(
      scenario("update_curr", v, {
        ...oneQueue({
          entities: [
            {
              vruntime: "1000",
              exec_start: exec_start.toString(),
              sum_exec_runtime: "7",
              ...(extra.weight ? { load: { weight: extra.weight } } : {}),
            },
          ],
          rq: { clock_task: clock.toString() },
          cfs_rq: { min_vruntime: "500", ...(extra.noCurr ? { curr: null } : {}) },
        }),
        call: { cfs_rq: 0 },
      }),
    );

  it("charges a nice-0 curr 1:1: delta 4000 -> vruntime 5000, sum 4007, exec_start = now, min_vruntime = curr's 5000", () => {
    const out = update(14000n, 10000n);
    expect(se(out, 0)).toMatchObject({ exec_start: "14000", sum_exec_runtime: "4007", vruntime: "5000" });
    expect(cfsRq(out, 0).min_vruntime).toBe("5000");
    expect(out.trace).toEqual([{ call: "account_cfs_rq_runtime", args: { cfs_rq: "0", delta_exec: "4000" } }]);
  });
  it("does nothing when no time passed ((s64)0 <= 0)", () => {
    const out = update(10000n, 10000n);
    expect(se(out, 0)).toMatchObject({ exec_start: "10000", vruntime: "1000" });
    expect(out.trace).toEqual([]);
  });
  it("does nothing when the clock is behind exec_start ((s64)(now - exec_start) < 0)", () => {
    const out = update(10000n, 10001n);
    expect(se(out, 0).vruntime).toBe("1000");
  });
  it("charges across the clock's wrap: now = 5, exec_start = 2^64 - 5: delta = 10", () => {
    const out = update(5n, U64 - 5n);
    expect(se(out, 0)).toMatchObject({ exec_start: "5", sum_exec_runtime: "17", vruntime: "1010" });
  });
  it("scales by weight: nice -5 (3121): inv = 1376151, fact = 1024*inv renormalised to shift 30; 4 ms -> 1312399", () => {
    const out = update(4_000_000n, 0n, { weight: weightOf(3121) });
    expect(se(out, 0).vruntime).toBe(String(1000 + 1312399));
  });
  it("returns before any update when the cfs_rq has no curr (after reading the clock)", () => {
    const out = update(14000n, 10000n, { noCurr: true });
    expect(se(out, 0).vruntime).toBe("1000");
    expect(out.faults).toEqual([]);
  });
});
