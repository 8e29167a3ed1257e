// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/sched/core.c of this variant: yield_to() and the stubs it and
 * fair.c call. resched_curr(), schedule() and update_rq_clock() leave the
 * decision and are recorded (PLE_TRACE) instead of run.
 */
#include "sched.h"

/* Stub of kernel/sched/core.c update_rq_clock: recorded; the clock is an input */
static void update_rq_clock(struct rq *rq)
{
	PLE_TRACE(update_rq_clock, PLE_IDX(rq));
}

/* Stub of kernel/sched/core.c resched_curr: recorded */
static void resched_curr(struct rq *rq)
{
	PLE_TRACE(resched_curr, PLE_IDX(rq));
}

/* Stub of kernel/sched/core.c schedule: recorded */
static void schedule(void)
{
	PLE_TRACE(schedule);
}

/*
 * Directed yield: give the rest of current's slice to p, if p is a runnable
 * task of the same class that is not running. > 0 when the class yielded,
 * 0 when it did not, -ESRCH when neither runqueue has anything else to run.
 */
/* kernel/sched/core.c yield_to, v5.6 */
int __sched yield_to(struct task_struct *p, bool preempt)
{
	struct task_struct *curr = current;
	struct rq *rq, *p_rq;
	unsigned long flags;
	int yielded = 0;

	local_irq_save(flags);
	rq = this_rq();

again:
	p_rq = task_rq(p);
	/* both runqueues run a single task: yielding cannot help */
	if (rq->nr_running == 1 && p_rq->nr_running == 1) {
		yielded = -ESRCH;
		goto out_irq;
	}

	double_rq_lock(rq, p_rq);
	if (task_rq(p) != p_rq) {
		double_rq_unlock(rq, p_rq);
		goto again;
	}

	if (!curr->sched_class->yield_to_task)
		goto out_unlock;

	if (curr->sched_class != p->sched_class)
		goto out_unlock;

	if (task_running(p_rq, p) || p->state)
		goto out_unlock;

	yielded = curr->sched_class->yield_to_task(rq, p, preempt);
	if (yielded) {
		schedstat_inc(rq->yld_count);
		/* p's CPU must reschedule; the next buddy does the rest */
		if (preempt && rq != p_rq)
			resched_curr(p_rq);
	}

out_unlock:
	double_rq_unlock(rq, p_rq);
out_irq:
	local_irq_restore(flags);

	if (yielded > 0)
		schedule();

	return yielded;
}
EXPORT_SYMBOL_GPL(yield_to);
