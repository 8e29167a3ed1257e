// SPDX-License-Identifier: GPL-2.0-only
// The report's coverage child process: starts V8 precise coverage (call
// counts, block detail) before any port is loaded, runs the campaign in this
// thread, maps the coverage of ts-port/ to source lines and writes
// { campaign, ts } as JSON to the file named by argv[2], then exits so that
// the gcov-instrumented addon (when PLE_PARITY_ADDON names it) writes its
// counters. Options come as JSON in argv[3]: { root, runs, seed, outDir }.
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import type { V8ScriptCoverage } from "./v8-coverage.js";

const [outFile, optsJson] = process.argv.slice(2);
const opts = JSON.parse(optsJson!) as { root: string; runs: number; seed: number; outDir: string };

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });

const { allCells, runCampaignInThread } = await import("./campaign.js");
const campaign = runCampaignInThread({ cells: allCells(), runs: opts.runs, seed: opts.seed, outDir: opts.outDir });

const { result } = (await session.post("Profiler.takePreciseCoverage")) as { result: V8ScriptCoverage[] };
await session.post("Profiler.stopPreciseCoverage");
await session.post("Debugger.enable");
const { addScriptCoverage, isPortScript } = await import("./v8-coverage.js");
const { countsToJson } = await import("./counts.js");
const counts = new Map();
for (const script of result) {
  if (!isPortScript(opts.root, script.url)) continue;
  const { scriptSource } = await session.post("Debugger.getScriptSource", { scriptId: script.scriptId });
  addScriptCoverage(counts, opts.root, script, scriptSource);
}
session.disconnect();
writeFileSync(outFile!, JSON.stringify({ campaign, ts: countsToJson(counts) }));
process.exit(0);
