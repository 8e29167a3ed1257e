// SPDX-License-Identifier: GPL-2.0-only
// Parity of the composed chains over every (cfs variant x kvm variant) pair:
// ple_exit (kvm_vcpu_on_spin -> kvm_vcpu_yield_to -> yield_to ->
// yield_to_task_fair -> the next pick -> kvm_sched_out/in), the context
// switch and the scheduler tick, at least 10,000 generated hosts each
// (harness/gen/host.ts), C outcome == TS outcome word for word; and the
// stateful sequence target, compared after every step. PLE_PARITY_SEED fixes
// the seed; PLE_PARITY_RUNS raises the count (budget.ts).
import { describe, expect, it } from "vitest";
import { checkParity, withVariants } from "../../harness/run.js";
import { composeTargets } from "../../harness/targets/compose.js";
import { runSequence, sequenceArb } from "../../harness/sequence.js";
import { sample, sampleCase, shrinkCase } from "../../harness/gen/draws.js";
import type { Scenario } from "../../harness/scenario.js";
import { PARITY_RUNS as RUNS, PARITY_SEED as SEED, sequenceRuns } from "./budget.js";

const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"];
const PAIRS = VARIANTS.flatMap((cfs) => VARIANTS.map((kvm) => [cfs, kvm] as const));
const SEQUENCES = sequenceRuns(300);
const json = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

describe.each(composeTargets.map((t) => t.name))("parity of %s", (target) => {
  it.each(PAIRS)(`cfs=%s kvm=%s: ${RUNS} hosts, C == TS`, (cfs, kvm) => {
    const failure = checkParity(target, cfs, kvm, RUNS, SEED);
    expect(
      failure,
      failure ? `seed ${failure.seed}: ${json(failure.diff)}\nscenario ${json(failure.scenario)}` : "",
    ).toBeNull();
  });
});

describe("parity of sequence (stepped in lockstep)", () => {
  it.each(PAIRS)(`cfs=%s kvm=%s: ${SEQUENCES} sequences, equal after every step`, (cfs, kvm) => {
    const arb = sequenceArb.map((s) => withVariants(s, cfs, kvm));
    const fails = (seq: Scenario): boolean => runSequence(seq).diff !== null;
    const first = sample(arb, SEED, SEQUENCES).findIndex(fails);
    const seq = first < 0 ? undefined : (shrinkCase(arb, SEED, first, fails)?.value ?? sampleCase(arb, SEED, first));
    const r = seq && runSequence(seq);
    expect(
      r ? `seed ${SEED}: step ${r.steps} ${json(r.step)}: ${json(r.diff)}\nsequence ${json(seq)}` : null,
    ).toBeNull();
  });
});
