/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for include/linux/sched.h and kernel/sched/sched.h: the members the
 * ported functions touch, with the kernel's names and types (x86-64, SMP,
 * CONFIG_FAIR_GROUP_SCHED=y, CONFIG_CFS_BANDWIDTH=y, no schedstats).
 * `__ple_idx` is harness bookkeeping: the record index a pointer encodes to. */
#ifndef PLE_LINUX_SCHED_H
#define PLE_LINUX_SCHED_H

#include "linux/types.h"
#include "linux/compiler.h"
#include "linux/rbtree.h"

struct rq;
struct cfs_rq;
struct task_struct;
struct kvm_vcpu;

#define TASK_RUNNING 0x0000

#define SCHED_NORMAL 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_DEADLINE 6

struct load_weight {
	unsigned long weight;
	u32 inv_weight;
};

struct sched_entity {
	struct load_weight load;
	struct rb_node run_node;
	unsigned int on_rq;
	u64 exec_start;
	u64 sum_exec_runtime;
	u64 vruntime;
	u64 prev_sum_exec_runtime;
	int depth;
	struct sched_entity *parent;
	struct cfs_rq *cfs_rq;	/* rq on which this entity is (to be) queued */
	struct cfs_rq *my_q;	/* rq "owned" by this entity/group */
	int __ple_idx;
};

/*
 * The scheduling class, reduced to the hooks yield_to() consults. Patch-era
 * kernels differ in the yield_to_task signature (v5.6 passes `preempt`); a
 * variant's ops.c defines PLE_YIELD_TO_TASK_PREEMPT when its kernel does.
 * `__ple_id` is the class number a scenario names (SCHED_CLASS_*).
 */
#define SCHED_CLASS_FAIR 0
#define SCHED_CLASS_RT 1
#define SCHED_CLASS_DL 2
#define SCHED_CLASS_IDLE 3
#define SCHED_CLASS_STOP 4
#define SCHED_CLASS_NR 5

struct sched_class {
	int __ple_id;
	void (*yield_task)(struct rq *rq);
#ifdef PLE_YIELD_TO_TASK_PREEMPT
	bool (*yield_to_task)(struct rq *rq, struct task_struct *p, bool preempt);
#else
	bool (*yield_to_task)(struct rq *rq, struct task_struct *p);
#endif
};

struct task_struct {
	volatile long state;
	int on_cpu;
	unsigned int cpu;	/* thread_info.cpu on x86-64 */
	unsigned int policy;
	const struct sched_class *sched_class;
	struct sched_entity se;
	int __ple_idx;
};

struct cfs_rq {
	struct load_weight load;
	unsigned int nr_running;
	u64 min_vruntime;
	struct rb_root_cached tasks_timeline;
	struct sched_entity *curr;
	struct sched_entity *next;
	struct sched_entity *last;
	struct sched_entity *skip;
	struct rq *rq;	/* CPU runqueue to which this cfs_rq is attached */
	int runtime_enabled;
	int throttled;
	int throttle_count;
	int __ple_idx;
};

struct rq {
	unsigned int nr_running;
	u64 clock_task;
	unsigned int clock_update_flags;
	struct task_struct *curr;
	struct cfs_rq cfs;
	struct kvm_vcpu *kvm_running_vcpu;	/* kvm_main.c's per-cpu variable */
	int __ple_idx;
};

#define RQCF_REQ_SKIP 0x01
#define RQCF_ACT_SKIP 0x02
#define RQCF_UPDATED 0x04

#endif
