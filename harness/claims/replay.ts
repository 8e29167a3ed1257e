// SPDX-License-Identifier: GPL-2.0-only
// Replaying a claim file (kind "claim"): every step again on both sides, both
// outcomes of each, the first difference if any, and the claim judged again on
// what the C reference did. It still fails while the witness or the
// counterexample still shows (or C and TS differ).
import { describeFault, type ReadableOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import { CounterexampleError, type ReplayInput } from "../fuzz/counterexample.js";
import { CLAIMS } from "./index.js";
import type { ClaimDef, Judgement } from "./claim.js";
import { runStepsBoth, type ConfirmedRun } from "./steps.js";

export interface ClaimReplay {
  claim: ClaimDef;
  run: ConfirmedRun;
  judgement: Judgement;
  /** the witness / counterexample shows, or C and TS differ */
  stillFails: boolean;
}

/** Judge a claim scenario again, on both sides. */
export function replayClaimScenario(id: string, scenario: Scenario): ClaimReplay {
  const claim = CLAIMS.find((c) => c.id === id);
  if (!claim)
    throw new CounterexampleError(
      `claim ${JSON.stringify(id)} is not a claim (claims: ${CLAIMS.map((c) => c.id).join(", ")})`,
    );
  const run = runStepsBoth(scenario);
  const judgement = claim.judge(scenario, run);
  return { claim, run, judgement, stillFails: run.divergence !== null || (judgement.applicable && judgement.bad) };
}

const outcomeLine = (o: ReadableOutcome) =>
  `ret ${o.ret}, trace ${JSON.stringify(o.trace.map((t) => ({ [t.call]: t.args })))}, faults [${o.faults.map(describeFault).join("; ")}]`;

export function replayClaim(cx: ReplayInput): { stillFails: boolean; text: string } {
  const r = replayClaimScenario(cx.claim!.id, cx.scenario);
  const { claim, run, judgement } = r;
  const lines = [
    `${cx.kind}: ${cx.signature}`,
    `${claim.kind} ${claim.id}, ${claim.title}: ${claim.statement}`,
    `cfs=${cx.scenario.variants.cfs} kvm=${cx.scenario.variants.kvm}, ${run.steps.length} steps`,
  ];
  run.steps.forEach((st, k) => {
    lines.push(`step ${k}: ${st.step.target} ${JSON.stringify(st.step.call)}`);
    lines.push(`  C  outcome: ${outcomeLine(st.out)}`);
    if (st.ts) lines.push(`  TS outcome: ${outcomeLine(st.ts)}`);
  });
  const d = run.divergence;
  lines.push(
    d
      ? `first difference (step ${d.step}, ${d.target}): ${d.diff.field}: C ${d.diff.c}, TS ${d.diff.ts}`
      : "C and TS outcomes are equal at every step",
  );
  if (!judgement.applicable)
    lines.push(`the scenario no longer meets the ${claim.kind}'s precondition: ${judgement.why}`);
  else if (claim.kind === "problem")
    lines.push(judgement.bad ? `the witness still shows: ${judgement.why}` : `no witness any more: ${judgement.why}`);
  else
    lines.push(
      judgement.bad ? `the claim still fails: ${judgement.why}` : `the claim holds on it now: ${judgement.why}`,
    );
  lines.push(r.stillFails ? "still fails" : "passes now");
  return { stillFails: r.stillFails, text: lines.join("\n") + "\n" };
}
