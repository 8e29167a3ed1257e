// SPDX-License-Identifier: GPL-2.0-only
// kernel/sched/sched.h of this variant, as its C twin c-reference/<this variant>/sched.h: the
// constants, macros and static inline helpers the fair.ts and core.ts ports
// call. Kernel functions keep their names (so a fault names them); kernel
// macros are functions whose names are not in FUNCTIONS (no frame of their
// own in the fault report, as in C).
// Configuration: x86-64, SMP, FAIR_GROUP_SCHED, CFS_BANDWIDTH, JUMP_LABEL,
// SCHED_DEBUG=y, SCHEDSTATS=n, no lockdep.
import { s32 } from "../kernel/int.js";
import { RQCF_ACT_SKIP, RQCF_REQ_SKIP, SCHED_IDLE } from "../kernel/sched.js";
import type { cfs_rq, rq, sched_entity, task_struct } from "../kernel/sched.js";

export const BITS_PER_LONG = 64;

// fixed-point load resolution of 64-bit kernels
export const SCHED_FIXEDPOINT_SHIFT = 10n;
export const NICE_0_LOAD_SHIFT = SCHED_FIXEDPOINT_SHIFT + SCHED_FIXEDPOINT_SHIFT;
/** macro scale_load_down(w), w unsigned long: a non-zero weight scales to at least 2 */
export const scale_load_down = (w: bigint): bigint => {
  let __w = w;
  if (__w) __w = max(2n, __w >> SCHED_FIXEDPOINT_SHIFT);
  return __w;
};
const max = (x: bigint, y: bigint): bigint => (x > y ? x : y);
/** 1L << NICE_0_LOAD_SHIFT */
export const NICE_0_LOAD = 1n << NICE_0_LOAD_SHIFT;

/** macro SCHED_WARN_ON(x), SCHED_DEBUG=y: true when x is (the warning is not recorded) */
export const SCHED_WARN_ON = (x: boolean): boolean => x;

// no lockdep, no irqs, no schedstats: one call on one thread
export const lockdep_assert_held = (): void => {};
export const double_rq_lock = (_rq1: rq, _rq2: rq): void => {};
export const double_rq_unlock = (_rq1: rq, _rq2: rq): void => {};
export const local_irq_save = (): number => 0;
export const local_irq_restore = (_flags: number): void => {};

/** macro entity_is_task(se), CONFIG_FAIR_GROUP_SCHED */
export const entity_is_task = (se: sched_entity): boolean => !se.my_q;

// kernel/sched/sched.h rq_of, rfc-base (v5.12) (CONFIG_FAIR_GROUP_SCHED)
export function rq_of(cfs_rq: cfs_rq): rq | null {
  return cfs_rq.rq;
}

// kernel/sched/sched.h idle_policy, rfc-base (v5.12)
export function idle_policy(policy: number): number {
  return policy === SCHED_IDLE ? 1 : 0;
}

// kernel/sched/sched.h task_has_idle_policy, rfc-base (v5.12)
export function task_has_idle_policy(p: task_struct): number {
  return idle_policy(s32(p.policy));
}

// kernel/sched/sched.h task_running, rfc-base (v5.12) (CONFIG_SMP)
export function task_running(_rq: rq, p: task_struct): number {
  return p.on_cpu;
}

// kernel/sched/sched.h assert_clock_updated, rfc-base (v5.12)
export function assert_clock_updated(rq: rq): void {
  // an rq clock read is only legal after an update or while skipping
  SCHED_WARN_ON(rq.clock_update_flags < RQCF_ACT_SKIP);
}

// kernel/sched/sched.h rq_clock_task, rfc-base (v5.12)
export function rq_clock_task(rq: rq): bigint {
  lockdep_assert_held();
  assert_clock_updated(rq);

  return rq.clock_task;
}

// kernel/sched/sched.h rq_clock_skip_update, rfc-base (v5.12)
export function rq_clock_skip_update(rq: rq): void {
  lockdep_assert_held();
  rq.clock_update_flags = (rq.clock_update_flags | RQCF_REQ_SKIP) >>> 0;
}
