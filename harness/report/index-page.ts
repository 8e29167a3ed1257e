// SPDX-License-Identifier: GPL-2.0-only
// The report's front page: what was run and what it found at a glance, the
// coverage of every ported function on both sides (one row per function, one
// column per variant, each cell linking to the side-by-side view), then the
// claims table, the campaign's findings and the variant diffs.
import { anchor, coverageFigure, esc, page } from "./html.js";
import { codePagePath, LEGEND, type FunctionCoverage } from "./code-page.js";
import type { RangeCoverage } from "./counts.js";

export interface IndexInput {
  command: string;
  generatedAt: string;
  variants: string[];
  functions: FunctionCoverage[];
  facts: { label: string; value: string }[];
  cMissing: string | null;
  claims: string;
  findings: string;
  cells: string;
  diffs: string;
  timings: string;
}

const total = (xs: (RangeCoverage | null)[]): RangeCoverage | null => {
  const have = xs.filter((x): x is RangeCoverage => x !== null);
  return have.length
    ? { lines: have.reduce((s, x) => s + x.lines, 0), hit: have.reduce((s, x) => s + x.hit, 0) }
    : null;
};

/** Rows: (C file, function) in reading order; columns: variants. */
function coverageTable(fns: FunctionCoverage[], variants: string[]): string {
  const rows = new Map<string, { cFile: string; name: string; by: Map<string, FunctionCoverage> }>();
  for (const f of fns) {
    const key = `${f.fn.cFile} ${f.fn.name}`;
    if (!rows.has(key)) rows.set(key, { cFile: f.fn.cFile, name: f.fn.name, by: new Map() });
    rows.get(key)!.by.set(f.fn.variant, f);
  }
  const byFile = new Map<string, (typeof rows extends Map<string, infer R> ? R : never)[]>();
  for (const r of rows.values()) {
    if (!byFile.has(r.cFile)) byFile.set(r.cFile, []);
    byFile.get(r.cFile)!.push(r);
  }
  const head = variants.map((v) => `<th>${esc(v)}<br><small>C lines · TS lines reached</small></th>`).join("");
  const body: string[] = [];
  for (const [cFile, list] of byFile) {
    const totals = variants
      .map((v) => {
        const here = list.map((r) => r.by.get(v)).filter((x): x is FunctionCoverage => !!x);
        if (!here.length) return `<th></th>`;
        return `<th><a href="${esc(codePagePath(v, cFile))}">${esc(cFile)}</a><div class="pair"><span>C</span>${coverageFigure(total(here.map((x) => x.c)), "–")}</div><div class="pair"><span>TS</span>${coverageFigure(total(here.map((x) => x.ts)), "–")}</div></th>`;
      })
      .join("");
    body.push(`<tr class="group"><th>${esc(cFile)}</th>${totals}</tr>`);
    for (const r of list) {
      const cells = variants
        .map((v) => {
          const f = r.by.get(v);
          if (!f) return `<td class="absent"></td>`;
          const href = esc(`${codePagePath(v, cFile)}#${anchor(r.name)}`);
          return `<td><div class="pair"><a href="${href}">C</a>${coverageFigure(f.c, "–")}</div><div class="pair"><a href="${href}">TS</a>${coverageFigure(f.ts, "–")}</div></td>`;
        })
        .join("");
      body.push(`<tr><td><code>${esc(r.name)}</code></td>${cells}</tr>`);
    }
  }
  return `<table class="grid coverage"><thead><tr><th>function</th>${head}</tr></thead><tbody>
${body.join("\n")}
</tbody></table>`;
}

export function indexPage(i: IndexInput): string {
  const facts = i.facts.map((f) => `<div><b>${esc(f.value)}</b><span>${esc(f.label)}</span></div>`).join("");
  const missing = i.cMissing
    ? `<div class="missing"><strong>C line counts are missing.</strong> ${esc(i.cMissing)}</div>`
    : "";
  const body = `<h1>ple-parity report</h1>
<p class="lead">Generated ${esc(i.generatedAt)} by <code>${esc(i.command)}</code>. The C reference and the TypeScript port of every ported function side by side with the line counts of one campaign on each side (gcov for C, V8 coverage for TS); the cover letter's claims; the campaign's findings; the variant diffs.</p>
<div class="facts">${facts}</div>
<nav><a href="#coverage">Side by side, with coverage</a> · <a href="#claims">Claims</a> · <a href="#findings">Findings</a> · <a href="#diffs">Variant diffs</a></nav>

<h2 id="coverage">Side by side, with the campaign's line coverage</h2>
<p class="lead">Each cell: lines of the function the campaign reached on the C side and on the TS side. Follow a link for the two texts aligned line by line, every line with its hit count; lines never reached are red.</p>
${missing}
${LEGEND}
${coverageTable(i.functions, i.variants)}

<h2 id="claims">Claims of the cover letter</h2>
${i.claims}

<h2 id="findings">Findings of the campaign</h2>
${i.findings}
${i.cells}

<h2 id="diffs">Variant diffs</h2>
${i.diffs}

<h2 id="timings">How long it took</h2>
<p class="lead">${esc(i.timings)}</p>`;
  return page({ title: "summary", toRoot: "", body });
}
