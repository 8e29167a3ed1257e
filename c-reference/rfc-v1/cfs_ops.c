// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cfs family of this variant as one translation unit: fair.c and core.c
 * with their static functions, and the table the harness calls them through.
 * Adapters are not instrumented: a fault inside names the kernel function.
 */
#include "cfs_ops.h"
#include "ple/variant.h"

#include "fair.c"
#include "core.c"

#define PLE_ADAPTER static __attribute__((no_instrument_function))

PLE_ADAPTER int ple_entity_before(struct sched_entity *a, struct sched_entity *b)
{
	return entity_before(a, b);
}

/* this kernel's yield_to_task_fair has no `preempt` */
PLE_ADAPTER bool ple_yield_to_task_fair(struct rq *rq, struct task_struct *p, bool preempt)
{
	return yield_to_task_fair(rq, p);
}

PLE_ADAPTER int ple_yield_to_adapter(struct task_struct *p, bool preempt)
{
	return yield_to(p, preempt);
}

/* the member named yield_to must not take the variant's symbol prefix */
#pragma push_macro("yield_to")
#undef yield_to
const struct ple_cfs_ops PLE_VSYM(cfs_ops) = {
	.variant		= PLE_VARIANT_NAME,
	.fair_sched_class	= &fair_sched_class,
	.entity_before		= ple_entity_before,
	.update_min_vruntime	= update_min_vruntime,
	.calc_delta_fair	= calc_delta_fair,
	.update_curr		= update_curr,
	.wakeup_gran		= wakeup_gran,
	.wakeup_preempt_entity	= wakeup_preempt_entity,
	.pick_next_entity	= pick_next_entity,
	.clear_buddies		= clear_buddies,
	.set_last_buddy		= set_last_buddy,
	.set_next_buddy		= set_next_buddy,
	.set_skip_buddy		= set_skip_buddy,
	.yield_task_fair	= yield_task_fair,
	.yield_to_task_fair	= ple_yield_to_task_fair,
	.deboost_yield_task	= deboost_yield_task,
	.yield_to		= ple_yield_to_adapter,
};
#pragma pop_macro("yield_to")
