// SPDX-License-Identifier: GPL-2.0-only
// Shim for the structures of include/linux/kvm_host.h and arch/x86 KVM, member
// for member as c-reference/include/linux/kvm_host.h (one superset for every
// variant). `pid` is the task behind vcpu->pid. The functions below stand for
// the externals of c-reference/include/linux/kvm_host.h and ple/kvm_stubs.h:
// scenario inputs named after the kernel symbol, or calls recorded in the
// trace. Shim frames are skipped when a fault names its function.
import type { task_struct } from "./sched.js";
import { ple_trace, PLE_IDX, this_rq } from "./world.js";

export interface kvm_lapic {
  vcpu: kvm_vcpu;
}

/** struct vcpu_vmx, reduced to what vmx_vcpu_run's guest-entry step reads (to_vmx(vcpu) is vcpu.vmx). */
export interface vcpu_vmx {
  emulation_required: boolean;
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
  vmx: vcpu_vmx;
  yield_to_result: number;
  __ple_idx: number;
}

export interface kvm {
  last_boosted_vcpu: number;
  online_vcpus: number; // atomic_t in the kernel
  vcpus: kvm_vcpu[];
  __ple_idx: number;
}

/** arch/x86/include/asm/kvm_host.h struct kvm_lapic_irq (u32/u16 members as numbers) */
export interface kvm_lapic_irq {
  vector: number;
  delivery_mode: number;
  dest_mode: number;
  level: boolean;
  trig_mode: number;
  shorthand: number;
  dest_id: number;
  msi_redir_hint: boolean;
}

/** A struct kvm_lapic_irq on the stack: members uninitialised until written (C reads none before). */
export const new_kvm_lapic_irq = (): kvm_lapic_irq => ({
  vector: 0,
  delivery_mode: 0,
  dest_mode: 0,
  level: false,
  trig_mode: 0,
  shorthand: 0,
  dest_id: 0,
  msi_redir_hint: false,
});

/** The vCPU's preempt notifier; preempt_notifier_to_vcpu() is container_of. */
export interface preempt_notifier {
  __vcpu: kvm_vcpu | null;
}
export const preempt_notifier_of = (vcpu: kvm_vcpu | null): preempt_notifier => ({ __vcpu: vcpu });
export const preempt_notifier_to_vcpu = (pn: preempt_notifier): kvm_vcpu => pn.__vcpu!;

// arch/x86/include/asm/apicdef.h and msr-index.h
export const APIC_VECTOR_MASK = 0x000ff;
export const APIC_MODE_MASK = 0x700;
export const APIC_DEST_MASK = 0x800;
export const APIC_INT_ASSERT = 0x04000;
export const APIC_INT_LEVELTRIG = 0x08000;
export const APIC_SHORT_MASK = 0xc0000;
/** (x >> 24) & 0xFF on a u32 */
export const GET_APIC_DEST_FIELD = (x: number): number => (x >>> 24) & 0xff;
export const X2APIC_ENABLE = 1n << 10n; // 1UL << 10

export const PIDTYPE_PID = 0;

/** include/linux/nospec.h array_index_nospec, as the C shim of compiler.h computes it */
export const array_index_nospec = (index: number, size: number): number => (index < size ? index : 0);

/** atomic_read(&kvm->online_vcpus) */
export const atomic_read = (v: number): number => v;
/** swait_active(&vcpu->wq) / rcuwait_active(&vcpu->wait): the input `wait_active` */
export const swait_active = (wait_active: boolean): boolean => wait_active;
export const rcuwait_active = (wait_active: boolean): boolean => wait_active;
/** list_empty_careful(&vcpu->async_pf.done), given the input `async_pf_done` (the list is not empty) */
export const list_empty_careful = (async_pf_done: boolean): boolean => !async_pf_done;

// RCU and reference counting are outside the decision.
export function rcu_read_lock(): void {}
export function rcu_read_unlock(): void {}
export const rcu_dereference = <T>(p: T): T => p;
export function put_task_struct(_t: task_struct): void {}
export const get_pid_task = (pid: task_struct, _type: number): task_struct | null => pid;

/** __this_cpu_write(kvm_running_vcpu, val): the per-cpu variable is this_rq()->kvm_running_vcpu */
export function __this_cpu_write_kvm_running_vcpu(val: kvm_vcpu | null): void {
  this_rq().kvm_running_vcpu = val;
}

/** Architecture fact read by vcpu_dy_runnable(): a scenario input. */
export const kvm_arch_dy_runnable = (vcpu: kvm_vcpu): boolean => vcpu.kvm_arch_dy_runnable;

// Recorded externals (ple/kvm_stubs.h): the call and its arguments, no state change.
export function kvm_arch_sched_in(vcpu: kvm_vcpu, cpu: number): void {
  ple_trace("kvm_arch_sched_in", PLE_IDX(vcpu), BigInt(cpu));
}

export function kvm_arch_vcpu_load(vcpu: kvm_vcpu, cpu: number): void {
  ple_trace("kvm_arch_vcpu_load", PLE_IDX(vcpu), BigInt(cpu));
}

export function kvm_arch_vcpu_put(vcpu: kvm_vcpu): void {
  ple_trace("kvm_arch_vcpu_put", PLE_IDX(vcpu));
}

/** Every member of the irq but msi_redir_hint, which this path always clears. */
export function kvm_irq_delivery_to_apic(_kvm: kvm, src: kvm_lapic, irq: kvm_lapic_irq, _dest_map: null): number {
  ple_trace(
    "kvm_irq_delivery_to_apic",
    PLE_IDX(src.vcpu),
    BigInt(irq.vector),
    BigInt(irq.delivery_mode),
    BigInt(irq.dest_mode),
    irq.level ? 1n : 0n,
    BigInt(irq.trig_mode),
    BigInt(irq.shorthand),
    BigInt(irq.dest_id),
  );
  return 0;
}
