// SPDX-License-Identifier: GPL-2.0-only
/*
 * Single-call targets of the cfs family: each reads its arguments from
 * w->call, calls the scenario's cfs variant through its ops table and sets
 * w->ret (pointers as record index or -1, bools 0/1, unsigned long as its
 * s64 bits). Mirrored by harness/targets/cfs.ts.
 */
#include "target.h"

#define PLE_GLUE __attribute__((no_instrument_function))
#define CFS_TARGET(name)							\
	PLE_GLUE static void t_##name(struct ple_world *w,			\
				      const struct ple_cfs_ops *cfs,		\
				      const struct ple_kvm_ops *kvm)

CFS_TARGET(entity_before)
{
	(void)kvm;
	w->ret = cfs->entity_before(w->call.curr, w->call.se);
}

CFS_TARGET(update_min_vruntime)
{
	(void)kvm;
	cfs->update_min_vruntime(w->call.cfs_rq);
	w->ret = 0;
}

/* call.delta is the nanoseconds to convert */
CFS_TARGET(calc_delta_fair)
{
	(void)kvm;
	w->ret = (s64)cfs->calc_delta_fair(w->call.delta, w->call.se);
}

CFS_TARGET(update_curr)
{
	(void)kvm;
	cfs->update_curr(w->call.cfs_rq);
	w->ret = 0;
}

CFS_TARGET(wakeup_gran)
{
	(void)kvm;
	w->ret = (s64)cfs->wakeup_gran(w->call.se);
}

CFS_TARGET(wakeup_preempt_entity)
{
	(void)kvm;
	w->ret = cfs->wakeup_preempt_entity(w->call.curr, w->call.se);
}

CFS_TARGET(pick_next_entity)
{
	struct sched_entity *se;

	(void)kvm;
	se = cfs->pick_next_entity(w->call.cfs_rq, w->call.curr);
	w->ret = (s64)PLE_IDX(se);
}

CFS_TARGET(clear_buddies)
{
	(void)kvm;
	cfs->clear_buddies(w->call.cfs_rq, w->call.se);
	w->ret = 0;
}

CFS_TARGET(set_last_buddy)
{
	(void)kvm;
	cfs->set_last_buddy(w->call.se);
	w->ret = 0;
}

CFS_TARGET(set_next_buddy)
{
	(void)kvm;
	cfs->set_next_buddy(w->call.se);
	w->ret = 0;
}

CFS_TARGET(set_skip_buddy)
{
	(void)kvm;
	cfs->set_skip_buddy(w->call.se);
	w->ret = 0;
}

CFS_TARGET(yield_task_fair)
{
	(void)kvm;
	cfs->yield_task_fair(w->call.this_rq);
	w->ret = 0;
}

CFS_TARGET(yield_to_task_fair)
{
	(void)kvm;
	w->ret = cfs->yield_to_task_fair(w->call.this_rq, w->call.p, w->call.preempt);
}

/* the patch's helper on its own (variants without it: no call, ret 0) */
CFS_TARGET(deboost_yield_task)
{
	(void)kvm;
	if (cfs->deboost_yield_task)
		cfs->deboost_yield_task(w->call.se, w->call.curr);
	w->ret = 0;
}

CFS_TARGET(yield_to)
{
	(void)kvm;
	w->ret = cfs->yield_to(w->call.p, w->call.preempt);
}

#define T(name) { #name, t_##name }
const struct ple_target ple_cfs_targets[] = {
	T(entity_before),
	T(update_min_vruntime),
	T(calc_delta_fair),
	T(update_curr),
	T(wakeup_gran),
	T(wakeup_preempt_entity),
	T(pick_next_entity),
	T(clear_buddies),
	T(set_last_buddy),
	T(set_next_buddy),
	T(set_skip_buddy),
	T(yield_task_fair),
	T(yield_to_task_fair),
	T(deboost_yield_task),
	T(yield_to),
};
const int ple_nr_cfs_targets = sizeof(ple_cfs_targets) / sizeof(ple_cfs_targets[0]);
