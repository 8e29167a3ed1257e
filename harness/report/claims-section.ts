// SPDX-License-Identifier: GPL-2.0-only
// The claims table of the report: the cover letter's problems and claims
// (rows) on every variant (columns), as `ple-parity claims` evaluates them,
// each witness or counterexample linked to its file in the report folder.
import { relative } from "node:path";
import type { CellResult, ClaimsReport } from "../claims/evaluate.js";
import { esc } from "./html.js";

const VERDICT_TEXT: Record<CellResult["verdict"], string> = {
  holds: "holds",
  fails: "fails",
  witness: "witness found",
  "no witness": "no witness",
  "n.a.": "n.a.",
  divergence: "C/TS divergence",
};

const verdictClass = (v: string) => `v-${v.replace(/[^a-z]/g, "-")}`;

function cell(c: CellResult | undefined, outRoot: string): string {
  if (!c) return `<td></td>`;
  const text = VERDICT_TEXT[c.verdict];
  const cases = c.verdict === "holds" || c.verdict === "no witness" ? ` <small>(${c.cases} cases)</small>` : "";
  const file = c.file
    ? `<br><a class="cx" href="${esc(relative(outRoot, c.file))}">${c.verdict === "witness" ? "witness" : "counterexample"}: ${esc(relative(outRoot, c.file).split("/").pop()!)}</a>`
    : "";
  const why = c.why ? `<span class="why">${esc(c.why)}</span>` : "";
  return `<td class="claim-cell" data-claim="${esc(c.claim)}" data-variant="${esc(c.variant)}" data-verdict="${esc(c.verdict)}"><span class="verdict ${verdictClass(c.verdict)}">${esc(text)}</span>${cases}${file}${why}</td>`;
}

/** The table and the statements; `outRoot` is the report folder (links are relative to it). */
export function claimsSection(r: ClaimsReport, outRoot: string): string {
  const head = r.variants
    .map((v) => {
      const patches = [v.patch1 && "patch 1", v.patch2 && "patch 2"].filter(Boolean).join(", ");
      return `<th>${esc(v.name)}${patches ? `<br><small>${esc(patches)}</small>` : ""}</th>`;
    })
    .join("");
  const rows = r.claims
    .map((c) => {
      const cells = r.variants.map((v) =>
        cell(
          r.cells.find((x) => x.claim === c.id && x.variant === v.name),
          outRoot,
        ),
      );
      return `<tr class="claim-row" id="claim-${esc(c.id)}"><th>${esc(c.id)}</th><td><b>${esc(c.title)}</b><br><small>${esc(c.kind === "problem" ? "problem the cover letter says vanilla has" : "claim of the patch")}</small></td>${cells.join("")}</tr>`;
    })
    .join("\n");
  const statements = r.claims
    .map((c) => `<dt><b>${esc(c.id)}</b> ${esc(c.title)}</dt><dd>${esc(c.statement)}</dd>`)
    .join("\n");
  return `<p class="lead">Seed ${r.seed}, ${r.runs} scenarios per claim × variant, ${(r.elapsedMs / 1000).toFixed(1)} s. A problem is searched for on every variant; a claim is checked where its patch is applied. Every witness and counterexample was confirmed on the C reference; each file replays with <code>ple-parity replay FILE</code>.</p>
<table class="grid claims">
<thead><tr><th></th><th></th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<details><summary>What each row checks</summary><dl>
${statements}
</dl></details>`;
}
