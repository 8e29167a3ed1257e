// SPDX-License-Identifier: GPL-2.0-only
// Scenario generators of the kvm family, over the whole domain of every value
// (DESIGN §7): 1..KVM_MAX_VCPUS vCPUs in one or two VMs, vcpu_ids dense,
// shuffled, sparse, in a block or at the shift boundaries (31, 32, 63, 64,
// 255, 256), up to KVM_MAX_VCPU_ID - 1, every combination of the per-vCPU
// flags the notifiers can leave, arbitrary ipi_received masks, any
// last_boosted_vcpu the VM can hold, yield_to() results 1 / 0 / -ESRCH, and
// ICR words that are arbitrary or composed of the ICR's fields.
//
// Every world is a state the kernel can be in, and every call passes what the
// kernel's callers pass, so that a fault both sides agree on is a defect of
// the kernel code or of a patch, never of the generator. What a guest or its
// VMM controls stays arbitrary: ICR words and destination ids (any u32 in
// x2APIC mode), vcpu_ids (KVM_CREATE_VCPU takes any id below
// KVM_MAX_VCPU_ID). Invariants kept (kernel reason):
// - a VM has at most KVM_MAX_VCPUS vCPUs with distinct vcpu_ids in [0, KVM_MAX_VCPU_ID):
//   kvm_vm_ioctl_create_vcpu() returns -EINVAL past either bound and -EEXIST for a taken id
// - vcpu->kvm is its VM, and kvm->vcpus[] lists its vCPUs in creation order: kvm_vm_ioctl_create_vcpu()
// - last_boosted_vcpu is in [0, online_vcpus): 0 at creation, then only kvm_vcpu_on_spin() stores a loop index
// - vcpu->pid is NULL until the vCPU's first KVM_RUN, then the thread that ran it: kvm_vcpu_ioctl()
// - preempted implies ready and scheduled_out, and all three are clear while the vCPU thread runs:
//   kvm_sched_out() sets them together, kvm_sched_in() clears them; ready alone comes from
//   kvm_vcpu_wake_up() (or a kick racing with the block loop); vcpu_put() leaves them as sched_in did
// - wait_active only while the vCPU thread sits in kvm_vcpu_block() (asleep, or woken and not yet run)
// - in_spin_loop is false for the vCPU entering kvm_vcpu_on_spin(): only that function sets and clears it
// - apic_base: an address with the xAPIC enable bit, x2APIC only on top of it, or disabled: kvm_set_apic_base()
//   refuses the other transitions (only the x2APIC bit is read here)
// - yield_to() returns 1 (yield_to_task() is bool), 0 or -ESRCH
// - every task has se->cfs_rq on its CPU, every rq a curr (the idle task at least) with on_cpu set and
//   task_cpu() = that rq, runnable fair tasks queued in the timeline (see harness/gen/cfs.ts)
// - kvm_running_vcpu of a CPU is NULL or the vCPU loaded by its current task: vcpu_load()/kvm_sched_in()
//   set it, vcpu_put()/kvm_sched_out() clear it
// Calls (what the callers pass):
// - kvm_vcpu_on_spin(me), guest_entry, kvm_apic_send_ipi and mark_ipi_receiver(sender): a vCPU in KVM_RUN
//   on this_rq: its thread is this_rq->curr, TASK_RUNNING, vcpu->pid (the exit handler, the guest's ICR
//   write and the entry all run in that thread)
// - kvm_sched_out(vcpu, next): current = this_rq->curr is the thread that loaded vcpu (TASK_RUNNING when
//   preempted, a sleeping state when it blocks), next another task of that CPU (the idle task at least)
// - kvm_sched_in(vcpu, cpu): the arriving thread is this_rq->curr, cpu is this_rq's number, the vCPU's flags
//   are those its last kvm_sched_out() (or a wake-up) left
// - no call passes a NULL vcpu or kvm
import type { Scenario, RecordJson } from "../scenario.js";
import { Draws, Drawn, anyOf, chance, int, pick, times, where } from "./draws.js";

type G = Draws;

/** x86 KVM_MAX_VCPUS in v5.6 and v5.12 (arch/x86/include/asm/kvm_host.h) */
export const KVM_MAX_VCPUS = 288;
/** x86 KVM_MAX_VCPU_ID in v5.6 and v5.12: ids are below it */
export const KVM_MAX_VCPU_ID = 1023;
export const ESRCH = 3;
export const X2APIC_ENABLE = 1n << 10n;
export const XAPIC_ENABLE = 1n << 11n;
export const APIC_BSP = 1n << 8n;

const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** An ipi_received mask: empty, single senders (incl. >= 32, where the RFC's int shift wraps), any. */
export function ipiMask(g: G): string {
  return pick<bigint>(g, [
    [3, 0n],
    [3, () => 1n << BigInt(int(g, 0, 63))],
    [
      2,
      () => {
        let m = 0n;
        for (let k = int(g, 0, 6); k > 0; k--) m |= 1n << BigInt(int(g, 0, 63));
        return m;
      },
    ],
    [1, () => anyOf(g, [U64_MAX, 0xffff_ffff_8000_0000n, 0xffff_ffffn])],
    [2, () => g.big(0n, U64_MAX)],
  ]).toString();
}

/** How vcpu_ids are chosen for a VM (by its VMM). */
export type IdScheme = "dense" | "shuffled" | "sparse" | "block" | "boundary";
export const idScheme = (g: G): IdScheme =>
  pick<IdScheme>(g, [
    [4, "dense"],
    [1, "shuffled"],
    [2, "sparse"],
    [2, "block"],
    [1, "boundary"],
  ]);

/** ids next to the shift widths and the xAPIC id width, and the largest ids */
const BOUNDARY_IDS = [0, 1, 30, 31, 32, 33, 63, 64, 65, 255, 256, KVM_MAX_VCPU_ID - 2, KVM_MAX_VCPU_ID - 1];

/**
 * Distinct vcpu_ids in [0, KVM_MAX_VCPU_ID) for one VM's vCPUs, from one raw
 * draw per vCPU (so that removing a vCPU while shrinking keeps the others'):
 * dense 0..n-1, a permutation of it, sparse, a block from `base`, or at the
 * boundaries. A taken id moves to the next free one (KVM_CREATE_VCPU would
 * refuse it, the VMM picks another).
 */
export function assignIds(scheme: IdScheme, raw: readonly number[], base: number): number[] {
  const n = raw.length;
  const taken = new Set<number>();
  const order = raw.map((_, i) => i).sort((a, b) => raw[a]! - raw[b]! || a - b);
  const rank = new Array<number>(n);
  order.forEach((i, r) => (rank[i] = r));
  return raw.map((x, i) => {
    let id: number;
    switch (scheme) {
      case "dense":
        id = i;
        break;
      case "shuffled":
        id = rank[i]!;
        break;
      case "sparse":
        id = x % KVM_MAX_VCPU_ID;
        break;
      case "block":
        id = (base % (KVM_MAX_VCPU_ID - n + 1)) + i;
        break;
      case "boundary":
        id = BOUNDARY_IDS[x % BOUNDARY_IDS.length]!;
        break;
    }
    while (taken.has(id)) id = (id + 1) % KVM_MAX_VCPU_ID;
    taken.add(id);
    return id;
  });
}

/** What yield_to() answers for a vCPU's task: boosted (1), refused (0), or -ESRCH. */
export const yieldResult = (g: G): number => anyOf(g, [1, 0, -ESRCH]);

/** IA32_APIC_BASE as kvm_set_apic_base() lets it be: xAPIC, x2APIC (on top of xAPIC) or disabled. */
export function apicBase(g: G): string {
  const addr = pick<bigint>(g, [
    [8, 0xfee0_0000n],
    [1, () => g.big(0n, (1n << 40n) - 1n) << 12n],
  ]);
  const bsp = chance(g, 50);
  const mode = pick<bigint>(g, [
    [5, XAPIC_ENABLE],
    [4, XAPIC_ENABLE | X2APIC_ENABLE],
    [1, 0n],
  ]);
  return (addr | (bsp ? APIC_BSP : 0n) | mode).toString();
}

/** include/linux/sched.h states a thread sleeps in (or is stopped, parked, dying in) */
export const sleepState = (g: G): string =>
  pick<string>(g, [
    [6, "1"], // TASK_INTERRUPTIBLE (kvm_vcpu_block)
    [3, "2"], // TASK_UNINTERRUPTIBLE
    [1, () => anyOf(g, ["258", "1026", "260", "264", "64", "128"])], // KILLABLE, IDLE, STOPPED, TRACED, PARKED, DEAD
  ]);

export type Thread = "running" | "runnable" | "sleeping";

/**
 * How a vCPU was left, by what its thread does: the flags the preempt
 * notifiers and kvm_vcpu_wake_up() leave (mode picks one of the ways).
 */
export function notifierFlags(
  thread: Thread | "nopid",
  mode: number,
  raceReady: boolean,
): { preempted: boolean; ready: boolean; scheduled_out: boolean; wait_active: boolean; loaded: boolean } {
  const f = (preempted: boolean, ready: boolean, scheduled_out: boolean, wait_active: boolean, loaded = true) => ({
    preempted,
    ready,
    scheduled_out,
    wait_active,
    loaded,
  });
  switch (thread) {
    case "running": // in the guest (a kick can race with the block loop), or in userspace between KVM_RUNs
      return mode === 3 ? f(false, raceReady, false, false, false) : f(false, raceReady, false, false);
    case "runnable":
      return [
        f(true, true, true, false), // preempted
        f(false, true, true, false), // woken by kvm_vcpu_wake_up(), not yet run
        f(false, false, true, true), // woken by a signal, still on the wait queue
        f(false, raceReady, false, false, false), // runnable in userspace
        // woken by kvm_vcpu_wake_up(), not yet run, still seen on the wait queue: rcuwait (v5.12)
        // keeps w->task until the waiter runs, so rcuwait_active() and ready are both true
        f(false, true, true, true),
      ][mode % 5]!;
    case "sleeping":
      return [
        f(false, false, true, true), // blocked in kvm_vcpu_block()
        f(false, false, true, true),
        f(false, false, false, false, false), // asleep in userspace
        f(false, raceReady, false, false, false),
      ][mode % 4]!;
    case "nopid": // never in KVM_RUN: untouched, or preempted during another vCPU ioctl
      return mode === 0 ? f(true, true, true, false, false) : f(false, false, false, false, false);
  }
}

/** One vCPU and its thread, before the world decides who runs. */
export interface VcpuPlan {
  vm: number;
  rawId: number;
  hasPid: boolean;
  thread: Thread;
  cpu: number;
  mode: number;
  raceReady: boolean;
  sleep: string;
  flags: VcpuFacts;
}

/** The vcpu fields no notifier writes (any value). */
export interface VcpuFacts {
  ipi_received: string;
  spin_loop: { in_spin_loop: boolean; dy_eligible: boolean };
  arch: { preempted_in_kernel: boolean; apic_base: string };
  kvm_arch_dy_runnable: boolean;
  async_pf_done: boolean;
  vmx: { emulation_required: boolean };
  yield_to_result: number;
}

/** One vCPU and its thread, from a region of words of its own (PER_VCPU). */
export function vcpuPlan(g: G): VcpuPlan {
  return {
    vm: pick(g, [
      [5, 0],
      [1, 1],
    ]),
    rawId: int(g, 0, KVM_MAX_VCPU_ID - 1),
    hasPid: pick(g, [
      [9, true],
      [1, false],
    ]),
    thread: anyOf<Thread>(g, ["runnable", "running", "runnable", "sleeping"]),
    cpu: int(g, 0, 3),
    mode: int(g, 0, 4),
    raceReady: pick(g, [
      [9, false],
      [1, true],
    ]),
    sleep: sleepState(g),
    // facts no notifier writes: any value
    flags: {
      ipi_received: ipiMask(g),
      spin_loop: { in_spin_loop: chance(g, 50), dy_eligible: chance(g, 50) },
      arch: { preempted_in_kernel: chance(g, 50), apic_base: apicBase(g) },
      kvm_arch_dy_runnable: chance(g, 50),
      async_pf_done: chance(g, 50),
      vmx: {
        emulation_required: pick(g, [
          [3, false],
          [1, true],
        ]),
      },
      yield_to_result: yieldResult(g),
    },
  };
}

/** How many vCPUs: mostly a handful, sometimes dozens, now and then up to KVM_MAX_VCPUS. */
const vcpuCount = (g: G): number =>
  pick(g, [
    [44, () => int(g, 1, 8)],
    [12, () => int(g, 1, 70)],
    [2, () => int(g, 1, KVM_MAX_VCPUS)],
    [1, KVM_MAX_VCPUS],
  ]);

/** The role of the vCPU a call is about (see the header's "Calls"). */
export type Role = "inGuest" | "leaving" | "arriving";

/** The host and VM state every kvm target runs on. */
export interface KvmWorld {
  scn: Scenario;
  /** vCPU records */
  n: number;
  /** the ids they were given */
  ids: number[];
  /** run queues */
  nrq: number;
  /** tasks (one per vCPU thread, then extra host tasks, then one idle task per CPU) */
  ntask: number;
  /** the vCPU the call is about and the CPU it is on (its thread is that rq's curr) */
  vcpu: number;
  rq: number;
  /** a task of that CPU other than its curr (the idle task at least): kvm_sched_out's next */
  next: number;
}

interface TaskPlan {
  cpu: number;
  thread: Thread;
  sleep: string;
}

const taskPlan = (g: G): TaskPlan => ({
  cpu: int(g, 0, 3),
  thread: anyOf<Thread>(g, ["runnable", "running", "sleeping"]),
  sleep: sleepState(g),
});

/**
 * Where a kvm world draws from: the shape, each extra host task, the call,
 * and each vCPU in a region of its own, so that a vCPU added or taken away
 * while shrinking leaves the others' draws where they were.
 */
const SHAPE0 = 0;
const EXTRA0 = SHAPE0 + 32;
const PER_EXTRA = 8;
const CALL0 = EXTRA0 + 2 * PER_EXTRA;
const VCPU0 = CALL0 + 32;
const PER_VCPU = 32;
export const KVM_WORDS = VCPU0 + KVM_MAX_VCPUS * PER_VCPU;

/**
 * vCPUs in one or two VMs, a thread per vCPU (vcpu->pid NULL now and then:
 * never in KVM_RUN), extra host tasks, one to four CPUs each running one
 * task (the idle task if none), and the vCPU `role` is about on the CPU it
 * runs on. `count` pins the number of vCPUs (npm run bench, e.g. to 64).
 */
export function drawKvmWorld(root: G, role: Role = "inGuest", count?: number): KvmWorld {
  const g = root.sub(SHAPE0, EXTRA0 - SHAPE0);
  const n = count ?? vcpuCount(g);
  return buildKvmWorld(
    {
      plans: times(n, (i) => vcpuPlan(root.sub(VCPU0 + i * PER_VCPU, PER_VCPU))),
      twoVms: pick(g, [
        [4, false],
        [1, true],
      ]),
      nrq: int(g, 1, 4),
      schemes: [idScheme(g), idScheme(g)],
      bases: [int(g, 0, KVM_MAX_VCPU_ID - 1), int(g, 0, KVM_MAX_VCPU_ID - 1)],
      lbv: [int(g, 0, KVM_MAX_VCPUS - 1), int(g, 0, KVM_MAX_VCPUS - 1)],
      extra: times(int(g, 0, 2), (k) => taskPlan(root.sub(EXTRA0 + k * PER_EXTRA, PER_EXTRA))),
      who: int(g, 0, KVM_MAX_VCPUS - 1),
      where: int(g, 0, 3),
      roleMode: int(g, 0, 5),
      roleSleep: sleepState(g),
      nextPick: int(g, 0, 15),
    },
    role,
  );
}

/**
 * A kvm world (the vCPU of `role` on its CPU) with the target's call record
 * built from it and from draws of its own region (both shrink apart).
 */
export function kvmScenario(
  target: string,
  role: Role,
  call: (g: G, w: KvmWorld) => RecordJson,
  count?: number,
): Drawn<Scenario> {
  return new Drawn(KVM_WORDS, (words) => {
    const root = new Draws(words);
    const w = drawKvmWorld(root, role, count);
    return { ...w.scn, target, call: { ...w.scn.call, ...call(root.sub(CALL0, VCPU0 - CALL0), w) } };
  });
}

function buildKvmWorld(
  d: {
    plans: VcpuPlan[];
    twoVms: boolean;
    nrq: number;
    schemes: [IdScheme, IdScheme];
    bases: [number, number];
    lbv: [number, number];
    extra: TaskPlan[];
    who: number;
    where: number;
    roleMode: number;
    roleSleep: string;
    nextPick: number;
  },
  role: Role,
): KvmWorld {
  const { plans, nrq } = d;
  const n = plans.length;
  const nkvm = d.twoVms ? 2 : 1;
  const vmOf = plans.map((p) => (nkvm === 2 ? p.vm : 0));
  const who = d.who % n;
  const whoRq = d.where % nrq;

  // ids per VM, in record order
  const ids = new Array<number>(n);
  for (let m = 0; m < nkvm; m++) {
    const mine = where(vmOf, (v) => v === m);
    assignIds(
      d.schemes[m]!,
      mine.map((i) => plans[i]!.rawId),
      d.bases[m]!,
    ).forEach((id, k) => (ids[mine[k]!] = id));
  }

  // threads: vCPU i's is task i, then the extra tasks; one running per CPU, the rest wait
  const threads: TaskPlan[] = [
    ...plans.map((p) => ({ cpu: p.cpu % nrq, thread: p.thread, sleep: p.sleep })),
    ...d.extra.map((t) => ({ ...t, cpu: t.cpu % nrq })),
  ];
  threads[who] = { cpu: whoRq, thread: "running", sleep: threads[who]!.sleep };
  const nuser = threads.length;
  const curr: number[] = times(nrq, (r) =>
    r === whoRq ? who : threads.findIndex((t) => t.thread === "running" && t.cpu === r),
  );
  threads.forEach((t, i) => {
    if (t.thread === "running" && curr[t.cpu] !== i) t.thread = "runnable";
  });
  const idle = (r: number): number => nuser + r;
  curr.forEach((t, r) => (curr[r] = t >= 0 ? t : idle(r)));

  // the vCPUs, with the flags the notifiers left
  const running: (number | null)[] = times(nrq, () => null); // kvm_running_vcpu
  const vcpu: RecordJson[] = plans.map((p, i) => {
    const hasPid = p.hasPid || i === who;
    let fl = notifierFlags(hasPid ? threads[i]!.thread : "nopid", p.mode, p.raceReady);
    const f = p.flags;
    let spin_loop = f.spin_loop;
    if (i === who) {
      if (role === "arriving")
        fl = notifierFlags("runnable", d.roleMode % 3, p.raceReady); // what kvm_sched_out or a wake-up left
      else fl = notifierFlags("running", 0, p.raceReady);
      if (role === "leaving" && d.roleMode % 3 === 2) fl.wait_active = true; // blocking in kvm_vcpu_block()
      if (role !== "arriving") running[whoRq] = i;
      spin_loop = { ...spin_loop, in_spin_loop: false };
    } else if (hasPid && threads[i]!.thread === "running" && fl.loaded) running[threads[i]!.cpu] = i;
    // every field named: a spread then grown key by key was 90% of kvm generation
    return {
      ipi_received: f.ipi_received,
      spin_loop,
      arch: f.arch,
      kvm_arch_dy_runnable: f.kvm_arch_dy_runnable,
      async_pf_done: f.async_pf_done,
      vmx: f.vmx,
      yield_to_result: f.yield_to_result,
      kvm: vmOf[i]!,
      vcpu_id: ids[i]!,
      pid: hasPid ? i : null,
      preempted: fl.preempted,
      ready: fl.ready,
      scheduled_out: fl.scheduled_out,
      wait_active: fl.wait_active,
    };
  });

  // task states: TASK_RUNNING while running or waiting to run, a sleeping state asleep; the leaving
  // vCPU thread is preempted (TASK_RUNNING) or goes to sleep (in kvm_vcpu_block() or elsewhere)
  const stateOf = (t: TaskPlan, i: number): string => {
    if (i === who) return role === "leaving" && d.roleMode % 3 !== 0 ? d.roleSleep : "0";
    return t.thread === "sleeping" ? t.sleep : "0";
  };
  const task: RecordJson[] = threads.map((t, i) => ({
    se: i,
    state: stateOf(t, i),
    cpu: t.cpu,
    on_cpu: curr[t.cpu] === i ? 1 : 0,
  }));
  for (let r = 0; r < nrq; r++)
    task.push({ se: nuser + r, state: "0", sched_class: 3, cpu: r, on_cpu: curr[r] === idle(r) ? 1 : 0 });

  // the fair side: each task on its CPU's root cfs_rq, the waiting ones in the timeline, curr queued
  const se: RecordJson[] = task.map((t, i) => {
    const queued = i < nuser && threads[i]!.thread !== "sleeping";
    return { cfs_rq: t.cpu as number, on_rq: queued ? 1 : 0, run_node: { rank: -1 } };
  });
  const cfs_rq: RecordJson[] = times(nrq, (r) => {
    const c = curr[r]! < nuser ? curr[r]! : null;
    let rank = 0;
    se.forEach((s, i) => {
      if (s.cfs_rq === r && s.on_rq && i !== c) (s.run_node as RecordJson).rank = rank++;
    });
    return {
      rq: r,
      curr: c,
      nr_running: rank + (c === null ? 0 : 1),
      load: { weight: String((rank + (c === null ? 0 : 1)) * 1048576) },
    };
  });
  const rq: RecordJson[] = cfs_rq.map((q, r) => ({
    cfs: r,
    curr: curr[r]!,
    nr_running: q.nr_running as number,
    kvm_running_vcpu: running[r]!,
  }));

  // last_boosted_vcpu: an index below the VM's online_vcpus (0 in a VM without vCPUs)
  const online = [0, 1].map((m) => vmOf.filter((v) => v === m).length);
  const kvm = times(nkvm, (m) => ({ last_boosted_vcpu: online[m] ? d.lbv[m]! % online[m]! : 0 }));

  // kvm_sched_out's next: another task of that CPU, the idle task at least
  const others = where(
    task,
    (t, i) => t.cpu === whoRq && i !== who && !(i < nuser && threads[i]!.thread === "sleeping"),
  );
  const next = others[d.nextPick % others.length]!;

  const scn: Scenario = {
    format: 1,
    target: "",
    variants: { cfs: "v5.6", kvm: "v5.6" },
    sys: {},
    call: {},
    kvm,
    rq,
    cfs_rq,
    se,
    task,
    vcpu,
  };
  return { scn, n, ids, nrq, ntask: task.length, vcpu: who, rq: whoRq, next };
}

/** An ICR low word: arbitrary, or composed of vector, delivery mode, dest mode, level, trigger and shorthand. */
export function icrLow(g: G): number {
  return pick<number>(g, [
    [1, () => int(g, 0, 0xffff_ffff)],
    [
      3,
      () => {
        const vector = int(g, 0, 255);
        const mode = int(g, 0, 7); // fixed, lowest, SMI, remote read, NMI, INIT, SIPI, ExtINT
        const logical = chance(g, 50);
        const status = chance(g, 50);
        const assert = chance(g, 50);
        const level = chance(g, 50);
        const shorthand = int(g, 0, 3); // none, self, all, all-but-self
        const junk = pick<number>(g, [
          [4, 0],
          [1, () => int(g, 0, 0xfff)],
        ]);
        return (
          (vector |
            (mode << 8) |
            (logical ? 0x800 : 0) |
            (status ? 0x1000 : 0) |
            (assert ? 0x4000 : 0) |
            (level ? 0x8000 : 0) |
            (shorthand << 18) |
            (junk << 20)) >>>
          0
        );
      },
    ],
  ]);
}

/** One of the ids (a draw of its own, so that it shrinks apart from the world); 0 when there are none. */
const anyId = (g: G, ids: readonly number[]): number => (ids.length ? ids[int(g, 0, ids.length - 1)]! : 0);

/** An ICR high word, given the VM's ids: an xAPIC destination (bits 24-31), an x2APIC one (all 32 bits), broadcast, arbitrary. */
export function icrHigh(g: G, ids: readonly number[]): number {
  return pick<number>(g, [
    [3, () => ((anyId(g, ids) & 0xff) << 24) >>> 0], // xAPIC physical
    [3, () => anyId(g, ids) >>> 0], // x2APIC
    [1, () => anyOf(g, [0xff00_0000, 0xffff_ffff, 0, 0x0100_0000, 0x8000_0000])], // broadcasts
    [1, () => (int(g, 0, 255) << 24) >>> 0], // logical bitmaps, unused ids
    [2, () => int(g, 0, 0xffff_ffff)],
  ]);
}

/** An id asked for (kvm_get_vcpu_by_id) or an IPI destination (mark_ipi_receiver, as u32 -> int), given the ids. */
export function idFor(g: G, ids: readonly number[]): number {
  return pick<number>(g, [
    [4, () => anyId(g, ids)],
    [2, () => int(g, 0, KVM_MAX_VCPU_ID + 1)],
    [1, () => anyOf(g, [-1, 255, 287, 288, 1023, 1024, INT_MAX, INT_MIN])],
    [1, () => int(g, INT_MIN, INT_MAX)],
  ]);
}
