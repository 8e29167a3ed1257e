// SPDX-License-Identifier: GPL-2.0-only
// A target: one entry point the harness drives on both sides, by name. The TS
// run() mirrors the C run() of native/targets_*.c; `arb` generates scenarios
// for it over the whole domain of its inputs.
import type { Drawn } from "./gen/draws.js";
import type { Scenario } from "./scenario.js";
import type { ple_world } from "../ts-port/kernel/world.js";
import type { CfsOps } from "../ts-port/kernel/cfs_ops.js";
import type { KvmOps } from "../ts-port/kernel/kvm_ops.js";

export type Family = "cfs" | "kvm" | "compose";

export interface TargetDef {
  name: string;
  family: Family;
  run(w: ple_world, cfs: CfsOps, kvm: KvmOps): void;
  /** Valid JSON scenarios for this target; variants are filled in by the caller. */
  arb: Drawn<Scenario>;
  /** How to read w.ret for a person (e.g. "se 3"); plain decimal when absent. */
  describe?(ret: bigint): string;
}
