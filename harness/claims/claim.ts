// SPDX-License-Identifier: GPL-2.0-only
// What a claim is: a problem the cover letter says vanilla has (searched for
// a witness) or a claim it makes for a patch (checked as a property), with
// the scenarios it is judged on and the judgement of one run.
import type fc from "fast-check";
import type { Scenario } from "../scenario.js";
import type { StepsRun } from "./steps.js";
import { VARIANTS } from "../../ts-port/index.js";

export type ClaimKind = "problem" | "claim";
export type ClaimFamily = "cfs" | "kvm";

export interface Judgement {
  /** the run meets the claim's precondition (it counts as a case) */
  applicable: boolean;
  /** problem: the problem shows (a witness); claim: the claim is violated */
  bad: boolean;
  /** what happened, in a line */
  why: string;
}

export interface ClaimDef {
  /** P1..P3 (problems), C1..C4 (claims) */
  id: string;
  kind: ClaimKind;
  /** the family whose patch the claim is about; a variant runs both families at once */
  family: ClaimFamily;
  /** a few words for the table */
  title: string;
  /** the statement checked, precisely */
  statement: string;
  /** the scenarios: a host state and the steps to run on it (variants filled in by the caller) */
  arb: fc.Arbitrary<Scenario>;
  judge(scn: Scenario, run: StepsRun): Judgement;
}

/** Patch 1 is in a variant whose cfs family has the patch's deboost_yield_task. */
export const hasPatch1 = (variant: string): boolean => VARIANTS[variant]?.cfs.deboost_yield_task != null;
/** Patch 2 is in a variant whose kvm family has the patch's mark_ipi_receiver. */
export const hasPatch2 = (variant: string): boolean => VARIANTS[variant]?.kvm.mark_ipi_receiver != null;

export const patched = (c: Pick<ClaimDef, "family">, variant: string): boolean =>
  c.family === "cfs" ? hasPatch1(variant) : hasPatch2(variant);

/** A problem is searched on every variant; a claim is about the patch, so only where it is applied. */
export const relevant = (c: Pick<ClaimDef, "kind" | "family">, variant: string): boolean =>
  c.kind === "problem" || patched(c, variant);
