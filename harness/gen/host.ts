// SPDX-License-Identifier: GPL-2.0-only
// A host for the composed chain: several CPUs' run queues; VMs whose vCPU
// threads sit in one task group per VM (a cgroup, as libvirt makes them) on
// each CPU they use; ordinary tasks beside them. Every task runs (curr of its
// CPU), waits in the timeline or sleeps, and the vCPU flags follow what the
// preempt notifiers would have left, with some flipped. The state is
// consistent where the kernel keeps it so; values span their whole domain.
import fc from "fast-check";
import type { RecordJson, Scenario } from "../scenario.js";
import { ipiMask, vcpuIds, yieldResult } from "./kvm.js";
import { sched_prio_to_weight } from "./cfs.js";

type Run = "running" | "runnable" | "sleeping";

interface TaskPlan {
  cpu: number;
  run: Run;
  nice: number;
  vruntime: bigint;
}

interface VcpuPlan extends TaskPlan {
  flipped: RecordJson;
  ipi_received: string;
  yield_to_result: number;
}

const U64_MAX = (1n << 64n) - 1n;

const taskPlan = (nrCpu: number) =>
  fc.record({
    cpu: fc.integer({ min: 0, max: nrCpu - 1 }),
    run: fc.constantFrom<Run>("running", "runnable", "runnable", "sleeping"),
    nice: fc.integer({ min: -20, max: 19 }),
    vruntime: fc.oneof(fc.bigInt({ min: 0n, max: 50_000_000n }), fc.bigInt({ min: 0n, max: U64_MAX })),
  });

const vcpuPlan = (nrCpu: number): fc.Arbitrary<VcpuPlan> =>
  fc.record({
    cpu: fc.integer({ min: 0, max: nrCpu - 1 }),
    run: fc.constantFrom<Run>("running", "runnable", "runnable", "sleeping"),
    nice: fc.constantFrom(0, 0, 0, -5, 5, -20, 19),
    vruntime: fc.oneof(fc.bigInt({ min: 0n, max: 50_000_000n }), fc.bigInt({ min: 0n, max: U64_MAX })),
    ipi_received: ipiMask(),
    yield_to_result: yieldResult(),
    // Facts the notifiers do not set, and now and then a flag out of step.
    flipped: fc.record(
      {
        "arch.preempted_in_kernel": fc.boolean(),
        kvm_arch_dy_runnable: fc.boolean(),
        async_pf_done: fc.boolean(),
        preempted: fc.boolean(),
        ready: fc.boolean(),
        scheduled_out: fc.boolean(),
      },
      { requiredKeys: ["arch.preempted_in_kernel", "kvm_arch_dy_runnable", "async_pf_done"] },
    ),
  });

const hostPlan = fc
  .integer({ min: 1, max: 4 })
  .chain((nrCpu) =>
    fc.record({
      nrCpu: fc.constant(nrCpu),
      vms: fc.array(
        fc.record({
          vcpus: fc.array(vcpuPlan(nrCpu), { minLength: 1, maxLength: 12 }),
          lastBoosted: fc.integer({ min: -1, max: 12 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      others: fc.array(taskPlan(nrCpu), { maxLength: 4 }),
      granularity: fc.constantFrom(1000000, 2000000, 0, 4000000),
      clock: fc.bigInt({ min: 0n, max: 100_000_000n }),
      yieldToKernelMode: fc.boolean(),
    }),
  )
  .chain((plan) => fc.tuple(fc.constant(plan), ...plan.vms.map((vm) => vcpuIds(vm.vcpus.length))))
  .map(([plan, ...ids]) => buildHost(plan, ids));

interface Builder {
  rq: RecordJson[];
  cfs_rq: RecordJson[];
  se: RecordJson[];
  task: RecordJson[];
  vcpu: RecordJson[];
  kvm: RecordJson[];
}

function addSe(
  b: Builder,
  cfsRq: number,
  parent: number | null,
  nice: number,
  vruntime: bigint,
  queued: boolean,
): number {
  b.se.push({
    load: { weight: (BigInt(sched_prio_to_weight[nice + 20]!) << 10n).toString() },
    on_rq: queued ? 1 : 0,
    vruntime: vruntime.toString(),
    depth: parent === null ? 0 : 1,
    parent,
    cfs_rq: cfsRq,
    run_node: { rank: -1 },
  });
  return b.se.length - 1;
}

/** Queue an entity on its cfs_rq: curr (not in the timeline) or in vruntime order. */
function place(b: Builder, se: number, asCurr: boolean): void {
  const q = b.cfs_rq[b.se[se]!.cfs_rq as number]!;
  b.se[se]!.on_rq = 1;
  q.nr_running = (q.nr_running as number) + 1;
  if (asCurr) q.curr = se;
  else (q.queued as number[]).push(se);
}

function buildHost(
  plan: {
    nrCpu: number;
    vms: { vcpus: VcpuPlan[]; lastBoosted: number }[];
    others: TaskPlan[];
    granularity: number;
    clock: bigint;
    yieldToKernelMode: boolean;
  },
  ids: number[][],
): Scenario {
  const b: Builder = { rq: [], cfs_rq: [], se: [], task: [], vcpu: [], kvm: [] };
  for (let c = 0; c < plan.nrCpu; c++) {
    b.cfs_rq.push({ rq: c, nr_running: 0, min_vruntime: "0", queued: [] as never });
    b.rq.push({ cfs: c, curr: null, clock_task: plan.clock.toString(), nr_running: 0 });
  }
  // me: the first vCPU of the first VM, running on its CPU
  plan.vms[0]!.vcpus[0]!.run = "running";
  const running = new Set<number>();
  const groups = new Map<string, number>(); // "vm cpu" -> group se
  const groupOf = (vm: number, cpu: number): number => {
    const key = `${vm} ${cpu}`;
    if (!groups.has(key)) {
      const my_q = b.cfs_rq.length;
      b.cfs_rq.push({ rq: cpu, nr_running: 0, min_vruntime: "0", queued: [] as never });
      const g = addSe(b, cpu, null, 0, 0n, false);
      b.se[g]!.my_q = my_q;
      groups.set(key, g);
    }
    return groups.get(key)!;
  };
  const addTask = (t: TaskPlan, vm: number | null): number => {
    let run = t.run;
    if (run === "running" && running.has(t.cpu)) run = "runnable";
    const parent = vm === null ? null : groupOf(vm, t.cpu);
    const q = parent === null ? t.cpu : (b.se[parent]!.my_q as number);
    const se = addSe(b, q, parent, t.nice, t.vruntime, false);
    b.task.push({ se, cpu: t.cpu, state: run === "sleeping" ? "1" : "0", on_cpu: run === "running" ? 1 : 0 });
    const task = b.task.length - 1;
    if (run !== "sleeping") {
      place(b, se, run === "running");
      if (parent !== null && !b.se[parent]!.on_rq) place(b, parent, run === "running");
      else if (parent !== null && run === "running") {
        // the group becomes its CPU's curr: out of the timeline
        const root = b.cfs_rq[t.cpu]!;
        root.queued = (root.queued as number[]).filter((x) => x !== parent) as never;
        root.curr = parent;
      }
      b.rq[t.cpu]!.nr_running = (b.rq[t.cpu]!.nr_running as number) + 1;
    }
    if (run === "running") {
      running.add(t.cpu);
      b.rq[t.cpu]!.curr = task;
    }
    return task;
  };
  plan.vms.forEach((vm, m) => {
    b.kvm.push({ last_boosted_vcpu: vm.lastBoosted });
    vm.vcpus.forEach((v, i) => {
      const task = addTask(v, m);
      const run = b.task[task]!.on_cpu ? "running" : b.task[task]!.state === "1" ? "sleeping" : "runnable";
      b.vcpu.push({
        kvm: m,
        vcpu_id: ids[m]![i]!,
        pid: task,
        // what kvm_sched_out / kvm_sched_in leave behind
        preempted: run === "runnable",
        ready: run === "runnable",
        scheduled_out: run !== "running",
        wait_active: run === "sleeping",
        ipi_received: v.ipi_received,
        yield_to_result: v.yield_to_result,
        ...v.flipped,
      });
    });
  });
  for (const t of plan.others) addTask(t, null);
  // an idle task stands in as curr where no fair task runs
  b.rq.forEach((rq, c) => {
    if (rq.curr !== null) return;
    const se = addSe(b, c, null, 0, 0n, false);
    b.se[se]!.cfs_rq = null;
    b.task.push({ se, cpu: c, sched_class: 3, on_cpu: 1 });
    rq.curr = b.task.length - 1;
  });
  for (const q of b.cfs_rq) {
    const queued = (q.queued as number[]).sort((x, y) => {
      const d = BigInt.asIntN(64, BigInt(b.se[x]!.vruntime as string) - BigInt(b.se[y]!.vruntime as string));
      return d < 0n ? -1 : d > 0n ? 1 : x - y;
    });
    queued.forEach((se, rank) => (b.se[se]!.run_node = { rank }));
    delete q.queued;
  }
  const me = 0;
  return {
    format: 1,
    target: "ple_exit",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: { sysctl_sched_wakeup_granularity: plan.granularity },
    call: {
      this_rq: b.task[b.vcpu[me]!.pid as number]!.cpu as number,
      me,
      yield_to_kernel_mode: plan.yieldToKernelMode,
    },
    ...b,
  };
}

export const hostArb: fc.Arbitrary<Scenario> = hostPlan;
