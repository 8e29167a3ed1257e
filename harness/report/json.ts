// SPDX-License-Identifier: GPL-2.0-only
// Pretty JSON for a reader: objects and arrays are broken over lines down to
// `depth` levels, and below that each value stays on one line (a scenario's
// record per line), so a counterexample reads as a table of records.
export function readableJson(value: unknown, depth = 2, indent = ""): string {
  if (depth <= 0 || value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => inner + readableJson(v, depth - 1, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${readableJson(v, depth - 1, inner)}`).join(",\n")}\n${indent}}`;
}
