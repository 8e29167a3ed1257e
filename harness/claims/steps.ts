// SPDX-License-Identifier: GPL-2.0-only
// Running a claim's scenario: a host state and a short list of steps (single
// or composed targets, as the `sequence` target's steps), each applied to the
// state the previous one left. The fast path runs the TS port only; the
// confirming path runs every step on both sides and stops at the first step
// whose outcomes differ. Unlike runSequence (which stops at any fault, as a
// parity finding should), a step with undefined behaviour goes on, as x86-64
// code does; only an oops ends the run.
import { runBoth, runTs } from "../run.js";
import { firstDifference, readOutcome, type Difference, type ReadableOutcome } from "../outcome.js";
import type { Json, RecordJson, Scenario } from "../scenario.js";
import { SEQUENCE } from "../sequence.js";

/** One step of a claim scenario: a target and its call record. */
export interface ClaimStep {
  target: string;
  call: RecordJson;
}

export interface StepResult {
  step: ClaimStep;
  /** the state before the step, in the scenario's JSON form */
  before: Record<string, Json>;
  out: ReadableOutcome;
  /** the TS port's outcome, when the step ran on both sides (out is then the C reference's) */
  ts?: ReadableOutcome;
}

export interface StepsRun {
  steps: StepResult[];
  /** an oops ended the run at the last step */
  oops: boolean;
}

export interface ConfirmedRun extends StepsRun {
  /** the outcome words of the last step run, per side */
  c: BigUint64Array | null;
  ts: BigUint64Array | null;
  /** the first step whose C and TS outcomes differ, and where */
  divergence: { step: number; target: string; diff: Difference } | null;
}

/** A claim scenario: the `sequence` target with its steps (replayable by `replay`). */
export function claimScenario(state: Scenario, steps: ClaimStep[]): Scenario {
  const { call: _call, ...rest } = state;
  return { ...rest, target: SEQUENCE, steps: steps as unknown as Json[] };
}

export const stepsOf = (scn: Scenario): ClaimStep[] => (scn.steps ?? []) as unknown as ClaimStep[];

function initialState(scn: Scenario): Record<string, Json> {
  const s = { ...scn } as unknown as Record<string, Json>;
  delete s.steps;
  delete s.target;
  return s;
}

function stepScenario(state: Record<string, Json>, scn: Scenario, step: ClaimStep): Scenario {
  return { ...state, format: 1, variants: scn.variants, target: step.target, call: step.call } as unknown as Scenario;
}

const oopsed = (o: ReadableOutcome) => o.faults.some((f) => f.kind.startsWith("oops"));

/** Every step on the TS port. */
export function runStepsTs(scn: Scenario): StepsRun {
  let state = initialState(scn);
  const steps: StepResult[] = [];
  for (const step of stepsOf(scn)) {
    const out = readOutcome(runTs(stepScenario(state, scn, step)));
    steps.push({ step, before: state, out });
    if (oopsed(out)) return { steps, oops: true };
    state = out.state;
  }
  return { steps, oops: false };
}

/** Every step on both sides; the C outcome carries the state on. */
export function runStepsBoth(scn: Scenario): ConfirmedRun {
  let state = initialState(scn);
  const steps: StepResult[] = [];
  let c: BigUint64Array | null = null;
  let ts: BigUint64Array | null = null;
  for (const [k, step] of stepsOf(scn).entries()) {
    const r = runBoth(stepScenario(state, scn, step));
    c = r.c;
    ts = r.ts;
    const out = readOutcome(r.c);
    steps.push({ step, before: state, out, ts: readOutcome(r.ts) });
    const diff = firstDifference(r.c, r.ts);
    if (diff) return { steps, oops: oopsed(out), c, ts, divergence: { step: k, target: step.target, diff } };
    if (oopsed(out)) return { steps, oops: true, c, ts, divergence: null };
    state = out.state;
  }
  return { steps, oops: false, c, ts, divergence: null };
}
