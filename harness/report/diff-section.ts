// SPDX-License-Identifier: GPL-2.0-only
// The variant diffs of the report: for each patch (v5.6 -> v5.6-ple and
// rfc-base -> rfc-v1), `ple-parity diff`'s answer (harness/diff/): how often
// each target's decision differs, grouped by first differing field and the
// branch that made it, with the smallest example.
import type { DiffReport } from "../diff/campaign.js";
import { esc } from "./html.js";
import { readableJson } from "./json.js";

/** The patches the report diffs: each variant against its patched twin. */
export const DIFF_PAIRS: readonly [string, string][] = [
  ["v5.6", "v5.6-ple"],
  ["rfc-base", "rfc-v1"],
];

const label = (s: DiffReport["a"]) => (s.cfs === s.kvm ? s.cfs : `cfs=${s.cfs},kvm=${s.kvm}`);
const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "–");

export function diffBlock(d: DiffReport): string {
  const rows = d.targets
    .map(
      (t) =>
        `<tr${t.differing ? "" : ' class="same"'}><td><code>${esc(t.target)}</code></td><td class="num">${t.cases}</td><td class="num">${t.differing} <small>(${pct(t.differing, t.cases)})</small></td><td class="num">${t.by.ret}</td><td class="num">${t.by.trace}</td><td class="num">${t.by.state}</td><td class="num">${t.by.faults}</td><td class="num">${t.groups.length}</td></tr>`,
    )
    .join("\n");
  const groups = d.targets
    .flatMap((t) =>
      t.groups.map((g, k) => {
        const lines = g.branch
          .slice(0, 6)
          .map(
            (l) =>
              `<li>${esc(l.side)} <code>${esc(`${l.variant}/${l.file}:${l.line}`)}</code> ${esc(l.fn)}: <code>${esc(l.text)}</code></li>`,
          )
          .join("");
        const diffs = g.example.differences
          .slice(0, 8)
          .map(
            (f) =>
              `<li><span class="diff-field">${esc(f.field)}</span>: A <code>${esc(f.a)}</code>, B <code>${esc(f.b)}</code></li>`,
          )
          .join("");
        return `<li><b><code>${esc(t.target)}</code> [${k + 1}]</b> first differing field <span class="diff-field">${esc(g.field)}</span>, ${g.cases} case${g.cases === 1 ? "" : "s"}${g.functions.length ? `; only ${esc(g.functions.join(", "))} ran` : ""}
${lines ? `<ul>${lines}</ul>` : ""}<details><summary>smallest example: ret A ${esc(g.example.ret.a)}, B ${esc(g.example.ret.b)}; ${g.example.divergence ? `C and TS diverge: ${esc(g.example.divergence)}` : "the C reference agrees on both sides"}</summary><ul>${diffs}</ul><pre class="json">${esc(readableJson(g.example.scenario))}</pre></details></li>`;
      }),
    )
    .join("\n");
  return `<h3>A = ${esc(label(d.a))}, B = ${esc(label(d.b))}</h3>
<p class="lead">Seed ${d.seed}, ${d.runs} scenarios per target, ${(d.elapsedMs / 1000).toFixed(1)} s. Grouped by ${esc(d.grouping)}.</p>
<table class="grid"><thead><tr><th>target</th><th>cases</th><th>differ</th><th>ret</th><th>trace</th><th>state</th><th>faults</th><th>groups</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${d.skipped.length ? `<p class="lead">Not compared (the same code on both sides): ${esc(d.skipped.map((s) => s.target).join(", "))}</p>` : ""}
${groups ? `<ol class="diff-groups">${groups}</ol>` : "<p>No differences.</p>"}`;
}

export function diffMissing(why: string): string {
  return `<div class="missing" id="diff-missing"><strong>Variant diffs: data missing.</strong> ${esc(why)}</div>`;
}
