// SPDX-License-Identifier: GPL-2.0-only
// Counterexample files: written once per distinct finding, read back by
// `replay` with every part checked, so a truncated or edited file gets an
// error naming what is wrong instead of a crash.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Counterexample } from "./batch.js";
import type { Scenario } from "../scenario.js";

export class CounterexampleError extends Error {}

/** File name: kind, target and a short hash of the signature. */
export function counterexampleName(cx: Pick<Counterexample, "kind" | "target" | "signature">): string {
  const h = createHash("sha256").update(cx.signature).digest("hex").slice(0, 10);
  return `${cx.kind}-${cx.target}-${h}.json`;
}

export function writeCounterexample(dir: string, cx: Counterexample): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, counterexampleName(cx));
  writeFileSync(path, JSON.stringify(cx, null, 2) + "\n");
  return path;
}

/** What replay needs of a file, checked. */
export interface ReplayInput {
  kind: Counterexample["kind"] | "claim";
  signature: string;
  scenario: Scenario;
  /** kind "claim" (harness/claims/file.ts): which claim, on which variant */
  claim?: { id: string; variant: string; finding: string };
}

export function readCounterexample(path: string): ReplayInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CounterexampleError(`${path}: cannot read (${(e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CounterexampleError(`${path}: not JSON, or truncated (${(e as Error).message})`);
  }
  const o = data as Record<string, unknown>;
  if (!o || typeof o !== "object" || Array.isArray(o))
    throw new CounterexampleError(`${path}: not a counterexample object`);
  if (o.format !== "ple-parity-counterexample/1")
    throw new CounterexampleError(`${path}: format ${JSON.stringify(o.format)} is not "ple-parity-counterexample/1"`);
  if (o.kind !== "divergence" && o.kind !== "kernel-fault" && o.kind !== "claim")
    throw new CounterexampleError(
      `${path}: kind ${JSON.stringify(o.kind)} is not "divergence", "kernel-fault" or "claim"`,
    );
  if (typeof o.signature !== "string") throw new CounterexampleError(`${path}: signature is missing`);
  if (!o.scenario || typeof o.scenario !== "object") throw new CounterexampleError(`${path}: scenario is missing`);
  if (o.kind !== "claim") return { kind: o.kind, signature: o.signature, scenario: o.scenario as Scenario };
  const c = o.claim as Record<string, unknown> | undefined;
  if (
    !c ||
    typeof c !== "object" ||
    typeof c.id !== "string" ||
    typeof c.variant !== "string" ||
    typeof c.finding !== "string"
  )
    throw new CounterexampleError(`${path}: a claim file needs claim.id, claim.variant and claim.finding`);
  return {
    kind: o.kind,
    signature: o.signature,
    scenario: o.scenario as Scenario,
    claim: { id: c.id, variant: c.variant, finding: c.finding },
  };
}
