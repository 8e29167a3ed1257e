// SPDX-License-Identifier: GPL-2.0-only
// One batch of one cell: generate with the batch seed, run the C side in one
// addon call, the TS side case by case, and classify each case's outcomes.
import { encodeForC, runCBatch, runTsWire, runBoth, withVariants } from "../run.js";
import { runSequence, sequenceArb, SEQUENCE } from "../sequence.js";
import { sample, sampleCase, shrinkCase, type Drawn } from "../gen/draws.js";
import { describeFault, faultsBase, firstDifference, readOutcome } from "../outcome.js";
import { TARGETS, targetByName } from "../targets/index.js";
import type { Family } from "../target.js";
import { FUNCTIONS, FAULT_KINDS } from "../layout.js";
import type { Scenario } from "../scenario.js";
import type { Cell } from "./plan.js";

export type FindingKind = "divergence" | "kernel-fault";

/** What makes two findings the same (kind, function, first differing field or fault site). */
export interface Verdict {
  kind: FindingKind;
  signature: string;
}

/** Field names without record numbers, so one bug in many records is one finding. */
const generic = (field: string): string => field.replace(/\[\d+\]/g, "[]");

/** The first fault of an outcome as "kind@function", or null. */
function faultSite(words: BigUint64Array): string | null {
  const base = faultsBase(words);
  if (words[base] === 0n) return null;
  return `${FAULT_KINDS[Number(words[base + 1])]}@${FUNCTIONS[Number(words[base + 2])]}`;
}

/** Classify one case from its two outcomes; null when equal and fault-free. */
export function verdict(target: string, c: BigUint64Array, ts: BigUint64Array): Verdict | null {
  const diff = firstDifference(c, ts);
  if (diff) return { kind: "divergence", signature: `divergence ${target} ${generic(diff.field)}` };
  const site = faultSite(c);
  return site ? { kind: "kernel-fault", signature: `kernel-fault ${target} ${site}` } : null;
}

export function cellArbitrary(cell: Cell): Drawn<Scenario> {
  const arb = cell.target === SEQUENCE ? sequenceArb : targetByName(cell.target).arb;
  return arb.map((s) => withVariants({ ...s, target: cell.target }, cell.cfs, cell.kvm));
}

export interface CaseRun {
  /** what ran: the target, or sequence/<the step that ended the run> */
  label: string;
  c: BigUint64Array;
  ts: BigUint64Array;
}

/** One scenario on both sides: a single call, or a sequence in lockstep. */
export function runCase(scn: Scenario): CaseRun {
  if (scn.target !== SEQUENCE) return { label: scn.target, ...runBoth(scn) };
  const r = runSequence(scn);
  return { label: `${SEQUENCE}/${r.step!.target}`, c: r.c!, ts: r.ts! };
}

export interface BatchResult {
  cases: number;
  /** first case of each signature seen in the batch */
  seen: Map<string, { verdict: Verdict; index: number }>;
}

/** One batch; `arb` replaces the cell's generator (npm run bench pins world sizes). */
export function runBatch(cell: Cell, seed: number, size: number, arb = cellArbitrary(cell)): BatchResult {
  const scenarios = sample(arb, seed, size);
  if (cell.target === SEQUENCE) return runCaseByCase(scenarios);
  const wires = scenarios.map(encodeForC);
  const cOut = runCBatch(wires);
  const seen = new Map<string, { verdict: Verdict; index: number }>();
  scenarios.forEach((scn, i) => {
    const v = verdict(cell.target, cOut[i]!, runTsWire(wires[i]!, scn));
    if (v && !seen.has(v.signature)) seen.set(v.signature, { verdict: v, index: i });
  });
  return { cases: scenarios.length, seen };
}

function runCaseByCase(scenarios: Scenario[]): BatchResult {
  const seen = new Map<string, { verdict: Verdict; index: number }>();
  scenarios.forEach((scn, i) => {
    const r = runCase(scn);
    const v = verdict(r.label, r.c, r.ts);
    if (v && !seen.has(v.signature)) seen.set(v.signature, { verdict: v, index: i });
  });
  return { cases: scenarios.length, seen };
}

export interface Counterexample {
  format: "ple-parity-counterexample/1";
  kind: FindingKind;
  signature: string;
  target: string;
  variants: { cfs: string; kvm: string };
  /** the batch's seed */
  seed: number;
  /** the case's index in its batch: sampleCase(generator, seed, index) draws it again, unshrunk */
  path: string;
  firstDifference: { field: string; c: string; ts: string } | null;
  faults: string[];
  scenario: Scenario;
  outcomes: { c: ReturnType<typeof readOutcome>; ts: ReturnType<typeof readOutcome> };
}

/** The counterexample record of one scenario (run again on both sides). */
export function counterexampleOf(
  cell: Cell,
  seed: number,
  path: string,
  scenario: Scenario,
  v: Verdict,
): Counterexample {
  const r = runCase(scenario);
  const diff = firstDifference(r.c, r.ts);
  const c = readOutcome(r.c);
  return {
    format: "ple-parity-counterexample/1",
    kind: v.kind,
    signature: v.signature,
    target: cell.target,
    variants: { cfs: cell.cfs, kvm: cell.kvm },
    seed,
    path,
    firstDifference: diff ? { field: diff.field, c: diff.c.toString(), ts: diff.ts.toString() } : null,
    faults: c.faults.map(describeFault),
    scenario,
    outcomes: { c, ts: readOutcome(r.ts) },
  };
}

/** The unshrunk case of a batch, as found. */
export function foundCounterexample(cell: Cell, seed: number, index: number, v: Verdict): Counterexample {
  const scenario = sampleCase(cellArbitrary(cell), seed, index);
  return counterexampleOf(cell, seed, String(index), scenario, v);
}

/**
 * Shrink the batch's first case that has this signature (from case `index`)
 * to the smallest one that still has it. With a time limit, the smallest case
 * found when it ends (shrunk: false), or the case as found.
 */
export function shrinkFinding(
  cell: Cell,
  seed: number,
  index: number,
  v: Verdict,
  timeLimitMs?: number,
): Counterexample & { shrunk: boolean } {
  const still = (scn: Scenario): boolean => {
    const r = runCase(scn);
    return verdict(r.label, r.c, r.ts)?.signature === v.signature;
  };
  const s = shrinkCase(cellArbitrary(cell), seed, index, still, timeLimitMs);
  if (!s) return { ...foundCounterexample(cell, seed, index, v), shrunk: false };
  return { ...counterexampleOf(cell, seed, String(index), s.value, v), shrunk: s.complete };
}

/** What a campaign fuzzes: every target, and the stateful sequence. */
export const CAMPAIGN_TARGETS: readonly { name: string; family: Family }[] = [
  ...TARGETS.map((t) => ({ name: t.name, family: t.family })),
  { name: SEQUENCE, family: "compose" },
];
