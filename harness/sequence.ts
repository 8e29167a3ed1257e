// SPDX-License-Identifier: GPL-2.0-only
// The stateful target `sequence`: a host (harness/gen/host.ts) and a list of
// events, each a single-call or composed target applied to the state the
// previous one left: clock ticks with update_curr, IPI sends, context switches
// with the preempt notifiers, guest entries and pause-loop exits. Both sides
// step in lockstep; the outcomes are compared after every step and the first
// step that differs, or faults, ends the run.
import fc from "fast-check";
import { runBoth } from "./run.js";
import { readOutcome } from "./outcome.js";
import { hostArb } from "./gen/host.js";
import { icrLow, icrHigh } from "./gen/kvm.js";
import type { Json, RecordJson, Scenario } from "./scenario.js";
import type { Difference } from "./outcome.js";

export const SEQUENCE = "sequence";

export interface Step {
  target: "tick" | "context_switch" | "ple_exit" | "kvm_apic_send_ipi" | "guest_entry";
  call: RecordJson;
}

export interface SequenceResult {
  /** steps run (the last one is the failing one when diff or faults) */
  steps: number;
  step: Step | null;
  c: BigUint64Array | null;
  ts: BigUint64Array | null;
  diff: Difference | null;
  faulted: boolean;
}

/** Run the steps of a sequence scenario on both sides, in lockstep. */
export function runSequence(seq: Scenario): SequenceResult {
  const steps = seq.steps ?? [];
  let state: Record<string, Json> = { ...seq };
  delete state.steps;
  let last: SequenceResult = { steps: 0, step: null, c: null, ts: null, diff: null, faulted: false };
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k] as unknown as Step;
    const scn = { ...state, format: 1, variants: seq.variants, target: step.target, call: step.call } as Scenario;
    const r = runBoth(scn);
    const c = readOutcome(r.c);
    last = { steps: k + 1, step, c: r.c, ts: r.ts, diff: r.diff, faulted: c.faults.length > 0 };
    if (r.diff || last.faulted) return last;
    state = c.state;
  }
  return last;
}

/** One event the host can take. */
function stepArb(s: Scenario): fc.Arbitrary<Step> {
  const nrCpu = s.rq?.length ?? 1;
  const nrVcpu = s.vcpu?.length ?? 1;
  const cpu = fc.integer({ min: 0, max: nrCpu - 1 });
  const vcpu = fc.integer({ min: 0, max: nrVcpu - 1 });
  const ids = (s.vcpu ?? []).map((v) => v.vcpu_id as number);
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          this_rq: cpu,
          delta: fc.oneof(fc.constantFrom(1_000_000n, 4_000_000n), fc.bigInt({ min: 0n, max: 20_000_000n })),
        })
        .map(({ this_rq, delta }): Step => ({ target: "tick", call: { this_rq, delta: delta.toString() } })),
    },
    { weight: 2, arbitrary: cpu.map((this_rq): Step => ({ target: "context_switch", call: { this_rq } })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ vcpu, icr_low: icrLow(), icr_high: icrHigh(ids) })
        .map((call): Step => ({ target: "kvm_apic_send_ipi", call })),
    },
    { weight: 1, arbitrary: vcpu.map((v): Step => ({ target: "guest_entry", call: { vcpu: v } })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ me: vcpu, yield_to_kernel_mode: fc.boolean() })
        .map(({ me, yield_to_kernel_mode }): Step => {
          const task = s.vcpu![me]!.pid as number;
          return { target: "ple_exit", call: { me, yield_to_kernel_mode, this_rq: s.task![task]!.cpu as number } };
        }),
    },
  );
}

export const sequenceArb: fc.Arbitrary<Scenario> = hostArb.chain((s) =>
  fc
    .array(stepArb(s), { minLength: 1, maxLength: 12 })
    .map((steps) => ({ ...s, target: SEQUENCE, steps: steps as unknown as Json[] })),
);
