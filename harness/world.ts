// SPDX-License-Identifier: GPL-2.0-only
// The TS side of native/world.c: wire words -> linked TS kernel objects, and
// back. Both sides decode the same words and encode every field of every
// record after the call, so the comparator sees all post-state.
import {
  RECORDS,
  HEADER_WORDS,
  OUT_WORDS,
  TRACE_MAX,
  TRACE_ARGS,
  FAULT_MAX,
  FAULT_WORDS,
  FAULT_KINDS,
  UB_OPS,
  FUNCTIONS,
  NIL,
  type Field,
  type Rec,
  type RecName,
} from "./layout.js";
import { wireCounts } from "./scenario.js";
import type { ple_world } from "../ts-port/kernel/world.js";
import type { sched_class } from "../ts-port/kernel/sched.js";
import type { FaultEvent } from "../ts-port/kernel/faults.js";

type Obj = Record<string, unknown> & { __ple_idx: number };

/*
 * Per record type, three functions generated once from the layout (the hot
 * path of every TS run): `make` allocates a record with every field decoded
 * (pointers still null) as one object literal, so all records of a type share
 * one shape; `link` sets its pointer fields once every record exists; `enc`
 * writes its fields back as words. They read and write the 32-bit halves of
 * the words where a field is a number, so no BigInt is allocated for it, and
 * fall back to the BigInt conversions for any value outside the fast case:
 * the words and objects are exactly those of the generic decodeWord and
 * encodeValue below (kept as the specification).
 */
type Make = (
  w: BigUint64Array,
  i64: BigInt64Array,
  u32: Uint32Array,
  i32: Int32Array,
  off: number,
  idx: number,
  classes: readonly sched_class[],
) => Obj;
type Link = (o: Obj, w: BigUint64Array, u32: Uint32Array, off: number, objs: Record<RecName, Obj[]>) => void;
type Enc = (o: Obj, out: BigUint64Array, u32: Uint32Array, off: number) => void;

interface Compiled {
  rec: Rec;
  make: Make;
  link: Link;
  enc: Enc;
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** index of the low and high 32-bit halves of word k in a Uint32Array view */
const lo = (k: string) => (LITTLE ? `2 * (${k})` : `2 * (${k}) + 1`);
const hi = (k: string) => (LITTLE ? `2 * (${k}) + 1` : `2 * (${k})`);

/** The expression decoding word k as decodeWord does (pointers excepted). */
function decodeExpr(fl: Field, k: string): string {
  const small = `(u32[${hi(k)}] === 0 ? u32[${lo(k)}] : Number(w[${k}]))`; // Number(w) for any w
  switch (fl.kind) {
    case "u64":
      return `w[${k}]`;
    case "s64":
      return `i64[${k}]`; // BigInt.asIntN(64, w)
    case "u32":
      return small;
    case "int":
    case "idx":
      return `i32[${lo(k)}]`; // Number(BigInt.asIntN(32, w))
    case "bool":
      return `(u32[${lo(k)}] | u32[${hi(k)}]) !== 0`;
    case "class":
      return `classes[${small}]`;
    case "ptr":
      return "null";
  }
}

/** A nested object literal of the fields (member paths) in layout order, in the key order field-by-field assignment gives. */
function literal(fields: readonly { parts: string[]; value: string }[], depth: number): string {
  const keys: string[] = [];
  const groups = new Map<string, { parts: string[]; value: string }[]>();
  for (const f of fields) {
    const key = f.parts[depth]!;
    if (!groups.has(key)) {
      groups.set(key, []);
      keys.push(key);
    }
    groups.get(key)!.push(f);
  }
  return `{ ${keys
    .map((key) => {
      const g = groups.get(key)!;
      const leaf = g.find((f) => f.parts.length === depth + 1);
      const value = leaf ? leaf.value : literal(g, depth + 1);
      return `${JSON.stringify(key)}: ${value}`;
    })
    .join(", ")} }`;
}

const access = (parts: string[]) => parts.map((p) => `[${JSON.stringify(p)}]`).join("");

function compile(rec: Rec): Compiled {
  const fields = rec.fields.map((fl, j) => ({ fl, j, parts: fl.name.split(".") }));
  const body = fields.map(({ fl, j, parts }) => ({ parts, value: decodeExpr(fl, `off + ${j}`) }));
  const make = new Function(
    "w",
    "i64",
    "u32",
    "i32",
    "off",
    "idx",
    "classes",
    `return ${literal([{ parts: ["__ple_idx"], value: "idx" }, ...body], 0)};`,
  ) as Make;
  const link = new Function(
    "o",
    "w",
    "u32",
    "off",
    "objs",
    fields
      .filter(({ fl }) => fl.kind === "ptr")
      .map(
        ({ fl, j, parts }) =>
          `o${access(parts)} = u32[${lo(`off + ${j}`)}] === 0xffffffff && u32[${hi(`off + ${j}`)}] === 0xffffffff ? null : ` +
          `objs[${JSON.stringify(fl.rec)}][u32[${hi(`off + ${j}`)}] === 0 ? u32[${lo(`off + ${j}`)}] : Number(w[off + ${j}])];`,
      )
      .join("\n"),
  ) as Link;
  // numbers: the words of BigInt.asUintN(64, BigInt(v)) for an int32 or uint32 v, else that expression itself
  const num = (v: string, k: string) =>
    `if (typeof ${v} === "number" && (${v} | 0) === ${v}) { u32[${lo(k)}] = ${v} >>> 0; u32[${hi(k)}] = ${v} < 0 ? 0xffffffff : 0; } ` +
    `else if (typeof ${v} === "number" && ${v} >>> 0 === ${v}) { u32[${lo(k)}] = ${v}; u32[${hi(k)}] = 0; } ` +
    `else out[${k}] = BigInt.asUintN(64, BigInt(${v}));`;
  const enc = new Function(
    "o",
    "out",
    "u32",
    "off",
    "let v;\n" +
      fields
        .map(({ fl, j, parts }) => {
          const k = `off + ${j}`;
          const get = `v = o${access(parts)};`;
          switch (fl.kind) {
            case "u64":
            case "s64":
              return `${get} out[${k}] = typeof v === "bigint" ? v : BigInt.asUintN(64, v);`;
            case "u32":
            case "int":
            case "idx":
              return `${get} ${num("v", k)}`;
            case "bool":
              return `${get} u32[${lo(k)}] = v ? 1 : 0; u32[${hi(k)}] = 0;`;
            case "class":
              return `${get} v = v.__ple_id; ${num("v", k)}`;
            case "ptr":
              return `${get} if (v) { v = v.__ple_idx; ${num("v", k)} } else { u32[${lo(k)}] = 0xffffffff; u32[${hi(k)}] = 0xffffffff; }`;
          }
        })
        .join("\n"),
  ) as Enc;
  return { rec, make, link, enc };
}

const COMPILED: Compiled[] = RECORDS.map(compile);

const u32View = (a: BigUint64Array) => new Uint32Array(a.buffer, a.byteOffset, a.length * 2);

/** Build the TS world of a wire; `classes[id]` are the variant's scheduling classes. */
export function buildTsWorld(
  wire: BigUint64Array,
  target: string,
  classes: readonly sched_class[],
  cfs_yield_to: ple_world["cfs_yield_to"],
): ple_world {
  const n = wireCounts(wire);
  const i64 = new BigInt64Array(wire.buffer, wire.byteOffset, wire.length);
  const u32 = u32View(wire);
  const i32 = new Int32Array(wire.buffer, wire.byteOffset, wire.length * 2);
  const objs = {} as Record<RecName, Obj[]>;
  let off = HEADER_WORDS;
  for (const { rec, make } of COMPILED) {
    const list: Obj[] = (objs[rec.name] = new Array<Obj>(n[rec.name]));
    const nf = rec.fields.length;
    for (let i = 0; i < list.length; i++, off += nf)
      list[i] = make(wire, i64, u32, i32, off, rec.singleton ? -1 : i, classes);
  }
  off = HEADER_WORDS;
  for (const { rec, link } of COMPILED) {
    const nf = rec.fields.length;
    for (const o of objs[rec.name]) {
      link(o, wire, u32, off, objs);
      off += nf;
    }
  }
  for (const se of objs.se) {
    se.run_node = { __next: null, __prev: null, rank: (se.run_node as { rank: number }).rank, __owner: se };
  }
  for (const q of objs.cfs_rq) q.tasks_timeline = { rb_leftmost: null };
  linkTimelines(objs);
  for (const k of objs.kvm) {
    k.vcpus = objs.vcpu.filter((v) => v.kvm === k);
    k.online_vcpus = (k.vcpus as unknown[]).length;
  }
  for (const v of objs.vcpu) (v.arch as Record<string, unknown>).apic = { vcpu: v };
  return {
    target,
    sys: objs.sys[0],
    call: objs.call[0],
    kvm: objs.kvm,
    rq: objs.rq,
    cfs_rq: objs.cfs_rq,
    se: objs.se,
    task: objs.task,
    vcpu: objs.vcpu,
    ret: 0n,
    trace: [],
    stub_yield_to: false,
    cfs_yield_to,
  } as unknown as ple_world;
}

/** The specification of a field's decoding (the generated `make` and `link` compute exactly this). */
export function decodeWord(
  w: bigint,
  fl: Field,
  objs: Record<RecName, Obj[]>,
  classes: readonly sched_class[],
): unknown {
  switch (fl.kind) {
    case "u64":
      return w;
    case "s64":
      return BigInt.asIntN(64, w);
    case "u32":
      return Number(w);
    case "int":
    case "idx":
      return Number(BigInt.asIntN(32, w));
    case "bool":
      return w !== 0n;
    case "class":
      return classes[Number(w)];
    case "ptr":
      return w === NIL ? null : objs[fl.rec!][Number(w)];
  }
}

/** Queue each cfs_rq's entities in rank order (the rbtree shim's list). */
function linkTimelines(objs: Record<RecName, Obj[]>): void {
  const byQ = new Map<unknown, Obj[]>();
  for (const se of objs.se) {
    const node = se.run_node as { rank: number };
    if (node.rank < 0) continue;
    const list = byQ.get(se.cfs_rq) ?? [];
    list[node.rank] = se;
    byQ.set(se.cfs_rq, list);
  }
  for (const [q, list] of byQ) {
    let prev: Record<string, unknown> | null = null;
    for (const se of list) {
      const node = se.run_node as Record<string, unknown>;
      node.__prev = prev;
      if (prev) prev.__next = node;
      else (q as { tasks_timeline: { rb_leftmost: unknown } }).tasks_timeline.rb_leftmost = node;
      prev = node;
    }
  }
}

/** Ranks as the timelines now stand: position from leftmost, -1 off every tree. */
function renumberTimelines(w: ple_world): void {
  for (const se of w.se) se.run_node.rank = -1;
  for (const q of w.cfs_rq) {
    let rank = 0;
    for (let node = q.tasks_timeline.rb_leftmost; node; node = node.__next) node.rank = rank++;
  }
}

/** The specification of a field's encoding (the generated `enc` writes exactly this). */
export function encodeValue(v: unknown, fl: Field): bigint {
  switch (fl.kind) {
    case "u64":
    case "s64":
      return BigInt.asUintN(64, v as bigint);
    case "u32":
    case "int":
    case "idx":
      return BigInt.asUintN(64, BigInt(v as number));
    case "bool":
      return v ? 1n : 0n;
    case "class":
      return BigInt((v as sched_class).__ple_id);
    case "ptr":
      return v ? BigInt((v as Obj).__ple_idx) : NIL;
  }
}

/** The outcome words: the header, every field after the call, ret, trace, faults. */
export function encodeTsOutcome(wireIn: BigUint64Array, w: ple_world, faults: FaultEvent[]): BigUint64Array {
  renumberTimelines(w);
  const out = new BigUint64Array(wireIn.length + OUT_WORDS);
  out.set(wireIn.subarray(0, HEADER_WORDS));
  const u32 = u32View(out);
  let off = HEADER_WORDS;
  for (const { rec, enc } of COMPILED) {
    const nf = rec.fields.length;
    const wr = w as unknown as Record<string, Obj | Obj[]>;
    if (rec.singleton) {
      enc(wr[rec.name] as Obj, out, u32, off);
      off += nf;
    } else
      for (const o of wr[rec.name] as Obj[]) {
        enc(o, out, u32, off);
        off += nf;
      }
  }
  out[off++] = BigInt.asUintN(64, w.ret);
  out[off++] = BigInt(w.trace.length);
  for (let i = 0; i < TRACE_MAX; i++, off += 1 + TRACE_ARGS) {
    const e = w.trace[i];
    if (e) e.forEach((a, j) => (out[off + j] = BigInt.asUintN(64, a)));
  }
  const fs = faults.slice(0, FAULT_MAX);
  out[off++] = BigInt(faults.length);
  fs.forEach((f, i) => {
    const base = off + i * FAULT_WORDS;
    out[base] = BigInt(FAULT_KINDS.indexOf(f.kind));
    out[base + 1] = BigInt(Math.max(0, (FUNCTIONS as readonly string[]).indexOf(f.fn)));
    out[base + 2] = BigInt(UB_OPS.indexOf(f.op));
    out[base + 3] = BigInt(f.bits | (f.signed ? 256 : 0));
    out[base + 4] = BigInt.asUintN(64, f.lhs);
    out[base + 5] = BigInt.asUintN(64, f.rhs);
  });
  return out;
}
