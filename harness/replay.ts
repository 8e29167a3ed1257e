// SPDX-License-Identifier: GPL-2.0-only
// Replaying a counterexample: both sides again, both outcomes and the first
// differing field; or the same check written as a vitest regression test.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readCounterexample } from "./fuzz/counterexample.js";
import { describeFault, firstDifference, readOutcome } from "./outcome.js";
import { runCase } from "./fuzz/batch.js";
import { replayClaim } from "./claims/replay.js";

export interface ReplayResult {
  stillFails: boolean;
  text: string;
}

export function replay(file: string): ReplayResult {
  const cx = readCounterexample(file);
  if (cx.kind === "claim") return replayClaim(cx);
  const r = runCase(cx.scenario);
  const diff = firstDifference(r.c, r.ts);
  const c = readOutcome(r.c);
  const ts = readOutcome(r.ts);
  const lines = [
    `${cx.kind}: ${cx.signature}`,
    `target ${cx.scenario.target}, cfs=${cx.scenario.variants.cfs} kvm=${cx.scenario.variants.kvm}`,
    `C  outcome: ret ${c.ret}, trace ${JSON.stringify(c.trace)}, faults [${c.faults.map(describeFault).join("; ")}]`,
    `TS outcome: ret ${ts.ret}, trace ${JSON.stringify(ts.trace)}, faults [${ts.faults.map(describeFault).join("; ")}]`,
    diff ? `first difference (${r.label}): ${diff.field}: C ${diff.c}, TS ${diff.ts}` : "C and TS outcomes are equal",
  ];
  const stillFails = cx.kind === "divergence" ? diff !== null : c.faults.length > 0;
  lines.push(stillFails ? "still fails" : "passes now");
  return { stillFails, text: lines.join("\n") + "\n" };
}

const here = dirname(fileURLToPath(import.meta.url));

/** Write the counterexample as a vitest test that fails while it still fails. */
export function emitTest(file: string, out?: string): string {
  const cx = readCounterexample(file);
  const path = resolve(out ?? join("test", "regressions", basename(file).replace(/\.json$/, ".test.ts")));
  let rel = relative(dirname(path), here).split("\\").join("/");
  if (!rel.startsWith(".")) rel = "./" + rel;
  if (cx.kind === "claim") return emitClaimTest(cx, file, path, rel);
  const check =
    cx.kind === "divergence"
      ? `  // C and TS must agree on every field of the outcome.\n  expect(firstDifference(r.c, r.ts)).toBeNull();`
      : `  // The kernel code must not fault on this scenario.\n  expect(readOutcome(r.c).faults).toEqual([]);`;
  const text = `// SPDX-License-Identifier: GPL-2.0-only
// Regression test emitted by \`ple-parity replay --emit-test\` from ${basename(file)}.
import { expect, it } from "vitest";
import { runCase } from "${rel}/fuzz/batch.js";
import { firstDifference${cx.kind === "divergence" ? "" : ", readOutcome"} } from "${rel}/outcome.js";
const scenario = ${JSON.stringify(cx.scenario, null, 2)} as const;

it(${JSON.stringify(cx.signature)}, () => {
  const r = runCase(structuredClone(scenario) as never);
${check}
});
`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A claim file as a test: C and TS agree at every step and the witness / counterexample no longer shows. */
function emitClaimTest(cx: ReturnType<typeof readCounterexample>, file: string, path: string, rel: string): string {
  const text = `// SPDX-License-Identifier: GPL-2.0-only
// Regression test emitted by \`ple-parity replay --emit-test\` from ${basename(file)}.
import { expect, it } from "vitest";
import { replayClaimScenario } from "${rel}/claims/replay.js";
const scenario = ${JSON.stringify(cx.scenario, null, 2)} as const;

it(${JSON.stringify(cx.signature)}, () => {
  const r = replayClaimScenario(${JSON.stringify(cx.claim!.id)}, structuredClone(scenario) as never);
  // C and TS must agree at every step.
  expect(r.run.divergence).toBeNull();
  // The ${cx.claim!.finding === "witness" ? "witness" : "counterexample"} must no longer show.
  expect(r.judgement.applicable && r.judgement.bad, r.judgement.why).toBe(false);
});
`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}
