/* SPDX-License-Identifier: GPL-2.0-only */
/* Externals the kvm family calls whose work is outside the decision: each
 * records its call, with its arguments, in the outcome's trace and changes
 * no scenario state. Named after the kernel symbols they replace
 * (arch/x86/kvm/x86.c kvm_arch_sched_in / kvm_arch_vcpu_load /
 * kvm_arch_vcpu_put, arch/x86/kvm/irq_comm.c kvm_irq_delivery_to_apic).
 * Shims are not instrumented: a fault in one is reported in its caller. */
#ifndef PLE_KVM_STUBS_H
#define PLE_KVM_STUBS_H

#include "ple/world.h"

static inline void kvm_arch_sched_in(struct kvm_vcpu *vcpu, int cpu)
{
	PLE_TRACE(kvm_arch_sched_in, PLE_IDX(vcpu), (u64)(s64)cpu);
}

static inline void kvm_arch_vcpu_load(struct kvm_vcpu *vcpu, int cpu)
{
	PLE_TRACE(kvm_arch_vcpu_load, PLE_IDX(vcpu), (u64)(s64)cpu);
}

static inline void kvm_arch_vcpu_put(struct kvm_vcpu *vcpu)
{
	PLE_TRACE(kvm_arch_vcpu_put, PLE_IDX(vcpu));
}

/* Every member of the irq but msi_redir_hint, which this path always clears. */
static inline int kvm_irq_delivery_to_apic(struct kvm *kvm, struct kvm_lapic *src,
					   struct kvm_lapic_irq *irq, struct dest_map *dest_map)
{
	(void)kvm;
	(void)dest_map;
	PLE_TRACE(kvm_irq_delivery_to_apic, PLE_IDX(src->vcpu), (u64)irq->vector,
		  (u64)irq->delivery_mode, (u64)irq->dest_mode, (u64)irq->level,
		  (u64)irq->trig_mode, (u64)irq->shorthand, (u64)irq->dest_id);
	return 0;
}

#endif
