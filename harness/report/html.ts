// SPDX-License-Identifier: GPL-2.0-only
// The pages' frame: escaping, the page skeleton (one stylesheet, no script),
// and small shared pieces (a coverage figure, a link).
import type { RangeCoverage } from "./counts.js";

export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An id for an anchor: letters, digits, - and _ only. */
export const anchor = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, "-");

export interface PageOptions {
  title: string;
  /** path from this page to the report's root, e.g. "../../" */
  toRoot: string;
  body: string;
}

export function page(o: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="${o.toRoot}assets/report.css">
</head>
<body>
<header class="top"><a href="${o.toRoot}index.html">ple-parity report</a><span class="crumb">${esc(o.title)}</span></header>
<main>
${o.body}
</main>
</body>
</html>
`;
}

/** "12/15 (80%)" with a bar; "no data" when the side has none. */
export function coverageFigure(cov: RangeCoverage | null, missing = "no data"): string {
  if (!cov) return `<span class="fig none">${esc(missing)}</span>`;
  if (!cov.lines)
    return `<span class="fig none" title="the compiler emitted no code for it (an unused static or macro-like helper)">no code</span>`;
  const pct = Math.round((100 * cov.hit) / cov.lines);
  const cls = cov.hit === cov.lines ? "full" : cov.hit === 0 ? "zero" : "some";
  return `<span class="fig ${cls}" title="${cov.hit} of ${cov.lines} executable lines reached"><span class="bar"><span style="width:${pct}%"></span></span>${cov.hit}/${cov.lines} <small>(${pct}%)</small></span>`;
}

export const link = (href: string, text: string, cls = ""): string =>
  `<a href="${esc(href)}"${cls ? ` class="${cls}"` : ""}>${esc(text)}</a>`;
