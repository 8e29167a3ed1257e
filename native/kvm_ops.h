/* SPDX-License-Identifier: GPL-2.0-only */
/* The entry points of one kvm-family variant (c-reference/<v>/kvm_ops.c),
 * one per ported function or target. A member is NULL where the variant's
 * kernel has no such function (mark_ipi_receiver before patch 2). */
#ifndef PLE_KVM_OPS_H
#define PLE_KVM_OPS_H

#include "linux/types.h"

struct kvm;
struct kvm_vcpu;
struct task_struct;

struct ple_kvm_ops {
	const char *variant;
	void (*kvm_vcpu_on_spin)(struct kvm_vcpu *me, bool yield_to_kernel_mode);
	bool (*kvm_vcpu_eligible_for_directed_yield)(struct kvm_vcpu *vcpu);
	bool (*vcpu_dy_runnable)(struct kvm_vcpu *vcpu);
	int (*kvm_vcpu_yield_to)(struct kvm_vcpu *target);
	struct kvm_vcpu *(*kvm_get_vcpu)(struct kvm *kvm, int i);
	struct kvm_vcpu *(*kvm_get_vcpu_by_id)(struct kvm *kvm, int id);
	bool (*kvm_arch_vcpu_in_kernel)(struct kvm_vcpu *vcpu);
	/* the preempt notifiers, called with the vCPU whose notifier fires */
	void (*kvm_sched_in)(struct kvm_vcpu *vcpu, int cpu);
	void (*kvm_sched_out)(struct kvm_vcpu *vcpu, struct task_struct *next);
	/* vcpu_enter_guest (v5.6) / vmx_vcpu_run (v5.12): the guest-entry step */
	void (*guest_entry)(struct kvm_vcpu *vcpu);
	/* an ICR write by vcpu: apic_send_ipi (v5.6) / kvm_apic_send_ipi (v5.12) */
	void (*kvm_apic_send_ipi)(struct kvm_vcpu *vcpu, u32 icr_low, u32 icr_high);
	/* mark_ipi_receiver(vcpu's apic, irq with this dest_id); NULL before patch 2 */
	void (*mark_ipi_receiver)(struct kvm_vcpu *vcpu, u32 dest_id);
};

#endif
