// SPDX-License-Identifier: GPL-2.0-only
// The claims table for a person (claim/problem x variant) and for a machine
// (--json: the report without the full counterexamples, which are in the files).
import { basename } from "node:path";
import Table from "cli-table3";
import type { CellResult, ClaimsReport } from "./evaluate.js";

function cellText(c: CellResult): string {
  const file = c.file ? `\n(${basename(c.file)})` : "";
  switch (c.verdict) {
    case "holds":
      return `holds\n(${c.cases} cases)`;
    case "no witness":
      return `no witness\n(${c.cases} cases)`;
    case "witness":
      return `witness found${file}`;
    case "fails":
      return `fails${file}`;
    case "divergence":
      return `C/TS divergence${file}`;
    case "n.a.":
      return "n.a.";
  }
}

const variantHead = (v: ClaimsReport["variants"][number]) =>
  `${v.name}\n${v.patch1 || v.patch2 ? [v.patch1 && "patch 1", v.patch2 && "patch 2"].filter(Boolean).join(", ") : "vanilla"}`;

/** The table, then one line per witness / counterexample saying what it shows. */
export function claimsTable(r: ClaimsReport, color = false): string {
  const t = new Table({
    head: ["", "", ...r.variants.map(variantHead)],
    style: color ? undefined : { head: [], border: [] },
    colWidths: [5, 26, ...r.variants.map(() => 28)],
    wordWrap: true,
  });
  for (const c of r.claims) {
    const row = r.variants.map((v) => {
      const cell = r.cells.find((x) => x.claim === c.id && x.variant === v.name);
      return cell ? cellText(cell) : "";
    });
    t.push([c.id, c.title, ...row]);
  }
  const lines = [t.toString()];
  const found = r.cells.filter((c) => c.why && c.file !== undefined);
  if (found.length) {
    lines.push("");
    for (const c of found) lines.push(`${c.claim} on ${c.variant}: ${c.why}${c.file ? `\n  ${c.file}` : ""}`);
  }
  lines.push("");
  lines.push(
    `seed ${r.seed}, ${r.runs} scenarios per cell, ${(r.elapsedMs / 1000).toFixed(1)} s; a witness or counterexample file replays with: ple-parity replay FILE`,
  );
  return lines.join("\n");
}

/** --json: the table as data; counterexamples by file and summary. */
export function claimsJson(r: ClaimsReport): unknown {
  return {
    seed: r.seed,
    runs: r.runs,
    elapsedMs: r.elapsedMs,
    variants: r.variants,
    claims: r.claims,
    cells: r.cells.map(({ counterexample, ...rest }) => ({
      ...rest,
      steps: counterexample?.claim.steps.map((s) => s.target) ?? null,
    })),
  };
}
