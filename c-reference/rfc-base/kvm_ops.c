// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kvm family of variant rfc-base as one translation unit, and its entry
 * points (native/kvm_ops.h). The glue below is harness code, not kernel code:
 * it turns a target's arguments into the kernel functions' own (a vCPU's
 * preempt notifier, its local APIC, an irq with a destination).
 */
#define PLE_FAMILY_KVM
#include "ple/variant.h"
#include "kvm_ops.h"

#include "kvm_main.c"
#include "x86.c"
#include "vmx.c"
#include "lapic.c"

#define PLE_GLUE __attribute__((no_instrument_function))

PLE_GLUE static void ple_kvm_sched_in(struct kvm_vcpu *vcpu, int cpu)
{
	kvm_sched_in(&vcpu->preempt_notifier, cpu);
}

PLE_GLUE static void ple_kvm_sched_out(struct kvm_vcpu *vcpu, struct task_struct *next)
{
	kvm_sched_out(&vcpu->preempt_notifier, next);
}

PLE_GLUE static void ple_guest_entry(struct kvm_vcpu *vcpu)
{
	(void)vmx_vcpu_run(vcpu);
}

PLE_GLUE static void ple_kvm_apic_send_ipi(struct kvm_vcpu *vcpu, u32 icr_low, u32 icr_high)
{
	kvm_apic_send_ipi(vcpu->arch.apic, icr_low, icr_high);
}

const struct ple_kvm_ops PLE_VSYM(kvm_ops) = {
	.variant = PLE_VARIANT_NAME,
	.kvm_vcpu_on_spin = kvm_vcpu_on_spin,
	.kvm_vcpu_eligible_for_directed_yield = kvm_vcpu_eligible_for_directed_yield,
	.vcpu_dy_runnable = vcpu_dy_runnable,
	.kvm_vcpu_yield_to = kvm_vcpu_yield_to,
	.kvm_get_vcpu = kvm_get_vcpu,
	.kvm_get_vcpu_by_id = kvm_get_vcpu_by_id,
	.kvm_arch_vcpu_in_kernel = kvm_arch_vcpu_in_kernel,
	.kvm_sched_in = ple_kvm_sched_in,
	.kvm_sched_out = ple_kvm_sched_out,
	.guest_entry = ple_guest_entry,
	.kvm_apic_send_ipi = ple_kvm_apic_send_ipi,
	.mark_ipi_receiver = NULL,
};
