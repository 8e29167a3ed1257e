// SPDX-License-Identifier: GPL-2.0-only
// Reading outcome words (DESIGN §5): the name of any word (so a difference
// is reported as "se[2].vruntime", "trace[0].rq" or "faults[0].fn"), the
// first differing word of two outcomes, and a readable form of one outcome.
import {
  RECORDS,
  ARRAY_RECS,
  HEADER_WORDS,
  TRACE_KINDS,
  TRACE_ARGS,
  TRACE_MAX,
  FAULT_KINDS,
  FAULT_WORDS,
  FAULT_MAX,
  UB_OPS,
  FUNCTIONS,
  NIL,
  type Field,
} from "./layout.js";
import { wireCounts, type RecordJson, type Json } from "./scenario.js";

export interface Difference {
  /** word index in the outcome */
  index: number;
  /** the field it holds, e.g. "se[2].vruntime" */
  field: string;
  c: bigint;
  ts: bigint;
}

const TRACE_W = 1 + TRACE_ARGS;

/** Where the out section (ret, trace, faults) starts in an outcome. */
export function outBase(words: BigUint64Array): number {
  const n = wireCounts(words);
  return HEADER_WORDS + RECORDS.reduce((s, r) => s + n[r.name] * r.fields.length, 0);
}

/** Where the faults section (count, then the faults) starts, from the out section's start. */
const FAULTS_AT = 2 + TRACE_MAX * TRACE_W;

/** Where an outcome's faults section starts: its count, then FAULT_WORDS per fault. */
export const faultsBase = (words: BigUint64Array): number => outBase(words) + FAULTS_AT;

/** How many faults an outcome records (0: none). */
export const faultCount = (words: BigUint64Array): number => Number(words[faultsBase(words)]);

const HEADER_NAMES = [
  "header.magic",
  "header.length",
  "header.target",
  "header.cfs",
  "header.kvm",
  ...ARRAY_RECS.map((r) => `header.nr_${r.name}`),
];

/** The field an outcome word holds. */
export function fieldName(words: BigUint64Array, index: number): string {
  if (index < HEADER_WORDS) return HEADER_NAMES[index]!;
  const n = wireCounts(words);
  let off = HEADER_WORDS;
  for (const r of RECORDS) {
    const size = n[r.name] * r.fields.length;
    if (index < off + size) {
      const rel = index - off;
      const i = Math.floor(rel / r.fields.length);
      const fl = r.fields[rel % r.fields.length]!;
      return r.singleton ? `${r.name}.${fl.name}` : `${r.name}[${i}].${fl.name}`;
    }
    off += size;
  }
  const rel = index - off;
  if (rel === 0) return "ret";
  if (rel === 1) return "trace.length";
  if (rel < FAULTS_AT) {
    const i = Math.floor((rel - 2) / TRACE_W);
    const j = (rel - 2) % TRACE_W;
    if (j === 0) return `trace[${i}].call`;
    const kind = TRACE_KINDS[Number(words[off + 2 + i * TRACE_W])];
    return `trace[${i}].${kind?.args[j - 1] ?? `arg${j - 1}`}`;
  }
  const f = rel - FAULTS_AT;
  if (f === 0) return "faults.length";
  return `faults[${Math.floor((f - 1) / FAULT_WORDS)}].${["kind", "fn", "op", "type", "lhs", "rhs"][(f - 1) % FAULT_WORDS]}`;
}

const halves = (a: BigUint64Array) => new Uint32Array(a.buffer, a.byteOffset, a.length * 2);

/** The first word where two outcomes of one scenario differ, or null. */
export function firstDifference(c: BigUint64Array, ts: BigUint64Array): Difference | null {
  // the common words compared as 32-bit halves (no BigInt per word); the first differing one is reported below
  const a = halves(c);
  const b = halves(ts);
  const common = Math.min(a.length, b.length);
  let h = 0;
  while (h < common && a[h] === b[h]) h++;
  if (h === common && c.length === ts.length) return null;
  const len = Math.max(c.length, ts.length);
  for (let i = h >> 1; i < len; i++) {
    if (c[i] !== ts[i])
      return { index: i, field: fieldName(c.length >= ts.length ? c : ts, i), c: c[i] ?? 0n, ts: ts[i] ?? 0n };
  }
  return null;
}

export interface TraceCall {
  call: string;
  args: Record<string, string>;
}

export interface Fault {
  kind: string;
  fn: string;
  op?: string;
  type?: string;
  lhs?: string;
  rhs?: string;
}

export interface ReadableOutcome {
  ret: string;
  trace: TraceCall[];
  faults: Fault[];
  /** post-state, in the scenario's JSON form */
  state: Record<string, Json>;
}

/** A field's word in the scenario's JSON form (the specification of jsonValue). */
function jsonOfWord(w: bigint, fl: Field): Json {
  switch (fl.kind) {
    case "u64":
      return w.toString();
    case "s64":
      return BigInt.asIntN(64, w).toString();
    case "bool":
      return w !== 0n;
    case "ptr":
      return w === NIL ? null : Number(w);
    default:
      return Number(BigInt.asIntN(64, w));
  }
}

/** A field's word in the scenario's JSON form (the u64 at word k of `words`; `u32` views its halves). */
function jsonValue(words: BigUint64Array, u32: Uint32Array, k: number, fl: Field): Json {
  if (k >= words.length) return jsonOfWord(words[k]!, fl); // a short outcome: as the word-by-word reading
  const lo = u32[2 * k + LO]!;
  const hi = u32[2 * k + HI]!;
  switch (fl.kind) {
    case "u64":
      return words[k]!.toString();
    case "s64":
      return BigInt.asIntN(64, words[k]!).toString();
    case "bool":
      return (lo | hi) !== 0;
    case "ptr":
      if (lo === 0xffffffff && hi === 0xffffffff) return null; // NIL
      return hi === 0 ? lo : Number(words[k]!);
    default:
      // Number(BigInt.asIntN(64, w)) without the BigInt where the word is a sign-extended 32-bit value
      if (hi === 0) return lo;
      if (hi === 0xffffffff) return lo - 0x1_0000_0000;
      return Number(BigInt.asIntN(64, words[k]!));
  }
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1;
const HI = 1 - LO;

/** Each record's member paths, split once. */
const PARTS: readonly (readonly string[])[][] = RECORDS.map((r) => r.fields.map((fl) => fl.name.split(".")));

function setPath(o: RecordJson, parts: readonly string[], v: Json): void {
  let cur = o;
  for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]!] ??= {}) as RecordJson;
  cur[parts[parts.length - 1]!] = v;
}

/** An outcome as a person reads it: ret, the stubbed calls, the faults, the post-state. */
export function readOutcome(words: BigUint64Array): ReadableOutcome {
  const n = wireCounts(words);
  const state: Record<string, Json> = {};
  const u32 = new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
  let off = HEADER_WORDS;
  for (let q = 0; q < RECORDS.length; q++) {
    const r = RECORDS[q]!;
    const parts = PARTS[q]!;
    const list: RecordJson[] = [];
    for (let i = 0; i < n[r.name]; i++) {
      const o: RecordJson = {};
      for (let k = 0; k < r.fields.length; k++) setPath(o, parts[k]!, jsonValue(words, u32, off++, r.fields[k]!));
      list.push(o);
    }
    state[r.name] = r.singleton ? list[0]! : list;
  }
  const ret = BigInt.asIntN(64, words[off]!).toString();
  const nTrace = Number(words[off + 1]);
  const trace: TraceCall[] = [];
  for (let i = 0; i < Math.min(nTrace, TRACE_MAX); i++) {
    const base = off + 2 + i * TRACE_W;
    const kind = TRACE_KINDS[Number(words[base])];
    const args: Record<string, string> = {};
    kind?.args.forEach((a, j) => (args[a] = BigInt.asIntN(64, words[base + 1 + j]!).toString()));
    trace.push({ call: kind?.name ?? `#${words[base]}`, args });
  }
  const fbase = off + FAULTS_AT;
  const faults: Fault[] = [];
  for (let i = 0; i < Math.min(Number(words[fbase]), FAULT_MAX); i++) {
    const e = fbase + 1 + i * FAULT_WORDS;
    const kind = FAULT_KINDS[Number(words[e])] ?? `#${words[e]}`;
    const fn = FUNCTIONS[Number(words[e + 1])] ?? "?";
    if (kind.startsWith("oops")) {
      faults.push({ kind, fn });
    } else {
      const type = Number(words[e + 3]);
      const signed = (type & 256) !== 0;
      const val = (x: bigint) => (signed ? BigInt.asIntN(type & 255, x) : BigInt.asUintN(type & 255, x)).toString();
      faults.push({
        kind,
        fn,
        op: UB_OPS[Number(words[e + 2])] ?? "?",
        type: `${signed ? "s" : "u"}${type & 255}`,
        lhs: val(words[e + 4]!),
        rhs: val(words[e + 5]!),
      });
    }
  }
  return { ret, trace, faults, state };
}

/** One line per fault, as a kernel log would say it. */
export function describeFault(f: Fault): string {
  if (f.kind === "oops-null") return `oops in ${f.fn}: NULL dereference`;
  if (f.kind === "oops-wild") return `oops in ${f.fn}: wild dereference`;
  if (f.kind === "ub-shift-exponent") return `UB in ${f.fn}: shift exponent ${f.rhs} for ${f.type} ${f.lhs}`;
  if (f.kind === "ub-signed-overflow") return `UB in ${f.fn}: signed overflow ${f.lhs} ${f.op} ${f.rhs} in ${f.type}`;
  return `UB in ${f.fn}: index ${f.lhs} out of bounds`;
}
