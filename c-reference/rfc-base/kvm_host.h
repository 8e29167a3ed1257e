/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The static inline helpers of include/linux/kvm_host.h that the kvm family
 * calls, as in the KVM tree of April 2021 (v5.12-rc) (x86-64: CONFIG_HAVE_KVM_CPU_RELAX_INTERCEPT=y).
 * The structures are the shared superset of c-reference/include/linux/kvm_host.h.
 */
#ifndef PLE_VARIANT_KVM_HOST_H
#define PLE_VARIANT_KVM_HOST_H

#include "linux/kvm_host.h"
#include "ple/kvm_stubs.h"

/* include/linux/kvm_host.h kvm_get_vcpu, rfc-base */
static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	int num_vcpus = atomic_read(&kvm->online_vcpus);
	i = array_index_nospec(i, num_vcpus);

	/* the read of vcpus[] is ordered after online_vcpus (smp_wmb at creation) */
	smp_rmb();
	return kvm->vcpus[i];
}

/* include/linux/kvm_host.h kvm_for_each_vcpu, rfc-base */
#define kvm_for_each_vcpu(idx, vcpup, kvm) \
	for (idx = 0; \
	     idx < atomic_read(&kvm->online_vcpus) && \
	     (vcpup = kvm_get_vcpu(kvm, idx)) != NULL; \
	     idx++)

/* include/linux/kvm_host.h kvm_get_vcpu_by_id, rfc-base */
static inline struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, int id)
{
	struct kvm_vcpu *vcpu = NULL;
	int i;

	if (id < 0)
		return NULL;
	if (id < KVM_MAX_VCPUS)
		vcpu = kvm_get_vcpu(kvm, id);
	if (vcpu && vcpu->vcpu_id == id)
		return vcpu;
	kvm_for_each_vcpu(i, vcpu, kvm)
		if (vcpu->vcpu_id == id)
			return vcpu;
	return NULL;
}

/* include/linux/kvm_host.h kvm_vcpu_set_in_spin_loop, rfc-base */
static inline void kvm_vcpu_set_in_spin_loop(struct kvm_vcpu *vcpu, bool val)
{
	vcpu->spin_loop.in_spin_loop = val;
}

/* include/linux/kvm_host.h kvm_vcpu_set_dy_eligible, rfc-base */
static inline void kvm_vcpu_set_dy_eligible(struct kvm_vcpu *vcpu, bool val)
{
	vcpu->spin_loop.dy_eligible = val;
}

#endif
