// SPDX-License-Identifier: GPL-2.0-only
// arch/x86/kvm/x86.c, the KVM tree of April 2021 (v5.12-rc):
// kvm_arch_vcpu_in_kernel(), as c-reference/rfc-base/x86.c. The guest-entry
// step of this tree is in vmx.ts (vmx_vcpu_run).
import type { kvm_vcpu } from "../kernel/kvm_host.js";

// arch/x86/kvm/x86.c kvm_arch_vcpu_in_kernel, rfc-base
export function kvm_arch_vcpu_in_kernel(vcpu: kvm_vcpu): boolean {
  return vcpu.arch.preempted_in_kernel;
}
