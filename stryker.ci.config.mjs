// SPDX-License-Identifier: GPL-2.0-only
// npm run mutate:ci: the mutation test of stryker.config.mjs on a fixed subset
// of the port that CI can afford (about 100 mutants, a few minutes on two
// cores): both patches' new code (rfc-v1's deboost_yield_task and its
// _vruntime helper, mark_ipi_receiver of v5.6-ple and rfc-v1), the pick they
// act on (v5.6 pick_next_entity) and the shift helpers of kernel/int.ts. The
// run fails (exit 1) when the subset's score is below thresholds.break.
import base from "./stryker.config.mjs";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    "ts-port/rfc-v1/fair.ts:375-398",
    "ts-port/v5.6-ple/lapic.ts:28-39",
    "ts-port/rfc-v1/lapic.ts:27-39",
    "ts-port/v5.6/fair.ts:236-270",
    "ts-port/kernel/int.ts:21-37",
  ],
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "reports/mutation-ci/mutation.json" },
  thresholds: { high: 95, low: 90, break: 90 },
};
