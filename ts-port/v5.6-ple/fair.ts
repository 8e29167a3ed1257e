// SPDX-License-Identifier: GPL-2.0-only
// kernel/sched/fair.c of this variant, line by line as its C twin
// c-reference/<this variant>/fair.c.
// Reading guide: u64 arithmetic goes through u64()/s64() where C wraps or
// converts; `p?.se` is C's `&p->se` (an address, no dereference: a NULL p
// gives a pointer that faults on first use, as undefined does here); `x!.m`
// is a C dereference that may fault.
import { mul_u64_u32_shr, s64, u32, u64 } from "../kernel/int.js";
import { mul_u32_u32 } from "../kernel/math64.js";
import { rb_entry, rb_first_cached, rb_next, type rb_node } from "../kernel/rbtree.js";
import { container_of_task_se } from "../kernel/container_of.js";
import { SCHED_BATCH, SCHED_CLASS_FAIR } from "../kernel/sched.js";
import type { cfs_rq, load_weight, rq, sched_class, sched_entity, task_struct } from "../kernel/sched.js";
import { PLE_IDX, ple_trace, ple_w, sysctl_sched_wakeup_granularity } from "../kernel/world.js";
import {
  BITS_PER_LONG,
  NICE_0_LOAD,
  SCHED_WARN_ON,
  entity_is_task,
  rq_clock_skip_update,
  rq_clock_task,
  rq_of,
  scale_load_down,
  task_has_idle_policy,
} from "./sched.js";
import { update_rq_clock } from "./core.js";

const WMULT_CONST = 0xffff_ffff; // ~0U
const WMULT_SHIFT = 32;

// kernel/sched/fair.c __update_inv_weight, v5.6
function __update_inv_weight(lw: load_weight): void {
  let w: bigint;

  if (lw.inv_weight) return;

  w = scale_load_down(lw.weight);

  if (BITS_PER_LONG > 32 && w >= BigInt(WMULT_CONST)) lw.inv_weight = 1;
  else if (!w) lw.inv_weight = WMULT_CONST;
  else lw.inv_weight = u32(BigInt(WMULT_CONST) / w);
}

// Scales delta_exec by weight / lw->weight without a division: multiplies
// by the 32-bit fixed-point inverse of lw->weight, keeping the factor below
// 2^32 by trading bits of it against the final shift.
// kernel/sched/fair.c __calc_delta, v5.6
function __calc_delta(delta_exec: bigint, weight: bigint, lw: load_weight): bigint {
  let fact = scale_load_down(weight);
  let shift = WMULT_SHIFT;

  __update_inv_weight(lw);

  if (fact >> 32n) {
    while (fact >> 32n) {
      fact >>= 1n;
      shift--;
    }
  }

  fact = mul_u32_u32(u32(fact), lw.inv_weight);

  while (fact >> 32n) {
    fact >>= 1n;
    shift--;
  }

  return mul_u64_u32_shr(delta_exec, u32(fact), shift);
}

// CONFIG_FAIR_GROUP_SCHED accessors

// kernel/sched/fair.c task_of, v5.6
function task_of(se: sched_entity): task_struct {
  SCHED_WARN_ON(!entity_is_task(se));
  return container_of_task_se(se);
}

// (for_each_sched_entity(se) is `for (; se; se = se.parent)`)

// kernel/sched/fair.c task_cfs_rq, v5.6
function task_cfs_rq(p: task_struct): cfs_rq | null {
  return p.se.cfs_rq;
}

// kernel/sched/fair.c cfs_rq_of, v5.6
function cfs_rq_of(se: sched_entity): cfs_rq | null {
  return se.cfs_rq;
}

// kernel/sched/fair.c parent_entity, v5.6
export function parent_entity(se: sched_entity): sched_entity | null {
  return se.parent;
}

// timeline helpers; vruntimes compare by signed difference (wrap-safe)

// kernel/sched/fair.c max_vruntime, v5.6
function max_vruntime(max_vruntime: bigint, vruntime: bigint): bigint {
  const delta = s64(vruntime - max_vruntime);
  if (delta > 0n) max_vruntime = vruntime;

  return max_vruntime;
}

// kernel/sched/fair.c min_vruntime, v5.6
function min_vruntime(min_vruntime: bigint, vruntime: bigint): bigint {
  const delta = s64(vruntime - min_vruntime);
  if (delta < 0n) min_vruntime = vruntime;

  return min_vruntime;
}

// kernel/sched/fair.c entity_before, v5.6
export function entity_before(a: sched_entity, b: sched_entity): number {
  return s64(a.vruntime - b.vruntime) < 0n ? 1 : 0;
}

// kernel/sched/fair.c update_min_vruntime, v5.6
export function update_min_vruntime(cfs_rq: cfs_rq): void {
  let curr = cfs_rq.curr;
  const leftmost = rb_first_cached(cfs_rq.tasks_timeline);

  let vruntime = cfs_rq.min_vruntime;

  if (curr) {
    if (curr.on_rq) vruntime = curr.vruntime;
    else curr = null;
  }

  if (leftmost) {
    // the timeline has entities
    let se: sched_entity;
    se = rb_entry(leftmost);

    if (!curr) vruntime = se.vruntime;
    else vruntime = min_vruntime(vruntime, se.vruntime);
  }

  // min_vruntime only ever moves forward
  cfs_rq.min_vruntime = max_vruntime(cfs_rq.min_vruntime, vruntime);
}

// kernel/sched/fair.c __pick_first_entity, v5.6
function __pick_first_entity(cfs_rq: cfs_rq): sched_entity | null {
  const left: rb_node | null = rb_first_cached(cfs_rq.tasks_timeline);

  if (!left) return null;

  return rb_entry(left);
}

// kernel/sched/fair.c __pick_next_entity, v5.6
function __pick_next_entity(se: sched_entity): sched_entity | null {
  const next = rb_next(se.run_node);

  if (!next) return null;

  return rb_entry(next);
}

// real time to virtual time: delta * NICE_0_LOAD / weight
// kernel/sched/fair.c calc_delta_fair, v5.6
export function calc_delta_fair(delta: bigint, se: sched_entity): bigint {
  if (se.load.weight !== NICE_0_LOAD) delta = __calc_delta(delta, NICE_0_LOAD, se.load);

  return delta;
}

// kernel/sched/fair.c update_curr, v5.6
export function update_curr(cfs_rq: cfs_rq): void {
  const curr = cfs_rq.curr;
  const now = rq_clock_task(rq_of(cfs_rq)!);
  let delta_exec: bigint;

  if (!curr) return;

  delta_exec = u64(now - curr.exec_start);
  if (s64(delta_exec) <= 0n) return;

  curr.exec_start = now;

  curr.sum_exec_runtime = u64(curr.sum_exec_runtime + delta_exec);

  curr.vruntime = u64(curr.vruntime + calc_delta_fair(delta_exec, curr));
  update_min_vruntime(cfs_rq);

  if (entity_is_task(curr)) {
    const curtask = task_of(curr);

    // tracepoint, cgroup and thread-group cputime: statistics only
    void curtask;
  }

  account_cfs_rq_runtime(cfs_rq, delta_exec);
}

// kernel/sched/fair.c __clear_buddies_last, v5.6
function __clear_buddies_last(se: sched_entity | null): void {
  for (; se; se = se.parent) {
    const cfs_rq = cfs_rq_of(se)!;
    if (cfs_rq.last !== se) break;

    cfs_rq.last = null;
  }
}

// kernel/sched/fair.c __clear_buddies_next, v5.6
function __clear_buddies_next(se: sched_entity | null): void {
  for (; se; se = se.parent) {
    const cfs_rq = cfs_rq_of(se)!;
    if (cfs_rq.next !== se) break;

    cfs_rq.next = null;
  }
}

// kernel/sched/fair.c __clear_buddies_skip, v5.6
function __clear_buddies_skip(se: sched_entity | null): void {
  for (; se; se = se.parent) {
    const cfs_rq = cfs_rq_of(se)!;
    if (cfs_rq.skip !== se) break;

    cfs_rq.skip = null;
  }
}

// kernel/sched/fair.c clear_buddies, v5.6
export function clear_buddies(cfs_rq: cfs_rq, se: sched_entity | null): void {
  if (cfs_rq.last === se) __clear_buddies_last(se);

  if (cfs_rq.next === se) __clear_buddies_next(se);

  if (cfs_rq.skip === se) __clear_buddies_skip(se);
}

// Choose what runs next: the leftmost entity (or curr, if it is further
// left), unless a buddy is close enough to it: the skip buddy is avoided,
// then the last buddy and finally the next buddy are preferred.
// kernel/sched/fair.c pick_next_entity, v5.6
export function pick_next_entity(cfs_rq: cfs_rq, curr: sched_entity | null): sched_entity | null {
  let left = __pick_first_entity(cfs_rq);
  let se: sched_entity | null;

  // curr is not in the timeline: compare it with the leftmost by hand
  if (!left || (curr && entity_before(curr, left))) left = curr;

  se = left; // the fair choice

  // the skip buddy yields to the runner-up unless that is too unfair
  if (cfs_rq.skip === se) {
    let second: sched_entity | null;

    if (se === curr) {
      second = __pick_first_entity(cfs_rq);
    } else {
      second = __pick_next_entity(se!);
      if (!second || (curr && entity_before(curr, second))) second = curr;
    }

    if (second && wakeup_preempt_entity(second, left!) < 1) se = second;
  }

  // the last buddy: give the CPU back to the task it was taken from
  if (cfs_rq.last && wakeup_preempt_entity(cfs_rq.last, left!) < 1) se = cfs_rq.last;

  // the next buddy: explicitly asked for, taken when fair enough
  if (cfs_rq.next && wakeup_preempt_entity(cfs_rq.next, left!) < 1) se = cfs_rq.next;

  clear_buddies(cfs_rq, se);

  return se;
}

// CONFIG_CFS_BANDWIDTH with CONFIG_JUMP_LABEL

// The static key __cfs_bandwidth_used: the scenario's sys.cfs_bandwidth_used.
// kernel/sched/fair.c cfs_bandwidth_used, v5.6
function cfs_bandwidth_used(): boolean {
  return ple_w.sys.cfs_bandwidth_used;
}

// Stub: runtime accounting against the group's quota is outside the
// decision; the call is recorded.
function account_cfs_rq_runtime(cfs_rq: cfs_rq, delta_exec: bigint): void {
  ple_trace("account_cfs_rq_runtime", PLE_IDX(cfs_rq), delta_exec);
}

// kernel/sched/fair.c throttled_hierarchy, v5.6
function throttled_hierarchy(cfs_rq: cfs_rq): number {
  return cfs_bandwidth_used() && cfs_rq.throttle_count ? 1 : 0;
}

// The wakeup granularity in se's virtual time: a lighter se gets a larger
// granularity, so it preempts less easily.
// kernel/sched/fair.c wakeup_gran, v5.6
export function wakeup_gran(se: sched_entity): bigint {
  const gran = BigInt(sysctl_sched_wakeup_granularity());

  return calc_delta_fair(gran, se);
}

// -1 when se is not behind curr, 1 when it is behind by more than the
// granularity (se should run instead), 0 in between.
// kernel/sched/fair.c wakeup_preempt_entity, v5.6
export function wakeup_preempt_entity(curr: sched_entity, se: sched_entity): number {
  let gran: bigint;
  const vdiff = s64(curr.vruntime - se.vruntime);

  if (vdiff <= 0n) return -1;

  gran = s64(wakeup_gran(se));
  if (vdiff > gran) return 1;

  return 0;
}

// kernel/sched/fair.c set_last_buddy, v5.6
export function set_last_buddy(se: sched_entity | null): void {
  if (entity_is_task(se!) && task_has_idle_policy(task_of(se!))) return;

  for (; se; se = se.parent) {
    if (SCHED_WARN_ON(!se.on_rq)) return;
    cfs_rq_of(se)!.last = se;
  }
}

// kernel/sched/fair.c set_next_buddy, v5.6
export function set_next_buddy(se: sched_entity | null): void {
  if (entity_is_task(se!) && task_has_idle_policy(task_of(se!))) return;

  for (; se; se = se.parent) {
    if (SCHED_WARN_ON(!se.on_rq)) return;
    cfs_rq_of(se)!.next = se;
  }
}

// kernel/sched/fair.c set_skip_buddy, v5.6
export function set_skip_buddy(se: sched_entity | null): void {
  for (; se; se = se.parent) cfs_rq_of(se)!.skip = se;
}

// sched_yield(): charge curr's runtime and mark it the skip buddy;
// pick_next_entity() does the rest.
// kernel/sched/fair.c yield_task_fair, v5.6
export function yield_task_fair(rq: rq): void {
  const curr = rq.curr;
  const cfs_rq = task_cfs_rq(curr!);
  const se = curr?.se;

  // nothing else to run
  if (rq.nr_running === 1) return;

  clear_buddies(cfs_rq!, se!);

  if (curr!.policy !== SCHED_BATCH) {
    update_rq_clock(rq);
    // bring curr's vruntime up to date
    update_curr(cfs_rq!);
    // the clock was just read: let schedule() skip its update
    rq_clock_skip_update(rq);
  }

  set_skip_buddy(se!);
}

// Patch 1: if the yielder is more than a granularity (its own) left of the
// entity it yields to, put it one granularity (of next_se) before next_se,
// so that pick_next_entity() no longer finds the next buddy too unfair.
// (With a lighter next_se that is left of where the yielder was.)
// kernel/sched/fair.c deboost_yield_task_vruntime, v5.6 + ple-kvm 0001
function deboost_yield_task_vruntime(next_se: sched_entity, yield_se: sched_entity): void {
  if (wakeup_preempt_entity(next_se, yield_se) >= 1) yield_se.vruntime = u64(next_se.vruntime - wakeup_gran(next_se));
}

// only when both entities are queued on the same cfs_rq
// kernel/sched/fair.c deboost_yield_task, v5.6 + ple-kvm 0001
export function deboost_yield_task(next_se: sched_entity, yield_se: sched_entity): void {
  if (cfs_rq_of(yield_se) !== cfs_rq_of(next_se)) return;
  deboost_yield_task_vruntime(next_se, yield_se);
}

// kernel/sched/fair.c yield_to_task_fair, v5.6 + ple-kvm 0001
export function yield_to_task_fair(rq: rq, p: task_struct, _preempt: boolean): boolean {
  const se = p?.se;

  let curr: task_struct | null;
  let yield_se: sched_entity | undefined;

  // an entity in a throttled group cannot run
  if (!se!.on_rq || throttled_hierarchy(cfs_rq_of(se!)!)) return false;

  // ask pick_next_entity() for p
  set_next_buddy(se!);

  curr = rq.curr;
  yield_se = curr?.se;
  deboost_yield_task(se!, yield_se!);

  yield_task_fair(rq);

  return true;
}

// kernel/sched/fair.c fair_sched_class, v5.6: the hooks yield_to() consults
export const fair_sched_class: sched_class = {
  __ple_id: SCHED_CLASS_FAIR,
  yield_task: yield_task_fair,
  yield_to_task: yield_to_task_fair,
};
