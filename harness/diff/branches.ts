// SPDX-License-Identifier: GPL-2.0-only
// Which lines of the TS port a call executed: V8's precise block coverage,
// taken through the inspector of the current thread after every call and
// mapped back to the port's TS lines through the source maps tsx emits.
// Only the variant directories count (ts-port/<variant>/*.ts); the shared
// shims of ts-port/kernel/ do not. A line is executed when the innermost
// coverage range holding its first generated token ran. Lines are keyed by
// their file's name (not the variant directory), function and text, so the
// same line of two variants' ports is one key.
//
// V8 counts blocks only in functions compiled after coverage starts, and
// precise coverage keeps every function of the thread unoptimised: the log
// runs in a worker thread of its own (branch-worker.ts), started before the
// port is loaded, so the diff's own loop is not slowed down. Started late,
// a function shows as one range (its header): the log would then only say
// which functions ran.
import { Session } from "node:inspector";
import { SourceMap } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface BranchLine {
  /** variant directory, e.g. "v5.6-ple" */
  variant: string;
  /** file in it, e.g. "kvm_main.ts" */
  file: string;
  /** 1-based TS line */
  line: number;
  fn: string;
  /** the line's source text, trimmed */
  text: string;
}

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface FunctionCoverage {
  functionName: string;
  ranges: CoverageRange[];
  isBlockCoverage: boolean;
}
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: FunctionCoverage[];
}

interface ScriptInfo {
  variant: string;
  file: string;
  /** TS lines that have generated code: line number, first generated offset, text */
  lines: { line: number; offset: number; text: string }[];
}

const PORT = /[\\/]ts-port[\\/]([^\\/]+)[\\/]([^\\/?]+\.ts)(?:\?.*)?$/;

/** The key two variants share for the same line of their ports. */
export const lineKey = (l: Pick<BranchLine, "file" | "fn" | "text">): string => `${l.file} ${l.fn}: ${l.text}`;

function normalise(text: string): string {
  return text
    .replace(/\/\/.*$/, "")
    .replace(/\s+/g, " ")
    .trim();
}

export class BranchLog {
  private readonly session = new Session();
  private readonly scripts = new Map<string, ScriptInfo | null>();
  private started = false;

  /** Synchronous round trip (an in-thread inspector session answers at once). */
  private post<T>(method: string, params?: object): T {
    let result: T | undefined;
    let error: Error | null = null;
    let answered = false;
    this.session.post(method, params ?? {}, (e, r) => {
      answered = true;
      error = e;
      result = r as T;
    });
    if (!answered) throw new Error(`inspector: ${method} did not answer synchronously`);
    if (error) throw error;
    return result!;
  }

  start(): this {
    if (this.started) return this;
    this.session.connect();
    this.post("Profiler.enable");
    this.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
    this.started = true;
    this.take();
    return this;
  }

  stop(): void {
    if (!this.started) return;
    this.post("Profiler.stopPreciseCoverage");
    this.post("Profiler.disable");
    this.session.disconnect();
    this.started = false;
  }

  private info(sc: ScriptCoverage): ScriptInfo | null {
    if (this.scripts.has(sc.scriptId)) return this.scripts.get(sc.scriptId)!;
    const m = PORT.exec(sc.url);
    let info: ScriptInfo | null = null;
    if (m && m[1] !== "kernel") {
      try {
        info = this.load(sc, m[1]!, m[2]!);
      } catch {
        info = null;
      }
    }
    this.scripts.set(sc.scriptId, info);
    return info;
  }

  private load(sc: ScriptCoverage, variant: string, file: string): ScriptInfo | null {
    this.post("Debugger.enable");
    let source: string;
    try {
      source = this.post<{ scriptSource: string }>("Debugger.getScriptSource", { scriptId: sc.scriptId }).scriptSource;
    } finally {
      this.post("Debugger.disable");
    }
    const sm = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(source);
    if (!sm) return null;
    const map = new SourceMap(JSON.parse(Buffer.from(sm[1]!, "base64").toString("utf8")));
    const tsLines = readFileSync(fileURLToPath(sc.url.replace(/\?.*$/, "")), "utf8").split("\n");
    const first = new Map<number, number>();
    let line = 0;
    let col = 0;
    for (let off = 0; off < source.length; off++, col++) {
      if (source.charCodeAt(off) === 10) {
        line++;
        col = -1;
        continue;
      }
      const e = map.findEntry(line, col) as { generatedLine?: number; generatedColumn?: number; originalLine?: number };
      if (e.generatedLine !== line || e.generatedColumn !== col || e.originalLine === undefined) continue;
      if (!first.has(e.originalLine)) first.set(e.originalLine, off);
    }
    const lines = [...first.entries()]
      .map(([l, offset]) => ({ line: l + 1, offset, text: normalise(tsLines[l] ?? "") }))
      // braces and bare declarations hold no decision
      .filter(
        (l) => l.text !== "" && l.text !== "}" && l.text !== "{" && !/^(let|const|var) [\w$]+(: [^=]+)?;$/.test(l.text),
      )
      .sort((a, b) => a.offset - b.offset);
    return { variant, file, lines };
  }

  /** The port's lines executed since the last take. */
  take(): BranchLine[] {
    const { result } = this.post<{ result: ScriptCoverage[] }>("Profiler.takePreciseCoverage");
    const out: BranchLine[] = [];
    for (const sc of result) {
      if (!PORT.test(sc.url)) continue;
      const info = this.info(sc);
      if (!info) continue;
      // every range of the script, outer before inner (V8's ranges nest); a sweep over the lines
      // in offset order keeps the ranges holding the current line on a stack
      const ranges: (CoverageRange & { fn: string | null })[] = [];
      for (const f of sc.functions)
        f.ranges.forEach((r, k) => ranges.push({ ...r, fn: k === 0 ? f.functionName : null }));
      ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
      const stack: (CoverageRange & { fn: string | null })[] = [];
      let next = 0;
      for (const l of info.lines) {
        while (next < ranges.length && ranges[next]!.startOffset <= l.offset) {
          const r = ranges[next++]!;
          while (stack.length && stack[stack.length - 1]!.endOffset <= r.startOffset) stack.pop();
          stack.push(r);
        }
        while (stack.length && stack[stack.length - 1]!.endOffset <= l.offset) stack.pop();
        const inner = stack[stack.length - 1];
        if (!inner || inner.count <= 0) continue;
        let fn: string | null = null;
        for (let k = stack.length - 1; k >= 0 && fn === null; k--) fn = stack[k]!.fn;
        // lines of the module's own body ran at load time, not in the call
        if (fn) out.push({ variant: info.variant, file: info.file, line: l.line, fn, text: l.text });
      }
    }
    return out;
  }
}

const portDir = new URL("../../ts-port/", import.meta.url);
const parsed = new Map<string, Map<string, { body: string; lines: Set<string> }> | null>();

/** The functions of a port file by name: each one's code without comments or spacing, and its lines. */
function functionsOf(variant: string, file: string): Map<string, { body: string; lines: Set<string> }> | null {
  const key = `${variant}/${file}`;
  if (parsed.has(key)) return parsed.get(key)!;
  let fns: Map<string, { body: string; lines: Set<string> }> | null = null;
  try {
    const lines = readFileSync(new URL(key, portDir), "utf8").split("\n");
    fns = new Map();
    for (let i = 0; i < lines.length; i++) {
      const m = /^(?:export )?function (\w+)\s*\(/.exec(lines[i]!);
      if (!m) continue;
      let j = i;
      while (j < lines.length && lines[j] !== "}") j++;
      const code = lines.slice(i, j + 1).map(normalise);
      fns.set(m[1]!, { body: code.join(""), lines: new Set(code) });
      i = j;
    }
  } catch {
    fns = null;
  }
  parsed.set(key, fns);
  return fns;
}

/**
 * A line that can hold the branch behind a difference: it is in a function
 * whose code differs between the line's variant and the other side's (the
 * cfs and kvm directories of both sides are the pairs), and the other side's
 * version of that function has no such line. What the callees of such a
 * branch do differently, and the shared lines around it, follow from it.
 */
export function branchLine(
  l: Pick<BranchLine, "variant" | "file" | "fn" | "text">,
  side: "A" | "B",
  pairs: readonly (readonly [string, string])[],
): boolean {
  return pairs.some(([a, b]) => {
    const [mine, other] = side === "A" ? [a, b] : [b, a];
    if (mine !== l.variant || mine === other) return false;
    const f = functionsOf(mine, l.file)?.get(l.fn);
    const g = functionsOf(other, l.file)?.get(l.fn);
    if (!f || f.body === g?.body) return false;
    return !g || !g.lines.has(l.text);
  });
}

/** Whether a function of a port file differs between the sides (in either family's pair of directories). */
export function changedFunction(file: string, fn: string, pairs: readonly (readonly [string, string])[]): boolean {
  return pairs.some(([a, b]) => a !== b && functionsOf(a, file)?.get(fn)?.body !== functionsOf(b, file)?.get(fn)?.body);
}
