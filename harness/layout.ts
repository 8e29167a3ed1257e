// SPDX-License-Identifier: GPL-2.0-only
// The one description of a scenario's state: every record, every field, its
// kernel type and its C member path. The JSON schema, the wire format shared
// with the addon, the TS world builder, the comparator's field names and the
// generated C header (native/gen/layout.h) all derive from this table, so a
// field added here is validated, marshalled and compared everywhere at once.

/** How a field is typed in the kernel, and so how it is checked and stored. */
export type Kind =
  | "u64" // unsigned 64-bit (u64, unsigned long on x86-64); JSON: decimal string
  | "s64" // signed 64-bit (s64, long); JSON: decimal string
  | "u32" // unsigned int / u32; JSON: number
  | "int" // int / s32; JSON: number
  | "bool" // bool; JSON: boolean
  | "ptr" // pointer to a record of `rec`, or NULL; JSON: index or null
  | "class" // task->sched_class, by number (SCHED_CLASS_* of linux/sched.h); JSON: number
  | "idx"; // int that must index a record of `rec` (e.g. a cpu number); JSON: index

export interface Field {
  /** Dotted member path, the same in C (`se->load.weight`) and in TS. */
  name: string;
  kind: Kind;
  /** Record type pointed to (ptr, idx). */
  rec?: RecName;
  /** The pointed-to record is stored inside this one (`&p->se`, `&rq->cfs`). */
  embedded?: boolean;
  /** NULL is not allowed (implied by `embedded`). */
  required?: boolean;
  /** Following this pointer must never come back to the start (`se->parent`). */
  acyclic?: boolean;
  /** Value when the JSON leaves the field out (documented, never a repair of bad input). */
  def?: number | string | boolean | null;
}

export type RecName = "sys" | "call" | "kvm" | "rq" | "cfs_rq" | "se" | "task" | "vcpu";

export interface Rec {
  name: RecName;
  /** Singletons appear once (a JSON object); the others are arrays. */
  singleton: boolean;
  /** Upper bound of the C arena (arrays only). */
  max: number;
  fields: Field[];
}

const f = (name: string, kind: Kind, def: Field["def"], extra: Partial<Field> = {}): Field => ({
  name,
  kind,
  def,
  ...extra,
});
const p = (name: string, rec: RecName, extra: Partial<Field> = {}): Field => ({
  name,
  kind: "ptr",
  rec,
  def: null,
  ...extra,
});

export const RECORDS: readonly Rec[] = [
  {
    // Kernel globals and compile-time constants, per scenario.
    name: "sys",
    singleton: true,
    max: 1,
    fields: [
      f("sysctl_sched_wakeup_granularity", "u32", 1000000),
      f("cfs_bandwidth_used", "bool", false),
      f("KVM_MAX_VCPUS", "int", 288),
    ],
  },
  {
    // Arguments of the call under test; a target reads the ones it needs.
    name: "call",
    singleton: true,
    max: 1,
    fields: [
      p("this_rq", "rq"), // the CPU the call runs on: current == this_rq->curr
      p("cfs_rq", "cfs_rq"),
      p("curr", "se"),
      p("se", "se"),
      p("p", "task"),
      f("preempt", "bool", false),
      p("me", "vcpu"),
      f("yield_to_kernel_mode", "bool", false),
      p("vcpu", "vcpu"),
      p("next", "task"),
      f("cpu", "int", 0),
      f("icr_low", "u32", 0),
      f("icr_high", "u32", 0),
      p("kvm", "kvm"), // kvm_get_vcpu_by_id(kvm, id)
      f("id", "int", 0), // a vcpu_id asked for, or the IPI destination of mark_ipi_receiver (as u32)
      f("delta", "u64", "0"), // nanoseconds a tick advances this_rq's clock (composed tick)
    ],
  },
  {
    // One VM; its vcpus[] are the vcpu records whose `kvm` is this one, in
    // record order, and online_vcpus is their number.
    name: "kvm",
    singleton: false,
    max: 16,
    fields: [f("last_boosted_vcpu", "int", 0)],
  },
  {
    name: "rq",
    singleton: false,
    max: 64,
    fields: [
      p("curr", "task"),
      p("cfs", "cfs_rq", { embedded: true }),
      f("nr_running", "u32", 0),
      f("clock_task", "u64", "0"),
      f("clock_update_flags", "u32", 0),
      p("kvm_running_vcpu", "vcpu"), // the per-cpu variable of kvm_main.c
    ],
  },
  {
    name: "cfs_rq",
    singleton: false,
    max: 256,
    fields: [
      f("load.weight", "u64", "0"),
      f("load.inv_weight", "u32", 0),
      f("nr_running", "u32", 0),
      f("min_vruntime", "u64", "0"),
      p("curr", "se"),
      p("next", "se"),
      p("last", "se"),
      p("skip", "se"),
      p("rq", "rq"),
      f("runtime_enabled", "int", 0),
      f("throttled", "int", 0),
      f("throttle_count", "int", 0),
    ],
  },
  {
    name: "se",
    singleton: false,
    max: 512,
    fields: [
      f("load.weight", "u64", "1048576"),
      f("load.inv_weight", "u32", 0),
      f("on_rq", "u32", 0),
      f("exec_start", "u64", "0"),
      f("sum_exec_runtime", "u64", "0"),
      f("prev_sum_exec_runtime", "u64", "0"),
      f("vruntime", "u64", "0"),
      f("depth", "int", 0),
      p("parent", "se", { acyclic: true }),
      p("cfs_rq", "cfs_rq"),
      p("my_q", "cfs_rq"),
      // Position in cfs_rq->tasks_timeline (0 = leftmost), -1 when not queued
      // in the tree. The rbtree shim keeps this order; it is compared like
      // any other field.
      f("run_node.rank", "int", -1),
    ],
  },
  {
    name: "task",
    singleton: false,
    max: 512,
    fields: [
      p("se", "se", { embedded: true }),
      f("state", "s64", "0"),
      f("policy", "u32", 0),
      f("sched_class", "class", 0), // 0 fair, 1 rt, 2 dl, 3 idle, 4 stop
      f("on_cpu", "int", 0),
      f("cpu", "idx", 0, { rec: "rq" }),
    ],
  },
  {
    name: "vcpu",
    singleton: false,
    max: 1024,
    fields: [
      p("kvm", "kvm", { required: true }),
      f("vcpu_id", "int", 0),
      p("pid", "task"), // the task behind vcpu->pid, NULL when the vCPU has none
      f("preempted", "bool", false),
      f("ready", "bool", false),
      f("scheduled_out", "bool", false), // added by patch 2 (the RFC calls it sched_outed)
      f("ipi_received", "u64", "0"), // added by patch 2
      f("spin_loop.in_spin_loop", "bool", false),
      f("spin_loop.dy_eligible", "bool", false),
      f("arch.preempted_in_kernel", "bool", false), // what kvm_arch_vcpu_in_kernel reads
      f("arch.apic_base", "u64", "0"),
      // struct vcpu_vmx of the vCPU: vmx_vcpu_run() returns before guest entry while it is set
      f("vmx.emulation_required", "bool", false),
      // Architecture facts the decision only reads, named after the kernel symbol.
      f("kvm_arch_dy_runnable", "bool", false),
      f("wait_active", "bool", false), // swait_active(&vcpu->wq) / rcuwait_active(&vcpu->wait)
      f("async_pf_done", "bool", false), // !list_empty_careful(&vcpu->async_pf.done)
      // Stub input: what yield_to() returns for this vCPU's task in single-call kvm targets.
      f("yield_to_result", "int", 0),
    ],
  },
];

export const REC: Record<RecName, Rec> = Object.fromEntries(RECORDS.map((r) => [r.name, r])) as Record<RecName, Rec>;

/** Calls into stubbed externals, recorded in order; args are per kind. */
export const TRACE_KINDS = [
  { name: "resched_curr", args: ["rq"] },
  { name: "schedule", args: [] },
  { name: "yield_to", args: ["task", "preempt", "ret"] },
  { name: "update_rq_clock", args: ["rq"] },
  { name: "account_cfs_rq_runtime", args: ["cfs_rq", "delta_exec"] },
  {
    name: "kvm_irq_delivery_to_apic",
    args: ["src_vcpu", "vector", "delivery_mode", "dest_mode", "level", "trig_mode", "shorthand", "dest_id"],
  },
  { name: "kvm_arch_vcpu_put", args: ["vcpu"] },
  { name: "kvm_arch_sched_in", args: ["vcpu", "cpu"] },
  { name: "kvm_arch_vcpu_load", args: ["vcpu", "cpu"] },
] as const;

export const TRACE_ARGS = 8;
export const TRACE_MAX = 32;

/** Fault events: kernel oops and undefined behaviour, compared like state. */
export const FAULT_KINDS = [
  "oops-null",
  "oops-wild",
  "ub-shift-exponent",
  "ub-signed-overflow",
  "ub-out-of-bounds",
] as const;
/** Operators of UB events (index stored in the event's `op` word). */
// UBSan does not say which way a shift went, so both sides report "shift".
export const UB_OPS = ["none", "shift", "+", "-", "*", "neg", "[]"] as const;
export const FAULT_WORDS = 6; // kind, fn, op, type (bits | signed<<8), lhs, rhs
export const FAULT_MAX = 16;

/**
 * Every ported kernel function, so that a fault can name where it happened.
 * Kernel macros (entity_is_task, for_each_sched_entity, kvm_for_each_vcpu)
 * are not functions in C, so they are not named here either: a TS helper of
 * that name is skipped when a fault looks for its function.
 */
export const FUNCTIONS = [
  "?",
  // cfs
  "entity_before",
  "max_vruntime",
  "min_vruntime",
  "update_min_vruntime",
  "__pick_first_entity",
  "__pick_next_entity",
  "__calc_delta",
  "__update_inv_weight",
  "calc_delta_fair",
  "update_curr",
  "wakeup_gran",
  "wakeup_preempt_entity",
  "pick_next_entity",
  "__clear_buddies_last",
  "__clear_buddies_next",
  "__clear_buddies_skip",
  "clear_buddies",
  "set_last_buddy",
  "set_next_buddy",
  "set_skip_buddy",
  "yield_task_fair",
  "yield_to_task_fair",
  "deboost_yield_task_vruntime",
  "deboost_yield_task",
  "throttled_hierarchy",
  "cfs_bandwidth_used",
  "cfs_rq_of",
  "task_of",
  "rq_of",
  "parent_entity",
  "task_cfs_rq",
  "yield_to",
  "task_running",
  "idle_policy",
  "task_has_idle_policy",
  "assert_clock_updated",
  "rq_clock_task",
  "rq_clock_skip_update",
  // kvm
  "kvm_vcpu_on_spin",
  "kvm_vcpu_eligible_for_directed_yield",
  "kvm_vcpu_set_in_spin_loop",
  "kvm_vcpu_set_dy_eligible",
  "vcpu_dy_runnable",
  "kvm_vcpu_yield_to",
  "kvm_get_vcpu",
  "kvm_get_vcpu_by_id",
  "kvm_sched_in",
  "kvm_sched_out",
  "kvm_arch_vcpu_in_kernel",
  "vcpu_enter_guest",
  "vmx_vcpu_run",
  // lapic
  "apic_send_ipi",
  "kvm_apic_send_ipi",
  "mark_ipi_receiver",
  "apic_x2apic_mode",
] as const;

export const NIL = 0xffff_ffff_ffff_ffffn;
export const WIRE_MAGIC = 0x504c_4550_0001n; // "PLEP", format 1

/**
 * Wire format (u64 words): header, then the singleton records, then the arrays
 * in RECORDS order; the output adds ret, the trace and the faults after them.
 *   [0] magic [1] total words [2] target [3] cfs variant [4] kvm variant
 *   [5 + k] count of the k-th array record
 */
export const ARRAY_RECS = RECORDS.filter((r) => !r.singleton);
export const HEADER_WORDS = 5 + ARRAY_RECS.length;
export const OUT_WORDS = 1 + 1 + TRACE_MAX * (1 + TRACE_ARGS) + 1 + FAULT_MAX * FAULT_WORDS;

/** FNV-1a of everything above that shapes the wire: the addon carries it, so a stale build is named, not misread. */
export const LAYOUT_HASH = ((text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
})(
  JSON.stringify({
    RECORDS,
    TRACE_KINDS,
    TRACE_ARGS,
    TRACE_MAX,
    FAULT_KINDS,
    UB_OPS,
    FAULT_WORDS,
    FAULT_MAX,
    FUNCTIONS,
  }),
);
