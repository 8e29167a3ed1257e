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
import { encodeCallOn, encodeForC, runBothWire } from "./run.js";
import { faultCount } from "./outcome.js";
import { NIL } from "./layout.js";
import { drawHost, HOST_WORDS } from "./gen/host.js";
import { icrHigh, icrLow } from "./gen/kvm.js";
import { Draws, Drawn, anyOf, chance, int, pick, times } from "./gen/draws.js";
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

/** The target of a generated event, by weight: ticks most, guest entries least. */
const EVENTS: [number, Step["target"]][] = [
  [3, "tick"],
  [2, "context_switch"],
  [2, "kvm_apic_send_ipi"],
  [1, "guest_entry"],
  [2, "ple_exit"],
];

/**
 * One event, from words of its own (drawn apart from the host, so that host
 * and events shrink apart): events from a vCPU name only the CPU; the step
 * runs on the vCPU in KVM_RUN there (resolveStep).
 */
function drawStep(g: Draws, nrCpu: number, ids: readonly number[]): Step {
  const target = pick(g, EVENTS);
  const this_rq = int(g, 0, 3) % nrCpu;
  switch (target) {
    case "tick": {
      const delta = pick<bigint>(g, [
        [1, () => anyOf(g, [1_000_000n, 4_000_000n])],
        [1, () => g.big(0n, 20_000_000n)],
      ]);
      return { target, call: { this_rq, delta: delta.toString() } };
    }
    case "kvm_apic_send_ipi":
      return { target, call: { this_rq, icr_low: icrLow(g), icr_high: icrHigh(g, ids) } };
    case "ple_exit":
      return { target, call: { this_rq, yield_to_kernel_mode: chance(g, 50) } };
    default:
      return { target, call: { this_rq } };
  }
}

const MAX_STEPS = 12;
const STEPS0 = HOST_WORDS;
const PER_STEP = 16;

/** A host and one to twelve events. */
export const sequenceArb: Drawn<Scenario> = new Drawn(STEPS0 + 1 + MAX_STEPS * PER_STEP, (words) => {
  const root = new Draws(words);
  const s = drawHost(root);
  const nrCpu = s.rq?.length ?? 1;
  const ids = (s.vcpu ?? []).map((v) => v.vcpu_id as number);
  const count = int(root.sub(STEPS0, 1), 1, MAX_STEPS);
  const steps = times(count, (k) => drawStep(root.sub(STEPS0 + 1 + k * PER_STEP, PER_STEP), nrCpu, ids));
  return { ...s, target: SEQUENCE, steps: steps as unknown as Json[] };
});
