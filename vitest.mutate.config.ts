// SPDX-License-Identifier: GPL-2.0-only
// The tests Stryker runs on every mutant of ts-port/ (stryker.config.json):
// the parity suites with a fixed seed and a small count (test/parity/budget.ts)
// and the unit tests of the port, so that one mutant's run takes about a
// second and every run of a mutant meets the same scenarios.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/parity/*.test.ts", "test/unit/{cfs,kvm,kernel}/**/*.test.ts"],
    env: { PLE_PARITY_MUTATION_RUNS: process.env.PLE_PARITY_MUTATION_RUNS ?? "200", PLE_PARITY_SEED: "20210421" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
