// SPDX-License-Identifier: GPL-2.0-only
// The main thread's side of the branch-log worker: ask for the port lines a
// scenario executes on two variants; answers come back as promises, so the
// diff keeps running cases while the worker logs the differing ones.
import { Worker } from "node:worker_threads";
import type { BranchLine } from "./branches.js";
import type { BranchReply, BranchRequest } from "./branch-worker.js";

export interface BranchPair {
  a: BranchLine[];
  b: BranchLine[];
}

export class BranchClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (p: BranchPair) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly ready: Promise<void>;

  constructor() {
    this.worker = new Worker(new URL("./branch-worker-boot.js", import.meta.url));
    this.ready = new Promise((resolve, reject) => {
      this.worker.once("error", reject);
      this.worker.on("message", (m: BranchReply | { ready: true }) => {
        if ("ready" in m) return resolve();
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (!w) return;
        if ("error" in m) w.reject(new Error(`branch worker: ${m.error}`));
        else w.resolve({ a: m.a, b: m.b });
      });
    });
    this.worker.on("error", (e) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    });
  }

  async lines(wire: BigUint64Array, target: string, a: BranchRequest["a"], b: BranchRequest["b"]): Promise<BranchPair> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, wire, target, a, b } satisfies BranchRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
