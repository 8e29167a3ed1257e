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
import fc from "fast-check";
import type { Scenario, RecordJson } from "../scenario.js";
import { times } from "./draws.js";

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
export const ipiMask = (): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constant(0n) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 63 }).map((b) => 1n << BigInt(b)) },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.integer({ min: 0, max: 63 }), { maxLength: 6 })
          .map((bs) => bs.reduce((m, b) => m | (1n << BigInt(b)), 0n)),
      },
      { weight: 1, arbitrary: fc.constantFrom(U64_MAX, 0xffff_ffff_8000_0000n, 0xffff_ffffn) },
      { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: U64_MAX }) },
    )
    .map((v) => v.toString());

/** An int anywhere, biased to the small range around [0, n]. */
export const intNear = (n: number, lo = INT_MIN, hi = INT_MAX): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: Math.max(lo, -2), max: Math.min(hi, n + 2) }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...[lo, hi, 31, 32, 63, 64, 255, 288, 1023, 1024].filter((x) => x >= lo && x <= hi)),
    },
    { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }) },
  );

/** How vcpu_ids are chosen for a VM (by its VMM). */
export type IdScheme = "dense" | "shuffled" | "sparse" | "block" | "boundary";
export const idScheme = (): fc.Arbitrary<IdScheme> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<IdScheme>("dense") },
    { weight: 1, arbitrary: fc.constant<IdScheme>("shuffled") },
    { weight: 2, arbitrary: fc.constant<IdScheme>("sparse") },
    { weight: 2, arbitrary: fc.constant<IdScheme>("block") },
    { weight: 1, arbitrary: fc.constant<IdScheme>("boundary") },
  );

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
export const yieldResult = (): fc.Arbitrary<number> => fc.constantFrom(1, 0, -ESRCH);

/** IA32_APIC_BASE as kvm_set_apic_base() lets it be: xAPIC, x2APIC (on top of xAPIC) or disabled. */
export const apicBase = (): fc.Arbitrary<string> =>
  fc
    .record({
      addr: fc.oneof(
        { weight: 8, arbitrary: fc.constant(0xfee0_0000n) },
        { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }).map((a) => a << 12n) },
      ),
      bsp: fc.boolean(),
      mode: fc.oneof(
        { weight: 5, arbitrary: fc.constant(XAPIC_ENABLE) },
        { weight: 4, arbitrary: fc.constant(XAPIC_ENABLE | X2APIC_ENABLE) },
        { weight: 1, arbitrary: fc.constant(0n) },
      ),
    })
    .map(({ addr, bsp, mode }) => (addr | (bsp ? APIC_BSP : 0n) | mode).toString());

/** include/linux/sched.h states a thread sleeps in (or is stopped, parked, dying in) */
export const sleepState = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant("1") }, // TASK_INTERRUPTIBLE (kvm_vcpu_block)
    { weight: 3, arbitrary: fc.constant("2") }, // TASK_UNINTERRUPTIBLE
    { weight: 1, arbitrary: fc.constantFrom("258", "1026", "260", "264", "64", "128") }, // KILLABLE, IDLE, STOPPED, TRACED, PARKED, DEAD
  );

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
  flags: RecordJson;
}

const weighted = <T>(a: T, wa: number, b: T, wb: number): fc.Arbitrary<T> =>
  fc.oneof({ weight: wa, arbitrary: fc.constant(a) }, { weight: wb, arbitrary: fc.constant(b) });

export const vcpuPlan = (): fc.Arbitrary<VcpuPlan> =>
  fc.record({
    vm: weighted(0, 5, 1, 1),
    rawId: fc.nat({ max: KVM_MAX_VCPU_ID - 1 }),
    hasPid: weighted(true, 9, false, 1),
    thread: fc.constantFrom<Thread>("runnable", "running", "runnable", "sleeping"),
    cpu: fc.nat({ max: 3 }),
    mode: fc.nat({ max: 4 }),
    raceReady: weighted(false, 9, true, 1),
    sleep: sleepState(),
    // facts no notifier writes: any value
    flags: fc.record({
      ipi_received: ipiMask(),
      spin_loop: fc.record({ in_spin_loop: fc.boolean(), dy_eligible: fc.boolean() }),
      arch: fc.record({ preempted_in_kernel: fc.boolean(), apic_base: apicBase() }),
      kvm_arch_dy_runnable: fc.boolean(),
      async_pf_done: fc.boolean(),
      vmx: fc.record({ emulation_required: weighted(false, 3, true, 1) }),
      yield_to_result: yieldResult(),
    }) as fc.Arbitrary<RecordJson>,
  });

/** How many vCPUs: mostly a handful, sometimes dozens, now and then up to KVM_MAX_VCPUS. */
export const vcpuPlans = (): fc.Arbitrary<VcpuPlan[]> =>
  fc.oneof(
    { weight: 44, arbitrary: fc.array(vcpuPlan(), { minLength: 1, maxLength: 8 }) },
    { weight: 12, arbitrary: fc.array(vcpuPlan(), { minLength: 1, maxLength: 70 }) },
    { weight: 2, arbitrary: fc.array(vcpuPlan(), { minLength: 1, maxLength: KVM_MAX_VCPUS }) },
    { weight: 1, arbitrary: fc.array(vcpuPlan(), { minLength: KVM_MAX_VCPUS, maxLength: KVM_MAX_VCPUS }) },
  );

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

const taskPlan = (): fc.Arbitrary<TaskPlan> =>
  fc.record({
    cpu: fc.nat({ max: 3 }),
    thread: fc.constantFrom<Thread>("runnable", "running", "sleeping"),
    sleep: sleepState(),
  });

/**
 * vCPUs in one or two VMs, a thread per vCPU (vcpu->pid NULL now and then:
 * never in KVM_RUN), extra host tasks, one to four CPUs each running one
 * task (the idle task if none), and the vCPU `role` is about on the CPU it
 * runs on. `count` pins the number of vCPUs (npm run bench, e.g. to 64).
 */
export const kvmWorld = (count?: fc.Arbitrary<number>, role: Role = "inGuest"): fc.Arbitrary<KvmWorld> =>
  fc
    .record({
      plans: count ? count.chain((n) => fc.array(vcpuPlan(), { minLength: n, maxLength: n })) : vcpuPlans(),
      twoVms: weighted(false, 4, true, 1),
      nrq: fc.integer({ min: 1, max: 4 }),
      schemes: fc.tuple(idScheme(), idScheme()),
      bases: fc.tuple(fc.nat({ max: KVM_MAX_VCPU_ID - 1 }), fc.nat({ max: KVM_MAX_VCPU_ID - 1 })),
      lbv: fc.tuple(fc.nat({ max: KVM_MAX_VCPUS - 1 }), fc.nat({ max: KVM_MAX_VCPUS - 1 })),
      extra: fc.array(taskPlan(), { maxLength: 2 }),
      who: fc.nat({ max: KVM_MAX_VCPUS - 1 }),
      where: fc.nat({ max: 3 }),
      roleMode: fc.nat({ max: 5 }),
      roleSleep: sleepState(),
      nextPick: fc.nat({ max: 15 }),
    })
    .map((d) => buildKvmWorld(d, role));

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
    const mine = plans.flatMap((_, i) => (vmOf[i] === m ? [i] : []));
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
    const rec: RecordJson = { ...p.flags, kvm: vmOf[i]!, vcpu_id: ids[i]!, pid: hasPid ? i : null };
    if (i === who) {
      if (role === "arriving")
        fl = notifierFlags("runnable", d.roleMode % 3, p.raceReady); // what kvm_sched_out or a wake-up left
      else fl = notifierFlags("running", 0, p.raceReady);
      if (role === "leaving" && d.roleMode % 3 === 2) fl.wait_active = true; // blocking in kvm_vcpu_block()
      if (role !== "arriving") running[whoRq] = i;
      rec.spin_loop = { ...(p.flags.spin_loop as RecordJson), in_spin_loop: false };
    } else if (hasPid && threads[i]!.thread === "running" && fl.loaded) running[threads[i]!.cpu] = i;
    rec.preempted = fl.preempted;
    rec.ready = fl.ready;
    rec.scheduled_out = fl.scheduled_out;
    rec.wait_active = fl.wait_active;
    return rec;
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
  const others = task.flatMap((t, i) =>
    t.cpu === whoRq && i !== who && !(i < nuser && threads[i]!.thread === "sleeping") ? [i] : [],
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
export const icrLow = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          vector: fc.integer({ min: 0, max: 255 }),
          mode: fc.integer({ min: 0, max: 7 }), // fixed, lowest, SMI, remote read, NMI, INIT, SIPI, ExtINT
          logical: fc.boolean(),
          status: fc.boolean(),
          assert: fc.boolean(),
          level: fc.boolean(),
          shorthand: fc.integer({ min: 0, max: 3 }), // none, self, all, all-but-self
          junk: fc.oneof(
            { weight: 4, arbitrary: fc.constant(0) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xfff }) },
          ),
        })
        .map(
          (f) =>
            (f.vector |
              (f.mode << 8) |
              (f.logical ? 0x800 : 0) |
              (f.status ? 0x1000 : 0) |
              (f.assert ? 0x4000 : 0) |
              (f.level ? 0x8000 : 0) |
              (f.shorthand << 18) |
              (f.junk << 20)) >>>
            0,
        ),
    },
  );

const pickId = (ids: readonly number[], k: number): number => (ids.length ? ids[k % ids.length]! : 0);

/**
 * An ICR high word, given the VM's ids: an xAPIC destination (bits 24-31),
 * an x2APIC one (all 32 bits), broadcast, arbitrary. (A function of the ids
 * drawn without chain(), so that it shrinks with the world.)
 */
export const icrHighOf = (): fc.Arbitrary<(ids: readonly number[]) => number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((k) => (ids: readonly number[]) => ((pickId(ids, k) & 0xff) << 24) >>> 0) }, // xAPIC physical
    { weight: 3, arbitrary: fc.nat().map((k) => (ids: readonly number[]) => pickId(ids, k) >>> 0) }, // x2APIC
    {
      weight: 1,
      arbitrary: fc.constantFrom(0xff00_0000, 0xffff_ffff, 0, 0x0100_0000, 0x8000_0000).map((v) => () => v),
    }, // broadcasts
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((x) => () => (x << 24) >>> 0) }, // logical bitmaps, unused ids
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }).map((v) => () => v) },
  );

/** An ICR high word for a VM with these ids. */
export const icrHigh = (ids: number[]): fc.Arbitrary<number> => icrHighOf().map((f) => f(ids));

/** An id asked for (kvm_get_vcpu_by_id) or an IPI destination (mark_ipi_receiver, as u32 -> int), given the ids. */
export const idForOf = (): fc.Arbitrary<(ids: readonly number[]) => number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((k) => (ids: readonly number[]) => pickId(ids, k)) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: KVM_MAX_VCPU_ID + 1 }).map((v) => () => v) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 255, 287, 288, 1023, 1024, INT_MAX, INT_MIN).map((v) => () => v) },
    { weight: 1, arbitrary: fc.integer({ min: INT_MIN, max: INT_MAX }).map((v) => () => v) },
  );

/** An id for a VM with these ids. */
export const idFor = (ids: number[]): fc.Arbitrary<number> => idForOf().map((f) => f(ids));
