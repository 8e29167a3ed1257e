// SPDX-License-Identifier: GPL-2.0-only
// `ple-parity report`: one static HTML report in a folder (index.html, a page
// per variant and C file, assets/report.css, counterexamples/) that opens
// from disk and runs no script. It runs one campaign with line coverage on
// both sides, the claims and the variant diffs, and renders what they found.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { VARIANT_NAMES } from "../../ts-port/index.js";
import { evaluateClaims, type ClaimsReport } from "../claims/evaluate.js";
import { coverageCampaign } from "./coverage.js";
import { portedFunctions, variantsOnDisk } from "./sources.js";
import { codePage, codePagePath, functionCoverage, type FunctionCoverage } from "./code-page.js";
import { claimsSection } from "./claims-section.js";
import { cellsSection, findingsSection } from "./findings-section.js";
import { runDiff } from "../diff/campaign.js";
import { DIFF_PAIRS, diffBlock, diffMissing } from "./diff-section.js";
import { indexPage } from "./index-page.js";
import { reportCss } from "./style.js";
import { esc } from "./html.js";
import type { RangeCoverage } from "./counts.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ReportOptions {
  out: string;
  runs: number;
  seed: number;
  /** scenarios per claim x variant and per diff target (default: runs) */
  claimRuns?: number;
  root?: string;
  log?: (line: string) => void;
}

export interface ReportResult {
  index: string;
  findings: number;
  claims: ClaimsReport | null;
  timings: Record<string, number>;
}

const sumCov = (xs: (RangeCoverage | null)[]): RangeCoverage =>
  xs.reduce<RangeCoverage>((s, x) => (x ? { lines: s.lines + x.lines, hit: s.hit + x.hit } : s), { lines: 0, hit: 0 });
const pctText = (c: RangeCoverage) => (c.lines ? `${Math.round((100 * c.hit) / c.lines)}%` : "–");

export async function generateReport(o: ReportOptions): Promise<ReportResult> {
  const root = o.root ?? ROOT;
  const out = resolve(o.out);
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(performance.now() - since));

  mkdirSync(out, { recursive: true });
  for (const d of ["code", "counterexamples", "assets"]) rmSync(join(out, d), { recursive: true, force: true });
  const cxDir = join(out, "counterexamples");

  // 1. the campaign, both sides' line counts
  const cov = coverageCampaign({ root, runs: o.runs, seed: o.seed, outDir: join(cxDir, "campaign"), log });
  Object.assign(timings, cov.timings);
  log(
    `campaign: ${cov.campaign.cells.reduce((s, c) => s + c.cases, 0)} cases, ${cov.campaign.findings.length} findings, ${(cov.timings.campaignMs / 1000).toFixed(1)} s`,
  );

  // 2. the claims
  let claims: ClaimsReport | null = null;
  let claimsHtml: string;
  const c0 = performance.now();
  try {
    log("claims: every problem and claim on every variant");
    claims = evaluateClaims({
      runs: o.claimRuns ?? o.runs,
      seed: o.seed,
      outDir: join(cxDir, "claims"),
      shrinkMs: 1000,
    });
    claimsHtml = claimsSection(claims, out);
  } catch (e) {
    claimsHtml = `<div class="missing"><strong>Claims: data missing.</strong> ${esc((e as Error).message)}</div>`;
  }
  lap("claimsMs", c0);

  // 3. the variant diffs
  const d0 = performance.now();
  const blocks: string[] = [];
  for (const [a, b] of DIFF_PAIRS) {
    log(`diff: ${a} against ${b}`);
    try {
      const r = await runDiff({
        a: { cfs: a, kvm: a },
        b: { cfs: b, kvm: b },
        runs: o.claimRuns ?? o.runs,
        seed: o.seed,
        shrinkMs: 500,
      });
      blocks.push(diffBlock(r));
    } catch (e) {
      blocks.push(diffMissing(`ple-parity diff ${a} ${b} failed: ${(e as Error).message}`));
    }
  }
  const diffsHtml = blocks.join("\n");
  lap("diffMs", d0);

  // 4. the pages
  const r0 = performance.now();
  const variants = variantsOnDisk(root, VARIANT_NAMES);
  const functions: FunctionCoverage[] = [];
  mkdirSync(join(out, "assets"), { recursive: true });
  writeFileSync(join(out, "assets", "report.css"), reportCss());
  const note = `Campaign: ${o.runs} cases per target × variant, seed ${o.seed}. Hit counts: gcov (C, the addon built with --coverage) and V8 precise coverage (TS, mapped through tsx's source maps), of the same cases.`;
  for (const v of variants) {
    const fns = portedFunctions(root, v).map((f) => functionCoverage(f, cov.c, cov.ts));
    functions.push(...fns);
    for (const cFile of [...new Set(fns.map((f) => f.fn.cFile))]) {
      const path = join(out, codePagePath(v, cFile));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        codePage(
          v,
          cFile,
          fns.filter((f) => f.fn.cFile === cFile),
          cov.c,
          cov.ts,
          cov.cMissing,
          note,
        ),
      );
    }
  }
  const cTotal = sumCov(functions.map((f) => f.c));
  const tsTotal = sumCov(functions.map((f) => f.ts));
  const cases = cov.campaign.cells.reduce((s, c) => s + c.cases, 0);
  const div = cov.campaign.findings.filter((f) => f.kind === "divergence").length;
  const verdicts = (v: string) => claims?.cells.filter((c) => c.verdict === v).length ?? 0;
  lap("renderMs", r0);
  timings.totalMs = Math.round(performance.now() - t0);
  const index = join(out, "index.html");
  writeFileSync(
    index,
    indexPage({
      command: `ple-parity report --runs ${o.runs} --seed ${o.seed}`,
      generatedAt: new Date()
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC"),
      variants,
      functions,
      cMissing: cov.cMissing,
      facts: [
        { label: "cases run (each on C and TS)", value: cases.toLocaleString("en") },
        { label: "divergences (C ≠ TS)", value: String(div) },
        { label: "kernel faults (both agree)", value: String(cov.campaign.findings.length - div) },
        { label: "C lines reached", value: cov.c ? `${pctText(cTotal)} of ${cTotal.lines}` : "missing" },
        { label: "TS lines reached", value: `${pctText(tsTotal)} of ${tsTotal.lines}` },
        {
          label: "claims: holds / fails / witnesses",
          value: claims ? `${verdicts("holds")} / ${verdicts("fails")} / ${verdicts("witness")}` : "missing",
        },
      ],
      claims: claimsHtml,
      findings: findingsSection(cov.campaign, out),
      cells: cellsSection(cov.campaign),
      diffs: diffsHtml,
      timings: Object.entries(timings)
        .map(([k, v]) => `${k.replace(/Ms$/, "")} ${(v / 1000).toFixed(1)} s`)
        .join(", "),
    }),
  );
  return { index, findings: cov.campaign.findings.length, claims, timings };
}
