// SPDX-License-Identifier: GPL-2.0-only
// The evaluation of a claim x variant cell: a witness or counterexample is
// found, shrunk, confirmed on C and written as a counterexample file that
// `replay` reproduces; a claim on a variant without its patch is n.a.; a
// claim that holds says on how many cases.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateCell, evaluateClaims } from "../../../harness/claims/evaluate.js";
import { claimById } from "../../../harness/claims/index.js";
import { hasPatch1, hasPatch2, relevant } from "../../../harness/claims/claim.js";
import { claimsJson, claimsTable } from "../../../harness/claims/table.js";
import { replay } from "../../../harness/replay.js";
import { readCounterexample } from "../../../harness/fuzz/counterexample.js";

const out = mkdtempSync(join(tmpdir(), "ple-claims-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("claim x variant cells", () => {
  it("knows which variants carry which patch", () => {
    expect(["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"].map(hasPatch1)).toEqual([false, true, false, true]);
    expect(["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"].map(hasPatch2)).toEqual([false, true, false, true]);
    expect(relevant(claimById("P1"), "v5.6")).toBe(true);
    expect(relevant(claimById("C1"), "v5.6")).toBe(false);
    expect(relevant(claimById("C3"), "rfc-v1")).toBe(true);
  });

  it("P1 on v5.6: a witness, shrunk, confirmed on C, written, and replay reproduces it (still fails)", () => {
    const cell = evaluateCell(claimById("P1"), "v5.6", { runs: 100, seed: 1, outDir: out, shrinkMs: 1000 });
    expect(cell.verdict).toBe("witness");
    expect(cell.file).toBe(join(out, "claim-P1-v5.6.json"));
    expect(cell.why).toMatch(/the yielder's entity/);
    const file = JSON.parse(readFileSync(cell.file!, "utf8"));
    expect(file).toMatchObject({
      format: "ple-parity-counterexample/1",
      kind: "claim",
      target: "sequence",
      firstDifference: null,
    });
    expect(file.claim).toMatchObject({ id: "P1", variant: "v5.6", finding: "witness" });
    expect(file.claim.steps.map((s: { target: string }) => s.target)).toEqual([
      "yield_to_task_fair",
      "update_curr",
      "pick_next_entity",
    ]);
    expect(readCounterexample(cell.file!).claim).toEqual({ id: "P1", variant: "v5.6", finding: "witness" });
    const r = replay(cell.file!);
    expect(r.stillFails).toBe(true);
    expect(r.text).toContain("C and TS outcomes are equal at every step");
    expect(r.text).toContain("the witness still shows");
    expect(r.text).toMatch(/step 2: pick_next_entity/);
  });

  it("C1 on v5.6 is n.a.; C2 on rfc-v1 holds on every case drawn", () => {
    expect(evaluateCell(claimById("C1"), "v5.6", { runs: 50, seed: 1, outDir: null }).verdict).toBe("n.a.");
    const c2 = evaluateCell(claimById("C2"), "rfc-v1", { runs: 60, seed: 1, outDir: null });
    expect(c2).toMatchObject({ verdict: "holds", cases: 60, drawn: 60, file: null });
  });

  it("the report is data: table and JSON from the same cells", () => {
    const r = evaluateClaims({
      runs: 20,
      seed: 3,
      outDir: null,
      claims: [claimById("P2"), claimById("C4")],
      variants: ["v5.6", "v5.6-ple"],
    });
    expect(r.cells.map((c) => [c.claim, c.variant, c.verdict])).toEqual([
      ["P2", "v5.6", "witness"],
      ["P2", "v5.6-ple", expect.stringMatching(/^(witness|no witness)$/)],
      ["C4", "v5.6", "n.a."],
      ["C4", "v5.6-ple", "holds"],
    ]);
    expect(r.variants).toEqual([
      { name: "v5.6", patch1: false, patch2: false },
      { name: "v5.6-ple", patch1: true, patch2: true },
    ]);
    const text = claimsTable(r);
    expect(text).toMatch(/│ P2 +│ a user-mode IPI receiver +│ witness found +│/);
    expect(text).toMatch(/│ C4 +│ no boost for an IPI it +│ n\.a\. +│ holds +│/);
    expect(text).toContain("(20 cases)");
    const json = claimsJson(r) as { cells: { claim: string; verdict: string; steps: string[] | null }[] };
    expect(json.cells[0]).toMatchObject({
      claim: "P2",
      verdict: "witness",
      steps: ["kvm_apic_send_ipi", "kvm_vcpu_on_spin"],
    });
  });
});
