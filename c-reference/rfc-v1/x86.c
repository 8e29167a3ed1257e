// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/x86/kvm/x86.c, the KVM tree of April 2021 (v5.12-rc):
 * kvm_arch_vcpu_in_kernel(). The guest-entry step of this tree is in
 * vmx.c (vmx_vcpu_run), where the RFC clears ipi_received.
 */
#include "kvm_host.h"

/* arch/x86/kvm/x86.c kvm_arch_vcpu_in_kernel, rfc-base */
bool kvm_arch_vcpu_in_kernel(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.preempted_in_kernel;
}
