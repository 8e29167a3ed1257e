// SPDX-License-Identifier: GPL-2.0-only
// Hand-built cfs scenarios for the unit tests, and a runner that takes the
// TS port's outcome as the answer and checks that the C reference agrees
// (when the addon is built).
import { expect } from "vitest";
import type { RecordJson, Scenario } from "../../../harness/scenario.js";
import { readOutcome, type ReadableOutcome } from "../../../harness/outcome.js";
import { runBoth, runTs } from "../../../harness/run.js";
import { addon } from "../../../harness/native.js";

export const CFS_VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"] as const;
export type CfsVariant = (typeof CFS_VARIANTS)[number];
export const PATCHED: readonly CfsVariant[] = ["v5.6-ple", "rfc-v1"];

export const NICE_0_LOAD = 1n << 20n;
/** scale_load(sched_prio_to_weight[nice + 20]) */
export const weightOf = (w: number): string => (BigInt(w) << 10n).toString();
export const MS = 1_000_000;

let haveAddon: boolean | undefined;
function addonBuilt(): boolean {
  if (haveAddon === undefined) {
    try {
      addon();
      haveAddon = true;
    } catch {
      haveAddon = false;
    }
  }
  return haveAddon;
}

/** A scenario with defaults for what a test leaves out. */
export function scenario(target: string, variant: CfsVariant, parts: Partial<Scenario>): Scenario {
  return { format: 1, target, variants: { cfs: variant, kvm: "v5.6" }, ...parts };
}

/** Run on the TS port; the C reference must give the same outcome. */
export function run(scn: Scenario): ReadableOutcome {
  if (addonBuilt()) {
    const both = runBoth(scn);
    expect(both.diff, `C and TS differ on ${scn.target} (${scn.variants.cfs})`).toBeNull();
  }
  return readOutcome(runTs(scn));
}

/** The post-state as the next call's scenario (to chain calls by hand). */
export function next(out: ReadableOutcome, target: string, variant: CfsVariant, call: RecordJson): Scenario {
  const s = out.state as unknown as Scenario;
  return { ...s, format: 1, target, variants: { cfs: variant, kvm: "v5.6" }, call };
}

export const se = (o: ReadableOutcome, i: number): RecordJson => (o.state.se as RecordJson[])[i]!;
export const cfsRq = (o: ReadableOutcome, i: number): RecordJson => (o.state.cfs_rq as RecordJson[])[i]!;
export const rq = (o: ReadableOutcome, i: number): RecordJson => (o.state.rq as RecordJson[])[i]!;
export const traceNames = (o: ReadableOutcome): string[] => o.trace.map((t) => t.call);

/**
 * One CPU, one root cfs_rq (record 0, embedded in rq 0), and tasks whose
 * entities are se 0..n-1 (task i embeds se i), all queued on the root.
 * `entities[i]` overrides se i's fields; the timeline holds the entities
 * given a rank.
 */
export function oneQueue(opts: {
  entities: RecordJson[];
  cfs_rq?: RecordJson;
  rq?: RecordJson;
  tasks?: RecordJson[];
  sys?: RecordJson;
}): Pick<Scenario, "rq" | "cfs_rq" | "se" | "task" | "sys"> {
  return {
    sys: { sysctl_sched_wakeup_granularity: MS, ...opts.sys },
    rq: [{ curr: 0, cfs: 0, nr_running: opts.entities.length, clock_task: "0", ...opts.rq }],
    cfs_rq: [{ rq: 0, nr_running: opts.entities.length, curr: 0, ...opts.cfs_rq }],
    se: opts.entities.map((e) => ({ cfs_rq: 0, on_rq: 1, ...e })),
    task: opts.entities.map((_, i) => ({ se: i, cpu: 0, on_cpu: i === 0 ? 1 : 0, ...opts.tasks?.[i] })),
  };
}
