// SPDX-License-Identifier: GPL-2.0-only
// Patch 2 (kvm): P2 and P3, the problems with the boost candidates of
// kvm_vcpu_on_spin, and the patch's claims C3 (a preempted IPI receiver in
// user mode is a candidate of the sender's spin) and C4 (no boost for an IPI
// the receiver has run since). The IPIs go through the LAPIC path each
// variant has (apic_send_ipi / kvm_apic_send_ipi, and the patch's
// mark_ipi_receiver), so "the sender's bit" is what that variant records. A
// vCPU is boosted when kvm_vcpu_on_spin calls kvm_vcpu_yield_to for it: the
// yield_to of its task is in the step's trace.
import fc from "fast-check";
import type { Json, RecordJson, Scenario } from "../scenario.js";
import type { ClaimDef, Judgement } from "./claim.js";
import { claimScenario, type StepResult, type StepsRun } from "./steps.js";
import { guestEntryStep, ipiStep, ipiWorldArb, schedInStep, schedOutStep, spinStep } from "./gen-ipi.js";
import { describeFault } from "../outcome.js";

const vcpus = (state: Record<string, Json>): RecordJson[] => (state.vcpu ?? []) as RecordJson[];

/** kvm_vcpu_on_spin's call of yield_to for vCPU v's task, in a step's trace. */
const boosted = (st: StepResult, v: number): boolean => {
  const task = vcpus(st.before)[v]!.pid;
  return st.out.trace.some((t) => t.call === "yield_to" && Number(t.args.task) === task);
};

const NA = (why: string): Judgement => ({ applicable: false, bad: false, why });

const hex = (s: Json | undefined) => `0x${BigInt((s as string) ?? "0").toString(16)}`;

/** The last step (the spin) and the roles, read back from the scenario. */
function spinCase(run: StepsRun) {
  const spin = run.steps[run.steps.length - 1];
  if (!spin || spin.step.target !== "kvm_vcpu_on_spin" || run.oops) return null;
  const s = spin.step.call.me as number;
  return { spin, s };
}

/** R, the receiver, from the first IPI of the steps (or the vCPU R the steps schedule). */
function receiverOf(run: StepsRun, state: Record<string, Json>): { r: number; from: number | null } | null {
  const ipi = run.steps.find((st) => st.step.target === "kvm_apic_send_ipi");
  const notifier = run.steps.find((st) => st.step.target === "kvm_sched_out" || st.step.target === "guest_entry");
  if (ipi) {
    const from = ipi.step.call.vcpu as number;
    const high = ipi.step.call.icr_high as number;
    const x2 =
      (BigInt(vcpus(state)[from]!.arch ? ((vcpus(state)[from]!.arch as RecordJson).apic_base as string) : "0") &
        (1n << 10n)) !==
      0n;
    const dest = x2 ? high >>> 0 : (high >>> 24) & 0xff;
    const r = vcpus(state).findIndex((v) => v.vcpu_id === dest);
    return r < 0 ? null : { r, from };
  }
  if (notifier) return { r: notifier.step.call.vcpu as number, from: null };
  return null;
}

function ubNote(run: StepsRun): string {
  const ub = run.steps.flatMap((st) => st.out.faults.filter((f) => f.kind.startsWith("ub")).map(describeFault));
  return ub.length ? `; UB on the way: ${[...new Set(ub)].join("; ")}` : "";
}

function who(state: Record<string, Json>, v: number): string {
  return `vcpu ${v} (vcpu_id ${vcpus(state)[v]!.vcpu_id})`;
}

/** R's state at the spin: preempted in guest user mode (what the user-mode filter looks at). */
const preemptedInUserMode = (v: RecordJson): boolean =>
  v.preempted === true &&
  (v.arch as RecordJson).preempted_in_kernel === false &&
  (v.arch as RecordJson).guest_state_protected !== true;

function judgeUserModeReceiver(run: StepsRun, scn: Scenario, problem: boolean): Judgement {
  const sc = spinCase(run);
  if (!sc) return NA("no spin");
  const rc = receiverOf(run, scn as unknown as Record<string, Json>);
  if (!rc || rc.from !== sc.s) return NA("the IPI is not the spinner's");
  const before = vcpus(sc.spin.before)[rc.r]!;
  if (!preemptedInUserMode(before)) return NA("the receiver is not preempted in user mode");
  if (sc.spin.step.call.yield_to_kernel_mode !== true) return NA("not a yield_to_kernel_mode spin");
  const b = boosted(sc.spin, rc.r);
  const ran = run.steps.some((st) => st.step.target === "kvm_sched_out")
    ? "the IPI reached it while it ran, then it was preempted; "
    : "";
  const why = b
    ? `${who(scn as never, rc.r)} was boosted`
    : `${ran}kvm_vcpu_on_spin(${who(scn as never, sc.s)}, yield_to_kernel_mode) did not call yield_to for the receiver ${who(scn as never, rc.r)}, ` +
      `preempted in user mode with ipi_received ${hex(before.ipi_received)}${ubNote(run)}`;
  // P2's witness and C3's violation are the same event: the receiver was not boosted
  void problem;
  return { applicable: true, bad: !b, why };
}

export const P2: ClaimDef = {
  id: "P2",
  kind: "problem",
  family: "kvm",
  title: "a user-mode IPI receiver is not boosted",
  statement:
    "vCPU S sends an IPI to vCPU R, preempted (scheduled out while runnable) in guest user mode; S then spins: " +
    "kvm_vcpu_on_spin(S, yield_to_kernel_mode = true) does not boost R although R is the only candidate.",
  arb: ipiWorldArb({ receiver: "preempted-user" }).map((w) =>
    claimScenario(w.state, [ipiStep(w, w.s, w.r), spinStep(w, true)]),
  ),
  judge: (scn, run) => judgeUserModeReceiver(run, scn, true),
};

export const C3: ClaimDef = {
  id: "C3",
  kind: "claim",
  family: "kvm",
  title: "a user-mode IPI receiver is a candidate",
  statement:
    "With patch 2, a vCPU R preempted in guest user mode that has received an IPI from vCPU S is a candidate when S spins: " +
    "kvm_vcpu_on_spin(S, yield_to_kernel_mode = true) calls yield_to for R when R is the only eligible vCPU. " +
    "The IPI is sent while R is scheduled out, or while R runs just before it is preempted.",
  arb: fc.oneof(
    ipiWorldArb({ receiver: "preempted-user" }).map((w) =>
      claimScenario(w.state, [ipiStep(w, w.s, w.r), spinStep(w, true)]),
    ),
    ipiWorldArb({ receiver: "running" }).map((w) =>
      claimScenario(w.state, [ipiStep(w, w.s, w.r), schedOutStep(w), spinStep(w, true)]),
    ),
  ),
  judge: (scn, run) => judgeUserModeReceiver(run, scn, false),
};

export const P3: ClaimDef = {
  id: "P3",
  kind: "problem",
  family: "kvm",
  title: "a halted IPI receiver is always a candidate",
  statement:
    "vCPU R halted (blocked, not preempted) and was woken by an IPI from vCPU T; vCPU S, which sent R nothing, spins: " +
    "kvm_vcpu_on_spin(S) boosts R, although a vCPU woken from halt holds no lock S can be waiting for.",
  arb: ipiWorldArb({ receiver: "halted-woken", third: true, ytkm: fc.boolean() }).map((w) =>
    claimScenario(w.state, [ipiStep(w, w.t!, w.r), spinStep(w)]),
  ),
  judge(scn, run) {
    const sc = spinCase(run);
    if (!sc) return NA("no spin");
    const rc = receiverOf(run, scn as unknown as Record<string, Json>);
    if (!rc || rc.from === null || rc.from === sc.s) return NA("the IPI is the spinner's");
    const before = vcpus(sc.spin.before)[rc.r]!;
    if (before.preempted !== false || before.ready !== true) return NA("the receiver is not a woken halted vCPU");
    const b = boosted(sc.spin, rc.r);
    const why = b
      ? `kvm_vcpu_on_spin(${who(scn as never, sc.s)}) boosted ${who(scn as never, rc.r)}, halted and woken by an IPI from ${who(scn as never, rc.from)} ` +
        `(ipi_received ${hex(before.ipi_received)}, wait_active ${before.wait_active})${ubNote(run)}`
      : "not boosted";
    return { applicable: true, bad: b, why };
  },
};

export const C4: ClaimDef = {
  id: "C4",
  kind: "claim",
  family: "kvm",
  title: "no boost for an IPI it has run since",
  statement:
    "With patch 2, once vCPU R has run since S's IPI reached it (kvm_sched_in, or guest entry), and R is then preempted in " +
    "guest user mode, S's next spin (yield_to_kernel_mode = true) does not boost R: the only reason to boost R would be the IPI.",
  arb: fc.oneof(
    ipiWorldArb({ receiver: "preempted-user" }).chain((w) =>
      fc
        .boolean()
        .map((enter) =>
          claimScenario(w.state, [
            ipiStep(w, w.s, w.r),
            schedInStep(w),
            ...(enter ? [guestEntryStep(w)] : []),
            schedOutStep(w),
            spinStep(w, true),
          ]),
        ),
    ),
    // R runs on its CPU when S spins: patch 2 marks it in ipi_received
    ipiWorldArb({ receiver: "running" }).map((w) =>
      claimScenario(w.state, [spinStep(w, true), guestEntryStep(w), schedOutStep(w), spinStep(w, true)]),
    ),
  ),
  judge(scn, run) {
    const sc = spinCase(run);
    if (!sc) return NA("no spin");
    const rc = receiverOf(run, scn as unknown as Record<string, Json>);
    if (!rc) return NA("no receiver");
    if (!run.steps.some((st) => st.step.target === "kvm_sched_in" || st.step.target === "guest_entry"))
      return NA("the receiver did not run");
    const before = vcpus(sc.spin.before)[rc.r]!;
    if (!preemptedInUserMode(before)) return NA("the receiver is not preempted in user mode");
    const b = boosted(sc.spin, rc.r);
    const ran = run.steps
      .filter((st) => ["kvm_sched_in", "guest_entry"].includes(st.step.target))
      .map((st) => st.step.target);
    const why = b
      ? `${who(scn as never, rc.r)} ran (${ran.join(", ")}) and was preempted in user mode, ipi_received still ${hex(before.ipi_received)}: ` +
        `kvm_vcpu_on_spin(${who(scn as never, sc.s)}, yield_to_kernel_mode) boosted it${ubNote(run)}`
      : "not boosted";
    return { applicable: true, bad: b, why };
  },
};
