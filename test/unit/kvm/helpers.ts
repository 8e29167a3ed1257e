// SPDX-License-Identifier: GPL-2.0-only
// Small scenarios for the kvm unit tests: a VM of vCPUs, one task per vCPU
// thread, one run queue. Every case runs on the TS port and, where the
// addon is built with the variant, on the C reference too, and the two
// outcomes must be equal word for word before the expectations are read.
import { expect } from "vitest";
import type { Scenario, RecordJson } from "../../../harness/scenario.js";
import { runTs, runBoth } from "../../../harness/run.js";
import { readOutcome, type ReadableOutcome } from "../../../harness/outcome.js";
import { addon } from "../../../harness/native.js";

export const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"] as const;
export type KvmVariant = (typeof VARIANTS)[number];
export const PATCHED: Record<KvmVariant, boolean> = {
  "v5.6": false,
  "v5.6-ple": true,
  "rfc-base": false,
  "rfc-v1": true,
};

export interface VcpuSpec extends RecordJson {}

/** A scenario: vcpus[i] gets kvm 0, vcpu_id i and task i unless given. */
export function scenario(
  target: string,
  kvm: KvmVariant,
  vcpus: VcpuSpec[],
  call: RecordJson,
  extra: { last_boosted_vcpu?: number; taskState?: string[]; rq?: RecordJson } = {},
): Scenario {
  const n = vcpus.length;
  return {
    format: 1,
    target,
    variants: { cfs: "v5.6", kvm },
    call: { this_rq: 0, ...call },
    kvm: [{ last_boosted_vcpu: extra.last_boosted_vcpu ?? 0 }],
    rq: [{ cfs: 0, curr: 0, ...extra.rq }],
    cfs_rq: [{}],
    se: Array.from({ length: n }, () => ({})),
    task: Array.from({ length: n }, (_, i) => ({ se: i, state: extra.taskState?.[i] ?? "0" })),
    vcpu: vcpus.map((v, i) => ({ kvm: 0, vcpu_id: i, pid: i, ...v })),
  };
}

let compiled: string[] | null | undefined;
function cVariants(): string[] | null {
  if (compiled === undefined) {
    try {
      compiled = addon().info().variants;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The outcome of one call, checked equal on both sides when C is available. */
export function run(scn: Scenario): ReadableOutcome {
  const vs = cVariants();
  if (vs && vs.includes(scn.variants.kvm) && vs.includes(scn.variants.cfs)) {
    const both = runBoth(scn);
    expect(both.diff).toBeNull();
    return readOutcome(both.ts);
  }
  return readOutcome(runTs(scn));
}

/** The vCPU records after the call. */
export const vcpusOf = (o: ReadableOutcome): RecordJson[] => o.state.vcpu as RecordJson[];

/** The next scenario of a sequence: the post-state of `o`, a new target and call. */
export function next(scn: Scenario, o: ReadableOutcome, target: string, call: RecordJson): Scenario {
  const st = o.state as Record<string, unknown>;
  return {
    ...scn,
    target,
    call: { this_rq: 0, ...call },
    kvm: st.kvm as RecordJson[],
    rq: st.rq as RecordJson[],
    cfs_rq: st.cfs_rq as RecordJson[],
    se: st.se as RecordJson[],
    task: st.task as RecordJson[],
    vcpu: st.vcpu as RecordJson[],
  };
}

/** The yield_to() calls of a trace, as the task index each went to. */
export const yieldedTo = (o: ReadableOutcome): number[] =>
  o.trace.filter((t) => t.call === "yield_to").map((t) => Number(t.args.task));
