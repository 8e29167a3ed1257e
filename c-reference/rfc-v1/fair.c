// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/sched/fair.c of this variant: the CFS functions on the path of a
 * directed yield (yield_to -> yield_to_task_fair -> pick_next_entity), with
 * CONFIG_FAIR_GROUP_SCHED and CONFIG_CFS_BANDWIDTH on. Names, types and
 * control flow follow the kernel line by line; the comments are ours.
 * Statistics and tracing are dropped; calls leaving the decision are
 * recorded stubs (PLE_TRACE). See c-reference/PROVENANCE.md.
 */
#include "sched.h"

#define WMULT_CONST	(~0U)
#define WMULT_SHIFT	32

/* kernel/sched/fair.c __update_inv_weight, rfc-base (v5.12) */
static void __update_inv_weight(struct load_weight *lw)
{
	unsigned long w;

	if (likely(lw->inv_weight))
		return;

	w = scale_load_down(lw->weight);

	if (BITS_PER_LONG > 32 && unlikely(w >= WMULT_CONST))
		lw->inv_weight = 1;
	else if (unlikely(!w))
		lw->inv_weight = WMULT_CONST;
	else
		lw->inv_weight = WMULT_CONST / w;
}

/*
 * Scales delta_exec by weight / lw->weight without a division: multiplies
 * by the 32-bit fixed-point inverse of lw->weight, keeping the factor below
 * 2^32 by trading bits of it against the final shift.
 */
/* kernel/sched/fair.c __calc_delta, rfc-base (v5.12) */
static u64 __calc_delta(u64 delta_exec, unsigned long weight, struct load_weight *lw)
{
	u64 fact = scale_load_down(weight);
	int shift = WMULT_SHIFT;

	__update_inv_weight(lw);

	if (unlikely(fact >> 32)) {
		while (fact >> 32) {
			fact >>= 1;
			shift--;
		}
	}

	fact = mul_u32_u32(fact, lw->inv_weight);

	while (fact >> 32) {
		fact >>= 1;
		shift--;
	}

	return mul_u64_u32_shr(delta_exec, fact, shift);
}

static const struct sched_class fair_sched_class;

/* CONFIG_FAIR_GROUP_SCHED accessors */

/* kernel/sched/fair.c task_of, rfc-base (v5.12) */
static inline struct task_struct *task_of(struct sched_entity *se)
{
	SCHED_WARN_ON(!entity_is_task(se));
	return container_of(se, struct task_struct, se);
}

/* walk from an entity up to the root task group */
#define for_each_sched_entity(se) \
		for (; se; se = se->parent)

/* kernel/sched/fair.c task_cfs_rq, rfc-base (v5.12) */
static inline struct cfs_rq *task_cfs_rq(struct task_struct *p)
{
	return p->se.cfs_rq;
}

/* kernel/sched/fair.c cfs_rq_of, rfc-base (v5.12) */
static inline struct cfs_rq *cfs_rq_of(struct sched_entity *se)
{
	return se->cfs_rq;
}

/* kernel/sched/fair.c parent_entity, rfc-base (v5.12) */
static inline struct sched_entity *parent_entity(struct sched_entity *se)
{
	return se->parent;
}

static __always_inline
void account_cfs_rq_runtime(struct cfs_rq *cfs_rq, u64 delta_exec);

/* timeline helpers; vruntimes compare by signed difference (wrap-safe) */

/* kernel/sched/fair.c max_vruntime, rfc-base (v5.12) */
static inline u64 max_vruntime(u64 max_vruntime, u64 vruntime)
{
	s64 delta = (s64)(vruntime - max_vruntime);
	if (delta > 0)
		max_vruntime = vruntime;

	return max_vruntime;
}

/* kernel/sched/fair.c min_vruntime, rfc-base (v5.12) */
static inline u64 min_vruntime(u64 min_vruntime, u64 vruntime)
{
	s64 delta = (s64)(vruntime - min_vruntime);
	if (delta < 0)
		min_vruntime = vruntime;

	return min_vruntime;
}

/* kernel/sched/fair.c entity_before, rfc-base (v5.12) */
static inline bool entity_before(struct sched_entity *a,
				struct sched_entity *b)
{
	return (s64)(a->vruntime - b->vruntime) < 0;
}

#define __node_2_se(node) \
	rb_entry((node), struct sched_entity, run_node)

/* kernel/sched/fair.c update_min_vruntime, rfc-base (v5.12) */
static void update_min_vruntime(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	struct rb_node *leftmost = rb_first_cached(&cfs_rq->tasks_timeline);

	u64 vruntime = cfs_rq->min_vruntime;

	if (curr) {
		if (curr->on_rq)
			vruntime = curr->vruntime;
		else
			curr = NULL;
	}

	if (leftmost) { /* the timeline has entities */
		struct sched_entity *se = __node_2_se(leftmost);

		if (!curr)
			vruntime = se->vruntime;
		else
			vruntime = min_vruntime(vruntime, se->vruntime);
	}

	/* min_vruntime only ever moves forward */
	cfs_rq->min_vruntime = max_vruntime(cfs_rq->min_vruntime, vruntime);
}

/* kernel/sched/fair.c __pick_first_entity, rfc-base (v5.12) */
static struct sched_entity *__pick_first_entity(struct cfs_rq *cfs_rq)
{
	struct rb_node *left = rb_first_cached(&cfs_rq->tasks_timeline);

	if (!left)
		return NULL;

	return __node_2_se(left);
}

/* kernel/sched/fair.c __pick_next_entity, rfc-base (v5.12) */
static struct sched_entity *__pick_next_entity(struct sched_entity *se)
{
	struct rb_node *next = rb_next(&se->run_node);

	if (!next)
		return NULL;

	return __node_2_se(next);
}

/* real time to virtual time: delta * NICE_0_LOAD / weight */
/* kernel/sched/fair.c calc_delta_fair, rfc-base (v5.12) */
static inline u64 calc_delta_fair(u64 delta, struct sched_entity *se)
{
	if (unlikely(se->load.weight != NICE_0_LOAD))
		delta = __calc_delta(delta, NICE_0_LOAD, &se->load);

	return delta;
}

/* kernel/sched/fair.c update_curr, rfc-base (v5.12) */
static void update_curr(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	u64 now = rq_clock_task(rq_of(cfs_rq));
	u64 delta_exec;

	if (unlikely(!curr))
		return;

	delta_exec = now - curr->exec_start;
	if (unlikely((s64)delta_exec <= 0))
		return;

	curr->exec_start = now;

	schedstat_set(curr->statistics.exec_max,
		      max(delta_exec, curr->statistics.exec_max));

	curr->sum_exec_runtime += delta_exec;
	schedstat_add(cfs_rq->exec_clock, delta_exec);

	curr->vruntime += calc_delta_fair(delta_exec, curr);
	update_min_vruntime(cfs_rq);

	if (entity_is_task(curr)) {
		struct task_struct *curtask = task_of(curr);

		/* tracepoint, cgroup and thread-group cputime: statistics only */
		(void)curtask;
	}

	account_cfs_rq_runtime(cfs_rq, delta_exec);
}

/* kernel/sched/fair.c __clear_buddies_last, rfc-base (v5.12) */
static void __clear_buddies_last(struct sched_entity *se)
{
	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);
		if (cfs_rq->last != se)
			break;

		cfs_rq->last = NULL;
	}
}

/* kernel/sched/fair.c __clear_buddies_next, rfc-base (v5.12) */
static void __clear_buddies_next(struct sched_entity *se)
{
	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);
		if (cfs_rq->next != se)
			break;

		cfs_rq->next = NULL;
	}
}

/* kernel/sched/fair.c __clear_buddies_skip, rfc-base (v5.12) */
static void __clear_buddies_skip(struct sched_entity *se)
{
	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);
		if (cfs_rq->skip != se)
			break;

		cfs_rq->skip = NULL;
	}
}

/* kernel/sched/fair.c clear_buddies, rfc-base (v5.12) */
static void clear_buddies(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	if (cfs_rq->last == se)
		__clear_buddies_last(se);

	if (cfs_rq->next == se)
		__clear_buddies_next(se);

	if (cfs_rq->skip == se)
		__clear_buddies_skip(se);
}

static int
wakeup_preempt_entity(struct sched_entity *curr, struct sched_entity *se);

/*
 * Choose what runs next: the leftmost entity (or curr, if it is further
 * left), unless a buddy is close enough to it: the skip buddy is avoided,
 * then the last buddy and finally the next buddy are preferred.
 */
/* kernel/sched/fair.c pick_next_entity, rfc-base (v5.12) */
static struct sched_entity *
pick_next_entity(struct cfs_rq *cfs_rq, struct sched_entity *curr)
{
	struct sched_entity *left = __pick_first_entity(cfs_rq);
	struct sched_entity *se;

	/* curr is not in the timeline: compare it with the leftmost by hand */
	if (!left || (curr && entity_before(curr, left)))
		left = curr;

	se = left; /* the fair choice */

	/* the skip buddy yields to the runner-up unless that is too unfair */
	if (cfs_rq->skip == se) {
		struct sched_entity *second;

		if (se == curr) {
			second = __pick_first_entity(cfs_rq);
		} else {
			second = __pick_next_entity(se);
			if (!second || (curr && entity_before(curr, second)))
				second = curr;
		}

		if (second && wakeup_preempt_entity(second, left) < 1)
			se = second;
	}

	if (cfs_rq->next && wakeup_preempt_entity(cfs_rq->next, left) < 1) {
		/* the next buddy: explicitly asked for, taken when fair enough */
		se = cfs_rq->next;
	} else if (cfs_rq->last && wakeup_preempt_entity(cfs_rq->last, left) < 1) {
		/* the last buddy: give the CPU back to the task it was taken from */
		se = cfs_rq->last;
	}

	clear_buddies(cfs_rq, se);

	return se;
}

/* CONFIG_CFS_BANDWIDTH with CONFIG_JUMP_LABEL */

/*
 * The static key __cfs_bandwidth_used is on while any task group has a
 * bandwidth limit; here it is the scenario's sys.cfs_bandwidth_used.
 */
/* kernel/sched/fair.c cfs_bandwidth_used, rfc-base (v5.12) */
static inline bool cfs_bandwidth_used(void)
{
	return ple_w->sys.cfs_bandwidth_used;
}

/*
 * Stub: runtime accounting against the group's quota (which may throttle
 * and reschedule) is outside the decision; the call is recorded.
 */
static __always_inline
void account_cfs_rq_runtime(struct cfs_rq *cfs_rq, u64 delta_exec)
{
	PLE_TRACE(account_cfs_rq_runtime, PLE_IDX(cfs_rq), delta_exec);
}

/* kernel/sched/fair.c throttled_hierarchy, rfc-base (v5.12) */
static inline int throttled_hierarchy(struct cfs_rq *cfs_rq)
{
	return cfs_bandwidth_used() && cfs_rq->throttle_count;
}

/*
 * The wakeup granularity in se's virtual time: a lighter se gets a larger
 * granularity, so it preempts less easily.
 */
/* kernel/sched/fair.c wakeup_gran, rfc-base (v5.12) */
static unsigned long wakeup_gran(struct sched_entity *se)
{
	unsigned long gran = sysctl_sched_wakeup_granularity;

	return calc_delta_fair(gran, se);
}

/*
 * -1 when se is not behind curr, 1 when it is behind by more than the
 * granularity (se should run instead), 0 in between.
 */
/* kernel/sched/fair.c wakeup_preempt_entity, rfc-base (v5.12) */
static int
wakeup_preempt_entity(struct sched_entity *curr, struct sched_entity *se)
{
	s64 gran, vdiff = curr->vruntime - se->vruntime;

	if (vdiff <= 0)
		return -1;

	gran = wakeup_gran(se);
	if (vdiff > gran)
		return 1;

	return 0;
}

/* kernel/sched/fair.c set_last_buddy, rfc-base (v5.12) */
static void set_last_buddy(struct sched_entity *se)
{
	if (entity_is_task(se) && unlikely(task_has_idle_policy(task_of(se))))
		return;

	for_each_sched_entity(se) {
		if (SCHED_WARN_ON(!se->on_rq))
			return;
		cfs_rq_of(se)->last = se;
	}
}

/* kernel/sched/fair.c set_next_buddy, rfc-base (v5.12) */
static void set_next_buddy(struct sched_entity *se)
{
	if (entity_is_task(se) && unlikely(task_has_idle_policy(task_of(se))))
		return;

	for_each_sched_entity(se) {
		if (SCHED_WARN_ON(!se->on_rq))
			return;
		cfs_rq_of(se)->next = se;
	}
}

/* kernel/sched/fair.c set_skip_buddy, rfc-base (v5.12) */
static void set_skip_buddy(struct sched_entity *se)
{
	for_each_sched_entity(se)
		cfs_rq_of(se)->skip = se;
}

/*
 * sched_yield(): charge curr's runtime and mark it the skip buddy;
 * pick_next_entity() does the rest.
 */
/* kernel/sched/fair.c yield_task_fair, rfc-base (v5.12) */
static void yield_task_fair(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	struct cfs_rq *cfs_rq = task_cfs_rq(curr);
	struct sched_entity *se = &curr->se;

	/* nothing else to run */
	if (unlikely(rq->nr_running == 1))
		return;

	clear_buddies(cfs_rq, se);

	if (curr->policy != SCHED_BATCH) {
		update_rq_clock(rq);
		/* bring curr's vruntime up to date */
		update_curr(cfs_rq);
		/* the clock was just read: let schedule() skip its update */
		rq_clock_skip_update(rq);
	}

	set_skip_buddy(se);
}

/*
 * RFC patch 1: if the yielder is more than a granularity left of the entity
 * it yields to, move it right to one granularity (of yield_se itself) before
 * next_se, so that pick_next_entity() honours the next buddy.
 */
/* kernel/sched/fair.c deboost_yield_task_vruntime, rfc-base (v5.12) + RFC 1/2 */
static void deboost_yield_task_vruntime(struct sched_entity *next_se, struct sched_entity *yield_se)
{
	if (wakeup_preempt_entity(next_se, yield_se) < 1)
		return;
	yield_se->vruntime = next_se->vruntime - wakeup_gran(yield_se);
}

/*
 * On the same CPU only; climbs both group hierarchies to the first pair of
 * ancestors (or the entities themselves) that share a cfs_rq.
 */
/* kernel/sched/fair.c deboost_yield_task, rfc-base (v5.12) + RFC 1/2 */
static void deboost_yield_task(struct sched_entity *next_se, struct sched_entity *yield_se)
{
	struct sched_entity *next_se_base = next_se;

	if (rq_of(cfs_rq_of(yield_se)) != rq_of(cfs_rq_of(next_se)))
		return;

	for_each_sched_entity(yield_se) {
		next_se = next_se_base;
		for_each_sched_entity(next_se) {
			if (cfs_rq_of(yield_se) == cfs_rq_of(next_se)) {
				deboost_yield_task_vruntime(next_se, yield_se);
				return;
			}
		}
	}
}

/* kernel/sched/fair.c yield_to_task_fair, rfc-base (v5.12) + RFC 1/2 */
static bool yield_to_task_fair(struct rq *rq, struct task_struct *p)
{
	struct sched_entity *se = &p->se;
	struct task_struct *curr;
	struct sched_entity *yield_se;

	/* an entity in a throttled group cannot run */
	if (!se->on_rq || throttled_hierarchy(cfs_rq_of(se)))
		return false;

	/* ask pick_next_entity() for p */
	set_next_buddy(se);

	curr = rq->curr;
	yield_se = &curr->se;
	deboost_yield_task(se, yield_se);

	yield_task_fair(rq);

	return true;
}

/* kernel/sched/fair.c fair_sched_class, rfc-base (v5.12): the hooks yield_to() consults */
static const struct sched_class fair_sched_class = {
	.__ple_id		= SCHED_CLASS_FAIR,
	.yield_task		= yield_task_fair,
	.yield_to_task		= yield_to_task_fair,
};
