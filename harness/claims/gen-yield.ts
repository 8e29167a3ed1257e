// SPDX-License-Identifier: GPL-2.0-only
// The host a directed yield happens on, for the patch-1 claims: one or two
// CPUs; VMs whose vCPU threads are grouped as libvirt does it (no group, one
// group per VM per CPU, or that group with one sub-group per vCPU, so the
// yielder's and the target's entities meet at the task level, one level up
// or two); ordinary host tasks beside them. The yielder is a vCPU of VM 0
// running on CPU 0; the target is another vCPU of VM 0 (kvm_vcpu_on_spin
// only boosts vCPUs of the spinner's VM), queued on CPU 0 or on the other
// CPU. The state is what the kernel keeps: running entities are their
// queues' curr and off the timeline, the timelines are in vruntime order,
// counts and loads add up; values span the domain (every nice level, group
// weights, vruntimes near 0, 2^63 and the u64 wrap, offsets on and around
// multiples of the wakeup granularity).
import fc from "fast-check";
import type { RecordJson, Scenario } from "../scenario.js";
import { sched_prio_to_weight } from "../gen/cfs.js";

export type Grouping = "flat" | "vm" | "vcpu";

export interface YieldGenOptions {
  /** the target is on the yielder's CPU (else: either CPU) */
  sameCpu: boolean;
  /** groupings to draw from */
  groupings: readonly Grouping[];
  /** fewer tasks beside the yielder and the target */
  fewOthers?: boolean;
}

const U64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const S64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const NICE_0_LOAD = 1n << 20n;
const SCHED_NORMAL = 0;
const SCHED_BATCH = 3;

type Run = "running" | "runnable" | "sleeping";

interface TaskPlan {
  cpu: number;
  run: Run;
  nice: number;
  /** vruntime = base of its queue + offset (in ns) */
  offset: bigint;
  /** ns since exec_start (what update_curr will charge if it runs) */
  ran: bigint;
}

interface Plan {
  nrCpu: number;
  gran: number;
  grouping: Grouping;
  clock: bigint;
  bases: bigint[];
  yielder: TaskPlan & { batch: boolean };
  target: TaskPlan;
  vm0: TaskPlan[];
  vm1: TaskPlan[];
  hosts: TaskPlan[];
  /** group entities: weight and offset, drawn per group in creation order */
  groups: { weight: bigint; offset: bigint; ran: bigint }[];
  /** stale buddies per queue (index into the queue's members, or null) */
  buddies: { next: number | null; last: number | null; skip: number | null }[];
  preempt: boolean;
}

/** A vruntime offset from its queue's base, in and around multiples of the granularity. */
const offsetArb = (gran: number): fc.Arbitrary<bigint> => {
  const g = BigInt(Math.max(gran, 1));
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: -3n * g, max: 12n * g }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: -3, max: 12 }), fc.integer({ min: -2, max: 2 }))
        .map(([k, e]) => BigInt(k) * g + BigInt(e)),
    },
    { weight: 1, arbitrary: fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }) },
  );
};

/** A queue's min_vruntime: small, large, around 2^63 or just below the u64 wrap. */
const baseArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 1n << 40n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: 50_000_000n }).map((d) => U64(-d)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -50_000_000n, max: 50_000_000n }).map((d) => (1n << 63n) + d) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) },
);

const niceArb = (vcpu: boolean): fc.Arbitrary<number> =>
  vcpu
    ? fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -20, max: 19 }) })
    : fc.integer({ min: -20, max: 19 });

const ranArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0n) },
  { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 10_000_000n }) },
);

const taskArb = (nrCpu: number, gran: number, vcpu: boolean, run?: Run): fc.Arbitrary<TaskPlan> =>
  fc.record({
    cpu: fc.integer({ min: 0, max: nrCpu - 1 }),
    run: run ? fc.constant(run) : fc.constantFrom<Run>("runnable", "running", "sleeping"),
    nice: niceArb(vcpu),
    offset: offsetArb(gran),
    ran: ranArb,
  });

/** Group shares as the load they give their entity: NICE_0_LOAD, a nice level's, any fraction. */
const groupWeightArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(NICE_0_LOAD) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 39 }).map((i) => BigInt(sched_prio_to_weight[i]!) << 10n) },
  { weight: 1, arbitrary: fc.bigInt({ min: 2048n, max: 2n * NICE_0_LOAD }) },
);

const planArb = (o: YieldGenOptions): fc.Arbitrary<Plan> =>
  fc
    .record({
      nrCpu: fc.integer({ min: 1, max: 2 }),
      gran: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(1_000_000, 2_000_000, 3_000_000, 4_000_000) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000_000 }) },
      ),
      grouping: fc.constantFrom(...o.groupings),
    })
    .chain(({ nrCpu, gran, grouping }) =>
      fc.record({
        nrCpu: fc.constant(nrCpu),
        gran: fc.constant(gran),
        grouping: fc.constant(grouping),
        clock: fc.bigInt({ min: 20_000_000n, max: 1n << 50n }),
        bases: fc.array(baseArb, { minLength: 16, maxLength: 16 }),
        yielder: fc
          .record({
            t: taskArb(1, gran, true, "running"),
            batch: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
          })
          .map(({ t, batch }) => ({ ...t, cpu: 0, batch })),
        target: taskArb(o.sameCpu ? 1 : nrCpu, gran, true, "runnable"),
        vm0: fc.array(taskArb(nrCpu, gran, true), { maxLength: o.fewOthers ? 2 : 4 }),
        vm1: fc.array(taskArb(nrCpu, gran, true), { maxLength: o.fewOthers ? 1 : 3 }),
        hosts: fc.array(taskArb(nrCpu, gran, false), { maxLength: o.fewOthers ? 1 : 3 }),
        groups: fc.array(fc.record({ weight: groupWeightArb, offset: offsetArb(gran), ran: ranArb }), {
          minLength: 24,
          maxLength: 24,
        }),
        buddies: fc.array(
          fc.record({
            next: fc.option(fc.nat(), { freq: 8 }),
            last: fc.option(fc.nat(), { freq: 6 }),
            skip: fc.option(fc.nat(), { freq: 8 }),
          }),
          { minLength: 16, maxLength: 16 },
        ),
        preempt: fc.boolean(),
      }),
    );

interface Builder {
  rq: RecordJson[];
  cfs_rq: (RecordJson & { members: number[] })[];
  se: RecordJson[];
  task: RecordJson[];
}

export interface YieldWorld {
  /** the host state (no call record, no steps) */
  state: Scenario;
  /** CPU the yield runs on (the yielder's) */
  cpu: number;
  yielder: number;
  target: number;
  preempt: boolean;
}

function build(plan: Plan): YieldWorld {
  const b: Builder = { rq: [], cfs_rq: [], se: [], task: [] };
  const weightOf = (nice: number) => BigInt(sched_prio_to_weight[nice + 20]!) << 10n;
  let groupNo = 0;
  const newQueue = (cpu: number): number => {
    b.cfs_rq.push({ rq: cpu, nr_running: 0, members: [] });
    const q = b.cfs_rq.length - 1;
    b.cfs_rq[q]!.min_vruntime = U64(plan.bases[q % plan.bases.length]!).toString();
    return q;
  };
  const base = (q: number) => BigInt(b.cfs_rq[q]!.min_vruntime as string);
  const addSe = (q: number, parent: number | null, weight: bigint, offset: bigint, ran: bigint): number => {
    b.se.push({
      load: { weight: weight.toString() },
      on_rq: 0,
      vruntime: U64(base(q) + offset).toString(),
      exec_start: U64(plan.clock - ran).toString(),
      sum_exec_runtime: "0",
      depth: parent === null ? 0 : (b.se[parent]!.depth as number) + 1,
      parent,
      cfs_rq: q,
      run_node: { rank: -1 },
    });
    const se = b.se.length - 1;
    b.cfs_rq[q]!.members.push(se);
    return se;
  };
  for (let c = 0; c < plan.nrCpu; c++) {
    newQueue(c);
    b.rq.push({ cfs: c, curr: null, nr_running: 0, clock_task: plan.clock.toString() });
  }
  // groups, made on first use: "vm cpu" and "vm cpu vcpu" -> the group entity
  const groups = new Map<string, number>();
  const group = (key: string, cpu: number, parentSe: number | null): number => {
    if (!groups.has(key)) {
      const parentQ = parentSe === null ? cpu : (b.se[parentSe]!.my_q as number);
      const g = plan.groups[groupNo++ % plan.groups.length]!;
      const se = addSe(parentQ, parentSe, g.weight, g.offset, g.ran);
      b.se[se]!.my_q = newQueue(cpu);
      groups.set(key, se);
    }
    return groups.get(key)!;
  };
  const running = new Set<number>();
  const queue = (se: number) => {
    for (let e: number | null = se; e !== null && !b.se[e]!.on_rq; e = b.se[e]!.parent as number | null) {
      b.se[e]!.on_rq = 1;
      b.cfs_rq[b.se[e]!.cfs_rq as number]!.nr_running = (b.cfs_rq[b.se[e]!.cfs_rq as number]!.nr_running as number) + 1;
    }
  };
  const addTask = (t: TaskPlan, vm: number | null, vcpuNo: number, policy = SCHED_NORMAL): number => {
    let run = t.run;
    if (run === "running" && running.has(t.cpu)) run = "runnable";
    let parent: number | null = null;
    if (vm !== null && plan.grouping !== "flat") {
      parent = group(`${vm} ${t.cpu}`, t.cpu, null);
      if (plan.grouping === "vcpu") parent = group(`${vm} ${t.cpu} ${vcpuNo}`, t.cpu, parent);
    }
    const q = parent === null ? t.cpu : (b.se[parent]!.my_q as number);
    const se = addSe(q, parent, weightOf(t.nice), t.offset, t.ran);
    b.task.push({ se, cpu: t.cpu, state: run === "sleeping" ? "1" : "0", policy, on_cpu: run === "running" ? 1 : 0 });
    const task = b.task.length - 1;
    if (run !== "sleeping") {
      queue(se);
      b.rq[t.cpu]!.nr_running = (b.rq[t.cpu]!.nr_running as number) + 1;
    }
    if (run === "running") {
      running.add(t.cpu);
      b.rq[t.cpu]!.curr = task;
      for (let e: number | null = se; e !== null; e = b.se[e]!.parent as number | null)
        b.cfs_rq[b.se[e]!.cfs_rq as number]!.curr = e;
    }
    return task;
  };
  const yielder = addTask(plan.yielder, 0, 0, plan.yielder.batch ? SCHED_BATCH : SCHED_NORMAL);
  const target = addTask(plan.target, 0, 1);
  plan.vm0.forEach((t, i) => addTask(t, 0, i + 2));
  plan.vm1.forEach((t, i) => addTask(t, 1, i));
  plan.hosts.forEach((t) => addTask(t, null, 0));
  // an idle task stands in as curr where no fair task runs
  b.rq.forEach((rq, c) => {
    if (rq.curr !== null) return;
    b.se.push({ cfs_rq: null, run_node: { rank: -1 } });
    b.task.push({ se: b.se.length - 1, cpu: c, sched_class: 3, on_cpu: 1 });
    rq.curr = b.task.length - 1;
  });
  // timelines in vruntime order (ties: first queued first), loads, stale buddies
  b.cfs_rq.forEach((q, k) => {
    const min = base(k);
    const queued = q.members.filter((se) => b.se[se]!.on_rq && q.curr !== se);
    queued.sort((x, y) => {
      const d = S64(BigInt(b.se[x]!.vruntime as string) - min) - S64(BigInt(b.se[y]!.vruntime as string) - min);
      return d < 0n ? -1 : d > 0n ? 1 : x - y;
    });
    queued.forEach((se, rank) => (b.se[se]!.run_node = { rank }));
    const onRq = q.members.filter((se) => b.se[se]!.on_rq);
    q.load = {
      weight: onRq.reduce((s, se) => s + BigInt((b.se[se]!.load as RecordJson).weight as string), 0n).toString(),
    };
    // a buddy never names the queue's curr: the pick that made it curr cleared those (clear_buddies)
    const bud = plan.buddies[k % plan.buddies.length]!;
    const pickOf = (i: number | null) => (i === null || queued.length === 0 ? null : queued[i % queued.length]!);
    q.next = pickOf(bud.next);
    q.last = pickOf(bud.last);
    q.skip = pickOf(bud.skip);
    q.curr ??= null;
    delete (q as RecordJson).members;
  });
  const state: Scenario = {
    format: 1,
    target: "",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: { sysctl_sched_wakeup_granularity: plan.gran },
    rq: b.rq,
    cfs_rq: b.cfs_rq,
    se: b.se,
    task: b.task,
  };
  return { state, cpu: 0, yielder, target, preempt: plan.preempt };
}

export const yieldWorldArb = (o: YieldGenOptions): fc.Arbitrary<YieldWorld> => planArb(o).map(build);
