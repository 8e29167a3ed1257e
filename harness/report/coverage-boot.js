// SPDX-License-Identifier: GPL-2.0-only
// Entry of the report's coverage child: registers tsx's loader, then runs
// the TS child (which starts V8 coverage before it loads any port).
import { register } from "tsx/esm/api";

register();
await import("./coverage-run.ts");
