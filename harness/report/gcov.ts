// SPDX-License-Identifier: GPL-2.0-only
// The C side's line counts: the addon built with gcov instrumentation
// (CMake option PLE_COVERAGE, in build-coverage/), a campaign run through it
// with GCOV_PREFIX pointing at a fresh directory (so concurrent runs and old
// counters do not mix), then `gcov --json-format` over the .gcda files it
// wrote, next to copies of the build's .gcno notes.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { addHit, type LineCounts } from "./counts.js";

export const COVERAGE_BUILD_DIR = "build-coverage";

export interface CoverageBuild {
  /** the instrumented addon, or null when it could not be built */
  addon: string | null;
  ms: number;
  /** why there is no addon (the build's last lines) */
  error?: string;
}

/** Build (or bring up to date) the gcov-instrumented addon with cmake-js. */
export function buildCoverageAddon(root: string): CoverageBuild {
  const t0 = performance.now();
  // through npx, as `npm run build` does: cmake-js takes the node headers from npm's config (nodedir)
  const r = spawnSync(
    "npx",
    ["--no-install", "cmake-js", "compile", "--out", COVERAGE_BUILD_DIR, "--CDPLE_COVERAGE=ON"],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    },
  );
  const ms = Math.round(performance.now() - t0);
  const addon = join(root, COVERAGE_BUILD_DIR, "Release", "ple_parity.node");
  if (r.status !== 0 || !existsSync(addon)) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`.trim().split("\n").slice(-8);
    return { addon: null, ms, error: tail.join("\n") };
  }
  return { addon, ms };
}

function* walk(dir: string, ext: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p, ext);
    else if (e.name.endsWith(ext)) yield p;
  }
}

interface GcovFile {
  file: string;
  lines: { line_number: number; count: number; unexecuted_block: boolean }[];
}

interface GcovJson {
  current_working_directory: string;
  files: GcovFile[];
}

/**
 * Line counts of the sources under `root` from the .gcda files that a run
 * with GCOV_PREFIX=`prefix` (and GCOV_PREFIX_STRIP=0) wrote for `buildDir`.
 */
export function gcovLineCounts(root: string, buildDir: string, prefix: string): LineCounts {
  const counts: LineCounts = new Map();
  const mirror = join(prefix, resolve(buildDir));
  const gcdas = [...walk(mirror, ".gcda")];
  if (!gcdas.length) throw new Error(`no .gcda files under ${mirror}: the instrumented addon wrote no counters`);
  for (const gcda of gcdas) {
    const gcno = join(resolve(buildDir), relative(mirror, gcda)).replace(/\.gcda$/, ".gcno");
    if (!existsSync(gcno)) throw new Error(`${gcno} is missing: rebuild ${buildDir}`);
    mkdirSync(dirname(gcda), { recursive: true });
    copyFileSync(gcno, gcda.replace(/\.gcda$/, ".gcno"));
  }
  const r = spawnSync("gcov", ["--json-format", "--stdout", ...gcdas], {
    cwd: prefix,
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) throw new Error(`gcov failed (${r.error ?? r.status}): ${(r.stderr ?? "").slice(0, 500)}`);
  for (const text of r.stdout.split("\n")) {
    if (!text.trim()) continue;
    const j = JSON.parse(text) as GcovJson;
    for (const f of j.files) {
      const rel = relative(root, resolve(j.current_working_directory, f.file));
      if (rel.startsWith("..")) continue;
      for (const l of f.lines) addHit(counts, rel, l.line_number, l.count, l.count > 0 && l.unexecuted_block);
    }
  }
  return counts;
}
