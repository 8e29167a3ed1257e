// SPDX-License-Identifier: GPL-2.0-only
// A sequence's next step runs on the words of the state the last step left
// (encodeCallOn), not on that state read back as JSON and encoded again.
// Both must give the same input words, or the chain would test another
// state than the scenario the counterexample shows.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { encodeCallOn, encodeForC, withVariants } from "../../../harness/run.js";
import { runSequence, sequenceArb } from "../../../harness/sequence.js";
import { readOutcome } from "../../../harness/outcome.js";
import { addon } from "../../../harness/native.js";
import { ScenarioError, type Scenario } from "../../../harness/scenario.js";

describe("sequence steps chained on outcome words", () => {
  it("give the words encoding the read-back state gives, step after step", () => {
    const seqs = fc.sample(
      sequenceArb.map((s) => withVariants(s, "rfc-v1", "rfc-v1")),
      { numRuns: 200, seed: 7 },
    );
    let compared = 0;
    for (const seq of seqs) {
      const inputs: { wire: BigUint64Array; scn: Scenario }[] = [];
      runSequence(seq, (wire, scn) => inputs.push({ wire, scn }));
      for (let k = 1; k < inputs.length; k++) {
        const { scn, wire } = inputs[k]!;
        const before = readOutcome(addon().run(inputs[k - 1]!.wire)).state;
        expect(wire).toEqual(encodeForC({ ...before, ...scn } as Scenario));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("checks the call as encode does", () => {
    const seq = fc.sample(sequenceArb, { numRuns: 1, seed: 1 })[0]!;
    const state = encodeForC({ ...seq, steps: undefined, target: "tick", call: {} });
    const scn = (call: unknown): Scenario => ({ format: 1, target: "tick", variants: seq.variants, call }) as Scenario;
    expect(() => encodeCallOn(state, scn({ this_rq: 99 }))).toThrow(ScenarioError);
    expect(() => encodeCallOn(state, scn({ this_rq: 99 }))).toThrow(/call\.this_rq: 99 is not an index of rq/);
    expect(() => encodeCallOn(state, scn({ nonsense: 1 }))).toThrow(/call\.nonsense: unknown field/);
    expect(() => encodeCallOn(state, { ...scn({}), target: "nope" })).toThrow(/target: "nope" is not a target/);
  });
});
