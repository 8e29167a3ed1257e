// SPDX-License-Identifier: GPL-2.0-only
// Scenario generators of the kvm family, over the whole domain of its inputs
// (DESIGN §7): 1..KVM_MAX_VCPUS vCPUs in up to two VMs, vcpu_ids dense,
// sparse, duplicated and up to KVM_MAX_VCPU_ID, every combination of the
// per-vCPU flags, arbitrary ipi_received masks and APIC bases, any
// last_boosted_vcpu, any `me`, yield_to() results >0 / 0 / -ESRCH, and ICR
// values that are arbitrary 32-bit words or composed of the ICR's fields
// (vectors, delivery and destination modes, shorthands, broadcast).
import fc from "fast-check";
import type { Scenario, RecordJson } from "../scenario.js";

/** x86 KVM_MAX_VCPUS in v5.6 and v5.12 (arch/x86/include/asm/kvm_host.h) */
export const KVM_MAX_VCPUS = 288;
/** x86 KVM_MAX_VCPU_ID in v5.6 and v5.12 */
export const KVM_MAX_VCPU_ID = 1023;
export const ESRCH = 3;
export const X2APIC_ENABLE = 1n << 10n;

const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** A u64 as its JSON decimal string, biased to the values that matter. */
export const u64Str = (interesting: bigint[] = []): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(0n, 1n, U64_MAX, ...interesting) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 63 }).map((b) => 1n << BigInt(b)) },
      { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: U64_MAX }) },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 0xffff_ffffn }) },
    )
    .map((v) => v.toString());

/** An ipi_received mask: empty, single senders (incl. >= 32, where the RFC's int shift wraps), any. */
export const ipiMask = (): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constant(0n) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 63 }).map((b) => 1n << BigInt(b)) },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.integer({ min: 0, max: 63 }), { maxLength: 6 })
          .map((bs) => bs.reduce((m, b) => m | (1n << BigInt(b)), 0n)),
      },
      { weight: 1, arbitrary: fc.constantFrom(U64_MAX, 0xffff_ffff_8000_0000n, 0xffff_ffffn) },
      { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: U64_MAX }) },
    )
    .map((v) => v.toString());

/** An int anywhere, biased to the small range around [0, n]. */
export const intNear = (n: number, lo = INT_MIN, hi = INT_MAX): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: Math.max(lo, -2), max: Math.min(hi, n + 2) }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...[lo, hi, 31, 32, 63, 64, 255, 288, 1023, 1024].filter((x) => x >= lo && x <= hi)),
    },
    { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }) },
  );

/** How many vCPUs: mostly a handful, sometimes dozens, now and then up to KVM_MAX_VCPUS. */
export const vcpuCount = (max = KVM_MAX_VCPUS): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 44, arbitrary: fc.integer({ min: 1, max: Math.min(8, max) }) },
    { weight: 12, arbitrary: fc.integer({ min: 1, max: Math.min(70, max) }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max }) },
    { weight: 1, arbitrary: fc.constant(max) },
  );

/** vcpu_ids for n vCPUs: dense, shuffled, sparse, duplicated, large (>= 32, >= 64, near KVM_MAX_VCPU_ID). */
export const vcpuIds = (n: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(Array.from({ length: n }, (_, i) => i)) },
    {
      weight: 1,
      arbitrary: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: KVM_MAX_VCPU_ID }), { minLength: n, maxLength: n }),
    },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: Math.max(1, n) }), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: KVM_MAX_VCPU_ID }), { minLength: n, maxLength: n }) },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: KVM_MAX_VCPU_ID - n + 1 })
        .chain((base) => fc.constant(Array.from({ length: n }, (_, i) => base + i))),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom(0, 1, 30, 31, 32, 33, 63, 64, 65, 255, 256, 1022, 1023), {
        minLength: n,
        maxLength: n,
      }),
    },
  );

/** What yield_to() answers for a vCPU's task: boosted (>0), refused (0), or -ESRCH. */
export const yieldResult = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(1, 0, -ESRCH) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: INT_MAX }) },
  );

/** One vCPU record (its kvm, id and pid are set by the world generator). */
export const vcpuFlags = (): fc.Arbitrary<RecordJson> =>
  fc.record({
    preempted: fc.boolean(),
    ready: fc.boolean(),
    scheduled_out: fc.boolean(),
    ipi_received: ipiMask(),
    spin_loop: fc.record({ in_spin_loop: fc.boolean(), dy_eligible: fc.boolean() }),
    arch: fc.record({
      preempted_in_kernel: fc.boolean(),
      apic_base: fc
        .oneof(fc.constantFrom(0n, X2APIC_ENABLE, 0xfee0_0900n, 0xfee0_0d00n), fc.bigInt({ min: 0n, max: U64_MAX }))
        .map((v) => v.toString()),
    }),
    kvm_arch_dy_runnable: fc.boolean(),
    wait_active: fc.boolean(),
    async_pf_done: fc.boolean(),
    vmx: fc.record({
      emulation_required: fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    }),
    yield_to_result: yieldResult(),
  }) as fc.Arbitrary<RecordJson>;

/** The host and VM state every kvm target runs on. */
export interface KvmWorld {
  scn: Scenario;
  /** vCPU records */
  n: number;
  /** the ids they were given */
  ids: number[];
  /** run queues */
  nrq: number;
  /** tasks (one per vCPU thread, then extra host tasks) */
  ntask: number;
}

/**
 * vCPUs in one or two VMs (most in VM 0), a task per vCPU thread (sometimes
 * none: vcpu->pid NULL), a few run queues whose curr may be any task,
 * kvm_running_vcpu anywhere, last_boosted_vcpu anywhere but INT_MAX (there
 * the loop's `i = last_boosted_vcpu; i++` would overflow into an endless
 * loop; the kernel only ever stores an index there). `count` draws the
 * number of vCPUs (npm run bench pins it, e.g. to 64).
 */
export const kvmWorld = (count: fc.Arbitrary<number> = vcpuCount()): fc.Arbitrary<KvmWorld> =>
  fc
    .record({
      n: count,
      nkvm: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }),
      nrq: fc.integer({ min: 1, max: 4 }),
      extra: fc.integer({ min: 0, max: 2 }),
    })
    .chain(({ n, nkvm, nrq, extra }) =>
      fc
        .record({
          ids: vcpuIds(n),
          flags: fc.array(vcpuFlags(), { minLength: n, maxLength: n }),
          kvmOf: fc.array(
            fc.oneof(
              { weight: 5, arbitrary: fc.constant(0) },
              { weight: 1, arbitrary: fc.integer({ min: 0, max: nkvm - 1 }) },
            ),
            {
              minLength: n,
              maxLength: n,
            },
          ),
          hasPid: fc.array(
            fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
            {
              minLength: n,
              maxLength: n,
            },
          ),
          lbv: fc.array(intNear(n, INT_MIN, INT_MAX - 1), { minLength: nkvm, maxLength: nkvm }),
          taskState: fc.array(
            fc.oneof(
              { weight: 3, arbitrary: fc.constant("0") },
              { weight: 2, arbitrary: fc.constantFrom("1", "2", "64", "-1") },
            ),
            { minLength: n + extra, maxLength: n + extra },
          ),
          taskCpu: fc.array(fc.integer({ min: 0, max: nrq - 1 }), { minLength: n + extra, maxLength: n + extra }),
          rqCurr: fc.array(fc.option(fc.integer({ min: 0, max: n + extra - 1 }), { freq: 8 }), {
            minLength: nrq,
            maxLength: nrq,
          }),
          rqRunning: fc.array(fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 2 }), {
            minLength: nrq,
            maxLength: nrq,
          }),
        })
        .map(({ ids, flags, kvmOf, hasPid, lbv, taskState, taskCpu, rqCurr, rqRunning }) => {
          const ntask = n + extra;
          const scn: Scenario = {
            format: 1,
            target: "",
            variants: { cfs: "v5.6", kvm: "v5.6" },
            sys: {},
            call: {},
            kvm: lbv.map((l) => ({ last_boosted_vcpu: l })),
            rq: Array.from({ length: nrq }, (_, i) => ({
              cfs: i,
              curr: rqCurr[i] ?? null,
              kvm_running_vcpu: rqRunning[i] ?? null,
            })),
            cfs_rq: Array.from({ length: nrq }, () => ({})),
            se: Array.from({ length: ntask }, () => ({})),
            task: Array.from({ length: ntask }, (_, i) => ({ se: i, state: taskState[i]!, cpu: taskCpu[i]! })),
            vcpu: flags.map((fl, i) => ({ ...fl, kvm: kvmOf[i]!, vcpu_id: ids[i]!, pid: hasPid[i] ? i : null })),
          };
          return { scn, n, ids, nrq, ntask };
        }),
    );

/** An ICR low word: arbitrary, or composed of vector, delivery mode, dest mode, level, trigger and shorthand. */
export const icrLow = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          vector: fc.integer({ min: 0, max: 255 }),
          mode: fc.integer({ min: 0, max: 7 }), // fixed, lowest, SMI, remote read, NMI, INIT, SIPI, ExtINT
          logical: fc.boolean(),
          status: fc.boolean(),
          assert: fc.boolean(),
          level: fc.boolean(),
          shorthand: fc.integer({ min: 0, max: 3 }), // none, self, all, all-but-self
          junk: fc.oneof(
            { weight: 4, arbitrary: fc.constant(0) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xfff }) },
          ),
        })
        .map(
          (f) =>
            (f.vector |
              (f.mode << 8) |
              (f.logical ? 0x800 : 0) |
              (f.status ? 0x1000 : 0) |
              (f.assert ? 0x4000 : 0) |
              (f.level ? 0x8000 : 0) |
              (f.shorthand << 18) |
              (f.junk << 20)) >>>
            0,
        ),
    },
  );

/** An ICR high word: an xAPIC destination (bits 24-31), an x2APIC one (all 32 bits), broadcast, arbitrary. */
export const icrHigh = (ids: number[]): fc.Arbitrary<number> => {
  const id = ids.length ? fc.constantFrom(...ids) : fc.constant(0);
  return fc.oneof(
    { weight: 3, arbitrary: id.map((x) => ((x & 0xff) << 24) >>> 0) }, // xAPIC physical destination
    { weight: 3, arbitrary: id.map((x) => x >>> 0) }, // x2APIC destination
    { weight: 1, arbitrary: fc.constantFrom(0xff00_0000, 0xffff_ffff, 0, 0x0100_0000, 0x8000_0000) }, // broadcasts
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((x) => (x << 24) >>> 0) }, // logical bitmaps, unused ids
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) },
  );
};

/** An id asked for (kvm_get_vcpu_by_id) or an IPI destination (mark_ipi_receiver, as u32 -> int). */
export const idFor = (ids: number[]): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: KVM_MAX_VCPU_ID + 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 255, 287, 288, 1023, 1024, INT_MAX, INT_MIN) },
    { weight: 1, arbitrary: fc.integer({ min: INT_MIN, max: INT_MAX }) },
  );

/** A record index in [0, n), or null with the given odds (1 in freq). */
export const indexOrNull = (n: number, freq = 10): fc.Arbitrary<number | null> =>
  n > 0 ? fc.option(fc.integer({ min: 0, max: n - 1 }), { freq }) : fc.constant(null);
