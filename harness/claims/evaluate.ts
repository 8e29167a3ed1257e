// SPDX-License-Identifier: GPL-2.0-only
// Evaluating the claims: each claim x variant cell draws the claim's
// scenarios (the same ones for every variant: the seed hangs on the claim),
// runs them through the TS port and judges each run. A problem's witness or
// a claim's counterexample is shrunk with fast-check (on the TS port), then
// confirmed on the C reference: every step runs on both sides and must give
// the same outcome, else the cell reports the divergence. The result is data
// (ClaimsReport) for the table, --json and the HTML report.
import fc from "fast-check";
import type { Scenario } from "../scenario.js";
import { VARIANT_NAMES } from "../../ts-port/index.js";
import { relevant, patched, type ClaimDef, type ClaimKind, type ClaimFamily } from "./claim.js";
import { CLAIMS } from "./index.js";
import { runStepsBoth, runStepsTs } from "./steps.js";
import { claimCounterexample, writeClaimCounterexample, type ClaimCounterexample } from "./file.js";

/** holds / fails: a claim; witness / no witness: a problem; n.a.: a claim on a variant without its patch. */
export type Verdict = "holds" | "fails" | "witness" | "no witness" | "n.a." | "divergence";

export interface CellResult {
  claim: string;
  variant: string;
  verdict: Verdict;
  /** applicable cases judged (up to and including the first bad one) */
  cases: number;
  /** scenarios drawn (some may not meet the precondition) */
  drawn: number;
  /** the witness or counterexample file, when written */
  file: string | null;
  /** what the witness or counterexample shows */
  why: string | null;
  /** the shrunk witness or counterexample (confirmed on C) */
  counterexample: ClaimCounterexample | null;
  ms: number;
}

export interface ClaimSummary {
  id: string;
  kind: ClaimKind;
  family: ClaimFamily;
  title: string;
  statement: string;
}

export interface ClaimsReport {
  seed: number;
  runs: number;
  variants: { name: string; patch1: boolean; patch2: boolean }[];
  claims: ClaimSummary[];
  cells: CellResult[];
  elapsedMs: number;
}

export interface EvaluateOptions {
  runs: number;
  seed: number;
  /** where witness and counterexample files go; null: none written */
  outDir: string | null;
  /** wall-clock budget of one shrink (ms) */
  shrinkMs?: number;
  claims?: readonly ClaimDef[];
  variants?: readonly string[];
  /** called after each cell */
  progress?: (cell: CellResult) => void;
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The claim's fast-check seed: the same scenarios for every variant. */
export const claimSeed = (seed: number, id: string): number =>
  (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ fnv1a(id)) | 0;

const withVariant = (c: ClaimDef, variant: string): fc.Arbitrary<Scenario> =>
  c.arb.map((s) => ({ ...s, variants: { cfs: variant, kvm: variant } }));

/** One scenario judged on the TS port: is it a witness / counterexample? */
export function judgeTs(c: ClaimDef, scn: Scenario) {
  return c.judge(scn, runStepsTs(scn));
}

export function evaluateCell(c: ClaimDef, variant: string, o: EvaluateOptions): CellResult {
  const t0 = performance.now();
  const base = { claim: c.id, variant, file: null, why: null, counterexample: null };
  if (!relevant(c, variant)) return { ...base, verdict: "n.a.", cases: 0, drawn: 0, ms: 0 };
  const seed = claimSeed(o.seed, c.id);
  const arb = withVariant(c, variant);
  const scenarios = fc.sample(arb, { numRuns: o.runs, seed });
  let cases = 0;
  let found = -1;
  for (let i = 0; i < scenarios.length && found < 0; i++) {
    const j = judgeTs(c, scenarios[i]!);
    if (!j.applicable) continue;
    cases++;
    if (j.bad) found = i;
  }
  const ms = () => Math.round(performance.now() - t0);
  if (found < 0)
    return {
      ...base,
      verdict: c.kind === "problem" ? "no witness" : "holds",
      cases,
      drawn: scenarios.length,
      ms: ms(),
    };

  // shrink on the TS port, within a time budget (fast-check keeps the smallest case found by then)
  const details = fc.check(
    fc.property(arb, (scn) => {
      const j = judgeTs(c, scn);
      return !(j.applicable && j.bad);
    }),
    { seed, numRuns: o.runs, path: String(found), interruptAfterTimeLimit: o.shrinkMs ?? 3000 },
  );
  const shrunk = details.counterexample?.[0] ?? scenarios[found]!;
  const path = details.counterexamplePath ?? String(found);

  // the C reference confirms: every step on both sides, equal outcomes
  const both = runStepsBoth(shrunk);
  const j = c.judge(shrunk, both);
  const finding = both.divergence ? "divergence" : c.kind === "problem" ? "witness" : "fails";
  const why = both.divergence
    ? `step ${both.divergence.step} (${both.divergence.target}): ${both.divergence.diff.field} C ${both.divergence.diff.c}, TS ${both.divergence.diff.ts}`
    : j.why;
  const cx = claimCounterexample(c, variant, seed, path, shrunk, both, finding, why);
  const file = o.outDir ? writeClaimCounterexample(o.outDir, cx) : null;
  const verdict: Verdict = both.divergence
    ? "divergence"
    : j.applicable && j.bad
      ? finding
      : c.kind === "problem"
        ? "no witness"
        : "holds";
  return { ...base, verdict, cases, drawn: found + 1, file, why, counterexample: cx, ms: ms() };
}

export function summary(c: ClaimDef): ClaimSummary {
  return { id: c.id, kind: c.kind, family: c.family, title: c.title, statement: c.statement };
}

/** Every claim on every variant. */
export function evaluateClaims(o: EvaluateOptions): ClaimsReport {
  const t0 = Date.now();
  const claims = o.claims ?? CLAIMS;
  const variants = o.variants ?? VARIANT_NAMES;
  const cells: CellResult[] = [];
  for (const c of claims)
    for (const v of variants) {
      const cell = evaluateCell(c, v, o);
      cells.push(cell);
      o.progress?.(cell);
    }
  return {
    seed: o.seed,
    runs: o.runs,
    variants: variants.map((name) => ({
      name,
      patch1: patched({ family: "cfs" }, name),
      patch2: patched({ family: "kvm" }, name),
    })),
    claims: claims.map(summary),
    cells,
    elapsedMs: Date.now() - t0,
  };
}
