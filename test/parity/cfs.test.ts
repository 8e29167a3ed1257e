// SPDX-License-Identifier: GPL-2.0-only
// Parity of the cfs family: for every cfs target and every variant, at least
// 10,000 generated scenarios (harness/gen/cfs.ts) whose C and TS outcomes
// (return value, every field of the post-state, the recorded calls, the
// faults) are equal word for word. PLE_PARITY_SEED fixes the seed (a failure
// prints the one it used); PLE_PARITY_RUNS raises the count (budget.ts).
import { describe, expect, it } from "vitest";
import { checkParity } from "../../harness/run.js";
import { cfsTargets } from "../../harness/targets/cfs.js";
import { PARITY_RUNS as RUNS, PARITY_SEED as SEED } from "./budget.js";

const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"];

const json = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

describe.each(cfsTargets.map((t) => t.name))("parity of %s", (target) => {
  it.each(VARIANTS)(`cfs=%s: ${RUNS} scenarios, C == TS`, (variant) => {
    const failure = checkParity(target, variant, "v5.6", RUNS, SEED);
    expect(
      failure,
      failure ? `seed ${failure.seed}: first difference ${json(failure.diff)}\nscenario ${json(failure.scenario)}` : "",
    ).toBeNull();
  });
});
