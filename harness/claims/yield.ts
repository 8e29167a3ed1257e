// SPDX-License-Identifier: GPL-2.0-only
// Patch 1 (cfs): P1, the problem (CFS ignores the hint of a directed yield),
// and the patch's claims C1 (the next pick honours the yield) and C2 (it
// keeps fairness). A yield is KVM's: yield_to_task_fair(rq, target) on the
// yielder's CPU (this_rq, curr = the yielder), then, as schedule() does, the
// pick on the queue where the yielder's and the target's entities meet:
// update_curr on it, then pick_next_entity(cfs_rq, curr if queued), as
// pick_next_task_fair does at that level.
import type { Json, RecordJson, Scenario } from "../scenario.js";
import type { ClaimDef, Judgement } from "./claim.js";
import { claimScenario, type ClaimStep, type StepsRun } from "./steps.js";
import { yieldWorldArb, type YieldWorld } from "./gen-yield.js";

const S64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** A pointer field of a record (omitted = NULL, the layout's default). */
const ptr = (r: RecordJson, field: string): number | null => (r[field] ?? null) as number | null;

const recs = (state: Scenario | Record<string, Json>, name: string): RecordJson[] =>
  ((state as Record<string, Json>)[name] ?? []) as RecordJson[];

/** se, its parent, ... up to the root entity. */
export function ancestors(state: Scenario | Record<string, Json>, se: number): number[] {
  const list: number[] = [];
  for (
    let e: number | null = se;
    e !== null && list.length <= recs(state, "se").length;
    e = ptr(recs(state, "se")[e]!, "parent")
  )
    list.push(e);
  return list;
}

export interface Meeting {
  /** the cfs_rq both hierarchies share */
  cfs_rq: number;
  /** the yielder's entity on it (the yielder's or an ancestor's) */
  y: number;
  /** the target's entity on it */
  t: number;
}

/**
 * Where the yielder's and the target's entities meet: the first pair of
 * ancestors (or the entities themselves), from the yielder's side up, that
 * share a cfs_rq (as the RFC's deboost_yield_task climbs). null when they
 * share none (different CPUs).
 */
export function meeting(state: Scenario | Record<string, Json>, yse: number, tse: number): Meeting | null {
  const se = recs(state, "se");
  for (const y of ancestors(state, yse))
    for (const t of ancestors(state, tse))
      if (ptr(se[y]!, "cfs_rq") !== null && ptr(se[y]!, "cfs_rq") === ptr(se[t]!, "cfs_rq"))
        return { cfs_rq: ptr(se[y]!, "cfs_rq")!, y, t };
  return null;
}

const taskSe = (state: Scenario | Record<string, Json>, task: number): number =>
  recs(state, "task")[task]!.se as number;

/** The steps of a yield and the pick where the two hierarchies meet. */
export function yieldSteps(w: YieldWorld, pick: boolean): ClaimStep[] {
  const steps: ClaimStep[] = [
    { target: "yield_to_task_fair", call: { this_rq: w.cpu, p: w.target, preempt: w.preempt } },
  ];
  if (!pick) return steps;
  const m = meeting(w.state, taskSe(w.state, w.yielder), taskSe(w.state, w.target));
  if (!m) return steps;
  const q = recs(w.state, "cfs_rq")[m.cfs_rq]!;
  const curr = ptr(q, "curr");
  const queued = curr !== null && ((recs(w.state, "se")[curr]!.on_rq as number) ?? 0) !== 0;
  steps.push({ target: "update_curr", call: { cfs_rq: m.cfs_rq } });
  steps.push({ target: "pick_next_entity", call: { cfs_rq: m.cfs_rq, curr: queued ? curr : null } });
  return steps;
}

/** What a yield scenario is: who yields to whom, and where they meet. */
interface YieldCase {
  yielder: number;
  target: number;
  yse: number;
  tse: number;
  meet: Meeting | null;
}

function yieldCase(scn: Scenario, run: StepsRun): YieldCase | null {
  const first = run.steps[0];
  if (!first || first.step.target !== "yield_to_task_fair") return null;
  const call = first.step.call;
  const rq = recs(first.before, "rq")[call.this_rq as number];
  const yielder = rq?.curr as number | null | undefined;
  const target = call.p as number | null;
  if (yielder == null || target === null) return null;
  const yse = taskSe(scn, yielder);
  const tse = taskSe(scn, target);
  return { yielder, target, yse, tse, meet: meeting(scn, yse, tse) };
}

const vr = (state: Record<string, Json>, se: number): bigint =>
  BigInt((recs(state, "se")[se]!.vruntime as string) ?? "0");
const NA = (why: string): Judgement => ({ applicable: false, bad: false, why });

function describePick(run: StepsRun, yc: YieldCase, m: Meeting): string {
  const [y, , p] = run.steps;
  const picked = Number(p!.out.ret);
  const group = m.y !== yc.yse;
  const who =
    picked === m.t
      ? "the target's entity"
      : picked === m.y
        ? `the yielder's ${group ? "group " : ""}entity`
        : picked < 0
          ? "NULL"
          : "another entity";
  const after = p!.before;
  const gran = (recs(after, "sys") as unknown as RecordJson).sysctl_sched_wakeup_granularity;
  const level = m.y === yc.yse ? "the yielder's cfs_rq" : `cfs_rq ${m.cfs_rq}, where they meet`;
  return (
    `pick_next_entity on ${level} returned ${picked < 0 ? "NULL" : `se ${picked}`} (${who}), not se ${m.t}, although next = se ${recs(after, "cfs_rq")[m.cfs_rq]!.next}; ` +
    `vruntimes: yielder's ${group ? "group " : ""}entity se ${m.y} ${vr(y!.before, m.y)} -> ${vr(after, m.y)}, target's${group ? " group" : ""} se ${m.t} ${vr(after, m.t)}` +
    (picked >= 0 && picked !== m.y && picked !== m.t ? `, se ${picked} ${vr(after, picked)}` : "") +
    `; wakeup granularity ${gran} ns`
  );
}

/** The yield went through (yield_to_task_fair returned true) and the pick ran. */
function yieldAndPick(run: StepsRun): boolean {
  return run.steps.length === 3 && !run.oops && run.steps[0]!.out.ret === "1";
}

export const P1: ClaimDef = {
  id: "P1",
  kind: "problem",
  family: "cfs",
  title: "CFS ignores KVM's yield hint",
  statement:
    "After yield_to_task_fair(rq, target) by the running yielder, with yielder and target queued on the same cfs_rq, " +
    "pick_next_entity on that cfs_rq returns the yielder again although cfs_rq->next is the target.",
  arb: yieldWorldArb({ sameCpu: true, groupings: ["flat", "vm"] }).map((w) =>
    claimScenario(w.state, yieldSteps(w, true)),
  ),
  judge(scn, run) {
    const yc = yieldCase(scn, run);
    if (!yc?.meet || yc.meet.y !== yc.yse || yc.meet.t !== yc.tse)
      return NA("yielder and target are not on one cfs_rq");
    if (!yieldAndPick(run)) return NA("the yield did not go through");
    const after = run.steps[2]!.before;
    if (recs(after, "cfs_rq")[yc.meet.cfs_rq]!.next !== yc.tse) return NA("next is not the target");
    const picked = Number(run.steps[2]!.out.ret);
    return {
      applicable: true,
      bad: picked === yc.yse,
      why: picked === yc.yse ? describePick(run, yc, yc.meet) : "the yielder was not picked",
    };
  },
};

export const C1: ClaimDef = {
  id: "C1",
  kind: "claim",
  family: "cfs",
  title: "the next pick honours the yield",
  statement:
    "With patch 1, when the yielder and the target are vCPUs of one VM whose entities meet on one run queue (the same cfs_rq " +
    "at some level of the group hierarchy), the next pick on that cfs_rq returns the target's entity at that level.",
  arb: yieldWorldArb({ sameCpu: true, groupings: ["flat", "vm", "vcpu"] }).map((w) =>
    claimScenario(w.state, yieldSteps(w, true)),
  ),
  judge(scn, run) {
    const yc = yieldCase(scn, run);
    if (!yc?.meet) return NA("the entities do not meet");
    if (!yieldAndPick(run)) return NA("the yield did not go through");
    const picked = Number(run.steps[2]!.out.ret);
    return {
      applicable: true,
      bad: picked !== yc.meet.t,
      why: picked !== yc.meet.t ? describePick(run, yc, yc.meet) : "the target's entity was picked",
    };
  },
};

/**
 * Only the yielder stands in the target's way where they meet: every other
 * queued entity there is at or right of the target's entity (before the yield).
 */
export function onlyYielderInTheWay(state: Scenario | Record<string, Json>, m: Meeting): boolean {
  const se = recs(state, "se");
  const t = vr(state as Record<string, Json>, m.t);
  return se.every(
    (e, i) =>
      i === m.y ||
      i === m.t ||
      ptr(e, "cfs_rq") !== m.cfs_rq ||
      !e.on_rq ||
      S64(vr(state as Record<string, Json>, i) - t) >= 0n,
  );
}

function staticMeeting(scn: Scenario): Meeting | null {
  const first = (scn.steps?.[0] ?? null) as unknown as ClaimStep | null;
  if (!first) return null;
  const yielder = recs(scn, "rq")[first.call.this_rq as number]?.curr as number | null;
  return yielder == null ? null : meeting(scn, taskSe(scn, yielder), taskSe(scn, first.call.p as number));
}

export const C1y: ClaimDef = {
  id: "C1y",
  kind: "claim",
  family: "cfs",
  title: "C1 when only the yielder is in the way",
  statement:
    "C1 where the yielder is what stands between the target and the CPU (the case the cover letter describes): every other " +
    "queued entity on the cfs_rq where they meet is at or right of the target's entity. The next pick there returns the target's entity.",
  arb: yieldWorldArb({ sameCpu: true, groupings: ["flat", "vm", "vcpu"], fewOthers: true })
    .map((w) => claimScenario(w.state, yieldSteps(w, true)))
    .filter((scn) => {
      const m = staticMeeting(scn);
      return m !== null && onlyYielderInTheWay(scn, m);
    }),
  judge(scn, run) {
    const m = staticMeeting(scn);
    if (!m || !onlyYielderInTheWay(scn, m)) return NA("others stand in the way");
    return C1.judge(scn, run);
  },
};

export const C2: ClaimDef = {
  id: "C2",
  kind: "claim",
  family: "cfs",
  title: "the yield keeps fairness",
  statement:
    "With patch 1, yield_to_task_fair never decreases the vruntime of the yielder's entity or of any of its ancestors, " +
    "and never changes the vruntime of any other entity (the VM that caused the exit gains nothing).",
  arb: yieldWorldArb({ sameCpu: false, groupings: ["flat", "vm", "vcpu"] }).map((w) =>
    claimScenario(w.state, yieldSteps(w, false)),
  ),
  judge(scn, run) {
    const yc = yieldCase(scn, run);
    if (!yc) return NA("not a yield");
    if (run.oops || run.steps.length !== 1) return NA("the yield oopsed");
    const { before, out } = run.steps[0]!;
    const chain = new Set(ancestors(scn, yc.yse));
    for (let i = 0; i < recs(before, "se").length; i++) {
      const pre = vr(before, i);
      const post = vr(out.state, i);
      const delta = S64(post - pre);
      const own = chain.has(i);
      if (own ? delta < 0n : delta !== 0n) {
        const who =
          i === yc.yse
            ? "the yielder's entity"
            : own
              ? "an ancestor of the yielder's entity"
              : i === yc.tse
                ? "the target's entity"
                : "another entity";
        return {
          applicable: true,
          bad: true,
          why: `se ${i} (${who}) vruntime ${pre} -> ${post} (${delta > 0n ? "+" : ""}${delta}): ${own ? "decreased" : "changed"}`,
        };
      }
    }
    return { applicable: true, bad: false, why: "no entity gained" };
  },
};
