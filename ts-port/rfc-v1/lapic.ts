// SPDX-License-Identifier: GPL-2.0-only
// arch/x86/kvm/lapic.c, the KVM tree of April 2021 (v5.12-rc): the ICR write that sends an IPI, as
// c-reference/rfc-base/lapic.c. kvm_irq_delivery_to_apic() is a recorded stub.
import type { kvm_lapic, kvm_lapic_irq, kvm_vcpu } from "../kernel/kvm_host.js";
import {
  new_kvm_lapic_irq,
  kvm_irq_delivery_to_apic,
  APIC_VECTOR_MASK,
  APIC_MODE_MASK,
  APIC_DEST_MASK,
  APIC_INT_ASSERT,
  APIC_INT_LEVELTRIG,
  APIC_SHORT_MASK,
  GET_APIC_DEST_FIELD,
  X2APIC_ENABLE,
} from "../kernel/kvm_host.js";
import { s32, shl_int, u64 } from "../kernel/int.js";
import { kvm_get_vcpu_by_id } from "./kvm_host.js";

// arch/x86/kvm/lapic.h apic_x2apic_mode, rfc-base
export function apic_x2apic_mode(apic: kvm_lapic): number {
  return s32(apic.vcpu.arch.apic_base & X2APIC_ENABLE);
}

// arch/x86/kvm/lapic.c mark_ipi_receiver, rfc-v1. As posted: no check that
// a vCPU with the destination id exists.
export function mark_ipi_receiver(apic: kvm_lapic, irq: kvm_lapic_irq): void {
  let dest_vcpu: kvm_vcpu | null;
  let prev_ipi_received: bigint;

  dest_vcpu = kvm_get_vcpu_by_id(apic.vcpu.kvm, s32(irq.dest_id));
  if (dest_vcpu!.scheduled_out) {
    // sched_outed
    prev_ipi_received = dest_vcpu!.ipi_received;
    dest_vcpu!.ipi_received = prev_ipi_received | u64(BigInt(shl_int(1, apic.vcpu.vcpu_id)));
  }
}

// arch/x86/kvm/lapic.c kvm_apic_send_ipi, rfc-v1
export function kvm_apic_send_ipi(apic: kvm_lapic, icr_low: number, icr_high: number): void {
  const irq = new_kvm_lapic_irq();

  irq.vector = (icr_low & APIC_VECTOR_MASK) >>> 0;
  irq.delivery_mode = icr_low & APIC_MODE_MASK;
  irq.dest_mode = icr_low & APIC_DEST_MASK;
  irq.level = (icr_low & APIC_INT_ASSERT) !== 0;
  irq.trig_mode = icr_low & APIC_INT_LEVELTRIG;
  irq.shorthand = (icr_low & APIC_SHORT_MASK) >>> 0;
  irq.msi_redir_hint = false;
  if (apic_x2apic_mode(apic)) irq.dest_id = icr_high >>> 0;
  else irq.dest_id = GET_APIC_DEST_FIELD(icr_high);

  // trace_kvm_apic_ipi(icr_low, irq.dest_id) is a no-op

  mark_ipi_receiver(apic, irq);

  kvm_irq_delivery_to_apic(apic.vcpu.kvm, apic, irq, null);
}
