// SPDX-License-Identifier: GPL-2.0-only
/*
 * Composed targets: chains across both families, as harness/targets/compose.ts.
 *
 * ple_exit is one pause-loop exit of vCPU `me` on call.this_rq: the kvm
 * variant's kvm_vcpu_on_spin picks a candidate and, through
 * kvm_vcpu_yield_to -> yield_to (ple_yield_to), the cfs variant's
 * yield_to_task_fair sets the buddies (and, patched, deboosts the yielder).
 * If a yield went through, yield_to called schedule(): the chain then makes
 * the next pick on the yielder's run queue, walking the group hierarchy with
 * pick_next_entity as pick_next_task_fair does, and switches to the picked
 * task, firing kvm_sched_out for the vCPU thread leaving and kvm_sched_in for
 * the one arriving. ret is the picked task (-1 when no switch was made).
 */
#include "target.h"

static struct task_struct *task_of_se(struct ple_world *w, struct sched_entity *se)
{
	for (int i = 0; i < w->nr_task; i++)
		if (&w->task[i].se == se)
			return &w->task[i];
	return NULL;
}

/* pick_next_task_fair's walk down the group hierarchy, picking at each level. */
static struct task_struct *pick_next_task(struct ple_world *w, const struct ple_cfs_ops *cfs, struct rq *rq)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se;

	do {
		struct sched_entity *curr = cfs_rq->curr;

		if (curr && !curr->on_rq)
			curr = NULL;
		se = cfs->pick_next_entity(cfs_rq, curr);
		if (!se)
			return NULL;
		cfs_rq = se->my_q;
	} while (cfs_rq);
	return task_of_se(w, se);
}

static struct kvm_vcpu *vcpu_of(struct ple_world *w, struct task_struct *p)
{
	for (int i = 0; i < w->nr_vcpu; i++)
		if ((void *)w->vcpu[i].pid == (void *)p)
			return &w->vcpu[i];
	return NULL;
}

static bool scheduled(const struct ple_world *w)
{
	for (u32 i = 0; i < w->nr_trace; i++)
		if (w->trace[i][0] == PLE_TRACE_schedule)
			return true;
	return false;
}

/* schedule() on rq: pick, and switch if the pick is another task. */
static void switch_to_next(struct ple_world *w, const struct ple_cfs_ops *cfs,
			   const struct ple_kvm_ops *kvm, struct rq *rq)
{
	struct task_struct *prev = rq->curr, *next;
	struct kvm_vcpu *v;

	w->ret = -1;
	next = pick_next_task(w, cfs, rq);
	if (!next || next == prev)
		return;
	w->ret = next->__ple_idx;
	v = vcpu_of(w, prev);
	if (v)
		kvm->kvm_sched_out(v, next);
	rq->curr = next;
	v = vcpu_of(w, next);
	if (v)
		kvm->kvm_sched_in(v, rq->__ple_idx);
}

static void ple_exit(struct ple_world *w, const struct ple_cfs_ops *cfs, const struct ple_kvm_ops *kvm)
{
	kvm->kvm_vcpu_on_spin(w->call.me, w->call.yield_to_kernel_mode);
	w->ret = -1;
	if (scheduled(w))
		switch_to_next(w, cfs, kvm, w->call.this_rq);
}

/* A context switch on call.this_rq (the sequence target's switch event). */
static void context_switch(struct ple_world *w, const struct ple_cfs_ops *cfs, const struct ple_kvm_ops *kvm)
{
	switch_to_next(w, cfs, kvm, w->call.this_rq);
}

/*
 * A scheduler tick on call.this_rq: its clock advances by call.delta, then,
 * as task_tick_fair's walk does, update_curr at every level of the running
 * fair task's hierarchy.
 */
static void tick(struct ple_world *w, const struct ple_cfs_ops *cfs, const struct ple_kvm_ops *kvm)
{
	struct rq *rq = w->call.this_rq;
	struct sched_entity *se;

	(void)kvm;
	rq->clock_task += w->call.delta;
	if (!rq->curr || rq->curr->sched_class != cfs->fair_sched_class)
		return;
	for (se = &rq->curr->se; se; se = se->parent)
		cfs->update_curr(se->cfs_rq);
}

const struct ple_target ple_compose_targets[] = {
	{ "ple_exit", ple_exit },
	{ "context_switch", context_switch },
	{ "tick", tick },
};
const int ple_nr_compose_targets = sizeof(ple_compose_targets) / sizeof(ple_compose_targets[0]);
