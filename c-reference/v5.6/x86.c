// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/x86/kvm/x86.c, Linux 5.6: the guest-entry step of vcpu_enter_guest()
 * and kvm_arch_vcpu_in_kernel(). Everything vcpu_enter_guest() does before
 * and after the entry (requests, event injection, FPU and debug state, the
 * VM run, exit handling) is outside the decision and not part of the extract.
 */
#include "kvm_host.h"

/* arch/x86/kvm/x86.c vcpu_enter_guest (the guest-entry step), v5.6 */
static int vcpu_enter_guest(struct kvm_vcpu *vcpu)
{
	trace_kvm_entry(vcpu->vcpu_id);
	guest_enter_irqoff();

	/* the extract ends at the entry; the omitted exit handling sets the real result */
	return 1;
}

/* arch/x86/kvm/x86.c kvm_arch_vcpu_in_kernel, v5.6 */
bool kvm_arch_vcpu_in_kernel(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.preempted_in_kernel;
}
