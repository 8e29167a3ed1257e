// SPDX-License-Identifier: GPL-2.0-only
// Scenario generators of the cfs family, over the whole domain of its inputs
// (DESIGN §7): one to three CPUs, nested task groups (group entities owning a
// my_q, se->parent chains), every nice level's weight and inverse weight
// (and inv_weight 0, so that __update_inv_weight runs), tiny and huge
// weights, vruntimes clustered around 0, 2^63 and the u64 wrap-around, with
// offsets on and around multiples of the wakeup granularity, buddies set or
// not (and pointing anywhere), curr on or off the timeline, empty and
// single-entity queues, throttled hierarchies with bandwidth on or off,
// clocks that make update_curr's delta negative, zero or positive, tasks of
// other classes, running, or not runnable.
//
// Scenarios are always valid (indexes in range, se->parent acyclic, ranks
// 0..n-1 per cfs_rq, every entity without a my_q embedded in a task), and
// mostly kernel-consistent; a controlled share is not, where that reaches
// code the consistent states cannot (faults included).
import fc from "fast-check";
import type { Scenario, RecordJson } from "../scenario.js";

export const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
const INT_MAX = 0x7fff_ffff;
const U32_MAX = 0xffff_ffff;
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
 * The choices a world is built from: a fixed-length sequence of u32 words
 * drawn by fast-check (unbiased), consumed in order; past its end every
 * draw is 0. Shrinking the words towards 0 shrinks every choice towards its
 * first, simplest option, so counterexamples still come out small. (This is
 * much cheaper than fc.gen(), which dominated the parity loop.)
 */
export class Draws {
  private i = 0;
  constructor(private readonly words: readonly number[]) {}
  word(): number {
    return this.i < this.words.length ? this.words[this.i++]! : 0;
  }
  /** an integer in [min, max] */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= 0x1_0000_0000) return min + (this.word() % span);
    return Number(this.big(BigInt(min), BigInt(max)));
  }
  /** a bigint in [min, max] */
  big(min: bigint, max: bigint): bigint {
    const span = max - min + 1n;
    let v = 0n;
    for (let bits = 0n; 1n << bits < span * 0x1_0000n; bits += 32n) v = (v << 32n) | BigInt(this.word());
    return min + (v % span);
  }
}
export const DRAW_WORDS = 768;

type G = Draws;
type Weighted<T> = [number, T | (() => T)];

/** One of the weighted choices (a thunk is called only when chosen); the first is the simplest. */
export function pick<T>(g: G, choices: Weighted<T>[]): T {
  const total = choices.reduce((s, [w]) => s + w, 0);
  let r = int(g, 0, total - 1);
  for (const [w, v] of choices) {
    if (r < w) return typeof v === "function" ? (v as () => T)() : v;
    r -= w;
  }
  throw new Error("unreachable");
}

export const int = (g: G, min: number, max: number): number => g.int(min, max);
const big = (g: G, min: bigint, max: bigint): bigint => g.big(min, max);
export const chance = (g: G, percent: number): boolean => int(g, 0, 99) < percent;
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

/** A load weight: every nice level (scaled as on 64-bit), NICE_0_LOAD, tiny, unscaled, huge, any. */
export function loadWeight(g: G): { weight: bigint; nice: number | null } {
  return pick<{ weight: bigint; nice: number | null }>(g, [
    [
      6,
      () => {
        const nice = int(g, 0, 39);
        return { weight: BigInt(sched_prio_to_weight[nice]!) << SCHED_FIXEDPOINT_SHIFT, nice };
      },
    ],
    [4, { weight: NICE_0_LOAD, nice: 20 }],
    [1, { weight: BigInt(WEIGHT_IDLEPRIO) << SCHED_FIXEDPOINT_SHIFT, nice: -1 }],
    [1, () => ({ weight: BigInt(int(g, 0, 4096)), nice: null })], // below 2 after scale_load_down
    [1, () => ({ weight: BigInt(sched_prio_to_weight[int(g, 0, 39)]!), nice: null })], // unscaled (group shares)
    [
      1,
      () => ({
        weight: pick<bigint>(g, [
          [1, U64_MAX],
          [1, 0xffff_ffffn << 10n],
          [1, 1n << 42n],
          [2, () => big(g, 0n, U64_MAX)],
        ]),
        nice: null,
      }),
    ],
  ]);
}

/** inv_weight: 0 (so __update_inv_weight computes it), the matching table value, or any u32. */
export function invWeight(g: G, nice: number | null): number {
  return pick<number>(g, [
    [4, 0],
    [4, () => (nice === null ? 0 : nice < 0 ? WMULT_IDLEPRIO : sched_prio_to_wmult[nice]!)],
    [
      1,
      () =>
        pick<number>(g, [
          [1, 1],
          [1, U32_MAX],
          [2, () => int(g, 0, U32_MAX)],
        ]),
    ],
  ]);
}

/** A u64 as a JSON decimal string. */
const str = (x: bigint): string => u64(x).toString();

export interface CfsWorld {
  scn: Scenario;
  nrq: number;
  ncfs: number;
  nse: number;
  ntask: number;
  /** cfs_rq -> the rq it belongs to */
  rqOfCfs: number[];
  /** cfs_rq -> se indexes queued on it (se->cfs_rq) */
  members: number[][];
  /** task -> its se */
  taskSe: number[];
  /** rq -> its current task, or null */
  currTask: (number | null)[];
  gran: number;
}

/**
 * A cfs world. Record layout: rq r embeds cfs_rq r (its root); cfs_rq
 * nrq.. are task groups; se 0..ntask-1 are the tasks' (task t embeds se t),
 * the rest are the groups' entities.
 */
export function buildCfsWorld(g: G): CfsWorld {
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
  const ntask = pick<number>(g, [
    [1, 1],
    [3, 2],
    [4, () => int(g, 3, 5)],
    [2, () => int(g, 6, 10)],
  ]);
  const ncfs = nrq + ngroups;
  const nse = ntask + ngroups;
  const consistent = chance(g, 85);

  // task groups: each hangs below a cfs_rq of its CPU created before it (acyclic)
  const rqOfCfs: number[] = Array.from({ length: nrq }, (_, r) => r);
  const parentCfs: (number | null)[] = Array.from({ length: nrq }, () => null);
  const groupSeOf: (number | null)[] = Array.from({ length: nrq }, () => null); // cfs_rq -> the se owning it
  const depthOf: number[] = Array.from({ length: nrq }, () => 0); // depth of the entities queued on a cfs_rq
  for (let k = 0; k < ngroups; k++) {
    const q = nrq + k;
    const candidates = rqOfCfs.map((_, i) => i);
    const parent = candidates[int(g, 0, candidates.length - 1)]!;
    rqOfCfs.push(rqOfCfs[parent]!);
    parentCfs.push(parent);
    groupSeOf.push(ntask + k);
    depthOf.push(depthOf[parent]! + 1);
    void q;
  }

  const gran = pick<number>(g, [
    [8, () => WAKEUP_GRANULARITIES[int(g, 0, 3)]!],
    [1, 0],
    [1, () => int(g, 0, U32_MAX)],
  ]);
  const granForOffsets = gran === 0 || gran > 100_000_000 ? 1_000_000 : gran;

  // per-CPU clock and per-cfs_rq vruntime cluster
  const clock: bigint[] = Array.from({ length: nrq }, () =>
    pick<bigint>(g, [
      [4, () => big(g, 0n, 1n << 50n)],
      [1, () => u64(-big(g, 0n, 10_000_000n))],
      [1, () => big(g, 0n, U64_MAX)],
    ]),
  );
  const base: bigint[] = Array.from({ length: ncfs }, () => vruntimeBase(g));

  // entities
  const se: RecordJson[] = [];
  const seCfs: (number | null)[] = [];
  const vr: bigint[] = [];
  const onRq: number[] = [];
  for (let i = 0; i < nse; i++) {
    const isTask = i < ntask;
    const k = i - ntask;
    let q: number | null;
    if (isTask)
      q = pick<number | null>(g, [
        [60, () => int(g, 0, ncfs - 1)],
        [1, null],
      ]);
    else q = parentCfs[nrq + k]!;
    const { weight, nice } = loadWeight(g);
    const v = q === null ? vruntimeBase(g) : u64(base[q]! + vruntimeOffset(g, granForOffsets));
    const r = q === null ? int(g, 0, nrq - 1) : rqOfCfs[q]!;
    const execDelta = pick<bigint>(g, [
      [2, 0n],
      [1, 1n],
      [5, () => big(g, 1n, 20_000_000n)],
      [2, () => -big(g, 1n, 20_000_000n)],
      [1, () => big(g, 0n, U64_MAX)],
    ]);
    const parent = q === null ? null : groupSeOf[q]!;
    const on = pick<number>(g, [
      [16, 1],
      [3, 0],
      [1, () => int(g, 2, U32_MAX)],
    ]);
    seCfs.push(q);
    vr.push(v);
    onRq.push(on);
    se.push({
      load: { weight: str(weight), inv_weight: invWeight(g, nice) },
      on_rq: on,
      exec_start: str(clock[r]! - execDelta),
      sum_exec_runtime: str(
        pick<bigint>(g, [
          [3, () => big(g, 0n, 1n << 45n)],
          [1, () => big(g, 0n, U64_MAX)],
        ]),
      ),
      prev_sum_exec_runtime: str(big(g, 0n, 1n << 45n)),
      vruntime: str(v),
      depth: consistent ? (q === null ? 0 : depthOf[q]!) : int(g, 0, 4),
      parent:
        consistent || parent === null
          ? parent
          : pick<number | null>(g, [
              [3, parent],
              [1, null],
            ]),
      cfs_rq: q,
      my_q: isTask ? (chance(g, 2) && ngroups > 0 ? nrq + int(g, 0, ngroups - 1) : null) : nrq + k,
      run_node: { rank: -1 },
    });
  }
  const members: number[][] = Array.from({ length: ncfs }, () => []);
  seCfs.forEach((q, i) => q !== null && members[q]!.push(i));

  // tasks: CPU of their queue (mostly), class, policy, state
  const tasks: RecordJson[] = [];
  for (let t = 0; t < ntask; t++) {
    const q = seCfs[t]!;
    tasks.push({
      se: t,
      state: pick<bigint>(g, [
        [12, 0n],
        [2, 1n],
        [1, 2n],
        [1, 0x100n],
        [1, -1n],
        [1, () => big(g, S64_MIN, S64_MAX)],
      ]).toString(),
      policy: pick<number>(g, [
        [12, SCHED_NORMAL],
        [3, SCHED_BATCH],
        [3, SCHED_IDLE],
        [1, () => [SCHED_FIFO, SCHED_RR, SCHED_DEADLINE][int(g, 0, 2)]!],
        [1, () => int(g, 0, U32_MAX)],
      ]),
      sched_class: pick<number>(g, [
        [16, 0],
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ]),
      on_cpu: 0,
      cpu: q !== null && chance(g, 90) ? rqOfCfs[q]! : int(g, 0, nrq - 1),
    });
  }

  // current task per CPU, and the curr chain up its hierarchy
  const cfsCurr: (number | null)[] = Array.from({ length: ncfs }, () => null);
  const currTask: (number | null)[] = [];
  for (let r = 0; r < nrq; r++) {
    const local = tasks.map((t, i) => (t.cpu === r ? i : -1)).filter((i) => i >= 0);
    const t = pick<number | null>(g, [
      [17, () => (local.length ? local[int(g, 0, local.length - 1)]! : ntask > 0 ? int(g, 0, ntask - 1) : null)],
      [2, () => int(g, 0, ntask - 1)],
      [1, null],
    ]);
    currTask.push(t);
    if (t === null) continue;
    tasks[t]!.on_cpu = 1;
    if (!chance(g, 85)) continue;
    // the running task and its ancestors are their queues' curr, and queued
    for (let e: number | null = t; e !== null; e = (se[e]!.parent as number | null) ?? null) {
      const q = seCfs[e];
      if (q === null || q === undefined || cfsCurr[q] !== null) break;
      cfsCurr[q] = e;
      if (chance(g, 95)) {
        se[e]!.on_rq = 1;
        onRq[e] = 1;
      }
    }
  }
  // other queues: a random curr now and then (kernel-inconsistent)
  for (let q = 0; q < ncfs; q++) {
    if (cfsCurr[q] === null && members[q]!.length && chance(g, 10))
      cfsCurr[q] = members[q]![int(g, 0, members[q]!.length - 1)]!;
  }
  for (let t = 0; t < ntask; t++) if (!currTask.includes(t) && chance(g, 5)) tasks[t]!.on_cpu = int(g, 1, 2);

  // timelines: queued entities except curr (curr stays on the tree now and then), in vruntime order
  const cfs: RecordJson[] = [];
  for (let q = 0; q < ncfs; q++) {
    const curr = cfsCurr[q]!;
    const currOnTree = chance(g, 10);
    const onTree = members[q]!.filter((i) => (onRq[i]! !== 0 || chance(g, 3)) && (i !== curr || currOnTree));
    const minV = u64(
      base[q]! +
        pick<bigint>(g, [
          [3, () => -BigInt(int(g, 0, 6 * granForOffsets))],
          [1, () => big(g, S64_MIN, S64_MAX)],
        ]),
    );
    if (chance(g, 85)) onTree.sort((a, b) => Number(s64(vr[a]! - minV) - s64(vr[b]! - minV)) || a - b);
    else shuffle(g, onTree);
    onTree.forEach((i, rank) => ((se[i]!.run_node as RecordJson).rank = rank));
    const anyMember = (): number | null =>
      pick<number | null>(g, [
        [5, null],
        [4, () => (members[q]!.length ? members[q]![int(g, 0, members[q]!.length - 1)]! : null)],
        [1, () => int(g, 0, nse - 1)],
      ]);
    const queued = members[q]!.filter((i) => onRq[i]! !== 0).length;
    cfs.push({
      load: { weight: str(loadWeight(g).weight), inv_weight: int(g, 0, 1) ? 0 : int(g, 0, U32_MAX) },
      nr_running: pick<number>(g, [
        [8, queued],
        [1, 1],
        [1, () => int(g, 0, 6)],
      ]),
      min_vruntime: str(minV),
      curr,
      next: anyMember(),
      last: anyMember(),
      skip: anyMember(),
      rq: pick<number | null>(g, [
        [60, rqOfCfs[q]!],
        [1, null],
        [1, () => int(g, 0, nrq - 1)],
      ]),
      runtime_enabled: int(g, 0, 1),
      throttled: pick<number>(g, [
        [8, 0],
        [2, 1],
        [1, () => int(g, -2, INT_MAX)],
      ]),
      throttle_count: pick<number>(g, [
        [7, 0],
        [2, 1],
        [1, () => int(g, 2, 4)],
        [1, () => int(g, -1, INT_MAX)],
      ]),
    });
  }

  const rqs: RecordJson[] = [];
  for (let r = 0; r < nrq; r++) {
    const local = tasks.filter((t, i) => t.cpu === r && onRq[i]! !== 0).length;
    rqs.push({
      curr: currTask[r]!,
      cfs: r,
      nr_running: pick<number>(g, [
        [6, local],
        [3, 1],
        [2, () => int(g, 0, 5)],
        [1, () => int(g, 0, U32_MAX)],
      ]),
      clock_task: str(clock[r]!),
      clock_update_flags: int(g, 0, 7),
      kvm_running_vcpu: null,
    });
  }

  const scn: Scenario = {
    format: 1,
    target: "",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: {
      sysctl_sched_wakeup_granularity: gran,
      cfs_bandwidth_used: chance(g, 40),
    },
    call: {},
    rq: rqs,
    cfs_rq: cfs,
    se,
    task: tasks,
  };
  return { scn, nrq, ncfs, nse, ntask, rqOfCfs, members, taskSe: tasks.map((_, t) => t), currTask, gran };
}

function shuffle<T>(g: G, xs: T[]): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = int(g, 0, i);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}

/** An index of a record, or (rarely) NULL. */
export const indexOrNull = (g: G, n: number, nullPercent = 3): number | null =>
  n === 0 || chance(g, nullPercent) ? null : int(g, 0, n - 1);

/** A cfs world with the target's call record built from it. */
export function cfsScenario(target: string, call: (g: G, w: CfsWorld) => RecordJson): fc.Arbitrary<Scenario> {
  return drawWords().map((words) => {
    const g = new Draws(words);
    const w = buildCfsWorld(g);
    return { ...w.scn, target, call: call(g, w) };
  });
}

/** The words a scenario is drawn from. */
export const drawWords = (): fc.Arbitrary<number[]> =>
  fc.array(fc.noBias(fc.nat({ max: 0xffff_ffff })), { minLength: DRAW_WORDS, maxLength: DRAW_WORDS });

/** An entity index: mostly one queued somewhere, any, or NULL. */
export const anySe = (g: G, w: CfsWorld, nullPercent = 2): number | null => indexOrNull(g, w.nse, nullPercent);

/** A cfs_rq, and the curr pick_next_task_fair would pass with it (curr if queued, else NULL). */
export function cfsRqAndCurr(g: G, w: CfsWorld): { cfs_rq: number | null; curr: number | null } {
  const q = indexOrNull(g, w.ncfs, 2);
  if (q === null) return { cfs_rq: null, curr: anySe(g, w) };
  const c = (w.scn.cfs_rq![q]!.curr as number | null) ?? null;
  const queued = c !== null && (w.scn.se![c]!.on_rq as number) !== 0;
  const curr = pick<number | null>(g, [
    [12, queued ? c : null],
    [2, c],
    [1, () => anySe(g, w)],
  ]);
  return { cfs_rq: q, curr };
}

/**
 * The runqueue a yield runs on and the task it yields to: mostly the target
 * is another task of the same cfs_rq as current (the case patch 1 is about),
 * else any task (other CPUs, other groups, current itself), now and then NULL.
 */
export function yieldCall(g: G, w: CfsWorld): { this_rq: number | null; p: number | null; preempt: boolean } {
  const r = pick<number | null>(g, [
    [40, () => int(g, 0, w.nrq - 1)],
    [1, null],
  ]);
  const curr = r === null ? null : w.currTask[r]!;
  const currQ = curr === null ? null : (w.scn.se![curr]!.cfs_rq as number | null);
  const same = w.taskSe.filter((t) => t !== curr && currQ !== null && w.scn.se![t]!.cfs_rq === currQ);
  const p = pick<number | null>(g, [
    [6, () => (same.length ? same[int(g, 0, same.length - 1)]! : int(g, 0, w.ntask - 1))],
    [6, () => int(g, 0, w.ntask - 1)],
    [1, () => (chance(g, 30) ? null : int(g, 0, w.ntask - 1))],
  ]);
  return { this_rq: r, p, preempt: chance(g, 50) };
}

/** A time span in ns (u64 string): a granularity, a tick, anything up to the full u64 range. */
export const deltaNs = (g: G): string =>
  pick<bigint>(g, [
    [1, 0n],
    [3, () => BigInt(WAKEUP_GRANULARITIES[int(g, 0, 3)]!)],
    [3, () => big(g, 1n, 100_000_000n)],
    [1, () => big(g, 0n, 1n << 40n)],
    [2, () => big(g, 0n, U64_MAX)],
  ]).toString();
