// SPDX-License-Identifier: GPL-2.0-only
// End to end, as a user runs it: a divergence planted in a TS port (a flipped
// comparison in a copy of the project) is found by `fuzz`, written, shrunk,
// reproduced by `replay` (exit 1), emitted as a vitest test that fails; with
// the plant removed, replay exits 0 and the emitted test passes. Also: Ctrl-C
// keeps what was reported, and a broken counterexample file is exit 2.
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const PLANT_FILE = "ts-port/v5.6/fair.ts";
// wakeup_preempt_entity: the "se is not behind" test, vdiff <= 0 flipped to vdiff < 0
const PLANT = { from: /if \(vdiff <= 0n\)/, to: "if (vdiff < 0n)" };

let dir: string;

function cli(args: string[], opts: { cwd?: string } = {}) {
  return spawnSync(process.execPath, [join(dir, "bin/ple-parity.js"), ...args], {
    cwd: opts.cwd ?? dir,
    encoding: "utf8",
    timeout: 240_000,
  });
}

function findings(out: string): string[] {
  return existsSync(out)
    ? readdirSync(out)
        .filter((f) => f.endsWith(".json"))
        .map((f) => join(out, f))
    : [];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ple-parity-plant-"));
  for (const d of ["bin", "harness", "ts-port", "package.json", "tsconfig.json", "vitest.config.ts"])
    cpSync(join(root, d), join(dir, d), { recursive: true });
  for (const d of ["node_modules", "build"]) symlinkSync(join(root, d), join(dir, d));
  const src = readFileSync(join(dir, PLANT_FILE), "utf8");
  expect(src).toMatch(PLANT.from);
  writeFileSync(join(dir, PLANT_FILE), src.replace(PLANT.from, PLANT.to));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a planted divergence, end to end", () => {
  let file: string;

  it("fuzz finds it, writes it shrunk and exits 1", () => {
    const r = cli([
      "fuzz",
      "--target",
      "wakeup_preempt_entity",
      "--cfs",
      "v5.6",
      "--runs",
      "4000",
      "--workers",
      "1",
      "--seed",
      "7",
      "--out",
      "found",
    ]);
    expect(r.stdout).toMatch(/^seed 7/);
    expect(r.stdout).toMatch(/divergence: divergence wakeup_preempt_entity ret/);
    expect(r.status).toBe(1);
    // The plant shows as a different ret and, where the TS side now computes a granularity it
    // should not, as an inv_weight the TS side cached; the generators also reach kernel oopses.
    const divergences = findings(join(dir, "found")).filter((f) => /[\\/]divergence-/.test(f));
    const byField = new Map(divergences.map((f) => [JSON.parse(readFileSync(f, "utf8")).firstDifference.field, f]));
    expect(byField.has("ret")).toBe(true);
    for (const field of byField.keys()) expect(field).toMatch(/^(ret|se\[\d+\]\.load\.inv_weight)$/);
    file = byField.get("ret")!;
    const cx = JSON.parse(readFileSync(file, "utf8"));
    expect(cx.kind).toBe("divergence");
    expect(cx.firstDifference.field).toBe("ret");
    // shrunk: one run queue and a handful of entities
    expect((cx.scenario.rq ?? []).length).toBeLessThanOrEqual(1);
    expect((cx.scenario.se ?? []).length).toBeLessThanOrEqual(4);
  });

  it("replay reproduces it (exit 1) and names the differing field", () => {
    const r = cli(["replay", file]);
    expect(r.stdout).toMatch(/first difference \(wakeup_preempt_entity\): ret: C \d+, TS \d+/);
    expect(r.stdout).toMatch(/still fails/);
    expect(r.status).toBe(1);
  });

  it("--emit-test writes a vitest test that fails while the plant is there and passes once it is gone", () => {
    const test = join(dir, "test/regressions/planted.test.ts");
    expect(cli(["replay", file, "--emit-test", test]).status).toBe(0);
    const vitest = () =>
      spawnSync(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", test, "--root", dir], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const failing = vitest();
    expect(failing.status).not.toBe(0);
    expect(failing.stdout + failing.stderr).toMatch(/AssertionError: expected \{ index: \d+, field: 'ret'/);
    const src = readFileSync(join(dir, PLANT_FILE), "utf8");
    writeFileSync(join(dir, PLANT_FILE), src.replace(PLANT.to, "if (vdiff <= 0n)"));
    expect(vitest().status).toBe(0);
    const r = cli(["replay", file]);
    expect(r.stdout).toMatch(/passes now/);
    expect(r.status).toBe(0);
    writeFileSync(join(dir, PLANT_FILE), src);
  });
});

describe("interruption and bad input", () => {
  it("SIGINT stops the campaign, keeps the findings it reported and prints the summary", async () => {
    const out = join(dir, "interrupted");
    const child = spawn(
      process.execPath,
      [
        join(dir, "bin/ple-parity.js"),
        "fuzz",
        "--target",
        "wakeup_preempt_entity",
        "--cfs",
        "v5.6",
        "--budget",
        "120s",
        "--workers",
        "1",
        "--out",
        out,
      ],
      { cwd: dir },
    );
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const deadline = Date.now() + 100_000;
    const divergence = () => findings(out).some((f) => /[\\/]divergence-/.test(f));
    while (!divergence() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(divergence()).toBe(true);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(1);
    expect(stdout).toMatch(/interrupted/);
    expect(stdout).toMatch(/wakeup_preempt_entity/);
    for (const f of findings(out))
      expect(["divergence", "kernel-fault"]).toContain(JSON.parse(readFileSync(f, "utf8")).kind);
  });

  it("a truncated counterexample is a clear error and exit 2", () => {
    const bad = join(dir, "truncated.json");
    writeFileSync(bad, '{"format": "ple-parity-counterexample/1", "kind": "diverg');
    const r = cli(["replay", bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/truncated.json: not JSON, or truncated/);
  });

  it("a counterexample whose scenario is malformed names the field, exit 2", () => {
    const bad = join(dir, "malformed.json");
    const scenario = {
      format: 1,
      target: "wakeup_gran",
      variants: { cfs: "v5.6", kvm: "v5.6" },
      call: { se: 0 },
      se: [{ vruntime: "-1" }],
    };
    writeFileSync(
      bad,
      JSON.stringify({ format: "ple-parity-counterexample/1", kind: "divergence", signature: "x", scenario }),
    );
    const r = cli(["replay", bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/se\[0\]\.vruntime: "-1" is not a u64/);
  });

  it("an unknown option value is a usage error, exit 2", () => {
    const r = cli(["fuzz", "--cfs", "v9.9"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"v9.9" is not a cfs variant/);
  });
});
