/* SPDX-License-Identifier: GPL-2.0-only */
/* Shim for the structures of include/linux/kvm_host.h and arch/x86 KVM that
 * the ported functions touch. One superset serves every variant: the fields
 * patch 2 adds (scheduled_out / sched_outed, ipi_received) exist in all of
 * them, and the unpatched code never reads them (PROVENANCE.md records it).
 * The static inline helpers of kvm_host.h (kvm_get_vcpu, kvm_get_vcpu_by_id,
 * kvm_for_each_vcpu, kvm_vcpu_set_in_spin_loop, kvm_vcpu_set_dy_eligible) are
 * ported per variant, not here.
 *
 * Everything below that is a function is a stub of an external the decision
 * does not compute: it either reads a scenario input named after the kernel
 * symbol, or records the call in the outcome's trace (PLE_TRACE). Shims are
 * not instrumented, so a fault inside one is reported in its caller. */
#ifndef PLE_LINUX_KVM_HOST_H
#define PLE_LINUX_KVM_HOST_H

#include "linux/types.h"
#include "linux/compiler.h"

struct kvm;
struct kvm_vcpu;
struct task_struct;

/*
 * vcpu->pid: the harness has tasks, not pid objects. The member holds the
 * task_struct pointer of the vCPU thread (or NULL); get_pid_task() maps it
 * back. struct pid is never defined.
 */
struct pid;
enum pid_type { PIDTYPE_PID };

/* Arena bound for kvm->vcpus[]; the version's KVM_MAX_VCPUS is sys.KVM_MAX_VCPUS. */
#define PLE_KVM_VCPUS_ARENA 1024

/* atomic_t in the kernel; single-threaded here, so an int read once per use. */
#define atomic_read(v) READ_ONCE(*(v))

struct kvm_lapic {
	struct kvm_vcpu *vcpu;
};

/* swait_active(&vcpu->wq) (v5.6) and rcuwait_active(&vcpu->wait) (v5.12)
 * both read the scenario input `wait_active`. */
struct swait_queue_head {
	bool __active;
};
struct rcuwait {
	bool __active;
};
#define swait_active(q) ((q)->__active)
#define rcuwait_active(w) ((w)->__active)

/* vcpu->async_pf.done: !list_empty_careful() is the input `async_pf_done`. */
struct ple_async_pf_list {
	bool __nonempty;
};
#define list_empty_careful(head) (!(head)->__nonempty)

/* The vCPU's preempt notifier (linux/preempt.h), embedded as in the kernel. */
struct preempt_notifier {
	int __unused;
};

/* struct vcpu_vmx (arch/x86/kvm/vmx/vmx.h), reduced to what vmx_vcpu_run's
 * guest-entry step reads. In the kernel it embeds the kvm_vcpu; here the
 * vCPU embeds it and to_vmx() returns it. */
struct vcpu_vmx {
	bool emulation_required;
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct preempt_notifier preempt_notifier;
	int vcpu_id;
	struct pid *pid;
	bool preempted;
	bool ready;
	union {
		bool scheduled_out;	/* ple-kvm patch 2 */
		bool sched_outed;	/* RFC patch 2 */
	};
	u64 ipi_received;	/* patch 2 */
	struct {
		bool in_spin_loop;
		bool dy_eligible;
	} spin_loop;
	struct {
		bool preempted_in_kernel;
		u64 apic_base;
		struct kvm_lapic *apic;
	} arch;
	union {
		bool wait_active;
		struct swait_queue_head wq;
		struct rcuwait wait;
	};
	bool kvm_arch_dy_runnable;	/* input: what kvm_arch_dy_runnable() returns */
	union {
		bool async_pf_done;	/* input: !list_empty_careful(&vcpu->async_pf.done) */
		struct {
			struct ple_async_pf_list done;
		} async_pf;
	};
	struct vcpu_vmx vmx;
	int yield_to_result;	/* input: the yield_to() stub's result for this vCPU */
	int __ple_idx;
};

struct kvm {
	int last_boosted_vcpu;
	int online_vcpus;	/* atomic_t in the kernel */
	struct kvm_vcpu *vcpus[PLE_KVM_VCPUS_ARENA];
	int __ple_idx;
};

#define to_vmx(vcpu) (&(vcpu)->vmx)

/* arch/x86/include/asm/kvm_host.h struct kvm_lapic_irq, member for member */
struct kvm_lapic_irq {
	u32 vector;
	u16 delivery_mode;
	u16 dest_mode;
	bool level;
	u16 trig_mode;
	u32 shorthand;
	u32 dest_id;
	bool msi_redir_hint;
};

struct dest_map;

/* arch/x86/include/asm/apicdef.h and msr-index.h */
#define APIC_VECTOR_MASK 0x000FF
#define APIC_MODE_MASK 0x700
#define APIC_DEST_MASK 0x800
#define APIC_INT_ASSERT 0x04000
#define APIC_INT_LEVELTRIG 0x08000
#define APIC_SHORT_MASK 0xC0000
#define GET_APIC_DEST_FIELD(x) (((x) >> 24) & 0xFF)
#define X2APIC_ENABLE (1UL << 10)

/* RCU and reference counting are outside the decision. */
#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
#define rcu_dereference(p) READ_ONCE(p)
#define put_task_struct(t) do { (void)(t); } while (0)

static inline struct task_struct *get_pid_task(struct pid *pid, enum pid_type type)
{
	(void)type;
	return (struct task_struct *)(void *)pid;
}

/* Tracepoints are no-ops. */
#define trace_kvm_entry(...) do { } while (0)
#define trace_kvm_apic_ipi(...) do { } while (0)
#define guest_enter_irqoff() do { } while (0)

/* kvm_main.c's per-cpu variable kvm_running_vcpu is this_rq()->kvm_running_vcpu. */
#define __this_cpu_write(var, val) (this_rq()->var = (val))

/* kvm_main.c preempt_notifier_to_vcpu */
#define preempt_notifier_to_vcpu(pn) container_of(pn, struct kvm_vcpu, preempt_notifier)

/* Architecture fact read by vcpu_dy_runnable(): a scenario input. */
static inline bool kvm_arch_dy_runnable(struct kvm_vcpu *vcpu)
{
	return vcpu->kvm_arch_dy_runnable;
}

/* The externals recorded in the trace are in ple/kvm_stubs.h (they need the
 * world's recorder). */

#endif
