// SPDX-License-Identifier: GPL-2.0-only
// The side-by-side pages: one page per variant and C file, one section per
// ported function, its C and its TS aligned line by line, each line with the
// campaign's hit count on its side. A line the campaign never ran is red, a
// line that ran with some code on it never run (a branch not taken) amber.
import { align } from "./align.js";
import { highlightLines } from "./highlight.js";
import { rangeCoverage, type LineCounts, type LineHit, type RangeCoverage } from "./counts.js";
import { anchor, coverageFigure, esc, page } from "./html.js";
import type { PortedFunction } from "./sources.js";

export interface FunctionCoverage {
  fn: PortedFunction;
  c: RangeCoverage | null;
  ts: RangeCoverage | null;
}

/** Where a function's page is, from the report's root. */
export const codePagePath = (variant: string, cFile: string): string => `code/${variant}/${cFile}.html`;

export const functionCoverage = (
  fn: PortedFunction,
  c: LineCounts | null,
  ts: LineCounts | null,
): FunctionCoverage => ({
  fn,
  c: rangeCoverage(c, fn.c.file, fn.c.start, fn.c.lines.length),
  ts: fn.ts ? rangeCoverage(ts, fn.ts.file, fn.ts.start, fn.ts.lines.length) : null,
});

function hitClass(h: LineHit | undefined): string {
  if (!h) return "nx";
  if (h.count === 0) return "miss";
  return h.partial ? "part" : "hit";
}

const hitTitle = (h: LineHit | undefined, side: string) =>
  !h
    ? "not executable"
    : h.count === 0
      ? `${side}: never run by the campaign`
      : `${side}: run ${h.count} times${h.partial ? "; some code on this line never ran" : ""}`;

/** The cells of one side of a row: line number, hits, code. */
function sideCells(
  side: "c" | "ts",
  idx: number | null,
  start: number,
  html: string[],
  counts: Map<number, LineHit> | undefined,
): string {
  const first = side === "ts" ? " ts-ln" : "";
  if (idx === null) return `<td class="ln pad${first}"></td><td class="hits pad"></td><td class="code pad"></td>`;
  const line = start + idx;
  const h = counts?.get(line);
  const cls = hitClass(h);
  const label = side === "c" ? "C" : "TS";
  return (
    `<td class="ln${first}">${line}</td>` +
    `<td class="hits ${cls}" title="${esc(hitTitle(h, label))}">${h ? h.count : ""}</td>` +
    `<td class="code ${side} ${cls}" data-cov="${cls}">${html[idx] || " "}</td>`
  );
}

/** One function's section: heading, coverage figures and the side-by-side table. */
export function functionSection(
  fc: FunctionCoverage,
  c: LineCounts | null,
  ts: LineCounts | null,
  cMissing: string | null,
): string {
  const { fn } = fc;
  const cHtml = highlightLines(fn.c.lines, "c");
  const tsLines = fn.ts?.lines ?? [];
  const tsHtml = highlightLines(tsLines, "typescript");
  const rows = align(fn.c.lines, tsLines);
  const cCounts = c?.get(fn.c.file);
  const tsCounts = fn.ts ? ts?.get(fn.ts.file) : undefined;
  const body = rows
    .map(
      (r) =>
        `<tr>${sideCells("c", r.c, fn.c.start, cHtml, cCounts)}${sideCells("ts", r.ts, fn.ts?.start ?? 0, tsHtml, tsCounts)}</tr>`,
    )
    .join("\n");
  const cFig = coverageFigure(fc.c, cMissing ? "C counts missing" : "C: no gcov lines (not compiled in)");
  const tsFig = fn.ts
    ? coverageFigure(fc.ts, "TS: not loaded by the campaign")
    : `<span class="fig none">no TS twin found</span>`;
  return `<section class="fn" id="${anchor(fn.name)}" data-function="${esc(fn.name)}">
<h3><code>${esc(fn.name)}</code><span class="prov">${esc(fn.provenance ?? "")}</span>
<span class="side">C ${cFig}</span><span class="side">TS ${tsFig}</span></h3>
<table class="sbs">
<colgroup><col class="ln"><col class="hits"><col class="code"><col class="ln"><col class="hits"><col class="code"></colgroup>
<thead><tr><th colspan="3" class="side-c">C — ${esc(fn.c.file)}:${fn.c.start}</th><th colspan="3" class="side-ts">TS — ${esc(fn.ts ? `${fn.ts.file}:${fn.ts.start}` : "(none)")}</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

export const LEGEND = `<div class="legend"><span><i class="hit"></i>reached (the number: times run)</span><span><i class="part"></i>reached, but code on the line never ran (a branch not taken)</span><span><i class="miss"></i>never reached by the campaign</span><span>no colour: not executable (comments, declarations, braces)</span></div>`;

/** The page of one variant's C file: every ported function in it. */
export function codePage(
  variant: string,
  cFile: string,
  fns: FunctionCoverage[],
  c: LineCounts | null,
  ts: LineCounts | null,
  cMissing: string | null,
  note: string,
): string {
  const toc = fns
    .map(
      (f) =>
        `<li><a href="#${anchor(f.fn.name)}"><code>${esc(f.fn.name)}</code></a> <small>C</small> ${coverageFigure(f.c, "—")} <small>TS</small> ${coverageFigure(f.ts, "—")}</li>`,
    )
    .join("\n");
  const missing = cMissing
    ? `<div class="missing"><strong>C line counts are missing.</strong> ${esc(cMissing)}</div>`
    : "";
  const body = `<h1>${esc(variant)} · ${esc(cFile)} <small>and its TS port</small></h1>
<p class="lead">${esc(note)} The two counters differ in grain: gcov counts each test of a loop condition, V8 each entry into a block; a C line in a block left by an oops can count low (gcov counts the edges taken).</p>
${missing}
${LEGEND}
<ul class="toc">${toc}</ul>
${fns.map((f) => functionSection(f, c, ts, cMissing)).join("\n")}`;
  return page({ title: `${variant} ${cFile}`, toRoot: "../../", body });
}
