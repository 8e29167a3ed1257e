/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel/sched/sched.h of this variant: the constants, macros and static
 * inline helpers that the ported fair.c and core.c functions call, written
 * with the kernel's names and control flow. Helpers that are functions in
 * the kernel stay functions here, so that a fault names them as the kernel
 * would; macros stay macros.
 *
 * Configuration: x86-64 (BITS_PER_LONG 64), CONFIG_SMP, CONFIG_FAIR_GROUP_SCHED,
 * CONFIG_CFS_BANDWIDTH, CONFIG_JUMP_LABEL, CONFIG_SCHED_DEBUG=y (so that
 * SCHED_WARN_ON() yields its condition), CONFIG_SCHEDSTATS=n, no lockdep.
 * Locking, irq masking and statistics are no-ops (one thread, one call).
 */
#ifndef PLE_KERNEL_SCHED_SCHED_H
#define PLE_KERNEL_SCHED_SCHED_H

#include "linux/types.h"
#include "linux/compiler.h"
#include "linux/sched.h"
#include "linux/math64.h"
#include "ple/world.h"

#define BITS_PER_LONG 64

#define max(x, y) ({ __typeof__(x) __x = (x); __typeof__(y) __y = (y); __x > __y ? __x : __y; })

/* fixed-point load resolution of 64-bit kernels */
#define SCHED_FIXEDPOINT_SHIFT	10
#define NICE_0_LOAD_SHIFT	(SCHED_FIXEDPOINT_SHIFT + SCHED_FIXEDPOINT_SHIFT)
#define scale_load(w)		((w) << SCHED_FIXEDPOINT_SHIFT)
#define scale_load_down(w) \
({ \
	unsigned long __w = (w); \
	if (__w) \
		__w = max(2UL, __w >> SCHED_FIXEDPOINT_SHIFT); \
	__w; \
})
#define NICE_0_LOAD		(1L << NICE_0_LOAD_SHIFT)

/*
 * SCHED_DEBUG=y: WARN_ONCE(x) is true when x is. The warning itself is not
 * recorded; the empty asm keeps the condition (and its loads) evaluated at
 * any optimisation level, as the kernel's WARN does.
 */
#define SCHED_WARN_ON(x) ({						\
	int __ret_warn_on = !!(x);					\
	__asm__ __volatile__("" : : "r"(__ret_warn_on));		\
	unlikely(__ret_warn_on);					\
})

/* no lockdep, no schedstats, no irqs: the harness runs one call on one thread */
#define lockdep_assert_held(l)		do { } while (0)
#define schedstat_inc(var)		do { } while (0)
#define schedstat_add(var, amt)		do { } while (0)
#define schedstat_set(var, val)		do { } while (0)
#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)
#define double_rq_lock(rq1, rq2)	do { (void)(rq1); (void)(rq2); } while (0)
#define double_rq_unlock(rq1, rq2)	do { (void)(rq1); (void)(rq2); } while (0)

/* CONFIG_FAIR_GROUP_SCHED: an entity without a runqueue of its own is a task */
#define entity_is_task(se)	(!se->my_q)

/* kernel/sched/sched.h rq_of, rfc-base (v5.12) (CONFIG_FAIR_GROUP_SCHED) */
static inline struct rq *rq_of(struct cfs_rq *cfs_rq)
{
	return cfs_rq->rq;
}

/* kernel/sched/sched.h idle_policy, rfc-base (v5.12) */
static inline int idle_policy(int policy)
{
	return policy == SCHED_IDLE;
}

/* kernel/sched/sched.h task_has_idle_policy, rfc-base (v5.12) */
static inline int task_has_idle_policy(struct task_struct *p)
{
	return idle_policy(p->policy);
}

/* kernel/sched/sched.h task_running, rfc-base (v5.12) (CONFIG_SMP) */
static inline int task_running(struct rq *rq, struct task_struct *p)
{
	return p->on_cpu;
}

/* kernel/sched/sched.h assert_clock_updated, rfc-base (v5.12) */
static inline void assert_clock_updated(struct rq *rq)
{
	/* an rq clock read is only legal after an update or while skipping */
	SCHED_WARN_ON(rq->clock_update_flags < RQCF_ACT_SKIP);
}

/* kernel/sched/sched.h rq_clock_task, rfc-base (v5.12) */
static inline u64 rq_clock_task(struct rq *rq)
{
	lockdep_assert_held(&rq->lock);
	assert_clock_updated(rq);

	return rq->clock_task;
}

/* kernel/sched/sched.h rq_clock_skip_update, rfc-base (v5.12) */
static inline void rq_clock_skip_update(struct rq *rq)
{
	lockdep_assert_held(&rq->lock);
	rq->clock_update_flags |= RQCF_REQ_SKIP;
}

/* defined (as recorded stubs) in core.c; global in the kernel, static here */
static void update_rq_clock(struct rq *rq);
static void resched_curr(struct rq *rq);

#endif
