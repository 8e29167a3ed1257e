// SPDX-License-Identifier: GPL-2.0-only
// harness/world.ts decodes and encodes records with functions generated from
// the layout (the TS side's hot path). They must compute exactly what the
// field-by-field specification (decodeWord, encodeValue) computes: for every
// field of generated scenarios of every target, and for any value a port
// could leave in a field (out-of-range numbers, fractions, -0, NaN, bigints
// in number fields, strings, null, ...), word for word or the same throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RECORDS, HEADER_WORDS, type RecName } from "../../../harness/layout.js";
import { buildTsWorld, decodeWord, encodeTsOutcome, encodeValue } from "../../../harness/world.js";
import { encode, wireCounts } from "../../../harness/scenario.js";
import { REGISTRY, withVariants } from "../../../harness/run.js";
import { TARGETS } from "../../../harness/targets/index.js";
import { VARIANTS } from "../../../ts-port/index.js";
import type { ple_world } from "../../../ts-port/kernel/world.js";
import type { sched_class } from "../../../ts-port/kernel/sched.js";

const { cfs } = VARIANTS["rfc-v1"]!;
const CLASSES = [
  cfs.fair_sched_class,
  ...[1, 2, 3, 4].map((id) => ({ __ple_id: id, yield_task: null, yield_to_task: null })),
] as sched_class[];

type Obj = Record<string, unknown>;
const get = (o: unknown, name: string): unknown => name.split(".").reduce<unknown>((x, p) => (x as Obj)[p], o);
const set = (o: unknown, name: string, v: unknown): void => {
  const parts = name.split(".");
  const last = parts.pop()!;
  (parts.reduce<unknown>((x, p) => (x as Obj)[p], o) as Obj)[last] = v;
};

function records(w: ple_world, rec: RecName): Obj[] {
  const v = (w as unknown as Record<string, unknown>)[rec];
  return (Array.isArray(v) ? v : [v]) as Obj[];
}

function wires(perTarget: number): BigUint64Array[] {
  return TARGETS.flatMap((t) =>
    fc
      .sample(t.arb, { numRuns: perTarget, seed: 42 })
      .map((s) => encode(withVariants({ ...s, target: t.name }, "rfc-v1", "rfc-v1"), REGISTRY)),
  );
}

describe("harness/world.ts generated codec", () => {
  it("decodes every field as decodeWord does", () => {
    for (const wire of wires(20)) {
      const w = buildTsWorld(wire, "", CLASSES, cfs.yield_to);
      const objs = Object.fromEntries(RECORDS.map((r) => [r.name, records(w, r.name)])) as never;
      const n = wireCounts(wire);
      let off = HEADER_WORDS;
      for (const r of RECORDS)
        for (let i = 0; i < n[r.name]; i++)
          for (const fl of r.fields) {
            const o = records(w, r.name)[i];
            // run_node is rebuilt after decoding (the timeline links); its rank is the decoded word
            expect(get(o, fl.name)).toBe(decodeWord(wire[off++]!, fl, objs, CLASSES));
          }
    }
  });

  it("decodes any word as decodeWord does (not only valid ones)", () => {
    const words = fc.oneof(
      fc.constantFrom(
        0n,
        1n,
        2n,
        4n,
        5n,
        0x7fff_ffffn,
        0x8000_0000n,
        0xffff_ffffn,
        1n << 32n,
        (1n << 64n) - 1n,
        1n << 63n,
      ),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    );
    for (const [k, wire] of wires(2).entries()) {
      // every scalar field any word (pointers and ranks stay valid: they shape the world's links)
      const odd = wire.slice();
      const body = fc.sample(words, { numRuns: odd.length - HEADER_WORDS, seed: k });
      const cnt = wireCounts(odd);
      let at = HEADER_WORDS;
      for (const r of RECORDS)
        for (let i = 0; i < cnt[r.name]; i++)
          for (const fl of r.fields) {
            if (fl.kind !== "ptr" && fl.name !== "run_node.rank") odd[at] = body[at - HEADER_WORDS]!;
            at++;
          }
      const w = buildTsWorld(odd, "", CLASSES, cfs.yield_to);
      const objs = Object.fromEntries(RECORDS.map((r) => [r.name, records(w, r.name)])) as never;
      const n = wireCounts(odd);
      let off = HEADER_WORDS;
      for (const r of RECORDS)
        for (let i = 0; i < n[r.name]; i++)
          for (const fl of r.fields) {
            const o = records(w, r.name)[i];
            expect(get(o, fl.name), `${r.name}[${i}].${fl.name}`).toBe(decodeWord(odd[off++]!, fl, objs, CLASSES));
          }
    }
  });

  const ODD: unknown[] = [
    0,
    -0,
    1,
    -1,
    7,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    -(2 ** 31) - 1,
    2 ** 53,
    1.5,
    -2.5,
    NaN,
    Infinity,
    0n,
    5n,
    -3n,
    (1n << 64n) + 9n,
    -(1n << 70n),
    true,
    false,
    null,
    undefined,
    "7",
    "x",
    { __ple_idx: 3, __ple_id: 2 },
    { __ple_idx: -1, __ple_id: 0 },
    { __ple_idx: 2 ** 32, __ple_id: 2 ** 40 },
    { __ple_idx: 0.5, __ple_id: -7 },
  ];

  const outcome = (wire: BigUint64Array, w: ple_world): bigint[] | string => {
    try {
      return Array.from(encodeTsOutcome(wire, w, []));
    } catch (e) {
      return `throws ${(e as Error).constructor.name}`;
    }
  };

  it("encodes any value of any field as encodeValue does", () => {
    // a host scenario: every record type present
    const wire = wires(3).find((x) => RECORDS.every((r) => wireCounts(x)[r.name] > 0))!;
    for (const r of RECORDS)
      r.fields.forEach((fl, k) => {
        if (r.name === "se" && fl.name === "run_node.rank") return; // renumbered from the timelines
        for (const v of ODD) {
          const w = buildTsWorld(wire, "", CLASSES, cfs.yield_to);
          const o = records(w, r.name)[0]!;
          set(o, fl.name, v);
          let want: bigint | string;
          try {
            want = BigInt.asUintN(64, encodeValue(v, fl));
          } catch (e) {
            want = `throws ${(e as Error).constructor.name}`;
          }
          const got = outcome(wire, w);
          const n = wireCounts(wire);
          let off = HEADER_WORDS;
          for (const q of RECORDS) {
            if (q === r) break;
            off += n[q.name] * q.fields.length;
          }
          expect(typeof got === "string" ? got : got[off + k], `${r.name}.${fl.name} = ${String(v)}`).toBe(want);
        }
      });
  });
});
