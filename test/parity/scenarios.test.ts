// SPDX-License-Identifier: GPL-2.0-only
// Parity on hand-built scenarios: each test/parity/scenarios/*.json holds a
// state the generators reach rarely or never ({ why, scenario }), and runs on
// every variant of its target's family (the other family's variant kept),
// C outcome == TS outcome word for word. `why` names the kernel state and the
// branch it exercises, so that a reader knows what the file guards.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBoth, withVariants } from "../../harness/run.js";
import { targetByName } from "../../harness/targets/index.js";
import { VARIANT_NAMES } from "../../ts-port/index.js";
import type { Scenario } from "../../harness/scenario.js";

const DIR = join(import.meta.dirname, "scenarios");

interface Directed {
  why: string;
  scenario: Scenario;
}

function load(file: string): Directed {
  const d = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Directed;
  if (typeof d.why !== "string" || !d.why) throw new Error(`${file}: field "why" must say what the scenario guards`);
  return d;
}

/** The scenario on each variant of its family: the compose family varies both. */
function onEveryVariant(scn: Scenario): Scenario[] {
  const family = targetByName(scn.target).family;
  return VARIANT_NAMES.map((v) =>
    withVariants(scn, family === "kvm" ? scn.variants.cfs : v, family === "cfs" ? scn.variants.kvm : v),
  );
}

const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json"));

describe.each(FILES)("%s", (file) => {
  const { scenario } = load(file);
  it.each(onEveryVariant(scenario).map((s) => [`${s.variants.cfs}/${s.variants.kvm}`, s] as const))(
    "%s: C == TS",
    (_name, scn) => {
      const { diff } = runBoth(scn);
      expect(diff, diff ? `first difference ${JSON.stringify(diff)}` : "").toBeNull();
    },
  );
});
