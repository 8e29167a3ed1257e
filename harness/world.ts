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

interface Compiled {
  rec: Rec;
  fields: { fl: Field; parts: string[] }[];
}
const COMPILED: Compiled[] = RECORDS.map((rec) => ({
  rec,
  fields: rec.fields.map((fl) => ({ fl, parts: fl.name.split(".") })),
}));

function setPath(o: Record<string, unknown>, parts: string[], v: unknown): void {
  let cur = o;
  for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]!] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]!] = v;
}

function getPath(o: Record<string, unknown>, parts: string[]): unknown {
  let cur: unknown = o;
  for (const p of parts) cur = (cur as Record<string, unknown>)[p];
  return cur;
}

/** Build the TS world of a wire; `classes[id]` are the variant's scheduling classes. */
export function buildTsWorld(
  wire: BigUint64Array,
  target: string,
  classes: readonly sched_class[],
  cfs_yield_to: ple_world["cfs_yield_to"],
): ple_world {
  const n = wireCounts(wire);
  const objs = {} as Record<RecName, Obj[]>;
  for (const { rec } of COMPILED)
    objs[rec.name] = Array.from({ length: n[rec.name] }, (_, i) => ({ __ple_idx: rec.singleton ? -1 : i }) as Obj);
  let off = HEADER_WORDS;
  for (const { rec, fields } of COMPILED) {
    for (const o of objs[rec.name]) {
      for (const { fl, parts } of fields) setPath(o, parts, decodeWord(wire[off++]!, fl, objs, classes));
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

function decodeWord(w: bigint, fl: Field, objs: Record<RecName, Obj[]>, classes: readonly sched_class[]): unknown {
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

function encodeValue(v: unknown, fl: Field): bigint {
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
  let off = HEADER_WORDS;
  for (const { rec, fields } of COMPILED) {
    const list = rec.singleton
      ? [(w as unknown as Record<string, unknown>)[rec.name]]
      : ((w as unknown as Record<string, unknown>)[rec.name] as unknown[]);
    for (const o of list)
      for (const { fl, parts } of fields) out[off++] = encodeValue(getPath(o as Record<string, unknown>, parts), fl);
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
