// SPDX-License-Identifier: GPL-2.0-only
/*
 * Single-call targets of the kvm family: each reads its arguments from
 * w->call, calls the scenario's kvm variant through its ops table and sets
 * w->ret (pointers as record index or -1, bools 0/1). Mirrored by
 * harness/targets/kvm.ts. In kvm_vcpu_on_spin the chain stops at yield_to():
 * its result is the input yield_to_result of the vCPU whose task it is.
 */
#include "target.h"

#define PLE_GLUE __attribute__((no_instrument_function))

PLE_GLUE static void t_kvm_vcpu_on_spin(struct ple_world *w, const struct ple_cfs_ops *cfs,
					const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	w->stub_yield_to = true;
	kvm->kvm_vcpu_on_spin(w->call.me, w->call.yield_to_kernel_mode);
	w->ret = 0;
}

PLE_GLUE static void t_kvm_vcpu_eligible_for_directed_yield(struct ple_world *w,
							     const struct ple_cfs_ops *cfs,
							     const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	w->ret = kvm->kvm_vcpu_eligible_for_directed_yield(w->call.vcpu);
}

PLE_GLUE static void t_vcpu_dy_runnable(struct ple_world *w, const struct ple_cfs_ops *cfs,
					const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	w->ret = kvm->vcpu_dy_runnable(w->call.vcpu);
}

PLE_GLUE static void t_kvm_get_vcpu_by_id(struct ple_world *w, const struct ple_cfs_ops *cfs,
					  const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	w->ret = (s64)PLE_IDX(kvm->kvm_get_vcpu_by_id(w->call.kvm, w->call.id));
}

PLE_GLUE static void t_kvm_sched_in(struct ple_world *w, const struct ple_cfs_ops *cfs,
				    const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	kvm->kvm_sched_in(w->call.vcpu, w->call.cpu);
	w->ret = 0;
}

PLE_GLUE static void t_kvm_sched_out(struct ple_world *w, const struct ple_cfs_ops *cfs,
				     const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	kvm->kvm_sched_out(w->call.vcpu, w->call.next);
	w->ret = 0;
}

PLE_GLUE static void t_guest_entry(struct ple_world *w, const struct ple_cfs_ops *cfs,
				   const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	kvm->guest_entry(w->call.vcpu);
	w->ret = 0;
}

PLE_GLUE static void t_kvm_apic_send_ipi(struct ple_world *w, const struct ple_cfs_ops *cfs,
					 const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	kvm->kvm_apic_send_ipi(w->call.vcpu, w->call.icr_low, w->call.icr_high);
	w->ret = 0;
}

/* The variants before patch 2 have no mark_ipi_receiver: ret -1, no effect. */
PLE_GLUE static void t_mark_ipi_receiver(struct ple_world *w, const struct ple_cfs_ops *cfs,
					 const struct ple_kvm_ops *kvm)
{
	(void)cfs;
	if (!kvm->mark_ipi_receiver) {
		w->ret = -1;
		return;
	}
	kvm->mark_ipi_receiver(w->call.vcpu, (u32)w->call.id);
	w->ret = 0;
}

const struct ple_target ple_kvm_targets[] = {
	{ "kvm_vcpu_on_spin", t_kvm_vcpu_on_spin },
	{ "kvm_vcpu_eligible_for_directed_yield", t_kvm_vcpu_eligible_for_directed_yield },
	{ "vcpu_dy_runnable", t_vcpu_dy_runnable },
	{ "kvm_get_vcpu_by_id", t_kvm_get_vcpu_by_id },
	{ "kvm_sched_in", t_kvm_sched_in },
	{ "kvm_sched_out", t_kvm_sched_out },
	{ "guest_entry", t_guest_entry },
	{ "kvm_apic_send_ipi", t_kvm_apic_send_ipi },
	{ "mark_ipi_receiver", t_mark_ipi_receiver },
};
const int ple_nr_kvm_targets = sizeof(ple_kvm_targets) / sizeof(ple_kvm_targets[0]);
