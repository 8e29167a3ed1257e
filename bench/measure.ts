// SPDX-License-Identifier: GPL-2.0-only
// The three loops `npm run bench` times, on the same inputs (DESIGN §9):
// (a) the C-only loop inside the addon (benchBatch, timed in C), (b) the
// TS-only loop (runTsWire), (c) the full differential loop of the fuzzer
// (generate, encode, the C batch, the TS side, compare: runBatch). The
// inputs of (a) and (b) are the scenarios (c) generates from the same seeds.
import { sample, type Drawn } from "../harness/gen/draws.js";
import { encodeForC, runCBatch, runTsWire, withVariants } from "../harness/run.js";
import { addon } from "../harness/native.js";
import { runBatch, verdict, type Verdict } from "../harness/fuzz/batch.js";
import { runSequence, sequenceArb, SEQUENCE } from "../harness/sequence.js";
import { TARGETS, targetByName } from "../harness/targets/index.js";
import { kvmScenario } from "../harness/gen/kvm.js";
import { onSpinCall } from "../harness/targets/kvm.js";
import type { Cell } from "../harness/fuzz/plan.js";
import type { Scenario } from "../harness/scenario.js";

export interface BenchRow {
  /** the name in the table: a target, or a target with a pinned world size */
  name: string;
  cell: Cell;
  /** what a unit of work is: one call, or one step of a sequence */
  unit: "cases" | "steps";
  /** the generator when not the target's own */
  arb?: Drawn<Scenario>;
}

/** Every target on one variant pair, kvm_vcpu_on_spin with 64 vCPUs, and the stateful sequence. */
export function benchRows(cfs: string, kvm: string): BenchRow[] {
  const cell = (target: string, family: Cell["family"]): Cell => ({ target, family, cfs, kvm });
  const rows: BenchRow[] = TARGETS.map((t) => ({ name: t.name, cell: cell(t.name, t.family), unit: "cases" as const }));
  const spin = rows.findIndex((r) => r.name === "kvm_vcpu_on_spin");
  rows.splice(spin + 1, 0, {
    name: "kvm_vcpu_on_spin@64",
    cell: cell("kvm_vcpu_on_spin", "kvm"),
    unit: "cases",
    arb: kvmScenario("kvm_vcpu_on_spin", "inGuest", onSpinCall, 64),
  });
  rows.push({ name: SEQUENCE, cell: cell(SEQUENCE, "compose"), unit: "steps" });
  return rows;
}

/** The generator of a row, with its target and variants filled in (as the fuzzer's cellArbitrary). */
export function rowArb(row: BenchRow): Drawn<Scenario> {
  const { target, cfs, kvm } = row.cell;
  const arb = row.arb ?? (target === SEQUENCE ? sequenceArb : targetByName(target).arb);
  return arb.map((s) => withVariants({ ...s, target }, cfs, kvm));
}

/** One unit of the C and TS loops: wire words, and the scenario they encode (target, variants). */
export interface Input {
  wire: BigUint64Array;
  scn: Scenario;
}

export interface Prepared {
  inputs: Input[];
  /** every wire back to back: one benchBatch argument */
  batch: BigUint64Array;
}

/** The calls a sequence makes, step by step, as the differential loop makes them (runSequence). */
function sequenceInputs(seq: Scenario): Input[] {
  const out: Input[] = [];
  runSequence(seq, (wire, scn) => out.push({ wire, scn }));
  return out;
}

/** The inputs of `seeds.length` batches of `size`, exactly as the differential loop draws them. */
export function prepare(row: BenchRow, seeds: number[], size: number): Prepared {
  const arb = rowArb(row);
  const inputs: Input[] = [];
  for (const seed of seeds)
    for (const scn of sample(arb, seed, size)) {
      if (row.unit === "steps") inputs.push(...sequenceInputs(scn));
      else inputs.push({ wire: encodeForC(scn), scn });
    }
  const batch = new BigUint64Array(inputs.reduce((s, i) => s + i.wire.length, 0));
  let off = 0;
  for (const { wire } of inputs) {
    batch.set(wire, off);
    off += wire.length;
  }
  return { inputs, batch };
}

/**
 * Units done in a loop, with its wall-clock time and the CPU time it took
 * (the process's user + system time: the loop's thread and V8's GC threads;
 * the C loop: its thread's). Rates per CPU-second are what one core does,
 * whatever else the machine runs meanwhile; rates per wall second are what
 * the loop got.
 */
export interface Rate {
  units: number;
  ms: number;
  cpuMs: number;
  perSecond: number;
  perCpuSecond: number;
}

const rate = (units: number, ms: number, cpuMs: number): Rate => ({
  units,
  ms,
  cpuMs,
  perSecond: ms > 0 ? (units * 1000) / ms : 0,
  perCpuSecond: cpuMs > 0 ? (units * 1000) / cpuMs : 0,
});

/** Milliseconds of CPU time of the process since `from` (process.cpuUsage()). */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/** (a) The C-only loop: the whole batch, repeated for about `ms`, timed inside the addon. */
export function cOnly(p: Prepared, ms: number): Rate {
  const once = addon().benchBatch(p.batch, 1).wallNs / 1e6; // also the warm-up
  const reps = Math.max(1, Math.ceil(ms / Math.max(once, 1e-3)));
  const took = addon().benchBatch(p.batch, reps);
  return rate(reps * p.inputs.length, took.wallNs / 1e6, took.cpuNs / 1e6);
}

/** (b) The TS-only loop: decode, call, encode on the TS side, for about `ms` after one warm-up pass. */
export function tsOnly(p: Prepared, ms: number): Rate {
  for (const { wire, scn } of p.inputs) runTsWire(wire, scn);
  let units = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (const { wire, scn } of p.inputs) runTsWire(wire, scn);
    units += p.inputs.length;
    t = performance.now();
  }
  return rate(units, t - t0, cpuSince(c0));
}

/** One batch of the differential loop; units done (sequence: steps run). */
export function diffBatch(row: BenchRow, arb: Drawn<Scenario>, seed: number, size: number): number {
  if (row.unit === "cases") return runBatch(row.cell, seed, size, arb).cases;
  // sequence: as the fuzzer's runCaseByCase, counting the steps
  let steps = 0;
  const seen = new Set<string>();
  for (const scn of sample(arb, seed, size)) {
    const r = runSequence(scn);
    steps += r.steps;
    const v: Verdict | null = r.c && r.ts ? verdict(`${SEQUENCE}/${r.step!.target}`, r.c, r.ts) : null;
    if (v) seen.add(v.signature);
  }
  return steps;
}

/** (c) The differential loop over the same seeds (round robin), for about `ms` after `warmMs`. */
export function differential(row: BenchRow, seeds: number[], size: number, ms: number, warmMs = 0): Rate {
  const arb = rowArb(row);
  let k = 0;
  const loop = (budget: number): Rate => {
    let units = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    do {
      units += diffBatch(row, arb, seeds[k++ % seeds.length]!, size);
      t = performance.now();
    } while (t - t0 < budget);
    return rate(units, t - t0, cpuSince(c0));
  };
  if (warmMs > 0) loop(warmMs);
  return loop(ms);
}

/** Microseconds of CPU time per case in each stage of the differential loop (single-call targets). */
export interface Stages {
  generate: number;
  encode: number;
  c: number;
  ts: number;
  compare: number;
}

/**
 * The differential loop of runBatch taken apart, stage by stage, over the
 * same seeds: generate (seeded words, or fast-check), encode (validate + wire words), the C
 * batch (one addon call, marshalling included), the TS side, compare.
 */
export function stages(row: BenchRow, seeds: number[], size: number, rounds = 2): Stages | null {
  if (row.unit !== "cases") return null;
  const arb = rowArb(row);
  const t: Stages = { generate: 0, encode: 0, c: 0, ts: 0, compare: 0 };
  let cases = 0;
  for (let round = 0; round < rounds; round++) {
    if (round === 1) t.generate = t.encode = t.c = t.ts = t.compare = 0; // round 0 warms up
    for (const seed of seeds) {
      let c0 = process.cpuUsage();
      const scenarios = sample(arb, seed, size);
      t.generate += cpuSince(c0);
      c0 = process.cpuUsage();
      const wires = scenarios.map(encodeForC);
      t.encode += cpuSince(c0);
      c0 = process.cpuUsage();
      const cOut = runCBatch(wires);
      t.c += cpuSince(c0);
      c0 = process.cpuUsage();
      const tsOut = scenarios.map((scn, i) => runTsWire(wires[i]!, scn));
      t.ts += cpuSince(c0);
      c0 = process.cpuUsage();
      scenarios.forEach((_, i) => verdict(row.cell.target, cOut[i]!, tsOut[i]!));
      t.compare += cpuSince(c0);
      if (round > 0) cases += scenarios.length;
    }
  }
  const us = (ms: number) => (ms * 1000) / cases;
  return { generate: us(t.generate), encode: us(t.encode), c: us(t.c), ts: us(t.ts), compare: us(t.compare) };
}
