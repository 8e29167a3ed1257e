// SPDX-License-Identifier: GPL-2.0-only
// A campaign worker: its own addon instance and TS port, running the batches
// the main thread hands it. A new signature is reported at once (as found),
// then again once shrunk, so an interrupted campaign keeps what it saw.
import { parentPort } from "node:worker_threads";
import { runBatch, foundCounterexample, shrinkFinding, type Counterexample, type FindingKind } from "./batch.js";
import type { Cell } from "./plan.js";

export interface BatchJob {
  type: "batch";
  cellIndex: number;
  cell: Cell;
  seed: number;
  size: number;
}

export type WorkerMessage =
  | { type: "found"; cx: Counterexample; shrunk: boolean }
  | {
      type: "done";
      cellIndex: number;
      cases: number;
      ms: number;
      signatures: { kind: FindingKind; signature: string }[];
    }
  | { type: "error"; message: string };

const known = new Set<string>();

function post(m: WorkerMessage): void {
  parentPort!.postMessage(m);
}

parentPort!.on("message", (m: BatchJob | { type: "known"; signature: string }) => {
  if (m.type === "known") {
    known.add(m.signature);
    return;
  }
  try {
    const t0 = performance.now();
    const r = runBatch(m.cell, m.seed, m.size);
    const ms = performance.now() - t0;
    for (const [sig, { verdict, index }] of r.seen) {
      if (known.has(sig)) continue;
      known.add(sig);
      post({ type: "found", cx: foundCounterexample(m.cell, m.seed, index, verdict), shrunk: false });
      const { shrunk, ...cx } = shrinkFinding(m.cell, m.seed, index, verdict);
      post({ type: "found", cx, shrunk });
    }
    const signatures = [...r.seen.values()].map(({ verdict }) => verdict);
    post({ type: "done", cellIndex: m.cellIndex, cases: r.cases, ms, signatures });
  } catch (e) {
    post({ type: "error", message: (e as Error).stack ?? String(e) });
  }
});
