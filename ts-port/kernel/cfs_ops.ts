// SPDX-License-Identifier: GPL-2.0-only
// The entry points of one cfs-family variant (ts-port/<v>/cfs_ops.ts), member
// for member as native/cfs_ops.h. Where the kernels' signatures differ the
// widest one is used and the variant adapts: yield_to_task_fair takes
// `preempt` in v5.6 only; entity_before returns int in v5.6 and bool later
// (here a number, 0 or 1). null where the variant's kernel has no such
// function (deboost_yield_task before patch 1).
import type { cfs_rq, rq, sched_class, sched_entity, task_struct } from "./sched.js";

export interface CfsOps {
  variant: string;
  /** what task->sched_class is for SCHED_CLASS_FAIR */
  fair_sched_class: sched_class;

  // kernel/sched/fair.c
  entity_before(a: sched_entity, b: sched_entity): number;
  update_min_vruntime(cfs_rq: cfs_rq): void;
  calc_delta_fair(delta: bigint, se: sched_entity): bigint;
  update_curr(cfs_rq: cfs_rq): void;
  wakeup_gran(se: sched_entity): bigint;
  wakeup_preempt_entity(curr: sched_entity, se: sched_entity): number;
  pick_next_entity(cfs_rq: cfs_rq, curr: sched_entity | null): sched_entity | null;
  clear_buddies(cfs_rq: cfs_rq, se: sched_entity | null): void;
  set_last_buddy(se: sched_entity): void;
  set_next_buddy(se: sched_entity): void;
  set_skip_buddy(se: sched_entity): void;
  yield_task_fair(rq: rq): void;
  yield_to_task_fair(rq: rq, p: task_struct, preempt: boolean): boolean;
  deboost_yield_task: ((next_se: sched_entity, yield_se: sched_entity) => void) | null;

  // kernel/sched/core.c
  yield_to(p: task_struct, preempt: boolean): number;
}
