// SPDX-License-Identifier: GPL-2.0-only
// The two sides of a variant diff: a variant name (both families from it) or
// a composed pair "cfs=v5.6-ple,kvm=v5.6"; and which targets they differ on.
import { VARIANT_NAMES } from "../../ts-port/index.js";
import type { Family } from "../target.js";

export interface Side {
  cfs: string;
  kvm: string;
}

export class SideError extends Error {}

/** "v5.6" -> cfs=v5.6, kvm=v5.6; "cfs=v5.6-ple,kvm=v5.6" -> that pair. */
export function parseSide(s: string): Side {
  const check = (v: string, what: string): string => {
    if (!VARIANT_NAMES.includes(v))
      throw new SideError(`${JSON.stringify(v)} is not a ${what} (variants: ${VARIANT_NAMES.join(", ")})`);
    return v;
  };
  if (!s.includes("=")) return { cfs: check(s, "variant"), kvm: s };
  const parts = new Map<string, string>();
  for (const kv of s.split(",")) {
    const m = /^(cfs|kvm)=(.+)$/.exec(kv.trim());
    if (!m) throw new SideError(`${JSON.stringify(kv)} is not cfs=VARIANT or kvm=VARIANT`);
    if (parts.has(m[1]!)) throw new SideError(`${JSON.stringify(s)} names ${m[1]} twice`);
    parts.set(m[1]!, check(m[2]!, `${m[1]} variant`));
  }
  if (parts.size !== 2)
    throw new SideError(`${JSON.stringify(s)} needs both cfs= and kvm= (or one variant name for both)`);
  return { cfs: parts.get("cfs")!, kvm: parts.get("kvm")! };
}

export const sideLabel = (s: Side): string => (s.cfs === s.kvm ? s.cfs : `cfs=${s.cfs},kvm=${s.kvm}`);

/** Why a target of a family is not compared (the sides run the same code there), or null. */
export function sameCode(family: Family, a: Side, b: Side): string | null {
  const cfs = a.cfs === b.cfs;
  const kvm = a.kvm === b.kvm;
  if (family === "cfs" && cfs) return `both sides run cfs=${a.cfs}`;
  if (family === "kvm" && kvm) return `both sides run kvm=${a.kvm}`;
  if (family === "compose" && cfs && kvm) return "both sides run the same variants";
  return null;
}
