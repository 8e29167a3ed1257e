// SPDX-License-Identifier: GPL-2.0-only
// A differential campaign: hands batches of every cell to worker threads,
// writes each distinct finding as soon as it is reported (and again once
// shrunk), shows progress, and ends with a summary per target x variant.
// SIGINT/SIGTERM stop the workers; what was reported is already on disk.
import { Worker } from "node:worker_threads";
import cliProgress from "cli-progress";
import Table from "cli-table3";
import { batchSeed, shardBatch, type Cell, type Shard } from "./plan.js";
import { writeCounterexample } from "./counterexample.js";
import type { BatchJob, WorkerMessage } from "./worker.js";
import type { FindingKind } from "./batch.js";

export type FailOn = "divergence" | "fault" | "any";

export interface CampaignOptions {
  cells: Cell[];
  budgetMs?: number;
  runs?: number;
  seed: number;
  workers: number;
  shard: Shard;
  outDir: string;
  failOn: FailOn;
  stopOnFirst: boolean;
  /** where progress and the table go (stderr when --json owns stdout) */
  log: NodeJS.WritableStream;
  tty: boolean;
  batchSize?: number;
}

export interface CellStats {
  target: string;
  family: Cell["family"];
  cfs: string;
  kvm: string;
  cases: number;
  ms: number;
  signatures: Map<string, FindingKind>;
}

export interface Finding {
  kind: FindingKind;
  signature: string;
  file: string;
  shrunk: boolean;
}

export interface CampaignResult {
  seed: number;
  shard: Shard;
  elapsedMs: number;
  interrupted: boolean;
  cells: CellStats[];
  findings: Finding[];
  exitCode: 0 | 1;
}

/** Cases per batch: small under a time budget, so every cell gets its turn early. */
const BATCH_TIMED = 64;
const BATCH_RUNS = 256;

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const stats: CellStats[] = o.cells.map((c) => ({
    target: c.target,
    family: c.family,
    cfs: c.cfs,
    kvm: c.kvm,
    cases: 0,
    ms: 0,
    signatures: new Map(),
  }));
  const planned = o.cells.map(() => 0);
  const batchNo = o.cells.map(() => 0);
  const findings = new Map<string, Finding>();
  let next = 0;
  let stopping = false;
  let interrupted = false;
  let failure: Error | null = null;

  const size = o.batchSize ?? (o.runs === undefined ? BATCH_TIMED : BATCH_RUNS);
  const timeUp = () => o.budgetMs !== undefined && Date.now() - started >= o.budgetMs;
  /** The next batch, round-robin over cells that still want cases. */
  const nextJob = (): BatchJob | null => {
    if (stopping || timeUp()) return null;
    for (let tries = 0; tries < o.cells.length; tries++) {
      const i = next++ % o.cells.length;
      const want = o.runs === undefined ? size : Math.min(size, o.runs - planned[i]!);
      if (want <= 0) continue;
      planned[i]! += want;
      const seed = batchSeed(o.seed, o.cells[i]!, shardBatch(batchNo[i]!++, o.shard));
      return { type: "batch", cellIndex: i, cell: o.cells[i]!, seed, size: want };
    }
    return null;
  };

  const total = o.runs !== undefined ? o.runs * o.cells.length : undefined;
  const casesDone = () => stats.reduce((s, c) => s + c.cases, 0);
  const bar = o.tty
    ? new cliProgress.SingleBar(
        {
          stream: o.log,
          format: "{bar} {percentage}% | {value} cases | {rate} cases/s | {findings} findings | {left} left",
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const progressTotal = total ?? o.budgetMs ?? 1;
  bar?.start(progressTotal, 0, { rate: 0, findings: 0, left: "" });
  const report = () => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = Math.round(casesDone() / Math.max(elapsed, 0.001));
    const left =
      o.budgetMs !== undefined
        ? `${Math.max(0, Math.round(o.budgetMs / 1000 - elapsed))}s`
        : `${total! - casesDone()} cases`;
    if (bar)
      bar.update(total !== undefined ? casesDone() : Math.min(Date.now() - started, progressTotal), {
        rate,
        findings: findings.size,
        left,
        value: casesDone(),
      });
    else o.log.write(`progress: ${casesDone()} cases, ${rate} cases/s, ${findings.size} findings, ${left} left\n`);
  };
  const ticker = setInterval(report, bar ? 200 : 5000);

  const workers: Worker[] = [];
  const onSignal = () => {
    interrupted = true;
    stopping = true;
    for (const w of workers) void w.terminate();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  await new Promise<void>((resolveAll) => {
    let live = 0;
    const finish = (w: Worker) => {
      void w.terminate();
      if (--live === 0) resolveAll();
    };
    for (let k = 0; k < o.workers; k++) {
      const w = new Worker(new URL("./worker-boot.js", import.meta.url));
      workers.push(w);
      live++;
      const feed = () => {
        const job = nextJob();
        if (job) w.postMessage(job);
        else finish(w);
      };
      w.on("message", (m: WorkerMessage) => {
        if (m.type === "found") {
          const old = findings.get(m.cx.signature);
          if (!old || (m.shrunk && !old.shrunk)) {
            const file = writeCounterexample(o.outDir, m.cx);
            findings.set(m.cx.signature, { kind: m.cx.kind, signature: m.cx.signature, file, shrunk: m.shrunk });
            if (!old)
              for (const other of workers)
                if (other !== w) other.postMessage({ type: "known", signature: m.cx.signature });
          }
          if (o.stopOnFirst && m.shrunk && failsOn(o.failOn, m.cx.kind)) stopping = true;
        } else if (m.type === "done") {
          const s = stats[m.cellIndex]!;
          s.cases += m.cases;
          s.ms += m.ms;
          for (const v of m.signatures) s.signatures.set(v.signature, v.kind);
          feed();
        } else {
          failure = new Error(`worker failed: ${m.message}`);
          stopping = true;
          finish(w);
        }
      });
      w.on("error", (e) => {
        failure = e;
        stopping = true;
        finish(w);
      });
      w.on("exit", () => {
        if (interrupted && live > 0) {
          live = 0;
          resolveAll();
        }
      });
      feed();
    }
  });

  clearInterval(ticker);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  report();
  bar?.stop();
  if (failure) throw failure;
  const list = [...findings.values()];
  return {
    seed: o.seed,
    shard: o.shard,
    elapsedMs: Date.now() - started,
    interrupted,
    cells: stats,
    findings: list,
    exitCode: list.some((f) => failsOn(o.failOn, f.kind)) ? 1 : 0,
  };
}

export function failsOn(failOn: FailOn, kind: FindingKind): boolean {
  return failOn === "any" || (failOn === "divergence" ? kind === "divergence" : kind === "kernel-fault");
}

const variantsOf = (c: CellStats): string =>
  c.family === "compose" ? `cfs=${c.cfs} kvm=${c.kvm}` : c.family === "cfs" ? c.cfs : c.kvm;

/** The summary table: one row per target x variant. */
export function summaryTable(r: CampaignResult, color: boolean): string {
  const t = new Table({
    head: ["target", "variants", "cases", "divergence", "kernel-fault", "cases/s"],
    style: color ? undefined : { head: [], border: [] },
  });
  for (const c of r.cells) {
    const count = (k: FindingKind) => [...c.signatures.values()].filter((x) => x === k).length;
    t.push([
      c.target,
      variantsOf(c),
      c.cases,
      count("divergence"),
      count("kernel-fault"),
      c.ms > 0 ? Math.round((c.cases * 1000) / c.ms) : 0,
    ]);
  }
  return t.toString();
}

/** The machine summary of --json. */
export function summaryJson(r: CampaignResult): unknown {
  return {
    seed: r.seed,
    shard: `${r.shard.k}/${r.shard.n}`,
    elapsedMs: r.elapsedMs,
    interrupted: r.interrupted,
    exitCode: r.exitCode,
    cells: r.cells.map((c) => ({
      target: c.target,
      cfs: c.cfs,
      kvm: c.kvm,
      cases: c.cases,
      casesPerSecond: c.ms > 0 ? Math.round((c.cases * 1000) / c.ms) : 0,
      findings: [...c.signatures.entries()].map(([signature, kind]) => ({ kind, signature })),
    })),
    findings: r.findings,
  };
}
