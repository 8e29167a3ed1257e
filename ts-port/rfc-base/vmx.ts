// SPDX-License-Identifier: GPL-2.0-only
// arch/x86/kvm/vmx/vmx.c, the KVM tree of April 2021 (v5.12-rc): the part of
// vmx_vcpu_run() up to the guest-entry preparation, as c-reference/rfc-base/vmx.c.
import type { kvm_vcpu } from "../kernel/kvm_host.js";

// arch/x86/include/asm/kvm_host.h enum exit_fastpath_completion
export const EXIT_FASTPATH_NONE = 0;

// arch/x86/kvm/vmx/vmx.c vmx_vcpu_run (up to the guest entry), rfc-base
export function vmx_vcpu_run(vcpu: kvm_vcpu): number {
  const vmx = vcpu.vmx; // to_vmx(vcpu)

  // invalid guest state: stay out of the guest and let emulation run
  if (vmx.emulation_required) return EXIT_FASTPATH_NONE;

  // trace_kvm_entry(vcpu) is a no-op

  // the extract ends before the VM entry; the omitted rest sets the real result
  return EXIT_FASTPATH_NONE;
}
