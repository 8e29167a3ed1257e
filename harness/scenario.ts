// SPDX-License-Identifier: GPL-2.0-only
// The scenario: JSON data naming records by index (DESIGN §7). validate()
// is the door every scenario passes (CLI file, library call, addon wrapper):
// it names the field and the value it rejects. encode() turns a valid
// scenario into the wire words both sides decode.
import { RECORDS, ARRAY_RECS, HEADER_WORDS, WIRE_MAGIC, NIL, type Field, type Rec, type RecName } from "./layout.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type RecordJson = { [k: string]: Json };

export interface Scenario {
  format: 1;
  target: string;
  variants: { cfs: string; kvm: string };
  sys?: RecordJson;
  call?: RecordJson;
  kvm?: RecordJson[];
  rq?: RecordJson[];
  cfs_rq?: RecordJson[];
  se?: RecordJson[];
  task?: RecordJson[];
  vcpu?: RecordJson[];
  /** the events of the stateful target `sequence` (harness/sequence.ts) */
  steps?: Json[];
}

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ScenarioError";
  }
}

const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
const TOP_KEYS = new Set(["format", "target", "variants", "steps", ...RECORDS.map((r) => r.name)]);

export interface Registry {
  targets: readonly string[];
  variants: readonly string[];
}

const show = (v: unknown): string => (typeof v === "bigint" ? `${v}n` : (JSON.stringify(v) ?? String(v)));

function records(scn: Scenario, r: Rec): RecordJson[] {
  const v = (scn as unknown as Record<string, unknown>)[r.name];
  if (r.singleton) return [(v ?? {}) as RecordJson];
  return (v ?? []) as RecordJson[];
}

/**
 * Per record, what validation looks up for every scenario (the hot path of
 * the fuzzer): each field's member path split once, and the tree of its
 * member names (field names and their proper prefixes, "load" of "load.weight").
 */
interface CompiledRec {
  rec: Rec;
  parts: string[][];
  /** the field names and their proper dotted prefixes as a tree of member names, looked up key by key */
  keys: KeyNode;
}
interface KeyNode {
  /** this path is a field name / a proper prefix of one */
  name: boolean;
  prefix: boolean;
  children: Map<string, KeyNode>;
}
const COMPILED: readonly CompiledRec[] = RECORDS.map((rec) => {
  const parts = rec.fields.map((fl) => fl.name.split("."));
  const names = new Set(rec.fields.map((fl) => fl.name));
  const prefixes = new Set<string>();
  for (const ps of parts) for (let k = 1; k < ps.length; k++) prefixes.add(ps.slice(0, k).join("."));
  const keys: KeyNode = { name: false, prefix: false, children: new Map() };
  for (const ps of parts)
    ps.reduce((node, part, k) => {
      const path = ps.slice(0, k + 1).join(".");
      let child = node.children.get(part);
      if (!child)
        node.children.set(part, (child = { name: names.has(path), prefix: prefixes.has(path), children: new Map() }));
      return child;
    }, keys);
  return { rec, parts, keys };
});
const SE_REC = RECORDS.find((r) => r.name === "se")!;
const SE_RANK = SE_REC.fields.findIndex((f) => f.name === "run_node.rank");
const SE_CFS_RQ = SE_REC.fields.findIndex((f) => f.name === "cfs_rq");

/** Read a member path (split at its dots); undefined when absent. */
function getPath(obj: RecordJson, parts: readonly string[]): Json | undefined {
  let cur: Json | undefined = obj;
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as RecordJson)[parts[i]!];
  }
  return cur;
}

/** Where record i of r is, for an error message. */
const at = (r: Rec, i: number): string => (r.singleton ? r.name : `${r.name}[${i}]`);

/**
 * Every key of a record must be a field of the layout (or a prefix of one).
 * `node` is the key tree at `prefix`; a key with a dot in it (no member name
 * has one) is looked up as the whole dotted path instead, as is all below it.
 */
function checkKeys(obj: RecordJson, c: CompiledRec, i: number, node: KeyNode | null, prefix = ""): void {
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
    const v = obj[k];
    const child = node?.children.get(k);
    let isName: boolean, isPrefix: boolean;
    if (child !== undefined) {
      isName = child.name;
      isPrefix = child.prefix;
    } else {
      // Not a member here. A dotted key ("load.weight") is no member either: member paths are
      // written as nested objects, and reading the key as a path would drop its value silently.
      isName = isPrefix = false;
    }
    if (isPrefix && v !== null && typeof v === "object" && !Array.isArray(v)) {
      checkKeys(v as RecordJson, c, i, child ?? null, prefix + k + ".");
    } else if (!isName) {
      throw new ScenarioError(
        `${at(c.rec, i)}.${prefix + k}`,
        `unknown field of ${c.rec.name} (fields: ${c.rec.fields.map((x) => x.name).join(", ")})`,
      );
    }
  }
}

function counts(scn: Scenario): Record<RecName, number> {
  return Object.fromEntries(RECORDS.map((r) => [r.name, records(scn, r).length])) as Record<RecName, number>;
}

/** The error of one field's value (built only when there is one). */
function badValue(r: Rec, i: number, fl: Field, v: Json | undefined, what: string): never {
  throw new ScenarioError(`${at(r, i)}.${fl.name}`, `${show(v)} is not ${what}`);
}

const DECIMAL = /^-?\d+$/;
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1;
const HI = 1 - LO;

/**
 * Check the value of field fl of record i of r and write it as word `off`
 * of the wire, or throw a ScenarioError naming it. A field that is a number
 * is written as the two 32-bit halves of its word (`u32` views the wire), so
 * no BigInt is made for it.
 */
function putField(
  wire: BigUint64Array,
  u32: Uint32Array,
  off: number,
  v: Json | undefined,
  fl: Field,
  r: Rec,
  i: number,
  n: Record<RecName, number>,
): void {
  if (v === undefined) v = fl.def as Json;
  let lo: number;
  switch (fl.kind) {
    case "u64":
    case "s64": {
      const big = typeof v === "string" && DECIMAL.test(v) ? BigInt(v) : typeof v === "bigint" ? v : undefined;
      if (fl.kind === "u64") {
        if (big === undefined || big < 0n || big > U64_MAX)
          badValue(r, i, fl, v, "a u64 (a decimal string from 0 to 18446744073709551615)");
      } else if (big === undefined || big < S64_MIN || big > S64_MAX)
        badValue(r, i, fl, v, "an s64 (a decimal string from -9223372036854775808 to 9223372036854775807)");
      wire[off] = big!; // stored modulo 2^64: BigInt.asUintN(64, big)
      return;
    }
    case "u32":
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xffffffff)
        badValue(r, i, fl, v, "a u32 (an integer from 0 to 4294967295)");
      lo = v as number;
      break;
    case "int":
      if (!Number.isInteger(v) || (v as number) < -0x80000000 || (v as number) > 0x7fffffff)
        badValue(r, i, fl, v, "an int (an integer from -2147483648 to 2147483647)");
      u32[2 * off + LO] = (v as number) >>> 0;
      u32[2 * off + HI] = (v as number) < 0 ? 0xffffffff : 0; // BigInt.asUintN(64, BigInt(v))
      return;
    case "bool":
      if (typeof v !== "boolean") badValue(r, i, fl, v, "a boolean");
      lo = v ? 1 : 0;
      break;
    case "class":
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 4)
        badValue(r, i, fl, v, "a scheduling class (0 fair, 1 rt, 2 dl, 3 idle, 4 stop)");
      lo = v as number;
      break;
    case "ptr":
    case "idx": {
      const max = n[fl.rec!];
      if (v === null && fl.kind === "ptr" && !fl.required && !fl.embedded) {
        u32[2 * off + LO] = u32[2 * off + HI] = 0xffffffff; // NIL
        return;
      }
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= max)
        throw new ScenarioError(
          `${at(r, i)}.${fl.name}`,
          `${show(v)} is not an index of ${fl.rec} (there are ${max} ${fl.rec} records${fl.kind === "ptr" && !fl.required && !fl.embedded ? "; null for NULL" : ""})`,
        );
      lo = v as number;
      break;
    }
  }
  u32[2 * off + LO] = lo;
  u32[2 * off + HI] = 0;
}

/** Check record i of c.rec (a JSON object) and write its fields as the words from `off`. */
function putRecord(
  wire: BigUint64Array,
  u32: Uint32Array,
  off: number,
  obj: RecordJson,
  c: CompiledRec,
  i: number,
  n: Record<RecName, number>,
): void {
  const r = c.rec;
  if (obj === null || typeof obj !== "object" || Array.isArray(obj))
    throw new ScenarioError(at(r, i), "must be an object");
  checkKeys(obj, c, i, c.keys);
  for (let k = 0; k < r.fields.length; k++)
    putField(wire, u32, off + k, getPath(obj, c.parts[k]!), r.fields[k]!, r, i, n);
}

/** The body of the wire being built, and where each record type's words start in it. */
interface Words {
  wire: BigUint64Array;
  base: Record<RecName, number>;
}
const wordOf = (w: Words, r: Rec, i: number, k: number): bigint => w.wire[w.base[r.name] + i * r.fields.length + k]!;

/** Structural invariants the marshalling relies on; the same checks as native/world.c. */
function checkStructure(words: Words, n: Record<RecName, number>): void {
  for (const r of RECORDS) {
    for (let k = 0; k < r.fields.length; k++) {
      const fl = r.fields[k]!;
      if (fl.embedded) {
        const owner = new Map<bigint, number>();
        for (let i = 0; i < n[r.name]; i++) {
          const t = wordOf(words, r, i, k);
          if (owner.has(t))
            throw new ScenarioError(
              `${r.name}[${i}].${fl.name}`,
              `${fl.rec} ${t} is already embedded in ${r.name}[${owner.get(t)}]`,
            );
          owner.set(t, i);
        }
      }
      if (fl.acyclic) {
        for (let i = 0; i < n[r.name]; i++) {
          let cur = BigInt(i);
          for (let steps = 0; cur !== NIL; steps++) {
            if (steps > n[r.name])
              throw new ScenarioError(
                `${r.name}[${i}].${fl.name}`,
                `following ${fl.name} from ${r.name}[${i}] never ends (a cycle)`,
              );
            cur = wordOf(words, r, Number(cur), k);
          }
        }
      }
    }
  }
  checkRanks(words, n);
  checkTaskEntities(words, n);
}

/**
 * An entity without my_q is a task's (entity_is_task), and task_of() finds
 * its task by container_of: it must be some task's embedded se.
 */
function checkTaskEntities(words: Words, n: Record<RecName, number>): void {
  const task = RECORDS.find((r) => r.name === "task")!;
  const kSe = task.fields.findIndex((f) => f.name === "se");
  const kMyQ = SE_REC.fields.findIndex((f) => f.name === "my_q");
  const owned = new Set<bigint>();
  for (let i = 0; i < n.task; i++) owned.add(wordOf(words, task, i, kSe));
  for (let i = 0; i < n.se; i++)
    if (wordOf(words, SE_REC, i, kMyQ) === NIL && !owned.has(BigInt(i)))
      throw new ScenarioError(
        `se[${i}].my_q`,
        `null, but se[${i}] is no task's se (a task's entity is embedded in its task; a group's entity owns a my_q)`,
      );
}

/** se.run_node.rank: per cfs_rq, the n queued entities' ranks are 0..n-1 (as native/world.c). */
function checkRanks(words: Words, n: Record<RecName, number>): void {
  // per cfs_rq (in order of first appearance), its queued entities in record order
  const queued = new Map<bigint, number[]>();
  for (let i = 0; i < n.se; i++) {
    const rank = BigInt.asIntN(64, wordOf(words, SE_REC, i, SE_RANK));
    if (rank < -1n)
      throw new ScenarioError(`se[${i}].run_node.rank`, `${rank} is not a timeline position (>= 0) or -1`);
    if (rank === -1n) continue;
    const q = wordOf(words, SE_REC, i, SE_CFS_RQ);
    if (q === NIL) throw new ScenarioError(`se[${i}].run_node.rank`, `${rank}: an entity in a timeline needs a cfs_rq`);
    const list = queued.get(q);
    if (list) list.push(i);
    else queued.set(q, [i]);
  }
  for (const [q, list] of queued) {
    // the first two holders of each rank 0..n-1, in record order
    const first = new Array<number>(list.length).fill(-1);
    const second = new Array<number>(list.length).fill(-1);
    for (const i of list) {
      const rank = Number(BigInt.asIntN(64, wordOf(words, SE_REC, i, SE_RANK)));
      if (rank >= list.length) continue;
      if (first[rank] === -1) first[rank] = i;
      else if (second[rank] === -1) second[rank] = i;
    }
    for (let r = 0; r < list.length; r++) {
      if (first[r] === -1)
        throw new ScenarioError(
          `cfs_rq[${q}].tasks_timeline`,
          `ranks must be 0..${list.length - 1} without gaps or repeats; rank ${r} is missing`,
        );
      if (second[r] !== -1)
        throw new ScenarioError(
          `se[${second[r]}].run_node.rank`,
          `rank ${r} in cfs_rq ${q} is taken by se[${first[r]}]`,
        );
    }
  }
}

/**
 * Check a scenario and turn it into wire words. `ids` maps the target and
 * variant names to the numbers the addon uses (the TS side ignores them).
 */
export function encode(
  scn: Scenario,
  reg: Registry,
  ids?: { target: number; cfs: number; kvm: number },
): BigUint64Array {
  if (scn === null || typeof scn !== "object" || Array.isArray(scn))
    throw new ScenarioError("scenario", "is not a JSON object");
  for (const k of Object.keys(scn))
    if (!TOP_KEYS.has(k)) throw new ScenarioError(k, `unknown top-level key (keys: ${[...TOP_KEYS].join(", ")})`);
  if (scn.format !== 1) throw new ScenarioError("format", `${show(scn.format)} is not a supported format (1)`);
  if (!reg.targets.includes(scn.target))
    throw new ScenarioError("target", `${show(scn.target)} is not a target (targets: ${reg.targets.join(", ")})`);
  if (!scn.variants || typeof scn.variants !== "object") throw new ScenarioError("variants", "must be {cfs, kvm}");
  for (const fam of ["cfs", "kvm"] as const)
    if (!reg.variants.includes(scn.variants[fam]))
      throw new ScenarioError(
        `variants.${fam}`,
        `${show(scn.variants[fam])} is not a variant (variants: ${reg.variants.join(", ")})`,
      );
  for (const r of RECORDS) {
    const v = (scn as unknown as Record<string, unknown>)[r.name];
    if (v === undefined) continue;
    if (r.singleton ? typeof v !== "object" || v === null || Array.isArray(v) : !Array.isArray(v))
      throw new ScenarioError(r.name, r.singleton ? "must be an object" : "must be an array");
    if (!r.singleton && (v as unknown[]).length > r.max)
      throw new ScenarioError(r.name, `${(v as unknown[]).length} records exceed the arena's ${r.max}`);
  }
  const n = counts(scn);
  let size = HEADER_WORDS;
  const base = {} as Record<RecName, number>;
  for (const r of RECORDS) {
    base[r.name] = size;
    size += n[r.name] * r.fields.length;
  }
  const wire = new BigUint64Array(size);
  const u32 = new Uint32Array(wire.buffer, wire.byteOffset, wire.length * 2);
  let off = HEADER_WORDS;
  for (const c of COMPILED) {
    const list = records(scn, c.rec);
    for (let i = 0; i < list.length; i++, off += c.rec.fields.length) putRecord(wire, u32, off, list[i]!, c, i, n);
  }
  checkStructure({ wire, base }, n);
  wire[0] = WIRE_MAGIC;
  wire[1] = BigInt(wire.length);
  wire[2] = BigInt(ids?.target ?? 0);
  wire[3] = BigInt(ids?.cfs ?? 0);
  wire[4] = BigInt(ids?.kvm ?? 0);
  ARRAY_RECS.forEach((r, k) => (wire[5 + k] = BigInt(n[r.name])));
  return wire;
}

/** Record counts of a wire (header words 5..). */
export function wireCounts(wire: BigUint64Array): Record<RecName, number> {
  const n = {} as Record<RecName, number>;
  for (const r of RECORDS) n[r.name] = 1;
  for (let k = 0; k < ARRAY_RECS.length; k++) n[ARRAY_RECS[k]!.name] = Number(wire[5 + k]);
  return n;
}

/** Where record `name`'s words start in a wire of these counts. */
function recordBase(n: Record<RecName, number>, name: RecName): number {
  let off = HEADER_WORDS;
  for (const r of RECORDS) {
    if (r.name === name) return off;
    off += n[r.name] * r.fields.length;
  }
  throw new Error(`no record ${name}`);
}

const CALL = COMPILED.find((c) => c.rec.name === "call")!;

/**
 * The input words of a wire (or of an outcome: its post-state) with `call`
 * as the call record, checked as encode() checks it: the next step of a
 * sequence runs on the state the last one left without a round trip
 * through JSON.
 */
export function withCall(wire: BigUint64Array, call: RecordJson): BigUint64Array {
  const next = wire.slice(0, Number(wire[1]));
  const u32 = new Uint32Array(next.buffer, next.byteOffset, next.length * 2);
  const n = wireCounts(next);
  putRecord(next, u32, recordBase(n, "call"), call, CALL, 0, n);
  return next;
}

/** Field `field` of record i of `name` in a wire or an outcome. */
export function wireField(wire: BigUint64Array, name: RecName, i: number, field: string): bigint {
  const r = RECORDS.find((x) => x.name === name)!;
  const k = r.fields.findIndex((fl) => fl.name === field);
  if (k < 0) throw new Error(`no field ${name}.${field}`);
  return wire[recordBase(wireCounts(wire), name) + i * r.fields.length + k]!;
}
