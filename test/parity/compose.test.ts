// SPDX-License-Identifier: GPL-2.0-only
// Parity of the composed chains over every (cfs variant x kvm variant) pair:
// ple_exit (kvm_vcpu_on_spin -> kvm_vcpu_yield_to -> yield_to ->
// yield_to_task_fair -> the next pick -> kvm_sched_out/in), the context
// switch and the scheduler tick, at least 10,000 generated hosts each
// (harness/gen/host.ts), C outcome == TS outcome word for word; and the
// stateful sequence target, compared after every step. PLE_PARITY_SEED fixes
// the seed; PLE_PARITY_RUNS raises the count.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkParity, withVariants } from "../../harness/run.js";
import { composeTargets } from "../../harness/targets/compose.js";
import { runSequence, sequenceArb } from "../../harness/sequence.js";

const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"];
const PAIRS = VARIANTS.flatMap((cfs) => VARIANTS.map((kvm) => [cfs, kvm] as const));
const RUNS = Math.max(10_000, Number(process.env.PLE_PARITY_RUNS ?? 0));
const SEED = process.env.PLE_PARITY_SEED ? Number(process.env.PLE_PARITY_SEED) : Date.now() % 0x7fffffff;
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
  it.each(PAIRS)("cfs=%s kvm=%s: 300 sequences, equal after every step", (cfs, kvm) => {
    const details = fc.check(
      fc.property(
        sequenceArb.map((s) => withVariants(s, cfs, kvm)),
        (seq) => runSequence(seq).diff === null,
      ),
      { numRuns: 300, seed: SEED },
    );
    const seq = details.counterexample?.[0];
    const r = seq && runSequence(seq);
    expect(
      r ? `seed ${SEED}: step ${r.steps} ${json(r.step)}: ${json(r.diff)}\nsequence ${json(seq)}` : null,
    ).toBeNull();
  });
});
