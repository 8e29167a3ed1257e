#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0-only
// The ple-parity command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../harness/cli.ts");
await main(process.argv.slice(2));
