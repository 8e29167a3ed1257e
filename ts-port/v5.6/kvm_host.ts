// SPDX-License-Identifier: GPL-2.0-only
// The static inline helpers of include/linux/kvm_host.h that the kvm family
// calls, as in Linux 5.6 (x86-64: CONFIG_HAVE_KVM_CPU_RELAX_INTERCEPT=y).
// kvm_for_each_vcpu is a macro in C; its loop is written out at each use.
import type { kvm, kvm_vcpu } from "../kernel/kvm_host.js";
import { atomic_read, array_index_nospec } from "../kernel/kvm_host.js";
import { KVM_MAX_VCPUS } from "../kernel/world.js";
import { add_int } from "../kernel/int.js";

// include/linux/kvm_host.h kvm_get_vcpu, v5.6
export function kvm_get_vcpu(kvm: kvm, i: number): kvm_vcpu | null {
  const num_vcpus = atomic_read(kvm.online_vcpus);
  i = array_index_nospec(i, num_vcpus);

  // the read of vcpus[] is ordered after online_vcpus (smp_wmb at creation)
  return kvm.vcpus[i] ?? null;
}

// include/linux/kvm_host.h kvm_get_vcpu_by_id, v5.6
export function kvm_get_vcpu_by_id(kvm: kvm, id: number): kvm_vcpu | null {
  let vcpu: kvm_vcpu | null = null;
  let i: number;

  if (id < 0) return null;
  if (id < KVM_MAX_VCPUS()) vcpu = kvm_get_vcpu(kvm, id);
  if (vcpu && vcpu.vcpu_id === id) return vcpu;
  for (i = 0; i < atomic_read(kvm.online_vcpus) && (vcpu = kvm_get_vcpu(kvm, i)) !== null; i = add_int(i, 1))
    if (vcpu.vcpu_id === id) return vcpu;
  return null;
}

// include/linux/kvm_host.h kvm_vcpu_set_in_spin_loop, v5.6
export function kvm_vcpu_set_in_spin_loop(vcpu: kvm_vcpu, val: boolean): void {
  vcpu.spin_loop.in_spin_loop = val;
}

// include/linux/kvm_host.h kvm_vcpu_set_dy_eligible, v5.6
export function kvm_vcpu_set_dy_eligible(vcpu: kvm_vcpu, val: boolean): void {
  vcpu.spin_loop.dy_eligible = val;
}
