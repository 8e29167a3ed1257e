// SPDX-License-Identifier: GPL-2.0-only
// The kvm family of variant rfc-v1 and its entry points (ts-port/kernel/kvm_ops.ts),
// as c-reference/rfc-v1/kvm_ops.c. The glue turns a target's arguments into the
// kernel functions' own; it is harness code, not kernel code.
import type { KvmOps } from "../kernel/kvm_ops.js";
import { preempt_notifier_of, new_kvm_lapic_irq } from "../kernel/kvm_host.js";
import {
  kvm_vcpu_on_spin,
  kvm_vcpu_eligible_for_directed_yield,
  vcpu_dy_runnable,
  kvm_vcpu_yield_to,
  kvm_sched_in,
  kvm_sched_out,
} from "./kvm_main.js";
import { kvm_get_vcpu, kvm_get_vcpu_by_id } from "./kvm_host.js";
import { kvm_arch_vcpu_in_kernel } from "./x86.js";
import { vmx_vcpu_run } from "./vmx.js";
import { kvm_apic_send_ipi, mark_ipi_receiver } from "./lapic.js";

export const kvm: KvmOps = {
  variant: "rfc-v1",
  kvm_vcpu_on_spin,
  kvm_vcpu_eligible_for_directed_yield,
  vcpu_dy_runnable,
  kvm_vcpu_yield_to,
  kvm_get_vcpu,
  kvm_get_vcpu_by_id,
  kvm_arch_vcpu_in_kernel,
  kvm_sched_in: (vcpu, cpu) => kvm_sched_in(preempt_notifier_of(vcpu), cpu),
  kvm_sched_out: (vcpu, next) => kvm_sched_out(preempt_notifier_of(vcpu), next),
  guest_entry: (vcpu) => void vmx_vcpu_run(vcpu),
  kvm_apic_send_ipi: (vcpu, icr_low, icr_high) => kvm_apic_send_ipi(vcpu.arch.apic, icr_low, icr_high),
  mark_ipi_receiver: (vcpu, dest_id) => mark_ipi_receiver(vcpu.arch.apic, { ...new_kvm_lapic_irq(), dest_id }),
};
