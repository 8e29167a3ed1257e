// SPDX-License-Identifier: GPL-2.0-only
// arch/x86/kvm/lapic.c, Linux 5.6: the ICR write that sends an IPI, as
// c-reference/v5.6/lapic.c. kvm_irq_delivery_to_apic() is a recorded stub.
import type { kvm_lapic } from "../kernel/kvm_host.js";
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
import { s32 } from "../kernel/int.js";

// arch/x86/kvm/lapic.h apic_x2apic_mode, v5.6
export function apic_x2apic_mode(apic: kvm_lapic): number {
  return s32(apic.vcpu.arch.apic_base & X2APIC_ENABLE);
}

// arch/x86/kvm/lapic.c apic_send_ipi, v5.6
export function apic_send_ipi(apic: kvm_lapic, icr_low: number, icr_high: number): void {
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

  kvm_irq_delivery_to_apic(apic.vcpu.kvm, apic, irq, null);
}
