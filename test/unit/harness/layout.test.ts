// SPDX-License-Identifier: GPL-2.0-only
// The addon's wire layout is generated from harness/layout.ts: it must be current.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, HEADER_PATH } from "../../../tools/gen-layout.js";

describe("native/gen/layout.h", () => {
  it("matches what tools/gen-layout.ts generates from harness/layout.ts", () => {
    expect(readFileSync(HEADER_PATH, "utf8")).toBe(generate());
  });
});
