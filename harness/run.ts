// SPDX-License-Identifier: GPL-2.0-only
// Running scenarios: through the C reference (the addon), through the TS
// port, and through both with the comparison of their full outcomes.
import { encode, withCall, ScenarioError, type Scenario } from "./scenario.js";
import { buildTsWorld, encodeTsOutcome } from "./world.js";
import { firstDifference, type Difference } from "./outcome.js";
import { OUT_WORDS } from "./layout.js";
import { addon, nativeIds } from "./native.js";
import { TARGETS, targetByName } from "./targets/index.js";
import { sample, shrinkCase } from "./gen/draws.js";
import { VARIANTS, VARIANT_NAMES } from "../ts-port/index.js";
import { ple_set_world } from "../ts-port/kernel/world.js";
import { ple_faults, ple_faults_reset, is_null_deref, ple_oops } from "../ts-port/kernel/faults.js";
import type { sched_class } from "../ts-port/kernel/sched.js";

export const REGISTRY = { targets: TARGETS.map((t) => t.name), variants: VARIANT_NAMES };

/** rt, dl, idle, stop: no yield_to_task hook (as native/registry.c.in). */
const OTHER_CLASSES: sched_class[] = [1, 2, 3, 4].map((id) => ({
  __ple_id: id,
  yield_task: null,
  yield_to_task: null,
}));

/** Validate and encode for the addon (its target and variant numbers in the header). */
export function encodeForC(scn: Scenario): BigUint64Array {
  const wire = encode(scn, REGISTRY);
  const ids = nativeIds(scn.target, scn.variants.cfs, scn.variants.kvm);
  wire[2] = BigInt(ids.target);
  wire[3] = BigInt(ids.cfs);
  wire[4] = BigInt(ids.kvm);
  return wire;
}

/** The TS port on wire words already validated and encoded. */
export function runTsWire(wire: BigUint64Array, scn: Scenario): BigUint64Array {
  const target = targetByName(scn.target);
  const { cfs } = VARIANTS[scn.variants.cfs]!;
  const { kvm } = VARIANTS[scn.variants.kvm]!;
  const w = buildTsWorld(wire, scn.target, [cfs.fair_sched_class, ...OTHER_CLASSES], cfs.yield_to);
  ple_set_world(w);
  ple_faults_reset();
  try {
    target.run(w, cfs, kvm);
  } catch (e) {
    // A NULL dereference of the port is the kernel's oops; anything else is a harness bug.
    if (!is_null_deref(e)) throw e;
    ple_oops(e);
  }
  return encodeTsOutcome(wire, w, ple_faults());
}

export function runC(scn: Scenario): BigUint64Array {
  return addon().run(encodeForC(scn));
}

export function runTs(scn: Scenario): BigUint64Array {
  return runTsWire(encode(scn, REGISTRY), scn);
}

export interface BothOutcomes {
  c: BigUint64Array;
  ts: BigUint64Array;
  diff: Difference | null;
}

export const runBoth = (scn: Scenario): BothOutcomes => runBothWire(encodeForC(scn), scn);

/** Both sides on wire words already encoded for the addon (scn: its target and variants). */
export function runBothWire(wire: BigUint64Array, scn: Scenario): BothOutcomes {
  const c = addon().run(wire);
  const ts = runTsWire(wire, scn);
  return { c, ts, diff: firstDifference(c, ts) };
}

/**
 * The call of `scn` on the state of `state` (a wire, or an outcome's
 * post-state), encoded for the addon: a sequence's next step, without a
 * round trip through JSON.
 */
export function encodeCallOn(state: BigUint64Array, scn: Scenario): BigUint64Array {
  if (!REGISTRY.targets.includes(scn.target))
    throw new ScenarioError("target", `${JSON.stringify(scn.target)} is not a target`);
  const wire = withCall(state, scn.call ?? {});
  const ids = nativeIds(scn.target, scn.variants.cfs, scn.variants.kvm);
  wire[2] = BigInt(ids.target);
  wire[3] = BigInt(ids.cfs);
  wire[4] = BigInt(ids.kvm);
  return wire;
}

/** Many scenarios through the addon in one call; outcomes in order. */
export function runCBatch(wires: BigUint64Array[]): BigUint64Array[] {
  const all = new BigUint64Array(wires.reduce((s, w) => s + w.length, 0));
  let off = 0;
  for (const w of wires) {
    all.set(w, off);
    off += w.length;
  }
  const out = addon().runBatch(all);
  off = 0;
  return wires.map((w) => {
    const o = out.subarray(off, off + w.length + OUT_WORDS);
    off += w.length + OUT_WORDS;
    return o;
  });
}

/** The scenario with its family variants set. */
export const withVariants = (scn: Scenario, cfs: string, kvm: string): Scenario => ({ ...scn, variants: { cfs, kvm } });

export interface ParityFailure {
  scenario: Scenario;
  diff: Difference;
  seed: number;
}

/**
 * Parity property: `n` generated scenarios of a target on one variant pair,
 * C outcome == TS outcome word for word. The C side runs as one batch; on a
 * difference, the first differing case is shrunk by fast-check.
 */
export function checkParity(
  targetName: string,
  cfs: string,
  kvm: string,
  n: number,
  seed = Date.now() ^ (Math.random() * 0x7fffffff),
): ParityFailure | null {
  const arb = targetByName(targetName).arb.map((s) => withVariants({ ...s, target: targetName }, cfs, kvm));
  const batch = sample(arb, seed, n);
  const wires = batch.map(encodeForC);
  const outs = runCBatch(wires);
  const first = batch.findIndex((scn, i) => firstDifference(outs[i]!, runTsWire(wires[i]!, scn)) !== null);
  if (first < 0) return null;
  const shrunk = shrinkCase(arb, seed, first, (scn) => runBoth(scn).diff !== null);
  const scenario = shrunk?.value ?? batch[first]!;
  return { scenario, diff: runBoth(scenario).diff!, seed };
}
