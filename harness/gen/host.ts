// SPDX-License-Identifier: GPL-2.0-only
// A host for the composed chain: several CPUs' run queues; VMs whose vCPU
// threads sit in one task group per VM (a cgroup, as libvirt makes them) on
// each CPU they use, some with a CPU quota and throttled where none of their
// threads runs; ordinary tasks beside them. Every task runs (curr of its
// CPU), waits in the timeline or sleeps; the vCPU flags are what the preempt
// notifiers and wake-ups leave for what its thread does. Values span their
// whole domain (every nice level, vruntimes near wrap-around, sparse and
// large vcpu_ids, any ipi_received mask).
//
// Every host is a state the kernel can be in (so a fault both sides agree on
// is a defect of the kernel code or a patch). Invariants kept (kernel reason;
// the per-function ones are in harness/gen/cfs.ts and harness/gen/kvm.ts):
// - every CPU has a curr with on_cpu set: the idle task where no fair task runs, its se->cfs_rq the root
//   cfs_rq of that CPU (init_idle() -> __set_task_cpu() -> set_task_rq())
// - a vCPU thread's se->cfs_rq is its VM's group on its CPU, se->parent that group's entity, depth 1:
//   set_task_rq(); the group's entity is queued on the root iff the group has a queued entity and is not
//   throttled (enqueue_task_fair(), dequeue_task_fair(), throttle_cfs_rq())
// - the running task and its group entity are their cfs_rqs' curr, out of the timeline: set_next_entity()
// - a throttled group has runtime_enabled, throttle_count 1 and no running thread (throttling happens
//   when its runtime runs out, and the CPU then reschedules); its tasks stay queued on it but leave
//   rq->nr_running (sub_nr_running()); cfs_bandwidth_used() is on when any VM has a quota
// - buddies are NULL or queued entities of their cfs_rq (clear_buddies() on dequeue)
// - vcpu_ids distinct per VM and below KVM_MAX_VCPU_ID, at most KVM_MAX_VCPUS per VM, last_boosted_vcpu
//   below online_vcpus, preempted => ready && scheduled_out, all clear while the thread runs, wait_active
//   only in kvm_vcpu_block(), kvm_running_vcpu the vCPU loaded by the CPU's curr (harness/gen/kvm.ts)
// - me (vCPU 0 of VM 0), whose pause-loop exit ple_exit handles, runs in the guest on call.this_rq
import type { RecordJson, Scenario } from "../scenario.js";
import {
  apicBase,
  assignIds,
  idScheme,
  ipiMask,
  notifierFlags,
  yieldResult,
  type IdScheme,
  type VcpuFacts,
} from "./kvm.js";
import { sched_prio_to_weight, sched_prio_to_wmult } from "./cfs.js";
import { Draws, Drawn, anyOf, chance, int, pick, times, where } from "./draws.js";

type G = Draws;

type Run = "running" | "runnable" | "sleeping";

interface TaskPlan {
  cpu: number;
  run: Run;
  nice: number;
  vruntime: bigint;
  sleep: string;
}

interface VcpuPlan extends TaskPlan {
  rawId: number;
  mode: number;
  raceReady: boolean;
  facts: Omit<VcpuFacts, "vmx">;
}

interface VmPlan {
  vcpus: VcpuPlan[];
  lastBoosted: number;
  scheme: IdScheme;
  base: number;
  quota: boolean;
  /** the CPUs (bits) on which a VM with a quota has run out of it */
  throttleMask: number;
}

const U64_MAX = (1n << 64n) - 1n;

const vruntime = (g: G): bigint =>
  pick<bigint>(g, [
    [1, () => g.big(0n, 50_000_000n)],
    [1, () => g.big(0n, U64_MAX)],
  ]);
const sleep = (g: G): string => anyOf(g, ["1", "2", "1", "258", "1026"]);

const taskPlan = (g: G): TaskPlan => ({
  cpu: int(g, 0, 3),
  run: anyOf<Run>(g, ["running", "runnable", "runnable", "sleeping"]),
  nice: int(g, -20, 19),
  vruntime: vruntime(g),
  sleep: sleep(g),
});

const vcpuPlan = (g: G): VcpuPlan => ({
  cpu: int(g, 0, 3),
  run: anyOf<Run>(g, ["running", "runnable", "runnable", "sleeping"]),
  nice: anyOf(g, [0, 0, 0, -5, 5, -20, 19]),
  vruntime: vruntime(g),
  sleep: sleep(g),
  rawId: int(g, 0, 1022),
  mode: int(g, 0, 3),
  raceReady: pick(g, [
    [9, false],
    [1, true],
  ]),
  // facts no notifier writes: any value
  facts: {
    ipi_received: ipiMask(g),
    yield_to_result: yieldResult(g),
    arch: { preempted_in_kernel: chance(g, 50), apic_base: apicBase(g) },
    kvm_arch_dy_runnable: chance(g, 50),
    async_pf_done: chance(g, 50),
    spin_loop: { in_spin_loop: chance(g, 50), dy_eligible: chance(g, 50) },
  },
});

/**
 * Where a host draws from: the shape, each VM, each of its vCPUs and each
 * other task in a region of its own, so that one added or taken away while
 * shrinking leaves the others' draws where they were.
 */
const MAX_VMS = 3;
const MAX_VCPUS = 12;
const MAX_OTHERS = 4;
const SHAPE0 = 0;
const VM0 = SHAPE0 + 32;
const PER_VM = 8;
const OTHER0 = VM0 + MAX_VMS * PER_VM;
const PER_TASK = 16;
const VCPU0 = OTHER0 + MAX_OTHERS * PER_TASK;
const PER_VCPU = 32;
/** The words a host is drawn from, and where the draws of anything built on it (a sequence's steps) start. */
export const HOST_WORDS = VCPU0 + MAX_VMS * MAX_VCPUS * PER_VCPU;

/** A host from its words. */
export function drawHost(root: G): Scenario {
  const g = root.sub(SHAPE0, VM0 - SHAPE0);
  const vm = (m: number): VmPlan => {
    const v = root.sub(VM0 + m * PER_VM, PER_VM);
    return {
      vcpus: times(int(v, 1, MAX_VCPUS), (i) => vcpuPlan(root.sub(VCPU0 + (m * MAX_VCPUS + i) * PER_VCPU, PER_VCPU))),
      lastBoosted: int(v, 0, 11),
      scheme: idScheme(v),
      base: int(v, 0, 1022),
      quota: pick(v, [
        [4, false],
        [1, true],
      ]),
      throttleMask: int(v, 0, 15),
    };
  };
  return buildHost({
    nrCpu: int(g, 1, 4),
    vms: times(int(g, 1, MAX_VMS), vm),
    others: times(int(g, 0, MAX_OTHERS), (k) => taskPlan(root.sub(OTHER0 + k * PER_TASK, PER_TASK))),
    granularity: anyOf(g, [1000000, 2000000, 0, 4000000]),
    clock: g.big(0n, 100_000_000n),
    yieldToKernelMode: chance(g, 50),
    buddies: times(8, () => int(g, 0, 15)),
  });
}

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
    load: {
      weight: (BigInt(sched_prio_to_weight[nice + 20]!) << 10n).toString(),
      inv_weight: sched_prio_to_wmult[nice + 20]!,
    },
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

function buildHost(plan: {
  nrCpu: number;
  vms: VmPlan[];
  others: TaskPlan[];
  granularity: number;
  clock: bigint;
  yieldToKernelMode: boolean;
  buddies: number[];
}): Scenario {
  const nrCpu = plan.nrCpu;
  const b: Builder = { rq: [], cfs_rq: [], se: [], task: [], vcpu: [], kvm: [] };
  for (let c = 0; c < nrCpu; c++) {
    b.cfs_rq.push({ rq: c, nr_running: 0, min_vruntime: "0", queued: [] as never });
    b.rq.push({ cfs: c, curr: null, clock_task: plan.clock.toString(), nr_running: 0, kvm_running_vcpu: null });
  }
  // me (the first vCPU of the first VM) is placed first, running: it gets its CPU
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
  const addTask = (t: TaskPlan, vm: number | null, isMe = false): number => {
    const cpu = t.cpu % nrCpu;
    let run = isMe ? "running" : t.run;
    if (run === "running" && running.has(cpu)) run = "runnable";
    const parent = vm === null ? null : groupOf(vm, cpu);
    const q = parent === null ? cpu : (b.se[parent]!.my_q as number);
    const se = addSe(b, q, parent, t.nice, t.vruntime, false);
    b.task.push({ se, cpu, state: run === "sleeping" ? t.sleep : "0", on_cpu: run === "running" ? 1 : 0 });
    const task = b.task.length - 1;
    if (run !== "sleeping") {
      place(b, se, run === "running");
      if (parent !== null && !b.se[parent]!.on_rq) place(b, parent, run === "running");
      else if (parent !== null && run === "running") {
        // the group becomes its CPU's curr: out of the timeline
        const root = b.cfs_rq[cpu]!;
        root.queued = (root.queued as number[]).filter((x) => x !== parent) as never;
        root.curr = parent;
      }
      b.rq[cpu]!.nr_running = (b.rq[cpu]!.nr_running as number) + 1;
    }
    if (run === "running") {
      running.add(cpu);
      b.rq[cpu]!.curr = task;
    }
    return task;
  };
  plan.vms.forEach((vm, m) => {
    b.kvm.push({ last_boosted_vcpu: vm.lastBoosted % vm.vcpus.length });
    const ids = assignIds(
      vm.scheme,
      vm.vcpus.map((v) => v.rawId),
      vm.base,
    );
    vm.vcpus.forEach((v, i) => {
      const isMe = m === 0 && i === 0;
      const task = addTask(v, m, isMe);
      const t = b.task[task]!;
      const run: Run = t.on_cpu ? "running" : t.state === "0" ? "runnable" : "sleeping";
      const fl = notifierFlags(run, isMe ? 0 : v.mode, v.raceReady);
      if (run === "running" && fl.loaded) b.rq[t.cpu as number]!.kvm_running_vcpu = b.vcpu.length;
      const f = v.facts;
      b.vcpu.push({
        ipi_received: f.ipi_received,
        yield_to_result: f.yield_to_result,
        arch: f.arch,
        kvm_arch_dy_runnable: f.kvm_arch_dy_runnable,
        async_pf_done: f.async_pf_done,
        spin_loop: isMe ? { ...f.spin_loop, in_spin_loop: false } : f.spin_loop,
        kvm: m,
        vcpu_id: ids[i]!,
        pid: task,
        preempted: fl.preempted,
        ready: fl.ready,
        scheduled_out: fl.scheduled_out,
        wait_active: fl.wait_active,
      });
    });
  });
  for (const t of plan.others) addTask(t, null);
  // an idle task stands in as curr where no fair task runs
  b.rq.forEach((rq, c) => {
    if (rq.curr !== null) return;
    const se = addSe(b, c, null, 0, 0n, false);
    b.task.push({ se, cpu: c, sched_class: 3, on_cpu: 1 });
    rq.curr = b.task.length - 1;
  });
  // quotas: a VM's groups have runtime_enabled; those without a running thread may be throttled
  let bandwidth = false;
  plan.vms.forEach((vm, m) => {
    if (!vm.quota) return;
    bandwidth = true;
    for (const [key, g] of groups) {
      if (!key.startsWith(`${m} `)) continue;
      const q = b.cfs_rq[b.se[g]!.my_q as number]!;
      q.runtime_enabled = 1;
      if (q.curr !== undefined && q.curr !== null) continue;
      const cpu = q.rq as number;
      if (!b.se[g]!.on_rq || !((vm.throttleMask >> cpu) & 1)) continue;
      // throttle_cfs_rq(): the group leaves the root; its tasks stay queued on it, out of rq->nr_running
      const root = b.cfs_rq[cpu]!;
      root.queued = (root.queued as number[]).filter((x) => x !== g) as never;
      root.nr_running = (root.nr_running as number) - 1;
      b.se[g]!.on_rq = 0;
      b.rq[cpu]!.nr_running = (b.rq[cpu]!.nr_running as number) - (q.nr_running as number);
      q.throttled = 1;
      q.throttle_count = 1;
    }
  });
  // timelines in vruntime order; buddies among the queued entities, now and then
  b.cfs_rq.forEach((q, k) => {
    const queued = (q.queued as number[]).sort((x, y) => {
      const d = BigInt.asIntN(64, BigInt(b.se[x]!.vruntime as string) - BigInt(b.se[y]!.vruntime as string));
      return d < 0n ? -1 : d > 0n ? 1 : x - y;
    });
    queued.forEach((se, rank) => (b.se[se]!.run_node = { rank }));
    delete q.queued;
    const candidates = where(b.se, (s) => s.cfs_rq === k && !!s.on_rq);
    (["next", "last", "skip"] as const).forEach((name, j) => {
      const r = plan.buddies[(k + j) % 8]!;
      if (candidates.length && r >= 12) q[name] = candidates[r % candidates.length]!;
    });
  });
  const meTask = b.vcpu[0]!.pid as number;
  return {
    format: 1,
    target: "ple_exit",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: { sysctl_sched_wakeup_granularity: plan.granularity, cfs_bandwidth_used: bandwidth },
    call: {
      this_rq: b.task[meTask]!.cpu as number,
      me: 0,
      yield_to_kernel_mode: plan.yieldToKernelMode,
    },
    ...b,
  };
}

export const hostArb: Drawn<Scenario> = new Drawn(HOST_WORDS, (words) => drawHost(new Draws(words)));
