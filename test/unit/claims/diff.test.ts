// SPDX-License-Identifier: GPL-2.0-only
// The variant diff on a hand-built pair and on a small campaign: the case
// patch 1 exists for (yielder A at 100 ms, target B at 103 ms, granularity
// 1 ms) differs between v5.6 and v5.6-ple in A's vruntime (100 ms -> 102 ms),
// and the branch is the patch's deboost: only v5.6-ple ran deboost_yield_task
// and deboost_yield_task_vruntime, and its line moving the vruntime.
import { describe, expect, it } from "vitest";
import { diffScenario, plan, readableWord, runDiff } from "../../../harness/diff/campaign.js";
import { parseSide, sameCode, SideError } from "../../../harness/diff/sides.js";
import { MS } from "./helpers.js";
import type { Scenario } from "../../../harness/scenario.js";

const yieldCase: Scenario = {
  format: 1,
  target: "yield_to_task_fair",
  variants: { cfs: "v5.6", kvm: "v5.6" },
  sys: { sysctl_sched_wakeup_granularity: MS },
  rq: [{ curr: 0, cfs: 0, nr_running: 2, clock_task: "5000", clock_update_flags: 2 }],
  cfs_rq: [{ rq: 0, nr_running: 2, curr: 0, min_vruntime: String(95 * MS) }],
  se: [
    { cfs_rq: 0, on_rq: 1, vruntime: String(100 * MS), exec_start: "5000" },
    { cfs_rq: 0, on_rq: 1, vruntime: String(103 * MS), run_node: { rank: 0 } },
  ],
  task: [
    { se: 0, cpu: 0, on_cpu: 1 },
    { se: 1, cpu: 0 },
  ],
  call: { this_rq: 0, p: 1, preempt: true },
};

describe("sides", () => {
  it("a variant name is both families; a pair names each", () => {
    expect(parseSide("v5.6")).toEqual({ cfs: "v5.6", kvm: "v5.6" });
    expect(parseSide("kvm=v5.6,cfs=v5.6-ple")).toEqual({ cfs: "v5.6-ple", kvm: "v5.6" });
    expect(() => parseSide("v9")).toThrow(SideError);
    expect(() => parseSide("cfs=v5.6")).toThrow(/needs both/);
    expect(() => parseSide("cfs=v5.6,cfs=v5.6")).toThrow(/twice/);
  });

  it("targets of a family both sides run the same code of are not compared", () => {
    const a = parseSide("cfs=v5.6,kvm=v5.6");
    const b = parseSide("cfs=v5.6-ple,kvm=v5.6");
    expect(sameCode("kvm", a, b)).toMatch(/both sides run kvm=v5.6/);
    expect(sameCode("cfs", a, b)).toBeNull();
    expect(sameCode("compose", a, b)).toBeNull();
    const p = plan({ a, b });
    expect(p.run.map((t) => t.family)).not.toContain("kvm");
    expect(p.skipped.map((s) => s.target)).toContain("kvm_vcpu_on_spin");
  });

  it("outcome words read as names", () => {
    expect(readableWord("faults[0].fn", 0n)).toBe("?");
    expect(readableWord("trace[0].call", 2n)).toBe("yield_to");
    expect(readableWord("cfs_rq[0].next", (1n << 64n) - 1n)).toBe("NULL");
    expect(readableWord("kvm[0].last_boosted_vcpu", (1n << 64n) - 1n)).toBe("-1");
  });
});

describe("diff on a hand-built pair", () => {
  it("v5.6 vs v5.6-ple: A's vruntime, and the deboost is the branch", async () => {
    const d = await diffScenario(yieldCase, parseSide("v5.6"), parseSide("v5.6-ple"));
    expect(d.field).toBe("se[].vruntime");
    expect(d.differences).toEqual([{ field: "se[0].vruntime", a: String(100 * MS), b: String(102 * MS) }]);
    expect(d.functions).toEqual(["B fair.ts deboost_yield_task", "B fair.ts deboost_yield_task_vruntime"]);
    expect(d.branch.map((l) => `${l.side} ${l.fn}: ${l.text}`)).toContain(
      "B deboost_yield_task_vruntime: if (wakeup_preempt_entity(next_se, yield_se) >= 1) yield_se.vruntime = u64(next_se.vruntime - wakeup_gran(next_se));",
    );
  });

  it("the same variant on both sides: no difference", async () => {
    const d = await diffScenario(yieldCase, parseSide("rfc-v1"), parseSide("rfc-v1"));
    expect(d).toMatchObject({ field: null, differences: [], functions: [], branch: [] });
  });
});

describe("a diff campaign", () => {
  it("v5.6 vs v5.6-ple on yield_to_task_fair: counted, grouped, each group's smallest example confirmed on C", async () => {
    const r = await runDiff({
      a: parseSide("v5.6"),
      b: parseSide("v5.6-ple"),
      targets: ["yield_to_task_fair", "update_curr"],
      runs: 150,
      seed: 5,
      shrinkMs: 500,
    });
    const [ytf, uc] = r.targets;
    expect(uc).toMatchObject({ target: "update_curr", cases: 150, differing: 0, groups: [] });
    expect(ytf!.differing).toBeGreaterThan(0);
    expect(ytf!.groups.reduce((s, g) => s + g.cases, 0)).toBe(ytf!.differing);
    const vruntime = ytf!.groups.find(
      (g) => g.field === "se[].vruntime" && g.functions.includes("B fair.ts deboost_yield_task_vruntime"),
    );
    expect(vruntime).toBeDefined();
    expect(vruntime!.example.divergence).toBeNull();
    expect(vruntime!.example.differences.some((f) => /^se\[\d+\]\.vruntime$/.test(f.field))).toBe(true);
  });
});
