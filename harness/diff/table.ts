// SPDX-License-Identifier: GPL-2.0-only
// A variant diff for a person: a table of how often each target's decision
// differs, then every group with the lines that made it and its smallest
// example; and for a machine (--json: the DiffReport itself).
import Table from "cli-table3";
import type { BranchSideLine, DiffReport } from "./campaign.js";
import { sideLabel } from "./sides.js";

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "-");

function lineText(l: BranchSideLine): string {
  const share = l.share !== undefined && l.share < 1 ? ` (${Math.round(l.share * 100)}% of its cases)` : "";
  return `${l.side} ${l.variant}/${l.file}:${l.line} ${l.fn}: ${l.text}${share}`;
}

function scenarioSize(s: Record<string, unknown>): string {
  return ["rq", "cfs_rq", "se", "task", "kvm", "vcpu"]
    .map((r) => [r, ((s[r] as unknown[] | undefined) ?? []).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`)
    .join(", ");
}

export function diffText(r: DiffReport, color = false, maxLines = 6): string {
  const A = sideLabel(r.a);
  const B = sideLabel(r.b);
  const out: string[] = [`A = ${A}, B = ${B}; seed ${r.seed}, ${r.runs} scenarios per target`];
  const t = new Table({
    head: ["target", "cases", "differ", "ret", "trace", "state", "faults", "groups"],
    style: color ? { compact: true } : { head: [], border: [], compact: true },
  });
  for (const d of r.targets)
    t.push([
      d.target,
      d.cases,
      `${d.differing} (${pct(d.differing, d.cases)})`,
      d.by.ret,
      d.by.trace,
      d.by.state,
      d.by.faults,
      d.groups.length,
    ]);
  out.push(t.toString());
  if (r.skipped.length)
    out.push(`not compared (the same code on both sides): ${r.skipped.map((s) => s.target).join(", ")}`);
  for (const d of r.targets) {
    if (!d.groups.length) continue;
    out.push(
      "",
      `${d.target}: ${d.differing} of ${d.cases} cases differ, ${d.groups.length} group${d.groups.length > 1 ? "s" : ""}`,
    );
    if (d.common.length) {
      out.push(`  every difference runs these branch lines:`);
      for (const l of d.common.slice(0, maxLines)) out.push(`    ${lineText(l)}`);
      if (d.common.length > maxLines) out.push(`    ... ${d.common.length - maxLines} more`);
    }
    d.groups.forEach((g, k) => {
      const fns = g.functions.length ? `; only ${g.functions.join(", ")} ran` : "";
      out.push(`  [${k + 1}] first differing field ${g.field}: ${g.cases} case${g.cases > 1 ? "s" : ""}${fns}`);
      if (g.branch.length) {
        out.push(`      branch lines:`);
        for (const l of g.branch.slice(0, maxLines)) out.push(`        ${lineText(l)}`);
        if (g.branch.length > maxLines) out.push(`        ... ${g.branch.length - maxLines} more`);
      } else if (d.common.length) out.push(`      branch lines: only those every difference runs`);
      else out.push(`      branch lines: none (the sides run the same lines; the difference is in the values)`);
      const e = g.example;
      out.push(
        `      smallest example (${scenarioSize(e.scenario as unknown as Record<string, unknown>)}): ret A ${e.ret.a}, B ${e.ret.b}`,
      );
      for (const f of e.differences.slice(0, maxLines)) out.push(`        ${f.field}: A ${f.a}, B ${f.b}`);
      if (e.differences.length > maxLines)
        out.push(`        ... ${e.differences.length - maxLines} more differing words`);
      out.push(`      ${e.divergence ? `C and TS DIVERGE: ${e.divergence}` : "C reference agrees on both sides"}`);
    });
  }
  out.push("", `grouped by ${r.grouping}; ${(r.elapsedMs / 1000).toFixed(1)} s; --json gives every example scenario`);
  return out.join("\n");
}
