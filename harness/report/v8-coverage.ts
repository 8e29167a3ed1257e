// SPDX-License-Identifier: GPL-2.0-only
// The TS side's line counts: V8's precise block coverage (call counts, every
// block) of the scripts tsx compiled from ts-port/, mapped back to the .ts
// source through the inline source map tsx puts in each compiled script.
// A block's count holds for every position inside it that no smaller block
// covers; a source line's count is the largest count of the code mapped to
// it, and the line is partial when some code on it ran fewer times: none.
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { TraceMap, eachMapping } from "@jridgewell/trace-mapping";
import { addHit, type LineCounts } from "./counts.js";

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

export interface V8ScriptCoverage {
  scriptId: string;
  url: string;
  functions: { functionName: string; ranges: V8Range[]; isBlockCoverage: boolean }[];
}

/** The source map inlined in a compiled script, or null. */
export function inlineSourceMap(source: string): unknown {
  const m = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/.exec(
    source,
  );
  return m ? JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) : null;
}

/** The count at each offset: the innermost range holding it. */
function countAt(ranges: V8Range[]): (offset: number) => number {
  // larger ranges first, so a later (inner) match overrides
  const sorted = [...ranges].sort(
    (a, b) => b.endOffset - b.startOffset - (a.endOffset - a.startOffset) || a.startOffset - b.startOffset,
  );
  return (offset) => {
    let c = 0;
    for (const r of sorted) if (offset >= r.startOffset && offset < r.endOffset) c = r.count;
    return c;
  };
}

/** Whether a script is one of the sources the report shows (the ports under ts-port/). */
export const isPortScript = (root: string, url: string): boolean =>
  url.startsWith("file://") && relative(root, fileURLToPath(url)).startsWith("ts-port/");

/**
 * Add the line counts of one compiled script to `counts`. `source` is the
 * script as V8 ran it (with tsx's inline source map).
 */
export function addScriptCoverage(counts: LineCounts, root: string, script: V8ScriptCoverage, source: string): void {
  const map = inlineSourceMap(source);
  if (!map) return;
  const tm = new TraceMap(map as ConstructorParameters<typeof TraceMap>[0]);
  const lineStart = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStart.push(i + 1);
  const at = countAt(script.functions.flatMap((f) => f.ranges));
  const seen = new Map<string, { max: number; min: number }>();
  eachMapping(tm, (m) => {
    if (m.source === null || m.originalLine === null) return;
    const offset = lineStart[m.generatedLine - 1]! + m.generatedColumn;
    // esbuild's keep-names helper runs at load, not when the function runs: not the line's code
    if (source.startsWith("__name(", offset)) return;
    const key = `${m.source}\n${m.originalLine}`;
    const c = at(offset);
    const s = seen.get(key);
    if (!s) seen.set(key, { max: c, min: c });
    else {
      s.max = Math.max(s.max, c);
      s.min = Math.min(s.min, c);
    }
  });
  for (const [key, { max, min }] of seen) {
    const [src, line] = key.split("\n") as [string, string];
    const path = src.startsWith("file://") ? fileURLToPath(src) : src;
    const rel = relative(root, path);
    if (rel.startsWith("..")) continue;
    addHit(counts, rel, Number(line), max, max > 0 && min === 0);
  }
}
