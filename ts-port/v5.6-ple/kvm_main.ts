// SPDX-License-Identifier: GPL-2.0-only
// virt/kvm/kvm_main.c, Linux 5.6: directed yield on a pause-loop exit and the
// vCPU preempt notifiers, line for line as c-reference/v5.6/kvm_main.c.
import type { kvm_vcpu, preempt_notifier } from "../kernel/kvm_host.js";
import {
  atomic_read,
  swait_active,
  list_empty_careful,
  kvm_arch_dy_runnable,
  rcu_read_lock,
  rcu_read_unlock,
  rcu_dereference,
  get_pid_task,
  put_task_struct,
  PIDTYPE_PID,
  preempt_notifier_to_vcpu,
  __this_cpu_write_kvm_running_vcpu,
  kvm_arch_sched_in,
  kvm_arch_vcpu_load,
  kvm_arch_vcpu_put,
} from "../kernel/kvm_host.js";
import type { task_struct } from "../kernel/sched.js";
import { TASK_RUNNING } from "../kernel/sched.js";
import { current, ple_yield_to as yield_to } from "../kernel/world.js";
import { add_int, shl_int, shl_u64, u64 } from "../kernel/int.js";
import { kvm_get_vcpu, kvm_vcpu_set_in_spin_loop, kvm_vcpu_set_dy_eligible } from "./kvm_host.js";
import { kvm_arch_vcpu_in_kernel } from "./x86.js";

// virt/kvm/kvm_main.c kvm_vcpu_yield_to, v5.6
export function kvm_vcpu_yield_to(target: kvm_vcpu): number {
  let pid: task_struct | null;
  let task: task_struct | null = null;
  let ret = 0;

  rcu_read_lock();
  pid = rcu_dereference(target.pid);
  if (pid) task = get_pid_task(pid, PIDTYPE_PID);
  rcu_read_unlock();
  if (!task) return ret;
  ret = yield_to(task, true);
  put_task_struct(task);

  return ret;
}

// A vCPU that has been spinning itself is picked only every other time it
// is passed (the CONFIG_HAVE_KVM_CPU_RELAX_INTERCEPT branch, as on x86).
// virt/kvm/kvm_main.c kvm_vcpu_eligible_for_directed_yield, v5.6
export function kvm_vcpu_eligible_for_directed_yield(vcpu: kvm_vcpu): boolean {
  let eligible: boolean;

  eligible = !vcpu.spin_loop.in_spin_loop || vcpu.spin_loop.dy_eligible;

  if (vcpu.spin_loop.in_spin_loop) kvm_vcpu_set_dy_eligible(vcpu, !vcpu.spin_loop.dy_eligible);

  return eligible;
}

// virt/kvm/kvm_main.c vcpu_dy_runnable, v5.6 (CONFIG_KVM_ASYNC_PF=y)
export function vcpu_dy_runnable(vcpu: kvm_vcpu): boolean {
  if (kvm_arch_dy_runnable(vcpu)) return true;

  if (!list_empty_careful(vcpu.async_pf_done)) return true;

  return false;
}

// virt/kvm/kvm_main.c kvm_vcpu_on_spin, v5.6-ple
export function kvm_vcpu_on_spin(me: kvm_vcpu, yield_to_kernel_mode: boolean): void {
  const kvm = me.kvm;
  let vcpu: kvm_vcpu | null;
  const last_boosted_vcpu = me.kvm.last_boosted_vcpu;
  let yielded = 0;
  let ipi_received: bigint;
  let _try = 3;
  let pass: number;
  let i: number;

  kvm_vcpu_set_in_spin_loop(me, true);
  // Round robin from the vCPU after the one boosted last: a runnable vCPU
  // that was preempted may hold the lock this one spins on.
  for (pass = 0; pass < 2 && !yielded && _try; pass++) {
    for (i = 0; i < atomic_read(kvm.online_vcpus) && (vcpu = kvm_get_vcpu(kvm, i)) !== null; i = add_int(i, 1)) {
      if (!pass && i <= last_boosted_vcpu) {
        i = last_boosted_vcpu;
        continue;
      } else if (pass && i > last_boosted_vcpu) break;
      if (!vcpu.preempted) {
        ipi_received = vcpu.ipi_received;
        if (!(vcpu.ready && (ipi_received & shl_u64(1n, me.vcpu_id)) !== 0n)) {
          vcpu.ipi_received = ipi_received | shl_u64(1n, me.vcpu_id);
          continue;
        }
      }
      if (vcpu === me) continue;
      if (swait_active(vcpu.wait_active) && !vcpu_dy_runnable(vcpu)) continue;
      if (yield_to_kernel_mode && !kvm_arch_vcpu_in_kernel(vcpu)) {
        if (!(vcpu.ipi_received & u64(BigInt(shl_int(1, me.vcpu_id))))) continue;
      }
      if (!kvm_vcpu_eligible_for_directed_yield(vcpu)) continue;

      yielded = kvm_vcpu_yield_to(vcpu);
      if (yielded > 0) {
        kvm.last_boosted_vcpu = i;
        break;
      } else if (yielded < 0) {
        _try--;
        if (!_try) break;
      }
    }
  }
  kvm_vcpu_set_in_spin_loop(me, false);

  // not eligible again until the next spin loop has passed it once
  kvm_vcpu_set_dy_eligible(me, false);
}

// virt/kvm/kvm_main.c kvm_sched_in, v5.6-ple
export function kvm_sched_in(pn: preempt_notifier, cpu: number): void {
  const vcpu = preempt_notifier_to_vcpu(pn);

  vcpu.preempted = false;
  vcpu.ready = false;
  vcpu.scheduled_out = false;
  vcpu.ipi_received = 0n;

  __this_cpu_write_kvm_running_vcpu(vcpu);
  kvm_arch_sched_in(vcpu, cpu);
  kvm_arch_vcpu_load(vcpu, cpu);
}

// virt/kvm/kvm_main.c kvm_sched_out, v5.6-ple
export function kvm_sched_out(pn: preempt_notifier, _next: task_struct | null): void {
  const vcpu = preempt_notifier_to_vcpu(pn);

  if (current().state === TASK_RUNNING) {
    vcpu.preempted = true;
    vcpu.ready = true;
  }
  vcpu.scheduled_out = true;
  kvm_arch_vcpu_put(vcpu);
  __this_cpu_write_kvm_running_vcpu(null);
}
