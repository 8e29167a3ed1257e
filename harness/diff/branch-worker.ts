// SPDX-License-Identifier: GPL-2.0-only
// The branch-log worker: block coverage starts before the TS port is loaded
// (so every port function is counted block by block), then each request runs
// one scenario's wire on two variants and answers with the port lines each
// side executed (harness/diff/branches.ts).
import { parentPort } from "node:worker_threads";
import { BranchLog, type BranchLine } from "./branches.js";
import type { Scenario } from "../scenario.js";

export interface BranchRequest {
  id: number;
  wire: BigUint64Array;
  target: string;
  a: { cfs: string; kvm: string };
  b: { cfs: string; kvm: string };
}

export type BranchReply = { id: number; a: BranchLine[]; b: BranchLine[] } | { id: number; error: string };

const log = new BranchLog().start();
const { runTsWire } = await import("../run.js");

const scn = (target: string, variants: { cfs: string; kvm: string }) => ({ format: 1, target, variants }) as Scenario;

parentPort!.on("message", (m: BranchRequest) => {
  try {
    log.take();
    runTsWire(m.wire, scn(m.target, m.a));
    const a = log.take();
    runTsWire(m.wire, scn(m.target, m.b));
    const b = log.take();
    parentPort!.postMessage({ id: m.id, a, b } satisfies BranchReply);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).stack ?? String(e) } satisfies BranchReply);
  }
});
parentPort!.postMessage({ ready: true });
