// SPDX-License-Identifier: GPL-2.0-only
// Every target, by name: the cfs and kvm single-call targets and the composed chains.
import type { TargetDef } from "../target.js";
import { cfsTargets } from "./cfs.js";
import { kvmTargets } from "./kvm.js";
import { composeTargets } from "./compose.js";

export const TARGETS: readonly TargetDef[] = [...cfsTargets, ...kvmTargets, ...composeTargets];

export function targetByName(name: string): TargetDef {
  const t = TARGETS.find((x) => x.name === name);
  if (!t)
    throw new Error(
      `target: ${JSON.stringify(name)} is not a target (targets: ${TARGETS.map((x) => x.name).join(", ")})`,
    );
  return t;
}
