// SPDX-License-Identifier: GPL-2.0-only
// arch/x86/kvm/x86.c, Linux 5.6: the guest-entry step of vcpu_enter_guest()
// and kvm_arch_vcpu_in_kernel(), as c-reference/v5.6/x86.c (the rest of
// vcpu_enter_guest is outside the decision and not part of the extract).
import type { kvm_vcpu } from "../kernel/kvm_host.js";

// arch/x86/kvm/x86.c vcpu_enter_guest (the guest-entry step), v5.6
export function vcpu_enter_guest(vcpu: kvm_vcpu): number {
  // trace_kvm_entry(vcpu->vcpu_id) and guest_enter_irqoff() are no-ops
  void vcpu;

  // the extract ends at the entry; the omitted exit handling sets the real result
  return 1;
}

// arch/x86/kvm/x86.c kvm_arch_vcpu_in_kernel, v5.6
export function kvm_arch_vcpu_in_kernel(vcpu: kvm_vcpu): boolean {
  return vcpu.arch.preempted_in_kernel;
}
