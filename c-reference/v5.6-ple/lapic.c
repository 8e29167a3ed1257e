// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/x86/kvm/lapic.c, Linux 5.6: the ICR write that sends an IPI.
 * kvm_irq_delivery_to_apic() is a recorded stub (ple/kvm_stubs.h).
 */
#include "kvm_host.h"

/* arch/x86/kvm/lapic.h apic_x2apic_mode, v5.6 */
static inline int apic_x2apic_mode(struct kvm_lapic *apic)
{
	return apic->vcpu->arch.apic_base & X2APIC_ENABLE;
}

/*
 * arch/x86/kvm/lapic.c mark_ipi_receiver, v5.6-ple. Deviation: the published
 * patch reads `irq.dest_id` through the pointer `irq`, which does not
 * compile; this reads irq->dest_id (PROVENANCE.md).
 */
static void mark_ipi_receiver(struct kvm_lapic *apic, struct kvm_lapic_irq *irq)
{
	struct kvm_vcpu *dest_vcpu;
	u64 prev_ipi_received;

	dest_vcpu = kvm_get_vcpu_by_id(apic->vcpu->kvm, irq->dest_id);
	if (!dest_vcpu)
		return;

	if (READ_ONCE(dest_vcpu->scheduled_out)) {
		prev_ipi_received = READ_ONCE(dest_vcpu->ipi_received);
		WRITE_ONCE(dest_vcpu->ipi_received, prev_ipi_received | (1ull << apic->vcpu->vcpu_id));
	}
}

/* arch/x86/kvm/lapic.c apic_send_ipi, v5.6-ple */
static void apic_send_ipi(struct kvm_lapic *apic, u32 icr_low, u32 icr_high)
{
	struct kvm_lapic_irq irq;

	irq.vector = icr_low & APIC_VECTOR_MASK;
	irq.delivery_mode = icr_low & APIC_MODE_MASK;
	irq.dest_mode = icr_low & APIC_DEST_MASK;
	irq.level = (icr_low & APIC_INT_ASSERT) != 0;
	irq.trig_mode = icr_low & APIC_INT_LEVELTRIG;
	irq.shorthand = icr_low & APIC_SHORT_MASK;
	irq.msi_redir_hint = false;
	if (apic_x2apic_mode(apic))
		irq.dest_id = icr_high;
	else
		irq.dest_id = GET_APIC_DEST_FIELD(icr_high);

	trace_kvm_apic_ipi(icr_low, irq.dest_id);

	mark_ipi_receiver(apic, &irq);

	kvm_irq_delivery_to_apic(apic->vcpu->kvm, apic, &irq, NULL);
}
