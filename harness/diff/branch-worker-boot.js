// SPDX-License-Identifier: GPL-2.0-only
// Branch-log worker entry: registers tsx's loader (a worker starts without
// the main thread's), then loads the TS worker.
import { register } from "tsx/esm/api";

register();
await import("./branch-worker.ts");
