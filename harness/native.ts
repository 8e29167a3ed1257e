// SPDX-License-Identifier: GPL-2.0-only
// Loads the addon (built by `npm install` / `npm run build`) and maps target
// and variant names to the numbers it was compiled with.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LAYOUT_HASH } from "./layout.js";
import { ScenarioError } from "./scenario.js";

export interface AddonInfo {
  layoutHash: string;
  variants: string[];
  targets: string[];
}

export interface Addon {
  info(): AddonInfo;
  run(words: BigUint64Array): BigUint64Array;
  runBatch(words: BigUint64Array): BigUint64Array;
  /** The C-only loop of `npm run bench`: the batch `reps` times, timed in C (wall clock and thread CPU time). */
  benchBatch(words: BigUint64Array, reps: number): { wallNs: number; cpuNs: number };
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const candidates = ["build/Release/ple_parity.node", "build/Debug/ple_parity.node"].map((p) => join(root, p));

let cached: Addon | undefined;
let cachedInfo: AddonInfo | undefined;

/** The addon's own input errors ("field: message") as the ScenarioError every other door throws. */
function inputError(e: unknown): unknown {
  const m = e instanceof Error && !(e instanceof TypeError) ? /^([^:\s]+(?: \d+)?): ([\s\S]*)$/.exec(e.message) : null;
  return m ? new ScenarioError(m[1]!, m[2]!) : e;
}

function guarded<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R {
  return (...a) => {
    try {
      return f(...a);
    } catch (e) {
      throw inputError(e);
    }
  };
}

export function addon(): Addon {
  if (cached) return cached;
  const path = process.env.PLE_PARITY_ADDON ?? candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`the native addon is not built (looked for ${candidates.join(", ")}): run npm run build`);
  const raw = createRequire(import.meta.url)(path) as Addon;
  const info = raw.info();
  if (info.layoutHash !== LAYOUT_HASH)
    throw new Error(
      `${path} was built from another harness/layout.ts (layout ${info.layoutHash}, now ${LAYOUT_HASH}): run npm run build`,
    );
  cachedInfo = info;
  cached = { ...raw, info: () => info, run: guarded(raw.run), runBatch: guarded(raw.runBatch) };
  return cached;
}

export interface NativeIds {
  target: number;
  cfs: number;
  kvm: number;
}

/** The addon's numbers for a scenario's target and variants. */
export function nativeIds(target: string, cfs: string, kvm: string): NativeIds {
  const { targets, variants } = cachedInfo ?? addon().info();
  const id = (list: string[], name: string, what: string): number => {
    const i = list.indexOf(name);
    if (i < 0)
      throw new Error(`${what} ${JSON.stringify(name)} is not compiled into the addon (it has: ${list.join(", ")})`);
    return i;
  };
  return {
    target: id(targets, target, "target"),
    cfs: id(variants, cfs, "variant"),
    kvm: id(variants, kvm, "variant"),
  };
}
