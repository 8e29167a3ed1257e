// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/x86/kvm/vmx/vmx.c, the KVM tree of April 2021 (v5.12-rc): the part of
 * vmx_vcpu_run() up to the guest-entry preparation. The soft-vNMI timestamp
 * (enable_vnmi is on by default), the PLE window write-back and everything
 * from the register and MSR switch on are outside the decision and not part
 * of the extract.
 */
#include "kvm_host.h"

/* arch/x86/include/asm/kvm_host.h enum exit_fastpath_completion */
typedef enum exit_fastpath_completion {
	EXIT_FASTPATH_NONE,
	EXIT_FASTPATH_REENTER_GUEST,
	EXIT_FASTPATH_EXIT_HANDLED,
} fastpath_t;

/* arch/x86/kvm/vmx/vmx.c vmx_vcpu_run (up to the guest entry), rfc-base */
static fastpath_t vmx_vcpu_run(struct kvm_vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);

	/* invalid guest state: stay out of the guest and let emulation run */
	if (vmx->emulation_required)
		return EXIT_FASTPATH_NONE;

	trace_kvm_entry(vcpu);

	/* the extract ends before the VM entry; the omitted rest sets the real result */
	return EXIT_FASTPATH_NONE;
}
