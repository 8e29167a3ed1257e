// SPDX-License-Identifier: GPL-2.0-only
// One campaign, both sides' line counts: builds the gcov addon, runs the
// campaign in a child process (V8 coverage on; the instrumented addon loaded
// through PLE_PARITY_ADDON; its counters sent under a fresh GCOV_PREFIX),
// then reads the C counts with gcov. Without the instrumented addon the
// campaign still runs on the normal one and the C counts are missing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCoverageAddon, gcovLineCounts, COVERAGE_BUILD_DIR } from "./gcov.js";
import { countsFromJson, type LineCounts, type LineCountsJson } from "./counts.js";
import type { CampaignResult } from "./campaign.js";

export interface CoverageRun {
  campaign: CampaignResult;
  c: LineCounts | null;
  ts: LineCounts;
  /** why the C counts are missing */
  cMissing: string | null;
  timings: { buildMs: number; campaignMs: number; gcovMs: number };
}

export interface CoverageOptions {
  root: string;
  runs: number;
  seed: number;
  /** where the campaign's counterexample files go */
  outDir: string;
  log?: (line: string) => void;
}

const here = dirname(fileURLToPath(import.meta.url));

export function coverageCampaign(o: CoverageOptions): CoverageRun {
  const log = o.log ?? (() => {});
  log("building the gcov-instrumented addon (cmake-js, build-coverage/)");
  const build = buildCoverageAddon(o.root);
  let cMissing: string | null = build.addon
    ? null
    : `the gcov-instrumented addon did not build (cmake-js compile --out ${COVERAGE_BUILD_DIR} --CDPLE_COVERAGE=ON):\n${build.error}`;

  const work = mkdtempSync(join(tmpdir(), "ple-parity-report-"));
  try {
    const prefix = join(work, "gcda");
    const answer = join(work, "campaign.json");
    const env = { ...process.env };
    if (build.addon) Object.assign(env, { PLE_PARITY_ADDON: build.addon, GCOV_PREFIX: prefix, GCOV_PREFIX_STRIP: "0" });
    log(`campaign: every target x variant, ${o.runs} cases each, seed ${o.seed} (V8 coverage on)`);
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        join(here, "coverage-boot.js"),
        answer,
        JSON.stringify({ root: o.root, runs: o.runs, seed: o.seed, outDir: o.outDir }),
      ],
      { cwd: o.root, env, encoding: "utf8", maxBuffer: 64 << 20 },
    );
    const campaignMs = Math.round(performance.now() - t0);
    if (r.status !== 0)
      throw new Error(`the coverage campaign failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? "").slice(-2000)}`);
    const { campaign, ts } = JSON.parse(readFileSync(answer, "utf8")) as {
      campaign: CampaignResult;
      ts: LineCountsJson;
    };
    let c: LineCounts | null = null;
    const g0 = performance.now();
    if (build.addon) {
      try {
        c = gcovLineCounts(o.root, join(o.root, COVERAGE_BUILD_DIR), prefix);
      } catch (e) {
        cMissing = `gcov could not read the counters: ${(e as Error).message}`;
      }
    }
    const gcovMs = Math.round(performance.now() - g0);
    return { campaign, c, ts: countsFromJson(ts), cMissing, timings: { buildMs: build.ms, campaignMs, gcovMs } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
