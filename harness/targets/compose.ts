// SPDX-License-Identifier: GPL-2.0-only
// Composed targets: chains across both families (the ple_exit chain).
import type { TargetDef } from "../target.js";

export const composeTargets: TargetDef[] = [];
