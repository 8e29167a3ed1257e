// SPDX-License-Identifier: GPL-2.0-only
// The ported functions of the report: for every variant, every name of
// FUNCTIONS (harness/layout.ts) defined in its c-reference/<variant>/ files,
// with the text of its C definition and of its TS twin in the ts-port file of
// the same name. A function's extract starts at the comment block above it
// (which holds the one-line provenance comment) and ends at its closing brace.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { FUNCTIONS } from "../layout.js";

export interface Extract {
  /** path from the repository root, e.g. c-reference/v5.6/fair.c */
  file: string;
  /** 1-based line number of the first line of the extract */
  start: number;
  lines: string[];
}

export interface PortedFunction {
  name: string;
  variant: string;
  /** the C file's name, e.g. fair.c (the group within a variant) */
  cFile: string;
  c: Extract;
  /** null: no TS twin found (reported as such) */
  ts: Extract | null;
  /** the provenance line, e.g. "kernel/sched/fair.c pick_next_entity, v5.6" */
  provenance: string | null;
}

/** The ported kernel functions (FUNCTIONS without the "?" of an unknown site). */
export const KERNEL_FUNCTIONS: readonly string[] = FUNCTIONS.filter((f) => f !== "?");

/** The adapters that make a family one translation unit: not kernel code. */
const ADAPTER_FILES = new Set(["cfs_ops.c", "kvm_ops.c", "cfs_ops.ts", "kvm_ops.ts"]);

/** Files in the order a reader meets them along the two patches. */
const FILE_ORDER = ["fair.c", "core.c", "sched.h", "kvm_main.c", "kvm_host.h", "lapic.c", "x86.c", "vmx.c"];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The line without string literals and comments, for counting braces and semicolons. */
function code(line: string, inBlock: { on: boolean }): string {
  let out = "";
  for (let i = 0; i < line.length; i++) {
    if (inBlock.on) {
      if (line.startsWith("*/", i)) {
        inBlock.on = false;
        i++;
      }
      continue;
    }
    const ch = line[i]!;
    if (line.startsWith("/*", i)) {
      inBlock.on = true;
      i++;
    } else if (line.startsWith("//", i)) break;
    else if (ch === '"' || ch === "'" || ch === "`") {
      const end = line.indexOf(ch, i + 1);
      i = end < 0 ? line.length : end;
    } else out += ch;
  }
  return out;
}

/** The last line of a definition starting at `from`: where its braces close, or (TS) its `;` at depth 0. */
function definitionEnd(lines: string[], from: number, ts = false): number | null {
  let depth = 0;
  let opened = false;
  const block = { on: false };
  for (let i = from; i < lines.length; i++) {
    for (const ch of code(lines[i]!, block)) {
      if (ch === "{" || ch === "(" || ch === "[") {
        depth++;
        if (ch === "{") opened = true;
      } else if (ch === "}" || ch === ")" || ch === "]") {
        depth--;
        if (opened && depth === 0) return i;
      } else if (ch === ";" && depth === 0) return opened || ts ? i : null; // a C prototype is not a definition
    }
  }
  return null;
}

const isComment = (l: string) => /^\s*(\/\*|\*|\/\/)/.test(l);

/** Extend a definition upwards: its return-type lines (C), then the comment block just above it. */
function extractStart(lines: string[], def: number): number {
  let s = def;
  while (s > 0) {
    const prev = lines[s - 1]!;
    if (!prev.trim() || isComment(prev) || /[;}]\s*$|\*\/\s*$/.test(prev) || prev.startsWith("#")) break;
    s--;
  }
  while (s > 0 && isComment(lines[s - 1]!)) s--;
  return s;
}

/** The definition of `name` in a C file's lines, or null (a macro, a prototype only, elsewhere). */
export function findC(lines: string[], name: string): { start: number; end: number } | null {
  const re = new RegExp(`^(?:[A-Za-z_].*\\W)?${escapeRe(name)}\\s*\\(`);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!re.test(l) || l.startsWith("#") || isComment(l)) continue;
    const end = definitionEnd(lines, i);
    if (end !== null) return { start: extractStart(lines, i), end };
  }
  return null;
}

/** The definition of `name` in a TS file's lines: a function declaration or a const arrow. */
export function findTs(lines: string[], name: string): { start: number; end: number } | null {
  const re = new RegExp(
    `^(?:export\\s+)?(?:(?:async\\s+)?function\\s+${escapeRe(name)}\\s*[<(]|const\\s+${escapeRe(name)}\\s*[:=])`,
  );
  for (let i = 0; i < lines.length; i++) {
    if (!re.test(lines[i]!)) continue;
    const end = definitionEnd(lines, i, true);
    if (end !== null) return { start: extractStart(lines, i), end };
  }
  return null;
}

const PROVENANCE = /^\s*(?:\/\*|\/\/|\*)\s*((?:kernel|virt|arch|include)\/\S+\s+\S+.*?)\s*(?:\*\/)?$/;

function provenanceOf(lines: string[], name: string): string | null {
  for (const l of lines) {
    const m = PROVENANCE.exec(l);
    if (m && new RegExp(`\\s${escapeRe(name)}\\b`).test(m[1]!)) return m[1]!;
  }
  return null;
}

const readLines = (path: string) => readFileSync(path, "utf8").replace(/\n$/, "").split("\n");

/** Variant directories present on both sides, in the registry's order when given. */
export function variantsOnDisk(root: string, order: readonly string[]): string[] {
  const dirs = (side: string) =>
    readdirSync(join(root, side), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "include" && d.name !== "kernel")
      .map((d) => d.name);
  const ts = new Set(dirs("ts-port"));
  const both = dirs("c-reference").filter((v) => ts.has(v));
  return [...order.filter((v) => both.includes(v)), ...both.filter((v) => !order.includes(v)).sort()];
}

const fileRank = (f: string) => {
  const i = FILE_ORDER.indexOf(f);
  return i < 0 ? FILE_ORDER.length : i;
};

/** Every ported function of one variant, grouped by C file in reading order, in source order within a file. */
export function portedFunctions(root: string, variant: string): PortedFunction[] {
  const cDir = join(root, "c-reference", variant);
  const tsDir = join(root, "ts-port", variant);
  const cFiles = readdirSync(cDir)
    .filter((f) => /\.[ch]$/.test(f) && !ADAPTER_FILES.has(f))
    .sort((a, b) => fileRank(a) - fileRank(b) || a.localeCompare(b));
  const tsFiles = readdirSync(tsDir).filter((f) => f.endsWith(".ts") && !ADAPTER_FILES.has(f));
  const tsLines = new Map(tsFiles.map((f) => [f, readLines(join(tsDir, f))]));
  const out: PortedFunction[] = [];
  const seen = new Set<string>();
  for (const cFile of cFiles) {
    const lines = readLines(join(cDir, cFile));
    const found: PortedFunction[] = [];
    for (const name of KERNEL_FUNCTIONS) {
      if (seen.has(name)) continue;
      const c = findC(lines, name);
      if (!c) continue;
      seen.add(name);
      // the twin lives in the TS file named like the C file; else anywhere in the variant
      const twin = basename(cFile).replace(/\.[ch]$/, ".ts");
      const order = [twin, ...tsFiles.filter((f) => f !== twin)].filter((f) => tsLines.has(f));
      let ts: Extract | null = null;
      for (const f of order) {
        const tl = tsLines.get(f)!;
        const r = findTs(tl, name);
        if (r) {
          ts = { file: `ts-port/${variant}/${f}`, start: r.start + 1, lines: tl.slice(r.start, r.end + 1) };
          break;
        }
      }
      const cLines = lines.slice(c.start, c.end + 1);
      found.push({
        name,
        variant,
        cFile,
        c: { file: `c-reference/${variant}/${cFile}`, start: c.start + 1, lines: cLines },
        ts,
        provenance: provenanceOf(cLines, name),
      });
    }
    out.push(...found.sort((a, b) => a.c.start - b.c.start));
  }
  return out;
}

/** True when the repository has the two trees the report reads. */
export const hasSources = (root: string) => existsSync(join(root, "c-reference")) && existsSync(join(root, "ts-port"));
