// SPDX-License-Identifier: GPL-2.0-only
// npm run bench [-- --json] [--targets a,b] [--cfs V] [--kvm V] [--seconds S]
//   [--size N] [--batches K] [--workers N] [--seed S] [--out FILE]
// For every target, on the same pre-generated inputs: cases/s of (a) the
// C-only loop inside the addon, (b) the TS-only loop, (c) the differential
// loop (generate, marshal, both sides, compare), the ratios (c)/(b) and
// (c)/(a), and (c) on one worker thread against one per core. A table on
// stdout (stderr with --json, which puts the JSON on stdout); --out also
// writes the JSON to a file. Measurements only: nothing here asserts.
import { availableParallelism, cpus, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import Table from "cli-table3";
import { VARIANT_NAMES } from "../ts-port/index.js";
import {
  benchRows,
  cOnly,
  differential,
  prepare,
  stages,
  tsOnly,
  type BenchRow,
  type Rate,
  type Stages,
} from "./measure.js";
import type { DiffJob, DiffReply, SpinJob } from "./worker.js";

const USAGE =
  "usage: npm run bench -- [--json] [--targets a,b] [--cfs V] [--kvm V] [--seconds S] [--size N] [--batches K] [--workers N] [--seed S] [--out FILE]";

interface Options {
  json: boolean;
  out?: string;
  targets?: string[];
  cfs: string;
  kvm: string;
  ms: number;
  size: number;
  batches: number;
  workers: number;
  seed: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean", default: false },
      out: { type: "string" },
      targets: { type: "string" },
      cfs: { type: "string", default: "rfc-v1" },
      kvm: { type: "string", default: "rfc-v1" },
      seconds: { type: "string", default: "0.5" },
      size: { type: "string", default: "64" },
      batches: { type: "string", default: "16" },
      workers: { type: "string", default: String(availableParallelism()) },
      seed: { type: "string", default: "1" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    process.exit(0);
  }
  const num = (name: string, s: string, min: number): number => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: ${JSON.stringify(s)} is not a number >= ${min}`);
    return n;
  };
  for (const fam of ["cfs", "kvm"] as const)
    if (!VARIANT_NAMES.includes(values[fam]))
      throw new Error(
        `--${fam}: ${JSON.stringify(values[fam])} is not a variant (variants: ${VARIANT_NAMES.join(", ")})`,
      );
  return {
    json: values.json,
    out: values.out,
    targets: values.targets?.split(","),
    cfs: values.cfs,
    kvm: values.kvm,
    ms: num("seconds", values.seconds, 0.01) * 1000,
    size: Math.round(num("size", values.size, 1)),
    batches: Math.round(num("batches", values.batches, 1)),
    workers: Math.round(num("workers", values.workers, 1)),
    seed: Math.round(num("seed", values.seed, 0)),
  };
}

/** Worker threads booted once and reused for every row. */
class Pool {
  private readonly workers: Worker[] = [];
  private constructor() {}

  static async start(n: number): Promise<Pool> {
    const pool = new Pool();
    await Promise.all(
      Array.from({ length: n }, () => {
        const w = new Worker(new URL("./worker-boot.js", import.meta.url));
        pool.workers.push(w);
        return new Promise<void>((resolve, reject) => {
          w.once("message", (m: DiffReply) => (m.type === "ready" ? resolve() : reject(new Error(JSON.stringify(m)))));
          w.once("error", reject);
        });
      }),
    );
    return pool;
  }

  /** The differential loop (or a busy loop) on the first `n` workers at once; the sum of their rates. */
  async run(n: number, job: DiffJob | SpinJob): Promise<Rate> {
    const rates = await Promise.all(
      this.workers.slice(0, n).map(
        (w, j) =>
          new Promise<Rate>((resolve, reject) => {
            w.once("message", (m: DiffReply) => {
              if (m.type === "done") resolve(m.rate);
              else reject(new Error(m.type === "error" ? m.message : "unexpected message"));
            });
            if ("spin" in job) {
              w.postMessage(job);
              return;
            }
            // each worker starts at another batch, so they do not run the same cases in step
            const shift = Math.floor((j * job.seeds.length) / n);
            w.postMessage({
              ...job,
              seeds: [...job.seeds.slice(shift), ...job.seeds.slice(0, shift)],
            } satisfies DiffJob);
          }),
      ),
    );
    const sum = (f: (r: Rate) => number) => rates.reduce((s, r) => s + f(r), 0);
    return {
      units: sum((r) => r.units),
      ms: Math.max(...rates.map((r) => r.ms)),
      cpuMs: sum((r) => r.cpuMs),
      perSecond: sum((r) => r.perSecond),
      perCpuSecond: NaN, // process-wide CPU time cannot be split between workers
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One row; (a), (b), (c) per CPU-second (one core's rate), the worker runs per wall second. */
export interface RowResult {
  target: string;
  unit: BenchRow["unit"];
  inputs: number;
  cOnly: number;
  tsOnly: number;
  differential: number;
  diffOverTs: number;
  diffOverC: number;
  oneWorker: number;
  allWorkers: number;
  workers: number;
  scaling: number;
  /** the same loops per wall second, as measured (lower when the machine is shared) */
  wall: { cOnly: number; tsOnly: number; differential: number };
  /** µs of CPU per case in each stage of the differential loop */
  stagesUs: Stages | null;
}

export interface Goal {
  goal: string;
  target: number;
  measured: number;
  met: boolean;
}

function goals(rows: RowResult[], workers: number): Goal[] {
  const out: Goal[] = [];
  const row = (name: string) => rows.find((r) => r.target === name);
  const add = (goal: string, target: number, measured: number | undefined) =>
    measured !== undefined && out.push({ goal, target, measured, met: measured >= target });
  add("pick_next_entity differential cases/s per core", 200_000, row("pick_next_entity")?.differential);
  add("kvm_vcpu_on_spin (64 vCPUs) differential cases/s per core", 50_000, row("kvm_vcpu_on_spin@64")?.differential);
  add("sequence differential steps/s per core", 20_000, row("sequence")?.differential);
  if (workers >= 2 && rows.length)
    add(`speed-up with ${workers} workers (lowest target)`, 1.7, Math.min(...rows.map((r) => r.scaling)));
  if (rows.length)
    add("(c)/(b) differential / TS-only (lowest target)", 0.3, Math.min(...rows.map((r) => r.diffOverTs)));
  return out;
}

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const ratio = (x: number): string => x.toFixed(x < 0.1 ? 3 : 2);

function stageTable(rows: RowResult[], color: boolean): string {
  const t = new Table({
    head: ["target", "generate", "encode", "C batch", "TS side", "compare", "total µs/case"],
    style: color ? undefined : { head: [], border: [] },
    colAligns: ["left", "right", "right", "right", "right", "right", "right"],
  });
  const us = (x: number) => x.toFixed(1);
  for (const r of rows) {
    const s = r.stagesUs;
    if (!s) continue;
    t.push([
      r.target,
      us(s.generate),
      us(s.encode),
      us(s.c),
      us(s.ts),
      us(s.compare),
      us(s.generate + s.encode + s.c + s.ts + s.compare),
    ]);
  }
  return t.toString();
}

function table(rows: RowResult[], workers: number, color: boolean): string {
  const t = new Table({
    head: [
      "target",
      "unit",
      "(a) C-only",
      "(b) TS-only",
      "(c) diff",
      "(c)/(b)",
      "(c)/(a)",
      "(c) 1 worker",
      `(c) ${workers} workers`,
      "speed-up",
    ],
    style: color ? undefined : { head: [], border: [] },
    colAligns: ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right"],
  });
  for (const r of rows)
    t.push([
      r.target,
      r.unit,
      int(r.cOnly),
      int(r.tsOnly),
      int(r.differential),
      ratio(r.diffOverTs),
      ratio(r.diffOverC),
      int(r.oneWorker),
      int(r.allWorkers),
      ratio(r.scaling),
    ]);
  return t.toString();
}

export async function main(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = options(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const log = o.json ? process.stderr : process.stdout;
  const all = benchRows(o.cfs, o.kvm);
  const unknown = (o.targets ?? []).filter((t) => !all.some((r) => r.name === t));
  if (unknown.length) {
    process.stderr.write(`--targets: ${unknown.join(", ")} not known (rows: ${all.map((r) => r.name).join(", ")})\n`);
    return 2;
  }
  const rows = o.targets ? all.filter((r) => o.targets!.includes(r.name)) : all;
  const seeds = Array.from({ length: o.batches }, (_, k) => (o.seed + k) | 0);
  const warmMs = Math.min(300, o.ms / 2);
  const load0 = loadavg();
  const pool = await Pool.start(o.workers);
  const results: RowResult[] = [];
  const started = Date.now();
  /** How much faster N busy threads go than one, now: the cores this machine has free. */
  const machineSpeedup = async (): Promise<number> =>
    o.workers > 1
      ? (await pool.run(o.workers, { spin: true, ms: o.ms })).perSecond /
        (await pool.run(1, { spin: true, ms: o.ms })).perSecond
      : 1;
  const free: number[] = [];
  try {
    free.push(await machineSpeedup());
    for (const row of rows) {
      const prep = prepare(row, seeds, o.size);
      const a = cOnly(prep, o.ms);
      const b = tsOnly(prep, o.ms);
      const c = differential(row, seeds, o.size, o.ms, warmMs);
      const job: DiffJob = { row: row.name, cfs: o.cfs, kvm: o.kvm, seeds, size: o.size, warmMs, ms: o.ms };
      const one = await pool.run(1, job);
      const many = o.workers > 1 ? await pool.run(o.workers, job) : one;
      const r: RowResult = {
        target: row.name,
        unit: row.unit,
        inputs: prep.inputs.length,
        cOnly: a.perCpuSecond,
        tsOnly: b.perCpuSecond,
        differential: c.perCpuSecond,
        diffOverTs: c.perCpuSecond / b.perCpuSecond,
        diffOverC: c.perCpuSecond / a.perCpuSecond,
        oneWorker: one.perSecond,
        allWorkers: many.perSecond,
        workers: o.workers,
        scaling: many.perSecond / one.perSecond,
        wall: { cOnly: a.perSecond, tsOnly: b.perSecond, differential: c.perSecond },
        stagesUs: stages(row, seeds.slice(0, Math.min(seeds.length, 4)), o.size),
      };
      results.push(r);
      process.stderr.write(
        `${row.name}: C ${int(r.cOnly)}, TS ${int(r.tsOnly)}, diff ${int(r.differential)} ${row.unit}/CPU-s; x${ratio(r.scaling)} on ${o.workers} workers\n`,
      );
    }
    free.push(await machineSpeedup());
  } finally {
    await pool.stop();
  }
  const met = goals(results, o.workers);
  const cpu = cpus()[0]?.model ?? "?";
  const report = {
    format: "ple-parity-bench/1",
    date: new Date().toISOString(),
    machine: {
      cpu,
      cores: availableParallelism(),
      node: process.version,
      loadAverage: { before: load0, after: loadavg() },
      /** a pure-JS busy loop on all workers against one, before and after the rows: the cores that were free */
      busyLoopSpeedup: free,
    },
    variants: { cfs: o.cfs, kvm: o.kvm },
    settings: { secondsPerLoop: o.ms / 1000, batchSize: o.size, batches: o.batches, workers: o.workers, seed: o.seed },
    elapsedSeconds: (Date.now() - started) / 1000,
    rows: results,
    goals: met,
  };
  const color = Boolean((log as NodeJS.WriteStream).isTTY);
  log.write(
    `variants cfs=${o.cfs} kvm=${o.kvm}; ${o.batches} batches of ${o.size}; ${o.ms / 1000} s per loop; ${cpu}, ` +
      `${availableParallelism()} cores, load average ${load0[0]!.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after; node ${process.version}\n`,
  );
  log.write(
    "(a) (b) (c): cases (sequence: steps) per CPU-second, i.e. per core; workers: per wall second, summed over the workers\n",
  );
  if (o.workers > 1)
    log.write(
      `a pure-JS busy loop went x${free.map(ratio).join(" before the rows, x")} after on ${o.workers} workers: ` +
        "the machine's free cores bound the speed-up column\n",
    );
  log.write(table(results, o.workers, color) + "\n");
  log.write(
    "The differential loop by stage, µs of CPU per case (generate = seeded words or fast-check, encode = validate + wire words):\n",
  );
  log.write(stageTable(results, color) + "\n");
  for (const g of met)
    log.write(
      `${g.met ? "met    " : "not met"}  ${g.goal}: ${g.target < 10 ? ratio(g.measured) : int(g.measured)} (target >= ${g.target < 10 ? g.target : int(g.target)})\n`,
    );
  const json = JSON.stringify(report, null, 2) + "\n";
  if (o.out) writeFileSync(o.out, json);
  if (o.json) process.stdout.write(json);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
