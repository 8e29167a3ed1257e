// SPDX-License-Identifier: GPL-2.0-only
// `ple-parity claims` and `ple-parity diff` as a user runs them: the claims
// table for every variant in under a minute (exit 0 although claims fail),
// every witness and counterexample file reproduced by `replay` (exit 1) and
// emitted as a vitest test that fails; `diff` of a patch pair, grouped with
// examples; bad arguments are exit 2.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
let dir: string;

const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(dir, "bin/ple-parity.js"), ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: "1" },
  });

// a copy of the project, so that an emitted test runs under vitest there
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ple-parity-claims-"));
  for (const d of ["bin", "harness", "ts-port", "package.json", "tsconfig.json", "vitest.config.ts"])
    cpSync(join(root, d), join(dir, d), { recursive: true });
  for (const d of ["node_modules", "build"]) symlinkSync(join(root, d), join(dir, d));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Cell {
  claim: string;
  variant: string;
  verdict: string;
  cases: number;
  file: string | null;
  why: string | null;
}

describe("ple-parity claims", () => {
  let cells: Cell[];
  let stderr: string;

  it("prints the table for every claim and variant in under a minute, exit 0", () => {
    const t0 = Date.now();
    const r = cli(["claims", "--seed", "7", "--json", "--out", "found"]);
    const ms = Date.now() - t0;
    expect(r.status).toBe(0);
    expect(ms).toBeLessThan(60_000);
    stderr = r.stderr;
    const json = JSON.parse(r.stdout) as { cells: Cell[]; runs: number; variants: { name: string }[] };
    cells = json.cells;
    expect(json.runs).toBe(2000);
    expect(json.variants.map((v) => v.name)).toEqual(["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"]);
    expect(cells).toHaveLength(8 * 4);
    const verdict = (claim: string, variant: string) =>
      cells.find((c) => c.claim === claim && c.variant === variant)!.verdict;
    // the problems show on vanilla, in both trees
    for (const p of ["P1", "P2", "P3"]) for (const v of ["v5.6", "rfc-base"]) expect(verdict(p, v)).toBe("witness");
    // a claim about a patch is not judged on a variant without it
    for (const c of ["C1", "C1y", "C2", "C3", "C4"])
      for (const v of ["v5.6", "rfc-base"]) expect(verdict(c, v)).toBe("n.a.");
    // the RFC's patch 1 does what it says when only the yielder is in the way, and stays fair; ple-kvm's does not
    expect(verdict("P1", "rfc-v1")).toBe("no witness");
    expect(verdict("C1y", "rfc-v1")).toBe("holds");
    expect(verdict("C2", "rfc-v1")).toBe("holds");
    expect(verdict("C1y", "v5.6-ple")).toBe("fails");
    expect(verdict("C2", "v5.6-ple")).toBe("fails");
    expect(verdict("C4", "v5.6-ple")).toBe("holds");
    expect(verdict("C4", "rfc-v1")).toBe("holds");
    expect(cells.find((c) => c.claim === "C4" && c.variant === "rfc-v1")!.cases).toBe(2000);
    expect(cells.some((c) => c.verdict === "divergence")).toBe(false);
    // the table, on stderr with --json
    expect(stderr).toMatch(/^seed 7/);
    expect(stderr).toMatch(/│ C2 +│ the yield keeps fairness +│ n\.a\. +│ fails +│ n\.a\. +│ holds +│/);
    expect(stderr).toMatch(/│ +│ +│ +│ \(claim-C2-v5\.6-ple\.json\) +│ +│ \(2000 cases\) +│/);
  });

  it("every witness and counterexample replays on both sides and still fails (exit 1)", () => {
    const found = cells.filter((c) => c.file);
    expect(found.length).toBeGreaterThan(10);
    for (const c of found) {
      expect(["witness", "fails"]).toContain(c.verdict);
      const r = cli(["replay", c.file!]);
      expect(r.status, `${c.claim} ${c.variant}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stdout).toContain("C and TS outcomes are equal at every step");
      expect(r.stdout).toMatch(c.verdict === "witness" ? /the witness still shows/ : /the claim still fails/);
      expect(r.stdout).toMatch(/still fails\n$/);
    }
  });

  it("--emit-test writes a vitest test that fails while the claim fails", () => {
    const file = join(dir, "found", "claim-C2-v5.6-ple.json");
    const test = join(dir, "test", "regressions", "c2.test.ts");
    const r = cli(["replay", file, "--emit-test", test]);
    expect(r.status).toBe(0);
    expect(readFileSync(test, "utf8")).toContain('replayClaimScenario("C2"');
    const v = spawnSync(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", test, "--root", dir], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(v.status).not.toBe(0);
    expect(v.stdout + v.stderr).toMatch(/decreased/);
  });

  it("bad arguments are exit 2", () => {
    expect(cli(["claims", "--claim", "C9"]).status).toBe(2);
    expect(cli(["claims", "--variant", "v9"]).status).toBe(2);
  });
});

describe("ple-parity diff", () => {
  it("v5.6 vs v5.6-ple: counts, groups by field and branch, smallest example confirmed on C", () => {
    const r = cli([
      "diff",
      "v5.6",
      "v5.6-ple",
      "--target",
      "yield_to_task_fair,kvm_vcpu_on_spin,entity_before",
      "--runs",
      "150",
      "--seed",
      "3",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/A = v5\.6, B = v5\.6-ple; seed 3, 150 scenarios per target/);
    expect(r.stdout).toMatch(/│ entity_before +│ 150 +│ 0 \(0%\)/);
    expect(r.stdout).toMatch(/yield_to_task_fair: \d+ of 150 cases differ/);
    expect(r.stdout).toMatch(
      /first differing field se\[\]\.vruntime: \d+ cases?; only B fair\.ts deboost_yield_task, B fair\.ts deboost_yield_task_vruntime ran/,
    );
    expect(r.stdout).toMatch(/B v5\.6-ple\/fair\.ts:\d+ deboost_yield_task_vruntime: if \(wakeup_preempt_entity/);
    expect(r.stdout).toMatch(/kvm_vcpu_on_spin: \d+ of 150 cases differ/);
    expect(r.stdout).toMatch(/first differing field vcpu\[\]\.ipi_received/);
    expect(r.stdout).toContain("C reference agrees on both sides");
    expect(r.stdout).not.toContain("DIVERGE");
  });

  it("composed pairs, --json: patch 1 alone on the composed chain", () => {
    const r = cli([
      "diff",
      "cfs=v5.6,kvm=v5.6",
      "cfs=v5.6-ple,kvm=v5.6",
      "--family",
      "compose",
      "--runs",
      "60",
      "--seed",
      "1",
      "--json",
    ]);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.a).toEqual({ cfs: "v5.6", kvm: "v5.6" });
    expect(d.b).toEqual({ cfs: "v5.6-ple", kvm: "v5.6" });
    expect(d.targets.map((t: { target: string }) => t.target)).toEqual(["ple_exit", "context_switch", "tick"]);
    for (const t of d.targets) for (const g of t.groups) expect(g.example.divergence).toBeNull();
  });

  it("bad sides are exit 2 with the reason", () => {
    const r = cli(["diff", "v5.6", "cfs=v5.6-ple"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs both cfs= and kvm=/);
    expect(cli(["diff", "v5.6", "v9"]).status).toBe(2);
  });
});
