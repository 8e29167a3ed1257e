/* SPDX-License-Identifier: GPL-2.0-only */
/* Included first by a variant's cfs_ops.c / kvm_ops.c. Four variants link
 * into one addon, so the kernel's global (non-static) functions get the
 * variant's prefix; static ones need nothing. In kvm files the scheduler's
 * yield_to() is the cross-family dispatcher of ple/world.h. */
#ifndef PLE_VARIANT_H
#define PLE_VARIANT_H

#define PLE_PASTE2(a, b) a##__##b
#define PLE_PASTE(a, b) PLE_PASTE2(a, b)
#define PLE_VSYM(x) PLE_PASTE(PLE_VARIANT_CID, x)

/* cfs family: kernel/sched/{fair,core}.c */
#define yield_to PLE_VSYM(yield_to)

#ifdef PLE_FAMILY_KVM
#undef yield_to
#define yield_to ple_yield_to
/* kvm family: virt/kvm/kvm_main.c, arch/x86/kvm/{lapic,x86}.c, vmx/vmx.c */
#define kvm_vcpu_on_spin PLE_VSYM(kvm_vcpu_on_spin)
#define kvm_vcpu_yield_to PLE_VSYM(kvm_vcpu_yield_to)
#define kvm_apic_send_ipi PLE_VSYM(kvm_apic_send_ipi)
#define kvm_arch_vcpu_in_kernel PLE_VSYM(kvm_arch_vcpu_in_kernel)
#endif

#include "ple/world.h"

#endif
