// SPDX-License-Identifier: GPL-2.0-only
// Line alignment of a C function and its TS twin for the side-by-side view.
// Each line is reduced to its words (identifiers, numbers, comment words)
// with the spelling differences of the port taken out (`->` vs `.`, NULL vs
// null, the 42n of a bigint, the int helpers u64()/s64(), type names); an
// LCS-style dynamic programme then pairs lines by similarity, in order.
// Unpaired lines between two pairs share rows; the shorter side is padded.

/** Words that only one side spells: types, declarations, the TS integer helpers. */
const NOISE = new Set([
  // C
  "static",
  "inline",
  "struct",
  "unsigned",
  "signed",
  "long",
  "int",
  "char",
  "void",
  "bool",
  "u8",
  "u16",
  "u32",
  "u64",
  "s32",
  "s64",
  "const",
  "likely",
  "unlikely",
  "read_once",
  "write_once",
  // TS
  "let",
  "function",
  "export",
  "number",
  "bigint",
  "boolean",
  "bigint",
  "shl_int",
  "shl_u64",
  "add_int",
]);

/** The words of a line that both sides share, lower case, in order. */
export function normalise(line: string): string[] {
  const words = line
    .replace(/\bNULL\b/g, "null")
    .replace(/\b(0x[0-9a-fA-F_]+|\d[\d_]*)(?:n|U|UL|ULL|L|LL)?\b/g, (_, d: string) => d.replace(/_/g, ""))
    .toLowerCase()
    .match(/[a-z_][a-z0-9_]*|0x[0-9a-f]+|\d+/g);
  return (words ?? []).filter((w) => !NOISE.has(w));
}

/** Punctuation-only lines (`{`, `}`, `} else {`) and blank lines pair only with their like. */
const shape = (line: string) => line.replace(/\s+/g, "");

/** Similarity of two lines in [0, 1]: the Dice coefficient of their word multisets. */
export function similarity(a: string, b: string, wa = normalise(a), wb = normalise(b)): number {
  if (!wa.length || !wb.length) {
    if (wa.length || wb.length) return 0;
    const sa = shape(a);
    if (sa !== shape(b)) return 0;
    return sa ? 0.3 : 0.1; // blank with blank: keeps paragraphs level
  }
  const count = new Map<string, number>();
  for (const w of wa) count.set(w, (count.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = count.get(w) ?? 0;
    if (n > 0) {
      common++;
      count.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

/** Below this, two lines are not the same statement. */
const MIN_SIMILARITY = 0.34;

/** A row of the side-by-side table: an index into each side's lines, or null for padding. */
export interface Row {
  c: number | null;
  ts: number | null;
  /** the two lines were paired as the same statement */
  paired: boolean;
}

/** Align two line lists; every line of each side appears once, in order. */
export function align(c: readonly string[], ts: readonly string[]): Row[] {
  const n = c.length;
  const m = ts.length;
  const wc = c.map((l) => normalise(l));
  const wt = ts.map((l) => normalise(l));
  const sim = (i: number, j: number) => {
    const s = similarity(c[i]!, ts[j]!, wc[i], wt[j]);
    return s >= MIN_SIMILARITY || (s > 0 && !wc[i]!.length) ? s : 0;
  };
  // best[i][j]: best total similarity of c[i..] against ts[j..]
  const best: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const simAt: Float64Array[] = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const s = sim(i, j);
      simAt[i]![j] = s;
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, s > 0 ? s + best[i + 1]![j + 1]! : 0);
    }
  // the pairs, in order
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    const s = simAt[i]![j]!;
    if (s > 0 && best[i]![j] === s + best[i + 1]![j + 1]!) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  // rows: the unpaired lines before each pair side by side, then the pair
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  const gap = (iEnd: number, jEnd: number) => {
    while (i < iEnd || j < jEnd) {
      rows.push({ c: i < iEnd ? i : null, ts: j < jEnd ? j : null, paired: false });
      if (i < iEnd) i++;
      if (j < jEnd) j++;
    }
  };
  for (const [pi, pj] of pairs) {
    gap(pi, pj);
    rows.push({ c: pi, ts: pj, paired: true });
    i = pi + 1;
    j = pj + 1;
  }
  gap(n, m);
  return rows;
}
