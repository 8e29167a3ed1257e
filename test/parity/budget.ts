// SPDX-License-Identifier: GPL-2.0-only
// How many generated scenarios each parity test runs, and from which seed.
// `npm test`: at least 10,000 per target x variant (PLE_PARITY_RUNS raises
// it), the seed from the clock unless PLE_PARITY_SEED fixes it. Mutation
// testing (vitest.mutate.config.ts) sets PLE_PARITY_MUTATION_RUNS: that many
// scenarios, no floor, so that one mutant's run of the suite stays near a
// second; it fixes PLE_PARITY_SEED too, so every mutant meets the same cases.
const MUTATION_RUNS = process.env.PLE_PARITY_MUTATION_RUNS ? Number(process.env.PLE_PARITY_MUTATION_RUNS) : undefined;

/** Scenarios per target x variant: the mutation count, else at least 10,000. */
export const PARITY_RUNS = MUTATION_RUNS ?? Math.max(10_000, Number(process.env.PLE_PARITY_RUNS ?? 0));

/** Sequences per variant pair (each several steps): the mutation count, else `normal`. */
export const sequenceRuns = (normal: number): number => MUTATION_RUNS ?? normal;

export const PARITY_SEED = process.env.PLE_PARITY_SEED ? Number(process.env.PLE_PARITY_SEED) : Date.now() % 0x7fffffff;
