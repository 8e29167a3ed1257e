// SPDX-License-Identifier: GPL-2.0-only
// Shim for include/linux/sched.h and kernel/sched/sched.h, member for member
// as c-reference/include/linux/sched.h. u64 members are bigint, int and u32
// members number. `__ple_idx` is the record index a pointer encodes to.
import type { rb_node, rb_root_cached } from "./rbtree.js";
import type { kvm_vcpu } from "./kvm_host.js";

export const TASK_RUNNING = 0n;
export const SCHED_NORMAL = 0;
export const SCHED_BATCH = 3;
export const SCHED_IDLE = 5;

export const SCHED_CLASS_FAIR = 0;
export const SCHED_CLASS_RT = 1;
export const SCHED_CLASS_DL = 2;
export const SCHED_CLASS_IDLE = 3;
export const SCHED_CLASS_STOP = 4;
export const SCHED_CLASS_NR = 5;

export const RQCF_REQ_SKIP = 0x01;
export const RQCF_ACT_SKIP = 0x02;
export const RQCF_UPDATED = 0x04;

export interface load_weight {
  weight: bigint; // unsigned long
  inv_weight: number; // u32
}

export interface sched_entity {
  load: load_weight;
  run_node: rb_node;
  on_rq: number;
  exec_start: bigint;
  sum_exec_runtime: bigint;
  vruntime: bigint;
  prev_sum_exec_runtime: bigint;
  depth: number;
  parent: sched_entity | null;
  cfs_rq: cfs_rq | null;
  my_q: cfs_rq | null;
  __ple_idx: number;
}

/** The scheduling class, reduced to the hooks yield_to() consults. */
export interface sched_class {
  __ple_id: number;
  yield_task: ((rq: rq) => void) | null;
  /** v5.6 passes `preempt`; later kernels do not (the port ignores the extra argument). */
  yield_to_task: ((rq: rq, p: task_struct, preempt: boolean) => boolean) | null;
}

export interface task_struct {
  state: bigint; // long
  on_cpu: number;
  cpu: number;
  policy: number;
  sched_class: sched_class;
  se: sched_entity;
  __ple_idx: number;
}

export interface cfs_rq {
  load: load_weight;
  nr_running: number;
  min_vruntime: bigint;
  tasks_timeline: rb_root_cached;
  curr: sched_entity | null;
  next: sched_entity | null;
  last: sched_entity | null;
  skip: sched_entity | null;
  rq: rq | null;
  runtime_enabled: number;
  throttled: number;
  throttle_count: number;
  __ple_idx: number;
}

export interface rq {
  nr_running: number;
  clock_task: bigint;
  clock_update_flags: number;
  curr: task_struct | null;
  cfs: cfs_rq;
  kvm_running_vcpu: kvm_vcpu | null;
  __ple_idx: number;
}
