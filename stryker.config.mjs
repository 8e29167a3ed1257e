// SPDX-License-Identifier: GPL-2.0-only
// Mutation testing of the TS port (npm run mutate): every mutant of ts-port/
// (the variant directories and the shared kernel/ shims) is run against the
// focused suite of vitest.mutate.config.ts. The clear-text table gives the
// score per directory; reports/mutation/ holds the JSON and HTML reports.
// Mutants that cannot change any outcome are listed in test/EQUIVALENT_MUTANTS.md.
import { resolve } from "node:path";

// The sandbox (.stryker-tmp/sandbox-*) is a copy of the tree without build/:
// the test runners, forked from this process, load the addon from here.
process.env.PLE_PARITY_ADDON ??= resolve(import.meta.dirname, "build/Release/ple_parity.node");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The variants are imported by name (ts-port/index.ts), which vitest's
  // `related` lookup cannot follow: run every test, filtered by coverage.
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  coverageAnalysis: "perTest",
  mutate: ["ts-port/**/*.ts"],
  concurrency: 2,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  ignorePatterns: ["/build*", "/coverage", "/findings", "/test-output", "/docs", "/examples"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
