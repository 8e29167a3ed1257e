// SPDX-License-Identifier: GPL-2.0-only
// Worker entry of npm run bench: a worker thread starts without the main
// thread's TS loader, so it registers tsx's before loading the TS worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
