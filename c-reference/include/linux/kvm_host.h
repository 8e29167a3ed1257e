/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for the structures of include/linux/kvm_host.h and arch/x86 KVM that
 * the ported functions touch. One superset serves every variant: the fields
 * patch 2 adds (scheduled_out / sched_outed, ipi_received) exist in all of
 * them, and the unpatched code never reads them (PROVENANCE.md records it).
 * The static inline helpers of kvm_host.h (kvm_get_vcpu, kvm_get_vcpu_by_id,
 * kvm_for_each_vcpu) are ported per variant, not here. */
#ifndef PLE_LINUX_KVM_HOST_H
#define PLE_LINUX_KVM_HOST_H

#include "linux/types.h"
#include "linux/compiler.h"

struct kvm;
struct kvm_vcpu;
struct task_struct;

/* vcpu->pid: the harness has tasks, not pid objects; get_pid_task() maps back. */
struct pid;

/* Arena bound for kvm->vcpus[]; the version's KVM_MAX_VCPUS is sys.KVM_MAX_VCPUS. */
#define PLE_KVM_VCPUS_ARENA 1024

struct kvm_lapic {
	struct kvm_vcpu *vcpu;
};

/* swait_active(&vcpu->wq) (v5.6) and rcuwait_active(&vcpu->wait) (v5.12)
 * both read the scenario input `wait_active`. */
struct swait_queue_head {
	bool __active;
};
struct rcuwait {
	bool __active;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	struct pid *pid;
	bool preempted;
	bool ready;
	union {
		bool scheduled_out;	/* ple-kvm patch 2 */
		bool sched_outed;	/* RFC patch 2 */
	};
	u64 ipi_received;	/* patch 2 */
	struct {
		bool in_spin_loop;
		bool dy_eligible;
	} spin_loop;
	struct {
		bool preempted_in_kernel;
		u64 apic_base;
		struct kvm_lapic *apic;
	} arch;
	union {
		bool wait_active;
		struct swait_queue_head wq;
		struct rcuwait wait;
	};
	bool kvm_arch_dy_runnable;	/* input: what kvm_arch_dy_runnable() returns */
	bool async_pf_done;	/* input: !list_empty_careful(&vcpu->async_pf.done) */
	int yield_to_result;	/* input: the yield_to() stub's result for this vCPU */
	int __ple_idx;
};

struct kvm {
	int last_boosted_vcpu;
	int online_vcpus;	/* atomic_t in the kernel; read once per call here */
	struct kvm_vcpu *vcpus[PLE_KVM_VCPUS_ARENA];
	int __ple_idx;
};

#endif
