// SPDX-License-Identifier: GPL-2.0-only
// The report's parts on known input: function extraction from both trees,
// the line alignment, per-line highlighting, V8 ranges mapped to TS lines,
// and the line counts' figures.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { align, normalise, similarity } from "../../../harness/report/align.js";
import { findC, findTs, portedFunctions, KERNEL_FUNCTIONS } from "../../../harness/report/sources.js";
import { highlightLines } from "../../../harness/report/highlight.js";
import { addScriptCoverage, inlineSourceMap } from "../../../harness/report/v8-coverage.js";
import {
  addHit,
  countsFromJson,
  countsToJson,
  rangeCoverage,
  type LineCounts,
} from "../../../harness/report/counts.js";
import { readableJson } from "../../../harness/report/json.js";

const root = resolve(import.meta.dirname, "../../..");

describe("sources", () => {
  it("finds a C definition after its prototype, with its return-type line and comment block", () => {
    const c = [
      "static int",
      "f(int a);",
      "",
      "/* kernel/x.c f, v1 */",
      "static int",
      "f(int a)",
      "{",
      "\tif (a) { return 1; } /* } */",
      '\treturn "}" == 0;',
      "}",
      "int g(void) { return 0; }",
    ];
    expect(findC(c, "f")).toEqual({ start: 3, end: 9 });
    expect(findC(c, "g")).toEqual({ start: 10, end: 10 });
    expect(findC(c, "h")).toBeNull();
  });

  it("finds a TS function or const arrow with the comment above it", () => {
    const ts = [
      "// kernel/x.c f, v1",
      "export function f(a: number): number {",
      "  return a;",
      "}",
      "const g = (x: number) =>",
      "  x + 1;",
    ];
    expect(findTs(ts, "f")).toEqual({ start: 0, end: 3 });
    expect(findTs(ts, "g")).toEqual({ start: 4, end: 5 });
  });

  it("pairs every ported function of every variant with its TS twin, provenance first", () => {
    for (const v of ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"]) {
      const fns = portedFunctions(root, v);
      expect(fns.length).toBeGreaterThan(40);
      for (const f of fns) {
        expect(KERNEL_FUNCTIONS).toContain(f.name);
        expect(f.ts, `${v} ${f.name}`).not.toBeNull();
        expect(f.provenance, `${v} ${f.name}`).toMatch(new RegExp(`\\s${f.name}\\b`));
      }
      const pick = fns.find((f) => f.name === "pick_next_entity")!;
      expect(pick.cFile).toBe("fair.c");
      expect(pick.c.lines.at(-1)).toBe("}");
      expect(pick.ts!.file).toBe(`ts-port/${v}/fair.ts`);
    }
    expect(portedFunctions(root, "v5.6-ple").some((f) => f.name === "deboost_yield_task")).toBe(true);
    expect(portedFunctions(root, "v5.6").some((f) => f.name === "deboost_yield_task")).toBe(false);
  });
});

describe("align", () => {
  it("takes the port's spelling out of a line", () => {
    expect(normalise("\tstruct sched_entity *se = &p->se;")).toEqual(["sched_entity", "se", "p", "se"]);
    expect(normalise("  const se = p?.se;")).toEqual(["se", "p", "se"]);
    expect(similarity("if (x == NULL)", "if (x === null)")).toBe(1);
  });

  it("pairs the same statements in order and pads the shorter side", () => {
    const c = ["/* f */", "int f(int a)", "{", "\tif (a)", "\t\treturn 1;", "", "\treturn 0;", "}"];
    const ts = ["// f", "function f(a: number): number {", "  if (a) return 1;", "", "  return 0;", "}"];
    const rows = align(c, ts);
    const pairs = rows.filter((r) => r.paired).map((r) => [r.c, r.ts]);
    expect(pairs).toEqual([
      [0, 0],
      [1, 1],
      [3, 2],
      [5, 3],
      [6, 4],
      [7, 5],
    ]);
    // every line of each side once, in order
    expect(rows.map((r) => r.c).filter((x) => x !== null)).toEqual(c.map((_, i) => i));
    expect(rows.map((r) => r.ts).filter((x) => x !== null)).toEqual(ts.map((_, i) => i));
  });
});

describe("highlight", () => {
  it("cuts a highlighted block into lines whose spans are balanced", () => {
    const lines = highlightLines(["/* a", " * b */", "static int x = 1;"], "c");
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.match(/<span/g)?.length ?? 0).toBe(l.match(/<\/span>/g)?.length ?? 0);
    expect(lines[1]).toMatch(/^<span class="hljs-comment"> \* b \*\/<\/span>$/);
    expect(lines[2]).toContain('<span class="hljs-number">1</span>');
  });
});

describe("V8 coverage to TS lines", () => {
  // generated: "function f(a){if(a)return 1;return 0}" from a 4-line source
  const generated = "function f(a){if(a)return 1;return 0}";
  // segments: gen col -> (src line, col): function@0->L1, if@14->L2, return 1@19->L2 (same line), return 0@28->L3
  const map = {
    version: 3,
    sources: [`${root}/ts-port/x/f.ts`],
    names: [],
    mappings: "AAAA,cACE,KAAK,SACL",
  };
  const source = `${generated}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}`;

  it("reads tsx's inline source map", () => {
    expect(inlineSourceMap(source)).toEqual(map);
  });

  it("counts a line by its innermost block, partial when some code on it never ran", () => {
    const counts: LineCounts = new Map();
    addScriptCoverage(
      counts,
      root,
      {
        scriptId: "1",
        url: `file://${root}/ts-port/x/f.ts`,
        functions: [
          {
            functionName: "f",
            isBlockCoverage: true,
            ranges: [
              { startOffset: 0, endOffset: 37, count: 5 },
              { startOffset: 19, endOffset: 28, count: 0 },
            ],
          },
        ],
      },
      source,
    );
    const lines = counts.get("ts-port/x/f.ts")!;
    expect(lines.get(1)).toEqual({ count: 5, partial: false });
    expect(lines.get(2)).toEqual({ count: 5, partial: true });
    expect(lines.get(3)).toEqual({ count: 5, partial: false });
  });
});

describe("counts", () => {
  it("adds observations, sums a function's range and survives JSON", () => {
    const c: LineCounts = new Map();
    addHit(c, "a.c", 10, 3, false);
    addHit(c, "a.c", 10, 2, true);
    addHit(c, "a.c", 11, 0, false);
    expect(c.get("a.c")!.get(10)).toEqual({ count: 5, partial: true });
    expect(rangeCoverage(c, "a.c", 9, 5)).toEqual({ lines: 2, hit: 1 });
    expect(rangeCoverage(c, "b.c", 1, 5)).toBeNull();
    expect(countsFromJson(JSON.parse(JSON.stringify(countsToJson(c))))).toEqual(c);
  });

  it("prints JSON with one record per line below the given depth", () => {
    expect(readableJson({ a: [{ x: 1 }, { x: 2 }] }, 2)).toBe('{\n  "a": [\n    {"x":1},\n    {"x":2}\n  ]\n}');
  });
});
