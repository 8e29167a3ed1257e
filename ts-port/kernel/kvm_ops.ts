// SPDX-License-Identifier: GPL-2.0-only
// The entry points of one kvm-family variant (ts-port/<v>/kvm_ops.ts), member
// for member as native/kvm_ops.h. null where the variant's kernel has no such
// function (mark_ipi_receiver before patch 2).
import type { kvm, kvm_vcpu } from "./kvm_host.js";
import type { task_struct } from "./sched.js";

export interface KvmOps {
  variant: string;
  kvm_vcpu_on_spin(me: kvm_vcpu, yield_to_kernel_mode: boolean): void;
  kvm_vcpu_eligible_for_directed_yield(vcpu: kvm_vcpu): boolean;
  vcpu_dy_runnable(vcpu: kvm_vcpu): boolean;
  kvm_vcpu_yield_to(target: kvm_vcpu): number;
  kvm_get_vcpu(kvm: kvm, i: number): kvm_vcpu | null;
  kvm_get_vcpu_by_id(kvm: kvm, id: number): kvm_vcpu | null;
  kvm_arch_vcpu_in_kernel(vcpu: kvm_vcpu): boolean;
  /** the preempt notifiers, called with the vCPU whose notifier fires */
  kvm_sched_in(vcpu: kvm_vcpu, cpu: number): void;
  kvm_sched_out(vcpu: kvm_vcpu, next: task_struct | null): void;
  /** vcpu_enter_guest (v5.6) / vmx_vcpu_run (v5.12): the guest-entry step */
  guest_entry(vcpu: kvm_vcpu): void;
  /** an ICR write by vcpu: apic_send_ipi (v5.6) / kvm_apic_send_ipi (v5.12) */
  kvm_apic_send_ipi(vcpu: kvm_vcpu, icr_low: number, icr_high: number): void;
  /** mark_ipi_receiver(vcpu's apic, irq with this dest_id (u32)); null before patch 2 */
  mark_ipi_receiver: ((vcpu: kvm_vcpu, dest_id: number) => void) | null;
}
