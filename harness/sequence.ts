// SPDX-License-Identifier: GPL-2.0-only
// The stateful target `sequence`: a host (harness/gen/host.ts) and a list of
// events, each a single-call or composed target applied to the state the
// previous one left: clock ticks with update_curr, IPI sends, context switches
// with the preempt notifiers, guest entries and pause-loop exits. Both sides
// step in lockstep; the outcomes are compared after every step and the first
// step that differs, or faults, ends the run.
//
// Events happen only where the kernel lets them (invariants, kernel reason):
// - an ICR write (kvm_apic_send_ipi), a guest entry and a pause-loop exit come from a vCPU in KVM_RUN:
//   the vCPU loaded on a CPU (kvm_running_vcpu) by that CPU's curr. A generated step names a CPU
//   (call.this_rq) and no vCPU; it runs on the vCPU loaded there, or on the next CPU that has one, and is
//   skipped while no CPU runs a vCPU (a step naming its vCPU, as a claim's, runs as written)
// - a tick advances the clock by delta >= 0 (the clock is monotonic)
// - the first step always runs: in a generated host, me runs in the guest
// ICR words and destinations stay arbitrary: the guest writes them.
import fc from "fast-check";
import { encodeCallOn, encodeForC, runBothWire } from "./run.js";
import { faultCount } from "./outcome.js";
import { NIL } from "./layout.js";
import { hostArb } from "./gen/host.js";
import { icrLow, icrHighOf } from "./gen/kvm.js";
import { wireCounts, wireField, type Json, type RecordJson, type Scenario } from "./scenario.js";
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

/** The events that come from a vCPU in KVM_RUN, and the call field naming it. */
const VCPU_FIELD: Partial<Record<Step["target"], "vcpu" | "me">> = {
  kvm_apic_send_ipi: "vcpu",
  guest_entry: "vcpu",
  ple_exit: "me",
};

/**
 * A step as it runs in this state (the words of a wire or of an outcome's
 * post-state): one that names no vCPU gets the vCPU in KVM_RUN on its CPU or
 * the next CPU that has one (and that CPU); null when no CPU runs a vCPU now.
 */
export function resolveStep(step: Step, state: BigUint64Array): Step | null {
  const field = VCPU_FIELD[step.target];
  if (!field || step.call[field] !== undefined) return step;
  const nrq = wireCounts(state).rq;
  const from = (step.call.this_rq as number | undefined) ?? 0;
  for (let j = 0; j < nrq; j++) {
    const c = (from + j) % nrq;
    const v = wireField(state, "rq", c, "kvm_running_vcpu");
    if (v === NIL) continue;
    if (wireField(state, "vcpu", Number(v), "pid") !== wireField(state, "rq", c, "curr")) continue;
    return { target: step.target, call: { ...step.call, [field]: Number(v), this_rq: c } };
  }
  return null;
}

const NO_STEP = "sequence: no step could run (no CPU runs a vCPU, and no step names one)";

/**
 * Run the steps of a sequence scenario on both sides, in lockstep: each step
 * on the words of the state the C side left (equal to the TS side's, or the
 * run has stopped). `onStep` sees every step's input words (npm run bench).
 */
export function runSequence(seq: Scenario, onStep?: (wire: BigUint64Array, scn: Scenario) => void): SequenceResult {
  const { steps: raw, ...initial } = seq;
  const steps = (raw ?? []) as unknown as Step[];
  if (!steps.length) throw new Error(NO_STEP);
  // the state's words; every step sets its own target and call in them
  let state = encodeForC({ ...initial, target: steps[0]!.target, call: {} });
  let last: SequenceResult = { steps: 0, step: null, c: null, ts: null, diff: null, faulted: false };
  for (let k = 0; k < steps.length; k++) {
    const step = resolveStep(steps[k]!, state);
    if (!step) continue; // no vCPU runs anywhere: the event cannot happen now
    const scn: Scenario = { format: 1, variants: seq.variants, target: step.target, call: step.call };
    const wire = encodeCallOn(state, scn);
    onStep?.(wire, scn);
    const r = runBothWire(wire, scn);
    last = { steps: k + 1, step, c: r.c, ts: r.ts, diff: r.diff, faulted: faultCount(r.c) > 0 };
    if (r.diff || last.faulted) return last;
    state = r.c;
  }
  if (!last.step) throw new Error(NO_STEP);
  return last;
}

/**
 * One event, drawn without the host (so that host and events shrink apart):
 * a function of the host's CPU count and vcpu_ids. Events from a vCPU name
 * only the CPU; the step runs on the vCPU in KVM_RUN there (resolveStep).
 */
const stepArb: fc.Arbitrary<(nrCpu: number, ids: readonly number[]) => Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        cpu: fc.nat({ max: 3 }),
        delta: fc.oneof(fc.constantFrom(1_000_000n, 4_000_000n), fc.bigInt({ min: 0n, max: 20_000_000n })),
      })
      .map(({ cpu, delta }) => (nrCpu: number): Step => ({
        target: "tick",
        call: { this_rq: cpu % nrCpu, delta: delta.toString() },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .nat({ max: 3 })
      .map((cpu) => (nrCpu: number): Step => ({ target: "context_switch", call: { this_rq: cpu % nrCpu } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ cpu: fc.nat({ max: 3 }), icr_low: icrLow(), icr_high: icrHighOf() })
      .map(({ cpu, icr_low, icr_high }) => (nrCpu: number, ids: readonly number[]): Step => ({
        target: "kvm_apic_send_ipi",
        call: { this_rq: cpu % nrCpu, icr_low, icr_high: icr_high(ids) },
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: 3 })
      .map((cpu) => (nrCpu: number): Step => ({ target: "guest_entry", call: { this_rq: cpu % nrCpu } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ cpu: fc.nat({ max: 3 }), yield_to_kernel_mode: fc.boolean() })
      .map(({ cpu, yield_to_kernel_mode }) => (nrCpu: number): Step => ({
        target: "ple_exit",
        call: { this_rq: cpu % nrCpu, yield_to_kernel_mode },
      })),
  },
);

export const sequenceArb: fc.Arbitrary<Scenario> = fc
  .tuple(hostArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }))
  .map(([s, steps]) => {
    const nrCpu = s.rq?.length ?? 1;
    const ids = (s.vcpu ?? []).map((v) => v.vcpu_id as number);
    return { ...s, target: SEQUENCE, steps: steps.map((f) => f(nrCpu, ids)) as unknown as Json[] };
  });
