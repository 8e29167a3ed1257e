// SPDX-License-Identifier: GPL-2.0-only
// The report's one stylesheet: layout, the side-by-side tables with their
// coverage colours, the claims and findings tables, and highlight.js's theme.
import { themeCss } from "./highlight.js";

const CSS = `
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa;
  --miss: #ffd7d5; --miss-gutter: #ff8182; --part: #fff1c2; --part-gutter: #e3b341;
  --hit-gutter: #d2f4d9; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--fg); }
header.top { position: sticky; top: 0; z-index: 5; background: #24292f; color: #fff; padding: 8px 20px; display: flex; gap: 16px; align-items: baseline; }
header.top a { color: #fff; font-weight: 600; text-decoration: none; }
header.top .crumb { color: #c9d1d9; }
main { padding: 12px 20px 40px; max-width: 1800px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
a { color: #0969da; }
code, pre, .code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
p.lead { color: var(--muted); margin: 4px 0 12px; }
.missing { border: 2px dashed var(--warn); background: #fff8e1; padding: 10px 14px; border-radius: 6px; }
.missing strong { color: var(--warn); }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 4px; }
.facts div { min-width: 120px; }
.facts b { display: block; font-size: 18px; }
.facts span { color: var(--muted); font-size: 12px; }
table.grid { border-collapse: collapse; margin: 6px 0 12px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid th { background: var(--bg-alt); font-weight: 600; }
table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.group th { background: #eaeef2; text-align: left; }
.fig { display: inline-flex; align-items: center; gap: 6px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.fig .bar { display: inline-block; width: 60px; height: 8px; background: var(--miss); border-radius: 2px; overflow: hidden; }
.fig .bar span { display: block; height: 100%; background: var(--ok); }
.fig.none { color: var(--muted); font-style: italic; }
.fig small { color: var(--muted); }
.legend { display: flex; gap: 16px; flex-wrap: wrap; margin: 6px 0 10px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 12px; vertical-align: -2px; margin-right: 4px; border: 1px solid var(--line); }
.legend i.miss { background: var(--miss); } .legend i.part { background: var(--part); } .legend i.hit { background: var(--hit-gutter); }
section.fn { margin: 18px 0 30px; scroll-margin-top: 44px; }
h2, tr.claim-row { scroll-margin-top: 44px; }
section.fn h3 { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; }
section.fn h3 code { font-size: 16px; }
section.fn h3 .prov { font-weight: normal; color: var(--muted); font-size: 13px; }
section.fn h3 .side { font-weight: normal; font-size: 13px; }
table.sbs { width: 100%; table-layout: fixed; border-collapse: collapse; border: 1px solid var(--line); }
table.sbs col.ln { width: 44px; } table.sbs col.hits { width: 64px; } table.sbs col.code { width: calc(50% - 108px); }
table.sbs thead th { background: var(--bg-alt); text-align: left; font-weight: 600; padding: 4px 8px; border-bottom: 1px solid var(--line); }
table.sbs thead th.side-ts { border-left: 2px solid var(--line); }
table.sbs td { padding: 0 6px; vertical-align: top; }
table.sbs td.ln { color: #8c959f; text-align: right; user-select: none; font-family: "DejaVu Sans Mono", monospace; font-size: 11.5px; }
table.sbs td.hits { text-align: right; font-family: "DejaVu Sans Mono", monospace; font-size: 11.5px; color: var(--muted); }
table.sbs td.code { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 8; -moz-tab-size: 8; }
table.sbs td.ts-ln { border-left: 2px solid var(--line); }
table.sbs td.hits.hit { background: var(--hit-gutter); color: #116329; }
table.sbs td.hits.miss { background: var(--miss-gutter); color: #fff; font-weight: 600; }
table.sbs td.code.miss { background: var(--miss); }
table.sbs td.hits.part { background: var(--part-gutter); color: #3b2300; }
table.sbs td.code.part { background: var(--part); }
table.sbs td.pad { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #f3f4f6 4px, #f3f4f6 8px); }
table.sbs tr:hover td.code { outline: 1px solid #d0d7de; }
.verdict { font-weight: 600; white-space: nowrap; }
.v-holds { color: var(--ok); } .v-fails, .v-divergence { color: var(--bad); } .v-witness { color: var(--warn); }
.v-no-witness, .v-n-a- { color: var(--muted); font-weight: normal; }
td.claim-cell .why { display: block; color: var(--muted); font-size: 12px; max-width: 340px; }
td.claim-cell a.cx { font-size: 12px; }
.kind { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.kind-divergence { background: #ffebe9; color: var(--bad); } .kind-kernel-fault { background: #fff8c5; color: var(--warn); }
details { margin: 4px 0; }
details > summary { cursor: pointer; color: #0969da; }
table.findings { width: 100%; table-layout: fixed; }
table.findings td { overflow-wrap: anywhere; }
.kind { white-space: nowrap; }
pre.json { max-width: 100%; background: var(--bg-alt); border: 1px solid var(--line); padding: 8px 10px; max-height: 420px; overflow: auto; white-space: pre; }
tr.same td { color: #8c959f; }
.diff-field { font-family: "DejaVu Sans Mono", monospace; }
.pair { display: flex; gap: 6px; align-items: center; white-space: nowrap; }
.pair > a, .pair > span { display: inline-block; width: 22px; font-weight: 600; font-size: 12px; }
table.coverage { width: 100%; }
table.coverage td, table.coverage th { padding: 3px 8px; }
table.coverage th:first-child { width: 230px; }
ul.toc { columns: 3 300px; padding-left: 18px; }
ul.toc small { color: var(--muted); }
`;

export const reportCss = (): string => `${CSS}\n/* highlight.js theme (github) */\n${themeCss()}`;
