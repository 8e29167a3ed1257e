// SPDX-License-Identifier: GPL-2.0-only
// The campaign's findings in the report: every distinct divergence (C and TS
// differ: a port bug) and kernel fault (both agree on an oops or UB), with
// its first differing field or its faults, and the counterexample as pretty
// JSON beside a link to the file (which `ple-parity replay` re-runs).
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import hljs from "highlight.js/lib/core";
import json from "highlight.js/lib/languages/json";
import type { CampaignFinding, CampaignResult } from "./campaign.js";
import type { Counterexample } from "../fuzz/batch.js";
import { esc } from "./html.js";
import { readableJson } from "./json.js";

hljs.registerLanguage("json", json);

const variantsText = (cx: Counterexample) =>
  cx.variants.cfs === cx.variants.kvm ? cx.variants.cfs : `cfs=${cx.variants.cfs} kvm=${cx.variants.kvm}`;

function findingBlock(f: CampaignFinding, outRoot: string, n: number): string {
  let cx: Counterexample;
  const text = readFileSync(f.file, "utf8");
  try {
    cx = JSON.parse(text) as Counterexample;
  } catch {
    return `<li>${esc(f.signature)}: the file ${esc(f.file)} is not JSON</li>`;
  }
  const rel = relative(outRoot, f.file);
  const what = cx.firstDifference
    ? `first differing field <span class="diff-field">${esc(cx.firstDifference.field)}</span>: C <code>${esc(cx.firstDifference.c)}</code>, TS <code>${esc(cx.firstDifference.ts)}</code>`
    : cx.faults.length
      ? `both sides: ${cx.faults.map((x) => `<code>${esc(x)}</code>`).join(", ")}`
      : "";
  // the post-states are in the file; the page shows the scenario and what each side returned, called and faulted
  const brief = (o: Counterexample["outcomes"]["c"] | null | undefined) =>
    o ? { ret: o.ret, trace: o.trace, faults: o.faults } : null;
  const shown = {
    ...cx,
    outcomes: { c: brief(cx.outcomes?.c), ts: brief(cx.outcomes?.ts), state: `both post-states: see ${rel}` },
  };
  const pretty = hljs.highlight(readableJson(shown, 3), { language: "json" }).value;
  return `<tr class="finding" data-kind="${esc(f.kind)}"><td class="num">${n}</td><td><span class="kind kind-${esc(f.kind)}">${esc(f.kind)}</span></td>
<td><code>${esc(cx.target)}</code><br><small>${esc(variantsText(cx))}</small></td>
<td>${what}<details><summary>counterexample${f.shrunk ? " (shrunk)" : " (not fully shrunk: the report gives each shrink 0.5 s; ple-parity fuzz shrinks to the end)"}</summary><pre class="json hljs">${pretty}</pre></details></td>
<td><a href="${esc(rel)}">${esc(rel.split("/").pop()!)}</a></td></tr>`;
}

export function findingsSection(r: CampaignResult, outRoot: string): string {
  const divergences = r.findings.filter((f) => f.kind === "divergence");
  const faults = r.findings.filter((f) => f.kind === "kernel-fault");
  const ordered = [...divergences, ...faults];
  const lead = `<p class="lead">${r.findings.length} distinct findings in ${r.cells.reduce((s, c) => s + c.cases, 0).toLocaleString("en")} cases: <b>${divergences.length}</b> divergences (C and TS differ: a bug of the port), <b>${faults.length}</b> kernel faults (both sides agree on an oops or undefined behaviour: a property of the kernel code or patch). The same cases as <code>ple-parity fuzz --runs ${r.runs} --seed ${r.seed}</code>.</p>`;
  if (!ordered.length) return `${lead}<p>No findings.</p>`;
  return `${lead}
<table class="grid findings">
<colgroup><col style="width:40px"><col style="width:120px"><col style="width:210px"><col><col style="width:320px"></colgroup>
<thead><tr><th>#</th><th>kind</th><th>target</th><th>what differs or faults</th><th>file</th></tr></thead>
<tbody>
${ordered.map((f, i) => findingBlock(f, outRoot, i + 1)).join("\n")}
</tbody>
</table>`;
}

/** Per target x variant: cases, findings, time (folded away: long). */
export function cellsSection(r: CampaignResult): string {
  const rows = r.cells
    .map(
      (c) =>
        `<tr><td><code>${esc(c.target)}</code></td><td>${esc(c.family === "compose" ? `cfs=${c.cfs} kvm=${c.kvm}` : c.family === "cfs" ? c.cfs : c.kvm)}</td><td class="num">${c.cases}</td><td class="num">${c.findings.filter((f) => f.kind === "divergence").length}</td><td class="num">${c.findings.filter((f) => f.kind === "kernel-fault").length}</td><td class="num">${c.ms}</td></tr>`,
    )
    .join("\n");
  return `<details><summary>Every target × variant of the campaign (${r.cells.length} cells)</summary>
<table class="grid"><thead><tr><th>target</th><th>variants</th><th>cases</th><th>divergences</th><th>kernel faults</th><th>ms (coverage on)</th></tr></thead>
<tbody>
${rows}
</tbody></table></details>`;
}
