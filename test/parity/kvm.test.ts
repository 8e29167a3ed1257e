// SPDX-License-Identifier: GPL-2.0-only
// Parity of the kvm family: for every kvm target and every variant, >= 10,000
// generated scenarios (harness/gen/kvm.ts, the whole input domain) give the
// same outcome word for word on the C reference and the TS port: ret, every
// field of every record, the trace of stubbed calls (yield_to,
// kvm_irq_delivery_to_apic, the arch hooks) and the faults (oops, UB).
// PLE_PARITY_N sets another count; PLE_PARITY_SEED a fixed seed (budget.ts).
import { describe, expect, it } from "vitest";
import { checkParity } from "../../harness/run.js";
import { kvmTargets } from "../../harness/targets/kvm.js";
import { PARITY_RUNS, PARITY_SEED as SEED } from "./budget.js";

const N = Number(process.env.PLE_PARITY_N ?? PARITY_RUNS);
const VARIANTS = ["v5.6", "v5.6-ple", "rfc-base", "rfc-v1"];

describe("kvm family parity (C reference == TS port)", () => {
  for (const t of kvmTargets)
    for (const v of VARIANTS)
      it(`${t.name} on ${v}: ${N} scenarios`, { timeout: 600_000 }, () => {
        // The single-call kvm targets stop at yield_to(), so the cfs variant
        // only names the era; it is the same tree as the kvm variant.
        const failure = checkParity(t.name, v, v, N, SEED);
        expect(failure && { seed: failure.seed, diff: failure.diff, scenario: failure.scenario }).toBeNull();
      });
});
