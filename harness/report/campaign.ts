// SPDX-License-Identifier: GPL-2.0-only
// The report's campaign: the fuzzer's cells, batches and seeds (the same cases
// as `ple-parity fuzz --runs N --seed S`), run in this thread so that V8's
// coverage of this isolate sees the TS side and the instrumented addon's
// counters see the C side. Each distinct finding is shrunk and written as a
// counterexample file, as the fuzzer does.
import type { CellStats, Finding } from "../fuzz/campaign.js";
import { VARIANT_NAMES } from "../../ts-port/index.js";
import { batchSeed, cellKey, planCells, shardBatch, type Cell } from "../fuzz/plan.js";
import { CAMPAIGN_TARGETS, runBatch, shrinkFinding, type FindingKind } from "../fuzz/batch.js";
import { writeCounterexample } from "../fuzz/counterexample.js";

/** Cases per batch, as `fuzz --runs` uses. */
const BATCH = 256;

/** Wall-clock budget of one finding's shrink (the report's campaign is short). */
const SHRINK_MS = 500;

/** A cell's figures as the fuzzer keeps them, with its findings as a list (the report is JSON). */
export interface CampaignCell extends Omit<CellStats, "signatures"> {
  key: string;
  /** distinct findings (kind and signature) seen in this cell */
  findings: { kind: FindingKind; signature: string }[];
}

/** A finding and its counterexample file (shrunk: false = the smallest case within the shrink budget). */
export type CampaignFinding = Finding;

export interface CampaignResult {
  seed: number;
  runs: number;
  elapsedMs: number;
  cells: CampaignCell[];
  findings: CampaignFinding[];
}

/** Every target (and the stateful sequence) on every variant, as `fuzz` plans it. */
export const allCells = (): Cell[] => planCells(CAMPAIGN_TARGETS, VARIANT_NAMES, VARIANT_NAMES);

export function runCampaignInThread(o: { cells: Cell[]; runs: number; seed: number; outDir: string }): CampaignResult {
  const t0 = performance.now();
  const findings = new Map<string, CampaignFinding>();
  const cells: CampaignCell[] = [];
  for (const cell of o.cells) {
    const c0 = performance.now();
    const stats: CampaignCell = { key: cellKey(cell), ...cell, cases: 0, ms: 0, findings: [] };
    const mine = new Set<string>();
    for (let b = 0, done = 0; done < o.runs; b++) {
      const size = Math.min(BATCH, o.runs - done);
      const seed = batchSeed(o.seed, cell, shardBatch(b, { k: 1, n: 1 }));
      const r = runBatch(cell, seed, size);
      done += size;
      stats.cases += r.cases;
      for (const [sig, { verdict: v, index }] of r.seen) {
        if (!mine.has(sig)) {
          mine.add(sig);
          stats.findings.push({ kind: v.kind, signature: sig });
        }
        if (findings.has(sig)) continue;
        const { shrunk, ...cx } = shrinkFinding(cell, seed, index, v, SHRINK_MS);
        findings.set(sig, { kind: v.kind, signature: sig, file: writeCounterexample(o.outDir, cx), shrunk });
      }
    }
    stats.ms = Math.round(performance.now() - c0);
    cells.push(stats);
  }
  return {
    seed: o.seed,
    runs: o.runs,
    elapsedMs: Math.round(performance.now() - t0),
    cells,
    findings: [...findings.values()],
  };
}
