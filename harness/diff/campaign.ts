// SPDX-License-Identifier: GPL-2.0-only
// `ple-parity diff A B`: the same generated scenarios of every target through
// two variants of the TS port. A case differs when any outcome word differs
// (ret, the trace of stubbed calls, any field of the post-state, the faults).
// Differences are grouped by target, by their first differing field (generic:
// se[].vruntime) and by the branch that made them: the port lines that only
// one side executed on that scenario (V8 block coverage, logged in a worker:
// harness/diff/branches.ts), less the lines every difference of the target
// shares (shown once per target). Each group's smallest example is shrunk
// with fast-check and confirmed on the C reference (both sides' outcomes of C
// and TS must agree). The result is data (DiffReport) for the text, --json
// and the HTML report.
import { sample, shrinkCaseAsync } from "../gen/draws.js";
import { encode, type Scenario } from "../scenario.js";
import { REGISTRY, runBoth, runTsWire } from "../run.js";
import { fieldName } from "../outcome.js";
import { FAULT_KINDS, FUNCTIONS, HEADER_WORDS, NIL, REC, TRACE_KINDS, type RecName } from "../layout.js";
import { TARGETS, targetByName } from "../targets/index.js";
import type { Family, TargetDef } from "../target.js";
import { branchLine, changedFunction, lineKey, type BranchLine } from "./branches.js";
import { BranchClient, type BranchPair } from "./branch-client.js";
import { sameCode, sideLabel, type Side } from "./sides.js";

export interface FieldDiff {
  field: string;
  a: string;
  b: string;
}

/** A branch line (see branchesOf) and the side that ran it. */
export interface BranchSideLine extends BranchLine {
  side: "A" | "B";
  /** in a group: the share of its cases that ran it */
  share?: number;
}

export interface DiffExample {
  /** the scenario, with side A's variants (side B: the same with B's) */
  scenario: Scenario;
  /** the index of the case it was shrunk from in its seeded batch */
  path: string;
  /** every differing word of the two outcomes, by name (at most 16) */
  differences: FieldDiff[];
  ret: { a: string; b: string };
  /** null when the C reference gives the same outcomes as the TS port on both sides, else what differs */
  divergence: string | null;
}

export interface DiffGroup {
  target: string;
  /** first differing field, record numbers dropped */
  field: string;
  /** functions the sides differ in that only one side ran ("B fair.ts deboost_yield_task_vruntime") */
  functions: string[];
  /** branch lines the group's cases ran, beyond the target's common ones, most frequent first */
  branch: BranchSideLine[];
  cases: number;
  example: DiffExample;
}

export interface TargetDiff {
  target: string;
  family: Family;
  cases: number;
  differing: number;
  /** differing cases by what differs (a case can count in several) */
  by: { ret: number; trace: number; state: number; faults: number };
  /** branch lines every differing case ran */
  common: BranchSideLine[];
  groups: DiffGroup[];
  ms: number;
}

export interface DiffReport {
  a: Side;
  b: Side;
  seed: number;
  runs: number;
  grouping: string;
  targets: TargetDiff[];
  skipped: { target: string; reason: string }[];
  elapsedMs: number;
}

export interface DiffOptions {
  a: Side;
  b: Side;
  /** the targets to compare (default: every target whose family's variants differ) */
  targets?: readonly string[];
  family?: Family;
  runs: number;
  seed: number;
  /** wall-clock budget of one group's shrink (ms; default 1000) */
  shrinkMs?: number;
  /** wall-clock budget of all of one target's shrinks, shared by its groups (ms; default 6000, at least 250 a group) */
  targetShrinkMs?: number;
  progress?: (t: TargetDiff) => void;
}

export const GROUPING =
  "target, first differing field (record numbers dropped), and the functions that differ between the sides that only one " +
  "side ran (V8 coverage of the TS port); a group's branch lines are the lines of one side's version of such a function " +
  "that the other's has not, that its cases ran";

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
const targetSeed = (seed: number, target: string): number =>
  (Math.imul((seed >>> 0) ^ 0x7f4a7c15, 0x85ebca6b) ^ fnv1a(target)) | 0;

const generic = (field: string): string => field.replace(/\[\d+\]/g, "[]");

const withSide = (scn: Scenario, s: Side): Scenario => ({ ...scn, variants: { cfs: s.cfs, kvm: s.kvm } });

interface Compared {
  wire: BigUint64Array;
  a: BigUint64Array;
  b: BigUint64Array;
  /** first differing word (from the end of the header), or -1 */
  first: number;
}

/** One scenario through both sides of the TS port (one encode: the wire is the same). */
function compare(scn: Scenario, o: DiffOptions): Compared {
  const wire = encode(scn, REGISTRY);
  const a = runTsWire(wire, withSide(scn, o.a));
  const b = runTsWire(wire, withSide(scn, o.b));
  let first = -1;
  const len = Math.max(a.length, b.length);
  for (let i = HEADER_WORDS; i < len; i++)
    if (a[i] !== b[i]) {
      first = i;
      break;
    }
  return { wire, a, b, first };
}

function kinds(r: Compared): { ret: boolean; trace: boolean; state: boolean; faults: boolean } {
  const k = { ret: false, trace: false, state: false, faults: false };
  for (let i = HEADER_WORDS; i < Math.max(r.a.length, r.b.length); i++) {
    if (r.a[i] === r.b[i]) continue;
    const f = fieldName(r.a, i);
    if (f === "ret") k.ret = true;
    else if (f.startsWith("trace")) k.trace = true;
    else if (f.startsWith("faults")) k.faults = true;
    else k.state = true;
  }
  return k;
}

interface CaseBranches {
  /** functions the sides differ in that only one side ran: "A fair.ts deboost_yield_task" */
  fns: Set<string>;
  /** branch lines that ran, keyed "A key" / "B key" */
  lines: Map<string, BranchSideLine>;
}

/**
 * What a case ran on one side only, where the sides' code differs: the
 * functions (branches.ts changedFunction) and the branch lines (branchLine:
 * lines of one side's version of such a function that the other's has not).
 */
function branchesOf(p: BranchPair, o: Pick<DiffOptions, "a" | "b">): CaseBranches {
  const pairs = [
    [o.a.cfs, o.b.cfs],
    [o.a.kvm, o.b.kvm],
  ] as const;
  const lines = new Map<string, BranchSideLine>();
  for (const l of p.a) if (branchLine(l, "A", pairs)) lines.set(`A ${lineKey(l)}`, { ...l, side: "A" });
  for (const l of p.b) if (branchLine(l, "B", pairs)) lines.set(`B ${lineKey(l)}`, { ...l, side: "B" });
  const ran = (ls: BranchLine[]) =>
    new Set(ls.filter((l) => changedFunction(l.file, l.fn, pairs)).map((l) => `${l.file} ${l.fn}`));
  const fa = ran(p.a);
  const fb = ran(p.b);
  const fns = new Set<string>([
    ...[...fa].filter((f) => !fb.has(f)).map((f) => `A ${f}`),
    ...[...fb].filter((f) => !fa.has(f)).map((f) => `B ${f}`),
  ]);
  return { fns, lines };
}

const fnSignature = (b: CaseBranches): string => [...b.fns].sort().join(", ");

/** An outcome word as a person reads it: names for trace calls and fault sites, NULL, signed values. */
export function readableWord(field: string, w: bigint): string {
  if (/^trace\[\d+\]\.call$/.test(field)) return TRACE_KINDS[Number(w)]?.name ?? `#${w}`;
  if (/^faults\[\d+\]\.kind$/.test(field)) return FAULT_KINDS[Number(w)] ?? `#${w}`;
  if (/^faults\[\d+\]\.fn$/.test(field)) return FUNCTIONS[Number(w)] ?? `#${w}`;
  if (field === "ret" || field.startsWith("trace") || field.startsWith("faults"))
    return BigInt.asIntN(64, w).toString();
  const m = /^(\w+)(?:\[\d+\])?\.(.+)$/.exec(field);
  const fl = m ? REC[m[1] as RecName]?.fields.find((f) => f.name === m[2]) : undefined;
  if (!fl) return w.toString();
  if (fl.kind === "ptr") return w === NIL ? "NULL" : w.toString();
  if (fl.kind === "bool") return w ? "true" : "false";
  if (fl.kind === "s64" || fl.kind === "int" || fl.kind === "idx") return BigInt.asIntN(64, w).toString();
  return w.toString();
}

function describeRet(t: TargetDef, words: BigUint64Array, i: number): string {
  const v = BigInt.asIntN(64, words[i]!);
  return t.describe ? `${v} (${t.describe(v)})` : v.toString();
}

function example(t: TargetDef, scn: Scenario, path: string, o: DiffOptions): DiffExample {
  const r = compare(scn, o);
  const differences: FieldDiff[] = [];
  let retIndex = -1;
  const lengths = { a: { trace: 0, faults: 0 }, b: { trace: 0, faults: 0 } };
  // a trace or fault entry past that side's count is no entry: "-"
  const value = (side: "a" | "b", f: string, w: bigint): string => {
    const m = /^(trace|faults)\[(\d+)\]/.exec(f);
    return m && Number(m[2]) >= lengths[side][m[1] as "trace" | "faults"] ? "-" : readableWord(f, w);
  };
  for (let i = HEADER_WORDS; i < r.a.length; i++) {
    const f = fieldName(r.a, i);
    if (f === "ret") retIndex = i;
    if (f === "trace.length" || f === "faults.length") {
      const k = f === "trace.length" ? "trace" : "faults";
      lengths.a[k] = Number(r.a[i]);
      lengths.b[k] = Number(r.b[i]);
    }
    if (r.a[i] !== r.b[i] && differences.length < 16)
      differences.push({ field: f, a: value("a", f, r.a[i]!), b: value("b", f, r.b[i]!) });
  }
  const confirm = (s: Side): string | null => {
    const both = runBoth(withSide(scn, s));
    return both.diff ? `${sideLabel(s)}: ${both.diff.field} C ${both.diff.c}, TS ${both.diff.ts}` : null;
  };
  const divergence = [confirm(o.a), confirm(o.b)].filter((x) => x !== null).join("; ") || null;
  return {
    scenario: withSide(scn, o.a),
    path,
    differences,
    ret: { a: describeRet(t, r.a, retIndex), b: describeRet(t, r.b, retIndex) },
    divergence,
  };
}

async function diffTarget(t: TargetDef, o: DiffOptions, branches: BranchClient): Promise<TargetDiff> {
  const t0 = performance.now();
  const seed = targetSeed(o.seed, t.name);
  const arb = t.arb.map((s) => withSide({ ...s, target: t.name }, o.a));
  const scenarios = sample(arb, seed, o.runs);
  const by = { ret: 0, trace: 0, state: 0, faults: 0 };
  const pending: { index: number; field: string; lines: Promise<BranchPair> }[] = [];
  for (const [index, scn] of scenarios.entries()) {
    const r = compare(scn, o);
    if (r.first < 0) continue;
    const k = kinds(r);
    for (const key of Object.keys(by) as (keyof typeof by)[]) if (k[key]) by[key]++;
    pending.push({ index, field: generic(fieldName(r.a, r.first)), lines: branches.lines(r.wire, t.name, o.a, o.b) });
  }
  const cases = await Promise.all(pending.map(async (p) => ({ ...p, br: branchesOf(await p.lines, o) })));
  // branch lines every difference of this target runs
  const common = new Set<string>(cases[0] ? cases[0].br.lines.keys() : []);
  for (const c of cases) for (const k of common) if (!c.br.lines.has(k)) common.delete(k);
  const groups = new Map<string, { field: string; fns: string; members: typeof cases }>();
  for (const c of cases) {
    const fns = fnSignature(c.br);
    const key = `${c.field}\n${fns}`;
    if (!groups.has(key)) groups.set(key, { field: c.field, fns, members: [] });
    groups.get(key)!.members.push(c);
  }
  const out: DiffGroup[] = [];
  const shrinkMs = Math.max(250, Math.min(o.shrinkMs ?? 1000, (o.targetShrinkMs ?? 6000) / Math.max(1, groups.size)));
  for (const g of groups.values()) {
    // the group's branch lines, most frequent first: those of every case, then the others
    const freq = new Map<string, { line: BranchSideLine; n: number }>();
    for (const c of g.members)
      for (const [k, l] of c.br.lines) if (!common.has(k)) freq.set(k, { line: l, n: (freq.get(k)?.n ?? 0) + 1 });
    const branch = [...freq.values()]
      .sort((x, y) => y.n - x.n || x.line.file.localeCompare(y.line.file) || x.line.line - y.line.line)
      .map(({ line, n }) => ({ ...line, share: n / g.members.length }));
    // shrink to the smallest case of the group (same field, same one-sided functions), within a time budget
    const first = g.members[0]!;
    const smallest = await shrinkCaseAsync(
      arb,
      seed,
      first.index,
      async (scn) => {
        const r = compare(scn, o);
        if (r.first < 0 || generic(fieldName(r.a, r.first)) !== g.field) return false;
        return fnSignature(branchesOf(await branches.lines(r.wire, t.name, o.a, o.b), o)) === g.fns;
      },
      shrinkMs,
    );
    out.push({
      target: t.name,
      field: g.field,
      functions: g.fns ? g.fns.split(", ") : [],
      branch,
      cases: g.members.length,
      example: example(t, smallest?.value ?? scenarios[first.index]!, String(first.index), o),
    });
  }
  out.sort((x, y) => y.cases - x.cases);
  return {
    target: t.name,
    family: t.family,
    cases: scenarios.length,
    differing: cases.length,
    by,
    common: cases[0] ? [...cases[0].br.lines.entries()].filter(([k]) => common.has(k)).map(([, l]) => l) : [],
    groups: out,
    ms: Math.round(performance.now() - t0),
  };
}

/** The targets a diff compares, and the ones it skips (same code on both sides). */
export function plan(o: Pick<DiffOptions, "a" | "b" | "targets" | "family">) {
  const chosen = o.targets
    ? o.targets.map(targetByName)
    : TARGETS.filter((t) => o.family === undefined || t.family === o.family);
  const skipped: DiffReport["skipped"] = [];
  const run: TargetDef[] = [];
  for (const t of chosen) {
    const why = sameCode(t.family, o.a, o.b);
    if (why) skipped.push({ target: t.name, reason: why });
    else run.push(t);
  }
  return { run, skipped };
}

export async function runDiff(o: DiffOptions): Promise<DiffReport> {
  const t0 = Date.now();
  const { run, skipped } = plan(o);
  const branches = new BranchClient();
  const targets: TargetDiff[] = [];
  try {
    for (const t of run) {
      const d = await diffTarget(t, o, branches);
      targets.push(d);
      o.progress?.(d);
    }
  } finally {
    await branches.close();
  }
  return {
    a: o.a,
    b: o.b,
    seed: o.seed,
    runs: o.runs,
    grouping: GROUPING,
    targets,
    skipped,
    elapsedMs: Date.now() - t0,
  };
}

export interface ScenarioDiff {
  /** first differing field (generic), or null when the outcomes are equal */
  field: string | null;
  differences: FieldDiff[];
  /** functions the sides differ in that only one side ran */
  functions: string[];
  branch: BranchSideLine[];
}

/** One scenario through both sides: what differs and the branch lines each side ran (starts a branch worker of its own unless given one). */
export async function diffScenario(scn: Scenario, a: Side, b: Side, branches?: BranchClient): Promise<ScenarioDiff> {
  const o = { a, b };
  const t = targetByName(scn.target);
  const r = compare(scn, o as DiffOptions);
  const own = branches ?? new BranchClient();
  try {
    const br = branchesOf(await own.lines(r.wire, scn.target, a, b), o);
    const ex = example(t, scn, "", o as DiffOptions);
    return {
      field: r.first < 0 ? null : generic(fieldName(r.a, r.first)),
      differences: ex.differences,
      functions: [...br.fns].sort(),
      branch: [...br.lines.values()],
    };
  } finally {
    if (!branches) await own.close();
  }
}
