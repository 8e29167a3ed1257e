// SPDX-License-Identifier: GPL-2.0-only
// Per-line hit counts of one side (gcov for C, V8 for TS), keyed by the
// source file's path from the repository root, and what a range of lines
// adds up to (the coverage figure of one function).

export interface LineHit {
  /** times the line ran */
  count: number;
  /** the line ran, but some of its code did not (a branch not taken on that line) */
  partial: boolean;
}

/** file (repository-relative) -> line number (1-based) -> hits; absent lines are not executable */
export type LineCounts = Map<string, Map<number, LineHit>>;

/** Add one observation of a line (several TUs or several code ranges may report it). */
export function addHit(counts: LineCounts, file: string, line: number, count: number, partial: boolean): void {
  let m = counts.get(file);
  if (!m) counts.set(file, (m = new Map()));
  const old = m.get(line);
  if (!old) m.set(line, { count, partial });
  else m.set(line, { count: old.count + count, partial: old.partial || partial });
}

export interface RangeCoverage {
  /** executable lines in the range */
  lines: number;
  /** executable lines that ran */
  hit: number;
}

/** Executable and reached lines of `file` from `start` for `n` lines; null: no data for the file. */
export function rangeCoverage(counts: LineCounts | null, file: string, start: number, n: number): RangeCoverage | null {
  const m = counts?.get(file);
  if (!m) return null;
  let lines = 0;
  let hit = 0;
  for (let l = start; l < start + n; l++) {
    const h = m.get(l);
    if (!h) continue;
    lines++;
    if (h.count > 0) hit++;
  }
  return { lines, hit };
}

/** JSON form (for the campaign child's answer): [file, [[line, count, partial 0|1], ...]][] */
export type LineCountsJson = [string, [number, number, number][]][];

export const countsToJson = (c: LineCounts): LineCountsJson =>
  [...c].map(([f, m]) => [f, [...m].map(([l, h]) => [l, h.count, h.partial ? 1 : 0] as [number, number, number])]);

export const countsFromJson = (j: LineCountsJson): LineCounts =>
  new Map(j.map(([f, ls]) => [f, new Map(ls.map(([l, count, p]) => [l, { count, partial: p === 1 }]))]));
