/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One cfs variant as the harness sees it: its fair scheduling class and an
 * entry point per single-call target. Each c-reference/<variant>/cfs_ops.c
 * defines one `const struct ple_cfs_ops <cid>__cfs_ops`. Where the kernels'
 * signatures differ, this table takes the widest one and the variant adapts
 * (yield_to_task_fair has `preempt` in v5.6 only; entity_before returns int
 * in v5.6 and bool later).
 */
#ifndef PLE_CFS_OPS_H
#define PLE_CFS_OPS_H

#include "linux/types.h"
#include "linux/sched.h"

struct ple_cfs_ops {
	const char *variant;
	/* what task->sched_class points to for SCHED_CLASS_FAIR */
	const struct sched_class *fair_sched_class;

	/* kernel/sched/fair.c */
	int (*entity_before)(struct sched_entity *a, struct sched_entity *b);
	void (*update_min_vruntime)(struct cfs_rq *cfs_rq);
	u64 (*calc_delta_fair)(u64 delta, struct sched_entity *se);
	void (*update_curr)(struct cfs_rq *cfs_rq);
	unsigned long (*wakeup_gran)(struct sched_entity *se);
	int (*wakeup_preempt_entity)(struct sched_entity *curr, struct sched_entity *se);
	struct sched_entity *(*pick_next_entity)(struct cfs_rq *cfs_rq, struct sched_entity *curr);
	void (*clear_buddies)(struct cfs_rq *cfs_rq, struct sched_entity *se);
	void (*set_last_buddy)(struct sched_entity *se);
	void (*set_next_buddy)(struct sched_entity *se);
	void (*set_skip_buddy)(struct sched_entity *se);
	void (*yield_task_fair)(struct rq *rq);
	bool (*yield_to_task_fair)(struct rq *rq, struct task_struct *p, bool preempt);
	/* the patch's helper, NULL in the variants without it */
	void (*deboost_yield_task)(struct sched_entity *next_se, struct sched_entity *yield_se);

	/* kernel/sched/core.c */
	int (*yield_to)(struct task_struct *p, bool preempt);
};

#endif
