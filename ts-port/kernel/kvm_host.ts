// SPDX-License-Identifier: GPL-2.0-only
// Shim for the structures of include/linux/kvm_host.h and arch/x86 KVM, member
// for member as c-reference/include/linux/kvm_host.h (one superset for every
// variant). `pid` is the task behind vcpu->pid.
import type { task_struct } from "./sched.js";

export interface kvm_lapic {
  vcpu: kvm_vcpu;
}

export interface kvm_vcpu {
  kvm: kvm;
  vcpu_id: number;
  pid: task_struct | null;
  preempted: boolean;
  ready: boolean;
  scheduled_out: boolean; // the RFC's sched_outed
  ipi_received: bigint;
  spin_loop: { in_spin_loop: boolean; dy_eligible: boolean };
  arch: { preempted_in_kernel: boolean; apic_base: bigint; apic: kvm_lapic };
  wait_active: boolean;
  kvm_arch_dy_runnable: boolean;
  async_pf_done: boolean;
  yield_to_result: number;
  __ple_idx: number;
}

export interface kvm {
  last_boosted_vcpu: number;
  online_vcpus: number;
  vcpus: kvm_vcpu[];
  __ple_idx: number;
}
