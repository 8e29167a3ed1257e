// SPDX-License-Identifier: GPL-2.0-only
// Scenario generators of the cfs family, over the whole domain of every value
// (DESIGN §7): one to three CPUs, nested task groups (group entities owning a
// my_q, se->parent chains), every nice level's weight with its inverse weight
// or inv_weight 0 (so that __update_inv_weight runs), group weights from
// MIN_SHARES up, vruntimes clustered around 0, 2^63 and the u64 wrap-around,
// with offsets on and around multiples of the wakeup granularity, buddies set
// or not, empty and single-entity queues, throttled hierarchies with bandwidth
// on or off, clocks that make update_curr's delta negative, zero or positive,
// tasks of other classes, running, queued or asleep.
//
// Every world is a state the kernel can be in, and every call passes what the
// kernel's callers pass, so that a fault both sides agree on is a defect of
// the kernel code or of a patch, never of the generator. Invariants kept
// (kernel reason):
// - every se has cfs_rq != NULL: set_task_rq() sets it for every task of every class at fork (the idle task
//   in init_idle), init_tg_cfs_entry() for every group entity
// - cfs_rq->rq != NULL and is the rq of the CPU the cfs_rq belongs to: init_cfs_rq()/init_tg_cfs_entry()
// - a task's se->cfs_rq is on task_cpu(p), se->parent is its group's entity on that CPU (or NULL in the root
//   group) and se->depth = parent->depth + 1: set_task_rq() and set_task_cpu() move them together
// - a task's se has no my_q; a group's se owns exactly its cfs_rq: group_cfs_rq() is only set for tg->se[cpu]
// - se->on_rq is 0 or 1, and only entities of fair tasks and groups are ever queued on a cfs_rq:
//   enqueue_entity()/dequeue_entity() are the only writers, called from the fair class only
// - a group entity is queued iff its cfs_rq has a queued entity and is not throttled: enqueue_task_fair()
//   stops at a throttled cfs_rq, dequeue_task_fair() and throttle_cfs_rq() dequeue emptied/throttled groups
// - cfs_rq->nr_running counts the queued entities directly on it (curr included), load.weight sums their
//   weights: account_entity_enqueue()/account_entity_dequeue()
// - the timeline holds the queued entities except cfs_rq->curr, in entity_before() order:
//   set_next_entity() takes curr out of the tree, __enqueue_entity() inserts in order
// - cfs_rq->curr is NULL, or the entity of the running fair task (or its ancestor) on that level; it may be
//   no longer queued (dequeued by a task going to sleep or by a throttle, until put_prev_entity())
// - next, last and skip buddies are NULL or queued entities of that cfs_rq: dequeue_entity() calls
//   clear_buddies() before an entity leaves
// - throttled only where runtime_enabled, and both only when cfs_bandwidth_used(); the root cfs_rq is never
//   throttled; throttle_count = throttled cfs_rqs among itself and its ancestors: tg_throttle_down() walks
//   the subtree from the throttled group
// - rq->curr is never NULL (the idle task when nothing else runs), its task_cpu() is that rq, and on_cpu is
//   1 for rq->curr only (x86 switches under the rq lock): __schedule(), init_idle()
// - rq->nr_running counts the runnable tasks of every class outside throttled hierarchies: add_nr_running()
//   and throttle_cfs_rq()'s sub_nr_running()
// - policy matches class (NORMAL/BATCH/IDLE fair, FIFO/RR rt, DEADLINE dl) and state is a TASK_* value:
//   sched_setscheduler() and the state setters; a SCHED_IDLE task weighs WEIGHT_IDLEPRIO: set_load_weight()
// - se weights are scale_load(sched_prio_to_weight[]) or WEIGHT_IDLEPRIO for tasks, in [MIN_SHARES,
//   scale_load(MAX_SHARES)] for groups; inv_weight is 0 or the inverse of that weight:
//   set_load_weight(), calc_group_shares(), update_load_set(), __update_inv_weight()
// - sysctl_sched_wakeup_granularity <= 4 s: the sysctl's max (1 s) times the CPU scaling factor (<= 4)
// Calls (what the callers pass):
// - no function gets a NULL cfs_rq, se, curr or rq; entity_before and wakeup_preempt_entity compare two
//   entities of one cfs_rq (__enqueue_entity(), pick_next_entity(), check_preempt_wakeup() after
//   find_matching_se())
// - pick_next_entity: a cfs_rq with nr_running > 0 outside throttled hierarchies, curr = cfs_rq->curr if
//   queued else NULL: pick_next_task_fair() returns early on an empty rq and descends only into queued groups
// - clear_buddies: a queued entity of that cfs_rq (pick_next_entity's pick, dequeue_entity, yield_task_fair)
// - set_next_buddy: a queued task entity outside throttled hierarchies (check_preempt_wakeup and
//   yield_to_task_fair check throttled_hierarchy() first), or a queued group entity whose queue is not in a
//   throttled hierarchy (dequeue_task_fair() biases the next pick to a group that keeps load while a task
//   sleeps); set_last_buddy: the running task's queued entity
//   (check_preempt_wakeup); set_skip_buddy: the running task's entity (yield_task_fair)
// - yield_task_fair, yield_to_task_fair, yield_to: current = this_rq->curr is running in a syscall or a
//   vCPU exit, so TASK_RUNNING and queued; yield_to's p is a user task (not idle, not stop), not NULL
//   (kvm_vcpu_yield_to checks); yield_to_task_fair's p is fair, TASK_RUNNING and not running (yield_to
//   checks the class, task_running() and p->state); preempt is true (kvm_vcpu_yield_to(), yield_to()'s
//   only caller, passes true)
// - deboost_yield_task: p's queued entity outside throttled hierarchies and current's entity (the checks of
//   yield_to_task_fair before the call)
import type { Scenario, RecordJson } from "../scenario.js";
import { Draws, Drawn, anyOf, chance, int, pick, times, where } from "./draws.js";

export const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
export const SCHED_FIXEDPOINT_SHIFT = 10n;
export const NICE_0_LOAD = 1n << 20n;

/** kernel/sched/core.c sched_prio_to_weight[] (nice -20 .. 19), the same in v5.6 and v5.12 */
export const sched_prio_to_weight = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991,
  1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
] as const;
/** kernel/sched/core.c sched_prio_to_wmult[] (2^32 / weight) */
export const sched_prio_to_wmult = [
  48388, 59856, 76040, 92818, 118348, 147320, 184698, 229616, 287308, 360437, 449829, 563644, 704093, 875809, 1099582,
  1376151, 1717300, 2157191, 2708050, 3363326, 4194304, 5237765, 6557202, 8165337, 10153587, 12820798, 15790321,
  19976592, 24970740, 31350126, 39045157, 49367440, 61356676, 76695844, 95443717, 119304647, 148102320, 186737708,
  238609294, 286331153,
] as const;
/** SCHED_IDLE's weight and inverse (WEIGHT_IDLEPRIO, WMULT_IDLEPRIO) */
export const WEIGHT_IDLEPRIO = 3;
export const WMULT_IDLEPRIO = 1431655765;

/** Default sysctl_sched_wakeup_granularity for 1, 2, 3-4 and 8+ CPUs (1 ms * (1 + ilog2(min(ncpus, 8)))) */
export const WAKEUP_GRANULARITIES = [1_000_000, 2_000_000, 3_000_000, 4_000_000] as const;

export const SCHED_NORMAL = 0;
export const SCHED_FIFO = 1;
export const SCHED_RR = 2;
export const SCHED_BATCH = 3;
export const SCHED_IDLE = 5;
export const SCHED_DEADLINE = 6;

/**
 * Where each part of a world draws from: a region of its own per CPU, cfs_rq,
 * user task and group (and one for the call), so that a part added or taken
 * away while shrinking leaves the others' draws where they were.
 */
const PER_CPU = 32;
const CPU0 = 0;
const PER_CFS = 16;
const CFS0 = CPU0 + 3 * PER_CPU;
const PER_TASK = 32;
const TASK0 = CFS0 + 9 * PER_CFS;
const PER_GROUP = 32;
const GROUP0 = TASK0 + 10 * PER_TASK;
const CALL0 = GROUP0 + 6 * PER_GROUP;
const SHAPE = CALL0 + 32;
export const DRAW_WORDS = SHAPE + 32;

type G = Draws;

const big = (g: G, min: bigint, max: bigint): bigint => g.big(min, max);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** A base point of a cluster of vruntimes: near 0, near the u64 wrap, near 2^63, or anywhere. */
export function vruntimeBase(g: G): bigint {
  return pick<bigint>(g, [
    [3, () => big(g, 0n, 1n << 40n)],
    [3, () => u64(-big(g, 0n, 20_000_000n))], // just below 2^64: offsets wrap
    [2, () => (1n << 63n) + big(g, -20_000_000n, 20_000_000n)], // s64 sign boundary of differences
    [2, () => big(g, 0n, U64_MAX)],
  ]);
}

/** An offset from the cluster base: on, next to, and between multiples of the granularity. */
export function vruntimeOffset(g: G, gran: number): bigint {
  return pick<bigint>(g, [
    [4, () => BigInt(int(g, -5 * gran, 5 * gran))],
    [3, () => BigInt(int(g, -4, 4) * gran + int(g, -2, 2))],
    [1, () => BigInt(int(g, -4, 4)) * BigInt(gran) * BigInt(int(g, 1, 1024))], // heavy entities' scaled gran
    [1, () => big(g, S64_MIN, S64_MAX)],
  ]);
}

/** WMULT_CONST (~0U), the dividend of __update_inv_weight() */
const WMULT_CONST = 0xffff_ffffn;
/** kernel/sched/sched.h MIN_SHARES and MAX_SHARES: tg->shares is scale_load() of a value in between */
export const MIN_SHARES = 2n;
export const MAX_SHARES = 1n << 18n;

/** What __update_inv_weight() stores for a weight (x86-64, scale_load_down() to at least 2). */
export function inverseOf(weight: bigint): number {
  let w = weight;
  if (w) w = w >> SCHED_FIXEDPOINT_SHIFT > 2n ? w >> SCHED_FIXEDPOINT_SHIFT : 2n;
  if (w >= WMULT_CONST) return 1;
  if (!w) return Number(WMULT_CONST);
  return Number(WMULT_CONST / w);
}

export interface Load {
  weight: bigint;
  inv_weight: number;
}

/**
 * A task's load as set_load_weight() sets it: a SCHED_IDLE task weighs
 * WEIGHT_IDLEPRIO, the others their nice level's weight (nice 0 most often);
 * inv_weight is the table's inverse (reweight_task() sets it too).
 */
export function taskLoad(g: G, policy: number): Load {
  if (policy === SCHED_IDLE)
    return { weight: BigInt(WEIGHT_IDLEPRIO) << SCHED_FIXEDPOINT_SHIFT, inv_weight: WMULT_IDLEPRIO };
  const prio = pick<number>(g, [
    [3, 20],
    [7, () => int(g, 0, 39)],
  ]);
  return {
    weight: BigInt(sched_prio_to_weight[prio]!) << SCHED_FIXEDPOINT_SHIFT,
    inv_weight: sched_prio_to_wmult[prio]!,
  };
}

/**
 * A group entity's load as calc_group_shares() and reweight_entity() leave
 * it: NICE_0_LOAD (init_tg_cfs_entry), a share clamped to [MIN_SHARES,
 * tg->shares] (as small as 2, unscaled, up to scale_load(MAX_SHARES)), and
 * inv_weight 0 (update_load_set()) until __update_inv_weight() computes it.
 */
export function groupLoad(g: G): Load {
  const weight = pick<bigint>(g, [
    [4, NICE_0_LOAD],
    [3, () => BigInt(sched_prio_to_weight[int(g, 0, 39)]!) << SCHED_FIXEDPOINT_SHIFT],
    [1, () => big(g, MIN_SHARES, 1024n)],
    [2, () => big(g, MIN_SHARES, MAX_SHARES << SCHED_FIXEDPOINT_SHIFT)],
  ]);
  return { weight, inv_weight: chance(g, 50) ? 0 : inverseOf(weight) };
}

// include/linux/sched.h task states
const TASK_INTERRUPTIBLE = 1n;
const TASK_UNINTERRUPTIBLE = 2n;
const TASK_KILLABLE = 0x102n;
const TASK_IDLE = 0x402n;
const TASK_STOPPED = 0x104n;
const TASK_TRACED = 0x108n;
const TASK_PARKED = 0x40n;
const TASK_DEAD = 0x80n;
const TASK_WAKING = 0x200n;
const TASK_NEW = 0x800n;

/** A state a task sets before it sleeps (or is left in while stopped, parked, dying, new or waking). */
function sleepState(g: G): bigint {
  return pick<bigint>(g, [
    [6, TASK_INTERRUPTIBLE],
    [3, TASK_UNINTERRUPTIBLE],
    [1, TASK_KILLABLE],
    [1, TASK_IDLE],
    [1, () => [TASK_STOPPED, TASK_TRACED, TASK_PARKED, TASK_DEAD, TASK_WAKING, TASK_NEW][int(g, 0, 5)]!],
  ]);
}

/** A u64 as a JSON decimal string. */
const str = (x: bigint): string => u64(x).toString();

export const CLASS_FAIR = 0;
export const CLASS_RT = 1;
export const CLASS_DL = 2;
export const CLASS_IDLE = 3;

/** What a world must hold for the call a target makes on it. */
export interface CfsNeeds {
  /** rq 0 runs a fair task in TASK_RUNNING, queued: a task that can call sched_yield() or yield_to() */
  fairCurr?: boolean;
  /** some fair task is queued outside throttled hierarchies (task 0, running or waiting) */
  queued?: boolean;
  /**
   * a fair task in TASK_RUNNING that does not run (task 1): yield_to_task_fair's p; "queued": also
   * queued outside throttled hierarchies (deboost_yield_task's next_se)
   */
  yieldee?: "any" | "queued";
}

export interface CfsWorld {
  scn: Scenario;
  nrq: number;
  ncfs: number;
  nse: number;
  /** all tasks, idle tasks included */
  ntask: number;
  /** cfs_rq -> the rq it belongs to */
  rqOfCfs: number[];
  /** cfs_rq -> the entities on it (se->cfs_rq), queued or not */
  members: number[][];
  /** task -> its se */
  taskSe: number[];
  /** rq -> its current task (never NULL) */
  currTask: number[];
  /** se -> queued (se->on_rq) */
  onRq: boolean[];
  /** task -> its sched_class number */
  klass: number[];
  /** task -> its state */
  state: bigint[];
  /** cfs_rq -> throttle_count (0 when bandwidth is unused) */
  throttleCount: number[];
  gran: number;
}

type Run = "running" | "queued" | "sleeping";

/**
 * A cfs world. Record layout: rq r embeds cfs_rq r (its root); cfs_rq
 * nrq.. are task groups, each below a cfs_rq of its CPU made before it;
 * se 0..nuser-1 are the user tasks' (task t embeds se t), then the groups'
 * entities, then the entities of the idle tasks that stand in as rq->curr
 * on CPUs where no other task runs (tasks nuser..).
 */
export function buildCfsWorld(root: G, needs: CfsNeeds = {}): CfsWorld {
  const g = root.sub(SHAPE, DRAW_WORDS - SHAPE);
  const nrq = pick<number>(g, [
    [5, 1],
    [3, 2],
    [2, 3],
  ]);
  const ngroups = pick<number>(g, [
    [4, 0],
    [3, 1],
    [2, 2],
    [2, () => int(g, 3, 6)],
  ]);
  const nuser = Math.max(
    needs.yieldee ? 2 : 1,
    pick<number>(g, [
      [1, 1],
      [3, 2],
      [4, () => int(g, 3, 5)],
      [2, () => int(g, 6, 10)],
    ]),
  );
  const ncfs = nrq + ngroups;
  const cpuG = times(nrq, (r) => root.sub(CPU0 + r * PER_CPU, PER_CPU));
  const cfsG = times(ncfs, (q) => root.sub(CFS0 + q * PER_CFS, PER_CFS));
  const taskG = times(nuser, (t) => root.sub(TASK0 + t * PER_TASK, PER_TASK));
  const groupG = times(ngroups, (k) => root.sub(GROUP0 + k * PER_GROUP, PER_GROUP));

  // task groups: each hangs below a cfs_rq of its CPU made before it (acyclic)
  const rqOfCfs: number[] = times(nrq, (r) => r);
  const parentCfs: (number | null)[] = times(nrq, () => null);
  const groupSeOf: (number | null)[] = times(nrq, () => null); // cfs_rq -> the se owning it
  const depthOf: number[] = times(nrq, () => 0); // depth of the entities queued on a cfs_rq
  for (let k = 0; k < ngroups; k++) {
    const parent = int(groupG[k]!, 0, nrq + k - 1);
    rqOfCfs.push(rqOfCfs[parent]!);
    parentCfs.push(parent);
    groupSeOf.push(nuser + k);
    depthOf.push(depthOf[parent]! + 1);
  }

  // bandwidth: quotas on some groups, some of those throttled
  const bandwidth = chance(g, 40);
  const runtimeEnabled: boolean[] = [];
  const throttled: boolean[] = [];
  const throttleCount: number[] = [];
  for (let q = 0; q < ncfs; q++) {
    const enabled = q >= nrq && bandwidth && chance(groupG[q - nrq]!, 50);
    const thr = enabled && chance(groupG[q - nrq]!, 40);
    runtimeEnabled.push(enabled);
    throttled.push(thr);
    throttleCount.push((thr ? 1 : 0) + (parentCfs[q] === null ? 0 : throttleCount[parentCfs[q]!]!));
  }

  const gran = pick<number>(g, [
    [8, () => WAKEUP_GRANULARITIES[int(g, 0, 3)]!],
    [1, 0],
    [1, () => int(g, 0, 4_000_000_000)],
  ]);
  const granForOffsets = gran === 0 || gran > 100_000_000 ? 1_000_000 : gran;

  // per-CPU clock and per-cfs_rq vruntime cluster
  const clock: bigint[] = cpuG.map((g) =>
    pick<bigint>(g, [
      [4, () => big(g, 0n, 1n << 50n)],
      [1, () => u64(-big(g, 0n, 10_000_000n))],
      [1, () => big(g, 0n, U64_MAX)],
    ]),
  );
  const base: bigint[] = cfsG.map((g) => vruntimeBase(g));

  // user tasks: group (and so CPU), class, policy, what they do
  const cfsOnCpu = (r: number): number[] => where(rqOfCfs, (rr) => rr === r);
  const taskCfs: number[] = [];
  const klass: number[] = [];
  const policy: number[] = [];
  const plan: Run[] = [];
  const state: bigint[] = [];
  /** a running fair task already dequeued (going to sleep, in __schedule() before the pick) */
  const dequeuedCurr: boolean[] = [];
  for (let t = 0; t < nuser; t++) {
    const g = taskG[t]!;
    const forcedCurr = t === 0 && !!needs.fairCurr;
    const forcedQueued = t === 0 && !!needs.queued && !needs.fairCurr;
    const forcedYieldee = t === 1 && !!needs.yieldee;
    let q: number;
    if (forcedCurr) {
      const on0 = cfsOnCpu(0);
      q = on0[int(g, 0, on0.length - 1)]!;
    } else if (forcedQueued || (forcedYieldee && needs.yieldee === "queued")) {
      const free = times(ncfs, (i) => i).filter((i) => throttleCount[i] === 0);
      q = free[int(g, 0, free.length - 1)]!;
    } else q = int(g, 0, ncfs - 1);
    const k =
      forcedCurr || forcedQueued || forcedYieldee
        ? CLASS_FAIR
        : pick<number>(g, [
            [18, CLASS_FAIR],
            [1, CLASS_RT],
            [1, CLASS_DL],
          ]);
    const pol =
      k === CLASS_FAIR
        ? pick<number>(g, [
            [12, SCHED_NORMAL],
            [3, SCHED_BATCH],
            [3, SCHED_IDLE],
          ])
        : k === CLASS_RT
          ? pick<number>(g, [
              [1, SCHED_FIFO],
              [1, SCHED_RR],
            ])
          : SCHED_DEADLINE;
    let run: Run;
    if (forcedCurr) run = "running";
    else if (forcedQueued)
      run = pick<Run>(g, [
        [2, "queued"],
        [1, "running"],
      ]);
    else if (forcedYieldee)
      run =
        needs.yieldee === "queued"
          ? "queued"
          : pick<Run>(g, [
              [9, "queued"],
              [1, "sleeping"],
            ]);
    else
      run = pick<Run>(g, [
        [4, "running"],
        [8, "queued"],
        [4, "sleeping"],
      ]);
    let st: bigint;
    if (forcedCurr || forcedYieldee) st = 0n;
    else if (run === "sleeping")
      st = pick<bigint>(g, [
        [12, () => sleepState(g)],
        [1, 0n], // TASK_RUNNING, between dequeue and enqueue of a migration
      ]);
    else
      st = pick<bigint>(g, [
        [12, 0n],
        [2, () => sleepState(g)], // set_current_state() done, schedule() not yet (preempted on the way)
      ]);
    taskCfs.push(q);
    klass.push(k);
    policy.push(pol);
    plan.push(run);
    state.push(st);
    dequeuedCurr.push(false);
  }

  // one running task per CPU (the others that would run wait queued), else the idle task
  const currTask: number[] = [];
  for (let r = 0; r < nrq; r++) {
    const want = where(plan, (p, t) => p === "running" && rqOfCfs[taskCfs[t]!] === r);
    const t = r === 0 && needs.fairCurr ? 0 : want.length ? want[int(cpuG[r]!, 0, want.length - 1)]! : -1;
    for (const o of want) if (o !== t) plan[o] = "queued";
    currTask.push(t);
    // now and then it is going to sleep and already dequeued (not the task a target needs queued)
    const forced = t === 0 && (needs.fairCurr || needs.queued);
    if (t >= 0 && !forced && klass[t] === CLASS_FAIR && state[t] !== 0n && chance(taskG[t]!, 30))
      dequeuedCurr[t] = true;
  }
  const idleTasks: number[] = [];
  const nse = nuser + ngroups;
  for (let r = 0; r < nrq; r++) {
    if (currTask[r]! >= 0) continue;
    idleTasks.push(r);
    currTask[r] = nuser + idleTasks.length - 1;
  }
  const ntask = nuser + idleTasks.length;

  // entities: the user tasks', the groups', the idle tasks'
  const se: RecordJson[] = [];
  const seCfs: number[] = [];
  const onRq: boolean[] = [];
  const weightOf: bigint[] = [];
  const vr: bigint[] = [];
  const entity = (g: G, q: number, parent: number | null, load: Load, queued: boolean, depth: number): RecordJson => {
    const r = rqOfCfs[q]!;
    const v = u64(base[q]! + vruntimeOffset(g, granForOffsets));
    const execDelta = pick<bigint>(g, [
      [2, 0n],
      [1, 1n],
      [5, () => big(g, 1n, 20_000_000n)],
      [2, () => -big(g, 1n, 20_000_000n)],
      [1, () => big(g, 0n, U64_MAX)],
    ]);
    seCfs.push(q);
    onRq.push(queued);
    weightOf.push(load.weight);
    vr.push(v);
    return {
      load: { weight: str(load.weight), inv_weight: load.inv_weight },
      on_rq: queued ? 1 : 0,
      exec_start: str(clock[r]! - execDelta),
      sum_exec_runtime: str(
        pick<bigint>(g, [
          [3, () => big(g, 0n, 1n << 45n)],
          [1, () => big(g, 0n, U64_MAX)],
        ]),
      ),
      prev_sum_exec_runtime: str(big(g, 0n, 1n << 45n)),
      vruntime: str(v),
      depth,
      parent,
      cfs_rq: q,
      my_q: null,
      run_node: { rank: -1 },
    };
  };
  for (let t = 0; t < nuser; t++) {
    const q = taskCfs[t]!;
    const queued = klass[t] === CLASS_FAIR && plan[t] !== "sleeping" && !dequeuedCurr[t];
    se.push(entity(taskG[t]!, q, groupSeOf[q]!, taskLoad(taskG[t]!, policy[t]!), queued, depthOf[q]!));
  }
  for (let k = 0; k < ngroups; k++) {
    const q = nrq + k;
    const pq = parentCfs[q]!;
    const e = entity(groupG[k]!, pq, groupSeOf[pq]!, groupLoad(groupG[k]!), false, depthOf[pq]!);
    e.my_q = q;
    se.push(e);
  }
  for (const r of idleTasks)
    se.push(entity(cpuG[r]!, r, null, { weight: NICE_0_LOAD, inv_weight: sched_prio_to_wmult[20] }, false, 0));
  const members: number[][] = times(ncfs, () => []);
  seCfs.forEach((q, i) => members[q]!.push(i));
  // a group is queued iff its cfs_rq has a queued entity and is not throttled (children first)
  for (let k = ngroups - 1; k >= 0; k--) {
    const q = nrq + k;
    const queued = !throttled[q] && members[q]!.some((m) => onRq[m]);
    onRq[nuser + k] = queued;
    se[nuser + k]!.on_rq = queued ? 1 : 0;
  }

  // the running fair task and its ancestors are their cfs_rqs' curr
  const cfsCurr: (number | null)[] = times(ncfs, () => null);
  for (let r = 0; r < nrq; r++) {
    const t = currTask[r]!;
    if (t >= nuser || klass[t] !== CLASS_FAIR) continue;
    for (let e: number | null = t; e !== null; e = (se[e]!.parent as number | null) ?? null) cfsCurr[seCfs[e]!] = e;
  }

  // tasks
  const tasks: RecordJson[] = [];
  for (let t = 0; t < nuser; t++)
    tasks.push({
      se: t,
      state: state[t]!.toString(),
      policy: policy[t]!,
      sched_class: klass[t]!,
      on_cpu: currTask.includes(t) ? 1 : 0,
      cpu: rqOfCfs[taskCfs[t]!]!,
    });
  idleTasks.forEach((r, i) => {
    tasks.push({ se: nse + i, state: "0", policy: SCHED_NORMAL, sched_class: CLASS_IDLE, on_cpu: 1, cpu: r });
    klass.push(CLASS_IDLE);
    state.push(0n);
  });

  // cfs_rqs: counts, load, timeline in entity_before() order, buddies among the queued
  const cfs: RecordJson[] = [];
  for (let q = 0; q < ncfs; q++) {
    const g = cfsG[q]!;
    const queued = members[q]!.filter((i) => onRq[i]);
    const curr = cfsCurr[q]!;
    const onTree = queued.filter((i) => i !== curr);
    const minV = u64(
      base[q]! +
        pick<bigint>(g, [
          [3, () => -BigInt(int(g, 0, 6 * granForOffsets))],
          [1, () => big(g, S64_MIN, S64_MAX)],
        ]),
    );
    onTree.sort((a, b) => {
      const d = s64(vr[a]! - minV) - s64(vr[b]! - minV);
      return d < 0n ? -1 : d > 0n ? 1 : a - b;
    });
    onTree.forEach((i, rank) => ((se[i]!.run_node as RecordJson).rank = rank));
    const buddy = (): number | null =>
      pick<number | null>(g, [
        [5, null],
        [4, () => (queued.length ? queued[int(g, 0, queued.length - 1)]! : null)],
      ]);
    cfs.push({
      load: { weight: str(queued.reduce((s, i) => s + weightOf[i]!, 0n)), inv_weight: 0 },
      nr_running: queued.length,
      min_vruntime: str(minV),
      curr,
      next: buddy(),
      last: buddy(),
      skip: buddy(),
      rq: rqOfCfs[q]!,
      runtime_enabled: runtimeEnabled[q] ? 1 : 0,
      throttled: throttled[q] ? 1 : 0,
      throttle_count: throttleCount[q]!,
    });
  }

  // rqs: runnable tasks of every class outside throttled hierarchies
  const rqs: RecordJson[] = [];
  for (let r = 0; r < nrq; r++) {
    let n = 0;
    for (let t = 0; t < nuser; t++) {
      if (rqOfCfs[taskCfs[t]!] !== r) continue;
      if (klass[t] === CLASS_FAIR) n += onRq[t] && throttleCount[taskCfs[t]!] === 0 ? 1 : 0;
      else n += plan[t] !== "sleeping" ? 1 : 0;
    }
    rqs.push({
      curr: currTask[r]!,
      cfs: r,
      nr_running: n,
      clock_task: str(clock[r]!),
      clock_update_flags: int(cpuG[r]!, 0, 7),
      kvm_running_vcpu: null,
    });
  }

  const scn: Scenario = {
    format: 1,
    target: "",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: {
      sysctl_sched_wakeup_granularity: gran,
      cfs_bandwidth_used: bandwidth,
    },
    call: {},
    rq: rqs,
    cfs_rq: cfs,
    se,
    task: tasks,
  };
  const taskSe = [...times(nuser, (t) => t), ...idleTasks.map((_, i) => nse + i)];
  return {
    scn,
    nrq,
    ncfs,
    nse: se.length,
    ntask,
    rqOfCfs,
    members,
    taskSe,
    currTask,
    onRq,
    klass,
    state,
    throttleCount,
    gran,
  };
}

/** A cfs world with the target's call record built from it. */
export function cfsScenario(
  target: string,
  call: (g: G, w: CfsWorld) => RecordJson,
  needs: CfsNeeds = {},
): Drawn<Scenario> {
  return new Drawn(DRAW_WORDS, (words) => {
    const g = new Draws(words);
    const w = buildCfsWorld(g, needs);
    return { ...w.scn, target, call: call(g.sub(CALL0, SHAPE - CALL0), w) };
  });
}

/** Any entity (never NULL). */
export const anySe = (g: G, w: CfsWorld): number => int(g, 0, w.nse - 1);

/** Two entities of one cfs_rq (as compared in the timeline, by pick_next_entity and check_preempt_wakeup). */
export function sePair(g: G, w: CfsWorld): { a: number; b: number } {
  const qs = where(w.members, (m) => m.length > 0);
  const m = w.members[anyOf(g, qs)]!;
  return { a: anyOf(g, m), b: anyOf(g, m) };
}

/** Any cfs_rq (never NULL). */
export const anyCfsRq = (g: G, w: CfsWorld): number => int(g, 0, w.ncfs - 1);

/**
 * A cfs_rq pick_next_task_fair() picks from (queued entities, outside
 * throttled hierarchies: it descends only into queued groups), and the curr
 * it passes with it (cfs_rq->curr if queued, else NULL).
 */
export function busyCfsRq(g: G, w: CfsWorld): { cfs_rq: number; curr: number | null } {
  const busy = where(w.members, (m, q) => w.throttleCount[q] === 0 && m.some((i) => w.onRq[i]));
  const q = anyOf(g, busy);
  const c = (w.scn.cfs_rq![q]!.curr as number | null) ?? null;
  return { cfs_rq: q, curr: c !== null && w.onRq[c] ? c : null };
}

/** A queued entity of a cfs_rq with queued entities. */
export function queuedMember(g: G, w: CfsWorld): { cfs_rq: number; se: number } {
  const { cfs_rq } = busyCfsRq(g, w);
  return {
    cfs_rq,
    se: anyOf(
      g,
      w.members[cfs_rq]!.filter((i) => w.onRq[i]),
    ),
  };
}

/** set_next_buddy's se: a queued task entity, or a queued group entity (dequeue_task_fair), outside throttled hierarchies. */
export function nextBuddySe(g: G, w: CfsWorld): number {
  const se = w.scn.se!;
  return anyOf(
    g,
    where(se, (e, s) => w.onRq[s]! && w.throttleCount[(e.my_q ?? e.cfs_rq) as number] === 0),
  );
}

/** A CPU whose current task is fair, TASK_RUNNING and queued (can call sched_yield() or yield_to()). */
export function yieldingRq(g: G, w: CfsWorld): number {
  return anyOf(
    g,
    where(w.currTask, (t) => w.klass[t] === CLASS_FAIR && w.state[t] === 0n && !!w.onRq[w.taskSe[t]!]),
  );
}

/** A CPU whose current task is a user task of any class in TASK_RUNNING (queued if fair): yield_to()'s caller. */
export function callerRq(g: G, w: CfsWorld): number {
  return anyOf(
    g,
    where(
      w.currTask,
      (t) => w.klass[t] !== CLASS_IDLE && w.state[t] === 0n && (w.klass[t] !== CLASS_FAIR || !!w.onRq[w.taskSe[t]!]),
    ),
  );
}

/** yield_to_task_fair's p: a fair task in TASK_RUNNING that does not run; "queued": queued, not throttled. */
export function yieldee(g: G, w: CfsWorld, queued = false): number {
  return anyOf(
    g,
    where(
      w.taskSe,
      (s, t) =>
        w.klass[t] === CLASS_FAIR &&
        w.state[t] === 0n &&
        !w.currTask.includes(t) &&
        (!queued || (!!w.onRq[s] && w.throttleCount[w.scn.se![s]!.cfs_rq as number] === 0)),
    ),
  );
}

/** yield_to()'s p: any user task (a vCPU thread): another CPU's, current itself, asleep, of another class. */
export const userTask = (g: G, w: CfsWorld): number =>
  anyOf(
    g,
    where(w.klass, (k) => k !== CLASS_IDLE),
  );

/** A time span in ns (u64 string): a granularity, a tick, anything up to the full u64 range. */
export const deltaNs = (g: G): string =>
  pick<bigint>(g, [
    [1, 0n],
    [3, () => BigInt(WAKEUP_GRANULARITIES[int(g, 0, 3)]!)],
    [3, () => big(g, 1n, 100_000_000n)],
    [1, () => big(g, 0n, 1n << 40n)],
    [2, () => big(g, 0n, U64_MAX)],
  ]).toString();
