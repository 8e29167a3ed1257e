// SPDX-License-Identifier: GPL-2.0-only
// kernel/sched/core.c of this variant, as its C twin c-reference/<this variant>/core.c: yield_to()
// and the recorded stubs it and fair.ts call.
import type { rq, task_struct } from "../kernel/sched.js";
import { ESRCH } from "../kernel/errno.js";
import { PLE_IDX, current, ple_trace, task_rq, this_rq } from "../kernel/world.js";
import { double_rq_lock, double_rq_unlock, local_irq_restore, local_irq_save, task_running } from "./sched.js";

// This kernel's struct sched_class hook has no `preempt` (in C the shim's
// PLE_YIELD_TO_TASK_PREEMPT is left undefined).
type yield_to_task_t = (rq: rq, p: task_struct) => boolean;

// Stub of kernel/sched/core.c update_rq_clock: recorded; the clock is an input
export function update_rq_clock(rq: rq): void {
  ple_trace("update_rq_clock", PLE_IDX(rq));
}

// Stub of kernel/sched/core.c resched_curr: recorded
function resched_curr(rq: rq): void {
  ple_trace("resched_curr", PLE_IDX(rq));
}

// Stub of kernel/sched/core.c schedule: recorded
function schedule(): void {
  ple_trace("schedule");
}

// Directed yield: give the rest of current's slice to p, if p is a runnable
// task of the same class that is not running. > 0 when the class yielded,
// 0 when it did not, -ESRCH when neither runqueue has anything else to run.
// (The gotos become labelled blocks: `again` a loop, out_unlock and out_irq
// blocks that are left by break.)
// kernel/sched/core.c yield_to, rfc-base (v5.12)
export function yield_to(p: task_struct, preempt: boolean): number {
  const curr = current();
  let rq: rq, p_rq: rq;
  let flags: number;
  let yielded = 0;

  flags = local_irq_save();
  rq = this_rq();

  out_irq: {
    for (;;) {
      // again:
      p_rq = task_rq(p);
      // both runqueues run a single task: yielding cannot help
      if (rq.nr_running === 1 && p_rq.nr_running === 1) {
        yielded = -ESRCH;
        break out_irq;
      }

      double_rq_lock(rq, p_rq);
      if (task_rq(p) !== p_rq) {
        double_rq_unlock(rq, p_rq);
        continue;
      }
      break;
    }

    out_unlock: {
      if (!curr.sched_class.yield_to_task) break out_unlock;

      if (curr.sched_class !== p.sched_class) break out_unlock;

      if (task_running(p_rq, p) || p.state) break out_unlock;

      yielded = Number((curr.sched_class.yield_to_task as yield_to_task_t)(rq, p));
      if (yielded) {
        // p's CPU must reschedule; the next buddy does the rest
        if (preempt && rq !== p_rq) resched_curr(p_rq);
      }
    }

    double_rq_unlock(rq, p_rq);
  }
  local_irq_restore(flags);

  if (yielded > 0) schedule();

  return yielded;
}
