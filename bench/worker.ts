// SPDX-License-Identifier: GPL-2.0-only
// A bench worker: its own addon instance and TS port; runs the differential
// loop of one row for the time it is given and says how much it did.
import { parentPort } from "node:worker_threads";
import { benchRows, differential, type Rate } from "./measure.js";

export interface DiffJob {
  row: string;
  cfs: string;
  kvm: string;
  seeds: number[];
  size: number;
  warmMs: number;
  ms: number;
}

/** A pure-JS busy loop: what the machine gives a thread, for comparison with the differential loop. */
export interface SpinJob {
  spin: true;
  ms: number;
}

export type DiffReply = { type: "ready" } | { type: "done"; rate: Rate } | { type: "error"; message: string };

const post = (m: DiffReply) => parentPort!.postMessage(m);

function spin(ms: number): Rate {
  let units = 0;
  let x = 1;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 100_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
    units++;
    t = performance.now();
  }
  if (x === 42) units++; // keep x alive
  return { units, ms: t - t0, cpuMs: NaN, perSecond: (units * 1000) / (t - t0), perCpuSecond: NaN };
}

parentPort!.on("message", (job: DiffJob | SpinJob) => {
  try {
    if ("spin" in job) {
      post({ type: "done", rate: spin(job.ms) });
      return;
    }
    const row = benchRows(job.cfs, job.kvm).find((r) => r.name === job.row)!;
    post({ type: "done", rate: differential(row, job.seeds, job.size, job.ms, job.warmMs) });
  } catch (e) {
    post({ type: "error", message: (e as Error).stack ?? String(e) });
  }
});
post({ type: "ready" });
