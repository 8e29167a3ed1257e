// SPDX-License-Identifier: GPL-2.0-only
// The TS side of c-reference/include/ple/world.h: the decoded scenario, the
// current world the kernel's globals and per-cpu variables resolve to, and
// the recorder for calls into stubbed externals. Not kernel code.
import { TRACE_KINDS, TRACE_MAX, type RecName } from "../../harness/layout.js";
import type { cfs_rq, rq, sched_entity, task_struct } from "./sched.js";
import type { kvm, kvm_vcpu } from "./kvm_host.js";

export type TraceKind = (typeof TRACE_KINDS)[number]["name"];

export interface ple_sys {
  sysctl_sched_wakeup_granularity: number;
  cfs_bandwidth_used: boolean;
  KVM_MAX_VCPUS: number;
}

export interface ple_call {
  this_rq: rq | null;
  cfs_rq: cfs_rq | null;
  curr: sched_entity | null;
  se: sched_entity | null;
  p: task_struct | null;
  preempt: boolean;
  me: kvm_vcpu | null;
  yield_to_kernel_mode: boolean;
  vcpu: kvm_vcpu | null;
  next: task_struct | null;
  cpu: number;
  icr_low: number;
  icr_high: number;
  kvm: kvm | null;
  id: number;
  delta: bigint;
}

export interface ple_world {
  target: string;
  sys: ple_sys;
  call: ple_call;
  kvm: kvm[];
  rq: rq[];
  cfs_rq: cfs_rq[];
  se: sched_entity[];
  task: task_struct[];
  vcpu: kvm_vcpu[];
  ret: bigint;
  trace: bigint[][];
  /** single-call kvm targets stop the chain at yield_to() (see ple_yield_to) */
  stub_yield_to: boolean;
  /** the scheduler's yield_to() of the scenario's cfs variant */
  cfs_yield_to: (p: task_struct, preempt: boolean) => number;
}

export type RecordOf<R extends RecName> = ple_world[R] extends (infer T)[] ? T : ple_world[R];

export let ple_w: ple_world;

export function ple_set_world(w: ple_world): void {
  ple_w = w;
}

const TRACE_ID = new Map<string, number>(TRACE_KINDS.map((t, i) => [t.name, i]));

/** Record a call into a stubbed external, as the C side's PLE_TRACE. */
export function ple_trace(kind: TraceKind, ...args: bigint[]): void {
  if (ple_w.trace.length >= TRACE_MAX) return;
  ple_w.trace.push([BigInt(TRACE_ID.get(kind)!), ...args]);
}

/** Index a record pointer encodes to (-1 for NULL). */
export const PLE_IDX = (p: { __ple_idx: number } | null): bigint => BigInt(p ? p.__ple_idx : -1);

// kernel/sched/sched.h accessors, resolved against the current world
export const cpu_rq = (cpu: number): rq => ple_w.rq[cpu]!;
export const this_rq = (): rq => ple_w.call.this_rq!;
export const current = (): task_struct => this_rq().curr!;
export const task_cpu = (p: task_struct): number => p.cpu;
export const task_rq = (p: task_struct): rq => cpu_rq(task_cpu(p));
export const sysctl_sched_wakeup_granularity = (): number => ple_w.sys.sysctl_sched_wakeup_granularity;
export const KVM_MAX_VCPUS = (): number => ple_w.sys.KVM_MAX_VCPUS;

/**
 * Cross-family call, as ple_yield_to of native/world.c: kvm_vcpu_yield_to()
 * reaches the scheduler's yield_to() through here. In single-call kvm targets
 * the chain stops: the result is the input `yield_to_result` of the vCPU whose
 * task it is. Both modes record the call.
 */
export function ple_yield_to(p: task_struct, preempt: boolean): number {
  let ret: number;
  if (ple_w.stub_yield_to) {
    const v = ple_w.vcpu.find((x) => x.pid === p);
    ret = v ? v.yield_to_result : 0;
  } else {
    ret = ple_w.cfs_yield_to(p, preempt);
  }
  ple_trace("yield_to", PLE_IDX(p), preempt ? 1n : 0n, BigInt(ret));
  return ret;
}
