// SPDX-License-Identifier: GPL-2.0-only
// What a campaign covers: cells (target x variant pair) and the seed of each
// batch. Seeds hang on the cell's name and the batch number, not on cell order
// or worker count, so the same --seed draws the same cases; shard k of n takes
// batch numbers b with b % n == k - 1, so shards draw disjoint seed spaces.
import type { Family } from "../target.js";

export interface Cell {
  target: string;
  family: Family;
  cfs: string;
  kvm: string;
}

export const cellKey = (c: Cell): string =>
  `${c.target} ${c.family === "kvm" ? c.kvm : c.cfs}${c.family === "compose" ? "/" + c.kvm : ""}`;

export interface Shard {
  k: number;
  n: number;
}

/** Cells for targets and variant choices; a single-family target varies its own family only. */
export function planCells(
  targets: readonly { name: string; family: Family }[],
  cfsVariants: readonly string[],
  kvmVariants: readonly string[],
): Cell[] {
  const cells: Cell[] = [];
  for (const t of targets) {
    if (t.family === "cfs")
      for (const v of cfsVariants) cells.push({ target: t.name, family: t.family, cfs: v, kvm: v });
    else if (t.family === "kvm")
      for (const v of kvmVariants) cells.push({ target: t.name, family: t.family, cfs: v, kvm: v });
    else
      for (const c of cfsVariants)
        for (const k of kvmVariants) cells.push({ target: t.name, family: t.family, cfs: c, kvm: k });
  }
  return cells;
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** splitmix32 finaliser: spreads nearby inputs over the whole 32-bit space. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** The global batch number of a shard's b-th batch. */
export const shardBatch = (b: number, shard: Shard): number => b * shard.n + (shard.k - 1);

/** fast-check seed of one batch of one cell. */
export function batchSeed(seed: number, cell: Cell, globalBatch: number): number {
  return mix(mix(seed >>> 0) ^ fnv1a(cellKey(cell)) ^ mix(globalBatch + 0x9e3779b9)) | 0;
}

/** "1/2" -> {k: 1, n: 2}; the error names the option and the value. */
export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new Error(`--shard: ${JSON.stringify(s)} is not k/n with 1 <= k <= n`);
  return { k, n };
}
