/* SPDX-License-Identifier: GPL-2.0-only */
/* The harness side of the C reference: the arena a scenario is decoded into,
 * the thread's current world (what the kernel's globals and per-cpu variables
 * resolve to), and the recorders for stubbed calls. Not kernel code. */
#ifndef PLE_WORLD_H
#define PLE_WORLD_H

#include "linux/types.h"
#include "linux/sched.h"
#include "linux/kvm_host.h"
#include "../../../native/gen/layout.h"

struct ple_world {
	u64 target;
	int cfs_variant;
	int kvm_variant;
	int nr_sys, nr_call;	/* singletons: always 1 */
	int nr_kvm, nr_rq, nr_cfs_rq, nr_se, nr_task, nr_vcpu;
	struct ple_sys sys;
	struct ple_call call;
	struct kvm kvm[16];
	struct rq rq[64];
	struct task_struct task[512];
	struct kvm_vcpu vcpu[PLE_KVM_VCPUS_ARENA];
	struct kvm_lapic lapic[PLE_KVM_VCPUS_ARENA];
	/* cfs_rq and se records may live embedded in rq / task: index -> storage */
	struct cfs_rq cfs_rq_store[256];
	struct sched_entity se_store[512];
	struct cfs_rq *cfs_rq_ptr[256];
	struct sched_entity *se_ptr[512];
	/* outcome */
	s64 ret;
	u32 nr_trace;
	u64 trace[PLE_TRACE_MAX][1 + PLE_TRACE_ARGS];
	u32 nr_fault;
	u64 fault[PLE_FAULT_MAX][PLE_FAULT_WORDS];
	/* single-call kvm targets stop the chain at yield_to() (see ple_yield_to) */
	bool stub_yield_to;
};

extern __thread struct ple_world *ple_w;

/* Record a call into a stubbed external: kind, then up to PLE_TRACE_ARGS args. */
void ple_trace(enum ple_trace_kind kind, int nargs, const u64 *args);
#define PLE_TRACE(kind, ...) do { \
	const u64 __a[] = { 0, ##__VA_ARGS__ }; \
	ple_trace(PLE_TRACE_##kind, (int)(sizeof(__a) / sizeof(__a[0])) - 1, __a + 1); \
} while (0)

/* Index a record pointer encodes to (NIL for NULL). */
#define PLE_IDX(p) ((p) ? (u64)(s64)(p)->__ple_idx : ~0ULL)

/* kernel/sched/sched.h accessors, resolved against the current world */
#define cpu_rq(cpu) (&ple_w->rq[(cpu)])
#define this_rq() (ple_w->call.this_rq)
#define current (this_rq()->curr)
#define task_cpu(p) ((p)->cpu)
#define task_rq(p) cpu_rq(task_cpu(p))
#define sysctl_sched_wakeup_granularity (ple_w->sys.sysctl_sched_wakeup_granularity)
#define KVM_MAX_VCPUS (ple_w->sys.KVM_MAX_VCPUS)

/*
 * Cross-family call: kvm_vcpu_yield_to() calls the scheduler's yield_to().
 * kvm variants call this dispatcher, which runs the scenario's cfs variant,
 * or, in single-call kvm targets, returns the vCPU task's stub result.
 */
int ple_yield_to(struct task_struct *p, bool preempt);

#endif
