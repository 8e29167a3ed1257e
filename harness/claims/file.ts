// SPDX-License-Identifier: GPL-2.0-only
// A claim's witness or counterexample as a counterexample file: the fields
// every counterexample file has (format, kind, signature, target, variants,
// seed, path, firstDifference, faults, scenario, outcomes), with kind
// "claim" and a `claim` field that says which claim, on which variant, what
// was found and what every step did. `ple-parity replay` re-runs it.
import type { Counterexample } from "../fuzz/batch.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeFault, readOutcome, type ReadableOutcome, type TraceCall } from "../outcome.js";
import type { RecordJson, Scenario } from "../scenario.js";
import type { ClaimDef, ClaimKind } from "./claim.js";
import type { ConfirmedRun } from "./steps.js";

/** What was found: a problem's witness, a claim's counterexample, or a C/TS divergence on the way. */
export type Finding = "witness" | "fails" | "divergence";

export interface ClaimStepRecord {
  target: string;
  call: RecordJson;
  ret: string;
  trace: TraceCall[];
  faults: string[];
}

export interface ClaimInfo {
  id: string;
  kind: ClaimKind;
  title: string;
  statement: string;
  variant: string;
  finding: Finding;
  /** what the judgement saw, in a line */
  why: string;
  /** every step as the C reference ran it (TS agreed unless finding is "divergence") */
  steps: ClaimStepRecord[];
}

/** A fuzz counterexample file, with kind "claim" and the claim it bears on. */
export interface ClaimCounterexample extends Omit<Counterexample, "kind" | "outcomes"> {
  kind: "claim";
  outcomes: { c: ReadableOutcome | null; ts: ReadableOutcome | null };
  claim: ClaimInfo;
}

export const claimSignature = (c: Pick<ClaimDef, "id" | "kind">, variant: string, finding: Finding): string =>
  finding === "divergence"
    ? `claim ${c.id} on ${variant}: C and TS diverge`
    : c.kind === "problem"
      ? `problem ${c.id} has a witness on ${variant}`
      : `claim ${c.id} fails on ${variant}`;

export function claimCounterexample(
  c: ClaimDef,
  variant: string,
  seed: number,
  path: string,
  scenario: Scenario,
  run: ConfirmedRun,
  finding: Finding,
  why: string,
): ClaimCounterexample {
  const d = run.divergence?.diff;
  return {
    format: "ple-parity-counterexample/1",
    kind: "claim",
    signature: claimSignature(c, variant, finding),
    target: scenario.target,
    variants: { cfs: variant, kvm: variant },
    seed,
    path,
    firstDifference: d
      ? { field: `steps[${run.divergence!.step}].${d.field}`, c: d.c.toString(), ts: d.ts.toString() }
      : null,
    faults: run.steps.flatMap((st) => st.out.faults.map(describeFault)),
    scenario,
    outcomes: { c: run.c && readOutcome(run.c), ts: run.ts && readOutcome(run.ts) },
    claim: {
      id: c.id,
      kind: c.kind,
      title: c.title,
      statement: c.statement,
      variant,
      finding,
      why,
      steps: run.steps.map((st) => ({
        target: st.step.target,
        call: st.step.call,
        ret: st.out.ret,
        trace: st.out.trace,
        faults: st.out.faults.map(describeFault),
      })),
    },
  };
}

/** claim-<id>-<variant>.json: one file per claim and variant, rewritten by each run. */
export const claimFileName = (id: string, variant: string): string => `claim-${id}-${variant}.json`;

export function writeClaimCounterexample(dir: string, cx: ClaimCounterexample): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, claimFileName(cx.claim.id, cx.claim.variant));
  writeFileSync(path, JSON.stringify(cx, null, 2) + "\n");
  return path;
}
