// SPDX-License-Identifier: GPL-2.0-only
// The cfs family of this variant, as its C twin c-reference/<this variant>/cfs_ops.c.
import type { CfsOps } from "../kernel/cfs_ops.js";
import {
  calc_delta_fair,
  clear_buddies,
  entity_before,
  fair_sched_class,
  pick_next_entity,
  set_last_buddy,
  set_next_buddy,
  set_skip_buddy,
  update_curr,
  update_min_vruntime,
  wakeup_gran,
  wakeup_preempt_entity,
  yield_task_fair,
  yield_to_task_fair,
} from "./fair.js";
import { yield_to } from "./core.js";

export const cfs: CfsOps = {
  variant: "rfc-base",
  fair_sched_class,
  entity_before: (a, b) => Number(entity_before(a, b)),
  update_min_vruntime,
  calc_delta_fair,
  update_curr,
  wakeup_gran,
  wakeup_preempt_entity,
  pick_next_entity,
  clear_buddies,
  set_last_buddy,
  set_next_buddy,
  set_skip_buddy,
  yield_task_fair,
  // this kernel's yield_to_task_fair has no `preempt`
  yield_to_task_fair: (rq, p, _preempt) => yield_to_task_fair(rq, p),
  deboost_yield_task: null,
  yield_to,
};
